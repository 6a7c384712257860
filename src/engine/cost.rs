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

/// EC2 bills per second with a 60-second minimum: a job's billed hours are at least this.
pub const MIN_BILLED_HOURS: f64 = 1.0 / 60.0;

/// The hours a job is billed for: its hours, at least [`MIN_BILLED_HOURS`].
fn billed(job_hours: Option<f64>) -> Option<f64> {
    job_hours.map(|h| h.max(MIN_BILLED_HOURS))
}

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

/// What a request lets the pricing decision use: spot when the work can be interrupted, a
/// term as long as the commitment. `recommend` and `rightsize` decide with the same terms.
#[derive(Debug, Clone, Copy)]
pub struct Terms {
    /// `--interruptible`.
    pub interruptible: bool,
    /// `--commitment`.
    pub commitment: Commitment,
}

impl Terms {
    fn of(w: &Workload) -> Terms {
        Terms {
            interruptible: w.interruptible,
            commitment: w.commitment,
        }
    }

    /// Whether the flags allow a pricing model.
    fn allow(self, model: Model) -> bool {
        match model {
            Model::OnDemand => true,
            Model::Spot => self.interruptible,
            Model::Reserved1yr | Model::SavingsPlan1yr => self.commitment != Commitment::None,
            Model::Reserved3yr | Model::SavingsPlan3yr => self.commitment == Commitment::ThreeYears,
        }
    }

    /// Why a pricing model cannot be chosen: a rule's ban first (a flag would not lift it),
    /// then the flag it needs.
    fn barred(self, model: Model, forbidden_by: Option<&str>) -> Option<String> {
        match forbidden_by {
            Some(rule) => Some(format!("not allowed (rule {rule})")),
            None if !self.allow(model) => Some(match model {
                Model::Spot => "needs --interruptible".to_string(),
                Model::Reserved3yr | Model::SavingsPlan3yr => "needs --commitment 3yr".into(),
                _ => "needs --commitment".into(),
            }),
            None => None,
        }
    }
}

/// Whether the workload's flags allow a pricing model.
fn allowed(model: Model, w: &Workload) -> bool {
    Terms::of(w).allow(model)
}

/// The decision itself: the lowest monthly cost among the models not barred, the first in
/// [`MODELS`] order on a tie (on-demand: no commitment, no interruptions).
fn cheapest(costs: &[ModelCost]) -> Model {
    costs
        .iter()
        .filter(|c| c.barred.is_none())
        .min_by_key(|c| c.monthly)
        .map_or(Model::OnDemand, |c| c.model)
}

/// An always-on or fixed-hours use of `n` instances of a type (no job, so no spot rework):
/// the pricing model `recommend`'s decision picks under `terms`, its price per instance, its
/// monthly cost for all, and every other model the catalog prices with why it was not chosen.
pub(crate) fn decide_at_hours(
    price: &RegionPrice,
    n: f64,
    hours_per_month: f64,
    terms: Terms,
) -> PricingDecision<'_> {
    let costs = priced(
        price,
        n,
        |model| terms.barred(model, None),
        |_, _, _| (hours_per_month, None, None),
    );
    let model = cheapest(&costs);
    let chosen = costs
        .iter()
        .find(|c| c.model == model)
        .expect("on-demand is always priced");
    PricingDecision {
        model,
        point: chosen.point,
        monthly: chosen.monthly,
        others: costs
            .iter()
            .filter(|c| c.model != model)
            .map(|c| (c.model, c.monthly, c.barred.clone()))
            .collect(),
    }
}

/// What [`decide_at_hours`] chose.
pub(crate) struct PricingDecision<'p> {
    pub model: Model,
    pub point: &'p PricePoint,
    /// USD a month for all the instances under `model`.
    pub monthly: Usd,
    /// The other priced models: monthly cost and why each is barred (None: it costs more).
    pub others: Vec<(Model, Usd, Option<String>)>,
}

