//! Streaming ingestion: Kinesis Data Streams (provisioned and on-demand) and MSK Serverless, each
//! with Firehose delivery to S3 as Parquet, priced from the catalog's service prices.

use super::shared::{round2, Notes, Reject};
use crate::answer::recommend::{Recommendation, Rejection, RejectionKind, Units};
use crate::catalog::Catalog;
use crate::money::Usd;
use crate::sizing::{GIB, KIB};
use crate::vocab::HOURS_PER_MONTH;
use crate::workload::Workload;

const SECONDS_PER_MONTH: f64 = HOURS_PER_MONTH * 3600.0;

/// Prices and coefficients a service answer (streaming, ETL) reads, with whether any was
/// borrowed from us-east-1 or is an estimate, and which were missing.
pub(super) struct Rates<'c> {
    pub catalog: &'c Catalog,
    pub region: &'c str,
    /// The services with a us-east-1 price standing in for the region's.
    pub borrowed: Vec<String>,
    pub estimated: bool,
    pub missing: Vec<String>,
}

impl<'c> Rates<'c> {
    pub(super) fn new(catalog: &'c Catalog, region: &'c str) -> Self {
        Rates {
            catalog,
            region,
            borrowed: Vec::new(),
            estimated: false,
            missing: Vec::new(),
        }
    }

    /// The price of a service in the region (else us-east-1, marked borrowed); zero and noted
    /// as missing when the catalog has none.
    pub(super) fn usd(&mut self, id: &str) -> Usd {
        let Some(p) = self.catalog.service_price(id) else {
            self.missing.push(id.to_string());
            return Usd::ZERO;
        };
        match p.rate(self.region).or_else(|| {
            self.borrowed.push(p.service.clone());
            p.rate("us-east-1")
        }) {
            Some(r) => {
                self.estimated |= r.estimated;
                r.usd
            }
            None => {
                self.missing.push(id.to_string());
                Usd::ZERO
            }
        }
    }

    /// A volume-tiered price: `ids` in tier order, each rate charged on the units within its
    /// `tier-up-to`; what lies beyond the last tier at the last rate, marked estimated (the
    /// flag says so). A price without `tier-up-to` covers every unit.
    pub(super) fn tiered(&mut self, ids: &[&str], quantity: f64) -> (Usd, bool) {
        let (mut total, mut from, mut last) = (Usd::ZERO, 0.0_f64, Usd::ZERO);
        for id in ids {
            let rate = self.usd(id);
            let up_to = self
                .catalog
                .service_price(id)
                .and_then(|p| p.tier_up_to)
                .unwrap_or(f64::INFINITY);
            total = total + rate.times((quantity.min(up_to) - from).max(0.0));
            if quantity <= up_to {
                return (total, false);
            }
            (from, last) = (up_to.max(from), rate);
        }
        self.estimated = true;
        (total + last.times(quantity - from), true)
    }

    /// Whether any price was borrowed from us-east-1.
    pub(super) fn borrowed_any(&self) -> bool {
        !self.borrowed.is_empty()
    }

    /// Warn about what was missing (`what` costs are incomplete); prices borrowed from
    /// us-east-1 are a gap in the catalog, said first.
    pub(super) fn warn(&mut self, what: &str, notes: &mut Notes) {
        if !self.missing.is_empty() {
            self.missing.sort();
            self.missing.dedup();
            notes.warnings.push(format!(
                "the catalog lacks {}: {what} costs are incomplete",
                self.missing.join(", ")
            ));
        }
        if self.borrowed_any() {
            notes.service_gap(self.region, self.borrowed.clone());
        }
    }

