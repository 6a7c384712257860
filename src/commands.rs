//! One function per subcommand: load the catalog, ask the library, render to a buffer.

use std::path::{Path, PathBuf};

use advisor::answer::{CatalogInfo, Document, Report};
use advisor::catalog::{self, Category};
use advisor::engine;
use advisor::query::{self, ListQuery};
use advisor::render::{self, Format, RenderOptions};
use advisor::{Catalog, CatalogSource};
use anyhow::Result;

use crate::cli::{CatalogCommand, Cli, Command, CompareArgs, FormatArg, PlanArgs, RecommendArgs};
use crate::exit::Exit;

/// What a command produced: the bytes for stdout and how the process ends.
pub struct Output {
    pub stdout: Vec<u8>,
    /// Warning lines for stderr, each whole (`warning: …` or a diagnostic), in every format.
    pub warnings: Vec<String>,
    /// Success, or a finding that also has a report: invalid catalog, nothing fits, over budget.
    pub exit: Exit,
}

pub fn format(cli: &Cli) -> Format {
    match cli.format {
        FormatArg::Table => Format::Table,
        FormatArg::Json => Format::Json,
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Csv => Format::Csv,
    }
}

/// The `command` field for JSON documents, also on failure.
pub fn command_name(cli: &Cli) -> &'static str {
    match &cli.command {
        Command::Recommend(_) => "recommend",
        Command::Compare(_) => "compare",
        Command::Rightsize(_) => "rightsize",
        Command::Plan(_) => "plan",
        Command::Completions { .. } => "completions",
        Command::Man(_) => "man",
        Command::Catalog(c) => match c {
            CatalogCommand::List(_) => "catalog list",
            CatalogCommand::Show { .. } => "catalog show",
            CatalogCommand::Regions => "catalog regions",
            CatalogCommand::Models => "catalog models",
            CatalogCommand::Validate { .. } => "catalog validate",
            CatalogCommand::Import { .. } => "catalog import",
            CatalogCommand::Diff { .. } => "catalog diff",
        },
    }
}

fn source(path: &Option<PathBuf>) -> CatalogSource {
    match path {
        Some(p) => CatalogSource::Path(p.clone()),
        None => CatalogSource::Builtin,
    }
}

/// The catalog of this run, leaked on purpose: the process exits right after printing, and
/// freeing the catalog's thousands of small allocations would cost more than the engine's work.
fn load(path: &Option<PathBuf>) -> Result<&'static Catalog> {
    Ok(Box::leak(Box::new(catalog::load(&source(path))?)))
}

/// [`load`] for a command about one region: the embedded catalog decodes only its prices.
fn load_region(path: &Option<PathBuf>, region: Option<&str>) -> Result<&'static Catalog> {
    let region = region.unwrap_or(advisor::workload::defaults::REGION);
    Ok(Box::leak(Box::new(catalog::load_region(
        &source(path),
        region,
    )?)))
}

impl Output {
    /// A report with nothing to warn about, and success.
    fn success(stdout: Vec<u8>) -> Output {
        Output {
            stdout,
            warnings: Vec::new(),
            exit: Exit::Success,
        }
    }
}

pub fn run(cli: &Cli, options: &RenderOptions) -> Result<Output> {
    match &cli.command {
        Command::Recommend(args) => recommend(cli, args, options),
        Command::Completions { shell } => completions(cli, *shell),
        Command::Man(args) => man(args),
        Command::Plan(args) => plan(cli, args, options),
        Command::Compare(args) => compare(cli, args, options),
        Command::Rightsize(args) => rightsize(cli, args, options),
        Command::Catalog(CatalogCommand::Validate { path }) => catalog_validate(cli, path, options),
        Command::Catalog(CatalogCommand::Diff {
            old,
            new,
            region,
            min_change_pct,
        }) => {
            let request = advisor::diff::DiffRequest {
                region: region.clone(),
                min_change_pct: *min_change_pct,
            };
            catalog_diff(cli, old, new, &request, options)
        }
        Command::Catalog(cmd) => catalog_query(cli, cmd, options),
    }
}

