//! The validation context: the files being read and the diagnostics found so far, with helpers
//! that report a bad value at its `file:line:col`.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::Spanned;

use super::age::valid_date;
use crate::diag::{Code, Diagnostic, Location, SourceFile};
use crate::money::Usd;
use crate::suggest;

pub(super) struct Ctx<'a> {
    pub(super) files: &'a [SourceFile],
    pub(super) diags: Vec<Diagnostic>,
}

impl Ctx<'_> {
    pub(super) fn loc(&self, file: usize, span: Range<usize>) -> Option<Location> {
        Some(self.files[file].locate(span.start))
    }

    pub(super) fn error(&mut self, file: usize, span: Range<usize>, code: Code, msg: String) {
        let d = Diagnostic::error(code, msg).at(self.loc(file, span));
        self.diags.push(d);
    }

    pub(super) fn error_help(
        &mut self,
        file: usize,
        span: Range<usize>,
        code: Code,
        msg: String,
        help: Option<String>,
    ) {
        let d = Diagnostic::error(code, msg)
            .at(self.loc(file, span))
            .with_help(help);
        self.diags.push(d);
    }

    pub(super) fn warning(&mut self, file: usize, span: Range<usize>, code: Code, msg: String) {
        let d = Diagnostic::warning(code, msg).at(self.loc(file, span));
        self.diags.push(d);
    }

    /// A positive, finite number, or an error naming the field.
    pub(super) fn positive(&mut self, file: usize, v: &Spanned<f64>, what: &str) -> f64 {
        let x = *v.get_ref();
        if !x.is_finite() || x <= 0.0 {
            self.error(
                file,
                v.span(),
                Code::NonPositiveValue,
                format!("{what} must be a positive number, found {x}"),
            );
        }
        x
    }

    /// A positive amount in USD.
    pub(super) fn usd(&mut self, file: usize, v: &Spanned<f64>, what: &str) -> Usd {
        let x = *v.get_ref();
        let parsed = Usd::from_dollars(x);
        match parsed {
            Ok(usd) if usd.micros() > 0 => usd,
            Ok(_) => {
                self.error(
                    file,
                    v.span(),
                    Code::NonPositivePrice,
                    format!("{what} must be more than $0.000001, found {x}"),
                );
                Usd::ZERO
            }
            Err(_) => {
                self.error(
                    file,
                    v.span(),
                    Code::NonPositivePrice,
                    format!("{what} must be a finite amount below $9e12, found {x}"),
                );
                Usd::ZERO
            }
        }
    }

    /// Record the first definition of an id; report later ones as duplicates.
    pub(super) fn unique<'k>(
        &mut self,
        seen: &mut BTreeMap<&'k str, Location>,
        file: usize,
        id: &'k Spanned<String>,
        what: &str,
    ) -> bool {
        let here = self.files[file].locate(id.span().start);
        if let Some(first) = seen.get(id.get_ref().as_str()) {
            let msg = format!(
                "duplicate {what} `{}` (first defined at {}:{}:{})",
                id.get_ref(),
                first.file,
                first.line,
                first.column
            );
            self.error(file, id.span(), Code::DuplicateId, msg);
            false
        } else {
            seen.insert(id.get_ref(), here);
            true
        }
    }

    pub(super) fn reference(
        &mut self,
        known: &BTreeMap<&str, Location>,
        file: usize,
        r: &Spanned<String>,
        code: Code,
        what: &str,
    ) -> bool {
        let found = known.contains_key(r.get_ref().as_str());
        self.check_ref(found, known.keys().copied(), file, r, code, what)
    }

    /// Report `r` as an unknown `what` unless `found`, suggesting the closest candidate.
    pub(super) fn check_ref<'k>(
        &mut self,
        found: bool,
        candidates: impl Iterator<Item = &'k str>,
        file: usize,
        r: &Spanned<String>,
        code: Code,
        what: &str,
    ) -> bool {
        if found {
            return true;
        }
        let help = suggest::did_you_mean(r.get_ref(), candidates);
        self.error_help(
            file,
            r.span(),
            code,
            format!("unknown {what} `{}`", r.get_ref()),
            help,
        );
        false
    }
}

/// Whether file `f` is one of the built-in files appended to a user catalog for inheritance.
pub(super) fn is_builtin(cx: &Ctx, f: usize) -> bool {
    cx.files[f].name().starts_with("<builtin>/")
}

pub(super) fn check_date(cx: &mut Ctx, f: usize, v: &Spanned<String>, what: &str) {
    if !valid_date(v.get_ref()) {
        cx.error(
            f,
            v.span(),
            Code::InvalidDate,
            format!(
                "{what} `{}` is not a date of the form YYYY-MM-DD",
                v.get_ref()
            ),
        );
    }
}
