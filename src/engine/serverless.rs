//! The serverless alternative for spiky real-time traffic (`--peak-rps`): when the Best option
//! serves the model on CPUs, the same shape as Fargate tasks that follow the load, priced at
//! Fargate's rates. A model that needs an accelerator has none (Fargate has no GPUs).

use super::shared::{round2, Notes};
use crate::answer::recommend::{Recommendation, ServerlessCost};
use crate::catalog::Catalog;
use crate::money::Usd;
use crate::workload::{Workload, WorkloadKind};

/// Fargate's task sizes from 1 vCPU: vCPUs, and the memory range and step in GB (Amazon ECS
/// "supported task CPU and memory values for Fargate", source `aws-fargate-task-sizes`).
const TASK_SIZES: [(f64, f64, f64, f64); 5] = [
    (1.0, 2.0, 8.0, 1.0),
    (2.0, 4.0, 16.0, 1.0),
    (4.0, 8.0, 30.0, 1.0),
    (8.0, 16.0, 60.0, 4.0),
    (16.0, 32.0, 120.0, 8.0),
];

/// The smallest Fargate task with at least `vcpus` and `memory_gb`: (vCPUs, GB); None when the
/// largest (16 vCPU, 120 GB) is too small.
pub(super) fn task_size(vcpus: f64, memory_gb: f64) -> Option<(f64, f64)> {
    TASK_SIZES
        .iter()
        .filter(|(v, ..)| *v >= vcpus)
        .find_map(|&(v, min, max, step)| {
            let memory = ((memory_gb / step).ceil() * step).max(min);
            (memory <= max).then_some((v, memory))
        })
}

/// Fargate tasks of the shape of the best option on CPUs (of every feasible option, in rank
/// order), for spiky traffic; says in the assumptions why there is none when the request is
/// spiky but no task can take it.
pub(super) fn alternative(
    catalog: &Catalog,
    w: &Workload,
    feasible: &[Box<Recommendation>],
    notes: &mut Notes,
) -> Option<ServerlessCost> {
    let (WorkloadKind::RealtimeInference, Some(peak_rps), false) =
        (w.workload, w.peak_rps, feasible.is_empty())
    else {
        return None;
    };
    // the best-ranked option that serves on CPUs alone
    let Some(best) = feasible.iter().find(|r| r.accelerator.is_none()) else {
        notes.assumptions.push(
            "no serverless alternative priced: no CPU instance serves the model within the \
             targets, and Fargate tasks have no GPUs; SageMaker Serverless Inference has no \
             prices in the catalog"
                .into(),
        );
        return None;
    };
    let (vcpus, memory) = (f64::from(best.vcpus?), best.memory_gib?);
    let Some((task_vcpus, task_memory)) = task_size(vcpus, memory) else {
        notes.assumptions.push(format!(
            "no serverless alternative priced: {} ({vcpus} vCPU, {} GiB), the best option on \
             CPUs, is larger than the largest Fargate task (16 vCPU, 120 GB)",
            best.instance_type,
            round2(memory)
        ));
        return None;
    };
    let vcpu_price = catalog.service_price("fargate-vcpu-hour")?;
    let gb_price = catalog.service_price("fargate-gb-hour")?;
    let (vcpu_rate, borrowed_vcpu) = vcpu_price.rate_or_borrowed(&w.region)?;
    let (gb_rate, borrowed_gb) = gb_price.rate_or_borrowed(&w.region)?;
    if borrowed_vcpu || borrowed_gb {
        notes.service_gap(&w.region, vec![vcpu_price.service.clone()]);
    }
    let task_hourly = vcpu_rate.usd.times(task_vcpus) + gb_rate.usd.times(task_memory);
    let hours = w
        .hours_per_month
        .unwrap_or(crate::workload::defaults::ALWAYS_ON_HOURS_PER_MONTH);
    let tasks_average = best.count;
    let tasks_peak = best
        .sizing
        .as_ref()
        .and_then(|s| s.fleet_max)
        .unwrap_or(best.count);
    let monthly = task_hourly.times(f64::from(tasks_average) * hours);
    notes.advice.push(advice(
        best,
        (task_vcpus, task_memory, task_hourly),
        (tasks_average, tasks_peak, peak_rps),
        monthly,
    ));
    Some(ServerlessCost {
        service: vcpu_price.service.clone(),
        instead_of: best.instance_type.clone(),
        task_vcpus,
        task_memory_gb: task_memory,
        task_hourly_usd: task_hourly,
        tasks_average,
        tasks_peak,
        monthly_usd: monthly,
        instances_monthly_usd: best.monthly_usd,
        estimated: borrowed_vcpu || borrowed_gb || vcpu_rate.estimated || gb_rate.estimated,
        source: vcpu_rate.source.clone(),
    })
}

/// The advice line: what the tasks cost against the instances, and what each assumes.
fn advice(
    best: &Recommendation,
    (vcpus, memory, hourly): (f64, f64, Usd),
    (average, peak, peak_rps): (u32, u32, f64),
    monthly: Usd,
) -> String {
    let per_instance = best.hourly_usd.times(1.0 / f64::from(best.count.max(1)));
    format!(
        "Serverless alternative for the spiky traffic: Fargate tasks of {}'s shape ({vcpus} vCPU, \
         {memory} GB) at {}/hour each ({}× the instance's {}), {average} on average and up to \
         {peak} at {peak_rps} requests/s: {}/month, against {}/month for the instances (each \
         billed for its average, a lower bound). Tasks leave no instances to manage, but they \
         too take time to start; the price is Fargate's Linux/x86 rate (its ARM64 rate is not \
         in the catalog), and a task's speed is assumed equal to the instance's (Fargate does \
         not say which processor runs a task)",
        best.instance_type,
        hourly.format_money(),
        hourly
            .ratio(per_instance)
            .map_or_else(|| "-".to_string(), |r| round2(r).to_string()),
        per_instance.format_money(),
        monthly.format_money(),
        best.monthly_usd.format_money()
    )
}

#[cfg(test)]
mod tests {
    use super::task_size;

    /// Fargate's table: c7g.xlarge (4 vCPU, 8 GiB) is a 4 vCPU / 8 GB task; 2 vCPU with 2 GiB
    /// takes the 4 GB minimum; 8 vCPU with 17 GiB rounds up to 20 GB (4 GB steps); 4 vCPU with
    /// 32 GiB needs the 8 vCPU size; 32 vCPU has none.
    #[test]
    fn the_smallest_fargate_task_that_holds_the_shape() {
        assert_eq!(task_size(4.0, 8.0), Some((4.0, 8.0)));
        assert_eq!(task_size(2.0, 2.0), Some((2.0, 4.0)));
        assert_eq!(task_size(8.0, 17.0), Some((8.0, 20.0)));
        assert_eq!(task_size(4.0, 32.0), Some((8.0, 32.0)));
        assert_eq!(task_size(16.0, 128.0), None);
        assert_eq!(task_size(32.0, 64.0), None);
    }
}
