//! Raw TOML → validated [`Catalog`]. Collects every problem before failing.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use toml::Spanned;

use super::ctx::{check_date, is_builtin, Ctx};
use super::model::Catalog;
use super::raw::*;
use super::types::*;
use crate::codes::Code;
use crate::diag::{Diagnostic, Location, Severity, SourceFile};
use crate::error::Error;
use crate::money::Usd;
use crate::suggest;

/// Field names an accelerator's `estimated` list may name.
const ACCELERATOR_FIELDS: [&str; 7] = [
    "memory-gb",
    "memory-bandwidth-gb-per-s",
    "fp16-tflops",
    "bf16-tflops",
    "fp32-tflops",
    "fp8-tflops",
    "compute-capability",
];

pub(super) fn validate(origin: CatalogSource, files: &[SourceFile]) -> Result<Catalog, Error> {
    let mut cx = Ctx {
        files,
        diags: Vec::new(),
    };
    let mut raws: Vec<(usize, RawFile)> = Vec::new();
    for (i, parsed) in parse_all(files).into_iter().enumerate() {
        match parsed {
            Ok(raw) => raws.push((i, raw)),
            Err(e) => {
                let d = crate::diag::from_toml_error(&e, &files[i]);
                cx.diags.push(d);
            }
        }
    }
    if cx.diags.is_empty() {
        let catalog = build(&mut cx, origin.clone(), &raws);
        if !cx.diags.iter().any(|d| d.severity == Severity::Error) {
            let mut catalog = catalog;
            catalog.warnings = cx.diags;
            return Ok(catalog);
        }
    }
    let mut diagnostics = cx.diags;
    diagnostics.sort_by_key(|d| d.severity);
    Err(Error::Invalid {
        what: format!("catalog `{origin}`"),
        diagnostics,
    })
}

/// Parse every file, several at a time on the machine's cores when there are several large ones
/// (TOML parsing dominates loading a big catalog); results come back in file order.
fn parse_all(files: &[SourceFile]) -> Vec<Result<RawFile, toml::de::Error>> {
    let texts: Vec<&str> = files.iter().map(|f| f.text()).collect();
    let parse = |text: &str| {
        toml::from_str::<RawFile>(text).map(|mut f| {
            lowercase_regions(&mut f);
            f
        })
    };
    let total: usize = texts.iter().map(|t| t.len()).sum();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || files.len() < 2 || total < 1 << 20 {
        return texts.iter().map(|t| parse(t)).collect();
    }
    // deal the files out largest first, so the threads finish together
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(texts[i].len()));
    let mut shares: Vec<Vec<usize>> = vec![Vec::new(); threads.min(files.len())];
    let mut loads = vec![0usize; shares.len()];
    for i in order {
        let least = (0..shares.len()).min_by_key(|&s| loads[s]).unwrap_or(0);
        loads[least] += texts[i].len();
        shares[least].push(i);
    }
    let mut results: Vec<Option<Result<RawFile, toml::de::Error>>> =
        files.iter().map(|_| None).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = shares
            .iter()
            .map(|share| {
                let texts = &texts;
                scope.spawn(move || {
                    share
                        .iter()
                        .map(|&i| (i, parse(texts[i])))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            // a parser thread only panics if the toml crate does; re-raise it as is
            let parsed = h.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            for (i, r) in parsed {
                results[i] = Some(r);
            }
        }
    });
    results
        .into_iter()
        .map(|r| r.expect("every file was dealt to a thread"))
        .collect()
}

/// Region codes are case-insensitive, as on the command line: every one a file names (regions,
/// prices, price tables, storage and service rates) is lowercased as it is read, if it is a
/// valid code once lowercased (an error names a bad one as written).
fn lowercase_regions(file: &mut RawFile) {
    fn lower(s: &mut Spanned<String>) {
        if s.get_ref().bytes().any(|b| b.is_ascii_uppercase()) {
            let l = s.get_ref().to_ascii_lowercase();
            if valid_region_code(&l) {
                *s.get_mut() = l;
            }
        }
    }
    file.region.iter_mut().for_each(|r| lower(&mut r.code));
    file.price.iter_mut().for_each(|p| lower(&mut p.region));
    file.price_table
        .iter_mut()
        .for_each(|t| lower(&mut t.region));
    for c in &mut file.storage_class {
        c.prices.iter_mut().for_each(|p| lower(&mut p.region));
    }
    for c in &mut file.service_price {
        c.prices.iter_mut().for_each(|p| lower(&mut p.region));
    }
}

/// The ids a section defined, with where each was defined.
type Ids<'r> = BTreeMap<&'r str, Location>;

/// Every file's parsed form, with its index in `cx.files`.
type Raws = [(usize, RawFile)];

