//! Sizing formulas: model memory, training time, serving capacity, batch throughput and spot
//! expected cost. Pure functions over numbers; every coefficient comes from the catalog
//! ([`Coefficients`]) and is documented with its source in docs/sizing.md.

use serde::Serialize;

use crate::catalog::{Accelerator, Catalog};
use crate::vocab::{Method, Precision};

/// Bytes in a KiB.
pub const KIB: f64 = 1024.0;
/// Bytes in a MiB (storage throughputs are in MiB/s).
pub const MIB: f64 = 1024.0 * KIB;
/// Bytes in a GiB.
pub const GIB: f64 = 1024.0 * MIB;
/// Bytes in a TiB.
pub const TIB: f64 = 1024.0 * GIB;

/// The sizing coefficients of a catalog, by name.
#[derive(Debug, Clone)]
pub struct Coefficients {
    /// Exploration memory per GB of dataset.
    pub working_set_factor: f64,
    /// Model-state bytes per parameter for full mixed-precision Adam training.
    pub full_bytes_per_param: f64,
    /// Trainable adapter parameters per model parameter (LoRA, QLoRA).
    pub lora_fraction: f64,
    /// LoRA training time relative to full fine-tuning.
    pub lora_time_factor: f64,
    /// Framework overhead per accelerator, bytes.
    pub overhead_bytes: f64,
    /// Share of accelerator memory a job may use.
    pub usable_fraction: f64,
    /// Training sequence length for activation memory.
    pub seq_len: f64,
    /// Hidden size / layers.
    pub aspect_ratio: f64,
    /// Bytes of text per token.
    pub bytes_per_token: f64,
    /// Checkpoint bytes per parameter (full training).
    pub checkpoint_bytes_per_param: f64,
    /// Achieved share of peak memory bandwidth when decoding.
    pub decode_efficiency: f64,
    /// Planned share of an instance's serving capacity.
    pub serving_utilization: f64,
    /// Spot interruptions per instance-month by band, `<5%` … `>20%`.
    pub spot_per_month: [f64; 5],
    /// Fallback MFU.
    pub mfu_default: f64,
    /// CPU figures by instance family (the families the `cpu-*` coefficients list).
    pub cpu: std::collections::BTreeMap<String, CpuFigures>,
    /// Training data throughput without a model: (GB per hour on the reference accelerator,
    /// its dense TFLOPS); None when the catalog lacks either coefficient.
    pub data_throughput: Option<(f64, f64)>,
    /// Multi-node data-parallel efficiency kept per doubling of the nodes (None: the catalog
    /// has no figure, and scaling is taken as linear, which the answer says).
    pub node_scaling: Option<f64>,
    /// Passes over the same data that train almost as well as new data (`training-useful-epochs`;
    /// None: no warning).
    pub useful_epochs: Option<f64>,
    /// The largest training cluster, in accelerators (None: no limit in the catalog).
    pub max_accelerators: Option<f64>,
    /// Tokens per optimizer step and bytes per parameter a node sends per step, for the
    /// network time of multi-node training (None: the catalog lacks either, and the network
    /// is not modelled, which the answer says).
    pub sharded_network: Option<(f64, f64)>,
    /// Seconds from launching an instance to its booted OS (None: not in the catalog).
    pub instance_startup_seconds: Option<f64>,
    /// Seconds a job stops for each checkpoint (None: not in the catalog, and a checkpoint
    /// stops the job for its whole write).
    pub checkpoint_blocking_seconds: Option<f64>,
    /// Local NVMe read throughput per TB of it, GB/s (None: not in the catalog, and a working
    /// copy never moves to NVMe).
    pub nvme_gb_per_s_per_tb: Option<f64>,
    /// The most one instance reads from S3, GB/s (None: not in the catalog, and the instance's
    /// network is the limit).
    pub s3_read_gb_per_s: Option<f64>,
    /// Milliseconds per layer a decode step spends beyond its reads and FLOPs on one
    /// accelerator, and more when split over several (None: not in the catalog).
    pub decode_layer_overhead_ms: Option<f64>,
    /// See `decode_layer_overhead_ms`.
    pub decode_tp_layer_overhead_ms: Option<f64>,
    /// The first-token and per-token targets of a generation, ms (`generation-ttft-ms`,
    /// `generation-tpot-ms`; None: not in the catalog).
    pub generation_targets_ms: Option<(f64, f64)>,
    /// Neuron (Inferentia2, Trainium) decode: output tokens a second per chip for a model of a
    /// billion active parameters at full load, and the milliseconds each step spends beyond
    /// its reads (None: not in the catalog, and the GPU figures apply).
    pub neuron_decode: Option<(f64, f64)>,
    /// The serving engine's default cap on sequences decoded together (`serving-max-batch`),
    /// and the larger one of the families `serving-max-batch-large-memory` lists.
    pub serving_max_batch: Option<f64>,
    /// See `serving_max_batch`: the value and its families.
    pub serving_max_batch_large: Option<(f64, Vec<String>)>,
}

/// The coefficient with the multi-node scaling efficiency per doubling of the nodes.
pub const NODE_SCALING: &str = "training-node-scaling-per-doubling";
/// Passes over the same data that train almost as well as new data (optional).
pub const USEFUL_EPOCHS: &str = "training-useful-epochs";

/// The largest run the node-scaling figure was measured on (512 GPUs in its source): beyond
/// it the figure is extrapolated, and the answer says so.
pub const NODE_SCALING_MEASURED_ACCELERATORS: u64 = 512;

/// The coefficient with the largest training cluster advisor sizes, in accelerators.
pub const MAX_ACCELERATORS: &str = "training-max-accelerators";

/// The coefficient with the tokens of one optimizer step of a training run (its global batch).
pub const GLOBAL_BATCH_TOKENS: &str = "training-global-batch-tokens";

/// The coefficient with the bytes a node sends per parameter per step in sharded data-parallel
/// training (FSDP full sharding, ZeRO stage 3).
pub const SHARDED_BYTES_PER_PARAM: &str = "training-sharded-network-bytes-per-param";

/// The coefficient with the seconds from launching an instance to its booted OS.
pub const INSTANCE_STARTUP: &str = "instance-startup-seconds";

/// The coefficient with the seconds a training job stops for each checkpoint.
pub const CHECKPOINT_BLOCKING: &str = "checkpoint-blocking-seconds";

/// The coefficient with the read throughput of local NVMe per TB of it.
pub const NVME_READ: &str = "instance-nvme-read-gb-per-s-per-tb";

/// The coefficient with the most one instance reads from S3.
pub const S3_READ: &str = "s3-read-gb-per-s-per-instance";

/// What decides whether a sharded data-parallel step waits on the network between nodes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Network {
    /// The instance's network bandwidth, Gbps.
    pub node_gbps: f64,
    /// Accelerators per instance.
    pub per_node: f64,
    /// What one accelerator achieves, FLOP/s (dense peak × MFU).
    pub achieved_flops: f64,
    /// Tokens per optimizer step (`training-global-batch-tokens`).
    pub batch_tokens: f64,
    /// Bytes each node sends per parameter per step, before the (n − 1) / n of a
    /// hierarchical collective (`training-sharded-network-bytes-per-param`).
    pub bytes_per_param: f64,
}

