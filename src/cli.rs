//! Command-line definition (clap derive). Nothing here touches the filesystem.

use std::path::PathBuf;

use advisor::units;
use advisor::workload::RawWorkload;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Exit codes, shown by `advisor --help` and documented in docs/exit-codes.md.
pub const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  internal or I/O error (e.g. stdout could not be written)
  2  usage error: bad flag or value, unknown instance type, family, accelerator or region
  3  bad catalog or input file: missing, unreadable, or failed to parse or validate
  4  nothing fits: no option meets the constraints (the report is still printed)
  5  over budget: the best option exceeds --max-monthly-usd or --max-job-usd (report printed)";

/// Which AWS compute, storage and pricing model fits an ML workload, and what it costs.
///
/// Works offline from a catalog of sourced EC2 specs and prices embedded in the binary;
/// `--catalog PATH` (or ADVISOR_CATALOG) loads your own.
#[derive(Debug, Parser)]
#[command(name = "advisor", version, after_help = EXIT_CODES, max_term_width = 100)]
pub struct Cli {
    /// Use this catalog (a TOML file, or a directory laid out like data/) instead of the
    /// embedded one
    #[arg(
        long,
        global = true,
        env = "ADVISOR_CATALOG",
        value_name = "PATH",
        help_heading = "Global options"
    )]
    pub catalog: Option<PathBuf>,

    /// Output format
    #[arg(long, global = true, value_enum, default_value_t = FormatArg::Table, help_heading = "Global options")]
    pub format: FormatArg,

    /// Colour on stderr labels: auto (a terminal, and NO_COLOR unset), always or never
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN", help_heading = "Global options")]
    pub color: ColorArg,

    #[command(subcommand)]
    pub command: Command,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// When stderr is a terminal and NO_COLOR is not set
    Auto,
    /// Always
    Always,
    /// Never
    Never,
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Human-readable tables
    Table,
    /// One JSON document (schema: docs/json-output.md)
    Json,
    /// GitHub-flavoured Markdown tables, for a pull-request comment
    Markdown,
    /// CSV with a header row, one row per item
    Csv,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Recommend compute, storage and pricing for a workload, with costs and reasons
    #[command(after_help = EXIT_CODES)]
    Recommend(Box<RecommendArgs>),

    /// Compare instance types side by side: specs, prices, unit costs, savings
    #[command(after_help = EXIT_CODES)]
    Compare(CompareArgs),

    /// Right-size a running instance type from its measured peak use: the cheapest type that
    /// still holds it with headroom, and the saving
    #[command(after_help = EXIT_CODES)]
    Rightsize(RightsizeArgs),

    /// Recommend every workload of a plan file and right-size its running fleets, with totals
    /// and budget gates
    #[command(after_help = EXIT_CODES)]
    Plan(PlanArgs),

    /// Print a shell completion script: advisor completions bash > /etc/bash_completion.d/advisor
    #[command(after_help = EXIT_CODES)]
    Completions {
        /// The shell
        #[arg(value_enum, value_name = "SHELL")]
        shell: clap_complete::Shell,
    },

    /// Print a man page (roff): advisor man > advisor.1, advisor man recommend, or every page
    /// with --out DIR
    #[command(after_help = EXIT_CODES)]
    Man(ManArgs),

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
    /// List the model architectures `recommend --model` knows: parameters, layers, attention
    /// and KV heads, KV cache per token, context, sources (--format json)
    #[command(after_help = EXIT_CODES)]
    Models,
    /// Refresh prices from AWS Price List offer files and the Spot Instance Advisor feed into a
    /// new catalog directory
    ///
    /// Each offer file is streamed in one pass (a progress bar on stderr when it is a terminal).
    /// Only Linux, shared-tenancy, on-demand-capacity products count. The output is the current
    /// catalog with the files' on-demand prices, standard reserved 1yr/3yr no-upfront rates and
    /// the effective hourly rate of the partial- and all-upfront options, new regions and new
    /// types of known families, and the spot feed's interruption bands; the catalog's own rules
    /// and coefficients are kept. It is written whole beside --out and validated before it is
    /// renamed into place; a replaced catalog is moved aside first and removed last, so on any
    /// error nothing changes. Bad prices (NaN, negative, zero, empty, not a number, or an
    /// instance name that is not family.size) are skipped with a warning naming them and the
    /// catalog price that stays (--strict: exit 3). With no input file, it writes the current
    /// catalog as it is (an editable copy of the embedded one).
    #[command(after_help = EXIT_CODES)]
    Import {
        /// An AWS Price List bulk offer file (AmazonEC2 index.json of one region); repeatable
        #[arg(long = "aws-offer", value_name = "FILE")]
        aws_offer: Vec<PathBuf>,
        /// The Spot Instance Advisor feed (spot-advisor-data.json)
        #[arg(long, value_name = "FILE")]
        spot_advisor: Option<PathBuf>,
        /// The catalog directory to write: a new path, or an existing advisor catalog directory
        /// with --force (never `.`, `..`, `/`, the home directory, a parent of the working
        /// directory, or a directory holding an input of this import)
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Replace --out if it is an advisor catalog directory (or empty); nothing else is
        /// ever replaced
        #[arg(long)]
        force: bool,
        /// Treat a bad price in an offer file as an error (exit 3) instead of skipping it
        #[arg(long)]
        strict: bool,
    },
    /// What changed in prices between two catalogs, e.g. `builtin` and a fresh import
    ///
    /// Lists every price (on-demand, spot, reserved and upfront reserved rates) that was added,
    /// removed, raised or lowered, by instance type and region, with the change in percent, and
    /// the instance types and regions only one catalog has.
    #[command(after_help = EXIT_CODES)]
    Diff {
        /// The old catalog: a file or directory, or `builtin` for the embedded one
        #[arg(value_name = "OLD")]
        old: String,
        /// The new catalog: a file or directory, or `builtin` for the embedded one
        #[arg(value_name = "NEW")]
        new: String,
        /// Only this region's prices
        #[arg(long, value_name = "REGION")]
        region: Option<String>,
        /// Hide price changes smaller than this many percent (added and removed prices stay)
        #[arg(long, value_name = "PCT", default_value_t = 0.0, value_parser = non_negative, allow_negative_numbers = true)]
        min_change_pct: f64,
    },
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

