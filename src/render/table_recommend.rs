//! Terminal rendering of `advisor recommend`.

use std::io::{self, Write};

use super::cells::{accel_option, dollars, new_table, num, rate, right_align, star, write_table};
use super::options::RenderOptions;
use crate::answer::recommend::{GapKind, Outcome, RecommendReport, Recommendation};
use crate::money::Usd;
use crate::units::{format_bytes, format_count};

/// Render `advisor recommend`: the workload, the best option and the others, storage, pricing
/// models, totals, the rules that fired and what was rejected.
pub(super) fn render(
    r: &RecommendReport,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    report(r, opts, out)
}

/// The whole report: heading, Best, tables, total, rules, advice, assumptions, rejections.
pub(super) fn report(
    r: &RecommendReport,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    heading(r, out)?;
    let mut any_estimate = false;
    if let Some(best) = r.recommendations.first() {
        any_estimate |= best.price_estimated;
        best_line(best, out)?;
        alternatives(r, best, out)?;
        writeln!(out)?;
        any_estimate |= options_table(r, opts, out)?;
    }
    any_estimate |= storage_table(r, opts, out)?;
    any_estimate |= pricing_table(r, opts, out)?;
    query_cost(r, out)?;
    serverless(r, out)?;
    total(r, out)?;
    rules(r, opts, out)?;
    coefficients(r, opts, out)?;
    bullets("Advice", &r.advice, out)?;
    bullets("Assumptions", &r.assumptions, out)?;
    rejected(r, opts, out)?;
    if any_estimate {
        writeln!(
            out,
            "* estimate: `advisor catalog show TYPE` names the rule behind it"
        )?;
    }
    Ok(())
}

/// Writes the workload line (kind, dataset, region, parameters) and, unless the outcome is ok,
/// why nothing is recommended as is.
pub(super) fn heading(r: &RecommendReport, out: &mut dyn Write) -> io::Result<()> {
    let w = &r.input;
    write!(
        out,
        "{} · {} dataset · {}",
        w.workload,
        format_bytes(w.data_size_bytes),
        super::cells::region(&w.region, w.region_basis)
    )?;
    if let Some(p) = w.model_params {
        write!(out, " · {} parameters", format_count(p))?;
    }
    writeln!(out)?;
    writeln!(out)?;

    // a gap in the catalog first: it explains what follows
    for gap in &r.catalog_gaps {
        writeln!(out, "Gap in the catalog: {}", gap.message)?;
    }
    match r.outcome {
        Outcome::NothingFits => writeln!(out, "Nothing fits: no option meets every constraint.")?,
        Outcome::OverBudget => {
            writeln!(out, "Over budget: even the best option exceeds the budget.")?
        }
        Outcome::Ok => {}
    }
    if r.outcome != Outcome::Ok || !r.catalog_gaps.is_empty() {
        writeln!(out)?;
    }
    Ok(())
}

/// Writes the `Best:` line (type, accelerator, price, per-job and per-unit costs) and its
/// reasons.
fn best_line(best: &Recommendation, out: &mut dyn Write) -> io::Result<()> {
    write!(out, "Best: {} × {}", best.instance_type, best.count)?;
    if let Some(a) = &best.accelerator {
        write!(
            out,
            " ({}× {} {} GiB)",
            a.count,
            a.name,
            num(a.memory_gib_each)
        )?;
    }
    write!(
        out,
        ", {}: {}/hour{}, {}/month",
        best.pricing_model,
        rate(best.hourly_usd),
        star(best.price_estimated),
        dollars(best.monthly_usd)
    )?;
    if let (Some(h), Some(j)) = (best.job_hours, best.job_usd) {
        write!(out, ", {} per job ({})", dollars(j), duration(h))?;
    }
    if let Some(k) = best.usd_per_1k_requests {
        write!(out, ", {} per 1,000 requests", dollars(k))?;
    }
    if let Some(m) = best.usd_per_million_items {
        write!(out, ", {} per million items", dollars(m))?;
    }
    writeln!(out)?;
    for reason in &best.reasons {
        writeln!(out, "  - {reason}")?;
    }
    Ok(())
}

