//! Serde mirrors of the catalog TOML. Strict: every struct denies unknown keys.
#![allow(missing_docs)] // field meanings: docs/catalog-format.md
//!
//! A catalog is one file or a directory of files; each file holds any of the sections below and
//! starts with `schema-version`. Fields that validation may complain about keep their span.

use serde::Deserialize;
use toml::Spanned;

use super::types::Interconnect;

/// One catalog file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawFile {
    /// Format version of this file; only 1 is supported.
    pub schema_version: Spanned<i64>,
    /// Catalog metadata; exactly one file of a catalog has it.
    pub meta: Option<Spanned<RawMeta>>,
    /// Where the numbers come from, and the estimate rules.
    #[serde(default)]
    pub source: Vec<RawSource>,
    /// Region codes and names.
    #[serde(default)]
    pub region: Vec<RawRegion>,
    /// Accelerator models.
    #[serde(default)]
    pub accelerator: Vec<RawAccelerator>,
    /// Instance types.
    #[serde(default)]
    pub instance: Vec<RawInstance>,
    /// Prices of one instance type in one region.
    #[serde(default)]
    pub price: Vec<RawPrice>,
    /// Prices of many instance types in one region, one row each (compact form).
    #[serde(default)]
    pub price_table: Vec<RawPriceTable>,
    /// Storage classes.
    #[serde(default)]
    pub storage_class: Vec<RawStorageClass>,
    /// Pricing models.
    #[serde(default)]
    pub pricing_model: Vec<RawPricingModel>,
    /// Prices of managed services (Athena, ...).
    #[serde(default)]
    pub service_price: Vec<RawServicePrice>,
    /// Recommendation rules.
    #[serde(default)]
    pub rule: Vec<RawRule>,
    /// Sizing coefficients.
    #[serde(default)]
    pub coefficient: Vec<RawCoefficient>,
    /// Model architectures.
    #[serde(default)]
    pub model: Vec<RawModel>,
}

/// Whether a model is a decoder or an encoder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RawModelKind {
    Decoder,
    Encoder,
}

/// `[[model]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawModel {
    pub id: Spanned<String>,
    pub name: String,
    pub kind: RawModelKind,
    /// Parameters as published; else computed from the shape (decoders only).
    pub params: Option<Spanned<f64>>,
    pub layers: Spanned<u32>,
    pub hidden: Spanned<u32>,
    pub heads: Spanned<u32>,
    pub kv_heads: Spanned<u32>,
    /// Default: hidden / heads.
    pub head_dim: Option<Spanned<u32>>,
    pub ffn: Spanned<u32>,
    pub vocab: Spanned<u32>,
    pub context: Spanned<u32>,
    pub experts: Option<Spanned<u32>>,
    pub experts_per_token: Option<Spanned<u32>>,
    #[serde(default)]
    pub tied_embeddings: bool,
    /// Norms per layer (default 2: before attention and before the feed-forward block).
    pub norms_per_layer: Option<Spanned<u32>>,
    /// False when the model cannot run in fp16 (default true).
    pub fp16: Option<bool>,
    pub source: String,
    pub as_of: Spanned<String>,
    pub note: Option<String>,
}

/// `[meta]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawMeta {
    /// Data version, e.g. `2026.11.25`.
    pub version: String,
    /// Date of the newest data, `YYYY-MM-DD`.
    pub as_of: Spanned<String>,
    /// Free text.
    pub description: Option<String>,
    /// Whether a user catalog inherits the built-in rules and coefficients it does not
    /// override (default true).
    pub builtin_rules: Option<bool>,
}

/// Whether a source is published data or an estimate rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RawSourceKind {
    /// Published data (a price list, a datasheet).
    Published,
    /// A documented rule that derives values from other data.
    Estimate,
}

/// `[[source]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawSource {
    pub id: Spanned<String>,
    pub kind: RawSourceKind,
    pub name: String,
    pub as_of: Spanned<String>,
    #[serde(default)]
    pub as_of_approximate: bool,
    pub location: String,
    pub method: Option<Spanned<String>>,
    pub discount_pct: Option<Spanned<f64>>,
    pub note: Option<String>,
}

/// `[[region]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawRegion {
    pub code: Spanned<String>,
    pub name: String,
    /// Families and instance types AWS does not sell on demand in the region.
    #[serde(default)]
    pub not_offered: Vec<Spanned<String>>,
    /// The source that says so; required with `not-offered`.
    pub not_offered_source: Option<Spanned<String>>,
}

