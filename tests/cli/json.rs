//! JSON output: every `--format json` case's expected stdout (a golden file, compared byte for
//! byte by the CLI cases) is read back into strict mirror types, so that a field added, renamed
//! or retyped by accident fails here until docs/json-output.md and these mirrors are updated.

use std::path::Path;
use std::process::Command;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct CatalogInfo {
    version: String,
    as_of: String,
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Accelerator {
    name: String,
    model: String,
    count: u32,
    memory_gib_each: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ListEntry {
    instance_type: String,
    family: String,
    category: String,
    vcpus: u32,
    memory_gib: f64,
    accelerator: Option<Accelerator>,
    network_gbps: f64,
    efa_devices: u32,
    on_demand_hourly_usd: Option<f64>,
    spot_hourly_usd: Option<f64>,
    estimated: Vec<String>,
    regions: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct PriceSources {
    on_demand: String,
    spot: Option<String>,
    spot_zone_min: Option<String>,
    reserved_1yr: Option<String>,
    reserved_3yr: Option<String>,
    reserved_1yr_partial_upfront: Option<String>,
    reserved_1yr_all_upfront: Option<String>,
    reserved_3yr_partial_upfront: Option<String>,
    reserved_3yr_all_upfront: Option<String>,
    spot_interruption: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct PriceRow {
    region: String,
    on_demand_hourly_usd: f64,
    spot_hourly_usd: Option<f64>,
    spot_zone_min_hourly_usd: Option<f64>,
    reserved_1yr_hourly_usd: Option<f64>,
    reserved_3yr_hourly_usd: Option<f64>,
    reserved_1yr_partial_upfront_hourly_usd: Option<f64>,
    reserved_1yr_all_upfront_hourly_usd: Option<f64>,
    reserved_3yr_partial_upfront_hourly_usd: Option<f64>,
    reserved_3yr_all_upfront_hourly_usd: Option<f64>,
    spot_interruption_band: Option<String>,
    spot_savings_pct: Option<i8>,
    estimated: Vec<String>,
    source: PriceSources,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ShowInstance {
    instance_type: String,
    family: String,
    category: String,
    generation: u32,
    vcpus: u32,
    memory_gib: f64,
    arch: String,
    accelerator: Option<Accelerator>,
    network_gbps: f64,
    local_nvme_gb: Option<u32>,
    efa_devices: u32,
    capacity_block_only: bool,
    spec_source: String,
    note: Option<String>,
    regions: Vec<String>,
    prices: Vec<PriceRow>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct AcceleratorModel {
    id: String,
    name: String,
    vendor: String,
    software: String,
    memory_gb: f64,
    memory_bandwidth_gb_per_s: Option<f64>,
    fp16_tflops: Option<f64>,
    bf16_tflops: Option<f64>,
    fp32_tflops: Option<f64>,
    fp8: Option<bool>,
    fp8_tflops: Option<f64>,
    compute_capability: Option<String>,
    generation: Option<bool>,
    interconnect: Option<String>,
    estimated: Vec<String>,
    sources: Vec<String>,
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct SourceInfo {
    id: String,
    kind: String,
    name: String,
    as_of: String,
    as_of_approximate: bool,
    location: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct RegionRow {
    code: String,
    name: String,
    instance_types_priced: usize,
    cpu_types_priced: usize,
    on_demand_observed: usize,
    spot_observed: usize,
    spot_estimated: usize,
    with_estimates: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Location {
    file: String,
    line: usize,
    column: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Diagnostic {
    severity: String,
    code: String,
    message: String,
    location: Option<Location>,
    help: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Counts {
    instance_types: usize,
    prices: usize,
    regions: usize,
    accelerators: usize,
    storage_classes: usize,
    pricing_models: usize,
    sources: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ErrorBody {
    kind: String,
    message: String,
    diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ModelShape {
    id: String,
    name: String,
    kind: String,
    basis: String,
    params: f64,
    active_params: f64,
    layers: f64,
    hidden: f64,
    heads: f64,
    kv_heads: f64,
    head_dim: f64,
    embedding_params: f64,
    context: Option<u64>,
    fp16: bool,
    experts: Option<(u32, u32)>,
    source: String,
    as_of: String,
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Input {
    workload: String,
    data_size_bytes: u64,
    region: String,
    region_basis: String,
    hours_per_month: Option<f64>,
    hours_per_month_basis: String,
    commitment: String,
    interruptible: bool,
    traffic: String,
    shared_dataset: bool,
    model_params: Option<u64>,
    model: Option<ModelShape>,
    precision: String,
    method: String,
    tokens: Option<u64>,
    global_batch_tokens: Option<u64>,
    epochs: Option<f64>,
    job_hours: Option<f64>,
    max_gpus: Option<u32>,
    rps: f64,
    peak_rps: Option<f64>,
    latency_ms: f64,
    latency_ms_basis: String,
    context_tokens: u64,
    output_tokens: u64,
    output_tokens_default: bool,
    items: Option<u64>,
    deadline_hours: f64,
    max_monthly_usd: Option<f64>,
    max_job_usd: Option<f64>,
    query_tb_per_month: Option<f64>,
    events_per_sec: Option<f64>,
    event_size_bytes: Option<u64>,
    retention_hours: Option<f64>,
    schedule: Option<String>,
    max_job_hours: Option<f64>,
    allow_families: Vec<String>,
    deny_families: Vec<String>,
    top: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Requirements {
    categories: Vec<String>,
    min_memory_gib: Option<f64>,
    memory_basis: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct OptionAccelerator {
    name: String,
    count: u32,
    memory_gib_each: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Recommendation {
    rank: u32,
    instance_type: String,
    count: u32,
    pricing_model: String,
    hourly_usd: f64,
    monthly_usd: f64,
    job_hours: Option<f64>,
    job_usd: Option<f64>,
    accelerator: Option<OptionAccelerator>,
    category: Option<String>,
    vcpus: Option<u32>,
    memory_gib: Option<f64>,
    price_estimated: bool,
    price_source: String,
    preference: u32,
    usd_per_1k_requests: Option<f64>,
    usd_per_million_items: Option<f64>,
    service: Option<String>,
    units: Option<Units>,
    sizing: Option<SizingDetail>,
    spot_estimate: Option<SpotDetail>,
    reasons: Vec<String>,
    rules: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Units {
    name: String,
    count: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct SizingDetail {
    accelerators: u32,
    memory_needed_gib: Option<f64>,
    memory_usable_gib: Option<f64>,
    tokens: Option<f64>,
    flops: Option<f64>,
    peak_tflops: Option<f64>,
    mfu: Option<f64>,
    mfu_coefficient: Option<String>,
    job_hours_basis: Option<String>,
    batch: Option<u64>,
    latency_ms: Option<f64>,
    requests_per_second_per_instance: Option<f64>,
    multi_node: bool,
    fleet_max: Option<u32>,
    working_copy: Option<String>,
    preparation_hours: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct SpotDetail {
    interruption_band: String,
    expected_interruptions: f64,
    checkpoint_gb: f64,
    checkpoint_write_minutes: f64,
    checkpoint_blocking_seconds: f64,
    checkpoint_interval_hours: f64,
    expected_hours: f64,
    expected_usd: f64,
    on_demand_usd: f64,
    saving_pct: f64,
    recommended: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct OptionSummary {
    instance_type: String,
    count: u32,
    pricing_model: String,
    job_hours: Option<f64>,
    job_usd: Option<f64>,
    monthly_usd: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Rejection {
    instance_type: String,
    reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct StorageItem {
    role: String,
    storage_class: String,
    size_gb: f64,
    per_node: bool,
    copies: u32,
    monthly_usd: f64,
    per_job: bool,
    estimated: bool,
    rule: String,
    reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct PricingRow {
    pricing_model: String,
    hourly_usd: f64,
    monthly_usd: f64,
    savings_pct: Option<f64>,
    break_even_utilization_pct: Option<f64>,
    estimated: bool,
    allowed: bool,
    note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Total {
    monthly_usd: f64,
    job_usd: Option<f64>,
    compute_monthly_usd: f64,
    queries_monthly_usd: Option<f64>,
    storage_monthly_usd: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct FiredRule {
    id: String,
    message: String,
    basis: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct QueryCost {
    service: String,
    tb_per_month: f64,
    usd_per_tb: f64,
    raw_monthly_usd: f64,
    columnar_monthly_usd: f64,
    columnar_scan_fraction: f64,
    estimated: bool,
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ServerlessCost {
    service: String,
    instead_of: String,
    task_vcpus: f64,
    task_memory_gb: f64,
    task_hourly_usd: f64,
    tasks_average: u32,
    tasks_peak: u32,
    monthly_usd: f64,
    instances_monthly_usd: f64,
    estimated: bool,
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct CoefficientUsed {
    id: String,
    value: f64,
    unit: String,
    estimated: bool,
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct UnitCosts {
    usd_per_accelerator_hour: Option<f64>,
    usd_per_vcpu_hour: f64,
    usd_per_gib_hour: f64,
    usd_per_dense_tflop_hour: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Ratios {
    vcpus: f64,
    memory: f64,
    accelerators: Option<f64>,
    dense_tflops: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Compared {
    instance_type: String,
    category: String,
    vcpus: u32,
    memory_gib: f64,
    accelerator: Option<Accelerator>,
    dense_tflops: Option<f64>,
    network_gbps: f64,
    efa_devices: u32,
    priced: bool,
    on_demand_hourly_usd: Option<f64>,
    spot_hourly_usd: Option<f64>,
    reserved_1yr_hourly_usd: Option<f64>,
    reserved_3yr_hourly_usd: Option<f64>,
    spot_interruption_band: Option<String>,
    estimated: Vec<String>,
    unit_costs: Option<UnitCosts>,
    monthly_usd: Option<f64>,
    yearly_usd: Option<f64>,
    price_ratio_to_first: Option<f64>,
    ratios: Ratios,
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Saving {
    from: String,
    to: String,
    monthly_usd: f64,
    yearly_usd: f64,
    pct: f64,
    like_for_like: bool,
    smaller: Option<SmallerBy>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct SmallerBy {
    capacity: String,
    from_amount: f64,
    to_amount: f64,
    from_usd_per_unit_hour: f64,
    to_usd_per_unit_hour: f64,
}

/// `instances` is shared by `catalog list` and `compare`, with different entries.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
#[allow(dead_code)]
enum Instances {
    List(Vec<ListEntry>),
    Compare(Vec<Compared>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct PlanTotal {
    monthly_usd: f64,
    job_usd: f64,
    workloads_covered: usize,
    workloads: usize,
    not_covered: Vec<String>,
    rightsize_entries: usize,
    rightsize_current_monthly_usd: f64,
    rightsize_monthly_usd: f64,
    rightsize_saving_monthly_usd: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Observed {
    source: String,
    stat: Option<String>,
    span_days: Option<f64>,
    cpu_pct: Option<f64>,
    memory_gib: Option<f64>,
    accelerator_pct: Option<f64>,
    accelerator_max_pct: Option<f64>,
    accelerator_memory_gib: Option<f64>,
    accelerator_memory_total_gib: Option<f64>,
    network_gbps: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Needs {
    vcpus: f64,
    memory_gib: f64,
    accelerator_tflops: Option<f64>,
    accelerator_tflops_each: Option<f64>,
    accelerator_memory_gib: Option<f64>,
    accelerator_memory_total_gib: Option<f64>,
    accelerator_bandwidth_gb_per_s: Option<f64>,
    accelerator_bandwidth_each_gb_per_s: Option<f64>,
    accelerator_count: Option<u32>,
    accelerator_software: Option<String>,
    network_gbps: Option<f64>,
    archs: Vec<String>,
    efa: bool,
    nvme: bool,
    accelerator_model: Option<String>,
    kept: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Fitted {
    instance_type: String,
    count: u32,
    vcpus: u32,
    memory_gib: f64,
    accelerator: Option<Accelerator>,
    dense_tflops: Option<f64>,
    network_gbps: f64,
    pricing_model: String,
    pricing_reason: Option<String>,
    price_estimated: bool,
    hourly_usd: f64,
    monthly_usd: f64,
    monthly_saving_usd: Option<f64>,
    yearly_saving_usd: Option<f64>,
    saving_pct: Option<f64>,
    binding: String,
    binding_pct: f64,
    risks: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct RightsizeSaving {
    to: String,
    monthly_usd: f64,
    yearly_usd: f64,
    pct: f64,
}

/// A `rightsize` document's fields, and a plan's `[[rightsize]]` entry (with its name and
/// outcome).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct PlanRightsize {
    name: String,
    outcome: String,
    region: String,
    region_basis: String,
    hours_per_month: f64,
    observed: Observed,
    headroom_pct: f64,
    needs: Needs,
    under_provisioned: bool,
    current: Fitted,
    candidates: Vec<Fitted>,
    right_sized: bool,
    verdict: String,
    saving: Option<RightsizeSaving>,
    assumptions: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct CatalogGap {
    kind: String,
    region: String,
    unpriced: Vec<String>,
    message: String,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
#[allow(dead_code)]
enum Totals {
    Recommend(Total),
    Plan(PlanTotal),
}

/// A plan's workload: its name and a full recommend document body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct PlanWorkload {
    name: String,
    input: Input,
    requirements: Requirements,
    outcome: String,
    catalog_gaps: Vec<CatalogGap>,
    recommendations: Vec<Recommendation>,
    rejected: Vec<Rejection>,
    storage: Vec<StorageItem>,
    pricing: Vec<PricingRow>,
    total: Option<Total>,
    cheapest: Option<OptionSummary>,
    fastest: Option<OptionSummary>,
    rules_fired: Vec<FiredRule>,
    query_cost: Option<QueryCost>,
    serverless: Option<ServerlessCost>,
    coefficients_used: Vec<CoefficientUsed>,
    advice: Vec<String>,
    assumptions: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct OfferSummary {
    file: String,
    publication_date: Option<String>,
    products_seen: usize,
    products_kept: usize,
    prices: usize,
    prices_skipped: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct SkippedPrice {
    file: String,
    sku: String,
    instance_type: String,
    region: String,
    price: String,
    problem: String,
    kept_usd_per_hour: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct PriceChange {
    instance_type: String,
    region: String,
    price: String,
    change: String,
    old_hourly_usd: Option<f64>,
    new_hourly_usd: Option<f64>,
    change_pct: Option<f64>,
    old_source: Option<String>,
    new_source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct DiffSummary {
    added: usize,
    removed: usize,
    increased: usize,
    decreased: usize,
    unchanged: usize,
}

/// Every document: the envelope plus exactly one command's fields.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Document {
    schema_version: u32,
    command: String,
    catalog: Option<CatalogInfo>,
    warnings: Vec<String>,
    // catalog list
    region: Option<String>,
    instances: Option<Instances>,
    // compare
    region_basis: Option<String>,
    hours_per_month: Option<f64>,
    savings: Option<Vec<Saving>>,
    saving: Option<Option<RightsizeSaving>>,
    // catalog show
    instance: Option<ShowInstance>,
    accelerator_model: Option<Option<AcceleratorModel>>,
    sources: Option<Vec<SourceInfo>>,
    // catalog regions
    regions: Option<Vec<RegionRow>>,
    // catalog validate
    path: Option<String>,
    valid: Option<bool>,
    error_count: Option<usize>,
    warning_count: Option<usize>,
    counts: Option<Option<Counts>>,
    diagnostics: Option<Vec<Diagnostic>>,
    // recommend
    input: Option<Input>,
    requirements: Option<Requirements>,
    outcome: Option<String>,
    catalog_gaps: Option<Vec<CatalogGap>>,
    recommendations: Option<Vec<Recommendation>>,
    rejected: Option<Vec<Rejection>>,
    storage: Option<Vec<StorageItem>>,
    pricing: Option<Vec<PricingRow>>,
    total: Option<Option<Totals>>,
    // plan
    file: Option<String>,
    max_monthly_usd: Option<Option<f64>>,
    max_job_usd: Option<Option<f64>>,
    workloads: Option<Vec<PlanWorkload>>,
    rightsize: Option<Vec<PlanRightsize>>,
    // rightsize
    observed: Option<Observed>,
    headroom_pct: Option<f64>,
    needs: Option<Needs>,
    under_provisioned: Option<bool>,
    current: Option<Fitted>,
    candidates: Option<Vec<Fitted>>,
    right_sized: Option<bool>,
    verdict: Option<String>,
    cheapest: Option<Option<OptionSummary>>,
    fastest: Option<Option<OptionSummary>>,
    rules_fired: Option<Vec<FiredRule>>,
    query_cost: Option<Option<QueryCost>>,
    serverless: Option<Option<ServerlessCost>>,
    coefficients_used: Option<Vec<CoefficientUsed>>,
    advice: Option<Vec<String>>,
    assumptions: Option<Vec<String>>,
    // catalog import
    out: Option<String>,
    offers: Option<Vec<OfferSummary>>,
    prices_updated: Option<usize>,
    prices_added: Option<usize>,
    instance_types_added: Option<Vec<String>>,
    instance_types_skipped: Option<usize>,
    regions_added: Option<Vec<String>>,
    spot_bands_updated: Option<usize>,
    prices_skipped: Option<usize>,
    skipped: Option<Vec<SkippedPrice>>,
    // catalog diff
    old: Option<CatalogInfo>,
    new: Option<CatalogInfo>,
    min_change_pct: Option<f64>,
    instance_types_removed: Option<Vec<String>>,
    regions_removed: Option<Vec<String>>,
    changes: Option<Vec<PriceChange>>,
    summary: Option<DiffSummary>,
    // failures
    error: Option<ErrorBody>,
}

fn check(doc: &Document, origin: &str) {
    assert_eq!(doc.schema_version, 1, "{origin}");
    let fields_ok = match doc.command.as_str() {
        _ if doc.error.is_some() => doc.catalog.is_none(),
        "catalog list" => matches!(doc.instances, Some(Instances::List(_))) && doc.region.is_some(),
        "compare" => {
            matches!(doc.instances, Some(Instances::Compare(_)))
                && doc.savings.is_some()
                && doc.hours_per_month.is_some()
        }
        "catalog show" => doc.instance.is_some() && doc.sources.is_some(),
        "catalog regions" => doc.regions.is_some(),
        "catalog validate" => doc.valid.is_some() && doc.diagnostics.is_some(),
        "catalog import" => {
            doc.offers.is_some()
                && doc.out.is_some()
                && doc.prices_skipped.is_some()
                && doc.skipped.is_some()
        }
        "catalog diff" => {
            doc.old.is_some()
                && doc.new.is_some()
                && doc.changes.is_some()
                && doc.summary.is_some()
                && doc.min_change_pct.is_some()
        }
        "plan" => {
            doc.workloads.is_some()
                && doc.rightsize.is_some()
                && doc.file.is_some()
                && matches!(doc.total, Some(Some(Totals::Plan(_))))
        }
        "rightsize" => {
            doc.observed.is_some()
                && doc.needs.is_some()
                && doc.current.is_some()
                && doc.candidates.is_some()
                && doc.right_sized.is_some()
                && doc.verdict.is_some()
                && doc.saving.is_some()
        }
        "recommend" => {
            doc.input.is_some()
                && doc.recommendations.is_some()
                && doc.storage.is_some()
                && doc.pricing.is_some()
                && doc.total.is_some()
                && doc.rules_fired.is_some()
        }
        other => panic!("{origin}: unknown command {other:?}"),
    };
    assert!(
        fields_ok,
        "{origin}: fields do not match command {}",
        doc.command
    );
}

#[test]
fn every_json_golden_file_reads_back_strictly() {
    let mut checked = 0;
    for entry in std::fs::read_dir("tests/cmd").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let case = std::fs::read_to_string(&path).unwrap();
        if !case.contains("\"json\"") {
            continue;
        }
        let stdout = path.with_extension("stdout");
        let text = std::fs::read_to_string(&stdout).unwrap();
        let doc: Document =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", stdout.display()));
        check(&doc, &stdout.display().to_string());
        checked += 1;
    }
    assert!(checked >= 6, "only {checked} JSON cases found");
}

fn advisor(args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_advisor"))
        .args(args)
        .env_remove("ADVISOR_CATALOG")
        .env("ADVISOR_REGION", "")
        .env("ADVISOR_TODAY", "2026-11-25")
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn an_import_report_reads_back_strictly() {
    let out = std::env::temp_dir().join(format!("advisor-json-import-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let doc: Document = serde_json::from_slice(&advisor(&[
        "catalog",
        "import",
        "--aws-offer",
        "tests/fixtures/offers/bad-prices.json",
        "--out",
        out.to_str().unwrap(),
        "--format",
        "json",
    ]))
    .unwrap();
    std::fs::remove_dir_all(&out).unwrap();
    check(&doc, "catalog import");
    assert_eq!(doc.skipped.map(|s| s.len()), Some(8));
}

#[test]
fn the_same_command_gives_the_same_bytes() {
    for args in [
        &["catalog", "list", "--format", "json"][..],
        &["catalog", "show", "g5.xlarge", "--format", "json"],
        &["catalog", "list", "--region", "eu-west-1"],
    ] {
        assert_eq!(advisor(args), advisor(args), "{args:?}");
    }
}

#[test]
fn full_list_json_is_one_strict_document_with_every_type() {
    let doc: Document =
        serde_json::from_slice(&advisor(&["catalog", "list", "--format", "json"])).unwrap();
    check(&doc, "catalog list");
    let Some(Instances::List(instances)) = doc.instances else {
        panic!("catalog list has list entries")
    };
    assert!(instances.len() >= 300);
    // sorted by on-demand price, unpriced (capacity-block-only) last
    let prices: Vec<f64> = instances
        .iter()
        .map_while(|i| i.on_demand_hourly_usd)
        .collect();
    assert!(prices.windows(2).all(|w| w[0] <= w[1]));
    assert!(instances[prices.len()..]
        .iter()
        .all(|i| i.on_demand_hourly_usd.is_none()));
}
