//! `advisor compare`: instance types side by side, with per-unit costs and right-sizing savings.

use serde::Serialize;

use crate::catalog::{Catalog, InstanceType, PricePoint};
use crate::error::Error;
use crate::money::Usd;
use crate::report::AcceleratorInfo;

/// What to compare.
#[derive(Debug, Clone)]
pub struct CompareRequest {
    /// Instance types, two or more, the first being the reference.
    pub instance_types: Vec<String>,
    /// Region of the prices.
    pub region: String,
    /// Hours per month the instances run.
    pub hours_per_month: f64,
}

/// Costs per unit of resource at the on-demand price.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct UnitCosts {
    /// USD per accelerator-hour (null without accelerators).
    pub usd_per_accelerator_hour: Option<Usd>,
    /// USD per vCPU-hour.
    pub usd_per_vcpu_hour: Usd,
    /// USD per GiB-of-memory-hour.
    pub usd_per_gib_hour: Usd,
    /// USD per dense 16-bit TFLOP-hour (null without a TFLOPS figure).
    pub usd_per_dense_tflop_hour: Option<Usd>,
}

/// Resources relative to the first type.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Ratios {
    /// vCPUs ÷ the first's.
    pub vcpus: f64,
    /// Memory ÷ the first's.
    pub memory: f64,
    /// Accelerators ÷ the first's (null when either has none).
    pub accelerators: Option<f64>,
    /// Dense TFLOPS ÷ the first's (null when either is unknown).
    pub dense_tflops: Option<f64>,
}

/// One compared type.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Compared {
    /// Instance type.
    pub instance_type: String,
    /// Category id.
    pub category: crate::catalog::Category,
    /// vCPUs.
    pub vcpus: u32,
    /// Memory, GiB.
    pub memory_gib: f64,
    /// Accelerators, or null.
    pub accelerator: Option<AcceleratorInfo>,
    /// Dense 16-bit TFLOPS of all accelerators (null when unknown or none).
    pub dense_tflops: Option<f64>,
    /// Baseline network, Gbps.
    pub network_gbps: f64,
    /// EFA devices.
    pub efa_devices: u32,
    /// Whether the catalog prices it in the region.
    pub priced: bool,
    /// On-demand, USD per hour.
    pub on_demand_hourly_usd: Option<Usd>,
    /// Spot, USD per hour.
    pub spot_hourly_usd: Option<Usd>,
    /// Reserved 1 year no upfront, USD per hour.
    pub reserved_1yr_hourly_usd: Option<Usd>,
    /// Reserved 3 years no upfront, USD per hour.
    pub reserved_3yr_hourly_usd: Option<Usd>,
    /// Spot interruption band.
    pub spot_interruption_band: Option<String>,
    /// Names of estimated price fields.
    pub estimated: Vec<&'static str>,
    /// Per-unit costs at on-demand (null when unpriced).
    pub unit_costs: Option<UnitCosts>,
    /// On-demand × hours per month.
    #[serde(serialize_with = "crate::money::cents_opt")]
    pub monthly_usd: Option<Usd>,
    /// Monthly × 12.
    #[serde(serialize_with = "crate::money::cents_opt")]
    pub yearly_usd: Option<Usd>,
    /// On-demand price ÷ the first type's.
    pub price_ratio_to_first: Option<f64>,
    /// Resources ÷ the first type's.
    pub ratios: Ratios,
    /// Why there is no price, when there is none.
    pub note: Option<String>,
}

/// Moving from one type to a cheaper one.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Saving {
    /// The dearer type.
    pub from: String,
    /// The cheaper type.
    pub to: String,
    /// USD saved per month at the given hours.
    #[serde(serialize_with = "crate::money::cents")]
    pub monthly_usd: Usd,
    /// USD saved per year.
    #[serde(serialize_with = "crate::money::cents")]
    pub yearly_usd: Usd,
    /// Saving as a share of the `from` cost, percent.
    pub pct: f64,
}

/// `advisor compare`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CompareReport {
    /// Region of the prices.
    pub region: String,
    /// Hours per month.
    pub hours_per_month: f64,
    /// The types, in the order given.
    pub instances: Vec<Compared>,
    /// Every move from a type to a cheaper one, biggest yearly saving first.
    pub savings: Vec<Saving>,
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
                    } else {
                        format!("no price in {region}")
                    }
                }),
            }
        })
        .collect();
    let mut savings = Vec::new();
    for from in &instances {
        for to in &instances {
            let (Some(a), Some(b)) = (from.monthly_usd, to.monthly_usd) else {
                continue;
            };
            if b < a {
                let monthly = a - b;
                savings.push(Saving {
                    from: from.instance_type.clone(),
                    to: to.instance_type.clone(),
                    monthly_usd: monthly,
                    yearly_usd: monthly.times(12.0),
                    pct: monthly.ratio(a).map_or(0.0, |r| round(r * 100.0, 2)),
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
    Ok(CompareReport {
        region,
        hours_per_month: req.hours_per_month,
        instances,
        savings,
    })
}
