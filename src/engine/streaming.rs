//! Streaming ingestion: Kinesis Data Streams (provisioned and on-demand) and MSK Serverless, each
//! with Firehose delivery to S3 as Parquet, priced from the catalog's service prices.

use super::shared::{round2, Notes};
use crate::answer::recommend::{Recommendation, Units};
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

/// The streaming options for `w`, cheapest first is left to the ranking.
pub(super) fn options(
    catalog: &Catalog,
    w: &Workload,
    rules: &[String],
    notes: &mut Notes,
) -> Vec<Recommendation> {
    let (Some(eps), Some(size)) = (w.events_per_sec, w.event_size_bytes) else {
        return Vec::new();
    };
    let size = size as f64;
    let retention = w.retention_hours.unwrap_or(24.0);
    let mut r = Rates::new(catalog, &w.region);
    let kds = provisioned(&mut r, eps, size, retention, notes);

    // Firehose to S3 as Parquet, the same for every option
    let firehose_round = r.coefficient("firehose-record-rounding-kb") * KIB;
    let firehose_gb =
        eps * SECONDS_PER_MONTH * (size / firehose_round).ceil().max(1.0) * firehose_round / 1e9;
    let firehose = r.usd("firehose-ingest-gb").times(firehose_gb)
        + r.usd("firehose-format-conversion-gb").times(firehose_gb);
    let delivery = format!(
        "Firehose delivers the stream to S3 as Parquet: {} GB/month billed (records rounded up to \
         5 KB: batch small events into larger records to pay for less), {}/month included",
        round2(firehose_gb),
        firehose.format_money()
    );

    let provisioned = kds.shard_hours + kds.puts + kds.extended + firehose;

    // Kinesis Data Streams, on-demand: per GB, records rounded up to 1 KB
    let od_gb = eps * SECONDS_PER_MONTH * (size / KIB).ceil().max(1.0) * KIB / 1e9;
    let retained_gb = eps * size * (retention - 24.0).max(0.0) * 3600.0 / 1e9;
    let on_demand = r
        .usd("kinesis-on-demand-stream-hour")
        .times(HOURS_PER_MONTH)
        + r.usd("kinesis-on-demand-ingest-gb").times(od_gb)
        + r.usd("kinesis-on-demand-egress-gb").times(od_gb)
        + r.usd("kinesis-on-demand-extended-retention-gb-month")
            .times(retained_gb)
        + firehose;

    // MSK Serverless: per cluster-hour and GiB
    let gib = eps * size * SECONDS_PER_MONTH / GIB;
    let stored_gib = eps * size * retention * 3600.0 / GIB;
    let msk = r.usd("msk-serverless-cluster-hour").times(HOURS_PER_MONTH)
        + r.usd("msk-serverless-ingress-gib").times(gib)
        + r.usd("msk-serverless-egress-gib").times(gib)
        + r.usd("msk-serverless-storage-gib-month").times(stored_gib)
        + firehose;

    r.warn("streaming", notes);
    let est = r.estimated || r.borrowed_any();
    notes
        .assumptions
        .push("one consumer reads every event once; Firehose delivers every event to S3".into());
    notes.assumptions.push(
        "MSK Serverless partition-hours are not included (they depend on your topics)".into(),
    );
    vec![
        option(
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
        ),
        option(
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
        ),
        option(
            "msk-serverless",
            "msk",
            "cluster",
            1,
            msk,
            est,
            vec![
                format!(
                    "Kafka APIs without brokers to manage: {} GiB/month in and out, {} GiB retained",
                    round2(gib),
                    round2(stored_gib)
                ),
                delivery,
            ],
            rules,
        ),
    ]
}
