//! Model shapes and LLM serving (issue 20): `--model`, `catalog models`, the KV cache from the
//! shape, generation by default, what each chip can run, and the latency a token needs.

use serde_json::Value;

fn advisor(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_advisor"))
        .args(args)
        .env_remove("ADVISOR_CATALOG")
        .env("ADVISOR_REGION", "")
        .env("ADVISOR_TODAY", "2026-11-25")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn recommend(args: &[&str]) -> (i32, Value) {
    let (code, doc, stderr) = crate::recommend_json(args);
    assert!(!doc.is_null(), "{args:?}: no JSON on stdout: {stderr}");
    (code, doc)
}

/// The rejection of `instance_type` in a recommend document.
fn rejection<'a>(doc: &'a Value, instance_type: &str) -> &'a Value {
    doc["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["instance_type"] == instance_type)
        .unwrap_or_else(|| panic!("{instance_type} rejected: {doc}"))
}

fn best(doc: &Value) -> &Value {
    &doc["recommendations"][0]
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// KV-cache bytes per token (16-bit) = 2 × layers × KV heads × head dim × 2, from each model's
/// configuration: Llama 3.1 8B 131,072 (the 0.131 MB/token stas00/ml-engineering gives), 70B
/// 327,680, 405B 516,096; Llama 2 13B without grouped-query attention 819,200; Qwen2.5 7B with 4
/// KV heads 57,344; Mixtral 8x7B 131,072; Gemma 2 9B (head dim 256) 344,064 and 27B 376,832.
#[test]
fn kv_bytes_per_token_match_the_model_configs() {
    let (code, out, err) = advisor(&["catalog", "models", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let models = doc["models"].as_array().unwrap();
    let kv = |id: &str| {
        let m = models
            .iter()
            .find(|m| m["id"] == id)
            .unwrap_or_else(|| panic!("{id} listed"));
        f(&m["kv_bytes_per_token"])
    };
    let config =
        |layers: f64, kv_heads: f64, head_dim: f64| 2.0 * layers * kv_heads * head_dim * 2.0;
    assert_eq!(kv("llama-3.1-8b"), config(32.0, 8.0, 128.0));
    assert_eq!(kv("llama-3.1-8b"), 131_072.0);
    assert_eq!(kv("llama-3.1-70b"), config(80.0, 8.0, 128.0));
    assert_eq!(kv("llama-3.1-405b"), config(126.0, 8.0, 128.0));
    assert_eq!(kv("llama-2-13b"), config(40.0, 40.0, 128.0));
    assert_eq!(kv("qwen2.5-7b"), config(28.0, 4.0, 128.0));
    assert_eq!(kv("mixtral-8x7b"), config(32.0, 8.0, 128.0));
    assert_eq!(kv("gemma-2-9b"), config(42.0, 8.0, 256.0));
    assert_eq!(kv("gemma-2-9b"), 344_064.0);
    assert_eq!(kv("gemma-2-27b"), config(46.0, 16.0, 128.0));
    // Gemma 2 ties its output head and normalises four times a layer: 9.24B in all
    let gemma = models.iter().find(|m| m["id"] == "gemma-2-9b").unwrap();
    assert!((f(&gemma["params"]) / 1e9 - 9.24).abs() < 0.01);
    // a mixture of experts holds all its experts and runs a token through two
    let mixtral = models.iter().find(|m| m["id"] == "mixtral-8x7b").unwrap();
    assert!((f(&mixtral["params"]) / 1e9 - 46.7).abs() < 0.01);
    assert!((f(&mixtral["active_params"]) / 1e9 - 12.88).abs() < 0.01);
    // every entry names its source
    assert!(models
        .iter()
        .all(|m| !m["source"].as_str().unwrap().is_empty()));
    // and the table says what the column is
    let (code, table, _) = advisor(&["catalog", "models"]);
    assert_eq!(code, 0);
    assert!(table.contains("llama-3.1-70b"), "{table}");
    assert!(table.contains("KV KiB/token"), "{table}");
}

/// `--model` sets the parameters and the KV cache; the answer carries the shape. The same size
/// without a model takes the documented default shape and says so.
#[test]
fn a_named_model_sets_the_shape_and_a_size_alone_says_it_is_assumed() {
    let base = [
        "--workload",
        "realtime",
        "--data-size",
        "10GB",
        "--rps",
        "5",
    ];
    let mut named = base.to_vec();
    named.extend(["--model", "Llama-3.1-8B"]);
    let (code, doc) = recommend(&named);
    assert_eq!(code, 0, "{doc}");
    let m = &doc["input"]["model"];
    assert_eq!(m["id"], "llama-3.1-8b");
    assert_eq!(m["basis"], "catalog");
    assert_eq!(doc["input"]["model_params"], 8_030_261_248u64);
    let mut sized = base.to_vec();
    sized.extend(["--model-params", "8B"]);
    let (_, doc) = recommend(&sized);
    let m = &doc["input"]["model"];
    assert_eq!(m["basis"], "default");
    assert_eq!(m["kv_heads"], 8.0);
    assert!(m["note"].as_str().unwrap().contains("name it with --model"));
}

/// Decoders generate 256 tokens unless told otherwise, with MLPerf's interactive latency (450
/// ms to the first token, 40 ms a token after it); the answer shows both. Scoring stays one
/// token, and an encoder only scores.
#[test]
fn decoders_generate_by_default_and_encoders_score() {
    let (code, doc) = recommend(&[
        "--workload",
        "realtime",
        "--data-size",
        "10GB",
        "--model",
        "llama-3.1-8b",
    ]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["input"]["output_tokens"], 256);
    assert_eq!(doc["input"]["output_tokens_default"], true);
    assert_eq!(doc["input"]["latency_ms_basis"], "generation");
    assert_eq!(f(&doc["input"]["latency_ms"]), 450.0 + 255.0 * 40.0);
    let reasons = best(&doc)["reasons"].to_string();
    assert!(
        reasons.contains("512 prompt + 256 generated tokens"),
        "{reasons}"
    );
    let assumptions = doc["assumptions"].to_string();
    assert!(
        assumptions.contains("256 generated tokens"),
        "{assumptions}"
    );
    // an encoder scores in one pass, at the 200 ms default
    let (code, doc) = recommend(&[
        "--workload",
        "realtime",
        "--data-size",
        "10GB",
        "--model",
        "bert-base-uncased",
        "--context-tokens",
        "128",
    ]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["input"]["output_tokens"], 1);
    assert_eq!(f(&doc["input"]["latency_ms"]), 200.0);
}

/// Requests a model cannot take are usage errors naming the value: an encoder asked to
/// generate, a request beyond the context, --model with --model-params, an unknown model (with
/// "did you mean").
#[test]
fn impossible_model_requests_are_usage_errors() {
    let base = ["recommend", "--workload", "realtime", "--data-size", "10GB"];
    let cases: &[(&[&str], &str)] = &[
        (
            &["--model", "bert-base-uncased", "--output-tokens", "64"],
            "bert-base-uncased is an encoder",
        ),
        (
            &[
                "--model",
                "llama-2-7b",
                "--context-tokens",
                "4000",
                "--output-tokens",
                "256",
            ],
            "exceed llama-2-7b's context of 4096 tokens",
        ),
        (
            &["--model", "llama-3.1-8b", "--model-params", "8B"],
            "cannot be used with",
        ),
        (&["--model", "llama3.1-8b"], "did you mean `llama-3.1-8b`"),
    ];
    for (args, needle) in cases {
        let mut all = base.to_vec();
        all.extend(args.iter());
        let (code, out, err) = advisor(&all);
        assert_eq!(code, 2, "{all:?}: {err}");
        assert!(out.is_empty(), "{all:?}");
        assert!(err.contains(needle), "{all:?}: {err}");
        assert_eq!(
            err.lines().filter(|l| l.starts_with("error")).count(),
            1,
            "{err}"
        );
    }
}

/// Inferentia 1 has no software that generates with a decoder: it is rejected for an LLM,
/// naming why, and still serves an encoder.
#[test]
fn inferentia_1_never_serves_a_decoder() {
    let (_, doc) = recommend(&[
        "--workload",
        "realtime",
        "--data-size",
        "10GB",
        "--model",
        "llama-3.1-8b",
        "--explain",
    ]);
    let recs = doc["recommendations"].as_array().unwrap();
    assert!(recs
        .iter()
        .all(|r| !r["instance_type"].as_str().unwrap().starts_with("inf1.")));
    let inf1 = doc["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["instance_type"].as_str().unwrap().starts_with("inf1."))
        .expect("inf1 rejected");
    assert!(
        inf1["reason"]
            .as_str()
            .unwrap()
            .contains("no software runs a decoder"),
        "{inf1}"
    );
    let (_, doc) = recommend(&[
        "--workload",
        "realtime",
        "--data-size",
        "10GB",
        "--model",
        "bert-base-uncased",
        "--context-tokens",
        "128",
        "--allow-family",
        "inf1",
    ]);
    assert!(best(&doc)["instance_type"]
        .as_str()
        .unwrap()
        .starts_with("inf1."));
}

/// One throughput model: a batch job at full load and a real-time endpoint without a binding
/// latency target serve the same request shape at the same rate on the same instance.
#[test]
fn batch_generation_and_real_time_at_full_load_agree() {
    let shape = [
        "--data-size",
        "10GB",
        "--model",
        "llama-3.1-8b",
        "--context-tokens",
        "1024",
        "--output-tokens",
        "256",
        "--allow-family",
        "g6e",
        "--top",
        "50",
    ];
    let rate = |doc: &Value, t: &str| {
        let r = doc["recommendations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["instance_type"] == t)
            .unwrap_or_else(|| panic!("{t} recommended: {doc}"))
            .clone();
        f(&r["sizing"]["requests_per_second_per_instance"])
    };
    let mut batch = vec!["--workload", "batch", "--items", "1M"];
    batch.extend(shape);
    let (_, b) = recommend(&batch);
    let mut realtime = vec!["--workload", "realtime", "--latency-ms", "1000000000"];
    realtime.extend(shape);
    let (_, r) = recommend(&realtime);
    for t in ["g6e.xlarge", "g6e.12xlarge"] {
        let (x, y) = (rate(&b, t), rate(&r, t));
        assert!(
            (x / y - 1.0).abs() < 0.03,
            "{t}: batch {x}/s vs real-time {y}/s"
        );
    }
}

/// A serving engine decodes at most its default number of sequences together (vLLM's
/// max_num_seqs: 256, or 1024 on GPUs of 70 GiB and more other than A100), however much KV
/// cache the memory holds: batches of thousands never reach the answer.
#[test]
fn the_engine_caps_the_batch_at_its_default() {
    let (_, doc) = recommend(&[
        "--workload",
        "batch",
        "--data-size",
        "10GB",
        "--items",
        "1M",
        "--model",
        "llama-3.1-8b",
        "--context-tokens",
        "128",
        "--output-tokens",
        "128",
        "--allow-family",
        "g6e",
        "--allow-family",
        "p5",
        "--allow-family",
        "p4de",
        "--top",
        "50",
        "--explain",
    ]);
    let option = |t: &str| {
        doc["recommendations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["instance_type"] == t)
            .unwrap_or_else(|| panic!("{t} recommended: {doc}"))
            .clone()
    };
    for (t, cap, id) in [
        ("g6e.12xlarge", 256, "serving-max-batch)"),
        ("p4de.24xlarge", 256, "serving-max-batch)"),
        ("p5.48xlarge", 1024, "serving-max-batch-large-memory)"),
    ] {
        let r = option(t);
        assert_eq!(r["sizing"]["batch"], cap, "{t}: {r}");
        let why = r["reasons"][0].as_str().unwrap();
        assert!(
            why.contains(&format!(
                "batch {cap}, the serving engine's default cap ({id}"
            )),
            "{t}: {why}"
        );
    }
    // the answer names what it rests on: both caps and the decode model, and no default
    // shape for a named model
    let used: Vec<&str> = doc["coefficients_used"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    for id in [
        "serving-max-batch",
        "serving-max-batch-large-memory",
        "decode-layer-overhead-ms",
        "decode-tp-layer-overhead-ms",
    ] {
        assert!(used.contains(&id), "{id} in {used:?}");
    }
    assert!(!used.contains(&"default-kv-heads"), "{used:?}");
}

/// The tensor-parallel overhead was measured over NVLink: an option that splits a generating
/// model over PCIe-only GPUs says its tokens likely take longer; one over NVLink does not.
#[test]
fn a_model_split_over_pcie_says_its_tokens_are_optimistic() {
    let (_, doc) = recommend(&[
        "--workload",
        "realtime",
        "--data-size",
        "10GB",
        "--model",
        "llama-3.1-8b",
        "--rps",
        "5",
        "--allow-family",
        "g5",
        "--allow-family",
        "p4d",
        "--top",
        "20",
        "--explain",
    ]);
    let reasons = |t: &str| {
        doc["recommendations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["instance_type"] == t)
            .unwrap_or_else(|| panic!("{t} recommended: {doc}"))["reasons"]
            .to_string()
    };
    assert!(
        reasons("g5.12xlarge").contains("split the model over PCIe (no NVLink)"),
        "{}",
        reasons("g5.12xlarge")
    );
    assert!(
        !reasons("p4d.24xlarge").contains("PCIe"),
        "{}",
        reasons("p4d.24xlarge")
    );
}

/// No decode step is free: an 8B model cannot stream 64 tokens in 50 ms on any instance (the
/// fastest, 8 H200, takes about 2.8 ms a token: its weights once, plus the layers' kernel and
/// all-reduce overhead measured with vLLM), and the rejection says what a token takes against
/// what the target leaves it.
#[test]
fn an_impossible_token_rate_is_refused_with_the_time_a_token_needs() {
    let (code, doc) = recommend(&[
        "--workload",
        "realtime",
        "--data-size",
        "10GB",
        "--model",
        "llama-3.1-8b",
        "--output-tokens",
        "64",
        "--latency-ms",
        "50",
        "--explain",
    ]);
    assert_eq!(code, 4, "{doc}");
    let p5 = rejection(&doc, "p5.48xlarge");
    let reason = p5["reason"].as_str().unwrap();
    assert!(reason.contains("63 more tokens × 3.07 ms"), "{reason}");
    assert!(
        reason.contains("leaves 0.75 ms per generated token"),
        "{reason}"
    );
}

/// Generating costs several times scoring the same prompt: a 70B endpoint at 20 requests/s with
/// the default 256 generated tokens, each within MLPerf's 40 ms, needs well over twice the
/// instances of the same prompts scored in one pass (255 decode steps after the prompt, each
/// bound by the bandwidth or the compute of the batch, plus their overhead and the prompts of
/// the requests that arrive meanwhile).
#[test]
fn a_70b_generation_endpoint_costs_more_than_scoring() {
    let monthly = |extra: &[&str]| {
        let mut args = vec![
            "--workload",
            "realtime",
            "--data-size",
            "10GB",
            "--model",
            "llama-3.1-70b",
            "--rps",
            "20",
        ];
        args.extend(extra);
        let (code, doc) = recommend(&args);
        assert_eq!(code, 0, "{doc}");
        f(&doc["total"]["compute_monthly_usd"])
    };
    let generation = monthly(&[]);
    let scoring = monthly(&["--output-tokens", "1"]);
    assert!(generation > 2.0 * scoring, "{generation} vs {scoring}");
}

/// Spiky traffic is a fleet: with --peak-rps the average sizes the billed fleet and the peak
/// its maximum, and the reasons say how long a new instance takes to serve (start-up, then the
/// weights from S3). The advice no longer claims one instance runs all month.
#[test]
fn spiky_traffic_is_a_fleet_between_the_average_and_the_peak() {
    let base = [
        "--workload",
        "realtime",
        "--data-size",
        "10GB",
        "--model",
        "llama-3.1-8b",
        "--traffic",
        "spiky",
        "--rps",
        "50",
    ];
    let (_, flat) = recommend(&base);
    let mut peaked = base.to_vec();
    peaked.extend(["--peak-rps", "150"]);
    let (code, doc) = recommend(&peaked);
    assert_eq!(code, 0, "{doc}");
    let b = best(&doc);
    let per = f(&b["sizing"]["requests_per_second_per_instance"]) * 0.7;
    let (min, max) = ((50.0 / per).ceil(), (150.0 / per).ceil());
    assert_eq!(f(&b["count"]), min);
    assert_eq!(f(&b["sizing"]["fleet_max"]), max);
    // billed for the average: the same bill as 50 requests/s without a peak
    assert_eq!(b["monthly_usd"], best(&flat)["monthly_usd"]);
    let reasons = b["reasons"].to_string();
    assert!(
        reasons.contains(&format!("up to {max} at the peak of 150 requests/s")),
        "{reasons}"
    );
    assert!(
        reasons.contains("a new instance serves after at least"),
        "{reasons}"
    );
    let advice = doc["advice"].to_string();
    assert!(
        !advice.contains("one instance running all month"),
        "{advice}"
    );
    assert!(advice.contains("--peak-rps"), "{advice}");
    // a peak below the average, or on another workload, is a usage error
    for (args, needle) in [
        (vec!["--rps", "10", "--peak-rps", "5"], "is below --rps 10"),
        (
            vec!["--peak-rps", "5"],
            "applies to --workload realtime-inference",
        ),
        (
            vec!["--rps", "10", "--peak-rps", "40", "--traffic", "steady"],
            "a peak above the average is spiky traffic",
        ),
    ] {
        let workload = if needle.starts_with("applies") {
            "batch"
        } else {
            "realtime"
        };
        let mut all = vec!["recommend", "--workload", workload, "--data-size", "10GB"];
        all.extend(args);
        let (code, _, err) = advisor(&all);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains(needle), "{err}");
    }
}

/// Spiky traffic on a model CPUs can serve gets its serverless alternative priced: Fargate
/// tasks of the shape of the best option on CPUs (c7g.xlarge: 4 vCPU, 8 GB), at Fargate's
/// x86 rates ($0.04048 per vCPU-hour, $0.004445 per GB-hour: $0.19748 a task-hour), as many as
/// the instances on average, up to the peak's; the advice and the table say the same, and the
/// total stays the instances'. A peak above the average makes the traffic spiky, so no reserved
/// pricing is advised. A model only accelerators serve has none, and says why; outside
/// us-east-1 the rates are borrowed and reported as a gap.
#[test]
fn spiky_traffic_on_cpus_prices_the_serverless_alternative() {
    let base = [
        "--workload",
        "realtime",
        "--data-size",
        "1GB",
        "--model-params",
        "100M",
        "--context-tokens",
        "32",
        "--output-tokens",
        "1",
        "--latency-ms",
        "100",
        "--rps",
        "50",
        "--peak-rps",
        "200",
    ];
    let (code, doc) = recommend(&base);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["input"]["traffic"], "spiky");
    let s = &doc["serverless"];
    assert_eq!(s["service"], "fargate", "{s}");
    assert_eq!(s["instead_of"], "c7g.xlarge", "{s}");
    assert_eq!((f(&s["task_vcpus"]), f(&s["task_memory_gb"])), (4.0, 8.0));
    let task = 4.0 * 0.04048 + 8.0 * 0.004445;
    assert!((f(&s["task_hourly_usd"]) - task).abs() < 1e-4, "{s}");
    let c7g = doc["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["instance_type"] == "c7g.xlarge")
        .expect("c7g.xlarge listed");
    assert_eq!(s["tasks_average"], c7g["count"]);
    assert_eq!(s["tasks_peak"], c7g["sizing"]["fleet_max"]);
    let monthly = f(&s["tasks_average"]) * 730.0 * task;
    assert!((f(&s["monthly_usd"]) - monthly).abs() < 0.05, "{s}");
    assert_eq!(s["instances_monthly_usd"], c7g["monthly_usd"]);
    // the total is the Best option's, not the tasks'
    assert_eq!(
        doc["total"]["compute_monthly_usd"],
        best(&doc)["monthly_usd"]
    );
    let advice = doc["advice"].as_array().unwrap();
    let line = advice
        .iter()
        .filter_map(|a| a.as_str())
        .find(|a| a.starts_with("Serverless alternative"))
        .expect("serverless advice");
    assert!(line.contains(&format!("${:.2}/month", monthly)), "{line}");
    assert!(line.contains("Linux/x86 rate"), "{line}");
    assert!(
        advice
            .iter()
            .all(|a| !a.as_str().unwrap().contains("stays steady")),
        "{advice:?}"
    );
    let (_, table, _) = advisor(&[&["recommend"][..], &base[..]].concat());
    assert!(table.contains("Serverless (fargate): "), "{table}");
    assert!(table.contains("(not in the total)"), "{table}");

    // a 70B model: no CPU serves it, no serverless
    let (_, gpu) = recommend(&[
        "--workload",
        "realtime",
        "--data-size",
        "10GB",
        "--model",
        "llama-3.1-70b",
        "--rps",
        "2",
        "--peak-rps",
        "8",
    ]);
    assert!(gpu["serverless"].is_null(), "{}", gpu["serverless"]);
    let assumptions = gpu["assumptions"].to_string();
    assert!(
        assumptions.contains("no CPU instance serves the model within the targets"),
        "{assumptions}"
    );

    // outside us-east-1 the Fargate rates stand in and the gap says so
    let mut eu = base.to_vec();
    eu.extend(["--region", "eu-west-1"]);
    let (_, doc) = recommend(&eu);
    assert_eq!(
        doc["serverless"]["estimated"], true,
        "{}",
        doc["serverless"]
    );
    let gaps = doc["catalog_gaps"].to_string();
    assert!(gaps.contains("fargate"), "{gaps}");
}

/// A generation's default service level is two targets, MLPerf's: the first token within 450
/// ms and each token after it within 40 ms. An 8,000-token prompt of a 70B model takes about a
/// second to prefill on 8 A100, so p4d is refused naming the first token, while 8 H100 make it.
#[test]
fn the_first_token_and_each_token_after_it_have_their_own_targets() {
    let (code, doc) = recommend(&[
        "--workload",
        "realtime",
        "--data-size",
        "10GB",
        "--model",
        "llama-3.1-70b",
        "--rps",
        "2",
        "--context-tokens",
        "8000",
        "--explain",
    ]);
    assert_eq!(code, 0, "{doc}");
    let p4d = rejection(&doc, "p4d.24xlarge");
    let reason = p4d["reason"].as_str().unwrap();
    assert!(reason.contains("the first token takes"), "{reason}");
    assert!(reason.contains("generation-ttft-ms allows 450"), "{reason}");
    let b = best(&doc);
    assert!(f(&b["sizing"]["latency_ms"]) <= 450.0 + 255.0 * 40.0, "{b}");
    assert!(
        b["instance_type"].as_str().unwrap().starts_with("p5"),
        "{b}"
    );
}

/// Trainium serves LLMs too (the Neuron LLM libraries run on Inferentia2 and Trainium): with
/// --allow-family trn1 a 70B endpoint is sized on trn1.32xlarge at the Neuron figures instead of
/// "nothing fits".
#[test]
fn trainium_can_serve_a_decoder() {
    let (code, doc) = recommend(&[
        "--workload",
        "realtime",
        "--data-size",
        "10GB",
        "--model",
        "llama-3.1-70b",
        "--rps",
        "2",
        "--allow-family",
        "trn1",
    ]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(best(&doc)["instance_type"], "trn1.32xlarge");
    assert!(doc["rules_fired"]
        .to_string()
        .contains("realtime-sized-cpu-or-accelerator"));
}

/// QLoRA's 4-bit base weights come from bitsandbytes, a CUDA library: no Neuron option trains
/// with it, and each says why.
#[test]
fn qlora_never_trains_on_neuron() {
    let (_, doc) = recommend(&[
        "--workload",
        "training",
        "--data-size",
        "20GB",
        "--model-params",
        "7B",
        "--method",
        "qlora",
        "--explain",
    ]);
    let recs = doc["recommendations"].as_array().unwrap();
    assert!(recs
        .iter()
        .all(|r| !r["instance_type"].as_str().unwrap().starts_with("trn")));
    let trn1 = rejection(&doc, "trn1.32xlarge");
    assert!(
        trn1["reason"]
            .as_str()
            .unwrap()
            .contains("bitsandbytes) needs CUDA"),
        "{trn1}"
    );
}

/// What each chip can run, by precision (vLLM's quantization hardware table): bf16 needs
/// compute capability 8.0, so asked for it a T4 or V100 is refused; int4 weights are CUDA
/// kernels, so no Neuron chip serves them; FP8 training needs FP8 tensor cores. A training
/// job's default bf16 still runs on V100 (as fp16), and int8/int4 are not training precisions.
#[test]
fn each_chip_runs_only_the_precisions_it_has_kernels_for() {
    let serve = |precision: &str| {
        recommend(&[
            "--workload",
            "realtime-inference",
            "--data-size",
            "10GB",
            "--model",
            "llama-3.1-8b",
            "--rps",
            "2",
            "--precision",
            precision,
            "--explain",
        ])
        .1
    };
    let reason = |doc: &Value, t: &str| rejection(doc, t)["reason"].as_str().unwrap().to_string();
    let listed = |doc: &Value, prefix: &str| {
        doc["recommendations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["instance_type"].as_str().unwrap().starts_with(prefix))
    };
    let bf16 = serve("bf16");
    assert!(!listed(&bf16, "g4dn.") && !listed(&bf16, "p3."), "{bf16}");
    let t4 = reason(&bf16, "g4dn.12xlarge");
    assert!(
        t4.contains("T4 has no bf16 (compute capability 7.5"),
        "{t4}"
    );
    assert!(t4.contains("use --precision fp16"), "{t4}");
    // in fp16 the same T4 serves
    let fp16 = serve("fp16");
    assert!(listed(&fp16, "g4dn."), "{fp16}");

    let int4 = serve("int4");
    assert!(!listed(&int4, "inf2.") && !listed(&int4, "trn1."), "{int4}");
    let inf2 = reason(&int4, "inf2.xlarge");
    assert!(inf2.contains("no 4-bit weight kernels on Neuron"), "{inf2}");
    assert!(listed(&int4, "g4dn."), "a T4 runs GPTQ/AWQ int4: {int4}");

    let fp8 = serve("fp8");
    let v100 = reason(&fp8, "p3.8xlarge");
    assert!(
        v100.contains("no FP8 kernels below compute capability 7.5"),
        "{v100}"
    );

    let train = |precision: Option<&str>| {
        let mut args = vec![
            "--workload",
            "training",
            "--data-size",
            "20GB",
            "--model-params",
            "1B",
            "--allow-family",
            "p3",
            "--allow-family",
            "p4d",
            "--explain",
        ];
        if let Some(p) = precision {
            args.extend(["--precision", p]);
        }
        recommend(&args).1
    };
    assert!(
        listed(&train(None), "p3."),
        "the default bf16 trains on V100 as fp16"
    );
    let fp8_training = train(Some("fp8"));
    let a100 = reason(&fp8_training, "p4d.24xlarge");
    assert!(a100.contains("A100 has no FP8 tensor cores"), "{a100}");

    let (code, _, err) = advisor(&[
        "recommend",
        "--workload",
        "training",
        "--data-size",
        "20GB",
        "--model-params",
        "7B",
        "--precision",
        "int4",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--precision int4 is a serving precision"),
        "{err}"
    );
    assert!(err.contains("--method qlora"), "{err}");
}

/// Gemma 2 does not run in fp16 (vLLM refuses it: numerical instability): it serves in bf16 by
/// default, so no V100 or T4 serves it, each saying why, and asking for fp16 is a usage error.
#[test]
fn a_model_without_fp16_serves_in_bf16() {
    let (code, doc) = recommend(&[
        "--workload",
        "realtime",
        "--data-size",
        "10GB",
        "--model",
        "gemma-2-9b",
        "--rps",
        "5",
        "--explain",
    ]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["input"]["precision"], "bf16");
    assert_eq!(doc["input"]["model"]["fp16"], false);
    let reason = rejection(&doc, "p3.8xlarge")["reason"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        reason.contains("V100 has no bf16") && reason.contains("gemma-2-9b does not run in fp16"),
        "{reason}"
    );
    let (code, _, err) = advisor(&[
        "recommend",
        "--workload",
        "realtime",
        "--data-size",
        "10GB",
        "--model",
        "gemma-2-9b",
        "--precision",
        "fp16",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("gemma-2-9b does not run in fp16"), "{err}");
}

/// Fewer generated tokens never make a request harder: at batch 1 no other request's prompt
/// shares the steps, so an 8B model on one g4dn.12xlarge that generates 8 tokens also
/// generates 2.
#[test]
fn fewer_generated_tokens_are_never_harder() {
    let fits = |tokens: &str| {
        let (code, doc) = recommend(&[
            "--workload",
            "realtime",
            "--data-size",
            "10GB",
            "--model",
            "llama-3.1-8b",
            "--output-tokens",
            tokens,
            "--allow-family",
            "g4dn",
            "--top",
            "50",
        ]);
        assert_eq!(code, 0, "{doc}");
        doc["recommendations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["instance_type"] == "g4dn.12xlarge")
    };
    assert!(fits("8"));
    assert!(fits("2"));
}

/// A mixture of experts trains at its active parameters' FLOPs (Mixtral: 12.9B of 46.7B), and
/// memory holds them all.
#[test]
fn a_mixture_of_experts_trains_at_its_active_parameters() {
    let (code, doc) = recommend(&[
        "--workload",
        "training",
        "--data-size",
        "100GB",
        "--model",
        "mixtral-8x7b",
        "--tokens",
        "10B",
        "--allow-family",
        "p5",
    ]);
    assert_eq!(code, 0, "{doc}");
    let s = &best(&doc)["sizing"];
    let flops = f(&s["flops"]);
    assert!(
        (flops / (6.0 * 12.88e9 * 10e9) - 1.0).abs() < 0.01,
        "{flops}"
    );
}

/// A batch job that would need more than 10,000 instances is refused, never counted in a
/// number that wraps.
#[test]
fn a_batch_beyond_ten_thousand_instances_is_refused() {
    let (code, doc) = recommend(&[
        "--workload",
        "batch",
        "--data-size",
        "10000PB",
        "--model",
        "llama-3.1-70b",
        "--deadline-hours",
        "0.01",
    ]);
    assert_eq!(code, 4, "{doc}");
    assert!(doc["rejected"]
        .to_string()
        .contains("more than 10,000 instances"));
}

/// Advice about Inferentia (`advice-families` in rules.toml) is shown only when an Inferentia
/// option is: a BERT endpoint at 200 rps is best on inf1 and gets it; a 70B generation endpoint,
/// where no Inferentia option is shown, does not.
#[test]
fn inferentia_advice_only_with_an_inferentia_option() {
    let advice = |doc: &Value| doc["advice"].to_string();
    let (_, bert) = recommend(&[
        "--workload",
        "realtime",
        "--data-size",
        "1GB",
        "--model",
        "bert-base-uncased",
        "--rps",
        "200",
    ]);
    assert!(best(&bert)["instance_type"]
        .as_str()
        .unwrap()
        .starts_with("inf"));
    assert!(advice(&bert)
        .contains("Inferentia (inf1, inf2) runs models compiled with the AWS Neuron SDK"));
    let (_, big) = recommend(&[
        "--workload",
        "realtime",
        "--data-size",
        "10GB",
        "--model",
        "llama-3.1-70b",
        "--rps",
        "20",
    ]);
    let shown: Vec<&str> = big["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["instance_type"].as_str().unwrap())
        .collect();
    assert!(shown.iter().all(|t| !t.starts_with("inf")), "{shown:?}");
    assert!(!advice(&big).contains("Inferentia"), "{}", advice(&big));
}

/// An endpoint on one instance has no failover, and the advice says what a second costs; a
/// fleet of several does not get that advice.
#[test]
fn a_single_instance_endpoint_is_told_it_has_no_failover() {
    let (_, one) = recommend(&[
        "--workload",
        "realtime",
        "--data-size",
        "1GB",
        "--model",
        "bert-base-uncased",
        "--rps",
        "20",
    ]);
    assert_eq!(best(&one)["count"], 1);
    assert!(one["advice"]
        .to_string()
        .contains("serves the endpoint: a second in another Availability Zone keeps it up"));
    let (_, three) = recommend(&[
        "--workload",
        "realtime",
        "--data-size",
        "10GB",
        "--model",
        "llama-3.1-8b",
        "--rps",
        "5",
    ]);
    assert!(f(&best(&three)["count"]) > 1.0);
    assert!(!three["advice"].to_string().contains("Availability Zone"));
}