/// Writes the `Cheapest:` and `Fastest:` lines, each only when it is not the best option.
fn alternatives(r: &RecommendReport, best: &Recommendation, out: &mut dyn Write) -> io::Result<()> {
    for (label, o) in [("Cheapest", &r.cheapest), ("Fastest", &r.fastest)] {
        let Some(o) = o else { continue };
        if o.instance_type == best.instance_type && o.count == best.count {
            continue;
        }
        // a "cheapest" that costs what the best costs (a tie the best won on time) says nothing
        let cost = |job: Option<Usd>, month: Usd| job.unwrap_or(month).cents();
        if label == "Cheapest"
            && cost(o.job_usd, o.monthly_usd) >= cost(best.job_usd, best.monthly_usd)
        {
            continue;
        }
        write!(
            out,
            "{label}: {} × {}, {}",
            o.instance_type, o.count, o.pricing_model
        )?;
        match (o.job_usd, o.job_hours) {
            (Some(j), Some(h)) => writeln!(out, ": {} per job ({})", dollars(j), duration(h))?,
            _ => writeln!(out, ": {}/month", dollars(o.monthly_usd))?,
        }
    }
    Ok(())
}

/// Writes the table of recommended options; true if any of their prices is an estimate.
fn options_table(
    r: &RecommendReport,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<bool> {
    let mut any_estimate = false;
    let mut t = new_table(
        opts,
        &[
            "rank",
            "type",
            "count",
            "pricing",
            "$/hour",
            "$/month",
            "$/job",
            if r.recommendations.iter().any(|x| x.units.is_some()) {
                "units"
            } else {
                "accelerator"
            },
            "vCPU",
            "memory GiB",
        ],
    );
    for rec in &r.recommendations {
        any_estimate |= rec.price_estimated;
        t.add_row(vec![
            rec.rank.to_string(),
            rec.instance_type.clone(),
            rec.count.to_string(),
            rec.pricing_model.clone(),
            format!("{}{}", rate(rec.hourly_usd), star(rec.price_estimated)),
            dollars(rec.monthly_usd),
            rec.job_usd.map_or("-".into(), dollars),
            match &rec.units {
                Some(u) => format!("{} {}(s)", u.count, u.name),
                None => accel_option(&rec.accelerator, rec.count),
            },
            rec.vcpus.map_or("-".into(), |v| v.to_string()),
            rec.memory_gib.map_or("-".into(), num),
        ]);
    }
    right_align(&mut t, &[0, 2, 4, 5, 6, 8, 9]);
    write_table(out, &t)?;
    writeln!(out)?;
    Ok(any_estimate)
}

/// Writes the storage plan's table, if there is one; true if any of its prices is an estimate.
fn storage_table(
    r: &RecommendReport,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<bool> {
    let mut any_estimate = false;
    if !r.storage.is_empty() {
        writeln!(out, "Storage")?;
        let mut t = new_table(opts, &["role", "class", "size GB", "$/month", "why"]);
        for s in &r.storage {
            any_estimate |= s.estimated;
            t.add_row(vec![
                s.role.id().to_string(),
                s.storage_class.clone(),
                if s.copies > 1 {
                    format!("{} × {}", num(s.size_gb), s.copies)
                } else {
                    num(s.size_gb)
                },
                format!("{}{}", dollars(s.monthly_usd), star(s.estimated)),
                if s.per_job {
                    format!(
                        "created for the job and deleted after it: billed for the job's hours{}",
                        if s.copies > 1 {
                            ", one per instance"
                        } else {
                            ""
                        }
                    )
                } else {
                    s.reason.clone()
                },
            ]);
        }
        right_align(&mut t, &[2, 3]);
        write_table(out, &t)?;
        writeln!(out)?;
    }
    Ok(any_estimate)
}

/// Writes the best option under each pricing model, if there is a best option and the catalog
/// prices it; true if any of those prices is an estimate.
fn pricing_table(
    r: &RecommendReport,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<bool> {
    let mut any_estimate = false;
    if let Some(best) = r.recommendations.first().filter(|_| !r.pricing.is_empty()) {
        writeln!(
            out,
            "Pricing models for {} × {}",
            best.instance_type, best.count
        )?;
        let mut t = new_table(
            opts,
            &[
                "model",
                "$/hour",
                "$/month",
                "saving",
                "break-even use",
                "note",
            ],
        );
        for p in &r.pricing {
            any_estimate |= p.estimated;
            t.add_row(vec![
                p.pricing_model.clone(),
                format!("{}{}", rate(p.hourly_usd), star(p.estimated)),
                dollars(p.monthly_usd),
                p.savings_pct.map_or("-".into(), |s| format!("{}%", num(s))),
                p.break_even_utilization_pct
                    .map_or("-".into(), |b| format!("{}% of hours", num(b))),
                p.note.clone(),
            ]);
        }
        right_align(&mut t, &[1, 2, 3, 4]);
        write_table(out, &t)?;
        writeln!(out)?;
    }
    Ok(any_estimate)
}

/// Writes the SQL query cost line, if the workload asked for one.
fn query_cost(r: &RecommendReport, out: &mut dyn Write) -> io::Result<()> {
    if let Some(q) = &r.query_cost {
        writeln!(
            out,
            "Queries ({}): {} TB/month at {}/TB: {}/month on raw text, about {}/month columnar{}",
            q.service,
            num(q.tb_per_month),
            dollars(q.usd_per_tb),
            dollars(q.raw_monthly_usd),
            dollars(q.columnar_monthly_usd),
            if q.estimated { "*" } else { "" }
        )?;
        writeln!(out)?;
    }
    Ok(())
}

/// Writes the serverless alternative's line, if the request is spiky and CPU-sized.
fn serverless(r: &RecommendReport, out: &mut dyn Write) -> io::Result<()> {
    if let Some(s) = &r.serverless {
        writeln!(
            out,
            "Serverless ({}): {} task(s) of {} vCPU, {} GB on average, up to {} at the peak, at \
             {}/hour each: {}/month{}, against {}/month on {} (not in the total)",
            s.service,
            s.tasks_average,
            num(s.task_vcpus),
            num(s.task_memory_gb),
            s.tasks_peak,
            dollars(s.task_hourly_usd),
            dollars(s.monthly_usd),
            if s.estimated { "*" } else { "" },
            dollars(s.instances_monthly_usd),
            s.instead_of
        )?;
        writeln!(out)?;
    }
    Ok(())
}

/// Writes the `Total:` line (monthly, compute and storage, per job), if something fits.
pub(super) fn total(r: &RecommendReport, out: &mut dyn Write) -> io::Result<()> {
    if let Some(total) = &r.total {
        write!(
            out,
            "Total: {}/month (compute {} + storage {}{})",
            dollars(total.monthly_usd),
            dollars(total.compute_monthly_usd),
            dollars(total.storage_monthly_usd),
            total
                .queries_monthly_usd
                .map_or(String::new(), |q| format!(" + queries {}", dollars(q)))
        )?;
        if let Some(j) = total.job_usd {
            write!(out, "; {} per job", dollars(j))?;
        }
        writeln!(out)?;
        writeln!(out)?;
    }
    Ok(())
}

/// Writes the rules that fired: the first three, or with `--explain` all and their basis.
fn rules(r: &RecommendReport, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let shown = if opts.explain { r.rules_fired.len() } else { 3 };
    writeln!(
        out,
        "Rules ({} fired{})",
        r.rules_fired.len(),
        if opts.explain || r.rules_fired.len() <= shown {
            String::new()
        } else {
            format!(", {shown} shown; --explain lists all")
        }
    )?;
    for rule in r.rules_fired.iter().take(shown) {
        writeln!(out, "  {}: {}", rule.id, rule.message)?;
        if opts.explain {
            if let Some(b) = &rule.basis {
                writeln!(out, "      basis: {b}")?;
            }
        }
    }
    Ok(())
}

/// Writes the sizing coefficients used and their sources, with `--explain` only.
fn coefficients(r: &RecommendReport, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    if opts.explain && !r.coefficients_used.is_empty() {
        writeln!(out, "Coefficients")?;
        for c in &r.coefficients_used {
            writeln!(
                out,
                "  {} = {} {}{}",
                c.id,
                c.value,
                c.unit,
                if c.estimated { " (estimate)" } else { "" }
            )?;
            writeln!(out, "      source: {}", c.source)?;
        }
    }
    Ok(())
}

/// Writes a titled list of notes (advice, assumptions), one `- ` line each, if there are any.
fn bullets(title: &str, items: &[String], out: &mut dyn Write) -> io::Result<()> {
    if !items.is_empty() {
        writeln!(out, "{title}")?;
        for a in items {
            writeln!(out, "  - {a}")?;
        }
    }
    Ok(())
}

/// Writes the notable rejected candidates: the first five, or with `--explain` all.
fn rejected(r: &RecommendReport, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    if !r.rejected.is_empty() {
        let shown = if opts.explain {
            r.rejected.len()
        } else {
            5.min(r.rejected.len())
        };
        writeln!(
            out,
            "Rejected ({} notable{})",
            r.rejected.len(),
            if shown < r.rejected.len() {
                format!(", {shown} shown; --explain lists all")
            } else {
                String::new()
            }
        )?;
        for rej in r.rejected.iter().take(shown) {
            writeln!(out, "  {}: {}", rej.instance_type, rej.reason)?;
        }
    }
    Ok(())
}

pub(super) fn render_plan(
    p: &crate::answer::plan::PlanReport,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    for w in &p.workloads {
        writeln!(out, "== {}", w.name)?;
        render(&w.result, opts, out)?;
        writeln!(out)?;
    }
    for r in &p.rightsize {
        writeln!(out, "== {} (rightsize)", r.name)?;
        super::table_rightsize::render(&r.result, opts, out)?;
        writeln!(out)?;
    }
    writeln!(out, "== plan {}", p.file)?;
    if !p.workloads.is_empty() {
        plan_table(p, opts, out)?;
        if !p.rightsize.is_empty() {
            writeln!(out)?;
        }
    }
    super::table_rightsize::plan_table(p, opts, out)?;
    plan_total(p, out)?;
    writeln!(out, "Outcome: {}", plan_outcome(p.outcome))
}

/// A plan's outcome in words.
pub(super) fn plan_outcome(o: Outcome) -> &'static str {
    match o {
        Outcome::Ok => "ok",
        Outcome::NothingFits => "nothing fits for at least one workload",
        Outcome::OverBudget => "over budget",
    }
}

/// One row per workload: its best option, pricing, costs and outcome.
pub(super) fn plan_table(
    p: &crate::answer::plan::PlanReport,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut t = new_table(
        opts,
        &[
            "workload",
            "best option",
            "pricing",
            "$/month",
            "$/job",
            "outcome",
        ],
    );
    for w in &p.workloads {
        let best = w.result.recommendations.first();
        t.add_row(vec![
            w.name.clone(),
            best.map_or("-".into(), |b| format!("{} × {}", b.instance_type, b.count)),
            best.map_or("-".into(), |b| b.pricing_model.clone()),
            w.result
                .total
                .as_ref()
                .map_or("-".into(), |t| dollars(t.monthly_usd)),
            w.result
                .total
                .as_ref()
                .and_then(|t| t.job_usd)
                .map_or("-".into(), dollars),
            w.result.outcome.id().to_string(),
        ]);
    }
    right_align(&mut t, &[3, 4]);
    write_table(out, &t)
}

/// The plan's total line: monthly and per-job costs, what it covers, the budgets.
pub(super) fn plan_total(
    p: &crate::answer::plan::PlanReport,
    out: &mut dyn Write,
) -> io::Result<()> {
    write!(out, "Total: {}/month", dollars(p.total.monthly_usd))?;
    if !p.workloads.is_empty() {
        write!(out, ", {} in jobs", dollars(p.total.job_usd))?;
    }
    write!(out, "; {}", coverage(p))?;
    let t = &p.total;
    if t.rightsize_entries > 0 {
        let net = t.rightsize_saving_monthly_usd;
        write!(
            out,
            "; right-sizing {} running fleet(s): {}/month → {}/month, {}",
            t.rightsize_entries,
            dollars(t.rightsize_current_monthly_usd),
            dollars(t.rightsize_monthly_usd),
            if net < Usd::ZERO {
                format!("{}/month more", dollars(Usd::ZERO - net))
            } else {
                format!(
                    "saving {}/month ({}/year)",
                    dollars(net),
                    dollars(net.times(12.0))
                )
            }
        )?;
    }
    if let Some(m) = p.max_monthly_usd {
        write!(out, "; budget {}/month", dollars(m))?;
    }
    if let Some(m) = p.max_job_usd {
        write!(out, "; budget {} in jobs", dollars(m))?;
    }
    writeln!(out)
}

/// Which workloads a plan's total covers: all of them, or how many and which are left out
/// (and, for each, whether a gap in the catalog is why).
pub(super) fn coverage(p: &crate::answer::plan::PlanReport) -> String {
    let t = &p.total;
    let rightsize = if t.rightsize_entries > 0 {
        format!(" and {} right-sized fleet(s)", t.rightsize_entries)
    } else {
        String::new()
    };
    if t.not_covered.is_empty() {
        if t.workloads == 0 {
            return format!("covers {} right-sized fleet(s)", t.rightsize_entries);
        }
        return format!("covers all {} workload(s){rightsize}", t.workloads);
    }
    let why = |name: &String| {
        let gap = p.workloads.iter().find(|w| w.name == *name).and_then(|w| {
            let gaps = &w.result.catalog_gaps;
            gaps.iter().find(|g| g.kind == GapKind::Instances)
        });
        match gap {
            Some(g) => format!("{name} (no price in {}: a gap in the catalog)", g.region),
            None => name.clone(),
        }
    };
    format!(
        "covers {} of {} workload(s){rightsize}; not in the total (nothing fits): {}",
        t.workloads_covered,
        t.workloads,
        t.not_covered.iter().map(why).collect::<Vec<_>>().join(", ")
    )
}

/// A job's length: minutes below an hour (EC2 bills at least one minute), else hours.
fn duration(hours: f64) -> String {
    if hours * 60.0 < 1.0 {
        "under 1 min, billed as 1 min".to_string()
    } else if hours < 1.0 {
        format!("{} min", (hours * 60.0).round())
    } else {
        format!("{} h", num(hours))
    }
}
