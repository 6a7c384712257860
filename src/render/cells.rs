//! Table cells and tables shared by the terminal and Markdown renderers.

use std::io::{self, Write};

use comfy_table::{
    CellAlignment, ColumnConstraint, ContentArrangement, LineStyle, Table, TableStyle, Width,
};

use super::options::RenderOptions;
use crate::answer::catalog::AcceleratorInfo;
use crate::answer::recommend::OptionAccelerator;
use crate::money::Usd;

/// Column headers underlined, no other lines: compact and easy to read or grep.
const STYLE: TableStyle =
    TableStyle::new().header_separator(LineStyle::none().fill('─').junction(' '));

/// `*` after an estimated price.
pub(super) fn star(estimated: bool) -> &'static str {
    if estimated {
        "*"
    } else {
        ""
    }
}

pub(super) fn new_table(opts: &RenderOptions, header: &[&str]) -> Table {
    let mut t = Table::new();
    if opts.markdown {
        t.load_style(comfy_table::presets::ASCII_MARKDOWN);
    } else {
        t.load_style(STYLE);
    }
    match opts.width.filter(|&w| w > 0 && !opts.markdown) {
        Some(w) => {
            t.set_content_arrangement(ContentArrangement::Dynamic);
            t.set_width(w);
        }
        // an unknown or zero width: the full width, as when piped
        None => {
            t.set_content_arrangement(ContentArrangement::Disabled);
            t.force_no_tty();
        }
    }
    if !header.is_empty() {
        t.set_header(header.iter().copied());
    }
    t
}

/// The columns a narrow terminal drops first, in order (README "Tables and terminal width"):
/// the instance, count, price and cost columns are never in it.
pub const DROP_ORDER: &[&str] = &[
    "memory GiB",
    "vCPU",
    "rank",
    "network Gbps",
    "regions",
    "category",
    "head dim",
    "KV heads",
    "heads",
    "layers",
    "active",
    "spot interruptions",
    "cheapest zone",
    "reserved 3yr $/h",
    "reserved 1yr $/h",
    "with estimates",
    "spot estimated",
    "CPU types",
    "spot observed",
    "accelerator",
    "units",
    "pricing",
    "break-even use",
    "saving",
    "note",
    "why",
];

/// Write a table without the padding comfy-table leaves at the end of each line, fitted to the
/// width it was given: no cell is broken inside a word or number (each column is at least its
/// longest word wide), and when those widths do not fit, columns are hidden in [`DROP_ORDER`].
pub(super) fn write_table(out: &mut dyn Write, t: &Table) -> io::Result<()> {
    let mut t = t.clone();
    fit(&mut t);
    for line in t.lines() {
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// Display width of a cell's longest word, and of its longest line.
fn widths(text: &str) -> (usize, usize) {
    let word = text
        .split_whitespace()
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0);
    let line = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    (word, line)
}

/// [`write_table`]'s fitting, for a table with a width set (a terminal's): every column as wide
/// as its content when that fits; else columns hidden in [`DROP_ORDER`] until each can be at
/// least its longest word wide, then the widest columns narrowed one character at a time
/// (never below that word), so text wraps between words only.
fn fit(t: &mut Table) {
    let Some(width) = t.width().map(usize::from).filter(|&w| w > 0) else {
        return;
    };
    let headers: Vec<String> = t
        .header()
        .map(|h| h.cell_iter().map(|c| c.content()).collect())
        .unwrap_or_default();
    let columns = t.column_count();
    let (min, max): (Vec<usize>, Vec<usize>) = (0..columns)
        .map(|i| {
            let header = headers.get(i).map_or((0, 0), |h| widths(h));
            t.column_cells_iter(i)
                .map(|c| c.map_or((0, 0), |c| widths(&c.content())))
                .chain(std::iter::once(header))
                .fold((0, 0), |(w, l), (cw, cl)| (w.max(cw), l.max(cl)))
        })
        .unzip();
    let mut shown = vec![true; columns];
    // each shown column takes its width, a space of padding either side and a space between
    // it and the next
    let total = |w: &[usize], shown: &[bool]| -> usize {
        let cols = w.iter().zip(shown).filter(|(_, s)| **s);
        cols.map(|(w, _)| w + 3).sum::<usize>().saturating_sub(1)
    };
    for name in DROP_ORDER {
        if total(&min, &shown) <= width {
            break;
        }
        if let Some(i) = headers.iter().position(|h| h == name) {
            shown[i] = false;
        }
    }
    let mut w: Vec<usize> = max.clone();
    while total(&w, &shown) > width {
        // narrow the widest column that can still give a character
        let Some(i) = (0..columns)
            .filter(|&i| shown[i] && w[i] > min[i])
            .max_by_key(|&i| w[i])
        else {
            break;
        };
        w[i] -= 1;
    }
    for i in 0..columns {
        if let Some(c) = t.column_mut(i) {
            c.set_constraint(if shown[i] {
                // comfy-table's absolute width includes the column's padding
                ColumnConstraint::Absolute(Width::Fixed(
                    u16::try_from(w[i] + 2).unwrap_or(u16::MAX),
                ))
            } else {
                ColumnConstraint::Hidden
            });
        }
    }
}

pub(super) fn right_align(t: &mut Table, columns: &[usize]) {
    for &i in columns {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
}

/// `61`, `15.25`, `0.5`: no trailing zeros.
pub(super) fn num(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

pub(super) fn accel(a: &Option<AcceleratorInfo>) -> String {
    match a {
        Some(a) => format!("{}× {} {} GiB", a.count, a.name, num(a.memory_gib_each)),
        None => "-".into(),
    }
}

/// An option's accelerators per instance (as its vCPU and memory columns are), from the fleet's
/// total in the answer.
pub(super) fn accel_option(a: &Option<OptionAccelerator>, instances: u32) -> String {
    match a {
        Some(a) => format!(
            "{}× {} {} GiB",
            a.count / instances.max(1),
            a.name,
            num(a.memory_gib_each)
        ),
        None => "-".into(),
    }
}

/// `$2,233.80`, `$0.46`, `$0.008767`: money in the one format of tables ([`Usd::format_money`]).
pub(super) fn dollars(u: Usd) -> String {
    u.format_money()
}

/// `$3.06`, `$0.5197`, `$21.96`: a rate, in the one money format of tables
/// ([`Usd::format_money`]; JSON keeps the catalog's precision).
pub(super) fn rate(u: Usd) -> String {
    u.format_money()
}

/// A region with where it came from when that was the environment: `eu-west-1 (from
/// AWS_REGION)`; given or default, the code alone.
pub(super) fn region(code: &str, basis: &str) -> String {
    match basis {
        "given" | "default" => code.to_string(),
        var => format!("{code} (from {var})"),
    }
}
