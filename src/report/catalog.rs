//! Reports of the `advisor catalog` commands.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::catalog::{Catalog, Category, InstanceType, PricePoint, RegionPrice};
use crate::diag::{Diagnostic, Severity};
use crate::error::Error;
use crate::money::Usd;

/// Filters of `advisor catalog list`.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Region whose prices sort the list; with `only_priced`, types without a price there are
    /// left out.
    pub region: String,
    /// Keep only types priced in `region` (set when the user named a region).
    pub only_priced: bool,
    /// Family, e.g. `p3`.
    pub family: Option<String>,
    /// Category.
    pub category: Option<Category>,
    /// At least this many vCPUs.
    pub min_vcpus: Option<u32>,
    /// At least this much memory.
    pub min_memory_gib: Option<f64>,
    /// Accelerator id or name (`V100` matches every V100 variant).
    pub accelerator: Option<String>,
    /// At least this much memory per accelerator.
    pub min_accelerator_memory_gib: Option<f64>,
}

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

impl AcceleratorInfo {
    /// The accelerators of an instance type, with the model's display name.
    pub fn of(catalog: &Catalog, t: &InstanceType) -> Option<AcceleratorInfo> {
        t.accelerator.as_ref().map(|a| AcceleratorInfo {
            name: catalog
                .accelerator(&a.model)
                .map_or_else(|| a.model.clone(), |m| m.name.clone()),
            model: a.model.clone(),
            count: a.count,
            memory_gib_each: a.memory_gib_each,
        })
    }
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

/// Build the `catalog list` report. Unknown family, region or accelerator names are errors
/// with "did you mean".
pub fn catalog_list(catalog: &Catalog, q: &ListQuery) -> Result<ListReport, Error> {
    let region = catalog.require_region(&q.region)?.code.clone();
    let family = q
        .family
        .as_deref()
        .map(|f| catalog.require_family(f))
        .transpose()?;
    let accelerators: Option<BTreeSet<&str>> = q
        .accelerator
        .as_deref()
        .map(|a| catalog.require_accelerators(a))
        .transpose()?
        .map(|v| v.into_iter().map(|a| &*a.id).collect());
    let mut rows: Vec<(&InstanceType, Option<&RegionPrice>)> = catalog
        .instances()
        .iter()
        .filter(|t| family.as_ref().is_none_or(|f| &t.family == f))
        .filter(|t| q.category.is_none_or(|c| t.category == c))
        .filter(|t| q.min_vcpus.is_none_or(|v| t.vcpus >= v))
        .filter(|t| q.min_memory_gib.is_none_or(|m| t.memory_gib >= m))
        .filter(|t| match &accelerators {
            None => true,
            Some(ids) => t
                .accelerator
                .as_ref()
                .is_some_and(|a| ids.contains(a.model.as_str())),
        })
        .filter(|t| {
            q.min_accelerator_memory_gib.is_none_or(|m| {
                t.accelerator
                    .as_ref()
                    .is_some_and(|a| a.memory_gib_each >= m)
            })
        })
        .map(|t| (t, t.price(&region)))
        .filter(|(_, p)| !q.only_priced || p.is_some())
        .collect();
    rows.sort_by(|(a, pa), (b, pb)| {
        let key = |p: &Option<&RegionPrice>| p.map(|p| p.on_demand.usd);
        match (key(pa), key(pb)) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| a.id.cmp(&b.id))
    });
    let instances = rows
        .into_iter()
        .map(|(t, p)| ListEntry {
            instance_type: t.id.to_string(),
            family: t.family.to_string(),
            category: t.category,
            vcpus: t.vcpus,
            memory_gib: t.memory_gib,
            accelerator: AcceleratorInfo::of(catalog, t),
            network_gbps: t.network_gbps,
            efa_devices: t.efa_devices,
            on_demand_hourly_usd: p.map(|p| p.on_demand.usd),
            spot_hourly_usd: p.and_then(|p| p.spot.as_ref().map(|s| s.usd)),
            estimated: p
                .map(|p| {
                    let mut e = p.estimated_fields();
                    e.retain(|f| *f == "on_demand" || *f == "spot");
                    e
                })
                .unwrap_or_default(),
            regions: t.prices.iter().map(|p| p.region.to_string()).collect(),
        })
        .collect();
    Ok(ListReport { region, instances })
}

/// Which source each price of a row comes from.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PriceSources {
    /// Source id of the on-demand price.
    pub on_demand: String,
    /// Source id of the spot price.
    pub spot: Option<String>,
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

