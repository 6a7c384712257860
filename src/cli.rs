//! Command-line definition (clap derive). Nothing here touches the filesystem.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Exit codes, shown by `advisor --help` and documented in docs/exit-codes.md.
pub const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  internal or I/O error (e.g. stdout could not be written)
  2  usage error: bad flag or value, unknown instance type, family, accelerator or region
  3  bad catalog or input file: missing, unreadable, or failed to parse or validate";

/// Which AWS compute, storage and pricing model fits an ML workload, and what it costs.
///
/// Works offline from a catalog of sourced EC2 specs and prices embedded in the binary;
/// `--catalog PATH` (or ADVISOR_CATALOG) loads your own.
#[derive(Debug, Parser)]
#[command(name = "advisor", version, after_help = EXIT_CODES, max_term_width = 100)]
pub struct Cli {
    /// Use this catalog (a TOML file, or a directory laid out like data/) instead of the
    /// embedded one
    #[arg(long, global = true, env = "ADVISOR_CATALOG", value_name = "PATH")]
    pub catalog: Option<PathBuf>,

    /// Output format
    #[arg(long, global = true, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,

    #[command(subcommand)]
    pub command: Command,
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Human-readable tables
    Table,
    /// One JSON document (schema: docs/json-output.md)
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Browse and check the catalog: instance types, prices, regions
    #[command(subcommand, after_help = EXIT_CODES)]
    Catalog(CatalogCommand),
}

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// List instance types, cheapest on-demand first, with filters
    #[command(after_help = EXIT_CODES)]
    List(ListArgs),
    /// Show one instance type: specs, prices in every region, sources and estimates
    #[command(after_help = EXIT_CODES)]
    Show {
        /// Instance type, e.g. p3.2xlarge
        #[arg(value_name = "TYPE")]
        instance_type: String,
    },
    /// List the regions the catalog has prices for
    #[command(after_help = EXIT_CODES)]
    Regions,
    /// Check a catalog and print every problem as file:line:col (exit 3 when invalid)
    #[command(after_help = EXIT_CODES)]
    Validate {
        /// Catalog file or directory to check (default: --catalog, else the embedded one)
        #[arg(value_name = "PATH")]
        path: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this family, e.g. p3, g5, m7i
    #[arg(long, value_name = "FAMILY")]
    pub family: Option<String>,

    /// Only this category
    #[arg(long, value_name = "CATEGORY", value_parser = clap::builder::PossibleValuesParser::new(advisor::catalog::Category::IDS))]
    pub category: Option<String>,

    /// Prices from this region; only types priced there are listed [default: us-east-1, all types]
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,

    /// At least this many vCPUs
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub min_vcpus: Option<u32>,

    /// At least this much memory, GiB
    #[arg(long, value_name = "GIB", value_parser = non_negative, allow_negative_numbers = true)]
    pub min_memory_gib: Option<f64>,

    /// Only types with this accelerator: a model id (a100-80gb) or name (A100, V100, Trainium)
    #[arg(long, value_name = "NAME")]
    pub accelerator: Option<String>,

    /// At least this much memory per accelerator, GiB
    #[arg(long, value_name = "GIB", value_parser = non_negative, allow_negative_numbers = true)]
    pub min_accelerator_memory_gib: Option<f64>,
}

/// A finite, non-negative number.
fn non_negative(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
        Ok(_) => Err(format!("`{s}` must be a finite number of 0 or more")),
        Err(_) => Err(format!("`{s}` is not a number")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn non_negative_rejects_nan_infinity_and_negatives() {
        assert_eq!(non_negative("16"), Ok(16.0));
        assert_eq!(non_negative("0"), Ok(0.0));
        for bad in ["-1", "NaN", "inf", "1e309", "abc", ""] {
            assert!(non_negative(bad).is_err(), "{bad}");
        }
    }
}
