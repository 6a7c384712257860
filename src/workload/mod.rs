//! The workload a user describes: the raw request ([`RawWorkload`], from flags or a plan file)
//! and its normalized form ([`Workload`]), with every default made explicit.

#[cfg(feature = "cli")]
mod args;
mod de;
pub mod rightsize;

use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, ModelKind, ModelShape};
use crate::error::Error;
use crate::money::Usd;

pub use crate::vocab::{Commitment, Method, Precision, Schedule, Traffic, WorkloadKind};
pub use de::invalid_choice;

/// A workload as given, from command-line flags (`advisor recommend`) or a plan file's
/// `[[workload]]` keys: one field per flag, and the key is the flag without its dashes. Both
/// read values with the same parsers. [`RawWorkload::check`] checks it without the catalog,
/// naming flags or keys; [`RawWorkload::resolve`] checks names against the catalog and makes
/// every default explicit.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
#[cfg_attr(
    feature = "cli",
    command(group(clap::ArgGroup::new("length").args(["tokens", "epochs", "job_hours"])))
)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawWorkload {
    /// The job: exploration, training, batch-inference, realtime-inference, etl, streaming
    /// (aliases: explore, train, batch, realtime, serving, data-processing)
    #[cfg_attr(feature = "cli", arg(long, value_name = "WORKLOAD", value_parser = args::workload(), ignore_case = true, required = true))]
    #[serde(default, deserialize_with = "de::choice")]
    #[cfg_attr(feature = "cli", arg(help_heading = "Workload"))]
    pub workload: Option<WorkloadKind>,

    /// Dataset size: 500GB, 2TB, 1.5TiB, 100MB (decimal or binary units)
    #[cfg_attr(feature = "cli", arg(long, value_name = "SIZE", allow_hyphen_values = true, value_parser = |s: &str| crate::units::parse_size(s), required = true))]
    #[serde(default, deserialize_with = "de::size")]
    #[cfg_attr(feature = "cli", arg(help_heading = "Workload"))]
    pub data_size: Option<u64>,

    /// AWS region code [default: $ADVISOR_REGION, $AWS_REGION, $AWS_DEFAULT_REGION, us-east-1]
    #[cfg_attr(feature = "cli", arg(long, value_name = "REGION"))]
    #[serde(default)]
    #[cfg_attr(feature = "cli", arg(help_heading = "Workload"))]
    pub region: Option<String>,

    /// Where `region` came from when not from the flag or key (an environment variable's name)
    #[cfg_attr(feature = "cli", arg(skip))]
    #[serde(skip)]
    pub region_from: Option<&'static str>,

    /// Hours the compute runs per month [default: exploration 176, real-time 730, jobs: one job]
    #[cfg_attr(feature = "cli", arg(long, value_name = "H", allow_hyphen_values = true, value_parser = |s: &str| crate::units::parse_hours_per_month(s)))]
    #[serde(default, deserialize_with = "de::hours_per_month")]
    #[cfg_attr(feature = "cli", arg(help_heading = "Workload"))]
    pub hours_per_month: Option<f64>,

    /// Whether a term commitment is acceptable [default: none]
    #[cfg_attr(feature = "cli", arg(long, value_name = "TERM", value_parser = args::choice(Commitment::IDS, Commitment::ALL)))]
    #[serde(default, deserialize_with = "de::choice")]
    #[cfg_attr(feature = "cli", arg(help_heading = "Workload"))]
    pub commitment: Option<Commitment>,

    /// The work checkpoints and can resume: spot instances are allowed
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(default)]
    #[cfg_attr(feature = "cli", arg(help_heading = "Workload"))]
    pub interruptible: bool,

    /// Real-time traffic shape [default: spiky when --peak-rps is above --rps, else steady]
    #[cfg_attr(feature = "cli", arg(long, value_name = "SHAPE", value_parser = args::choice(Traffic::IDS, Traffic::ALL)))]
    #[serde(default, deserialize_with = "de::choice")]
    #[cfg_attr(feature = "cli", arg(help_heading = "Workload"))]
    pub traffic: Option<Traffic>,

    /// Several jobs or nodes read the same dataset
    #[cfg_attr(feature = "cli", arg(long))]
    #[serde(default)]
    #[cfg_attr(feature = "cli", arg(help_heading = "Workload"))]
    pub shared_dataset: bool,

    /// Model size in parameters: 125M, 7B, 70B (a default shape by size: --model names a
    /// known architecture instead)
    #[cfg_attr(feature = "cli", arg(long, value_name = "N", allow_hyphen_values = true, value_parser = |s: &str| crate::units::parse_count(s)))]
    #[serde(default, deserialize_with = "de::count")]
    #[cfg_attr(feature = "cli", arg(help_heading = "Model and training"))]
    pub model_params: Option<u64>,

    /// A known model: llama-3.1-8b, llama-3.1-70b, mixtral-8x7b, bert-base-uncased, ... (`advisor
    /// catalog models`): its parameters, KV cache and whether it generates
    #[cfg_attr(
        feature = "cli",
        arg(long, value_name = "NAME", conflicts_with = "model_params")
    )]
    #[serde(default)]
    #[cfg_attr(feature = "cli", arg(help_heading = "Model and training"))]
    pub model: Option<String>,

    /// Training or serving precision [default: bf16 for training, fp16 for serving]
    #[cfg_attr(feature = "cli", arg(long, value_name = "P", value_parser = args::choice(Precision::IDS, Precision::ALL)))]
    #[serde(default, deserialize_with = "de::choice")]
    #[cfg_attr(feature = "cli", arg(help_heading = "Model and training"))]
    pub precision: Option<Precision>,

    /// Training method [default: full]
    #[cfg_attr(feature = "cli", arg(long, value_name = "M", value_parser = args::choice(Method::IDS, Method::ALL)))]
    #[serde(default, deserialize_with = "de::choice")]
    #[cfg_attr(feature = "cli", arg(help_heading = "Model and training"))]
    pub method: Option<Method>,

    /// Training length in tokens: 2T, 300B
    #[cfg_attr(feature = "cli", arg(long, value_name = "N", allow_hyphen_values = true, value_parser = |s: &str| crate::units::parse_count(s)))]
    #[serde(default, deserialize_with = "de::count")]
    #[cfg_attr(feature = "cli", arg(help_heading = "Model and training"))]
    pub tokens: Option<u64>,

    /// Tokens per optimizer step (the global batch), for the network time between training
    /// nodes: 16M [default: the catalog's training-global-batch-tokens, 4M]
    #[cfg_attr(feature = "cli", arg(long, value_name = "N", allow_hyphen_values = true, value_parser = |s: &str| crate::units::parse_count(s)))]
    #[serde(default, deserialize_with = "de::count")]
    #[cfg_attr(feature = "cli", arg(help_heading = "Model and training"))]
    pub global_batch_tokens: Option<u64>,

    /// Training length in passes over the data [default: 1]
    #[cfg_attr(feature = "cli", arg(long, value_name = "N", allow_hyphen_values = true, value_parser = |s: &str| crate::units::parse_positive(s)))]
    #[serde(default, deserialize_with = "de::positive")]
    #[cfg_attr(feature = "cli", arg(help_heading = "Model and training"))]
    pub epochs: Option<f64>,

    /// Known job length in hours
    #[cfg_attr(feature = "cli", arg(long, value_name = "H", allow_hyphen_values = true, value_parser = |s: &str| crate::units::parse_positive(s)))]
    #[serde(default, deserialize_with = "de::positive")]
    #[cfg_attr(feature = "cli", arg(help_heading = "Model and training"))]
    pub job_hours: Option<f64>,

    /// Cap on accelerators per job
    #[cfg_attr(feature = "cli", arg(long, value_name = "N", allow_hyphen_values = true, value_parser = |s: &str| crate::units::parse_whole(s)))]
    #[serde(default, deserialize_with = "de::whole")]
    #[cfg_attr(feature = "cli", arg(help_heading = "Model and training"))]
    pub max_gpus: Option<u32>,

    /// Real-time requests per second: the average when --peak-rps is given [default: 10]
    #[cfg_attr(feature = "cli", arg(long, value_name = "N", allow_hyphen_values = true, value_parser = |s: &str| crate::units::parse_positive(s)))]
    #[serde(default, deserialize_with = "de::positive")]
    #[cfg_attr(feature = "cli", arg(help_heading = "Serving (real-time and batch)"))]
    pub rps: Option<f64>,

    /// Real-time peak requests per second: the fleet scales between the instances --rps needs
    /// and the ones the peak needs, and is billed for the average
    #[cfg_attr(feature = "cli", arg(long, value_name = "N", allow_hyphen_values = true, value_parser = |s: &str| crate::units::parse_positive(s)))]
    #[serde(default, deserialize_with = "de::positive")]
    #[cfg_attr(feature = "cli", arg(help_heading = "Serving (real-time and batch)"))]
    pub peak_rps: Option<f64>,

    /// Real-time latency target of a whole request in milliseconds [default: 200 to score;
    /// generating, MLPerf's interactive level: 450 + 40 per generated token after the first]
    #[cfg_attr(feature = "cli", arg(long, value_name = "MS", allow_hyphen_values = true, value_parser = |s: &str| crate::units::parse_positive(s)))]
    #[serde(default, deserialize_with = "de::positive")]
    #[cfg_attr(feature = "cli", arg(help_heading = "Serving (real-time and batch)"))]
    pub latency_ms: Option<f64>,

    /// Prompt tokens per request or batch item [default: 512]
    #[cfg_attr(feature = "cli", arg(long, value_name = "N", allow_hyphen_values = true, value_parser = |s: &str| crate::units::parse_count(s)))]
    #[serde(default, deserialize_with = "de::count")]
    #[cfg_attr(feature = "cli", arg(help_heading = "Serving (real-time and batch)"))]
    pub context_tokens: Option<u64>,

    /// Tokens generated per request or batch item; 1 is one forward pass (scoring) [default:
    /// 256 for a decoder model, 1 for an encoder]
    #[cfg_attr(feature = "cli", arg(long, value_name = "N", allow_hyphen_values = true, value_parser = |s: &str| crate::units::parse_count(s)))]
    #[serde(default, deserialize_with = "de::count")]
    #[cfg_attr(feature = "cli", arg(help_heading = "Serving (real-time and batch)"))]
    pub output_tokens: Option<u64>,

    /// Items in a batch job: 10M
    #[cfg_attr(feature = "cli", arg(long, value_name = "N", allow_hyphen_values = true, value_parser = |s: &str| crate::units::parse_count(s)))]
    #[serde(default, deserialize_with = "de::count")]
    #[cfg_attr(feature = "cli", arg(help_heading = "Serving (real-time and batch)"))]
    pub items: Option<u64>,

    /// Hours allowed for a batch job [default: 24]
    #[cfg_attr(feature = "cli", arg(long, value_name = "H", allow_hyphen_values = true, value_parser = |s: &str| crate::units::parse_positive(s)))]
    #[serde(default, deserialize_with = "de::positive")]
    #[cfg_attr(feature = "cli", arg(help_heading = "Schedule"))]
    pub deadline_hours: Option<f64>,

    /// Budget: exit 5 when the best option costs more per month (compute and storage)
    #[cfg_attr(feature = "cli", arg(long, value_name = "USD", allow_hyphen_values = true, value_parser = |s: &str| crate::units::parse_usd(s)))]
    #[serde(default, deserialize_with = "de::usd")]
    #[cfg_attr(feature = "cli", arg(help_heading = "Budget"))]
    pub max_monthly_usd: Option<Usd>,

    /// Budget: exit 5 when the best option costs more per job
    #[cfg_attr(feature = "cli", arg(long, value_name = "USD", allow_hyphen_values = true, value_parser = |s: &str| crate::units::parse_usd(s)))]
    #[serde(default, deserialize_with = "de::usd")]
    #[cfg_attr(feature = "cli", arg(help_heading = "Budget"))]
    pub max_job_usd: Option<Usd>,

    /// Streaming: events per second into the stream
    #[cfg_attr(feature = "cli", arg(long, value_name = "N", allow_hyphen_values = true, value_parser = |s: &str| crate::units::parse_positive(s)))]
    #[serde(default, deserialize_with = "de::positive")]
    #[cfg_attr(feature = "cli", arg(help_heading = "Streaming and ETL"))]
    pub events_per_sec: Option<f64>,

    /// Streaming: size of one event: 1KB, 500B
    #[cfg_attr(feature = "cli", arg(long, value_name = "SIZE", allow_hyphen_values = true, value_parser = |s: &str| crate::units::parse_size(s)))]
    #[serde(default, deserialize_with = "de::size")]
    #[cfg_attr(feature = "cli", arg(help_heading = "Streaming and ETL"))]
    pub event_size: Option<u64>,

    /// Streaming: hours the stream keeps events, 24 to 8760 [default: 24]
    #[cfg_attr(feature = "cli", arg(long, value_name = "H", allow_hyphen_values = true, value_parser = crate::units::parse_retention))]
    #[serde(default, deserialize_with = "de::retention")]
    #[cfg_attr(feature = "cli", arg(help_heading = "Streaming and ETL"))]
    pub retention_hours: Option<f64>,

    /// How often the job runs: once, hourly, daily, weekly. ETL [default: daily]; training
    /// and batch-inference [default: one job a month]: the month's cost is each run's, and a
    /// job must end before the next run starts
    #[cfg_attr(feature = "cli", arg(long, value_name = "WHEN", value_parser = args::choice(Schedule::IDS, Schedule::ALL)))]
    #[serde(default, deserialize_with = "de::choice")]
    #[cfg_attr(feature = "cli", arg(help_heading = "Schedule"))]
    pub schedule: Option<Schedule>,

    /// ETL: hours one run may take; sets the worker count [default: 1]
    #[cfg_attr(feature = "cli", arg(long, value_name = "H", allow_hyphen_values = true, value_parser = |s: &str| crate::units::parse_positive(s)))]
    #[serde(default, deserialize_with = "de::positive")]
    #[cfg_attr(feature = "cli", arg(help_heading = "Schedule"))]
    pub max_job_hours: Option<f64>,

    /// TB of data SQL queries (Athena) scan per month: adds the query cost on raw text vs Parquet
    #[cfg_attr(feature = "cli", arg(long, value_name = "TB", allow_hyphen_values = true, value_parser = |s: &str| crate::units::parse_positive(s)))]
    #[serde(default, deserialize_with = "de::positive")]
    #[cfg_attr(feature = "cli", arg(help_heading = "Streaming and ETL"))]
    pub query_tb_per_month: Option<f64>,

    /// Only consider this instance family (repeatable)
    #[cfg_attr(feature = "cli", arg(long = "allow-family", value_name = "FAMILY"))]
    #[serde(default)]
    #[cfg_attr(feature = "cli", arg(help_heading = "Candidates"))]
    pub allow_family: Vec<String>,

    /// Never consider this instance family (repeatable)
    #[cfg_attr(feature = "cli", arg(long = "deny-family", value_name = "FAMILY"))]
    #[serde(default)]
    #[cfg_attr(feature = "cli", arg(help_heading = "Candidates"))]
    pub deny_family: Vec<String>,

    /// Alternatives shown after the best option [default: 5]
    #[cfg_attr(feature = "cli", arg(long, value_name = "N", allow_hyphen_values = true, value_parser = |s: &str| crate::units::parse_whole(s)))]
    #[serde(default, deserialize_with = "de::whole")]
    #[cfg_attr(feature = "cli", arg(help_heading = "Output"))]
    pub top: Option<u32>,
}

