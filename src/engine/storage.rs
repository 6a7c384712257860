//! The storage plan: a class per role from the rules, sized from the workload.

use crate::catalog::{Catalog, Rule, StorageRole};
use crate::report::recommend::StorageItem;
use crate::workload::{Precision, Workload, WorkloadKind};

use super::round2;

/// Checkpoint size per parameter: fp32 master weights and Adam moments (12 B) plus 16-bit
/// weights (2 B); sizing-facts §6, derived from ZeRO (arXiv:1910.02054).
const CHECKPOINT_BYTES_PER_PARAM: f64 = 14.0;

/// Weight bytes per parameter by precision (sizing-facts §5, INF).
pub(crate) fn weight_bytes(p: Precision) -> f64 {
    match p {
        Precision::Fp32 => 4.0,
        Precision::Bf16 | Precision::Fp16 => 2.0,
        Precision::Fp8 | Precision::Int8 => 1.0,
        Precision::Int4 => 0.5,
    }
}

pub(super) fn plan(
    catalog: &Catalog,
    w: &Workload,
    fired: &[&Rule],
    warnings: &mut Vec<String>,
    assumptions: &mut Vec<String>,
) -> Vec<StorageItem> {
    // the last fired rule that names a role wins (later rules refine earlier ones)
    let mut chosen: Vec<(StorageRole, &str, &Rule)> = Vec::new();
    for r in fired {
        for (role, class) in &r.then.storage {
            chosen.retain(|(x, _, _)| x != role);
            chosen.push((*role, class.as_str(), r));
        }
    }
    chosen.sort_by_key(|(role, _, _)| *role);
    let mut borrowed_price = false;
    let mut items = Vec::new();
    for (role, class_id, rule) in chosen {
        let weights_gb = w
            .model_params
            .map(|p| p as f64 * weight_bytes(w.precision) / 1e9);
        let size_gb = match role {
            // an endpoint's volume holds the model, not the training data
            StorageRole::WorkingCopy if w.workload == WorkloadKind::RealtimeInference => weights_gb,
            StorageRole::Dataset | StorageRole::WorkingCopy => Some(w.data_size_gb()),
            StorageRole::Checkpoints => w
                .model_params
                .map(|p| p as f64 * CHECKPOINT_BYTES_PER_PARAM / 1e9),
            StorageRole::ModelArtifacts => weights_gb,
        };
        let Some(size_gb) = size_gb else {
            assumptions.push(format!("{} not sized: pass --model-params", role.id()));
            continue;
        };
        let Some(class) = catalog.storage_class(class_id) else {
            continue;
        };
        let (price, estimated) = match class.price(&w.region) {
            Some(p) => (p.usd_per_gb_month, p.estimated),
            None => match class.price("us-east-1") {
                Some(p) => {
                    borrowed_price = true;
                    (p.usd_per_gb_month, true)
                }
                None => continue,
            },
        };
        items.push(StorageItem {
            role,
            storage_class: class.id.clone(),
            size_gb: round2(size_gb),
            monthly_usd: price.times(size_gb),
            estimated,
            rule: rule.id.clone(),
            reason: rule.message.clone(),
        });
    }
    if borrowed_price {
        warnings.push(format!(
            "the catalog has no storage prices for {}: us-east-1 prices are used (marked estimated)",
            w.region
        ));
    }
    items
}
