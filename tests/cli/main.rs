//! The one integration-test binary: CLI cases run the real `advisor` binary.

mod ci;
mod compare;
mod diagnostics;
mod etl;
mod import;
mod json;
mod layers;
mod models;
mod out_dir;
mod props;
mod recommend;
mod rightsize;
mod rules;
mod schema;
mod sizing;

/// Every `tests/cmd/*.toml` case: arguments, expected stdout/stderr and exit code.
/// Update expectations with `TRYCMD=overwrite cargo test --test cli` and review the diff.
#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .default_bin_name("advisor")
        // a fixed date: the staleness warning must not appear as the calendar moves
        .env("ADVISOR_TODAY", "2026-11-25")
        // the shell's AWS region must not change the answers (tables are full width: trycmd's
        // stdout is not a terminal, and a case sets COLUMNS itself to test a width)
        .env("ADVISOR_REGION", "")
        .case("tests/cmd/*.toml");
}

/// `advisor recommend ARGS --format json` with the embedded catalog at the fixed date: the exit
/// code, the JSON document (null when stdout is not one, as after a usage error) and stderr.
pub fn recommend_json(args: &[&str]) -> (i32, serde_json::Value, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_advisor"))
        .arg("recommend")
        .args(args)
        .args(["--format", "json"])
        .env_remove("ADVISOR_CATALOG")
        .env("ADVISOR_REGION", "")
        .env("ADVISOR_TODAY", "2026-11-25")
        .output()
        .unwrap();
    let doc = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code().unwrap_or(-1), doc, stderr)
}

/// The embedded catalog written out by `catalog import` into a scratch directory `name`, with
/// `s3-read-gb-per-s-per-instance` lowered to `gb_per_s`: S3 that cannot feed a fast job, so
/// the working copy must be chosen. The path of the catalog.
pub fn slow_s3_catalog(name: &str, gb_per_s: f64) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("advisor-slow-s3-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_advisor"))
        .args(["catalog", "import", "--out"])
        .arg(&dir)
        .env_remove("ADVISOR_CATALOG")
        .env("ADVISOR_REGION", "")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(
        dir.join("slow-s3.toml"),
        format!(
            "schema-version = 1\n\n[[coefficient]]\nid = \"s3-read-gb-per-s-per-instance\"\n\
             value = {gb_per_s}\nunit = \"GB/s one instance reads from S3\"\n\
             source = \"test: a slow path to S3\"\nas-of = \"2026-12-03\"\n"
        ),
    )
    .unwrap();
    dir
}

/// `advisor --catalog CATALOG recommend ARGS --format json`: the exit code and the document.
pub fn recommend_json_with(catalog: &std::path::Path, args: &[&str]) -> (i32, serde_json::Value) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_advisor"))
        .env("ADVISOR_REGION", "")
        .arg("--catalog")
        .arg(catalog)
        .arg("recommend")
        .args(args)
        .args(["--format", "json"])
        .env("ADVISOR_TODAY", "2026-11-25")
        .output()
        .unwrap();
    let doc = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out.status.code().unwrap_or(-1), doc)
}
