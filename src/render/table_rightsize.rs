//! Terminal and Markdown rendering of `advisor rightsize`: what was measured, what a replacement
//! needs, the best move and its saving, and every type that fits with what binds it.

use std::io::{self, Write};

use super::cells::{accel, dollars, new_table, num, rate, region, right_align, star, write_table};
use super::options::RenderOptions;
use crate::answer::rightsize::{Fitted, RightsizeReport, Verdict};
use crate::money::Usd;

/// What was measured, in words.
fn observed(r: &RightsizeReport) -> String {
    let o = &r.observed;
    let mut parts = Vec::new();
    if let Some(c) = o.cpu_pct {
        parts.push(format!("CPU {}%", num(c)));
    }
    if let Some(m) = o.memory_gib {
        parts.push(format!("memory {} GiB", num(m)));
    }
    if let Some(g) = o.accelerator_pct {
        parts.push(format!("accelerators {}% (average)", num(g)));
    }
    if let Some(g) = o.accelerator_max_pct {
        parts.push(format!("busiest accelerator {}%", num(g)));
    }
    if let Some(g) = o.accelerator_memory_gib {
        parts.push(format!("accelerator memory {} GiB on the fullest", num(g)));
    }
    if let Some(g) = o.accelerator_memory_total_gib {
        parts.push(format!("accelerator memory {} GiB in all", num(g)));
    }
    if let Some(n) = o.network_gbps {
        parts.push(format!("network {} Gbps", num(n)));
    }
    let how = match (&o.stat, o.span_days) {
        (Some(stat), Some(days)) => format!("metrics, {stat} over {} days", num(days)),
        _ => "flags".to_string(),
    };
    format!("Measured ({how}): {}", parts.join(", "))
}

/// What a replacement needs, in words.
fn needs(r: &RightsizeReport) -> String {
    let n = &r.needs;
    let mut parts = vec![
        format!("{} vCPUs", num(n.vcpus)),
        format!("{} GiB memory", num(n.memory_gib)),
    ];
    if let Some(t) = n.accelerator_tflops {
        parts.push(format!("{} dense TFLOPS", num(t)));
    }
    if let Some(b) = n.accelerator_bandwidth_gb_per_s {
        parts.push(format!("{} GB/s accelerator memory bandwidth", num(b)));
    }
    if let (Some(t), Some(b), Some(2..)) = (
        n.accelerator_tflops_each,
        n.accelerator_bandwidth_each_gb_per_s,
        n.accelerator_count,
    ) {
        parts.push(format!(
            "the busiest accelerator's {} TFLOPS and {} GB/s on each",
            num(t),
            num(b)
        ));
    }
    if let (Some(m), Some(t)) = (n.accelerator_memory_gib, n.accelerator_memory_total_gib) {
        parts.push(format!(
            "{} GiB accelerator memory each, {} in all",
            num(m),
            num(t)
        ));
    }
    if let Some(m) = &n.accelerator_model {
        parts.push(format!("the same accelerator ({m})"));
    } else if let Some(s) = &n.accelerator_software {
        parts.push(format!("{s} software"));
    }
    if let Some(g) = n.network_gbps {
        parts.push(format!("{} Gbps", num(g)));
    }
    parts.push(n.archs.join(" or "));
    if n.efa {
        parts.push("EFA".into());
    }
    if n.nvme {
        parts.push("local NVMe".into());
    }
    let kept = if n.kept.is_empty() {
        String::new()
    } else {
        format!(" (kept, not measured: {})", n.kept.join(", "))
    };
    format!(
        "Needs (+{}% headroom): {}{kept}",
        num(r.headroom_pct),
        parts.join(", ")
    )
}

fn row(f: &Fitted, current: &str) -> Vec<String> {
    let name = if f.instance_type == current {
        format!("{} (running)", f.instance_type)
    } else {
        f.instance_type.clone()
    };
    vec![
        name,
        f.count.to_string(),
        f.pricing_model.clone(),
        format!("{}{}", rate(f.hourly_usd), star(f.price_estimated)),
        dollars(f.monthly_usd),
        f.vcpus.to_string(),
        num(f.memory_gib),
        accel(&f.accelerator),
        format!("{} {}%", f.binding, num(f.binding_pct)),
        if f.risks.is_empty() {
            "-".into()
        } else {
            f.risks.join("; ")
        },
    ]
}

pub(super) fn render(
    r: &RightsizeReport,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let c = &r.current;
    writeln!(
        out,
        "rightsize · {} × {} · {} · {} h/month · {}",
        c.instance_type,
        c.count,
        region(&r.region, r.region_basis),
        num(r.hours_per_month),
        c.pricing_model
    )?;
    writeln!(out)?;
    writeln!(out, "{}", observed(r))?;
    writeln!(out, "{}", needs(r))?;
    writeln!(out)?;
    headline(r, out)?;
    writeln!(out)?;
    let mut t = new_table(
        opts,
        &[
            "type",
            "count",
            "pricing",
            "$/hour",
            "$/month",
            "vCPU",
            "memory GiB",
            "accelerator",
            "binds",
            "risks",
        ],
    );
    for f in &r.candidates {
        t.add_row(row(f, &c.instance_type));
    }
    if !r
        .candidates
        .iter()
        .any(|f| f.instance_type == c.instance_type)
    {
        t.add_row(row(c, &c.instance_type));
    }
    right_align(&mut t, &[1, 3, 4, 5, 6]);
    write_table(out, &t)?;
    notes(r, out)
}

