//! Each class of catalog defect gives its exact diagnostic, with file and line.

use advisor::catalog::load_texts;
use advisor::Error;

const GOOD: &str = include_str!("../fixtures/catalogs/good.toml");

fn diagnostics(text: &str) -> Vec<String> {
    match load_texts("t", &[("t.toml", text)]) {
        Ok(c) => c.warnings().iter().map(|d| d.to_string()).collect(),
        Err(Error::Invalid { diagnostics, .. }) => {
            diagnostics.iter().map(|d| d.to_string()).collect()
        }
        Err(e) => vec![format!("unexpected error: {e}")],
    }
}

#[test]
fn the_good_fixture_has_no_diagnostics() {
    assert_eq!(diagnostics(GOOD), Vec::<String>::new());
}

/// (what to replace in good.toml, replacement, the diagnostics expected, one per line)
const CASES: &[(&str, &str, &str)] = &[
    (
        "memory-gib = 61\n",
        "memory-gib = = 61\n",
        "t.toml:58:14: error[invalid-toml]: extra `=`, expected nothing",
    ),
    (
        "accelerator-count = 4\n",
        "accelerator-count = 4\ngpus = 4\n",
        "t.toml:76:1: error[unknown-key]: unknown field `gpus`, expected one of `type`, `family`, `category`, `generation`, `vcpus`, `memory-gib`, `arch`, `accelerator`, `accelerator-count`, `accelerator-memory-gib`, `network-gbps`, `local-nvme-gb`, `efa-devices`, `capacity-block-only`, `spec-source`, `note`",
    ),
    (
        "vcpus = 32\n",
        "vcpus = \"thirty-two\"\n",
        "t.toml:71:9: error[wrong-type]: invalid type: string \"thirty-two\", expected u32",
    ),
    (
        "network-gbps = 10\n",
        "",
        "t.toml:66:1: error[missing-key]: missing field `network-gbps`",
    ),
    (
        "schema-version = 1\n",
        "schema-version = 2\n",
        "t.toml:2:18: error[unsupported-schema-version]: unsupported catalog schema-version 2; this advisor reads version 1",
    ),
    (
        "[meta]\nversion = \"test-1\"\nas-of = \"2026-07-20\"\n",
        "",
        "error[missing-meta]: the catalog has no [meta] table (version and as-of date)",
    ),
    (
        "as-of = \"2026-07-20\"\n\n[[source]]\nid = \"test-prices\"",
        "as-of = \"2026-02-30\"\n\n[[source]]\nid = \"test-prices\"",
        "t.toml:6:9: error[invalid-date]: meta as-of `2026-02-30` is not a date of the form YYYY-MM-DD",
    ),
    (
        "type = \"p3.8xlarge\"\nregion = \"us-east-1\"",
        "type = \"p3.2xlarg\"\nregion = \"us-east-1\"",
        "t.toml:93:8: error[unknown-instance-type]: unknown instance type `p3.2xlarg`; did you mean `p3.2xlarge`?\n\
         t.toml:67:8: warning[unpriced-instance-type]: instance type `p3.8xlarge` has no price in any region and is not marked capacity-block-only",
    ),
    (
        "region = \"eu-west-1\"\non-demand",
        "region = \"eu-west-2\"\non-demand",
        "t.toml:99:10: error[unknown-region]: unknown region `eu-west-2`; did you mean `eu-west-1`?",
    ),
    (
        "code = \"eu-west-1\"",
        "code = \"Europe\"",
        "t.toml:29:8: error[invalid-region-code]: `Europe` is not an AWS region code (expected e.g. `us-east-1`)\n\
         t.toml:99:10: error[unknown-region]: unknown region `eu-west-1`; did you mean `us-east-1`?",
    ),
    (
        "type = \"p3.8xlarge\"\nfamily",
        "type = \"p3.2xlarge\"\nfamily",
        "t.toml:67:8: error[duplicate-id]: duplicate instance type `p3.2xlarge` (first defined at t.toml:53:8)\n\
         t.toml:93:8: error[unknown-instance-type]: unknown instance type `p3.8xlarge`; did you mean `p3.2xlarge`?",
    ),
    (
        "usd = 12.24",
        "usd = -12.24",
        "t.toml:95:21: error[non-positive-price]: on-demand price must be more than $0.000001, found -12.24",
    ),
    (
        "usd = 12.24",
        "usd = nan",
        "t.toml:95:21: error[non-positive-price]: on-demand price must be a finite amount below $9e12, found NaN",
    ),
    (
        "accelerator = \"v100\"\naccelerator-count = 4\naccelerator-memory-gib = 16\n",
        "",
        "t.toml:67:8: error[missing-accelerator]: accelerated instance type `p3.8xlarge` (category `accelerated-gpu`) has no accelerator model",
    ),
    (
        "accelerator = \"v100\"\naccelerator-count = 4",
        "accelerator = \"v10\"\naccelerator-count = 4",
        "t.toml:74:15: error[unknown-accelerator]: unknown accelerator `v10`; did you mean `v100`?",
    ),
    (
        "category = \"general\"",
        "category = \"gpu\"",
        "t.toml:44:12: error[unknown-category]: unknown category `gpu`; expected one of general, compute, memory, storage, accelerated-gpu, accelerated-inference, accelerated-training",
    ),
    (
        "type = \"m5.large\"\nfamily = \"m5\"",
        "type = \"m5.large\"\nfamily = \"m6\"",
        "t.toml:42:8: error[family-mismatch]: instance type `m5.large` should be `m6.<size>` to match its family `m6`",
    ),
    (
        "usd = 12.24, source = \"test-prices\"",
        "usd = 12.24, source = \"test-price\"",
        "t.toml:95:37: error[unknown-source]: unknown source `test-price`; did you mean `test-prices`?",
    ),
    (
        "band = \">20%\"",
        "band = \"often\"",
        "t.toml:90:30: error[invalid-spot-band]: unknown spot interruption band `often`; expected one of <5%, 5-10%, 10-15%, 15-20%, >20%",
    ),
    (
        "usd = 1.224",
        "usd = 4.0",
        "t.toml:89:16: warning[spot-not-below-on-demand]: spot price 4.00 is not below on-demand 3.06 for `p3.2xlarge` in us-east-1",
    ),
];

