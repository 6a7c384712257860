//! Plan files: several named workloads in one TOML file, recommended together, and running
//! fleets to right-size.
//!
//! ```toml
//! schema-version = 1
//!
//! [[workload]]
//! name = "nightly-finetune"
//! workload = "training"
//! data-size = "500GB"
//! model-params = "7B"
//! method = "qlora"
//! interruptible = true
//!
//! [[rightsize]]
//! name = "legacy-trainer"
//! instance-type = "p3.8xlarge"
//! gpu = "20%"
//! gpu-mem = "12GiB"
//! gpu-mem-total = true
//! keep = ["accelerator"]
//! ```
//!
//! A `[[workload]]`'s keys are the `recommend` flags without their dashes, read into the same
//! [`RawWorkload`] with the same parsers; a `[[rightsize]]`'s are the `rightsize` flags, read
//! into [`RawRightsize`], with the running type as `instance-type`. Names are unique across
//! both. Every bad value is a diagnostic with `file:line:col`, and a plan with any error is not
//! used (exit 3).

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use toml::{Spanned, Value};

use crate::catalog::Catalog;
use crate::diag::{Code, Diagnostic, Location, SourceFile};
use crate::error::Error;
use crate::suggest;
use crate::workload::rightsize::RawRightsize;
use crate::workload::{FieldError, Naming, RawWorkload};

/// One `[[workload]]` table: its keys and values, with where each is.
type RawEntry = BTreeMap<Spanned<String>, Spanned<Value>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawPlan {
    schema_version: Spanned<i64>,
    #[serde(default)]
    workload: Vec<Spanned<RawEntry>>,
    #[serde(default)]
    rightsize: Vec<Spanned<RawEntry>>,
}

/// A validated plan: named workload requests, in file order.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The file as given.
    pub file: String,
    /// (name, request) in file order.
    pub workloads: Vec<(String, RawWorkload)>,
    /// The `[[rightsize]]` entries, in file order.
    pub rightsize: Vec<RightsizeEntry>,
}

/// One `[[rightsize]]` entry of a plan.
#[derive(Debug, Clone)]
pub struct RightsizeEntry {
    /// Its name, unique in the plan.
    pub name: String,
    /// The request, as `advisor rightsize` flags would give it.
    pub request: RawRightsize,
    /// Where its name is, for a problem found when it is answered.
    pub at: Location,
}

struct Ctx<'a> {
    file: &'a SourceFile,
    diags: Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn error(&mut self, span: Range<usize>, code: Code, msg: String, help: Option<String>) {
        let d = Diagnostic::error(code, msg)
            .at(Some(self.file.locate(span.start)))
            .with_help(help);
        self.diags.push(d);
    }
}

/// Read and validate a plan file against the catalog (regions and families are checked here so
/// that a bad name is reported with its line).
pub fn load(path: &Path, catalog: &Catalog) -> Result<Plan, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let name = path.display().to_string();
    let text = crate::diag::utf8_text(&name, bytes).map_err(|d| Error::Invalid {
        what: format!("plan `{name}`"),
        diagnostics: vec![d],
    })?;
    parse(&name, &text, catalog)
}

