//! Validation of rules and coefficients (the types are in `rule`).

/// Coefficients the engine needs; a catalog without one of them is invalid.
pub use crate::codes::Code;
use crate::vocab::REQUIRED_COEFFICIENTS;

use std::collections::{BTreeMap, BTreeSet};

use toml::Spanned;

use super::ctx::{check_date, is_builtin, Ctx};
use super::raw::{RawCoefficient, RawCondition, RawFile, RawRule};
use super::rule::*;
use super::types::Category;
use crate::diag::{Diagnostic, Location};
use crate::suggest;
use crate::vocab::{Commitment, Traffic, WorkloadKind};

/// What rules may refer to.
pub(super) struct Refs<'a> {
    pub storage_classes: &'a BTreeSet<&'a str>,
    pub pricing_models: &'a BTreeSet<&'a str>,
    pub families: &'a BTreeSet<&'a str>,
}

/// Validate rules and coefficients. Entries of the catalog's own files come first; entries of
/// the built-in files (present for a user catalog, appended by the loader) are added when
/// `inherit` holds and the catalog does not define the same id.
pub(super) fn build(
    cx: &mut Ctx,
    raws: &[(usize, RawFile)],
    inherit: bool,
    refs: &Refs,
) -> (Vec<Rule>, Vec<Coefficient>) {
    let user_catalog = raws.iter().any(|(f, _)| !is_builtin(cx, *f));
    let mut rules = Vec::new();
    let mut coefficients = Vec::new();
    let mut rule_ids: BTreeMap<&str, Location> = BTreeMap::new();
    let mut coefficient_ids: BTreeMap<&str, Location> = BTreeMap::new();
    // two passes: the catalog's own entries, then the inherited built-in ones
    for pass_builtin in [false, true] {
        let mut seen_rules: BTreeMap<&str, Location> = BTreeMap::new();
        let mut seen_coefficients: BTreeMap<&str, Location> = BTreeMap::new();
        for (f, raw) in raws {
            let builtin = is_builtin(cx, *f);
            if builtin != pass_builtin || (builtin && user_catalog && !inherit) {
                continue;
            }
            for r in &raw.rule {
                if builtin && user_catalog && rule_ids.contains_key(r.id.get_ref().as_str()) {
                    continue; // overridden by the user's catalog
                }
                if !cx.unique(&mut seen_rules, *f, &r.id, "rule") {
                    continue;
                }
                let origin = if builtin { "builtin" } else { "catalog" };
                // inherited rules may name families, storage classes and pricing models the
                // user's catalog lacks: those effects simply do not apply there
                let strict = !(builtin && user_catalog);
                if let Some(rule) = rule(cx, *f, r, refs, origin, strict) {
                    rules.push(rule);
                }
            }
            for c in &raw.coefficient {
                if builtin && user_catalog && coefficient_ids.contains_key(c.id.get_ref().as_str())
                {
                    continue;
                }
                if cx.unique(&mut seen_coefficients, *f, &c.id, "coefficient") {
                    let strict = !(builtin && user_catalog);
                    coefficients.push(coefficient(cx, *f, c, refs, strict));
                }
            }
        }
        rule_ids.extend(seen_rules);
        coefficient_ids.extend(seen_coefficients);
    }
    for id in REQUIRED_COEFFICIENTS {
        if !coefficients.iter().any(|c| c.id == *id) {
            cx.diags.push(Diagnostic::error(
                Code::MissingCoefficient,
                format!("the catalog has no coefficient `{id}`, which recommendations need"),
            ));
        }
    }
    (rules, coefficients)
}

fn coefficient(
    cx: &mut Ctx,
    f: usize,
    c: &RawCoefficient,
    refs: &Refs,
    strict: bool,
) -> Coefficient {
    let value = cx.positive(f, &c.value, "coefficient value");
    check_date(cx, f, &c.as_of, "coefficient as-of");
    let what = format!("coefficient `{}`", c.id.get_ref());
    let families = family_refs(cx, f, &c.families, refs, strict, &what);
    Coefficient {
        id: c.id.get_ref().clone(),
        value,
        unit: c.unit.clone(),
        source: c.source.clone(),
        as_of: c.as_of.get_ref().clone(),
        estimated: c.estimated,
        note: c.note.clone(),
        families,
    }
}

/// Family names as given; each one no instance type has is a warning (with a suggestion) when
/// `strict` (the entry is the catalog's own, not inherited).
fn family_refs(
    cx: &mut Ctx,
    f: usize,
    v: &[Spanned<String>],
    refs: &Refs,
    strict: bool,
    what: &str,
) -> Vec<String> {
    for fam in v {
        if strict && !refs.families.contains(fam.get_ref().as_str()) {
            let help = suggest::did_you_mean(fam.get_ref(), refs.families.iter().copied());
            let d = Diagnostic::warning(
                Code::UnknownFamily,
                format!(
                    "{what} names family `{}`, which no instance type has",
                    fam.get_ref()
                ),
            )
            .at(cx.loc(f, fam.span()))
            .with_help(help);
            cx.diags.push(d);
        }
    }
    v.iter().map(|x| x.get_ref().clone()).collect()
}

