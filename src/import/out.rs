//! Where `catalog import` may write, and how it replaces a catalog without ever deleting first.
//!
//! `--out` is a path that does not exist, an empty directory, or a directory that is an advisor
//! catalog (`catalog.toml` with `schema-version` and `[meta]`, and nothing but `.toml` files);
//! `--force` is needed to replace a catalog. The working directory and its ancestors, `/`, the
//! home directory and any directory holding an input of the same command are always refused.
//!
//! The new catalog is written whole into a hidden sibling directory; the old one is moved aside,
//! the new one renamed into place, and only then is the old one removed. A failure at any step
//! restores the old catalog and removes the new one (docs/errors.md).

use std::io;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// What `--out` is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Target {
    /// Nothing is there.
    New,
    /// An empty directory: nothing to lose.
    Empty,
    /// An advisor catalog directory, to be replaced (`--force` given).
    Catalog,
}

fn refuse(out: &Path, why: impl std::fmt::Display) -> Error {
    Error::Usage(format!("refusing --out `{}`: {why}", out.display()))
}

fn cannot_write(out: &Path, reason: impl std::fmt::Display) -> Error {
    Error::Write {
        path: out.to_path_buf(),
        reason: reason.to_string(),
    }
}

/// The directory `out` is created in (`.` for a bare name).
fn parent_of(out: &Path) -> &Path {
    out.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Check that `out` is a path `catalog import` may write, before anything is read or written.
/// `inputs` are the files and directories the command reads (offer files, the spot feed, the
/// `--catalog` it updates).
/// `out` without trailing slashes or `.` components (`cat/`, `./cat/.` are `cat`, `./cat`), so
/// that what is checked is what is renamed.
pub(super) fn normalize(out: &Path) -> PathBuf {
    out.components().collect()
}

pub(super) fn check(out: &Path, force: bool, inputs: &[&Path]) -> Result<Target, Error> {
    if out.as_os_str().is_empty() {
        return Err(Error::Usage(
            "--out is empty; expected the path of a new catalog directory".into(),
        ));
    }
    let Some(name) = out.file_name() else {
        return Err(refuse(
            out,
            if out.has_root() && out.parent().is_none() {
                "it is the root directory"
            } else {
                "it names the current or the parent directory; name a new directory, e.g. \
                 `--out my-catalog`"
            },
        ));
    };
    let meta = match std::fs::symlink_metadata(out) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let parent = parent_of(out);
            return match std::fs::metadata(parent) {
                Ok(m) if m.is_dir() => Ok(Target::New),
                Ok(_) => Err(cannot_write(
                    out,
                    format!("`{}` is a file, not a directory", parent.display()),
                )),
                Err(e) => Err(cannot_write(
                    out,
                    format!("its directory `{}`: {e}", parent.display()),
                )),
            };
        }
        Err(e) if e.kind() == io::ErrorKind::NotADirectory => {
            let file = out
                .ancestors()
                .skip(1)
                .find(|a| std::fs::metadata(a).is_ok_and(|m| !m.is_dir()))
                .unwrap_or(out);
            return Err(cannot_write(
                out,
                format!("`{}` is a file, not a directory", file.display()),
            ));
        }
        Err(e) => return Err(cannot_write(out, e)),
    };
    if meta.file_type().is_symlink() {
        return Err(refuse(
            out,
            "it is a symbolic link; name the directory itself",
        ));
    }
    if !meta.is_dir() {
        return Err(refuse(
            out,
            "it is a file, not a catalog directory; name a new directory",
        ));
    }
    let abs = std::fs::canonicalize(out).map_err(|e| cannot_write(out, e))?;
    if abs.parent().is_none() {
        return Err(refuse(out, "it is the root directory"));
    }
    let home = std::env::var_os("HOME").and_then(|h| std::fs::canonicalize(h).ok());
    if home.as_deref() == Some(abs.as_path()) {
        return Err(refuse(out, "it is the home directory"));
    }
    if let Ok(cwd) = std::env::current_dir().and_then(std::fs::canonicalize) {
        if cwd.starts_with(&abs) {
            return Err(refuse(
                out,
                "it is the working directory or one of its parents; name a new directory",
            ));
        }
    }
    for input in inputs {
        if let Ok(i) = std::fs::canonicalize(input) {
            if i.starts_with(&abs) {
                let relation = if i == abs { "is" } else { "holds" };
                return Err(refuse(
                    out,
                    format_args!(
                        "it {relation} `{}`, an input of this import; write the new catalog to \
                         another directory (then `advisor catalog diff` the two)",
                        input.display()
                    ),
                ));
            }
        }
    }
    match what_is_in(out).map_err(|e| cannot_write(out, e))? {
        Contents::Empty if force => Ok(Target::Empty),
        Contents::Catalog if force => Ok(Target::Catalog),
        Contents::Empty => Err(exists(out, "an empty directory")),
        Contents::Catalog => Err(exists(out, "an advisor catalog")),
        Contents::Other(why) => Err(refuse(
            out,
            format_args!(
                "`{}` is not an advisor catalog directory ({why}); --out must be a new path or a \
                 catalog directory, and --force replaces only a catalog",
                name.to_string_lossy()
            ),
        )),
    }
}

