//! Property tests: the parsers and loaders never panic and reject garbage with a diagnostic;
//! the engine's answers always satisfy the workload's hard constraints.

use advisor::catalog::load_texts;
use advisor::workload::{Commitment, Method, RawWorkload, Schedule, Traffic, WorkloadKind};
use advisor::{units, Catalog, Error};
use proptest::prelude::*;

const GOOD: &str = include_str!("../fixtures/catalogs/good.toml");
const PLAN: &str = include_str!("../../examples/ml-platform.plan.toml");

fn builtin() -> &'static Catalog {
    use std::sync::OnceLock;
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::builtin().unwrap())
}

const SIZE_UNITS: &[(&str, u64)] = &[
    ("B", 1),
    ("KB", 1_000),
    ("MB", 1_000_000),
    ("GB", 1_000_000_000),
    ("TB", 1_000_000_000_000),
    ("KiB", 1 << 10),
    ("MiB", 1 << 20),
    ("GiB", 1 << 30),
    ("TiB", 1 << 40),
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn parsers_never_panic_on_any_text(s in "\\PC{0,24}") {
        let _ = units::parse_size(&s);
        let _ = units::parse_count(&s);
        let _ = units::parse_positive(&s);
        let _ = units::parse_usd(&s);
        let _ = units::parse_hours_per_month(&s);
        let _ = units::parse_whole(&s);
    }

    #[test]
    fn sizes_round_trip(n in 1u64..1_000_000, unit in 0usize..9, lower in any::<bool>(), space in any::<bool>()) {
        let (name, mult) = SIZE_UNITS[unit];
        let name = if lower { name.to_lowercase() } else { name.to_string() };
        let text = format!("{n}{}{name}", if space { " " } else { "" });
        prop_assert_eq!(units::parse_size(&text), Ok(n * mult));
    }

    #[test]
    fn decimal_sizes_are_exact(whole in 0u64..10_000, frac in 0u64..1000) {
        // n.fff TB = (n * 1000 + fff) GB exactly
        prop_assume!(whole > 0 || frac > 0);
        let text = format!("{whole}.{frac:03}TB");
        prop_assert_eq!(units::parse_size(&text), Ok((whole * 1000 + frac) * 1_000_000_000));
    }

    #[test]
    fn counts_round_trip(n in 1u64..1_000_000, suffix in 0usize..5) {
        let (s, mult) = [("", 1u64), ("K", 1_000), ("M", 1_000_000), ("B", 1_000_000_000), ("T", 1_000_000_000_000)][suffix];
        prop_assert_eq!(units::parse_count(&format!("{n}{s}")), Ok(n * mult));
    }

    #[test]
    fn money_round_trips_to_the_cent(cents in 1u64..100_000_000_000) {
        let text = format!("{}.{:02}", cents / 100, cents % 100);
        let usd = units::parse_usd(&text).unwrap();
        prop_assert_eq!(usd.micros(), cents as i64 * 10_000);
        prop_assert_eq!(usd.cents(), cents as f64 / 100.0);
    }

    #[test]
    fn garbage_is_rejected_with_the_value_named(s in "[^0-9.]{1,12}") {
        let e = units::parse_size(&s).unwrap_err().to_string();
        let quoted = format!("`{s}`");
        prop_assert!(e.contains(&quoted), "{}", e);
    }

    #[test]
    fn the_catalog_loader_never_panics_on_arbitrary_text(s in "\\PC{0,400}") {
        match load_texts("t", &[("t.toml", &s)]) {
            Ok(_) => {}
            Err(Error::Invalid { diagnostics, .. }) => prop_assert!(!diagnostics.is_empty()),
            Err(e) => prop_assert!(false, "unexpected error kind: {e}"),
        }
    }

    #[test]
    fn mutated_catalogs_load_or_say_why(m in mutation(GOOD)) {
        match load_texts("t", &[("t.toml", &m)]) {
            Ok(_) => {}
            Err(Error::Invalid { diagnostics, .. }) => {
                prop_assert!(!diagnostics.is_empty());
                for d in diagnostics {
                    prop_assert!(!d.message.is_empty());
                }
            }
            Err(e) => prop_assert!(false, "unexpected error kind: {e}"),
        }
    }

    #[test]
    fn mutated_plans_load_or_say_why(m in mutation(PLAN)) {
        match advisor::plan::parse("p.toml", &m, builtin()) {
            Ok(_) => {}
            Err(Error::Invalid { diagnostics, .. }) => prop_assert!(!diagnostics.is_empty()),
            Err(e) => prop_assert!(false, "unexpected error kind: {e}"),
        }
    }
}

