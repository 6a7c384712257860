//! The `catalog diff` report.

use serde::Serialize;

use super::catalog::CatalogInfo;
use crate::money::Usd;

/// How one price moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// In NEW only.
    Added,
    /// In OLD only.
    Removed,
    /// Higher in NEW.
    Increased,
    /// Lower in NEW.
    Decreased,
}

impl ChangeKind {
    /// The JSON and CSV name.
    pub fn id(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Increased => "increased",
            ChangeKind::Decreased => "decreased",
        }
    }
}

/// One price that differs.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PriceChange {
    /// e.g. `p3.2xlarge`.
    pub instance_type: String,
    /// Region code.
    pub region: String,
    /// Which price: `on_demand`, `spot`, `reserved_1yr`, `reserved_3yr`, or one of the four
    /// upfront reserved rates (`reserved_1yr_partial_upfront`, ...).
    pub price: &'static str,
    /// What changed.
    pub change: ChangeKind,
    /// USD per hour in OLD (null: added).
    pub old_hourly_usd: Option<Usd>,
    /// USD per hour in NEW (null: removed).
    pub new_hourly_usd: Option<Usd>,
    /// (new − old) ÷ old × 100 (null: added or removed).
    pub change_pct: Option<f64>,
    /// Source id in OLD.
    pub old_source: Option<String>,
    /// Source id in NEW.
    pub new_source: Option<String>,
}

/// Counts over the changes.
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct DiffSummary {
    /// Prices in NEW only.
    pub added: usize,
    /// Prices in OLD only.
    pub removed: usize,
    /// Prices higher in NEW.
    pub increased: usize,
    /// Prices lower in NEW.
    pub decreased: usize,
    /// Prices equal in both (in the region filter).
    pub unchanged: usize,
}

/// `catalog diff`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DiffReport {
    /// The old catalog.
    pub old: CatalogInfo,
    /// The new catalog.
    pub new: CatalogInfo,
    /// The region filter, if any.
    pub region: Option<String>,
    /// The `--min-change-pct` filter.
    pub min_change_pct: f64,
    /// Instance types in NEW only.
    pub instance_types_added: Vec<String>,
    /// Instance types in OLD only.
    pub instance_types_removed: Vec<String>,
    /// Regions in NEW only.
    pub regions_added: Vec<String>,
    /// Regions in OLD only.
    pub regions_removed: Vec<String>,
    /// Every price that differs, by instance type, region and price.
    pub changes: Vec<PriceChange>,
    /// Counts.
    pub summary: DiffSummary,
}
