//! `advisor rightsize`: from the measured peak use of a running instance type, the cheapest
//! priced type that still holds it with headroom, and what binds each candidate.

use crate::answer::catalog::AcceleratorInfo;
use crate::answer::rightsize::{Fitted, Needs, Observed, RightsizeReport, Saving};
use crate::catalog::{Arch, Catalog, InstanceType, Software};
use crate::error::Error;

/// A need within this share of a candidate's capacity is a risk.
const RISK_SHARE: f64 = 0.9;

/// What `advisor rightsize` is asked.
#[derive(Debug, Clone)]
pub struct RightsizeRequest {
    /// The running instance type.
    pub instance_type: String,
    /// How many run (replaced one for one).
    pub count: u32,
    /// Region of the prices.
    pub region: String,
    /// Where the region came from.
    pub region_basis: &'static str,
    /// Hours a month they run.
    pub hours_per_month: f64,
    /// The measured peaks (memory as GiB or as `mem_pct`).
    pub observed: Observed,
    /// Memory used as a percent of the running type's, when given so.
    pub mem_pct: Option<f64>,
    /// Headroom over every measured need, percent.
    pub headroom_pct: f64,
    /// Graviton (arm64) candidates for an x86 type, or x86 for a Graviton one.
    pub allow_arm: bool,
    /// Keep EFA (`--keep efa`).
    pub keep_efa: bool,
    /// Keep local NVMe (`--keep nvme`).
    pub keep_nvme: bool,
    /// Keep the accelerator model (`--keep accelerator`).
    pub keep_accelerator: bool,
    /// Candidates listed at most.
    pub top: usize,
}

/// Dense 16-bit TFLOPS of a type's accelerators in all, and their software.
fn accelerators(catalog: &Catalog, t: &InstanceType) -> Option<(Option<f64>, Software, f64)> {
    let a = t.accelerator.as_ref()?;
    let model = catalog.accelerator(&a.model)?;
    Some((
        model.dense_16bit_tflops().map(|x| x * f64::from(a.count)),
        model.software,
        a.memory_gib_each,
    ))
}