fn build(cx: &mut Ctx, origin: CatalogSource, raws: &Raws) -> Catalog {
    let meta = meta(cx, raws);
    let (sources, source_ids) = sources(cx, raws);
    let estimate_sources: BTreeSet<&str> = sources
        .iter()
        .filter(|s| s.estimate)
        .map(|s| &*s.id)
        .collect();
    let (regions, region_ids) = regions(cx, raws, &source_ids);
    let (accelerators, accel_ids) = accelerators(cx, raws, &source_ids);
    let (mut instances, type_ids) = instances(cx, raws, &accel_ids, &source_ids);
    let refs = PriceRefs {
        types: &type_ids,
        regions: &region_ids,
        sources: &source_ids,
        estimates: &estimate_sources,
    };
    attach_prices(cx, raws, &mut instances, &refs);
    let rate_refs = RateRefs {
        regions: &region_ids,
        sources: &source_ids,
        estimates: &estimate_sources,
    };
    let (storage_classes, storage_ids) = storage_classes(cx, raws, &rate_refs);
    let (pricing_models, model_ids) = pricing_models(cx, raws, &source_ids);
    let service_prices = service_prices(cx, raws, &rate_refs);

    let inherit = !raws.iter().any(|(f, raw)| {
        !is_builtin(cx, *f)
            && raw
                .meta
                .as_ref()
                .is_some_and(|m| m.get_ref().builtin_rules == Some(false))
    });
    let storage_class_ids: BTreeSet<&str> = storage_ids.keys().copied().collect();
    let families: BTreeSet<&str> = instances.iter().map(|t| &*t.family).collect();
    let refs = super::rules::Refs {
        storage_classes: &storage_class_ids,
        pricing_models: &model_ids.keys().copied().collect(),
        families: &families,
    };
    let (rules, coefficients) = super::rules::build(cx, raws, inherit, &refs);
    let models = super::models::build(cx, raws, inherit);

    Catalog {
        origin,
        meta: meta.unwrap_or(Meta {
            version: String::new(),
            as_of: String::new(),
            description: None,
        }),
        sources,
        regions,
        accelerators,
        instances: super::instances::Instances::new(instances),
        storage_classes,
        pricing_models,
        service_prices,
        rules,
        coefficients,
        models,
        warnings: Vec::new(),
    }
}

/// The schema version of every file, and the one `[meta]`.
fn meta(cx: &mut Ctx, raws: &Raws) -> Option<Meta> {
    let mut meta: Option<Meta> = None;
    let mut meta_at: Option<Location> = None;
    for (f, raw) in raws {
        let v = *raw.schema_version.get_ref();
        if v != 1 {
            cx.error(
                *f,
                raw.schema_version.span(),
                Code::UnsupportedSchemaVersion,
                format!("unsupported catalog schema-version {v}; this advisor reads version 1"),
            );
        }
        if let Some(m) = &raw.meta {
            if let Some(first) = &meta_at {
                let msg = format!(
                    "a second [meta] table (the first is at {}:{}:{}); a catalog has exactly one",
                    first.file, first.line, first.column
                );
                cx.error(*f, m.span(), Code::DuplicateMeta, msg);
                continue;
            }
            meta_at = Some(cx.files[*f].locate(m.span().start));
            let m = m.get_ref();
            check_date(cx, *f, &m.as_of, "meta as-of");
            meta = Some(Meta {
                version: m.version.clone(),
                as_of: m.as_of.get_ref().clone(),
                description: m.description.clone(),
            });
        }
    }
    if meta.is_none() {
        cx.diags.push(Diagnostic::error(
            Code::MissingMeta,
            "the catalog has no [meta] table (version and as-of date)".to_string(),
        ));
    }

    meta
}

/// `[[source]]` entries.
fn sources<'r>(cx: &mut Ctx, raws: &'r Raws) -> (Vec<Source>, Ids<'r>) {
    let mut source_ids: BTreeMap<&str, Location> = BTreeMap::new();
    let mut sources = Vec::new();
    for (f, raw) in raws {
        for s in &raw.source {
            if !cx.unique(&mut source_ids, *f, &s.id, "source") {
                continue;
            }
            check_date(cx, *f, &s.as_of, "source as-of");
            let estimate = s.kind == RawSourceKind::Estimate;
            if estimate && s.method.is_none() {
                cx.error(
                    *f,
                    s.id.span(),
                    Code::EstimateWithoutMethod,
                    format!("estimate source `{}` needs a `method`", s.id.get_ref()),
                );
            }
            if let Some(d) = &s.discount_pct {
                let x = *d.get_ref();
                if !(x > 0.0 && x < 100.0) {
                    cx.error(
                        *f,
                        d.span(),
                        Code::OutOfRange,
                        format!("discount-pct must be between 0 and 100, found {x}"),
                    );
                }
            }
            sources.push(Source {
                id: s.id.get_ref().clone(),
                estimate,
                name: s.name.clone(),
                as_of: s.as_of.get_ref().clone(),
                as_of_approximate: s.as_of_approximate,
                location: s.location.clone(),
                method: s.method.as_ref().map(|m| m.get_ref().clone()),
                discount_pct: s.discount_pct.as_ref().map(|d| *d.get_ref()),
                note: s.note.clone(),
            });
        }
    }
    (sources, source_ids)
}

/// `[[region]]` entries, sorted by code.
fn regions<'r>(cx: &mut Ctx, raws: &'r Raws, source_ids: &Ids) -> (Vec<Region>, Ids<'r>) {
    let mut region_ids: BTreeMap<&str, Location> = BTreeMap::new();
    let mut regions = Vec::new();
    for (f, raw) in raws {
        for r in &raw.region {
            if !valid_region_code(r.code.get_ref()) {
                cx.error(
                    *f,
                    r.code.span(),
                    Code::InvalidRegionCode,
                    format!(
                        "`{}` is not an AWS region code (expected e.g. `us-east-1`)",
                        r.code.get_ref()
                    ),
                );
                continue;
            }
            if cx.unique(&mut region_ids, *f, &r.code, "region") {
                if let Some(s) = &r.not_offered_source {
                    cx.reference(source_ids, *f, s, Code::UnknownSource, "source");
                }
                if !r.not_offered.is_empty() && r.not_offered_source.is_none() {
                    cx.error(
                        *f,
                        r.code.span(),
                        Code::MissingSource,
                        format!(
                            "region `{}` lists `not-offered` without `not-offered-source`",
                            r.code.get_ref()
                        ),
                    );
                }
                regions.push(Region {
                    code: r.code.get_ref().clone(),
                    name: r.name.clone(),
                    not_offered: r
                        .not_offered
                        .iter()
                        .map(|x| x.get_ref().to_ascii_lowercase())
                        .collect(),
                    not_offered_source: r.not_offered_source.as_ref().map(|s| s.get_ref().clone()),
                });
            }
        }
    }
    regions.sort_by(|a, b| a.code.cmp(&b.code));
    (regions, region_ids)
}