/// Validate plan text (`name` is used in messages).
pub fn parse(name: &str, text: &str, catalog: &Catalog) -> Result<Plan, Error> {
    let file = SourceFile::new(name, text);
    let invalid = |diagnostics| Error::Invalid {
        what: format!("plan `{name}`"),
        diagnostics,
    };
    let raw: RawPlan = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => return Err(invalid(vec![crate::diag::from_toml_error(&e, &file)])),
    };
    let mut cx = Ctx {
        file: &file,
        diags: Vec::new(),
    };
    if *raw.schema_version.get_ref() != 1 {
        cx.error(
            raw.schema_version.span(),
            Code::UnsupportedSchemaVersion,
            format!(
                "unsupported plan schema-version {}; this advisor reads version 1",
                raw.schema_version.get_ref()
            ),
            None,
        );
    }
    if raw.workload.is_empty() && raw.rightsize.is_empty() {
        cx.diags.push(
            Diagnostic::error(
                Code::EmptyPlan,
                "the plan has no [[workload]] or [[rightsize]] entries",
            )
            .at(Some(file.locate(0))),
        );
    }
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    let mut workloads = Vec::new();
    for entry in &raw.workload {
        if let Some((name, request)) = read_entry(&mut cx, entry, &mut names, catalog) {
            workloads.push((name, request));
        }
    }
    let mut rightsize = Vec::new();
    for entry in &raw.rightsize {
        rightsize.extend(read_rightsize(&mut cx, entry, &mut names, catalog));
    }
    let mut diags = cx.diags;
    diags.sort_by_key(|d| d.location.as_ref().map(|l| (l.line, l.column)));
    if diags.is_empty() {
        Ok(Plan {
            file: name.to_string(),
            workloads,
            rightsize,
        })
    } else {
        Err(invalid(diags))
    }
}

/// An entry's `name`: a string, unique among the plan's entries (a diagnostic when not), with
/// where it is.
fn entry_name(
    cx: &mut Ctx,
    entry: &Spanned<RawEntry>,
    names: &mut BTreeMap<String, usize>,
) -> Option<(String, Range<usize>)> {
    let Some((_, name_value)) = entry.get_ref().iter().find(|(k, _)| k.get_ref() == "name") else {
        cx.error(
            entry.span(),
            Code::MissingKey,
            "missing field `name`".into(),
            None,
        );
        return None;
    };
    let Value::String(name) = name_value.get_ref() else {
        cx.error(
            name_value.span(),
            Code::WrongType,
            "`name` must be a string".into(),
            None,
        );
        return None;
    };
    let name_span = name_value.span();
    match names.get(name) {
        Some(first) => {
            let line = cx.file.locate(*first).line;
            cx.error(
                name_span.clone(),
                Code::DuplicateId,
                format!("duplicate entry name `{name}` (first at line {line})"),
                None,
            );
        }
        None => {
            names.insert(name.clone(), name_span.start);
        }
    }
    Some((name.clone(), name_span))
}

/// Every key but `name` read on its own into `T`, so that each bad value is reported at its
/// place: the table of the keys that read, and whether any did not.
fn read_keys<T: DeserializeOwned>(cx: &mut Ctx, entry: &Spanned<RawEntry>) -> (toml::Table, bool) {
    let mut table = toml::Table::new();
    let mut bad_keys = false;
    for (key, value) in entry.get_ref() {
        if key.get_ref() == "name" {
            continue;
        }
        let one = toml::Table::from_iter([(key.get_ref().clone(), value.get_ref().clone())]);
        match Value::Table(one).try_into::<T>() {
            Ok(_) => {
                table.insert(key.get_ref().clone(), value.get_ref().clone());
            }
            Err(e) => {
                key_error(cx, key, value, e.message());
                bad_keys = true;
            }
        }
    }
    (table, bad_keys)
}

/// One `[[workload]]`: its name, then every key read on its own (so that each bad value is
/// reported at its place), then the whole request checked without and with the catalog.
fn read_entry(
    cx: &mut Ctx,
    entry: &Spanned<RawEntry>,
    names: &mut BTreeMap<String, usize>,
    catalog: &Catalog,
) -> Option<(String, RawWorkload)> {
    let get = |key: &str| entry.get_ref().iter().find(|(k, _)| k.get_ref() == key);
    let (name, name_span) = entry_name(cx, entry, names)?;
    let (table, bad_keys) = read_keys::<RawWorkload>(cx, entry);
    let mut request: RawWorkload = Value::Table(table).try_into().ok()?;
    request.region = request.region.map(|r| r.to_ascii_lowercase());
    check_names(cx, &request, entry.get_ref(), catalog);
    if bad_keys {
        return None;
    }
    let span_of = |field: &str| get(field).map(|(_, v)| v.span());
    let lengths = ["tokens", "epochs", "job-hours"]
        .iter()
        .filter(|k| get(k).is_some())
        .count();
    if lengths > 1 {
        cx.error(
            name_span,
            Code::ConflictingKeys,
            format!("workload `{name}` sets more than one of tokens, epochs, job-hours"),
            None,
        );
    } else if let Err(FieldError { field, message }) = request.check(Naming::Keys) {
        let (span, code) = match span_of(field) {
            Some(span) => (span, Code::InapplicableKey),
            None => (name_span, Code::MissingKey),
        };
        cx.error(span, code, format!("workload `{name}`: {message}"), None);
    }
    Some((name.clone(), request))
}

