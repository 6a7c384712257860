//! Reports: plain data built from the catalog (`Serialize`), and renderers that turn the same
//! value into a terminal table or a JSON document. Renderers compute nothing.

mod catalog;
mod csv;
mod json;
pub mod recommend;
mod schema;
mod table;
mod table_compare;
mod table_recommend;

use std::io::{self, Write};

use serde::Serialize;

use crate::catalog::Catalog;
use crate::diag::Diagnostic;

pub use catalog::{
    catalog_list, catalog_regions, catalog_show, catalog_validate, AcceleratorInfo, ListEntry,
    ListQuery, ListReport, PriceRow, PriceSources, RegionRow, RegionsReport, ShowInstance,
    ShowReport, SourceInfo, ValidateCounts, ValidateReport,
};
pub use schema::json_schema;

/// Version of the JSON documents' shape. Bumped only for breaking changes (docs/json-output.md).
pub const SCHEMA_VERSION: u32 = 1;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// A human-readable table.
    #[default]
    Table,
    /// One JSON document (schema in docs/json-output.md).
    Json,
    /// GitHub-flavoured Markdown tables (for a PR comment).
    Markdown,
    /// CSV: a header row and one row per item.
    Csv,
}

/// Rendering options that come from the terminal, decided by the binary.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// Wrap tables to this many columns; `None` never wraps (pipes, files, tests).
    pub width: Option<u16>,
    /// Show every rule and rejection (`--explain`).
    pub explain: bool,
    /// Draw tables as GitHub-flavoured Markdown.
    pub markdown: bool,
}

/// What a catalog document says about the catalog it came from.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CatalogInfo {
    /// `[meta] version`.
    pub version: String,
    /// `[meta] as-of`, YYYY-MM-DD.
    pub as_of: String,
    /// `<builtin>` or the path given.
    pub source: String,
}

impl CatalogInfo {
    /// Describe a loaded catalog.
    pub fn of(catalog: &Catalog) -> CatalogInfo {
        CatalogInfo {
            version: catalog.meta().version.clone(),
            as_of: catalog.meta().as_of.clone(),
            source: catalog.origin().to_string(),
        }
    }
}

/// Every report advisor prints.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Report {
    /// `advisor catalog list`.
    CatalogList(ListReport),
    /// `advisor catalog show`.
    CatalogShow(Box<ShowReport>),
    /// `advisor catalog regions`.
    CatalogRegions(RegionsReport),
    /// `advisor catalog validate`.
    CatalogValidate(ValidateReport),
    /// `advisor recommend`.
    Recommend(Box<recommend::RecommendReport>),
    /// `advisor compare`.
    Compare(crate::compare::CompareReport),
    /// `advisor plan`.
    Plan(Box<crate::plan::PlanReport>),
    /// `advisor catalog import`.
    CatalogImport(crate::import::ImportReport),
    /// `advisor catalog diff`.
    CatalogDiff(crate::diff::DiffReport),
}

impl Report {
    /// The `command` field of the JSON document.
    pub fn command(&self) -> &'static str {
        match self {
            Report::CatalogList(_) => "catalog list",
            Report::CatalogShow(_) => "catalog show",
            Report::CatalogRegions(_) => "catalog regions",
            Report::CatalogValidate(_) => "catalog validate",
            Report::Recommend(_) => "recommend",
            Report::Compare(_) => "compare",
            Report::Plan(_) => "plan",
            Report::CatalogImport(_) => "catalog import",
            Report::CatalogDiff(_) => "catalog diff",
        }
    }
}

/// A finished report with its envelope: the catalog it came from and warnings.
#[derive(Debug, Clone)]
pub struct Document {
    /// Which catalog, if one was loaded.
    pub catalog: Option<CatalogInfo>,
    /// Warnings to show with the result.
    pub warnings: Vec<String>,
    /// The result.
    pub report: Report,
}

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
