//! Batch data processing (ETL): AWS Glue, EMR Serverless and EMR on EC2, sized from the catalog's
//! throughput estimate (`etl-gb-per-vcpu-hour`) and priced from its service and instance prices.
//!
//! Every option processes the same vCPU-hours: dataset GB / throughput. The worker count is the
//! smallest that finishes a run within `--max-job-hours`; one more worker (Glue, EMR Serverless)
//! or the primary node (EMR) runs the Spark driver. Cost per run × runs per month (`--schedule`).

use super::fire::Plan;
use super::shared::{family_flags, round2, Notes, Reject};
use super::streaming::{option, Rates};
use crate::answer::recommend::Recommendation;
use crate::answer::recommend::Rejection;
use crate::catalog::Catalog;
use crate::money::Usd;
use crate::workload::{defaults, Workload};

/// Prefix of the EMR fee service prices; the rest of the id is the node's instance type.
const EMR_FEE_PREFIX: &str = "emr-fee-";

/// What every option shares.
struct Job {
    /// vCPU-hours of work in one run.
    vcpu_hours: f64,
    /// Runs per month.
    runs: f64,
    /// Hours a run may take.
    max_hours: f64,
    /// Hours billed at least per run (or per instance).
    min_hours: f64,
    /// The throughput used, GB per vCPU-hour.
    throughput: f64,
}

impl Job {
    /// Smallest count of `vcpus`-sized workers that finish the work within `max_hours`.
    fn workers(&self, vcpus: f64) -> f64 {
        (self.vcpu_hours / vcpus / self.max_hours).ceil().max(1.0)
    }

    fn basis(&self, w: &Workload) -> String {
        format!(
            "{} GB at {} GB per vCPU-hour (etl-gb-per-vcpu-hour, an estimate) = {} vCPU-hours per run",
            round2(w.data_size_gb()),
            self.throughput,
            round2(self.vcpu_hours)
        )
    }
}

/// A finished option: its cost per run and the reasons.
struct Priced {
    name: String,
    service: &'static str,
    unit: &'static str,
    count: u32,
    run_hours: f64,
    hourly: Usd,
    per_run: Usd,
    /// Some nodes on-demand, some on spot (EMR task nodes).
    mixed_spot: bool,
    /// A price behind it is an estimate (or borrowed from us-east-1).
    estimated: bool,
    /// The node's vCPUs and memory (EMR on EC2).
    node: Option<(u32, f64)>,
    reasons: Vec<String>,
}

/// The ETL options for `w`; rejections (an EMR node type without a price here) go to `rejected`.
pub(super) fn options(
    catalog: &Catalog,
    plan: &Plan,
    w: &Workload,
    notes: &mut Notes,
    rejected: &mut Vec<Rejection>,
) -> Vec<Recommendation> {
    let schedule = w.schedule.unwrap_or(defaults::SCHEDULE);
    let mut r = Rates::new(catalog, &w.region);
    let throughput = r.coefficient("etl-gb-per-vcpu-hour");
    let job = Job {
        vcpu_hours: w.data_size_gb() / throughput,
        runs: schedule.runs_per_month(),
        max_hours: w.max_job_hours.unwrap_or(defaults::MAX_JOB_HOURS),
        min_hours: r.coefficient("etl-min-billed-minutes") / 60.0,
        throughput,
    };
    let mut priced = vec![glue(&mut r, w, &job), emr_serverless(&mut r, w, &job)];
    let mut emr: Vec<Priced> = Vec::new();
    for p in catalog.service_prices() {
        let Some(node) = p.id.strip_prefix(EMR_FEE_PREFIX) else {
            continue;
        };
        match emr_on_ec2(catalog, w, &job, node) {
            Ok(x) => emr.push(x),
            Err(reject) => rejected.push(reject.of(node)),
        }
    }
    if emr.is_empty() {
        notes.warnings.push(
            "no EMR on EC2 option: the catalog has no `emr-fee-<type>` price for a node type with an \
             EC2 price here"
                .into(),
        );
    }

    r.warn("Glue and EMR Serverless", notes);
    notes.assumptions.push(format!(
        "runtime from a throughput estimate ({} GB per vCPU-hour, measured on a Parquet \
         scan-and-aggregate): parsing raw text, joins and shuffles run slower; measure your job \
         and override `etl-gb-per-vcpu-hour`",
        job.throughput
    ));
    notes
        .assumptions
        .push(if catalog.coefficient(EMR_STARTUP).is_some() {
            format!(
                "an EMR cluster bills its nodes from launch: each run includes its start-up \
             ({EMR_STARTUP}, an estimate); EBS volumes are not included; Glue and EMR \
             Serverless start-up is billed as part of the run"
            )
        } else {
            "EMR cluster start-up time and EBS volumes are not included (no sourced figure); Glue \
         and EMR Serverless start-up is billed as part of the run"
                .into()
        });
    notes.assumptions.push(format!(
        "{schedule} schedule: {} run(s) a month",
        round2(job.runs)
    ));

    // Glue and EMR Serverless prices: estimated when borrowed from us-east-1
    for p in &mut priced {
        p.estimated |= r.estimated || r.borrowed_any();
    }
    priced
        .into_iter()
        .chain(emr)
        .map(|p| finish(plan, &job, p))
        .collect()
}

