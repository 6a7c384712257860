//! The rule engine: workload + catalog → ranked options, storage plan, pricing and totals.
//!
//! Steps (docs/rules.md, "How the engine decides"):
//! 1. fire the rules whose conditions hold for the normalized workload;
//! 2. derive requirements: allowed categories, excluded families, memory need;
//! 3. build a candidate from every instance type priced in the region and drop those failing a
//!    hard constraint, keeping the reason for notable ones;
//! 4. cost each under the preferred pricing model it may use;
//! 5. rank by preference points (from rules), then cost, then type id;
//! 6. apply the budget gates; plan storage; compare pricing models for the best option.

mod cost;
mod etl;
mod fire;
mod paths;
mod serverless;
mod shared;
mod size;
mod storage;
mod streaming;
mod timing;
mod working;

use fire::Plan;
use shared::{family_flags, round2, Notes, Reject};

use crate::answer::recommend::{
    CoefficientUsed, FiredRule, OptionAccelerator, OptionSummary, Outcome, RecommendReport,
    Recommendation, Rejection, RejectionKind, Requirements, Total,
};
use crate::catalog::{Catalog, Category, InstanceType};
use crate::money::Usd;
use crate::sizing::Coefficients;
use crate::workload::{Workload, WorkloadKind};

pub(crate) use cost::decide_at_hours;
pub use cost::{Terms, HOURS_PER_MONTH};

/// The result of [`recommend`]: the report and warnings for the envelope.
#[derive(Debug, Clone)]
pub struct Recommended {
    /// The report.
    pub report: RecommendReport,
    /// Warnings to show with it.
    pub warnings: Vec<String>,
}

/// What every phase of [`recommend`] reads: the catalog, its coefficients, the fired rules
/// and the workload.
struct Cx<'c> {
    catalog: &'c Catalog,
    coefficients: Coefficients,
    plan: Plan<'c>,
    w: &'c Workload,
}

/// The options that meet every constraint (boxed while ranking: options are large, and an
/// exploration has hundreds to sort), and those that do not.
#[allow(clippy::vec_box)] // measured: sorting hundreds of boxed options beats moving them
struct Candidates {
    feasible: Vec<Box<Recommendation>>,
    rejected: Vec<Rejection>,
}

/// The cost that ranks: per job where the option has a job cost, else per month.
fn rank_cost(r: &Recommendation) -> Usd {
    r.job_usd.unwrap_or(r.monthly_usd)
}

/// Options whose costs are within this share of the cheapest of their group cost the same:
/// price lists move by more than that between refreshes, and a job's length is an estimate.
pub const COST_TIE_TOLERANCE: f64 = 0.03;

/// Rank by the cost that matters (per job, else per month). Walking up from the cheapest,
/// every option within [`COST_TIE_TOLERANCE`] of the cheapest option of its group is a tie;
/// a tie is broken by an observed price before an estimated one, then by time (the faster
/// job first), then by the rules' preference points, then by the smaller instance (hourly
/// price), then by name. So a preference never lifts an option above a clearly cheaper one.
///
/// `same_hours`: every option's job takes the same given hours (`--job-hours`, or a batch
/// costed at its deadline), so its cost compares hourly prices, not the work each instance
/// does: then the rules' preference points rank first, and cost within them.
#[allow(clippy::vec_box)] // the boxed options of [`Candidates`]
fn rank(feasible: &mut [Box<Recommendation>], same_hours: bool) {
    if same_hours {
        feasible.sort_by(|a, b| {
            b.preference
                .cmp(&a.preference)
                .then(a.price_estimated.cmp(&b.price_estimated))
                .then(rank_cost(a).cmp(&rank_cost(b)))
                .then_with(|| a.instance_type.cmp(&b.instance_type))
        });
        return;
    }
    feasible.sort_by(|a, b| {
        rank_cost(a)
            .cmp(&rank_cost(b))
            .then_with(|| a.instance_type.cmp(&b.instance_type))
    });
    let mut start = 0;
    while start < feasible.len() {
        let floor = rank_cost(&feasible[start]).dollars();
        let end = start
            + feasible[start..]
                .iter()
                .take_while(|r| rank_cost(r).dollars() <= floor * (1.0 + COST_TIE_TOLERANCE))
                .count();
        feasible[start..end].sort_by(|a, b| {
            a.price_estimated
                .cmp(&b.price_estimated)
                .then_with(|| {
                    let hours = |r: &Recommendation| r.job_hours_exact.unwrap_or(0.0);
                    hours(a).total_cmp(&hours(b))
                })
                .then(b.preference.cmp(&a.preference))
                .then(a.hourly_usd.cmp(&b.hourly_usd))
                .then(rank_cost(a).cmp(&rank_cost(b)))
                .then_with(|| a.instance_type.cmp(&b.instance_type))
        });
        start = end;
    }
}

/// Above these an answer is possible but implausible enough to check: advisor's policy, not
/// AWS quotas (docs/errors.md "Sanity limits").
const PLAUSIBLE_MONTHLY_USD: f64 = 1_000_000.0;
/// See [`PLAUSIBLE_MONTHLY_USD`].
pub(crate) const PLAUSIBLE_INSTANCES: u32 = 1_000;

/// The Best option's total, with a warning when it or its instance count is beyond a plausible
/// range (a mistyped rate or size is the likelier cause) or needs an account quota raised.
fn checked_total(
    w: &Workload,
    best: Option<&Recommendation>,
    storage: &[crate::answer::recommend::StorageItem],
    query_cost: Option<&crate::answer::recommend::QueryCost>,
    notes: &mut Notes,
) -> Option<crate::answer::recommend::Total> {
    let best = best?;
    let t = total(w, best, storage, query_cost);
    if t.monthly_usd.dollars() > PLAUSIBLE_MONTHLY_USD {
        notes.warnings.push(format!(
            "the best option costs {} a month, beyond ${} (a sanity limit): check the sizes and \
             rates given",
            t.monthly_usd.format_money(),
            crate::units::format_count(PLAUSIBLE_MONTHLY_USD as u64)
        ));
    }
    if best.service.is_none() && best.count > PLAUSIBLE_INSTANCES {
        notes.warnings.push(format!(
            "the best option needs {} instances, beyond {PLAUSIBLE_INSTANCES} (a sanity limit): \
             AWS accounts have per-region vCPU quotas for On-Demand and Spot instances, so \
             request an increase first, and check the sizes and rates given",
            best.count
        ));
    }
    Some(t)
}

