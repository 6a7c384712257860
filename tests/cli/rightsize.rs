//! `advisor rightsize` (issue 23): the cheapest type that holds the measured peak use with
//! headroom, from flags or a metrics file, and what binds it.

use serde_json::Value;

/// The source material's case as flags: about one of a p3.8xlarge's four V100s busy, 12 GiB of
/// accelerator memory in all.
const ONE_BUSY_V100: [&str; 10] = [
    "p3.8xlarge",
    "--cpu",
    "20%",
    "--mem",
    "20%",
    "--gpu",
    "20%",
    "--gpu-mem",
    "12GiB",
    "--gpu-mem-total",
];

/// [`ONE_BUSY_V100`] and more.
fn with(extra: &[&'static str]) -> Vec<&'static str> {
    let mut args = ONE_BUSY_V100.to_vec();
    args.extend(extra);
    args
}

fn rightsize(args: &[&str]) -> (i32, Value, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_advisor"))
        .arg("rightsize")
        .args(args)
        .args(["--format", "json"])
        .env_remove("ADVISOR_CATALOG")
        .env("ADVISOR_REGION", "")
        .env("ADVISOR_TODAY", "2026-11-25")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    (
        out.status.code().unwrap_or(-1),
        serde_json::from_str(&stdout).unwrap_or(Value::Null),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// The source material's case: a p3.8xlarge ($12.24/h) whose job uses one of its four V100s
/// moves to a p3.2xlarge ($3.06/h), 75% less, about $80,000 a year; the accelerator compute
/// (0.8 of a V100 with 20% headroom, 120 of 125 TFLOPS) is what binds.
#[test]
fn one_busy_v100_of_four_moves_to_a_p3_2xlarge() {
    let (code, doc, err) = rightsize(&with(&["--keep", "accelerator"]));
    assert_eq!(code, 0, "{err}");
    let best = &doc["candidates"][0];
    assert_eq!(best["instance_type"], "p3.2xlarge", "{doc}");
    assert_eq!(doc["saving"]["pct"], 75.0);
    assert_eq!(doc["saving"]["yearly_usd"], 80_416.8);
    // one V100's worth of compute and memory bandwidth, with headroom: 96% of a p3.2xlarge's
    assert_eq!(best["binding_pct"], 96.0);
    assert!(best["risks"]
        .to_string()
        .contains("the work of 4 accelerators on 1"));
    assert_eq!(doc["right_sized"], false);
    // without keeping the V100, a newer GPU that holds the same work is cheaper still
    let (_, any, _) = rightsize(&ONE_BUSY_V100);
    let cheaper = any["candidates"][0]["monthly_usd"].as_f64().unwrap();
    assert!(cheaper <= best["monthly_usd"].as_f64().unwrap(), "{any}");
}

/// A CloudWatch get-metric-data file and a CSV of the same samples give the answer the
/// equivalent flags do (p95 of three samples is the largest; four GPUs averaged, the fullest
/// GPU's memory), and say what they measured over how many days.
#[test]
fn a_metrics_file_gives_the_same_answer_as_the_flags() {
    let flags = rightsize(&with(&["--keep", "accelerator"])).1;
    for file in [
        "tests/fixtures/metrics/p3-8xlarge-one-busy-v100.csv",
        "tests/fixtures/metrics/p3-8xlarge-one-busy-v100.cloudwatch.json",
    ] {
        let (code, doc, err) =
            rightsize(&["p3.8xlarge", "--metrics", file, "--keep", "accelerator"]);
        assert_eq!(code, 0, "{file}: {err}");
        assert_eq!(doc["needs"], flags["needs"], "{file}");
        assert_eq!(doc["candidates"], flags["candidates"], "{file}");
        assert_eq!(doc["observed"]["source"], "metrics");
        assert_eq!(doc["observed"]["stat"], "p95");
        assert_eq!(doc["observed"]["span_days"], 15.0);
        if file.ends_with(".csv") {
            assert!(err.contains("metrics not read: DiskReadOps"), "{err}");
        }
    }
    // fewer than 14 days of samples are said to miss peaks
    let dir = std::env::temp_dir().join(format!("advisor-metrics-{}.csv", std::process::id()));
    std::fs::write(
        &dir,
        "timestamp,metric,value\n2026-11-01T00:00:00Z,CPUUtilization,50\n2026-11-03T00:00:00Z,CPUUtilization,40\n",
    )
    .unwrap();
    let (_, _, err) = rightsize(&["m7i.4xlarge", "--metrics", dir.to_str().unwrap()]);
    assert!(err.contains("the metrics span 2 days, under 14"), "{err}");
    let _ = std::fs::remove_file(&dir);
}

/// A memory-bound job keeps a large-memory type: 100 GiB used on an r6i.4xlarge with little CPU
/// needs 120 GiB, so the cheapest fit has at least that, and memory is what binds it. A type
/// short of a measured need is under-provisioned: the smallest fit costs more, and says so.
#[test]
fn a_memory_bound_job_keeps_its_memory() {
    let (code, doc, err) = rightsize(&["r6i.4xlarge", "--cpu", "10%", "--mem", "100GiB"]);
    assert_eq!(code, 0, "{err}");
    let best = &doc["candidates"][0];
    assert!(best["memory_gib"].as_f64().unwrap() >= 120.0, "{best}");
    assert_eq!(best["binding"], "memory");
    assert!(
        best["risks"]
            .to_string()
            .contains("memory: 120 needed of 128"),
        "{best}"
    );
}

/// The smallest type that fits is the running one: already right-sized, no saving; the table
/// says so.
#[test]
fn the_smallest_fit_is_already_right_sized() {
    let (code, doc, _) = rightsize(&["t3a.nano", "--cpu", "50%", "--mem", "50%"]);
    assert_eq!(code, 0);
    assert_eq!(doc["right_sized"], true, "{doc}");
    assert!(doc["saving"].is_null());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_advisor"))
        .args(["rightsize", "t3a.nano", "--cpu", "50%", "--mem", "50%"])
        .env("ADVISOR_REGION", "")
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("Already right-sized: no type cheaper than t3a.nano"),
        "{table}"
    );
}

/// Bad input: an unknown type (did you mean), a percent over 100 (exit 2), a bad metrics file
/// (exit 3), more memory than the type has, GPU flags on a CPU type, nothing measured; the
/// budget gate exits 5.
#[test]
fn bad_input_and_the_budget_gate() {
    let (code, _, err) = rightsize(&["p3.8xlarg", "--cpu", "20%"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `p3.8xlarge`"), "{err}");
    let (code, _, err) = rightsize(&["p3.8xlarge", "--cpu", "120%"]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid percent `120%`"), "{err}");
    let (code, _, err) = rightsize(&["p3.8xlarge", "--metrics", "Cargo.toml"]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("metrics file `Cargo.toml`"), "{err}");
    for (args, why) in [
        (
            vec!["m5.large", "--mem", "100GiB"],
            "memory 100 GiB measured, but m5.large has 8 GiB",
        ),
        (
            vec!["m5.large", "--gpu", "50%"],
            "m5.large has no accelerators",
        ),
        (vec!["m5.large"], "nothing measured"),
    ] {
        let (code, _, err) = rightsize(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(why), "{err}");
    }
    let (code, doc, err) = rightsize(&with(&["--max-monthly-usd", "100"]));
    assert_eq!(code, 5, "{err}");
    assert!(doc["candidates"].is_array());
    assert!(err.contains("over budget"), "{err}");
}

/// A sustained load is not moved onto a burstable (T) type, which runs at its baseline once its
/// CPU credits are spent, and the assumptions say so; a burstable running type may stay one.
#[test]
fn burstable_types_only_replace_burstable_ones() {
    let (_, doc, _) = rightsize(&["m7i.2xlarge", "--cpu", "10%", "--mem", "10%", "--top", "20"]);
    let names: Vec<&str> = doc["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["instance_type"].as_str().unwrap())
        .collect();
    assert!(!names.is_empty());
    assert!(names.iter().all(|n| !n.starts_with('t')), "{names:?}");
    assert!(doc["assumptions"]
        .to_string()
        .contains("burstable (T) types are left out"));
    let (_, small, _) = rightsize(&["t3.xlarge", "--cpu", "10%", "--mem", "10%"]);
    assert_eq!(small["candidates"][0]["instance_type"], "t3a.small");
}

/// Both types are priced as `recommend` decides: the cheapest pricing model the flags allow at
/// the hours they run. Around the clock a 1-year reservation (p3.2xlarge $1.9278/h, an estimate)
/// is cheaper than on-demand ($3.06/h), so both are reserved and the saving compares like with
/// like; at 100 h a month the reservation still bills 730 h, so on-demand stays; spot needs
/// --interruptible.
#[test]
fn the_pricing_model_is_decided_by_the_cost_at_the_hours() {
    let (_, doc, _) = rightsize(&with(&["--keep", "accelerator", "--commitment", "1yr"]));
    let best = &doc["candidates"][0];
    assert_eq!(best["instance_type"], "p3.2xlarge");
    assert_eq!(best["pricing_model"], "reserved-1yr");
    assert_eq!(best["price_estimated"], true);
    assert_eq!(best["monthly_usd"], 1_407.29);
    assert_eq!(doc["current"]["pricing_model"], "reserved-1yr");
    assert_eq!(
        best["pricing_reason"],
        "reserved-1yr: $1,407.29/month against $2,233.80 on demand"
    );
    assert_eq!(doc["saving"]["pct"], 75.0);

    let (_, part, _) = rightsize(&with(&[
        "--keep",
        "accelerator",
        "--commitment",
        "1yr",
        "--hours-per-month",
        "100",
    ]));
    assert_eq!(part["candidates"][0]["pricing_model"], "on-demand");
    assert_eq!(part["candidates"][0]["monthly_usd"], 306.0);
    assert_eq!(
        part["candidates"][0]["pricing_reason"],
        "on-demand: reserved-1yr bills all 730 h, $1,407.29/month, more than $306.00/month on demand"
    );

    let (_, spot, _) = rightsize(&with(&["--keep", "accelerator", "--interruptible"]));
    assert_eq!(spot["candidates"][0]["pricing_model"], "spot");
    assert_eq!(spot["candidates"][0]["hourly_usd"], 0.3941);
    let (_, plain, _) = rightsize(&with(&["--keep", "accelerator"]));
    assert_eq!(plain["candidates"][0]["pricing_model"], "on-demand");
    assert!(plain["candidates"][0]["pricing_reason"].is_null());
    assert!(plain["assumptions"]
        .to_string()
        .contains("pass --commitment 1yr or 3yr to allow reserved prices"));
}

/// `advisor plan FILE` with the plan text given; (exit code, JSON, stderr).
fn plan(path: &str) -> (i32, Value, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_advisor"))
        .args(["plan", path, "--format", "json"])
        .env_remove("ADVISOR_CATALOG")
        .env("ADVISOR_REGION", "")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// A plan's `[[rightsize]]` entries are answered beside its workloads, with the same answer as
/// `advisor rightsize` (the metrics file read relative to the plan), and the plan's total adds
/// each fleet's cost after right-sizing and says what right-sizing saves.
#[test]
fn a_plan_reports_rightsize_entries_beside_workloads() {
    let (code, doc, err) = plan("tests/fixtures/plans/rightsize.plan.toml");
    assert_eq!(code, 0, "{err}");
    let entries = doc["rightsize"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["name"], "legacy-trainer");
    assert_eq!(entries[0]["outcome"], "ok");
    assert_eq!(entries[0]["candidates"][0]["instance_type"], "p3.2xlarge");
    assert_eq!(entries[0]["saving"]["yearly_usd"], 80_416.8);
    assert_eq!(entries[1]["right_sized"], true);
    // the same answer as the command on the same file
    let (_, alone, _) = rightsize(&[
        "p3.8xlarge",
        "--metrics",
        "tests/fixtures/metrics/p3-8xlarge-one-busy-v100.csv",
        "--keep",
        "accelerator",
    ]);
    assert_eq!(entries[0]["candidates"], alone["candidates"]);
    assert!(err.contains("legacy-trainer: only 3 samples"), "{err}");

    let total = &doc["total"];
    let workload = doc["workloads"][0]["total"]["monthly_usd"]
        .as_f64()
        .unwrap();
    let expected = workload + 2_233.80 + 3.43;
    assert!(
        (total["monthly_usd"].as_f64().unwrap() - expected).abs() < 0.006,
        "{total}"
    );
    assert_eq!(total["rightsize_entries"], 2);
    assert_eq!(total["rightsize_current_monthly_usd"], 8_938.63);
    assert_eq!(total["rightsize_saving_monthly_usd"], 6_701.4);
}

/// Every problem of a `[[rightsize]]` entry is a diagnostic at its place (exit 3), as for a
/// workload: a missing or unknown running type, nothing measured, a bad value, a name used
/// twice; a measurement the running type cannot have points at the entry's name; its own
/// `max-monthly-usd` makes the plan over budget (exit 5).
#[test]
fn bad_rightsize_entries_are_diagnosed_at_their_place() {
    let dir = Scratch::new("rightsize-plan");
    let write = |name: &str, body: &str| dir.file(name, &format!("schema-version = 1\n{body}"));
    let cases = [
        (
            "[[rightsize]]\nname = \"a\"\ncpu = \"20%\"\n",
            "3:8: error[missing-key]: rightsize `a`: missing `instance-type`",
        ),
        (
            "[[rightsize]]\nname = \"a\"\ninstance-type = \"p3.8xlage\"\ncpu = \"20%\"\n",
            "4:17: error[unknown-instance-type]: unknown instance type `p3.8xlage`",
        ),
        (
            "[[rightsize]]\nname = \"a\"\ninstance-type = \"p3.8xlarge\"\n",
            "rightsize `a`: nothing measured; give one of cpu, mem, gpu, gpu-max, gpu-mem, net, metrics",
        ),
        (
            "[[rightsize]]\nname = \"a\"\ninstance-type = \"p3.8xlarge\"\ncpu = \"120%\"\n",
            "5:7: error[invalid-value]: `cpu`: invalid percent `120%`",
        ),
        (
            "[[rightsize]]\nname = \"a\"\ninstance-type = \"p3.8xlarge\"\ncpu = \"20%\"\nkeep = [\"gpu\"]\n",
            "invalid `keep` `gpu`; expected one of efa, nvme, accelerator",
        ),
        (
            "[[workload]]\nname = \"a\"\nworkload = \"exploration\"\ndata-size = \"5GB\"\n\
             [[rightsize]]\nname = \"a\"\ninstance-type = \"p3.8xlarge\"\ncpu = \"20%\"\n",
            "duplicate entry name `a` (first at line 3)",
        ),
        (
            "[[rightsize]]\nname = \"a\"\ninstance-type = \"m7i.large\"\ngpu = \"20%\"\n",
            "3:8: error[invalid-value]: rightsize `a`: m7i.large has no accelerators",
        ),
        (
            "[[rightsize]]\nname = \"a\"\ninstance-type = \"p3.8xlarge\"\nmetrics = \"none.csv\"\n",
            "none.csv: No such file",
        ),
    ];
    for (i, (body, message)) in cases.iter().enumerate() {
        let path = write(&format!("p{i}.toml"), body);
        let (code, _, err) = plan(&path);
        assert_eq!(code, 3, "{body}: {err}");
        assert!(err.contains(message), "{body}\n{err}");
    }
    let path = write(
        "budget.toml",
        "[[rightsize]]\nname = \"a\"\ninstance-type = \"p3.8xlarge\"\ncpu = \"20%\"\n\
         mem = \"20%\"\ngpu = \"20%\"\ngpu-mem = \"12GiB\"\ngpu-mem-total = true\n\
         keep = [\"accelerator\"]\nmax-monthly-usd = 1000\n",
    );
    let (code, doc, err) = plan(&path);
    assert_eq!(code, 5, "{err}");
    assert_eq!(doc["outcome"], "over-budget");
    assert_eq!(doc["rightsize"][0]["outcome"], "over-budget");
    assert!(
        err.contains("a: over budget: p3.2xlarge costs $2,233.80/month > max-monthly-usd $1,000"),
        "{err}"
    );
}

/// The instance types of a rightsize document's candidates, cheapest first.
fn names(doc: &Value) -> Vec<String> {
    doc["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["instance_type"].as_str().unwrap().to_string())
        .collect()
}

/// A scratch directory under the system's temporary one, removed when dropped.
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("advisor-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    /// Writes `body` to `name` in the directory; its path.
    fn file(&self, name: &str, body: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, body).unwrap();
        path.display().to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `rightsize` with `args` exits `code` and says `text` on stderr; its document.
fn expect(args: &[&str], code: i32, text: &str) -> Value {
    let (got, doc, err) = rightsize(args);
    assert_eq!(got, code, "{args:?}: {err}");
    assert!(err.contains(text), "{args:?}: {err}");
    doc
}

/// An average hides where the work runs: 20% over four V100s may be one V100 at 80%. Without
/// the busiest accelerator measured, it is taken to do all the work (the average times the
/// count, at most 100%), so a T4 (65 dense TFLOPS, 320 GB/s) never replaces that V100 (125,
/// 900). Measured (`--gpu-max`, or a file's busiest row), work spread over four at 25% each
/// fits four T4s; the source file's busiest V100 (80%) still needs a V100's worth.
#[test]
fn each_accelerator_must_do_what_the_busiest_one_does() {
    let base = ["p3.8xlarge", "--cpu", "20%", "--mem", "20%", "--gpu", "20%"];
    let (_, avg, _) = rightsize(&[&base[..], &["--top", "20"]].concat());
    let avg_names = names(&avg);
    assert!(
        avg_names
            .iter()
            .all(|n| !n.starts_with("g4dn") && !n.starts_with("g6.")),
        "{avg_names:?}"
    );
    assert_eq!(avg["needs"]["accelerator_tflops_each"], 120.0);
    assert!(avg["assumptions"]
        .to_string()
        .contains("the busiest accelerator is not measured: taken to do all the work, 80% of one"));

    let (_, spread, _) = rightsize(&[&base[..], &["--gpu-max", "25%"]].concat());
    assert_eq!(spread["candidates"][0]["instance_type"], "g4dn.12xlarge");
    assert_eq!(spread["needs"]["accelerator_tflops_each"], 37.5);
    assert_eq!(
        spread["needs"]["accelerator_bandwidth_each_gb_per_s"],
        270.0
    );

    let (_, file, _) = rightsize(&[
        "p3.8xlarge",
        "--metrics",
        "tests/fixtures/metrics/p3-8xlarge-one-busy-v100.csv",
    ]);
    assert_eq!(file["observed"]["accelerator_max_pct"], 80.0);
    assert!(
        !names(&file).iter().any(|n| n.starts_with("g4dn")),
        "{file}"
    );

    expect(
        &[&base[..], &["--gpu-max", "10%"]].concat(),
        2,
        "--gpu-max 10% is below the average --gpu 20%",
    );
}

/// A running type that holds its measured use is never called under-provisioned because the
/// headroom would pass its capacity: the need stops at what it has and the assumptions say so
/// (20 GiB on a 22.35 GiB A10G). A total measured over several accelerators is not put on one
/// with the headroom either. A saturated resource (CPU at 100%) is short, and the smallest
/// fit is offered.
#[test]
fn headroom_never_turns_a_coping_type_into_a_short_one() {
    let (_, doc, _) = rightsize(&[
        "g5.12xlarge",
        "--cpu",
        "10%",
        "--mem",
        "15%",
        "--gpu",
        "25%",
        "--gpu-mem",
        "20GiB",
    ]);
    assert_eq!(doc["under_provisioned"], false, "{doc}");
    assert_eq!(doc["needs"]["accelerator_memory_gib"], 22.35);
    assert!(doc["assumptions"]
        .to_string()
        .contains("no room for the headroom on accelerator memory"));
    let (_, total, _) = rightsize(&[
        "g5.12xlarge",
        "--cpu",
        "10%",
        "--mem",
        "15%",
        "--gpu",
        "25%",
        "--gpu-mem",
        "20GiB",
        "--gpu-mem-total",
    ]);
    assert_eq!(total["under_provisioned"], false, "{total}");
    assert_eq!(total["needs"]["accelerator_memory_total_gib"], 24.0);

    let (_, busy, _) = rightsize(&["m5.4xlarge", "--cpu", "100%", "--mem", "20%"]);
    assert_eq!(busy["under_provisioned"], true);
    assert_eq!(busy["needs"]["vcpus"], 19.2);
    assert!(busy["current"]["risks"]
        .to_string()
        .contains("vcpus: 19.2 needed of 16 (120%, short)"));
}

/// A move that changes more than capacity says what: an older GPU generation (compute
/// capability, bf16), another architecture (the memory-bound r5.8xlarge onto a Graviton x2gd
/// with `--allow-arm`), spot's interruption band.
#[test]
fn a_move_names_what_it_changes() {
    let (_, doc, _) = rightsize(&[
        "g5.48xlarge",
        "--cpu",
        "5%",
        "--mem",
        "5%",
        "--gpu",
        "10%",
        "--gpu-mem",
        "15GiB",
        "--interruptible",
    ]);
    let best = &doc["candidates"][0];
    assert_eq!(best["instance_type"], "p3dn.24xlarge", "{doc}");
    let risks = best["risks"].to_string();
    assert!(
        risks.contains("V100 is compute capability 7.0, below A10G's 8.6")
            && risks.contains("no bf16 (needs 8.0)")
            && risks.contains("spot: frequency of interruption >20% in us-east-1"),
        "{risks}"
    );
    let (_, arm, _) = rightsize(&[
        "r5.8xlarge",
        "--cpu",
        "10%",
        "--mem",
        "200GiB",
        "--allow-arm",
    ]);
    let arm_best = &arm["candidates"][0];
    assert_eq!(arm_best["instance_type"], "x2gd.4xlarge", "{arm}");
    assert!(arm_best["risks"]
        .to_string()
        .contains("arm64: code, libraries and container images need arm64 builds"));
    assert!(!arm["current"]["risks"].to_string().contains("arm64"));
}

/// A plan's right-sizing total is net: a saturated fleet that must grow (m5.4xlarge at 100% CPU
/// → c6a.8xlarge, $893.52 against $560.64) counts against one that shrinks (m5.4xlarge at 10%
/// → m6a.large, $63.07): $1,121.28 → $956.59, $164.69 saved; alone, the growing fleet costs
/// $332.88 more. A plan of fleets only says what it covers.
#[test]
fn a_plan_right_sizing_total_is_net() {
    let dir = Scratch::new("rightsize-net");
    let busy = "[[rightsize]]\nname = \"busy\"\ninstance-type = \"m5.4xlarge\"\ncpu = \"100%\"\nmem = \"20%\"\n";
    let idle = "[[rightsize]]\nname = \"idle\"\ninstance-type = \"m5.4xlarge\"\ncpu = \"10%\"\nmem = \"10%\"\n";
    let both = dir.file("net.toml", &format!("schema-version = 1\n{busy}{idle}"));
    let (code, doc, err) = plan(&both);
    assert_eq!(code, 0, "{err}");
    let t = &doc["total"];
    assert_eq!(t["rightsize_current_monthly_usd"], 1_121.28);
    assert_eq!(t["rightsize_monthly_usd"], 956.59);
    assert_eq!(t["rightsize_saving_monthly_usd"], 164.69);
    assert_eq!(t["monthly_usd"], 956.59);
    assert_eq!(doc["rightsize"][0]["verdict"], "under-provisioned");
    assert_eq!(
        doc["rightsize"][0]["candidates"][0]["monthly_saving_usd"],
        -332.88
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_advisor"))
        .args(["plan", &both])
        .env_remove("ADVISOR_CATALOG")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("covers 2 right-sized fleet(s)"), "{text}");
    assert!(
        text.contains("$1,121.28/month → $956.59/month, saving $164.69/month"),
        "{text}"
    );
    assert!(text.contains("$332.88 more"), "{text}");

    let alone = dir.file("busy.toml", &format!("schema-version = 1\n{busy}"));
    let (_, doc, _) = plan(&alone);
    assert_eq!(doc["total"]["rightsize_saving_monthly_usd"], -332.88);
}

/// A running type short of a need that no priced type meets is "nothing fits" (exit 4), alone
/// and in a plan, never "already right-sized".
#[test]
fn nothing_fits_is_said_and_exits_4() {
    let doc = expect(
        &["m5.large", "--net", "1000Gbps"],
        4,
        "nothing fits: m5.large is short of its network",
    );
    assert_eq!(doc["verdict"], "nothing-fits");
    assert_eq!(doc["right_sized"], false);
    let dir = Scratch::new("rightsize-none");
    let path = dir.file(
        "none.toml",
        "schema-version = 1\n[[rightsize]]\nname = \"x\"\ninstance-type = \"m5.large\"\nnet = \"1000Gbps\"\n",
    );
    let (code, doc, _) = plan(&path);
    assert_eq!(code, 4);
    assert_eq!(doc["outcome"], "nothing-fits");
    assert_eq!(doc["rightsize"][0]["outcome"], "nothing-fits");
}

/// A running accelerator the catalog has no TFLOPS or bandwidth for (B200) is compared only
/// with its own model, and the assumptions say so; a metrics file with one GPU series (already
/// an average) does not stand for the busiest GPU; counts past the sanity limit warn and past
/// what advisor prices are refused.
#[test]
fn gaps_in_what_is_known_are_said() {
    let (_, doc, _) = rightsize(&[
        "p6-b200.48xlarge",
        "--cpu",
        "20%",
        "--mem",
        "20%",
        "--gpu",
        "30%",
        "--gpu-max",
        "40%",
        "--gpu-mem",
        "30GiB",
    ]);
    assert_eq!(doc["needs"]["accelerator_model"], "b200", "{doc}");
    assert!(doc["assumptions"]
        .to_string()
        .contains("the catalog has no dense TFLOPS or memory bandwidth for B200"));

    let dir = Scratch::new("rightsize-one");
    let mut text = String::from("timestamp,metric,value\n");
    for day in 1..=15 {
        for hour in [0, 12] {
            text.push_str(&format!(
                "2026-11-{day:02}T{hour:02}:00:00Z,nvidia_smi_utilization_gpu,20\n"
            ));
        }
    }
    let csv = dir.file("one-series.csv", &text);
    let (_, doc, err) = rightsize(&["p3.8xlarge", "--metrics", &csv]);
    assert!(doc["observed"]["accelerator_max_pct"].is_null(), "{doc}");
    assert_eq!(doc["needs"]["accelerator_tflops_each"], 120.0);
    assert!(
        err.contains("1 series at a timestamp but p3.8xlarge has 4")
            && err.contains("the busiest one is taken to do all the work"),
        "{err}"
    );

    expect(
        &["m5.large", "--cpu", "10%", "--count", "2000000"],
        2,
        "--count 2000000: at most 1,000,000 instances",
    );
    expect(
        &["m5.large", "--cpu", "10%", "--count", "2000"],
        0,
        "2000 instances, beyond 1000 (a sanity limit)",
    );
}

/// Every `[[rightsize]]` entry the catalog cannot answer is reported, not only the first; `stat`
/// without `metrics` is a key that does not apply.
#[test]
fn a_plan_reports_every_bad_rightsize_entry() {
    let dir = Scratch::new("rightsize-bad2");
    let path = dir.file(
        "bad.toml",
        "schema-version = 1\n\
         [[rightsize]]\nname = \"a\"\ninstance-type = \"m7i.large\"\ngpu = \"20%\"\n\
         [[rightsize]]\nname = \"b\"\ninstance-type = \"m7i.large\"\nmem = \"400GiB\"\n",
    );
    let (code, _, err) = plan(&path);
    assert_eq!(code, 3);
    assert!(
        err.contains("rightsize `a`: m7i.large has no accelerators"),
        "{err}"
    );
    assert!(
        err.contains("rightsize `b`: memory 400 GiB measured"),
        "{err}"
    );
    let path = dir.file(
        "stat.toml",
        "schema-version = 1\n[[rightsize]]\nname = \"a\"\ninstance-type = \"m7i.large\"\ncpu = \"20%\"\nstat = \"max\"\n",
    );
    let (code, _, err) = plan(&path);
    assert_eq!(code, 3);
    assert!(
        err.contains("`stat` summarises a `metrics` file, and there is none"),
        "{err}"
    );
}

/// README's Right-size example prints the Best line README shows
/// (tests/cmd/rightsize-readme.toml runs the command).
#[test]
fn the_readme_example_is_what_the_command_prints() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let out = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/cmd/rightsize-readme.stdout"
    ))
    .unwrap();
    let best = out.lines().find(|l| l.starts_with("Best: ")).unwrap();
    assert!(readme.contains(best), "README lacks: {best}");
    assert!(readme.contains(
        "advisor rightsize p3.8xlarge --cpu 20% --mem 20% --gpu 20% --gpu-mem 12GiB --gpu-mem-total --keep accelerator"
    ));
}
