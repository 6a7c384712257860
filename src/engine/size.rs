//! Sizing one candidate: how many instances, how many hours, or why it cannot do the job.

use super::shared::{round2, Reject};
use super::timing::Timing;
use crate::answer::recommend::RejectionKind;
use crate::answer::recommend::SizingDetail;
use crate::catalog::{Accelerator, Catalog, InstanceType};
use crate::sizing::{self, Coefficients, Device, ServingMiss, GIB, MIB};
use crate::workload::{Method, Workload, WorkloadKind};

/// A candidate sized for the workload.
pub(super) struct Sized {
    /// Instances in the option.
    pub count: u32,
    /// Hours per job (None: no job, or unknown).
    pub job_hours: Option<f64>,
    /// Why this size.
    pub reasons: Vec<String>,
    /// The numbers behind it.
    pub detail: Option<SizingDetail>,
}

fn gib(bytes: f64) -> f64 {
    round2(bytes / GIB)
}

/// Size `t` for `w`; Err is the rejection reason, naming the numbers.
pub(super) fn size(
    catalog: &Catalog,
    c: &Coefficients,
    w: &Workload,
    timing: &Timing,
    t: &InstanceType,
) -> Result<Sized, Reject> {
    let as_is = Sized {
        count: 1,
        job_hours: timing.job_hours,
        reasons: Vec::new(),
        detail: None,
    };
    let accel = t.accelerator.as_ref().and_then(|a| {
        catalog
            .accelerator(&a.model)
            .map(|m| (m, a.count, a.memory_gib_each))
    });
    let Some(params) = w.model_params.map(|p| p as f64) else {
        if let (WorkloadKind::Training, Some((_, k, _))) = (w.workload, accel) {
            per_instance_within_max_gpus(w, k)?;
        }
        let unknown_hours = w.workload == WorkloadKind::Training && timing.job_hours.is_none();
        // a batch of unknown length is costed at its deadline: said first, not only in the
        // assumptions
        if w.workload == WorkloadKind::BatchInference && w.job_hours.is_none() && timing.explain {
            return Ok(Sized {
                reasons: vec![format!(
                    "length unknown: costed as if it ran its whole {} h deadline \
                     (--deadline-hours), not an estimate of the job; pass --model-params to \
                     size it or --job-hours",
                    w.deadline_hours
                )],
                ..as_is
            });
        }
        return match (unknown_hours, accel) {
            // the estimate needs the accelerator's peak: without it the hours are unknown, and
            // an option of unknown hours cannot be weighed against the others
            (true, Some(a)) if c.data_throughput.is_some() => {
                data_throughput(c, w, timing, t, a).ok_or_else(|| no_peak(w, a.0))
            }
            _ => Ok(as_is),
        };
    };
    let explain = timing.explain;
    let hardware = || match accel {
        // the engine's default batch cap applies to an accelerator's replica
        Some(a) => device(catalog, c, w, a, explain).map(|mut h| {
            h.batch_cap = c.max_batch(&t.family);
            h.d.max_batch = h.batch_cap.map(|(v, _)| v);
            h
        }),
        None => cpu(catalog, c, t, explain),
    };
    match w.workload {
        WorkloadKind::Training => match accel {
            Some(a) => training(catalog, c, w, (t, timing), params, a),
            None => Ok(as_is),
        },
        WorkloadKind::RealtimeInference => serving(c, w, (t, params), hardware()?, explain),
        WorkloadKind::BatchInference => batch(c, w, params, hardware()?, explain),
        WorkloadKind::Exploration | WorkloadKind::Etl | WorkloadKind::Streaming => Ok(as_is),
    }
}

