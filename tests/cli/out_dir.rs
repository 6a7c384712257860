//! `catalog import --out`: it writes only what it owns. Every case runs the real binary in a
//! scratch directory holding a user's other files, then compares the whole tree: nothing outside
//! the catalog directory is ever removed or changed, an old catalog survives every failure, and
//! no temporary directory is left behind (docs/errors.md, "Writing a catalog").

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FIXTURE: &str = "tests/fixtures/catalogs/good.toml";
const OFFER: &str = "tests/fixtures/offers/us-east-1.json";

/// A scratch directory with a user's files: `offer.json`, `notes/todo.txt`.
struct Scratch {
    root: PathBuf,
    locked: Vec<PathBuf>,
}

impl Scratch {
    fn new(name: &str) -> Scratch {
        let root = std::env::temp_dir().join(format!("advisor-out-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("notes")).unwrap();
        std::fs::write(root.join("notes/todo.txt"), "buy milk\n").unwrap();
        std::fs::copy(OFFER, root.join("offer.json")).unwrap();
        Scratch {
            root,
            locked: Vec::new(),
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Write a small valid catalog directory at `rel` (through advisor itself).
    fn catalog(&self, rel: &str) -> PathBuf {
        self.write_catalog(rel, &["--catalog", &abs(FIXTURE)])
    }

    /// Write the embedded catalog as a directory at `rel`.
    fn builtin_catalog(&self, rel: &str) -> PathBuf {
        self.write_catalog(rel, &[])
    }

    fn write_catalog(&self, rel: &str, catalog: &[&str]) -> PathBuf {
        let out = self.path(rel);
        let o = advisor(
            &self.root,
            &[
                catalog,
                &["catalog", "import", "--out", out.to_str().unwrap()],
            ]
            .concat(),
            &[],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        out
    }

    /// Every file and directory below the root: relative path → contents (`<dir>` for one).
    fn tree(&self) -> BTreeMap<String, Vec<u8>> {
        fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                let rel = p.strip_prefix(root).unwrap().display().to_string();
                let meta = std::fs::symlink_metadata(&p).unwrap();
                if meta.is_dir() {
                    out.insert(rel, b"<dir>".to_vec());
                    walk(root, &p, out);
                } else if meta.file_type().is_symlink() {
                    out.insert(rel, b"<link>".to_vec());
                } else {
                    out.insert(rel, std::fs::read(&p).unwrap());
                }
            }
        }
        let mut out = BTreeMap::new();
        walk(&self.root, &self.root, &mut out);
        out
    }

    /// Make `dir` refuse new entries, renames and removals, for root too: mode 0555 where
    /// that is enough, else the immutable attribute. Undone when the scratch is dropped.
    fn lock(&mut self, dir: &Path) {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        self.locked.push(dir.to_path_buf());
        if writable(dir) {
            let ok = Command::new("chattr")
                .arg("+i")
                .arg(dir)
                .status()
                .is_ok_and(|s| s.success());
            assert!(
                ok && !writable(dir),
                "cannot make `{}` read-only here: neither mode 0555 nor chattr +i holds",
                dir.display()
            );
        }
    }
}

/// Whether a file can be created in `dir` (and removes it again).
fn writable(dir: &Path) -> bool {
    let probe = dir.join(".probe");
    let ok = std::fs::write(&probe, "").is_ok();
    let _ = std::fs::remove_file(&probe);
    ok
}

impl Drop for Scratch {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        for dir in &self.locked {
            let _ = Command::new("chattr").arg("-i").arg(dir).status();
            let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755));
        }
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn abs(rel: &str) -> String {
    std::fs::canonicalize(rel).unwrap().display().to_string()
}

fn advisor(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_advisor"));
    cmd.current_dir(cwd)
        .args(args)
        .env_remove("ADVISOR_CATALOG")
        .env("ADVISOR_REGION", "")
        .env_remove("ADVISOR_FAILPOINT")
        .env("ADVISOR_TODAY", "2026-11-25");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

/// `advisor catalog import --aws-offer <fixture> ARGS` run in `cwd`.
fn import(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let offer = abs(OFFER);
    advisor(
        cwd,
        &[&["catalog", "import", "--aws-offer", &offer], args].concat(),
        env,
    )
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Hidden temporary directories of an import (`.NAME.advisor-new-PID`, `…-old-…`).
fn leftovers(s: &Scratch) -> Vec<String> {
    s.tree()
        .into_keys()
        .filter(|k| k.contains(".advisor-"))
        .collect()
}

/// The refusal cases: exit 2, one line naming the path and why, and nothing changed.
fn refused(s: &Scratch, cwd: &Path, out: &str, extra: &[&str], env: &[(&str, &str)], why: &str) {
    let before = s.tree();
    let o = import(cwd, &[&["--out", out, "--force"], extra].concat(), env);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "--out {out}: {err}");
    assert!(err.contains(why), "--out {out}: expected `{why}` in {err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(o.stdout.is_empty());
    assert_eq!(
        s.tree(),
        before,
        "--out {out} changed the scratch directory"
    );
}

#[test]
fn the_working_directory_its_parents_root_and_home_are_refused_even_with_force() {
    let s = Scratch::new("special");
    let notes = s.path("notes");
    refused(
        &s,
        &s.root,
        ".",
        &[],
        &[],
        "names the current or the parent",
    );
    refused(
        &s,
        &notes,
        "..",
        &[],
        &[],
        "names the current or the parent",
    );
    refused(&s, &s.root, "/", &[], &[], "root directory");
    let root = s.root.to_str().unwrap().to_string();
    refused(
        &s,
        &notes,
        &root,
        &[],
        &[],
        "working directory or one of its parents",
    );
    refused(
        &s,
        &s.root,
        &root,
        &[],
        &[],
        "working directory or one of its parents",
    );
    // a home directory that even looks like a catalog
    let home = s.catalog("home");
    let home = home.to_str().unwrap();
    refused(&s, &s.root, home, &[], &[("HOME", home)], "home directory");
}

#[test]
fn a_directory_holding_an_input_of_the_import_is_refused() {
    let s = Scratch::new("inputs");
    let cat = s.catalog("cat");
    let cat = cat.to_str().unwrap();
    // the catalog being updated, given as --catalog
    let before = s.tree();
    let o = import(
        &s.root,
        &["--out", cat, "--force"],
        &[("ADVISOR_CATALOG", cat)],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("an input of this import"),
        "{}",
        stderr(&o)
    );
    assert_eq!(s.tree(), before);
    // the offer file itself (from a working directory outside the scratch one)
    let offer = s.path("offer.json");
    let before = s.tree();
    let o = advisor(
        &std::env::temp_dir(),
        &[
            "catalog",
            "import",
            "--aws-offer",
            offer.to_str().unwrap(),
            "--out",
            s.root.to_str().unwrap(),
            "--force",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("an input of this import"),
        "{}",
        stderr(&o)
    );
    assert_eq!(s.tree(), before);
}

#[test]
fn anything_but_a_new_path_an_empty_directory_or_a_catalog_is_refused() {
    let s = Scratch::new("kinds");
    refused(
        &s,
        &s.root,
        "notes",
        &[],
        &[],
        "not an advisor catalog directory",
    );
    refused(&s, &s.root, "notes/todo.txt", &[], &[], "is a file");
    refused(&s, &s.root, "offer.json", &[], &[], "is a file");
    // a catalog with a stranger in it is not a catalog any more
    let cat = s.catalog("cat");
    std::fs::write(cat.join("README.txt"), "mine").unwrap();
    refused(
        &s,
        &s.root,
        "cat",
        &[],
        &[],
        "`README.txt`, which is not a catalog file",
    );
    // a directory of .toml files that is not a catalog
    std::fs::create_dir(s.path("configs")).unwrap();
    std::fs::write(s.path("configs/catalog.toml"), "title = \"mine\"\n").unwrap();
    refused(
        &s,
        &s.root,
        "configs",
        &[],
        &[],
        "no `catalog.toml` with `schema-version`",
    );
    // a link to a catalog
    let real = s.catalog("real");
    std::os::unix::fs::symlink(&real, s.path("link")).unwrap();
    refused(&s, &s.root, "link", &[], &[], "symbolic link");
    // a trailing slash or `.` names the same thing
    refused(&s, &s.root, "link/", &[], &[], "symbolic link");
    refused(&s, &s.root, "notes/todo.txt/", &[], &[], "is a file");
    refused(
        &s,
        &s.root,
        "notes/.",
        &[],
        &[],
        "not an advisor catalog directory",
    );
}

#[test]
fn a_trailing_slash_or_dot_replaces_the_catalog_it_names() {
    let s = Scratch::new("trailing");
    s.catalog("cat");
    for out in ["cat/", "./cat/."] {
        let o = import(&s.root, &["--out", out, "--force"], &[]);
        assert!(o.status.success(), "{out}: {}", stderr(&o));
        assert!(leftovers(&s).is_empty(), "{:?}", leftovers(&s));
    }
    let prices = std::fs::read_to_string(s.path("cat/prices.toml")).unwrap();
    assert!(prices.contains("aws-price-list-2026-11-01"));
}

#[test]
fn the_price_that_stays_is_the_one_in_the_written_catalog() {
    // the first file prices p3.2xlarge at $3.50; the second's NaN for it is skipped
    let s = Scratch::new("kept");
    let bad = abs("tests/fixtures/offers/bad-prices.json");
    let o = import(&s.root, &["--aws-offer", &bad, "--out", "cat"], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("`NaN` is not a number; $3.50/h stays"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_existing_catalog_or_empty_directory_needs_force_and_is_replaced_whole() {
    let s = Scratch::new("force");
    s.catalog("cat");
    std::fs::create_dir(s.path("empty")).unwrap();
    for dir in ["cat", "empty"] {
        let before = s.tree();
        let o = import(&s.root, &["--out", dir], &[]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("pass --force"), "{}", stderr(&o));
        assert_eq!(s.tree(), before);

        let o = import(&s.root, &["--out", dir, "--force"], &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        let after = s.tree();
        // the new catalog has the offer's price; nothing outside it changed; no leftovers
        let prices = String::from_utf8(after[&format!("{dir}/prices.toml")].clone()).unwrap();
        assert!(prices.contains("aws-price-list-2026-11-01"), "{prices}");
        let outside = |t: &BTreeMap<String, Vec<u8>>| {
            t.iter()
                .filter(|(k, _)| !k.starts_with(&format!("{dir}/")))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(outside(&after), outside(&before));
        assert!(leftovers(&s).is_empty(), "{:?}", leftovers(&s));
    }
}

/// A failing import: exit 1, "cannot write" naming the path given (never a temporary name),
/// the scratch directory exactly as it was, no temporary directory left.
fn fails_cleanly(s: &Scratch, out: &str, env: &[(&str, &str)], why: &str) {
    let before = s.tree();
    let o = import(&s.root, &["--out", out, "--force"], env);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "--out {out}: {err}");
    assert!(
        err.starts_with(&format!("error: cannot write `{out}`: ")),
        "--out {out}: {err}"
    );
    assert!(err.contains(why), "--out {out}: expected `{why}` in {err}");
    assert!(!err.contains(".advisor-"), "a temporary name leaked: {err}");
    assert_eq!(
        s.tree(),
        before,
        "--out {out} changed the scratch directory"
    );
    assert!(leftovers(s).is_empty(), "{:?}", leftovers(s));
}

#[test]
fn output_failures_exit_1_and_change_nothing() {
    let s = Scratch::new("fail");
    // a missing parent, a file in the way
    fails_cleanly(&s, "missing/cat", &[], "No such file or directory");
    fails_cleanly(
        &s,
        "notes/todo.txt/cat",
        &[],
        "`notes/todo.txt` is a file, not a directory",
    );
    // a name too long for the temporary sibling, new and existing
    let long = "c".repeat(245);
    fails_cleanly(&s, &long, &[], "too long");
    std::fs::create_dir(s.path(&long)).unwrap();
    for f in std::fs::read_dir(s.catalog("small")).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, s.path(&long).join(f.file_name().unwrap())).unwrap();
    }
    fails_cleanly(&s, &long, &[], "too long");
}

#[test]
fn a_read_only_parent_or_catalog_leaves_the_old_catalog() {
    let mut s = Scratch::new("readonly");
    std::fs::create_dir(s.path("ro")).unwrap();
    s.catalog("ro/cat");
    let ro = s.path("ro");
    s.lock(&ro);
    fails_cleanly(&s, "ro/cat", &[], "");
    // a catalog directory that cannot be moved or emptied, in a writable parent
    let mut s = Scratch::new("readonly-cat");
    let cat = s.catalog("cat");
    s.lock(&cat);
    let before = s.tree();
    let o = import(&s.root, &["--out", "cat", "--force"], &[]);
    if o.status.success() {
        // mode 0555 lets the directory be renamed but not emptied: the new catalog is in
        // place and the old one's leftover is named
        assert!(
            stderr(&o).contains("could not be removed"),
            "{}",
            stderr(&o)
        );
        assert!(stderr(&o).contains("delete it by hand"), "{}", stderr(&o));
    } else {
        // immutable: nothing moved
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(stderr(&o).contains("the old catalog"), "{}", stderr(&o));
        assert_eq!(s.tree(), before);
        assert!(leftovers(&s).is_empty());
    }
}

#[test]
fn a_failure_at_every_step_of_the_swap_leaves_the_old_catalog() {
    let s = Scratch::new("steps");
    s.catalog("cat");
    for step in ["write", "move-old", "move-new"] {
        fails_cleanly(
            &s,
            "cat",
            &[("ADVISOR_FAILPOINT", step)],
            "injected failure",
        );
    }
    // failing to remove the old one after the swap: the new catalog stands, the old one's
    // place is named so it can be deleted
    let o = import(
        &s.root,
        &["--out", "cat", "--force"],
        &[("ADVISOR_FAILPOINT", "remove-old")],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("could not be removed"), "{err}");
    let left = leftovers(&s);
    let files = std::fs::read_dir(s.path("cat")).unwrap().count();
    assert_eq!(
        left.len(),
        1 + files,
        "the old catalog and its files: {left:?}"
    );
    assert!(left[0].starts_with(".cat.advisor-old-"), "{left:?}");
    assert!(err.contains(&left[0]), "{err}");
}

#[test]
fn bad_offer_prices_are_counted_named_and_strict_makes_them_an_error() {
    let s = Scratch::new("bad-prices");
    let bad = abs("tests/fixtures/offers/bad-prices.json");
    let run = |extra: &[&str]| {
        advisor(
            &s.root,
            &[
                &["catalog", "import", "--aws-offer", &bad, "--format", "json"],
                extra,
            ]
            .concat(),
            &[],
        )
    };
    let o = run(&["--out", "cat"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["prices_skipped"], 8);
    assert_eq!(doc["offers"][0]["prices_skipped"], 8);
    let problems: Vec<(String, String)> = doc["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["sku"].as_str().unwrap().to_string(),
                x["problem"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for (sku, problem) in [
        (
            "SKUUPPER",
            "instance name `P3.2XLARGE` is not `family.size`",
        ),
        ("SKUNAN", "`NaN` is not a number"),
        ("SKUNEG", "`-12.2400000000` is negative"),
        ("SKUZERO", "`0.0000000000` is zero"),
        ("SKUEMPTY", "the price is empty"),
        ("SKUTEXT", "`about 1.2` is not a number"),
        ("SKUGOOD", "`-1.0000000000` is negative"),
        (
            "SKUREGION",
            "region code `US-EAST-1` is not an AWS region code",
        ),
    ] {
        assert!(
            problems
                .iter()
                .any(|(s, p)| s == sku && p.starts_with(problem)),
            "{sku}: {problems:?}"
        );
    }
    // the warning: on stderr, one line, the count, the first three SKUs and the price kept
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("warning: skipped 8 bad price(s)"), "{err}");
    assert!(
        err.contains("SKU SKUNAN (p3.2xlarge, us-east-1, on-demand)"),
        "{err}"
    );
    assert!(
        err.contains("`NaN` is not a number; $3.06/h stays"),
        "{err}"
    );
    assert!(err.contains("and 5 more"), "{err}");
    // the good price landed, the bad ones did not replace the catalog's
    let c = advisor::catalog::load(&advisor::CatalogSource::Path(s.path("cat"))).unwrap();
    let od = |t: &str| {
        c.instance(t)
            .unwrap()
            .price("us-east-1")
            .unwrap()
            .on_demand
            .usd
    };
    assert_eq!(od("g4dn.xlarge").to_string(), "0.60");
    assert_eq!(od("p3.2xlarge").to_string(), "3.06");
    assert_eq!(od("p3.16xlarge").to_string(), "24.48");

    // --strict: exit 3, every bad price listed, nothing written
    let before = s.tree();
    let o = run(&["--out", "strict", "--strict"]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let err = stderr(&o);
    assert_eq!(err.matches("error[bad-offer-price]").count(), 6, "{err}");
    assert_eq!(err.matches("error[bad-instance-name]").count(), 1, "{err}");
    assert_eq!(err.matches("error[bad-offer-region]").count(), 1, "{err}");
    assert_eq!(s.tree(), before);
    assert!(leftovers(&s).is_empty());
}

#[test]
fn stdout_holds_only_the_report_and_warnings_go_to_stderr_in_every_format() {
    let s = Scratch::new("streams");
    // a catalog whose prices.toml lost all but its first table: many unpriced types
    let cat = s.builtin_catalog("cat");
    let prices = std::fs::read_to_string(cat.join("prices.toml")).unwrap();
    let mut tables = prices.split("\n[[price-table]]");
    let head = tables.next().unwrap();
    let first = tables.next().unwrap();
    std::fs::write(
        cat.join("prices.toml"),
        format!("{head}\n[[price-table]]{first}"),
    )
    .unwrap();
    let cat = cat.to_str().unwrap();
    let unpriced = advisor(
        &s.root,
        &["catalog", "validate", cat, "--format", "json"],
        &[],
    );
    let doc: serde_json::Value = serde_json::from_slice(&unpriced.stdout).unwrap();
    // the unpriced types (validate also reports the regions without the preferred families,
    // which only `catalog validate` checks)
    let warnings = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "unpriced-instance-type")
        .count();
    assert!(warnings > 3, "{doc}");

    for format in ["table", "json", "markdown", "csv"] {
        // a date far past the catalog's: the staleness warning too
        let o = advisor(
            &s.root,
            &["--catalog", cat, "catalog", "list", "--format", format],
            &[("ADVISOR_TODAY", "2030-01-01")],
        );
        assert!(o.status.success(), "{format}: {}", stderr(&o));
        let out = String::from_utf8(o.stdout.clone()).unwrap();
        let err = stderr(&o);
        if format == "json" {
            let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert_eq!(
                doc["warnings"].as_array().unwrap().len(),
                3 + 1 + 1,
                "{doc}"
            );
        } else {
            assert!(!out.contains("warning"), "{format}: {out}");
        }
        // three of the kind in full, one line counting the rest, the staleness line
        assert_eq!(
            err.matches("warning[unpriced-instance-type]").count(),
            3,
            "{format}: {err}"
        );
        assert!(
            err.contains(&format!(
                "warning: {} more [unpriced-instance-type] like the above",
                warnings - 3
            )),
            "{format}: {err}"
        );
        assert!(err.contains("prices may have moved"), "{format}: {err}");
        assert_eq!(err.lines().count(), 5, "{format}: {err}");
        assert!(!err.contains("warning: warning"), "{format}: {err}");
    }
}

#[test]
fn non_utf8_catalog_and_plan_files_are_named_with_line_and_column() {
    let s = Scratch::new("utf8");
    std::fs::write(
        s.path("bad.toml"),
        b"schema-version = 1\n# caf\xe9 is Latin-1\n",
    )
    .unwrap();
    let o = advisor(&s.root, &["--catalog", "bad.toml", "catalog", "list"], &[]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("bad.toml:2:6: error[not-utf8]"),
        "{}",
        stderr(&o)
    );
    std::fs::write(
        s.path("bad.plan.toml"),
        b"schema-version = 1\n\n[[workload]]\nname = \"na\xefve\"\n",
    )
    .unwrap();
    let o = advisor(&s.root, &["plan", "bad.plan.toml"], &[]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("bad.plan.toml:4:11: error[not-utf8]"),
        "{}",
        stderr(&o)
    );
}
