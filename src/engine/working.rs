//! Where a training job reads its dataset from, per option: the plan's volume while the dataset
//! fits one and the volume keeps up with the reads; beyond, the instance's local NVMe, the
//! shared file system (FSx for Lustre) or S3 itself, whichever reads fastest.

use super::shared::round2;
use crate::answer::recommend::StorageItem;
use crate::catalog::{Catalog, InstanceType, StorageRole};
use crate::sizing::{Coefficients, GIB, MIB, TIB};

/// The storage class id of an instance's local NVMe (instance store) in a storage plan.
pub const INSTANCE_NVME: &str = "instance-nvme";

/// The storage class id of "no working copy: read from S3" in an option's sizing.
pub const S3_DIRECT: &str = "s3-direct";

/// The places a working copy can live, from the storage plan and the catalog.
#[derive(Debug, Clone, Default)]
pub(super) struct Places {
    /// The plan's working-copy volume.
    volume: Option<Volume>,
    /// A shared file system whose throughput scales with its size.
    shared: Option<Shared>,
    /// Local NVMe read throughput per TB of it, bytes/s (`instance-nvme-read-gb-per-s-per-tb`).
    nvme_per_tb: Option<f64>,
    /// The most one instance reads from S3, GB/s (`s3-read-gb-per-s-per-instance`).
    s3_max_gb: Option<f64>,
}

#[derive(Debug, Clone)]
struct Volume {
    id: String,
    name: String,
    /// Maximum throughput, bytes/s (None: not in the catalog).
    max_rate: Option<f64>,
    /// Largest volume, bytes (None: not in the catalog).
    max_bytes: Option<f64>,
    /// Whether each job creates it and fills it from S3.
    per_job: bool,
}

#[derive(Debug, Clone)]
struct Shared {
    id: String,
    name: String,
    /// MB/s per TiB.
    mb_per_s_per_tib: f64,
}

/// Where one option's working copy lives.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Choice {
    /// The plan's volume, [`INSTANCE_NVME`], the shared class's id or [`S3_DIRECT`].
    pub id: String,
    /// Whether it is the plan's own volume.
    pub planned: bool,
    /// Read throughput per instance, bytes/s (None: unknown, not a limit).
    pub read: Option<f64>,
    /// Whether each job copies the dataset onto it before its first step.
    pub staged: bool,
    /// Its name, for the staging reason.
    pub name: String,
    /// What it is and how fast it reads, for the reasons.
    pub what: String,
    /// Why it is not the plan's volume.
    pub why: Option<String>,
}

impl Places {
    /// The places of a plan's working copy (none when the plan has no working copy).
    pub(super) fn of(catalog: &Catalog, c: &Coefficients, storage: &[StorageItem]) -> Places {
        let volume = storage
            .iter()
            .find(|s| s.role == StorageRole::WorkingCopy)
            .and_then(|s| {
                let class = catalog.storage_class(&s.storage_class)?;
                Some(Volume {
                    id: class.id.clone(),
                    name: class.name.clone(),
                    max_rate: class.max_throughput_mib_per_s.map(|m| f64::from(m) * MIB),
                    max_bytes: class.max_size_gib.map(|g| f64::from(g) * GIB),
                    per_job: s.per_job,
                })
            });
        let shared = catalog.storage_classes().iter().find_map(|s| {
            Some(Shared {
                id: s.id.clone(),
                name: s.name.clone(),
                mb_per_s_per_tib: f64::from(s.throughput_mb_per_s_per_tib?),
            })
        });
        Places {
            volume,
            shared,
            nvme_per_tb: c.nvme_gb_per_s_per_tb.map(|g| g * 1e9),
            s3_max_gb: c.s3_read_gb_per_s,
        }
    }

    /// How fast `t` reads from S3, bytes/s.
    fn s3_rate(&self, t: &InstanceType) -> f64 {
        crate::sizing::s3_rate(self.s3_max_gb, t.network_gbps).0
    }

    /// How fast `t` reads from S3, bytes/s, and what limits it: the instance's network, or the
    /// most one instance was measured to read (`s3-read-gb-per-s-per-instance`).
    pub(super) fn s3_read(&self, t: &InstanceType) -> (f64, String) {
        let (rate, by_network) = crate::sizing::s3_rate(self.s3_max_gb, t.network_gbps);
        let limit = if by_network {
            format!("the instance's {} Gbps network", t.network_gbps)
        } else {
            format!(
                "the most one instance reads from S3, s3-read-gb-per-s-per-instance, an \
                 estimate; its network is {} Gbps",
                t.network_gbps
            )
        };
        (rate, limit)
    }