/// `[[accelerator]]` entries.
fn accelerators<'r>(cx: &mut Ctx, raws: &'r Raws, source_ids: &Ids) -> (Vec<Accelerator>, Ids<'r>) {
    let mut accel_ids: BTreeMap<&str, Location> = BTreeMap::new();
    let mut accelerators = Vec::new();
    for (f, raw) in raws {
        for a in &raw.accelerator {
            if !cx.unique(&mut accel_ids, *f, &a.id, "accelerator") {
                continue;
            }
            let memory_gb = cx.positive(*f, &a.memory_gb, "memory-gb");
            let mut opt =
                |v: &Option<Spanned<f64>>, what: &str| v.as_ref().map(|v| cx.positive(*f, v, what));
            let bw = opt(&a.memory_bandwidth_gb_per_s, "memory-bandwidth-gb-per-s");
            let fp16 = opt(&a.fp16_tflops, "fp16-tflops");
            let bf16 = opt(&a.bf16_tflops, "bf16-tflops");
            let fp32 = opt(&a.fp32_tflops, "fp32-tflops");
            let fp8_tflops = opt(&a.fp8_tflops, "fp8-tflops");
            for e in &a.estimated {
                if !ACCELERATOR_FIELDS.contains(&e.get_ref().as_str()) {
                    let help = suggest::did_you_mean(e.get_ref(), ACCELERATOR_FIELDS);
                    cx.error_help(
                        *f,
                        e.span(),
                        Code::UnknownFieldName,
                        format!("`estimated` names unknown field `{}`", e.get_ref()),
                        help,
                    );
                }
            }
            for s in &a.sources {
                cx.reference(source_ids, *f, s, Code::UnknownSource, "source");
            }
            accelerators.push(Accelerator {
                id: a.id.get_ref().clone(),
                name: a.name.clone(),
                vendor: a.vendor.clone(),
                software: match a.software {
                    RawSoftware::Cuda => Software::Cuda,
                    RawSoftware::Neuron => Software::Neuron,
                    RawSoftware::Other => Software::Other,
                },
                memory_gb,
                memory_bandwidth_gb_per_s: bw,
                fp16_tflops: fp16,
                bf16_tflops: bf16,
                fp32_tflops: fp32,
                fp8: a.fp8,
                fp8_tflops,
                compute_capability: a.compute_capability.clone(),
                generation: a.generation,
                interconnect: a.interconnect,
                estimated: a.estimated.iter().map(|e| e.get_ref().clone()).collect(),
                sources: a.sources.iter().map(|s| s.get_ref().clone()).collect(),
                note: a.note.clone(),
            });
        }
    }
    (accelerators, accel_ids)
}

/// `[[instance]]` entries, sorted by id, without their prices.
fn instances<'r>(
    cx: &mut Ctx,
    raws: &'r Raws,
    accel_ids: &Ids,
    source_ids: &Ids,
) -> (Vec<InstanceType>, Ids<'r>) {
    let mut type_ids: BTreeMap<&str, Location> = BTreeMap::new();
    let mut instances: Vec<InstanceType> = Vec::new();
    for (f, raw) in raws {
        for i in &raw.instance {
            // the id counts as defined even when the entry has other errors, so that its
            // prices do not add "unknown instance type" diagnostics of their own
            if cx.unique(&mut type_ids, *f, &i.type_, "instance type") {
                if let Some(t) = instance(cx, *f, i, accel_ids, source_ids) {
                    instances.push(t);
                }
            }
        }
    }
    instances.sort_by(|a, b| a.id.cmp(&b.id));
    (instances, type_ids)
}

/// What a price may refer to.
struct PriceRefs<'a, 'k> {
    types: &'a Ids<'k>,
    regions: &'a Ids<'k>,
    sources: &'a Ids<'k>,
    estimates: &'a BTreeSet<&'k str>,
}

/// The prices being attached to the built instance types, with hashed lookups: a catalog of
/// all of EC2 has tens of thousands of prices, each checked against the types, regions and
/// sources.
struct Prices<'a, 'k> {
    refs: &'a PriceRefs<'a, 'k>,
    /// Built type id → its position in the instances.
    built: HashMap<&'a str, usize>,
    known_sources: HashSet<&'k str>,
    known_regions: HashSet<&'k str>,
    /// Each type's prices, by position in the instances.
    priced: Vec<Vec<RegionPrice>>,
    /// (type, region) → (file, byte offset) of its first price; located only when duplicated.
    seen: HashMap<(&'a str, &'a str), (usize, usize)>,
}