impl Network {
    /// Network time over compute time of one step on `nodes` nodes. A step computes
    /// 6 × P × B / (n × k) FLOPs on each accelerator, at R FLOP/s; each node moves
    /// β × P × (n − 1) / n bytes through its W bytes/s. The parameters cancel:
    /// β × (n − 1) × k × R / (6 × B × W).
    pub fn ratio(&self, nodes: u64) -> f64 {
        if nodes <= 1 || self.node_gbps <= 0.0 {
            return 0.0;
        }
        let w = self.node_gbps * 1e9 / 8.0;
        self.bytes_per_param * (nodes - 1) as f64 * self.per_node * self.achieved_flops
            / (6.0 * self.batch_tokens * w)
    }

    /// The node count from which a step waits on the network (its ratio reaches 1): more
    /// nodes beyond it barely shorten the step, while each still costs its hours.
    pub fn bound_nodes(&self) -> f64 {
        let w = self.node_gbps * 1e9 / 8.0;
        1.0 + 6.0 * self.batch_tokens * w
            / (self.bytes_per_param * self.per_node * self.achieved_flops)
    }
}

/// The share of linear speed-up `nodes` instances keep: `per_doubling`^log2(nodes) (1 on one
/// node: within a node, the MFU coefficients are measured on the node's accelerators), and,
/// once the network time of a step exceeds its compute time (the two overlap until then),
/// compute over network time.
pub fn node_scaling_efficiency(nodes: u64, per_doubling: f64, network: Option<&Network>) -> f64 {
    if nodes <= 1 {
        return 1.0;
    }
    let measured = per_doubling.powf((nodes as f64).log2());
    let ratio = network.map_or(0.0, |n| n.ratio(nodes));
    measured * (1.0 / ratio).min(1.0)
}

/// Coefficient ids the engine reads; a catalog must define them (validation checks).
pub use crate::vocab::REQUIRED_COEFFICIENTS as REQUIRED;

impl Coefficients {
    /// Read every coefficient from a validated catalog.
    pub fn of(catalog: &Catalog) -> Coefficients {
        let v = |id: &str| {
            catalog
                .coefficient(id)
                .map(|c| c.value)
                .expect("validation requires every coefficient in sizing::REQUIRED")
        };
        Coefficients {
            working_set_factor: v("exploration-working-set-factor"),
            full_bytes_per_param: v("full-training-bytes-per-param"),
            lora_fraction: v("lora-trainable-fraction"),
            lora_time_factor: v("lora-time-factor"),
            overhead_bytes: v("framework-overhead-gb") * 1e9,
            usable_fraction: v("memory-usable-fraction"),
            seq_len: v("activation-seq-len"),
            aspect_ratio: v("model-aspect-ratio"),
            bytes_per_token: v("bytes-per-token"),
            checkpoint_bytes_per_param: v("checkpoint-bytes-per-param"),
            decode_efficiency: v("decode-bandwidth-efficiency"),
            serving_utilization: v("serving-target-utilization"),
            spot_per_month: [
                v("spot-interruptions-per-month-lt5"),
                v("spot-interruptions-per-month-5-10"),
                v("spot-interruptions-per-month-10-15"),
                v("spot-interruptions-per-month-15-20"),
                v("spot-interruptions-per-month-gt20"),
            ],
            mfu_default: v("mfu-default"),
            cpu: catalog
                .coefficients()
                .iter()
                .filter(|c| c.id.starts_with(CPU_BANDWIDTH_PREFIX))
                .flat_map(|c| &c.families)
                .filter_map(|f| cpu_figures(catalog, f).map(|x| (f.clone(), x)))
                .collect(),
            node_scaling: catalog.coefficient(NODE_SCALING).map(|c| c.value),
            useful_epochs: catalog.coefficient(USEFUL_EPOCHS).map(|c| c.value),
            max_accelerators: catalog.coefficient(MAX_ACCELERATORS).map(|c| c.value),
            sharded_network: catalog
                .coefficient(GLOBAL_BATCH_TOKENS)
                .zip(catalog.coefficient(SHARDED_BYTES_PER_PARAM))
                .map(|(b, bytes)| (b.value, bytes.value)),
            instance_startup_seconds: catalog.coefficient(INSTANCE_STARTUP).map(|c| c.value),
            checkpoint_blocking_seconds: catalog.coefficient(CHECKPOINT_BLOCKING).map(|c| c.value),
            nvme_gb_per_s_per_tb: catalog.coefficient(NVME_READ).map(|c| c.value),
            s3_read_gb_per_s: catalog.coefficient(S3_READ).map(|c| c.value),
            decode_layer_overhead_ms: catalog
                .coefficient("decode-layer-overhead-ms")
                .map(|c| c.value),
            decode_tp_layer_overhead_ms: catalog
                .coefficient("decode-tp-layer-overhead-ms")
                .map(|c| c.value),
            generation_targets_ms: catalog
                .coefficient(crate::workload::GENERATION_TTFT)
                .zip(catalog.coefficient(crate::workload::GENERATION_TPOT))
                .map(|(a, b)| (a.value, b.value)),
            neuron_decode: catalog
                .coefficient("neuron-decode-tokens-per-s-per-chip")
                .zip(catalog.coefficient("neuron-decode-step-overhead-ms"))
                .map(|(rate, overhead)| (rate.value, overhead.value)),
            serving_max_batch: catalog.coefficient(MAX_BATCH).map(|c| c.value),
            serving_max_batch_large: catalog
                .coefficient(MAX_BATCH_LARGE)
                .map(|c| (c.value, c.families.clone())),
            data_throughput: catalog
                .coefficient(DATA_THROUGHPUT)
                .zip(catalog.coefficient(DATA_THROUGHPUT_REFERENCE))
                .map(|(rate, reference)| (rate.value, reference.value)),
        }
    }
}

/// Per-vCPU figures of the processor of an instance family, for CPU-only serving and scoring.
#[derive(Debug, Clone, PartialEq)]
pub struct CpuFigures {
    /// Memory bandwidth per vCPU, GB/s.
    pub bandwidth_gb_per_s: f64,
    /// Dense FP32 peak per vCPU, GFLOPS.
    pub peak_gflops: f64,
    /// The processor, from the coefficient ids (`graviton3` of `cpu-peak-gflops-graviton3`).
    pub processor: String,
    /// The two coefficient ids.
    pub ids: [String; 2],
}

/// GB of training data per hour on the reference accelerator (training without a model).
pub const DATA_THROUGHPUT: &str = "training-data-throughput-gb-per-hour";
/// Dense TFLOPS of the accelerator [`DATA_THROUGHPUT`] was measured on.
pub const DATA_THROUGHPUT_REFERENCE: &str = "training-data-throughput-reference-tflops";

/// The serving engine's default cap on a replica's batch.
pub const MAX_BATCH: &str = "serving-max-batch";
/// The larger cap of the families with 70 GiB GPUs (other than A100).
pub const MAX_BATCH_LARGE: &str = "serving-max-batch-large-memory";

impl Coefficients {
    /// The most sequences a replica of `family` decodes together, and the coefficient that says
    /// so; None: no cap in the catalog.
    pub fn max_batch(&self, family: &str) -> Option<(f64, &'static str)> {
        match &self.serving_max_batch_large {
            Some((v, families)) if families.iter().any(|f| f == family) => {
                Some((*v, MAX_BATCH_LARGE))
            }
            _ => self.serving_max_batch.map(|v| (v, MAX_BATCH)),
        }
    }
}

