//! [`Catalog`]: a validated catalog and what commands ask of it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::instances::Instances;
use super::rule::{Coefficient, Rule};
use super::types::*;
use crate::diag::Diagnostic;
use crate::error::Error;
use crate::suggest;

/// A validated catalog. The only way to get one is [`load`](super::load) (or [`Catalog::builtin`]).
///
/// It serializes (postcard) so that the built-in catalog can be embedded pre-validated
/// (`data/catalog.bin`, checked against the TOML by a test): the TOML stays the source of truth.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct Catalog {
    #[serde(skip)]
    pub(super) origin: CatalogSource,
    pub(super) meta: Meta,
    pub(super) sources: Vec<Source>,
    pub(super) regions: Vec<Region>,
    pub(super) accelerators: Vec<Accelerator>,
    /// Stored by family (see `stored.rs`), not with the rest.
    #[serde(skip)]
    pub(super) instances: Instances,
    pub(super) storage_classes: Vec<StorageClass>,
    pub(super) pricing_models: Vec<PricingModel>,
    pub(super) service_prices: Vec<ServicePrice>,
    pub(super) rules: Vec<Rule>,
    pub(super) coefficients: Vec<Coefficient>,
    pub(super) models: Vec<ModelShape>,
    #[serde(skip)]
    pub(super) warnings: Vec<Diagnostic>,
}