fn exists(out: &Path, what: &str) -> Error {
    Error::Usage(format!(
        "`{}` already exists ({what}); pass --force to replace it, or choose another --out",
        out.display()
    ))
}

enum Contents {
    Empty,
    Catalog,
    /// Not a catalog, and why.
    Other(String),
}

/// Whether `dir` is empty, an advisor catalog, or something else.
fn what_is_in(dir: &Path) -> io::Result<Contents> {
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        entries.push((entry.file_name(), entry.file_type()?));
    }
    if entries.is_empty() {
        return Ok(Contents::Empty);
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, kind) in &entries {
        let toml = Path::new(name).extension().is_some_and(|e| e == "toml");
        if !kind.is_file() || !toml {
            return Ok(Contents::Other(format!(
                "it holds `{}`, which is not a catalog file",
                name.to_string_lossy()
            )));
        }
    }
    let marker = std::fs::read(dir.join("catalog.toml"))
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|t| t.parse::<toml::Table>().ok())
        .is_some_and(|t| {
            t.get("schema-version").is_some_and(toml::Value::is_integer)
                && t.get("meta").is_some_and(toml::Value::is_table)
        });
    Ok(if marker {
        Contents::Catalog
    } else {
        Contents::Other("no `catalog.toml` with `schema-version` and `[meta]`".into())
    })
}

/// What an import stopped by a signal left beside `out` (its hidden siblings, named with the
/// id of a process that is no longer running): a new catalog it did not finish is removed; an
/// old catalog it had moved aside is put back when `out` is missing, and removed when the new
/// one is in place. Returns what was done, as warnings. Where processes cannot be looked up
/// (no `/proc`), nothing is touched.
pub(super) fn recover(out: &Path) -> Vec<String> {
    let mut done = Vec::new();
    let (Some(name), true) = (out.file_name(), Path::new("/proc/self").exists()) else {
        return done;
    };
    let prefix = format!(".{}.advisor-", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(parent_of(out)) else {
        return done;
    };
    let mut left: Vec<(PathBuf, bool)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let file = e.file_name().to_string_lossy().into_owned();
            let rest = file.strip_prefix(&prefix)?;
            let (kind, pid) = rest.split_once('-')?;
            let pid = pid.split('-').next()?;
            let dead =
                pid.bytes().all(|b| b.is_ascii_digit()) && !Path::new("/proc").join(pid).exists();
            let path = out.with_file_name(&file);
            (dead && path.is_dir() && (kind == "new" || kind == "old"))
                .then_some((path, kind == "old"))
        })
        .collect();
    left.sort();
    for (path, old) in left {
        let what = if !old {
            std::fs::remove_dir_all(&path).map(|()| "removed an unfinished new catalog")
        } else if std::fs::symlink_metadata(out).is_err() {
            std::fs::rename(&path, out).map(|()| "put the old catalog back")
        } else if matches!(what_is_in(&path), Ok(Contents::Catalog)) {
            std::fs::remove_dir_all(&path).map(|()| "removed the old catalog, replaced before")
        } else {
            continue;
        };
        done.push(match what {
            Ok(w) => format!(
                "an import of `{}` was stopped before it finished: {w} (`{}`)",
                out.display(),
                path.display()
            ),
            Err(e) => format!(
                "an import of `{}` was stopped before it finished and left `{}`, which could not \
                 be tidied ({e})",
                out.display(),
                path.display()
            ),
        });
    }
    done
}

/// A step of [`replace`] that can fail; debug builds fail it on purpose when
/// `ADVISOR_FAILPOINT` names it, so tests can show that every failure leaves the old catalog.
fn step(name: &str) -> io::Result<()> {
    if cfg!(debug_assertions) && std::env::var("ADVISOR_FAILPOINT").is_ok_and(|v| v == name) {
        return Err(io::Error::other(format!("injected failure ({name})")));
    }
    Ok(())
}

/// A fresh hidden sibling of `out`: `.NAME.advisor-KIND-PID[-N]`, created empty.
fn sibling(out: &Path, kind: &str, create: bool) -> io::Result<PathBuf> {
    let name = out.file_name().unwrap_or_default().to_string_lossy();
    let base = format!(".{name}.advisor-{kind}-{}", std::process::id());
    for n in 0..100 {
        let candidate = out.with_file_name(if n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        });
        if create {
            match std::fs::create_dir(&candidate) {
                Ok(()) => return Ok(candidate),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        } else if std::fs::symlink_metadata(&candidate).is_err() {
            return Ok(candidate);
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "a hundred leftover temporary directories are in the way",
    ))
}

