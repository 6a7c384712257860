//! Plan files: several named workloads in one TOML file, recommended together.
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
//! ```
//!
//! Keys are the `recommend` flags without their dashes. Every bad value is a diagnostic with
//! `file:line:col`, and a plan with any error is not used (exit 3).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::{Spanned, Value};

use crate::answer::plan::{PlanReport, PlanTotal, PlanWorkload};
use crate::catalog::Catalog;
use crate::diag::{Diagnostic, SourceFile};
use crate::error::Error;
use crate::money::Usd;
use crate::suggest;
use crate::units::{self, ParseError};
use crate::workload::{
    Commitment, JobLength, Method, Precision, Schedule, Traffic, WorkloadKind, WorkloadRequest,
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawPlan {
    schema_version: Spanned<i64>,
    #[serde(default)]
    workload: Vec<RawEntry>,
}

/// One `[[workload]]`: the recommend flags, as TOML values (strings or numbers).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawEntry {
    name: Spanned<String>,
    workload: Spanned<String>,
    data_size: Spanned<Value>,
    region: Option<Spanned<String>>,
    hours_per_month: Option<Spanned<Value>>,
    commitment: Option<Spanned<String>>,
    #[serde(default)]
    interruptible: bool,
    traffic: Option<Spanned<String>>,
    #[serde(default)]
    shared_dataset: bool,
    model_params: Option<Spanned<Value>>,
    precision: Option<Spanned<String>>,
    method: Option<Spanned<String>>,
    tokens: Option<Spanned<Value>>,
    epochs: Option<Spanned<Value>>,
    job_hours: Option<Spanned<Value>>,
    max_gpus: Option<Spanned<Value>>,
    rps: Option<Spanned<Value>>,
    latency_ms: Option<Spanned<Value>>,
    context_tokens: Option<Spanned<Value>>,
    output_tokens: Option<Spanned<Value>>,
    items: Option<Spanned<Value>>,
    deadline_hours: Option<Spanned<Value>>,
    max_monthly_usd: Option<Spanned<Value>>,
    max_job_usd: Option<Spanned<Value>>,
    query_tb_per_month: Option<Spanned<Value>>,
    events_per_sec: Option<Spanned<Value>>,
    event_size: Option<Spanned<Value>>,
    retention_hours: Option<Spanned<Value>>,
    schedule: Option<Spanned<String>>,
    max_job_hours: Option<Spanned<Value>>,
    #[serde(default)]
    allow_family: Vec<Spanned<String>>,
    #[serde(default)]
    deny_family: Vec<Spanned<String>>,
    top: Option<Spanned<Value>>,
}

/// A validated plan: named workload requests, in file order.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The file as given.
    pub file: String,
    /// (name, request) in file order.
    pub workloads: Vec<(String, WorkloadRequest)>,
}

