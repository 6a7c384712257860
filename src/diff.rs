//! `advisor catalog diff OLD NEW`: what changed in prices between two catalogs (typically the
//! embedded one and a fresh `catalog import`).

use std::collections::BTreeSet;

use crate::answer::diff::*;
use crate::answer::CatalogInfo;
use crate::catalog::{Catalog, InstanceType, RegionPrice};

/// What to compare.
#[derive(Debug, Clone, Default)]
pub struct DiffRequest {
    /// Only this region's prices.
    pub region: Option<String>,
    /// Only changes of at least this many percent (added and removed prices always count).
    pub min_change_pct: f64,
}

/// Compare the prices of two catalogs.
pub fn diff(old: &Catalog, new: &Catalog, req: &DiffRequest) -> DiffReport {
    let ids = |c: &Catalog| -> BTreeSet<String> {
        c.instances().iter().map(|t| t.id.to_string()).collect()
    };
    let regions =
        |c: &Catalog| -> BTreeSet<String> { c.regions().iter().map(|r| r.code.clone()).collect() };
    let (old_ids, new_ids) = (ids(old), ids(new));
    let (old_regions, new_regions) = (regions(old), regions(new));
    let mut report = DiffReport {
        old: CatalogInfo::of(old),
        new: CatalogInfo::of(new),
        region: req.region.clone(),
        min_change_pct: req.min_change_pct,
        instance_types_added: new_ids.difference(&old_ids).cloned().collect(),
        instance_types_removed: old_ids.difference(&new_ids).cloned().collect(),
        regions_added: new_regions.difference(&old_regions).cloned().collect(),
        regions_removed: old_regions.difference(&new_regions).cloned().collect(),
        changes: Vec::new(),
        summary: DiffSummary::default(),
    };
    let wanted = |p: &RegionPrice| req.region.as_deref().is_none_or(|r| *p.region == *r);
    for id in old_ids.union(&new_ids) {
        let (a, b) = (old.instance(id), new.instance(id));
        let regions: BTreeSet<&str> = [a, b]
            .into_iter()
            .flatten()
            .flat_map(|t: &InstanceType| t.prices.iter().filter(|p| wanted(p)))
            .map(|p| &*p.region)
            .collect();
        for region in regions {
            let pa = a.and_then(|t| t.price(region));
            let pb = b.and_then(|t| t.price(region));
            let (points_a, points_b) = (pa.map(RegionPrice::points), pb.map(RegionPrice::points));
            for (k, name) in RegionPrice::FIELDS.iter().enumerate() {
                let x = points_a.and_then(|p| p[k].1);
                let y = points_b.and_then(|p| p[k].1);
                let change = match (x, y) {
                    (None, None) => continue,
                    (None, Some(_)) => ChangeKind::Added,
                    (Some(_), None) => ChangeKind::Removed,
                    (Some(x), Some(y)) if x.usd == y.usd => {
                        report.summary.unchanged += 1;
                        continue;
                    }
                    (Some(x), Some(y)) if y.usd > x.usd => ChangeKind::Increased,
                    (Some(_), Some(_)) => ChangeKind::Decreased,
                };
                let change_pct = match (x, y) {
                    (Some(x), Some(y)) => y.usd.ratio(x.usd).map(|r| (r - 1.0) * 100.0),
                    _ => None,
                };
                if change_pct.is_some_and(|p| p.abs() < req.min_change_pct) {
                    report.summary.unchanged += 1;
                    continue;
                }
                match change {
                    ChangeKind::Added => report.summary.added += 1,
                    ChangeKind::Removed => report.summary.removed += 1,
                    ChangeKind::Increased => report.summary.increased += 1,
                    ChangeKind::Decreased => report.summary.decreased += 1,
                }
                report.changes.push(PriceChange {
                    instance_type: id.clone(),
                    region: region.to_string(),
                    price: name,
                    change,
                    old_hourly_usd: x.map(|p| p.usd),
                    new_hourly_usd: y.map(|p| p.usd),
                    change_pct,
                    old_source: x.map(|p| p.source.to_string()),
                    new_source: y.map(|p| p.source.to_string()),
                });
            }
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{self, CatalogSource};

    #[test]
    fn a_catalog_does_not_differ_from_itself() {
        let c = catalog::load(&CatalogSource::Builtin).unwrap();
        let r = diff(&c, &c, &DiffRequest::default());
        assert!(r.changes.is_empty());
        assert!(r.instance_types_added.is_empty() && r.regions_removed.is_empty());
        assert!(r.summary.unchanged > 1_000);
    }
}
