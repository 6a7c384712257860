//! Rules and coefficients in the catalog: the validated types.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::types::Category;
use crate::vocab::{Commitment, Traffic, WorkloadKind};

/// A storage role a rule can assign a class to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum StorageRole {
    /// Where the dataset lives (S3).
    Dataset,
    /// The copy the compute reads from (EBS for one node, EFS or FSx when shared).
    WorkingCopy,
    /// Training checkpoints.
    Checkpoints,
    /// Trained model artifacts served or scored.
    ModelArtifacts,
    /// The processed (silver) zone of a data lake: cleaned data in Parquet.
    Processed,
}

impl StorageRole {
    /// The kebab-case id.
    pub fn id(self) -> &'static str {
        match self {
            StorageRole::Dataset => "dataset",
            StorageRole::WorkingCopy => "working-copy",
            StorageRole::Checkpoints => "checkpoints",
            StorageRole::ModelArtifacts => "model-artifacts",
            StorageRole::Processed => "processed",
        }
    }
}

/// When a rule applies. Every field that is set must hold; an empty list means "any".
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Condition {
    /// Workload kinds.
    pub workload: Vec<WorkloadKind>,
    /// Dataset at least this many GB.
    pub data_size_at_least_gb: Option<f64>,
    /// Dataset below this many GB.
    pub data_size_below_gb: Option<f64>,
    /// `--interruptible` given (true) or not (false).
    pub interruptible: Option<bool>,
    /// Traffic shapes.
    pub traffic: Vec<Traffic>,
    /// Commitments.
    pub commitment: Vec<Commitment>,
    /// `--shared-dataset` given or not.
    pub shared_dataset: Option<bool>,
    /// Hours per month at least.
    pub hours_per_month_at_least: Option<f64>,
    /// Hours per month below.
    pub hours_per_month_below: Option<f64>,
    /// `--model-params` given or not.
    pub model_params_given: Option<bool>,
}

/// What a rule does when it applies.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Effects {
    /// Candidates must be in one of these categories.
    pub only_categories: Vec<Category>,
    /// Candidates in these categories gain `weight` preference points.
    pub prefer_categories: Vec<Category>,
    /// Candidates in these categories are excluded.
    pub exclude_categories: Vec<Category>,
    /// Candidates in these families gain `weight` preference points.
    pub prefer_families: Vec<String>,
    /// Candidates in these families are excluded.
    pub exclude_families: Vec<String>,
    /// Managed-service options (`glue`, `emr`, ...) that gain `weight` preference points.
    pub prefer_services: Vec<String>,
    /// Preference points per match (default 1).
    pub weight: u32,
    /// The pricing model the rule suggests: a label only (the engine chooses the model by
    /// expected cost); the reasons name the rule when its model is the one chosen.
    pub pricing: Option<String>,
    /// Pricing models this rule forbids (spot for an endpoint serving live traffic).
    pub forbid_pricing: Vec<String>,
    /// Storage class per role.
    pub storage: BTreeMap<StorageRole, String>,
    /// Advice shown with the answer.
    pub advice: Option<String>,
    /// When not empty, the advice is shown only when an option shown is of one of these
    /// families (it is about them).
    #[serde(default)]
    pub advice_families: Vec<String>,
    /// Warning shown with the answer.
    pub warning: Option<String>,
}

/// A recommendation rule.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Rule {
    /// Stable kebab-case id.
    pub id: String,
    /// The sentence shown to the user.
    pub message: String,
    /// Where the rule's knowledge comes from.
    pub basis: Option<String>,
    /// When it applies.
    pub when: Condition,
    /// What it does.
    pub then: Effects,
    /// `builtin` or `catalog` (defined by the user's catalog).
    pub origin: String,
}

/// A sizing coefficient with its source.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Coefficient {
    /// Stable id.
    pub id: String,
    /// The value.
    pub value: f64,
    /// Its unit.
    pub unit: String,
    /// Citation.
    pub source: String,
    /// As-of date of the source.
    pub as_of: String,
    /// Whether the value is an estimate (a rule of thumb chosen within a published range).
    pub estimated: bool,
    /// Caveats.
    pub note: Option<String>,
    /// Instance families the figure applies to (per-family CPU figures); empty: any.
    pub families: Vec<String>,
}

/// The managed services an option may name (`service` in JSON, `prefer-services` in rules).
pub const SERVICE_IDS: &[&str] = &[
    "glue",
    "emr",
    "emr-serverless",
    "kinesis-data-streams",
    "kinesis-firehose",
    "msk",
    "athena",
];