/// Every `[[price]]` and `[[price-table]]` row, checked and attached to its instance type;
/// a type left without a price is a warning.
fn attach_prices(cx: &mut Ctx, raws: &Raws, instances: &mut [InstanceType], refs: &PriceRefs) {
    let price_count = raws
        .iter()
        .map(|(_, raw)| {
            raw.price.len() + raw.price_table.iter().map(|t| t.rows.len()).sum::<usize>()
        })
        .sum::<usize>();
    let priced = {
        let mut prices = Prices {
            refs,
            built: instances
                .iter()
                .enumerate()
                .map(|(i, t)| (&*t.id, i))
                .collect(),
            known_sources: refs.sources.keys().copied().collect(),
            known_regions: refs.regions.keys().copied().collect(),
            priced: vec![Vec::new(); instances.len()],
            seen: HashMap::with_capacity(price_count),
        };
        for (f, raw) in raws {
            for p in &raw.price {
                prices.add(cx, *f, p);
            }
        }
        // a price table's rows become the same entries as [[price]], one table at a time
        for (f, raw) in raws {
            for t in &raw.price_table {
                for p in table_prices(cx, *f, t) {
                    prices.add(cx, *f, &p);
                }
            }
        }
        prices.priced
    };
    for (t, mut prices) in instances.iter_mut().zip(priced) {
        prices.sort_by(|a, b| a.region.cmp(&b.region));
        t.prices = prices;
        if t.prices.is_empty() && !t.capacity_block_only {
            let loc = refs.types.get(&*t.id).cloned();
            cx.diags.push(
                Diagnostic::warning(
                    Code::UnpricedInstanceType,
                    format!(
                        "instance type `{}` has no price in any region and is not marked capacity-block-only",
                        t.id
                    ),
                )
                .at(loc),
            );
        }
    }
}

impl<'a, 'k: 'a> Prices<'a, 'k> {
    /// One price entry.
    fn add(&mut self, cx: &mut Ctx, f: usize, p: &RawPrice) {
        let (built_type, type_key, region_key) = self.keys(cx, f, p);
        let point = |cx: &mut Ctx, pp: &RawPricePoint, what: &str| self.point(cx, f, pp, what);
        let on_demand = point(cx, &p.on_demand, "on-demand price");
        let mut optional =
            |p: &Option<RawPricePoint>, what: &str| p.as_ref().map(|s| point(cx, s, what));
        let spot = optional(&p.spot, "spot price");
        let spot_zone_min = optional(&p.spot_zone_min, "spot-zone-min price");
        let reserved_1yr = optional(&p.reserved_1yr, "reserved-1yr price");
        let reserved_3yr = optional(&p.reserved_3yr, "reserved-3yr price");
        let reserved_1yr_partial_upfront = optional(
            &p.reserved_1yr_partial_upfront,
            "reserved-1yr-partial-upfront price",
        );
        let reserved_1yr_all_upfront = optional(
            &p.reserved_1yr_all_upfront,
            "reserved-1yr-all-upfront price",
        );
        let reserved_3yr_partial_upfront = optional(
            &p.reserved_3yr_partial_upfront,
            "reserved-3yr-partial-upfront price",
        );
        let reserved_3yr_all_upfront = optional(
            &p.reserved_3yr_all_upfront,
            "reserved-3yr-all-upfront price",
        );
        let spot_interruption = p
            .spot_interruption
            .as_ref()
            .map(|s| self.spot_interruption(cx, f, s));
        if let Some(spot) = &spot {
            if spot.usd >= on_demand.usd && on_demand.usd > Usd::ZERO {
                cx.warning(
                    f,
                    p.spot.as_ref().map_or(0..0, |s| s.usd.span()),
                    Code::SpotNotBelowOnDemand,
                    format!(
                        "spot price {} is not below on-demand {} for `{}` in {}",
                        spot.usd,
                        on_demand.usd,
                        p.type_.get_ref(),
                        p.region.get_ref()
                    ),
                );
            }
        }
        let Some(key) = type_key.zip(region_key) else {
            return;
        };
        if let Some(&(first_file, first_offset)) = self.seen.get(&key) {
            let first = cx.files[first_file].locate(first_offset);
            let msg = format!(
                "duplicate price for `{}` in {} (first at {}:{}:{})",
                key.0, key.1, first.file, first.line, first.column
            );
            cx.error(f, p.type_.span(), Code::DuplicatePrice, msg);
            return;
        }
        self.seen.insert(key, (f, p.type_.span().start));
        // an instance entry with errors of its own was not built: nothing to attach to
        let Some(idx) = built_type else {
            return;
        };
        self.priced[idx].push(RegionPrice {
            region: key.1.to_string().into(),
            on_demand,
            spot,
            spot_zone_min: spot_zone_min.map(Box::new),
            reserved_1yr,
            reserved_3yr,
            reserved_1yr_partial_upfront: reserved_1yr_partial_upfront.map(Box::new),
            reserved_1yr_all_upfront: reserved_1yr_all_upfront.map(Box::new),
            reserved_3yr_partial_upfront: reserved_3yr_partial_upfront.map(Box::new),
            reserved_3yr_all_upfront: reserved_3yr_all_upfront.map(Box::new),
            spot_interruption,
        });
    }

    /// The type and region of a price as declared (the key of a duplicate: a table's rows
    /// are dropped once added), and the type's position when it was built; the ordered maps
    /// only name the closest match of an unknown one.
    fn keys(
        &self,
        cx: &mut Ctx,
        f: usize,
        p: &RawPrice,
    ) -> (Option<usize>, Option<&'a str>, Option<&'k str>) {
        let type_id = p.type_.get_ref().as_str();
        let built_type = self.built.get_key_value(type_id);
        let type_key = match built_type {
            Some((k, _)) => Some(*k),
            None => self
                .refs
                .types
                .get_key_value(type_id)
                .map(|(k, _)| *k)
                .or_else(|| {
                    cx.reference(
                        self.refs.types,
                        f,
                        &p.type_,
                        Code::UnknownInstanceType,
                        "instance type",
                    );
                    None
                }),
        };
        let region_key = self
            .known_regions
            .get(p.region.get_ref().as_str())
            .copied()
            .or_else(|| {
                cx.reference(
                    self.refs.regions,
                    f,
                    &p.region,
                    Code::UnknownRegion,
                    "region",
                );
                None
            });
        (built_type.map(|(_, i)| *i), type_key, region_key)
    }

    /// A price point, its source checked.
    fn point(&self, cx: &mut Ctx, f: usize, pp: &RawPricePoint, what: &str) -> PricePoint {
        let usd = cx.usd(f, &pp.usd, what);
        if !self.known_sources.contains(pp.source.get_ref().as_str()) {
            cx.reference(
                self.refs.sources,
                f,
                &pp.source,
                Code::UnknownSource,
                "source",
            );
        }
        PricePoint {
            usd,
            source: pp.source.get_ref().clone().into(),
            estimated: self.refs.estimates.contains(pp.source.get_ref().as_str()),
        }
    }

    /// A spot interruption band and savings, checked.
    fn spot_interruption(
        &self,
        cx: &mut Ctx,
        f: usize,
        s: &RawSpotInterruption,
    ) -> SpotInterruption {
        if !SPOT_BANDS.contains(&s.band.get_ref().as_str()) {
            cx.error(
                f,
                s.band.span(),
                Code::InvalidSpotBand,
                format!(
                    "unknown spot interruption band `{}`; expected one of {}",
                    s.band.get_ref(),
                    SPOT_BANDS.join(", ")
                ),
            );
        }
        let pct = *s.savings_pct.get_ref();
        if !(-100..=100).contains(&pct) {
            cx.error(
                f,
                s.savings_pct.span(),
                Code::OutOfRange,
                format!("savings-pct must be between -100 and 100, found {pct}"),
            );
        }
        if !self.known_sources.contains(s.source.get_ref().as_str()) {
            cx.reference(
                self.refs.sources,
                f,
                &s.source,
                Code::UnknownSource,
                "source",
            );
        }
        SpotInterruption {
            band: s.band.get_ref().clone().into(),
            savings_pct: pct.clamp(-100, 100) as i8,
            source: s.source.get_ref().clone().into(),
        }
    }
}