impl PricingDecision<'_> {
    /// Why a model other than on-demand was chosen, against what on-demand would cost; or,
    /// when on-demand was chosen over an allowed commitment, what the cheapest commitment
    /// would have billed (all 730 h).
    pub fn reason(&self) -> Option<String> {
        if self.model == Model::OnDemand {
            let (model, monthly, _) = self
                .others
                .iter()
                .filter(|(m, _, barred)| m.is_commitment() && barred.is_none())
                .min_by_key(|(_, monthly, _)| *monthly)?;
            return Some(format!(
                "on-demand: {model} bills all 730 h, {}/month, more than {}/month on demand",
                monthly.format_money(),
                self.monthly.format_money()
            ));
        }
        let on_demand = self.others.iter().find(|(m, ..)| *m == Model::OnDemand)?.1;
        Some(format!(
            "{}: {}/month against {} on demand",
            self.model,
            self.monthly.format_money(),
            on_demand.format_money()
        ))
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
    let sized_job_hours = sized.job_hours;
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
    } = choose(
        catalog,
        plan,
        w,
        timing,
        (t, price),
        (
            n,
            sized.job_hours,
            sized.detail.as_ref().and_then(|d| d.preparation_hours),
        ),
        &mut why,
    );
    // an estimated price is marked `*`, and said first when it decides the best option
    if explain {
        why.reasons.extend(upfront_reason(price, model, point));
    }

    let preference = preference(plan, t, &mut why);
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
    let monthly_usd = monthly(model, hourly, timing.billing_hours(billed(job_hours)));
    let job_usd = match &spot_estimate {
        Some(e) if model == Model::Spot => Some(e.expected_usd),
        // a reservation bills every hour of the month, idle or not: each job carries its
        // share of the month (so a reserved option ranks by what it really costs per job)
        _ if model.is_commitment() => {
            billed(job_hours).map(|_| monthly_usd.times(1.0 / timing.runs_per_month()))
        }
        _ => billed(job_hours).map(|h| hourly.times(h)),
    };
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
        // a short job keeps its minutes: four decimals of an hour below one hour
        job_hours: job_hours.map(|h| {
            if h < 1.0 {
                (h * 1e4).round() / 1e4
            } else {
                round2(h)
            }
        }),
        job_hours_exact: job_hours,
        sized_job_hours,
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

/// The rules' preference points for the type's family and category (a tie-breaker in the
/// ranking), with the reasons and rules that gave them.
fn preference(plan: &Plan, t: &InstanceType, why: &mut Why) -> u32 {
    let family: &dyn std::fmt::Display = &t.family;
    let category: &dyn std::fmt::Display = &t.category;
    let matches = [
        ("family", family, plan.family_points.get(&*t.family)),
        ("category", category, plan.category_points.get(&t.category)),
    ];
    let mut preference = 0;
    for (what, name, hit) in matches {
        let Some((points, by)) = hit else { continue };
        preference += points;
        if why.explain {
            why.reasons.push(format!(
                "{what} {name} is one the rules prefer ({})",
                by.join(", ")
            ));
        }
        why.rules.extend(by.iter().map(|s| s.to_string()));
    }
    preference
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

/// The pricing models advisor prices, in the order a tie is broken (on-demand first: no
/// commitment, no interruptions).
const MODELS: [Model; 4] = [
    Model::OnDemand,
    Model::Spot,
    Model::Reserved1yr,
    Model::Reserved3yr,
];

/// What one pricing model would cost an option, and what keeps it from being chosen.
pub(super) struct ModelCost<'p> {
    model: Model,
    point: &'p PricePoint,
    /// The month's cost at the option's billed hours (a commitment bills every hour).
    monthly: Usd,
    /// The job's hours under this model (spot: with expected interruptions and rework).
    job_hours: Option<f64>,
    spot_estimate: Option<SpotDetail>,
    /// Why it cannot be chosen: a flag it needs, or the rule that forbids it.
    barred: Option<String>,
}

/// Every pricing model the catalog prices for the type in the region, costed for `n`
/// instances at the workload's hours.
fn model_costs<'p>(
    catalog: &Catalog,
    plan: &Plan,
    w: &Workload,
    timing: &Timing,
    (t, price): (&InstanceType, &'p RegionPrice),
    (n, job_hours, prep): (f64, Option<f64>, Option<f64>),
) -> Vec<ModelCost<'p>> {
    let barred = |model| Terms::of(w).barred(model, plan.forbidden.get(&model).copied());
    let mut costs = priced(price, n, barred, |model, point, barred| {
        // spot's expected cost (interruptions, rework) only where spot may be chosen
        let spot_estimate = (model == Model::Spot && !barred)
            .then(|| spot_expected(catalog, w, t, (price, point), (n, job_hours, prep)))
            .flatten();
        let hours = spot_estimate
            .as_ref()
            .map_or(job_hours, |e| Some(e.expected_hours_exact));
        (timing.billing_hours(billed(hours)), hours, spot_estimate)
    });
    // the instances are sized to finish within the deadline on demand: spot's expected
    // interruptions and rework must finish within it too
    for c in costs.iter_mut().filter(|c| c.barred.is_none()) {
        if let Some(e) = c.spot_estimate.as_ref() {
            if e.expected_hours_exact > w.deadline_hours {
                c.barred = Some(format!(
                    "its expected {} h with interruptions and rework pass the {} h deadline",
                    round2(e.expected_hours_exact),
                    round2(w.deadline_hours)
                ));
            }
        }
    }
    costs
}

