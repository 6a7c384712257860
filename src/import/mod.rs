//! `advisor catalog import`: refresh a catalog from AWS Price List bulk offer files and the
//! Spot Instance Advisor feed, and write it as a catalog directory, atomically.

mod apply;
pub mod offer;
mod out;
mod write;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::answer::import::{ImportReport, OfferSummary, SkippedPrice};
use crate::catalog::{
    self, Catalog, CatalogSource, InstanceType, Meta, Region, Source, SpotInterruption, SPOT_BANDS,
};
use crate::codes::Code;
use crate::diag::{Diagnostic, Location};
use crate::error::Error;
use crate::money::Usd;

/// What to import.
#[derive(Debug, Clone)]
pub struct ImportRequest {
    /// AWS Price List bulk offer files (`index.json` of AmazonEC2, one per region).
    pub offers: Vec<PathBuf>,
    /// The Spot Instance Advisor feed (`spot-advisor-data.json`).
    pub spot_advisor: Option<PathBuf>,
    /// The catalog directory to write.
    pub out: PathBuf,
    /// Replace `out` if it is an advisor catalog directory (or empty); nothing else is replaced.
    pub force: bool,
    /// Bad prices in an offer file are an error (exit 3) instead of skipped with a warning.
    pub strict: bool,
}

/// An import's report, and the warnings to show with it.
#[derive(Debug, Clone)]
pub struct Imported {
    /// What was imported.
    pub report: ImportReport,
    /// Skipped bad prices (summarised) and anything that went wrong after the catalog was
    /// written.
    pub warnings: Vec<String>,
}

/// Told how far an import has read, so a front end can draw a progress bar. The library draws
/// nothing itself; every method has a do-nothing default.
pub trait Progress {
    /// Reading of `path`, `bytes` long, starts (again, for a second pass).
    fn start(&self, _path: &Path, _bytes: u64) {}
    /// `bytes` more were read from the current file.
    fn advance(&self, _bytes: u64) {}
    /// The import finished or failed.
    fn finish(&self) {}
}

/// No progress reporting.
pub struct NoProgress;

impl Progress for NoProgress {}

/// A reader that tells `progress` how much went through it.
struct Counting<'p, R> {
    inner: R,
    progress: &'p dyn Progress,
}

impl<R: std::io::Read> std::io::Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.advance(n as u64);
        Ok(n)
    }
}

fn invalid(file: &Path, line: usize, column: usize, message: String) -> Error {
    Error::Invalid {
        what: format!("input file `{}`", file.display()),
        diagnostics: vec![
            Diagnostic::error(Code::InvalidInputFile, message).at(Some(Location {
                file: file.display().to_string(),
                line,
                column,
            })),
        ],
    }
}