impl Catalog {
    /// Where it was loaded from.
    pub fn origin(&self) -> &CatalogSource {
        &self.origin
    }
    /// `[meta]`.
    pub fn meta(&self) -> &Meta {
        &self.meta
    }
    /// Every source and estimate rule.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }
    /// Every region, sorted by code.
    pub fn regions(&self) -> &[Region] {
        &self.regions
    }
    /// Every accelerator model.
    pub fn accelerators(&self) -> &[Accelerator] {
        &self.accelerators
    }
    /// Every instance type, sorted by id. The embedded catalog decodes them all: a command
    /// that looks only at some families uses [`Catalog::instances_where`].
    pub fn instances(&self) -> &[InstanceType] {
        self.instances.all()
    }
    /// The instance types of the families `keep` accepts, given a family's name and the
    /// categories of its types, in id order. The embedded catalog decodes only those families.
    pub fn instances_where<'a>(
        &'a self,
        keep: impl Fn(&str, &[Category]) -> bool + 'a,
    ) -> impl Iterator<Item = &'a InstanceType> + 'a {
        self.instances
            .families()
            .iter()
            .filter(move |f| keep(&f.name, &f.categories))
            .flat_map(|f| self.instances.of(f))
    }
    /// Every storage class.
    pub fn storage_classes(&self) -> &[StorageClass] {
        &self.storage_classes
    }
    /// Every pricing model.
    pub fn pricing_models(&self) -> &[PricingModel] {
        &self.pricing_models
    }
    /// Every enabled rule, the catalog's own first.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }
    /// Every sizing coefficient.
    pub fn coefficients(&self) -> &[Coefficient] {
        &self.coefficients
    }
    /// Every model architecture.
    pub fn models(&self) -> &[ModelShape] {
        &self.models
    }
    /// A model by id (case-insensitive), or an [`Error::Unknown`] with "did you mean".
    pub fn require_model(&self, id: &str) -> Result<&ModelShape, Error> {
        self.models
            .iter()
            .find(|m| m.id.eq_ignore_ascii_case(id))
            .ok_or_else(|| Error::Unknown {
                kind: "model",
                value: id.to_string(),
                help: suggest::did_you_mean(id, self.models.iter().map(|m| m.id.as_str()))
                    .or_else(|| Some("`advisor catalog models` lists them".into())),
            })
    }
    /// A coefficient by id. Validation guarantees the required ones exist.
    pub fn coefficient(&self, id: &str) -> Option<&Coefficient> {
        self.coefficients.iter().find(|c| c.id == id)
    }
    /// Every service price.
    pub fn service_prices(&self) -> &[ServicePrice] {
        &self.service_prices
    }
    /// A service price by id.
    pub fn service_price(&self, id: &str) -> Option<&ServicePrice> {
        self.service_prices.iter().find(|s| s.id == id)
    }
    /// A storage class by id.
    pub fn storage_class(&self, id: &str) -> Option<&StorageClass> {
        self.storage_classes.iter().find(|s| s.id == id)
    }
    /// A pricing model by id.
    pub fn pricing_model(&self, id: &str) -> Option<&PricingModel> {
        self.pricing_models.iter().find(|m| m.id == id)
    }
    /// Warnings found while validating (the catalog is still usable).
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// A source by id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }
    /// An accelerator model by id.
    pub fn accelerator(&self, id: &str) -> Option<&Accelerator> {
        self.accelerators.iter().find(|a| a.id == id)
    }
    /// A region by code.
    pub fn region(&self, code: &str) -> Option<&Region> {
        self.regions
            .binary_search_by(|r| r.code.as_str().cmp(code))
            .ok()
            .map(|i| &self.regions[i])
    }
    /// The region, when its list of offerings says it does not sell `t` on demand (an
    /// unpriced type there is not a gap in the catalog).
    pub fn not_offered_in(&self, region: &str, t: &InstanceType) -> Option<&Region> {
        self.region(region)
            .filter(|r| r.does_not_offer(&t.id, &t.family))
    }
    /// An instance type by id.
    pub fn instance(&self, id: &str) -> Option<&InstanceType> {
        self.instances.get(id)
    }

    /// An instance type by id, or an [`Error::Unknown`] with "did you mean".
    pub fn require_instance(&self, id: &str) -> Result<&InstanceType, Error> {
        let lower = id.to_ascii_lowercase();
        self.instance(&lower).ok_or_else(|| Error::Unknown {
            kind: "instance type",
            value: id.to_string(),
            help: suggest::did_you_mean(id, self.instances().iter().map(|t| &*t.id))
                .or_else(|| Some("`advisor catalog list` shows every type".into())),
        })
    }

    /// A region by code, or an [`Error::Unknown`] with "did you mean".
    pub fn require_region(&self, code: &str) -> Result<&Region, Error> {
        self.region(&code.to_ascii_lowercase())
            .ok_or_else(|| Error::Unknown {
                kind: "region",
                value: code.to_string(),
                help: suggest::did_you_mean(code, self.regions.iter().map(|r| r.code.as_str()))
                    .or_else(|| Some("`advisor catalog regions` lists the regions".into())),
            })
    }

    /// Check that a family exists, with "did you mean" when it does not.
    pub fn require_family(&self, family: &str) -> Result<String, Error> {
        let lower = family.to_ascii_lowercase();
        if self.instances.family(&lower).is_some() {
            return Ok(lower);
        }
        let families = self.instances.families().iter().map(|f| &*f.name);
        Err(Error::Unknown {
            kind: "instance family",
            value: family.to_string(),
            help: suggest::did_you_mean(family, families),
        })
    }

    /// Accelerator models matching a name: an id (`a100-80gb`) or a display name (`A100`,
    /// matching every memory variant), case-insensitively; [`Error::Unknown`] when none does.
    pub fn require_accelerators(&self, name: &str) -> Result<Vec<&Accelerator>, Error> {
        let found: Vec<&Accelerator> = self
            .accelerators
            .iter()
            .filter(|a| a.id.eq_ignore_ascii_case(name) || a.name.eq_ignore_ascii_case(name))
            .collect();
        if !found.is_empty() {
            return Ok(found);
        }
        let names = self
            .accelerators
            .iter()
            .flat_map(|a| [&*a.id, a.name.as_str()]);
        Err(Error::Unknown {
            kind: "accelerator",
            value: name.to_string(),
            help: suggest::did_you_mean(name, names),
        })
    }

    /// Count of price entries (type × region).
    pub fn price_count(&self) -> usize {
        self.instances().iter().map(|t| t.prices.len()).sum()
    }

    /// Region code → number of instance types priced there.
    pub fn priced_types_per_region(&self) -> BTreeMap<&str, usize> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for t in self.instances() {
            for p in &t.prices {
                *counts.entry(&*p.region).or_default() += 1;
            }
        }
        counts
    }
}