    /// A coefficient's value; 1 and noted as missing when the catalog has none.
    pub(super) fn coefficient(&mut self, id: &str) -> f64 {
        match self.catalog.coefficient(id) {
            Some(c) => c.value,
            None => {
                self.missing.push(id.to_string());
                1.0
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn option(
    name: &str,
    service: &str,
    unit: &str,
    count: u32,
    monthly: Usd,
    estimated: bool,
    reasons: Vec<String>,
    rules: &[String],
) -> Recommendation {
    Recommendation {
        rank: 0,
        instance_type: name.to_string(),
        count,
        pricing_model: "on-demand".into(),
        hourly_usd: monthly.times(1.0 / HOURS_PER_MONTH),
        monthly_usd: monthly,
        job_hours: None,
        job_hours_exact: None,
        sized_job_hours: None,
        job_usd: None,
        accelerator: None,
        category: None,
        vcpus: None,
        memory_gib: None,
        price_estimated: estimated,
        price_source: "service-prices".into(),
        preference: 0,
        usd_per_1k_requests: None,
        usd_per_million_items: None,
        service: Some(service.into()),
        units: Some(Units {
            name: unit.into(),
            count,
        }),
        sizing: None,
        spot_estimate: None,
        reasons,
        rules: rules.to_vec(),
    }
}

/// Kinesis Data Streams with provisioned shards: the shards both write limits need, and
/// their monthly parts.
struct Provisioned {
    shards: f64,
    units_per_record: f64,
    shard_hours: Usd,
    puts: Usd,
    extended: Usd,
    shard_reason: String,
}

fn provisioned(
    r: &mut Rates,
    eps: f64,
    size: f64,
    retention: f64,
    notes: &mut Notes,
) -> Provisioned {
    let mb_per_s = eps * size / 1e6;
    let write_mb = r.coefficient("kinesis-shard-write-mb-per-s");
    let write_rec = r.coefficient("kinesis-shard-write-records-per-s");
    let shards = (mb_per_s / write_mb)
        .ceil()
        .max((eps / write_rec).ceil())
        .max(1.0);
    let put_unit = r.coefficient("kinesis-put-unit-kb") * KIB;
    let units_per_record = (size / put_unit).ceil().max(1.0);
    let shard_hours = r.usd("kinesis-shard-hour").times(shards * HOURS_PER_MONTH);
    let puts = r
        .usd("kinesis-put-payload-units")
        .times(eps * SECONDS_PER_MONTH * units_per_record / 1e6);
    let extended = if retention > 24.0 {
        r.usd("kinesis-extended-retention-shard-hour")
            .times(shards * HOURS_PER_MONTH)
    } else {
        Usd::ZERO
    };
    if retention > 168.0 {
        notes.assumptions.push(
            "retention beyond 7 days: Kinesis long-term retention storage and retrieval are not \
             included"
                .into(),
        );
    }

    Provisioned {
        shards,
        units_per_record,
        shard_hours,
        puts,
        extended,
        shard_reason: format!(
            "{shards} shard(s): {} MB/s and {} records/s in, at {write_mb} MB/s and {write_rec} \
             records/s per shard",
            round2(mb_per_s),
            round2(eps)
        ),
    }
}

/// The Firehose ingest tiers, first to last (`tier-up-to` in `services.toml`).
const FIREHOSE_TIERS: [&str; 3] = [
    "firehose-ingest-gb",
    "firehose-ingest-gb-next-1.5pb",
    "firehose-ingest-gb-next-3pb",
];

/// Regions where an on-demand Kinesis stream scales to the larger write quota
/// (`kinesis-on-demand-max-write-mb-per-s-large-regions`; AWS's service-sizes-and-limits page).
const KINESIS_LARGE_REGIONS: [&str; 3] = ["us-east-1", "us-west-2", "eu-west-1"];

/// Firehose to S3 as Parquet, the same for every option: its monthly cost and the reason line.
fn firehose(r: &mut Rates, eps: f64, size: f64, notes: &mut Notes) -> (Usd, String) {
    let round = r.coefficient("firehose-record-rounding-kb") * KIB;
    let gb = eps * SECONDS_PER_MONTH * (size / round).ceil().max(1.0) * round / 1e9;
    let (ingest, beyond) = r.tiered(&FIREHOSE_TIERS, gb);
    let cost = ingest + r.usd("firehose-format-conversion-gb").times(gb);
    if beyond {
        notes.assumptions.push(
            "Firehose ingests more than its last published tier (5 PB a month, priced on \
             request): that tier's rate is applied to the rest, an estimate"
                .into(),
        );
    }
    let reason = format!(
        "Firehose delivers the stream to S3 as Parquet: {} GB/month billed (records rounded up to \
         5 KB: batch small events into larger records to pay for less), {}/month included, \
         ingest at {}/GB on average over its volume tiers",
        round2(gb),
        cost.format_money(),
        ingest.times(1.0 / gb.max(f64::MIN_POSITIVE)).format_money()
    );
    (cost, reason)
}

/// A quota (a coefficient, MB/s) the stream's write rate exceeds, as a rejection.
fn over_quota(r: &Rates, id: &str, mb_per_s: f64, what: &str) -> Option<Reject> {
    let quota = r.catalog.coefficient(id)?.value;
    (mb_per_s > quota).then(|| {
        Reject::new(
            RejectionKind::ServiceQuota,
            format!(
                "{} MB/s in exceeds {what} of {quota} MB/s ({id}); split the stream or use \
                 provisioned Kinesis shards",
                round2(mb_per_s)
            ),
        )
    })
}

/// Kinesis Data Streams, on-demand: per GB, records rounded up to 1 KB, and beyond 24 h the
/// retained GB; the monthly cost (without Firehose) and the GB written.
fn on_demand(r: &mut Rates, eps: f64, size: f64, retention: f64) -> (Usd, f64) {
    let gb = eps * SECONDS_PER_MONTH * (size / KIB).ceil().max(1.0) * KIB / 1e9;
    let retained_gb = eps * size * (retention - 24.0).max(0.0) * 3600.0 / 1e9;
    let cost = r
        .usd("kinesis-on-demand-stream-hour")
        .times(HOURS_PER_MONTH)
        + r.usd("kinesis-on-demand-ingest-gb").times(gb)
        + r.usd("kinesis-on-demand-egress-gb").times(gb)
        + r.usd("kinesis-on-demand-extended-retention-gb-month")
            .times(retained_gb);
    (cost, gb)
}

/// The write quota of one on-demand stream in `region`: its coefficient and how to name it.
fn on_demand_quota(region: &str) -> (&'static str, &'static str) {
    if KINESIS_LARGE_REGIONS.contains(&region) {
        (
            "kinesis-on-demand-max-write-mb-per-s-large-regions",
            "an on-demand stream's write quota in us-east-1, us-west-2 and eu-west-1",
        )
    } else {
        (
            "kinesis-on-demand-max-write-mb-per-s",
            "an on-demand stream's write quota outside us-east-1, us-west-2 and eu-west-1",
        )
    }
}

/// MSK Serverless: per cluster-hour, partition-hour and GiB, with at least the partitions the
/// write rate needs; the monthly cost (without Firehose) and the reason line.
fn msk_serverless(r: &mut Rates, eps: f64, size: f64, retention: f64) -> (Usd, String) {
    let gib = eps * size * SECONDS_PER_MONTH / GIB;
    let stored_gib = eps * size * retention * 3600.0 / GIB;
    let per_partition = r
        .catalog
        .coefficient("msk-serverless-partition-ingress-mb-per-s")
        .map(|c| c.value);
    let partitions = per_partition.map_or(1.0, |p| (eps * size / 1e6 / p).ceil().max(1.0));
    let cost = r.usd("msk-serverless-cluster-hour").times(HOURS_PER_MONTH)
        + r.usd("msk-serverless-partition-hour")
            .times(partitions * HOURS_PER_MONTH)
        + r.usd("msk-serverless-ingress-gib").times(gib)
        + r.usd("msk-serverless-egress-gib").times(gib)
        + r.usd("msk-serverless-storage-gib-month").times(stored_gib);
    let reason = format!(
        "Kafka APIs without brokers to manage: {} GiB/month in and out, {} GiB retained, {}",
        round2(gib),
        round2(stored_gib),
        per_partition.map_or_else(
            || "partition-hours for 1 partition".to_string(),
            |p| format!(
                "at least {partitions} partition(s) ({p} MB/s in each, \
                 msk-serverless-partition-ingress-mb-per-s); more topics or partitions cost more"
            )
        )
    );
    (cost, reason)
}

/// The streaming options for `w`, cheapest first is left to the ranking; an option over a
/// service quota goes to `rejected`.
pub(super) fn options(
    catalog: &Catalog,
    w: &Workload,
    rules: &[String],
    notes: &mut Notes,
    rejected: &mut Vec<Rejection>,
) -> Vec<Recommendation> {
    let (Some(eps), Some(size)) = (w.events_per_sec, w.event_size_bytes) else {
        return Vec::new();
    };
    let size = size as f64;
    let mb_per_s = eps * size / 1e6;
    let retention = w.retention_hours.unwrap_or(24.0);
    let mut r = Rates::new(catalog, &w.region);
    let kds = provisioned(&mut r, eps, size, retention, notes);
    let (firehose, delivery) = firehose(&mut r, eps, size, notes);
    let provisioned = kds.shard_hours + kds.puts + kds.extended + firehose;

    let (on_demand, od_gb) = on_demand(&mut r, eps, size, retention);
    let on_demand = on_demand + firehose;
    let on_demand_quota = on_demand_quota(&w.region);
    let (msk, msk_reason) = msk_serverless(&mut r, eps, size, retention);
    let msk = msk + firehose;

    r.warn("streaming", notes);
    let est = r.estimated || r.borrowed_any();
    notes
        .assumptions
        .push("one consumer reads every event once; Firehose delivers every event to S3".into());
    let mut out = vec![option(
        "kinesis-data-streams-provisioned",
        "kinesis-data-streams",
        "shard",
        kds.shards as u32,
        provisioned,
        est,
        vec![
            kds.shard_reason,
            format!(
                "{}/month of shard-hours, {}/month of PUT payload units ({} per event){}",
                kds.shard_hours.format_money(),
                kds.puts.format_money(),
                kds.units_per_record,
                if kds.extended > Usd::ZERO {
                    format!(
                        ", {}/month of extended retention",
                        kds.extended.format_money()
                    )
                } else {
                    String::new()
                }
            ),
            delivery.clone(),
        ],
        rules,
    )];
    match over_quota(&r, on_demand_quota.0, mb_per_s, on_demand_quota.1) {
        Some(reject) => rejected.push(reject.of("kinesis-data-streams-on-demand")),
        None => out.push(option(
            "kinesis-data-streams-on-demand",
            "kinesis-data-streams",
            "stream",
            1,
            on_demand,
            est,
            vec![
                format!(
                    "on-demand capacity: no shards to manage, {} GB/month written and read \
                     (records rounded up to 1 KB)",
                    round2(od_gb)
                ),
                delivery.clone(),
            ],
            rules,
        )),
    }
    let msk_quota = "MSK Serverless's ingress quota per cluster";
    match over_quota(
        &r,
        "msk-serverless-max-ingress-mb-per-s",
        mb_per_s,
        msk_quota,
    ) {
        Some(reject) => rejected.push(reject.of("msk-serverless")),
        None => out.push(option(
            "msk-serverless",
            "msk",
            "cluster",
            1,
            msk,
            est,
            vec![msk_reason, delivery],
            rules,
        )),
    }
    out
}
