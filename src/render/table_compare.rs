//! Terminal rendering of `advisor compare`: specs and prices side by side, a bar chart of the
//! monthly cost, and the savings of moving to a cheaper type.

use std::io::{self, Write};

use super::cells::{accel, dollars, new_table, num, rate, right_align, write_table};
use super::options::RenderOptions;
use crate::answer::compare::{CompareReport, Compared};
use crate::money::Usd;

/// Width of the longest bar, in character cells.
const BAR_WIDTH: usize = 40;

/// A bar of `value / max × cells` cells, in eighths of a cell.
pub(super) fn bar(value: f64, max: f64, cells: usize) -> String {
    if max <= 0.0 || value <= 0.0 {
        return String::new();
    }
    let eighths = ((value / max) * (cells * 8) as f64).round() as usize;
    let mut s = "█".repeat(eighths / 8);
    const PARTS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    s.push_str(PARTS[eighths % 8]);
    if s.is_empty() {
        s.push('▏');
    }
    s
}

fn cell(c: &Compared, field: &str, value: Option<Usd>) -> String {
    match value {
        Some(u) if c.estimated.contains(&field) => format!("{}*", rate(u)),
        Some(u) => rate(u),
        None if !c.priced => "no price".into(),
        None => "-".into(),
    }
}

/// Render `advisor compare`: the types' specs and prices side by side, their notes, a bar chart
/// of the monthly cost and the savings of moving to a cheaper type.
pub(super) fn render(
    r: &CompareReport,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(
        out,
        "compare · {} · {} h/month at on-demand prices",
        super::cells::region(&r.region, r.region_basis),
        num(r.hours_per_month)
    )?;
    writeln!(out)?;
    // a gap in the catalog is said first
    let mut gaps = false;
    for c in r
        .instances
        .iter()
        .filter(|c| c.on_demand_hourly_usd.is_none())
    {
        if let Some(n) = &c.note {
            writeln!(out, "{}: {n}", c.instance_type)?;
            gaps = true;
        }
    }
    if gaps {
        writeln!(out)?;
    }
    side_by_side(r, opts, out)?;
    notes(r, out)?;
    monthly_cost_bars(r, opts, out)?;
    savings(r, out)
}

/// Writes the table of specs, prices, unit costs and ratios, one column per instance type.
fn side_by_side(r: &CompareReport, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let mut header = vec![""];
    header.extend(r.instances.iter().map(|c| c.instance_type.as_str()));
    let mut t = new_table(opts, &header);
    let mut row = |label: &str, f: &dyn Fn(&Compared) -> String| {
        let mut cells = vec![label.to_string()];
        cells.extend(r.instances.iter().map(f));
        t.add_row(cells);
    };
    row("category", &|c| c.category.to_string());
    row("vCPU", &|c| c.vcpus.to_string());
    row("memory GiB", &|c| num(c.memory_gib));
    row("accelerator", &|c| accel(&c.accelerator));
    row("dense TFLOPS", &|c| c.dense_tflops.map_or("-".into(), num));
    row("network Gbps", &|c| num(c.network_gbps));
    row("EFA", &|c| {
        if c.efa_devices > 0 {
            format!("yes ({})", c.efa_devices)
        } else {
            "no".into()
        }
    });
    row("on-demand $/h", &|c| {
        cell(c, "on_demand", c.on_demand_hourly_usd)
    });
    row("spot $/h", &|c| cell(c, "spot", c.spot_hourly_usd));
    row("reserved 1yr $/h", &|c| {
        cell(c, "reserved_1yr", c.reserved_1yr_hourly_usd)
    });
    row("reserved 3yr $/h", &|c| {
        cell(c, "reserved_3yr", c.reserved_3yr_hourly_usd)
    });
    row("spot interruptions", &|c| {
        c.spot_interruption_band
            .clone()
            .unwrap_or_else(|| "-".into())
    });
    let unit = |f: fn(&crate::answer::compare::UnitCosts) -> Option<Usd>| {
        move |c: &Compared| c.unit_costs.as_ref().and_then(f).map_or("-".into(), rate)
    };
    row("$/accelerator-hour", &unit(|u| u.usd_per_accelerator_hour));
    row("$/vCPU-hour", &unit(|u| Some(u.usd_per_vcpu_hour)));
    row("$/GiB-hour", &unit(|u| Some(u.usd_per_gib_hour)));
    row("$/dense TFLOP-hour", &unit(|u| u.usd_per_dense_tflop_hour));
    row("$/month", &|c| c.monthly_usd.map_or("-".into(), dollars));
    row("$/year", &|c| c.yearly_usd.map_or("-".into(), dollars));
    row("price × first", &|c| {
        c.price_ratio_to_first
            .map_or("-".into(), |x| format!("{x:.2}×"))
    });
    row("accelerators × first", &|c| {
        c.ratios
            .accelerators
            .map_or("-".into(), |x| format!("{}×", num(x)))
    });
    let columns: Vec<usize> = (1..=r.instances.len()).collect();
    right_align(&mut t, &columns);
    write_table(out, &t)
}