/// The completion script: clap's, with the catalog's names as the values of the flags and
/// arguments that take them (regions, families, instance types, models, accelerators), so
/// `advisor compare p3.<TAB>` completes from the catalog the script was generated with.
fn completions(cli: &Cli, shell: clap_complete::Shell) -> Result<Output> {
    use clap::builder::PossibleValuesParser;
    let catalog = load(&cli.catalog)?;
    let names = |mut v: Vec<String>| -> Vec<&'static str> {
        v.sort();
        v.dedup();
        v.into_iter()
            .map(|s| &*Box::leak(s.into_boxed_str()))
            .collect()
    };
    let regions = names(catalog.regions().iter().map(|r| r.code.clone()).collect());
    let families = names(
        catalog
            .instances()
            .iter()
            .map(|t| t.family.to_string())
            .collect(),
    );
    let types = names(
        catalog
            .instances()
            .iter()
            .map(|t| t.id.to_string())
            .collect(),
    );
    let models = names(catalog.models().iter().map(|m| m.id.clone()).collect());
    let accelerators = names(
        catalog
            .accelerators()
            .iter()
            .map(|a| a.id.clone())
            .collect(),
    );
    let values = |v: &[&'static str]| PossibleValuesParser::new(v.iter().copied());
    let mut cmd = <Cli as clap::CommandFactory>::command()
        .mut_subcommand("recommend", |c| {
            c.mut_arg("region", |a| a.value_parser(values(&regions)))
                .mut_arg("allow_family", |a| a.value_parser(values(&families)))
                .mut_arg("deny_family", |a| a.value_parser(values(&families)))
                .mut_arg("model", |a| a.value_parser(values(&models)))
        })
        .mut_subcommand("rightsize", |c| {
            c.mut_arg("instance_type", |a| a.value_parser(values(&types)))
                .mut_arg("region", |a| a.value_parser(values(&regions)))
        })
        .mut_subcommand("compare", |c| {
            c.mut_arg("instance_types", |a| a.value_parser(values(&types)))
                .mut_arg("region", |a| a.value_parser(values(&regions)))
        })
        .mut_subcommand("catalog", |c| {
            c.mut_subcommand("list", |l| {
                l.mut_arg("family", |a| a.value_parser(values(&families)))
                    .mut_arg("region", |a| a.value_parser(values(&regions)))
                    .mut_arg("accelerator", |a| a.value_parser(values(&accelerators)))
            })
            .mut_subcommand("show", |s| {
                s.mut_arg("instance_type", |a| a.value_parser(values(&types)))
            })
        });
    let mut stdout = Vec::new();
    clap_complete::generate(shell, &mut cmd, "advisor", &mut stdout);
    Ok(Output::success(stdout))
}

/// Every man page: the top one (`advisor`) and one per subcommand, nested ones named after
/// their path (`advisor-catalog-list`), each with every flag it takes (globals included), so
/// the top page's references resolve.
fn man_pages() -> Vec<(&'static str, clap::Command)> {
    fn walk(cmd: &clap::Command, name: &'static str, out: &mut Vec<(&'static str, clap::Command)>) {
        out.push((name, cmd.clone().name(name)));
        for sub in cmd.get_subcommands() {
            let page: &'static str =
                Box::leak(format!("{name}-{}", sub.get_name()).into_boxed_str());
            walk(sub, page, out);
        }
    }
    let version: &'static str = Box::leak(crate::cli::version().into_boxed_str());
    let mut root = <Cli as clap::CommandFactory>::command()
        .version(version)
        .disable_help_subcommand(true);
    root.build();
    let mut pages = Vec::new();
    walk(&root, "advisor", &mut pages);
    pages
}