/// One `[[rightsize]]`: its name, every key read on its own, the running type and the region
/// against the catalog, and something measured.
fn read_rightsize(
    cx: &mut Ctx,
    entry: &Spanned<RawEntry>,
    names: &mut BTreeMap<String, usize>,
    catalog: &Catalog,
) -> Option<RightsizeEntry> {
    let get = |key: &str| entry.get_ref().iter().find(|(k, _)| k.get_ref() == key);
    let (name, name_span) = entry_name(cx, entry, names)?;
    let (table, bad_keys) = read_keys::<RawRightsize>(cx, entry);
    let mut request: RawRightsize = Value::Table(table).try_into().ok()?;
    request.region = request.region.map(|r| r.to_ascii_lowercase());
    check_region(cx, request.region.as_ref(), entry.get_ref(), catalog);
    match get("instance-type") {
        None => cx.error(
            name_span.clone(),
            Code::MissingKey,
            format!("rightsize `{name}`: missing `instance-type`, the running type"),
            None,
        ),
        Some((_, value)) => {
            if let Err(Error::Unknown { help, .. }) =
                catalog.require_instance(&request.instance_type)
            {
                cx.error(
                    value.span(),
                    Code::UnknownInstanceType,
                    format!("unknown instance type `{}`", request.instance_type),
                    help,
                );
            }
        }
    }
    if bad_keys {
        return None;
    }
    let measured = ["cpu", "mem", "gpu", "gpu-max", "gpu-mem", "net", "metrics"];
    if !measured.iter().any(|k| get(k).is_some()) {
        cx.error(
            name_span.clone(),
            Code::MissingKey,
            format!(
                "rightsize `{name}`: nothing measured; give one of {}",
                measured.join(", ")
            ),
            None,
        );
    }
    if let (Some((key, _)), None) = (get("stat"), get("metrics")) {
        cx.error(
            key.span(),
            Code::InapplicableKey,
            format!("rightsize `{name}`: `stat` summarises a `metrics` file, and there is none"),
            None,
        );
    }
    if let (Some((key, _)), None) = (get("gpu-mem-total"), get("gpu-mem")) {
        cx.error(
            key.span(),
            Code::InapplicableKey,
            format!("rightsize `{name}`: `gpu-mem-total` says what `gpu-mem` is, and there is no `gpu-mem`"),
            None,
        );
    }
    Some(RightsizeEntry {
        name,
        request,
        at: cx.file.locate(name_span.start),
    })
}

/// A key whose value does not read: an unknown key at the key, a bad value at the value.
fn key_error(cx: &mut Ctx, key: &Spanned<String>, value: &Spanned<Value>, message: &str) {
    let message = message.trim().replace('\n', " ");
    let k = key.get_ref();
    if message.starts_with("unknown field") {
        cx.error(key.span(), Code::UnknownKey, message, None);
    } else if message.contains("invalid type") {
        cx.error(
            value.span(),
            Code::WrongType,
            format!("`{k}` {message}"),
            None,
        );
    } else if message.starts_with(&format!("invalid `{k}`")) {
        // a closed set's message names its key already
        cx.error(value.span(), Code::InvalidValue, message, None);
    } else {
        cx.error(
            value.span(),
            Code::InvalidValue,
            format!("`{k}`: {message}"),
            None,
        );
    }
}

