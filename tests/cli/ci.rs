//! The CI-style shell pipeline (`tests/ci/plan-gates.sh`) and the exit codes scripts rely on.

use std::process::{Command, Stdio};

#[test]
fn the_ci_shell_pipeline_passes() {
    let out = Command::new("bash")
        .arg("tests/ci/plan-gates.sh")
        .env("ADVISOR", env!("CARGO_BIN_EXE_advisor"))
        .env_remove("ADVISOR_CATALOG")
        .env("ADVISOR_REGION", "")
        .env("ADVISOR_TODAY", "2026-11-25")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
}

#[test]
fn a_write_error_on_stdout_exits_1() {
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full");
    let Ok(full) = full else {
        return; // no /dev/full on this system
    };
    let out = Command::new(env!("CARGO_BIN_EXE_advisor"))
        .args(["catalog", "list"])
        .env_remove("ADVISOR_CATALOG")
        .env("ADVISOR_REGION", "")
        .env("ADVISOR_TODAY", "2026-11-25")
        .stdout(Stdio::from(full))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write output"));
}

#[test]
fn a_closed_pipe_exits_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_advisor"))
        .args(["catalog", "list"])
        .env_remove("ADVISOR_CATALOG")
        .env("ADVISOR_REGION", "")
        .env("ADVISOR_TODAY", "2026-11-25")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away, like `| head -0`
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn plan_files_report_every_bad_value_with_file_and_line() {
    let out = Command::new(env!("CARGO_BIN_EXE_advisor"))
        .args(["plan", "tests/fixtures/plans/bad-values.plan.toml"])
        .env_remove("ADVISOR_CATALOG")
        .env("ADVISOR_REGION", "")
        .env("ADVISOR_TODAY", "2026-11-25")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for want in [
        "bad-values.plan.toml:6:13: error[invalid-value]: `data-size`: invalid size `2XB`",
        "bad-values.plan.toml:7:10: error[unknown-region]: unknown region `us-east-9`; did you mean `us-east-1`?",
        "bad-values.plan.toml:13:13: error[invalid-value]: invalid `precision` `fp7`",
        "bad-values.plan.toml:14:16: error[unknown-family]: unknown instance family `p33`; did you mean `p3`?",
    ] {
        assert!(stderr.contains(want), "missing {want:?} in\n{stderr}");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_advisor"))
        .args(["plan", "tests/fixtures/plans/unknown-key.plan.toml"])
        .env_remove("ADVISOR_CATALOG")
        .env("ADVISOR_REGION", "")
        .env("ADVISOR_TODAY", "2026-11-25")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("unknown-key.plan.toml:7:1: error[unknown-key]: unknown field `gpus`"));
}

#[test]
fn old_catalog_data_gets_a_staleness_warning() {
    let run = |today: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_advisor"))
            .args(["catalog", "regions", "--format", "json"])
            .env_remove("ADVISOR_CATALOG")
            .env("ADVISOR_REGION", "")
            .env("ADVISOR_TODAY", today)
            .output()
            .unwrap();
        assert!(out.status.success());
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        doc["warnings"].to_string()
    };
    assert!(!run("2026-11-25").contains("days old"));
    assert!(run("2027-06-01").contains("316 days old (as of 2026-07-20)"));
}

/// `advisor man --out DIR` writes a page per command, each naming every flag its `--help`
/// does (globals included), and every page the top page refers to exists; `advisor man
/// recommend` prints that one page, and an unknown command is a usage error.
#[test]
fn man_pages_cover_every_command_and_flag() {
    let dir = std::env::temp_dir().join(format!("advisor-man-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = Command::new(env!("CARGO_BIN_EXE_advisor"))
        .env("ADVISOR_REGION", "")
        .args(["man", "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut pages: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    pages.sort();
    assert!(pages.len() >= 14, "{pages:?}");
    let flag = |text: &str| -> std::collections::BTreeSet<String> {
        text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .filter(|w| w.starts_with("--") && w.len() > 2)
            .map(String::from)
            .collect()
    };
    for page in &pages {
        let roff = std::fs::read_to_string(dir.join(page))
            .unwrap()
            .replace("\\-", "-");
        // every page another page refers to exists
        for word in roff.split_whitespace() {
            if let Some(name) = word.strip_suffix("(1)") {
                assert!(
                    pages.contains(&format!("{name}.1")),
                    "{page} refers to {name}(1)"
                );
            }
        }
        let path: Vec<&str> = page.trim_end_matches(".1").split('-').skip(1).collect();
        let help = Command::new(env!("CARGO_BIN_EXE_advisor"))
            .args(&path)
            .arg("--help")
            .output()
            .unwrap();
        let help = String::from_utf8_lossy(&help.stdout).to_string();
        let missing: Vec<String> = flag(&help)
            .into_iter()
            .filter(|f| !roff.contains(f.as_str()))
            .collect();
        assert!(missing.is_empty(), "{page} lacks {missing:?}");
    }
    let recommend = Command::new(env!("CARGO_BIN_EXE_advisor"))
        .args(["man", "recommend"])
        .output()
        .unwrap();
    let roff = String::from_utf8_lossy(&recommend.stdout).replace("\\-", "-");
    assert!(
        roff.contains("--data-size") && roff.contains("--peak-rps"),
        "{roff}"
    );
    let typo = Command::new(env!("CARGO_BIN_EXE_advisor"))
        .args(["man", "recomend"])
        .output()
        .unwrap();
    assert_eq!(typo.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&typo.stderr).contains("did you mean `recommend`?"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The bash completion script knows the catalog: instance types after `compare`, regions after
/// `--region`, families after `--allow-family`, models after `--model` (run in bash, as a
/// shell would complete them).
#[test]
fn bash_completions_complete_catalog_names() {
    let script =
        std::env::temp_dir().join(format!("advisor-completion-{}.bash", std::process::id()));
    let out = Command::new(env!("CARGO_BIN_EXE_advisor"))
        .args(["completions", "bash"])
        .env_remove("ADVISOR_CATALOG")
        .output()
        .unwrap();
    assert!(out.status.success());
    std::fs::write(&script, &out.stdout).unwrap();
    let complete = |words: &[&str]| -> String {
        let cword = words.len() - 1;
        let cur = words[cword];
        let prev = words[cword - 1];
        let line = format!(
            "source '{}'; COMP_WORDS=({}); COMP_CWORD={cword}; _advisor advisor '{cur}' '{prev}'; echo \"${{COMPREPLY[@]}}\"",
            script.display(),
            words.join(" ")
        );
        let out = Command::new("bash").args(["-c", &line]).output().unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    assert_eq!(complete(&["advisor", "compare", "p3.2x"]), "p3.2xlarge");
    assert_eq!(
        complete(&["advisor", "recommend", "--region", "eu-west"]),
        "eu-west-1 eu-west-2 eu-west-3"
    );
    assert_eq!(
        complete(&["advisor", "recommend", "--allow-family", "g6"]),
        "g6 g6e"
    );
    assert!(complete(&["advisor", "recommend", "--model", "llama-3.1"]).contains("llama-3.1-70b"));
    let _ = std::fs::remove_file(&script);
}
