//! advisor: which AWS compute, storage and pricing model fits an ML workload, and what it costs.
//!
//! The library holds every decision; the `advisor` binary only parses flags, picks streams and
//! maps outcomes to exit codes. Nothing here prints: renderers write to a `&mut dyn Write`.
//!
//! # Layers
//!
//! Bottom to top; a module imports only from its own layer or below, and no two files import
//! each other, even through others (`tests/cli/layers.rs` reads the `use` lines and checks both):
//!
//! 1. **Leaves**: [`units`] (sizes, counts, rates as text), [`money`] ([`Usd`] in micro-dollars),
//!    [`suggest`] ("did you mean"), [`codes`] (diagnostic codes), [`diag`] (diagnostics with
//!    `file:line:col`), [`error`] (the library's [`Error`]), [`vocab`] (the shared enums and
//!    constants: workload kinds, pricing models, `HOURS_PER_MONTH`, required coefficients).
//! 2. **[`catalog`]**: the data: the TOML mirror, validation with every diagnostic, the
//!    validated [`Catalog`] and its embedded, pre-validated form.
//! 3. **The request**: [`workload`] (one input type, [`workload::RawWorkload`], for flags and
//!    plan keys; a catalog-free check, then resolution against the catalog) and [`plan_file`].
//! 4. **[`answer`]**: every result type, plain data (`Serialize`), no logic.
//! 5. **[`sizing`]**: pure formulas over the catalog's coefficients.
//! 6. **Compute**: [`engine`] (recommend), [`compare`], [`diff`], [`query`] (the catalog
//!    commands), [`plan`], [`import`]: each returns an [`answer`] type.
//! 7. **[`render`]**: table, Markdown, CSV, JSON and the JSON Schema, reading [`answer`] types
//!    only.
//! 8. **The binary** (`src/main.rs`, `cli.rs`, `commands.rs`, `exit.rs`): clap types, one
//!    function per subcommand, streams and exit codes. The library derives `clap::Args` on
//!    [`workload::RawWorkload`] only, behind the default `cli` feature.
#![forbid(unsafe_code)]
#![warn(missing_docs, clippy::print_stdout, clippy::print_stderr)]

pub mod answer;
pub mod catalog;
pub mod codes;
pub mod compare;
pub mod diag;
pub mod diff;
pub mod engine;
pub mod error;
pub mod import;
pub mod metrics;
pub mod money;
pub mod plan;
pub mod plan_file;
pub mod query;
pub mod render;
pub mod rightsize;
pub mod sizing;
pub mod suggest;
pub mod units;
pub mod vocab;
pub mod workload;

pub use catalog::{Catalog, CatalogSource};
pub use diag::{Diagnostic, Severity};
pub use error::Error;
pub use money::Usd;
