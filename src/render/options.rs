//! How to render: the format, and what the terminal allows.

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// A human-readable table.
    #[default]
    Table,
    /// One JSON document (schema in docs/json-output.md).
    Json,
    /// GitHub-flavoured Markdown tables (for a PR comment).
    Markdown,
    /// CSV: a header row and one row per item.
    Csv,
}

/// Rendering options that come from the terminal, decided by the binary.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// Wrap tables to this many columns; `None` never wraps (pipes, files, tests).
    pub width: Option<u16>,
    /// Show every rule and rejection (`--explain`).
    pub explain: bool,
    /// Draw tables as GitHub-flavoured Markdown.
    pub markdown: bool,
}
