//! Measured utilization for `advisor rightsize --metrics FILE`, in the shapes people export:
//! CloudWatch `get-metric-data` JSON (`MetricDataResults`, each a `Label` or `Id` with
//! `Timestamps` and `Values`) or CSV `timestamp,metric,value`. Metric names are the CloudWatch
//! agent's and the GPU exporters': `CPUUtilization` (percent), `mem_used_percent` (percent),
//! `nvidia_smi_utilization_gpu` or `DCGM_FI_DEV_GPU_UTIL` (percent, per GPU: averaged over the
//! GPUs at each timestamp), `nvidia_smi_memory_used` or `DCGM_FI_DEV_FB_USED` (MiB, per GPU: the
//! largest at each timestamp). Other metrics are ignored and named in a warning.

use std::collections::BTreeMap;

use crate::error::Error;

pub use crate::vocab::Stat;

/// The statistic of `samples` (not empty).
fn stat_of(stat: Stat, samples: &mut [f64]) -> f64 {
    samples.sort_by(f64::total_cmp);
    let n = samples.len();
    let rank = |p: f64| ((p * n as f64).ceil() as usize).clamp(1, n) - 1;
    match stat {
        Stat::P95 => samples[rank(0.95)],
        Stat::P99 => samples[rank(0.99)],
        Stat::Max => samples[n - 1],
    }
}

/// The peaks a metrics file gives.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Measured {
    /// CPU utilization, percent.
    pub cpu_pct: Option<f64>,
    /// Memory used, percent of the instance's.
    pub mem_pct: Option<f64>,
    /// Accelerator utilization, percent, averaged over the accelerators.
    pub gpu_pct: Option<f64>,
    /// The busiest accelerator's utilization at each timestamp, percent.
    pub gpu_max_pct: Option<f64>,
    /// Accelerator memory used per accelerator (the largest), MiB.
    pub gpu_mem_mib: Option<f64>,
    /// Accelerator memory used on all accelerators together (their sum at a timestamp), MiB.
    pub gpu_mem_total_mib: Option<f64>,
    /// The fewest samples (timestamps) any metric read has.
    pub samples: usize,
    /// The most series (accelerators) at one timestamp of the GPU utilization.
    pub gpu_series: usize,
    /// Days from the first sample to the last.
    pub span_days: f64,
    /// Metrics the file has that advisor does not read.
    pub ignored: Vec<String>,
}

/// What one metric means, and how several series at one timestamp combine.
enum Kind {
    Cpu,
    Mem,
    GpuUtil,
    GpuMem,
}

fn kind(metric: &str) -> Option<Kind> {
    match metric {
        "CPUUtilization" | "cpu_usage_active" => Some(Kind::Cpu),
        "mem_used_percent" => Some(Kind::Mem),
        "nvidia_smi_utilization_gpu" | "DCGM_FI_DEV_GPU_UTIL" => Some(Kind::GpuUtil),
        "nvidia_smi_memory_used" | "DCGM_FI_DEV_FB_USED" => Some(Kind::GpuMem),
        _ => None,
    }
}

/// Seconds since 1970 of `2026-11-01T00:00:00Z` (or `+00:00`, or a space for `T`, or fractional
/// seconds), or of a plain number of seconds.
fn timestamp(s: &str) -> Option<f64> {
    let s = s.trim();
    if let Ok(x) = s.parse::<f64>() {
        return Some(x);
    }
    let (date, time) = s.split_once(['T', ' '])?;
    let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let time = time.trim_end_matches('Z');
    let time = time.split(['+']).next()?;
    let mut t = time.split(':').map(|p| p.parse::<f64>().ok());
    let (h, min, sec) = (t.next()??, t.next()??, t.next().flatten().unwrap_or(0.0));
    // days from civil (Howard Hinnant's algorithm)
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days as f64 * 86_400.0 + h * 3600.0 + min * 60.0 + sec)
}

/// Samples by metric and timestamp.
type Series = BTreeMap<String, Vec<(f64, f64)>>;

/// Read a metrics file's text (`name` for messages): CloudWatch JSON when it starts with `{`,
/// else CSV.
pub fn parse(name: &str, text: &str, stat: Stat) -> Result<Measured, Error> {
    let series = if text.trim_start().starts_with('{') {
        cloudwatch(name, text)?
    } else {
        csv(name, text)?
    };
    summarise(name, series, stat)
}

