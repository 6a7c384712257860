//! The workload a user describes: the raw request (from flags or a plan file) and its
//! normalized form, with every default made explicit.

use serde::Serialize;

use crate::catalog::Catalog;
use crate::error::Error;
use crate::money::Usd;

pub use crate::vocab::{Commitment, Method, Precision, Schedule, Traffic, WorkloadKind};

/// How long a training job is, as the user said it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum JobLength {
    /// Tokens to train on.
    Tokens(u64),
    /// Passes over the dataset.
    Epochs(f64),
    /// Known wall-clock hours.
    JobHours(f64),
}

/// A workload as given: every field optional except the workload and data size. Built from
/// command-line flags or a plan file; [`WorkloadRequest::normalize`] checks it against the
/// catalog and fills in the defaults.
#[derive(Debug, Clone, Default)]
pub struct WorkloadRequest {
    /// The job.
    pub kind: Option<WorkloadKind>,
    /// Dataset size in bytes.
    pub data_size_bytes: u64,
    /// Region code (default us-east-1).
    pub region: Option<String>,
    /// Hours the compute runs per month.
    pub hours_per_month: Option<f64>,
    /// Commitment allowed (default none).
    pub commitment: Option<Commitment>,
    /// Spot allowed.
    pub interruptible: bool,
    /// Real-time traffic shape (default steady).
    pub traffic: Option<Traffic>,
    /// Several jobs or nodes read the same data.
    pub shared_dataset: bool,
    /// Model parameters.
    pub model_params: Option<u64>,
    /// Precision (default bf16 for training, fp16 for serving).
    pub precision: Option<Precision>,
    /// Training method (default full).
    pub method: Option<Method>,
    /// Training length.
    pub length: Option<JobLength>,
    /// Cap on accelerators per job.
    pub max_gpus: Option<u32>,
    /// Requests per second (default 10).
    pub rps: Option<f64>,
    /// Latency target in ms (default 200).
    pub latency_ms: Option<f64>,
    /// Prompt (input) tokens per request or item (default 512).
    pub context_tokens: Option<u64>,
    /// Tokens generated per request or item (default 1: one forward pass).
    pub output_tokens: Option<u64>,
    /// Items in a batch job.
    pub items: Option<u64>,
    /// Hours allowed for a batch job (default 24).
    pub deadline_hours: Option<f64>,
    /// Monthly budget gate.
    pub max_monthly_usd: Option<Usd>,
    /// Per-job budget gate.
    pub max_job_usd: Option<Usd>,
    /// Data scanned by SQL queries (Athena) per month, TB.
    pub query_tb_per_month: Option<f64>,
    /// Streaming: events per second.
    pub events_per_sec: Option<f64>,
    /// Streaming: bytes per event.
    pub event_size_bytes: Option<u64>,
    /// Streaming: hours the stream keeps events (default 24).
    pub retention_hours: Option<f64>,
    /// How often the job runs: ETL (default daily), training or batch (default one job a
    /// month).
    pub schedule: Option<Schedule>,
    /// ETL: hours one run may take (default 1).
    pub max_job_hours: Option<f64>,
    /// Only these families.
    pub allow_families: Vec<String>,
    /// Never these families.
    pub deny_families: Vec<String>,
    /// Alternatives to show (default 5).
    pub top: Option<u32>,
}

/// Defaults from SPEC §3.
pub mod defaults {
    /// Region when none is given.
    pub const REGION: &str = "us-east-1";
    /// Business hours: 22 days × 8 h.
    pub const EXPLORATION_HOURS_PER_MONTH: f64 = 176.0;
    /// Around the clock: 8,760 h / 12.
    pub const ALWAYS_ON_HOURS_PER_MONTH: f64 = 730.0;
    /// Real-time requests per second.
    pub const RPS: f64 = 10.0;
    /// Real-time latency target.
    pub const LATENCY_MS: f64 = 200.0;
    /// Prompt tokens per request: an assumed default, shown in every answer that uses it.
    pub const CONTEXT_TOKENS: u64 = 512;
    /// Generated tokens per request: 1 is a single forward pass (classify, embed, score).
    pub const OUTPUT_TOKENS: u64 = 1;
    /// Batch deadline.
    pub const DEADLINE_HOURS: f64 = 24.0;
    /// Alternatives shown.
    pub const TOP: u32 = 5;
    /// Kinesis Data Streams' default retention (AWS whitepaper; data-services.md §3).
    pub const RETENTION_HOURS: f64 = 24.0;
    /// ETL schedule.
    pub const SCHEDULE: super::Schedule = super::Schedule::Daily;
    /// Hours one ETL run may take: advisor's default, so an hourly job fits its period.
    pub const MAX_JOB_HOURS: f64 = 1.0;
}