fn training(
    catalog: &Catalog,
    c: &Coefficients,
    w: &Workload,
    (t, timing): (&InstanceType, &Timing),
    params: f64,
    (model, per_instance, mem_gib): (&Accelerator, u32, f64),
) -> Result<Sized, Reject> {
    let explain = timing.explain;
    let mem = sizing::training_memory(params, w.method, c);
    let usable = mem_gib * GIB * c.usable_fraction;
    let Some(devices) = mem.devices_needed(usable) else {
        return Err(Reject::new(RejectionKind::NoRoomForActivations, format!(
            "{} GiB of activations and overhead per accelerator leave no room in {} GiB usable of {} GiB",
            gib(mem.activations_bytes + mem.overhead_bytes),
            gib(usable),
            round2(mem_gib)
        )));
    };
    let k = u64::from(per_instance.max(1));
    per_instance_within_max_gpus(w, per_instance.max(1))?;
    let to_hold = devices.div_ceil(k);
    let mut detail = SizingDetail::default();
    // the time: given (start-up and staging included), or the FLOPs at the accelerators' MFU
    // with as many instances as the deadline needs (the memory's count at least), after
    // start-up and staging
    let (instances, job_hours, time_reason, prep_reasons) = match w.job_hours {
        Some(h) => {
            detail.job_hours_basis = Some("given".into());
            (to_hold, h, None, Vec::new())
        }
        None => {
            let place = timing
                .places
                .choose(t, w.data_size_bytes as f64, (None, 1.0), explain);
            if let Some(p) = &place {
                detail.working_copy = Some(p.id.clone());
            }
            let (prep, mut prep_reasons) = preparation(c, w, timing, t, place.as_ref());
            detail.preparation_hours = Some(round2(prep));
            if let (Some(why), true) = (place.and_then(|p| p.why), explain) {
                prep_reasons.insert(0, why);
            }
            let shape = (model, k, prep);
            let (n, h, why) = timed(catalog, c, w, t, params, shape, to_hold, &mut detail)?;
            (n, h + prep, why, prep_reasons)
        }
    };
    let total = instances * k;
    if let Some(max) = w.max_gpus {
        if total > u64::from(max) {
            let (kind, why) = if instances > to_hold {
                let why = format!(
                    "to finish within the {} h deadline",
                    round2(w.deadline_hours)
                );
                (RejectionKind::Deadline, why)
            } else {
                let why = format!(
                    "to hold {} GB of model states",
                    round2(mem.states_bytes / 1e9)
                );
                (RejectionKind::StatesOverMaxGpus, why)
            };
            return Err(Reject::new(
                kind,
                format!("needs {total} accelerators ({instances} × {k}) {why} > --max-gpus {max}"),
            ));
        }
    }
    if instances > 1 && !t.efa() && !adapters_only(w, to_hold) {
        let why = if instances > to_hold {
            format!(
                "to finish within the {} h deadline",
                round2(w.deadline_hours)
            )
        } else {
            format!("for {} GB of model states", round2(mem.states_bytes / 1e9))
        };
        return Err(Reject::new(RejectionKind::StatesNeedEfa, format!(
            "needs {instances} instances ({total} accelerators) {why}, and multi-node training needs EFA, which {} lacks",
            t.id
        )));
    }
    // replicas that exchange adapters each hold the model on one instance's accelerators
    let holders = if adapters_only(w, to_hold) { k } else { total };
    let per_device = mem.per_device(holders);
    let mut reasons = Vec::new();
    if explain {
        reasons.push(format!(
            "{holders}× {} {} {} GB of model states ({}){}: {} GiB needed of {} GiB usable per accelerator",
            model.name,
            if holders == 1 { "holds" } else { "hold" },
            round2(mem.states_bytes / 1e9),
            w.method,
            if holders > 1 { ", sharded" } else { "" },
            gib(per_device),
            gib(usable)
        ));
        reasons.extend(multi_node(w, t, instances, to_hold));
        reasons.extend(time_reason);
        reasons.extend(prep_reasons);
    }
    detail.accelerators = total as u32;
    detail.memory_needed_gib = Some(gib(per_device));
    detail.memory_usable_gib = Some(gib(usable));
    detail.multi_node = instances > 1;
    Ok(Sized {
        count: instances as u32,
        job_hours: Some(job_hours),
        reasons,
        detail: Some(detail),
    })
}

/// Why training hours are unknown on `model`: the catalog has no dense peak for its precision.
fn no_peak(w: &Workload, model: &Accelerator) -> Reject {
    Reject::from(format!(
        "no dense {} TFLOPS figure for {} in the catalog: training time unknown (pass --job-hours)",
        w.precision, model.name
    ))
}

/// The instances that finish the run within the deadline (at least `to_hold`, the count that
/// holds the model states), the hours they take, and the reason that says how. Multi-node
/// runs lose speed: each doubling of the nodes keeps `training-node-scaling-per-doubling` of
/// linear scaling. Err when no count does it (the scaling loss grows with the nodes).
#[allow(clippy::too_many_arguments)]
fn timed(
    catalog: &Catalog,
    c: &Coefficients,
    w: &Workload,
    t: &InstanceType,
    params: f64,
    (model, k, prep): (&Accelerator, u64, f64),
    to_hold: u64,
    detail: &mut SizingDetail,
) -> Result<(u64, f64, Option<String>), Reject> {
    let Some((peak, mfu, mfu_id, fp8_note)) = sizing::training_rate(catalog, model, w.precision)
    else {
        return Err(no_peak(w, model));
    };
    let tokens = training_tokens(w, c);
    // a mixture of experts computes with its active parameters; memory holds them all
    let flops = sizing::training_flops(w.active_params().unwrap_or(params), tokens);
    let factor = match w.method {
        Method::Full => 1.0,
        Method::Lora | Method::Qlora => c.lora_time_factor,
    };
    // hours on one instance, then on n of them
    let one = sizing::training_hours(flops, k, peak, mfu) * factor;
    let per_doubling = c.node_scaling.unwrap_or(1.0);
    let network = network(c, w, t, (params, k, peak * 1e12 * mfu), to_hold);
    let efficiency = |n: u64| sizing::node_scaling_efficiency(n, per_doubling, network.as_ref());
    let hours = |n: u64| one / (n as f64 * efficiency(n));
    // the hours the compute may take: the deadline less start-up and staging
    let deadline = w.deadline_hours - prep;
    if deadline <= 0.0 {
        return Err(Reject::new(
            RejectionKind::Deadline,
            format!(
                "start-up and staging the data alone take {} h, more than the {} h deadline",
                round2(prep),
                round2(w.deadline_hours)
            ),
        ));
    }
    let mut n = to_hold.max(1);
    // without EFA there is one instance (more are rejected for the memory they need), but
    // for replicas that exchange only adapters
    let scales = t.efa() || adapters_only(w, to_hold);
    if hours(n) > deadline && !scales && n == 1 {
        return Err(Reject::new(
            RejectionKind::Deadline,
            format!(
                "one {} takes {} h, more than the {} h deadline, and more instances need EFA, \
                 which it lacks",
                t.id,
                round2(hours(n) + prep),
                round2(w.deadline_hours)
            ),
        ));
    }
    if hours(n) > deadline && scales {
        // the smallest count within the deadline: double, then halve the gap (hours fall
        // with n while each doubling keeps more than half the speed)
        if per_doubling <= 0.5 {
            return Err(Reject::from(
                "the node scaling coefficient is at most 0.5: more nodes never help".to_string(),
            ));
        }
        // the largest cluster: the catalog's limit in accelerators, in whole instances, and
        // no more nodes than the network keeps busy (beyond, a step waits on the network and
        // more nodes barely shorten it)
        let cap = c
            .max_accelerators
            .map_or(1u64 << 20, |m| ((m / k as f64).floor() as u64).max(1));
        let bound = network.map(|net| (net.bound_nodes().floor() as u64).max(n));
        let high = smallest_within(&hours, n, bound.map_or(cap, |b| b.min(cap)), deadline);
        if hours(high) > deadline {
            let (kind, limit) = cluster_limit(c, t, (cap, bound), network.as_ref());
            return Err(Reject::new(
                kind,
                format!(
                    "needs more than {} h: at {limit}, {} × {} take {} h",
                    round2(w.deadline_hours),
                    high,
                    t.id,
                    round2(hours(high) + prep)
                ),
            ));
        }
        n = high;
    }
    let h = hours(n);
    let network_ratio = network.map_or(0.0, |net| net.ratio(n));
    let efficiency = efficiency(n);
    let mut reason = format!(
        "{} h: 6 × {} params × {} tokens = {:.3e} FLOPs on {} × {} TFLOPS at {}% MFU ({mfu_id}){}{}",
        round2(h),
        crate::units::format_count(params as u64),
        crate::units::format_count(tokens as u64),
        flops,
        n * k,
        peak,
        round2(mfu * 100.0),
        if factor < 1.0 {
            format!(", × {factor} for {}", w.method)
        } else {
            String::new()
        },
        scaling_note(c, (n, k), (efficiency, network_ratio), w.deadline_hours)
    );
    if let Some(note) = fp8_note {
        reason.push_str(&format!(" ({note})"));
    }
    detail.tokens = Some(tokens.round());
    detail.flops = Some(flops);
    detail.peak_tflops = Some(peak);
    detail.mfu = Some(mfu);
    detail.mfu_coefficient = Some(mfu_id);
    detail.job_hours_basis = Some("estimated".into());
    Ok((n, h, Some(reason)))
}

