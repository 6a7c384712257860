//! `advisor rightsize`: from the measured peak use of a running instance type, the cheapest
//! priced type that still holds it with headroom, and what binds each candidate.

use crate::answer::catalog::AcceleratorInfo;
use crate::answer::rightsize::{Fitted, Needs, Observed, RightsizeReport, Saving, Verdict};
use crate::catalog::{Arch, Catalog, InstanceType, Software};
use crate::error::Error;

mod request;

pub use request::{resolve, RightsizeRequest};

/// The most instances `rightsize` prices: a million of the dearest type a month is about
/// $72 billion, far inside [`crate::money::Usd`]'s range.
const MAX_COUNT: u32 = 1_000_000; // the message spells it out

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

impl Accels {
    /// Whether the catalog lacks its dense TFLOPS or memory bandwidth.
    fn unfigured(self) -> bool {
        self.tflops.is_none() || self.bandwidth.is_none()
    }
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

/// What cannot be measured on the running type: more than it has, GPU use on a type without
/// accelerators, nothing at all. Returns the memory used, GiB, if measured.
fn check_measured(
    t: &InstanceType,
    cur: Option<Accels>,
    req: &RightsizeRequest,
) -> Result<Option<f64>, Error> {
    let o = &req.observed;
    let memory_used = o
        .memory_gib
        .or(req.mem_pct.map(|p| p / 100.0 * t.memory_gib));
    if let Some(m) = memory_used {
        impossible("memory", m, t.memory_gib, t)?;
    }
    let gpu_measured = o.accelerator_pct.is_some()
        || o.accelerator_max_pct.is_some()
        || o.accelerator_memory_gib.is_some()
        || o.accelerator_memory_total_gib.is_some();
    if gpu_measured && cur.is_none() {
        return Err(Error::Usage(format!(
            "{} has no accelerators: --gpu, --gpu-max and --gpu-mem apply to accelerated types",
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
        if let (Some(avg), Some(max)) = (o.accelerator_pct, o.accelerator_max_pct) {
            if max + 1e-9 < avg {
                return Err(Error::Usage(format!(
                    "--gpu-max {max}% is below the average --gpu {avg}%: the busiest accelerator \
                     is at least the average"
                )));
            }
        }
    }
    if o.cpu_pct.is_none() && memory_used.is_none() && !gpu_measured && o.network_gbps.is_none() {
        return Err(Error::Usage(
            "nothing measured: give --cpu, --mem, --gpu, --gpu-max, --gpu-mem, --net or \
             --metrics FILE"
                .into(),
        ));
    }
    Ok(memory_used)
}

/// Turns measured uses into needs, noting what it did.
struct Sizer {
    /// 1 + headroom.
    h: f64,
    /// Resources not measured, kept at the running type's capacity.
    kept: Vec<String>,
    /// Resources whose headroom would pass the running type's capacity.
    capped: Vec<String>,
}

impl Sizer {
    /// A resource not measured: the running type's capacity.
    fn keep(&mut self, name: &str, cap: f64) -> f64 {
        self.kept.push(name.to_string());
        cap
    }

    /// A use `m` of a resource the running type has `cap` of, as a need: `m` with the headroom,
    /// but at most `cap` while `m` is below it (the running type holds the use; the headroom
    /// would only ask for more than it has, so the need is what it has). A measured use at
    /// `cap` or above (saturated, or a network above its baseline) gets the headroom on top: the
    /// running type is short of it. An `assumed` use is never taken as saturated.
    fn need(&mut self, name: &str, m: f64, cap: f64, assumed: bool) -> f64 {
        let with = m * self.h;
        if (assumed || m < cap * 0.9995) && with > cap {
            if !assumed {
                self.capped.push(name.to_string());
            }
            cap
        } else {
            with
        }
    }
}

/// The requirements: each measured need with the headroom (at most the running type's capacity
/// while it holds the use), each unmeasured one at the running type's capacity (listed in
/// `kept`); the memory used, GiB, if measured; and the resources whose headroom was capped.
fn needs(
    catalog: &Catalog,
    t: &InstanceType,
    req: &RightsizeRequest,
) -> Result<(Needs, Option<f64>, Vec<String>), Error> {
    let o = &req.observed;
    let cur = accelerators(catalog, t);
    let memory_used = check_measured(t, cur, req)?;
    let mut z = Sizer {
        h: 1.0 + req.headroom_pct / 100.0,
        kept: Vec::new(),
        capped: Vec::new(),
    };
    let vcpus = f64::from(t.vcpus);
    let vcpus = match o.cpu_pct {
        Some(p) => z.need("vcpus", p / 100.0 * vcpus, vcpus, false),
        None => z.keep("vcpus", vcpus),
    };
    let memory_gib = match memory_used {
        Some(m) => z.need("memory", m, t.memory_gib, false),
        None => z.keep("memory", t.memory_gib),
    };
    let mut a = AccelNeeds::default();
    if let Some(c) = cur {
        a = accel_needs(&mut z, c, o);
    }
    let network_gbps = o
        .network_gbps
        .map(|n| round2(z.need("network", n, t.network_gbps, false)));
    let needs = Needs {
        vcpus: round2(vcpus),
        memory_gib: round2(memory_gib),
        accelerator_tflops: a.tflops.map(round2),
        accelerator_tflops_each: a.tflops_each.map(round2),
        accelerator_memory_gib: a.each.map(round2),
        accelerator_memory_total_gib: a.total.map(round2),
        accelerator_bandwidth_gb_per_s: a.bandwidth.map(round2),
        accelerator_bandwidth_each_gb_per_s: a.bandwidth_each.map(round2),
        accelerator_count: t.accelerator.as_ref().map(|a| a.count),
        accelerator_software: cur.map(|c| software_id(c.software).to_string()),
        network_gbps,
        archs: if req.allow_arm {
            vec!["x86_64".into(), "arm64".into()]
        } else {
            vec![t.arch.id().into()]
        },
        efa: req.keep_efa,
        nvme: req.keep_nvme,
        // without the running accelerator's TFLOPS or bandwidth, only its own model can be
        // compared with it
        accelerator_model: t
            .accelerator
            .as_ref()
            .filter(|_| req.keep_accelerator || cur.is_some_and(|c| c.unfigured()))
            .map(|a| a.model.clone()),
        kept: z.kept,
    };
    Ok((needs, memory_used, z.capped))
}

/// What a replacement's accelerators need: compute and bandwidth in all and on the busiest
/// device, memory on the fullest device and in all.
#[derive(Default)]
struct AccelNeeds {
    tflops: Option<f64>,
    tflops_each: Option<f64>,
    bandwidth: Option<f64>,
    bandwidth_each: Option<f64>,
    each: Option<f64>,
    total: Option<f64>,
}

/// The running accelerators `c` and their measured use as needs. The busiest device's
/// utilization is `--gpu-max` (a file's busiest series); without it, the average times the
/// count (all the work on one device), at most 100%: an assumption, never a saturation.
fn accel_needs(z: &mut Sizer, c: Accels, o: &Observed) -> AccelNeeds {
    let n = c.count;
    let busiest = o
        .accelerator_max_pct
        .map(|p| (p, false))
        .or(o.accelerator_pct.map(|p| ((p * n).min(100.0), true)));
    let total_of = |z: &mut Sizer, name: &str, cap: Option<f64>| {
        cap.map(|x| match o.accelerator_pct {
            Some(p) => z.need(name, p / 100.0 * x, x, false),
            None => z.keep(name, x),
        })
    };
    let each_of = |z: &mut Sizer, name: &str, cap: Option<f64>| {
        cap.map(|x| {
            let x = x / n;
            match busiest {
                Some((p, assumed)) => z.need(name, p / 100.0 * x, x, assumed),
                None => z.keep(name, x),
            }
        })
    };
    let tflops = total_of(z, "accelerator compute", c.tflops);
    let bandwidth = total_of(z, "accelerator bandwidth", c.bandwidth);
    let tflops_each = each_of(z, "busiest accelerator compute", c.tflops);
    let bandwidth_each = each_of(z, "busiest accelerator bandwidth", c.bandwidth);
    // the fullest accelerator's memory: measured, or at most all of a measured total (the
    // worst case, all on one device: an assumption); in all: measured, or every device
    // holding as much as the fullest
    let (m_each, m_total) = (o.accelerator_memory_gib, o.accelerator_memory_total_gib);
    let each = match (m_each, m_total) {
        (Some(g), _) => z.need("accelerator memory", g, c.each, false),
        (None, Some(g)) => z.need("accelerator memory", g.min(c.each), c.each, true),
        (None, None) => z.keep("accelerator memory", c.each),
    };
    let all = c.each * n;
    let total = match (m_total, m_each) {
        (Some(g), _) => z.need("accelerator memory in all", g, all, false),
        (None, Some(g)) => z.need("accelerator memory in all", g * n, all, true),
        (None, None) => all,
    };
    AccelNeeds {
        tflops,
        tflops_each,
        bandwidth,
        bandwidth_each,
        each: Some(each),
        total: Some(total),
    }
}

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
fn fitted(
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
