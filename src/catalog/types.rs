//! The catalog's data types: instance types and their prices, accelerators, storage classes,
//! service prices, pricing models, sources and regions. Plain data; [`super::model::Catalog`]
//! holds them and validation builds them.

use std::borrow::Cow;
use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::money::Usd;

/// Where a catalog comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum CatalogSource {
    /// The catalog embedded in the binary (`data/`).
    #[default]
    Builtin,
    /// A TOML file, or a directory of TOML files laid out like `data/`.
    Path(PathBuf),
}

impl fmt::Display for CatalogSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CatalogSource::Builtin => f.write_str("<builtin>"),
            CatalogSource::Path(p) => write!(f, "{}", p.display()),
        }
    }
}

/// Machine category of an instance type (SPEC §5 ids).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// General purpose (m, t).
    General,
    /// Compute optimized (c).
    Compute,
    /// Memory optimized (r, x, z, u).
    Memory,
    /// Storage optimized (i, d, h).
    Storage,
    /// GPU instances (g, p).
    AcceleratedGpu,
    /// Inference accelerators (inf).
    AcceleratedInference,
    /// Training accelerators (trn).
    AcceleratedTraining,
}

impl Category {
    /// Every category, in display order.
    pub const ALL: [Category; 7] = [
        Category::General,
        Category::Compute,
        Category::Memory,
        Category::Storage,
        Category::AcceleratedGpu,
        Category::AcceleratedInference,
        Category::AcceleratedTraining,
    ];
    /// The kebab-case ids of [`Category::ALL`].
    pub const IDS: [&'static str; 7] = [
        "general",
        "compute",
        "memory",
        "storage",
        "accelerated-gpu",
        "accelerated-inference",
        "accelerated-training",
    ];

    /// The stable id.
    pub fn id(self) -> &'static str {
        Self::IDS[self as usize]
    }

    /// Parse an id.
    pub fn from_id(id: &str) -> Option<Category> {
        Self::IDS
            .iter()
            .position(|&c| c == id)
            .map(|i| Self::ALL[i])
    }

    /// Whether instances of this category must name an accelerator.
    pub fn is_accelerated(self) -> bool {
        matches!(
            self,
            Category::AcceleratedGpu
                | Category::AcceleratedInference
                | Category::AcceleratedTraining
        )
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// CPU architecture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Arch {
    /// Intel and AMD.
    X86_64,
    /// Graviton.
    Arm64,
}

impl Arch {
    /// The id used in the catalog and JSON.
    pub fn id(self) -> &'static str {
        match self {
            Arch::X86_64 => "x86_64",
            Arch::Arm64 => "arm64",
        }
    }
}

/// The link between the accelerators of one instance, which carries tensor parallelism's
/// all-reduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Interconnect {
    /// NVIDIA NVLink (V100, A100, H100, H200 SXM).
    Nvlink,
    /// PCIe only (A10G, T4, L4, L40S).
    Pcie,
}

/// Software stack an accelerator needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Software {
    /// NVIDIA CUDA.
    Cuda,
    /// AWS Neuron SDK.
    Neuron,
    /// Anything else.
    Other,
}

/// Whether a model generates text (a decoder) or encodes it (an encoder such as BERT).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ModelKind {
    /// Generates tokens one at a time (Llama, Mistral, ...).
    Decoder,
    /// Reads its input in one pass and scores, classifies or embeds it (BERT, ...).
    Encoder,
}