/// A normalized workload: every default explicit, every name checked against the catalog.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Workload {
    /// The job.
    pub workload: WorkloadKind,
    /// Dataset size in bytes.
    pub data_size_bytes: u64,
    /// Region code.
    pub region: String,
    /// Hours per month the compute runs; null for a job of unknown length (see
    /// `hours_per_month_basis`).
    pub hours_per_month: Option<f64>,
    /// Where `hours_per_month` comes from: `given`, `default`, `job` (one job a month),
    /// `schedule` (runs a month × hours per run: ETL, or a training or batch job with
    /// `--schedule`) or `unknown`.
    pub hours_per_month_basis: &'static str,
    /// Commitment allowed.
    pub commitment: Commitment,
    /// Spot allowed.
    pub interruptible: bool,
    /// Real-time traffic shape.
    pub traffic: Traffic,
    /// Several jobs or nodes read the same data.
    pub shared_dataset: bool,
    /// Model parameters, if given.
    pub model_params: Option<u64>,
    /// Precision.
    pub precision: Precision,
    /// Training method.
    pub method: Method,
    /// Training tokens, if given.
    pub tokens: Option<u64>,
    /// Epochs (default 1 for training when neither tokens nor job hours are given).
    pub epochs: Option<f64>,
    /// Job hours, if given.
    pub job_hours: Option<f64>,
    /// Cap on accelerators per job.
    pub max_gpus: Option<u32>,
    /// Requests per second (real-time).
    pub rps: f64,
    /// Latency target (real-time).
    pub latency_ms: f64,
    /// Prompt tokens per request or item.
    pub context_tokens: u64,
    /// Generated tokens per request or item.
    pub output_tokens: u64,
    /// Items in the batch, if given.
    pub items: Option<u64>,
    /// Hours allowed for a batch job.
    pub deadline_hours: f64,
    /// Monthly budget.
    pub max_monthly_usd: Option<Usd>,
    /// Per-job budget.
    pub max_job_usd: Option<Usd>,
    /// Data scanned by SQL queries per month, TB.
    pub query_tb_per_month: Option<f64>,
    /// Streaming: events per second.
    pub events_per_sec: Option<f64>,
    /// Streaming: bytes per event.
    pub event_size_bytes: Option<u64>,
    /// Streaming: retention, hours.
    pub retention_hours: Option<f64>,
    /// How often the job runs: ETL (always set), training and batch jobs (when given; none:
    /// one job a month).
    pub schedule: Option<Schedule>,
    /// ETL: hours one run may take (etl only).
    pub max_job_hours: Option<f64>,
    /// Only these families (empty: all).
    pub allow_families: Vec<String>,
    /// Never these families.
    pub deny_families: Vec<String>,
    /// Alternatives shown.
    pub top: u32,
}

impl Workload {
    /// Data size in decimal GB.
    pub fn data_size_gb(&self) -> f64 {
        self.data_size_bytes as f64 / 1e9
    }
}

