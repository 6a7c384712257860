//! The exit codes (docs/exit-codes.md, `advisor --help`).

use advisor::answer::recommend::Outcome;

/// How the process ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: the report was written.
    Success,
    /// 1: an internal or I/O error (stdout, or a catalog directory, could not be written).
    Failure,
    /// 2: a bad flag or value, or a name the catalog does not know.
    Usage,
    /// 3: a catalog or input file is missing, unreadable or invalid.
    InvalidInput,
    /// 4: no option meets the constraints; the report was written.
    NothingFits,
    /// 5: the best option is over budget; the report was written.
    OverBudget,
}

impl Exit {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::Failure => 1,
            Exit::Usage => 2,
            Exit::InvalidInput => 3,
            Exit::NothingFits => 4,
            Exit::OverBudget => 5,
        }
    }

    /// The exit of a report's outcome.
    pub fn of_outcome(outcome: Outcome) -> Exit {
        match outcome {
            Outcome::Ok => Exit::Success,
            Outcome::NothingFits => Exit::NothingFits,
            Outcome::OverBudget => Exit::OverBudget,
        }
    }

    /// The exit of an error, by the library error's kind.
    pub fn of_error(err: &anyhow::Error) -> Exit {
        match err.downcast_ref::<advisor::Error>() {
            Some(e) if e.is_usage() => Exit::Usage,
            Some(e) if e.is_invalid_input() => Exit::InvalidInput,
            _ => Exit::Failure,
        }
    }

    /// The `error.kind` of a JSON error document.
    pub fn error_kind(self) -> &'static str {
        match self {
            Exit::Usage => "usage",
            Exit::InvalidInput => "invalid-input",
            _ => "internal",
        }
    }
}

impl From<Exit> for std::process::ExitCode {
    fn from(e: Exit) -> Self {
        std::process::ExitCode::from(e.code())
    }
}
