//! Cost model: hourly × count; monthly at the workload's hours (commitments bill every hour);
//! per job where there is a job; the pricing comparison for the best option.

use super::{round2, Plan};
use crate::catalog::{Catalog, InstanceType, PricePoint, RegionPrice};
use crate::money::Usd;
use crate::report::recommend::{PricingRow, Recommendation};
use crate::workload::{Commitment, Workload, WorkloadKind};

/// Hours in an average month (8,760 / 12); a commitment bills all of them.
pub const HOURS_PER_MONTH: f64 = 730.0;

/// How long the compute runs.
pub(super) struct Timing {
    /// Hours one job takes, when known.
    pub job_hours: Option<f64>,
    /// Hours per month billed under pay-as-you-go models.
    pub billing_hours: f64,
}

impl Timing {
    pub(super) fn of(w: &Workload, assumptions: &mut Vec<String>) -> Timing {
        let job_hours = match w.workload {
            WorkloadKind::Training => {
                if w.job_hours.is_none() {
                    assumptions.push(
                        "job length unknown: pass --job-hours for the cost of one training run"
                            .into(),
                    );
                }
                w.job_hours
            }
            WorkloadKind::BatchInference => Some(w.job_hours.unwrap_or_else(|| {
                assumptions.push(format!(
                    "job length unknown: one batch is costed at its deadline ({} h, \
                     --deadline-hours), an upper bound; pass --job-hours for a closer figure",
                    w.deadline_hours
                ));
                w.deadline_hours
            })),
            _ => None,
        };
        let billing_hours = match (w.hours_per_month, job_hours) {
            (Some(h), _) => h,
            (None, Some(j)) => {
                assumptions.push(format!(
                    "monthly cost assumes one job a month ({} h of compute)",
                    round2(j.min(HOURS_PER_MONTH))
                ));
                j.min(HOURS_PER_MONTH)
            }
            (None, None) => {
                assumptions.push(format!(
                    "monthly cost assumes the instance runs all month ({HOURS_PER_MONTH} h); \
                     pass --hours-per-month or --job-hours"
                ));
                HOURS_PER_MONTH
            }
        };
        Timing {
            job_hours,
            billing_hours,
        }
    }
}

/// The price of a pricing model in a region entry, if the catalog has it.
fn point<'a>(p: &'a RegionPrice, model: &str) -> Option<&'a PricePoint> {
    match model {
        "on-demand" => Some(&p.on_demand),
        "spot" => p.spot.as_ref(),
        "reserved-1yr" => p.reserved_1yr.as_ref(),
        "reserved-3yr" => p.reserved_3yr.as_ref(),
        _ => None,
    }
}

/// Whether the workload's flags allow a pricing model.
fn allowed(model: &str, w: &Workload) -> bool {
    match model {
        "on-demand" => true,
        "spot" => w.interruptible,
        "reserved-1yr" | "savings-plan-1yr" => w.commitment != Commitment::None,
        "reserved-3yr" | "savings-plan-3yr" => w.commitment == Commitment::ThreeYears,
        _ => false,
    }
}

fn is_commitment(model: &str) -> bool {
    model.starts_with("reserved-") || model.starts_with("savings-plan-")
}

fn monthly(model: &str, hourly: Usd, timing: &Timing) -> Usd {
    if is_commitment(model) {
        hourly.times(HOURS_PER_MONTH)
    } else {
        hourly.times(timing.billing_hours)
    }
}

