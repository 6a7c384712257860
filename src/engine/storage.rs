//! The storage plan: a class per role from the rules, sized from the workload.

use crate::answer::recommend::StorageItem;
use crate::catalog::{Catalog, Rule, StorageKind, StorageRole};
use crate::money::Usd;
use crate::sizing::{model_weight_bytes, Coefficients};
use crate::workload::{Method, Workload, WorkloadKind};

use super::shared::{round2, Notes};
use super::working;
use crate::vocab::HOURS_PER_MONTH;

/// Raw text bytes per byte of Parquet, for the processed zone.
const PARQUET_RATIO: &str = "parquet-compression-ratio";

pub(super) fn plan(
    catalog: &Catalog,
    c: &Coefficients,
    w: &Workload,
    fired: &[&Rule],
    notes: &mut Notes,
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
    let mut items = Vec::new();
    for (role, class_id, rule) in chosen {
        let embeddings = w.model.as_ref().map_or(0.0, |m| m.embedding_params);
        let weights_gb = w
            .model_params
            .map(|p| model_weight_bytes(p as f64, embeddings, w.precision) / 1e9);
        let size_gb = match role {
            // an endpoint's volume holds the model, not the training data
            StorageRole::WorkingCopy if w.workload == WorkloadKind::RealtimeInference => weights_gb,
            // a stream's dataset gains a month of its events, delivered as Parquet
            StorageRole::Dataset if w.workload == WorkloadKind::Streaming => {
                Some(w.data_size_gb() + streamed_month_gb(catalog, w, notes))
            }
            StorageRole::Dataset | StorageRole::WorkingCopy => Some(w.data_size_gb()),
            StorageRole::Checkpoints => w.model_params.map(|p| {
                let p = p as f64;
                let bytes = match w.method {
                    Method::Full => p * c.checkpoint_bytes_per_param,
                    // adapters only, with their optimizer states
                    Method::Lora | Method::Qlora => {
                        crate::sizing::trainable_params(p, w.method, c) * c.full_bytes_per_param
                    }
                };
                bytes / 1e9
            }),
            StorageRole::ModelArtifacts => weights_gb,
            // the silver zone: the raw data as compressed Parquet
            StorageRole::Processed => catalog
                .coefficient(PARQUET_RATIO)
                .map(|r| w.data_size_gb() / r.value),
        };
        let Some(size_gb) = size_gb else {
            notes.assumptions.push(if role == StorageRole::Processed {
                format!(
                    "{} not sized: the catalog has no `{PARQUET_RATIO}`",
                    role.id()
                )
            } else {
                format!("{} not sized: pass --model-params", role.id())
            });
            continue;
        };
        let Some(class) = catalog.storage_class(class_id) else {
            continue;
        };
        let Some((p, borrowed)) = class.price_or_borrowed(&w.region) else {
            continue;
        };
        let (price, estimated) = (p.usd, p.estimated || borrowed);
        // a job's block volume is created for it and deleted after it; shared file systems
        // serve several jobs and stay
        let per_job = role == StorageRole::WorkingCopy
            && class.kind == StorageKind::Block
            && matches!(
                w.workload,
                WorkloadKind::Training | WorkloadKind::BatchInference
            );
        items.push(StorageItem {
            role,
            storage_class: class.id.clone(),
            size_gb: round2(size_gb),
            per_node: class.kind == StorageKind::Block,
            copies: 1,
            monthly_usd: price.times(size_gb),
            per_job,
            estimated,
            rule: rule.id.clone(),
            reason: rule.message.clone(),
        });
    }
    items
}

/// GB a month of a stream adds to S3 as Parquet: events/s × event size × 730 h ÷
/// `parquet-compression-ratio` (raw when the catalog has no ratio), with the assumption that
/// says so.
fn streamed_month_gb(catalog: &Catalog, w: &Workload, notes: &mut Notes) -> f64 {
    let (Some(eps), Some(size)) = (w.events_per_sec, w.event_size_bytes) else {
        return 0.0;
    };
    let raw = eps * size as f64 * HOURS_PER_MONTH * 3600.0 / 1e9;
    let ratio = catalog.coefficient(PARQUET_RATIO).map_or(1.0, |c| c.value);
    let gb = raw / ratio;
    notes.assumptions.push(format!(
        "the S3 dataset holds --data-size plus one month of the stream as Parquet: {} GB of \
         events ({eps}/s × {size} B × {HOURS_PER_MONTH} h) ÷ {ratio} ({PARQUET_RATIO}) = {} GB; \
         it grows by that much every month",
        round2(raw),
        round2(gb)
    ));
    gb
}