/// The network model of a training step on instances of `t` with `k` accelerators achieving
/// `achieved` FLOP/s each. LoRA and QLoRA replicas that each hold the whole model all-reduce
/// only the adapters' gradients (the frozen base has none): the network moves the trainable
/// share of the parameters.
fn network(
    c: &Coefficients,
    w: &Workload,
    t: &InstanceType,
    (params, k, achieved): (f64, u64, f64),
    to_hold: u64,
) -> Option<sizing::Network> {
    let moved = if adapters_only(w, to_hold) {
        sizing::trainable_params(params, w.method, c) / params
    } else {
        1.0
    };
    c.sharded_network
        .map(|(batch_tokens, bytes_per_param)| sizing::Network {
            node_gbps: t.network_gbps,
            per_node: k as f64,
            achieved_flops: achieved,
            batch_tokens: w.global_batch_tokens.map_or(batch_tokens, |b| b as f64),
            bytes_per_param: bytes_per_param * moved,
        })
}

/// How several instances of a training job work together, if there are several.
fn multi_node(w: &Workload, t: &InstanceType, instances: u64, to_hold: u64) -> Option<String> {
    if instances <= 1 {
        return None;
    }
    Some(if adapters_only(w, to_hold) {
        format!(
            "multi-node: {instances} data-parallel replicas, each holding the whole model, \
             all-reduce only the {} adapters' gradients{}",
            w.method,
            if t.efa() {
                ""
            } else {
                " (a small exchange: no EFA needed)"
            }
        )
    } else {
        format!(
            "multi-node: {instances} instances joined by EFA ({} EFA device(s) each)",
            t.efa_devices
        )
    })
}

/// Whether more instances of a training job are data-parallel replicas that exchange only
/// adapter gradients: LoRA or QLoRA on a model one instance holds (`to_hold` = 1). With the
/// model sharded over instances, the frozen weights are gathered every step, and EFA is needed.
fn adapters_only(w: &Workload, to_hold: u64) -> bool {
    matches!(w.method, Method::Lora | Method::Qlora) && to_hold == 1
}

/// Hours a training job spends before its first step, with the reasons that say so: copying
/// the dataset from S3 onto a working copy created for the job (`place`), at the slower of its
/// throughput and the instance's network, and the instances' start-up
/// (`instance-startup-seconds`).
fn preparation(
    c: &Coefficients,
    w: &Workload,
    timing: &Timing,
    t: &InstanceType,
    place: Option<&super::working::Choice>,
) -> (f64, Vec<String>) {
    let mut hours = 0.0;
    let mut reasons = Vec::new();
    if let Some(place) = place.filter(|p| p.staged) {
        let (s3, s3_limit) = timing.places.s3_read(t);
        let (rate, by) = match place.read {
            Some(read) if !(s3 > 0.0 && s3 < read) => (read, "its maximum".to_string()),
            _ => (s3, s3_limit),
        };
        let h = w.data_size_bytes as f64 / rate / 3600.0;
        hours += h;
        if timing.explain {
            reasons.push(format!(
                "+ {}: staging the {} GB dataset from S3 onto {} at {} MiB/s ({by}) before the \
                 first step",
                short_hours(h),
                round2(w.data_size_gb()),
                place.name,
                round2(rate / MIB)
            ));
        }
    }
    if let Some(seconds) = c.instance_startup_seconds {
        let h = seconds / 3600.0;
        hours += h;
        if timing.explain {
            reasons.push(format!(
                "+ {}: instance start-up ({seconds} s from launch to a booted OS, {}; pulling a \
                 container image and starting the framework take longer)",
                short_hours(h),
                sizing::INSTANCE_STARTUP
            ));
        }
    }
    (hours, reasons)
}