/// `[[storage-class]]` entries.
fn storage_classes<'r>(
    cx: &mut Ctx,
    raws: &'r Raws,
    refs_for_rates: &RateRefs,
) -> (Vec<StorageClass>, Ids<'r>) {
    let mut storage_ids: BTreeMap<&str, Location> = BTreeMap::new();
    let mut storage_classes = Vec::new();
    for (f, raw) in raws {
        for s in &raw.storage_class {
            if !cx.unique(&mut storage_ids, *f, &s.id, "storage class") {
                continue;
            }
            let mut prices: Vec<RegionRate> = s
                .prices
                .iter()
                .map(|p| {
                    let rate = (&p.region, &p.usd_per_gb_month, &p.source, p.estimated);
                    region_rate(cx, *f, rate, "usd-per-gb-month", refs_for_rates)
                })
                .collect();
            prices.sort_by(|a, b| a.region.cmp(&b.region));
            let mut fee =
                |v: &Option<Spanned<f64>>, what: &str| v.as_ref().map(|v| cx.usd(*f, v, what));
            let retrieval = fee(&s.retrieval_usd_per_gb, "retrieval-usd-per-gb");
            let monitoring = fee(
                &s.monitoring_usd_per_1000_objects,
                "monitoring-usd-per-1000-objects",
            );
            storage_classes.push(StorageClass {
                id: s.id.get_ref().clone(),
                name: s.name.clone(),
                kind: match s.kind {
                    RawStorageKind::Object => StorageKind::Object,
                    RawStorageKind::Block => StorageKind::Block,
                    RawStorageKind::File => StorageKind::File,
                },
                shareable: s.shareable,
                retrieval_usd_per_gb: retrieval,
                monitoring_usd_per_1000_objects: monitoring,
                min_duration_days: s.min_duration_days,
                min_object_kb: s.min_object_kb,
                baseline_iops: s.baseline_iops,
                baseline_throughput_mib_per_s: s.baseline_throughput_mib_per_s,
                max_iops: s.max_iops,
                max_throughput_mib_per_s: s.max_throughput_mib_per_s,
                max_size_gib: s.max_size_gib,
                throughput_mb_per_s_per_tib: s.throughput_mb_per_s_per_tib,
                throughput: s.throughput.clone(),
                suits: s.suits.clone(),
                prices,
                note: s.note.clone(),
            });
        }
    }
    (storage_classes, storage_ids)
}

/// `[[pricing-model]]` entries.
fn pricing_models<'r>(
    cx: &mut Ctx,
    raws: &'r Raws,
    source_ids: &Ids,
) -> (Vec<PricingModel>, Ids<'r>) {
    let mut model_ids: BTreeMap<&str, Location> = BTreeMap::new();
    let mut pricing_models = Vec::new();
    for (f, raw) in raws {
        for m in &raw.pricing_model {
            if !cx.unique(&mut model_ids, *f, &m.id, "pricing model") {
                continue;
            }
            for s in &m.sources {
                cx.reference(source_ids, *f, s, Code::UnknownSource, "source");
            }
            let max_discount_pct = m.max_discount_pct.as_ref().map(|d| {
                let x = *d.get_ref();
                if !(x > 0.0 && x <= 100.0) {
                    cx.error(
                        *f,
                        d.span(),
                        Code::OutOfRange,
                        format!("max-discount-pct must be in (0, 100], found {x}"),
                    );
                }
                x
            });
            pricing_models.push(PricingModel {
                id: m.id.get_ref().clone(),
                name: m.name.clone(),
                term_years: m.term_years,
                max_discount_pct,
                interruption_notice_seconds: m.interruption_notice_seconds,
                description: m.description.clone(),
                suits: m.suits.clone(),
                sources: m.sources.iter().map(|s| s.get_ref().clone()).collect(),
            });
        }
    }
    (pricing_models, model_ids)
}

