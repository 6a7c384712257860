//! `advisor plan`: recommend every workload of a plan file ([`crate::plan_file`]) and apply
//! the budget gates to the total.

use crate::answer::plan::{PlanReport, PlanTotal, PlanWorkload};
use crate::catalog::Catalog;
use crate::error::Error;
use crate::money::Usd;

pub use crate::plan_file::{load, parse, Plan};

/// Recommend every workload of a plan and apply the gates to the total. Returns the report and
/// its warnings (each prefixed with the workload's name).
pub fn recommend(
    catalog: &Catalog,
    plan: &Plan,
    max_monthly_usd: Option<Usd>,
    max_job_usd: Option<Usd>,
) -> Result<(PlanReport, Vec<String>), Error> {
    use crate::answer::recommend::Outcome;
    let mut warnings = Vec::new();
    let mut workloads = Vec::new();
    let mut total = PlanTotal {
        monthly_usd: Usd::ZERO,
        job_usd: Usd::ZERO,
        workloads_covered: 0,
        workloads: plan.workloads.len(),
        not_covered: Vec::new(),
    };
    let mut outcome = Outcome::Ok;
    for (name, request) in &plan.workloads {
        let w = request.normalize(catalog)?;
        let r = crate::engine::recommend(catalog, &w);
        warnings.extend(r.warnings.into_iter().map(|x| format!("{name}: {x}")));
        if let Some(t) = &r.report.total {
            total.monthly_usd = total.monthly_usd + t.monthly_usd;
            total.job_usd = total.job_usd + t.job_usd.unwrap_or(Usd::ZERO);
            total.workloads_covered += 1;
        } else {
            total.not_covered.push(name.clone());
        }
        outcome = match (outcome, r.report.outcome) {
            (Outcome::NothingFits, _) | (_, Outcome::NothingFits) => Outcome::NothingFits,
            (Outcome::OverBudget, _) | (_, Outcome::OverBudget) => Outcome::OverBudget,
            _ => Outcome::Ok,
        };
        workloads.push(PlanWorkload {
            name: name.clone(),
            result: r.report,
        });
    }
    let over_monthly = max_monthly_usd.filter(|max| total.monthly_usd > *max);
    let over_job = max_job_usd.filter(|max| total.job_usd > *max);
    if let Some(max) = over_monthly {
        warnings.push(format!(
            "over budget: the plan costs {}/month > --max-monthly-usd {}",
            total.monthly_usd.format_cents(),
            max.format_cents()
        ));
    }
    if let Some(max) = over_job {
        warnings.push(format!(
            "over budget: the plan's jobs cost {} > --max-job-usd {}",
            total.job_usd.format_cents(),
            max.format_cents()
        ));
    }
    if outcome == Outcome::Ok && (over_monthly.is_some() || over_job.is_some()) {
        outcome = Outcome::OverBudget;
    }
    Ok((
        PlanReport {
            file: plan.file.clone(),
            outcome,
            max_monthly_usd,
            max_job_usd,
            workloads,
            total,
        },
        warnings,
    ))
}
