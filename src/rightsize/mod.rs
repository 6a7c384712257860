//! `advisor rightsize`: from the measured peak use of a running instance type, the cheapest
//! priced type that still holds it with headroom, and what binds each candidate.

use crate::answer::catalog::AcceleratorInfo;
use crate::answer::rightsize::{Fitted, Needs, Observed, RightsizeReport, Saving};
use crate::catalog::{Arch, Catalog, InstanceType, Software};
use crate::error::Error;

mod request;

pub use request::{resolve, RightsizeRequest};

/// A need within this share of a candidate's capacity is a risk.
const RISK_SHARE: f64 = 0.9;

/// A type's accelerators in all: dense 16-bit TFLOPS, memory bandwidth (GB/s), software,
/// memory per device (GiB) and count.
#[derive(Clone, Copy)]
struct Accels {
    tflops: Option<f64>,
    bandwidth: Option<f64>,
    software: Software,
    each: f64,
    count: f64,
}

fn accelerators(catalog: &Catalog, t: &InstanceType) -> Option<Accels> {
    let a = t.accelerator.as_ref()?;
    let model = catalog.accelerator(&a.model)?;
    let n = f64::from(a.count);
    Some(Accels {
        tflops: model.dense_16bit_tflops().map(|x| x * n),
        bandwidth: model.memory_bandwidth_gb_per_s.map(|x| x * n),
        software: model.software,
        each: a.memory_gib_each,
        count: n,
    })
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// A measured use above what the running type has cannot be: a usage error naming it.
fn impossible(what: &str, used: f64, has: f64, t: &InstanceType) -> Result<(), Error> {
    if used > has * 1.0001 {
        return Err(Error::Usage(format!(
            "{what} {} GiB measured, but {} has {} GiB: check the value",
            round2(used),
            t.id,
            round2(has)
        )));
    }
    Ok(())
}

/// The requirements: each measured need with the headroom, each unmeasured one at the running
/// type's capacity (listed in `kept`); and the memory used, GiB, if measured.
fn needs(
    catalog: &Catalog,
    t: &InstanceType,
    req: &RightsizeRequest,
) -> Result<(Needs, Option<f64>), Error> {
    let o = &req.observed;
    let h = 1.0 + req.headroom_pct / 100.0;
    let mut kept: Vec<String> = Vec::new();
    let mut keep = |name: &str, value: f64| {
        kept.push(name.to_string());
        value
    };
    let memory_used = o
        .memory_gib
        .or(req.mem_pct.map(|p| p / 100.0 * t.memory_gib));
    if let Some(m) = memory_used {
        impossible("memory", m, t.memory_gib, t)?;
    }
    let cur = accelerators(catalog, t);
    let gpu_measured = o.accelerator_pct.is_some()
        || o.accelerator_memory_gib.is_some()
        || o.accelerator_memory_total_gib.is_some();
    if gpu_measured && cur.is_none() {
        return Err(Error::Usage(format!(
            "{} has no accelerators: --gpu and --gpu-mem apply to accelerated types",
            t.id
        )));
    }
    if req.keep_accelerator && cur.is_none() {
        return Err(Error::Usage(format!(
            "--keep accelerator: {} has no accelerators to keep",
            t.id
        )));
    }
    if let Some(c) = cur {
        if let Some(m) = o.accelerator_memory_gib {
            impossible("accelerator memory", m, c.each, t)?;
        }
        if let Some(m) = o.accelerator_memory_total_gib {
            impossible("accelerator memory", m, c.each * c.count, t)?;
        }
    }
    if o.cpu_pct.is_none() && memory_used.is_none() && !gpu_measured && o.network_gbps.is_none() {
        return Err(Error::Usage(
            "nothing measured: give --cpu, --mem, --gpu, --gpu-mem, --net or --metrics FILE".into(),
        ));
    }
    let vcpus = o.cpu_pct.map_or_else(
        || keep("vcpus", f64::from(t.vcpus)),
        |p| p / 100.0 * f64::from(t.vcpus) * h,
    );
    let memory_gib = memory_used.map_or_else(|| keep("memory", t.memory_gib), |m| m * h);
    let (mut tflops, mut bandwidth, mut each, mut total) = (None, None, None, None);
    if let Some(c) = cur {
        tflops = c.tflops.map(|x| {
            o.accelerator_pct
                .map_or_else(|| keep("accelerator compute", x), |p| p / 100.0 * x * h)
        });
        bandwidth = c.bandwidth.map(|x| {
            o.accelerator_pct
                .map_or_else(|| keep("accelerator bandwidth", x), |p| p / 100.0 * x * h)
        });
        // the fullest accelerator's use, and the use of all of them: a measured total is
        // also the most one accelerator can hold, and without it every accelerator is taken
        // to hold as much as the fullest
        let e = o.accelerator_memory_gib.or(o.accelerator_memory_total_gib);
        each = Some(e.map_or_else(|| keep("accelerator memory", c.each), |g| g * h));
        total = Some(
            match (o.accelerator_memory_total_gib, o.accelerator_memory_gib) {
                (Some(g), _) => g * h,
                (None, Some(g)) => g * h * c.count,
                (None, None) => c.each * c.count,
            },
        );
    }
    let needs = Needs {
        vcpus: round2(vcpus),
        memory_gib: round2(memory_gib),
        accelerator_tflops: tflops.map(round2),
        accelerator_memory_gib: each.map(round2),
        accelerator_memory_total_gib: total.map(round2),
        accelerator_bandwidth_gb_per_s: bandwidth.map(round2),
        accelerator_count: t.accelerator.as_ref().map(|a| a.count),
        accelerator_software: cur.map(|c| software_id(c.software).to_string()),
        network_gbps: o.network_gbps.map(|n| round2(n * h)),
        archs: if req.allow_arm {
            vec!["x86_64".into(), "arm64".into()]
        } else {
            vec![t.arch.id().into()]
        },
        efa: req.keep_efa,
        nvme: req.keep_nvme,
        accelerator_model: t
            .accelerator
            .as_ref()
            .filter(|_| req.keep_accelerator)
            .map(|a| a.model.clone()),
        kept,
    };
    Ok((needs, memory_used))
}

/// What the answer assumes, one sentence each.
fn assumptions(req: &RightsizeRequest, t: &InstanceType, n: &Needs) -> Vec<String> {
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
    if req.observed.accelerator_pct.is_some() {
        a.push(
            "accelerator utilization is the share of time a kernel runs, applied to both the \
             running accelerators' dense TFLOPS and their memory bandwidth: a candidate needs \
             that much of each"
                .into(),
        );
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
    if t.price(&region).is_none() {
        return Err(Error::Usage(format!(
            "{} has no on-demand price in {region} in the catalog: pass --region where it runs",
            t.id
        )));
    }
    let (needs, memory_used) = needs(catalog, t, req)?;
    let assumptions = assumptions(req, t, &needs);
    let burstable_ok = burstable(&t.family);
    let fit = |c: &InstanceType| fitted(catalog, c, &needs, &region, req);
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
            right_sized: !under_provisioned && saving.is_none(),
            current,
            candidates,
            saving,
            assumptions,
        },
        Vec::new(),
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
    let best = report.candidates.first().unwrap_or(&report.current);
    let max = max.filter(|max| best.monthly_usd > *max)?;
    Some(format!(
        "over budget: {} costs {}/month > {gate} {}",
        best.instance_type,
        best.monthly_usd.format_money(),
        max.format_money()
    ))
}

/// A burstable (T) family: t2, t3, t3a, t4g.
fn burstable(family: &str) -> bool {
    let mut chars = family.chars();
    chars.next() == Some('t') && chars.next().is_some_and(|c| c.is_ascii_digit())
}

fn software_id(s: Software) -> &'static str {
    match s {
        Software::Cuda => "cuda",
        Software::Neuron => "neuron",
        Software::Other => "other",
    }
}

