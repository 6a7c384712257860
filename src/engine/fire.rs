//! Which rules apply, and what they decide together.

use crate::vocab::PricingModelId;
use std::collections::BTreeMap;

use crate::catalog::{Catalog, Category, Condition};
use crate::workload::Workload;

/// Whether a rule's condition holds for the workload.
pub(crate) fn holds(c: &Condition, w: &Workload) -> bool {
    let gb = w.data_size_gb();
    let hours = w.hours_per_month;
    (c.workload.is_empty() || c.workload.contains(&w.workload))
        && c.data_size_at_least_gb.is_none_or(|x| gb >= x)
        && c.data_size_below_gb.is_none_or(|x| gb < x)
        && c.interruptible.is_none_or(|x| w.interruptible == x)
        && (c.traffic.is_empty() || c.traffic.contains(&w.traffic))
        && (c.commitment.is_empty() || c.commitment.contains(&w.commitment))
        && c.shared_dataset.is_none_or(|x| w.shared_dataset == x)
        && c.hours_per_month_at_least
            .is_none_or(|x| hours.is_some_and(|h| h >= x))
        && c.hours_per_month_below
            .is_none_or(|x| hours.is_some_and(|h| h < x))
        && c.model_params_given
            .is_none_or(|x| w.model_params.is_some() == x)
}

pub(super) fn plan<'c>(catalog: &'c Catalog, w: &Workload) -> Plan<'c> {
    let fired: Vec<_> = catalog
        .rules()
        .iter()
        .filter(|r| holds(&r.when, w))
        .collect();
    // categories: the intersection of every `only-categories`; all when no rule restricts
    let mut categories: Vec<Category> = Category::ALL.to_vec();
    let mut excluded_categories = BTreeMap::new();
    let mut excluded_families = BTreeMap::new();
    let mut family_points: BTreeMap<&str, (u32, Vec<&str>)> = BTreeMap::new();
    let mut category_points: BTreeMap<Category, (u32, Vec<&str>)> = BTreeMap::new();
    let mut service_points: BTreeMap<&str, (u32, Vec<&str>)> = BTreeMap::new();
    let mut pricing = None;
    let mut forbidden = BTreeMap::new();
    for r in &fired {
        let t = &r.then;
        if !t.only_categories.is_empty() {
            categories.retain(|c| t.only_categories.contains(c));
        }
        for c in &t.exclude_categories {
            excluded_categories.entry(*c).or_insert(&*r.id);
        }
        for f in &t.exclude_families {
            excluded_families.entry(f.as_str()).or_insert(&*r.id);
        }
        for f in &t.prefer_families {
            let e = family_points.entry(f.as_str()).or_default();
            e.0 += t.weight;
            e.1.push(&*r.id);
        }
        for x in &t.prefer_services {
            let e = service_points.entry(x.as_str()).or_default();
            e.0 += t.weight;
            e.1.push(&*r.id);
        }
        for c in &t.prefer_categories {
            let e = category_points.entry(*c).or_default();
            e.0 += t.weight;
            e.1.push(&*r.id);
        }
        for p in &t.forbid_pricing {
            if let Some(p) = PricingModelId::from_id(p) {
                forbidden.entry(p).or_insert(&*r.id);
            }
        }
        if pricing.is_none() {
            // a pricing model advisor does not know (a user catalog's own) is never chosen
            if let Some(p) = t.pricing.as_deref().and_then(PricingModelId::from_id) {
                pricing = Some((p, &*r.id));
            }
        }
    }
    Plan {
        fired,
        categories,
        excluded_categories,
        excluded_families,
        family_points,
        category_points,
        service_points,
        pricing,
        forbidden,
    }
}

/// Decisions derived from the fired rules.
pub(super) struct Plan<'c> {
    pub(super) fired: Vec<&'c crate::catalog::Rule>,
    pub(super) categories: Vec<Category>,
    pub(super) excluded_categories: BTreeMap<Category, &'c str>,
    pub(super) excluded_families: BTreeMap<&'c str, &'c str>,
    pub(super) family_points: BTreeMap<&'c str, (u32, Vec<&'c str>)>,
    pub(super) category_points: BTreeMap<Category, (u32, Vec<&'c str>)>,
    pub(super) service_points: BTreeMap<&'c str, (u32, Vec<&'c str>)>,
    /// The pricing model a rule suggests (a label: the model is chosen by expected cost).
    pub(super) pricing: Option<(PricingModelId, &'c str)>,
    /// Pricing models a rule forbids, with the first rule that does.
    pub(super) forbidden: BTreeMap<PricingModelId, &'c str>,
}