/// How a message names a field: as a command-line flag (`--max-job-hours`) or as a plan
/// file's key (`` `max-job-hours` ``).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Naming {
    /// `advisor recommend` flags.
    Flags,
    /// `[[workload]]` keys of a plan file.
    Keys,
}

impl Naming {
    /// A field (its kebab-case key).
    pub fn field(self, key: &str) -> String {
        match self {
            Naming::Flags => format!("--{key}"),
            Naming::Keys => format!("`{key}`"),
        }
    }

    /// The workload field with a value: `--workload etl` or `` workload `etl` ``.
    fn workload(self, value: &str) -> String {
        match self {
            Naming::Flags => format!("--workload {value}"),
            Naming::Keys => format!("workload `{value}`"),
        }
    }
}

/// A field that is wrong for the rest of the request, found without the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field's key (`max-job-hours`): where a plan file points the error.
    pub field: &'static str,
    /// What is wrong, naming fields as the [`Naming`] asked.
    pub message: String,
}

/// Defaults from SPEC §3.
pub mod defaults {
    /// Region when none is given.
    pub const REGION: &str = "us-east-1";
    /// Business hours: 22 days × 8 h.
    pub const EXPLORATION_HOURS_PER_MONTH: f64 = 176.0;
    /// Around the clock: 8,760 h / 12.
    pub const ALWAYS_ON_HOURS_PER_MONTH: f64 = 730.0;
    /// Real-time requests per second.
    pub const RPS: f64 = 10.0;
    /// Real-time latency target of a request that scores (one forward pass).
    pub const LATENCY_MS: f64 = 200.0;
    /// Prompt tokens per request: an assumed default, shown in every answer that uses it.
    pub const CONTEXT_TOKENS: u64 = 512;
    /// Tokens a decoder model generates per request or item when `--output-tokens` is not
    /// given: advisor's default for a generation endpoint (a chat or completion answer of a
    /// few paragraphs), not a measurement; shown in every answer that uses it.
    pub const GENERATED_TOKENS: u64 = 256;
    /// Tokens an encoder "generates": its one forward pass (classify, embed, score).
    pub const SCORED_TOKENS: u64 = 1;
    /// Batch deadline.
    pub const DEADLINE_HOURS: f64 = 24.0;
    /// A training run's time target: 30 days.
    pub const TRAINING_DEADLINE_HOURS: f64 = 720.0;
    /// Alternatives shown.
    pub const TOP: u32 = 5;
    /// Kinesis Data Streams' default retention (AWS whitepaper; data-services.md §3).
    pub const RETENTION_HOURS: f64 = 24.0;
    /// ETL schedule.
    pub const SCHEDULE: super::Schedule = super::Schedule::Daily;
    /// Hours one ETL run may take: advisor's default, so an hourly job fits its period.
    pub const MAX_JOB_HOURS: f64 = 1.0;
}

