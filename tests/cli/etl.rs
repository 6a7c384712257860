//! Batch data processing (`--workload etl`): the source material's statements as scenarios, with
//! costs that follow from catalog prices and the documented throughput estimate.

use serde_json::Value;

use crate::recommend_json as run;

fn ok(args: &[&str]) -> Value {
    let (code, doc, stderr) = run(args);
    assert_eq!(code, 0, "{args:?}: {stderr}");
    doc
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn option<'a>(doc: &'a Value, service: &str) -> &'a Value {
    doc["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["service"] == service)
        .unwrap_or_else(|| panic!("no {service} option"))
}

/// The documented throughput estimate, GB per vCPU-hour (data/sizing.toml).
const GB_PER_VCPU_HOUR: f64 = 34.8;

#[test]
fn twenty_tb_feature_engineering_runs_on_emr_with_spot_task_nodes() {
    let args = [
        "--workload",
        "etl",
        "--data-size",
        "20TB",
        "--schedule",
        "once",
    ];
    let mut spot_args = args.to_vec();
    spot_args.push("--interruptible");
    let doc = ok(&spot_args);
    let best = &doc["recommendations"][0];
    assert_eq!(best["service"], "emr", "{best}");
    assert_eq!(best["pricing_model"], "on-demand+spot");
    assert_eq!(best["units"]["name"], "node");
    assert!(best["reasons"].to_string().contains("task node(s) on spot"));
    assert!(best["rules"].to_string().contains("etl-emr-large-scale"));
    // 20,000 GB / 34.8 = 574.7 vCPU-hours; 16-vCPU nodes finishing the work in the 50 min
    // the 10-minute cluster start-up leaves of the hour: 44 workers, and the primary node: the
    // count is every node billed
    let vcpu_hours = 20_000.0 / GB_PER_VCPU_HOUR;
    let startup = 10.0 / 60.0;
    let workers = (vcpu_hours / 16.0 / (1.0 - startup)).ceil();
    assert_eq!(f(&best["count"]), workers + 1.0);
    assert_eq!(f(&best["units"]["count"]), workers + 1.0);
    let run = vcpu_hours / (workers * 16.0) + startup;
    assert!((f(&best["job_hours"]) - run).abs() < 0.006);
    assert!((f(&best["job_usd"]) - f(&best["hourly_usd"]) * run).abs() < 0.01);
    // one run: the month costs what the run costs
    assert_eq!(best["monthly_usd"], best["job_usd"]);
    // without --interruptible every node is on-demand, and dearer
    let od = ok(&args);
    let od_best = &od["recommendations"][0];
    assert_eq!(od_best["service"], "emr");
    assert_eq!(od_best["pricing_model"], "on-demand");
    assert!(od_best["reasons"]
        .to_string()
        .contains("pass --interruptible"));
    assert!(f(&od_best["job_usd"]) > f(&best["job_usd"]));
}

#[test]
fn fifty_gb_daily_preparation_prices_glue_and_ranks_by_the_run() {
    let doc = ok(&[
        "--workload",
        "etl",
        "--data-size",
        "50GB",
        "--schedule",
        "daily",
    ]);
    // the options rank by cost per run: EMR Serverless ($0.22) before Glue ($0.32) and a
    // transient EMR cluster, which bills its nodes for a 10-minute start-up ($0.40); the
    // preferred service is only a tie-breaker
    let recs = doc["recommendations"].as_array().unwrap();
    let top = &recs[0];
    assert_eq!(top["service"], "emr-serverless", "{top}");
    for r in recs {
        assert!(f(&top["job_usd"]) <= f(&r["job_usd"]) * 1.03, "{r}");
    }
    let emr = recs.iter().find(|r| r["service"] == "emr").unwrap();
    assert!(emr["reasons"]
        .to_string()
        .contains("10 min of it cluster start-up (emr-cluster-startup-minutes, an estimate)"));
    let best = recs.iter().find(|r| r["service"] == "glue").unwrap();
    assert_eq!(best["units"]["name"], "dpu");
    // 1.44 vCPU-hours fit one 4-vCPU executor DPU within an hour, plus one for the driver
    assert_eq!(best["count"], 2);
    let run = 50.0 / GB_PER_VCPU_HOUR / 4.0;
    assert!((f(&best["job_hours"]) - run).abs() < 0.006);
    let per_run = 2.0 * 0.44 * run;
    assert!((f(&best["job_usd"]) - per_run).abs() < 0.01, "{best}");
    let monthly = per_run * 730.0 / 24.0;
    assert!((f(&best["monthly_usd"]) - monthly).abs() < 0.05);
    assert!(doc["advice"].to_string().contains("job bookmarks"));
    // the estimate behind the hours is named, with its source
    let used = doc["coefficients_used"].as_array().unwrap();
    let throughput = used
        .iter()
        .find(|c| c["id"] == "etl-gb-per-vcpu-hour")
        .expect("the throughput estimate is listed");
    assert_eq!(throughput["estimated"], true);
    assert!(throughput["source"]
        .as_str()
        .unwrap()
        .contains("Trillion Row"));
    // the data lake: raw as received, processed Parquet at 3:1
    let storage = doc["storage"].as_array().unwrap();
    let processed = storage.iter().find(|s| s["role"] == "processed").unwrap();
    assert!((f(&processed["size_gb"]) - 50.0 / 3.0).abs() < 0.01);
}

