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

/// Run advisor on the embedded catalog (unless `args` name one) at a fixed date.
fn advisor(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_advisor"))
        .args(args)
        .env_remove("ADVISOR_CATALOG")
        .env("ADVISOR_REGION", "")
        .env("ADVISOR_TODAY", "2026-11-25")
        .output()
        .unwrap()
}

fn import(args: &[&str]) -> std::process::Output {
    advisor(&[&["catalog", "import"], args].concat())
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
    // upfront options as effective hourly rates: $8,000 / 8,760 h + $0.90/h, and the standard
    // all-upfront $40,000 / 26,280 h (not the convertible $99,999)
    let rate =
        |x: &Option<Box<advisor::catalog::PricePoint>>| x.as_ref().map(|p| p.usd.to_string());
    assert_eq!(rate(&p.reserved_1yr_partial_upfront).unwrap(), "1.813242");
    assert_eq!(rate(&p.reserved_3yr_all_upfront).unwrap(), "1.52207");
    assert_eq!(rate(&p.reserved_1yr_all_upfront), None);
    assert_eq!(rate(&p.reserved_3yr_partial_upfront), None);
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
    // `catalog show` reports the upfront options
    let out_str = out.to_str().unwrap();
    let show = advisor(&["--catalog", out_str, "catalog", "show", "p3.2xlarge"]);
    let text = String::from_utf8(show.stdout).unwrap();
    assert!(text.contains("1yr partial upfront $/h"), "{text}");
    assert!(text.contains("1.813242"), "{text}");
    // `catalog diff builtin OUT` lists what the import changed, and nothing else
    let diff = advisor(&[
        "catalog",
        "diff",
        "builtin",
        out_str,
        "--region",
        "us-east-1",
        "--format",
        "json",
    ]);
    assert!(diff.status.success());
    let d: serde_json::Value = serde_json::from_slice(&diff.stdout).unwrap();
    let on_demand: Vec<_> = d["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["instance_type"] == "p3.2xlarge" && c["price"] == "on_demand")
        .collect();
    assert_eq!(on_demand.len(), 1, "{d}");
    assert_eq!(on_demand[0]["change"], "increased");
    assert_eq!(on_demand[0]["old_hourly_usd"], 3.06);
    assert_eq!(on_demand[0]["new_hourly_usd"], 3.5);
    assert!(d["changes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["instance_type"] == "p3.2xlarge" || c["instance_type"] == "p3.4xlarge"));
    assert_eq!(d["instance_types_added"][0], "p3.4xlarge");
    // `recommend` on reserved pricing says what paying up front would cost instead
    let rec = advisor(&[
        "--catalog",
        out_str,
        "recommend",
        "--workload",
        "realtime-inference",
        "--data-size",
        "50GB",
        "--commitment",
        "1yr",
        "--allow-family",
        "p3",
        "--format",
        "json",
    ]);
    assert!(
        rec.status.success(),
        "{}",
        String::from_utf8_lossy(&rec.stderr)
    );
    let r: serde_json::Value = serde_json::from_slice(&rec.stdout).unwrap();
    let best = &r["recommendations"][0];
    assert_eq!(best["instance_type"], "p3.2xlarge");
    assert_eq!(best["pricing_model"], "reserved-1yr");
    assert!(
        best["reasons"].as_array().unwrap().iter().any(|x| x
            == "paying partial upfront for the 1-year term: effective $1.813242/h per instance, \
                4.57% below no upfront (source aws-price-list-2026-11-01)"),
        "{best}"
    );
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
        let catalog_args = catalog.map(|c| vec!["--catalog", c]).unwrap_or_default();
        let o = advisor(
            &[
                &catalog_args[..],
                &[
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
                ],
            ]
            .concat(),
        );
        let mut doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        doc.as_object_mut().unwrap().remove("catalog");
        doc
    };
    assert_eq!(answer(None), answer(Some(out.to_str().unwrap())));
    std::fs::remove_dir_all(&out).unwrap();
}

/// Records what an import tells its progress bar.
#[derive(Default)]
struct Recorder {
    started: std::cell::RefCell<Vec<(PathBuf, u64)>>,
    read: std::cell::Cell<u64>,
    finished: std::cell::Cell<bool>,
}

impl advisor::import::Progress for Recorder {
    fn start(&self, path: &std::path::Path, bytes: u64) {
        self.started.borrow_mut().push((path.to_path_buf(), bytes));
    }
    fn advance(&self, bytes: u64) {
        self.read.set(self.read.get() + bytes);
    }
    fn finish(&self) {
        self.finished.set(true);
    }
}

#[test]
fn progress_is_told_every_byte_of_the_offer_file() {
    let out = out_dir("progress");
    let offer = PathBuf::from("tests/fixtures/offers/us-east-1.json");
    let size = std::fs::metadata(&offer).unwrap().len();
    let request = advisor::import::ImportRequest {
        offers: vec![offer.clone()],
        spot_advisor: None,
        out: out.clone(),
        force: false,
        strict: false,
    };
    let recorder = Recorder::default();
    let catalog = catalog::load(&CatalogSource::Builtin).unwrap();
    advisor::import::import_with_progress(&catalog, &request, &recorder).unwrap();
    assert_eq!(*recorder.started.borrow(), vec![(offer, size)]);
    assert_eq!(recorder.read.get(), size);
    assert!(recorder.finished.get());
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn progress_is_finished_when_the_import_fails() {
    let out = out_dir("progress-fail");
    let request = advisor::import::ImportRequest {
        offers: vec![PathBuf::from("tests/fixtures/offers/truncated.json")],
        spot_advisor: None,
        out: out.clone(),
        force: false,
        strict: false,
    };
    let recorder = Recorder::default();
    let catalog = catalog::load(&CatalogSource::Builtin).unwrap();
    assert!(advisor::import::import_with_progress(&catalog, &request, &recorder).is_err());
    assert!(recorder.finished.get());
    assert!(!out.exists());
}

#[test]
fn a_user_catalogs_own_rules_and_coefficients_are_carried_over() {
    let base = out_dir("user-rules-src");
    std::fs::create_dir_all(&base).unwrap();
    let good = std::fs::read_to_string("tests/fixtures/catalogs/good.toml")
        .unwrap()
        .replace(
            "as-of = \"2026-07-20\"\n\n[[source]]",
            "as-of = \"2026-07-20\"\nbuiltin-rules = false\n\n[[source]]",
        );
    std::fs::write(base.join("catalog.toml"), good).unwrap();
    let mut rules = String::from(
        "schema-version = 1\n\n[[rule]]\nid = \"team-on-demand\"\nmessage = \"our policy: on-demand\"\n\
         when = { workload = [\"training\"] }\nthen = { pricing = \"on-demand\" }\n",
    );
    for id in advisor::sizing::REQUIRED {
        rules.push_str(&format!(
            "\n[[coefficient]]\nid = \"{id}\"\nvalue = 0.5\nunit = \"u\"\nsource = \"team\"\nas-of = \"2026-01-01\"\n"
        ));
    }
    std::fs::write(base.join("rules.toml"), rules).unwrap();
    let before = catalog::load(&CatalogSource::Path(base.clone())).unwrap();

    let out = out_dir("user-rules-out");
    let o = advisor(&[
        "--catalog",
        base.to_str().unwrap(),
        "catalog",
        "import",
        "--aws-offer",
        "tests/fixtures/offers/us-east-1.json",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let after = catalog::load(&CatalogSource::Path(out.clone())).unwrap();
    let rules = |c: &advisor::Catalog| {
        c.rules()
            .iter()
            .map(|r| (r.id.clone(), r.origin.clone(), r.message.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(rules(&after), rules(&before));
    assert_eq!(rules(&after).len(), 1, "built-in rules stay off");
    let coefficients = |c: &advisor::Catalog| {
        c.coefficients()
            .iter()
            .map(|k| (k.id.clone(), k.value, k.source.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(coefficients(&after), coefficients(&before));
    std::fs::remove_dir_all(&base).unwrap();
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn diff_says_builtin_is_the_embedded_catalog_when_a_path_of_that_name_exists() {
    let dir = out_dir("builtin-name");
    std::fs::create_dir_all(dir.join("builtin")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_advisor"))
        .args(["catalog", "diff", "builtin", "builtin", "--format", "json"])
        .current_dir(&dir)
        .env_remove("ADVISOR_CATALOG")
        .env("ADVISOR_REGION", "")
        .env("ADVISOR_TODAY", "2026-11-25")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let warnings = doc["warnings"].as_array().unwrap();
    // once, however many of the two arguments say `builtin`
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].as_str().unwrap().contains("./builtin"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_spot_feed_imported_into_a_catalog_without_its_source_names_its_own() {
    let out = out_dir("spot-source");
    let o = advisor(&[
        "--catalog",
        "tests/fixtures/catalogs/good-dir",
        "catalog",
        "import",
        "--spot-advisor",
        "tests/fixtures/offers/spot-advisor.json",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let c = catalog::load(&CatalogSource::Path(out.clone())).unwrap();
    let band = c
        .instance("p3.2xlarge")
        .unwrap()
        .price("us-east-1")
        .unwrap()
        .spot_interruption
        .clone()
        .unwrap();
    let source = c.sources().iter().find(|s| *s.id == *band.source).unwrap();
    assert!(source.id.starts_with("spot-advisor-"), "{}", source.id);
    assert!(source.as_of_approximate);
    assert_eq!(source.location, "tests/fixtures/offers/spot-advisor.json");
    std::fs::remove_dir_all(&out).unwrap();
}