/// The requirements: each measured need with the headroom, each unmeasured one at the running
/// type's capacity (named in the second value); and the memory used, GiB, if measured.
fn needs(
    catalog: &Catalog,
    t: &InstanceType,
    req: &RightsizeRequest,
) -> (Needs, Vec<&'static str>, Option<f64>) {
    let o = &req.observed;
    let h = 1.0 + req.headroom_pct / 100.0;
    let mut kept = Vec::new();
    let memory_used = o
        .memory_gib
        .or(req.mem_pct.map(|p| p / 100.0 * t.memory_gib));
    let current_accel = accelerators(catalog, t);
    let needs = Needs {
        vcpus: o.cpu_pct.map_or_else(
            || {
                kept.push("vCPUs");
                f64::from(t.vcpus)
            },
            |p| p / 100.0 * f64::from(t.vcpus) * h,
        ),
        memory_gib: memory_used.map_or_else(
            || {
                kept.push("memory");
                t.memory_gib
            },
            |m| m * h,
        ),
        accelerator_tflops: current_accel.and_then(|(tflops, ..)| {
            let tflops = tflops?;
            Some(o.accelerator_pct.map_or_else(
                || {
                    kept.push("accelerator compute");
                    tflops
                },
                |p| p / 100.0 * tflops * h,
            ))
        }),
        accelerator_memory_gib: current_accel.map(|(_, _, each)| {
            o.accelerator_memory_gib.map_or_else(
                || {
                    kept.push("accelerator memory");
                    each
                },
                |g| g * h,
            )
        }),
        accelerator_memory_total: o.accelerator_memory_total,
        accelerator_software: current_accel.map(|(_, s, _)| software_id(s).to_string()),
        network_gbps: o.network_gbps.map(|n| n * h),
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
    };
    (needs, kept, memory_used)
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
    let o = &req.observed;
    let mut assumptions = vec![format!(
        "on-demand prices, {} instance(s) replaced one for one; every measured need gets {}% \
         headroom",
        req.count, req.headroom_pct
    )];
    let (needs, kept, memory_used) = needs(catalog, t, req);
    if !kept.is_empty() {
        assumptions.push(format!(
            "not measured, so kept at {}'s capacity: {}",
            t.id,
            kept.join(", ")
        ));
    }
    if o.cpu_pct.is_some() {
        assumptions.push(
            "a vCPU counts the same on every type: an older generation or another vendor's \
             processor may do less per vCPU, so check a candidate of another family under load"
                .into(),
        );
    }
    if needs.network_gbps.is_none() {
        assumptions.push("network not measured: not a constraint (pass --net)".into());
    }
    // a sustained load on a burstable type runs at its baseline once its CPU credits are spent
    let burstable_ok = burstable(&t.family);
    if !burstable_ok {
        assumptions.push(
            "burstable (T) types are left out: a sustained load runs at their baseline once \
             its CPU credits are spent"
                .into(),
        );
    }
    let fit = |c: &InstanceType| fitted(catalog, c, &needs, &region, req);
    let current = fit(t).expect("the running type has a price");
    let mut candidates: Vec<Fitted> = catalog
        .instances()
        .iter()
        .filter(|c| {
            !c.capacity_block_only
                && (burstable_ok || !burstable(&c.family))
                && meets(catalog, c, &needs)
        })
        .filter_map(fit)
        .collect();
    candidates.sort_by(|a, b| {
        a.hourly_usd
            .cmp(&b.hourly_usd)
            .then(a.vcpus.cmp(&b.vcpus))
            .then_with(|| a.instance_type.cmp(&b.instance_type))
    });
    candidates.truncate(req.top.max(1));
    let saving = candidates
        .first()
        .filter(|b| b.hourly_usd < current.hourly_usd)
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
    let mut warnings = Vec::new();
    if let Some(days) = o.span_days.filter(|&d| d < 14.0) {
        warnings.push(format!(
            "the metrics span {} days, under 14 (AWS Compute Optimizer's minimum): a peak outside \
             them is missed",
            (days * 10.0).round() / 10.0
        ));
    }
    if current.binding_pct > 100.0 {
        warnings.push(format!(
            "{} is already short of its {} ({}% of capacity with headroom): nothing smaller fits",
            current.instance_type, current.binding, current.binding_pct
        ));
    }
    Ok((
        RightsizeReport {
            region,
            region_basis: req.region_basis,
            hours_per_month: req.hours_per_month,
            // memory given as a percent is reported in GiB of the running type
            observed: Observed {
                memory_gib: memory_used.map(|m| (m * 100.0).round() / 100.0),
                ..o.clone()
            },
            headroom_pct: req.headroom_pct,
            needs,
            right_sized: saving.is_none(),
            current,
            candidates,
            saving,
            assumptions,
        },
        warnings,
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
        (Some(sw), Some((tflops, software, each))) => {
            let model = c.accelerator.as_ref().map(|a| a.model.as_str());
            if n.accelerator_model
                .as_deref()
                .is_some_and(|m| Some(m) != model)
            {
                return false;
            }
            let count = c.accelerator.as_ref().map_or(0.0, |a| f64::from(a.count));
            let memory = if n.accelerator_memory_total {
                each * count
            } else {
                each
            };
            software_id(software) == sw
                && n.accelerator_tflops
                    .is_none_or(|need| tflops.is_some_and(|have| have >= need))
                && n.accelerator_memory_gib.is_none_or(|need| memory >= need)
        }
        _ => false,
    }
}

/// `c` priced and set against the needs: its binding resource and risks (None: no price).
fn fitted(
    catalog: &Catalog,
    c: &InstanceType,
    n: &Needs,
    region: &str,
    req: &RightsizeRequest,
) -> Option<Fitted> {
    let hourly = c.price(region)?.on_demand.usd.times(f64::from(req.count));
    let accel = accelerators(catalog, c);
    let count = c.accelerator.as_ref().map_or(0.0, |a| f64::from(a.count));
    let mut uses: Vec<(&str, f64, f64)> = vec![
        ("vcpus", n.vcpus, f64::from(c.vcpus)),
        ("memory", n.memory_gib, c.memory_gib),
    ];
    if let (Some(need), Some((Some(have), ..))) = (n.accelerator_tflops, accel) {
        uses.push(("accelerator compute", need, have));
    }
    if let (Some(need), Some((_, _, each))) = (n.accelerator_memory_gib, accel) {
        let have = if n.accelerator_memory_total {
            each * count
        } else {
            each
        };
        uses.push(("accelerator memory", need, have));
    }
    if let Some(need) = n.network_gbps {
        uses.push(("network", need, c.network_gbps));
    }
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
    let risks = uses
        .iter()
        .filter(|(_, need, have)| *need >= RISK_SHARE * have && *need <= *have)
        .map(|(r, need, have)| {
            format!(
                "{r}: {} needed of {} ({}%)",
                (need * 100.0).round() / 100.0,
                (have * 100.0).round() / 100.0,
                pct(*need, *have)
            )
        })
        .collect();
    Some(Fitted {
        instance_type: c.id.to_string(),
        count: req.count,
        vcpus: c.vcpus,
        memory_gib: c.memory_gib,
        accelerator: AcceleratorInfo::of(catalog, c),
        dense_tflops: accel.and_then(|(t, ..)| t),
        network_gbps: c.network_gbps,
        hourly_usd: hourly,
        monthly_usd: hourly.times(req.hours_per_month),
        binding,
        binding_pct,
        risks,
    })
}