/// `[[service-price]]` entries.
fn service_prices(cx: &mut Ctx, raws: &Raws, refs_for_rates: &RateRefs) -> Vec<ServicePrice> {
    let mut service_ids: BTreeMap<&str, Location> = BTreeMap::new();
    let mut service_prices = Vec::new();
    for (f, raw) in raws {
        for sp in &raw.service_price {
            if !cx.unique(&mut service_ids, *f, &sp.id, "service price") {
                continue;
            }
            let mut prices: Vec<RegionRate> = sp
                .prices
                .iter()
                .map(|p| {
                    let rate = (&p.region, &p.usd, &p.source, p.estimated);
                    region_rate(cx, *f, rate, "usd", refs_for_rates)
                })
                .collect();
            prices.sort_by(|a, b| a.region.cmp(&b.region));
            let tier_up_to = sp
                .tier_up_to
                .as_ref()
                .map(|t| cx.positive(*f, t, "service price tier-up-to"));
            service_prices.push(ServicePrice {
                id: sp.id.get_ref().clone(),
                service: sp.service.clone(),
                unit: sp.unit.clone(),
                prices,
                tier_up_to,
                note: sp.note.clone(),
            });
        }
    }
    service_prices
}

fn instance(
    cx: &mut Ctx,
    f: usize,
    i: &RawInstance,
    accel_ids: &BTreeMap<&str, Location>,
    source_ids: &BTreeMap<&str, Location>,
) -> Option<InstanceType> {
    let id = i.type_.get_ref();
    let family = i.family.get_ref();
    match id.split_once('.') {
        Some((fam, size)) if !size.is_empty() && fam == family => {}
        _ => cx.error(
            f,
            i.type_.span(),
            Code::FamilyMismatch,
            format!(
                "instance type `{id}` should be `{family}.<size>` to match its family `{family}`"
            ),
        ),
    }
    let category = Category::from_id(i.category.get_ref());
    if category.is_none() {
        let help = suggest::did_you_mean(i.category.get_ref(), Category::IDS);
        cx.error_help(
            f,
            i.category.span(),
            Code::UnknownCategory,
            format!(
                "unknown category `{}`; expected one of {}",
                i.category.get_ref(),
                Category::IDS.join(", ")
            ),
            help,
        );
    }
    let arch = match i.arch.get_ref().as_str() {
        "x86_64" => Some(Arch::X86_64),
        "arm64" => Some(Arch::Arm64),
        other => {
            cx.error(
                f,
                i.arch.span(),
                Code::UnknownArch,
                format!("unknown arch `{other}`; expected x86_64 or arm64"),
            );
            None
        }
    };
    if *i.vcpus.get_ref() == 0 {
        cx.error(
            f,
            i.vcpus.span(),
            Code::NonPositiveValue,
            "vcpus must be at least 1, found 0".into(),
        );
    }
    let memory_gib = cx.positive(f, &i.memory_gib, "memory-gib");
    let network_gbps = cx.positive(f, &i.network_gbps, "network-gbps");
    cx.reference(source_ids, f, &i.spec_source, Code::UnknownSource, "source");
    let accelerator = instance_accelerator(cx, f, i, category, accel_ids);
    Some(InstanceType {
        id: id.clone().into(),
        family: family.clone().into(),
        category: category?,
        generation: i.generation,
        vcpus: *i.vcpus.get_ref(),
        memory_gib,
        arch: arch?,
        accelerator,
        network_gbps,
        local_nvme_gb: i.local_nvme_gb,
        efa_devices: i.efa_devices,
        capacity_block_only: i.capacity_block_only,
        spec_source: i.spec_source.get_ref().clone().into(),
        note: i.note.clone(),
        prices: Vec::new(),
    })
}

/// An instance type's accelerator: model, count and memory all given (or none of them), and
/// an accelerated category exactly when it has one.
fn instance_accelerator(
    cx: &mut Ctx,
    f: usize,
    i: &RawInstance,
    category: Option<Category>,
    accel_ids: &BTreeMap<&str, Location>,
) -> Option<AcceleratorSpec> {
    let id = i.type_.get_ref();
    match &i.accelerator {
        Some(model) => {
            cx.reference(accel_ids, f, model, Code::UnknownAccelerator, "accelerator");
            let count = match &i.accelerator_count {
                Some(c) if *c.get_ref() > 0 => *c.get_ref(),
                Some(c) => {
                    cx.error(
                        f,
                        c.span(),
                        Code::NonPositiveValue,
                        "accelerator-count must be at least 1, found 0".into(),
                    );
                    0
                }
                None => {
                    cx.error(
                        f,
                        model.span(),
                        Code::MissingAcceleratorCount,
                        format!(
                            "instance type `{id}` names an accelerator but no accelerator-count"
                        ),
                    );
                    0
                }
            };
            let memory = match &i.accelerator_memory_gib {
                Some(m) => cx.positive(f, m, "accelerator-memory-gib"),
                None => {
                    cx.error(
                        f,
                        model.span(),
                        Code::MissingAcceleratorMemory,
                        format!("instance type `{id}` names an accelerator but no accelerator-memory-gib"),
                    );
                    0.0
                }
            };
            if category.is_some_and(|c| !c.is_accelerated()) {
                cx.error(
                    f,
                    i.category.span(),
                    Code::UnexpectedAccelerator,
                    format!(
                        "instance type `{id}` has an accelerator but category `{}`; use an accelerated-* category",
                        i.category.get_ref()
                    ),
                );
            }
            Some(AcceleratorSpec {
                model: model.get_ref().clone(),
                count,
                memory_gib_each: memory,
            })
        }
        None => {
            if category.is_some_and(Category::is_accelerated) {
                cx.error(
                    f,
                    i.type_.span(),
                    Code::MissingAccelerator,
                    format!(
                        "accelerated instance type `{id}` (category `{}`) has no accelerator model",
                        i.category.get_ref()
                    ),
                );
            }
            for (present, span) in [
                (
                    i.accelerator_count.as_ref().map(|c| c.span()),
                    "accelerator-count",
                ),
                (
                    i.accelerator_memory_gib.as_ref().map(|m| m.span()),
                    "accelerator-memory-gib",
                ),
            ] {
                if let Some(s) = present {
                    cx.error(
                        f,
                        s,
                        Code::MissingAccelerator,
                        format!("`{span}` is set but `accelerator` is not"),
                    );
                }
            }
            None
        }
    }
}