    /// Where `t` reads a dataset of `bytes`, `epochs` times, that its accelerators consume at
    /// `need` bytes/s (None: the reads are not a limit). A plan whose working copy is shared (a
    /// file system several jobs use) keeps it while it keeps up. Otherwise the hours decide:
    /// streaming from S3 (no copy), the instance's NVMe or the plan's volume (each filled from
    /// S3 first) when the dataset fits them, or the shared file system, each read at the slower
    /// of its throughput and the accelerators' pace; the least total wins, and on a tie the one
    /// that costs least (S3, NVMe, volume, file system). None without a working copy.
    pub(super) fn choose(
        &self,
        t: &InstanceType,
        bytes: f64,
        (need, epochs): (Option<f64>, f64),
        explain: bool,
    ) -> Option<Choice> {
        let volume = self.volume.as_ref()?;
        let fits = volume.max_bytes.is_none_or(|m| bytes <= m);
        let planned = volume.choice(explain);
        let keeps = |c: &Choice| match (need, c.read) {
            (Some(n), Some(r)) => r >= n,
            _ => true,
        };
        if !volume.per_job && fits && keeps(&planned) {
            return Some(planned);
        }
        let s3_rate = self.s3_rate(t);
        // hours to read the data `epochs` times from `c`, after filling it from S3 if staged
        let hours = |c: &Choice| {
            let read = c.read.unwrap_or(f64::INFINITY);
            let pace = need.map_or(read, |n| read.min(n));
            let reading = if need.is_some() {
                epochs * bytes / pace
            } else {
                0.0
            };
            let staging = if c.staged {
                bytes / read.min(s3_rate)
            } else {
                0.0
            };
            (staging + reading) / 3600.0
        };
        let mut options: Vec<Choice> = Vec::new();
        options.extend(self.s3(t, explain));
        options.extend(self.nvme(t, bytes, explain));
        if fits {
            options.push(planned.clone());
        }
        options.extend(self.shared(t, bytes, explain));
        let mut best =
            options.iter().cloned().reduce(
                |a, b| {
                    if hours(&b) < hours(&a) * 0.995 {
                        b
                    } else {
                        a
                    }
                },
            )?;
        if best.planned || !explain {
            return Some(best);
        }
        let h = hours(&best);
        let alternative = options
            .iter()
            .filter(|o| o.id != best.id)
            .min_by(|a, b| hours(a).total_cmp(&hours(b)));
        let limit = if !fits {
            format!(
                "the {} GB dataset exceeds one {} ({} GiB at most)",
                round2(bytes / 1e9),
                volume.name,
                round2(volume.max_bytes.unwrap_or(0.0) / GIB)
            )
        } else if !best.staged && keeps(&best) {
            format!(
                "{}, so no copy is staged (the data in large shards: WebDataset tar files, Mosaic \
                 StreamingDataset, Parquet row groups)",
                need.map_or(
                    "the job reads its tokens far slower than S3 delivers them".to_string(),
                    |n| format!("it keeps up with the reads ({} MiB/s)", round2(n / MIB))
                )
            )
        } else {
            match alternative {
                Some(o) => format!(
                    "{} h of {}reading, against {} h {}on {}",
                    round2(h),
                    if best.staged { "staging and " } else { "" },
                    round2(hours(o)),
                    if o.staged {
                        "staging and reading "
                    } else {
                        "reading "
                    },
                    o.name
                ),
                None => "nothing else holds it".into(),
            }
        };
        best.why = Some(format!("the dataset is read from {}: {limit}", best.what));
        Some(best)
    }

    /// The instance's local NVMe, when the dataset fits it and the catalog has its throughput.
    fn nvme(&self, t: &InstanceType, bytes: f64, explain: bool) -> Option<Choice> {
        let (per_tb, nvme) = (self.nvme_per_tb?, t.local_nvme_gb?);
        if f64::from(nvme) < bytes / 1e9 {
            return None;
        }
        let rate = per_tb * f64::from(nvme) / 1000.0;
        Some(Choice {
            id: INSTANCE_NVME.into(),
            planned: false,
            read: Some(rate),
            staged: true,
            name: text(explain, || {
                format!("the instance's {nvme} GB of local NVMe")
            }),
            what: text(explain, || {
                format!(
                    "the instance's {nvme} GB of local NVMe at about {} GB/s \
                     (instance-nvme-read-gb-per-s-per-tb, an estimate)",
                    round2(rate / 1e9)
                )
            }),
            why: None,
        })
    }

    /// S3 itself, streamed without a working copy.
    fn s3(&self, t: &InstanceType, explain: bool) -> Option<Choice> {
        let s3 = self.s3_rate(t);
        (s3 > 0.0).then(|| Choice {
            id: S3_DIRECT.into(),
            planned: false,
            read: Some(s3),
            staged: false,
            name: "S3".into(),
            what: text(explain, || {
                format!(
                    "S3 itself, streamed at {} MiB/s ({}; no working copy)",
                    round2(s3 / MIB),
                    self.s3_read(t).1
                )
            }),
            why: None,
        })
    }

    /// The shared file system sized to the dataset, as far as the instance's network carries
    /// its throughput.
    fn shared(&self, t: &InstanceType, bytes: f64, explain: bool) -> Option<Choice> {
        let shared = self.shared.as_ref()?;
        let network = t.network_gbps * 1e9 / 8.0;
        let full = shared.mb_per_s_per_tib * 1e6 * bytes / TIB;
        let rate = full.min(network);
        Some(Choice {
            id: shared.id.clone(),
            planned: false,
            read: Some(rate),
            // linked to the bucket, it loads the data from S3 on first read
            staged: true,
            name: shared.name.clone(),
            what: text(explain, || {
                format!(
                    "{}, {} MB/s for {} TiB at {} MiB/s, linked to the S3 bucket",
                    shared.name,
                    round2(full / 1e6),
                    round2(bytes / TIB),
                    round2(rate / MIB)
                )
            }),
            why: None,
        })
    }
}

impl Volume {
    /// The plan's volume as a choice.
    fn choice(&self, explain: bool) -> Choice {
        Choice {
            id: self.id.clone(),
            planned: true,
            read: self.max_rate,
            staged: self.per_job,
            name: self.name.clone(),
            what: text(explain, || {
                format!(
                    "{}{}",
                    self.name,
                    self.max_rate.map_or(String::new(), |r| format!(
                        " at its {} MiB/s maximum",
                        round2(r / MIB)
                    ))
                )
            }),
            why: None,
        }
    }
}

/// `make()` when explaining, else nothing: the ranking pass over every candidate writes no
/// text.
fn text(explain: bool, make: impl FnOnce() -> String) -> String {
    if explain {
        make()
    } else {
        String::new()
    }
}