/// A model's architecture (`[[model]]` in `models.toml`, or the default shape for a size).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct ModelShape {
    /// Stable id, e.g. `llama-3.1-8b` (`default` for the shape assumed from a size).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Decoder or encoder.
    pub kind: ModelKind,
    /// Where the shape comes from: `catalog`, or `default` (from `--model-params` alone).
    pub basis: String,
    /// Parameters (all experts of a mixture of experts).
    pub params: f64,
    /// Parameters a token runs through (a mixture of experts' active experts; else `params`).
    pub active_params: f64,
    /// Transformer layers.
    pub layers: f64,
    /// Hidden size.
    pub hidden: f64,
    /// Attention (query) heads.
    pub heads: f64,
    /// Key/value heads (fewer than `heads` with grouped-query attention).
    pub kv_heads: f64,
    /// Dimension of one head.
    pub head_dim: f64,
    /// Parameters in the embedding matrix and the output head (once when tied): quantized
    /// checkpoints keep them 16-bit. 0 when the shape is assumed from the size (unknown).
    pub embedding_params: f64,
    /// Longest sequence (prompt and generated tokens), tokens.
    pub context: Option<u64>,
    /// Whether it runs in fp16 (false: numerically unstable there, bf16 or fp32 only).
    pub fp16: bool,
    /// Experts of a mixture of experts, and how many each token uses.
    pub experts: Option<(u32, u32)>,
    /// Where the figures come from.
    pub source: String,
    /// As-of date of the source.
    pub as_of: String,
    /// Caveats.
    pub note: Option<String>,
}

impl ModelKind {
    /// `decoder` or `encoder`.
    pub fn id(self) -> &'static str {
        match self {
            ModelKind::Decoder => "decoder",
            ModelKind::Encoder => "encoder",
        }
    }
}

impl ModelShape {
    /// KV-cache bytes per token: 2 (keys and values) × layers × KV heads × head dim × bytes per
    /// element.
    pub fn kv_bytes_per_token(&self, element_bytes: f64) -> f64 {
        2.0 * self.layers * self.kv_heads * self.head_dim * element_bytes
    }
}

/// `[meta]`: what this catalog is and how old its data is.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Meta {
    /// Data version.
    pub version: String,
    /// Date of the newest data, `YYYY-MM-DD`.
    pub as_of: String,
    /// Free text.
    pub description: Option<String>,
}

/// A source of numbers: published data, or an estimate rule.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Source {
    /// Stable id used by every value that comes from it.
    pub id: String,
    /// True for an estimate rule.
    pub estimate: bool,
    /// Human name (for an estimate, the formula).
    pub name: String,
    /// As-of date of the data, `YYYY-MM-DD`.
    pub as_of: String,
    /// The as-of date is an upper bound (undated source).
    pub as_of_approximate: bool,
    /// Where to find it (repository, path and commit, or page address; for an estimate, the rule).
    pub location: String,
    /// The estimate method, e.g. `discount-from-on-demand`.
    pub method: Option<String>,
    /// The discount an estimate rule applies, in percent.
    pub discount_pct: Option<f64>,
    /// Caveats.
    pub note: Option<String>,
}

/// An AWS region.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Region {
    /// Region code, e.g. `us-east-1`.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Families and instance types AWS does not sell on demand in the region (by a source
    /// that lists the region's offerings): an unpriced one is not a gap in the catalog.
    pub not_offered: Vec<String>,
    /// The source of `not_offered`.
    pub not_offered_source: Option<String>,
}

impl Region {
    /// Whether the region does not offer this type on demand (the type or its family listed).
    pub fn does_not_offer(&self, type_id: &str, family: &str) -> bool {
        self.not_offered.iter().any(|x| x == type_id || x == family)
    }
}

