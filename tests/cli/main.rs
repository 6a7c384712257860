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
        .env("ADVISOR_TODAY", "2026-11-25")
        .output()
        .unwrap();
    let doc = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code().unwrap_or(-1), doc, stderr)
}
