//! `folio check`: everything `folio build` does but write (the driver's check), then every
//! diagnostic and one summary line; exit 1 on any error, as a build would.

use std::path::Path;

use super::{print_diagnostics, Verbosity, EXIT_INPUT, EXIT_OK, EXIT_OUTPUT};
use crate::build::{Failure, LoadOptions};
use crate::diag::Diagnostics;

/// Runs `folio check PATH`.
pub fn run(path: &Path, opts: &LoadOptions, verbosity: Verbosity) -> i32 {
    let mut diags = Diagnostics::new();
    let manifest = crate::manifest::manifest_path(path);
    let (collection, result) = crate::build::check(path, opts, &mut diags);
    print_diagnostics(&diags, verbosity);
    if let (Some(c), Verbosity::Verbose) = (&collection, verbosity) {
        for a in c.articles() {
            eprintln!("{}", super::inspect::summary(&a.doc, &a.language));
        }
    }
    let articles = collection.as_ref().map(|c| c.articles().count());
    let code = match &result {
        Ok(()) => EXIT_OK,
        Err(Failure::Input { .. }) => EXIT_INPUT,
        Err(e @ Failure::Output(_)) => {
            eprintln!("{}: {e}", manifest.display());
            EXIT_OUTPUT
        }
    };
    if verbosity != Verbosity::Quiet || code != EXIT_OK {
        let articles = articles.map_or_else(String::new, |n| format!("{n} article(s), "));
        eprintln!(
            "{}: {articles}{} error(s), {} warning(s)",
            manifest.display(),
            diags.error_count(),
            diags.warning_count()
        );
    }
    code
}