/// An accelerator model (per device).
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Accelerator {
    /// Stable id, e.g. `a100-80gb`.
    pub id: String,
    /// Display name, e.g. `A100`.
    pub name: String,
    /// `nvidia`, `aws`, `amd`.
    pub vendor: String,
    /// Software stack.
    pub software: Software,
    /// Nominal memory in GB (vendor figure).
    pub memory_gb: f64,
    /// Memory bandwidth in GB/s.
    pub memory_bandwidth_gb_per_s: Option<f64>,
    /// Dense FP16 tensor TFLOPS.
    pub fp16_tflops: Option<f64>,
    /// Dense BF16 tensor TFLOPS (None: no BF16 support or not known).
    pub bf16_tflops: Option<f64>,
    /// FP32 TFLOPS.
    pub fp32_tflops: Option<f64>,
    /// FP8 support (None: not known).
    pub fp8: Option<bool>,
    /// Dense FP8 TFLOPS.
    pub fp8_tflops: Option<f64>,
    /// NVIDIA compute capability.
    pub compute_capability: Option<String>,
    /// False when no software runs decoder (LLM) generation on it (Inferentia 1); None: it
    /// does, or the catalog does not say.
    pub generation: Option<bool>,
    /// How the devices of one instance talk to each other (None: not known).
    pub interconnect: Option<Interconnect>,
    /// Names of the fields that are estimates.
    pub estimated: Vec<String>,
    /// Source ids.
    pub sources: Vec<String>,
    /// Caveats.
    pub note: Option<String>,
}

impl Accelerator {
    /// The best dense 16-bit tensor figure: BF16 where supported, else FP16.
    pub fn dense_16bit_tflops(&self) -> Option<f64> {
        self.bf16_tflops.or(self.fp16_tflops)
    }
}

/// The accelerators of an instance type.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct AcceleratorSpec {
    /// Accelerator model id.
    pub model: String,
    /// Devices per instance.
    pub count: u32,
    /// Usable memory per device in GiB, as the EC2 API reports it.
    pub memory_gib_each: f64,
}

/// One price with its source.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PricePoint {
    /// USD per hour.
    pub usd: Usd,
    /// Source id (borrowed from the embedded catalog where it can be: thousands of prices
    /// share a handful of sources).
    #[serde(borrow, deserialize_with = "super::strs::repeated_str")]
    pub source: Cow<'static, str>,
    /// True when the source is an estimate rule.
    pub estimated: bool,
}

/// Spot interruption frequency band and savings from the Spot Instance Advisor.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SpotInterruption {
    /// `<5%`, `5-10%`, `10-15%`, `15-20%` or `>20%` of instances interrupted per month.
    #[serde(borrow, deserialize_with = "super::strs::repeated_str")]
    pub band: Cow<'static, str>,
    /// Average savings vs on-demand over 30 days, in percent (negative: spot cost more).
    pub savings_pct: i8,
    /// Source id.
    #[serde(borrow, deserialize_with = "super::strs::repeated_str")]
    pub source: Cow<'static, str>,
}

/// The spot interruption bands, least to most frequent.
pub const SPOT_BANDS: [&str; 5] = ["<5%", "5-10%", "10-15%", "15-20%", ">20%"];

/// Prices of one instance type in one region (hourly, Linux, shared tenancy).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct RegionPrice {
    /// Region code (not stored in the embedded catalog: its section says it).
    #[serde(skip)]
    pub region: Cow<'static, str>,
    /// On-demand.
    pub on_demand: PricePoint,
    /// Spot (typical: the median over the region's availability zones where the source has
    /// them per zone).
    pub spot: Option<PricePoint>,
    /// Spot in the region's cheapest availability zone, where the source has prices per zone.
    pub spot_zone_min: Option<Box<PricePoint>>,
    /// Reserved 1 year, standard, no upfront.
    pub reserved_1yr: Option<PricePoint>,
    /// Reserved 3 years, standard, no upfront.
    pub reserved_3yr: Option<PricePoint>,
    /// Reserved 1 year, standard, partial upfront: effective hourly rate (the upfront fee spread
    /// over the term's 8,760 hours, plus the hourly rate). The four upfront rates are boxed:
    /// few price lists have them, and a smaller `RegionPrice` decodes faster.
    pub reserved_1yr_partial_upfront: Option<Box<PricePoint>>,
    /// Reserved 1 year, standard, all upfront: effective hourly rate.
    pub reserved_1yr_all_upfront: Option<Box<PricePoint>>,
    /// Reserved 3 years, standard, partial upfront: effective hourly rate (over 26,280 hours).
    pub reserved_3yr_partial_upfront: Option<Box<PricePoint>>,
    /// Reserved 3 years, standard, all upfront: effective hourly rate.
    pub reserved_3yr_all_upfront: Option<Box<PricePoint>>,
    /// Interruption band.
    pub spot_interruption: Option<SpotInterruption>,
}