/// Parse a list of ids of a closed set, reporting unknown ones with a suggestion.
fn ids<T: Copy>(
    cx: &mut Ctx,
    f: usize,
    values: &[Spanned<String>],
    what: &str,
    all: &[&'static str],
    parse: impl Fn(&str) -> Option<T>,
) -> Vec<T> {
    let mut out = Vec::new();
    for v in values {
        match parse(v.get_ref()) {
            Some(x) => out.push(x),
            None => cx.error_help(
                f,
                v.span(),
                Code::UnknownId,
                format!(
                    "unknown {what} `{}`; expected one of {}",
                    v.get_ref(),
                    all.join(", ")
                ),
                suggest::did_you_mean(v.get_ref(), all.iter().copied()),
            ),
        }
    }
    out
}

/// A rule's `when`: the workload conditions it fires on.
fn condition(cx: &mut Ctx, f: usize, w: &RawCondition) -> Condition {
    let mut non_negative = |v: &Option<Spanned<f64>>, what: &str| {
        v.as_ref().map(|v| {
            let x = *v.get_ref();
            if !x.is_finite() || x < 0.0 {
                cx.error(
                    f,
                    v.span(),
                    Code::OutOfRange,
                    format!("{what} must be a number of 0 or more, found {x}"),
                );
            }
            x
        })
    };
    let data_size_at_least_gb = non_negative(&w.data_size_at_least_gb, "data-size-at-least-gb");
    let data_size_below_gb = non_negative(&w.data_size_below_gb, "data-size-below-gb");
    let hours_per_month_at_least =
        non_negative(&w.hours_per_month_at_least, "hours-per-month-at-least");
    let hours_per_month_below = non_negative(&w.hours_per_month_below, "hours-per-month-below");
    Condition {
        workload: ids(
            cx,
            f,
            &w.workload,
            "workload",
            WorkloadKind::IDS,
            WorkloadKind::from_id,
        ),
        data_size_at_least_gb,
        data_size_below_gb,
        interruptible: w.interruptible,
        traffic: ids(cx, f, &w.traffic, "traffic", Traffic::IDS, Traffic::from_id),
        commitment: ids(
            cx,
            f,
            &w.commitment,
            "commitment",
            Commitment::IDS,
            Commitment::from_id,
        ),
        shared_dataset: w.shared_dataset,
        hours_per_month_at_least,
        hours_per_month_below,
        model_params_given: w.model_params_given,
    }
}

fn rule(
    cx: &mut Ctx,
    f: usize,
    r: &RawRule,
    refs: &Refs,
    origin: &'static str,
    strict: bool,
) -> Option<Rule> {
    let when = condition(cx, f, &r.when);
    let t = &r.then;
    let cats = |cx: &mut Ctx, v: &[Spanned<String>]| {
        ids(cx, f, v, "category", &Category::IDS, Category::from_id)
    };
    let only_categories = cats(cx, &t.only_categories);
    let prefer_categories = cats(cx, &t.prefer_categories);
    let exclude_categories = cats(cx, &t.exclude_categories);
    let what = format!("rule `{}`", r.id.get_ref());
    let prefer_families = family_refs(cx, f, &t.prefer_families, refs, strict, &what);
    let exclude_families = family_refs(cx, f, &t.exclude_families, refs, strict, &what);
    let advice_families = family_refs(cx, f, &t.advice_families, refs, strict, &what);
    let prefer_services: Vec<String> =
        ids(cx, f, &t.prefer_services, "service", SERVICE_IDS, |s| {
            SERVICE_IDS.iter().copied().find(|x| *x == s)
        })
        .into_iter()
        .map(String::from)
        .collect();
    // a pricing model the catalog lacks: an error in the catalog's own rules, skipped in
    // inherited ones (like families and storage classes)
    let mut model = |p: &Spanned<String>| {
        let found = refs.pricing_models.contains(p.get_ref().as_str());
        if !found && !strict {
            return None;
        }
        let candidates = refs.pricing_models.iter().copied();
        cx.check_ref(
            found,
            candidates,
            f,
            p,
            Code::UnknownPricingModel,
            "pricing model",
        )
        .then(|| p.get_ref().clone())
    };
    let pricing = t.pricing.as_ref().and_then(&mut model);
    let forbid_pricing: Vec<String> = t.forbid_pricing.iter().filter_map(&mut model).collect();
    let mut storage = BTreeMap::new();
    if let Some(s) = &t.storage {
        for (role, class) in [
            (StorageRole::Dataset, &s.dataset),
            (StorageRole::WorkingCopy, &s.working_copy),
            (StorageRole::Checkpoints, &s.checkpoints),
            (StorageRole::ModelArtifacts, &s.model_artifacts),
            (StorageRole::Processed, &s.processed),
        ] {
            if let Some(class) = class {
                let found = refs.storage_classes.contains(class.get_ref().as_str());
                if !found && !strict {
                    continue;
                }
                let candidates = refs.storage_classes.iter().copied();
                if cx.check_ref(
                    found,
                    candidates,
                    f,
                    class,
                    Code::UnknownStorageClass,
                    "storage class",
                ) {
                    storage.insert(role, class.get_ref().clone());
                }
            }
        }
    }
    if !r.enabled {
        return None;
    }
    Some(Rule {
        id: r.id.get_ref().clone(),
        message: r.message.clone(),
        basis: r.basis.clone(),
        when,
        then: Effects {
            only_categories,
            prefer_categories,
            exclude_categories,
            prefer_families,
            exclude_families,
            prefer_services,
            weight: t.weight.unwrap_or(1),
            pricing,
            forbid_pricing,
            storage,
            advice: t.advice.clone(),
            advice_families,
            warning: t.warning.clone(),
        },
        origin: origin.to_string(),
    })
}
