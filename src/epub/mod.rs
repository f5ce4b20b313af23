//! The EPUB 3 writer: serializes the document model to XHTML chapters and packages them.

use std::path::Path;

use crate::diag::{Diagnostics, Error, Result};
use crate::manifest::Collection;

/// Writes `collection` as an EPUB 3 file at `out` (atomically).
pub fn write(collection: &Collection, out: &Path, diags: &mut Diagnostics) -> Result<()> {
    let _ = (collection, out, diags);
    Err(Error::Output(
        "the EPUB format is not available yet in this build of Folio".to_string(),
    ))
}
