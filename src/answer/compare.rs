//! The `compare` report.

use serde::Serialize;

use super::catalog::AcceleratorInfo;
use crate::money::Usd;

/// Costs per unit of resource at the on-demand price.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct UnitCosts {
    /// USD per accelerator-hour (null without accelerators).
    pub usd_per_accelerator_hour: Option<Usd>,
    /// USD per vCPU-hour.
    pub usd_per_vcpu_hour: Usd,
    /// USD per GiB-of-memory-hour.
    pub usd_per_gib_hour: Usd,
    /// USD per dense 16-bit TFLOP-hour (null without a TFLOPS figure).
    pub usd_per_dense_tflop_hour: Option<Usd>,
}

/// Resources relative to the first type.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Ratios {
    /// vCPUs ÷ the first's.
    pub vcpus: f64,
    /// Memory ÷ the first's.
    pub memory: f64,
    /// Accelerators ÷ the first's (null when either has none).
    pub accelerators: Option<f64>,
    /// Dense TFLOPS ÷ the first's (null when either is unknown).
    pub dense_tflops: Option<f64>,
}

/// One compared type.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Compared {
    /// Instance type.
    pub instance_type: String,
    /// Category id.
    pub category: crate::catalog::Category,
    /// vCPUs.
    pub vcpus: u32,
    /// Memory, GiB.
    pub memory_gib: f64,
    /// Accelerators, or null.
    pub accelerator: Option<AcceleratorInfo>,
    /// Dense 16-bit TFLOPS of all accelerators (null when unknown or none).
    pub dense_tflops: Option<f64>,
    /// Baseline network, Gbps.
    pub network_gbps: f64,
    /// EFA devices.
    pub efa_devices: u32,
    /// Whether the catalog prices it in the region.
    pub priced: bool,
    /// On-demand, USD per hour.
    pub on_demand_hourly_usd: Option<Usd>,
    /// Spot, USD per hour.
    pub spot_hourly_usd: Option<Usd>,
    /// Reserved 1 year no upfront, USD per hour.
    pub reserved_1yr_hourly_usd: Option<Usd>,
    /// Reserved 3 years no upfront, USD per hour.
    pub reserved_3yr_hourly_usd: Option<Usd>,
    /// Spot interruption band.
    pub spot_interruption_band: Option<String>,
    /// Names of estimated price fields.
    pub estimated: Vec<&'static str>,
    /// Per-unit costs at on-demand (null when unpriced).
    pub unit_costs: Option<UnitCosts>,
    /// On-demand × hours per month.
    #[serde(serialize_with = "crate::money::cents_opt")]
    pub monthly_usd: Option<Usd>,
    /// Monthly × 12.
    #[serde(serialize_with = "crate::money::cents_opt")]
    pub yearly_usd: Option<Usd>,
    /// On-demand price ÷ the first type's.
    pub price_ratio_to_first: Option<f64>,
    /// Resources ÷ the first type's.
    pub ratios: Ratios,
    /// Why there is no price, when there is none.
    pub note: Option<String>,
}

/// Moving from one type to a cheaper one.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Saving {
    /// The dearer type.
    pub from: String,
    /// The cheaper type.
    pub to: String,
    /// USD saved per month at the given hours.
    #[serde(serialize_with = "crate::money::cents")]
    pub monthly_usd: Usd,
    /// USD saved per year.
    #[serde(serialize_with = "crate::money::cents")]
    pub yearly_usd: Usd,
    /// Saving as a share of the `from` cost, percent.
    pub pct: f64,
    /// True when `to` has at least as much of every capacity the work may use (accelerators'
    /// dense TFLOPS and memory for accelerated types, vCPUs and memory for the others): a
    /// like-for-like saving. False: `to` is a smaller machine, and the saving holds only if the
    /// work fits it (its measured peak use, against the smaller type's capacity).
    pub like_for_like: bool,
    /// For a smaller machine: the capacity it has less of (`dense TFLOPS`, `accelerator
    /// memory`, `vCPUs`, `memory`), and the cost per unit of it per hour, `from` then `to`.
    pub smaller: Option<SmallerBy>,
}

/// What a smaller machine has less of, and what a unit of it costs on each type.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SmallerBy {
    /// `dense TFLOPS`, `accelerator memory GiB`, `vCPUs` or `memory GiB`.
    pub capacity: String,
    /// The amount on `from`, then on `to`.
    pub from_amount: f64,
    /// The amount on `to`.
    pub to_amount: f64,
    /// On-demand USD per hour per unit on `from`.
    pub from_usd_per_unit_hour: f64,
    /// On-demand USD per hour per unit on `to`.
    pub to_usd_per_unit_hour: f64,
}

/// `advisor compare`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CompareReport {
    /// Region of the prices.
    pub region: String,
    /// Where the region came from: `given` (`--region`), `ADVISOR_REGION`, `AWS_REGION` or
    /// `AWS_DEFAULT_REGION` (the environment), or `default` (us-east-1).
    pub region_basis: &'static str,
    /// Hours per month.
    pub hours_per_month: f64,
    /// The types, in the order given.
    pub instances: Vec<Compared>,
    /// Every move from a type to a cheaper one, biggest yearly saving first.
    pub savings: Vec<Saving>,
}