#[test]
fn every_service_is_priced_and_the_schedule_sets_the_month() {
    let daily = ok(&["--workload", "etl", "--data-size", "500GB"]);
    let weekly = ok(&[
        "--workload",
        "etl",
        "--data-size",
        "500GB",
        "--schedule",
        "weekly",
    ]);
    for service in ["glue", "emr", "emr-serverless"] {
        let d = option(&daily, service);
        let w = option(&weekly, service);
        assert_eq!(d["job_usd"], w["job_usd"], "{service}");
        let ratio = f(&d["monthly_usd"]) / f(&w["monthly_usd"]);
        assert!((ratio - 7.0).abs() < 0.01, "{service}: {ratio}");
    }
    assert_eq!(daily["input"]["schedule"], "daily");
    assert_eq!(daily["input"]["max_job_hours"], 1.0);
    assert_eq!(daily["input"]["hours_per_month_basis"], "schedule");
    // the EMR Serverless worker: 4 vCPU and 16 GB at the catalog's rates
    let s = option(&daily, "emr-serverless");
    let per_worker = 4.0 * 0.052624 + 16.0 * 0.0057785;
    assert!((f(&s["hourly_usd"]) - per_worker * f(&s["count"])).abs() < 0.0001);
}

#[test]
fn a_tighter_time_limit_means_more_workers_at_about_the_same_cost() {
    let one = ok(&[
        "--workload",
        "etl",
        "--data-size",
        "2TB",
        "--max-job-hours",
        "2",
    ]);
    let half = ok(&[
        "--workload",
        "etl",
        "--data-size",
        "2TB",
        "--max-job-hours",
        "0.5",
    ]);
    let (a, b) = (option(&one, "glue"), option(&half, "glue"));
    assert!(f(&b["count"]) > 3.0 * f(&a["count"]), "{a} {b}");
    assert!(f(&b["job_hours"]) <= 0.5);
    let cost_ratio = f(&b["job_usd"]) / f(&a["job_usd"]);
    assert!((0.9..1.2).contains(&cost_ratio), "{cost_ratio}");
}

#[test]
fn bad_etl_input_is_a_usage_error() {
    for (args, want) in [
        (
            &[
                "--workload",
                "training",
                "--data-size",
                "1TB",
                "--max-job-hours",
                "2",
            ][..],
            "--max-job-hours applies to --workload etl, not training",
        ),
        (
            &[
                "--workload",
                "etl",
                "--data-size",
                "1TB",
                "--max-job-hours",
                "0",
            ][..],
            "0",
        ),
        (
            &[
                "--workload",
                "etl",
                "--data-size",
                "1TB",
                "--events-per-sec",
                "10",
                "--event-size",
                "1KB",
            ][..],
            "--events-per-sec applies to --workload streaming, not etl",
        ),
        (
            &[
                "--workload",
                "etl",
                "--data-size",
                "1TB",
                "--schedule",
                "monthly",
            ][..],
            "monthly",
        ),
        (
            &[
                "--workload",
                "etl",
                "--data-size",
                "1TB",
                "--hours-per-month",
                "100",
            ][..],
            "--hours-per-month does not apply to --workload etl",
        ),
        (
            &[
                "--workload",
                "streaming",
                "--data-size",
                "1TB",
                "--events-per-sec",
                "10",
                "--event-size",
                "1KB",
                "--hours-per-month",
                "100",
            ][..],
            "--hours-per-month does not apply to --workload streaming",
        ),
    ] {
        let (code, _, stderr) = run(args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains(want), "{args:?}: {stderr}");
    }
}

#[test]
fn an_emr_node_family_can_be_denied() {
    let doc = ok(&[
        "--workload",
        "etl",
        "--data-size",
        "20TB",
        "--deny-family",
        "m6g",
    ]);
    let best = &doc["recommendations"][0];
    assert_eq!(best["instance_type"], "m5.4xlarge");
    assert!(doc["rejected"]
        .to_string()
        .contains("family m6g denied by --deny-family"));
}