fn bad(name: &str, why: String) -> Error {
    Error::Invalid {
        what: format!("metrics file `{name}`"),
        diagnostics: vec![crate::diag::Diagnostic::error(
            crate::codes::Code::InvalidValue,
            format!(
                "{why}; expected CloudWatch get-metric-data JSON or CSV \
                 `timestamp,metric,value`"
            ),
        )],
    }
}

fn cloudwatch(name: &str, text: &str) -> Result<Series, Error> {
    let doc: serde_json::Value =
        serde_json::from_str(text).map_err(|e| bad(name, format!("not JSON ({e})")))?;
    let results = doc["MetricDataResults"]
        .as_array()
        .ok_or_else(|| bad(name, "no `MetricDataResults`".into()))?;
    let mut series = Series::new();
    for r in results {
        let metric = r["Label"]
            .as_str()
            .filter(|l| kind(l).is_some())
            .or_else(|| r["Id"].as_str())
            .or_else(|| r["Label"].as_str())
            .ok_or_else(|| bad(name, "a result without `Label` or `Id`".into()))?;
        let (Some(ts), Some(vs)) = (r["Timestamps"].as_array(), r["Values"].as_array()) else {
            return Err(bad(
                name,
                format!("`{metric}` without `Timestamps` and `Values`"),
            ));
        };
        if ts.len() != vs.len() {
            return Err(bad(
                name,
                format!(
                    "`{metric}` has {} timestamps and {} values",
                    ts.len(),
                    vs.len()
                ),
            ));
        }
        let entry = series.entry(metric.to_string()).or_default();
        for (t, v) in ts.iter().zip(vs) {
            let t = t
                .as_str()
                .and_then(timestamp)
                .or_else(|| t.as_f64())
                .ok_or_else(|| bad(name, format!("`{metric}`: bad timestamp {t}")))?;
            let v = v
                .as_f64()
                .ok_or_else(|| bad(name, format!("`{metric}`: bad value {v}")))?;
            entry.push((t, v));
        }
    }
    Ok(series)
}

fn csv(name: &str, text: &str) -> Result<Series, Error> {
    let mut series = Series::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || (i == 0 && line.to_ascii_lowercase().starts_with("timestamp")) {
            continue;
        }
        let cells: Vec<&str> = line.split(',').map(str::trim).collect();
        let [t, metric, v] = cells[..] else {
            return Err(bad(
                name,
                format!("line {}: {} fields, not 3", i + 1, cells.len()),
            ));
        };
        let t = timestamp(t)
            .ok_or_else(|| bad(name, format!("line {}: bad timestamp `{t}`", i + 1)))?;
        let v: f64 = v
            .parse()
            .ok()
            .filter(|x: &f64| x.is_finite())
            .ok_or_else(|| bad(name, format!("line {}: bad value `{v}`", i + 1)))?;
        series.entry(metric.to_string()).or_default().push((t, v));
    }
    Ok(series)
}