/// A normalized workload: every default explicit, every name checked against the catalog.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Workload {
    /// The job.
    pub workload: WorkloadKind,
    /// Dataset size in bytes.
    pub data_size_bytes: u64,
    /// Region code.
    pub region: String,
    /// Where the region came from: `given` (the flag or plan key), `ADVISOR_REGION`,
    /// `AWS_REGION` or `AWS_DEFAULT_REGION` (the environment), or `default` (us-east-1).
    pub region_basis: &'static str,
    /// Hours per month the compute runs; null for a job of unknown length (see
    /// `hours_per_month_basis`).
    pub hours_per_month: Option<f64>,
    /// Where `hours_per_month` comes from: `given`, `default`, `job` (one job a month),
    /// `schedule` (runs a month × hours per run: ETL, or a training or batch job with
    /// `--schedule`) or `unknown`.
    pub hours_per_month_basis: &'static str,
    /// Commitment allowed.
    pub commitment: Commitment,
    /// Spot allowed.
    pub interruptible: bool,
    /// Real-time traffic shape.
    pub traffic: Traffic,
    /// Several jobs or nodes read the same data.
    pub shared_dataset: bool,
    /// Model parameters, if given (or the `--model`'s).
    pub model_params: Option<u64>,
    /// The model's shape: the `--model` named, or the default shape for `--model-params`.
    pub model: Option<ModelShape>,
    /// Precision.
    pub precision: Precision,
    /// Whether `precision` was asked for (else it is the workload's default).
    #[serde(skip)]
    pub precision_given: bool,
    /// Training method.
    pub method: Method,
    /// Training tokens, if given.
    pub tokens: Option<u64>,
    /// Tokens per optimizer step, if given (else the catalog's `training-global-batch-tokens`).
    pub global_batch_tokens: Option<u64>,
    /// Epochs (default 1 for training when neither tokens nor job hours are given).
    pub epochs: Option<f64>,
    /// Job hours, if given.
    pub job_hours: Option<f64>,
    /// Cap on accelerators per job.
    pub max_gpus: Option<u32>,
    /// Requests per second (real-time): the average when `peak_rps` is given.
    pub rps: f64,
    /// Peak requests per second (real-time), if given.
    pub peak_rps: Option<f64>,
    /// Latency target of one request (real-time), ms.
    pub latency_ms: f64,
    /// Where `latency_ms` comes from: `given`, `default` (200 ms, a request that scores) or
    /// `generation` (`generation-ttft-ms` + the tokens after the first × `generation-tpot-ms`).
    pub latency_ms_basis: &'static str,
    /// Prompt tokens per request or item.
    pub context_tokens: u64,
    /// Generated tokens per request or item.
    pub output_tokens: u64,
    /// Whether `output_tokens` is the default (not given).
    pub output_tokens_default: bool,
    /// Items in the batch, if given.
    pub items: Option<u64>,
    /// Hours allowed for a batch job.
    pub deadline_hours: f64,
    /// Monthly budget.
    pub max_monthly_usd: Option<Usd>,
    /// Per-job budget.
    pub max_job_usd: Option<Usd>,
    /// Data scanned by SQL queries per month, TB.
    pub query_tb_per_month: Option<f64>,
    /// Streaming: events per second.
    pub events_per_sec: Option<f64>,
    /// Streaming: bytes per event.
    pub event_size_bytes: Option<u64>,
    /// Streaming: retention, hours.
    pub retention_hours: Option<f64>,
    /// How often the job runs: ETL (always set), training and batch jobs (when given; none:
    /// one job a month).
    pub schedule: Option<Schedule>,
    /// ETL: hours one run may take (etl only).
    pub max_job_hours: Option<f64>,
    /// Only these families (empty: all).
    pub allow_families: Vec<String>,
    /// Never these families.
    pub deny_families: Vec<String>,
    /// Alternatives shown.
    pub top: u32,
}