/// The preferred families' rejections first (they are the ones a reader expected to see),
/// then by instance type.
fn sort_rejected(plan: &Plan, rejected: &mut [Rejection]) {
    let preferred = |r: &Rejection| {
        let family = r.instance_type.split('.').next().unwrap_or_default();
        plan.family_points.contains_key(family)
    };
    rejected.sort_by(|a, b| {
        preferred(b)
            .cmp(&preferred(a))
            .then_with(|| a.instance_type.cmp(&b.instance_type))
    });
}

/// The fired rules' advice and warnings (advice about some families waits for the options
/// shown: [`advice_about_shown`]).
fn rule_notes(fired: &[&crate::catalog::Rule], notes: &mut Notes) {
    for r in fired {
        if r.then.advice_families.is_empty() {
            notes.advice.extend(r.then.advice.clone());
        }
        notes.warnings.extend(r.then.warning.clone());
    }
}

/// Advice about the options shown: the advice of fired rules about some families
/// (`advice-families`), when an option shown is of one of them; for an endpoint on one
/// instance, that it has no failover; for an exploration whose dataset needs a terabyte or more
/// of memory, the ways that avoid holding it all.
fn advice_about_shown(
    catalog: &Catalog,
    w: &Workload,
    fired: &[&crate::catalog::Rule],
    shown: &[Recommendation],
    notes: &mut Notes,
) {
    if let Some(best) = shown.first().filter(|b| {
        w.workload == WorkloadKind::RealtimeInference && b.count == 1 && b.service.is_none()
    }) {
        notes.advice.push(format!(
            "One {} serves the endpoint: a second in another Availability Zone keeps it up \
             through an instance or zone failure, at twice the cost",
            best.instance_type
        ));
    }
    if let Some(best) = shown
        .first()
        .filter(|_| w.workload == WorkloadKind::Exploration)
    {
        if best.memory_gib.is_some_and(|m| m >= 1024.0) {
            notes.advice.push(format!(
                "Holding the {} GB dataset in memory takes a {}: explore a sample, read Parquet \
                 from S3 with an engine that spills to disk (DuckDB, Polars), or query it in \
                 place (Athena: --query-tb-per-month) or with Spark (--workload etl)",
                round2(w.data_size_gb()),
                best.instance_type
            ));
        }
    }
    for r in fired.iter().filter(|r| !r.then.advice_families.is_empty()) {
        let about = |o: &Recommendation| {
            catalog
                .instance(&o.instance_type)
                .is_some_and(|t| r.then.advice_families.iter().any(|f| *f == *t.family))
        };
        if shown.iter().any(about) {
            notes.advice.extend(r.then.advice.clone());
        }
    }
}

/// Recommend compute, storage and pricing for a normalized workload.
pub fn recommend(catalog: &Catalog, w: &Workload) -> Recommended {
    let cx = Cx {
        catalog,
        coefficients: Coefficients::of(catalog),
        plan: fire::plan(catalog, w),
        w,
    };
    let mut notes = Notes::default();
    rule_notes(&cx.plan.fired, &mut notes);
    let (min_memory_gib, memory_basis) = memory_need(catalog, w);
    let requirements = Requirements {
        categories: cx.plan.categories.clone(),
        min_memory_gib,
        memory_basis: memory_basis.clone(),
    };
    notes.assumptions.extend(memory_basis);
    notes.assumptions.extend(serving_assumptions(w));
    notes
        .warnings
        .extend(size::repeated_data(&cx.coefficients, w));
    let data_throughput = cx.coefficients.data_throughput.is_some();
    let mut timing = timing::Timing::of(w, data_throughput, &mut notes);
    // storage is the same for every candidate (a per-job volume is billed for each one's
    // hours); the budget gate needs it
    let mut storage = storage::plan(catalog, &cx.coefficients, w, &cx.plan.fired, &mut notes);
    timing.places = working::Places::of(catalog, &cx.coefficients, &storage);

    let mut candidates = candidates(&cx, &mut timing, min_memory_gib, &mut notes);
    let outcome = gate(
        &cx,
        &timing,
        &storage,
        &mut candidates,
        &mut notes,
        min_memory_gib,
    );
    let Candidates {
        feasible,
        mut rejected,
    } = candidates;
    let (cheapest, fastest) = cheapest_and_fastest(&feasible);
    let serverless = serverless::alternative(catalog, w, &feasible, &mut notes);
    let total_candidates = feasible.len();
    let feasible = shown(
        &cx,
        &mut timing,
        feasible,
        total_candidates,
        (&cheapest, &fastest),
    );
    advice_about_shown(catalog, w, &cx.plan.fired, &feasible, &mut notes);
    // a managed-service option (streaming, ETL) is not one instance type's pricing models
    let pricing = feasible
        .first()
        .filter(|best| best.service.is_none())
        .map(|best| cost::compare(catalog, &cx.plan, w, &timing, best))
        .unwrap_or_default();
    if let Some(best) = feasible.first() {
        let working_copy = best.sizing.as_ref().and_then(|s| s.working_copy.as_deref());
        storage::bill(
            catalog,
            w,
            &mut storage,
            (
                best.count,
                timing.billing_hours(best.job_hours),
                working_copy,
            ),
            &mut notes,
        );
    }
    storage::report_gaps(catalog, w, &storage, &mut notes);
    let mut query_coefficients = Vec::new();
    let query_cost = query_cost(catalog, w, &mut notes, &mut query_coefficients);
    let total = checked_total(
        w,
        feasible.first(),
        &storage,
        query_cost.as_ref(),
        &mut notes,
    );
    sort_rejected(&cx.plan, &mut rejected);
    let coefficients_used = coefficients_used(
        catalog,
        &cx.coefficients,
        w,
        (&feasible, &storage),
        query_coefficients,
    );
    // instance gaps first: they explain the options
    notes.gaps.sort_by_key(|g| g.kind);
    Recommended {
        report: RecommendReport {
            input: w.clone(),
            requirements,
            outcome,
            recommendations: feasible,
            rejected,
            storage,
            pricing,
            total,
            cheapest,
            fastest,
            query_cost,
            serverless,
            coefficients_used,
            rules_fired: cx
                .plan
                .fired
                .iter()
                .map(|r| FiredRule {
                    id: r.id.clone(),
                    message: r.message.clone(),
                    basis: r.basis.clone(),
                })
                .collect(),
            advice: notes.advice,
            assumptions: notes.assumptions,
            catalog_gaps: notes.gaps,
        },
        warnings: notes.warnings,
    }
}

