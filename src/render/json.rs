//! JSON rendering: one document, `schema_version` first, pretty-printed, newline-terminated.

use std::io::{self, Write};

use serde::Serialize;

use crate::answer::{CatalogInfo, Document, Report, SCHEMA_VERSION};
use crate::diag::Diagnostic;

#[derive(Serialize)]
struct Envelope<'a> {
    schema_version: u32,
    command: &'a str,
    catalog: &'a Option<CatalogInfo>,
    warnings: &'a [String],
    #[serde(flatten)]
    report: &'a Report,
}

#[derive(Serialize)]
struct ErrorEnvelope<'a> {
    schema_version: u32,
    command: &'a str,
    catalog: Option<CatalogInfo>,
    warnings: [String; 0],
    error: ErrorBody<'a>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    kind: &'a str,
    message: &'a str,
    diagnostics: &'a [Diagnostic],
}

pub(super) fn render(doc: &Document, out: &mut dyn Write) -> io::Result<()> {
    let env = Envelope {
        schema_version: SCHEMA_VERSION,
        command: doc.report.command(),
        catalog: &doc.catalog,
        warnings: &doc.warnings,
        report: &doc.report,
    };
    write(&env, out)
}

pub(super) fn render_error(
    command: &str,
    kind: &str,
    message: &str,
    diagnostics: &[Diagnostic],
    out: &mut dyn Write,
) -> io::Result<()> {
    let env = ErrorEnvelope {
        schema_version: SCHEMA_VERSION,
        command,
        catalog: None,
        warnings: [],
        error: ErrorBody {
            kind,
            message,
            diagnostics,
        },
    };
    write(&env, out)
}

fn write<T: Serialize>(value: &T, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::other)?;
    out.write_all(b"\n")
}
