//! What each chip can run: the software paths a request needs (a decoder's generation, QLoRA's
//! 4-bit base, a precision's kernels) against what its accelerator has. An option whose chip
//! lacks one is rejected with the reason; docs/sizing.md "What each chip can run" has the table.

use crate::catalog::{Accelerator, Catalog, InstanceType, ModelKind, Software};
use crate::workload::{Method, Precision, Workload, WorkloadKind};

/// Why `t`'s accelerator cannot run the request, if it cannot: no ML software stack, a decoder
/// where no software generates, QLoRA without CUDA, or a precision its kernels lack.
pub(super) fn cannot_run(catalog: &Catalog, w: &Workload, t: &InstanceType) -> Option<String> {
    let a = t.accelerator.as_ref()?;
    let serves = matches!(
        w.workload,
        WorkloadKind::BatchInference | WorkloadKind::RealtimeInference
    );
    if !serves && w.workload != WorkloadKind::Training {
        return None;
    }
    let chip = catalog.accelerator(&a.model)?;
    let name = chip.name.as_str();
    // a decoder generates through software some chips do not have (Inferentia 1)
    let decoder = w
        .model
        .as_ref()
        .is_some_and(|m| m.kind == ModelKind::Decoder);
    if decoder && serves && chip.generation == Some(false) {
        return Some(format!(
            "{name}: no software runs a decoder (LLM) on it (the Neuron LLM libraries need \
             Inferentia2 or Trainium); an encoder model runs"
        ));
    }
    match chip.software {
        Software::Other => Some(format!(
            "{name}: no ML software stack (CUDA or Neuron) for it in the catalog"
        )),
        // QLoRA's 4-bit base weights come from bitsandbytes, a CUDA library: the Neuron SDK
        // has no 4-bit training path
        Software::Neuron if w.workload == WorkloadKind::Training && w.method == Method::Qlora => {
            Some(format!(
                "{name}: QLoRA's 4-bit quantization (bitsandbytes) needs CUDA; the Neuron SDK \
                 has no 4-bit training path (use --method lora)"
            ))
        }
        _ => precision_path(chip, w, serves),
    }
}

/// Why `chip` has no kernels for the request's precision, if it has none:
/// - bf16 needs compute capability 8.0 (Ampere): V100 and T4 compute in fp16. Refused when
///   asked for, or when the model does not run in fp16 (Gemma 2); a training job's default
///   bf16 runs as fp16 mixed precision on them.
/// - fp8 training (Transformer Engine) needs FP8 tensor cores (8.9 and later, Trainium);
///   vLLM serves FP8 weights on 7.5 and later (weight-only W8A16 below 8.9) and on Neuron.
/// - int4 weights (AWQ, GPTQ) are CUDA kernels: vLLM has none for Neuron, which quantizes
///   weights to int8 or fp8.
///
/// Source: vLLM's "Supported Hardware" table for quantization kernels (docs.vllm.ai v0.9.2,
/// features/quantization/supported_hardware) and its FP8 W8A8 page.
fn precision_path(chip: &Accelerator, w: &Workload, serves: bool) -> Option<String> {
    let name = chip.name.as_str();
    let cc = chip
        .compute_capability
        .as_deref()
        .and_then(|c| c.parse::<f64>().ok());
    let has_fp8 = chip.fp8 == Some(true);
    let fp16_ok = w.model.as_ref().is_none_or(|m| m.fp16);
    match (chip.software, w.precision) {
        // asked for, or the only 16-bit precision the model runs in
        (Software::Cuda, Precision::Bf16) if w.precision_given || !fp16_ok => {
            cc.filter(|&c| c < 8.0).map(|c| {
                format!(
                    "{name} has no bf16 (compute capability {c:.1}; bf16 needs 8.0, Ampere or \
                     later): {}",
                    match &w.model {
                        Some(m) if !m.fp16 => format!("{} does not run in fp16", m.id),
                        _ => "use --precision fp16".to_string(),
                    }
                )
            })
        }
        (_, Precision::Fp8) if !serves && !has_fp8 => Some(format!(
            "{name} has no FP8 tensor cores: FP8 training needs compute capability 8.9 or later \
             (L4, L40S, H100) or Trainium; use --precision bf16"
        )),
        (Software::Cuda, Precision::Fp8) => cc.filter(|&c| c < 7.5).map(|c| {
            format!(
                "{name}: no FP8 kernels below compute capability 7.5 (it has {c:.1}); use \
                 --precision int8 or fp16"
            )
        }),
        (Software::Neuron, Precision::Fp8) if !has_fp8 => Some(format!(
            "{name}: no FP8 on this Neuron generation; use --precision int8 or fp16"
        )),
        (Software::Neuron, Precision::Int4) => Some(format!(
            "{name}: no 4-bit weight kernels on Neuron (AWQ and GPTQ are CUDA kernels; Neuron \
             quantizes weights to int8 or fp8); use --precision int8"
        )),
        _ => None,
    }
}