/// Every option: the managed services of streaming and ETL, or every instance type of the
/// families the rules consider, checked, sized and costed (without writing reasons: only the
/// options shown get them); then ranked.
fn candidates(
    cx: &Cx,
    timing: &mut timing::Timing,
    min_memory_gib: Option<f64>,
    notes: &mut Notes,
) -> Candidates {
    let (catalog, w, plan) = (cx.catalog, cx.w, &cx.plan);
    let mut rejected: Vec<Rejection> = Vec::new();
    let mut feasible: Vec<Box<Recommendation>> = match w.workload {
        WorkloadKind::Streaming => {
            let rule_ids: Vec<String> = plan.fired.iter().map(|r| r.id.clone()).collect();
            streaming::options(catalog, w, &rule_ids, notes, &mut rejected)
                .into_iter()
                .map(Box::new)
                .collect()
        }
        WorkloadKind::Etl => etl::options(catalog, plan, w, notes, &mut rejected)
            .into_iter()
            .map(Box::new)
            .collect(),
        _ => Vec::new(),
    };
    timing.explain = false;
    for t in catalog.instances_where(|family, categories| considered(plan, w, family, categories)) {
        match check(catalog, &cx.coefficients, plan, w, t, min_memory_gib) {
            Check::Skip => {}
            Check::Reject(reject) => rejected.push(reject.of(&t.id)),
            Check::Pass => match size::size(catalog, &cx.coefficients, w, timing, t).and_then(|s| {
                timing
                    .within_schedule(s.job_hours)
                    .map_err(Reject::from)
                    .map(|()| s)
            }) {
                Ok(sized) => {
                    if let Some(rec) = cost::option(catalog, plan, w, timing, t, sized) {
                        feasible.push(Box::new(rec));
                    }
                }
                Err(reject) => rejected.push(reject.of(&t.id)),
            },
        }
    }
    rank(&mut feasible, timing.job_hours.is_some());
    Candidates { feasible, rejected }
}

/// The budget gates: drop the options over budget while any option is within it. The
/// outcome, with a warning when it is not `ok`.
fn gate(
    cx: &Cx,
    timing: &timing::Timing,
    storage: &[crate::answer::recommend::StorageItem],
    candidates: &mut Candidates,
    notes: &mut Notes,
    min_memory_gib: Option<f64>,
) -> Outcome {
    let w = cx.w;
    let over = |r: &Recommendation| -> Option<String> {
        if let Some(max) = w.max_monthly_usd {
            let total = r.monthly_usd
                + storage::monthly_for(
                    cx.catalog,
                    w,
                    storage,
                    r,
                    timing.billing_hours(r.job_hours),
                );
            if total > max {
                return Some(format!(
                    "over budget: ${}/month with storage > --max-monthly-usd {}",
                    total.cents(),
                    max.cents()
                ));
            }
        }
        if let (Some(max), Some(job)) = (w.max_job_usd, r.job_usd) {
            if job > max {
                return Some(format!(
                    "over budget: ${}/job > --max-job-usd {}",
                    job.cents(),
                    max.cents()
                ));
            }
        }
        None
    };
    if w.max_job_usd.is_some() && timing.job_hours.is_none() {
        notes
            .warnings
            .push("--max-job-usd not checked: the job length is unknown (pass --job-hours)".into());
    }
    let feasible = &mut candidates.feasible;
    let within: Vec<bool> = feasible.iter().map(|r| over(r).is_none()).collect();
    let outcome = if feasible.is_empty() {
        Outcome::NothingFits
    } else if !within.iter().any(|&ok| ok) {
        Outcome::OverBudget
    } else {
        Outcome::Ok
    };
    match outcome {
        Outcome::Ok => {
            let mut kept = Vec::new();
            for (r, ok) in std::mem::take(feasible).into_iter().zip(within) {
                if ok {
                    kept.push(r);
                } else if let Some(reason) = over(&r) {
                    candidates
                        .rejected
                        .push(Reject::new(RejectionKind::OverBudget, reason).of(&r.instance_type));
                }
            }
            *feasible = kept;
        }
        Outcome::OverBudget => {
            if let Some(reason) = feasible.first().and_then(|r| over(r)) {
                notes
                    .warnings
                    .push(format!("{}: {reason}", feasible[0].instance_type));
            }
        }
        Outcome::NothingFits => {}
    }
    // a gap in the catalog is said as a gap, whatever was (or was not) chosen without it
    let unpriced = unpriced_families(cx.catalog, &w.region, &candidates.rejected);
    let message = if unpriced.is_empty() {
        if outcome == Outcome::NothingFits {
            let hint = nothing_fits_hint(w, min_memory_gib, &candidates.rejected);
            notes.warnings.push(hint);
        }
        return outcome;
    } else if outcome == Outcome::NothingFits {
        // a gap in the data, not a conclusion about the workload
        format!(
            "nothing fits among the types priced in {}: no {} price for {}, which the rules \
             prefer for {}; {}",
            w.region,
            w.region,
            unpriced.join(", "),
            w.workload,
            fill_gap(&w.region)
        )
    } else {
        format!(
            "no {} price for {}, which the rules prefer for {}: the answer is chosen among \
             the types priced there; {}",
            w.region,
            unpriced.join(", "),
            w.workload,
            fill_gap(&w.region)
        )
    };
    notes.gaps.push(crate::answer::recommend::CatalogGap {
        kind: crate::answer::recommend::GapKind::Instances,
        region: w.region.clone(),
        unpriced,
        message,
    });
    outcome
}

