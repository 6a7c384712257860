//! `advisor plan`: recommend every workload of a plan file ([`crate::plan_file`]) and apply
//! the budget gates to the total.

use crate::answer::plan::{PlanReport, PlanRightsize, PlanTotal, PlanWorkload};
use crate::answer::rightsize::{RightsizeReport, Verdict};
use crate::catalog::Catalog;
use crate::diag::{Code, Diagnostic};
use crate::error::Error;
use crate::money::Usd;

pub use crate::plan_file::{load, parse, Plan, RightsizeEntry};

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
        rightsize_entries: plan.rightsize.len(),
        rightsize_current_monthly_usd: Usd::ZERO,
        rightsize_monthly_usd: Usd::ZERO,
        rightsize_saving_monthly_usd: Usd::ZERO,
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
        outcome = worst(outcome, r.report.outcome);
        workloads.push(PlanWorkload {
            name: name.clone(),
            result: r.report,
        });
    }
    let mut rightsize = Vec::new();
    // every entry the catalog cannot answer is reported, not only the first
    let mut bad = Vec::new();
    for entry in &plan.rightsize {
        let (report, over, notes) = match rightsize_entry(catalog, plan, entry) {
            Ok(answer) => answer,
            Err(Error::Invalid { diagnostics, .. }) => {
                bad.extend(diagnostics);
                continue;
            }
            Err(e) => return Err(e),
        };
        warnings.extend(notes.into_iter().map(|x| format!("{}: {x}", entry.name)));
        let after = report.after();
        total.monthly_usd = total.monthly_usd + after.monthly_usd;
        total.rightsize_current_monthly_usd =
            total.rightsize_current_monthly_usd + report.current.monthly_usd;
        total.rightsize_monthly_usd = total.rightsize_monthly_usd + after.monthly_usd;
        // net: a fleet that must grow counts against the ones that shrink
        total.rightsize_saving_monthly_usd =
            total.rightsize_current_monthly_usd - total.rightsize_monthly_usd;
        let own = if report.verdict == Verdict::NothingFits {
            warnings.push(format!(
                "{}: nothing fits: {} is short of its {} and no priced type meets the needs",
                entry.name, report.current.instance_type, report.current.binding
            ));
            Outcome::NothingFits
        } else if let Some(message) = over {
            warnings.push(format!("{}: {message}", entry.name));
            Outcome::OverBudget
        } else {
            Outcome::Ok
        };
        outcome = worst(outcome, own);
        rightsize.push(PlanRightsize {
            name: entry.name.clone(),
            outcome: own,
            result: report,
        });
    }
    if !bad.is_empty() {
        return Err(Error::Invalid {
            what: format!("plan `{}`", plan.file),
            diagnostics: bad,
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
            rightsize,
            total,
        },
        warnings,
    ))
}

/// The plan's outcome with one more entry's: nothing fits over over budget over ok.
fn worst(
    a: crate::answer::recommend::Outcome,
    b: crate::answer::recommend::Outcome,
) -> crate::answer::recommend::Outcome {
    use crate::answer::recommend::Outcome;
    match (a, b) {
        (Outcome::NothingFits, _) | (_, Outcome::NothingFits) => Outcome::NothingFits,
        (Outcome::OverBudget, _) | (_, Outcome::OverBudget) => Outcome::OverBudget,
        _ => Outcome::Ok,
    }
}

/// One `[[rightsize]]` entry answered: its metrics file read relative to the plan's directory,
/// its region the key's or the default (a plan does not read the environment), and the
/// message of its own budget gate when the best type costs more. A request the running type
/// cannot have measured (more memory than it has, GPU keys on a CPU type) is a diagnostic at the
/// entry's name: the plan is invalid (exit 3).
fn rightsize_entry(
    catalog: &Catalog,
    plan: &Plan,
    entry: &RightsizeEntry,
) -> Result<(RightsizeReport, Option<String>, Vec<String>), Error> {
    let raw = &entry.request;
    let region = match &raw.region {
        Some(r) => (r.clone(), "given"),
        None => (crate::workload::defaults::REGION.to_string(), "default"),
    };
    let base = std::path::Path::new(&plan.file).parent();
    let answer =
        crate::rightsize::resolve(catalog, raw, region, base).and_then(|(request, mut notes)| {
            let (report, more) = crate::rightsize::rightsize(catalog, &request)?;
            notes.extend(more);
            Ok((report, notes))
        });
    match answer {
        Ok((report, notes)) => {
            let over =
                crate::rightsize::over_budget(&report, raw.max_monthly_usd, "max-monthly-usd");
            Ok((report, over, notes))
        }
        Err(Error::Usage(message)) => Err(Error::Invalid {
            what: format!("plan `{}`", plan.file),
            diagnostics: vec![Diagnostic::error(
                Code::InvalidValue,
                format!("rightsize `{}`: {message}", entry.name),
            )
            .at(Some(entry.at.clone()))],
        }),
        Err(e) => Err(e),
    }
}