/// What a per-region rate may refer to.
struct RateRefs<'a, 'k> {
    regions: &'a BTreeMap<&'k str, Location>,
    sources: &'a BTreeMap<&'k str, Location>,
    estimates: &'a BTreeSet<&'k str>,
}

/// One region's rate (a storage class's $/GB-month, a service's $/unit), checked.
fn region_rate(
    cx: &mut Ctx,
    f: usize,
    (region, usd, source, estimated): (&Spanned<String>, &Spanned<f64>, &Spanned<String>, bool),
    what: &str,
    refs: &RateRefs,
) -> RegionRate {
    cx.reference(refs.regions, f, region, Code::UnknownRegion, "region");
    cx.reference(refs.sources, f, source, Code::UnknownSource, "source");
    RegionRate {
        region: region.get_ref().clone(),
        usd: cx.usd(f, usd, what),
        source: source.get_ref().clone(),
        estimated: estimated || refs.estimates.contains(source.get_ref().as_str()),
    }
}

/// The columns a `[[price-table]]` may have.
const TABLE_COLUMNS: [&str; 12] = [
    "type",
    "on-demand",
    "spot",
    "spot-zone-min",
    "reserved-1yr",
    "reserved-3yr",
    "reserved-1yr-partial-upfront",
    "reserved-1yr-all-upfront",
    "reserved-3yr-partial-upfront",
    "reserved-3yr-all-upfront",
    "spot-band",
    "spot-savings-pct",
];

/// Turn a price table's rows into price entries, diagnosing bad columns and cells (a cell's
/// diagnostic points at its row).
fn table_prices(cx: &mut Ctx, f: usize, t: &RawPriceTable) -> Vec<RawPrice> {
    if !table_header_ok(cx, f, t) {
        return Vec::new();
    }
    t.rows
        .iter()
        .filter_map(|row| table_row(cx, f, t, row))
        .collect()
}

/// A price table's columns and their sources: every column known, once, with its source.
fn table_header_ok(cx: &mut Ctx, f: usize, t: &RawPriceTable) -> bool {
    let columns = t.columns.get_ref();
    let mut bad = false;
    for (i, c) in columns.iter().enumerate() {
        if !TABLE_COLUMNS.contains(&c.as_str()) {
            let help = suggest::did_you_mean(c, TABLE_COLUMNS);
            cx.error_help(
                f,
                t.columns.span(),
                Code::UnknownColumn,
                format!(
                    "unknown price-table column `{c}`; expected one of {}",
                    TABLE_COLUMNS.join(", ")
                ),
                help,
            );
            bad = true;
        } else if columns[..i].contains(c) {
            cx.error(
                f,
                t.columns.span(),
                Code::DuplicateColumn,
                format!("column `{c}` is listed twice"),
            );
            bad = true;
        }
    }
    let col = |name: &str| columns.iter().position(|c| c == name);
    let sources = &t.sources;
    let mut need = |name: &str, source: &Option<Spanned<String>>, key: &str| {
        if col(name).is_some() && source.is_none() {
            cx.error(
                f,
                t.columns.span(),
                Code::MissingSource,
                format!("column `{name}` needs `sources.{key}`"),
            );
            bad = true;
        }
    };
    need("spot", &sources.spot, "spot");
    need("spot-zone-min", &sources.spot_zone_min, "spot-zone-min");
    need("reserved-1yr", &sources.reserved_1yr, "reserved-1yr");
    need("reserved-3yr", &sources.reserved_3yr, "reserved-3yr");
    for (name, source) in [
        (
            "reserved-1yr-partial-upfront",
            &sources.reserved_1yr_partial_upfront,
        ),
        (
            "reserved-1yr-all-upfront",
            &sources.reserved_1yr_all_upfront,
        ),
        (
            "reserved-3yr-partial-upfront",
            &sources.reserved_3yr_partial_upfront,
        ),
        (
            "reserved-3yr-all-upfront",
            &sources.reserved_3yr_all_upfront,
        ),
    ] {
        need(name, source, name);
    }
    need("spot-band", &sources.spot_interruption, "spot-interruption");
    if col("type").is_none() || col("on-demand").is_none() {
        cx.error(
            f,
            t.columns.span(),
            Code::MissingColumn,
            "a price table needs the columns `type` and `on-demand`".into(),
        );
        bad = true;
    }
    if col("spot-band").is_some() != col("spot-savings-pct").is_some() {
        cx.error(
            f,
            t.columns.span(),
            Code::MissingColumn,
            "`spot-band` and `spot-savings-pct` go together".into(),
        );
        bad = true;
    }
    !bad
}