/// Write `files` into a new hidden sibling of `out`, let `verify` check it, then put it in
/// place of `out`. Returns warnings (an old catalog that could not be removed).
pub(super) fn replace(
    out: &Path,
    target: Target,
    files: &[(String, String)],
    verify: impl FnOnce(&Path) -> Result<(), Error>,
) -> Result<Vec<String>, Error> {
    let new = sibling(out, "new", true).map_err(|e| cannot_write(out, e))?;
    let written = (|| -> Result<(), Error> {
        for (file, text) in files {
            step("write")
                .and_then(|()| std::fs::write(new.join(file), text))
                .map_err(|e| cannot_write(out, format_args!("writing {file}: {e}")))?;
        }
        verify(&new)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&new);
        return Err(e);
    }
    let old = match target {
        Target::New => None,
        Target::Empty | Target::Catalog => {
            // what is there now, not what was there when the import started
            let unchanged = matches!(
                (target, what_is_in(out)),
                (Target::Catalog, Ok(Contents::Catalog)) | (Target::Empty, Ok(Contents::Empty))
            );
            let aside = if unchanged {
                sibling(out, "old", false).and_then(|aside| {
                    step("move-old")?;
                    std::fs::rename(out, &aside)?;
                    Ok(aside)
                })
            } else {
                Err(io::Error::other(
                    "it changed during the import and is no longer only an advisor catalog",
                ))
            };
            match aside {
                Ok(a) => Some(a),
                Err(e) => {
                    let _ = std::fs::remove_dir_all(&new);
                    return Err(cannot_write(
                        out,
                        format_args!("moving the old catalog aside: {e}; it is unchanged"),
                    ));
                }
            }
        }
    };
    if let Err(e) = step("move-new").and_then(|()| std::fs::rename(&new, out)) {
        let _ = std::fs::remove_dir_all(&new);
        let restored = match &old {
            Some(aside) => std::fs::rename(aside, out).map_err(|r| (aside, r)),
            None => Ok(()),
        };
        return Err(match restored {
            Ok(()) => cannot_write(
                out,
                format_args!(
                    "{e}{}",
                    if old.is_some() {
                        "; the old catalog is unchanged"
                    } else {
                        ""
                    }
                ),
            ),
            Err((aside, r)) => cannot_write(
                out,
                format_args!(
                    "{e}; the old catalog could not be put back ({r}) and is at `{}`",
                    aside.display()
                ),
            ),
        });
    }
    let mut warnings = Vec::new();
    if let Some(aside) = old {
        // a file added in the moment between the last check and the move is kept
        if !matches!(
            what_is_in(&aside),
            Ok(Contents::Catalog) | Ok(Contents::Empty)
        ) {
            warnings.push(format!(
                "the new catalog is in `{}`; the old one, moved to `{}`, holds files that are \
                 not the catalog's and was kept",
                out.display(),
                aside.display()
            ));
            return Ok(warnings);
        }
        if let Err(e) = step("remove-old").and_then(|()| std::fs::remove_dir_all(&aside)) {
            warnings.push(format!(
                "the new catalog is in `{}`, but the old one, moved to `{}`, could not be \
                 removed ({e}); delete it by hand",
                out.display(),
                aside.display()
            ));
        }
    }
    Ok(warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("advisor-out-unit-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn catalog_dir(dir: &Path) {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("catalog.toml"), "schema-version = 1\n[meta]\n").unwrap();
    }

    #[test]
    fn a_file_added_to_the_catalog_during_the_import_stops_the_swap() {
        let root = scratch("changed");
        let out = root.join("cat");
        catalog_dir(&out);
        assert_eq!(check(&out, true, &[]).unwrap(), Target::Catalog);
        let files = [("catalog.toml".to_string(), "new".to_string())];
        // the user writes into the catalog directory while the import runs
        let e = replace(&out, Target::Catalog, &files, |_| {
            std::fs::write(out.join("notes.txt"), "mine").unwrap();
            Ok(())
        })
        .unwrap_err();
        assert!(e.to_string().contains("changed during the import"), "{e}");
        assert_eq!(
            std::fs::read_to_string(out.join("notes.txt")).unwrap(),
            "mine"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("catalog.toml")).unwrap(),
            "schema-version = 1\n[meta]\n"
        );
        let names: Vec<_> = std::fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["cat"], "no hidden directory left");
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn what_a_stopped_import_left_is_tidied_or_put_back() {
        let root = scratch("stopped");
        let out = root.join("cat");
        // a process id that is not running: above the kernel's maximum
        let dead = 4_194_304 + 7;
        let new = root.join(format!(".cat.advisor-new-{dead}"));
        let old = root.join(format!(".cat.advisor-old-{dead}"));
        std::fs::create_dir(&new).unwrap();
        catalog_dir(&old);
        let done = recover(&out);
        assert_eq!(done.len(), 2, "{done:?}");
        assert!(!new.exists());
        assert!(out.join("catalog.toml").exists(), "the old catalog is back");
        // a live process's siblings are its own business
        let live = root.join(format!(".cat.advisor-new-{}", std::process::id()));
        std::fs::create_dir(&live).unwrap();
        assert!(recover(&out).is_empty());
        assert!(live.exists());
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn trailing_slashes_and_dots_are_dropped() {
        assert_eq!(normalize(Path::new("cat/")), PathBuf::from("cat"));
        assert_eq!(normalize(Path::new("./cat/.")), PathBuf::from("./cat"));
        assert_eq!(normalize(Path::new("a/./b/")), PathBuf::from("a/b"));
    }
}
