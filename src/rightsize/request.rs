//! From a right-sizing request as given ([`RawRightsize`]: flags or a plan's `[[rightsize]]`
//! keys) to what [`super::rightsize`] is asked: the measured use from the flags and a metrics
//! file (flags win), with what the file's coverage leaves uncertain.

use std::path::Path;

use crate::answer::rightsize::Observed;
use crate::catalog::Catalog;
use crate::engine::{Terms, HOURS_PER_MONTH};
use crate::error::Error;
use crate::metrics::{self, Measured, Stat};
use crate::units::SizeOrPercent;
use crate::vocab::{Commitment, Keep};
use crate::workload::rightsize::RawRightsize;

/// Headroom over every measured need when none is given, percent.
pub const DEFAULT_HEADROOM_PCT: f64 = 20.0;
/// Types listed when `--top` is not given.
pub const DEFAULT_TOP: u32 = 5;

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
    /// The pricing models allowed (`--interruptible`, `--commitment`).
    pub terms: Terms,
    /// Candidates listed at most.
    pub top: usize,
}

/// The request `raw` makes in `region` (with where it came from): a metrics file is read
/// (relative to `base` when given, a plan file's directory) and summarised by the statistic
/// asked; flags given as well override its values. Returns the request and the warnings about
/// the file's coverage.
pub fn resolve(
    catalog: &Catalog,
    raw: &RawRightsize,
    (region, region_basis): (String, &'static str),
    base: Option<&Path>,
) -> Result<(RightsizeRequest, Vec<String>), Error> {
    let stat = raw.stat.unwrap_or(Stat::P95);
    let mut warnings = Vec::new();
    let file = match &raw.metrics {
        Some(path) => {
            let path = match base {
                Some(dir) if path.is_relative() => dir.join(path),
                _ => path.clone(),
            };
            let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            let m = metrics::parse(&path.display().to_string(), &text, stat)?;
            if !m.ignored.is_empty() {
                warnings.push(format!(
                    "metrics not read: {} (advisor reads CPU, memory and GPU metrics)",
                    m.ignored.join(", ")
                ));
            }
            warnings.extend(coverage_warnings(catalog, &raw.instance_type, &m, stat));
            Some(m)
        }
        None => None,
    };
    let accelerators = catalog
        .instance(&raw.instance_type)
        .and_then(|t| t.accelerator.as_ref())
        .map_or(0, |a| a.count as usize);
    let gib = |bytes: u64| bytes as f64 / (1u64 << 30) as f64;
    let (mem_gib, mem_pct) = match raw.mem {
        Some(SizeOrPercent::Bytes(b)) => (Some(gib(b)), None),
        Some(SizeOrPercent::Percent(p)) => (None, Some(p)),
        None => (None, file.as_ref().and_then(|m| m.mem_pct)),
    };
    let file_gib =
        |f: fn(&Measured) -> Option<f64>| file.as_ref().and_then(f).map(|mib| mib / 1024.0);
    let (gpu_mem, gpu_mem_total) = match (raw.gpu_mem.map(gib), raw.gpu_mem_total) {
        (Some(g), true) => (None, Some(g)),
        (Some(g), false) => (Some(g), None),
        (None, _) => (
            file_gib(|m| m.gpu_mem_mib),
            file_gib(|m| m.gpu_mem_total_mib),
        ),
    };
    let observed = Observed {
        source: if file.is_some() { "metrics" } else { "flags" }.into(),
        stat: file.as_ref().map(|_| stat.id().to_string()),
        span_days: file.as_ref().map(|m| (m.span_days * 10.0).round() / 10.0),
        cpu_pct: raw.cpu.or(file.as_ref().and_then(|m| m.cpu_pct)),
        memory_gib: mem_gib,
        accelerator_pct: raw.gpu.or(file.as_ref().and_then(|m| m.gpu_pct)),
        // the file's busiest series only with its own average (a --gpu flag overrides both),
        // and only with a series per accelerator: fewer are averages already
        accelerator_max_pct: raw.gpu_max.or(file
            .as_ref()
            .filter(|m| raw.gpu.is_none() && m.gpu_series >= accelerators)
            .and_then(|m| m.gpu_max_pct)),
        accelerator_memory_gib: gpu_mem,
        accelerator_memory_total_gib: gpu_mem_total,
        network_gbps: raw.net,
    };
    let request = RightsizeRequest {
        instance_type: raw.instance_type.clone(),
        count: raw.count.unwrap_or(1),
        region,
        region_basis,
        hours_per_month: raw.hours_per_month.unwrap_or(HOURS_PER_MONTH),
        observed,
        mem_pct,
        headroom_pct: raw.headroom.unwrap_or(DEFAULT_HEADROOM_PCT),
        allow_arm: raw.allow_arm,
        keep_efa: raw.keeps(Keep::Efa),
        keep_nvme: raw.keeps(Keep::Nvme),
        keep_accelerator: raw.keeps(Keep::Accelerator),
        terms: Terms {
            interruptible: raw.interruptible,
            commitment: raw.commitment.unwrap_or(Commitment::None),
        },
        top: raw.top.unwrap_or(DEFAULT_TOP) as usize,
    };
    Ok((request, warnings))
}

/// What a metrics file's coverage leaves uncertain: under 14 days (AWS Compute Optimizer's
/// minimum), too few samples for a percentile, GPU series that do not match the type's
/// accelerators.
fn coverage_warnings(
    catalog: &Catalog,
    instance_type: &str,
    m: &Measured,
    stat: Stat,
) -> Vec<String> {
    let mut w = Vec::new();
    if m.span_days < 14.0 {
        w.push(format!(
            "the metrics span {} days, under 14 (AWS Compute Optimizer's minimum): a peak outside \
             them is missed",
            (m.span_days * 10.0).round() / 10.0
        ));
    }
    if stat != Stat::Max && m.samples < 20 {
        w.push(format!(
            "only {} samples of a metric: its {} is their maximum",
            m.samples,
            stat.id()
        ));
    }
    let accelerators = catalog
        .instance(instance_type)
        .and_then(|t| t.accelerator.as_ref())
        .map_or(0, |a| a.count as usize);
    if m.gpu_pct.is_some() && accelerators > 0 && m.gpu_series != accelerators {
        w.push(format!(
            "the GPU utilization has {} series at a timestamp but {instance_type} has {accelerators} \
             accelerators: their average assumes every accelerator has a row{}",
            m.gpu_series,
            if m.gpu_series < accelerators {
                ", and the busiest one is taken to do all the work (pass --gpu-max)"
            } else {
                ""
            }
        ));
    }
    w
}