/// Hours as a short duration: minutes under an hour.
fn short_hours(h: f64) -> String {
    if h < 1.0 {
        format!("{} min", round2(h * 60.0))
    } else {
        format!("{} h", round2(h))
    }
}

/// What limits a cluster that cannot meet its deadline, and the kind of rejection it makes: the
/// nodes beyond which a step waits on the network (when that comes before `cap`), else the
/// largest cluster advisor sizes.
fn cluster_limit(
    c: &Coefficients,
    t: &InstanceType,
    (cap, bound): (u64, Option<u64>),
    network: Option<&sizing::Network>,
) -> (RejectionKind, String) {
    let limit = match (c.max_accelerators, bound, network) {
        (_, Some(b), Some(net)) if b < cap => {
            return (
                RejectionKind::NetworkBound,
                format!(
                    "{b} nodes, beyond which a step waits on the network ({} Gbps a node for {} \
             accelerator{} at {} tokens a step; a larger --global-batch-tokens or pipeline \
             parallelism across nodes, not modelled, would raise it)",
                    t.network_gbps,
                    net.per_node,
                    if net.per_node == 1.0 { "" } else { "s" },
                    crate::units::format_count(net.batch_tokens as u64),
                ),
            )
        }
        (Some(m), _, _) => format!(
            "the largest cluster advisor sizes ({m} accelerators, {})",
            sizing::MAX_ACCELERATORS
        ),
        (None, _, _) => "the largest cluster advisor sizes".to_string(),
    };
    (RejectionKind::Deadline, limit)
}

/// The multi-node part of the time reason (empty on one node): the scaling efficiency, its
/// coefficients, whether it is extrapolated, how much of a step the network takes, and the
/// count the deadline needs.
fn scaling_note(
    c: &Coefficients,
    (n, k): (u64, u64),
    (efficiency, network_ratio): (f64, f64),
    deadline: f64,
) -> String {
    if n <= 1 {
        return String::new();
    }
    let network = match c.sharded_network {
        None => "; the network between nodes is not modelled (no training-global-batch-tokens \
                 or training-sharded-network-bytes-per-param in the catalog)"
            .to_string(),
        Some(_) if network_ratio >= 1.0 => format!(
            "; network-bound: a step's all-gathers and reduce-scatters take {}× its compute",
            round2(network_ratio)
        ),
        Some(_) if network_ratio >= 0.25 => format!(
            "; the network between nodes needs {}% of a step's compute time, hidden behind it",
            (network_ratio * 100.0).round()
        ),
        Some(_) => String::new(),
    };
    format!(
        ", × {}% multi-node scaling over {n} nodes ({}{}{network}); {n} instance(s) to finish \
         within {} h",
        round2(efficiency * 100.0),
        if c.node_scaling.is_some() {
            sizing::NODE_SCALING
        } else {
            "no scaling figure in the catalog: taken as linear"
        },
        if n * k > sizing::NODE_SCALING_MEASURED_ACCELERATORS {
            format!(
                ", extrapolated beyond the {} accelerators it was measured on",
                sizing::NODE_SCALING_MEASURED_ACCELERATORS
            )
        } else {
            String::new()
        },
        round2(deadline)
    )
}

/// The smallest count from `n` up to `cap` whose `hours` are within `deadline` (hours fall as
/// the count grows); `cap` when none is.
fn smallest_within(hours: &dyn Fn(u64) -> f64, n: u64, cap: u64, deadline: f64) -> u64 {
    // double, then halve the gap
    let mut high = n;
    while hours(high) > deadline && high < cap {
        high = (high * 2).min(cap);
    }
    if hours(high) > deadline {
        return high;
    }
    let mut low = n;
    while low + 1 < high {
        let mid = low + (high - low) / 2;
        if hours(mid) > deadline {
            low = mid;
        } else {
            high = mid;
        }
    }
    high
}

/// Why a CPU instance cannot serve or score a model: its family has no CPU figures.
pub(super) fn no_cpu_figures(family: &str) -> String {
    format!(
        "no CPU memory-bandwidth and peak figures for family {family} in the catalog to size a \
         model on it"
    )
}

/// `--max-gpus` rules out an instance with more accelerators than it allows, model or not.
fn per_instance_within_max_gpus(w: &Workload, k: u32) -> Result<(), Reject> {
    match w.max_gpus {
        Some(max) if k > max => Err(Reject::new(
            RejectionKind::PerInstanceOverMaxGpus,
            format!("{k} accelerators per instance > --max-gpus {max}"),
        )),
        _ => Ok(()),
    }
}

