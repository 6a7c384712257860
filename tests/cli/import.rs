//! `advisor catalog import` on offer files in the real bulk layout, with the noise products a
//! real file has (Windows, Dedicated, Host, unused capacity reservations, SQL, BYOL, storage).

use std::path::PathBuf;
use std::process::Command;

use advisor::{catalog, CatalogSource};

fn out_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("advisor-import-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn import(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_advisor"))
        .args(["catalog", "import"])
        .args(args)
        .env_remove("ADVISOR_CATALOG")
        .env("ADVISOR_TODAY", "2026-11-25")
        .output()
        .unwrap()
}

#[test]
fn the_right_prices_land_and_the_noise_does_not() {
    let out = out_dir("ok");
    let o = import(&[
        "--aws-offer",
        "tests/fixtures/offers/us-east-1.json",
        "--spot-advisor",
        "tests/fixtures/offers/spot-advisor.json",
        "--out",
        out.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["command"], "catalog import");
    assert_eq!(report["offers"][0]["products_seen"], 11);
    assert_eq!(report["offers"][0]["products_kept"], 4);
    assert_eq!(report["instance_types_added"][0], "p3.4xlarge");
    assert_eq!(report["instance_types_skipped"], 1);
    assert_eq!(report["regions_added"][0], "ca-west-1");

    let c = catalog::load(&CatalogSource::Path(out.clone())).unwrap();
    assert_eq!(c.meta().as_of, "2026-11-01");
    let p = c
        .instance("p3.2xlarge")
        .unwrap()
        .price("us-east-1")
        .unwrap();
    // the Linux, shared, on-demand-capacity product's rates; not Windows 9.99, Dedicated 8.88, …
    assert_eq!(p.on_demand.usd.to_string(), "3.50");
    assert_eq!(&*p.on_demand.source, "aws-price-list-2026-11-01");
    assert!(!p.on_demand.estimated);
    // standard, no upfront only: not convertible 2.20, not partial upfront 0.90
    assert_eq!(p.reserved_1yr.as_ref().unwrap().usd.to_string(), "1.90");
    assert_eq!(p.reserved_3yr.as_ref().unwrap().usd.to_string(), "1.30");
    // the Linux spot advisor entry, not the Windows one
    let band = p.spot_interruption.as_ref().unwrap();
    assert_eq!((&*band.band, band.savings_pct), ("10-15%", 70));
    // a new type of a known family, a new region
    let new = c.instance("p3.4xlarge").unwrap();
    assert_eq!((new.vcpus, new.memory_gib), (16, 122.0));
    assert_eq!(new.accelerator.as_ref().unwrap().count, 2);
    assert!(c
        .instance("p3.2xlarge")
        .unwrap()
        .price("ca-west-1")
        .is_some());
    assert!(c.instance("zz9.large").is_none());
    // everything else is as it was
    let m5 = c.instance("m5.large").unwrap().price("us-east-1").unwrap();
    assert_eq!(m5.on_demand.usd.to_string(), "0.096");
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn a_truncated_file_exits_3_naming_where_it_broke_and_writes_nothing() {
    let out = out_dir("bad");
    let o = import(&[
        "--aws-offer",
        "tests/fixtures/offers/truncated.json",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("tests/fixtures/offers/truncated.json:"),
        "{stderr}"
    );
    assert!(stderr.contains("EOF while parsing"), "{stderr}");
    assert!(!out.exists());
    let leftovers = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .contains(&format!("advisor-import-bad-{}", std::process::id()))
        })
        .count();
    assert_eq!(leftovers, 0, "no temporary directory left behind");
}

#[test]
fn an_existing_output_needs_force() {
    let out = out_dir("exists");
    std::fs::create_dir_all(&out).unwrap();
    let o = import(&["--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--force"));
    let o = import(&["--out", out.to_str().unwrap(), "--force"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.join("prices.toml").exists());
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn a_round_trip_through_import_changes_no_answer() {
    let out = out_dir("same");
    assert!(import(&["--out", out.to_str().unwrap()]).status.success());
    let answer = |catalog: Option<&str>| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_advisor"));
        if let Some(c) = catalog {
            cmd.args(["--catalog", c]);
        }
        let o = cmd
            .args([
                "recommend",
                "--workload",
                "training",
                "--data-size",
                "2TB",
                "--model-params",
                "7B",
                "--tokens",
                "20B",
                "--format",
                "json",
            ])
            .env_remove("ADVISOR_CATALOG")
            .env("ADVISOR_TODAY", "2026-11-25")
            .output()
            .unwrap();
        let mut doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        doc.as_object_mut().unwrap().remove("catalog");
        doc
    };
    assert_eq!(answer(None), answer(Some(out.to_str().unwrap())));
    std::fs::remove_dir_all(&out).unwrap();
}
