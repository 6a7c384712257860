//! What a replacement needs: the measured use of the running type as requirements, with the
//! headroom, at most the running type's capacity while it holds the use.

use crate::answer::rightsize::{Needs, Observed};
use crate::catalog::{Catalog, InstanceType, Software};
use crate::error::Error;

use super::request::RightsizeRequest;

/// A type's accelerators in all: dense 16-bit TFLOPS, memory bandwidth (GB/s), software,
/// memory per device (GiB) and count.
#[derive(Clone, Copy)]
pub(super) struct Accels {
    pub(super) tflops: Option<f64>,
    pub(super) bandwidth: Option<f64>,
    pub(super) software: Software,
    pub(super) each: f64,
    pub(super) count: f64,
}

impl Accels {
    /// Whether the catalog lacks its dense TFLOPS or memory bandwidth.
    pub(super) fn unfigured(self) -> bool {
        self.tflops.is_none() || self.bandwidth.is_none()
    }
}

pub(super) fn accelerators(catalog: &Catalog, t: &InstanceType) -> Option<Accels> {
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

pub(super) fn round2(x: f64) -> f64 {
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
pub(super) fn needs(
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

/// The id of an accelerator software stack.
pub(super) fn software_id(s: Software) -> &'static str {
    match s {
        Software::Cuda => "cuda",
        Software::Neuron => "neuron",
        Software::Other => "other",
    }
}