fn finish(plan: &Plan, job: &Job, p: Priced) -> Recommendation {
    let mut reasons = p.reasons;
    reasons.push(format!(
        "{} per run × {} run(s) a month",
        p.per_run.format_money(),
        round2(job.runs)
    ));
    let mut rules: Vec<String> = Vec::new();
    let mut preference = 0;
    if let Some((points, by)) = plan.service_points.get(p.service) {
        preference = *points;
        reasons.push(format!(
            "service {} is one the rules prefer ({})",
            p.service,
            by.join(", ")
        ));
        rules.extend(by.iter().map(|s| s.to_string()));
    }
    let mut rec = option(
        &p.name,
        p.service,
        p.unit,
        p.count,
        p.per_run.times(job.runs),
        p.estimated,
        reasons,
        &rules,
    );
    rec.hourly_usd = p.hourly;
    rec.job_hours = Some(round2(p.run_hours));
    rec.job_hours_exact = Some(p.run_hours);
    rec.job_usd = Some(p.per_run);
    rec.preference = preference;
    if p.mixed_spot {
        rec.pricing_model = "on-demand+spot".into();
    }
    if let Some((vcpus, memory)) = p.node {
        rec.vcpus = Some(vcpus);
        rec.memory_gib = Some(memory);
    }
    rec
}

/// AWS Glue, G.1X workers (1 DPU each), one of them the driver.
fn glue(r: &mut Rates, w: &Workload, job: &Job) -> Priced {
    let dpu_vcpus = r.coefficient("glue-dpu-vcpus");
    let min_dpus = r.coefficient("glue-min-dpus");
    let executors = job.workers(dpu_vcpus);
    let dpus = (executors + 1.0).max(min_dpus);
    let run_hours = job.vcpu_hours / ((dpus - 1.0).max(1.0) * dpu_vcpus);
    let billed = run_hours.max(job.min_hours);
    let rate = r.usd("glue-dpu-hour");
    let hourly = rate.times(dpus);
    let per_run = hourly.times(billed);
    Priced {
        name: "glue-g.1x".into(),
        service: "glue",
        unit: "dpu",
        count: dpus as u32,
        run_hours,
        hourly,
        per_run,
        mixed_spot: false,
        estimated: false,
        node: None,
        reasons: vec![
            job.basis(w),
            format!(
                "{} G.1X DPU(s) of {dpu_vcpus} vCPU (one runs the Spark driver): {} h per run \
                 (--max-job-hours {}), ${} per DPU-hour, billed per second with a 1-minute minimum",
                dpus,
                round2(run_hours),
                job.max_hours,
                rate
            ),
        ],
    }
}

/// EMR Serverless workers of the DPU's shape (4 vCPU, 16 GB), one of them the driver.
fn emr_serverless(r: &mut Rates, w: &Workload, job: &Job) -> Priced {
    let vcpus = r.coefficient("glue-dpu-vcpus");
    let memory_gb = vcpus * 4.0;
    let executors = job.workers(vcpus);
    let workers = executors + 1.0;
    let run_hours = job.vcpu_hours / (executors * vcpus);
    let vcpu_rate = r.usd("emr-serverless-vcpu-hour");
    let gb_rate = r.usd("emr-serverless-gb-hour");
    let hourly = (vcpu_rate.times(vcpus) + gb_rate.times(memory_gb)).times(workers);
    let per_run = hourly.times(run_hours);
    Priced {
        name: "emr-serverless".into(),
        service: "emr-serverless",
        unit: "worker",
        count: workers as u32,
        run_hours,
        hourly,
        per_run,
        mixed_spot: false,
        estimated: false,
        node: None,
        reasons: vec![
            job.basis(w),
            format!(
                "{} worker(s) of {vcpus} vCPU and {memory_gb} GB (one runs the Spark driver): {} h \
                 per run, ${} per vCPU-hour + ${} per GB-hour; no cluster to manage",
                workers,
                round2(run_hours),
                vcpu_rate,
                gb_rate
            ),
        ],
    }
}