/// Software stack of an accelerator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RawSoftware {
    Cuda,
    Neuron,
    Other,
}

/// `[[accelerator]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawAccelerator {
    pub id: Spanned<String>,
    pub name: String,
    pub vendor: String,
    pub software: RawSoftware,
    pub memory_gb: Spanned<f64>,
    pub memory_bandwidth_gb_per_s: Option<Spanned<f64>>,
    pub fp16_tflops: Option<Spanned<f64>>,
    pub bf16_tflops: Option<Spanned<f64>>,
    pub fp32_tflops: Option<Spanned<f64>>,
    pub fp8: Option<bool>,
    pub fp8_tflops: Option<Spanned<f64>>,
    pub compute_capability: Option<String>,
    /// False: no software path for decoder (LLM) generation on it.
    pub generation: Option<bool>,
    /// How the devices of one instance talk to each other.
    pub interconnect: Option<Interconnect>,
    #[serde(default)]
    pub estimated: Vec<Spanned<String>>,
    pub sources: Vec<Spanned<String>>,
    pub note: Option<String>,
}

/// `[[instance]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawInstance {
    #[serde(rename = "type")]
    pub type_: Spanned<String>,
    pub family: Spanned<String>,
    pub category: Spanned<String>,
    pub generation: u32,
    pub vcpus: Spanned<u32>,
    pub memory_gib: Spanned<f64>,
    pub arch: Spanned<String>,
    pub accelerator: Option<Spanned<String>>,
    pub accelerator_count: Option<Spanned<u32>>,
    pub accelerator_memory_gib: Option<Spanned<f64>>,
    pub network_gbps: Spanned<f64>,
    pub local_nvme_gb: Option<u32>,
    #[serde(default)]
    pub efa_devices: u32,
    #[serde(default)]
    pub capacity_block_only: bool,
    pub spec_source: Spanned<String>,
    pub note: Option<String>,
}

/// `{ usd = 3.06, source = "karpenter-pricing" }`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawPricePoint {
    pub usd: Spanned<f64>,
    pub source: Spanned<String>,
}

/// `{ band = ">20%", savings-pct = 80, source = "spot-advisor" }`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawSpotInterruption {
    pub band: Spanned<String>,
    pub savings_pct: Spanned<i64>,
    pub source: Spanned<String>,
}

/// `[[price]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawPrice {
    #[serde(rename = "type")]
    pub type_: Spanned<String>,
    pub region: Spanned<String>,
    pub on_demand: RawPricePoint,
    pub spot: Option<RawPricePoint>,
    pub spot_zone_min: Option<RawPricePoint>,
    pub reserved_1yr: Option<RawPricePoint>,
    pub reserved_3yr: Option<RawPricePoint>,
    pub reserved_1yr_partial_upfront: Option<RawPricePoint>,
    pub reserved_1yr_all_upfront: Option<RawPricePoint>,
    pub reserved_3yr_partial_upfront: Option<RawPricePoint>,
    pub reserved_3yr_all_upfront: Option<RawPricePoint>,
    pub spot_interruption: Option<RawSpotInterruption>,
}

/// Object, block or file storage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RawStorageKind {
    Object,
    Block,
    File,
}

/// One region's price of a storage class.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawStoragePrice {
    pub region: Spanned<String>,
    pub usd_per_gb_month: Spanned<f64>,
    pub source: Spanned<String>,
    #[serde(default)]
    pub estimated: bool,
}

/// `[[storage-class]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawStorageClass {
    pub id: Spanned<String>,
    pub name: String,
    pub kind: RawStorageKind,
    pub shareable: bool,
    pub retrieval_usd_per_gb: Option<Spanned<f64>>,
    pub monitoring_usd_per_1000_objects: Option<Spanned<f64>>,
    pub min_duration_days: Option<u32>,
    pub min_object_kb: Option<u32>,
    pub baseline_iops: Option<u32>,
    pub baseline_throughput_mib_per_s: Option<u32>,
    pub max_iops: Option<u32>,
    pub max_throughput_mib_per_s: Option<u32>,
    pub max_size_gib: Option<u32>,
    pub throughput_mb_per_s_per_tib: Option<u32>,
    pub throughput: String,
    pub suits: String,
    pub prices: Vec<RawStoragePrice>,
    pub note: Option<String>,
}

/// `[[pricing-model]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawPricingModel {
    pub id: Spanned<String>,
    pub name: String,
    pub term_years: u32,
    pub max_discount_pct: Option<Spanned<f64>>,
    pub interruption_notice_seconds: Option<u32>,
    pub description: String,
    pub suits: String,
    pub sources: Vec<Spanned<String>>,
}