/// A text with one random edit: a line dropped, duplicated or swapped, a character replaced,
/// or the text cut short.
fn mutation(text: &'static str) -> impl Strategy<Value = String> {
    let lines: Vec<&'static str> = text.lines().collect();
    let n = lines.len();
    (0usize..5, 0..n, 0..n, any::<char>(), 0..text.len()).prop_map(move |(kind, a, b, c, cut)| {
        let mut ls: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        match kind {
            0 => {
                ls.remove(a);
            }
            1 => {
                let l = ls[a].clone();
                ls.insert(b, l);
            }
            2 => ls.swap(a, b),
            3 => {
                let mut chars: Vec<char> = ls[a].chars().collect();
                if !chars.is_empty() {
                    let i = b % chars.len();
                    chars[i] = c;
                }
                ls[a] = chars.into_iter().collect();
            }
            _ => {
                let mut end = cut;
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                return text[..end].to_string();
            }
        }
        ls.join("\n")
    })
}

fn workload() -> impl Strategy<Value = RawWorkload> {
    (
        0usize..4,
        1u64..60_000,
        any::<bool>(),
        0usize..3,
        0usize..2,
        any::<bool>(),
        proptest::option::of(prop_oneof![
            Just(125_000_000u64),
            Just(1_000_000_000),
            Just(7_000_000_000),
            Just(70_000_000_000)
        ]),
        0usize..3,
        proptest::option::of(1u32..64),
    )
        .prop_map(
            |(k, gb, interruptible, commit, traffic, shared, params, method, max_gpus)| {
                let kind = WorkloadKind::ALL[k];
                RawWorkload {
                    workload: Some(kind),
                    data_size: Some(gb * 1_000_000_000),
                    interruptible,
                    commitment: Some(Commitment::ALL[commit]),
                    traffic: Some(Traffic::ALL[traffic]),
                    shared_dataset: shared,
                    model_params: params,
                    method: Some(Method::ALL[method]),
                    tokens: (kind == WorkloadKind::Training && params.is_some())
                        .then_some(1_000_000_000),
                    max_gpus,
                    latency_ms: Some(5_000.0),
                    ..RawWorkload::default()
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn every_recommendation_meets_the_hard_constraints(req in workload()) {
        let c = builtin();
        let w = req.normalize(c).unwrap();
        let r = advisor::engine::recommend(c, &w).report;
        let rank_cost = |o: &advisor::answer::recommend::Recommendation| o.job_usd.unwrap_or(o.monthly_usd);
        for o in &r.recommendations {
            let t = c.instance(&o.instance_type).unwrap();
            prop_assert!(r.requirements.categories.contains(&t.category), "{} not allowed", o.instance_type);
            if let Some(m) = r.requirements.min_memory_gib {
                prop_assert!(t.memory_gib >= m);
            }
            if let Some(s) = &o.sizing {
                if let (Some(need), Some(have)) = (s.memory_needed_gib, s.memory_usable_gib) {
                    prop_assert!(need <= have + 0.01, "{}: {need} > {have}", o.instance_type);
                }
                if let Some(max) = w.max_gpus {
                    if w.workload == WorkloadKind::Training {
                        prop_assert!(s.accelerators <= max);
                    }
                }
            }
            match o.pricing_model.as_str() {
                "spot" => prop_assert!(w.interruptible),
                "reserved-1yr" => prop_assert!(w.commitment != Commitment::None),
                "reserved-3yr" => prop_assert!(w.commitment == Commitment::ThreeYears),
                _ => {}
            }
            prop_assert!(o.monthly_usd.micros() > 0);
        }
        // the best is never costlier than any other feasible option beyond the tolerance (the
        // cheapest is always among those shown); within it, it is no slower than a cheaper one
        // unless that one's price is an estimate
        // (not when every option takes the same given hours: a job costed at --job-hours or a
        // batch at its deadline compares hourly prices, not work, and ranks by preference)
        let same_hours = w.job_hours.is_some()
            || (w.workload == WorkloadKind::BatchInference && w.model_params.is_none());
        if let Some(best) = r.recommendations.first().filter(|_| !same_hours) {
            let tolerance = 1.0 + advisor::engine::COST_TIE_TOLERANCE;
            for o in &r.recommendations {
                prop_assert!(
                    rank_cost(best).dollars() <= rank_cost(o).dollars() * tolerance + 1e-9,
                    "{} costs {} > {} of {}",
                    best.instance_type,
                    rank_cost(best),
                    rank_cost(o),
                    o.instance_type
                );
                if rank_cost(o) < rank_cost(best) && o.price_estimated == best.price_estimated {
                    let hours = |x: &advisor::answer::recommend::Recommendation| x.job_hours.unwrap_or(0.0);
                    prop_assert!(hours(best) <= hours(o) + 1e-9, "{} slower than cheaper {}", best.instance_type, o.instance_type);
                }
            }
            if let Some(c) = &r.cheapest {
                prop_assert!(r.recommendations.iter().any(|o| o.instance_type == c.instance_type && o.count == c.count));
            }
            if let Some(f) = &r.fastest {
                prop_assert!(r.recommendations.iter().any(|o| o.instance_type == f.instance_type && o.count == f.count));
            }
        }
    }

    #[test]
    fn every_etl_run_fits_its_time_limit_and_the_month_is_its_runs(
        mb in 1u64..50_000_000,
        s in 0usize..4,
        tenths in 1u32..10,
        interruptible in any::<bool>(),
    ) {
        let c = builtin();
        let schedule = Schedule::ALL[s];
        let max_hours = f64::from(tenths) / 10.0;
        let req = RawWorkload {
            workload: Some(WorkloadKind::Etl),
            data_size: Some(mb * 1_000_000),
            schedule: Some(schedule),
            max_job_hours: Some(max_hours),
            interruptible,
            ..RawWorkload::default()
        };
        let w = req.normalize(c).unwrap();
        let r = advisor::engine::recommend(c, &w).report;
        // Glue and EMR Serverless always; the two EMR clusters when their start-up (10 min)
        // leaves time for the work
        let want = if max_hours > 10.0 / 60.0 { 4 } else { 2 };
        prop_assert_eq!(r.recommendations.len(), want);
        for o in &r.recommendations {
            let hours = o.job_hours.unwrap();
            prop_assert!(hours <= max_hours + 0.005, "{}: {hours} h > {max_hours}", o.instance_type);
            let per_run = o.job_usd.unwrap().dollars();
            let month = o.monthly_usd.dollars();
            let want = per_run * schedule.runs_per_month();
            prop_assert!((month - want).abs() <= 0.01 * schedule.runs_per_month(), "{month} vs {want}");
            prop_assert!(o.units.is_some() && o.service.is_some());
            if o.pricing_model == "on-demand+spot" {
                prop_assert!(interruptible);
            }
            if o.service.as_deref() == Some("glue") {
                prop_assert!(o.count >= 2);
            }
        }
    }

    #[test]
    fn a_scheduled_job_fits_between_runs_and_the_month_is_its_runs(
        gb in 1u64..5_000,
        s in 0usize..4,
        k in 0usize..2,
    ) {
        let c = builtin();
        let schedule = Schedule::ALL[s];
        let kind = [WorkloadKind::Training, WorkloadKind::BatchInference][k];
        let req = RawWorkload {
            workload: Some(kind),
            data_size: Some(gb * 1_000_000_000),
            schedule: Some(schedule),
            ..RawWorkload::default()
        };
        let w = req.normalize(c).unwrap();
        let r = advisor::engine::recommend(c, &w).report;
        for o in &r.recommendations {
            let hours = o.job_hours.unwrap();
            if let Some(period) = schedule.period_hours() {
                prop_assert!(hours <= period, "{}: {hours} h > {period}", o.instance_type);
            }
            // on-demand: the month is each run's cost times the runs
            let want = o.job_usd.unwrap().dollars() * schedule.runs_per_month();
            let month = o.monthly_usd.dollars();
            prop_assert!((month - want).abs() <= 0.01 * schedule.runs_per_month() + 1e-9,
                "{}: {month} vs {want}", o.instance_type);
        }
        for x in r.rejected.iter().filter(|x| x.reason.contains("between runs")) {
            prop_assert!(schedule.period_hours().is_some(), "{}", x.reason);
        }
    }

    #[test]
    fn more_hours_never_cost_less(k in 0usize..2, gb in 1u64..500, h in 1u32..700, extra in 1u32..44) {
        let c = builtin();
        let kind = [WorkloadKind::Exploration, WorkloadKind::RealtimeInference][k];
        let at = |hours: f64| {
            let req = RawWorkload {
                workload: Some(kind),
                data_size: Some(gb * 1_000_000_000),
                hours_per_month: Some(hours),
                ..RawWorkload::default()
            };
            let w = req.normalize(c).unwrap();
            advisor::engine::recommend(c, &w).report.total.map(|t| t.monthly_usd)
        };
        prop_assert!(at(f64::from(h)) <= at(f64::from(h + extra)));
    }

    #[test]
    fn shuffling_the_catalog_does_not_change_the_answer(seed in any::<u64>(), k in 0usize..4) {
        // the fixture's blocks in another order
        let mut blocks: Vec<&str> = GOOD.split("\n\n").collect();
        let head = blocks.remove(0);
        let mut x = seed;
        for i in (1..blocks.len()).rev() {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            blocks.swap(i, (x >> 33) as usize % (i + 1));
        }
        let shuffled = format!("{head}\n\n{}\n", blocks.join("\n\n"));
        let a = load_texts("t", &[("t.toml", GOOD)]).unwrap();
        let b = load_texts("t", &[("t.toml", &shuffled)]).unwrap();
        let req = RawWorkload {
            workload: Some(WorkloadKind::ALL[k]),
            data_size: Some(50_000_000_000),
            ..RawWorkload::default()
        };
        let answer = |c: &Catalog| {
            let w = req.normalize(c).unwrap();
            serde_json::to_string(&advisor::engine::recommend(c, &w).report).unwrap()
        };
        prop_assert_eq!(answer(&a), answer(&b));
    }
}

/// Pieces of command lines, good and bad, that the argument fuzzer strings together.
const WORDS: &[&str] = &[
    "recommend",
    "compare",
    "plan",
    "catalog",
    "list",
    "show",
    "regions",
    "validate",
    "--workload",
    "training",
    "exploration",
    "batch",
    "realtime",
    "serving",
    "etl",
    "data-processing",
    "--schedule",
    "weekly",
    "hourly",
    "--max-job-hours",
    "--data-size",
    "2TB",
    "0",
    "-5GB",
    "1e309",
    "99999999999999999999TB",
    "NaN",
    "",
    "--model-params",
    "7B",
    "2T",
    "-1",
    "--max-gpus",
    "1",
    "0",
    "--rps",
    "inf",
    "--region",
    "us-east-1",
    "eu-west-1",
    "xx-yyyy-9",
    "--format",
    "json",
    "csv",
    "markdown",
    "--hours-per-month",
    "745",
    "730",
    "-0",
    "--interruptible",
    "--commitment",
    "1yr",
    "--tokens",
    "--epochs",
    "--job-hours",
    "--top",
    "--explain",
    "--allow-family",
    "p3",
    "p33",
    "p3.2xlarge",
    "p3.8xlarge",
    "p3.2xlarg",
    "--catalog",
    "tests/fixtures/catalogs/good.toml",
    "tests/fixtures/catalogs/bad-syntax.toml",
    "nope.toml",
    "--max-monthly-usd",
    "$10",
    "examples/ml-platform.plan.toml",
    "--accelerator",
    "V100",
    "--family",
    "--min-vcpus",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn random_command_lines_never_panic_and_exit_with_a_documented_code(
        picks in proptest::collection::vec(0..WORDS.len(), 0..8)
    ) {
        let args: Vec<&str> = picks.iter().map(|&i| WORDS[i]).collect();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_advisor"))
            .args(&args)
            .env_remove("ADVISOR_CATALOG")
        .env("ADVISOR_REGION", "")
        .env("ADVISOR_TODAY", "2026-11-25")
            .output()
            .unwrap();
        let code = out.status.code();
        prop_assert!(matches!(code, Some(0 | 2 | 3 | 4 | 5)), "{args:?} exited {code:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        prop_assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
