//! The `recommend` report: what the engine decided, as plain data.

use serde::Serialize;

use crate::catalog::{Category, StorageRole};
use crate::money::Usd;
use crate::workload::Workload;

/// `ok`, `nothing-fits` (exit 4) or `over-budget` (exit 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// A recommendation within every constraint.
    Ok,
    /// No candidate satisfies the hard constraints.
    NothingFits,
    /// The best option exceeds `--max-monthly-usd` or `--max-job-usd`.
    OverBudget,
}

impl Outcome {
    /// The kebab-case id used in JSON.
    pub fn id(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::NothingFits => "nothing-fits",
            Outcome::OverBudget => "over-budget",
        }
    }
}

/// Accelerators of an option, all instances together.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct OptionAccelerator {
    /// Display name, e.g. `V100`.
    pub name: String,
    /// Devices in the whole option (`count` instances).
    pub count: u32,
    /// Usable memory per device, GiB.
    pub memory_gib_each: f64,
}

/// One ranked option.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Recommendation {
    /// 1 is the best.
    pub rank: u32,
    /// Instance type.
    pub instance_type: String,
    /// Instances.
    pub count: u32,
    /// Pricing model id.
    pub pricing_model: String,
    /// All `count` instances together, USD per hour.
    pub hourly_usd: Usd,
    /// USD per month at the workload's hours (commitments bill every hour), to the cent.
    #[serde(serialize_with = "crate::money::cents")]
    pub monthly_usd: Usd,
    /// Hours one job takes, null when there is no job or its length is unknown.
    pub job_hours: Option<f64>,
    /// The same, unrounded: what the pricing comparison bills (not serialized).
    #[serde(skip)]
    pub job_hours_exact: Option<f64>,
    /// The job's hours as sized, before spot's expected interruptions and rework: what the
    /// other pricing models run (not serialized).
    #[serde(skip)]
    pub sized_job_hours: Option<f64>,
    /// USD per job, null when `job_hours` is null, to the cent.
    #[serde(serialize_with = "crate::money::cents_opt")]
    pub job_usd: Option<Usd>,
    /// Accelerators, or null.
    pub accelerator: Option<OptionAccelerator>,
    /// Category id (null for a managed-service option).
    pub category: Option<Category>,
    /// vCPUs per instance (null for a managed-service option).
    pub vcpus: Option<u32>,
    /// Memory per instance, GiB (null for a managed-service option).
    pub memory_gib: Option<f64>,
    /// Whether the price used is an estimate.
    pub price_estimated: bool,
    /// Source id of the price used.
    pub price_source: String,
    /// Preference points from rules (higher ranks first).
    pub preference: u32,
    /// USD per 1,000 requests at `--rps` (real-time inference with a sized model).
    #[serde(serialize_with = "crate::money::cents_opt")]
    pub usd_per_1k_requests: Option<Usd>,
    /// USD per million items (batch inference with `--items`).
    #[serde(serialize_with = "crate::money::cents_opt")]
    pub usd_per_million_items: Option<Usd>,
    /// The managed service of a data-pipeline option (`kinesis-data-streams`, `msk`, ...),
    /// null for instance options.
    pub service: Option<String>,
    /// What the service option is counted in (`shard`, `stream`, `cluster`), null for instances.
    pub units: Option<Units>,
    /// How the option was sized (null when the workload gives no model to size).
    pub sizing: Option<SizingDetail>,
    /// Spot expected cost (training on spot with a sized model).
    pub spot_estimate: Option<SpotDetail>,
    /// Why this option.
    pub reasons: Vec<String>,
    /// Ids of the rules behind it.
    pub rules: Vec<String>,
}

/// The units a service option is counted in.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Units {
    /// `shard`, `stream`, `cluster`.
    pub name: String,
    /// How many.
    pub count: u32,
}

