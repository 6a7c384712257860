//! What `advisor rightsize` found: the running type, the needs measured on it, and the types
//! that meet them, cheapest first.

use serde::Serialize;

use super::catalog::AcceleratorInfo;
use crate::money::Usd;

/// `advisor rightsize TYPE`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RightsizeReport {
    /// Region of the prices.
    pub region: String,
    /// Where the region came from: `given`, an environment variable's name, or `default`.
    pub region_basis: &'static str,
    /// Hours a month the instances run.
    pub hours_per_month: f64,
    /// What was measured, and how it was summarised.
    pub observed: Observed,
    /// Headroom added to every measured need, percent.
    pub headroom_pct: f64,
    /// The requirements: the needs with the headroom.
    pub needs: Needs,
    /// True when the running type is short of a measured need with its headroom: the
    /// candidates are then the cheapest types that fit, whatever their price.
    pub under_provisioned: bool,
    /// The running type, priced as the candidates are.
    pub current: Fitted,
    /// The priced types cheaper than the running one that meet the needs, cheapest first, at
    /// most `--top` (when under-provisioned: the cheapest that meet them, whatever their price).
    pub candidates: Vec<Fitted>,
    /// True when the running type meets the needs and no cheaper type does.
    pub right_sized: bool,
    /// The answer in a word: `saving` (a cheaper type fits), `right-sized`,
    /// `under-provisioned` (a larger type fits; `candidates` are the smallest fits) or
    /// `nothing-fits` (under-provisioned and no priced type meets the needs: exit 4).
    pub verdict: Verdict,
    /// The cheapest candidate's saving against the running type, when it is cheaper.
    pub saving: Option<Saving>,
    /// What the answer assumes, one sentence each.
    pub assumptions: Vec<String>,
}

/// What `advisor rightsize` concludes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// A cheaper type meets the needs.
    Saving,
    /// The running type meets the needs and no cheaper type does.
    RightSized,
    /// The running type is short of a need; a larger type meets them.
    UnderProvisioned,
    /// The running type is short of a need and no priced type meets them.
    NothingFits,
}

impl Verdict {
    /// The kebab-case id used in JSON and CSV.
    pub fn id(self) -> &'static str {
        match self {
            Verdict::Saving => "saving",
            Verdict::RightSized => "right-sized",
            Verdict::UnderProvisioned => "under-provisioned",
            Verdict::NothingFits => "nothing-fits",
        }
    }
}

impl RightsizeReport {
    /// The type to run after right-sizing: the best candidate, or the running type when it is
    /// right-sized or nothing fits.
    pub fn after(&self) -> &Fitted {
        match self.verdict {
            Verdict::Saving | Verdict::UnderProvisioned => {
                self.candidates.first().unwrap_or(&self.current)
            }
            Verdict::RightSized | Verdict::NothingFits => &self.current,
        }
    }
}

/// The observed peak use of the running instance(s).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Observed {
    /// `flags` or `metrics` (a file).
    pub source: String,
    /// The statistic taken from a file's samples: `p95`, `p99` or `max` (null for flags).
    pub stat: Option<String>,
    /// Days the file's samples span (null for flags).
    pub span_days: Option<f64>,
    /// CPU utilization, percent of the vCPUs.
    pub cpu_pct: Option<f64>,
    /// Memory used, GiB.
    pub memory_gib: Option<f64>,
    /// Accelerator utilization, percent, averaged over the instance's accelerators.
    pub accelerator_pct: Option<f64>,
    /// The busiest accelerator's utilization, percent (`--gpu-max`, or a file's busiest
    /// series at each timestamp).
    pub accelerator_max_pct: Option<f64>,
    /// Accelerator memory used on the fullest accelerator, GiB.
    pub accelerator_memory_gib: Option<f64>,
    /// Accelerator memory used on all of them together, GiB.
    pub accelerator_memory_total_gib: Option<f64>,
    /// Network throughput, Gbps.
    pub network_gbps: Option<f64>,
}

