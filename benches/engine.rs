//! `cargo bench`: catalog loading (embedded, from TOML, synthetic catalogs of growing size),
//! `recommend` per workload, and `compare`. End-to-end timings of the binary are in
//! docs/performance.md (hyperfine).

use std::path::PathBuf;
use std::sync::OnceLock;

use advisor::workload::{RawWorkload, WorkloadKind};
use advisor::{Catalog, CatalogSource};

fn main() {
    divan::main();
}

fn builtin() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| Catalog::builtin().unwrap())
}

/// What every command pays: the embedded catalog without its instance types, whose families
/// are decoded when a command asks for them.
#[divan::bench]
fn load_embedded() -> Catalog {
    Catalog::builtin().unwrap()
}

/// What `catalog list` pays: every instance type decoded, every region's prices.
#[divan::bench]
fn load_embedded_every_type() -> Catalog {
    let c = Catalog::builtin().unwrap();
    divan::black_box(c.instances());
    c
}

/// What `recommend` and `compare` load before any family: one region's prices.
#[divan::bench]
fn load_embedded_one_region() -> Catalog {
    advisor::catalog::load_region(&advisor::CatalogSource::Builtin, "us-east-1").unwrap()
}

/// The in-process part of the end-to-end target (`recommend --workload training --data-size
/// 2TB --model-params 7B`): load one region, decode the families the rules consider, rank.
#[divan::bench]
fn load_and_recommend_training_7b() -> (Catalog, advisor::engine::Recommended) {
    let c = advisor::catalog::load_region(&advisor::CatalogSource::Builtin, "us-east-1").unwrap();
    let w = request(WorkloadKind::Training, Some(7_000_000_000))
        .normalize(&c)
        .unwrap();
    let r = advisor::engine::recommend(&c, &w);
    (c, r)
}

#[divan::bench(sample_count = 20)]
fn load_builtin_toml() -> Catalog {
    advisor::catalog::load_builtin_toml(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data"
    )))
    .unwrap()
}

/// A synthetic catalog directory of `types` × `regions`, written once per size.
fn synth(types: usize, regions: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("advisor-bench-{types}x{regions}"));
    if !dir.join("catalog.toml").exists() {
        let status = std::process::Command::new(env!("CARGO"))
            .args([
                "run",
                "--quiet",
                "--release",
                "--example",
                "synth_catalog",
                "--",
            ])
            .args([
                "--types",
                &types.to_string(),
                "--regions",
                &regions.to_string(),
            ])
            .arg("--out")
            .arg(&dir)
            .status()
            .expect("cargo runs the synth_catalog example");
        assert!(status.success());
    }
    dir
}

#[divan::bench(args = [(100, 10), (300, 30), (1000, 10), (1000, 30)], sample_count = 10)]
fn load_synthetic(bencher: divan::Bencher, (types, regions): (usize, usize)) {
    let dir = synth(types, regions);
    bencher.bench(|| advisor::catalog::load(&CatalogSource::Path(dir.clone())).unwrap());
}

fn request(kind: WorkloadKind, params: Option<u64>) -> RawWorkload {
    RawWorkload {
        workload: Some(kind),
        data_size: Some(2_000_000_000_000),
        model_params: params,
        ..RawWorkload::default()
    }
}

#[divan::bench(args = [WorkloadKind::Exploration, WorkloadKind::Training, WorkloadKind::BatchInference, WorkloadKind::RealtimeInference, WorkloadKind::Etl])]
fn recommend(kind: WorkloadKind) -> advisor::engine::Recommended {
    let c = builtin();
    let w = request(kind, None).normalize(c).unwrap();
    advisor::engine::recommend(c, &w)
}

#[divan::bench(args = [WorkloadKind::Training, WorkloadKind::BatchInference, WorkloadKind::RealtimeInference])]
fn recommend_sized_7b(kind: WorkloadKind) -> advisor::engine::Recommended {
    let c = builtin();
    let w = request(kind, Some(7_000_000_000)).normalize(c).unwrap();
    advisor::engine::recommend(c, &w)
}

#[divan::bench]
fn compare_four() -> advisor::answer::compare::CompareReport {
    let req = advisor::compare::CompareRequest {
        instance_types: ["p3.2xlarge", "g5.xlarge", "m7i.large", "inf2.xlarge"]
            .map(String::from)
            .to_vec(),
        region: "us-east-1".into(),
        region_basis: "given",
        hours_per_month: 730.0,
    };
    advisor::compare::compare(builtin(), &req).unwrap()
}
