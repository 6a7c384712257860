//! A right-sizing request as given: `advisor rightsize` flags or a plan file's `[[rightsize]]`
//! keys, read with the same parsers (the key is the flag without its dashes; the running type
//! is the `instance-type` key).

use std::path::PathBuf;

use serde::Deserialize;

#[cfg(feature = "cli")]
use super::args;
use super::de;
use crate::money::Usd;
use crate::units::SizeOrPercent;
use crate::vocab::{Commitment, Keep, Stat};

/// `advisor rightsize TYPE [flags]`, or one `[[rightsize]]` entry of a plan file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawRightsize {
    /// The running instance type: p3.8xlarge
    #[cfg_attr(feature = "cli", arg(value_name = "TYPE"))]
    #[serde(default)]
    pub instance_type: String,

    /// How many run, each replaced one for one [default: 1]
    #[cfg_attr(feature = "cli", arg(long, value_name = "N", value_parser = |s: &str| crate::units::parse_whole(s)))]
    #[serde(default, deserialize_with = "de::whole")]
    pub count: Option<u32>,

    /// AWS region code of the prices [default: $ADVISOR_REGION, $AWS_REGION, $AWS_DEFAULT_REGION, us-east-1]
    #[cfg_attr(feature = "cli", arg(long, value_name = "REGION"))]
    #[serde(default)]
    pub region: Option<String>,

    /// Hours a month they run [default: 730, around the clock]
    #[cfg_attr(feature = "cli", arg(long, value_name = "H", allow_hyphen_values = true, value_parser = |s: &str| crate::units::parse_hours_per_month(s)))]
    #[serde(default, deserialize_with = "de::hours_per_month")]
    pub hours_per_month: Option<f64>,

    /// Peak CPU utilization, percent of the vCPUs: 35%
    #[cfg_attr(feature = "cli", arg(long, value_name = "PCT", help_heading = "Measured use", allow_hyphen_values = true, value_parser = |s: &str| crate::units::parse_percent(s)))]
    #[serde(default, deserialize_with = "de::percent")]
    pub cpu: Option<f64>,

    /// Peak memory used: 40GiB, or 30% of the instance's
    #[cfg_attr(feature = "cli", arg(long, value_name = "SIZE|PCT", help_heading = "Measured use", allow_hyphen_values = true, value_parser = |s: &str| crate::units::parse_size_or_percent(s)))]
    #[serde(default, deserialize_with = "de::size_or_percent")]
    pub mem: Option<SizeOrPercent>,

    /// Peak accelerator utilization, percent, averaged over the instance's accelerators: 25%
    #[cfg_attr(feature = "cli", arg(long, value_name = "PCT", help_heading = "Measured use", allow_hyphen_values = true, value_parser = |s: &str| crate::units::parse_percent(s)))]
    #[serde(default, deserialize_with = "de::percent")]
    pub gpu: Option<f64>,

    /// Peak utilization of the busiest accelerator, percent: 80% [default: from a metrics
    /// file's GPU rows; else --gpu times the accelerators, at most 100%, as if one did all the
    /// work]
    #[cfg_attr(feature = "cli", arg(long, value_name = "PCT", help_heading = "Measured use", allow_hyphen_values = true, value_parser = |s: &str| crate::units::parse_percent(s)))]
    #[serde(default, deserialize_with = "de::percent")]
    pub gpu_max: Option<f64>,

    /// Peak accelerator memory used, per accelerator (total with --gpu-mem-total): 9GiB
    #[cfg_attr(feature = "cli", arg(long, value_name = "SIZE", help_heading = "Measured use", allow_hyphen_values = true, value_parser = |s: &str| crate::units::parse_size(s)))]
    #[serde(default, deserialize_with = "de::size")]
    pub gpu_mem: Option<u64>,

    /// --gpu-mem is the total over the accelerators, not the fullest one's
    #[cfg_attr(
        feature = "cli",
        arg(long, help_heading = "Measured use", requires = "gpu_mem")
    )]
    #[serde(default)]
    pub gpu_mem_total: bool,

    /// Peak network throughput: 3Gbps, 500Mbps
    #[cfg_attr(feature = "cli", arg(long, value_name = "RATE", help_heading = "Measured use", allow_hyphen_values = true, value_parser = |s: &str| crate::units::parse_rate_gbps(s)))]
    #[serde(default, deserialize_with = "de::rate")]
    pub net: Option<f64>,

    /// Measured use from a file: CloudWatch get-metric-data JSON or CSV timestamp,metric,value
    /// (flags given as well override the file's values; in a plan, relative to the plan's
    /// directory)
    #[cfg_attr(
        feature = "cli",
        arg(long, value_name = "FILE", help_heading = "Measured use")
    )]
    #[serde(default)]
    pub metrics: Option<PathBuf>,

    /// The statistic of a metrics file's samples that stands for the peak [default: p95]
    #[cfg_attr(feature = "cli", arg(long, value_name = "STAT", help_heading = "Measured use", requires = "metrics", value_parser = args::choice(Stat::IDS, Stat::ALL)))]
    #[serde(default, deserialize_with = "de::choice")]
    pub stat: Option<Stat>,

    /// Headroom added to every measured need [default: 20%]
    #[cfg_attr(feature = "cli", arg(long, value_name = "PCT", help_heading = "Candidates", allow_hyphen_values = true, value_parser = |s: &str| crate::units::parse_percent_or_zero(s)))]
    #[serde(default, deserialize_with = "de::percent_or_zero")]
    pub headroom: Option<f64>,

    /// Allow Graviton (arm64) types for an x86 one, and x86 for a Graviton one
    #[cfg_attr(feature = "cli", arg(long, help_heading = "Candidates"))]
    #[serde(default)]
    pub allow_arm: bool,

    /// Keep what the running type has: efa, nvme, accelerator (its model: no kernels or
    /// numerics to validate again); comma-separated
    #[cfg_attr(feature = "cli", arg(long, value_name = "WHAT", help_heading = "Candidates", value_delimiter = ',', value_parser = args::choice(Keep::IDS, Keep::ALL)))]
    #[serde(default, deserialize_with = "de::choices")]
    pub keep: Vec<Keep>,

    /// Whether a term commitment is acceptable: both the running type and the candidates are
    /// priced under the cheapest model it allows, as `recommend` decides [default: none]
    #[cfg_attr(feature = "cli", arg(long, value_name = "TERM", help_heading = "Pricing", value_parser = args::choice(Commitment::IDS, Commitment::ALL)))]
    #[serde(default, deserialize_with = "de::choice")]
    pub commitment: Option<Commitment>,

    /// The work checkpoints and can resume: spot prices are allowed
    #[cfg_attr(feature = "cli", arg(long, help_heading = "Pricing"))]
    #[serde(default)]
    pub interruptible: bool,

    /// How many types to list [default: 5]
    #[cfg_attr(feature = "cli", arg(long, value_name = "N", help_heading = "Output", value_parser = |s: &str| crate::units::parse_whole(s)))]
    #[serde(default, deserialize_with = "de::whole")]
    pub top: Option<u32>,

    /// Budget: exit 5 when the best type's monthly cost is higher
    #[cfg_attr(feature = "cli", arg(long, value_name = "USD", help_heading = "Budget", allow_hyphen_values = true, value_parser = |s: &str| crate::units::parse_usd(s)))]
    #[serde(default, deserialize_with = "de::usd")]
    pub max_monthly_usd: Option<Usd>,
}

impl RawRightsize {
    /// Whether `--keep` (or the `keep` key) asks to keep `what`.
    pub fn keeps(&self, what: Keep) -> bool {
        self.keep.contains(&what)
    }
}