/// Prefix of the per-family memory-bandwidth coefficients.
pub const CPU_BANDWIDTH_PREFIX: &str = "cpu-memory-bandwidth-";
/// Prefix of the per-family peak-compute coefficients.
pub const CPU_PEAK_PREFIX: &str = "cpu-peak-gflops-";

/// The CPU figures of `family`: a `cpu-memory-bandwidth-*` and a `cpu-peak-gflops-*`
/// coefficient that both list the family. None when the catalog lacks either.
pub fn cpu_figures(catalog: &Catalog, family: &str) -> Option<CpuFigures> {
    let find = |prefix: &str| {
        catalog
            .coefficients()
            .iter()
            .find(|c| c.id.starts_with(prefix) && c.families.iter().any(|f| f == family))
    };
    let bw = find(CPU_BANDWIDTH_PREFIX)?;
    let peak = find(CPU_PEAK_PREFIX)?;
    Some(CpuFigures {
        bandwidth_gb_per_s: bw.value,
        peak_gflops: peak.value,
        processor: peak.id[CPU_PEAK_PREFIX.len()..].to_string(),
        ids: [bw.id.clone(), peak.id.clone()],
    })
}

/// Memory variants of one chip: an accelerator without an MFU figure of its own takes its
/// chip's (the same silicon, the same peak).
const MFU_SAME_CHIP: [(&str, &str); 3] = [
    ("h200", "h100"),
    ("a100-80gb", "a100"),
    ("v100-32gb", "v100"),
];

/// The MFU coefficient for an accelerator at a precision, and its id: the accelerator's own
/// (`mfu-<id>`, `mfu-<id>-fp8` at FP8), else its chip's (H200 takes H100's, A100 80GB the
/// A100's), else `mfu-default`. None for FP8 when neither the accelerator nor its chip has an
/// FP8 figure: the caller then falls back to the 16-bit path, so an equal-peak chip never looks
/// faster for lack of a measurement.
pub fn mfu_for(catalog: &Catalog, accelerator: &str, fp8: bool) -> Option<(f64, String)> {
    let suffix = if fp8 { "-fp8" } else { "" };
    let chip = MFU_SAME_CHIP
        .iter()
        .find(|(variant, _)| *variant == accelerator)
        .map(|(_, chip)| *chip);
    let ids = [Some(accelerator), chip];
    for id in ids.into_iter().flatten() {
        let key = format!("mfu-{id}{suffix}");
        if let Some(c) = catalog.coefficient(&key) {
            return Some((c.value, key));
        }
    }
    (!fp8).then(|| mfu_default(catalog))
}

/// `mfu-default`, which validation requires.
fn mfu_default(catalog: &Catalog) -> (f64, String) {
    let c = catalog
        .coefficient("mfu-default")
        .expect("validation requires mfu-default");
    (c.value, c.id.clone())
}

/// The MFU coefficient for an accelerator ([`mfu_for`]), `mfu-default` when it has none.
pub fn mfu(catalog: &Catalog, accelerator: &str, fp8: bool) -> (f64, String) {
    mfu_for(catalog, accelerator, fp8).unwrap_or_else(|| mfu_default(catalog))
}

/// The peak and MFU a training run gets: FP8's where the accelerator (or its chip) has an FP8
/// MFU figure, else the 16-bit path's, and a note when FP8 was asked for but not used.
pub fn training_rate(
    catalog: &Catalog,
    a: &Accelerator,
    p: Precision,
) -> Option<(f64, f64, String, Option<String>)> {
    let (peak, fp8) = peak_tflops(a, p)?;
    if fp8 {
        if let Some((mfu, id)) = mfu_for(catalog, &a.id, true) {
            return Some((peak, mfu, id, None));
        }
        let peak16 = a.dense_16bit_tflops()?;
        let (mfu, id) = mfu(catalog, &a.id, false);
        let note = format!(
            "no FP8 MFU figure for {} or its chip: timed at its 16-bit peak ({peak16} TFLOPS) and MFU",
            a.name
        );
        return Some((peak16, mfu, id, Some(note)));
    }
    let (mfu, id) = mfu(catalog, &a.id, false);
    // FP8 (or BF16) asked for on a chip without it: the 16-bit (FP16) path, said
    let note = match p {
        Precision::Fp8 => Some(format!(
            "{} has no FP8 in the catalog: timed at its 16-bit peak ({peak} TFLOPS)",
            a.name
        )),
        Precision::Bf16 if a.bf16_tflops.is_none() => Some(format!(
            "{} has no BF16: timed at its FP16 peak ({peak} TFLOPS), mixed precision in FP16",
            a.name
        )),
        _ => None,
    };
    Some((peak, mfu, id, note))
}

/// Dense peak TFLOPS of an accelerator at a precision, and whether the FP8 path was used.
pub fn peak_tflops(a: &Accelerator, p: Precision) -> Option<(f64, bool)> {
    match p {
        Precision::Fp8 if a.fp8 == Some(true) && a.fp8_tflops.is_some() => {
            a.fp8_tflops.map(|t| (t, true))
        }
        Precision::Fp32 => a.fp32_tflops.map(|t| (t, false)),
        _ => a.dense_16bit_tflops().map(|t| (t, false)),
    }
}

/// Weight bytes per parameter at a precision (sizing-facts §5).
pub fn weight_bytes_per_param(p: Precision) -> f64 {
    match p {
        Precision::Fp32 => 4.0,
        Precision::Bf16 | Precision::Fp16 => 2.0,
        Precision::Fp8 | Precision::Int8 => 1.0,
        Precision::Int4 => 0.5,
    }
}

/// Memory of a training job, before it is split over accelerators.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TrainingMemory {
    /// Model states (weights, gradients, optimizer), sharded over the accelerators.
    pub states_bytes: f64,
    /// Activations per accelerator (full recomputation, micro-batch 1).
    pub activations_bytes: f64,
    /// Framework overhead per accelerator.
    pub overhead_bytes: f64,
}

impl TrainingMemory {
    /// Bytes needed on each of `devices` accelerators.
    pub fn per_device(&self, devices: u64) -> f64 {
        self.states_bytes / devices.max(1) as f64 + self.activations_bytes + self.overhead_bytes
    }

    /// The smallest number of accelerators with `usable_bytes` each that holds the job (model
    /// states sharded ZeRO-3/FSDP style); None when even a fully sharded job does not fit.
    pub fn devices_needed(&self, usable_bytes: f64) -> Option<u64> {
        let room = usable_bytes - self.activations_bytes - self.overhead_bytes;
        if room <= 0.0 {
            return None;
        }
        let n = (self.states_bytes / room).ceil();
        (n.is_finite() && n < 1e9).then_some((n as u64).max(1))
    }
}

/// Trainable parameters: all of them for full training, the adapters for LoRA and QLoRA.
pub fn trainable_params(params: f64, method: Method, c: &Coefficients) -> f64 {
    match method {
        Method::Full => params,
        Method::Lora | Method::Qlora => params * c.lora_fraction,
    }
}