struct Ctx<'a> {
    file: &'a SourceFile,
    diags: Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn error(
        &mut self,
        span: std::ops::Range<usize>,
        code: &'static str,
        msg: String,
        help: Option<String>,
    ) {
        let d = Diagnostic::error(code, msg)
            .at(Some(self.file.locate(span.start)))
            .with_help(help);
        self.diags.push(d);
    }

    /// A value parsed with one of the flag parsers; numbers are read as their decimal text.
    fn parse<T>(
        &mut self,
        key: &str,
        v: &Option<Spanned<Value>>,
        parse: impl Fn(&str) -> Result<T, ParseError>,
    ) -> Option<T> {
        let v = v.as_ref()?;
        let text = match v.get_ref() {
            Value::String(s) => s.clone(),
            Value::Integer(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            other => {
                self.error(
                    v.span(),
                    "wrong-type",
                    format!(
                        "`{key}` must be a string or a number, found {}",
                        other.type_str()
                    ),
                    None,
                );
                return None;
            }
        };
        match parse(&text) {
            Ok(x) => Some(x),
            Err(e) => {
                self.error(v.span(), "invalid-value", format!("`{key}`: {e}"), None);
                None
            }
        }
    }

    /// One of a closed set of ids, with "did you mean".
    fn choice<T: Copy>(
        &mut self,
        key: &str,
        v: &Option<Spanned<String>>,
        ids: &[&'static str],
        from_id: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let v = v.as_ref()?;
        let s = v.get_ref().to_ascii_lowercase();
        match from_id(&s) {
            Some(x) => Some(x),
            None => {
                self.error(
                    v.span(),
                    "invalid-value",
                    format!(
                        "invalid `{key}` `{}`; expected one of {}",
                        v.get_ref(),
                        ids.join(", ")
                    ),
                    suggest::did_you_mean(v.get_ref(), ids.iter().copied()),
                );
                None
            }
        }
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
            "unsupported-schema-version",
            format!(
                "unsupported plan schema-version {}; this advisor reads version 1",
                raw.schema_version.get_ref()
            ),
            None,
        );
    }
    if raw.workload.is_empty() {
        cx.diags.push(
            Diagnostic::error("empty-plan", "the plan has no [[workload]] entries")
                .at(Some(file.locate(0))),
        );
    }
    let regions: Vec<&str> = catalog.regions().iter().map(|r| r.code.as_str()).collect();
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    let mut workloads = Vec::new();
    for e in &raw.workload {
        let name = e.name.get_ref().clone();
        if let Some(first) = names.get(&name) {
            let at = file.locate(*first);
            cx.error(
                e.name.span(),
                "duplicate-id",
                format!(
                    "duplicate workload name `{name}` (first at line {})",
                    at.line
                ),
                None,
            );
        } else {
            names.insert(name.clone(), e.name.span().start);
        }
        let kind = {
            let s = e.workload.get_ref().to_ascii_lowercase();
            let k = WorkloadKind::from_name(&s);
            if k.is_none() {
                cx.error(
                    e.workload.span(),
                    "invalid-value",
                    format!(
                        "invalid `workload` `{}`; expected one of {}",
                        e.workload.get_ref(),
                        WorkloadKind::IDS.join(", ")
                    ),
                    suggest::did_you_mean(e.workload.get_ref(), WorkloadKind::IDS.iter().copied()),
                );
            }
            k
        };
        let data_size = cx.parse("data-size", &Some(e.data_size.clone()), units::parse_size);
        if let Some(r) = &e.region {
            if !regions.contains(&r.get_ref().to_ascii_lowercase().as_str()) {
                cx.error(
                    r.span(),
                    "unknown-region",
                    format!("unknown region `{}`", r.get_ref()),
                    suggest::did_you_mean(r.get_ref(), regions.iter().copied()),
                );
            }
        }
        for f in e.allow_family.iter().chain(&e.deny_family) {
            if let Err(Error::Unknown { help, .. }) = catalog.require_family(f.get_ref()) {
                cx.error(
                    f.span(),
                    "unknown-family",
                    format!("unknown instance family `{}`", f.get_ref()),
                    help,
                );
            }
        }
        let lengths = [&e.tokens, &e.epochs, &e.job_hours]
            .iter()
            .filter(|x| x.is_some())
            .count();
        if lengths > 1 {
            cx.error(
                e.name.span(),
                "conflicting-keys",
                format!("workload `{name}` sets more than one of tokens, epochs, job-hours"),
                None,
            );
        }
        let request = WorkloadRequest {
            kind,
            data_size_bytes: data_size.unwrap_or(1),
            region: e.region.as_ref().map(|r| r.get_ref().to_ascii_lowercase()),
            hours_per_month: cx.parse(
                "hours-per-month",
                &e.hours_per_month,
                units::parse_hours_per_month,
            ),
            commitment: cx.choice(
                "commitment",
                &e.commitment,
                Commitment::IDS,
                Commitment::from_id,
            ),
            interruptible: e.interruptible,
            traffic: cx.choice("traffic", &e.traffic, Traffic::IDS, Traffic::from_id),
            shared_dataset: e.shared_dataset,
            model_params: cx.parse("model-params", &e.model_params, units::parse_count),
            precision: cx.choice(
                "precision",
                &e.precision,
                Precision::IDS,
                Precision::from_id,
            ),
            method: cx.choice("method", &e.method, Method::IDS, Method::from_id),
            length: cx
                .parse("tokens", &e.tokens, units::parse_count)
                .map(JobLength::Tokens)
                .or_else(|| {
                    cx.parse("epochs", &e.epochs, units::parse_positive)
                        .map(JobLength::Epochs)
                })
                .or_else(|| {
                    cx.parse("job-hours", &e.job_hours, units::parse_positive)
                        .map(JobLength::JobHours)
                }),
            max_gpus: cx.parse("max-gpus", &e.max_gpus, units::parse_whole),
            rps: cx.parse("rps", &e.rps, units::parse_positive),
            latency_ms: cx.parse("latency-ms", &e.latency_ms, units::parse_positive),
            context_tokens: cx.parse("context-tokens", &e.context_tokens, units::parse_count),
            output_tokens: cx.parse("output-tokens", &e.output_tokens, units::parse_count),
            items: cx.parse("items", &e.items, units::parse_count),
            deadline_hours: cx.parse("deadline-hours", &e.deadline_hours, units::parse_positive),
            max_monthly_usd: cx.parse("max-monthly-usd", &e.max_monthly_usd, units::parse_usd),
            max_job_usd: cx.parse("max-job-usd", &e.max_job_usd, units::parse_usd),
            query_tb_per_month: cx.parse(
                "query-tb-per-month",
                &e.query_tb_per_month,
                units::parse_positive,
            ),
            events_per_sec: cx.parse("events-per-sec", &e.events_per_sec, units::parse_positive),
            event_size_bytes: cx.parse("event-size", &e.event_size, units::parse_size),
            retention_hours: cx.parse("retention-hours", &e.retention_hours, units::parse_positive),
            schedule: cx.choice("schedule", &e.schedule, Schedule::IDS, Schedule::from_id),
            max_job_hours: cx.parse("max-job-hours", &e.max_job_hours, units::parse_positive),
            allow_families: e.allow_family.iter().map(|f| f.get_ref().clone()).collect(),
            deny_families: e.deny_family.iter().map(|f| f.get_ref().clone()).collect(),
            top: cx.parse("top", &e.top, units::parse_whole),
        };
        workloads.push((name, request));
    }
    let mut diags = cx.diags;
    diags.sort_by_key(|d| d.location.as_ref().map(|l| (l.line, l.column)));
    if diags.is_empty() {
        Ok(Plan {
            file: name.to_string(),
            workloads,
        })
    } else {
        Err(invalid(diags))
    }
}