impl RegionPrice {
    /// Names of the estimated price fields (`spot`, `reserved_1yr`, ...), in a fixed order.
    pub fn estimated_fields(&self) -> Vec<&'static str> {
        self.points()
            .into_iter()
            .filter(|(_, p)| p.is_some_and(|p| p.estimated))
            .map(|(name, _)| name)
            .collect()
    }

    /// The names of the price fields, in the order of [`RegionPrice::points`].
    pub const FIELDS: [&'static str; 9] = [
        "on_demand",
        "spot",
        "spot_zone_min",
        "reserved_1yr",
        "reserved_3yr",
        "reserved_1yr_partial_upfront",
        "reserved_1yr_all_upfront",
        "reserved_3yr_partial_upfront",
        "reserved_3yr_all_upfront",
    ];

    /// Every price of the region by field name ([`RegionPrice::FIELDS`]), on-demand first.
    pub fn points(&self) -> [(&'static str, Option<&PricePoint>); 9] {
        let values = [
            Some(&self.on_demand),
            self.spot.as_ref(),
            self.spot_zone_min.as_deref(),
            self.reserved_1yr.as_ref(),
            self.reserved_3yr.as_ref(),
            self.reserved_1yr_partial_upfront.as_deref(),
            self.reserved_1yr_all_upfront.as_deref(),
            self.reserved_3yr_partial_upfront.as_deref(),
            self.reserved_3yr_all_upfront.as_deref(),
        ];
        std::array::from_fn(|i| (Self::FIELDS[i], values[i]))
    }
}

/// An EC2 instance type with its specs and prices.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InstanceType {
    /// e.g. `p3.2xlarge` (borrowed from the embedded catalog where it can be).
    #[serde(borrow)]
    pub id: Cow<'static, str>,
    /// e.g. `p3`.
    #[serde(borrow, deserialize_with = "super::strs::repeated_str")]
    pub family: Cow<'static, str>,
    /// Category.
    pub category: Category,
    /// Generation number.
    pub generation: u32,
    /// vCPUs.
    pub vcpus: u32,
    /// Memory in GiB.
    pub memory_gib: f64,
    /// CPU architecture.
    pub arch: Arch,
    /// Accelerators, if any.
    pub accelerator: Option<AcceleratorSpec>,
    /// Baseline network bandwidth in Gbps.
    pub network_gbps: f64,
    /// Local NVMe instance storage in GB.
    pub local_nvme_gb: Option<u32>,
    /// EFA devices (0: no EFA).
    pub efa_devices: u32,
    /// Sold only as EC2 Capacity Blocks: no on-demand price.
    pub capacity_block_only: bool,
    /// Source id of the specs.
    #[serde(borrow, deserialize_with = "super::strs::repeated_str")]
    pub spec_source: Cow<'static, str>,
    /// Caveats.
    pub note: Option<String>,
    /// Prices, sorted by region code.
    pub prices: Vec<RegionPrice>,
}

impl InstanceType {
    /// The prices in a region, if the catalog has them.
    pub fn price(&self, region: &str) -> Option<&RegionPrice> {
        self.prices
            .binary_search_by(|p| (*p.region).cmp(region))
            .ok()
            .map(|i| &self.prices[i])
    }

    /// Whether the instance supports Elastic Fabric Adapter.
    pub fn efa(&self) -> bool {
        self.efa_devices > 0
    }
}

/// Object, block or file storage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum StorageKind {
    /// S3.
    Object,
    /// EBS.
    Block,
    /// EFS, FSx.
    File,
}

