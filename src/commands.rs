//! One function per subcommand: load the catalog, ask the library, render to a buffer.

use std::path::PathBuf;

use advisor::catalog::{self, Category};
use advisor::report::{self, CatalogInfo, Document, Format, ListQuery, RenderOptions, Report};
use advisor::{Catalog, CatalogSource};
use anyhow::Result;

use crate::cli::{CatalogCommand, Cli, Command, FormatArg};

/// What a command produced: the bytes for stdout and whether it counts as a failure.
pub struct Output {
    pub stdout: Vec<u8>,
    /// Exit code 3 with the report still printed (`catalog validate` on a bad catalog).
    pub invalid: bool,
}

pub fn format(cli: &Cli) -> Format {
    match cli.format {
        FormatArg::Table => Format::Table,
        FormatArg::Json => Format::Json,
    }
}

/// The `command` field for JSON documents, also on failure.
pub fn command_name(cli: &Cli) -> &'static str {
    match &cli.command {
        Command::Catalog(c) => match c {
            CatalogCommand::List(_) => "catalog list",
            CatalogCommand::Show { .. } => "catalog show",
            CatalogCommand::Regions => "catalog regions",
            CatalogCommand::Validate { .. } => "catalog validate",
        },
    }
}

fn source(path: &Option<PathBuf>) -> CatalogSource {
    match path {
        Some(p) => CatalogSource::Path(p.clone()),
        None => CatalogSource::Builtin,
    }
}

pub fn run(cli: &Cli, options: &RenderOptions) -> Result<Output> {
    let format = format(cli);
    let Command::Catalog(cmd) = &cli.command;
    if let CatalogCommand::Validate { path } = cmd {
        let src = source(&path.clone().or_else(|| cli.catalog.clone()));
        let loaded = catalog::load(&src);
        // an unreadable path is an error like any other command's, not a validation report
        if let Err(e @ advisor::Error::Io { .. }) = loaded {
            return Err(e.into());
        }
        let report = report::catalog_validate(src.to_string(), &loaded);
        let invalid = !report.valid;
        let doc = Document {
            catalog: loaded.as_ref().ok().map(CatalogInfo::of),
            warnings: Vec::new(),
            report: Report::CatalogValidate(report),
        };
        let mut stdout = Vec::new();
        report::render(&doc, format, options, &mut stdout)?;
        return Ok(Output { stdout, invalid });
    }
    let catalog = catalog::load(&source(&cli.catalog))?;
    let report = match cmd {
        CatalogCommand::List(a) => {
            let query = ListQuery {
                region: a.region.clone().unwrap_or_else(|| "us-east-1".into()),
                only_priced: a.region.is_some(),
                family: a.family.clone(),
                category: a.category.as_deref().and_then(Category::from_id),
                min_vcpus: a.min_vcpus,
                min_memory_gib: a.min_memory_gib,
                accelerator: a.accelerator.clone(),
                min_accelerator_memory_gib: a.min_accelerator_memory_gib,
            };
            Report::CatalogList(report::catalog_list(&catalog, &query)?)
        }
        CatalogCommand::Show { instance_type } => {
            Report::CatalogShow(Box::new(report::catalog_show(&catalog, instance_type)?))
        }
        CatalogCommand::Regions => Report::CatalogRegions(report::catalog_regions(&catalog)),
        CatalogCommand::Validate { .. } => unreachable!("handled above"),
    };
    Ok(Output {
        stdout: render(&catalog, report, format, options)?,
        invalid: false,
    })
}

fn render(
    catalog: &Catalog,
    report: Report,
    format: Format,
    options: &RenderOptions,
) -> Result<Vec<u8>> {
    let doc = Document {
        catalog: Some(CatalogInfo::of(catalog)),
        warnings: catalog.warnings().iter().map(|d| d.to_string()).collect(),
        report,
    };
    let mut out = Vec::new();
    report::render(&doc, format, options, &mut out)?;
    Ok(out)
}