/// Training hours without a model, from the data-throughput estimate: dataset GB × epochs /
/// (accelerators × `training-data-throughput-gb-per-hour` × their dense peak /
/// `training-data-throughput-reference-tflops`). None when the catalog lacks either coefficient
/// or the accelerator's peak.
fn data_throughput(
    c: &Coefficients,
    w: &Workload,
    timing: &Timing,
    t: &InstanceType,
    (model, k, _): (&Accelerator, u32, f64),
) -> Option<Sized> {
    let explain = timing.explain;
    let (per_hour, reference) = c.data_throughput?;
    let (peak, _) = sizing::peak_tflops(model, w.precision)?;
    let epochs = w.epochs.unwrap_or(1.0);
    let gb = w.data_size_gb() * epochs;
    let rate = f64::from(k.max(1)) * per_hour * peak / reference;
    // the working copy caps how fast the data can be read: the job is I/O-bound beyond it,
    // unless the copy moves where it keeps up
    let bytes_per_s = |gb_per_hour: f64| gb_per_hour * 1e9 / 3600.0;
    let place = timing.places.choose(
        t,
        w.data_size_bytes as f64,
        (Some(bytes_per_s(rate)), epochs),
        explain,
    );
    let cap = place
        .as_ref()
        .and_then(|p| p.read)
        .map(|r| r * 3600.0 / 1e9)
        .filter(|cap| *cap < rate);
    let hours = gb / cap.unwrap_or(rate);
    let mut reasons = if explain {
        vec![format!(
        "{} h: {} GB × {} epoch(s) at {} GB/h ({k} × {} at {} TFLOPS each, scaled from {} GB/h \
         on a {} TFLOPS A100); a ResNet-50-class estimate without a model, pass \
         --model-params or --job-hours",
        round2(gb / rate),
        round2(w.data_size_gb()),
        epochs,
        round2(rate),
        model.name,
        peak,
        per_hour,
        reference
    )]
    } else {
        Vec::new()
    };
    if let (Some(why), true) = (place.as_ref().and_then(|p| p.why.clone()), explain) {
        reasons.push(why);
    }
    // when even the best working copy cannot feed the accelerators, the job runs at its pace
    if let (Some(cap), Some(p), true) = (cap, place.as_ref(), explain) {
        reasons.push(format!(
            "I/O-bound: the accelerators could read {} MiB/s, more than {} delivers ({} GB/h), \
             so the job takes {} h at the storage's pace instead of {} h",
            round2(bytes_per_s(rate) / MIB),
            p.name,
            round2(cap),
            round2(hours),
            round2(gb / rate)
        ));
    }
    let (prep, prep_reasons) = preparation(c, w, timing, t, place.as_ref());
    reasons.extend(prep_reasons);
    Some(Sized {
        count: 1,
        job_hours: Some(hours + prep),
        reasons,
        detail: Some(SizingDetail {
            accelerators: k,
            peak_tflops: Some(peak),
            job_hours_basis: Some("data-throughput".into()),
            working_copy: place.map(|p| p.id),
            ..SizingDetail::default()
        }),
    })
}

/// Tokens of a training job: `--tokens`, else dataset bytes / bytes-per-token × epochs.
pub(super) fn training_tokens(w: &Workload, c: &Coefficients) -> f64 {
    w.tokens
        .map(|t| t as f64)
        .unwrap_or_else(|| w.data_size_bytes as f64 / c.bytes_per_token * w.epochs.unwrap_or(1.0))
}

/// A warning when `--tokens` asks for more passes over the dataset than repeated data is worth
/// (`training-useful-epochs`): most likely a mistyped count or size.
pub(super) fn repeated_data(c: &Coefficients, w: &Workload) -> Option<String> {
    let (tokens, useful) = (w.tokens? as f64, c.useful_epochs?);
    let data_tokens = w.data_size_bytes as f64 / c.bytes_per_token;
    let passes = tokens / data_tokens;
    (w.workload == WorkloadKind::Training && passes > useful).then(|| {
        format!(
            "--tokens {} is {} passes over the {} GB dataset (about {} tokens at bytes-per-token \
             {}): beyond {useful}, repeated data trains little better (training-useful-epochs); \
             check --tokens and --data-size",
            crate::units::format_count(tokens as u64),
            round2(passes),
            round2(w.data_size_gb()),
            crate::units::format_count(data_tokens as u64),
            c.bytes_per_token
        )
    })
}

