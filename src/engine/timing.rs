//! How long the compute runs and how the month bills it, before sizing.

use super::shared::{round2, Notes};
use crate::vocab::HOURS_PER_MONTH;
use crate::workload::{Schedule, Workload, WorkloadKind};

/// How long the compute runs, before sizing.
pub(super) struct Timing {
    /// Hours one job takes when known without sizing (`--job-hours`, a batch deadline).
    pub job_hours: Option<f64>,
    /// Hours per month, given or by default; None for a job (its runs a month).
    pub hours_per_month: Option<f64>,
    /// A training or batch job's `--schedule` (None: one job a month).
    pub schedule: Option<Schedule>,
    /// Where a training job's working copy of the dataset can live.
    pub places: super::working::Places,
    /// Whether to write each option's reasons: the ranking pass over every candidate leaves
    /// them out, and only the options shown are explained.
    pub explain: bool,
}

impl Timing {
    /// `data_throughput`: whether the catalog can estimate training hours without a model.
    pub(super) fn of(w: &Workload, data_throughput: bool, notes: &mut Notes) -> Timing {
        let sized = w.model_params.is_some();
        let job_hours = match w.workload {
            WorkloadKind::Training => {
                if w.job_hours.is_some() {
                    notes.assumptions.push(
                        "every option takes the --job-hours given, so its cost compares hourly \
                         prices, not the work each does: options rank by the rules' preferred \
                         families, then price"
                            .into(),
                    );
                }
                if w.job_hours.is_none() && !sized {
                    notes.assumptions.push(if data_throughput {
                        "job length estimated from the dataset size at a measured ResNet-50 data \
                         throughput (training-data-throughput-gb-per-hour), a rough guide: pass \
                         --model-params or --job-hours for a real estimate"
                            .into()
                    } else {
                        "job length unknown: pass --job-hours, or --model-params to estimate it"
                            .into()
                    });
                }
                w.job_hours
            }
            WorkloadKind::BatchInference if !sized => Some(w.job_hours.unwrap_or_else(|| {
                notes.assumptions.push(format!(
                    "job length unknown: one batch is costed at its deadline ({} h, \
                     --deadline-hours), not at what each instance would take, so options rank \
                     by the rules' preferred families, then price; pass --model-params or \
                     --job-hours",
                    w.deadline_hours
                ));
                w.deadline_hours
            })),
            _ => None,
        };
        let schedule = w.schedule.filter(|_| w.workload.is_job());
        if w.hours_per_month.is_none() && w.workload.is_job() {
            let estimated = sized || (data_throughput && w.workload == WorkloadKind::Training);
            if job_hours.is_some() || estimated {
                notes.assumptions.push(match schedule {
                    Some(s) if s != Schedule::Once => format!(
                        "monthly cost assumes {} jobs a month (--schedule {s}; their hours, at \
                         most 730)",
                        round2(s.runs_per_month())
                    ),
                    _ => "monthly cost assumes one job a month (its hours, at most 730)".into(),
                });
            } else {
                notes.assumptions.push(format!(
                    "monthly cost assumes the instance runs all month ({HOURS_PER_MONTH} h); \
                     pass --hours-per-month or --job-hours"
                ));
            }
        }
        Timing {
            job_hours,
            hours_per_month: w.hours_per_month,
            schedule,
            places: super::working::Places::default(),
            explain: true,
        }
    }

    /// Hours per month billed under pay-as-you-go models for an option whose job takes
    /// `job_hours`.
    pub(super) fn billing_hours(&self, job_hours: Option<f64>) -> f64 {
        self.hours_per_month
            .or(job_hours.map(|j| (j * self.runs_per_month()).min(HOURS_PER_MONTH)))
            .unwrap_or(HOURS_PER_MONTH)
    }

    /// Err (the rejection reason) when a scheduled job takes longer than the time between two
    /// runs.
    pub(super) fn within_schedule(&self, job_hours: Option<f64>) -> Result<(), String> {
        let (Some(s), Some(h)) = (self.schedule, job_hours) else {
            return Ok(());
        };
        match s.period_exceeded_by(h) {
            Some(period) => Err(format!(
                "{} h per job > the {period} h between runs of the {s} schedule",
                round2(h)
            )),
            None => Ok(()),
        }
    }

    /// A job's runs a month: its schedule's, or one.
    pub(super) fn runs_per_month(&self) -> f64 {
        self.schedule.map_or(1.0, Schedule::runs_per_month)
    }
}
