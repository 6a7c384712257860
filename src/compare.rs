//! `advisor compare`: instance types side by side, with per-unit costs and right-sizing savings.

use crate::answer::catalog::AcceleratorInfo;
use crate::answer::compare::*;
use crate::catalog::{Catalog, InstanceType, PricePoint};
use crate::error::Error;

/// What to compare.
#[derive(Debug, Clone)]
pub struct CompareRequest {
    /// Instance types, two or more, the first being the reference.
    pub instance_types: Vec<String>,
    /// Region of the prices.
    pub region: String,
    /// Where the region came from: `given`, an environment variable's name, or `default`.
    pub region_basis: &'static str,
    /// Hours per month the instances run.
    pub hours_per_month: f64,
}

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

/// Compare instance types. Unknown types and regions are errors with "did you mean"; a type
/// listed twice is an error; a type without a price in the region is kept, with its specs.
pub fn compare(catalog: &Catalog, req: &CompareRequest) -> Result<CompareReport, Error> {
    let region = catalog.require_region(&req.region)?.code.clone();
    let mut types: Vec<&InstanceType> = Vec::new();
    for name in &req.instance_types {
        let t = catalog.require_instance(name)?;
        if types.iter().any(|x| x.id == t.id) {
            return Err(Error::Usage(format!(
                "instance type `{}` is listed twice; list each type once",
                t.id
            )));
        }
        types.push(t);
    }
    let dense = |t: &InstanceType| {
        t.accelerator.as_ref().and_then(|a| {
            catalog
                .accelerator(&a.model)
                .and_then(|m| m.dense_16bit_tflops())
                .map(|x| x * f64::from(a.count))
        })
    };
    let first = types[0];
    let first_od = first.price(&region).map(|p| p.on_demand.usd);
    let ratio = |a: f64, b: f64| (b > 0.0).then(|| round(a / b, 3));
    let instances: Vec<Compared> = types
        .iter()
        .map(|t| {
            let p = t.price(&region);
            let od = p.map(|p| p.on_demand.usd);
            let point = |x: Option<&PricePoint>| x.map(|x| x.usd);
            let monthly = od.map(|u| u.times(req.hours_per_month));
            let accels = t.accelerator.as_ref().map(|a| f64::from(a.count));
            let tflops = dense(t);
            Compared {
                instance_type: t.id.to_string(),
                category: t.category,
                vcpus: t.vcpus,
                memory_gib: t.memory_gib,
                accelerator: AcceleratorInfo::of(catalog, t),
                dense_tflops: tflops,
                network_gbps: t.network_gbps,
                efa_devices: t.efa_devices,
                priced: p.is_some(),
                on_demand_hourly_usd: od,
                spot_hourly_usd: p.and_then(|p| point(p.spot.as_ref())),
                reserved_1yr_hourly_usd: p.and_then(|p| point(p.reserved_1yr.as_ref())),
                reserved_3yr_hourly_usd: p.and_then(|p| point(p.reserved_3yr.as_ref())),
                spot_interruption_band: p
                    .and_then(|p| p.spot_interruption.as_ref().map(|s| s.band.to_string())),
                estimated: p.map(|p| p.estimated_fields()).unwrap_or_default(),
                unit_costs: od.map(|u| UnitCosts {
                    usd_per_accelerator_hour: accels.map(|n| u.times(1.0 / n)),
                    usd_per_vcpu_hour: u.times(1.0 / f64::from(t.vcpus)),
                    usd_per_gib_hour: u.times(1.0 / t.memory_gib),
                    usd_per_dense_tflop_hour: tflops.map(|x| u.times(1.0 / x)),
                }),
                monthly_usd: monthly,
                yearly_usd: monthly.map(|m| m.times(12.0)),
                price_ratio_to_first: match (od, first_od) {
                    (Some(a), Some(b)) => a.ratio(b).map(|r| round(r, 3)),
                    _ => None,
                },
                ratios: Ratios {
                    vcpus: round(f64::from(t.vcpus) / f64::from(first.vcpus), 3),
                    memory: round(t.memory_gib / first.memory_gib, 3),
                    accelerators: match (accels, first.accelerator.as_ref()) {
                        (Some(a), Some(f)) => ratio(a, f64::from(f.count)),
                        _ => None,
                    },
                    dense_tflops: match (tflops, dense(first)) {
                        (Some(a), Some(b)) => ratio(a, b),
                        _ => None,
                    },
                },
                note: p.is_none().then(|| {
                    if t.capacity_block_only {
                        format!("no price in {region}: sold only as EC2 Capacity Blocks")
                    } else if let Some(r) = catalog.not_offered_in(&region, t) {
                        format!(
                            "not offered on demand in {region} (source {}): no price to compare",
                            r.not_offered_source.as_deref().unwrap_or("the catalog")
                        )
                    } else {
                        unpriced_note(&region)
                    }
                }),
            }
        })
        .collect();
    let savings = savings(&instances);
    Ok(CompareReport {
        region,
        region_basis: req.region_basis,
        hours_per_month: req.hours_per_month,
        instances,
        savings,
    })
}

