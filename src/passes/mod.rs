//! Model-to-model passes run after reading: heading ids, note numbering, the numbered
//! reference list built from links, and quotation marks by language. Writers only ever see
//! the processed model.

mod ids;
mod notes;
mod quotes;
mod references;

pub use ids::{assign_heading_ids, slug};
pub use notes::number_notes;
pub use quotes::set_quotes;
pub use references::build_references;

use crate::model::Document;

/// Runs every pass in order on one document; `language` is the document's effective language.
pub fn run_all(mut doc: Document, language: &str) -> Document {
    assign_heading_ids(&mut doc);
    number_notes(&mut doc);
    build_references(&mut doc);
    set_quotes(&mut doc, language);
    doc
}
