//! The catalog: instance types with per-region prices, accelerators, storage classes, pricing
//! models, regions and the sources behind every number.
//!
//! Loading is two-phase: [`raw`] mirrors the TOML strictly; `validate` checks every
//! cross-reference and range and is the only way to build a [`Catalog`].

pub mod age;
mod builtin;
mod instances;
pub mod raw;
pub mod rules;
pub(crate) mod stored;
pub(crate) mod validate;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, SourceFile};
use crate::error::Error;
use crate::money::Usd;
use crate::suggest;

pub use builtin::BUILTIN_FILES;

pub use rules::{Coefficient, Condition, Effects, Rule, StorageRole};

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
    #[serde(borrow, deserialize_with = "stored::repeated_str")]
    pub source: Cow<'static, str>,
    /// True when the source is an estimate rule.
    pub estimated: bool,
}

/// Spot interruption frequency band and savings from the Spot Instance Advisor.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SpotInterruption {
    /// `<5%`, `5-10%`, `10-15%`, `15-20%` or `>20%` of instances interrupted per month.
    #[serde(borrow, deserialize_with = "stored::repeated_str")]
    pub band: Cow<'static, str>,
    /// Average savings vs on-demand over 30 days, in percent (negative: spot cost more).
    pub savings_pct: i8,
    /// Source id.
    #[serde(borrow, deserialize_with = "stored::repeated_str")]
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
    /// Spot (typical).
    pub spot: Option<PricePoint>,
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
    pub const FIELDS: [&'static str; 8] = [
        "on_demand",
        "spot",
        "reserved_1yr",
        "reserved_3yr",
        "reserved_1yr_partial_upfront",
        "reserved_1yr_all_upfront",
        "reserved_3yr_partial_upfront",
        "reserved_3yr_all_upfront",
    ];

    /// Every price of the region by field name ([`RegionPrice::FIELDS`]), on-demand first.
    pub fn points(&self) -> [(&'static str, Option<&PricePoint>); 8] {
        let values = [
            Some(&self.on_demand),
            self.spot.as_ref(),
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
    #[serde(borrow, deserialize_with = "stored::repeated_str")]
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
    #[serde(borrow, deserialize_with = "stored::repeated_str")]
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
}

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
    /// Caveats.
    pub note: Option<String>,
}

impl ServicePrice {
    /// The rate in a region, if the catalog has it.
    pub fn rate(&self, region: &str) -> Option<&RegionRate> {
        self.prices.iter().find(|p| p.region == region)
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

/// A validated catalog. The only way to get one is [`load`] (or [`Catalog::builtin`]).
///
/// It serializes (postcard) so that the built-in catalog can be embedded pre-validated
/// (`data/catalog.bin`, checked against the TOML by a test): the TOML stays the source of truth.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct Catalog {
    #[serde(skip)]
    origin: CatalogSource,
    meta: Meta,
    sources: Vec<Source>,
    regions: Vec<Region>,
    accelerators: Vec<Accelerator>,
    /// Stored by family (see `stored.rs`), not with the rest.
    #[serde(skip)]
    instances: instances::Instances,
    storage_classes: Vec<StorageClass>,
    pricing_models: Vec<PricingModel>,
    service_prices: Vec<ServicePrice>,
    rules: Vec<Rule>,
    coefficients: Vec<Coefficient>,
    #[serde(skip)]
    warnings: Vec<Diagnostic>,
}

impl Catalog {
    /// The embedded catalog.
    pub fn builtin() -> Result<Catalog, Error> {
        load(&CatalogSource::Builtin)
    }

    /// Where it was loaded from.
    pub fn origin(&self) -> &CatalogSource {
        &self.origin
    }
    /// `[meta]`.
    pub fn meta(&self) -> &Meta {
        &self.meta
    }
    /// Every source and estimate rule.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }
    /// Every region, sorted by code.
    pub fn regions(&self) -> &[Region] {
        &self.regions
    }
    /// Every accelerator model.
    pub fn accelerators(&self) -> &[Accelerator] {
        &self.accelerators
    }
    /// Every instance type, sorted by id. The embedded catalog decodes them all: a command
    /// that looks only at some families uses [`Catalog::instances_where`].
    pub fn instances(&self) -> &[InstanceType] {
        self.instances.all()
    }
    /// The instance types of the families `keep` accepts, given a family's name and the
    /// categories of its types, in id order. The embedded catalog decodes only those families.
    pub fn instances_where<'a>(
        &'a self,
        keep: impl Fn(&str, &[Category]) -> bool + 'a,
    ) -> impl Iterator<Item = &'a InstanceType> + 'a {
        self.instances
            .families()
            .iter()
            .filter(move |f| keep(&f.name, &f.categories))
            .flat_map(|f| self.instances.of(f))
    }
    /// Every storage class.
    pub fn storage_classes(&self) -> &[StorageClass] {
        &self.storage_classes
    }
    /// Every pricing model.
    pub fn pricing_models(&self) -> &[PricingModel] {
        &self.pricing_models
    }
    /// Every enabled rule, the catalog's own first.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }
    /// Every sizing coefficient.
    pub fn coefficients(&self) -> &[Coefficient] {
        &self.coefficients
    }
    /// A coefficient by id. Validation guarantees the required ones exist.
    pub fn coefficient(&self, id: &str) -> Option<&Coefficient> {
        self.coefficients.iter().find(|c| c.id == id)
    }
    /// Every service price.
    pub fn service_prices(&self) -> &[ServicePrice] {
        &self.service_prices
    }
    /// A service price by id.
    pub fn service_price(&self, id: &str) -> Option<&ServicePrice> {
        self.service_prices.iter().find(|s| s.id == id)
    }
    /// A storage class by id.
    pub fn storage_class(&self, id: &str) -> Option<&StorageClass> {
        self.storage_classes.iter().find(|s| s.id == id)
    }
    /// A pricing model by id.
    pub fn pricing_model(&self, id: &str) -> Option<&PricingModel> {
        self.pricing_models.iter().find(|m| m.id == id)
    }
    /// Warnings found while validating (the catalog is still usable).
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// A source by id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }
    /// An accelerator model by id.
    pub fn accelerator(&self, id: &str) -> Option<&Accelerator> {
        self.accelerators.iter().find(|a| a.id == id)
    }
    /// A region by code.
    pub fn region(&self, code: &str) -> Option<&Region> {
        self.regions
            .binary_search_by(|r| r.code.as_str().cmp(code))
            .ok()
            .map(|i| &self.regions[i])
    }
    /// An instance type by id.
    pub fn instance(&self, id: &str) -> Option<&InstanceType> {
        self.instances.get(id)
    }

    /// An instance type by id, or an [`Error::Unknown`] with "did you mean".
    pub fn require_instance(&self, id: &str) -> Result<&InstanceType, Error> {
        let lower = id.to_ascii_lowercase();
        self.instance(&lower).ok_or_else(|| Error::Unknown {
            kind: "instance type",
            value: id.to_string(),
            help: suggest::did_you_mean(id, self.instances().iter().map(|t| &*t.id))
                .or_else(|| Some("`advisor catalog list` shows every type".into())),
        })
    }

    /// A region by code, or an [`Error::Unknown`] with "did you mean".
    pub fn require_region(&self, code: &str) -> Result<&Region, Error> {
        self.region(&code.to_ascii_lowercase())
            .ok_or_else(|| Error::Unknown {
                kind: "region",
                value: code.to_string(),
                help: suggest::did_you_mean(code, self.regions.iter().map(|r| r.code.as_str()))
                    .or_else(|| Some("`advisor catalog regions` lists the regions".into())),
            })
    }

    /// Check that a family exists, with "did you mean" when it does not.
    pub fn require_family(&self, family: &str) -> Result<String, Error> {
        let lower = family.to_ascii_lowercase();
        if self.instances.family(&lower).is_some() {
            return Ok(lower);
        }
        let families = self.instances.families().iter().map(|f| &*f.name);
        Err(Error::Unknown {
            kind: "instance family",
            value: family.to_string(),
            help: suggest::did_you_mean(family, families),
        })
    }

    /// Accelerator models matching a name: an id (`a100-80gb`) or a display name (`A100`,
    /// matching every memory variant), case-insensitively; [`Error::Unknown`] when none does.
    pub fn require_accelerators(&self, name: &str) -> Result<Vec<&Accelerator>, Error> {
        let found: Vec<&Accelerator> = self
            .accelerators
            .iter()
            .filter(|a| a.id.eq_ignore_ascii_case(name) || a.name.eq_ignore_ascii_case(name))
            .collect();
        if !found.is_empty() {
            return Ok(found);
        }
        let names = self
            .accelerators
            .iter()
            .flat_map(|a| [&*a.id, a.name.as_str()]);
        Err(Error::Unknown {
            kind: "accelerator",
            value: name.to_string(),
            help: suggest::did_you_mean(name, names),
        })
    }

    /// Count of price entries (type × region).
    pub fn price_count(&self) -> usize {
        self.instances().iter().map(|t| t.prices.len()).sum()
    }

    /// Region code → number of instance types priced there.
    pub fn priced_types_per_region(&self) -> BTreeMap<&str, usize> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for t in self.instances() {
            for p in &t.prices {
                *counts.entry(&*p.region).or_default() += 1;
            }
        }
        counts
    }
}