impl Workload {
    /// Data size in decimal GB.
    pub fn data_size_gb(&self) -> f64 {
        self.data_size_bytes as f64 / 1e9
    }

    /// Parameters a token runs through: a mixture of experts' active ones, else all of them.
    pub fn active_params(&self) -> Option<f64> {
        self.model
            .as_ref()
            .map(|m| m.active_params)
            .or(self.model_params.map(|p| p as f64))
    }
}

impl RawWorkload {
    /// Check the request without the catalog: a workload and a data size are given, one job
    /// length at most, and every field given applies to the workload. Messages name fields
    /// as `naming` says.
    pub fn check(&self, naming: Naming) -> Result<(), FieldError> {
        let err = |field: &'static str, message: String| Err(FieldError { field, message });
        let n = |key: &str| naming.field(key);
        let Some(kind) = self.workload else {
            return err("workload", format!("missing {}", n("workload")));
        };
        if self.data_size.is_none() {
            return err("data-size", format!("missing {}", n("data-size")));
        }
        self.exclusive(naming)?;
        self.peak(kind, naming)?;
        self.training_precision(kind, naming)?;
        let streaming = kind == WorkloadKind::Streaming;
        let streaming_fields = [
            ("events-per-sec", self.events_per_sec.is_some()),
            ("event-size", self.event_size.is_some()),
            ("retention-hours", self.retention_hours.is_some()),
        ];
        if !streaming {
            if let Some((field, _)) = streaming_fields.iter().find(|(_, given)| *given) {
                return err(
                    field,
                    format!(
                        "{} applies to {}, not {kind}",
                        n(field),
                        naming.workload("streaming")
                    ),
                );
            }
        } else {
            for (field, given) in &streaming_fields[..2] {
                if !given {
                    let example = match naming {
                        Naming::Flags => "--events-per-sec 5000 --event-size 1KB",
                        Naming::Keys => "events-per-sec = 5000, event-size = \"1KB\"",
                    };
                    return err(
                        field,
                        format!(
                            "{} needs {} (e.g. {example})",
                            naming.workload("streaming"),
                            n(field)
                        ),
                    );
                }
            }
        }
        let etl = kind == WorkloadKind::Etl;
        if !etl && self.max_job_hours.is_some() {
            return err(
                "max-job-hours",
                format!(
                    "{} applies to {}, not {kind}",
                    n("max-job-hours"),
                    naming.workload("etl")
                ),
            );
        }
        if self.schedule.is_some() && !etl && !kind.is_job() {
            let jobs = match naming {
                Naming::Flags => "--workload training, batch-inference, etl",
                Naming::Keys => "workload `training`, `batch-inference`, `etl`",
            };
            return err(
                "schedule",
                format!("{} applies to jobs ({jobs}), not {kind}", n("schedule")),
            );
        }
        if self.hours_per_month.is_some() {
            let with_schedule = format!(
                "with {}, its month is the runs of the schedule",
                n("schedule")
            );
            let why = match kind {
                WorkloadKind::Etl => Some(format!("its month is the runs of {}", n("schedule"))),
                WorkloadKind::Streaming => Some("a stream is priced for the whole month".into()),
                _ if self.schedule.is_some() => Some(with_schedule),
                _ => None,
            };
            if let Some(why) = why {
                return err(
                    "hours-per-month",
                    format!(
                        "{} does not apply to {}: {why}",
                        n("hours-per-month"),
                        naming.workload(kind.id())
                    ),
                );
            }
        }
        let schedule = self.schedule(kind);
        // a scheduled job must end before the next run starts
        let fits = |field: &'static str, hours: Option<f64>| match (schedule, hours) {
            (Some(s), Some(h)) => match s.period_exceeded_by(h) {
                Some(p) => err(
                    field,
                    format!(
                        "{} {h} is longer than the {s} schedule allows ({p} h between runs)",
                        n(field)
                    ),
                ),
                None => Ok(()),
            },
            _ => Ok(()),
        };
        fits("max-job-hours", self.max_job_hours(kind))?;
        if kind.is_job() {
            fits("deadline-hours", self.deadline_hours)?;
            fits("job-hours", self.job_hours)?;
        }
        Ok(())
    }

    /// `--precision int8`/`int4` serve quantized weights; no training computes in them.
    fn training_precision(&self, kind: WorkloadKind, naming: Naming) -> Result<(), FieldError> {
        let err = |field: &'static str, message: String| Err(FieldError { field, message });
        let n = |key: &str| naming.field(key);
        if let (WorkloadKind::Training, Some(p @ (Precision::Int8 | Precision::Int4))) =
            (kind, self.precision)
        {
            err(
                "precision",
                format!(
                    "{} {p} is a serving precision: training computes in fp32, bf16, fp16 or \
                     fp8 (QLoRA's 4-bit base weights: {})",
                    n("precision"),
                    match naming {
                        Naming::Flags => "--method qlora",
                        Naming::Keys => "method = \"qlora\"",
                    }
                ),
            )
        } else {
            Ok(())
        }
    }

    /// `--peak-rps`: real-time only, and at least the average `--rps`.
    fn peak(&self, kind: WorkloadKind, naming: Naming) -> Result<(), FieldError> {
        let err = |field: &'static str, message: String| Err(FieldError { field, message });
        let n = |key: &str| naming.field(key);
        if let Some(peak) = self.peak_rps {
            if kind != WorkloadKind::RealtimeInference {
                return err(
                    "peak-rps",
                    format!(
                        "{} applies to {}, not {kind}",
                        n("peak-rps"),
                        naming.workload("realtime-inference")
                    ),
                );
            }
            let average = self.rps.unwrap_or(defaults::RPS);
            if peak < average {
                return err(
                    "peak-rps",
                    format!(
                        "{} {peak} is below {} {average}, the average",
                        n("peak-rps"),
                        n("rps")
                    ),
                );
            }
            if peak > average && self.traffic == Some(Traffic::Steady) {
                return err(
                    "traffic",
                    format!(
                        "{} steady cannot be used with {} {peak} above {} {average}: a peak \
                         above the average is spiky traffic (drop {})",
                        n("traffic"),
                        n("peak-rps"),
                        n("rps"),
                        n("traffic")
                    ),
                );
            }
        }
        Ok(())
    }

    /// Fields that exclude each other: `--model` and `--model-params`; `--tokens`, `--epochs`
    /// and `--job-hours`.
    fn exclusive(&self, naming: Naming) -> Result<(), FieldError> {
        let err = |field: &'static str, message: String| Err(FieldError { field, message });
        let n = |key: &str| naming.field(key);
        if self.model.is_some() && self.model_params.is_some() {
            return err(
                "model-params",
                format!(
                    "{} cannot be used with {} (the model sets its parameters)",
                    n("model-params"),
                    n("model")
                ),
            );
        }
        let lengths: Vec<&'static str> = [
            ("tokens", self.tokens.is_some()),
            ("epochs", self.epochs.is_some()),
            ("job-hours", self.job_hours.is_some()),
        ]
        .into_iter()
        .filter_map(|(k, given)| given.then_some(k))
        .collect();
        if let [first, second, ..] = lengths[..] {
            return err(
                second,
                format!("{} cannot be used with {}", n(second), n(first)),
            );
        }
        Ok(())
    }

    /// The schedule: ETL's default when none is given.
    fn schedule(&self, kind: WorkloadKind) -> Option<Schedule> {
        if kind == WorkloadKind::Etl {
            Some(self.schedule.unwrap_or(defaults::SCHEDULE))
        } else {
            self.schedule
        }
    }

    /// Hours one ETL run may take (ETL only).
    fn max_job_hours(&self, kind: WorkloadKind) -> Option<f64> {
        (kind == WorkloadKind::Etl).then(|| self.max_job_hours.unwrap_or(defaults::MAX_JOB_HOURS))
    }

    /// [`RawWorkload::check`] naming command-line flags (a usage error, exit 2), then
    /// [`RawWorkload::resolve`].
    pub fn normalize(&self, catalog: &Catalog) -> Result<Workload, Error> {
        self.check(Naming::Flags)
            .map_err(|e| Error::Usage(e.message))?;
        self.resolve(catalog)
    }

    /// Check names against the catalog and make every default explicit. Call after
    /// [`RawWorkload::check`]: a request it refuses is resolved as best it can be.
    pub fn resolve(&self, catalog: &Catalog) -> Result<Workload, Error> {
        let kind = self.workload.unwrap_or(WorkloadKind::Training);
        let region = catalog
            .require_region(self.region.as_deref().unwrap_or(defaults::REGION))?
            .code
            .clone();
        let families = |names: &[String]| -> Result<Vec<String>, Error> {
            let mut out: Vec<String> = names
                .iter()
                .map(|f| catalog.require_family(f))
                .collect::<Result<_, _>>()?;
            out.sort();
            out.dedup();
            Ok(out)
        };
        let allow_families = families(&self.allow_family)?;
        let deny_families = families(&self.deny_family)?;
        let (tokens, epochs, job_hours) = match (self.tokens, self.epochs, self.job_hours) {
            (Some(t), _, _) => (Some(t), None, None),
            (_, Some(e), _) => (None, Some(e), None),
            (_, _, Some(h)) => (None, None, Some(h)),
            _ if kind == WorkloadKind::Training => (None, Some(1.0), None),
            _ => (None, None, None),
        };
        let streaming = kind == WorkloadKind::Streaming;
        let schedule = self.schedule(kind);
        let max_job_hours = self.max_job_hours(kind);
        // a training or batch job: the period is the batch deadline's default when shorter
        // than a day
        let job_period = schedule
            .filter(|_| kind.is_job())
            .and_then(Schedule::period_hours);
        let default_deadline = match kind {
            WorkloadKind::Training => defaults::TRAINING_DEADLINE_HOURS,
            _ => defaults::DEADLINE_HOURS,
        };
        let deadline_hours = self
            .deadline_hours
            .unwrap_or(job_period.map_or(default_deadline, |p| default_deadline.min(p)));
        let (hours_per_month, hours_per_month_basis) =
            hours_per_month(self.hours_per_month, kind, schedule);
        let serving =
            kind == WorkloadKind::RealtimeInference || kind == WorkloadKind::BatchInference;
        let Served {
            model,
            context_tokens,
            output_tokens,
            latency_ms,
            latency_ms_basis,
        } = self.served(catalog)?;
        let precision = self.precision(serving, model.as_ref())?;
        Ok(Workload {
            workload: kind,
            data_size_bytes: self.data_size.unwrap_or(0),
            region,
            region_basis: match (&self.region, self.region_from) {
                (Some(_), Some(var)) => var,
                (Some(_), None) => "given",
                (None, _) => "default",
            },
            hours_per_month,
            hours_per_month_basis,
            commitment: self.commitment.unwrap_or(Commitment::None),
            interruptible: self.interruptible,
            // a peak above the average is spiky traffic
            traffic: self.traffic.unwrap_or(
                if self
                    .peak_rps
                    .is_some_and(|p| p > self.rps.unwrap_or(defaults::RPS))
                {
                    Traffic::Spiky
                } else {
                    Traffic::Steady
                },
            ),
            shared_dataset: self.shared_dataset,
            model_params: model.as_ref().map(|m| m.params.round() as u64),
            model,
            precision,
            precision_given: self.precision.is_some(),
            method: self.method.unwrap_or(Method::Full),
            tokens,
            global_batch_tokens: self.global_batch_tokens,
            epochs,
            job_hours,
            max_gpus: self.max_gpus,
            rps: self.rps.unwrap_or(defaults::RPS),
            peak_rps: self.peak_rps,
            latency_ms,
            latency_ms_basis,
            context_tokens,
            output_tokens,
            output_tokens_default: self.output_tokens.is_none(),
            items: self.items,
            deadline_hours,
            max_monthly_usd: self.max_monthly_usd,
            max_job_usd: self.max_job_usd,
            query_tb_per_month: self.query_tb_per_month,
            events_per_sec: self.events_per_sec,
            event_size_bytes: self.event_size,
            retention_hours: streaming
                .then(|| self.retention_hours.unwrap_or(defaults::RETENTION_HOURS)),
            schedule,
            max_job_hours,
            allow_families,
            deny_families,
            top: self.top.unwrap_or(defaults::TOP),
        })
    }
}

