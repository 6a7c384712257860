//! Shared words: the closed sets a workload is described with (workload kinds, commitments,
//! traffic, schedules, precisions, methods), the coefficient ids the engine requires, and
//! `HOURS_PER_MONTH`. A leaf: it imports nothing from the crate, so the catalog, the request and
//! the engine can all use it.

use std::fmt;

use serde::Serialize;

/// Hours in an average month (8,760 / 12); a commitment bills all of them.
pub const HOURS_PER_MONTH: f64 = 730.0;

/// Coefficient ids the engine reads; a catalog must define them (validation checks).
pub const REQUIRED_COEFFICIENTS: &[&str] = &[
    "exploration-working-set-factor",
    "full-training-bytes-per-param",
    "lora-trainable-fraction",
    "lora-time-factor",
    "framework-overhead-gb",
    "memory-usable-fraction",
    "activation-seq-len",
    "model-aspect-ratio",
    "bytes-per-token",
    "checkpoint-bytes-per-param",
    "default-kv-heads",
    "default-head-dim",
    "decode-bandwidth-efficiency",
    "serving-target-utilization",
    "spot-interruptions-per-month-lt5",
    "spot-interruptions-per-month-5-10",
    "spot-interruptions-per-month-10-15",
    "spot-interruptions-per-month-15-20",
    "spot-interruptions-per-month-gt20",
    "mfu-default",
    "athena-columnar-scan-fraction",
];

macro_rules! id_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $id:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize, schemars::JsonSchema)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $id)] $variant),+
        }

        impl $name {
            /// Every value's id, in declaration order.
            pub const IDS: &'static [&'static str] = &[$($id),+];
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable kebab-case id.
            pub fn id(self) -> &'static str {
                match self { $($name::$variant => $id),+ }
            }

            /// Parse an id.
            pub fn from_id(id: &str) -> Option<$name> {
                match id { $($id => Some($name::$variant),)+ _ => None }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.id())
            }
        }
    };
}

id_enum! {
    /// What the job is.
    WorkloadKind {
        /// Interactive data exploration (notebooks).
        Exploration = "exploration",
        /// Model training or fine-tuning.
        Training = "training",
        /// Offline scoring of a batch of items.
        BatchInference = "batch-inference",
        /// An online endpoint answering requests.
        RealtimeInference = "realtime-inference",
        /// Batch data processing (ETL, feature engineering) with Spark: Glue, EMR, EMR Serverless.
        Etl = "etl",
        /// Ingesting an event stream (Kinesis, MSK) into the data lake.
        Streaming = "streaming",
    }
}

impl WorkloadKind {
    /// Accepted aliases (`train`, `serving`, ...) and their workload.
    pub const ALIASES: &'static [(&'static str, WorkloadKind)] = &[
        ("explore", WorkloadKind::Exploration),
        ("train", WorkloadKind::Training),
        ("batch", WorkloadKind::BatchInference),
        ("realtime", WorkloadKind::RealtimeInference),
        ("serving", WorkloadKind::RealtimeInference),
        ("data-processing", WorkloadKind::Etl),
    ];

    /// A workload by its id or one of its aliases (already lowercase).
    pub fn from_name(name: &str) -> Option<WorkloadKind> {
        WorkloadKind::from_id(name).or_else(|| {
            WorkloadKind::ALIASES
                .iter()
                .find(|(a, _)| *a == name)
                .map(|(_, k)| *k)
        })
    }

    /// Whether the workload is a job with a length (training, batch) rather than a service.
    pub fn is_job(self) -> bool {
        matches!(self, WorkloadKind::Training | WorkloadKind::BatchInference)
    }
}

id_enum! {
    /// Whether a term commitment is acceptable.
    Commitment {
        /// Pay as you go only.
        None = "none",
        /// A 1-year commitment is fine.
        OneYear = "1yr",
        /// A 3-year commitment is fine.
        ThreeYears = "3yr",
    }
}

id_enum! {
    /// Which statistic of a metric's samples stands for its peak (`rightsize --stat`).
    Stat {
        /// The 95th percentile (nearest rank): a peak that recurs, not a one-off spike.
        P95 = "p95",
        /// The 99th percentile.
        P99 = "p99",
        /// The largest sample.
        Max = "max",
    }
}

id_enum! {
    /// What a right-sized type keeps of the running one (`rightsize --keep`).
    Keep {
        /// EFA networking.
        Efa = "efa",
        /// Local NVMe instance storage.
        Nvme = "nvme",
        /// The accelerator model (no kernels or numerics to validate again).
        Accelerator = "accelerator",
    }
}

id_enum! {
    /// Shape of real-time traffic.
    Traffic {
        /// Predictable, around the clock.
        Steady = "steady",
        /// Bursty or unpredictable.
        Spiky = "spiky",
    }
}

id_enum! {
    /// How often an ETL job runs.
    Schedule {
        /// A single run.
        Once = "once",
        /// Every hour.
        Hourly = "hourly",
        /// Every day.
        Daily = "daily",
        /// Every week.
        Weekly = "weekly",
    }
}

impl Schedule {
    /// Runs in a month of 730 hours.
    pub fn runs_per_month(self) -> f64 {
        match self {
            Schedule::Once => 1.0,
            Schedule::Hourly => 730.0,
            Schedule::Daily => 730.0 / 24.0,
            Schedule::Weekly => 730.0 / 168.0,
        }
    }

    /// The hours between two runs when a job of `hours` does not fit in them (None: it fits,
    /// or the job runs once).
    pub fn period_exceeded_by(self, hours: f64) -> Option<f64> {
        self.period_hours().filter(|p| hours > *p)
    }

    /// Hours between two runs (None for a single run).
    pub fn period_hours(self) -> Option<f64> {
        match self {
            Schedule::Once => None,
            Schedule::Hourly => Some(1.0),
            Schedule::Daily => Some(24.0),
            Schedule::Weekly => Some(168.0),
        }
    }
}

id_enum! {
    /// Numeric precision of training or serving.
    Precision {
        /// 32-bit float.
        Fp32 = "fp32",
        /// bfloat16.
        Bf16 = "bf16",
        /// float16.
        Fp16 = "fp16",
        /// 8-bit float.
        Fp8 = "fp8",
        /// 8-bit integer.
        Int8 = "int8",
        /// 4-bit integer.
        Int4 = "int4",
    }
}

id_enum! {
    /// Training method.
    Method {
        /// Full fine-tuning or pre-training.
        Full = "full",
        /// LoRA adapters on a frozen base.
        Lora = "lora",
        /// LoRA on a 4-bit quantized base.
        Qlora = "qlora",
    }
}

id_enum! {
    /// How an instance is paid for (SPEC §5's pricing-model ids).
    PricingModelId {
        /// Pay by the second, no commitment.
        OnDemand = "on-demand",
        /// Spare capacity at a discount, reclaimed with a 2-minute notice.
        Spot = "spot",
        /// A 1-year reserved instance.
        Reserved1yr = "reserved-1yr",
        /// A 3-year reserved instance.
        Reserved3yr = "reserved-3yr",
        /// A 1-year compute savings plan.
        SavingsPlan1yr = "savings-plan-1yr",
        /// A 3-year compute savings plan.
        SavingsPlan3yr = "savings-plan-3yr",
    }
}

impl PricingModelId {
    /// Whether it bills every hour of a term, used or not.
    pub fn is_commitment(self) -> bool {
        !matches!(self, PricingModelId::OnDemand | PricingModelId::Spot)
    }
}