/// Load and validate a catalog. A bad catalog gives [`Error::Invalid`] with every diagnostic;
/// a path that cannot be read gives [`Error::Io`] naming it.
pub fn load(source: &CatalogSource) -> Result<Catalog, Error> {
    if *source == CatalogSource::Builtin {
        // the pre-validated form; a test keeps it equal to the TOML under data/
        if let Some(catalog) = stored::decode(builtin::BLOB, None) {
            return Ok(catalog);
        }
    }
    let files = read_files(source)?;
    validate::validate(source.clone(), &files)
}

/// Like [`load`], for a command about one region: the embedded catalog then decodes only that
/// region's instance prices (most of its size), and every other region's are left out. A user
/// catalog is loaded whole. Use [`load`] for anything that lists prices across regions.
pub fn load_region(source: &CatalogSource, region: &str) -> Result<Catalog, Error> {
    if *source == CatalogSource::Builtin {
        if let Some(catalog) = stored::decode(builtin::BLOB, Some(region)) {
            return Ok(catalog);
        }
    }
    load(source)
}

/// Parse and validate the built-in catalog from its TOML, as a user catalog is loaded (slower
/// than [`load`]; for tests, benchmarks and regenerating `data/catalog.bin`).
pub fn load_builtin_toml() -> Result<Catalog, Error> {
    let files = read_files(&CatalogSource::Builtin)?;
    validate::validate(CatalogSource::Builtin, &files)
}

