//! The manifest's citation settings: `bibliography` (a file or a list, relative to the
//! manifest), `citation-style` (a house style's name or a `.csl` file) and
//! `bibliography-scope` (`article`, the default: each article lists the works it cites; or
//! `book`: one list for the whole book, in the back matter), each checked at its line.

use std::sync::Arc;

use super::raw::RawManifest;
use super::Source;
use crate::diag::Diagnostics;
use crate::files::Root;
use crate::passes::citations::{sources, style, Scope, Setup};

/// Reads the bibliography files and the style the manifest names.
pub(super) fn resolve(
    raw: &RawManifest,
    src: &Source,
    root: &std::path::Path,
    sandbox: &Root,
    diags: &mut Diagnostics,
) -> Setup {
    let mut setup = Setup::without_sources();
    if let Some(files) = &raw.bibliography {
        let paths: Vec<_> = (files.get_ref().items().into_iter())
            .map(|f| (root.join(f), src.span(files)))
            .collect();
        setup.works = Arc::new(sources::load(&paths, sandbox, diags));
    }
    if let Some(named) = &raw.citation_style {
        match style::resolve(named.get_ref(), root, sandbox) {
            Ok(s) => setup.style = s,
            Err((message, hint)) => diags.error(src.span(named), message, hint),
        }
    }
    if let Some(scope) = &raw.bibliography_scope {
        match scope.get_ref().as_str() {
            "article" => setup.scope = Scope::Article,
            "book" => setup.scope = Scope::Book,
            other => diags.error(
                src.span(scope),
                format!("`bibliography-scope = \"{other}\"` is not article or book"),
                "use \"article\" (each article lists its works) or \"book\" (one list at the end)",
            ),
        }
    }
    setup
}