fn summarise(name: &str, series: Series, stat: Stat) -> Result<Measured, Error> {
    let mut m = Measured::default();
    let (mut first, mut last) = (f64::INFINITY, f64::NEG_INFINITY);
    // per kind: samples by timestamp, several series (one per GPU) combined
    let mut by_kind: BTreeMap<u8, BTreeMap<i64, Vec<f64>>> = BTreeMap::new();
    for (metric, samples) in series {
        let Some(k) = kind(&metric) else {
            m.ignored.push(metric);
            continue;
        };
        let slot = match k {
            Kind::Cpu => 0,
            Kind::Mem => 1,
            Kind::GpuUtil => 2,
            Kind::GpuMem => 3,
        };
        for (t, v) in samples {
            first = first.min(t);
            last = last.max(t);
            by_kind
                .entry(slot)
                .or_default()
                .entry(t as i64)
                .or_default()
                .push(v);
        }
    }
    if by_kind.is_empty() {
        return Err(bad(
            name,
            "no metric advisor reads (CPUUtilization, mem_used_percent, nvidia_smi_utilization_gpu, \
             nvidia_smi_memory_used, DCGM_FI_DEV_GPU_UTIL, DCGM_FI_DEV_FB_USED)"
                .into(),
        ));
    }
    m.samples = usize::MAX;
    for (slot, times) in by_kind {
        m.samples = m.samples.min(times.len());
        if slot == 2 {
            m.gpu_series = times.values().map(Vec::len).max().unwrap_or(0);
        }
        if slot == 2 {
            // the busiest accelerator at each timestamp: the work one device does
            let mut busiest: Vec<f64> = times
                .values()
                .map(|vs| vs.iter().copied().fold(f64::MIN, f64::max))
                .collect();
            m.gpu_max_pct = Some(stat_of(stat, &mut busiest));
        }
        if slot == 3 {
            let mut sums: Vec<f64> = times.values().map(|vs| vs.iter().sum()).collect();
            m.gpu_mem_total_mib = Some(stat_of(stat, &mut sums));
        }
        let mut samples: Vec<f64> = times
            .into_values()
            .map(|vs| match slot {
                // a GPU's memory: the fullest one; its utilization: the average
                3 => vs.iter().copied().fold(f64::MIN, f64::max),
                _ => vs.iter().sum::<f64>() / vs.len() as f64,
            })
            .collect();
        let peak = stat_of(stat, &mut samples);
        match slot {
            0 => m.cpu_pct = Some(peak),
            1 => m.mem_pct = Some(peak),
            2 => m.gpu_pct = Some(peak),
            _ => m.gpu_mem_mib = Some(peak),
        }
    }
    m.span_days = ((last - first) / 86_400.0).max(0.0);
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_and_statistics() {
        assert_eq!(timestamp("1970-01-02T00:00:00Z"), Some(86_400.0));
        assert_eq!(
            timestamp("2026-11-01T12:30:00+00:00").map(|t| t % 86_400.0),
            Some(45_000.0)
        );
        assert_eq!(
            timestamp("2026-11-01 00:00:00"),
            timestamp("2026-11-01T00:00:00Z")
        );
        let mut s: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(stat_of(Stat::P95, &mut s), 95.0);
        assert_eq!(stat_of(Stat::P99, &mut s), 99.0);
        assert_eq!(stat_of(Stat::Max, &mut s), 100.0);
    }

    /// Four GPUs, one busy: their utilization averages to a quarter, the busiest is at 100%;
    /// memory takes the fullest.
    #[test]
    fn gpus_average_their_utilization_and_keep_the_fullest_memory() {
        let csv = "timestamp,metric,value\n\
                   2026-11-01T00:00:00Z,nvidia_smi_utilization_gpu,100\n\
                   2026-11-01T00:00:00Z,nvidia_smi_utilization_gpu,0\n\
                   2026-11-01T00:00:00Z,nvidia_smi_utilization_gpu,0\n\
                   2026-11-01T00:00:00Z,nvidia_smi_utilization_gpu,0\n\
                   2026-11-01T00:00:00Z,nvidia_smi_memory_used,9000\n\
                   2026-11-01T00:00:00Z,nvidia_smi_memory_used,300\n\
                   2026-11-15T00:00:00Z,CPUUtilization,20\n\
                   2026-11-15T00:00:00Z,DiskReadOps,5\n";
        let m = parse("t.csv", csv, Stat::Max).unwrap();
        assert_eq!(m.gpu_pct, Some(25.0));
        assert_eq!(m.gpu_max_pct, Some(100.0));
        assert_eq!(m.gpu_mem_mib, Some(9000.0));
        assert_eq!(m.gpu_mem_total_mib, Some(9300.0));
        assert_eq!(m.gpu_series, 4);
        assert_eq!(m.samples, 1);
        assert_eq!(m.cpu_pct, Some(20.0));
        assert_eq!(m.span_days, 14.0);
        assert_eq!(m.ignored, vec!["DiskReadOps".to_string()]);
        assert!(parse(
            "t.csv",
            "timestamp,metric,value\nx,CPUUtilization,1\n",
            Stat::P95
        )
        .is_err());
        assert!(parse("t.json", "{\"x\": 1}", Stat::P95).is_err());
    }
}
