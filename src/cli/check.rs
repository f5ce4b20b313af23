//! `folio check`: read the collection, print every diagnostic, exit 1 on any error.

use std::path::Path;

use super::{print_diagnostics, Verbosity, EXIT_INPUT, EXIT_OK};
use crate::diag::Diagnostics;

/// Runs `folio check PATH`.
pub fn run(path: &Path, opts: &crate::build::LoadOptions, verbosity: Verbosity) -> i32 {
    let mut diags = Diagnostics::new();
    let collection = crate::build::load_with(path, opts, &mut diags).map(|(c, _)| c);
    print_diagnostics(&diags, verbosity);
    if let Some(c) = &collection {
        if verbosity == Verbosity::Verbose {
            for a in c.articles() {
                eprintln!("{}", super::inspect::summary(&a.doc, &a.language));
            }
        }
        if verbosity != Verbosity::Quiet {
            let n = c.articles().count();
            eprintln!(
                "{}: {} article(s), {} error(s), {} warning(s)",
                c.manifest_path.display(),
                n,
                diags.error_count(),
                diags.warning_count()
            );
        }
    }
    if collection.is_none() || diags.has_errors() {
        EXIT_INPUT
    } else {
        EXIT_OK
    }
}
