//! Cost model: hourly × count; monthly at the workload's hours (commitments bill every hour);
//! per job where there is a job; the pricing comparison for the best option.

use super::fire::Plan;
use super::shared::round2;
use super::size::Sized;
use super::timing::Timing;
use crate::answer::recommend::{PricingRow, Recommendation, SpotDetail};
use crate::catalog::{Catalog, InstanceType, PricePoint, RegionPrice};
use crate::money::Usd;
use crate::sizing::{self, Coefficients};
use crate::vocab::PricingModelId as Model;
use crate::workload::{Commitment, Method, Workload, WorkloadKind};

pub use crate::vocab::HOURS_PER_MONTH;

/// The price of a pricing model in a region entry, if the catalog has it.
fn point(p: &RegionPrice, model: Model) -> Option<&PricePoint> {
    match model {
        Model::OnDemand => Some(&p.on_demand),
        Model::Spot => p.spot.as_ref(),
        Model::Reserved1yr => p.reserved_1yr.as_ref(),
        Model::Reserved3yr => p.reserved_3yr.as_ref(),
        Model::SavingsPlan1yr | Model::SavingsPlan3yr => None,
    }
}

/// For a no-upfront reserved price: what paying part or all of the term up front would cost per
/// hour instead, when the catalog has those rates (a `catalog import` writes them).
fn upfront_reason(price: &RegionPrice, model: Model, point: &PricePoint) -> Option<String> {
    let (years, options) = match model {
        Model::Reserved1yr => (
            1,
            [
                ("partial upfront", &price.reserved_1yr_partial_upfront),
                ("all upfront", &price.reserved_1yr_all_upfront),
            ],
        ),
        Model::Reserved3yr => (
            3,
            [
                ("partial upfront", &price.reserved_3yr_partial_upfront),
                ("all upfront", &price.reserved_3yr_all_upfront),
            ],
        ),
        _ => return None,
    };
    let (name, best) = options
        .iter()
        .filter_map(|(name, p)| p.as_ref().map(|p| (*name, p)))
        .min_by_key(|(_, p)| p.usd)?;
    let pct = (1.0 - best.usd.ratio(point.usd)?) * 100.0;
    (best.usd < point.usd).then(|| {
        format!(
            "paying {name} for the {years}-year term: effective ${}/h per instance, {}% below no upfront (source {})",
            best.usd,
            round2(pct),
            best.source
        )
    })
}

/// Whether the workload's flags allow a pricing model.
fn allowed(model: Model, w: &Workload) -> bool {
    match model {
        Model::OnDemand => true,
        Model::Spot => w.interruptible,
        Model::Reserved1yr | Model::SavingsPlan1yr => w.commitment != Commitment::None,
        Model::Reserved3yr | Model::SavingsPlan3yr => w.commitment == Commitment::ThreeYears,
    }
}

fn monthly(model: Model, hourly: Usd, billing_hours: f64) -> Usd {
    if model.is_commitment() {
        hourly.times(HOURS_PER_MONTH)
    } else {
        hourly.times(billing_hours)
    }
}

