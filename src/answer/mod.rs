//! Every result type: what a command decided, as plain data (`Serialize`, no logic). The
//! compute modules build these; the renderers read them; neither knows the other.

pub mod catalog;
pub mod compare;
pub mod diff;
pub mod import;
pub mod plan;
pub mod recommend;
pub mod rightsize;

pub use catalog::CatalogInfo;

use serde::Serialize;

use catalog::{ListReport, ModelsReport, RegionsReport, ShowReport, ValidateReport};

/// Version of the JSON documents' shape. Bumped only for breaking changes (docs/json-output.md).
pub const SCHEMA_VERSION: u32 = 1;

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
    /// `catalog models`.
    CatalogModels(ModelsReport),
    /// `advisor catalog validate`.
    CatalogValidate(ValidateReport),
    /// `advisor recommend`.
    Recommend(Box<recommend::RecommendReport>),
    /// `advisor compare`.
    Compare(crate::answer::compare::CompareReport),
    /// `advisor plan`.
    Plan(Box<crate::answer::plan::PlanReport>),
    /// `advisor catalog import`.
    CatalogImport(crate::answer::import::ImportReport),
    /// `advisor catalog diff`.
    CatalogDiff(crate::answer::diff::DiffReport),
    /// `advisor rightsize`.
    Rightsize(Box<rightsize::RightsizeReport>),
}

impl Report {
    /// The `command` field of the JSON document.
    pub fn command(&self) -> &'static str {
        match self {
            Report::CatalogList(_) => "catalog list",
            Report::CatalogShow(_) => "catalog show",
            Report::CatalogRegions(_) => "catalog regions",
            Report::CatalogModels(_) => "catalog models",
            Report::CatalogValidate(_) => "catalog validate",
            Report::Recommend(_) => "recommend",
            Report::Compare(_) => "compare",
            Report::Plan(_) => "plan",
            Report::CatalogImport(_) => "catalog import",
            Report::CatalogDiff(_) => "catalog diff",
            Report::Rightsize(_) => "rightsize",
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
