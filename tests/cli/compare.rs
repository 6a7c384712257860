//! `advisor compare`: the seed right-sizing case, hours scaling, families, and bad input.

use std::process::Command;

use serde_json::Value;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_advisor"))
        .arg("compare")
        .args(args)
        .env_remove("ADVISOR_CATALOG")
        .env("ADVISOR_REGION", "")
        .env("ADVISOR_TODAY", "2026-11-25")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn json(args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.extend(["--format", "json"]);
    let (code, stdout, stderr) = run(&a);
    assert_eq!(code, 0, "{args:?}: {stderr}");
    serde_json::from_str(&stdout).unwrap()
}

#[test]
fn moving_a_24_7_p3_8xlarge_to_a_p3_2xlarge_saves_75_percent_about_80k_a_year() {
    let doc = json(&["p3.2xlarge", "p3.8xlarge"]);
    assert_eq!(doc["command"], "compare");
    assert_eq!(doc["region"], "us-east-1");
    assert_eq!(doc["hours_per_month"], 730.0);
    let i = &doc["instances"];
    assert_eq!(i[0]["on_demand_hourly_usd"], 3.06);
    assert_eq!(i[1]["on_demand_hourly_usd"], 12.24);
    assert_eq!(i[0]["price_ratio_to_first"], 1.0);
    assert_eq!(i[1]["price_ratio_to_first"], 4.0);
    assert_eq!(i[1]["ratios"]["accelerators"], 4.0);
    assert_eq!(i[0]["monthly_usd"], 2233.8);
    assert_eq!(i[1]["yearly_usd"], 107222.4);
    let s = &doc["savings"];
    assert_eq!(s.as_array().unwrap().len(), 1);
    assert_eq!(s[0]["from"], "p3.8xlarge");
    assert_eq!(s[0]["to"], "p3.2xlarge");
    assert_eq!(s[0]["pct"], 75.0);
    assert_eq!(s[0]["yearly_usd"], 80416.8);
    // both cost the same per GPU-hour: the saving is right-sizing, not a cheaper GPU
    assert_eq!(
        i[0]["unit_costs"]["usd_per_accelerator_hour"],
        i[1]["unit_costs"]["usd_per_accelerator_hour"]
    );
}

#[test]
fn hours_per_month_scale_monthly_yearly_and_savings() {
    let full = json(&["p3.8xlarge", "p3.2xlarge"]);
    let half = json(&["p3.8xlarge", "p3.2xlarge", "--hours-per-month", "365"]);
    assert_eq!(half["hours_per_month"], 365.0);
    let y = |d: &Value| d["savings"][0]["yearly_usd"].as_f64().unwrap();
    assert!((y(&full) / 2.0 - y(&half)).abs() < 0.01);
    assert_eq!(half["savings"][0]["pct"], 75.0);
    assert_eq!(half["instances"][0]["monthly_usd"], 4467.6);
}