/// The numbers behind an option's count and hours.
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct SizingDetail {
    /// Accelerators in the whole option.
    pub accelerators: u32,
    /// Memory needed on each accelerator (training) or per instance (serving), GiB.
    pub memory_needed_gib: Option<f64>,
    /// Memory usable there (after the usable fraction), GiB.
    pub memory_usable_gib: Option<f64>,
    /// Training or batch tokens processed.
    pub tokens: Option<f64>,
    /// FLOPs of the job.
    pub flops: Option<f64>,
    /// Dense peak per accelerator (per instance when a CPU serves or scores), TFLOPS.
    pub peak_tflops: Option<f64>,
    /// Model FLOPs utilization used.
    pub mfu: Option<f64>,
    /// The coefficient it came from.
    pub mfu_coefficient: Option<String>,
    /// Where the job hours come from: `given`, `estimated` (from the model) or `data-throughput`
    /// (from the dataset size, without a model).
    pub job_hours_basis: Option<String>,
    /// Serving: sequences batched per replica.
    pub batch: Option<u64>,
    /// Serving: request latency at that batch, ms.
    pub latency_ms: Option<f64>,
    /// Serving: requests per second one instance sustains.
    pub requests_per_second_per_instance: Option<f64>,
    /// More than one instance works on one job (needs EFA).
    pub multi_node: bool,
    /// Real-time with `--peak-rps`: the instances the peak needs (`count` carries the average,
    /// and is what is billed).
    pub fleet_max: Option<u32>,
    /// Training: where the job reads its dataset from: the plan's working-copy class, or
    /// `instance-nvme` (the instance's local NVMe), a shared file system's class (`fsx-lustre`)
    /// or `s3-direct` (streamed from S3, no copy) when the plan's volume is too small or too
    /// slow for this option.
    pub working_copy: Option<String>,
    /// Training: hours before the first step (staging the dataset onto a working copy made for
    /// the job, and instance start-up), in `job_hours`; a spot interruption pays them again.
    pub preparation_hours: Option<f64>,
}

/// Expected cost of a job on spot, next to on-demand.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SpotDetail {
    /// Spot interruption band of the type and region.
    pub interruption_band: String,
    /// Expected interruptions over the job.
    pub expected_interruptions: f64,
    /// Checkpoint size, GB.
    pub checkpoint_gb: f64,
    /// Minutes to write one checkpoint (in the background when checkpointing is asynchronous).
    pub checkpoint_write_minutes: f64,
    /// Seconds the job stops for each checkpoint (`checkpoint-blocking-seconds`; the whole
    /// write when the catalog has no such coefficient).
    pub checkpoint_blocking_seconds: f64,
    /// Whether the stop is the blocking part of an asynchronous checkpoint (not serialized).
    #[serde(skip)]
    pub asynchronous: bool,
    /// Checkpoint every this many hours.
    pub checkpoint_interval_hours: f64,
    /// Expected hours on spot (job + checkpoints + rework).
    pub expected_hours: f64,
    /// The same, unrounded: what the spot cost is billed on (not serialized).
    #[serde(skip)]
    pub expected_hours_exact: f64,
    /// Expected spot cost of the job.
    #[serde(serialize_with = "crate::money::cents")]
    pub expected_usd: Usd,
    /// The same job on demand.
    #[serde(serialize_with = "crate::money::cents")]
    pub on_demand_usd: Usd,
    /// Expected saving vs on-demand, percent.
    pub saving_pct: f64,
    /// Whether spot is recommended (the expected saving is real).
    pub recommended: bool,
}

/// A short description of an option, for "cheapest" and "fastest".
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct OptionSummary {
    /// Instance type.
    pub instance_type: String,
    /// Instances.
    pub count: u32,
    /// Pricing model.
    pub pricing_model: String,
    /// Hours per job.
    pub job_hours: Option<f64>,
    /// USD per job.
    #[serde(serialize_with = "crate::money::cents_opt")]
    pub job_usd: Option<Usd>,
    /// USD per month.
    #[serde(serialize_with = "crate::money::cents")]
    pub monthly_usd: Usd,
}

/// A candidate left out, with why.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Rejection {
    /// Instance type.
    pub instance_type: String,
    /// Why it was left out, e.g. "16 GiB memory < 50 GiB needed".
    pub reason: String,
    /// The kind of reason, for what to relax when nothing fits (not in JSON).
    #[serde(skip)]
    pub kind: RejectionKind,
}

/// What kind of constraint left an option out: the "nothing fits" hint reads it to say what to
/// relax.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RejectionKind {
    /// Anything the user cannot relax with a flag (no figures, a category, a rule).
    #[default]
    Other,
    /// The catalog has no price for it in the region: a gap in the data, not a misfit.
    NoPrice,
    /// `--deny-family` names its family.
    DeniedFamily,
    /// `--allow-family` does not name its family.
    NotAllowedFamily,
    /// More accelerators per instance than `--max-gpus`.
    PerInstanceOverMaxGpus,
    /// The model states need more accelerators than `--max-gpus`.
    StatesOverMaxGpus,
    /// Activations and overhead leave no room for the model states.
    NoRoomForActivations,
    /// The model states need several nodes, and the type has no EFA.
    StatesNeedEfa,
    /// Weights and one sequence's KV cache do not fit the accelerator.
    ServingMemory,
    /// One request takes longer than `--latency-ms`.
    Latency,
    /// Over `--max-monthly-usd` or `--max-job-usd`.
    OverBudget,
    /// No cluster of the type finishes the training run within `--deadline-hours`.
    Deadline,
    /// As `Deadline`, and what stops the cluster growing is its network: beyond a size each
    /// step waits on it (a larger `--global-batch-tokens` raises that size).
    NetworkBound,
    /// A managed service's published quota (per cluster, per stream) is below the request.
    ServiceQuota,
}