/// `advisor man [COMMAND…]` prints one page; `--out DIR` writes them all, rendered before
/// anything is written.
fn man(args: &crate::cli::ManArgs) -> Result<Output> {
    let pages = man_pages();
    let render = |cmd: &clap::Command| -> Result<Vec<u8>> {
        let mut roff = Vec::new();
        clap_mangen::Man::new(cmd.clone()).render(&mut roff)?;
        Ok(roff)
    };
    if let Some(dir) = &args.out {
        let rendered = pages
            .iter()
            .map(|(name, cmd)| Ok((*name, render(cmd)?)))
            .collect::<Result<Vec<_>>>()?;
        std::fs::create_dir_all(dir).map_err(|source| advisor::Error::Io {
            path: dir.clone(),
            source,
        })?;
        for (name, roff) in &rendered {
            let path = dir.join(format!("{name}.1"));
            std::fs::write(&path, roff).map_err(|source| advisor::Error::Io { path, source })?;
        }
        let list = rendered
            .iter()
            .map(|(n, _)| format!("{n}.1"))
            .collect::<Vec<_>>();
        let text = format!(
            "wrote {} man pages to {}: {}\n",
            list.len(),
            dir.display(),
            list.join(", ")
        );
        return Ok(Output::success(text.into_bytes()));
    }
    let wanted = std::iter::once("advisor")
        .chain(args.command.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join("-");
    match pages.iter().find(|(name, _)| *name == wanted) {
        Some((_, cmd)) => Ok(Output::success(render(cmd)?)),
        None => Err(advisor::Error::Unknown {
            kind: "command",
            value: args.command.join(" "),
            help: advisor::suggest::did_you_mean(&wanted, pages.iter().map(|(name, _)| *name))
                .map(|s| s.replace("advisor-", "").replace('-', " "))
                .or_else(|| Some("`advisor --help` lists the commands".into())),
        }
        .into()),
    }
}

fn plan(cli: &Cli, args: &PlanArgs, options: &RenderOptions) -> Result<Output> {
    let catalog = load(&cli.catalog)?;
    let plan = advisor::plan::load(&args.file, catalog)?;
    let (report, warnings) =
        advisor::plan::recommend(catalog, &plan, args.max_monthly_usd, args.max_job_usd)?;
    let exit = Exit::of_outcome(report.outcome);
    let options = RenderOptions {
        explain: args.explain,
        ..*options
    };
    let report = Report::Plan(Box::new(report));
    render(catalog, report, warnings, format(cli), &options, exit)
}

fn compare(cli: &Cli, args: &CompareArgs, options: &RenderOptions) -> Result<Output> {
    let (region, region_basis) = match (&args.region, region_from_env()) {
        (Some(r), _) => (r.clone(), "given"),
        (None, Some((r, var))) => (r, var),
        (None, None) => (advisor::workload::defaults::REGION.to_string(), "default"),
    };
    let catalog = load_region(&cli.catalog, Some(&region))?;
    if region_basis != "given" && region_basis != "default" {
        env_region(catalog, &region, region_basis)?;
    }
    let request = advisor::compare::CompareRequest {
        instance_types: args.instance_types.clone(),
        region,
        region_basis,
        hours_per_month: args.hours_per_month.unwrap_or(engine::HOURS_PER_MONTH),
    };
    let report = Report::Compare(advisor::compare::compare(catalog, &request)?);
    render(
        catalog,
        report,
        Vec::new(),
        format(cli),
        options,
        Exit::Success,
    )
}

fn catalog_validate(cli: &Cli, path: &Option<PathBuf>, options: &RenderOptions) -> Result<Output> {
    let src = source(&path.clone().or_else(|| cli.catalog.clone()));
    let loaded = catalog::load(&src);
    // an unreadable path is an error like any other command's, not a validation report
    if let Err(e @ advisor::Error::Io { .. }) = loaded {
        return Err(e.into());
    }
    let report = query::catalog_validate(src.to_string(), &loaded);
    let exit = if report.valid {
        Exit::Success
    } else {
        Exit::InvalidInput
    };
    let doc = Document {
        catalog: loaded.as_ref().ok().map(CatalogInfo::of),
        warnings: Vec::new(),
        report: Report::CatalogValidate(report),
    };
    let mut stdout = Vec::new();
    render::render(&doc, format(cli), options, &mut stdout)?;
    Ok(Output {
        exit,
        ..Output::success(stdout)
    })
}

fn catalog_diff(
    cli: &Cli,
    old: &str,
    new: &str,
    request: &advisor::diff::DiffRequest,
    options: &RenderOptions,
) -> Result<Output> {
    let mut warnings = Vec::new();
    let mut named = |s: &str| -> Result<CatalogSource> {
        if s == "builtin" {
            if Path::new(s).exists() && warnings.is_empty() {
                warnings.push(
                    "`builtin` is the embedded catalog; write `./builtin` for the path of that \
                     name"
                        .to_string(),
                );
            }
            return Ok(CatalogSource::Builtin);
        }
        let path = PathBuf::from(s);
        if !path.exists() && advisor::suggest::closest(s, ["builtin"]).is_some() {
            return Err(advisor::Error::Usage(format!(
                "no catalog `{s}`; did you mean `builtin` (the embedded catalog)?"
            ))
            .into());
        }
        Ok(CatalogSource::Path(path))
    };
    let old = catalog::load(&named(old)?)?;
    let new = catalog::load(&named(new)?)?;
    if let Some(r) = &request.region {
        // a region either catalog knows; the new one names the error
        if old.require_region(r).is_err() {
            new.require_region(r)?;
        }
    }
    let report = Report::CatalogDiff(advisor::diff::diff(&old, &new, request));
    render(&new, report, warnings, format(cli), options, Exit::Success)
}

/// `catalog list`, `show`, `regions` and `import`: one catalog, one report.
fn catalog_query(cli: &Cli, cmd: &CatalogCommand, options: &RenderOptions) -> Result<Output> {
    let catalog = load(&cli.catalog)?;
    let mut warnings = Vec::new();
    let report = match cmd {
        CatalogCommand::List(a) => {
            let query = ListQuery {
                region: a
                    .region
                    .clone()
                    .unwrap_or_else(|| advisor::workload::defaults::REGION.into()),
                only_priced: a.region.is_some(),
                family: a.family.clone(),
                category: a.category.as_deref().and_then(Category::from_id),
                min_vcpus: a.min_vcpus,
                min_memory_gib: a.min_memory_gib,
                accelerator: a.accelerator.clone(),
                min_accelerator_memory_gib: a.min_accelerator_memory_gib,
            };
            Report::CatalogList(query::catalog_list(catalog, &query)?)
        }
        CatalogCommand::Show { instance_type } => {
            Report::CatalogShow(Box::new(query::catalog_show(catalog, instance_type)?))
        }
        CatalogCommand::Regions => Report::CatalogRegions(query::catalog_regions(catalog)),
        CatalogCommand::Models => Report::CatalogModels(query::catalog_models(catalog)),
        CatalogCommand::Import {
            aws_offer,
            spot_advisor,
            out,
            force,
            strict,
        } => {
            let request = advisor::import::ImportRequest {
                offers: aws_offer.clone(),
                spot_advisor: spot_advisor.clone(),
                out: out.clone(),
                force: *force,
                strict: *strict,
            };
            let bar = ImportBar::new();
            let imported = advisor::import::import_with_progress(catalog, &request, &bar)?;
            warnings = imported.warnings;
            Report::CatalogImport(imported.report)
        }
        CatalogCommand::Validate { .. } | CatalogCommand::Diff { .. } => {
            unreachable!("run handles validate and diff")
        }
    };
    render(
        catalog,
        report,
        warnings,
        format(cli),
        options,
        Exit::Success,
    )
}

/// The region the environment names when `--region` is not given: `ADVISOR_REGION`, then
/// `AWS_REGION`, then `AWS_DEFAULT_REGION` (the AWS CLI's and SDKs' variables), the first set
/// and not empty, with its name. `ADVISOR_REGION` set but empty ignores the environment (the
/// default, us-east-1, applies), so a shell's AWS profile cannot change a reproducible run.
fn region_from_env() -> Option<(String, &'static str)> {
    if let Some(v) = std::env::var_os("ADVISOR_REGION") {
        let v = v.to_string_lossy().trim().to_string();
        return (!v.is_empty()).then_some((v, "ADVISOR_REGION"));
    }
    ["AWS_REGION", "AWS_DEFAULT_REGION"]
        .into_iter()
        .find_map(|var| {
            let value = std::env::var(var).ok()?;
            let value = value.trim();
            (!value.is_empty()).then(|| (value.to_string(), var))
        })
}

/// `advisor rightsize`: the region as for `recommend`, the request resolved (a metrics file
/// read), and the budget gate.
fn rightsize(cli: &Cli, a: &crate::cli::RightsizeArgs, options: &RenderOptions) -> Result<Output> {
    let raw = &a.request;
    let (region, region_basis) = match (&raw.region, region_from_env()) {
        (Some(r), _) => (r.clone(), "given"),
        (None, Some((r, var))) => (r, var),
        (None, None) => (advisor::workload::defaults::REGION.to_string(), "default"),
    };
    let catalog = load(&cli.catalog)?;
    if region_basis != "given" && region_basis != "default" {
        env_region(catalog, &region, region_basis)?;
    }
    let (request, mut warnings) =
        advisor::rightsize::resolve(catalog, raw, (region, region_basis), None)?;
    let (report, mut own) = advisor::rightsize::rightsize(catalog, &request)?;
    warnings.append(&mut own);
    let budget = advisor::rightsize::over_budget(&report, raw.max_monthly_usd, "--max-monthly-usd");
    let exit = if report.verdict == advisor::answer::rightsize::Verdict::NothingFits {
        warnings.push(format!(
            "nothing fits: {} is short of its {} and no priced type in {} meets the needs",
            report.current.instance_type, report.current.binding, report.region
        ));
        Exit::NothingFits
    } else if let Some(message) = budget {
        warnings.push(message);
        Exit::OverBudget
    } else {
        Exit::Success
    };
    render(
        catalog,
        Report::Rightsize(Box::new(report)),
        warnings,
        format(cli),
        options,
        exit,
    )
}

/// A region the environment named must be one the catalog knows; the error names the
/// variable, so a stale shell setting is easy to find.
fn env_region(catalog: &Catalog, region: &str, var: &str) -> Result<()> {
    match catalog.require_region(region) {
        Ok(_) => Ok(()),
        Err(advisor::error::Error::Unknown { kind, value, help }) => {
            Err(advisor::error::Error::Usage(format!(
                "unknown {kind} `{value}` (from {var}); {}--region overrides it",
                help.map(|h| format!("{h}; ")).unwrap_or_default()
            ))
            .into())
        }
        Err(e) => Err(e.into()),
    }
}

fn recommend(cli: &Cli, a: &RecommendArgs, options: &RenderOptions) -> Result<Output> {
    let mut raw = a.workload.clone();
    if raw.region.is_none() {
        if let Some((region, var)) = region_from_env() {
            raw.region = Some(region);
            raw.region_from = Some(var);
        }
    }
    let catalog = load_region(&cli.catalog, raw.region.as_deref())?;
    if let (Some(region), Some(var)) = (&raw.region, raw.region_from) {
        env_region(catalog, region, var)?;
    }
    let workload = raw.normalize(catalog)?;
    let result = engine::recommend(catalog, &workload);
    let code = Exit::of_outcome(result.report.outcome);
    let options = RenderOptions {
        explain: a.explain,
        ..*options
    };
    // CSV rows have no place for a gap in the catalog: it goes to stderr with the warnings
    let mut warnings = result.warnings;
    if format(cli) == Format::Csv {
        let gaps = result.report.catalog_gaps.iter();
        warnings.extend(gaps.map(|g| format!("gap in the catalog: {}", g.message)));
    }
    render(
        catalog,
        Report::Recommend(Box::new(result.report)),
        warnings,
        format(cli),
        &options,
        code,
    )
}

/// Today's date, `YYYY-MM-DD`: `ADVISOR_TODAY` when set (reproducible runs and tests), else the
/// system clock (UTC).
fn today() -> String {
    if let Some(d) = std::env::var_os("ADVISOR_TODAY").and_then(|v| v.into_string().ok()) {
        return d;
    }
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    catalog::age::date_from_days(days as i64)
}

/// Render a report with its envelope. Warnings (the command's own, the catalog's load
/// diagnostics summarised per code, staleness) go to stderr in every format, and into the JSON
/// document's `warnings`; never into a table, Markdown or CSV report.
fn render(
    catalog: &Catalog,
    report: Report,
    own: Vec<String>,
    format: Format,
    options: &RenderOptions,
    exit: Exit,
) -> Result<Output> {
    let mut lines: Vec<String> = own.iter().map(|w| format!("warning: {w}")).collect();
    let mut warnings = own;
    for s in advisor::diag::summarize(catalog.warnings()) {
        let text = s.to_string();
        lines.push(match s {
            advisor::diag::Summarized::Shown(_) => text.clone(),
            advisor::diag::Summarized::More { .. } => format!("warning: {text}"),
        });
        warnings.push(text);
    }
    if let Some(w) = catalog::age::staleness_warning(&catalog.meta().as_of, &today()) {
        lines.push(format!("warning: {w}"));
        warnings.push(w);
    }
    let doc = Document {
        catalog: Some(CatalogInfo::of(catalog)),
        warnings,
        report,
    };
    let mut stdout = Vec::new();
    render::render(&doc, format, options, &mut stdout)?;
    Ok(Output {
        stdout,
        warnings: lines,
        exit,
    })
}

/// A progress bar on stderr for `catalog import`, drawn only when stderr is a terminal.
struct ImportBar(Option<indicatif::ProgressBar>);

impl ImportBar {
    fn new() -> Self {
        use std::io::IsTerminal;
        Self(std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::with_draw_target(
                None,
                indicatif::ProgressDrawTarget::stderr(),
            );
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "[{bar:30}] {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} eta {eta} {wide_msg}",
                )
                .map(|s| s.progress_chars("=> "))
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        }))
    }
}

impl advisor::import::Progress for ImportBar {
    fn start(&self, path: &std::path::Path, bytes: u64) {
        if let Some(bar) = &self.0 {
            bar.reset();
            bar.set_length(bytes);
            bar.set_message(format!("reading {}", path.display()));
        }
    }
    fn advance(&self, bytes: u64) {
        if let Some(bar) = &self.0 {
            bar.inc(bytes);
        }
    }
    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
