//! Put an offer file's prices into the catalog's instance types, adding types of known families
//! and new regions.

use super::offer::{Offer, OfferPrice};
use crate::answer::import::ImportReport;
use crate::catalog::{self, AcceleratorSpec, InstanceType, PricePoint, Region, RegionPrice};
use crate::money::Usd;

/// Put an offer's prices into the instances, adding types of known families and new regions.
pub(super) fn apply(
    offer: &Offer,
    source: &str,
    instances: &mut Vec<InstanceType>,
    regions: &mut Vec<Region>,
    report: &mut ImportReport,
) {
    for ((type_, region), p) in &offer.prices {
        let Some(on_demand) = p.on_demand else {
            continue;
        };
        if !known_region(region, regions, report) {
            continue;
        }
        let Some(idx) = instance_index(type_, p, source, instances, report) else {
            continue;
        };
        let t = &mut instances[idx];
        let i = price_index(t, region, on_demand, source, report);
        set_rates(&mut t.prices[i], p, on_demand, source);
    }
    for t in instances.iter_mut() {
        t.prices.sort_by(|a, b| a.region.cmp(&b.region));
    }
}

/// A published price of the offer file `source`.
fn point(usd: Usd, source: &str) -> PricePoint {
    PricePoint {
        usd,
        source: source.to_string().into(),
        estimated: false,
    }
}

/// Whether prices in `region` are kept: it is a region of the catalog, or a well-formed region
/// code, then added to `regions` (and reported).
fn known_region(region: &str, regions: &mut Vec<Region>, report: &mut ImportReport) -> bool {
    if !regions.iter().any(|r| r.code == region) {
        if !catalog::validate_region_code(region) {
            return false;
        }
        regions.push(Region {
            code: region.to_string(),
            name: region.to_string(),
            not_offered: Vec::new(),
            not_offered_source: None,
        });
        report.regions_added.push(region.to_string());
    }
    true
}

/// Where `type_` is in `instances`: a type of the catalog, or one added as a copy of a type of
/// its family with the offer's vCPUs, memory and accelerator count. None (and counted as
/// skipped) when the catalog has no type of its family.
fn instance_index(
    type_: &str,
    p: &OfferPrice,
    source: &str,
    instances: &mut Vec<InstanceType>,
    report: &mut ImportReport,
) -> Option<usize> {
    if let Some(i) = instances.iter().position(|t| *t.id == *type_) {
        return Some(i);
    }
    let family = type_.split('.').next().unwrap_or_default();
    let Some(sibling) = instances.iter().find(|t| t.family == family).cloned() else {
        report.instance_types_skipped += 1;
        return None;
    };
    let mut t = sibling;
    t.id = type_.to_string().into();
    t.vcpus = p.vcpus.unwrap_or(t.vcpus);
    t.memory_gib = p.memory_gib.unwrap_or(t.memory_gib);
    if let (Some(acc), Some(gpus)) = (&mut t.accelerator, p.gpus) {
        *acc = AcceleratorSpec {
            count: gpus.max(1),
            ..acc.clone()
        };
    }
    t.spec_source = source.to_string().into();
    t.note = Some(format!(
        "added by import: vCPU, memory and accelerator count from the offer file; \
         the rest copied from family {family}"
    ));
    t.capacity_block_only = false;
    t.prices.clear();
    report.instance_types_added.push(type_.to_string());
    instances.push(t);
    Some(instances.len() - 1)
}

/// Where the instance type's price in `region` is, counted as updated; or a new one with only
/// the on-demand rate, counted as added.
fn price_index(
    t: &mut InstanceType,
    region: &str,
    on_demand: Usd,
    source: &str,
    report: &mut ImportReport,
) -> usize {
    match t.prices.iter().position(|x| *x.region == *region) {
        Some(i) => {
            report.prices_updated += 1;
            i
        }
        None => {
            report.prices_added += 1;
            t.prices.push(RegionPrice {
                region: region.to_string().into(),
                on_demand: point(on_demand, source),
                spot: None,
                spot_zone_min: None,
                reserved_1yr: None,
                reserved_3yr: None,
                reserved_1yr_partial_upfront: None,
                reserved_1yr_all_upfront: None,
                reserved_3yr_partial_upfront: None,
                reserved_3yr_all_upfront: None,
                spot_interruption: None,
            });
            t.prices.len() - 1
        }
    }
}

/// Put the offer's on-demand and reserved rates into `price`: they replace the catalog's; what
/// the offer lacks stays as it was.
fn set_rates(price: &mut RegionPrice, p: &OfferPrice, on_demand: Usd, source: &str) {
    price.on_demand = point(on_demand, source);
    for (slot, new) in [
        (&mut price.reserved_1yr, p.reserved_1yr),
        (&mut price.reserved_3yr, p.reserved_3yr),
    ] {
        if let Some(r) = new {
            *slot = Some(point(r, source));
        }
    }
    for (slot, new) in [
        (
            &mut price.reserved_1yr_partial_upfront,
            p.reserved_1yr_partial_upfront,
        ),
        (
            &mut price.reserved_1yr_all_upfront,
            p.reserved_1yr_all_upfront,
        ),
        (
            &mut price.reserved_3yr_partial_upfront,
            p.reserved_3yr_partial_upfront,
        ),
        (
            &mut price.reserved_3yr_all_upfront,
            p.reserved_3yr_all_upfront,
        ),
    ] {
        if let Some(r) = new {
            *slot = Some(Box::new(point(r, source)));
        }
    }
}
