//! The JSON Schema of every `--format json` document, generated from the report types.
//! Committed as `docs/json-output.schema.json`; a test regenerates it and compares.

use schemars::JsonSchema;
use serde::Serialize;

use crate::answer::catalog::{CatalogInfo, ListReport, RegionsReport, ShowReport, ValidateReport};
use crate::answer::compare::CompareReport;
use crate::answer::plan::PlanReport;
use crate::answer::recommend::RecommendReport;
use crate::diag::Diagnostic;

/// The envelope every document has, around one command's fields.
#[derive(Serialize, JsonSchema)]
struct Doc<T> {
    /// Always 1 for this version of the schema.
    schema_version: u32,
    /// The command that produced the document.
    command: String,
    /// The catalog the answer came from (null when none could be loaded).
    catalog: Option<CatalogInfo>,
    /// Warnings, one line each.
    warnings: Vec<String>,
    #[serde(flatten)]
    body: T,
}

/// What failed, in an error document.
#[derive(Serialize, JsonSchema)]
struct ErrorBody {
    /// `usage` (exit 2), `invalid-input` (exit 3) or `internal` (exit 1).
    kind: String,
    /// The one-line message.
    message: String,
    /// Every problem found in an input file.
    diagnostics: Vec<Diagnostic>,
}

/// The document printed when a command fails after its arguments parsed.
#[derive(Serialize, JsonSchema)]
struct ErrorFields {
    error: ErrorBody,
}

/// Any document `advisor --format json` prints.
#[derive(Serialize, JsonSchema)]
#[serde(untagged)]
#[allow(dead_code, clippy::large_enum_variant)] // never built: it only describes the documents
enum AnyDocument {
    Recommend(Doc<RecommendReport>),
    Plan(Doc<PlanReport>),
    Compare(Doc<CompareReport>),
    CatalogList(Doc<ListReport>),
    CatalogShow(Doc<ShowReport>),
    CatalogRegions(Doc<RegionsReport>),
    CatalogModels(Doc<crate::answer::catalog::ModelsReport>),
    CatalogValidate(Doc<ValidateReport>),
    CatalogImport(Doc<crate::answer::import::ImportReport>),
    CatalogDiff(Doc<crate::answer::diff::DiffReport>),
    Error(Doc<ErrorFields>),
}

/// The JSON Schema (2020-12) of every document, pretty-printed with a final newline.
pub fn json_schema() -> String {
    let mut schema = schemars::schema_for!(AnyDocument);
    schema.insert(
        "title".into(),
        serde_json::Value::String(format!(
            "advisor --format json output, schema_version {}",
            crate::answer::SCHEMA_VERSION
        )),
    );
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serializes");
    text.push('\n');
    text
}
