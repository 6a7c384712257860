//! The `plan` report.

use crate::money::Usd;

/// The sums over a plan's workloads.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct PlanTotal {
    /// Sum of every workload's monthly total (compute and storage).
    #[serde(serialize_with = "crate::money::cents")]
    pub monthly_usd: Usd,
    /// Sum of the per-job costs of the workloads that have one.
    #[serde(serialize_with = "crate::money::cents")]
    pub job_usd: Usd,
    /// How many workloads the sums cover: those with an option (a workload where nothing
    /// fits has no cost to add).
    pub workloads_covered: usize,
    /// How many workloads the plan has.
    pub workloads: usize,
    /// The names of the workloads left out of the sums, in file order (empty: none).
    pub not_covered: Vec<String>,
}

/// One workload of a plan with its full recommendation.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct PlanWorkload {
    /// The workload's name in the plan.
    pub name: String,
    /// Its recommendation, as `advisor recommend` would give it.
    #[serde(flatten)]
    pub result: crate::answer::recommend::RecommendReport,
}

/// `advisor plan`.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct PlanReport {
    /// The plan file as given.
    pub file: String,
    /// `ok`, `nothing-fits` (some workload has no option) or `over-budget` (a workload's own
    /// gate or the plan's gate on the total).
    pub outcome: crate::answer::recommend::Outcome,
    /// Gate on the total monthly cost.
    pub max_monthly_usd: Option<Usd>,
    /// Gate on the total per-job cost.
    pub max_job_usd: Option<Usd>,
    /// Every workload, in file order.
    pub workloads: Vec<PlanWorkload>,
    /// Sums over the workloads' best options.
    pub total: PlanTotal,
}