/// Every move from a type to a cheaper one, biggest yearly saving first, each saying whether
/// it keeps the capacity (like for like) or moves to a smaller machine.
fn savings(instances: &[Compared]) -> Vec<Saving> {
    let mut savings = Vec::new();
    for from in instances {
        for to in instances {
            let (Some(a), Some(b)) = (from.monthly_usd, to.monthly_usd) else {
                continue;
            };
            if b < a {
                let monthly = a - b;
                let smaller = smaller_by(from, to);
                savings.push(Saving {
                    from: from.instance_type.clone(),
                    to: to.instance_type.clone(),
                    monthly_usd: monthly,
                    yearly_usd: monthly.times(12.0),
                    pct: monthly.ratio(a).map_or(0.0, |r| round(r * 100.0, 2)),
                    like_for_like: smaller.is_none(),
                    smaller,
                });
            }
        }
    }
    savings.sort_by(|x, y| {
        y.yearly_usd
            .cmp(&x.yearly_usd)
            .then_with(|| x.from.cmp(&y.from))
            .then_with(|| x.to.cmp(&y.to))
    });
    savings
}

/// The first capacity the work may use that `to` has less of than `from` (accelerated: dense
/// TFLOPS, else the accelerator count, then accelerator memory; otherwise vCPUs, then memory),
/// with its on-demand cost per unit-hour on each; None when `to` has at least as much of each.
fn smaller_by(from: &Compared, to: &Compared) -> Option<SmallerBy> {
    let accel_memory = |c: &Compared| {
        c.accelerator
            .as_ref()
            .map(|a| f64::from(a.count) * a.memory_gib_each)
    };
    let accel_count = |c: &Compared| c.accelerator.as_ref().map(|a| f64::from(a.count));
    let capacities: Vec<(&str, Option<f64>, Option<f64>)> = if from.accelerator.is_some() {
        vec![
            match (from.dense_tflops, to.dense_tflops) {
                (Some(a), Some(b)) => ("dense TFLOPS", Some(a), Some(b)),
                _ => ("accelerators", accel_count(from), accel_count(to)),
            },
            (
                "accelerator memory GiB",
                accel_memory(from),
                accel_memory(to),
            ),
        ]
    } else {
        vec![
            (
                "vCPUs",
                Some(f64::from(from.vcpus)),
                Some(f64::from(to.vcpus)),
            ),
            ("memory GiB", Some(from.memory_gib), Some(to.memory_gib)),
        ]
    };
    let (from_hourly, to_hourly) = (from.on_demand_hourly_usd?, to.on_demand_hourly_usd?);
    capacities.into_iter().find_map(|(capacity, a, b)| {
        let a = a?;
        let b = b.unwrap_or(0.0);
        (b < a).then(|| SmallerBy {
            capacity: capacity.to_string(),
            from_amount: round(a, 2),
            to_amount: round(b, 2),
            from_usd_per_unit_hour: round(from_hourly.dollars() / a, 6),
            to_usd_per_unit_hour: if b > 0.0 {
                round(to_hourly.dollars() / b, 6)
            } else {
                0.0
            },
        })
    })
}

/// Why a type has no price in the region: a gap in the catalog, and how to fill it.
fn unpriced_note(region: &str) -> String {
    format!(
        "the catalog has no price for it in {region}: a gap in the data, not a verdict on the \
         type; `advisor catalog import --aws-offer <the AmazonEC2 price file of {region}>` fills it"
    )
}