fn open(path: &Path) -> Result<std::fs::File, Error> {
    std::fs::File::open(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Import into a copy of `catalog` and write it to `req.out` (through a temporary directory,
/// renamed into place only once the written catalog validates).
pub fn import(catalog: &Catalog, req: &ImportRequest) -> Result<Imported, Error> {
    import_with_progress(catalog, req, &NoProgress)
}

/// [`import`], telling `progress` how far the offer files have been read.
pub fn import_with_progress(
    catalog: &Catalog,
    req: &ImportRequest,
    progress: &dyn Progress,
) -> Result<Imported, Error> {
    let result = import_inner(catalog, req, progress);
    progress.finish();
    result
}

/// The import: read every offer file and the spot feed into a copy of the catalog's sources,
/// regions and instance types, then write the catalog directory.
fn import_inner(
    catalog: &Catalog,
    req: &ImportRequest,
    progress: &dyn Progress,
) -> Result<Imported, Error> {
    let req = &ImportRequest {
        out: out::normalize(&req.out),
        ..req.clone()
    };
    let recovered = out::recover(&req.out);
    let target = out::check(&req.out, req.force, &inputs(catalog, req))?;
    let locations: HashMap<String, String> = catalog
        .regions()
        .iter()
        .map(|r| (r.name.clone(), r.code.clone()))
        .collect();
    let mut sources: Vec<Source> = catalog.sources().to_vec();
    let mut regions: Vec<Region> = catalog.regions().to_vec();
    let mut instances: Vec<InstanceType> = catalog.instances().to_vec();
    let mut report = empty_report(req);
    let mut newest = catalog.meta().as_of.clone();
    let mut skipped: Vec<(&PathBuf, offer::Skipped)> = Vec::new();
    for path in &req.offers {
        let offer = read_offer(path, &locations, progress)?;
        let date = publication_date(&offer, path)?;
        if date > newest {
            newest = date.clone();
        }
        let source_id = format!("aws-price-list-{date}");
        if !sources.iter().any(|s| s.id == source_id) {
            sources.push(offer_source(&offer, path, &source_id, &date));
        }
        skipped.extend(offer.skipped.iter().map(|x| (path, x.clone())));
        report.offers.push(offer_summary(&offer, path, &date));
        apply::apply(
            &offer,
            &source_id,
            &mut instances,
            &mut regions,
            &mut report,
        );
    }
    report.skipped = skipped
        .iter()
        .map(|(path, x)| skipped_price(&instances, path, x))
        .collect();
    report.prices_skipped = report.skipped.len();
    if req.strict && !report.skipped.is_empty() {
        return Err(strict_error(&report.skipped));
    }
    if let Some(path) = &req.spot_advisor {
        let source = spot_source(path)?;
        report.spot_bands_updated = apply_spot_advisor(path, &source.id, &mut instances)?;
        if !sources.iter().any(|s| s.id == source.id) {
            sources.push(source);
        }
    }
    instances.sort_by(|a, b| a.id.cmp(&b.id));
    regions.sort_by(|a, b| a.code.cmp(&b.code));
    let (own_rules, builtin_rules_off) = own_rules(catalog)?;
    let parts = write::Parts {
        builtin_rules_off,
        own_rules,
        meta: meta(catalog, newest),
        sources,
        regions,
        accelerators: catalog.accelerators(),
        instances,
        storage_classes: catalog.storage_classes(),
        pricing_models: catalog.pricing_models(),
        service_prices: catalog.service_prices(),
    };
    let mut warnings = recovered;
    warnings.extend(skipped_warnings(&report.skipped));
    warnings.extend(out::replace(
        &req.out,
        target,
        &write::files(&parts),
        |written| verify(written, &req.out),
    )?);
    Ok(Imported { report, warnings })
}

/// The files an import reads (offer files, the spot feed, the catalog's own), which its output
/// must not replace.
fn inputs<'a>(catalog: &'a Catalog, req: &'a ImportRequest) -> Vec<&'a Path> {
    let mut inputs: Vec<&Path> = req.offers.iter().map(PathBuf::as_path).collect();
    inputs.extend(req.spot_advisor.as_deref());
    if let CatalogSource::Path(p) = catalog.origin() {
        inputs.push(p);
    }
    inputs
}

/// The report of an import into `req.out` before any file is read: nothing counted yet.
fn empty_report(req: &ImportRequest) -> ImportReport {
    ImportReport {
        out: req.out.display().to_string(),
        offers: Vec::new(),
        prices_updated: 0,
        prices_added: 0,
        instance_types_added: Vec::new(),
        instance_types_skipped: 0,
        regions_added: Vec::new(),
        spot_bands_updated: 0,
        prices_skipped: 0,
        skipped: Vec::new(),
    }
}

/// Read the offer file at `path` (telling `progress` how far), which must be the EC2 one.
fn read_offer(
    path: &Path,
    locations: &HashMap<String, String>,
    progress: &dyn Progress,
) -> Result<offer::Offer, Error> {
    let counted = |file: std::fs::File| {
        progress.start(path, file.metadata().map(|m| m.len()).unwrap_or(0));
        Counting {
            inner: file,
            progress,
        }
    };
    let first = counted(open(path)?);
    let offer = offer::read_offer(first, || std::fs::File::open(path).map(counted), locations)
        .map_err(|e| match e {
            offer::OfferError::Io(source) => Error::Io {
                path: path.to_path_buf(),
                source,
            },
            offer::OfferError::Json {
                line,
                column,
                message,
            } => invalid(
                path,
                line,
                column,
                format!("not a readable offer file: {message}"),
            ),
        })?;
    if let Some(code) = offer.offer_code.as_deref().filter(|c| *c != "AmazonEC2") {
        return Err(invalid(
            path,
            1,
            1,
            format!(
                "offerCode is `{code}`; expected `AmazonEC2` (the EC2 offer file, \
                 offers/v1.0/aws/AmazonEC2/current/REGION/index.json)"
            ),
        ));
    }
    Ok(offer)
}

/// The offer file's publication date, which it must have as a valid date.
fn publication_date(offer: &offer::Offer, path: &Path) -> Result<String, Error> {
    offer
        .publication_date
        .clone()
        .filter(|d| catalog::age::days_from_date(d).is_some())
        .ok_or_else(|| invalid(path, 1, 1, "the offer file has no publicationDate".into()))
}

/// The source `id` the offer file's prices cite: the file, its version and its date.
fn offer_source(offer: &offer::Offer, path: &Path, id: &str, date: &str) -> Source {
    Source {
        id: id.to_string(),
        estimate: false,
        name: "AWS Price List bulk offer file (AmazonEC2; Linux, shared tenancy)".into(),
        as_of: date.to_string(),
        as_of_approximate: false,
        location: format!(
            "{} (version {})",
            path.display(),
            offer.version.as_deref().unwrap_or("unknown")
        ),
        method: None,
        discount_pct: None,
        note: None,
    }
}

/// What the report says of one offer file: its date and how many products and prices it had.
fn offer_summary(offer: &offer::Offer, path: &Path, date: &str) -> OfferSummary {
    OfferSummary {
        file: path.display().to_string(),
        publication_date: Some(date.to_string()),
        products_seen: offer.products_seen,
        products_kept: offer.products_kept,
        prices: offer.prices.len(),
        prices_skipped: offer.skipped.len(),
    }
}

/// The imported catalog's `[meta]`: versioned and dated by the newest data it holds.
fn meta(catalog: &Catalog, newest: String) -> Meta {
    Meta {
        version: format!("import-{newest}"),
        as_of: newest,
        description: Some(format!(
            "{} updated by `advisor catalog import`",
            catalog.origin()
        )),
    }
}

/// The written catalog must load as any user catalog does; its diagnostics name the files by
/// the path the user gave, not the temporary directory's.
fn verify(written: &Path, out: &Path) -> Result<(), Error> {
    match catalog::load(&CatalogSource::Path(written.to_path_buf())) {
        Ok(_) => Ok(()),
        Err(Error::Invalid {
            mut diagnostics, ..
        }) => {
            let (from, to) = (written.display().to_string(), out.display().to_string());
            for d in &mut diagnostics {
                if let Some(l) = &mut d.location {
                    if let Some(rest) = l.file.strip_prefix(&from) {
                        l.file = format!("{to}{rest}");
                    }
                }
            }
            Err(Error::Invalid {
                what: "the imported catalog (not written)".into(),
                diagnostics,
            })
        }
        Err(other) => Err(other),
    }
}

/// A skipped offer price, with the price that stays in its place once every file is read
/// (the catalog's, or another offer's).
fn skipped_price(instances: &[InstanceType], file: &Path, x: &offer::Skipped) -> SkippedPrice {
    let id = x.instance_type.to_ascii_lowercase();
    let price = instances
        .iter()
        .find(|t| *t.id == *id)
        .and_then(|t| t.price(&x.region));
    let kept = price.and_then(|p| {
        if x.price == "product" {
            return Some(p.on_demand.usd);
        }
        p.points()
            .into_iter()
            .find(|(name, _)| name.replace('_', "-") == x.price)
            .and_then(|(_, point)| point.map(|point| point.usd))
    });
    SkippedPrice {
        file: file.display().to_string(),
        sku: x.sku.clone(),
        instance_type: x.instance_type.clone(),
        region: x.region.clone(),
        price: x.price.to_string(),
        problem: x.problem.clone(),
        kept_usd_per_hour: kept.map(Usd::dollars),
    }
}

impl SkippedPrice {
    /// ``SKU ABC (p3.2xlarge, us-east-1, on-demand): `NaN` is not a number; $3.06/h stays``.
    fn describe(&self) -> String {
        printable(&self.describe_raw())
    }

    /// [`SkippedPrice::describe`] with the text as the offer file spells it.
    fn describe_raw(&self) -> String {
        let kept = match self
            .kept_usd_per_hour
            .and_then(|x| Usd::from_dollars(x).ok())
        {
            Some(usd) => format!("${usd}/h stays"),
            None => "no price stays in its place".into(),
        };
        format!(
            "SKU {} ({}, {}, {}): {}; {kept}",
            self.sku, self.instance_type, self.region, self.price, self.problem
        )
    }
}

/// Text from an input file made safe for a terminal: control characters and bidirectional
/// overrides are shown as `\u{..}` escapes instead of acting on the terminal.
fn printable(text: &str) -> String {
    let unsafe_char = |c: char| {
        c.is_control()
            || ('\u{202A}'..='\u{202E}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    };
    if !text.chars().any(unsafe_char) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if unsafe_char(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// How many skipped prices a warning names before it only counts the rest.
const SKIPPED_NAMED: usize = 3;

/// One warning per offer file that had bad prices: the count and the first few.
fn skipped_warnings(skipped: &[SkippedPrice]) -> Vec<String> {
    let mut by_file: BTreeMap<&str, Vec<&SkippedPrice>> = BTreeMap::new();
    for s in skipped {
        by_file.entry(&s.file).or_default().push(s);
    }
    by_file
        .into_iter()
        .map(|(file, list)| {
            let named: Vec<String> = list
                .iter()
                .take(SKIPPED_NAMED)
                .map(|s| s.describe())
                .collect();
            let more = list.len().saturating_sub(SKIPPED_NAMED);
            format!(
                "skipped {} bad price(s) in `{file}` (--strict makes this an error): {}{}",
                list.len(),
                named.join("; "),
                if more > 0 {
                    format!("; and {more} more")
                } else {
                    String::new()
                }
            )
        })
        .collect()
}

/// `--strict`: every skipped price is an error of its input file (exit 3); nothing is written.
fn strict_error(skipped: &[SkippedPrice]) -> Error {
    Error::Invalid {
        what: format!(
            "input file `{}` (--strict)",
            skipped.first().map_or("", |s| s.file.as_str())
        ),
        diagnostics: skipped
            .iter()
            .map(|s| {
                let code = if !catalog::validate_region_code(&s.region) {
                    Code::BadOfferRegion
                } else if s.price == "product" {
                    Code::BadInstanceName
                } else {
                    Code::BadOfferPrice
                };
                Diagnostic::error(code, format!("{}: {}", s.file, s.describe()))
            })
            .collect(),
    }
}

/// The `[[rule]]`, `[[coefficient]]` and `[[model]]` entries a user catalog defines itself (as one TOML
/// document) and whether it turns the built-in rules off, so that an import keeps them.
fn own_rules(catalog: &Catalog) -> Result<(Option<String>, bool), Error> {
    let CatalogSource::Path(path) = catalog.origin() else {
        return Ok((None, false));
    };
    let mut own = toml::Table::new();
    let mut builtin_rules_off = false;
    for file in catalog::read_user_files(path)? {
        // the catalog loaded, so every file parses
        let Ok(table) = file.text().parse::<toml::Table>() else {
            continue;
        };
        for key in ["rule", "coefficient", "model"] {
            if let Some(toml::Value::Array(items)) = table.get(key) {
                let all = own
                    .entry(key)
                    .or_insert_with(|| toml::Value::Array(Vec::new()));
                if let toml::Value::Array(all) = all {
                    all.extend(items.iter().cloned());
                }
            }
        }
        let off = table
            .get("meta")
            .and_then(|m| m.get("builtin-rules"))
            .and_then(toml::Value::as_bool)
            == Some(false);
        builtin_rules_off |= off;
    }
    if own.is_empty() {
        return Ok((None, builtin_rules_off));
    }
    let text = toml::to_string(&own).map_err(|e| Error::Invalid {
        what: format!("the rules of catalog `{}`", path.display()),
        diagnostics: vec![Diagnostic::error(Code::UnwritableRules, e.to_string())],
    })?;
    Ok((Some(text), builtin_rules_off))
}

#[derive(serde::Deserialize)]
struct SpotFeed {
    spot_advisor: BTreeMap<String, BTreeMap<String, BTreeMap<String, SpotEntry>>>,
    #[serde(default)]
    ranges: Vec<SpotRange>,
}

#[derive(serde::Deserialize)]
struct SpotEntry {
    s: i64,
    r: usize,
}

#[derive(serde::Deserialize)]
struct SpotRange {
    index: usize,
    label: String,
}

/// The source of a spot feed's bands: the feed carries no date, so its as-of is the file's
/// modification date, marked approximate.
fn spot_source(path: &Path) -> Result<Source, Error> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let modified = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .map_err(io)?;
    let days = modified
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    let date = catalog::age::date_from_days(days as i64);
    Ok(Source {
        id: format!("spot-advisor-{date}"),
        estimate: false,
        name: "AWS Spot Instance Advisor feed (spot-advisor-data.json)".into(),
        as_of: date,
        as_of_approximate: true,
        location: path.display().to_string(),
        method: None,
        discount_pct: None,
        note: Some("the feed carries no date: as-of is the file's modification date".into()),
    })
}

/// Update interruption bands and savings from the Spot Instance Advisor feed, under `source`.
fn apply_spot_advisor(
    path: &Path,
    source: &str,
    instances: &mut [InstanceType],
) -> Result<usize, Error> {
    let feed: SpotFeed =
        serde_json::from_reader(std::io::BufReader::new(open(path)?)).map_err(|e| {
            invalid(
                path,
                e.line(),
                e.column(),
                format!("not a spot advisor feed: {e}"),
            )
        })?;
    let label = |r: usize| -> Option<String> {
        let l = feed
            .ranges
            .iter()
            .find(|x| x.index == r)
            .map(|x| x.label.clone())
            .or_else(|| SPOT_BANDS.get(r).map(|b| b.to_string()))?;
        SPOT_BANDS.contains(&l.as_str()).then_some(l)
    };
    let mut updated = 0;
    for t in instances.iter_mut() {
        for p in &mut t.prices {
            let entry = feed
                .spot_advisor
                .get(&*p.region)
                .and_then(|os| os.get("Linux"))
                .and_then(|types| types.get(&*t.id));
            let Some(e) = entry else { continue };
            let Some(band) = label(e.r) else { continue };
            p.spot_interruption = Some(SpotInterruption {
                band: band.into(),
                savings_pct: e.s.clamp(-100, 100) as i8,
                source: source.to_string().into(),
            });
            updated += 1;
        }
    }
    Ok(updated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_from_an_offer_file_are_escaped() {
        assert_eq!(printable("p3.2xlarge"), "p3.2xlarge");
        assert_eq!(printable("p3.\u{1b}[31mred"), "p3.\\u{1b}[31mred");
        assert_eq!(printable("a\u{202e}b"), "a\\u{202e}b");
    }
}