/// What a replacement must have.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Needs {
    /// vCPUs.
    pub vcpus: f64,
    /// Memory, GiB.
    pub memory_gib: f64,
    /// Dense 16-bit accelerator TFLOPS in all (null: no accelerator needed).
    pub accelerator_tflops: Option<f64>,
    /// Dense 16-bit TFLOPS one accelerator needs: the busiest one's work.
    pub accelerator_tflops_each: Option<f64>,
    /// Accelerator memory per accelerator, GiB (the fullest one's use).
    pub accelerator_memory_gib: Option<f64>,
    /// Accelerator memory in all, GiB (the total use; without a measured total, the fullest
    /// one's times the running count).
    pub accelerator_memory_total_gib: Option<f64>,
    /// Accelerator memory bandwidth in all, GB/s (the utilization of the running
    /// accelerators' bandwidth: a memory-bound job slows on a slower memory).
    pub accelerator_bandwidth_gb_per_s: Option<f64>,
    /// Memory bandwidth one accelerator needs, GB/s: the busiest one's.
    pub accelerator_bandwidth_each_gb_per_s: Option<f64>,
    /// Accelerators of the running type.
    pub accelerator_count: Option<u32>,
    /// The accelerator software the running type uses (`cuda`, `neuron`), kept.
    pub accelerator_software: Option<String>,
    /// Network throughput, Gbps (null: not constrained).
    pub network_gbps: Option<f64>,
    /// Architectures allowed: the running type's, or both with `--allow-arm`.
    pub archs: Vec<String>,
    /// EFA kept (`--keep efa`).
    pub efa: bool,
    /// Local NVMe kept (`--keep nvme`).
    pub nvme: bool,
    /// The accelerator model kept (`--keep accelerator`), else any of the same software.
    pub accelerator_model: Option<String>,
    /// Resources not measured, kept at the running type's capacity (never what binds).
    pub kept: Vec<String>,
}

/// An instance type against the needs.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Fitted {
    /// Instance type.
    pub instance_type: String,
    /// Instances (the running count, replaced one for one).
    pub count: u32,
    /// vCPUs per instance.
    pub vcpus: u32,
    /// Memory per instance, GiB.
    pub memory_gib: f64,
    /// Accelerators per instance.
    pub accelerator: Option<AcceleratorInfo>,
    /// Dense 16-bit TFLOPS of its accelerators in all.
    pub dense_tflops: Option<f64>,
    /// Network bandwidth, Gbps.
    pub network_gbps: f64,
    /// The pricing model it is priced under: the cheapest the flags allow at the hours
    /// (`on-demand`, `spot`, `reserved-1yr`, `reserved-3yr`), as `recommend` decides.
    pub pricing_model: String,
    /// Why that model and not on-demand, with both monthly costs; for on-demand, why not the
    /// cheapest commitment the flags allow (null: on-demand, no commitment allowed).
    pub pricing_reason: Option<String>,
    /// True when that price is an estimate (a spot price derived from a typical discount, …).
    pub price_estimated: bool,
    /// USD per hour under that model, all instances.
    pub hourly_usd: Usd,
    /// USD per month at `hours_per_month` (a reservation: all 730 h), to the cent.
    #[serde(serialize_with = "crate::money::cents")]
    pub monthly_usd: Usd,
    /// USD a month saved against the running type (negative: it costs more); null on the
    /// running type itself.
    #[serde(serialize_with = "crate::money::cents_opt")]
    pub monthly_saving_usd: Option<Usd>,
    /// USD a year saved against the running type; null on the running type.
    #[serde(serialize_with = "crate::money::cents_opt")]
    pub yearly_saving_usd: Option<Usd>,
    /// The saving, percent of the running type's monthly cost; null on the running type.
    pub saving_pct: Option<f64>,
    /// The resource closest to its capacity: `vcpus`, `memory`, `accelerator compute`,
    /// `accelerator memory` or `network`.
    pub binding: String,
    /// That resource's need, percent of the type's capacity.
    pub binding_pct: f64,
    /// Needs within 10% of this type's capacity, one sentence each.
    pub risks: Vec<String>,
}

/// Moving from the running type to the cheapest that fits.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Saving {
    /// The type to move to.
    pub to: String,
    /// USD saved a month, to the cent.
    #[serde(serialize_with = "crate::money::cents")]
    pub monthly_usd: Usd,
    /// USD saved a year, to the cent.
    #[serde(serialize_with = "crate::money::cents")]
    pub yearly_usd: Usd,
    /// Percent of the running cost.
    pub pct: f64,
}