/// The gaps among the preferred families, in name order: a family with no price in the region
/// at all is named; in a family with some types priced, the unpriced types are named, except a
/// type whose capacity a priced type of its family has too (a `.metal-24xl` beside its
/// `.24xlarge`), which changes no answer.
fn unpriced_families(catalog: &Catalog, region: &str, rejected: &[Rejection]) -> Vec<String> {
    let mut gaps: Vec<String> = Vec::new();
    let mut families: Vec<&str> = rejected
        .iter()
        .filter(|r| r.kind == RejectionKind::NoPrice)
        .filter_map(|r| r.instance_type.split('.').next())
        .collect();
    families.sort_unstable();
    families.dedup();
    let offers = |t: &InstanceType| catalog.not_offered_in(region, t).is_none();
    for family in families {
        // the types that could have a price there: not Capacity-Block-only, not known to be
        // missing from the region's offerings
        let types: Vec<&InstanceType> = catalog
            .instances_where(|f, _| f == family)
            .filter(|t| !t.capacity_block_only && offers(t))
            .collect();
        let (priced, unpriced): (Vec<&InstanceType>, Vec<&InstanceType>) =
            types.iter().partition(|t| t.price(region).is_some());
        if priced.is_empty() {
            gaps.push(family.to_string());
            continue;
        }
        let twin = |u: &InstanceType| {
            priced.iter().any(|p| {
                p.vcpus == u.vcpus
                    && p.memory_gib == u.memory_gib
                    && p.accelerator.as_ref().map(|a| a.count)
                        == u.accelerator.as_ref().map(|a| a.count)
            })
        };
        gaps.extend(
            unpriced
                .into_iter()
                .filter(|u| !twin(u))
                .map(|u| u.id.to_string()),
        );
    }
    gaps
}

/// How to fill a region's gap in the catalog.
fn fill_gap(region: &str) -> String {
    format!(
        "`advisor catalog import --aws-offer <the AmazonEC2 price file of {region}>` adds \
         what AWS sells there (a type it does not sell there stays unpriced), or compare with \
         --region us-east-1"
    )
}

/// The cheapest option, and the fastest job (the cheaper of equally fast ones).
fn cheapest_and_fastest(
    feasible: &[Box<Recommendation>],
) -> (Option<OptionSummary>, Option<OptionSummary>) {
    let summary = |r: &Recommendation| OptionSummary {
        instance_type: r.instance_type.clone(),
        count: r.count,
        pricing_model: r.pricing_model.clone(),
        job_hours: r.job_hours,
        job_usd: r.job_usd,
        monthly_usd: r.monthly_usd,
    };
    let by_cost = |a: &Recommendation, b: &Recommendation| {
        rank_cost(a)
            .cmp(&rank_cost(b))
            .then_with(|| a.instance_type.cmp(&b.instance_type))
    };
    let cheapest = feasible
        .iter()
        .min_by(|a, b| by_cost(a, b))
        .map(|r| summary(r));
    let timed = || {
        feasible
            .iter()
            .filter_map(|r| r.job_hours_exact.map(|h| (h, r)))
    };
    // no "fastest" when every option takes the same time
    let slowest = timed().map(|(h, _)| h).fold(f64::NEG_INFINITY, f64::max);
    let fastest = timed()
        .min_by(|(a, ra), (b, rb)| a.total_cmp(b).then_with(|| by_cost(ra, rb)))
        .filter(|(h, _)| *h < slowest)
        .map(|(_, r)| summary(r));
    (cheapest, fastest)
}

/// The best option and `--top` alternatives, ranked and explained.
#[allow(clippy::vec_box)] // the boxed options of [`Candidates`]
fn shown(
    cx: &Cx,
    timing: &mut timing::Timing,
    feasible: Vec<Box<Recommendation>>,
    total_candidates: usize,
    (cheapest, fastest): (&Option<OptionSummary>, &Option<OptionSummary>),
) -> Vec<Recommendation> {
    // the best and `--top` more, and the cheapest and the fastest wherever they rank
    let keep = cx.w.top as usize + 1;
    let wanted = |name: &Option<OptionSummary>, r: &Recommendation| {
        name.as_ref()
            .is_some_and(|s| s.instance_type == r.instance_type && s.count == r.count)
    };
    let mut feasible: Vec<Recommendation> = feasible
        .into_iter()
        .enumerate()
        .filter(|(i, r)| *i < keep || wanted(cheapest, r) || wanted(fastest, r))
        .map(|(i, mut r)| {
            r.rank = i as u32 + 1;
            *r
        })
        .collect();
    timing.explain = true;
    for r in feasible.iter_mut() {
        explain(cx.catalog, &cx.coefficients, &cx.plan, cx.w, timing, r);
    }
    // an estimated price deciding the answer is said first, with the best observed option
    let observed = feasible
        .iter()
        .find(|r| !r.price_estimated)
        .map(|r| (option_name(r), rank_cost(r)));
    let arm = |r: &Recommendation| {
        cx.catalog
            .instance(&r.instance_type)
            .filter(|t| t.arch == crate::catalog::Arch::Arm64)
            .map(|t| t.family.to_string())
    };
    if let Some(best) = feasible.first_mut() {
        if best.price_estimated {
            let alternative = match observed {
                Some((name, cost)) => format!(
                    "the best option priced from observed prices is {name} at {}",
                    cost.format_money()
                ),
                None => format!(
                    "no option shown has an observed {} price",
                    best.pricing_model
                ),
            };
            let what = if best.service.is_some() {
                "its price includes an estimate".to_string()
            } else {
                format!(
                    "its {} price is an estimate ({})",
                    best.pricing_model, best.price_source
                )
            };
            best.reasons.insert(
                0,
                format!("{what}, not only observed prices; {alternative}"),
            );
        }
        if let (Some(h), Some(job)) = (best.job_hours_exact, best.job_usd) {
            if h > crate::vocab::HOURS_PER_MONTH {
                best.reasons.insert(
                    0,
                    format!(
                        "the job runs {} h ({} days), longer than a month: $/month is one month \
                         of it, and the whole job costs {}",
                        round2(h),
                        round2(h / 24.0),
                        job.format_money()
                    ),
                );
            }
        }
        if let Some(family) = arm(best) {
            best.reasons.push(format!(
                "{family} is Arm (Graviton): your code, libraries and container images need arm64 \
                 builds; `--deny-family {family}` keeps to x86"
            ));
        }
        best.reasons.push(format!(
            "ranks first of {total_candidates} option(s) that meet every constraint"
        ));
    }
    feasible
}

