//! The catalog commands' reports: `catalog list`, `show`, `regions` and `validate`.

use serde::Serialize;

use crate::catalog::Category;
use crate::diag::Diagnostic;
use crate::money::Usd;

/// An instance's accelerators, as shown in reports.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct AcceleratorInfo {
    /// Display name, e.g. `V100`.
    pub name: String,
    /// Model id, e.g. `v100-32gb`.
    pub model: String,
    /// Devices per instance.
    pub count: u32,
    /// Usable memory per device, GiB.
    pub memory_gib_each: f64,
}

/// One row of `catalog list`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ListEntry {
    /// e.g. `p3.2xlarge`.
    pub instance_type: String,
    /// e.g. `p3`.
    pub family: String,
    /// Category id.
    pub category: Category,
    /// vCPUs.
    pub vcpus: u32,
    /// Memory, GiB.
    pub memory_gib: f64,
    /// Accelerators, or null.
    pub accelerator: Option<AcceleratorInfo>,
    /// Baseline network, Gbps.
    pub network_gbps: f64,
    /// EFA devices.
    pub efa_devices: u32,
    /// On-demand price in the report's region, or null.
    pub on_demand_hourly_usd: Option<Usd>,
    /// Spot price in the report's region, or null.
    pub spot_hourly_usd: Option<Usd>,
    /// Names of estimated price fields in this row.
    pub estimated: Vec<&'static str>,
    /// Region codes with a price.
    pub regions: Vec<String>,
}

/// `catalog list`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ListReport {
    /// Region of the prices shown.
    pub region: String,
    /// Matching types, cheapest on-demand first; unpriced ones last.
    pub instances: Vec<ListEntry>,
}

/// Which source each price of a row comes from.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PriceSources {
    /// Source id of the on-demand price.
    pub on_demand: String,
    /// Source id of the spot price.
    pub spot: Option<String>,
    /// Source id of the cheapest availability zone's spot price.
    pub spot_zone_min: Option<String>,
    /// Source id of the 1-year reserved price.
    pub reserved_1yr: Option<String>,
    /// Source id of the 3-year reserved price.
    pub reserved_3yr: Option<String>,
    /// Source id of the 1-year partial-upfront reserved price.
    pub reserved_1yr_partial_upfront: Option<String>,
    /// Source id of the 1-year all-upfront reserved price.
    pub reserved_1yr_all_upfront: Option<String>,
    /// Source id of the 3-year partial-upfront reserved price.
    pub reserved_3yr_partial_upfront: Option<String>,
    /// Source id of the 3-year all-upfront reserved price.
    pub reserved_3yr_all_upfront: Option<String>,
    /// Source id of the interruption band.
    pub spot_interruption: Option<String>,
}

/// One region's prices in `catalog show`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PriceRow {
    /// Region code.
    pub region: String,
    /// On-demand, USD per hour.
    pub on_demand_hourly_usd: Usd,
    /// Spot, USD per hour.
    pub spot_hourly_usd: Option<Usd>,
    /// Spot in the region's cheapest availability zone (the spot column is the median over
    /// zones), USD per hour; null where the source has no prices per zone.
    pub spot_zone_min_hourly_usd: Option<Usd>,
    /// Reserved 1 year no upfront, USD per hour.
    pub reserved_1yr_hourly_usd: Option<Usd>,
    /// Reserved 3 years no upfront, USD per hour.
    pub reserved_3yr_hourly_usd: Option<Usd>,
    /// Reserved 1 year partial upfront: effective USD per hour (fee / 8,760 h + hourly).
    pub reserved_1yr_partial_upfront_hourly_usd: Option<Usd>,
    /// Reserved 1 year all upfront: effective USD per hour (fee / 8,760 h).
    pub reserved_1yr_all_upfront_hourly_usd: Option<Usd>,
    /// Reserved 3 years partial upfront: effective USD per hour (fee / 26,280 h + hourly).
    pub reserved_3yr_partial_upfront_hourly_usd: Option<Usd>,
    /// Reserved 3 years all upfront: effective USD per hour (fee / 26,280 h).
    pub reserved_3yr_all_upfront_hourly_usd: Option<Usd>,
    /// Spot interruption band, e.g. `>20%`.
    pub spot_interruption_band: Option<String>,
    /// Spot Instance Advisor savings, percent.
    pub spot_savings_pct: Option<i8>,
    /// Names of estimated fields.
    pub estimated: Vec<&'static str>,
    /// Source of each field.
    pub source: PriceSources,
}