/// Writes the footnote on estimated prices, if any, and each instance type's note.
fn notes(r: &CompareReport, out: &mut dyn Write) -> io::Result<()> {
    if r.instances.iter().any(|c| !c.estimated.is_empty()) {
        writeln!(
            out,
            "* estimate: `advisor catalog show TYPE` names the rule"
        )?;
    }
    for c in r
        .instances
        .iter()
        .filter(|c| c.on_demand_hourly_usd.is_some())
    {
        if let Some(n) = &c.note {
            writeln!(out, "{}: {n}", c.instance_type)?;
        }
    }
    Ok(())
}

/// Writes a bar chart of the monthly cost of each instance type, if any of them is priced.
fn monthly_cost_bars(
    r: &CompareReport,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let max = r
        .instances
        .iter()
        .filter_map(|c| c.monthly_usd)
        .max()
        .map_or(0.0, |m| m.dollars());
    if max > 0.0 {
        writeln!(out)?;
        writeln!(out, "Monthly cost")?;
        let width = r
            .instances
            .iter()
            .map(|c| c.instance_type.len())
            .max()
            .unwrap_or(0);
        // the longest bar fits the terminal beside the label and the amount
        let amount = r
            .instances
            .iter()
            .filter_map(|c| c.monthly_usd)
            .map(|m| dollars(m).chars().count())
            .max()
            .unwrap_or(0);
        let cells = opts.width.filter(|&w| w > 0).map_or(BAR_WIDTH, |w| {
            usize::from(w)
                .saturating_sub(width + amount + 6)
                .clamp(10, BAR_WIDTH)
        });
        for c in &r.instances {
            match c.monthly_usd {
                Some(m) => writeln!(
                    out,
                    "  {:width$}  {:cells$}  {}",
                    c.instance_type,
                    bar(m.dollars(), max, cells),
                    dollars(m)
                )?,
                None => writeln!(out, "  {:width$}  no price", c.instance_type)?,
            }
        }
    }
    Ok(())
}

/// Writes the savings of moving to a cheaper instance type, if there are any.
fn savings(r: &CompareReport, out: &mut dyn Write) -> io::Result<()> {
    if !r.savings.is_empty() {
        writeln!(out)?;
        if r.savings.iter().any(|s| s.like_for_like) {
            writeln!(
                out,
                "Savings from moving to a cheaper type with as much capacity"
            )?;
        }
        for s in r.savings.iter().filter(|s| s.like_for_like) {
            writeln!(
                out,
                "  {} → {}: {} a year ({} a month, {}%)",
                s.from,
                s.to,
                dollars(s.yearly_usd),
                dollars(s.monthly_usd),
                num(s.pct)
            )?;
        }
        let smaller: Vec<_> = r.savings.iter().filter(|s| !s.like_for_like).collect();
        if !smaller.is_empty() {
            writeln!(
                out,
                "Moving to a smaller machine (a saving only if the work fits it: check its peak \
                 use against the smaller type's capacity)"
            )?;
        }
        for s in smaller {
            let Some(by) = &s.smaller else { continue };
            let unit = |usd: f64| {
                crate::money::Usd::from_dollars(usd).map_or(String::from("-"), |u| u.format_money())
            };
            writeln!(
                out,
                "  {} → {}: {} less a year ({}%), with {} {} instead of {}; per {}-hour {} → {}",
                s.from,
                s.to,
                dollars(s.yearly_usd),
                num(s.pct),
                num(by.to_amount),
                by.capacity,
                num(by.from_amount),
                unit_name(&by.capacity),
                unit(by.from_usd_per_unit_hour),
                unit(by.to_usd_per_unit_hour)
            )?;
        }
    }
    Ok(())
}

/// The unit of a capacity, singular: `dense TFLOP`, `accelerator`, `GiB`, `vCPU`.
fn unit_name(capacity: &str) -> &'static str {
    match capacity {
        "dense TFLOPS" => "dense TFLOP",
        "accelerators" => "accelerator",
        "vCPUs" => "vCPU",
        _ => "GiB",
    }
}

#[cfg(test)]
mod tests {
    use super::bar;

    #[test]
    fn bars_scale_to_the_largest_in_eighths() {
        assert_eq!(bar(10.0, 10.0, 40).chars().count(), 40);
        assert_eq!(bar(5.0, 10.0, 40), "█".repeat(20));
        assert_eq!(bar(2.5625, 10.0, 40), format!("{}▎", "█".repeat(10)));
        assert_eq!(bar(0.0001, 10.0, 40), "▏");
        assert_eq!(bar(0.0, 10.0, 40), "");
        assert_eq!(bar(10.0, 10.0, 12).chars().count(), 12);
    }
}