/// Tokens generated per request: as given, else the default for the model (a decoder generates
/// [`defaults::GENERATED_TOKENS`], an encoder scores). An encoder asked to generate, or a
/// request longer than the model's context, is a usage error.
fn output_tokens(
    given: Option<u64>,
    model: Option<&ModelShape>,
    context_tokens: u64,
) -> Result<u64, Error> {
    let encoder = model.is_some_and(|m| m.kind == ModelKind::Encoder);
    let tokens = match given {
        Some(t) if encoder && t > 1 => {
            return Err(Error::Usage(format!(
                "--output-tokens {t}: {} is an encoder, it scores its input in one pass and \
                 generates nothing (drop --output-tokens, or name a decoder with --model)",
                model.map_or("the model", |m| m.id.as_str())
            )))
        }
        Some(t) => t,
        // without a model nothing is served: nothing generates
        None if encoder || model.is_none() => defaults::SCORED_TOKENS,
        None => defaults::GENERATED_TOKENS,
    };
    if let Some((m, limit)) = model.and_then(|m| m.context.map(|c| (m, c))) {
        let total = context_tokens.saturating_add(if encoder { 0 } else { tokens });
        if total > limit {
            return Err(Error::Usage(format!(
                "{total} tokens per request (--context-tokens {context_tokens}{}) exceed {}'s \
                 context of {limit} tokens",
                if encoder {
                    String::new()
                } else {
                    format!(" + --output-tokens {tokens}")
                },
                m.id
            )));
        }
    }
    Ok(tokens)
}