/// One row of a price table as a `[[price]]` entry; None (with diagnostics) when it is bad.
fn table_row(
    cx: &mut Ctx,
    f: usize,
    t: &RawPriceTable,
    row: &Spanned<Vec<toml::Value>>,
) -> Option<RawPrice> {
    let columns = t.columns.get_ref();
    let col = |name: &str| columns.iter().position(|c| c == name);
    let sources = &t.sources;
    let cells = row.get_ref();
    let span = row.span();
    if cells.len() != columns.len() {
        cx.error(
            f,
            span.clone(),
            Code::WrongRowLength,
            format!(
                "a row has {} values for {} columns",
                cells.len(),
                columns.len()
            ),
        );
        return None;
    }
    let mut row_ok = true;
    let mut cell_error = |cx: &mut Ctx, name: &str, want: &str, v: &toml::Value| {
        cx.error(
            f,
            span.clone(),
            Code::WrongType,
            format!("column `{name}` must be {want}, found {}", v.type_str()),
        );
        row_ok = false;
    };
    let text = |cx: &mut Ctx,
                cell_error: &mut dyn FnMut(&mut Ctx, &str, &str, &toml::Value),
                name: &str| {
        col(name).and_then(|i| match &cells[i] {
            toml::Value::String(s) => Some(Spanned::new(span.clone(), s.clone())),
            v => {
                cell_error(cx, name, "a string", v);
                None
            }
        })
    };
    let number = |cx: &mut Ctx,
                  cell_error: &mut dyn FnMut(&mut Ctx, &str, &str, &toml::Value),
                  name: &str| {
        col(name).and_then(|i| match &cells[i] {
            toml::Value::Float(x) => Some(Spanned::new(span.clone(), *x)),
            toml::Value::Integer(n) => Some(Spanned::new(span.clone(), *n as f64)),
            v => {
                cell_error(cx, name, "a number", v);
                None
            }
        })
    };
    let point = |usd: Option<Spanned<f64>>, source: &Option<Spanned<String>>| match (usd, source) {
        (Some(usd), Some(source)) => Some(RawPricePoint {
            usd,
            source: source.clone(),
        }),
        _ => None,
    };
    let type_ = text(cx, &mut cell_error, "type");
    let on_demand = number(cx, &mut cell_error, "on-demand");
    let spot = number(cx, &mut cell_error, "spot");
    let spot_zone_min = number(cx, &mut cell_error, "spot-zone-min");
    let reserved_1yr = number(cx, &mut cell_error, "reserved-1yr");
    let reserved_3yr = number(cx, &mut cell_error, "reserved-3yr");
    let r1p = number(cx, &mut cell_error, "reserved-1yr-partial-upfront");
    let r1a = number(cx, &mut cell_error, "reserved-1yr-all-upfront");
    let r3p = number(cx, &mut cell_error, "reserved-3yr-partial-upfront");
    let r3a = number(cx, &mut cell_error, "reserved-3yr-all-upfront");
    let band = text(cx, &mut cell_error, "spot-band");
    let savings = col("spot-savings-pct").and_then(|i| match &cells[i] {
        toml::Value::Integer(n) => Some(Spanned::new(span.clone(), *n)),
        v => {
            cell_error(cx, "spot-savings-pct", "an integer", v);
            None
        }
    });
    let (Some(type_), Some(on_demand)) = (type_, on_demand) else {
        return None;
    };
    if !row_ok {
        return None;
    }
    Some(RawPrice {
        type_,
        region: t.region.clone(),
        on_demand: RawPricePoint {
            usd: on_demand,
            source: sources.on_demand.clone(),
        },
        spot: point(spot, &sources.spot),
        spot_zone_min: point(spot_zone_min, &sources.spot_zone_min),
        reserved_1yr: point(reserved_1yr, &sources.reserved_1yr),
        reserved_3yr: point(reserved_3yr, &sources.reserved_3yr),
        reserved_1yr_partial_upfront: point(r1p, &sources.reserved_1yr_partial_upfront),
        reserved_1yr_all_upfront: point(r1a, &sources.reserved_1yr_all_upfront),
        reserved_3yr_partial_upfront: point(r3p, &sources.reserved_3yr_partial_upfront),
        reserved_3yr_all_upfront: point(r3a, &sources.reserved_3yr_all_upfront),
        spot_interruption: match (band, savings, &sources.spot_interruption) {
            (Some(band), Some(savings_pct), Some(source)) => Some(RawSpotInterruption {
                band,
                savings_pct,
                source: source.clone(),
            }),
            _ => None,
        },
    })
}

/// `us-east-1`, `eu-central-2`, `us-gov-west-1`: two letters, optional `gov`, a direction word,
/// a number.
pub(crate) fn valid_region_code(code: &str) -> bool {
    let parts: Vec<&str> = code.split('-').collect();
    let (geo, rest) = match parts.as_slice() {
        [geo, "gov", dir, n] => (*geo, [*dir, *n]),
        [geo, dir, n] => (*geo, [*dir, *n]),
        _ => return false,
    };
    geo.len() == 2
        && geo.bytes().all(|b| b.is_ascii_lowercase())
        && !rest[0].is_empty()
        && rest[0].bytes().all(|b| b.is_ascii_lowercase())
        && !rest[1].is_empty()
        && rest[1].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::age::valid_date;

    #[test]
    fn region_codes() {
        for ok in [
            "us-east-1",
            "us-gov-west-1",
            "ap-southeast-5",
            "eu-central-2",
        ] {
            assert!(valid_region_code(ok), "{ok}");
        }
        for bad in [
            "us-east",
            "US-EAST-1",
            "us-east-1a",
            "useast-1",
            "",
            "u-east-1",
            "us-east-1-atl-1",
        ] {
            assert!(!valid_region_code(bad), "{bad}");
        }
    }

    #[test]
    fn dates() {
        for ok in ["2026-07-20", "2024-02-29", "2000-02-29"] {
            assert!(valid_date(ok), "{ok}");
        }
        for bad in [
            "2026-7-20",
            "2026-13-01",
            "2025-02-29",
            "1900-02-29",
            "2026-04-31",
            "yesterday",
            "2026-07-2x",
        ] {
            assert!(!valid_date(bad), "{bad}");
        }
    }
}
