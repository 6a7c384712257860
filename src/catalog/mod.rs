//! The catalog: instance types with specs and per-region prices, accelerators, storage classes,
//! pricing models, sources, rules and sizing coefficients, loaded from TOML (or the embedded,
//! pre-validated form) and validated with every problem reported.
//!
//! Inside, bottom to top: `types` and `rule` (plain data), `instances` (types by family, decoded
//! lazily), `model` ([`Catalog`]), `stored` (the embedded form), `raw` (the serde mirror of the
//! TOML), `ctx`, `rules` and `validate` (every diagnostic), and this file's loaders.

pub mod age;
mod builtin;
mod ctx;
mod family;
mod instances;
mod model;
mod models;
pub mod raw;
mod rule;
pub mod rules;
pub(crate) mod stored;
mod strs;
mod types;
pub(crate) mod validate;

use std::path::{Path, PathBuf};

use crate::codes::Code;
use crate::diag::{Diagnostic, SourceFile};
use crate::error::Error;

pub use builtin::meta as builtin_meta;
pub use builtin::FILES as BUILTIN_FILE_NAMES;
pub use model::Catalog;
pub use rule::{Coefficient, Condition, Effects, Rule, StorageRole};
pub use types::*;

impl Catalog {
    /// The embedded catalog.
    pub fn builtin() -> Result<Catalog, Error> {
        load(&CatalogSource::Builtin)
    }
}

/// Load and validate a catalog. A bad catalog gives [`Error::Invalid`] with every diagnostic;
/// a path that cannot be read gives [`Error::Io`] naming it.
pub fn load(source: &CatalogSource) -> Result<Catalog, Error> {
    match source {
        CatalogSource::Builtin => decode_builtin(None),
        CatalogSource::Path(path) => {
            let mut files = read_path(path)?;
            files.extend(inherited_files());
            validate::validate(source.clone(), &files)
        }
    }
}

/// The embedded catalog, pre-validated (a test keeps it equal to the TOML under `data/`). It
/// cannot fail to decode unless the binary is broken: then an internal error (exit 1), never a
/// silent fallback.
fn decode_builtin(region: Option<&str>) -> Result<Catalog, Error> {
    let catalog = decode_stored(builtin::BLOB, region);
    debug_assert!(
        catalog.is_ok(),
        "data/catalog.bin does not decode: run `ADVISOR_BLESS=1 cargo test --lib blob`"
    );
    catalog
}

fn decode_stored(bytes: &'static [u8], region: Option<&str>) -> Result<Catalog, Error> {
    stored::decode(bytes, region).ok_or_else(|| {
        Error::Internal(
            "the embedded catalog (data/catalog.bin) does not decode: this build is broken; \
             rebuild advisor, or pass --catalog"
                .into(),
        )
    })
}

/// Like [`load`], for a command about one region: the embedded catalog then decodes only that
/// region's instance prices (most of its size), and every other region's are left out. A user
/// catalog is loaded whole. Use [`load`] for anything that lists prices across regions.
pub fn load_region(source: &CatalogSource, region: &str) -> Result<Catalog, Error> {
    match source {
        // region codes are lower case; `US-EAST-1` names the same region
        CatalogSource::Builtin => decode_builtin(Some(&region.to_ascii_lowercase())),
        CatalogSource::Path(_) => load(source),
    }
}