/// What serving needs of the request, resolved: the model, the tokens and the latency target.
struct Served {
    model: Option<ModelShape>,
    context_tokens: u64,
    output_tokens: u64,
    latency_ms: f64,
    latency_ms_basis: &'static str,
}

impl RawWorkload {
    /// The precision: given, else fp16 to serve and bf16 to train; a model that cannot run in
    /// fp16 (Gemma 2: vLLM refuses it for numerical instability) serves in bf16, and asking
    /// for fp16 with it is a usage error.
    fn precision(&self, serving: bool, model: Option<&ModelShape>) -> Result<Precision, Error> {
        let fp16_ok = model.is_none_or(|m| m.fp16);
        match self.precision {
            Some(Precision::Fp16) if !fp16_ok => Err(Error::Usage(format!(
                "--precision fp16: {} does not run in fp16 (numerically unstable; vLLM refuses \
                 it): use bf16 or fp32",
                model.map_or("the model", |m| m.id.as_str())
            ))),
            Some(p) => Ok(p),
            None if serving && fp16_ok => Ok(Precision::Fp16),
            None => Ok(Precision::Bf16),
        }
    }

    /// The model (`--model`, or the default shape of `--model-params`), the tokens of a request
    /// and its latency target: given, else 200 ms to score, else the catalog's interactive
    /// generation level (`generation-ttft-ms` + tokens × `generation-tpot-ms`).
    fn served(&self, catalog: &Catalog) -> Result<Served, Error> {
        let model = match (&self.model, self.model_params) {
            (Some(name), _) => Some(catalog.require_model(name)?.clone()),
            (None, Some(p)) => Some(catalog.default_model(p as f64)),
            (None, None) => None,
        };
        let context_tokens = self.context_tokens.unwrap_or(defaults::CONTEXT_TOKENS);
        let output_tokens = output_tokens(self.output_tokens, model.as_ref(), context_tokens)?;
        let level = |id: &str| catalog.coefficient(id).map(|c| c.value);
        let (latency_ms, latency_ms_basis) = match (
            self.latency_ms,
            level(GENERATION_TTFT),
            level(GENERATION_TPOT),
        ) {
            (Some(ms), _, _) => (ms, "given"),
            (None, Some(ttft), Some(tpot)) if output_tokens > 1 => {
                (ttft + (output_tokens - 1) as f64 * tpot, "generation")
            }
            _ => (defaults::LATENCY_MS, "default"),
        };
        Ok(Served {
            model,
            context_tokens,
            output_tokens,
            latency_ms,
            latency_ms_basis,
        })
    }
}

/// The coefficient with the time to a generated request's first token.
pub const GENERATION_TTFT: &str = "generation-ttft-ms";

/// The coefficient with the time per generated token after the first.
pub const GENERATION_TPOT: &str = "generation-tpot-ms";

/// Hours per month and where they come from: given, the workload's default, or none (a job:
/// its hours, or its schedule's runs).
fn hours_per_month(
    given: Option<f64>,
    kind: WorkloadKind,
    schedule: Option<Schedule>,
) -> (Option<f64>, &'static str) {
    match (given, kind) {
        (Some(h), _) => (Some(h), "given"),
        (None, WorkloadKind::Exploration) => {
            (Some(defaults::EXPLORATION_HOURS_PER_MONTH), "default")
        }
        (None, WorkloadKind::RealtimeInference | WorkloadKind::Streaming) => {
            (Some(defaults::ALWAYS_ON_HOURS_PER_MONTH), "default")
        }
        (None, WorkloadKind::Etl) => (None, "schedule"),
        (None, _) if schedule.is_some() => (None, "schedule"),
        (None, _) => (None, "job"),
    }
}
