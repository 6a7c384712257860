//! `advisor rightsize`: from the measured peak use of a running instance type, the cheapest
//! priced type that still holds it with headroom, and what binds each candidate.

use crate::answer::rightsize::{Fitted, Needs, Observed, RightsizeReport, Saving, Verdict};
use crate::catalog::{Catalog, InstanceType};
use crate::error::Error;

mod fit;
mod needs;
mod request;

use fit::{burstable, fitted, meets};
use needs::{accelerators, needs, round2};
pub use request::{resolve, RightsizeRequest};

/// The most instances `rightsize` prices: a million of the dearest type a month is about
/// $72 billion, far inside [`crate::money::Usd`]'s range.
const MAX_COUNT: u32 = 1_000_000; // the message spells it out

/// What the answer assumes, one sentence each.
fn assumptions(
    req: &RightsizeRequest,
    t: &InstanceType,
    n: &Needs,
    capped: &[String],
    unfigured: Option<&str>,
) -> Vec<String> {
    let mut a = vec![format!(
        "{} instance(s) replaced one for one; every measured need gets {}% headroom",
        req.count, req.headroom_pct
    )];
    a.push(pricing_sentence(req));
    if !n.kept.is_empty() {
        a.push(format!(
            "not measured, so kept at {}'s capacity and never what binds: {}",
            t.id,
            n.kept.join(", ")
        ));
    }
    if req.observed.cpu_pct.is_some() {
        a.push(
            "a vCPU counts the same on every type: an older generation or another vendor's \
             processor may do less per vCPU, so check a candidate of another family under load"
                .into(),
        );
    }
    let o = &req.observed;
    if o.accelerator_pct.is_some() || o.accelerator_max_pct.is_some() {
        a.push(
            "accelerator utilization is the share of time a kernel runs, applied to both the \
             running accelerators' dense TFLOPS and their memory bandwidth: a candidate needs \
             that much of each in all, and each of its accelerators what the busiest one does"
                .into(),
        );
    }
    if let (Some(avg), None, Some(count)) = (
        o.accelerator_pct,
        o.accelerator_max_pct,
        n.accelerator_count,
    ) {
        if count > 1 {
            a.push(format!(
                "the busiest accelerator is not measured: taken to do all the work, {}% of one \
                 (the {avg}% average times {count}, at most 100%); pass --gpu-max, or a metrics \
                 file with a row per GPU",
                round2((avg * f64::from(count)).min(100.0))
            ));
        }
    }
    if o.accelerator_memory_total_gib.is_some() && o.accelerator_memory_gib.is_none() {
        if let Some(count) = n.accelerator_count.filter(|c| *c > 1) {
            a.push(format!(
                "only the total accelerator memory is measured: the fullest of the {count} \
                 accelerators is taken to hold all of it, up to its capacity (pass --gpu-mem \
                 without --gpu-mem-total for the fullest one's)"
            ));
        }
    }
    if let Some(name) = unfigured {
        a.push(format!(
            "the catalog has no dense TFLOPS or memory bandwidth for {name}: only {name} \
             types are candidates, compared on memory, vCPUs and the rest"
        ));
    }
    if !capped.is_empty() {
        a.push(format!(
            "no room for the headroom on {}: the measured use fits {} but the headroom would \
             pass its capacity, so a replacement needs at least what it has",
            capped.join(", "),
            t.id
        ));
    }
    if n.network_gbps.is_none() {
        a.push("network not measured: not a constraint (pass --net)".into());
    }
    if !burstable(&t.family) {
        a.push(
            "burstable (T) types are left out: a sustained load runs at their baseline once \
             its CPU credits are spent"
                .into(),
        );
    }
    a
}