/// Every pricing model the catalog prices in `price`, for `n` instances: why each is barred
/// (`barred`), and its billed hours a month, the job's hours under it and spot's expected cost
/// (`hours`, told whether the model is barred). `recommend` and `rightsize` both cost through
/// this and choose with [`cheapest`].
fn priced<'p>(
    price: &'p RegionPrice,
    n: f64,
    barred: impl Fn(Model) -> Option<String>,
    mut hours: impl FnMut(Model, &'p PricePoint, bool) -> (f64, Option<f64>, Option<SpotDetail>),
) -> Vec<ModelCost<'p>> {
    MODELS
        .into_iter()
        .filter_map(|model| {
            let point = point(price, model)?;
            let barred = barred(model);
            let (billing_hours, job_hours, spot_estimate) = hours(model, point, barred.is_some());
            Some(ModelCost {
                model,
                point,
                monthly: monthly(model, point.usd.times(n), billing_hours),
                job_hours,
                spot_estimate,
                barred,
            })
        })
        .collect()
}

/// The pricing model with the lowest expected monthly cost among those the flags and rules
/// allow (on-demand on a tie). A rule's suggested model is only a label: the reasons name the
/// rule when its model is the one chosen; a commitment that costs more than on-demand at the
/// workload's hours is never chosen, and the reasons say what it would cost.
fn choose<'p>(
    catalog: &Catalog,
    plan: &Plan,
    w: &Workload,
    timing: &Timing,
    (t, price): (&InstanceType, &'p RegionPrice),
    (n, job_hours, prep): (f64, Option<f64>, Option<f64>),
    why: &mut Why,
) -> Chosen<'p> {
    let mut costs = model_costs(catalog, plan, w, timing, (t, price), (n, job_hours, prep));
    let best = cheapest(&costs);
    let on_demand_monthly = price
        .on_demand
        .usd
        .times(n)
        .times(timing.billing_hours(billed(job_hours)));
    let at = costs
        .iter()
        .position(|c| c.model == best)
        .expect("on-demand is always priced");
    let chosen = costs.remove(at);
    let suggested = plan.pricing.filter(|(m, _)| *m == best).map(|(_, r)| r);
    if let Some(rule) = suggested {
        why.rules.push(rule.to_string());
    }
    if why.explain {
        let rule = suggested.map_or(String::new(), |r| format!(" (rule {r})"));
        match (&chosen.spot_estimate, best) {
            (Some(est), Model::Spot) => why.reasons.push(format!(
                "spot{rule}: expected {} vs on-demand {}: {} interruption(s) expected, \
                 checkpoint every {} h ({} s stop each{}; {} GB written in {})",
                est.expected_usd.format_money(),
                est.on_demand_usd.format_money(),
                round2(est.expected_interruptions),
                round2(est.checkpoint_interval_hours),
                round2(est.checkpoint_blocking_seconds),
                if est.asynchronous {
                    ", asynchronous"
                } else {
                    ": the whole write"
                },
                round2(est.checkpoint_gb),
                if est.checkpoint_write_minutes < 1.0 / 60.0 {
                    "under a second".to_string()
                } else if est.checkpoint_write_minutes < 1.0 {
                    format!("{} s", round2(est.checkpoint_write_minutes * 60.0))
                } else {
                    format!("{} min", round2(est.checkpoint_write_minutes))
                }
            )),
            (_, Model::OnDemand) => why.reasons.push(format!("on-demand pricing{rule}")),
            _ => why.reasons.push(format!(
                "{best} pricing{rule}: {}/month against {} on demand at {} h/month",
                chosen.monthly.format_money(),
                on_demand_monthly.format_money(),
                round2(timing.billing_hours(job_hours))
            )),
        }
        // the models the flags allow that cost more: why they were not chosen
        for c in costs.iter().filter(|c| c.barred.is_none()) {
            why.reasons
                .push(not_chosen(c, chosen.monthly, timing, job_hours));
        }
    }
    Chosen {
        model: best,
        point: chosen.point,
        job_hours: chosen.job_hours,
        spot_estimate: chosen.spot_estimate,
    }
}

/// Why an allowed pricing model was not chosen: what it would cost against the chosen one.
fn not_chosen(c: &ModelCost, chosen: Usd, timing: &Timing, job_hours: Option<f64>) -> String {
    if let Some(est) = c.spot_estimate.as_ref().filter(|_| c.model == Model::Spot) {
        return format!(
            "not spot: its expected cost {} (with {} interruption(s) and rework) is not below {}",
            est.expected_usd.format_money(),
            round2(est.expected_interruptions),
            est.on_demand_usd.format_money()
        );
    }
    let hours = round2(timing.billing_hours(job_hours));
    if c.model.is_commitment() {
        format!(
            "not {}: it bills all 730 h of the month, {}/month, more than {}/month at {hours} h",
            c.model,
            c.monthly.format_money(),
            chosen.format_money()
        )
    } else {
        format!(
            "not {}: {}/month, more than {}/month",
            c.model,
            c.monthly.format_money(),
            chosen.format_money()
        )
    }
}