/// Whether `c` meets every need.
fn meets(catalog: &Catalog, c: &InstanceType, n: &Needs) -> bool {
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
                && at_least(n.accelerator_bandwidth_gb_per_s, a.bandwidth)
                && at_least(n.accelerator_memory_gib, Some(a.each))
                && at_least(n.accelerator_memory_total_gib, Some(a.each * a.count))
        }
        _ => false,
    }
}

/// `c` priced and set against the measured needs: what binds it and its risks (None: no
/// price).
fn fitted(
    catalog: &Catalog,
    c: &InstanceType,
    n: &Needs,
    region: &str,
    req: &RightsizeRequest,
) -> Option<Fitted> {
    let price = c.price(region)?;
    let pricing =
        crate::engine::decide_at_hours(price, f64::from(req.count), req.hours_per_month, req.terms);
    let hourly = pricing.point.usd.times(f64::from(req.count));
    let accel = accelerators(catalog, c);
    let measured = |r: &str| !n.kept.iter().any(|k| k == r);
    let mut uses: Vec<(&str, f64, f64)> = vec![
        ("vcpus", n.vcpus, f64::from(c.vcpus)),
        ("memory", n.memory_gib, c.memory_gib),
    ];
    if let Some(a) = accel {
        let pairs = [
            ("accelerator compute", n.accelerator_tflops, a.tflops),
            (
                "accelerator bandwidth",
                n.accelerator_bandwidth_gb_per_s,
                a.bandwidth,
            ),
            ("accelerator memory", n.accelerator_memory_gib, Some(a.each)),
            (
                "accelerator memory in all",
                n.accelerator_memory_total_gib,
                Some(a.each * a.count),
            ),
        ];
        for (r, need, have) in pairs {
            if let (Some(need), Some(have)) = (need, have) {
                let kept = r.strip_suffix(" in all").unwrap_or(r);
                uses.push((if measured(kept) { r } else { "" }, need, have));
            }
        }
    }
    if let Some(need) = n.network_gbps {
        uses.push(("network", need, c.network_gbps));
    }
    uses.retain(|(r, ..)| !r.is_empty() && measured(r));
    let pct = |need: f64, have: f64| {
        if have > 0.0 {
            (need / have * 1000.0).round() / 10.0
        } else {
            f64::INFINITY
        }
    };
    let (binding, binding_pct) = uses
        .iter()
        .map(|(r, need, have)| (r.to_string(), pct(*need, *have)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap_or_default();
    let mut risks: Vec<String> = uses
        .iter()
        .filter(|(_, need, have)| *need >= RISK_SHARE * have - 1e-9 && *need <= *have)
        .map(|(r, need, have)| {
            format!(
                "{r}: {} needed of {} ({}%)",
                round2(*need),
                round2(*have),
                pct(*need, *have)
            )
        })
        .collect();
    if let (Some(running), Some(a)) = (n.accelerator_count, &c.accelerator) {
        if a.count < running {
            risks.push(format!(
                "the work of {running} accelerators on {}: the code must run on fewer",
                a.count
            ));
        }
    }
    Some(Fitted {
        instance_type: c.id.to_string(),
        count: req.count,
        vcpus: c.vcpus,
        memory_gib: c.memory_gib,
        accelerator: AcceleratorInfo::of(catalog, c),
        dense_tflops: accel.and_then(|a| a.tflops),
        network_gbps: c.network_gbps,
        pricing_model: pricing.model.to_string(),
        pricing_reason: pricing.reason(),
        price_estimated: pricing.point.estimated,
        hourly_usd: hourly,
        monthly_usd: pricing.monthly,
        binding,
        binding_pct,
        risks,
    })
}
