//! Model sizing end to end: memory fit, training time and job cost, serving capacity, batch
//! counts and spot expected cost, through the real binary (issue 4's hand-computed cases).

use serde_json::Value;

fn run(args: &[&str]) -> (i32, Value) {
    let (code, doc, stderr) = crate::recommend_json(args);
    assert!(!doc.is_null(), "{args:?}: no JSON on stdout: {stderr}");
    (code, doc)
}

fn ok(args: &[&str]) -> Value {
    let (code, doc) = run(args);
    assert_eq!(code, 0, "{args:?}: {doc}");
    doc
}

fn best(doc: &Value) -> &Value {
    &doc["recommendations"][0]
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

const TRAIN_7B_ON_P4D: &[&str] = &[
    "--workload",
    "training",
    "--data-size",
    "2TB",
    "--model-params",
    "7B",
    "--tokens",
    "20B",
    "--allow-family",
    "p4d",
];

/// Why `instance_type` was left out of the answer.
fn rejection(doc: &Value, instance_type: &str) -> String {
    doc["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["instance_type"] == instance_type)
        .unwrap()["reason"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Hours before a training job's first step (docs/sizing.md): 40 s of instance start-up. A job
/// with a model reads its tokens far slower than S3 delivers them, so it streams the dataset
/// without staging a copy.
fn prep_hours() -> f64 {
    40.0 / 3600.0
}

#[test]
fn seven_b_full_training_on_8_a100_takes_the_hand_computed_hours() {
    let doc = ok(TRAIN_7B_ON_P4D);
    let b = best(&doc);
    assert_eq!(b["instance_type"], "p4d.24xlarge");
    assert_eq!(b["count"], 1);
    let s = &b["sizing"];
    assert_eq!(s["accelerators"], 8);
    assert_eq!(f(&s["flops"]), 6.0 * 7e9 * 2e10);
    assert_eq!(s["mfu_coefficient"], "mfu-a100");
    // 8.4e20 / (8 × 312e12 × 0.475) s = 196.81 h, and 0.28 h to stage 2 TB and start up
    let hand = 8.4e20 / (8.0 * 312e12 * 0.475) / 3600.0 + prep_hours();
    assert!(
        (f(&b["job_hours"]) - hand).abs() < 0.01,
        "{}",
        b["job_hours"]
    );
    // job cost = hours × hourly of the whole job
    assert!((f(&b["job_usd"]) - hand * 21.957642).abs() < 0.02);
    assert!(b["reasons"].to_string().contains("112 GB of model states"));
}

#[test]
fn doubling_tokens_doubles_hours_and_epochs_follow_the_data_size() {
    let one = ok(TRAIN_7B_ON_P4D);
    let mut args = TRAIN_7B_ON_P4D.to_vec();
    let i = args.iter().position(|a| *a == "20B").unwrap();
    args[i] = "40B";
    let two = ok(&args);
    // the compute doubles; staging and start-up stay
    let p = prep_hours();
    let (h1, h2) = (f(&best(&one)["job_hours"]), f(&best(&two)["job_hours"]));
    assert!((h2 - p - 2.0 * (h1 - p)).abs() < 0.02, "{h1} {h2}");
    // no --tokens: 80 GB of text / 4 bytes per token = 20B tokens per epoch
    let base = [
        "--workload",
        "training",
        "--data-size",
        "80GB",
        "--model-params",
        "7B",
        "--allow-family",
        "p4d",
    ];
    let e1 = ok(&base);
    assert_eq!(f(&best(&e1)["sizing"]["tokens"]), 2e10);
    let p80 = prep_hours();
    assert!((f(&best(&e1)["job_hours"]) - p80 - (h1 - p)).abs() < 0.02);
    let mut two_epochs = base.to_vec();
    two_epochs.extend(["--epochs", "2"]);
    let e2 = ok(&two_epochs);
    assert!((f(&best(&e2)["job_hours"]) - p80 - 2.0 * (h1 - p)).abs() < 0.02);
}

#[test]
fn qlora_7b_fits_one_16_to_24_gb_gpu() {
    for family in ["g4dn", "g5", "g6"] {
        let doc = ok(&[
            "--workload",
            "training",
            "--data-size",
            "20GB",
            "--model-params",
            "7B",
            "--method",
            "qlora",
            "--tokens",
            "100M",
            "--allow-family",
            family,
        ]);
        let b = best(&doc);
        assert_eq!(b["count"], 1, "{family}");
        assert_eq!(b["accelerator"]["count"], 1, "{family}: {b}");
        assert!(f(&b["accelerator"]["memory_gib_each"]) <= 24.0);
        assert!(f(&b["sizing"]["memory_needed_gib"]) <= f(&b["sizing"]["memory_usable_gib"]));
    }
}

#[test]
fn full_training_that_needs_several_nodes_is_rejected_without_efa_with_the_numbers() {
    let doc = ok(&[
        "--workload",
        "training",
        "--data-size",
        "2TB",
        "--model-params",
        "7B",
        "--job-hours",
        "10",
        "--allow-family",
        "g5",
        "--top",
        "10",
    ]);
    let rejected = doc["rejected"].to_string();
    assert!(rejected.contains("g5.xlarge"), "{rejected}");
    assert!(rejected.contains("needs EFA"), "{rejected}");
    // the options that remain hold the model states, and say how
    for r in doc["recommendations"].as_array().unwrap() {
        let s = &r["sizing"];
        assert!(
            f(&s["memory_needed_gib"]) <= f(&s["memory_usable_gib"]),
            "{r}"
        );
        if f(&r["count"]) > 1.0 {
            assert_eq!(s["multi_node"], true);
        }
    }
}

#[test]
fn seventy_b_fp16_serving_needs_at_least_140_gb() {
    let doc = ok(&[
        "--workload",
        "realtime",
        "--data-size",
        "10GB",
        "--model-params",
        "70B",
        "--latency-ms",
        "5000",
    ]);
    let b = best(&doc);
    let need_gib = f(&b["sizing"]["memory_needed_gib"]);
    assert!(need_gib * 1_073_741_824.0 >= 140e9, "{need_gib}");
    let rejected = doc["rejected"].as_array().unwrap();
    let g5 = rejected
        .iter()
        .find(|r| r["instance_type"] == "g4dn.xlarge")
        .expect("g4dn.xlarge rejected");
    let reason = g5["reason"].as_str().unwrap();
    assert!(
        reason.contains("GiB needed") && reason.contains("usable"),
        "{reason}"
    );
}

#[test]
fn serving_count_follows_the_request_rate_and_prices_1000_requests() {
    let base = [
        "--workload",
        "realtime",
        "--data-size",
        "10GB",
        "--model-params",
        "1B",
        "--allow-family",
        "g5",
    ];
    let low = ok(&base);
    let mut high_args = base.to_vec();
    high_args.extend(["--rps", "500"]);
    let high = ok(&high_args);
    assert!(f(&best(&high)["count"]) > f(&best(&low)["count"]));
    for doc in [&low, &high] {
        let b = best(doc);
        let rps = f(&doc["input"]["rps"]);
        let per_1k = f(&b["hourly_usd"]) / (rps * 3600.0) * 1000.0;
        assert!((f(&b["usd_per_1k_requests"]) - per_1k).abs() < 0.006, "{b}");
        let cap = f(&b["sizing"]["requests_per_second_per_instance"]) * 0.7 * f(&b["count"]);
        assert!(cap >= rps * 0.99, "{cap} < {rps}");
    }
}

#[test]
fn a_latency_target_out_of_reach_is_a_named_rejection() {
    let (code, doc) = run(&[
        "--workload",
        "realtime",
        "--data-size",
        "10GB",
        "--model-params",
        "7B",
        "--output-tokens",
        "256",
        "--latency-ms",
        "50",
    ]);
    assert_eq!(code, 4);
    assert!(doc["rejected"].to_string().contains("> --latency-ms 50"));
    assert!(doc["warnings"].to_string().contains("raise --latency-ms"));
}

#[test]
fn batch_count_meets_the_deadline_and_prices_a_million_items() {
    let doc = ok(&[
        "--workload",
        "batch",
        "--data-size",
        "100GB",
        "--model-params",
        "1B",
        "--items",
        "10M",
        "--output-tokens",
        "16",
        "--deadline-hours",
        "6",
    ]);
    let b = best(&doc);
    assert!(f(&b["job_hours"]) <= 6.0);
    // hours on one instance = items / the items a second one instance serves at full load;
    // split over `count`
    let s = &b["sizing"];
    let one = 10e6 / f(&s["requests_per_second_per_instance"]) / 3600.0;
    assert_eq!(f(&b["count"]), (one / 6.0).ceil());
    assert!(
        (one / f(&b["count"]) - f(&b["job_hours"])).abs() < 0.01 * f(&b["job_hours"]),
        "{one} {b}"
    );
    let per_million = f(&b["job_usd"]) / 10.0;
    assert!((f(&b["usd_per_million_items"]) - per_million).abs() < 0.02);
}

#[test]
fn interruptible_training_reports_spot_expected_cost_and_checkpoint_interval() {
    let mut args = TRAIN_7B_ON_P4D.to_vec();
    args.push("--interruptible");
    let doc = ok(&args);
    let b = best(&doc);
    let spot = &b["spot_estimate"];
    assert_eq!(b["pricing_model"], "spot");
    assert_eq!(spot["recommended"], true);
    assert!(f(&spot["expected_usd"]) < f(&spot["on_demand_usd"]));
    assert!(f(&spot["checkpoint_interval_hours"]) > 0.0);
    assert!(
        (f(&spot["checkpoint_gb"]) - 98.0).abs() < 0.01,
        "14 B/param × 7B"
    );
    assert_eq!(f(&b["job_usd"]), f(&spot["expected_usd"]));
    assert!(f(&spot["expected_hours"]) >= 196.8);
}

#[test]
fn nothing_fits_says_what_to_relax() {
    let (code, doc) = run(&[
        "--workload",
        "training",
        "--data-size",
        "2TB",
        "--model-params",
        "2T",
        "--max-gpus",
        "1",
    ]);
    assert_eq!(code, 4);
    assert_eq!(doc["outcome"], "nothing-fits");
    let w = doc["warnings"].to_string();
    assert!(w.contains("raise --max-gpus") && w.contains("lora"), "{w}");
}

#[test]
fn cheapest_and_fastest_are_reported() {
    let doc = ok(&[
        "--workload",
        "training",
        "--data-size",
        "20GB",
        "--model-params",
        "7B",
        "--method",
        "qlora",
        "--tokens",
        "1B",
    ]);
    let cheapest = &doc["cheapest"];
    let fastest = &doc["fastest"];
    for r in doc["recommendations"].as_array().unwrap() {
        assert!(f(&r["job_usd"]) >= f(&cheapest["job_usd"]));
        assert!(f(&r["job_hours"]) >= f(&fastest["job_hours"]));
    }
}

/// A small model with short prompts: CPU serving on Graviton meets the latency and is the
/// cheapest option; the numbers follow from the per-vCPU figures of the processor.
#[test]
fn a_small_model_is_served_on_a_graviton_cpu_when_it_meets_the_latency() {
    let doc = ok(&[
        "--workload",
        "realtime",
        "--data-size",
        "1GB",
        "--model-params",
        "100M",
        "--rps",
        "5",
        "--context-tokens",
        "32",
        "--output-tokens",
        "1",
        "--latency-ms",
        "100",
    ]);
    let b = best(&doc);
    assert_eq!(b["instance_type"], "c7g.xlarge", "{b}");
    assert!(b["accelerator"].is_null());
    let s = &b["sizing"];
    assert_eq!(s["accelerators"], 0);
    // prefill = 2 × 1e8 × 32 FLOPs / (4 vCPUs × 83.2 GFLOPS × MFU 0.3) = 64.1 ms per request
    assert!(
        (f(&s["peak_tflops"]) - 4.0 * 83.2e9 / 1e12).abs() < 1e-9,
        "{s}"
    );
    assert_eq!(s["mfu_coefficient"], "mfu-default");
    let prefill_s = 2.0 * 1e8 * 32.0 / (4.0 * 83.2e9 * 0.3);
    let rps = f(&s["requests_per_second_per_instance"]);
    assert!((rps - 1.0 / prefill_s).abs() / rps < 0.01, "{rps}");
    let used: Vec<&str> = doc["coefficients_used"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    for id in [
        "cpu-memory-bandwidth-graviton3",
        "cpu-peak-gflops-graviton3",
    ] {
        assert!(used.contains(&id), "{used:?}");
    }
    let reasons = b["reasons"].to_string();
    assert!(reasons.contains("4 vCPUs of graviton3"), "{reasons}");
}

#[test]
fn a_7b_generator_is_too_slow_on_a_cpu_and_the_rejection_names_the_latency() {
    let (code, doc) = run(&[
        "--workload",
        "realtime",
        "--data-size",
        "10GB",
        "--model-params",
        "7B",
        "--output-tokens",
        "256",
        "--latency-ms",
        "2000",
        "--allow-family",
        "c8g",
    ]);
    assert_eq!(code, 4, "{doc}");
    let rejected = doc["rejected"].as_array().unwrap();
    let big = rejected
        .iter()
        .find(|r| r["instance_type"] == "c8g.48xlarge")
        .expect("c8g.48xlarge rejected");
    // decode alone: 256 steps × 14 GB / (192 vCPUs × 5.6 GB/s × 0.7) = 4.76 s > 2 s; the
    // rejection names the time per generated token and what the target leaves each one
    let reason = big["reason"].as_str().unwrap();
    assert!(reason.contains("ms per request at batch 1 ("), "{reason}");
    assert!(reason.contains("+ 255 more tokens × 19.53 ms"), "{reason}");
    assert!(
        reason.contains("> --latency-ms 2000, which leaves"),
        "{reason}"
    );
}

#[test]
fn a_cpu_family_without_figures_is_rejected_only_when_asked_for() {
    let args = [
        "--workload",
        "realtime",
        "--data-size",
        "1GB",
        "--model-params",
        "100M",
    ];
    let doc = ok(&args);
    assert!(!doc["rejected"].to_string().contains("m5.large"));
    let mut asked = args.to_vec();
    asked.extend(["--allow-family", "m5"]);
    let (code, doc) = run(&asked);
    assert_eq!(code, 4);
    let m5 = doc["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["instance_type"] == "m5.large")
        .expect("m5.large rejected");
    assert!(
        m5["reason"]
            .as_str()
            .unwrap()
            .contains("no CPU memory-bandwidth and peak figures for family m5"),
        "{m5}"
    );
}

#[test]
fn batch_scoring_on_a_cpu_counts_hours_from_the_instance_peak() {
    let doc = ok(&[
        "--workload",
        "batch",
        "--data-size",
        "1GB",
        "--model-params",
        "100M",
        "--items",
        "1M",
        "--context-tokens",
        "32",
        "--output-tokens",
        "1",
        "--deadline-hours",
        "2",
        "--allow-family",
        "c7g",
    ]);
    let b = best(&doc);
    let s = &b["sizing"];
    // hours on one instance = 2 × 1e8 × 33e6 FLOPs / (vCPUs × 83.2 GFLOPS × 0.3)
    let vcpus = f(&b["vcpus"]);
    let one = 2.0 * 1e8 * 33e6 / (vcpus * 83.2e9 * 0.3) / 3600.0;
    assert!((f(&s["peak_tflops"]) - vcpus * 83.2e9 / 1e12).abs() < 1e-9);
    assert_eq!(f(&b["count"]), (one / 2.0).ceil(), "{b}");
    assert!(f(&b["job_hours"]) <= 2.0);
}

/// Without `--model-params` or `--job-hours`, training hours come from the documented
/// data-throughput estimate (ResNet-50 on A100), scaled by the accelerators' dense peak.
#[test]
fn training_without_a_model_uses_the_data_throughput_estimate() {
    let args = [
        "--workload",
        "training",
        "--data-size",
        "2TB",
        "--allow-family",
        "p4d",
    ];
    let doc = ok(&args);
    let b = best(&doc);
    assert_eq!(b["instance_type"], "p4d.24xlarge");
    assert_eq!(b["sizing"]["job_hours_basis"], "data-throughput");
    // 8 A100 read 8 × 1,026.5 GB/h × 312 / 312 = 8,212 GB/h, more than an EBS gp3 copy
    // delivers (2,000 MiB/s = 7,549.7 GB/h) but less than S3 streams to one instance (8 GB/s):
    // the job streams, 2,000 GB / 8,212 GB/h after 40 s of start-up
    let gp3 = 2000.0 * 1024.0 * 1024.0 * 3600.0 / 1e9;
    assert!(8.0 * 1026.5 > gp3);
    let (hand, p) = (2000.0 / 8212.0, 40.0 / 3600.0);
    assert!((f(&b["job_hours"]) - p - hand).abs() < 0.001, "{b}");
    assert_eq!(b["sizing"]["working_copy"], "s3-direct");
    assert!(!b["reasons"].to_string().contains("I/O-bound"), "{b}");
    assert!((f(&b["job_usd"]) - (hand + p) * f(&b["hourly_usd"])).abs() < 0.01);
    let used = doc["coefficients_used"].to_string();
    assert!(
        used.contains("training-data-throughput-gb-per-hour"),
        "{used}"
    );
    assert!(doc["assumptions"].to_string().contains("rough guide"));
    // three epochs take three times as long
    let mut three = args.to_vec();
    three.extend(["--epochs", "3"]);
    let doc3 = ok(&three);
    assert!((f(&best(&doc3)["job_hours"]) - p - 3.0 * hand).abs() < 0.01);
    // --job-hours wins over the estimate
    let mut given = args.to_vec();
    given.extend(["--job-hours", "5"]);
    let docg = ok(&given);
    assert_eq!(f(&best(&docg)["job_hours"]), 5.0);
}

#[test]
fn max_gpus_applies_without_a_model() {
    let (code, doc) = run(&[
        "--workload",
        "training",
        "--data-size",
        "2TB",
        "--max-gpus",
        "1",
        "--allow-family",
        "p4d",
    ]);
    assert_eq!(code, 4, "{doc}");
    assert!(doc["rejected"]
        .to_string()
        .contains("8 accelerators per instance > --max-gpus 1"));
}

/// A training run is sized to its deadline (30 days by default): 13B parameters on 1T tokens
/// (7.8e22 FLOPs) needs about a hundred H100s, not one p4d for two years.
#[test]
fn training_is_sized_to_finish_within_its_deadline() {
    let args = [
        "--workload",
        "training",
        "--data-size",
        "1TB",
        "--model-params",
        "13B",
        "--tokens",
        "1T",
    ];
    let doc = ok(&args);
    let b = best(&doc);
    assert_eq!(doc["input"]["deadline_hours"], 720.0);
    assert!(f(&b["job_hours"]) <= 720.0, "{b}");
    assert!(b["count"].as_u64().unwrap() > 1, "{b}");
    assert_eq!(b["sizing"]["multi_node"], true);
    let accel = b["accelerator"]["name"].as_str().unwrap();
    assert!(["H100", "H200"].contains(&accel), "{accel}");
    let gpus = b["sizing"]["accelerators"].as_u64().unwrap();
    assert!((64..=160).contains(&gpus), "{gpus}");
    // twice the tokens in the same time: more instances
    let doubled = ok(&[
        "--workload",
        "training",
        "--data-size",
        "1TB",
        "--model-params",
        "13B",
        "--tokens",
        "2T",
        "--allow-family",
        "p5",
    ]);
    let single = ok(&[&args[..], &["--allow-family", "p5"]].concat());
    let count = |d: &Value| {
        d["recommendations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["instance_type"] == "p5.48xlarge")
            .map(|r| r["count"].as_u64().unwrap())
            .unwrap()
    };
    assert!(count(&doubled) > count(&single));
    // 405B on 15T tokens: no cluster finishes in 30 days; the rejection says what it would take
    let (code, huge) = run(&[
        "--workload",
        "training",
        "--data-size",
        "1TB",
        "--model-params",
        "405B",
        "--tokens",
        "15T",
        "--allow-family",
        "p5",
    ]);
    assert_eq!(code, 4);
    let reason = rejection(&huge, "p5.48xlarge");
    assert!(
        reason.starts_with("needs more than 720 h: at 590 nodes, beyond which a step waits on the network (3200 Gbps a node for 8 accelerators at 4.19M tokens a step; a larger --global-batch-tokens or pipeline parallelism across nodes, not modelled, would raise it), 590 × p5.48xlarge take"),
        "{reason}"
    );
    assert!(huge["warnings"]
        .to_string()
        .contains("a later --deadline-hours, fewer --tokens, or a larger --global-batch-tokens"));
    // with a long enough deadline and Llama 3 405B's final 16M-token batch it is sized (on
    // ~11K H100: Meta used 16K for 54 days), and the first reason says the job outlasts a month
    let long = ok(&[
        "--workload",
        "training",
        "--data-size",
        "1TB",
        "--model-params",
        "405B",
        "--tokens",
        "15T",
        "--allow-family",
        "p5",
        "--deadline-hours",
        "3000",
        "--global-batch-tokens",
        "16M",
    ]);
    assert_eq!(long["input"]["global_batch_tokens"], 16_000_000);
    let b = best(&long);
    assert!(
        f(&b["job_hours"]) <= 3000.0 && f(&b["job_hours"]) > 730.0,
        "{b}"
    );
    assert!(b["reasons"][0]
        .as_str()
        .unwrap()
        .contains("longer than a month"));
}

/// Scaling is not free: each doubling of the nodes keeps 98.4% of linear speed-up. Worked
/// example against the published measurement it comes from: MPT-7B on H100 at 46.44% MFU on
/// one 8-GPU node and 42.2% on 64 nodes (512 GPUs); the model's 64-node efficiency 0.984^6 =
/// 90.8% matches the measured 42.2 / 46.44 = 90.9%.
#[test]
fn more_nodes_are_faster_but_less_than_linearly() {
    let hours = |deadline: &str| {
        let doc = ok(&[
            "--workload",
            "training",
            "--data-size",
            "1TB",
            "--model-params",
            "7B",
            "--tokens",
            "1T",
            "--allow-family",
            "p5",
            "--deadline-hours",
            deadline,
        ]);
        let r = doc["recommendations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["instance_type"] == "p5.48xlarge")
            .cloned()
            .unwrap();
        (r["count"].as_u64().unwrap(), f(&r["job_hours"]))
    };
    // one node: 4.2e22 FLOPs on 8 × 989 TFLOPS at 36% MFU
    let one_node = 6.0 * 7e9 * 1e12 / (8.0 * 989e12 * 0.36) / 3600.0;
    let p = prep_hours();
    let (n1, h1) = hours("100000");
    assert_eq!(n1, 1);
    assert!((h1 - p - one_node).abs() < 0.01, "{h1} vs {one_node}");
    // a deadline just under one node's time needs two nodes, each less than twice as fast
    let (n2, h2) = hours(&format!("{}", (one_node * 0.99).floor()));
    assert_eq!(n2, 2);
    assert!(h2 > h1 / 2.0, "{h2} vs {h1}");
    assert!((h2 - p - one_node / (2.0 * 0.984)).abs() < 0.01, "{h2}");
    // 64 nodes: the efficiency the coefficient gives matches the measured MFU ratio
    let efficiency = 0.984_f64.powi(6);
    assert!((efficiency - 42.2 / 46.44).abs() < 0.002, "{efficiency}");
    // accelerators in fewer, bigger nodes with more network lose less: to meet a 400 h
    // deadline, 8-GPU p5.48xlarge nodes (3,200 Gbps) need fewer GPU-hours than single-GPU
    // p5.4xlarge nodes (100 Gbps)...
    let spread = |deadline: &str| {
        ok(&[
            "--workload",
            "training",
            "--data-size",
            "1TB",
            "--model-params",
            "7B",
            "--tokens",
            "1T",
            "--allow-family",
            "p5",
            "--deadline-hours",
            deadline,
            "--top",
            "10",
        ])
    };
    let doc = spread("400");
    let recs = doc["recommendations"].as_array().unwrap();
    let gpu_hours = |t: &str| {
        let r = recs.iter().find(|r| r["instance_type"] == t).unwrap();
        f(&r["sizing"]["accelerators"]) * f(&r["job_hours"])
    };
    assert!(gpu_hours("p5.48xlarge") < gpu_hours("p5.4xlarge"));
    // ...and at 170 h the single-GPU nodes cannot do it at all: 148 of them already wait on
    // their 100 Gbps each step, while 26 p5.48xlarge finish
    let doc = spread("170");
    assert_eq!(best(&doc)["instance_type"], "p5.48xlarge");
    let rejected = doc["rejected"].to_string();
    assert!(
        rejected.contains("p5.4xlarge take")
            && rejected.contains("at 148 nodes, beyond which a step waits on the network"),
        "{rejected}"
    );
}

/// A missing MFU figure falls back to the same chip's (H200 to H100), never to a generic
/// default: an FP8 run on p5en (H200, no FP8 MFU of its own) takes as long as on p5 (H100:
/// the same 1,979 FP8 TFLOPS) instead of looking 36% faster.
#[test]
fn a_missing_mfu_falls_back_to_the_same_chip() {
    let doc = ok(&[
        "--workload",
        "training",
        "--data-size",
        "100GB",
        "--model-params",
        "7B",
        "--tokens",
        "100B",
        "--precision",
        "fp8",
        "--allow-family",
        "p5",
        "--allow-family",
        "p5en",
    ]);
    let recs = doc["recommendations"].as_array().unwrap();
    let by = |t: &str| recs.iter().find(|r| r["instance_type"] == t).unwrap();
    let (p5, p5en) = (by("p5.48xlarge"), by("p5en.48xlarge"));
    assert_eq!(p5en["sizing"]["mfu_coefficient"], "mfu-h100-fp8");
    assert_eq!(p5["job_hours"], p5en["job_hours"]);
    // the same speed for more money: p5 ranks first
    assert_eq!(best(&doc)["instance_type"], "p5.48xlarge");
}

/// A slow network bounds the useful cluster: 13B on 1T tokens needs ~100 H100-class
/// accelerators for 30 days; g4dn.12xlarge (4 T4 on 50 Gbps) would need so many nodes that
/// each step waits on the network first, so it is rejected naming that bound, while p5.48xlarge
/// (8 H100 on 3,200 Gbps) keeps its network hidden behind compute.
#[test]
fn a_slow_network_bounds_the_cluster_and_is_named() {
    let (code, doc) = run(&[
        "--workload",
        "training",
        "--data-size",
        "1TB",
        "--model-params",
        "13B",
        "--tokens",
        "1T",
        "--allow-family",
        "g4dn",
        "--allow-family",
        "p5",
    ]);
    assert_eq!(code, 0);
    let reason = rejection(&doc, "g4dn.12xlarge");
    assert!(
        reason.starts_with("needs more than 720 h: at ")
            && reason.contains(
                " nodes, beyond which a step waits on the network (50 Gbps a node for 4 accelerators"
            ),
        "{reason}"
    );
    let p5 = best(&doc);
    assert_eq!(p5["instance_type"], "p5.48xlarge");
    let why = p5["reasons"].to_string();
    assert!(why.contains("multi-node scaling over"), "{why}");
    assert!(!why.contains("network-bound"), "{why}");
}

/// Before its first step a training job starts its instances (instance-startup-seconds: 40 s,
/// Depot's measured EC2 launch). It streams its dataset from S3 when S3 keeps up with the
/// reads (no copy, no staging); when S3 cannot (here a catalog whose
/// s3-read-gb-per-s-per-instance is 0.05 GB/s), the hours decide: one pass streams at S3's
/// pace (2e12 / 5e7 B/s = 11.11 h, against 11.11 h staging + 5.02 h reading on gp3), five
/// passes stage a copy once (11.11 h) and read it at the accelerator's pace (5 × 5.02 h).
#[test]
fn staging_and_start_up_are_in_the_job_hours() {
    let one_l4 = [
        "--workload",
        "training",
        "--data-size",
        "2TB",
        "--allow-family",
        "g6",
    ];
    let doc = ok(&one_l4);
    let g6 = best(&doc);
    assert_eq!(g6["instance_type"], "g6.xlarge");
    let reasons = g6["reasons"].to_string();
    assert!(
        reasons.contains("streamed at 298.02 MiB/s (the instance's 2.5 Gbps network"),
        "{reasons}"
    );
    assert!(reasons.contains("so no copy is staged"), "{reasons}");
    assert!(
        reasons.contains("+ 0.67 min: instance start-up (40 s from launch to a booted OS, instance-startup-seconds"),
        "{reasons}"
    );
    let compute = 2000.0 / (1026.5 * 121.0 / 312.0);
    assert!(
        (f(&g6["job_hours"]) - compute - 40.0 / 3600.0).abs() < 0.01,
        "{g6}"
    );
    // S3 at 0.05 GB/s: one pass streams at its pace, I/O-bound
    let slow = crate::slow_s3_catalog("staging", 0.05);
    let (code, doc) = crate::recommend_json_with(&slow, &one_l4);
    assert_eq!(code, 0, "{doc}");
    let g6 = best(&doc);
    let s3 = 2e12 / 5e7 / 3600.0;
    assert!(
        (f(&g6["job_hours"]) - s3 - 40.0 / 3600.0).abs() < 0.01,
        "{g6}"
    );
    let why = g6["reasons"].to_string();
    assert!(
        why.contains("11.11 h of reading, against 16.14 h staging and reading on EBS gp3"),
        "{why}"
    );
    assert!(why.contains("I/O-bound"), "{why}");
    // five passes: the copy is staged once, then read at the accelerator's pace
    let mut five = one_l4.to_vec();
    five.extend(["--epochs", "5"]);
    let (_, doc) = crate::recommend_json_with(&slow, &five);
    let g6 = best(&doc);
    let why = g6["reasons"].to_string();
    assert!(
        why.contains("+ 11.11 h: staging the 2000 GB dataset from S3 onto EBS gp3"),
        "{why}"
    );
    assert!(
        (f(&g6["job_hours"]) - (s3 + 5.0 * compute + 40.0 / 3600.0)).abs() < 0.02,
        "{g6}"
    );
    assert_eq!(g6["sizing"]["working_copy"], "ebs-gp3");
    // a faster reader stages onto its NVMe instead (8 A100 read 8,212 GB/h, more than gp3's
    // 7,550): p4d's 8 TB at about 16 GB/s
    let five_a100 = [
        "--workload",
        "training",
        "--data-size",
        "2TB",
        "--epochs",
        "5",
        "--allow-family",
        "p4d",
    ];
    let (_, doc) = crate::recommend_json_with(&slow, &five_a100);
    let p4d = best(&doc);
    assert_eq!(p4d["sizing"]["working_copy"], "instance-nvme", "{p4d}");
    let hand = s3 + 5.0 * 2000.0 / 8212.0 + 40.0 / 3600.0;
    assert!((f(&p4d["job_hours"]) - hand).abs() < 0.02, "{p4d}");
    let nvme = doc["storage"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["role"] == "working-copy")
        .unwrap();
    assert_eq!(nvme["storage_class"], "instance-nvme");
    assert_eq!(nvme["monthly_usd"], 0.0);
    let _ = std::fs::remove_dir_all(&slow);
    // hours given with --job-hours are taken as they are
    let given = ok(&[
        "--workload",
        "training",
        "--data-size",
        "2TB",
        "--job-hours",
        "5",
    ]);
    assert_eq!(f(&best(&given)["job_hours"]), 5.0);
    assert!(!best(&given)["reasons"].to_string().contains("staging"));
}

/// LoRA and QLoRA replicas that each hold the whole model all-reduce only the adapters'
/// gradients (1/10,000 of the parameters, `lora-trainable-fraction`), so a job scaled out for
/// its deadline needs no EFA: a 7B QLoRA of 1B tokens in 24 h runs on 4 g6e.xlarge (one L40S
/// each, no EFA), 22.2 h. A model split over instances gathers its frozen weights every step
/// and still needs EFA: 70B QLoRA (35 GB of states) on 16 GB V100s is rejected for it.
#[test]
fn adapter_replicas_scale_out_without_efa_but_sharded_models_need_it() {
    let doc = ok(&[
        "--workload",
        "training",
        "--data-size",
        "20GB",
        "--model-params",
        "7B",
        "--method",
        "qlora",
        "--tokens",
        "1B",
        "--deadline-hours",
        "24",
    ]);
    let b = best(&doc);
    assert_eq!(b["instance_type"], "g6e.xlarge", "{b}");
    assert_eq!(b["count"], 4);
    assert_eq!(b["sizing"]["multi_node"], true);
    assert!(f(&b["job_hours"]) <= 24.0);
    let reasons = b["reasons"].to_string();
    assert!(
        reasons.contains("4 data-parallel replicas, each holding the whole model, all-reduce only the qlora adapters' gradients (a small exchange: no EFA needed)")
            && reasons.contains("1× L40S holds 3.51 GB of model states"),
        "{reasons}"
    );
    let sharded = ok(&[
        "--workload",
        "training",
        "--data-size",
        "500GB",
        "--model-params",
        "70B",
        "--method",
        "qlora",
    ]);
    assert!(rejection(&sharded, "p3.2xlarge").contains("multi-node training needs EFA"));
}

/// A reservation bills every hour of the month, so a scheduled job on reserved instances
/// carries its share of the month: p5.4xlarge × 2 reserved ($6,328.22 a month, 30.42 daily
/// jobs) is $208.05 a job, more than p4d.24xlarge on demand ($196.87), which is Best.
#[test]
fn a_reserved_job_costs_its_share_of_the_month() {
    let doc = ok(&[
        "--workload",
        "training",
        "--data-size",
        "20GB",
        "--model-params",
        "7B",
        "--tokens",
        "0.91B",
        "--schedule",
        "daily",
        "--commitment",
        "1yr",
    ]);
    assert_eq!(best(&doc)["instance_type"], "p4d.24xlarge");
    assert_eq!(best(&doc)["pricing_model"], "on-demand");
    let reserved = doc["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["pricing_model"] == "reserved-1yr")
        .unwrap();
    let per_job = f(&reserved["monthly_usd"]) / (365.0 / 12.0);
    assert!(
        (f(&reserved["job_usd"]) - per_job).abs() < 0.01,
        "{reserved}"
    );
    assert!(f(&reserved["job_usd"]) > f(&best(&doc)["job_usd"]));
}

/// Instances are sized to finish within the deadline on demand; spot's expected interruptions
/// and rework must finish within it too, else spot is not chosen and the pricing table says
/// why: 13B, 2 epochs of 500 GB in 48 h on p4d.24xlarge (107 of them, 47.61 h on demand, 48.04 h
/// expected on spot).
#[test]
fn spot_must_finish_within_the_deadline_too() {
    let doc = ok(&[
        "--workload",
        "training",
        "--data-size",
        "500GB",
        "--model-params",
        "13B",
        "--epochs",
        "2",
        "--deadline-hours",
        "48",
        "--interruptible",
        "--allow-family",
        "p4d",
    ]);
    let b = best(&doc);
    assert_eq!(b["pricing_model"], "on-demand", "{b}");
    assert!(f(&b["job_hours"]) <= 48.0);
    let spot = doc["pricing"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["pricing_model"] == "spot")
        .unwrap();
    assert!(spot["note"]
        .as_str()
        .unwrap()
        .contains("with interruptions and rework pass the 48 h deadline"));
}

/// `--tokens` far beyond the dataset is most likely a mistyped count or size: 20B tokens of a
/// 2 GB dataset (500M tokens at 4 bytes each) are 40 passes, and beyond 4 repeated data trains
/// little better (`training-useful-epochs`, Muennighoff et al. 2023); 1B tokens (2 passes) is
/// quiet.
#[test]
fn tokens_far_beyond_the_dataset_warn() {
    let warned = |tokens: &str| {
        let (_, doc, _) = crate::recommend_json(&[
            "--workload",
            "training",
            "--data-size",
            "2GB",
            "--model-params",
            "7B",
            "--tokens",
            tokens,
        ]);
        doc["warnings"].to_string()
    };
    assert!(warned("20B").contains("--tokens 20B is 40 passes over the 2 GB dataset"));
    assert!(!warned("1B").contains("passes over"));
}