/// Recommend every workload of a plan and apply the gates to the total. Returns the report and
/// its warnings (each prefixed with the workload's name).
pub fn recommend(
    catalog: &Catalog,
    plan: &Plan,
    max_monthly_usd: Option<Usd>,
    max_job_usd: Option<Usd>,
) -> Result<(PlanReport, Vec<String>), Error> {
    use crate::answer::recommend::Outcome;
    let mut warnings = Vec::new();
    let mut workloads = Vec::new();
    let mut total = PlanTotal {
        monthly_usd: Usd::ZERO,
        job_usd: Usd::ZERO,
    };
    let mut outcome = Outcome::Ok;
    for (name, request) in &plan.workloads {
        let w = request.normalize(catalog)?;
        let r = crate::engine::recommend(catalog, &w);
        warnings.extend(r.warnings.into_iter().map(|x| format!("{name}: {x}")));
        if let Some(t) = &r.report.total {
            total.monthly_usd = total.monthly_usd + t.monthly_usd;
            total.job_usd = total.job_usd + t.job_usd.unwrap_or(Usd::ZERO);
        }
        outcome = match (outcome, r.report.outcome) {
            (Outcome::NothingFits, _) | (_, Outcome::NothingFits) => Outcome::NothingFits,
            (Outcome::OverBudget, _) | (_, Outcome::OverBudget) => Outcome::OverBudget,
            _ => Outcome::Ok,
        };
        workloads.push(PlanWorkload {
            name: name.clone(),
            result: r.report,
        });
    }
    let over_monthly = max_monthly_usd.filter(|max| total.monthly_usd > *max);
    let over_job = max_job_usd.filter(|max| total.job_usd > *max);
    if let Some(max) = over_monthly {
        warnings.push(format!(
            "over budget: the plan costs {}/month > --max-monthly-usd {}",
            total.monthly_usd.format_cents(),
            max.format_cents()
        ));
    }
    if let Some(max) = over_job {
        warnings.push(format!(
            "over budget: the plan's jobs cost {} > --max-job-usd {}",
            total.job_usd.format_cents(),
            max.format_cents()
        ));
    }
    if outcome == Outcome::Ok && (over_monthly.is_some() || over_job.is_some()) {
        outcome = Outcome::OverBudget;
    }
    Ok((
        PlanReport {
            file: plan.file.clone(),
            outcome,
            max_monthly_usd,
            max_job_usd,
            workloads,
            total,
        },
        warnings,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<&'static str> {
        let catalog = Catalog::builtin().unwrap();
        match parse("p.toml", text, &catalog) {
            Err(Error::Invalid { diagnostics, .. }) => diagnostics.iter().map(|d| d.code).collect(),
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
}
