//! Diagnostics: a problem found in an input file, with its code, message and `file:line:col`.

use std::cell::OnceCell;
use std::fmt;

use serde::Serialize;

pub use crate::codes::Code;

/// How bad a diagnostic is. Errors make the input invalid; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// The input is invalid and is not used.
    Error,
    /// Worth fixing, but the input is still used.
    Warning,
}

/// Where in which file a diagnostic points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Location {
    /// Display name of the file (`<builtin>/prices.toml` or the path as given).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// One problem in an input, with a stable kebab-case `code`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable id of the kind of problem, e.g. `unknown-instance-type`.
    pub code: Code,
    /// What is wrong, naming the bad value.
    pub message: String,
    /// Where it is, when it is in a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// A hint such as "did you mean `g5.xlarge`?".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error diagnostic with no location yet.
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            location: None,
            help: None,
        }
    }

    /// A warning diagnostic with no location yet.
    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Attach a location.
    pub fn at(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }

    /// Attach a hint.
    pub fn with_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }
}

impl fmt::Display for Diagnostic {
    /// One line: `file:line:col: error[code]: message; help`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = &self.location {
            write!(f, "{}:{}:{}: ", loc.file, loc.line, loc.column)?;
        }
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}[{}]: {}", self.code, self.message)?;
        if let Some(help) = &self.help {
            write!(f, "; {help}")?;
        }
        Ok(())
    }
}

/// How many diagnostics of one code [`summarize`] shows before it only counts the rest.
pub const SHOWN_PER_CODE: usize = 3;

/// One line of a summarised list of diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Summarized<'a> {
    /// A diagnostic shown in full.
    Shown(&'a Diagnostic),
    /// `count` more diagnostics of `code` that are not shown.
    More {
        /// Their code.
        code: Code,
        /// How many.
        count: usize,
    },
}

impl fmt::Display for Summarized<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Summarized::Shown(d) => d.fmt(f),
            Summarized::More { code, count } => write!(
                f,
                "{count} more [{code}] like the above; `advisor catalog validate` lists them all"
            ),
        }
    }
}

/// Diagnostics with at most [`SHOWN_PER_CODE`] of each code, in their order, each code's excess
/// counted on one line after its last shown one: 700 unpriced types are 4 lines, not 700.
pub fn summarize(diagnostics: &[Diagnostic]) -> Vec<Summarized<'_>> {
    let mut count = std::collections::BTreeMap::<Code, usize>::new();
    for d in diagnostics {
        *count.entry(d.code).or_default() += 1;
    }
    let mut seen = std::collections::BTreeMap::<Code, usize>::new();
    let mut out = Vec::new();
    for d in diagnostics {
        let n = seen.entry(d.code).or_default();
        *n += 1;
        if *n <= SHOWN_PER_CODE {
            out.push(Summarized::Shown(d));
        }
        let total = count[&d.code];
        if *n == SHOWN_PER_CODE.min(total) && total > SHOWN_PER_CODE {
            out.push(Summarized::More {
                code: d.code,
                count: total - SHOWN_PER_CODE,
            });
        }
    }
    out
}

/// A file's bytes as text, or a `not-utf8` diagnostic at the line and column of the first byte
/// that is not UTF-8.
pub fn utf8_text(name: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        // the valid prefix locates the bad byte: its line, and its column in characters
        let prefix = String::from_utf8_lossy(&bytes[..valid]);
        let at = SourceFile::new(name, prefix.as_ref()).locate(valid);
        Diagnostic::error(
            Code::NotUtf8,
            format!(
                "`{name}` is not UTF-8 text: byte 0x{:02x} at offset {valid} is not valid UTF-8",
                bytes[valid]
            ),
        )
        .at(Some(at))
        .with_help(Some("save the file as UTF-8".into()))
    })
}

/// A diagnostic for a TOML parse or shape error (`toml::de::Error`), located in `file`, with a
/// code that says which kind: `unknown-key`, `missing-key`, `wrong-type` or `invalid-toml`.
pub fn from_toml_error(e: &toml::de::Error, file: &SourceFile) -> Diagnostic {
    let message = e.message().trim().replace('\n', " ");
    let code = if message.starts_with("unknown field") {
        Code::UnknownKey
    } else if message.starts_with("missing field") {
        Code::MissingKey
    } else if message.starts_with("invalid type") || message.starts_with("invalid value") {
        Code::WrongType
    } else {
        Code::InvalidToml
    };
    Diagnostic::error(code, message).at(Some(file.locate(e.span().map_or(0, |s| s.start))))
}

/// The text of one input file and its display name; turns byte offsets into line and column.
#[derive(Debug)]
pub struct SourceFile {
    name: String,
    text: String,
    line_starts: OnceCell<Vec<usize>>,
}

impl SourceFile {
    /// Wrap a file's text under the name diagnostics will show.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        SourceFile {
            name: name.into(),
            text: text.into(),
            line_starts: OnceCell::new(),
        }
    }

    /// The display name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The file's text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Line and column (1-based, column in characters) of a byte offset.
    pub fn locate(&self, offset: usize) -> Location {
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let offset = offset.min(self.text.len());
        let line = starts.partition_point(|&s| s <= offset);
        let start = starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        Location {
            file: self.name.clone(),
            line,
            column,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_counts_lines_and_characters() {
        let f = SourceFile::new("x.toml", "a = 1\nbé = 2\n\nc");
        assert_eq!((f.locate(0).line, f.locate(0).column), (1, 1));
        assert_eq!((f.locate(6).line, f.locate(6).column), (2, 1));
        // byte 9 is after "bé" (3 bytes): column 3 in characters
        assert_eq!((f.locate(9).line, f.locate(9).column), (2, 3));
        assert_eq!(f.locate(16).line, 4);
        assert_eq!(f.locate(999).line, 4);
    }

    #[test]
    fn a_non_utf8_byte_is_located_by_line_and_character_column() {
        let d = utf8_text("x.toml", b"a = 1\nb = \"\xc3\xa9\xff\"\n".to_vec()).unwrap_err();
        let loc = d.location.clone().unwrap();
        // line 2: `b = "é` is 6 characters, so the bad byte is column 7
        assert_eq!((loc.line, loc.column), (2, 7));
        assert!(d.message.contains("0xff"), "{}", d.message);
        assert_eq!(utf8_text("x", b"ok".to_vec()).unwrap(), "ok");
    }

    #[test]
    fn summarize_counts_what_it_does_not_show() {
        let many: Vec<Diagnostic> = (0..5)
            .map(|i| Diagnostic::warning(Code::UnpricedInstanceType, format!("t{i}")))
            .chain([Diagnostic::warning(Code::UnknownFamily, "f")])
            .collect();
        let lines: Vec<String> = summarize(&many).iter().map(|s| s.to_string()).collect();
        assert_eq!(
            lines,
            [
                "warning[unpriced-instance-type]: t0",
                "warning[unpriced-instance-type]: t1",
                "warning[unpriced-instance-type]: t2",
                "2 more [unpriced-instance-type] like the above; `advisor catalog validate` lists them all",
                "warning[unknown-family]: f",
            ]
        );
    }

    #[test]
    fn display_is_one_line() {
        let d = Diagnostic::error(Code::UnknownRegion, "unknown region `us-east-9`")
            .at(Some(Location {
                file: "p.toml".into(),
                line: 3,
                column: 10,
            }))
            .with_help(Some("did you mean `us-east-1`?".into()));
        assert_eq!(
            d.to_string(),
            "p.toml:3:10: error[unknown-region]: unknown region `us-east-9`; did you mean `us-east-1`?"
        );
    }
}