/// The answer in a line or two: the best move and its saving, that the running type is
/// right-sized, or what it is short of and the smallest fit, if any.
fn headline(r: &RightsizeReport, out: &mut dyn Write) -> io::Result<()> {
    let c = &r.current;
    let short = || {
        format!(
            "Under-provisioned: {} is short of its {} ({}% of capacity with the headroom)",
            c.instance_type,
            c.binding,
            num(c.binding_pct)
        )
    };
    match (r.verdict, r.candidates.first(), &r.saving) {
        (Verdict::Saving, Some(best), Some(s)) => writeln!(
            out,
            "Best: {} × {}: {}{}/hour, {}/month, saving {}/month, {}/year ({}%) against {}/month \
             for the running type; {} binds at {}%",
            best.instance_type,
            best.count,
            rate(best.hourly_usd),
            star(best.price_estimated),
            dollars(best.monthly_usd),
            dollars(s.monthly_usd),
            dollars(s.yearly_usd),
            num(s.pct),
            dollars(c.monthly_usd),
            best.binding,
            num(best.binding_pct)
        ),
        (Verdict::UnderProvisioned, Some(best), _) => {
            writeln!(out, "{}", short())?;
            writeln!(
                out,
                "Smallest fit: {} × {}: {}{}/hour, {}/month against {}/month for the running \
                 type",
                best.instance_type,
                best.count,
                rate(best.hourly_usd),
                star(best.price_estimated),
                dollars(best.monthly_usd),
                dollars(c.monthly_usd)
            )
        }
        (Verdict::NothingFits, ..) => {
            writeln!(out, "{}", short())?;
            writeln!(
                out,
                "Nothing fits: no priced type in {} meets the needs",
                r.region
            )
        }
        _ => writeln!(
            out,
            "Already right-sized: no type cheaper than {} ({}/month) meets the needs",
            c.instance_type,
            dollars(c.monthly_usd)
        ),
    }
}

/// Under the table: the estimate mark, the pricing of the best and running types, the
/// assumptions.
fn notes(r: &RightsizeReport, out: &mut dyn Write) -> io::Result<()> {
    let c = &r.current;
    let mut shown = r.candidates.iter().chain(std::iter::once(c));
    if shown.any(|f| f.price_estimated) {
        writeln!(
            out,
            "* estimate: `advisor catalog show TYPE` names the rule behind it"
        )?;
    }
    // the best type's pricing and the running type's: the two the saving compares
    let reasons: Vec<String> = r
        .candidates
        .iter()
        .take(1)
        .chain(std::iter::once(c))
        .filter_map(|f| {
            f.pricing_reason
                .as_ref()
                .map(|why| format!("{}: {why}", f.instance_type))
        })
        .collect();
    if !reasons.is_empty() {
        writeln!(out, "Pricing")?;
        for why in &reasons {
            writeln!(out, "  - {why}")?;
        }
    }
    if !r.assumptions.is_empty() {
        writeln!(out, "Assumptions")?;
        for a in &r.assumptions {
            writeln!(out, "  - {a}")?;
        }
    }
    Ok(())
}

/// A plan's `[[rightsize]]` entries, one row each: the running type, the best move, both
/// monthly costs and the saving (nothing when the plan has none).
pub(super) fn plan_table(
    p: &crate::answer::plan::PlanReport,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    if p.rightsize.is_empty() {
        return Ok(());
    }
    let mut t = new_table(
        opts,
        &[
            "rightsize",
            "running",
            "best",
            "pricing",
            "$/month running",
            "$/month after",
            "saving",
        ],
    );
    for e in &p.rightsize {
        let r = &e.result;
        let c = &r.current;
        let after = r.after();
        t.add_row(vec![
            e.name.clone(),
            format!("{} × {}", c.instance_type, c.count),
            match r.verdict {
                Verdict::Saving => format!("{} × {}", after.instance_type, after.count),
                Verdict::UnderProvisioned => {
                    format!(
                        "{} × {} (under-provisioned)",
                        after.instance_type, after.count
                    )
                }
                Verdict::RightSized => "already right-sized".into(),
                Verdict::NothingFits => format!("nothing fits (short of {})", c.binding),
            },
            after.pricing_model.clone(),
            dollars(c.monthly_usd),
            format!(
                "{}{}",
                dollars(after.monthly_usd),
                star(after.price_estimated)
            ),
            match after.monthly_saving_usd {
                Some(m) if m < Usd::ZERO => format!("{} more", dollars(Usd::ZERO - m)),
                Some(m) => format!("{} ({}%)", dollars(m), num(after.saving_pct.unwrap_or(0.0))),
                None => "-".into(),
            },
        ]);
    }
    right_align(&mut t, &[4, 5, 6]);
    write_table(out, &t)
}
