//! The PDF writer: walks the typesetter's frames and writes a print-ready PDF.

use std::path::Path;

use crate::diag::{Diagnostics, Error, Result};
use crate::manifest::Collection;
use crate::typeset::Layout;

/// Writes `layout` of `collection` as a PDF at `out` (atomically).
pub fn write(
    collection: &Collection,
    layout: &Layout,
    out: &Path,
    diags: &mut Diagnostics,
) -> Result<()> {
    let _ = (collection, layout, out, diags);
    Err(Error::Output(
        "the PDF format is not available yet in this build of Folio".to_string(),
    ))
}