/// One line of the storage plan.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct StorageItem {
    /// `dataset`, `working-copy`, `checkpoints`, `model-artifacts`.
    pub role: StorageRole,
    /// Storage class id.
    pub storage_class: String,
    /// Size in decimal GB, of each copy.
    pub size_gb: f64,
    /// Whether each instance of the best option has its own copy (a block volume or the
    /// instance's NVMe), rather than one shared by all of them (S3, EFS, FSx).
    pub per_node: bool,
    /// Copies: the best option's instance count when `per_node`, else 1.
    pub copies: u32,
    /// USD per month of all copies, to the cent: the whole month, or only the job's hours when
    /// `per_job`.
    #[serde(serialize_with = "crate::money::cents")]
    pub monthly_usd: Usd,
    /// Whether it exists only while the job runs (a training or batch job's EBS working copy,
    /// created for the job and deleted after it): billed for the best option's job hours of
    /// the month (one job a month), not the whole month.
    pub per_job: bool,
    /// Whether the price is an estimate (or borrowed from another region).
    pub estimated: bool,
    /// The rule that chose the class.
    pub rule: String,
    /// Why this class.
    pub reason: String,
}

/// The best option under one pricing model.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PricingRow {
    /// Pricing model id.
    pub pricing_model: String,
    /// USD per hour, all instances.
    pub hourly_usd: Usd,
    /// USD per month at the workload's hours (commitments: every hour of the month), to the
    /// cent.
    #[serde(serialize_with = "crate::money::cents")]
    pub monthly_usd: Usd,
    /// Monthly saving vs on-demand, percent; null when there is none (on-demand itself, or a
    /// model that costs more at these hours: `note` says so).
    pub savings_pct: Option<f64>,
    /// For commitments: the share of the month the instance must run for the commitment to
    /// cost no more than on-demand, percent.
    pub break_even_utilization_pct: Option<f64>,
    /// Whether the rate is an estimate.
    pub estimated: bool,
    /// Whether the workload's flags allow this model (spot needs --interruptible, reserved a
    /// --commitment) and no rule forbids it.
    pub allowed: bool,
    /// `chosen`, what it needs (`needs --interruptible`, `needs --commitment`), the rule that
    /// forbids it, or why it was not chosen (`costs more`, `costs more at these hours`); empty
    /// for on-demand when another model is chosen.
    pub note: String,
}

/// Totals of the best option and its storage.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Total {
    /// Compute plus storage, USD per month, to the cent.
    #[serde(serialize_with = "crate::money::cents")]
    pub monthly_usd: Usd,
    /// Compute per job, USD (null without a job length), to the cent.
    #[serde(serialize_with = "crate::money::cents_opt")]
    pub job_usd: Option<Usd>,
    /// Compute part of `monthly_usd`.
    #[serde(serialize_with = "crate::money::cents")]
    pub compute_monthly_usd: Usd,
    /// Storage part of `monthly_usd`.
    #[serde(serialize_with = "crate::money::cents")]
    pub storage_monthly_usd: Usd,
    /// SQL queries part of `monthly_usd` (`--query-tb-per-month`: on the plan's Parquet when it
    /// keeps one, else on the raw data); null without queries.
    #[serde(serialize_with = "crate::money::cents_opt")]
    pub queries_monthly_usd: Option<Usd>,
}

/// A rule that applied.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct FiredRule {
    /// Rule id.
    pub id: String,
    /// The rule's sentence.
    pub message: String,
    /// Where its knowledge comes from.
    pub basis: Option<String>,
}

/// What SQL queries over the data cost per month (Athena), raw text vs columnar.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct QueryCost {
    /// Service id: `athena`.
    pub service: String,
    /// TB scanned per month on raw text.
    pub tb_per_month: f64,
    /// USD per TB scanned in the region.
    pub usd_per_tb: Usd,
    /// Monthly cost scanning the raw text.
    #[serde(serialize_with = "crate::money::cents")]
    pub raw_monthly_usd: Usd,
    /// Monthly cost once the data is columnar (Parquet), at the catalog's scan fraction.
    #[serde(serialize_with = "crate::money::cents")]
    pub columnar_monthly_usd: Usd,
    /// Share of the raw data a columnar query scans (an estimate from AWS's example).
    pub columnar_scan_fraction: f64,
    /// Whether the rate is an estimate (or borrowed from another region).
    pub estimated: bool,
    /// Source id of the rate.
    pub source: String,
}