/// An option as a sentence names it: `p4d.24xlarge × 1`, or `emr-serverless (2 worker(s))`.
fn option_name(r: &Recommendation) -> String {
    match (&r.service, &r.units) {
        (Some(service), Some(u)) => format!("{service} ({} {}(s))", u.count, u.name),
        _ => format!("{} × {}", r.instance_type, r.count),
    }
}

/// Athena's monthly cost on raw text and on columnar data, for `--query-tb-per-month`.
fn query_cost(
    catalog: &Catalog,
    w: &Workload,
    notes: &mut Notes,
    used: &mut Vec<CoefficientUsed>,
) -> Option<crate::answer::recommend::QueryCost> {
    let tb = w.query_tb_per_month?;
    let Some(price) = catalog.service_price("athena-query") else {
        notes
            .assumptions
            .push("query cost not shown: the catalog has no `athena-query` price".into());
        return None;
    };
    let (rate, borrowed) = price.rate_or_borrowed(&w.region)?;
    let c = catalog.coefficient("athena-columnar-scan-fraction")?;
    let raw = rate.usd.times(tb);
    let columnar = raw.times(c.value);
    notes.advice.push(format!(
        "Query the data lake as Parquet (or ORC), partitioned by date: Athena bills {} per TB \
         scanned, so {} TB/month costs {} on raw text and about {} columnar (AWS's example: \
         1/12 of the data scanned)",
        rate.usd.format_money(),
        round2(tb),
        raw.format_money(),
        columnar.format_money()
    ));
    if borrowed {
        notes.service_gap(&w.region, vec![price.service.clone()]);
    }
    if !used.iter().any(|u| u.id == c.id) {
        used.push(CoefficientUsed {
            id: c.id.clone(),
            value: c.value,
            unit: c.unit.clone(),
            estimated: c.estimated,
            source: c.source.clone(),
        });
    }
    Some(crate::answer::recommend::QueryCost {
        service: price.service.clone(),
        tb_per_month: tb,
        usd_per_tb: rate.usd,
        raw_monthly_usd: raw,
        columnar_monthly_usd: columnar,
        columnar_scan_fraction: c.value,
        estimated: rate.estimated || borrowed || c.estimated,
        source: rate.source.clone(),
    })
}

/// Write the reasons of an instance option the ranking pass left out: size and cost it again,
/// explaining (the same pure functions, so the same numbers).
fn explain(
    catalog: &Catalog,
    c: &crate::sizing::Coefficients,
    plan: &Plan,
    w: &Workload,
    timing: &timing::Timing,
    r: &mut Recommendation,
) {
    if r.service.is_some() {
        return; // managed-service options are explained as they are built
    }
    let Some(t) = catalog.instance(&r.instance_type) else {
        return;
    };
    let explained = size::size(catalog, c, w, timing, t)
        .ok()
        .and_then(|sized| cost::option(catalog, plan, w, timing, t, sized));
    if let Some(x) = explained {
        debug_assert_eq!(x.job_usd, r.job_usd);
        debug_assert_eq!(x.monthly_usd, r.monthly_usd);
        r.reasons = x.reasons;
    }
}

