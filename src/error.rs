//! The library's error type. Its variant decides the exit code.

use std::path::PathBuf;

use crate::diag::Diagnostic;

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input file (catalog) failed to parse or validate; every problem found is listed.
    #[error("{what} is invalid ({} error(s))", count_errors(diagnostics))]
    Invalid {
        /// What was being read, e.g. "catalog `my-catalog/`".
        what: String,
        /// Every problem found, errors first.
        diagnostics: Vec<Diagnostic>,
    },
    /// A file or directory could not be read.
    #[error("cannot read {}", path.display())]
    Io {
        /// The path as given.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// An output file or directory could not be written (exit code 1). `path` is the path the
    /// user gave, never a temporary name.
    #[error("cannot write `{}`: {reason}", path.display())]
    Write {
        /// The output path as given.
        path: PathBuf,
        /// What went wrong, in words (the underlying error, and which step failed).
        reason: String,
    },
    /// Something that cannot happen in a sound build, such as an embedded catalog that does
    /// not decode (exit code 1).
    #[error("{0}")]
    Internal(String),
    /// A bad value on the command line that is not a name (exit code 2).
    #[error("{0}")]
    Usage(String),
    /// A name given by the user is not in the catalog (instance type, family, region, ...).
    #[error("unknown {kind} `{value}`{}", help_suffix(help))]
    Unknown {
        /// What kind of name, e.g. "instance type".
        kind: &'static str,
        /// The value as given.
        value: String,
        /// "did you mean" or where to find the valid names.
        help: Option<String>,
    },
}

fn count_errors(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == crate::diag::Severity::Error)
        .count()
}

fn help_suffix(help: &Option<String>) -> String {
    help.as_ref().map(|h| format!("; {h}")).unwrap_or_default()
}

impl Error {
    /// Whether this error means the user's input file is bad (exit code 3).
    pub fn is_invalid_input(&self) -> bool {
        matches!(self, Error::Invalid { .. } | Error::Io { .. })
    }

    /// Whether this error is a bad value on the command line (exit code 2).
    pub fn is_usage(&self) -> bool {
        matches!(self, Error::Unknown { .. } | Error::Usage(_))
    }
}