/// Training memory by method: full = 16 B/param of states; LoRA = frozen 16-bit base (2 B/param)
/// + adapters with full states; QLoRA = 4-bit base (0.5 B/param) + adapters (sizing-facts §3).
pub fn training_memory(params: f64, method: Method, c: &Coefficients) -> TrainingMemory {
    let adapters = trainable_params(params, method, c) * c.full_bytes_per_param;
    let states_bytes = match method {
        Method::Full => params * c.full_bytes_per_param,
        Method::Lora => params * 2.0 + adapters,
        Method::Qlora => params * 0.5 + adapters,
    };
    TrainingMemory {
        states_bytes,
        activations_bytes: activation_bytes(params, c),
        overhead_bytes: c.overhead_bytes,
    }
}

/// Activation memory per accelerator with full recomputation: 2 × seq × hidden × layers bytes
/// at micro-batch 1 (Korthikanti et al.), the shape estimated from P = 12 × layers × hidden² at
/// hidden = aspect × layers.
pub fn activation_bytes(params: f64, c: &Coefficients) -> f64 {
    let a = c.aspect_ratio;
    let layers = (params / (12.0 * a * a)).cbrt();
    let hidden = a * layers;
    2.0 * c.seq_len * hidden * layers
}

/// Training FLOPs ≈ 6 × parameters × tokens (Kaplan et al.).
pub fn training_flops(params: f64, tokens: f64) -> f64 {
    6.0 * params * tokens
}

/// Hours to run `flops` on `devices` accelerators of `peak_tflops` dense peak at `mfu`.
pub fn training_hours(flops: f64, devices: u64, peak_tflops: f64, mfu: f64) -> f64 {
    flops / (devices as f64 * peak_tflops * 1e12 * mfu) / 3600.0
}

/// One serving replica (one instance, its accelerators together).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ServingCapacity {
    /// Model weights, bytes.
    pub weights_bytes: f64,
    /// KV cache of one sequence (context + output tokens), bytes.
    pub kv_bytes_per_sequence: f64,
    /// Memory needed with one sequence in flight, bytes.
    pub min_memory_bytes: f64,
    /// Sequences decoded together (largest batch that fits memory and the latency target).
    pub batch: u64,
    /// Time to process the prompt, ms.
    pub prefill_ms: f64,
    /// Latency of one request at that batch, ms.
    pub latency_ms: f64,
    /// Requests per second one replica sustains.
    pub requests_per_second: f64,
}

/// What a serving replica has: memory, bandwidth and compute of all its accelerators.
#[derive(Debug, Clone, Copy)]
pub struct Device {
    /// Usable memory, bytes (already × usable fraction, less overhead).
    pub usable_bytes: f64,
    /// Memory bandwidth, bytes/s.
    pub bandwidth: f64,
    /// Dense peak FLOP/s.
    pub peak_flops: f64,
    /// MFU for compute-bound work.
    pub mfu: f64,
    /// The most output tokens a second the replica was measured to decode at full load, when
    /// its chips need their own figure (Neuron); None: bandwidth and compute decide.
    pub decode_cap_tokens_per_s: Option<f64>,
    /// The most sequences the serving engine decodes together (its default cap); None: memory
    /// and latency decide.
    pub max_batch: Option<f64>,
}

/// Why a replica cannot serve the model.
#[derive(Debug, Clone, PartialEq)]
pub enum ServingMiss {
    /// Needed bytes, available bytes.
    Memory(f64, f64),
    /// Best latency reachable (batch 1): the request's, its prompt's and one generated
    /// token's, ms.
    Latency {
        /// The whole request at batch 1.
        request_ms: f64,
        /// Its prefill.
        prefill_ms: f64,
        /// One decode step.
        per_token_ms: f64,
    },
}

/// One serving request's shape: the model and what each request asks of it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Request {
    /// Parameters held in memory (all experts).
    pub params: f64,
    /// Parameters a token runs through (the active experts).
    pub active_params: f64,
    /// Weight precision.
    pub precision: Precision,
    /// Parameters of the embeddings and output head, kept 16-bit when the rest is quantized
    /// (0: unknown, everything at `precision`).
    pub embedding_params: f64,
    /// A mixture of experts: experts, and experts each token runs through.
    pub experts: Option<(f64, f64)>,
    /// KV-cache bytes per token of a sequence.
    pub kv_bytes_per_token: f64,
    /// Prompt tokens.
    pub context_tokens: f64,
    /// Generated tokens.
    pub output_tokens: f64,
    /// Latency target, ms.
    pub latency_target_ms: f64,
    /// Attention FLOPs of the prompt per token squared: 2 × layers × heads × head dim (causal
    /// attention's QKᵀ and AV over half the pairs); 0 when the shape is unknown.
    pub attention_flops_per_token_sq: f64,
    /// What a decode step costs beyond reading and computing: kernel launches per layer, and
    /// with the model split over several accelerators their all-reduces, seconds.
    pub step_overhead_s: f64,
    /// Separate targets for the first token and each token after it, seconds (a generation's
    /// default service level); None: the whole request's `latency_target_ms` only.
    pub token_targets_s: Option<(f64, f64)>,
}

/// Bytes of a model's weights in memory: the layers at the precision; with quantized weights
/// (int8, int4, fp8) the embeddings and output head stay 16-bit, as AWQ, GPTQ and FP8
/// checkpoints keep them.
pub fn model_weight_bytes(params: f64, embedding_params: f64, p: Precision) -> f64 {
    let embeddings = embedding_params.clamp(0.0, params);
    match p {
        Precision::Int8 | Precision::Int4 | Precision::Fp8 => {
            (params - embeddings) * weight_bytes_per_param(p) + embeddings * 2.0
        }
        _ => params * weight_bytes_per_param(p),
    }
}

impl Request {
    /// Bytes of the weights in memory.
    pub fn weight_bytes(&self) -> f64 {
        model_weight_bytes(self.params, self.embedding_params, self.precision)
    }

    /// Bytes of the weights a decode step at batch `b` reads: all of them, but of a mixture of
    /// E experts with k per token only those some token of the batch is routed to, on average
    /// 1 − (1 − k/E)^b of them (independent, uniform routing): a single request reads its
    /// active parameters, a batch of 16 nearly every expert.
    pub fn weights_read(&self, b: f64) -> f64 {
        let all = self.weight_bytes();
        match self.experts {
            Some((e, k)) if e > k && k > 0.0 => {
                let per_expert = (self.params - self.active_params) / (e - k);
                let experts = e * per_expert * weight_bytes_per_param(self.precision);
                let untouched = (1.0 - k / e).powf(b.max(1.0));
                all - experts * untouched
            }
            _ => all,
        }
    }
}

