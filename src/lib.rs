//! advisor: which AWS compute, storage and pricing model fits an ML workload, and what it costs.
//!
//! The library holds every decision; the `advisor` binary only parses flags, picks streams and
//! maps outcomes to exit codes. Nothing here prints: renderers write to a `&mut dyn Write`.
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
pub mod money;
pub mod plan;
pub mod plan_file;
pub mod query;
pub mod render;
pub mod sizing;
pub mod suggest;
pub mod units;
pub mod vocab;
pub mod workload;

pub use catalog::{Catalog, CatalogSource};
pub use diag::{Diagnostic, Severity};
pub use error::Error;
pub use money::Usd;
