//! The `plan` report.

use crate::money::Usd;

/// The sums over a plan's workloads.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct PlanTotal {
    /// Sum of every workload's monthly total (compute and storage), plus each `[[rightsize]]`
    /// entry's cost after right-sizing (its best type's, or the running type's when nothing
    /// cheaper fits).
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
    /// How many `[[rightsize]]` entries the plan has.
    pub rightsize_entries: usize,
    /// Their running types' cost a month (priced as each entry asks), summed.
    #[serde(serialize_with = "crate::money::cents")]
    pub rightsize_current_monthly_usd: Usd,
    /// Their cost a month after right-sizing (each one's best type, or its running type when
    /// nothing cheaper fits), summed: the part of `monthly_usd` they add.
    #[serde(serialize_with = "crate::money::cents")]
    pub rightsize_monthly_usd: Usd,
    /// The net saving a month: `rightsize_current_monthly_usd - rightsize_monthly_usd`
    /// (negative when under-provisioned fleets must grow by more than the others shrink).
    #[serde(serialize_with = "crate::money::cents")]
    pub rightsize_saving_monthly_usd: Usd,
}

/// One `[[rightsize]]` entry of a plan with its full answer.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct PlanRightsize {
    /// The entry's name in the plan.
    pub name: String,
    /// `ok`, or `over-budget` when its best type costs more than its `max-monthly-usd`.
    pub outcome: crate::answer::recommend::Outcome,
    /// Its answer, as `advisor rightsize` would give it.
    #[serde(flatten)]
    pub result: crate::answer::rightsize::RightsizeReport,
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
    /// `ok`, `nothing-fits` (some workload has no option) or `over-budget` (a workload's or a
    /// rightsize entry's own gate, or the plan's gate on the total).
    pub outcome: crate::answer::recommend::Outcome,
    /// Gate on the total monthly cost.
    pub max_monthly_usd: Option<Usd>,
    /// Gate on the total per-job cost.
    pub max_job_usd: Option<Usd>,
    /// Every workload, in file order.
    pub workloads: Vec<PlanWorkload>,
    /// Every `[[rightsize]]` entry, in file order (empty: none).
    pub rightsize: Vec<PlanRightsize>,
    /// Sums over the workloads' best options.
    pub total: PlanTotal,
}
