//! Note numbering: footnotes are numbered 1, 2, 3 … per document in reading order.

use crate::model::{visit_inlines_mut, Document, Inline};

/// Numbers the notes of `doc` from 1 in reading order.
pub fn number_notes(doc: &mut Document) {
    let mut n = 0;
    visit_inlines_mut(&mut doc.blocks, &mut |inline| {
        if let Inline::Note(note) = inline {
            n += 1;
            note.number = n;
        }
    });
}
