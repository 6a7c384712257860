//! Value parsers for the command-line flags of [`super::RawWorkload`] (feature `cli`).

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

use crate::vocab::WorkloadKind;

/// A value parser for a closed set of ids.
pub fn choice<T: Copy + Send + Sync + 'static>(
    ids: &'static [&'static str],
    all: &'static [T],
) -> impl TypedValueParser<Value = T> {
    PossibleValuesParser::new(ids.iter().copied()).map(move |s| {
        // PossibleValuesParser has already checked `s` is one of `ids`
        let i = ids.iter().position(|id| *id == s).unwrap_or(0);
        all[i]
    })
}

/// `--workload`: the ids plus their aliases, case-insensitive.
pub fn workload() -> impl TypedValueParser<Value = WorkloadKind> {
    let values = WorkloadKind::ALL.iter().map(|k| {
        PossibleValue::new(k.id()).aliases(
            WorkloadKind::ALIASES
                .iter()
                .filter(|(_, v)| v == k)
                .map(|(a, _)| *a),
        )
    });
    PossibleValuesParser::new(values).map(|s| {
        let s = s.to_ascii_lowercase();
        WorkloadKind::from_name(&s)
            // unreachable: PossibleValuesParser has checked the name
            .unwrap_or(WorkloadKind::Training)
    })
}