/// `[[rule]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawRule {
    pub id: Spanned<String>,
    pub message: String,
    pub basis: Option<String>,
    #[serde(default = "yes")]
    pub enabled: bool,
    #[serde(default)]
    pub when: RawCondition,
    #[serde(default)]
    pub then: RawEffects,
}

fn yes() -> bool {
    true
}

/// `when = { ... }`: every key given must hold.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawCondition {
    #[serde(default)]
    pub workload: Vec<Spanned<String>>,
    pub data_size_at_least_gb: Option<Spanned<f64>>,
    pub data_size_below_gb: Option<Spanned<f64>>,
    pub interruptible: Option<bool>,
    #[serde(default)]
    pub traffic: Vec<Spanned<String>>,
    #[serde(default)]
    pub commitment: Vec<Spanned<String>>,
    pub shared_dataset: Option<bool>,
    pub hours_per_month_at_least: Option<Spanned<f64>>,
    pub hours_per_month_below: Option<Spanned<f64>>,
    pub model_params_given: Option<bool>,
}

/// `then = { ... }`
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawEffects {
    #[serde(default)]
    pub only_categories: Vec<Spanned<String>>,
    #[serde(default)]
    pub prefer_categories: Vec<Spanned<String>>,
    #[serde(default)]
    pub exclude_categories: Vec<Spanned<String>>,
    #[serde(default)]
    pub prefer_families: Vec<Spanned<String>>,
    #[serde(default)]
    pub exclude_families: Vec<Spanned<String>>,
    #[serde(default)]
    pub prefer_services: Vec<Spanned<String>>,
    pub weight: Option<u32>,
    pub pricing: Option<Spanned<String>>,
    #[serde(default)]
    pub forbid_pricing: Vec<Spanned<String>>,
    pub storage: Option<RawStorageEffects>,
    pub advice: Option<String>,
    #[serde(default)]
    pub advice_families: Vec<Spanned<String>>,
    pub warning: Option<String>,
}

/// `storage = { dataset = "s3-standard", ... }`
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawStorageEffects {
    pub dataset: Option<Spanned<String>>,
    pub working_copy: Option<Spanned<String>>,
    pub checkpoints: Option<Spanned<String>>,
    pub model_artifacts: Option<Spanned<String>>,
    pub processed: Option<Spanned<String>>,
}

/// `[[coefficient]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawCoefficient {
    pub id: Spanned<String>,
    pub value: Spanned<f64>,
    pub unit: String,
    pub source: String,
    pub as_of: Spanned<String>,
    #[serde(default)]
    pub estimated: bool,
    pub note: Option<String>,
    /// Instance families a per-family figure applies to (CPU figures); empty: global.
    #[serde(default)]
    pub families: Vec<Spanned<String>>,
}

/// `sources = { on-demand = "...", ... }` of a price table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawTableSources {
    pub on_demand: Spanned<String>,
    pub spot: Option<Spanned<String>>,
    pub spot_zone_min: Option<Spanned<String>>,
    pub reserved_1yr: Option<Spanned<String>>,
    pub reserved_3yr: Option<Spanned<String>>,
    pub reserved_1yr_partial_upfront: Option<Spanned<String>>,
    pub reserved_1yr_all_upfront: Option<Spanned<String>>,
    pub reserved_3yr_partial_upfront: Option<Spanned<String>>,
    pub reserved_3yr_all_upfront: Option<Spanned<String>>,
    pub spot_interruption: Option<Spanned<String>>,
}

/// `[[price-table]]`: one region, named columns, one row per instance type.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawPriceTable {
    pub region: Spanned<String>,
    pub columns: Spanned<Vec<String>>,
    pub sources: RawTableSources,
    pub rows: Vec<Spanned<Vec<toml::Value>>>,
}

/// One region's rate of a service price.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawRegionRate {
    pub region: Spanned<String>,
    pub usd: Spanned<f64>,
    pub source: Spanned<String>,
    #[serde(default)]
    pub estimated: bool,
}

/// `[[service-price]]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawServicePrice {
    pub id: Spanned<String>,
    pub service: String,
    pub unit: String,
    pub prices: Vec<RawRegionRate>,
    /// A volume tier: the rate applies up to this many units a month, counted from zero.
    pub tier_up_to: Option<Spanned<f64>>,
    pub note: Option<String>,
}
