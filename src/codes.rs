//! Diagnostic codes: the stable kebab-case id of each kind of problem found in an input file.
//! Once released, a code is never reused or renamed (docs/errors.md lists each; a test checks
//! that every code is unique and documented).

use std::fmt;

use serde::{Serialize, Serializer};

/// The kind of a diagnostic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Code {
    /// `bad-instance-name`
    BadInstanceName,
    /// `bad-offer-price`
    BadOfferPrice,
    /// `bad-offer-region`
    BadOfferRegion,
    /// `conflicting-keys`
    ConflictingKeys,
    /// `duplicate-column`
    DuplicateColumn,
    /// `duplicate-id`
    DuplicateId,
    /// `duplicate-meta`
    DuplicateMeta,
    /// `duplicate-price`
    DuplicatePrice,
    /// `empty-catalog-directory`
    EmptyCatalogDirectory,
    /// `empty-plan`
    EmptyPlan,
    /// `estimate-without-method`
    EstimateWithoutMethod,
    /// `family-mismatch`
    FamilyMismatch,
    /// `inapplicable-key`
    InapplicableKey,
    /// `invalid-date`
    InvalidDate,
    /// `invalid-input-file`
    InvalidInputFile,
    /// `invalid-region-code`
    InvalidRegionCode,
    /// `invalid-spot-band`
    InvalidSpotBand,
    /// `invalid-toml`
    InvalidToml,
    /// `invalid-value`
    InvalidValue,
    /// `missing-accelerator`
    MissingAccelerator,
    /// `missing-accelerator-count`
    MissingAcceleratorCount,
    /// `missing-accelerator-memory`
    MissingAcceleratorMemory,
    /// `missing-coefficient`
    MissingCoefficient,
    /// `missing-column`
    MissingColumn,
    /// `missing-key`
    MissingKey,
    /// `missing-meta`
    MissingMeta,
    /// `missing-source`
    MissingSource,
    /// `non-positive-price`
    NonPositivePrice,
    /// `non-positive-value`
    NonPositiveValue,
    /// `not-utf8`
    NotUtf8,
    /// `out-of-range`
    OutOfRange,
    /// `spot-not-below-on-demand`
    SpotNotBelowOnDemand,
    /// `unexpected-accelerator`
    UnexpectedAccelerator,
    /// `unknown-accelerator`
    UnknownAccelerator,
    /// `unknown-arch`
    UnknownArch,
    /// `unknown-category`
    UnknownCategory,
    /// `unknown-column`
    UnknownColumn,
    /// `unknown-family`
    UnknownFamily,
    /// `unknown-field-name`
    UnknownFieldName,
    /// `unknown-id`
    UnknownId,
    /// `unknown-instance-type`
    UnknownInstanceType,
    /// `unknown-key`
    UnknownKey,
    /// `unknown-pricing-model`
    UnknownPricingModel,
    /// `unknown-region`
    UnknownRegion,
    /// `unknown-source`
    UnknownSource,
    /// `unknown-storage-class`
    UnknownStorageClass,
    /// `unpriced-instance-type`
    UnpricedInstanceType,
    /// `unpriced-preferred-families`
    UnpricedPreferredFamilies,
    /// `unreadable`
    Unreadable,
    /// `unsupported-schema-version`
    UnsupportedSchemaVersion,
    /// `unwritable-rules`
    UnwritableRules,
    /// `wrong-row-length`
    WrongRowLength,
    /// `wrong-type`
    WrongType,
}

