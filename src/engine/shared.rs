//! Small helpers the engine's parts share.

use crate::workload::Workload;

pub(crate) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// What `--deny-family` and `--allow-family` say of a family: Err((reason, denied)), denied
/// true for `--deny-family`.
pub(super) fn family_flags(w: &Workload, family: &str) -> Result<(), (String, bool)> {
    if w.deny_families.iter().any(|f| f == family) {
        return Err((format!("family {family} denied by --deny-family"), true));
    }
    if !w.allow_families.is_empty() && !w.allow_families.iter().any(|f| f == family) {
        return Err((format!("family {family} not in --allow-family"), false));
    }
    Ok(())
}