#[test]
fn each_defect_gives_its_exact_diagnostic() {
    let mut failures = Vec::new();
    for (find, replace, want) in CASES {
        assert!(GOOD.contains(find), "fixture lacks {find:?}");
        let got = diagnostics(&GOOD.replacen(find, replace, 1));
        let want: Vec<&str> = want.lines().collect();
        if got != want {
            failures.push(format!(
                "replacing {find:?}:\n  want {want:?}\n  got  {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let text = GOOD
        .replacen(
            "region = \"eu-west-1\"\non-demand",
            "region = \"eu-west-2\"\non-demand",
            1,
        )
        .replacen("usd = 12.24", "usd = 0", 1)
        .replacen(
            "accelerator = \"v100\"\naccelerator-count = 4",
            "accelerator = \"v10\"\naccelerator-count = 4",
            1,
        );
    let got = diagnostics(&text);
    assert_eq!(got.len(), 3, "{got:#?}");
}

#[test]
fn a_second_meta_in_a_directory_is_an_error() {
    let err = load_texts(
        "dir",
        &[
            ("a.toml", GOOD),
            (
                "b.toml",
                "schema-version = 1\n[meta]\nversion = \"x\"\nas-of = \"2026-01-01\"\n",
            ),
        ],
    );
    let Err(Error::Invalid { diagnostics, .. }) = err else {
        panic!("expected invalid")
    };
    let lines: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        lines,
        ["b.toml:2:1: error[duplicate-meta]: a second [meta] table (the first is at a.toml:4:1); a catalog has exactly one"]
    );
}

/// good.toml's us-east-1 prices as a compact `[[price-table]]`.
fn with_table(table: &str) -> String {
    let mut text = String::new();
    for block in GOOD.split("\n\n") {
        if !(block.starts_with("[[price]]") && block.contains("region = \"us-east-1\"")) {
            text.push_str(block);
            text.push_str("\n\n");
        }
    }
    text + table
}

const TABLE: &str = r#"[[price-table]]
region = "us-east-1"
columns = ["type", "on-demand", "spot", "spot-band", "spot-savings-pct"]
sources = { on-demand = "test-prices", spot = "est-spot", spot-interruption = "test-prices" }
rows = [
  ["m5.large", 0.096, 0.0384, ">20%", 60],
  ["p3.2xlarge", 3.06, 1.224, ">20%", 60],
  ["p3.8xlarge", 12.24, 4.896, ">20%", 60],
]
"#;

#[test]
fn a_price_table_loads_the_same_prices_as_price_entries() {
    let c = load_texts("t", &[("t.toml", &with_table(TABLE))]).unwrap();
    let p = c
        .instance("p3.2xlarge")
        .unwrap()
        .price("us-east-1")
        .unwrap();
    assert_eq!(p.on_demand.usd.to_string(), "3.06");
    assert_eq!(p.spot.as_ref().unwrap().usd.to_string(), "1.224");
    assert!(p.spot.as_ref().unwrap().estimated);
    assert_eq!(&*p.spot_interruption.as_ref().unwrap().band, ">20%");
    assert_eq!(c.price_count(), 4);
}

#[test]
fn price_table_defects_are_diagnosed_at_their_row() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "\"spot-savings-pct\"]",
            "\"spot-savings\"]",
            "error[unknown-column]: unknown price-table column `spot-savings`",
        ),
        (
            "[\"m5.large\", 0.096, 0.0384, \">20%\", 60]",
            "[\"m5.large\", 0.096, 0.0384, \">20%\"]",
            "error[wrong-row-length]: a row has 4 values for 5 columns",
        ),
        (
            "[\"p3.2xlarge\", 3.06,",
            "[\"p3.2xlarge\", \"3.06\",",
            "error[wrong-type]: column `on-demand` must be a number, found string",
        ),
        (
            ", spot = \"est-spot\"",
            "",
            "error[missing-source]: column `spot` needs `sources.spot`",
        ),
        (
            "[\"p3.8xlarge\", 12.24,",
            "[\"p3.8xlarg\", 12.24,",
            "error[unknown-instance-type]: unknown instance type `p3.8xlarg`; did you mean `p3.8xlarge`?",
        ),
    ];
    for (find, replace, want) in cases {
        assert!(TABLE.contains(find), "{find}");
        let text = with_table(&TABLE.replacen(find, replace, 1));
        let got = diagnostics(&text);
        assert!(
            got.iter()
                .any(|d| d.contains(want) && d.starts_with("t.toml:")),
            "want {want}\n got {got:#?}"
        );
    }
}