/// An instance type in full.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ShowInstance {
    /// e.g. `p3.2xlarge`.
    pub instance_type: String,
    /// Family.
    pub family: String,
    /// Category id.
    pub category: Category,
    /// Generation.
    pub generation: u32,
    /// vCPUs.
    pub vcpus: u32,
    /// Memory, GiB.
    pub memory_gib: f64,
    /// `x86_64` or `arm64`.
    pub arch: &'static str,
    /// Accelerators, or null.
    pub accelerator: Option<AcceleratorInfo>,
    /// Baseline network, Gbps.
    pub network_gbps: f64,
    /// Local NVMe, GB (null: none).
    pub local_nvme_gb: Option<u32>,
    /// EFA devices (0: no EFA).
    pub efa_devices: u32,
    /// Sold only as capacity blocks.
    pub capacity_block_only: bool,
    /// Source id of the specs.
    pub spec_source: String,
    /// Caveats.
    pub note: Option<String>,
    /// Region codes with a price.
    pub regions: Vec<String>,
    /// Prices per region.
    pub prices: Vec<PriceRow>,
}

/// A source, as listed under a report.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SourceInfo {
    /// Id.
    pub id: String,
    /// `published` or `estimate`.
    pub kind: &'static str,
    /// Name or formula.
    pub name: String,
    /// As-of date.
    pub as_of: String,
    /// The as-of date is an upper bound.
    pub as_of_approximate: bool,
    /// Where it is, or the estimate rule.
    pub location: String,
}

/// `catalog show TYPE`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ShowReport {
    /// The instance type.
    pub instance: ShowInstance,
    /// The accelerator model's specs, when it has one.
    pub accelerator_model: Option<crate::catalog::Accelerator>,
    /// Every source the type's specs and prices refer to.
    pub sources: Vec<SourceInfo>,
}

/// One region in `catalog regions`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RegionRow {
    /// Region code.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Instance types with a price there.
    pub instance_types_priced: usize,
    /// Of those, CPU types (general, compute, memory categories).
    pub cpu_types_priced: usize,
    /// Types whose on-demand price there is observed (from a published source, not estimated).
    pub on_demand_observed: usize,
    /// Types whose spot price there is observed.
    pub spot_observed: usize,
    /// Types whose spot price there is an estimate (no observation in the sources).
    pub spot_estimated: usize,
    /// Types with at least one estimated price there (`catalog show TYPE` names the rule).
    pub with_estimates: usize,
}

/// `catalog regions`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RegionsReport {
    /// Every region, by code.
    pub regions: Vec<RegionRow>,
}

/// One model of `catalog models`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ModelRow {
    /// The model's shape, as the catalog has it.
    #[serde(flatten)]
    pub model: crate::catalog::ModelShape,
    /// KV-cache bytes per token with a 16-bit cache: 2 × layers × KV heads × head dim × 2.
    pub kv_bytes_per_token: f64,
}

/// `catalog models`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ModelsReport {
    /// Every model, in catalog order.
    pub models: Vec<ModelRow>,
}

/// What a valid catalog holds.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ValidateCounts {
    /// Instance types.
    pub instance_types: usize,
    /// Price entries (type × region).
    pub prices: usize,
    /// Regions.
    pub regions: usize,
    /// Accelerator models.
    pub accelerators: usize,
    /// Storage classes.
    pub storage_classes: usize,
    /// Pricing models.
    pub pricing_models: usize,
    /// Sources and estimate rules.
    pub sources: usize,
}

/// `catalog validate`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ValidateReport {
    /// The path (or `<builtin>`) checked.
    pub path: String,
    /// True when there is no error (warnings allowed).
    pub valid: bool,
    /// Number of errors.
    pub error_count: usize,
    /// Number of warnings.
    pub warning_count: usize,
    /// What the catalog holds (null when invalid).
    pub counts: Option<ValidateCounts>,
    /// Every problem found.
    pub diagnostics: Vec<Diagnostic>,
}

/// What a catalog document says about the catalog it came from.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CatalogInfo {
    /// `[meta] version`.
    pub version: String,
    /// `[meta] as-of`, YYYY-MM-DD.
    pub as_of: String,
    /// `<builtin>` or the path given.
    pub source: String,
}