impl Code {
    /// Every code, in id order.
    pub const ALL: &'static [Code] = &[
        Code::BadInstanceName,
        Code::BadOfferPrice,
        Code::ConflictingKeys,
        Code::DuplicateColumn,
        Code::DuplicateId,
        Code::DuplicateMeta,
        Code::DuplicatePrice,
        Code::EmptyCatalogDirectory,
        Code::EmptyPlan,
        Code::EstimateWithoutMethod,
        Code::FamilyMismatch,
        Code::InapplicableKey,
        Code::InvalidDate,
        Code::InvalidInputFile,
        Code::InvalidRegionCode,
        Code::InvalidSpotBand,
        Code::InvalidToml,
        Code::InvalidValue,
        Code::MissingAccelerator,
        Code::MissingAcceleratorCount,
        Code::MissingAcceleratorMemory,
        Code::MissingCoefficient,
        Code::MissingColumn,
        Code::MissingKey,
        Code::MissingMeta,
        Code::MissingSource,
        Code::NonPositivePrice,
        Code::NonPositiveValue,
        Code::NotUtf8,
        Code::OutOfRange,
        Code::SpotNotBelowOnDemand,
        Code::UnexpectedAccelerator,
        Code::UnknownAccelerator,
        Code::UnknownArch,
        Code::UnknownCategory,
        Code::UnknownColumn,
        Code::UnknownFamily,
        Code::UnknownFieldName,
        Code::UnknownId,
        Code::UnknownInstanceType,
        Code::UnknownKey,
        Code::UnknownPricingModel,
        Code::UnknownRegion,
        Code::UnknownSource,
        Code::UnknownStorageClass,
        Code::UnpricedInstanceType,
        Code::UnpricedPreferredFamilies,
        Code::Unreadable,
        Code::UnsupportedSchemaVersion,
        Code::UnwritableRules,
        Code::WrongRowLength,
        Code::WrongType,
    ];

    /// The stable kebab-case id.
    pub fn id(self) -> &'static str {
        match self {
            Code::BadInstanceName => "bad-instance-name",
            Code::BadOfferPrice => "bad-offer-price",
            Code::BadOfferRegion => "bad-offer-region",
            Code::ConflictingKeys => "conflicting-keys",
            Code::DuplicateColumn => "duplicate-column",
            Code::DuplicateId => "duplicate-id",
            Code::DuplicateMeta => "duplicate-meta",
            Code::DuplicatePrice => "duplicate-price",
            Code::EmptyCatalogDirectory => "empty-catalog-directory",
            Code::EmptyPlan => "empty-plan",
            Code::EstimateWithoutMethod => "estimate-without-method",
            Code::FamilyMismatch => "family-mismatch",
            Code::InapplicableKey => "inapplicable-key",
            Code::InvalidDate => "invalid-date",
            Code::InvalidInputFile => "invalid-input-file",
            Code::InvalidRegionCode => "invalid-region-code",
            Code::InvalidSpotBand => "invalid-spot-band",
            Code::InvalidToml => "invalid-toml",
            Code::InvalidValue => "invalid-value",
            Code::MissingAccelerator => "missing-accelerator",
            Code::MissingAcceleratorCount => "missing-accelerator-count",
            Code::MissingAcceleratorMemory => "missing-accelerator-memory",
            Code::MissingCoefficient => "missing-coefficient",
            Code::MissingColumn => "missing-column",
            Code::MissingKey => "missing-key",
            Code::MissingMeta => "missing-meta",
            Code::MissingSource => "missing-source",
            Code::NonPositivePrice => "non-positive-price",
            Code::NonPositiveValue => "non-positive-value",
            Code::NotUtf8 => "not-utf8",
            Code::OutOfRange => "out-of-range",
            Code::SpotNotBelowOnDemand => "spot-not-below-on-demand",
            Code::UnexpectedAccelerator => "unexpected-accelerator",
            Code::UnknownAccelerator => "unknown-accelerator",
            Code::UnknownArch => "unknown-arch",
            Code::UnknownCategory => "unknown-category",
            Code::UnknownColumn => "unknown-column",
            Code::UnknownFamily => "unknown-family",
            Code::UnknownFieldName => "unknown-field-name",
            Code::UnknownId => "unknown-id",
            Code::UnknownInstanceType => "unknown-instance-type",
            Code::UnknownKey => "unknown-key",
            Code::UnknownPricingModel => "unknown-pricing-model",
            Code::UnknownRegion => "unknown-region",
            Code::UnknownSource => "unknown-source",
            Code::UnknownStorageClass => "unknown-storage-class",
            Code::UnpricedInstanceType => "unpriced-instance-type",
            Code::UnpricedPreferredFamilies => "unpriced-preferred-families",
            Code::Unreadable => "unreadable",
            Code::UnsupportedSchemaVersion => "unsupported-schema-version",
            Code::UnwritableRules => "unwritable-rules",
            Code::WrongRowLength => "wrong-row-length",
            Code::WrongType => "wrong-type",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl schemars::JsonSchema for Code {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Code".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let ids: Vec<&str> = Code::ALL.iter().map(|c| c.id()).collect();
        schemars::json_schema!({
            "description": "A diagnostic code (docs/errors.md).",
            "type": "string",
            "enum": ids
        })
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.id() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_sorted() {
        let ids: Vec<&str> = Code::ALL.iter().map(|c| c.id()).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(ids, sorted, "codes are listed once each, in id order");
        for id in ids {
            assert!(
                id.split('-').all(|p| !p.is_empty()
                    && p.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
                "{id} is not kebab-case"
            );
        }
    }

    #[test]
    fn docs_errors_md_lists_every_code() {
        let doc = include_str!("../docs/errors.md");
        let missing: Vec<&str> = Code::ALL
            .iter()
            .map(|c| c.id())
            .filter(|id| !doc.contains(&format!("`{id}`")))
            .collect();
        assert!(
            missing.is_empty(),
            "docs/errors.md does not list: {missing:?}"
        );
    }
}
