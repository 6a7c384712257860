//! `advisor rightsize` (issue 23): the cheapest type that holds the measured peak use with
//! headroom, from flags or a metrics file, and what binds it.

use serde_json::Value;

/// The source material's case as flags: about one of a p3.8xlarge's four V100s busy, 12 GiB of
/// accelerator memory in all.
const ONE_BUSY_V100: [&str; 10] = [
    "p3.8xlarge",
    "--cpu",
    "20%",
    "--mem",
    "20%",
    "--gpu",
    "20%",
    "--gpu-mem",
    "12GiB",
    "--gpu-mem-total",
];

/// [`ONE_BUSY_V100`] and more.
fn with(extra: &[&'static str]) -> Vec<&'static str> {
    let mut args = ONE_BUSY_V100.to_vec();
    args.extend(extra);
    args
}

fn rightsize(args: &[&str]) -> (i32, Value, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_advisor"))
        .arg("rightsize")
        .args(args)
        .args(["--format", "json"])
        .env_remove("ADVISOR_CATALOG")
        .env("ADVISOR_REGION", "")
        .env("ADVISOR_TODAY", "2026-11-25")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    (
        out.status.code().unwrap_or(-1),
        serde_json::from_str(&stdout).unwrap_or(Value::Null),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// The source material's case: a p3.8xlarge ($12.24/h) whose job uses one of its four V100s
/// moves to a p3.2xlarge ($3.06/h), 75% less, about $80,000 a year; the accelerator compute
/// (0.8 of a V100 with 20% headroom, 120 of 125 TFLOPS) is what binds.
#[test]
fn one_busy_v100_of_four_moves_to_a_p3_2xlarge() {
    let (code, doc, err) = rightsize(&with(&["--keep", "accelerator"]));
    assert_eq!(code, 0, "{err}");
    let best = &doc["candidates"][0];
    assert_eq!(best["instance_type"], "p3.2xlarge", "{doc}");
    assert_eq!(doc["saving"]["pct"], 75.0);
    assert_eq!(doc["saving"]["yearly_usd"], 80_416.8);
    // one V100's worth of compute and memory bandwidth, with headroom: 96% of a p3.2xlarge's
    assert_eq!(best["binding_pct"], 96.0);
    assert!(best["risks"]
        .to_string()
        .contains("the work of 4 accelerators on 1"));
    assert_eq!(doc["right_sized"], false);
    // without keeping the V100, a newer GPU that holds the same work is cheaper still
    let (_, any, _) = rightsize(&ONE_BUSY_V100);
    let cheaper = any["candidates"][0]["monthly_usd"].as_f64().unwrap();
    assert!(cheaper <= best["monthly_usd"].as_f64().unwrap(), "{any}");
}

/// A CloudWatch get-metric-data file and a CSV of the same samples give the answer the
/// equivalent flags do (p95 of three samples is the largest; four GPUs averaged, the fullest
/// GPU's memory), and say what they measured over how many days.
#[test]
fn a_metrics_file_gives_the_same_answer_as_the_flags() {
    let flags = rightsize(&with(&["--keep", "accelerator"])).1;
    for file in [
        "tests/fixtures/metrics/p3-8xlarge-one-busy-v100.csv",
        "tests/fixtures/metrics/p3-8xlarge-one-busy-v100.cloudwatch.json",
    ] {
        let (code, doc, err) =
            rightsize(&["p3.8xlarge", "--metrics", file, "--keep", "accelerator"]);
        assert_eq!(code, 0, "{file}: {err}");
        assert_eq!(doc["needs"], flags["needs"], "{file}");
        assert_eq!(doc["candidates"], flags["candidates"], "{file}");
        assert_eq!(doc["observed"]["source"], "metrics");
        assert_eq!(doc["observed"]["stat"], "p95");
        assert_eq!(doc["observed"]["span_days"], 15.0);
        if file.ends_with(".csv") {
            assert!(err.contains("metrics not read: DiskReadOps"), "{err}");
        }
    }
    // fewer than 14 days of samples are said to miss peaks
    let dir = std::env::temp_dir().join(format!("advisor-metrics-{}.csv", std::process::id()));
    std::fs::write(
        &dir,
        "timestamp,metric,value\n2026-11-01T00:00:00Z,CPUUtilization,50\n2026-11-03T00:00:00Z,CPUUtilization,40\n",
    )
    .unwrap();
    let (_, _, err) = rightsize(&["m7i.4xlarge", "--metrics", dir.to_str().unwrap()]);
    assert!(err.contains("the metrics span 2 days, under 14"), "{err}");
    let _ = std::fs::remove_file(&dir);
}

/// A memory-bound job keeps a large-memory type: 100 GiB used on an r6i.4xlarge with little CPU
/// needs 120 GiB, so the cheapest fit has at least that, and memory is what binds it. A type
/// short of a measured need is under-provisioned: the smallest fit costs more, and says so.
#[test]
fn a_memory_bound_job_keeps_its_memory() {
    let (code, doc, err) = rightsize(&["r6i.4xlarge", "--cpu", "10%", "--mem", "100GiB"]);
    assert_eq!(code, 0, "{err}");
    let best = &doc["candidates"][0];
    assert!(best["memory_gib"].as_f64().unwrap() >= 120.0, "{best}");
    assert_eq!(best["binding"], "memory");
    assert!(
        best["risks"]
            .to_string()
            .contains("memory: 120 needed of 128"),
        "{best}"
    );
}

/// The smallest type that fits is the running one: already right-sized, no saving; the table
/// says so.
#[test]
fn the_smallest_fit_is_already_right_sized() {
    let (code, doc, _) = rightsize(&["t3a.nano", "--cpu", "50%", "--mem", "50%"]);
    assert_eq!(code, 0);
    assert_eq!(doc["right_sized"], true, "{doc}");
    assert!(doc["saving"].is_null());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_advisor"))
        .args(["rightsize", "t3a.nano", "--cpu", "50%", "--mem", "50%"])
        .env("ADVISOR_REGION", "")
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("Already right-sized: no type cheaper than t3a.nano"),
        "{table}"
    );
}

/// Bad input: an unknown type (did you mean), a percent over 100 (exit 2), a bad metrics file
/// (exit 3), more memory than the type has, GPU flags on a CPU type, nothing measured; the
/// budget gate exits 5.
#[test]
fn bad_input_and_the_budget_gate() {
    let (code, _, err) = rightsize(&["p3.8xlarg", "--cpu", "20%"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `p3.8xlarge`"), "{err}");
    let (code, _, err) = rightsize(&["p3.8xlarge", "--cpu", "120%"]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid percent `120%`"), "{err}");
    let (code, _, err) = rightsize(&["p3.8xlarge", "--metrics", "Cargo.toml"]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("metrics file `Cargo.toml`"), "{err}");
    for (args, why) in [
        (
            vec!["m5.large", "--mem", "100GiB"],
            "memory 100 GiB measured, but m5.large has 8 GiB",
        ),
        (
            vec!["m5.large", "--gpu", "50%"],
            "m5.large has no accelerators",
        ),
        (vec!["m5.large"], "nothing measured"),
    ] {
        let (code, _, err) = rightsize(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(why), "{err}");
    }
    let (code, doc, err) = rightsize(&with(&["--max-monthly-usd", "100"]));
    assert_eq!(code, 5, "{err}");
    assert!(doc["candidates"].is_array());
    assert!(err.contains("over budget"), "{err}");
}

/// A sustained load is not moved onto a burstable (T) type, which runs at its baseline once its
/// CPU credits are spent, and the assumptions say so; a burstable running type may stay one.
#[test]
fn burstable_types_only_replace_burstable_ones() {
    let (_, doc, _) = rightsize(&["m7i.2xlarge", "--cpu", "10%", "--mem", "10%", "--top", "20"]);
    let names: Vec<&str> = doc["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["instance_type"].as_str().unwrap())
        .collect();
    assert!(!names.is_empty());
    assert!(names.iter().all(|n| !n.starts_with('t')), "{names:?}");
    assert!(doc["assumptions"]
        .to_string()
        .contains("burstable (T) types are left out"));
    let (_, small, _) = rightsize(&["t3.xlarge", "--cpu", "10%", "--mem", "10%"]);
    assert_eq!(small["candidates"][0]["instance_type"], "t3a.small");
}