/// (what to replace in good.toml, replacement, the diagnostic code expected): one case for
/// each code the exact-text cases above do not cover.
const CODE_CASES: &[(&str, &str, &str)] = &[
    (
        "[[price]]\ntype = \"p3.8xlarge\"",
        "[[price]]\ntype = \"m5.large\"\nregion = \"us-east-1\"\non-demand = { usd = 0.1, source = \"test-prices\" }\n\n[[price]]\ntype = \"p3.8xlarge\"",
        "duplicate-price",
    ),
    (
        "method = \"discount-from-on-demand\"\n",
        "",
        "estimate-without-method",
    ),
    (
        "accelerator-count = 4\n",
        "",
        "missing-accelerator-count",
    ),
    (
        "accelerator-memory-gib = 16\nnetwork-gbps = 10\n",
        "network-gbps = 10\n",
        "missing-accelerator-memory",
    ),
    (
        "category = \"general\"\n",
        "category = \"general\"\naccelerator = \"v100\"\naccelerator-count = 1\naccelerator-memory-gib = 16\n",
        "unexpected-accelerator",
    ),
    ("vcpus = 2\n", "vcpus = 0\n", "non-positive-value"),
    ("discount-pct = 60.0\n", "discount-pct = 160.0\n", "out-of-range"),
    ("arch = \"x86_64\"\nnetwork-gbps = 0.75", "arch = \"risc-v\"\nnetwork-gbps = 0.75", "unknown-arch"),
    (
        "fp16-tflops = 125\n",
        "fp16-tflops = 125\nestimated = [\"fp99-tflops\"]\n",
        "unknown-field-name",
    ),
];

#[test]
fn every_catalog_code_has_a_case_that_raises_it() {
    for (from, to, code) in CODE_CASES {
        assert!(GOOD.contains(from), "{from:?} is not in good.toml");
        let text = GOOD.replacen(from, to, 1);
        let found = diagnostics(&text);
        assert!(
            found.iter().any(|d| d.contains(&format!("[{code}]"))),
            "{code}: {found:#?}"
        );
    }
}
