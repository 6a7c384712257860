//! A type set against the needs: whether it meets them, what binds it, its risks, and its
//! price under the pricing decision.

use crate::answer::catalog::AcceleratorInfo;
use crate::answer::rightsize::{Fitted, Needs};
use crate::catalog::{Arch, Catalog, InstanceType};

use super::needs::{accelerators, round2, software_id};
use super::request::RightsizeRequest;

/// A need within this share of a candidate's capacity is a risk.
const RISK_SHARE: f64 = 0.9;

/// A burstable (T) family: t2, t3, t3a, t4g.
pub(super) fn burstable(family: &str) -> bool {
    let mut chars = family.chars();
    chars.next() == Some('t') && chars.next().is_some_and(|c| c.is_ascii_digit())
}

/// Whether `c` meets every need.
pub(super) fn meets(catalog: &Catalog, c: &InstanceType, n: &Needs) -> bool {
    let arch = match c.arch {
        Arch::X86_64 => "x86_64",
        Arch::Arm64 => "arm64",
    };
    if !n.archs.iter().any(|a| a == arch)
        || (n.efa && c.efa_devices == 0)
        || (n.nvme && c.local_nvme_gb.is_none())
        || f64::from(c.vcpus) < n.vcpus
        || c.memory_gib < n.memory_gib
        || n.network_gbps.is_some_and(|g| c.network_gbps < g)
    {
        return false;
    }
    match (&n.accelerator_software, accelerators(catalog, c)) {
        (None, None) => true,
        (Some(sw), Some(a)) => {
            let model = c.accelerator.as_ref().map(|a| a.model.as_str());
            let at_least = |need: Option<f64>, have: Option<f64>| {
                need.is_none_or(|need| have.is_some_and(|have| have >= need))
            };
            n.accelerator_model
                .as_deref()
                .is_none_or(|m| Some(m) == model)
                && software_id(a.software) == sw
                && at_least(n.accelerator_tflops, a.tflops)
                && at_least(n.accelerator_tflops_each, a.tflops.map(|x| x / a.count))
                && at_least(n.accelerator_bandwidth_gb_per_s, a.bandwidth)
                && at_least(
                    n.accelerator_bandwidth_each_gb_per_s,
                    a.bandwidth.map(|x| x / a.count),
                )
                && at_least(n.accelerator_memory_gib, Some(a.each))
                && at_least(n.accelerator_memory_total_gib, Some(a.each * a.count))
        }
        _ => false,
    }
}