/// A storage class (SPEC §5 ids).
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct StorageClass {
    /// e.g. `s3-standard`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Object, block or file.
    pub kind: StorageKind,
    /// Whether several instances can use it at once.
    pub shareable: bool,
    /// Retrieval fee per GB read.
    pub retrieval_usd_per_gb: Option<Usd>,
    /// Monitoring fee per 1,000 objects per month.
    pub monitoring_usd_per_1000_objects: Option<Usd>,
    /// Minimum billed storage duration.
    pub min_duration_days: Option<u32>,
    /// Minimum billable object size.
    pub min_object_kb: Option<u32>,
    /// Included IOPS.
    pub baseline_iops: Option<u32>,
    /// Included throughput.
    pub baseline_throughput_mib_per_s: Option<u32>,
    /// Maximum IOPS.
    pub max_iops: Option<u32>,
    /// Maximum throughput.
    pub max_throughput_mib_per_s: Option<u32>,
    /// Largest volume, GiB (block storage).
    pub max_size_gib: Option<u32>,
    /// Throughput per TiB of capacity, MB/s (file systems whose throughput scales with their
    /// size, FSx for Lustre).
    pub throughput_mb_per_s_per_tib: Option<u32>,
    /// Throughput and performance notes.
    pub throughput: String,
    /// When it suits.
    pub suits: String,
    /// USD per GB-month per region, sorted by region.
    pub prices: Vec<RegionRate>,
    /// Caveats.
    pub note: Option<String>,
}

impl StorageClass {
    /// The price in a region, if the catalog has it.
    pub fn price(&self, region: &str) -> Option<&RegionRate> {
        self.prices.iter().find(|p| p.region == region)
    }

    /// The price in a region, else us-east-1's standing in for it; the flag says it stands in.
    pub fn price_or_borrowed(&self, region: &str) -> Option<(&RegionRate, bool)> {
        self.price(region)
            .map(|r| (r, false))
            .or_else(|| self.price(BORROWED_REGION).map(|r| (r, true)))
    }
}

/// The region whose prices stand in where the catalog has none for the region asked.
const BORROWED_REGION: &str = "us-east-1";

/// One region's rate of a service price.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct RegionRate {
    /// Region code.
    pub region: String,
    /// USD per unit.
    pub usd: Usd,
    /// Source id.
    pub source: String,
    /// Whether the rate is an estimate.
    pub estimated: bool,
}

/// The price of a managed service per unit (Athena per TB scanned, ...).
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct ServicePrice {
    /// Stable id, e.g. `athena-query`.
    pub id: String,
    /// Service id, e.g. `athena`.
    pub service: String,
    /// What one unit is, e.g. `TB scanned`.
    pub unit: String,
    /// Rates per region, sorted by region.
    pub prices: Vec<RegionRate>,
    /// A volume tier's end: the rate applies up to this many units a month, counted from zero
    /// (the tier before it ends where this one starts). None: every unit.
    pub tier_up_to: Option<f64>,
    /// Caveats.
    pub note: Option<String>,
}

impl ServicePrice {
    /// The rate in a region, if the catalog has it.
    pub fn rate(&self, region: &str) -> Option<&RegionRate> {
        self.prices.iter().find(|p| p.region == region)
    }

    /// The rate in a region, else us-east-1's standing in for it; the flag says it stands in.
    pub fn rate_or_borrowed(&self, region: &str) -> Option<(&RegionRate, bool)> {
        self.rate(region)
            .map(|r| (r, false))
            .or_else(|| self.rate(BORROWED_REGION).map(|r| (r, true)))
    }
}

/// A pricing model (SPEC §5 ids).
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct PricingModel {
    /// e.g. `spot`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Commitment term in years (0: none).
    pub term_years: u32,
    /// The published "up to" discount, in percent.
    pub max_discount_pct: Option<f64>,
    /// Notice before an interruption (spot).
    pub interruption_notice_seconds: Option<u32>,
    /// What it is.
    pub description: String,
    /// When it suits.
    pub suits: String,
    /// Source ids.
    pub sources: Vec<String>,
}