/// The serverless alternative for spiky traffic on a model CPUs can serve: the shape of the
/// best option on CPUs as Fargate tasks that follow the load.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ServerlessCost {
    /// Service id: `fargate`.
    pub service: String,
    /// The instance type whose shape a task takes (the best-ranked option without accelerators).
    pub instead_of: String,
    /// vCPUs of one task (the smallest Fargate size at or above the instance's).
    pub task_vcpus: f64,
    /// Memory of one task, GB (Fargate's GB are GiB).
    pub task_memory_gb: f64,
    /// USD per task-hour: vCPUs and memory at Fargate's Linux/x86 rates.
    pub task_hourly_usd: Usd,
    /// Tasks carrying the average load (`--rps`), as many as the instances.
    pub tasks_average: u32,
    /// Tasks at the peak (`--peak-rps`).
    pub tasks_peak: u32,
    /// The average tasks all month, to the cent.
    #[serde(serialize_with = "crate::money::cents")]
    pub monthly_usd: Usd,
    /// That instance type's compute per month, billed for its average fleet, to the cent.
    #[serde(serialize_with = "crate::money::cents")]
    pub instances_monthly_usd: Usd,
    /// Whether a rate is an estimate (or borrowed from us-east-1).
    pub estimated: bool,
    /// Source id of the rates.
    pub source: String,
}

/// A sizing coefficient behind the numbers.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CoefficientUsed {
    /// Coefficient id.
    pub id: String,
    /// Its value.
    pub value: f64,
    /// Its unit.
    pub unit: String,
    /// Whether it is an estimate.
    pub estimated: bool,
    /// Citation.
    pub source: String,
}

/// What the workload needs, as derived from the input and the rules.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Requirements {
    /// Categories candidates may come from.
    pub categories: Vec<Category>,
    /// Memory needed per instance, GiB.
    pub min_memory_gib: Option<f64>,
    /// How the memory need was computed.
    pub memory_basis: Option<String>,
}

/// A gap in the catalog that shaped the answer: families (or sizes) the rules prefer for the
/// workload, services or storage classes that have no price in the region. Said first: it is a
/// gap in the data, not a conclusion about the workload.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CatalogGap {
    /// What has no price: `instances` (the answer is chosen among the types priced there),
    /// `services` or `storage` (us-east-1 prices stand in, marked estimated).
    pub kind: GapKind,
    /// The region without the prices.
    pub region: String,
    /// The families with no price there at all, and the single sizes without one in families
    /// that are otherwise priced; or the services or storage classes; in name order.
    pub unpriced: Vec<String>,
    /// What it means for this answer and how to fill it, as one sentence.
    pub message: String,
}

/// What a [`CatalogGap`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum GapKind {
    /// Instance types the rules prefer.
    Instances,
    /// Service prices (streaming, ETL, Athena).
    Services,
    /// Storage-class prices.
    Storage,
}

/// `advisor recommend`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RecommendReport {
    /// The normalized input, every default explicit.
    pub input: Workload,
    /// Derived requirements.
    pub requirements: Requirements,
    /// `ok`, `nothing-fits` or `over-budget`.
    pub outcome: Outcome,
    /// Gaps in the catalog's prices for this region that shaped the answer (empty: none).
    pub catalog_gaps: Vec<CatalogGap>,
    /// Best first.
    pub recommendations: Vec<Recommendation>,
    /// Notable candidates left out.
    pub rejected: Vec<Rejection>,
    /// Storage plan.
    pub storage: Vec<StorageItem>,
    /// The best option under each pricing model the catalog prices.
    pub pricing: Vec<PricingRow>,
    /// Totals (null when nothing fits).
    pub total: Option<Total>,
    /// The cheapest feasible option by job (or monthly) cost.
    pub cheapest: Option<OptionSummary>,
    /// The fastest feasible option by job hours (null without job hours).
    pub fastest: Option<OptionSummary>,
    /// Rules that applied, in catalog order.
    pub rules_fired: Vec<FiredRule>,
    /// SQL query cost (Athena) for `--query-tb-per-month` (null without it).
    pub query_cost: Option<QueryCost>,
    /// With `--peak-rps`, when an option serves on CPUs: its shape as Fargate tasks.
    pub serverless: Option<ServerlessCost>,
    /// Every sizing coefficient the answer used, with its source.
    pub coefficients_used: Vec<CoefficientUsed>,
    /// Advice from the rules.
    pub advice: Vec<String>,
    /// Assumptions behind the numbers.
    pub assumptions: Vec<String>,
}
