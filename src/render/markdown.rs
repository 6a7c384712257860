//! Markdown for a pull-request comment: the summary first (the outcome, the total and a row per
//! workload), each full report folded below it in a `<details>` block, as infracost's comments
//! put their summary on top.

use std::io::{self, Write};

use super::cells::{dollars, rate};
use super::options::RenderOptions;
use super::table_recommend::{heading, plan_outcome, plan_table, plan_total, report, total};
use crate::answer::plan::PlanReport;
use crate::answer::recommend::{Outcome, RecommendReport};
use crate::answer::rightsize::{RightsizeReport, Verdict};

/// The first line `f` writes.
fn first_line(f: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> io::Result<String> {
    let mut buf = Vec::new();
    f(&mut buf)?;
    let text = String::from_utf8_lossy(&buf);
    Ok(text.lines().next().unwrap_or_default().to_string())
}

/// One recommendation in a line: the Best option and its costs, or the outcome.
fn best(r: &RecommendReport) -> String {
    match (r.outcome, r.recommendations.first()) {
        (Outcome::NothingFits, _) | (_, None) => "**Nothing fits**".into(),
        (outcome, Some(b)) => {
            let mut s = format!(
                "**Best: {} × {}**, {}: {}/hour, {}/month",
                b.instance_type,
                b.count,
                b.pricing_model,
                rate(b.hourly_usd),
                dollars(b.monthly_usd)
            );
            if let Some(j) = b.job_usd {
                s.push_str(&format!(", {} per job", dollars(j)));
            }
            if outcome == Outcome::OverBudget {
                s.push_str(" (**over budget**)");
            }
            s
        }
    }
}

/// One right-sizing in a line: the move and its saving, or that none is needed.
fn rightsize_line(r: &RightsizeReport) -> String {
    let c = &r.current;
    let b = r.after();
    match (r.verdict, &r.saving) {
        (Verdict::UnderProvisioned, _) => format!(
            "{} is under-provisioned; smallest fit {} × {}, {}/month",
            c.instance_type,
            b.instance_type,
            b.count,
            dollars(b.monthly_usd)
        ),
        (Verdict::NothingFits, _) => format!(
            "{} is short of its {} and **nothing fits**",
            c.instance_type, c.binding
        ),
        (Verdict::Saving, Some(s)) => format!(
            "{} → {} × {}, saving {}/month ({}%)",
            c.instance_type,
            b.instance_type,
            b.count,
            dollars(s.monthly_usd),
            s.pct
        ),
        _ => format!("{} is already right-sized", c.instance_type),
    }
}

/// A full report folded in a `<details>` block under `summary` (blank lines around the
/// Markdown inside, which GitHub needs to render it).
fn folded(
    summary: &str,
    out: &mut dyn Write,
    body: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    writeln!(out, "<details><summary>{summary}</summary>")?;
    writeln!(out)?;
    body(out)?;
    writeln!(out)?;
    writeln!(out, "</details>")
}

/// `recommend --format markdown`: what it recommends and costs first, the report folded.
pub(super) fn recommend(
    r: &RecommendReport,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(
        out,
        "### advisor recommend: {}",
        first_line(|b| heading(r, b))?
    )?;
    writeln!(out)?;
    // a gap in the catalog first: it explains what follows
    for gap in &r.catalog_gaps {
        writeln!(out, "**Gap in the catalog:** {}", gap.message)?;
        writeln!(out)?;
    }
    writeln!(out, "{}", best(r))?;
    let total = first_line(|b| total(r, b))?;
    if !total.is_empty() {
        writeln!(out)?;
        writeln!(out, "{total}")?;
    }
    writeln!(out)?;
    folded("Full report", out, |out| report(r, opts, out))
}

/// `plan --format markdown`: the outcome, total and a row per workload first, then each
/// workload's report folded.
pub(super) fn plan(p: &PlanReport, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "## advisor plan `{}`: {}",
        p.file,
        plan_outcome(p.outcome)
    )?;
    writeln!(out)?;
    let mut totals = Vec::new();
    plan_total(p, &mut totals)?;
    writeln!(out, "{}", String::from_utf8_lossy(&totals).trim_end())?;
    writeln!(out)?;
    if !p.workloads.is_empty() {
        plan_table(p, opts, out)?;
    }
    if !p.rightsize.is_empty() {
        if !p.workloads.is_empty() {
            writeln!(out)?;
        }
        super::table_rightsize::plan_table(p, opts, out)?;
    }
    for w in &p.workloads {
        writeln!(out)?;
        let summary = format!("<b>{}</b>: {}", w.name, best(&w.result).replace("**", ""));
        folded(&summary, out, |out| report(&w.result, opts, out))?;
    }
    for e in &p.rightsize {
        writeln!(out)?;
        let summary = format!("<b>{}</b>: {}", e.name, rightsize_line(&e.result));
        folded(&summary, out, |out| {
            super::table_rightsize::render(&e.result, opts, out)
        })?;
    }
    Ok(())
}