/// Cost one sized candidate under the pricing model it may use.
pub(super) fn option(
    catalog: &Catalog,
    plan: &Plan,
    w: &Workload,
    timing: &Timing,
    t: &InstanceType,
    sized: Sized,
) -> Option<Recommendation> {
    let price = t.price(&w.region)?;
    let explain = timing.explain;
    let count = sized.count;
    let mut reasons = sized.reasons;
    let mut rules: Vec<String> = plan
        .fired
        .iter()
        .filter(|r| r.then.only_categories.contains(&t.category))
        .map(|r| r.id.clone())
        .collect();
    let n = f64::from(count);
    let mut why = Why {
        explain,
        reasons: &mut reasons,
        rules: &mut rules,
    };
    let Chosen {
        model,
        point,
        job_hours,
        spot_estimate,
    } = choose(catalog, plan, w, (t, price), n, sized.job_hours, &mut why);
    if point.estimated && explain {
        reasons.push(format!(
            "the {model} price is an estimate (rule {})",
            point.source
        ));
    }
    if let Some(reason) = upfront_reason(price, model, point) {
        if explain {
            reasons.push(reason);
        }
    }

    let mut preference = 0;
    if let Some((points, by)) = plan.family_points.get(&*t.family) {
        preference += points;
        if explain {
            reasons.push(format!("preferred family {} ({})", t.family, by.join(", ")));
        }
        rules.extend(by.iter().map(|s| s.to_string()));
    }
    if let Some((points, by)) = plan.category_points.get(&t.category) {
        preference += points;
        if explain {
            reasons.push(format!(
                "preferred category {} ({})",
                t.category,
                by.join(", ")
            ));
        }
        rules.extend(by.iter().map(|s| s.to_string()));
    }
    rules.sort();
    rules.dedup();

    let accelerator = Recommendation::accelerator_of(catalog, t, count);
    if sized.detail.is_none() {
        if let Some(a) = &accelerator {
            if explain {
                reasons.push(format!(
                    "{}× {} with {} GiB each",
                    a.count,
                    a.name,
                    round2(a.memory_gib_each)
                ));
            }
        }
    }
    let hourly = point.usd.times(n);
    let job_usd = match &spot_estimate {
        Some(e) if model == Model::Spot => Some(e.expected_usd),
        _ => job_hours.map(|h| hourly.times(h)),
    };
    let monthly_usd = monthly(model, hourly, timing.billing_hours(job_hours));
    let usd_per_1k_requests = (w.workload == WorkloadKind::RealtimeInference
        && sized.detail.is_some())
    .then(|| hourly.times(1000.0 / (w.rps * 3600.0)));
    let usd_per_million_items = match (w.items, job_usd) {
        (Some(items), Some(j)) if w.workload == WorkloadKind::BatchInference => {
            Some(j.times(1e6 / items as f64))
        }
        _ => None,
    };
    Some(Recommendation {
        rank: 0,
        instance_type: t.id.to_string(),
        count,
        pricing_model: model.to_string(),
        hourly_usd: hourly,
        monthly_usd,
        job_hours: job_hours.map(round2),
        job_hours_exact: job_hours,
        job_usd,
        accelerator,
        category: Some(t.category),
        vcpus: Some(t.vcpus),
        memory_gib: Some(t.memory_gib),
        price_estimated: point.estimated,
        price_source: point.source.to_string(),
        preference,
        usd_per_1k_requests,
        usd_per_million_items,
        service: None,
        units: None,
        sizing: sized.detail,
        spot_estimate,
        reasons,
        rules,
    })
}

/// Where the reasons and rules of an option go, and whether reasons are written.
struct Why<'r> {
    explain: bool,
    reasons: &'r mut Vec<String>,
    rules: &'r mut Vec<String>,
}

/// The pricing model an option uses, its price, and the job's hours and spot estimate under it.
struct Chosen<'p> {
    model: Model,
    point: &'p PricePoint,
    job_hours: Option<f64>,
    spot_estimate: Option<SpotDetail>,
}

/// The pricing model the fired rules ask for, where the flags allow it and the catalog prices
/// it; spot only where its expected cost (interruptions and rework) is below on-demand.
fn choose<'p>(
    catalog: &Catalog,
    plan: &Plan,
    w: &Workload,
    (t, price): (&InstanceType, &'p RegionPrice),
    n: f64,
    job_hours: Option<f64>,
    why: &mut Why,
) -> Chosen<'p> {
    let mut job_hours = job_hours;
    let mut spot_estimate = None;

    let (mut model, mut point) = match plan.pricing {
        Some((m, rule)) if allowed(m, w) => match point(price, m) {
            Some(p) => {
                why.rules.push(rule.to_string());
                if why.explain {
                    why.reasons.push(format!("{m} pricing (rule {rule})"));
                }
                (m, p)
            }
            None => {
                if why.explain {
                    why.reasons.push(format!(
                        "on-demand: the catalog has no {m} price for {} in {}",
                        t.id, w.region
                    ));
                }
                (Model::OnDemand, &price.on_demand)
            }
        },
        Some((m, _)) => {
            if why.explain {
                why.reasons.push(format!(
                    "on-demand: {m} needs {}",
                    if m == Model::Spot {
                        "--interruptible"
                    } else {
                        "a --commitment"
                    }
                ));
            }
            (Model::OnDemand, &price.on_demand)
        }
        None => (Model::OnDemand, &price.on_demand),
    };
    if model == Model::Spot {
        if let Some(est) = spot_expected(catalog, w, t, price, point, n, job_hours) {
            if est.recommended {
                job_hours = Some(est.expected_hours);
                if why.explain {
                    why.reasons.push(format!(
                        "spot expected {} vs on-demand {}: {} interruption(s) expected, checkpoint every {} h",
                        est.expected_usd.format_cents(),
                        est.on_demand_usd.format_cents(),
                        round2(est.expected_interruptions),
                        round2(est.checkpoint_interval_hours)
                    ));
                }
            } else {
                if why.explain {
                    why.reasons.push(format!(
                        "on-demand: spot's expected cost {} (with {} interruption(s) and rework) is not below on-demand {}",
                        est.expected_usd.format_cents(),
                        round2(est.expected_interruptions),
                        est.on_demand_usd.format_cents()
                    ));
                }
                model = Model::OnDemand;
                point = &price.on_demand;
            }
            spot_estimate = Some(est);
        }
    }
    Chosen {
        model,
        point,
        job_hours,
        spot_estimate,
    }
}

