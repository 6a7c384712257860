//! Reports of the `advisor catalog` commands.

use std::collections::BTreeSet;

use crate::answer::catalog::*;
use crate::answer::CatalogInfo;
use crate::catalog::{Catalog, Category, InstanceType, PricePoint, RegionPrice};
use crate::diag::{Code, Diagnostic, Severity};
use crate::error::Error;

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
                spot_zone_min_hourly_usd: usd(p.spot_zone_min.as_deref()),
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
                    spot_zone_min: id(p.spot_zone_min.as_deref()),
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

/// Build the `catalog models` report.
pub fn catalog_models(catalog: &Catalog) -> crate::answer::catalog::ModelsReport {
    crate::answer::catalog::ModelsReport {
        models: catalog
            .models()
            .iter()
            .map(|m| crate::answer::catalog::ModelRow {
                kv_bytes_per_token: m.kv_bytes_per_token(2.0),
                model: m.clone(),
            })
            .collect(),
    }
}

/// Build the `catalog regions` report.
pub fn catalog_regions(catalog: &Catalog) -> RegionsReport {
    #[derive(Default)]
    struct Coverage {
        priced: usize,
        cpu: usize,
        on_demand: usize,
        spot: usize,
        spot_estimated: usize,
        estimates: usize,
    }
    let mut by_region: std::collections::BTreeMap<&str, Coverage> = Default::default();
    for t in catalog.instances() {
        for p in &t.prices {
            let c = by_region.entry(&p.region).or_default();
            c.priced += 1;
            c.cpu += usize::from(!t.category.is_accelerated());
            c.on_demand += usize::from(!p.on_demand.estimated);
            c.spot += usize::from(p.spot.as_ref().is_some_and(|s| !s.estimated));
            c.spot_estimated += usize::from(p.spot.as_ref().is_some_and(|s| s.estimated));
            let estimated = p
                .points()
                .iter()
                .any(|(_, x)| x.is_some_and(|x| x.estimated));
            c.estimates += usize::from(estimated);
        }
    }
    RegionsReport {
        regions: catalog
            .regions()
            .iter()
            .map(|r| {
                let c = by_region.remove(r.code.as_str()).unwrap_or_default();
                RegionRow {
                    code: r.code.clone(),
                    name: r.name.clone(),
                    instance_types_priced: c.priced,
                    cpu_types_priced: c.cpu,
                    on_demand_observed: c.on_demand,
                    spot_observed: c.spot,
                    spot_estimated: c.spot_estimated,
                    with_estimates: c.estimates,
                }
            })
            .collect(),
    }
}

/// A warning for each rule whose preferred families have no price at all in some of the
/// catalog's regions: there the answer is chosen among other types (and says so).
fn preferred_family_gaps(c: &Catalog) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in c.rules() {
        let families = &rule.then.prefer_families;
        if families.is_empty() {
            continue;
        }
        let priced: BTreeSet<&str> = c
            .instances_where(|f, _| families.iter().any(|x| x == f))
            .flat_map(|t| t.prices.iter().map(|p| &*p.region))
            .collect();
        // a region that does not offer any of them (by its `not-offered` list) is no gap
        let gaps: Vec<&str> = c
            .regions()
            .iter()
            .filter(|r| !priced.contains(r.code.as_str()))
            .filter(|r| !families.iter().all(|f| r.not_offered.contains(f)))
            .map(|r| &*r.code)
            .collect();
        if !gaps.is_empty() {
            out.push(Diagnostic::warning(
                Code::UnpricedPreferredFamilies,
                format!(
                    "rule `{}` prefers {}, none of which has a price in {} of {} regions: {}",
                    rule.id,
                    families.join(", "),
                    gaps.len(),
                    c.regions().len(),
                    gaps.join(", ")
                ),
            ));
        }
    }
    out
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
            {
                let mut d = c.warnings().to_vec();
                d.extend(preferred_family_gaps(c));
                d
            },
        ),
        Err(Error::Invalid { diagnostics, .. }) => (None, diagnostics.clone()),
        Err(e) => (
            None,
            vec![Diagnostic::error(Code::Unreadable, e.to_string())],
        ),
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

impl CatalogInfo {
    /// Describe a loaded catalog.
    pub fn of(catalog: &Catalog) -> CatalogInfo {
        CatalogInfo {
            version: catalog.meta().version.clone(),
            as_of: catalog.meta().as_of.clone(),
            source: catalog.origin().to_string(),
        }
    }
}
