//! Table cells and tables shared by the terminal and Markdown renderers.

use std::io::{self, Write};

use comfy_table::{CellAlignment, ContentArrangement, LineStyle, Table, TableStyle};

use super::options::RenderOptions;
use crate::answer::catalog::AcceleratorInfo;
use crate::answer::recommend::OptionAccelerator;
use crate::money::Usd;

/// Column headers underlined, no other lines: compact and easy to read or grep.
const STYLE: TableStyle =
    TableStyle::new().header_separator(LineStyle::none().fill('─').junction(' '));

pub(super) fn new_table(opts: &RenderOptions, header: &[&str]) -> Table {
    let mut t = Table::new();
    if opts.markdown {
        t.load_style(comfy_table::presets::ASCII_MARKDOWN);
    } else {
        t.load_style(STYLE);
    }
    match opts.width {
        Some(w) => {
            t.set_content_arrangement(ContentArrangement::Dynamic);
            t.set_width(w);
        }
        None => {
            t.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    if !header.is_empty() {
        t.set_header(header.iter().copied());
    }
    t
}

/// Write a table without the padding comfy-table leaves at the end of each line.
pub(super) fn write_table(out: &mut dyn Write, t: &Table) -> io::Result<()> {
    for line in t.lines() {
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
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

pub(super) fn accel_option(a: &Option<OptionAccelerator>) -> String {
    match a {
        Some(a) => format!("{}× {} {} GiB", a.count, a.name, num(a.memory_gib_each)),
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