/// Cost one candidate (one instance for now) under the pricing model it may use.
pub(super) fn option(
    catalog: &Catalog,
    plan: &Plan,
    w: &Workload,
    timing: &Timing,
    t: &InstanceType,
) -> Option<Recommendation> {
    let price = t.price(&w.region)?;
    let count = 1;
    let mut reasons = Vec::new();
    let mut rules: Vec<String> = plan
        .fired
        .iter()
        .filter(|r| r.then.only_categories.contains(&t.category))
        .map(|r| r.id.clone())
        .collect();

    let (model, point) = match plan.pricing {
        Some((m, rule)) if allowed(m, w) => match point(price, m) {
            Some(p) => {
                rules.push(rule.to_string());
                reasons.push(format!("{m} pricing (rule {rule})"));
                (m, p)
            }
            None => {
                reasons.push(format!(
                    "on-demand: the catalog has no {m} price for {} in {}",
                    t.id, w.region
                ));
                ("on-demand", &price.on_demand)
            }
        },
        Some((m, _)) => {
            reasons.push(format!(
                "on-demand: {m} needs {}",
                if m == "spot" {
                    "--interruptible"
                } else {
                    "a --commitment"
                }
            ));
            ("on-demand", &price.on_demand)
        }
        None => ("on-demand", &price.on_demand),
    };
    if point.estimated {
        reasons.push(format!(
            "the {model} price is an estimate (rule {})",
            point.source
        ));
    }

    let mut preference = 0;
    if let Some((points, by)) = plan.family_points.get(t.family.as_str()) {
        preference += points;
        reasons.push(format!("preferred family {} ({})", t.family, by.join(", ")));
        rules.extend(by.iter().map(|s| s.to_string()));
    }
    if let Some((points, by)) = plan.category_points.get(&t.category) {
        preference += points;
        reasons.push(format!(
            "preferred category {} ({})",
            t.category,
            by.join(", ")
        ));
        rules.extend(by.iter().map(|s| s.to_string()));
    }
    rules.sort();
    rules.dedup();

    let accelerator = Recommendation::accelerator_of(catalog, t, count);
    if let Some(a) = &accelerator {
        reasons.push(format!(
            "{}× {} with {} GiB each",
            a.count,
            a.name,
            round2(a.memory_gib_each)
        ));
    }
    let hourly = point.usd.times(f64::from(count));
    let job_usd = timing.job_hours.map(|h| hourly.times(h));
    Some(Recommendation {
        rank: 0,
        instance_type: t.id.clone(),
        count,
        pricing_model: model.to_string(),
        hourly_usd: hourly,
        monthly_usd: monthly(model, hourly, timing),
        job_hours: timing.job_hours,
        job_usd,
        accelerator,
        category: t.category,
        vcpus: t.vcpus,
        memory_gib: t.memory_gib,
        price_estimated: point.estimated,
        price_source: point.source.clone(),
        preference,
        reasons,
        rules,
    })
}

/// The best option under every pricing model the catalog prices for it.
pub(super) fn compare(
    catalog: &Catalog,
    w: &Workload,
    timing: &Timing,
    best: &Recommendation,
) -> Vec<PricingRow> {
    let Some(price) = catalog
        .instance(&best.instance_type)
        .and_then(|t| t.price(&w.region))
    else {
        return Vec::new();
    };
    let count = f64::from(best.count);
    let od_hourly = price.on_demand.usd.times(count);
    let od_monthly = monthly("on-demand", od_hourly, timing);
    ["on-demand", "spot", "reserved-1yr", "reserved-3yr"]
        .into_iter()
        .filter_map(|m| point(price, m).map(|p| (m, p)))
        .map(|(m, p)| {
            let hourly = p.usd.times(count);
            let month = monthly(m, hourly, timing);
            let savings_pct = match month.ratio(od_monthly) {
                Some(r) => round2((1.0 - r) * 100.0),
                None => 0.0,
            };
            PricingRow {
                pricing_model: m.to_string(),
                hourly_usd: hourly,
                monthly_usd: month,
                savings_pct,
                break_even_utilization_pct: is_commitment(m)
                    .then(|| hourly.ratio(od_hourly).map(|r| round2(r * 100.0)))
                    .flatten(),
                estimated: p.estimated,
                allowed: allowed(m, w),
            }
        })
        .collect()
}
