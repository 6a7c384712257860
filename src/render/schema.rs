//! The JSON Schema of every `--format json` document, generated from the report types.
//! Committed as `docs/json-output.schema.json`; a test regenerates it and compares.

use schemars::JsonSchema;
use serde::Serialize;

use crate::answer::catalog::{CatalogInfo, ListReport, RegionsReport, ShowReport, ValidateReport};
use crate::answer::compare::CompareReport;
use crate::answer::plan::PlanReport;
use crate::answer::recommend::RecommendReport;
use crate::diag::Diagnostic;

/// One document type: the envelope (`schema_version` pinned to this version, `command` to its
/// command) around one command's fields, named after the command.
macro_rules! document {
    ($name:ident, $body:ty, $command:literal) => {
        #[doc = concat!("The document `advisor ", $command, " --format json` prints.")]
        #[derive(Serialize, JsonSchema)]
        struct $name {
            /// The schema's version: 1.
            #[schemars(extend("const" = 1))]
            schema_version: u32,
            /// The command that produced the document.
            #[schemars(extend("const" = $command))]
            command: String,
            /// The catalog the answer came from (null when none could be loaded).
            catalog: Option<CatalogInfo>,
            /// Warnings, one line each.
            warnings: Vec<String>,
            #[serde(flatten)]
            body: $body,
        }
    };
}

document!(RecommendDocument, RecommendReport, "recommend");
document!(PlanDocument, PlanReport, "plan");
document!(CompareDocument, CompareReport, "compare");
document!(CatalogListDocument, ListReport, "catalog list");
document!(CatalogShowDocument, ShowReport, "catalog show");
document!(CatalogRegionsDocument, RegionsReport, "catalog regions");
document!(
    CatalogModelsDocument,
    crate::answer::catalog::ModelsReport,
    "catalog models"
);
document!(CatalogValidateDocument, ValidateReport, "catalog validate");
document!(
    CatalogImportDocument,
    crate::answer::import::ImportReport,
    "catalog import"
);
document!(
    CatalogDiffDocument,
    crate::answer::diff::DiffReport,
    "catalog diff"
);
document!(
    RightsizeDocument,
    crate::answer::rightsize::RightsizeReport,
    "rightsize"
);

/// The document printed when a command fails after its arguments parsed: any command.
#[derive(Serialize, JsonSchema)]
struct ErrorDocument {
    /// The schema's version: 1.
    #[schemars(extend("const" = 1))]
    schema_version: u32,
    /// The command that failed.
    command: String,
    /// Null: the catalog may be what failed.
    catalog: Option<CatalogInfo>,
    /// Warnings, one line each.
    warnings: Vec<String>,
    #[serde(flatten)]
    body: ErrorFields,
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
    Recommend(RecommendDocument),
    Plan(PlanDocument),
    Compare(CompareDocument),
    CatalogList(CatalogListDocument),
    CatalogShow(CatalogShowDocument),
    CatalogRegions(CatalogRegionsDocument),
    CatalogModels(CatalogModelsDocument),
    CatalogValidate(CatalogValidateDocument),
    CatalogImport(CatalogImportDocument),
    CatalogDiff(CatalogDiffDocument),
    Rightsize(RightsizeDocument),
    Error(ErrorDocument),
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