/// `c` priced and set against the measured needs: what binds it and its risks (None: no
/// price). `running` is the type being right-sized.
pub(super) fn fitted(
    catalog: &Catalog,
    c: &InstanceType,
    running: &InstanceType,
    n: &Needs,
    region: &str,
    req: &RightsizeRequest,
) -> Option<Fitted> {
    let price = c.price(region)?;
    let pricing =
        crate::engine::decide_at_hours(price, f64::from(req.count), req.hours_per_month, req.terms);
    let hourly = pricing.point.usd.times(f64::from(req.count));
    let uses = uses(catalog, c, n);
    let (binding, binding_pct) = uses
        .iter()
        .map(|(r, need, have)| (r.to_string(), pct(*need, *have)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap_or_default();
    let mut risks: Vec<String> = uses
        .iter()
        .filter(|(_, need, have)| *need >= RISK_SHARE * have - 1e-9)
        .map(|(r, need, have)| {
            format!(
                "{r}: {} needed of {} ({}%{})",
                round2(*need),
                round2(*have),
                pct(*need, *have),
                if need > have { ", short" } else { "" }
            )
        })
        .collect();
    risks.extend(moves(catalog, c, running, n));
    if pricing.model == crate::vocab::PricingModelId::Spot {
        if let Some(band) = &price.spot_interruption {
            risks.push(format!(
                "spot: frequency of interruption {} in {region} (AWS Spot Instance Advisor)",
                band.band
            ));
        }
    }
    Some(Fitted {
        instance_type: c.id.to_string(),
        count: req.count,
        vcpus: c.vcpus,
        memory_gib: c.memory_gib,
        accelerator: AcceleratorInfo::of(catalog, c),
        dense_tflops: accelerators(catalog, c).and_then(|a| a.tflops),
        network_gbps: c.network_gbps,
        pricing_model: pricing.model.to_string(),
        pricing_reason: pricing.reason(),
        price_estimated: pricing.point.estimated,
        hourly_usd: hourly,
        monthly_usd: pricing.monthly,
        monthly_saving_usd: None,
        yearly_saving_usd: None,
        saving_pct: None,
        binding,
        binding_pct,
        risks,
    })
}

/// A need as a percent of a capacity, one decimal.
fn pct(need: f64, have: f64) -> f64 {
    if have > 0.0 {
        (need / have * 1000.0).round() / 10.0
    } else {
        f64::INFINITY
    }
}

/// Each measured need of `n` against what `c` has: (resource, need, capacity). Resources not
/// measured (`n.kept`) are left out: they never bind.
fn uses(catalog: &Catalog, c: &InstanceType, n: &Needs) -> Vec<(&'static str, f64, f64)> {
    let mut uses: Vec<(&'static str, f64, f64)> = vec![
        ("vcpus", n.vcpus, f64::from(c.vcpus)),
        ("memory", n.memory_gib, c.memory_gib),
    ];
    if let Some(a) = accelerators(catalog, c) {
        let each = |x: Option<f64>| x.map(|x| x / a.count);
        let pairs = [
            ("accelerator compute", n.accelerator_tflops, a.tflops),
            (
                "busiest accelerator compute",
                n.accelerator_tflops_each,
                each(a.tflops),
            ),
            (
                "accelerator bandwidth",
                n.accelerator_bandwidth_gb_per_s,
                a.bandwidth,
            ),
            (
                "busiest accelerator bandwidth",
                n.accelerator_bandwidth_each_gb_per_s,
                each(a.bandwidth),
            ),
            ("accelerator memory", n.accelerator_memory_gib, Some(a.each)),
            (
                "accelerator memory in all",
                n.accelerator_memory_total_gib,
                Some(a.each * a.count),
            ),
        ];
        for (r, need, have) in pairs {
            // on one accelerator, the busiest does the work of all: the total says it
            if a.count == 1.0 && r.starts_with("busiest") {
                continue;
            }
            if let (Some(need), Some(have)) = (need, have) {
                uses.push((r, need, have));
            }
        }
    }
    if let Some(need) = n.network_gbps {
        uses.push(("network", need, c.network_gbps));
    }
    // memory in all is measured when the fullest accelerator's memory is
    let measured = |r: &str| {
        let r = r.strip_suffix(" in all").unwrap_or(r);
        !n.kept.iter().any(|k| k == r)
    };
    uses.retain(|(r, ..)| measured(r));
    uses
}

/// What moving from `running` to `c` changes beyond capacity: fewer accelerators, an older
/// GPU generation (compute capability, bf16, FP8), another architecture, a burstable or Flex
/// CPU.
fn moves(catalog: &Catalog, c: &InstanceType, running: &InstanceType, n: &Needs) -> Vec<String> {
    let mut risks = Vec::new();
    if let (Some(count), Some(a)) = (n.accelerator_count, &c.accelerator) {
        if a.count < count {
            risks.push(format!(
                "the work of {count} accelerators on {}: the code must run on fewer",
                a.count
            ));
        }
    }
    let chip = |t: &InstanceType| {
        t.accelerator
            .as_ref()
            .and_then(|a| catalog.accelerator(&a.model))
    };
    if let (Some(from), Some(to)) = (chip(running), chip(c)) {
        let cc = |x: &crate::catalog::Accelerator| {
            x.compute_capability
                .as_deref()
                .and_then(|c| c.parse::<f64>().ok())
        };
        if let (Some(f), Some(t)) = (cc(from), cc(to)) {
            if t < f {
                let mut lost = Vec::new();
                if f >= 8.0 && t < 8.0 {
                    lost.push("no bf16 (needs 8.0)");
                }
                if from.fp8 == Some(true) && to.fp8 != Some(true) {
                    lost.push("no FP8 tensor cores");
                }
                risks.push(format!(
                    "{} is compute capability {t:.1}, below {}'s {f:.1}: kernels built for \
                     {f:.1} may not run{}{}",
                    to.name,
                    from.name,
                    if lost.is_empty() { "" } else { "; " },
                    lost.join(", ")
                ));
            }
        }
    }
    if c.arch != running.arch {
        risks.push(format!(
            "{}: code, libraries and container images need {} builds",
            c.arch.id(),
            c.arch.id()
        ));
    }
    if burstable(&c.family) {
        risks.push(
            "burstable: CPU above its baseline spends CPU credits (in unlimited mode the \
             surplus is billed)"
                .into(),
        );
    }
    if c.family.ends_with("-flex") {
        risks.push(
            "a Flex type, for loads that do not use all their CPU all the time: check it under \
             a sustained peak"
                .into(),
        );
    }
    risks
}