#[test]
fn four_types_across_families() {
    let doc = json(&["p3.2xlarge", "g5.xlarge", "m7i.large", "inf2.xlarge"]);
    let i = doc["instances"].as_array().unwrap();
    assert_eq!(i.len(), 4);
    let names: Vec<&str> = i
        .iter()
        .map(|x| x["instance_type"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["p3.2xlarge", "g5.xlarge", "m7i.large", "inf2.xlarge"]
    );
    // a CPU type has no accelerator costs
    assert!(i[2]["accelerator"].is_null());
    assert!(i[2]["unit_costs"]["usd_per_accelerator_hour"].is_null());
    assert!(i[2]["unit_costs"]["usd_per_vcpu_hour"].as_f64().unwrap() > 0.0);
    // every pair with different prices: one saving, from dearer to cheaper
    let savings = doc["savings"].as_array().unwrap();
    assert_eq!(savings.len(), 6);
    for s in savings {
        assert!(s["yearly_usd"].as_f64().unwrap() > 0.0);
        assert!(s["pct"].as_f64().unwrap() > 0.0 && s["pct"].as_f64().unwrap() < 100.0);
    }
    let yearly: Vec<f64> = savings
        .iter()
        .map(|s| s["yearly_usd"].as_f64().unwrap())
        .collect();
    assert!(
        yearly.windows(2).all(|w| w[0] >= w[1]),
        "biggest saving first"
    );
}

#[test]
fn the_table_has_a_bar_chart_and_the_savings() {
    let (code, stdout, _) = run(&["p3.8xlarge", "p3.2xlarge"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Monthly cost"));
    assert!(stdout.contains(&"█".repeat(40)), "{stdout}");
    assert!(
        stdout.contains("p3.8xlarge → p3.2xlarge: $80,416.80 less a year (75%), with 125 dense TFLOPS instead of 500"),
        "{stdout}"
    );
}

#[test]
fn a_type_without_a_price_is_shown_with_its_specs() {
    let doc = json(&["p5.48xlarge", "p5e.48xlarge"]);
    let p5e = &doc["instances"][1];
    assert_eq!(p5e["priced"], false);
    assert!(p5e["on_demand_hourly_usd"].is_null());
    assert!(p5e["monthly_usd"].is_null());
    assert_eq!(p5e["vcpus"], 192);
    assert!(p5e["note"]
        .as_str()
        .unwrap()
        .contains("no price in us-east-1"));
    assert_eq!(doc["savings"].as_array().unwrap().len(), 0);
    let (_, table, _) = run(&["p5.48xlarge", "p5e.48xlarge"]);
    assert!(table.contains("no price"));
    // a type the catalog prices elsewhere but not in the region: a gap, said as one
    let sa = json(&["p3.2xlarge", "m7i.large", "--region", "sa-east-1"]);
    assert_eq!(sa["instances"][1]["priced"], false);
    let note = sa["instances"][1]["note"].as_str().unwrap();
    assert!(
        note.starts_with("the catalog has no price for it in sa-east-1: a gap in the data"),
        "{note}"
    );
    assert!(note.contains("advisor catalog import"), "{note}");
}

#[test]
fn bad_input_exits_2_naming_the_value() {
    let cases: &[(&[&str], &str)] = &[
        (&["p3.2xlarg", "p3.8xlarge"], "did you mean `p3.2xlarge`?"),
        (&["p3.2xlarge"], "required"),
        (&["p3.2xlarge", "P3.2XLARGE"], "listed twice"),
        (
            &["p3.2xlarge", "p3.8xlarge", "--region", "us-east-7"],
            "unknown region `us-east-7`",
        ),
        (
            &["p3.2xlarge", "p3.8xlarge", "--hours-per-month", "0"],
            "invalid value `0`",
        ),
    ];
    for (args, needle) in cases {
        let (code, stdout, stderr) = run(args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
        assert!(stdout.is_empty());
    }
}

/// A move to a type with less of what the work uses is a smaller machine, with the cost per
/// unit of that capacity, not a like-for-like saving: p5.48xlarge → p4d.24xlarge "saves" 60%
/// but the p5 is cheaper per dense TFLOP-hour.
#[test]
fn savings_weigh_capacity() {
    let doc = json(&["p5.48xlarge", "p4d.24xlarge"]);
    let s = &doc["savings"][0];
    assert_eq!(s["like_for_like"], false);
    assert_eq!(s["smaller"]["capacity"], "dense TFLOPS");
    let (p5, p4d) = (
        s["smaller"]["from_usd_per_unit_hour"].as_f64().unwrap(),
        s["smaller"]["to_usd_per_unit_hour"].as_f64().unwrap(),
    );
    assert!(p5 < p4d, "{s}");
    let (_, table, _) = run(&["p5.48xlarge", "p4d.24xlarge"]);
    assert!(table.contains("Moving to a smaller machine"), "{table}");
    assert!(!table.contains("Savings from moving"), "{table}");
    // as much of everything for less: like for like
    let doc = json(&["m7i.large", "m5.large"]);
    assert_eq!(doc["savings"][0]["like_for_like"], true);
    assert!(doc["savings"][0]["smaller"].is_null());
}