/// What serves or scores the model on one instance, and how to name it.
struct Hardware {
    d: Device,
    /// The engine's batch cap in `d` and the coefficient that sets it.
    batch_cap: Option<(f64, &'static str)>,
    /// Several accelerators joined by PCIe only: tensor parallelism's all-reduces are slower
    /// than the NVLink ones `decode-tp-layer-overhead-ms` was measured on.
    pcie_split: bool,
    /// A Neuron chip (Inferentia2, Trainium), decoding at its own measured figures.
    neuron: bool,
    mfu_id: String,
    /// "4× A10G", "16 vCPUs of graviton4" (empty when not explaining)
    label: String,
    /// Accelerators per instance (0 on a CPU).
    accelerators: u32,
    /// Peak per accelerator (per instance on a CPU), TFLOPS.
    unit_peak_tflops: f64,
}

/// All of an instance's accelerators as one serving replica (tensor parallel, linear scaling).
fn device(
    catalog: &Catalog,
    c: &Coefficients,
    w: &Workload,
    (model, k, mem_gib): (&Accelerator, u32, f64),
    explain: bool,
) -> Result<Hardware, Reject> {
    let Some(bw) = model.memory_bandwidth_gb_per_s else {
        return Err(Reject::from(format!(
            "no memory bandwidth figure for {} in the catalog to size serving",
            model.name
        )));
    };
    let Some((peak, fp8)) = sizing::peak_tflops(model, w.precision) else {
        return Err(Reject::from(format!(
            "no dense TFLOPS figure for {} in the catalog to size serving",
            model.name
        )));
    };
    let (mfu, mfu_id) = sizing::mfu(catalog, &model.id, fp8);
    let n = f64::from(k.max(1));
    let neuron = model.software == crate::catalog::Software::Neuron;
    // Neuron decodes at its measured rate, scaled by the model's active parameters
    let active_b = w.active_params().unwrap_or(1e9) / 1e9;
    let decode_cap_tokens_per_s = c
        .neuron_decode
        .filter(|_| neuron)
        .map(|(per_chip, _)| n * per_chip / active_b.max(1e-9));
    Ok(Hardware {
        d: Device {
            usable_bytes: n * (mem_gib * GIB * c.usable_fraction - c.overhead_bytes),
            bandwidth: n * bw * 1e9,
            peak_flops: n * peak * 1e12,
            mfu,
            decode_cap_tokens_per_s,
            max_batch: None,
        },
        batch_cap: None,
        pcie_split: k > 1 && model.interconnect == Some(crate::catalog::Interconnect::Pcie),
        neuron,
        mfu_id,
        label: if explain {
            format!("{k}× {}", model.name)
        } else {
            String::new()
        },
        accelerators: k,
        unit_peak_tflops: peak,
    })
}

/// The whole instance as one CPU replica: its vCPUs × the per-vCPU figures of its processor,
/// its memory × `memory-usable-fraction` less `framework-overhead-gb`; compute at the FP32 peak
/// whatever the weights' precision, with `mfu-cpu` (else `mfu-default`).
fn cpu(
    catalog: &Catalog,
    c: &Coefficients,
    t: &InstanceType,
    explain: bool,
) -> Result<Hardware, Reject> {
    let Some(f) = c.cpu.get(&*t.family) else {
        return Err(Reject::from(no_cpu_figures(&t.family)));
    };
    let (mfu, mfu_id) = sizing::mfu(catalog, "cpu", false);
    let vcpus = f64::from(t.vcpus);
    let peak = vcpus * f.peak_gflops * 1e9;
    Ok(Hardware {
        d: Device {
            usable_bytes: t.memory_gib * GIB * c.usable_fraction - c.overhead_bytes,
            bandwidth: vcpus * f.bandwidth_gb_per_s * 1e9,
            peak_flops: peak,
            mfu,
            decode_cap_tokens_per_s: None,
            max_batch: None,
        },
        batch_cap: None,
        pcie_split: false,
        neuron: false,
        mfu_id,
        label: if explain {
            format!("{} vCPUs of {}", t.vcpus, f.processor)
        } else {
            String::new()
        },
        accelerators: 0,
        unit_peak_tflops: peak / 1e12,
    })
}

/// What one request asks of a replica: the model (its weights, active parameters and KV cache
/// per token) and the request's tokens and latency target.
pub(super) fn request(
    c: &Coefficients,
    w: &Workload,
    params: f64,
    (accelerators, neuron): (u32, bool),
) -> sizing::Request {
    sizing::Request {
        params,
        active_params: w.active_params().unwrap_or(params),
        precision: w.precision,
        embedding_params: w.model.as_ref().map_or(0.0, |m| m.embedding_params),
        experts: w
            .model
            .as_ref()
            .and_then(|m| m.experts)
            .map(|(e, k)| (f64::from(e), f64::from(k))),
        // an encoder reads its input in one pass: no cache outlives it
        kv_bytes_per_token: w
            .model
            .as_ref()
            .filter(|m| m.kind == crate::catalog::ModelKind::Decoder)
            .map_or(0.0, |m| m.kv_bytes_per_token(kv_element_bytes(w.precision))),
        context_tokens: w.context_tokens as f64,
        output_tokens: w.output_tokens as f64,
        latency_target_ms: w.latency_ms,
        attention_flops_per_token_sq: w
            .model
            .as_ref()
            .map_or(0.0, |m| 2.0 * m.layers * m.heads * m.head_dim),
        token_targets_s: c
            .generation_targets_ms
            .filter(|_| w.latency_ms_basis == "generation")
            .map(|(ttft, tpot)| (ttft / 1000.0, tpot / 1000.0)),
        step_overhead_s: match (neuron, c.neuron_decode) {
            // Neuron's measured step overhead, whatever the model
            (true, Some((_, ms))) => ms / 1000.0,
            _ => w
                .model
                .as_ref()
                .map_or(0.0, |m| sizing::step_overhead(c, m.layers, accelerators)),
        },
    }
}

/// Bytes per KV-cache element: the activations' precision (16-bit unless the model runs in
/// FP32: quantized weights keep a 16-bit cache unless it is quantized too).
fn kv_element_bytes(p: crate::workload::Precision) -> f64 {
    match p {
        crate::workload::Precision::Fp32 => 4.0,
        _ => 2.0,
    }
}

/// Why a request cannot meet its latency target even alone: its time at batch 1, and for a
/// generation what one token takes against what the target leaves each token.
fn latency_miss(
    c: &Coefficients,
    w: &Workload,
    (request_ms, prefill_ms, per_token_ms): (f64, f64, f64),
) -> String {
    let n = w.output_tokens;
    if n <= 1 {
        return format!(
            "{} ms per request at batch 1 > --latency-ms {}",
            round2(request_ms),
            w.latency_ms
        );
    }
    let steps = n - 1;
    if let (Some((ttft, tpot)), "generation") = (c.generation_targets_ms, w.latency_ms_basis) {
        return format!(
            "at batch 1 the first token takes {} ms (generation-ttft-ms allows {ttft}) and each \
             token after it {} ms, a decode step (generation-tpot-ms allows {tpot})",
            round2(prefill_ms),
            round2(per_token_ms)
        );
    }
    let allowed = (w.latency_ms - prefill_ms) / steps as f64;
    format!(
        "{} ms per request at batch 1 ({} ms for the prompt and first token + {steps} more \
         tokens × {} ms, each a decode step: reading the weights or computing, whichever is \
         slower, plus its overhead) > --latency-ms {}, which {}",
        round2(request_ms),
        round2(prefill_ms),
        round2(per_token_ms),
        w.latency_ms,
        if allowed > 0.0 {
            format!("leaves {} ms per generated token", round2(allowed))
        } else {
            "the prompt alone exceeds".to_string()
        }
    )
}

fn serving(
    c: &Coefficients,
    w: &Workload,
    (t, params): (&InstanceType, f64),
    hw: Hardware,
    explain: bool,
) -> Result<Sized, Reject> {
    let d = &hw.d;
    let cap = sizing::serving(&request(c, w, params, (hw.accelerators, hw.neuron)), d, c).map_err(
        |miss| match miss {
            ServingMiss::Memory(need, have) => memory_miss(w, need, have, "sequence"),
            ServingMiss::Latency {
                request_ms,
                prefill_ms,
                per_token_ms,
            } => Reject::new(
                RejectionKind::Latency,
                latency_miss(c, w, (request_ms, prefill_ms, per_token_ms)),
            ),
        },
    )?;
    let per_instance = cap.requests_per_second * c.serving_utilization;
    let replicas = (w.rps / per_instance).ceil().max(1.0);
    let peak = w.peak_rps.map(|p| (p / per_instance).ceil().max(1.0));
    if peak.unwrap_or(replicas) > 10_000.0 {
        return Err(Reject::from(format!(
            "{} requests/s per instance: more than 10,000 instances for {} requests/s",
            round2(cap.requests_per_second),
            w.peak_rps.unwrap_or(w.rps)
        )));
    }
    let mut fleet = None;
    if let (Some(max), Some(peak_rps), true) = (peak, w.peak_rps, explain) {
        fleet = Some(fleet_reason(
            c,
            t,
            cap.weights_bytes,
            (replicas, max),
            peak_rps,
        ));
    }
    Ok(Sized {
        count: replicas as u32,
        job_hours: None,
        reasons: if explain {
            let mut reasons = vec![
            if w.output_tokens > 1 {
                format!(
                    "{} {} {} GiB of weights + KV cache ({} of {} GiB usable), batch {}",
                    hw.label,
                    if hw.accelerators == 1 { "holds" } else { "hold" },
                    gib(cap.weights_bytes + cap.kv_bytes_per_sequence * cap.batch as f64),
                    w.precision,
                    gib(d.usable_bytes),
                    batch_text(&hw, cap.batch)
                )
            } else {
                format!(
                    "{} {} {} GiB of weights ({} of {} GiB usable)",
                    hw.label,
                    if hw.accelerators == 1 { "holds" } else { "hold" },
                    gib(cap.weights_bytes),
                    w.precision,
                    gib(d.usable_bytes)
                )
            },
            format!(
                "{} requests/s per instance at {} ms ({}); {} instance(s) for {} requests/s at {}% utilization",
                round2(cap.requests_per_second),
                round2(cap.latency_ms),
                if w.output_tokens > 1 {
                    format!(
                        "{} prompt + {} generated tokens",
                        w.context_tokens, w.output_tokens
                    )
                } else {
                    format!("{} prompt tokens scored in one pass", w.context_tokens)
                },
                replicas,
                w.rps,
                round2(c.serving_utilization * 100.0)
            ),
        ];
            reasons.extend(fleet);
            reasons.extend(pcie_note(&hw, w));
            reasons
        } else {
            Vec::new()
        },
        detail: Some(SizingDetail {
            fleet_max: peak.map(|p| p as u32),
            accelerators: hw.accelerators * replicas as u32,
            memory_needed_gib: Some(gib(cap.min_memory_bytes)),
            memory_usable_gib: Some(gib(d.usable_bytes)),
            peak_tflops: Some(hw.unit_peak_tflops),
            mfu: Some(d.mfu),
            mfu_coefficient: Some(hw.mfu_id.clone()),
            batch: Some(cap.batch),
            latency_ms: Some(round2(cap.latency_ms)),
            requests_per_second_per_instance: Some(round2(cap.requests_per_second)),
            ..SizingDetail::default()
        }),
    })
}

/// A replica too small for the weights and one `what`'s KV cache: what it needs against what
/// it has, or that the framework's overhead leaves nothing.
fn memory_miss(w: &Workload, need: f64, have: f64, what: &str) -> Reject {
    let has = if have > 0.0 {
        format!("> {} GiB usable", gib(have))
    } else {
        "and none is usable: the framework's overhead (framework-overhead-gb) takes it all".into()
    };
    // an encoder scores a sequence in one pass: what it holds per sequence is the keys and
    // values of its attention, not a cache kept across generated tokens
    let encoder = w
        .model
        .as_ref()
        .is_some_and(|m| m.kind == crate::catalog::ModelKind::Encoder);
    let state = if encoder {
        "attention keys and values"
    } else {
        "KV cache"
    };
    Reject::new(
        RejectionKind::ServingMemory,
        format!(
            "{} GiB needed for {} weights and one {what}'s {state} {has}",
            gib(need),
            w.precision
        ),
    )
}

/// A model split over accelerators joined by PCIe only decodes slower than estimated: the
/// all-reduce overhead was measured over NVLink. Said when it generates (decode matters).
fn pcie_note(hw: &Hardware, w: &Workload) -> Option<String> {
    (hw.pcie_split && w.output_tokens > 1).then(|| {
        format!(
            "{} split the model over PCIe (no NVLink): the all-reduce overhead per layer \
             (decode-tp-layer-overhead-ms) was measured over NVLink, so each token here likely \
             takes longer than estimated",
            hw.label
        )
    })
}

/// A replica's batch, and when the serving engine's default cap sets it, that it does.
fn batch_text(hw: &Hardware, batch: u64) -> String {
    match hw.batch_cap {
        Some((cap, id)) if batch as f64 >= cap => {
            format!("{batch}, the serving engine's default cap ({id})")
        }
        _ => batch.to_string(),
    }
}

/// The fleet between the average and the peak: its size at each, and how long a new instance
/// takes to serve (start-up, then the weights from S3 at the slower of the instance's network
/// and `s3-read-gb-per-s-per-instance`).
fn fleet_reason(
    c: &Coefficients,
    t: &InstanceType,
    weights_bytes: f64,
    (min, max): (f64, f64),
    peak_rps: f64,
) -> String {
    let (s3, _) = sizing::s3_rate(c.s3_read_gb_per_s, t.network_gbps);
    let load_s = if s3 > 0.0 { weights_bytes / s3 } else { 0.0 };
    let startup = c.instance_startup_seconds.unwrap_or(0.0);
    format!(
        "fleet: {min} instance(s) carry the average, up to {max} at the peak of {peak_rps} \
         requests/s; billed for the average ({min} all month: the group's minimum, which a \
         reservation can cover), a lower bound: instances added for peaks bill on demand while \
         they run; a new instance serves after at least {} s (start-up \
         {startup} s + {} GB of weights from S3 in {} s; pulling the serving container and \
         starting the engine take longer), so scale out ahead of the peak or keep more warm",
        round2(startup + load_s),
        round2(weights_bytes / 1e9),
        round2(load_s)
    )
}

/// A batch job at full load: the serving model of a request (prefill, then decode steps at the
/// largest batch the memory holds, no latency target), over the job's items; as many
/// instances as the deadline needs.
fn batch(
    c: &Coefficients,
    w: &Workload,
    params: f64,
    hw: Hardware,
    explain: bool,
) -> Result<Sized, Reject> {
    let d = &hw.d;
    let full_load = sizing::Request {
        latency_target_ms: f64::INFINITY,
        token_targets_s: None,
        ..request(c, w, params, (hw.accelerators, hw.neuron))
    };
    let cap = sizing::serving(&full_load, d, c).map_err(|miss| match miss {
        ServingMiss::Memory(need, have) => memory_miss(w, need, have, "item"),
        // no latency target: cannot miss one
        ServingMiss::Latency { request_ms, .. } => {
            Reject::from(format!("{} ms per item", round2(request_ms)))
        }
    })?;
    // items: given, or the dataset's tokens as prompts of --context-tokens
    let per_item = w.context_tokens as f64 + w.output_tokens as f64;
    let items = match w.items {
        Some(items) => items as f64,
        None => {
            (w.data_size_bytes as f64 / c.bytes_per_token / w.context_tokens.max(1) as f64).ceil()
        }
    };
    let tokens = items * per_item;
    let hours_one = items / cap.requests_per_second / 3600.0;
    let count = (hours_one / w.deadline_hours).ceil().max(1.0);
    if count > 10_000.0 {
        return Err(Reject::from(format!(
            "{} h on one instance: more than 10,000 instances to meet the {} h deadline",
            round2(hours_one),
            w.deadline_hours
        )));
    }
    let job_hours = hours_one / count;
    Ok(Sized {
        count: count as u32,
        job_hours: Some(job_hours),
        reasons: if explain {
            let mut reasons = vec![format!(
                "{} h on one instance: {} items at {} a second ({} prompt + {} generated \
                 tokens each on {}, batch {}); {} instance(s) meet the {} h deadline",
                round2(hours_one),
                crate::units::format_count(items as u64),
                round2(cap.requests_per_second),
                w.context_tokens,
                w.output_tokens,
                hw.label,
                batch_text(&hw, cap.batch),
                count,
                w.deadline_hours
            )];
            reasons.extend(pcie_note(&hw, w));
            reasons
        } else {
            Vec::new()
        },
        detail: Some(SizingDetail {
            accelerators: hw.accelerators * count as u32,
            memory_needed_gib: Some(gib(cap.min_memory_bytes)),
            memory_usable_gib: Some(gib(d.usable_bytes)),
            tokens: Some(tokens.round()),
            peak_tflops: Some(hw.unit_peak_tflops),
            mfu: Some(d.mfu),
            mfu_coefficient: Some(hw.mfu_id.clone()),
            batch: Some(cap.batch),
            requests_per_second_per_instance: Some(round2(cap.requests_per_second)),
            job_hours_basis: Some("estimated".into()),
            ..SizingDetail::default()
        }),
    })
}