/// Build the `catalog show` report.
pub fn catalog_show(catalog: &Catalog, instance_type: &str) -> Result<ShowReport, Error> {
    let t = catalog.require_instance(instance_type)?;
    let mut used: BTreeSet<&str> = BTreeSet::new();
    used.insert(&t.spec_source);
    let id = |p: Option<&PricePoint>| p.map(|p| p.source.to_string());
    let prices = t
        .prices
        .iter()
        .map(|p| {
            for (_, s) in p.points() {
                if let Some(s) = s {
                    used.insert(&s.source);
                }
            }
            let usd = |x: Option<&PricePoint>| x.map(|s| s.usd);
            if let Some(s) = &p.spot_interruption {
                used.insert(&s.source);
            }
            PriceRow {
                region: p.region.to_string(),
                on_demand_hourly_usd: p.on_demand.usd,
                spot_hourly_usd: usd(p.spot.as_ref()),
                reserved_1yr_hourly_usd: usd(p.reserved_1yr.as_ref()),
                reserved_3yr_hourly_usd: usd(p.reserved_3yr.as_ref()),
                reserved_1yr_partial_upfront_hourly_usd: usd(p
                    .reserved_1yr_partial_upfront
                    .as_deref()),
                reserved_1yr_all_upfront_hourly_usd: usd(p.reserved_1yr_all_upfront.as_deref()),
                reserved_3yr_partial_upfront_hourly_usd: usd(p
                    .reserved_3yr_partial_upfront
                    .as_deref()),
                reserved_3yr_all_upfront_hourly_usd: usd(p.reserved_3yr_all_upfront.as_deref()),
                spot_interruption_band: p.spot_interruption.as_ref().map(|s| s.band.to_string()),
                spot_savings_pct: p.spot_interruption.as_ref().map(|s| s.savings_pct),
                estimated: p.estimated_fields(),
                source: PriceSources {
                    on_demand: p.on_demand.source.to_string(),
                    spot: id(p.spot.as_ref()),
                    reserved_1yr: id(p.reserved_1yr.as_ref()),
                    reserved_3yr: id(p.reserved_3yr.as_ref()),
                    reserved_1yr_partial_upfront: id(p.reserved_1yr_partial_upfront.as_deref()),
                    reserved_1yr_all_upfront: id(p.reserved_1yr_all_upfront.as_deref()),
                    reserved_3yr_partial_upfront: id(p.reserved_3yr_partial_upfront.as_deref()),
                    reserved_3yr_all_upfront: id(p.reserved_3yr_all_upfront.as_deref()),
                    spot_interruption: p.spot_interruption.as_ref().map(|s| s.source.to_string()),
                },
            }
        })
        .collect();
    let model = t
        .accelerator
        .as_ref()
        .and_then(|a| catalog.accelerator(&a.model))
        .cloned();
    if let Some(m) = &model {
        used.extend(m.sources.iter().map(String::as_str));
    }
    let sources = catalog
        .sources()
        .iter()
        .filter(|s| used.contains(&*s.id))
        .map(|s| SourceInfo {
            id: s.id.clone(),
            kind: if s.estimate { "estimate" } else { "published" },
            name: s.name.clone(),
            as_of: s.as_of.clone(),
            as_of_approximate: s.as_of_approximate,
            location: s.location.clone(),
        })
        .collect();
    Ok(ShowReport {
        instance: ShowInstance {
            instance_type: t.id.to_string(),
            family: t.family.to_string(),
            category: t.category,
            generation: t.generation,
            vcpus: t.vcpus,
            memory_gib: t.memory_gib,
            arch: t.arch.id(),
            accelerator: AcceleratorInfo::of(catalog, t),
            network_gbps: t.network_gbps,
            local_nvme_gb: t.local_nvme_gb,
            efa_devices: t.efa_devices,
            capacity_block_only: t.capacity_block_only,
            spec_source: t.spec_source.to_string(),
            note: t.note.clone(),
            regions: t.prices.iter().map(|p| p.region.to_string()).collect(),
            prices,
        },
        accelerator_model: model,
        sources,
    })
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
}

/// `catalog regions`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RegionsReport {
    /// Every region, by code.
    pub regions: Vec<RegionRow>,
}

/// Build the `catalog regions` report.
pub fn catalog_regions(catalog: &Catalog) -> RegionsReport {
    let counts = catalog.priced_types_per_region();
    RegionsReport {
        regions: catalog
            .regions()
            .iter()
            .map(|r| RegionRow {
                code: r.code.clone(),
                name: r.name.clone(),
                instance_types_priced: counts.get(r.code.as_str()).copied().unwrap_or(0),
            })
            .collect(),
    }
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

/// Build the `catalog validate` report from a load result.
pub fn catalog_validate(path: String, loaded: &Result<Catalog, Error>) -> ValidateReport {
    let (counts, diagnostics) = match loaded {
        Ok(c) => (
            Some(ValidateCounts {
                instance_types: c.instances().len(),
                prices: c.price_count(),
                regions: c.regions().len(),
                accelerators: c.accelerators().len(),
                storage_classes: c.storage_classes().len(),
                pricing_models: c.pricing_models().len(),
                sources: c.sources().len(),
            }),
            c.warnings().to_vec(),
        ),
        Err(Error::Invalid { diagnostics, .. }) => (None, diagnostics.clone()),
        Err(e) => (None, vec![Diagnostic::error("unreadable", e.to_string())]),
    };
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    ValidateReport {
        path,
        valid: errors == 0 && counts.is_some(),
        error_count: errors,
        warning_count: diagnostics.len() - errors,
        counts,
        diagnostics,
    }
}