/// Spot expected cost of a training job with a sized model, next to on-demand.
fn spot_expected(
    catalog: &Catalog,
    w: &Workload,
    t: &InstanceType,
    price: &RegionPrice,
    spot: &PricePoint,
    instances: f64,
    job_hours: Option<f64>,
) -> Option<SpotDetail> {
    if w.workload != WorkloadKind::Training {
        return None;
    }
    let (params, job_hours) = (w.model_params? as f64, job_hours?);
    let band = price.spot_interruption.as_ref()?;
    let c = Coefficients::of(catalog);
    let per_month = c.spot_per_month[sizing::band_index(&band.band)?];
    let checkpoint_bytes = match w.method {
        Method::Full => params * c.checkpoint_bytes_per_param,
        Method::Lora | Method::Qlora => {
            sizing::trainable_params(params, w.method, &c) * c.full_bytes_per_param
        }
    };
    // each instance writes its shard of the checkpoint to S3 at its network bandwidth
    let write = instances * t.network_gbps * 1e9 / 8.0;
    let e = sizing::spot_expected(
        job_hours,
        instances as u64,
        per_month,
        checkpoint_bytes,
        write,
    );
    let expected_usd = spot.usd.times(instances * e.expected_hours);
    let on_demand_usd = price.on_demand.usd.times(instances * job_hours);
    let saving_pct = expected_usd
        .ratio(on_demand_usd)
        .map_or(0.0, |r| round2((1.0 - r) * 100.0));
    Some(SpotDetail {
        interruption_band: band.band.to_string(),
        expected_interruptions: round2(e.expected_interruptions),
        checkpoint_gb: round2(e.checkpoint_gb),
        checkpoint_write_minutes: round2(e.checkpoint_write_minutes),
        checkpoint_interval_hours: round2(e.checkpoint_interval_hours),
        expected_hours: round2(e.expected_hours),
        expected_usd,
        on_demand_usd,
        saving_pct,
        recommended: expected_usd < on_demand_usd,
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
    let billing = timing.billing_hours(best.job_hours_exact);
    let od_monthly = monthly(Model::OnDemand, od_hourly, billing);
    [
        Model::OnDemand,
        Model::Spot,
        Model::Reserved1yr,
        Model::Reserved3yr,
    ]
    .into_iter()
    .filter_map(|m| point(price, m).map(|p| (m, p)))
    .map(|(m, p)| {
        let hourly = p.usd.times(count);
        let month = monthly(m, hourly, billing);
        let savings_pct = match month.ratio(od_monthly) {
            Some(r) => round2((1.0 - r) * 100.0),
            None => 0.0,
        };
        PricingRow {
            pricing_model: m.to_string(),
            hourly_usd: hourly,
            monthly_usd: month,
            savings_pct,
            break_even_utilization_pct: m
                .is_commitment()
                .then(|| hourly.ratio(od_hourly).map(|r| round2(r * 100.0)))
                .flatten(),
            estimated: p.estimated,
            allowed: allowed(m, w),
        }
    })
    .collect()
}