/// The coefficients behind the numbers of this answer, in a fixed order.
fn coefficients_used(
    catalog: &Catalog,
    c: &crate::sizing::Coefficients,
    w: &Workload,
    (shown, storage): (&[Recommendation], &[crate::answer::recommend::StorageItem]),
    queries: Vec<CoefficientUsed>,
) -> Vec<CoefficientUsed> {
    use crate::catalog::StorageRole;
    use crate::workload::Method;
    let mut ids: Vec<String> = Vec::new();
    let sized = w.model_params.is_some();
    match w.workload {
        WorkloadKind::Exploration => ids.push("exploration-working-set-factor".into()),
        WorkloadKind::Training if sized => {
            ids.extend(
                [
                    "full-training-bytes-per-param",
                    "framework-overhead-gb",
                    "memory-usable-fraction",
                    "activation-seq-len",
                    "model-aspect-ratio",
                ]
                .map(String::from),
            );
            if w.method != Method::Full {
                ids.extend(["lora-trainable-fraction", "lora-time-factor"].map(String::from));
            }
            if w.tokens.is_none() && w.job_hours.is_none() {
                ids.push("bytes-per-token".into());
            }
        }
        WorkloadKind::Training if w.job_hours.is_none() => ids.extend(
            [
                crate::sizing::DATA_THROUGHPUT,
                crate::sizing::DATA_THROUGHPUT_REFERENCE,
            ]
            .map(String::from),
        ),
        WorkloadKind::RealtimeInference if sized => {
            ids.push("serving-target-utilization".into());
            ids.extend(serving_coefficients(catalog, c, w, shown));
        }
        WorkloadKind::BatchInference if sized => {
            ids.extend(serving_coefficients(catalog, c, w, shown));
            if w.items.is_none() {
                ids.push("bytes-per-token".into());
            }
        }
        WorkloadKind::Etl => ids.extend(
            [
                "etl-gb-per-vcpu-hour",
                "glue-dpu-vcpus",
                "glue-min-dpus",
                "etl-min-billed-minutes",
                "parquet-compression-ratio",
            ]
            .map(String::from),
        ),
        WorkloadKind::Streaming => ids.extend(
            [
                "kinesis-shard-write-mb-per-s",
                "kinesis-shard-write-records-per-s",
                "kinesis-put-unit-kb",
                "firehose-record-rounding-kb",
                "msk-serverless-max-ingress-mb-per-s",
                "msk-serverless-partition-ingress-mb-per-s",
                "kinesis-on-demand-max-write-mb-per-s",
                "kinesis-on-demand-max-write-mb-per-s-large-regions",
            ]
            .map(String::from),
        ),
        _ => {}
    }
    for r in shown {
        if let Some(id) = r.sizing.as_ref().and_then(|s| s.mfu_coefficient.clone()) {
            ids.push(id);
        }
        if r.sizing.is_some() && r.accelerator.is_none() {
            let family = catalog.instance(&r.instance_type).map(|t| &*t.family);
            if let Some(f) = family.and_then(|f| c.cpu.get(f)) {
                ids.extend(f.ids.iter().cloned());
            }
        }
        if let Some(spot) = &r.spot_estimate {
            let band = match spot.interruption_band.as_str() {
                "<5%" => "lt5",
                "5-10%" => "5-10",
                "10-15%" => "10-15",
                "15-20%" => "15-20",
                _ => "gt20",
            };
            ids.push(format!("spot-interruptions-per-month-{band}"));
        }
    }
    if storage.iter().any(|s| s.role == StorageRole::Checkpoints) && w.method == Method::Full {
        ids.push("checkpoint-bytes-per-param".into());
    }
    let mut seen = std::collections::BTreeSet::new();
    ids.retain(|id| seen.insert(id.clone()));
    let mut used: Vec<CoefficientUsed> = ids
        .iter()
        .filter_map(|id| catalog.coefficient(id))
        .map(|c| CoefficientUsed {
            id: c.id.clone(),
            value: c.value,
            unit: c.unit.clone(),
            estimated: c.estimated,
            source: c.source.clone(),
        })
        .collect();
    for c in queries {
        if !used.iter().any(|u| u.id == c.id) {
            used.push(c);
        }
    }
    used
}

/// The coefficients a serving answer's numbers rest on: memory, the assumed shape of a model
/// given by its size, the decode model (GPU per-layer overheads, with tensor parallelism the
/// all-reduce's, or Neuron's measured figures), the generation targets and the engine's batch
/// cap where a shown option reaches it.
fn serving_coefficients(
    catalog: &Catalog,
    c: &crate::sizing::Coefficients,
    w: &Workload,
    shown: &[Recommendation],
) -> Vec<String> {
    let mut ids: Vec<String> = ["framework-overhead-gb", "memory-usable-fraction"]
        .map(String::from)
        .to_vec();
    if w.model.as_ref().is_some_and(|m| m.basis == "default") {
        ids.extend(
            ["model-aspect-ratio", "default-kv-heads", "default-head-dim"].map(String::from),
        );
    }
    let generates = w.output_tokens > 1;
    if generates {
        ids.push("decode-bandwidth-efficiency".into());
    }
    if generates
        && w.latency_ms_basis == "generation"
        && w.workload == WorkloadKind::RealtimeInference
    {
        ids.extend(
            [
                crate::workload::GENERATION_TTFT,
                crate::workload::GENERATION_TPOT,
            ]
            .map(String::from),
        );
    }
    for r in shown.iter().filter(|r| r.sizing.is_some()) {
        let Some((t, a)) = catalog
            .instance(&r.instance_type)
            .and_then(|t| t.accelerator.as_ref().map(|a| (t, a)))
        else {
            continue;
        };
        let neuron = catalog
            .accelerator(&a.model)
            .is_some_and(|m| m.software == crate::catalog::Software::Neuron);
        if generates && neuron {
            ids.extend(
                [
                    "neuron-decode-tokens-per-s-per-chip",
                    "neuron-decode-step-overhead-ms",
                ]
                .map(String::from),
            );
        } else if generates {
            ids.push("decode-layer-overhead-ms".into());
            if a.count > 1 {
                ids.push("decode-tp-layer-overhead-ms".into());
            }
        }
        let batch = r.sizing.as_ref().and_then(|s| s.batch);
        if let (Some((cap, id)), Some(b)) = (c.max_batch(&t.family), batch) {
            if b as f64 >= cap {
                ids.push(id.into());
            }
        }
    }
    ids
}

/// Memory needed per instance and how it was computed.
fn memory_need(catalog: &Catalog, w: &Workload) -> (Option<f64>, Option<String>) {
    if w.workload != WorkloadKind::Exploration {
        return (None, None);
    }
    let c = catalog
        .coefficient("exploration-working-set-factor")
        .expect("validation requires this coefficient");
    let need = w.data_size_gb() * c.value;
    (
        Some(need),
        Some(format!(
            "memory need {} GiB = {} GB dataset × {} ({}: {}{})",
            round2(need),
            round2(w.data_size_gb()),
            c.value,
            c.id,
            c.unit,
            if c.estimated { ", an estimate" } else { "" }
        )),
    )
}