/// The region, against the catalog, at its place.
fn check_region(cx: &mut Ctx, region: Option<&String>, entry: &RawEntry, catalog: &Catalog) {
    let get = |key: &str| entry.iter().find(|(k, _)| k.get_ref() == key);
    if let (Some(region), Some((_, value))) = (region, get("region")) {
        let span = value.span();
        let regions: Vec<&str> = catalog.regions().iter().map(|r| r.code.as_str()).collect();
        if !regions.contains(&region.as_str()) {
            let given = match get("region").map(|(_, v)| v.get_ref()) {
                Some(Value::String(s)) => s.clone(),
                _ => region.clone(),
            };
            cx.error(
                span,
                Code::UnknownRegion,
                format!("unknown region `{given}`"),
                suggest::did_you_mean(&given, regions.iter().copied()),
            );
        }
    }
}

/// The region and the families, against the catalog, each at its place.
fn check_names(cx: &mut Ctx, request: &RawWorkload, entry: &RawEntry, catalog: &Catalog) {
    let get = |key: &str| entry.iter().find(|(k, _)| k.get_ref() == key);
    check_region(cx, request.region.as_ref(), entry, catalog);
    for key in ["allow-family", "deny-family"] {
        let Some((_, value)) = get(key) else { continue };
        let Value::Array(items) = value.get_ref() else {
            continue;
        };
        let source = &cx.file.text()[value.span()];
        let mut from = 0;
        for item in items.iter().filter_map(Value::as_str) {
            // the element's place: its quoted text within the array
            let at = ["\"", "'"]
                .iter()
                .filter_map(|q| source[from..].find(&format!("{q}{item}{q}")))
                .min()
                .map_or(0, |i| from + i);
            from = at + 1;
            if let Err(Error::Unknown { help, .. }) = catalog.require_family(item) {
                let start = value.span().start + at;
                cx.error(
                    start..start + item.len(),
                    Code::UnknownFamily,
                    format!("unknown instance family `{item}`"),
                    help,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<&'static str> {
        let catalog = Catalog::builtin().unwrap();
        match parse("p.toml", text, &catalog) {
            Err(Error::Invalid { diagnostics, .. }) => {
                diagnostics.iter().map(|d| d.code.id()).collect()
            }
            Err(e) => panic!("{e}"),
            Ok(_) => vec![],
        }
    }

    #[test]
    fn structural_problems_are_diagnosed() {
        assert_eq!(codes("schema-version = 1\n"), ["empty-plan"]);
        let one = "[[workload]]\nname = \"a\"\nworkload = \"training\"\ndata-size = \"1TB\"\n";
        assert_eq!(
            codes(&format!("schema-version = 1\n{one}")),
            Vec::<&str>::new()
        );
        assert_eq!(
            codes(&format!("schema-version = 1\n{one}{one}")),
            ["duplicate-id"]
        );
        assert_eq!(
            codes(&format!(
                "schema-version = 1\n{one}tokens = \"1B\"\nepochs = 2\n"
            )),
            ["conflicting-keys"]
        );
        assert_eq!(
            codes(&format!("schema-version = 2\n{one}")),
            ["unsupported-schema-version"]
        );
        assert_eq!(
            codes("schema-version = 1\n[[workload]]\nname = \"a\"\nworkload = \"training\"\ndata-size = [1]\n"),
            ["wrong-type"]
        );
    }

    #[test]
    fn a_key_for_another_workload_is_an_error_at_the_key_naming_the_entry() {
        let catalog = Catalog::builtin().unwrap();
        let text = "schema-version = 1\n[[workload]]\nname = \"api\"\nworkload = \"realtime\"\n\
                    data-size = \"10GB\"\nevents-per-sec = 5000\n";
        let Err(Error::Invalid { diagnostics, .. }) = parse("p.toml", text, &catalog) else {
            panic!("accepted")
        };
        let d = &diagnostics[0];
        assert_eq!(d.code, Code::InapplicableKey);
        let at = d.location.as_ref().unwrap();
        assert_eq!((at.line, at.column), (6, 18));
        assert_eq!(
            d.message,
            "workload `api`: `events-per-sec` applies to workload `streaming`, not realtime-inference"
        );
    }
}