/// Spot expected cost of a training job with a sized model, next to on-demand.
fn spot_expected(
    catalog: &Catalog,
    w: &Workload,
    t: &InstanceType,
    (price, spot): (&RegionPrice, &PricePoint),
    (instances, job_hours, prep): (f64, Option<f64>, Option<f64>),
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
    // each instance writes its shard of the checkpoint to S3 at its network bandwidth, at most
    // what one instance moves to and from S3; a replacement instance starts up and stages the
    // data again before it resumes
    let (per_instance, _) = sizing::s3_rate(c.s3_read_gb_per_s, t.network_gbps);
    let restart_hours = prep.unwrap_or(c.instance_startup_seconds.unwrap_or(0.0) / 3600.0);
    let ck = sizing::Checkpointing {
        bytes: checkpoint_bytes,
        write_bytes_per_s: instances * per_instance,
        blocking_seconds: c.checkpoint_blocking_seconds,
        restart_seconds: restart_hours * 3600.0,
    };
    let e = sizing::spot_expected(job_hours, instances as u64, per_month, &ck);
    let expected_usd = spot
        .usd
        .times(instances * e.expected_hours.max(MIN_BILLED_HOURS));
    let on_demand_usd = price
        .on_demand
        .usd
        .times(instances * job_hours.max(MIN_BILLED_HOURS));
    let saving_pct = expected_usd
        .ratio(on_demand_usd)
        .map_or(0.0, |r| round2((1.0 - r) * 100.0));
    Some(SpotDetail {
        interruption_band: band.band.to_string(),
        expected_interruptions: round2(e.expected_interruptions),
        checkpoint_gb: round2(e.checkpoint_gb),
        checkpoint_write_minutes: round2(e.checkpoint_write_minutes),
        checkpoint_blocking_seconds: round2(e.checkpoint_blocking_seconds),
        asynchronous: ck.blocking_seconds.is_some(),
        checkpoint_interval_hours: round2(e.checkpoint_interval_hours),
        expected_hours: round2(e.expected_hours),
        expected_hours_exact: e.expected_hours,
        expected_usd,
        on_demand_usd,
        saving_pct,
        recommended: expected_usd < on_demand_usd,
    })
}

/// The best option under every pricing model the catalog prices for it, with why each one not
/// chosen was not.
pub(super) fn compare(
    catalog: &Catalog,
    plan: &Plan,
    w: &Workload,
    timing: &Timing,
    best: &Recommendation,
) -> Vec<PricingRow> {
    let Some((t, price)) = catalog
        .instance(&best.instance_type)
        .and_then(|t| t.price(&w.region).map(|p| (t, p)))
    else {
        return Vec::new();
    };
    let count = f64::from(best.count);
    let base_hours = best.sized_job_hours;
    let od_hourly = price.on_demand.usd.times(count);
    let prep = best.sizing.as_ref().and_then(|d| d.preparation_hours);
    let costs = model_costs(
        catalog,
        plan,
        w,
        timing,
        (t, price),
        (count, base_hours, prep),
    );
    let od_monthly = monthly(
        Model::OnDemand,
        od_hourly,
        timing.billing_hours(billed(base_hours)),
    );
    costs
        .into_iter()
        .map(|c| {
            let hourly = c.point.usd.times(count);
            let saving = c
                .monthly
                .ratio(od_monthly)
                .map(|r| round2((1.0 - r) * 100.0))
                .filter(|p| *p > 0.0 && c.model != Model::OnDemand);
            let costlier = c.model.is_commitment() && saving.is_none();
            let note = if c.model.id() == best.pricing_model {
                "chosen".to_string()
            } else if costlier && !c.barred.as_deref().is_some_and(|b| b.starts_with("not")) {
                // a commitment that costs more at these hours: no flag would make it the answer
                "costs more at these hours".to_string()
            } else if let Some(b) = c.barred {
                b
            } else if c.model == Model::OnDemand {
                String::new()
            } else if c.model.is_commitment() && saving.is_none() {
                "costs more at these hours".to_string()
            } else {
                "costs more".to_string()
            };
            PricingRow {
                pricing_model: c.model.to_string(),
                hourly_usd: hourly,
                monthly_usd: c.monthly,
                savings_pct: saving,
                break_even_utilization_pct: c
                    .model
                    .is_commitment()
                    .then(|| hourly.ratio(od_hourly).map(|r| round2(r * 100.0)))
                    .flatten(),
                estimated: c.point.estimated,
                allowed: allowed(c.model, w) && !plan.forbidden.contains_key(&c.model),
                note,
            }
        })
        .collect()
}