/// What to say when nothing fits and no gap in the catalog explains it: what to relax, from the
/// kinds of the rejections.
fn nothing_fits_hint(w: &Workload, min_memory_gib: Option<f64>, rejected: &[Rejection]) -> String {
    if let (WorkloadKind::Exploration, Some(m)) = (w.workload, min_memory_gib) {
        return format!(
            "nothing fits: no instance in {} has {} GiB of memory; explore a sample, or process \
             the full dataset with a distributed engine (Spark on EMR, Athena)",
            w.region,
            round2(m)
        );
    }
    // what to relax, from the kinds of the rejections
    let any = |kinds: &[RejectionKind]| rejected.iter().any(|r| kinds.contains(&r.kind));
    use RejectionKind as K;
    let relax: Vec<&str> = [
        (
            &[K::PerInstanceOverMaxGpus, K::StatesOverMaxGpus][..],
            "raise --max-gpus",
        ),
        (
            &[
                K::StatesOverMaxGpus,
                K::NoRoomForActivations,
                K::StatesNeedEfa,
            ],
            "train with --method lora or qlora (far less memory per parameter)",
        ),
        (
            &[K::ServingMemory],
            "serve at a lower --precision (int8, int4)",
        ),
        (
            &[K::Latency],
            "raise --latency-ms or shorten --context-tokens / --output-tokens",
        ),
        (
            &[K::StatesNeedEfa],
            "allow EFA-capable families (multi-node needs EFA)",
        ),
        (&[K::NotAllowedFamily], "widen --allow-family"),
        (&[K::DeniedFamily], "drop a --deny-family"),
        (&[K::OverBudget], "raise the budget"),
    ]
    .into_iter()
    .filter(|(kinds, _)| any(kinds))
    .map(|(_, advice)| advice)
    .collect();
    // when time binds some types, EFA-capable families were in the running: the EFA hint (and
    // the LoRA hint it brings) is beside the point unless memory binds too
    let relax: Vec<&str> = if any(&[K::Deadline, K::NetworkBound]) {
        let memory = any(&[K::StatesOverMaxGpus, K::NoRoomForActivations]);
        let mut r: Vec<&str> = relax
            .into_iter()
            .filter(|a| !a.starts_with("allow EFA") && (memory || !a.contains("lora")))
            .collect();
        if w.max_gpus.is_some() && !r.contains(&"raise --max-gpus") {
            r.insert(0, "raise --max-gpus");
        }
        // a cluster bounded by its network grows with the batch
        r.push(if any(&[K::NetworkBound]) {
            "a later --deadline-hours, fewer --tokens, or a larger --global-batch-tokens"
        } else {
            "a later --deadline-hours, or fewer --tokens"
        });
        r
    } else {
        relax
    };
    let mut hint = format!(
        "nothing fits: no instance type priced in {} meets every constraint (see rejected)",
        w.region
    );
    if !relax.is_empty() {
        hint.push_str("; to relax: ");
        hint.push_str(&relax.join("; "));
    }
    hint
}

enum Check {
    /// Not a candidate, not worth mentioning (another category, no price here).
    Skip,
    /// A notable candidate that fails a constraint.
    Reject(Reject),
    /// Meets every hard constraint.
    Pass,
}

/// Whether a family's types (of these categories) can get a [`check`] other than
/// [`Check::Skip`]: only these families are checked, and the embedded catalog decodes only
/// them. Instance types are not considered for streaming and ETL, which price services.
fn considered(plan: &Plan, w: &Workload, family: &str, categories: &[Category]) -> bool {
    !matches!(w.workload, WorkloadKind::Streaming | WorkloadKind::Etl)
        && (plan.family_points.contains_key(family)
            || categories.iter().any(|c| plan.categories.contains(c))
            || w.allow_families.iter().any(|f| f == family)
            || w.deny_families.iter().any(|f| f == family))
}

/// Hard constraints, in order; the first failure is the reason. Every outcome other than
/// [`Check::Skip`] needs the type's family to be [`considered`].
fn check(
    catalog: &Catalog,
    c: &crate::sizing::Coefficients,
    plan: &Plan,
    w: &Workload,
    t: &InstanceType,
    min_memory_gib: Option<f64>,
) -> Check {
    let preferred = plan.family_points.contains_key(&*t.family);
    let in_categories = plan.categories.contains(&t.category);
    let notable = preferred || in_categories || w.allow_families.iter().any(|f| *f == t.family);
    let reject = |reason: String| {
        if notable {
            Check::Reject(reason.into())
        } else {
            Check::Skip
        }
    };
    // a family the flags exclude is excluded first: its price (or lack of one) is moot
    match family_flags(w, &t.family) {
        Err(r) if r.kind == RejectionKind::DeniedFamily => return Check::Reject(r),
        Err(r) if notable => return Check::Reject(r),
        Err(_) => return Check::Skip,
        Ok(()) => {}
    }
    if t.price(&w.region).is_none() {
        let not_offered = catalog.not_offered_in(&w.region, t);
        return match (preferred, t.capacity_block_only, not_offered) {
            (false, _, _) => Check::Skip,
            // not a gap an import fills: there is no on-demand price to import
            (true, true, _) => Check::Reject(
                format!("no price in {}: sold only as EC2 Capacity Blocks", w.region).into(),
            ),
            (true, false, Some(r)) => Check::Reject(
                format!(
                    "not offered on demand in {} ({})",
                    w.region,
                    r.not_offered_source.as_deref().unwrap_or("the catalog")
                )
                .into(),
            ),
            (true, false, None) => Check::Reject(Reject::new(
                RejectionKind::NoPrice,
                format!("no price in {}", w.region),
            )),
        };
    }
    if !in_categories {
        return reject(format!(
            "category {} is not one of {} for {}",
            t.category,
            plan.categories
                .iter()
                .map(|c| c.id())
                .collect::<Vec<_>>()
                .join(", "),
            w.workload
        ));
    }
    if let Some(rule) = plan.excluded_categories.get(&t.category) {
        return reject(format!("category {} excluded by rule {rule}", t.category));
    }
    if let Some(rule) = plan.excluded_families.get(&*t.family) {
        return reject(format!("family {} excluded by rule {rule}", t.family));
    }
    if let Some(why) = paths::cannot_run(catalog, w, t) {
        return reject(why);
    }
    let sized_inference = w.model_params.is_some()
        && matches!(
            w.workload,
            WorkloadKind::BatchInference | WorkloadKind::RealtimeInference
        );
    if sized_inference && t.accelerator.is_none() && !c.cpu.contains_key(&*t.family) {
        // most CPU families have no figures: not worth a line each unless asked for
        let reason = size::no_cpu_figures(&t.family);
        return if preferred || w.allow_families.iter().any(|f| *f == t.family) {
            Check::Reject(reason.into())
        } else {
            Check::Skip
        };
    }
    if let Some(need) = min_memory_gib {
        if t.memory_gib < need {
            return reject(format!(
                "{} GiB memory < {} GiB needed",
                round2(t.memory_gib),
                round2(need)
            ));
        }
    }
    Check::Pass
}

