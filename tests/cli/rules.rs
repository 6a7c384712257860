//! Rules in user catalogs: inherited from the built-in set, overridden or disabled by id, added.

use advisor::catalog::load_texts;
use advisor::{Catalog, Error};

const GOOD: &str = include_str!("../fixtures/catalogs/good.toml");

fn load(extra: &str) -> Result<Catalog, Error> {
    load_texts("t", &[("t.toml", GOOD), ("rules.toml", extra)])
}

fn builtin_rule_count() -> usize {
    Catalog::builtin().unwrap().rules().len()
}

fn diagnostics(extra: &str) -> Vec<String> {
    match load(extra) {
        Ok(c) => c.warnings().iter().map(|d| d.to_string()).collect(),
        Err(Error::Invalid { diagnostics, .. }) => {
            diagnostics.iter().map(|d| d.to_string()).collect()
        }
        Err(e) => vec![e.to_string()],
    }
}

#[test]
fn a_user_catalog_inherits_the_builtin_rules_and_coefficients() {
    let c = load("schema-version = 1\n").unwrap();
    assert_eq!(c.rules().len(), builtin_rule_count());
    assert!(c.rules().iter().all(|r| r.origin == "builtin"));
    assert!(c.coefficient("exploration-working-set-factor").is_some());
}

#[test]
fn a_rule_with_a_builtin_id_overrides_it() {
    let c = load(
        "schema-version = 1\n[[rule]]\nid = \"training-on-demand\"\nmessage = \"our policy: on-demand\"\nwhen = { workload = [\"training\"] }\nthen = { pricing = \"on-demand\" }\n",
    )
    .unwrap();
    assert_eq!(c.rules().len(), builtin_rule_count());
    let r = c
        .rules()
        .iter()
        .find(|r| r.id == "training-on-demand")
        .unwrap();
    assert_eq!(r.message, "our policy: on-demand");
    assert_eq!(r.origin, "catalog");
}

#[test]
fn new_rules_are_added_and_disabled_ones_removed() {
    let c = load(
        "schema-version = 1\n[[rule]]\nid = \"team-no-p3\"\nmessage = \"no p3\"\nthen = { exclude-families = [\"p3\"] }\n\n[[rule]]\nid = \"storage-lifecycle\"\nmessage = \"off\"\nenabled = false\n",
    )
    .unwrap();
    assert_eq!(c.rules().len(), builtin_rule_count());
    assert!(c.rules().iter().any(|r| r.id == "team-no-p3"));
    assert!(!c.rules().iter().any(|r| r.id == "storage-lifecycle"));
}

#[test]
fn builtin_rules_false_keeps_only_the_catalogs_own() {
    let meta_off = GOOD.replace(
        "as-of = \"2026-07-20\"\n\n[[source]]",
        "as-of = \"2026-07-20\"\nbuiltin-rules = false\n\n[[source]]",
    );
    // every coefficient the engine needs, defined by the catalog itself
    let mut extra = String::from("schema-version = 1\n[[rule]]\nid = \"only\"\nmessage = \"m\"\n");
    for id in advisor::sizing::REQUIRED {
        let value = if *id == "exploration-working-set-factor" {
            3.0
        } else {
            0.5
        };
        extra.push_str(&format!(
            "\n[[coefficient]]\nid = \"{id}\"\nvalue = {value}\nunit = \"u\"\nsource = \"team measurement\"\nas-of = \"2026-01-01\"\n"
        ));
    }
    let c = load_texts("t", &[("t.toml", &meta_off), ("rules.toml", &extra)]).unwrap();
    assert_eq!(c.rules().len(), 1);
    assert_eq!(
        c.coefficient("exploration-working-set-factor")
            .unwrap()
            .value,
        3.0
    );
    // without the coefficient the catalog is invalid
    let Err(Error::Invalid { diagnostics, .. }) = load_texts("t", &[("t.toml", &meta_off)]) else {
        panic!("expected invalid")
    };
    assert_eq!(diagnostics[0].code, "missing-coefficient");
}

#[test]
fn bad_rules_are_diagnosed_with_file_and_line() {
    let cases: &[(&str, &str)] = &[
        (
            "schema-version = 1\n[[rule]]\nid = \"x\"\nmessage = \"m\"\nwhen = { workload = [\"trainng\"] }\n",
            "rules.toml:5:22: error[unknown-id]: unknown workload `trainng`; expected one of exploration, training, batch-inference, realtime-inference, etl, streaming; did you mean `training`?",
        ),
        (
            "schema-version = 1\n[[rule]]\nid = \"x\"\nmessage = \"m\"\nthen = { storage = { dataset = \"s3-standrd\" } }\n",
            "rules.toml:5:32: error[unknown-storage-class]: unknown storage class `s3-standrd`; did you mean `s3-standard`?",
        ),
        (
            "schema-version = 1\n[[rule]]\nid = \"x\"\nmessage = \"m\"\nthen = { pricing = \"spot\" }\n",
            "rules.toml:5:20: error[unknown-pricing-model]: unknown pricing model `spot`",
        ),
        (
            "schema-version = 1\n[[rule]]\nid = \"x\"\nmessage = \"m\"\nthen = { prefer-families = [\"p9\"] }\n",
            "rules.toml:5:29: warning[unknown-family]: rule `x` names family `p9`, which no instance type has",
        ),
        (
            "schema-version = 1\n[[coefficient]]\nid = \"cpu-peak-gflops-x\"\nvalue = 1.0\nunit = \"u\"\nsource = \"s\"\nas-of = \"2026-01-01\"\nfamilies = [\"c7h\"]\n",
            "rules.toml:8:13: warning[unknown-family]: coefficient `cpu-peak-gflops-x` names family `c7h`, which no instance type has",
        ),
        (
            "schema-version = 1\n[[rule]]\nid = \"x\"\nmessage = \"m\"\n\n[[rule]]\nid = \"x\"\nmessage = \"again\"\n",
            "rules.toml:7:6: error[duplicate-id]: duplicate rule `x` (first defined at rules.toml:3:6)",
        ),
        (
            "schema-version = 1\n[[rule]]\nid = \"x\"\nmessage = \"m\"\nwhen = { gpu = true }\n",
            "rules.toml:5:10: error[unknown-key]: unknown field `gpu`, expected one of `workload`, `data-size-at-least-gb`, `data-size-below-gb`, `interruptible`, `traffic`, `commitment`, `shared-dataset`, `hours-per-month-at-least`, `hours-per-month-below`, `model-params-given`",
        ),
    ];
    let mut failures = Vec::new();
    for (text, want) in cases {
        let got = diagnostics(text);
        if got != [want.to_string()] {
            failures.push(format!("want {want}\n got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
