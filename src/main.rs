//! The `advisor` binary: parse flags, run the command, write stdout, choose the exit code.
#![forbid(unsafe_code)]

mod cli;
mod commands;
mod exit;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use advisor::render::{self, Format, RenderOptions};
use exit::Exit;

fn main() -> ExitCode {
    let cli = cli::parse();
    let stdout = io::stdout();
    let options = RenderOptions {
        width: width(stdout.is_terminal()),
        explain: false,
        markdown: false,
    };
    match commands::run(&cli, &options) {
        Ok(out) => {
            let code = ExitCode::from(out.exit);
            if out.exit == Exit::InvalidInput && commands::format(&cli) == Format::Table {
                // catalog validate on a bad catalog: the diagnostics are the report, and
                // people read them on stderr; JSON stays on stdout
                return finish(io::stderr().write_all(&out.stdout), code);
            }
            let written = finish(stdout.lock().write_all(&out.stdout), code);
            let mut stderr = io::stderr().lock();
            for w in &out.warnings {
                let _ = writeln!(stderr, "{w}");
            }
            written
        }
        Err(err) => {
            let exit = Exit::of_error(&err);
            let mut stderr = io::stderr().lock();
            let _ = writeln!(stderr, "{}: {err:#}", label("error", color(&cli)));
            let diagnostics = match err.downcast_ref::<advisor::Error>() {
                Some(advisor::Error::Invalid { diagnostics, .. }) => diagnostics.as_slice(),
                _ => &[],
            };
            for d in diagnostics {
                let _ = writeln!(stderr, "{d}");
            }
            if commands::format(&cli) == Format::Json {
                let mut buf = Vec::new();
                let _ = render::render_json_error(
                    commands::command_name(&cli),
                    exit.error_kind(),
                    &format!("{err:#}"),
                    diagnostics,
                    &mut buf,
                );
                let _ = stdout.lock().write_all(&buf);
            }
            ExitCode::from(exit)
        }
    }
}

/// Whether stderr labels get colour: `--color`, then NO_COLOR, then whether stderr is a terminal.
fn color(cli: &cli::Cli) -> bool {
    match cli.color {
        cli::ColorArg::Always => true,
        cli::ColorArg::Never => false,
        cli::ColorArg::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stderr().is_terminal()
        }
    }
}

/// `error` in bold red when colour is on.
fn label(text: &str, color: bool) -> String {
    if color {
        format!("\x1b[1;31m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// A closed pipe (`advisor ... | head`) is a normal end; any other write error is exit 1.
fn finish(written: io::Result<()>, code: ExitCode) -> ExitCode {
    match written.and_then(|()| io::stdout().flush()) {
        Ok(()) => code,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => code,
        Err(e) => {
            let _ = writeln!(io::stderr(), "error: cannot write output: {e}");
            ExitCode::from(Exit::Failure)
        }
    }
}

/// The width tables fit: `COLUMNS` when it is a positive number (POSIX: the user's preferred
/// width, piped or not), else the terminal's; None (the full width, as when piped) when neither
/// is known or the terminal reports 0 columns.
fn width(terminal: bool) -> Option<u16> {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok());
    columns
        .or_else(|| {
            terminal
                .then(|| comfy_table::Table::new().width())
                .flatten()
        })
        .filter(|&w| w > 0)
}