/// The month of the best option: its compute, the storage plan and the SQL queries, which scan
/// the data lake's Parquet when the plan keeps one (or the stream delivers it), else the raw
/// data.
fn total(
    w: &Workload,
    best: &Recommendation,
    storage: &[crate::answer::recommend::StorageItem],
    query_cost: Option<&crate::answer::recommend::QueryCost>,
) -> Total {
    let storage_monthly = storage.iter().fold(Usd::ZERO, |a, s| a + s.monthly_usd);
    let columnar = storage
        .iter()
        .any(|s| s.role == crate::catalog::StorageRole::Processed)
        || w.workload == WorkloadKind::Streaming;
    let queries = query_cost.map(|q| {
        if columnar {
            q.columnar_monthly_usd
        } else {
            q.raw_monthly_usd
        }
    });
    Total {
        monthly_usd: best.monthly_usd + storage_monthly + queries.unwrap_or(Usd::ZERO),
        job_usd: best.job_usd,
        compute_monthly_usd: best.monthly_usd,
        storage_monthly_usd: storage_monthly,
        queries_monthly_usd: queries,
    }
}

/// What a sized serving request assumes: the model's shape when it is the default for its size,
/// the generated tokens and the latency target when they are defaults.
fn serving_assumptions(w: &Workload) -> Vec<String> {
    let serving = matches!(
        w.workload,
        WorkloadKind::RealtimeInference | WorkloadKind::BatchInference
    );
    let Some(model) = w.model.as_ref().filter(|_| serving) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if model.basis == "default" {
        out.push(format!(
            "the model's shape is assumed from its size: {} layers, {} key/value heads of {} \
             (default-kv-heads, default-head-dim), a 16-bit KV cache of {} KiB per token; {}",
            round2(model.layers),
            round2(model.kv_heads),
            round2(model.head_dim),
            round2(model.kv_bytes_per_token(2.0) / crate::sizing::KIB),
            model.note.as_deref().unwrap_or_default()
        ));
    }
    if w.output_tokens_default && w.output_tokens > 1 {
        out.push(format!(
            "{} generated tokens per request (the default for a decoder, --output-tokens; 1 \
             scores without generating)",
            w.output_tokens
        ));
    }
    if w.latency_ms_basis == "default" && w.workload == WorkloadKind::RealtimeInference {
        out.push(format!(
            "latency target {} ms per request, the default for a request scored in one pass; \
             pass --latency-ms",
            round2(w.latency_ms)
        ));
    }
    if w.latency_ms_basis == "generation" && w.workload == WorkloadKind::RealtimeInference {
        out.push(format!(
            "latency target {} ms per request: MLPerf's interactive level, generation-ttft-ms \
             to the first token and generation-tpot-ms per generated token after it; pass \
             --latency-ms",
            round2(w.latency_ms)
        ));
    }
    out
}

impl Recommendation {
    fn accelerator_of(
        catalog: &Catalog,
        t: &InstanceType,
        count: u32,
    ) -> Option<OptionAccelerator> {
        t.accelerator.as_ref().map(|a| OptionAccelerator {
            name: catalog
                .accelerator(&a.model)
                .map_or_else(|| a.model.clone(), |m| m.name.clone()),
            count: a.count * count,
            memory_gib_each: a.memory_gib_each,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workload::RawWorkload;

    /// The families the engine skips are only ever skipped: checking every type of the
    /// catalog gives the same answer as checking the considered families' types.
    #[test]
    fn types_outside_the_considered_families_are_skipped() {
        let catalog = Catalog::builtin().unwrap();
        let coefficients = crate::sizing::Coefficients::of(&catalog);
        let flags = [
            (None, vec![], vec![]),
            (Some(7_000_000_000), vec![], vec![]),
            (Some(100_000_000), vec!["c5".to_string()], vec![]),
            (None, vec![], vec!["m5".to_string(), "p3".to_string()]),
        ];
        let mut skipped = 0;
        // streaming and ETL price services and check no instance type
        let kinds = WorkloadKind::ALL
            .iter()
            .filter(|k| !matches!(k, WorkloadKind::Streaming | WorkloadKind::Etl));
        for &kind in kinds {
            for (model_params, allow, deny) in &flags {
                let request = RawWorkload {
                    workload: Some(kind),
                    data_size: Some(2_000_000_000_000),
                    model_params: *model_params,
                    allow_family: allow.clone(),
                    deny_family: deny.clone(),
                    ..RawWorkload::default()
                };
                let Ok(w) = request.normalize(&catalog) else {
                    continue;
                };
                let plan = fire::plan(&catalog, &w);
                let (min_memory_gib, _) = memory_need(&catalog, &w);
                for t in catalog.instances() {
                    if considered(&plan, &w, &t.family, &[t.category]) {
                        continue;
                    }
                    skipped += 1;
                    let got = check(&catalog, &coefficients, &plan, &w, t, min_memory_gib);
                    assert!(
                        matches!(got, Check::Skip),
                        "{kind} {model_params:?} allow {allow:?} deny {deny:?}: {} not skipped",
                        t.id
                    );
                }
            }
        }
        assert!(skipped > 1000, "{skipped}");
    }
}