/// EMR on EC2: a transient cluster of `node`s, one primary and one core node on-demand, the
/// other workers task nodes, on spot with `--interruptible` (EMR best practices), plus the EMR
/// fee on every node.
/// The coefficient with an EMR cluster's start-up, in minutes (optional: without it, start-up
/// is left out and the answer says so).
const EMR_STARTUP: &str = "emr-cluster-startup-minutes";

fn emr_on_ec2(catalog: &Catalog, w: &Workload, job: &Job, node: &str) -> Result<Priced, Reject> {
    let t = catalog
        .instance(node)
        .ok_or_else(|| format!("EMR node type {node} is not in the catalog's instance types"))?;
    family_flags(w, &t.family)?;
    let price = t
        .price(&w.region)
        .ok_or_else(|| format!("no EC2 price for {node} in {}", w.region))?;
    let mut r = Rates::new(catalog, &w.region);
    let fee = r.usd(&format!("{EMR_FEE_PREFIX}{node}"));
    let vcpus = f64::from(t.vcpus);
    // a transient cluster bills its nodes while it starts, before the first step runs: the
    // work gets what is left of the run's time
    let startup = catalog.coefficient(EMR_STARTUP).map(|c| c.value / 60.0);
    let left = job.max_hours - startup.unwrap_or(0.0);
    if left <= 0.0 {
        return Err(format!(
            "a transient EMR cluster's start-up ({} min, {EMR_STARTUP}) leaves no time within {} h",
            round2(startup.unwrap_or(0.0) * 60.0),
            round2(job.max_hours)
        )
        .into());
    }
    let workers = (job.vcpu_hours / vcpus / left).ceil().max(1.0);
    let task = workers - 1.0;
    let run_hours = job.vcpu_hours / (workers * vcpus) + startup.unwrap_or(0.0);
    let billed = run_hours.max(job.min_hours);
    let on_demand = price.on_demand.usd;
    let spot = price
        .spot
        .as_ref()
        .filter(|_| w.interruptible && task > 0.0);
    let mixed_spot = spot.is_some();
    let (task_price, task_note, spot_estimated) = match spot {
        Some(spot) => (
            spot.usd,
            format!(
                "{task} task node(s) on spot at ${}/h{}: a reclaimed task node holds no HDFS data \
                 and only slows the run",
                spot.usd,
                if spot.estimated { " (estimated)" } else { "" }
            ),
            spot.estimated,
        ),
        None if task == 0.0 => (on_demand, "no task nodes needed".to_string(), false),
        None if !w.interruptible => (
            on_demand,
            format!(
                "{task} task node(s) on-demand: pass --interruptible to run them on spot (Spark \
                 re-runs the tasks of a reclaimed node)"
            ),
            false,
        ),
        None => (
            on_demand,
            format!("{task} task node(s) on-demand: the catalog has no spot price for {node} here"),
            false,
        ),
    };
    let hourly = on_demand.times(2.0) + task_price.times(task) + fee.times(workers + 1.0);
    let per_run = hourly.times(billed);
    let estimated = r.estimated || r.borrowed_any() || spot_estimated || price.on_demand.estimated;
    Ok(Priced {
        name: node.to_string(),
        service: "emr",
        unit: "node",
        // every node billed: the primary and the workers
        count: (workers + 1.0) as u32,
        run_hours,
        hourly,
        per_run,
        mixed_spot,
        estimated,
        node: Some((t.vcpus, t.memory_gib)),
        reasons: vec![
            job.basis(w),
            format!(
                "transient cluster: 1 primary + {} worker node(s) of {} vCPU: {} h per run{}; \
                     primary and 1 core node on-demand at ${}/h",
                workers,
                t.vcpus,
                round2(run_hours),
                match startup {
                    Some(h) => format!(
                        ", {} min of it cluster start-up ({EMR_STARTUP}, an estimate)",
                        round2(h * 60.0)
                    ),
                    None => String::new(),
                },
                on_demand
            ),
            task_note,
            format!(
                "EMR fee ${}/h on each of the {} node(s){}",
                fee,
                workers + 1.0,
                if r.estimated || r.borrowed_any() {
                    " (an estimate: EC2 + EMR total less the EC2 price)"
                } else {
                    ""
                }
            ),
        ],
    })
}