/// Size a serving replica: weights + KV cache must fit; a request's latency (its prompt's
/// prefill, compute-bound with attention that grows with the prompt, then `output_tokens`
/// decode steps, each the slower of reading the weights and the batch's KV cache and computing
/// the batch's tokens, and never shorter than the step floor) must meet `latency_target_ms`;
/// the batch is the largest that satisfies both (sizing-facts §5).
pub fn serving(r: &Request, d: &Device, c: &Coefficients) -> Result<ServingCapacity, ServingMiss> {
    let (context_tokens, output_tokens, latency_target_ms) =
        (r.context_tokens, r.output_tokens, r.latency_target_ms);
    let weights = r.weight_bytes();
    let kv = r.kv_bytes_per_token * (context_tokens + output_tokens);
    let min_memory = weights + kv;
    if min_memory > d.usable_bytes {
        return Err(ServingMiss::Memory(min_memory, d.usable_bytes));
    }
    // without a cache (an encoder) nothing is decoded in batches: one pass a request
    let batch_mem = if kv > 0.0 {
        ((d.usable_bytes - weights) / kv)
            .floor()
            .min(d.max_batch.unwrap_or(f64::INFINITY))
            .max(1.0)
    } else {
        1.0
    };
    let prefill_s = prefill_seconds(r, d);
    let step = |b: f64| decode_step(r, d, c, b);
    // the prefill yields the first token; each further one is a decode step
    let steps = (output_tokens - 1.0).max(0.0);
    // under load, each step also makes room for the prompts of the other requests that replace
    // the ones finishing: (b - 1) / steps of them a step, each a prefill
    let per_token = |b: f64| {
        step(b)
            + if steps > 0.0 {
                (b - 1.0).max(0.0) * prefill_s / steps
            } else {
                0.0
            }
    };
    let latency = |b: f64| prefill_s + steps * per_token(b);
    let target_s = latency_target_ms / 1000.0;
    let misses_tokens = r
        .token_targets_s
        .is_some_and(|(ttft, tpot)| prefill_s > ttft || (steps > 0.0 && per_token(1.0) > tpot));
    if latency(1.0) > target_s || misses_tokens {
        return Err(ServingMiss::Latency {
            request_ms: latency(1.0) * 1000.0,
            prefill_ms: prefill_s * 1000.0,
            per_token_ms: step(1.0) * 1000.0,
        });
    }
    // the largest batch whose tokens (and so the request) meet the targets: every term grows
    // with the batch, so halve the range
    let fits = |b: f64| match r.token_targets_s {
        Some((_, tpot)) => per_token(b) <= tpot && latency(b) <= target_s,
        None => latency(b) <= target_s,
    };
    let (mut lo, mut hi) = (1.0_f64, batch_mem);
    if fits(hi) {
        lo = hi;
    }
    while hi - lo > 1.0 {
        let mid = ((lo + hi) / 2.0).floor();
        if fits(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let batch = lo;
    // device-seconds per request: its prefill, plus its share of the batched decode steps
    let seconds_per_request = prefill_s + steps * step(batch) / batch;
    Ok(ServingCapacity {
        weights_bytes: weights,
        kv_bytes_per_sequence: kv,
        min_memory_bytes: min_memory,
        batch: batch as u64,
        prefill_ms: prefill_s * 1000.0,
        latency_ms: latency(batch) * 1000.0,
        requests_per_second: 1.0 / seconds_per_request,
    })
}

/// Seconds of a request's prefill (its prompt, which yields the first token): 2 × active
/// parameters × prompt tokens, plus the attention's prompt² term, at peak × MFU (the training
/// MFU: see `prefill_at_the_training_mfu_matches_vllm`).
pub fn prefill_seconds(r: &Request, d: &Device) -> f64 {
    let tokens = r.context_tokens;
    (2.0 * r.active_params * tokens + r.attention_flops_per_token_sq * tokens * tokens)
        / (d.peak_flops * d.mfu)
}

/// Seconds of one decode step at batch `b`: the slower of reading the weights and the batch's
/// KV cache at the achieved bandwidth and computing the batch's tokens, plus the step's
/// overhead.
pub fn decode_step(r: &Request, d: &Device, c: &Coefficients, b: f64) -> f64 {
    let kv = r.kv_bytes_per_token * (r.context_tokens + r.output_tokens);
    ((r.weights_read(b) + b * kv) / (d.bandwidth * c.decode_efficiency))
        .max(2.0 * r.active_params * b / (d.peak_flops * d.mfu))
        .max(d.decode_cap_tokens_per_s.map_or(0.0, |cap| b / cap))
        + r.step_overhead_s
}

/// Bytes a second one instance moves to or from S3, and whether the network limits it (else
/// `s3-read-gb-per-s-per-instance`, `max_gb_per_s`, does).
pub fn s3_rate(max_gb_per_s: Option<f64>, network_gbps: f64) -> (f64, bool) {
    let network = network_gbps * 1e9 / 8.0;
    match max_gb_per_s.map(|g| g * 1e9) {
        Some(max) if network <= 0.0 || max < network => (max, false),
        _ => (network, true),
    }
}

/// Seconds a decode step spends beyond its reads and FLOPs: per layer, `decode-layer-overhead-
/// ms`, and `decode-tp-layer-overhead-ms` more when the model is split over `accelerators`.
pub fn step_overhead(c: &Coefficients, layers: f64, accelerators: u32) -> f64 {
    let per_layer = c.decode_layer_overhead_ms.unwrap_or(0.0)
        + if accelerators > 1 {
            c.decode_tp_layer_overhead_ms.unwrap_or(0.0)
        } else {
            0.0
        };
    layers * per_layer / 1000.0
}

/// Spot expected cost results for one job.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SpotEstimate {
    /// Expected interruptions over the job.
    pub expected_interruptions: f64,
    /// Checkpoint size, GB.
    pub checkpoint_gb: f64,
    /// Minutes to write (or read back) one checkpoint.
    pub checkpoint_write_minutes: f64,
    /// Seconds the job stops for each checkpoint.
    pub checkpoint_blocking_seconds: f64,
    /// Checkpoint every this many hours (Young's interval, at least one write).
    pub checkpoint_interval_hours: f64,
    /// Expected wall-clock hours on spot: the job, checkpoint stops and rework.
    pub expected_hours: f64,
}

/// How a job checkpoints and restarts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Checkpointing {
    /// Bytes of one checkpoint.
    pub bytes: f64,
    /// Bytes per second it is written (and read back) at, all instances together.
    pub write_bytes_per_s: f64,
    /// Seconds the job stops for each checkpoint (`checkpoint-blocking-seconds`, asynchronous
    /// checkpointing); None: it stops for the whole write.
    pub blocking_seconds: Option<f64>,
    /// Seconds a replacement instance takes to start (`instance-startup-seconds`), paid at
    /// each interruption.
    pub restart_seconds: f64,
}

/// Expected spot hours of a job of `job_hours` on `instances` instances that each see
/// `per_month` interruptions per month: checkpoint every √(2 × stop × MTBF) hours (Young), where
/// the stop is the blocking part of a checkpoint, but no more often than one write takes; each
/// interruption loses half an interval, a restart and reading the checkpoint back.
pub fn spot_expected(
    job_hours: f64,
    instances: u64,
    per_month: f64,
    ck: &Checkpointing,
) -> SpotEstimate {
    let rate_per_hour = per_month / crate::vocab::HOURS_PER_MONTH * instances as f64;
    let write_h = ck.bytes / ck.write_bytes_per_s / 3600.0;
    let stop_h = ck.blocking_seconds.map_or(write_h, |s| s / 3600.0);
    let mtbf = if rate_per_hour > 0.0 {
        1.0 / rate_per_hour
    } else {
        f64::INFINITY
    };
    let interval = (2.0 * stop_h * mtbf)
        .sqrt()
        .max(write_h)
        .min(job_hours.max(write_h));
    let expected_interruptions = job_hours * rate_per_hour;
    let checkpoint_overhead = if interval > 0.0 {
        job_hours / interval * stop_h
    } else {
        0.0
    };
    let rework = expected_interruptions * (interval / 2.0 + write_h + ck.restart_seconds / 3600.0);
    SpotEstimate {
        expected_interruptions,
        checkpoint_gb: ck.bytes / 1e9,
        checkpoint_write_minutes: write_h * 60.0,
        checkpoint_blocking_seconds: stop_h * 3600.0,
        checkpoint_interval_hours: interval,
        expected_hours: job_hours + checkpoint_overhead + rework,
    }
}

