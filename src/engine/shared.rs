//! Small helpers the engine's parts share.

use crate::answer::recommend::{CatalogGap, GapKind};
use crate::answer::recommend::{Rejection, RejectionKind};
use crate::workload::Workload;

/// What an answer says besides its options, collected while it is worked out: warnings,
/// assumptions and advice, each in the order found.
#[derive(Debug, Default)]
pub(super) struct Notes {
    pub(super) warnings: Vec<String>,
    pub(super) assumptions: Vec<String>,
    pub(super) advice: Vec<String>,
    pub(super) gaps: Vec<crate::answer::recommend::CatalogGap>,
}

impl Notes {
    /// Services without a price in `region` whose us-east-1 prices stand in: a gap, said
    /// first.
    pub(super) fn service_gap(&mut self, region: &str, services: Vec<String>) {
        self.borrowed_gap(GapKind::Services, region, services);
    }

    /// Storage classes without a price in `region` whose us-east-1 prices stand in.
    pub(super) fn storage_gap(&mut self, region: &str, classes: Vec<String>) {
        self.borrowed_gap(GapKind::Storage, region, classes);
    }

    fn borrowed_gap(&mut self, kind: GapKind, region: &str, mut unpriced: Vec<String>) {
        // one gap a kind: streaming and Athena both add services
        if let Some(i) = self.gaps.iter().position(|g| g.kind == kind) {
            unpriced.extend(self.gaps.remove(i).unpriced);
        }
        unpriced.sort();
        unpriced.dedup();
        let (what, table) = match kind {
            GapKind::Storage => ("storage", "[[storage-class]]"),
            _ => ("service", "[[service-price]]"),
        };
        let message = format!(
            "no {region} {what} price for {}: their us-east-1 prices are used, marked estimated \
             (*); a catalog with {region} prices in its {table} entries (`--catalog`, \
             docs/catalog-format.md) fills the gap",
            unpriced.join(", ")
        );
        self.gaps.push(CatalogGap {
            kind,
            region: region.to_string(),
            unpriced,
            message,
        });
    }
}

/// Why an option is left out: the reason shown, and its kind.
#[derive(Debug, Clone)]
pub(super) struct Reject {
    pub(super) kind: RejectionKind,
    pub(super) reason: String,
}

impl Reject {
    pub(super) fn new(kind: RejectionKind, reason: String) -> Reject {
        Reject { kind, reason }
    }

    /// The rejection of `instance_type`.
    pub(super) fn of(self, instance_type: &str) -> Rejection {
        Rejection {
            instance_type: instance_type.to_string(),
            reason: self.reason,
            kind: self.kind,
        }
    }
}

impl From<String> for Reject {
    fn from(reason: String) -> Reject {
        Reject::new(RejectionKind::Other, reason)
    }
}

pub(crate) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// What `--deny-family` and `--allow-family` say of a family.
pub(super) fn family_flags(w: &Workload, family: &str) -> Result<(), Reject> {
    if w.deny_families.iter().any(|f| f == family) {
        return Err(Reject::new(
            RejectionKind::DeniedFamily,
            format!("family {family} denied by --deny-family"),
        ));
    }
    if !w.allow_families.is_empty() && !w.allow_families.iter().any(|f| f == family) {
        return Err(Reject::new(
            RejectionKind::NotAllowedFamily,
            format!("family {family} not in --allow-family"),
        ));
    }
    Ok(())
}
