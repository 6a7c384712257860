//! Renderers: turn an answer (`crate::answer`) into a terminal table, Markdown, CSV or one JSON
//! document. They read result types only and compute nothing.

mod cells;
mod csv;
mod json;
mod markdown;
mod options;
mod schema;
mod table;
mod table_compare;
mod table_recommend;
mod table_rightsize;

use std::io::{self, Write};

use crate::answer::Document;
use crate::diag::Diagnostic;

pub use options::{Format, RenderOptions};
pub use schema::json_schema;

/// Render a document.
pub fn render(
    doc: &Document,
    format: Format,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Table => table::render(doc, options, out),
        Format::Markdown => {
            let md = RenderOptions {
                markdown: true,
                width: None,
                ..*options
            };
            table::render(doc, &md, out)
        }
        Format::Json => json::render(doc, out),
        Format::Csv => csv::render(doc, out),
    }
}

/// The JSON document printed on stdout when a command fails after its arguments parsed.
pub fn render_json_error(
    command: &str,
    kind: &str,
    message: &str,
    diagnostics: &[Diagnostic],
    out: &mut dyn Write,
) -> io::Result<()> {
    json::render_error(command, kind, message, diagnostics, out)
}