/// `advisor plan` arguments (SPEC §5).
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Plan file: [[workload]] entries (a name and the recommend flags as keys) and
    /// [[rightsize]] entries (a name, instance-type and the rightsize flags as keys)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Budget: exit 5 when the plan's total monthly cost (workloads and right-sized fleets) is
    /// higher
    #[arg(long, value_name = "USD", allow_hyphen_values = true, value_parser = |s: &str| units::parse_usd(s))]
    pub max_monthly_usd: Option<advisor::Usd>,

    /// Budget: exit 5 when the plan's total per-job cost is higher
    #[arg(long, value_name = "USD", allow_hyphen_values = true, value_parser = |s: &str| units::parse_usd(s))]
    pub max_job_usd: Option<advisor::Usd>,

    /// Print every rule that fired and every rejection
    #[arg(long)]
    pub explain: bool,
}

/// `advisor man` arguments.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print: recommend, catalog list, … [default: the top page]
    #[arg(value_name = "COMMAND")]
    pub command: Vec<String>,

    /// Write every page (advisor.1, advisor-recommend.1, advisor-catalog-list.1, …) into this
    /// directory, created if missing, instead of printing one
    #[arg(long, value_name = "DIR", conflicts_with = "command")]
    pub out: Option<PathBuf>,
}

/// `advisor rightsize` arguments (issue 23).
#[derive(Debug, Args)]
pub struct RightsizeArgs {
    #[command(flatten)]
    pub request: advisor::workload::rightsize::RawRightsize,
}

/// `advisor compare` arguments (SPEC §4).
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Instance types to compare, the first being the reference: p3.8xlarge p3.2xlarge
    #[arg(value_name = "TYPE", num_args = 2.., required = true)]
    pub instance_types: Vec<String>,

    /// AWS region code of the prices [default: $ADVISOR_REGION, $AWS_REGION, $AWS_DEFAULT_REGION, us-east-1]
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,

    /// Hours each instance runs per month [default: 730, around the clock]
    #[arg(long, value_name = "H", allow_hyphen_values = true, value_parser = |s: &str| units::parse_hours_per_month(s))]
    pub hours_per_month: Option<f64>,
}

/// `advisor recommend` flags (SPEC §3): the workload's, and how to show the answer.
#[derive(Debug, Args)]
pub struct RecommendArgs {
    #[command(flatten)]
    pub workload: RawWorkload,

    /// Print every rule that fired and every rejection
    #[arg(long, help_heading = "Output")]
    pub explain: bool,
}

/// A finite, non-negative number.
fn non_negative(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
        Ok(_) => Err(format!("`{s}` must be a finite number of 0 or more")),
        Err(_) => Err(format!("`{s}` is not a number")),
    }
}

/// `advisor --version`: the program's version and the embedded catalog's, with the date of its
/// newest data (a `--catalog` of your own names its own in its `[meta]`).
pub fn version() -> String {
    let (catalog, as_of) = advisor::catalog::builtin_meta();
    format!(
        "{} (embedded catalog {catalog}, data as of {as_of})",
        env!("CARGO_PKG_VERSION")
    )
}

/// Parse the command line, with [`version`] as the version.
pub fn parse() -> Cli {
    use clap::{CommandFactory, FromArgMatches};
    let version: &'static str = Box::leak(version().into_boxed_str());
    let matches = Cli::command().version(version).get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
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