/// Whether a region code has the AWS shape (`us-east-1`, `us-gov-west-1`).
pub fn validate_region_code(code: &str) -> bool {
    validate::valid_region_code(code)
}

/// Load and validate a catalog from in-memory files `(display name, text)`, as if read from a
/// directory; `origin` names the catalog in messages.
pub fn load_texts(origin: &str, files: &[(&str, &str)]) -> Result<Catalog, Error> {
    let files: Vec<SourceFile> = files
        .iter()
        .map(|(name, text)| SourceFile::new(*name, *text))
        .chain(inherited_files())
        .collect();
    validate::validate(CatalogSource::Path(PathBuf::from(origin)), &files)
}

/// Read the catalog's files: the embedded ones, one file, or every `*.toml` of a directory.
fn read_files(source: &CatalogSource) -> Result<Vec<SourceFile>, Error> {
    match source {
        CatalogSource::Builtin => Ok(BUILTIN_FILES
            .iter()
            .map(|(name, text)| SourceFile::new(format!("<builtin>/{name}"), *text))
            .collect()),
        CatalogSource::Path(path) => {
            let mut files = read_path(path)?;
            files.extend(inherited_files());
            Ok(files)
        }
    }
}

/// The built-in rule and coefficient files, which a user catalog inherits (see
/// docs/rules.md): appended after the user's files under their `<builtin>/` names.
fn inherited_files() -> impl Iterator<Item = SourceFile> {
    BUILTIN_FILES
        .iter()
        .filter(|(name, _)| builtin::INHERITED.contains(name))
        .map(|(name, text)| SourceFile::new(format!("<builtin>/{name}"), *text))
}

/// The TOML files of a user catalog (a file, or a directory's `*.toml`), without the inherited
/// built-in ones.
pub(crate) fn read_user_files(path: &Path) -> Result<Vec<SourceFile>, Error> {
    read_path(path)
}

fn read_path(path: &Path) -> Result<Vec<SourceFile>, Error> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_dir() {
        return Ok(vec![read_one(path)?]);
    }
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(path).map_err(io)? {
        let entry = entry.map_err(io)?;
        let p = entry.path();
        if p.extension().is_some_and(|e| e == "toml") && p.is_file() {
            paths.push(p);
        }
    }
    paths.sort();
    if paths.is_empty() {
        return Err(Error::Invalid {
            what: format!("catalog `{}`", path.display()),
            diagnostics: vec![Diagnostic::error(
                "empty-catalog-directory",
                format!("no `.toml` files in directory `{}`", path.display()),
            )],
        });
    }
    paths.iter().map(|p| read_one(p)).collect()
}

fn read_one(path: &Path) -> Result<SourceFile, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let name = path.display().to_string();
    match crate::diag::utf8_text(&name, bytes) {
        Ok(text) => Ok(SourceFile::new(name, text)),
        Err(d) => Err(Error::Invalid {
            what: format!("catalog file `{name}`"),
            diagnostics: vec![d],
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(r: Result<Catalog, Error>) -> Vec<&'static str> {
        match r {
            Err(Error::Invalid { diagnostics, .. }) => diagnostics.iter().map(|d| d.code).collect(),
            Err(e) => vec![if e.is_invalid_input() { "io" } else { "other" }],
            Ok(_) => vec![],
        }
    }

    #[test]
    fn an_empty_directory_and_a_non_utf8_file_are_invalid_input() {
        let dir = std::env::temp_dir().join(format!("advisor-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert_eq!(
            codes(load(&CatalogSource::Path(dir.clone()))),
            ["empty-catalog-directory"]
        );
        let bad = dir.join("bad.toml");
        std::fs::write(&bad, b"schema-version = 1\n\xff\xfe").unwrap();
        assert_eq!(codes(load(&CatalogSource::Path(bad))), ["not-utf8"]);
        assert_eq!(
            codes(load(&CatalogSource::Path(dir.join("missing.toml")))),
            ["io"]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