/// Parse and validate the built-in catalog from its TOML files in `data_dir` (the repository's
/// `data/`), under their `<builtin>/` names, as a user catalog is loaded: for tests,
/// benchmarks and regenerating `data/catalog.bin`. The binary embeds only the stored form.
pub fn load_builtin_toml(data_dir: &Path) -> Result<Catalog, Error> {
    let files = builtin::FILES
        .iter()
        .map(|name| {
            let path = data_dir.join(name);
            let text =
                std::fs::read_to_string(&path).map_err(|source| Error::Io { path, source })?;
            Ok(SourceFile::new(format!("<builtin>/{name}"), text))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    validate::validate(CatalogSource::Builtin, &files)
}

/// Whether a region code has the AWS shape (`us-east-1`, `us-gov-west-1`).
pub fn validate_region_code(code: &str) -> bool {
    validate::valid_region_code(code)
}

/// Load and validate a catalog from in-memory files `(display name, text)`, as if read from a
/// directory; `origin` names the catalog in messages.
pub fn load_texts(origin: &str, files: &[(&str, &str)]) -> Result<Catalog, Error> {
    let files: Vec<SourceFile> = files
        .iter()
        .map(|(name, text)| SourceFile::new(*name, *text))
        .chain(inherited_files())
        .collect();
    validate::validate(CatalogSource::Path(PathBuf::from(origin)), &files)
}

/// The built-in rule and coefficient files, which a user catalog inherits (see
/// docs/rules.md): appended after the user's files under their `<builtin>/` names.
fn inherited_files() -> impl Iterator<Item = SourceFile> {
    builtin::INHERITED
        .iter()
        .map(|(name, text)| SourceFile::new(format!("<builtin>/{name}"), *text))
}

/// The TOML files of a user catalog (a file, or a directory's `*.toml`), without the inherited
/// built-in ones.
pub(crate) fn read_user_files(path: &Path) -> Result<Vec<SourceFile>, Error> {
    read_path(path)
}

fn read_path(path: &Path) -> Result<Vec<SourceFile>, Error> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_dir() {
        return Ok(vec![read_one(path)?]);
    }
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(path).map_err(io)? {
        let entry = entry.map_err(io)?;
        let p = entry.path();
        if p.extension().is_some_and(|e| e == "toml") && p.is_file() {
            paths.push(p);
        }
    }
    paths.sort();
    if paths.is_empty() {
        return Err(Error::Invalid {
            what: format!("catalog `{}`", path.display()),
            diagnostics: vec![Diagnostic::error(
                Code::EmptyCatalogDirectory,
                format!("no `.toml` files in directory `{}`", path.display()),
            )],
        });
    }
    paths.iter().map(|p| read_one(p)).collect()
}

fn read_one(path: &Path) -> Result<SourceFile, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let name = path.display().to_string();
    match crate::diag::utf8_text(&name, bytes) {
        Ok(text) => Ok(SourceFile::new(name, text)),
        Err(d) => Err(Error::Invalid {
            what: format!("catalog file `{name}`"),
            diagnostics: vec![d],
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_catalog_that_does_not_decode_is_an_internal_error_not_a_fallback() {
        let e = decode_stored(b"not a catalog", None).unwrap_err();
        assert!(matches!(e, Error::Internal(_)), "{e}");
        assert!(!e.is_usage() && !e.is_invalid_input(), "exit 1");
        assert!(decode_builtin(Some("us-east-1")).is_ok());
    }

    fn codes(r: Result<Catalog, Error>) -> Vec<&'static str> {
        match r {
            Err(Error::Invalid { diagnostics, .. }) => {
                diagnostics.iter().map(|d| d.code.id()).collect()
            }
            Err(e) => vec![if e.is_invalid_input() { "io" } else { "other" }],
            Ok(_) => vec![],
        }
    }

    #[test]
    fn an_empty_directory_and_a_non_utf8_file_are_invalid_input() {
        let dir = std::env::temp_dir().join(format!("advisor-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert_eq!(
            codes(load(&CatalogSource::Path(dir.clone()))),
            ["empty-catalog-directory"]
        );
        let bad = dir.join("bad.toml");
        std::fs::write(&bad, b"schema-version = 1\n\xff\xfe").unwrap();
        assert_eq!(codes(load(&CatalogSource::Path(bad))), ["not-utf8"]);
        assert_eq!(
            codes(load(&CatalogSource::Path(dir.join("missing.toml")))),
            ["io"]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