/// Right-size `req.instance_type`.
pub fn rightsize(
    catalog: &Catalog,
    req: &RightsizeRequest,
) -> Result<(RightsizeReport, Vec<String>), Error> {
    let region = catalog.require_region(&req.region)?.code.clone();
    let t = catalog.require_instance(&req.instance_type)?;
    if t.capacity_block_only {
        return Err(Error::Usage(format!(
            "{} is sold only as EC2 Capacity Blocks for ML, with no on-demand price to right-size \
             from",
            t.id
        )));
    }
    if t.price(&region).is_none() {
        return Err(Error::Usage(format!(
            "{} has no on-demand price in {region} in the catalog: pass --region where it runs",
            t.id
        )));
    }
    if req.count > MAX_COUNT {
        return Err(Error::Usage(format!(
            "--count {}: at most 1,000,000 instances of one type (advisor's money arithmetic \
             stops there)",
            req.count
        )));
    }
    let mut warnings = Vec::new();
    if req.count > crate::engine::PLAUSIBLE_INSTANCES {
        warnings.push(format!(
            "{} instances, beyond {} (a sanity limit): check the count",
            req.count,
            crate::engine::PLAUSIBLE_INSTANCES
        ));
    }
    let (needs, memory_used, capped) = needs(catalog, t, req)?;
    let unfigured = accelerators(catalog, t)
        .filter(|a| a.unfigured())
        .and(t.accelerator.as_ref())
        .and_then(|a| catalog.accelerator(&a.model))
        .map(|m| m.name.clone());
    let assumptions = assumptions(req, t, &needs, &capped, unfigured.as_deref());
    let burstable_ok = burstable(&t.family);
    let fit = |c: &InstanceType| fitted(catalog, c, t, &needs, &region, req);
    let current = fit(t).expect("the running type has a price");
    let under_provisioned = current.binding_pct > 100.0;
    let mut candidates: Vec<Fitted> = catalog
        .instances()
        .iter()
        .filter(|c| {
            !c.capacity_block_only
                && (burstable_ok || !burstable(&c.family))
                && meets(catalog, c, &needs)
        })
        .filter_map(fit)
        .filter(|f| under_provisioned || f.monthly_usd < current.monthly_usd)
        .collect();
    candidates.sort_by(|a, b| {
        a.monthly_usd
            .cmp(&b.monthly_usd)
            .then(a.vcpus.cmp(&b.vcpus))
            .then_with(|| a.instance_type.cmp(&b.instance_type))
    });
    candidates.truncate(req.top.max(1));
    for f in &mut candidates {
        let monthly = current.monthly_usd - f.monthly_usd;
        f.monthly_saving_usd = Some(monthly);
        f.yearly_saving_usd = Some(monthly.times(12.0));
        f.saving_pct = monthly
            .ratio(current.monthly_usd)
            .map(|r| (r * 10_000.0).round() / 100.0);
    }
    let verdict = match (under_provisioned, candidates.is_empty()) {
        (true, true) => Verdict::NothingFits,
        (true, false) => Verdict::UnderProvisioned,
        (false, true) => Verdict::RightSized,
        (false, false) => Verdict::Saving,
    };
    let saving = candidates
        .first()
        .filter(|b| b.monthly_usd < current.monthly_usd)
        .map(|b| {
            let monthly = current.monthly_usd - b.monthly_usd;
            Saving {
                to: b.instance_type.clone(),
                monthly_usd: monthly,
                yearly_usd: monthly.times(12.0),
                pct: monthly
                    .ratio(current.monthly_usd)
                    .map_or(0.0, |r| (r * 10_000.0).round() / 100.0),
            }
        });
    let o = &req.observed;
    Ok((
        RightsizeReport {
            region,
            region_basis: req.region_basis,
            hours_per_month: req.hours_per_month,
            // memory given as a percent is reported in GiB of the running type
            observed: Observed {
                memory_gib: memory_used.map(round2),
                ..o.clone()
            },
            headroom_pct: req.headroom_pct,
            needs,
            under_provisioned,
            right_sized: verdict == Verdict::RightSized,
            verdict,
            current,
            candidates,
            saving,
            assumptions,
        },
        warnings,
    ))
}

/// How the types are priced, as `recommend` decides: the cheapest model the flags allow at the
/// hours they run.
fn pricing_sentence(req: &RightsizeRequest) -> String {
    use crate::vocab::Commitment;
    let t = req.terms;
    if !t.interruptible && t.commitment == Commitment::None {
        return "on-demand prices: pass --commitment 1yr or 3yr to allow reserved prices, \
                --interruptible to allow spot"
            .into();
    }
    let mut allowed = vec!["on-demand"];
    if t.interruptible {
        allowed.push("spot");
    }
    if t.commitment != Commitment::None {
        allowed.push("reserved 1yr");
    }
    if t.commitment == Commitment::ThreeYears {
        allowed.push("reserved 3yr");
    }
    format!(
        "each type, the running one too, is priced under the cheapest model the flags allow \
         ({}) that the catalog prices for it, at {} h/month, as `recommend` decides{}",
        allowed.join(", "),
        round2(req.hours_per_month),
        if t.commitment == Commitment::None {
            ""
        } else {
            " (a reservation bills all 730 h)"
        }
    )
}

/// The budget gate: the message when the best type (the running one when none is cheaper)
/// costs more a month than `max`.
/// `gate` names the flag or key the budget was given with.
pub fn over_budget(
    report: &RightsizeReport,
    max: Option<crate::money::Usd>,
    gate: &str,
) -> Option<String> {
    let best = report.after();
    let max = max.filter(|max| best.monthly_usd > *max)?;
    Some(format!(
        "over budget: {} costs {}/month > {gate} {}",
        best.instance_type,
        best.monthly_usd.format_money(),
        max.format_money()
    ))
}