impl WorkloadRequest {
    /// Check names against the catalog and make every default explicit.
    pub fn normalize(&self, catalog: &Catalog) -> Result<Workload, Error> {
        let kind = self.kind.ok_or_else(|| Error::Unknown {
            kind: "workload",
            value: String::new(),
            help: Some(format!("expected one of {}", WorkloadKind::IDS.join(", "))),
        })?;
        let region = catalog
            .require_region(self.region.as_deref().unwrap_or(defaults::REGION))?
            .code
            .clone();
        let families = |names: &[String]| -> Result<Vec<String>, Error> {
            let mut out: Vec<String> = names
                .iter()
                .map(|f| catalog.require_family(f))
                .collect::<Result<_, _>>()?;
            out.sort();
            out.dedup();
            Ok(out)
        };
        let allow_families = families(&self.allow_families)?;
        let deny_families = families(&self.deny_families)?;
        let (tokens, epochs, job_hours) = match self.length {
            Some(JobLength::Tokens(t)) => (Some(t), None, None),
            Some(JobLength::Epochs(e)) => (None, Some(e), None),
            Some(JobLength::JobHours(h)) => (None, None, Some(h)),
            None if kind == WorkloadKind::Training => (None, Some(1.0), None),
            None => (None, None, None),
        };
        let streaming = kind == WorkloadKind::Streaming;
        let streaming_flags = [
            ("--events-per-sec", self.events_per_sec.is_some()),
            ("--event-size", self.event_size_bytes.is_some()),
            ("--retention-hours", self.retention_hours.is_some()),
        ];
        if !streaming {
            if let Some((flag, _)) = streaming_flags.iter().find(|(_, given)| *given) {
                return Err(Error::Usage(format!(
                    "{flag} applies to --workload streaming, not {kind}"
                )));
            }
        } else {
            for (flag, given) in &streaming_flags[..2] {
                if !given {
                    return Err(Error::Usage(format!(
                        "--workload streaming needs {flag} (e.g. --events-per-sec 5000 --event-size 1KB)"
                    )));
                }
            }
        }
        let etl = kind == WorkloadKind::Etl;
        if !etl && self.max_job_hours.is_some() {
            return Err(Error::Usage(format!(
                "--max-job-hours applies to --workload etl, not {kind}"
            )));
        }
        if self.schedule.is_some() && !etl && !kind.is_job() {
            return Err(Error::Usage(format!(
                "--schedule applies to jobs (--workload training, batch-inference, etl), not {kind}"
            )));
        }
        if self.hours_per_month.is_some() {
            let why = match kind {
                WorkloadKind::Etl => Some("its month is the runs of --schedule"),
                WorkloadKind::Streaming => Some("a stream is priced for the whole month"),
                _ if self.schedule.is_some() => {
                    Some("with --schedule, its month is the runs of the schedule")
                }
                _ => None,
            };
            if let Some(why) = why {
                return Err(Error::Usage(format!(
                    "--hours-per-month does not apply to --workload {kind}: {why}"
                )));
            }
        }
        let schedule = if etl {
            Some(self.schedule.unwrap_or(defaults::SCHEDULE))
        } else {
            self.schedule
        };
        // a scheduled job must end before the next run starts
        let fits = |flag: &str, hours: Option<f64>| match (schedule, hours) {
            (Some(s), Some(h)) => match s.period_exceeded_by(h) {
                Some(p) => Err(Error::Usage(format!(
                    "{flag} {h} is longer than the {s} schedule allows ({p} h between runs)"
                ))),
                None => Ok(()),
            },
            _ => Ok(()),
        };
        let max_job_hours = etl.then(|| self.max_job_hours.unwrap_or(defaults::MAX_JOB_HOURS));
        fits("--max-job-hours", max_job_hours)?;
        // a training or batch job: the period also bounds a given length or deadline, and is
        // the batch deadline's default when shorter than a day
        let job_period = schedule
            .filter(|_| kind.is_job())
            .and_then(Schedule::period_hours);
        if kind.is_job() {
            fits("--deadline-hours", self.deadline_hours)?;
            fits("--job-hours", job_hours)?;
        }
        let deadline_hours =
            self.deadline_hours
                .unwrap_or(job_period.map_or(defaults::DEADLINE_HOURS, |p| {
                    defaults::DEADLINE_HOURS.min(p)
                }));
        let (hours_per_month, hours_per_month_basis) = match (self.hours_per_month, kind) {
            (Some(h), _) => (Some(h), "given"),
            (None, WorkloadKind::Exploration) => {
                (Some(defaults::EXPLORATION_HOURS_PER_MONTH), "default")
            }
            (None, WorkloadKind::RealtimeInference | WorkloadKind::Streaming) => {
                (Some(defaults::ALWAYS_ON_HOURS_PER_MONTH), "default")
            }
            (None, WorkloadKind::Etl) => (None, "schedule"),
            (None, _) if schedule.is_some() => (None, "schedule"),
            (None, _) => (None, "job"),
        };
        let serving =
            kind == WorkloadKind::RealtimeInference || kind == WorkloadKind::BatchInference;
        Ok(Workload {
            workload: kind,
            data_size_bytes: self.data_size_bytes,
            region,
            hours_per_month,
            hours_per_month_basis,
            commitment: self.commitment.unwrap_or(Commitment::None),
            interruptible: self.interruptible,
            traffic: self.traffic.unwrap_or(Traffic::Steady),
            shared_dataset: self.shared_dataset,
            model_params: self.model_params,
            precision: self.precision.unwrap_or(if serving {
                Precision::Fp16
            } else {
                Precision::Bf16
            }),
            method: self.method.unwrap_or(Method::Full),
            tokens,
            epochs,
            job_hours,
            max_gpus: self.max_gpus,
            rps: self.rps.unwrap_or(defaults::RPS),
            latency_ms: self.latency_ms.unwrap_or(defaults::LATENCY_MS),
            context_tokens: self.context_tokens.unwrap_or(defaults::CONTEXT_TOKENS),
            output_tokens: self.output_tokens.unwrap_or(defaults::OUTPUT_TOKENS),
            items: self.items,
            deadline_hours,
            max_monthly_usd: self.max_monthly_usd,
            max_job_usd: self.max_job_usd,
            query_tb_per_month: self.query_tb_per_month,
            events_per_sec: self.events_per_sec,
            event_size_bytes: self.event_size_bytes,
            retention_hours: streaming
                .then(|| self.retention_hours.unwrap_or(defaults::RETENTION_HOURS)),
            schedule,
            max_job_hours,
            allow_families,
            deny_families,
            top: self.top.unwrap_or(defaults::TOP),
        })
    }
}
