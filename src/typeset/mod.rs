//! The typesetter: fonts and shaping, hyphenation, Knuth–Plass line breaking and pagination
//! with notes at the foot of the page. Produces a [`Layout`] of frames; no PDF code here.

pub mod fonts;
pub mod frame;
pub mod hyphenate;
pub mod linebreak;
pub mod para;
pub mod shape;

pub use frame::{dump, Layout, Page};

use crate::diag::{Diagnostics, Error, Result};
use crate::manifest::Collection;

/// Options for a print layout run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Collect and print statistics (`--stats`).
    pub stats: bool,
}

/// Lays out the whole book (front matter, articles, back matter) into pages.
pub fn layout(collection: &Collection, opts: &Options, diags: &mut Diagnostics) -> Result<Layout> {
    let _ = (collection, opts, diags);
    Err(Error::Output(
        "the print layout is not available yet in this build of Folio".to_string(),
    ))
}