/// Index of a spot interruption band in [`crate::catalog::SPOT_BANDS`].
pub fn band_index(band: &str) -> Option<usize> {
    crate::catalog::SPOT_BANDS.iter().position(|b| *b == band)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c() -> Coefficients {
        Coefficients::of(&Catalog::builtin().unwrap())
    }

    /// The documented cross-check of the Graviton4 figures: Arm measured 5-10 tokens/s for
    /// Llama 3 70B at 4 bits on c8g.16xlarge (64 vCPUs).
    #[test]
    fn graviton4_decode_of_70b_at_4_bits_matches_arms_measurement() {
        let catalog = Catalog::builtin().unwrap();
        let f = cpu_figures(&catalog, "c8g").expect("c8g has CPU figures");
        assert_eq!(f.processor, "graviton4");
        let bandwidth = 64.0 * f.bandwidth_gb_per_s * 1e9 * c().decode_efficiency;
        let tokens_per_s = bandwidth / (70e9 * weight_bytes_per_param(Precision::Int4));
        assert!((5.0..=10.0).contains(&tokens_per_s), "{tokens_per_s}");
    }

    #[test]
    fn full_training_of_7b_needs_112_gb_of_model_states() {
        let m = training_memory(7e9, Method::Full, &c());
        assert_eq!(m.states_bytes, 112e9);
    }

    #[test]
    fn qlora_7b_fits_one_16_to_24_gb_gpu() {
        let c = c();
        let m = training_memory(7e9, Method::Qlora, &c);
        for gib in [16.0, 22.35, 24.0] {
            let usable = gib * GIB * c.usable_fraction;
            assert_eq!(m.devices_needed(usable), Some(1), "{gib} GiB");
            assert!(m.per_device(1) <= usable);
        }
        // full training of 7B does not fit one 80 GiB GPU, and needs several
        let full = training_memory(7e9, Method::Full, &c);
        assert!(full.devices_needed(80.0 * GIB * c.usable_fraction).unwrap() > 1);
    }

    #[test]
    fn activations_follow_the_estimated_shape() {
        // 7B at aspect 128: about 33 layers of hidden 4,200 (Llama-2-7B: 32 × 4,096)
        let a = activation_bytes(7e9, &c());
        assert!((0.5e9..0.65e9).contains(&a), "{a}");
    }

    /// The network of p4d.24xlarge (400 Gbps for 8 A100 at the catalog's 47.5% MFU) with the
    /// catalog's batch and bytes per parameter.
    fn p4d() -> Network {
        let c = c();
        let (batch_tokens, bytes_per_param) = c.sharded_network.expect("both coefficients");
        Network {
            node_gbps: 400.0,
            per_node: 8.0,
            achieved_flops: 312e12 * 0.475,
            batch_tokens,
            bytes_per_param,
        }
    }

    /// Worked example against a published measurement: MosaicML (Linden Li, 2022, quoted at
    /// simonwillison.net/2022/Sep/24/linden-li) trained a 1.3B model at a fixed global batch
    /// on A100 nodes with 400 to 1,600 Gbps and measured 3.9× on 4 nodes and 14.4× on 16
    /// (0.975 and 0.90 of linear). On p4d's 400 Gbps, the slowest of those networks, the
    /// model gives 0.968 and 0.937: within 5% of both, the network hidden behind compute.
    #[test]
    fn node_scaling_on_p4d_matches_mosaicmls_measurement() {
        let per_doubling = c().node_scaling.unwrap();
        let net = p4d();
        assert!(net.ratio(16) < 0.2, "{}", net.ratio(16));
        let e4 = node_scaling_efficiency(4, per_doubling, Some(&net));
        let e16 = node_scaling_efficiency(16, per_doubling, Some(&net));
        assert!((e4 - 3.9 / 4.0).abs() < 0.05 * 0.975, "{e4}");
        assert!((e16 - 14.4 / 16.0).abs() < 0.05 * 0.90, "{e16}");
        // one node loses nothing; each doubling keeps less than all of the speed-up
        assert_eq!(node_scaling_efficiency(1, per_doubling, Some(&net)), 1.0);
        assert!(e16 < e4);
    }

    /// The network term: β × (n − 1) × k × R / (6 × B × W). On p4d with a 4M-token batch,
    /// 6 × (n − 1) × 8 × 148.2e12 / (6 × 4,194,304 × 50e9) = (n − 1) × 0.00565, so a step
    /// waits on the network from 177 nodes; a 10× slower network gets there 10× sooner, and
    /// past it a node adds less than its share.
    #[test]
    fn a_slow_network_bounds_the_useful_cluster() {
        let net = p4d();
        let per_node = 6.0 * 8.0 * 312e12 * 0.475 / (6.0 * 4_194_304.0 * 50e9);
        assert!((net.ratio(11) - 10.0 * per_node).abs() < 1e-12);
        assert!((net.bound_nodes() - (1.0 + 1.0 / per_node)).abs() < 1e-9);
        assert_eq!(net.bound_nodes().floor(), 177.0);
        let slow = Network {
            node_gbps: 40.0,
            ..net
        };
        assert!((slow.bound_nodes() - 1.0 - (net.bound_nodes() - 1.0) / 10.0).abs() < 1e-9);
        // beyond the bound the efficiency falls by the ratio as well as by the doublings
        let pd = c().node_scaling.unwrap();
        let past = 4 * slow.bound_nodes().ceil() as u64;
        let e = node_scaling_efficiency(past, pd, Some(&slow));
        assert!(e < node_scaling_efficiency(past, pd, None) / 3.0, "{e}");
    }

    #[test]
    fn training_time_on_8_a100() {
        // 6 × 7e9 × 2e10 FLOPs on 8 × A100 40GB (312 TFLOPS) at 47.5% MFU
        let flops = training_flops(7e9, 2e10);
        assert_eq!(flops, 8.4e20);
        let h = training_hours(flops, 8, 312.0, 0.475);
        let hand = 8.4e20 / (8.0 * 312e12 * 0.475) / 3600.0;
        assert!((h - hand).abs() < 1e-9);
        assert!((h - 196.8).abs() < 0.1, "{h}");
        // doubling tokens doubles hours; doubling devices halves them
        assert!((training_hours(2.0 * flops, 8, 312.0, 0.475) - 2.0 * h).abs() < 1e-9);
        assert!((training_hours(flops, 16, 312.0, 0.475) - h / 2.0).abs() < 1e-9);
    }

    #[test]
    fn serving_70b_fp16_needs_at_least_140_gb() {
        let c = c();
        let big = Device {
            usable_bytes: 1e15,
            bandwidth: 3.35e12,
            peak_flops: 989e12,
            mfu: 0.36,
            decode_cap_tokens_per_s: None,
            max_batch: None,
        };
        // Llama 3.1 70B: 80 layers × 8 KV heads × 128 × 2 × 2 bytes = 327,680 B per token
        let r = |precision| Request {
            params: 70e9,
            active_params: 70e9,
            precision,
            embedding_params: 0.0,
            experts: None,
            kv_bytes_per_token: 327_680.0,
            context_tokens: 512.0,
            output_tokens: 1.0,
            latency_target_ms: 10_000.0,
            attention_flops_per_token_sq: 0.0,
            step_overhead_s: 0.0,
            token_targets_s: None,
        };
        let s = serving(&r(Precision::Fp16), &big, &c).unwrap();
        assert!(s.weights_bytes >= 140e9);
        assert!(s.min_memory_bytes >= 140e9);
        // does not fit 80 GiB
        let small = Device {
            usable_bytes: 80.0 * GIB * 0.9,
            ..big
        };
        assert!(matches!(
            serving(&r(Precision::Fp16), &small, &c),
            Err(ServingMiss::Memory(..))
        ));
        // int4 weights are a quarter of fp16
        let q = serving(&r(Precision::Int4), &big, &c).unwrap();
        assert_eq!(q.weights_bytes, 35e9);
    }

    /// A request that only decodes (no prompt, no cache, no target), to time one step.
    fn decode_only(params: f64, precision: Precision, step_overhead_s: f64) -> Request {
        Request {
            params,
            active_params: params,
            precision,
            embedding_params: 0.0,
            experts: None,
            kv_bytes_per_token: 0.0,
            context_tokens: 0.0,
            output_tokens: 0.0,
            latency_target_ms: f64::INFINITY,
            attention_flops_per_token_sq: 0.0,
            step_overhead_s,
            token_targets_s: None,
        }
    }

    /// Worked example, the decode step: measured median time per output token with vLLM on
    /// H100 (LambdaLabsML/vllm-benchmark, results/prompt_10, @a4f9f437) for Llama 3.1 70B in
    /// FP8 on 1, 2, 4 and 8 GPUs and Llama 3 8B in BF16 on 1 and 8, against the model: weights
    /// over the GPUs' bandwidth at 70% plus the per-layer overheads. Within 10% each.
    #[test]
    fn decode_steps_match_vllm_on_h100() {
        let c = c();
        let cases = [
            (70.55e9, 80.0, Precision::Fp8, 1u32, 32.09),
            (70.55e9, 80.0, Precision::Fp8, 2, 19.74),
            (70.55e9, 80.0, Precision::Fp8, 4, 13.12),
            (70.55e9, 80.0, Precision::Fp8, 8, 10.20),
            (8.03e9, 32.0, Precision::Bf16, 1, 7.56),
            (8.03e9, 32.0, Precision::Bf16, 8, 3.26),
        ];
        for (params, layers, precision, gpus, measured_ms) in cases {
            let d = Device {
                usable_bytes: f64::from(gpus) * 72.0 * GIB,
                bandwidth: f64::from(gpus) * 3.35e12,
                peak_flops: f64::from(gpus) * 989e12,
                mfu: 0.36,
                decode_cap_tokens_per_s: None,
                max_batch: None,
            };
            let r = decode_only(params, precision, step_overhead(&c, layers, gpus));
            let ms = decode_step(&r, &d, &c, 1.0) * 1000.0;
            assert!(
                (ms / measured_ms - 1.0).abs() < 0.10,
                "{params} on {gpus} GPUs: {ms} ms vs {measured_ms} measured"
            );
        }
    }

    /// Worked example, prefill: LambdaLabs' vLLM runs (results/prompt_10, Meta-Llama-3-8B-
    /// Instruct, tp1) send ten prompts at once (1,369 tokens: 13, 25, 27, 10, 329, 29, 399, 328, 4
    /// and 205), so the first token of each waits for all ten prefills: median TTFT 62.19 ms on
    /// one H100 (@a4f9f437) and 126.73 ms on one A100 80GB (@f093afe9). Their prefills at the
    /// training MFU (`mfu-h100` 0.36, `mfu-a100-80gb` 0.515) take 62.1 and 137.5 ms: within 1%
    /// and 9% (the A100 measured about 0.56).
    #[test]
    fn prefill_at_the_training_mfu_matches_vllm() {
        let prompts = [
            13.0, 25.0, 27.0, 10.0, 329.0, 29.0, 399.0, 328.0, 4.0, 205.0,
        ];
        for (peak, mfu, measured_ms) in [(989e12, 0.36, 62.19), (312e12, 0.515, 126.73)] {
            let d = Device {
                usable_bytes: 72.0 * GIB,
                bandwidth: 2e12,
                peak_flops: peak,
                mfu,
                decode_cap_tokens_per_s: None,
                max_batch: None,
            };
            let ms: f64 = prompts
                .iter()
                .map(|&tokens| {
                    let r = Request {
                        context_tokens: tokens,
                        // Llama 3 8B: 32 layers × 32 heads × 128
                        attention_flops_per_token_sq: 2.0 * 32.0 * 32.0 * 128.0,
                        ..decode_only(8.03e9, Precision::Bf16, 0.0)
                    };
                    prefill_seconds(&r, &d) * 1000.0
                })
                .sum();
            assert!(
                (ms / measured_ms - 1.0).abs() < 0.10,
                "{ms} ms vs {measured_ms} measured"
            );
        }
    }

    /// Quantized checkpoints quantize "only the weights of the linear operators within
    /// transformers blocks" (RedHatAI's Llama 3.1 8B w4a16 model card): Llama 3.1 8B's 1.05B
    /// embedding and output-head parameters stay 16-bit, so int4 weights take 5.59 GB, not 4.0,
    /// and FP8 9.08 GB; unquantized precisions are unchanged.
    #[test]
    fn quantized_weights_keep_the_embeddings_16_bit() {
        let embeddings = 2.0 * 128_256.0 * 4096.0;
        let gb = |p| model_weight_bytes(8.03e9, embeddings, p) / 1e9;
        assert!(
            (gb(Precision::Int4) - 5.59).abs() < 0.01,
            "{}",
            gb(Precision::Int4)
        );
        assert!(
            (gb(Precision::Fp8) - 9.08).abs() < 0.01,
            "{}",
            gb(Precision::Fp8)
        );
        assert_eq!(gb(Precision::Bf16), 16.06);
        assert_eq!(model_weight_bytes(8.03e9, 0.0, Precision::Int4), 4.015e9);
    }

    /// A mixture of experts reads only the experts its batch is routed to: Mixtral 8x7B (46.7B,
    /// 12.9B active, 2 of 8 experts a token) reads its active parameters for one request and
    /// nearly all of them for 16 (1 − 0.75^16 = 99% of the experts). Worked example: LambdaLabs'
    /// vLLM run of Mixtral-8x7B-Instruct on 2 A100 80GB (results/prompt_10, tp2, @f093afe9)
    /// decodes ten requests, the batch shrinking from 10 as they finish, at a median 26.64 ms a
    /// token: between the model's 11.2 ms at batch 1 and 33.2 ms at batch 10.
    #[test]
    fn a_mixture_of_experts_reads_the_experts_its_batch_uses() {
        let mixtral = Request {
            active_params: 12.88e9,
            experts: Some((8.0, 2.0)),
            ..decode_only(46.7e9, Precision::Bf16, step_overhead(&c(), 32.0, 2))
        };
        assert!((mixtral.weights_read(1.0) / 2.0 / 12.88e9 - 1.0).abs() < 1e-9);
        assert!(mixtral.weights_read(16.0) / mixtral.weight_bytes() > 0.99);
        let d = Device {
            usable_bytes: 2.0 * 72.0 * GIB,
            bandwidth: 2.0 * 2.039e12,
            peak_flops: 2.0 * 312e12,
            mfu: 0.515,
            decode_cap_tokens_per_s: None,
            max_batch: None,
        };
        let ms = |b| decode_step(&mixtral, &d, &c(), b) * 1000.0;
        assert!(
            ms(1.0) < 26.64 && 26.64 < ms(10.0),
            "{} {}",
            ms(1.0),
            ms(10.0)
        );
    }

    /// Worked example, Neuron: Hugging Face's TGI measurements on inf2.48xlarge
    /// (huggingface/optimum-neuron benchmark/text-generation-inference/performance): Llama 3.1 8B
    /// on 4 Inferentia2 chips decodes one request at 26.8 ms a token and a full batch of 32 at
    /// about 306 tokens/s per replica; Llama 3 70B on 12 chips at 44.3 ms and about 92 tokens/s
    /// at batch 8. The model, with `neuron-decode-tokens-per-s-per-chip` and
    /// `neuron-decode-step-overhead-ms`, is within 20% of each.
    #[test]
    fn neuron_decode_matches_tgi_on_inferentia2() {
        let c = c();
        let (rate, overhead_ms) = c.neuron_decode.expect("the catalog has the Neuron figures");
        let chip_bw = 820.0 * GIB;
        let cases = [
            // params, chips, batch, measured step ms (batch 1) or tokens/s (batch > 1)
            (8.03e9, 4.0, 1.0, 26.8),
            (8.03e9, 4.0, 32.0, 306.0),
            (70.55e9, 12.0, 1.0, 44.3),
            (70.55e9, 12.0, 8.0, 92.4),
        ];
        for (params, chips, batch, measured) in cases {
            let d = Device {
                usable_bytes: chips * 30.0 * GIB,
                bandwidth: chips * chip_bw,
                peak_flops: chips * 190e12,
                mfu: 0.3,
                decode_cap_tokens_per_s: Some(chips * rate / (params / 1e9)),
                max_batch: None,
            };
            let r = decode_only(params, Precision::Bf16, overhead_ms / 1000.0);
            let step = decode_step(&r, &d, &c, batch);
            let model = if batch > 1.0 {
                batch / step
            } else {
                step * 1000.0
            };
            assert!(
                (model / measured - 1.0).abs() < 0.20,
                "{params} on {chips} chips at batch {batch}: {model} vs {measured}"
            );
        }
    }

    #[test]
    fn serving_latency_bounds_the_batch() {
        let c = c();
        let d = Device {
            usable_bytes: 20.0 * GIB,
            bandwidth: 600e9,
            peak_flops: 70e12,
            mfu: 0.3,
            decode_cap_tokens_per_s: None,
            max_batch: None,
        };
        // 1B model, 256 output tokens: a loose target allows a big batch, a tight one a small one
        let r = |latency_target_ms| Request {
            params: 1e9,
            active_params: 1e9,
            precision: Precision::Fp16,
            embedding_params: 0.0,
            experts: None,
            kv_bytes_per_token: 16_375.0,
            context_tokens: 512.0,
            output_tokens: 256.0,
            latency_target_ms,
            attention_flops_per_token_sq: 0.0,
            step_overhead_s: 0.0,
            token_targets_s: None,
        };
        let loose = serving(&r(60_000.0), &d, &c).unwrap();
        let tight = serving(&r(2_500.0), &d, &c).unwrap();
        assert!(loose.batch > tight.batch);
        assert!(tight.latency_ms <= 2_500.0);
        assert!(loose.requests_per_second >= tight.requests_per_second);
        // and never beyond the compute: each generated token costs 2 × params FLOPs
        let ceiling = 70e12 * 0.3 / (2.0 * 1e9) / 256.0;
        assert!(loose.requests_per_second <= ceiling * 1.0001);
        // an impossible target
        assert!(matches!(
            serving(&r(10.0), &d, &c),
            Err(ServingMiss::Latency { .. })
        ));
    }

    #[test]
    fn spot_expected_hours_grow_with_interruptions() {
        let ck = Checkpointing {
            bytes: 98e9,
            write_bytes_per_s: 1.25e9,
            blocking_seconds: None,
            restart_seconds: 0.0,
        };
        let calm = spot_expected(100.0, 1, 0.05, &ck);
        let busy = spot_expected(100.0, 1, 0.25, &ck);
        assert!(calm.expected_hours > 100.0);
        assert!(busy.expected_hours > calm.expected_hours);
        assert!(busy.expected_interruptions > calm.expected_interruptions);
        // Young: interval = √(2 × save × MTBF), a synchronous save stopping for the write
        let save_h: f64 = 98e9 / 1.25e9 / 3600.0;
        let mtbf: f64 = 730.0 / 0.25;
        assert!((busy.checkpoint_interval_hours - (2.0 * save_h * mtbf).sqrt()).abs() < 1e-9);
    }

    /// Worked example, the write: GEMINI (Wang et al., SOSP '23) measured 42 minutes to
    /// checkpoint MT-NLG's model states (530B parameters) to remote storage at 20 Gbps. The
    /// model's write time, 14 bytes per parameter over the bandwidth, comes within 20% of it.
    #[test]
    fn checkpoint_write_time_matches_gemini() {
        let ck = Checkpointing {
            bytes: 530e9 * 14.0,
            write_bytes_per_s: 20e9 / 8.0,
            blocking_seconds: Some(6.3),
            restart_seconds: 40.0,
        };
        let e = spot_expected(1000.0, 1, 1.0, &ck);
        let measured = 42.0;
        assert!(
            (e.checkpoint_write_minutes / measured - 1.0).abs() < 0.2,
            "{} min vs {measured}",
            e.checkpoint_write_minutes
        );
    }

    /// Worked example, the stop: with asynchronous checkpointing a 7B job stops 6.3 s per
    /// checkpoint (PyTorch/IBM, 2024), so a small job on calm spot capacity checkpoints every
    /// hour or so rather than every few seconds of write time, and the stops cost a fraction of
    /// a percent of the job.
    #[test]
    fn a_short_checkpoint_stop_gives_an_interval_in_hours() {
        let ck = Checkpointing {
            bytes: 7e9 * 14.0,
            write_bytes_per_s: 400e9 / 8.0,
            blocking_seconds: Some(6.3),
            restart_seconds: 40.0,
        };
        let e = spot_expected(10.0, 1, 0.5, &ck);
        // √(2 × 6.3 s × 1460 h) = 2.3 h; capped by the 10 h job
        assert!(e.checkpoint_interval_hours > 2.0 && e.checkpoint_interval_hours < 2.5);
        assert!((e.checkpoint_blocking_seconds - 6.3).abs() < 1e-9);
        let stops = 10.0 / e.checkpoint_interval_hours * 6.3 / 3600.0;
        assert!(stops / 10.0 < 0.001);
        // without the coefficient the job stops for the whole 2 s write, and checkpoints far
        // more often
        let sync = spot_expected(
            10.0,
            1,
            0.5,
            &Checkpointing {
                blocking_seconds: None,
                ..ck
            },
        );
        assert!(sync.checkpoint_interval_hours < e.checkpoint_interval_hours);
    }
}