/// The storage classes of the final plan priced from us-east-1 for want of a price in the
/// region: a gap in the catalog, said first.
pub(super) fn report_gaps(
    catalog: &Catalog,
    w: &Workload,
    items: &[StorageItem],
    notes: &mut Notes,
) {
    let mut borrowed: Vec<String> = items
        .iter()
        .filter_map(|s| catalog.storage_class(&s.storage_class))
        .filter(|c| matches!(c.price_or_borrowed(&w.region), Some((_, true))))
        .map(|c| c.id.clone())
        .collect();
    borrowed.sort();
    borrowed.dedup();
    if !borrowed.is_empty() {
        notes.storage_gap(&w.region, borrowed);
    }
}

/// The plan's monthly cost next to an option of `count` instances whose compute is billed
/// `hours` a month: a per-job item is billed for those hours too, the others for the whole month;
/// a per-node item once per instance.
pub(super) fn monthly(items: &[StorageItem], hours: f64, count: u32) -> Usd {
    items
        .iter()
        .map(|s| billed(s, hours).times(if s.per_node { f64::from(count) } else { 1.0 }))
        .fold(Usd::ZERO, |a, x| a + x)
}

/// The plan's monthly cost as it would serve option `r`: its own working copy (moved to NVMe,
/// S3 or a file system when its sizing chose one), billed as [`monthly`] bills.
pub(super) fn monthly_for(
    catalog: &Catalog,
    w: &Workload,
    items: &[StorageItem],
    r: &crate::answer::recommend::Recommendation,
    hours: f64,
) -> Usd {
    match r.sizing.as_ref().and_then(|s| s.working_copy.as_deref()) {
        Some(id) => {
            let mut own = items.to_vec();
            move_working_copy(catalog, w, &mut own, id, &mut Notes::default());
            monthly(&own, hours, r.count)
        }
        None => monthly(items, hours, r.count),
    }
}

/// The plan as it serves the best option: the working copy where that option reads its dataset
/// (`working_copy`, when the plan's volume is too small or too slow for it), a copy per
/// instance of each per-node item, per-job items billed for `hours` of the month (with an
/// assumption each).
pub(super) fn bill(
    catalog: &Catalog,
    w: &Workload,
    items: &mut Vec<StorageItem>,
    (count, hours, working_copy): (u32, f64, Option<&str>),
    notes: &mut Notes,
) {
    if let Some(id) = working_copy {
        move_working_copy(catalog, w, items, id, notes);
    }
    for s in items.iter_mut().filter(|s| s.per_node) {
        s.copies = count.max(1);
        s.monthly_usd = s.monthly_usd.times(f64::from(s.copies));
    }
    for s in items.iter_mut().filter(|s| s.per_job) {
        s.monthly_usd = billed(s, hours);
        notes.assumptions.push(format!(
            "the {} {} exists only while the job runs: billed for {} h of the month, as the \
             compute is",
            s.storage_class,
            s.role.id(),
            round2(hours.min(HOURS_PER_MONTH))
        ));
    }
}

/// Moves the working copy to `id` (the instance's NVMe, a shared file system, or S3 itself)
/// when that is not the plan's class.
fn move_working_copy(
    catalog: &Catalog,
    w: &Workload,
    items: &mut Vec<StorageItem>,
    id: &str,
    notes: &mut Notes,
) {
    let Some(at) = items
        .iter()
        .position(|s| s.role == StorageRole::WorkingCopy && s.storage_class != id)
    else {
        return;
    };
    if id == working::S3_DIRECT {
        items.remove(at);
        notes.assumptions.push(
            "no working copy: the job streams its dataset from S3 (with Mountpoint for Amazon S3 \
             or the S3 connector for PyTorch, for example), as its reasons say"
                .into(),
        );
        return;
    }
    let item = &mut items[at];
    item.storage_class = id.to_string();
    item.per_job = false;
    if id == working::INSTANCE_NVME {
        item.per_node = true;
        item.monthly_usd = Usd::ZERO;
        item.estimated = false;
        item.reason = "the instance's local NVMe (instance store) holds the working copy: \
                       included in its price, erased when it stops"
            .into();
        return;
    }
    let Some(class) = catalog.storage_class(id) else {
        return;
    };
    let Some((p, borrowed)) = class.price_or_borrowed(&w.region) else {
        return;
    };
    let (price, estimated) = (p.usd, p.estimated || borrowed);
    item.per_node = class.kind == StorageKind::Block;
    item.monthly_usd = price.times(item.size_gb);
    item.estimated = estimated;
    item.reason = format!(
        "{}: one copy shared by every instance and job, linked to the S3 bucket, billed all \
         month",
        class.name
    );
}

fn billed(s: &StorageItem, hours: f64) -> Usd {
    if s.per_job {
        s.monthly_usd.times((hours / HOURS_PER_MONTH).min(1.0))
    } else {
        s.monthly_usd
    }
}
