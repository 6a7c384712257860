//! The one integration-test binary: CLI cases run the real `advisor` binary.

mod ci;
mod compare;
mod diagnostics;
mod etl;
mod import;
mod json;
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
