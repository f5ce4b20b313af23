//! Web-commentary layout inference: metadata (kicker, date, source, title, authors,
//! standfirst, closing signature) recovered from the shape of articles exported from
//! publishers' websites without front matter.
//!
//! Rules, in short (details in `header` and `footer`):
//! - a leading H1 followed by an H2 title is a kicker when it is short and either upper-case,
//!   separated from the H2 by a rule, date or source line, or followed by a byline; a short
//!   leading H1 followed by another H1 is a kicker too; otherwise the first heading is the
//!   title;
//! - rules, date lines and "Originally published by/in" lines before the title are metadata;
//! - after the title: a wholly bold (or bold-italic) byline, date and source lines, and a
//!   wholly italic standfirst, in any order, the standfirst ending the header;
//! - at the end: a source line, and a signature (an author's name again in bold, then an
//!   optional italic line that becomes the author's affiliation).
//!
//! Front matter wins: inference only fills empty fields. A block leaves the body only when
//! its content went into the metadata or repeats exactly what the metadata already says
//! (so a front-matter title is not printed twice). Every decision is a `Note` diagnostic.

mod date;
mod footer;
mod header;
mod shape;

pub use date::parse_date;

use std::collections::BTreeSet;
use std::path::Path;

use crate::diag::{Diagnostics, Span};
use crate::model::{Block, Document, Meta, Pos};

/// Fills `doc.meta` from the document's layout where the front matter left a field empty,
/// and removes the blocks that were metadata from the body. `has_front_matter` only changes
/// the wording of the notes.
pub fn infer(doc: &mut Document, has_front_matter: bool, diags: &mut Diagnostics) {
    let mut cx = Ctx {
        meta: &mut doc.meta,
        path: &doc.path,
        diags,
        remove: BTreeSet::new(),
        given_by: if has_front_matter {
            "the front matter"
        } else {
            "the metadata"
        },
    };
    let body_start = header::infer_header(&doc.blocks, &mut cx);
    footer::infer_footer(&doc.blocks, body_start, &mut cx);
    let remove = cx.remove;
    if remove.is_empty() {
        return;
    }
    let blocks = std::mem::take(&mut doc.blocks);
    doc.blocks = blocks
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !remove.contains(i))
        .map(|(_, b)| b)
        .collect();
}

/// How a value found in the layout fits the metadata already known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fit {
    /// The field was empty and is now filled.
    Filled,
    /// The field already held this value; the block repeats it.
    Same,
    /// The field holds something else; the block is body text.
    Clash,
}

impl Fit {
    /// Whether the block that gave the value leaves the body.
    fn consumed(self) -> bool {
        self != Fit::Clash
    }
}

/// The state of one inference run.
struct Ctx<'a> {
    meta: &'a mut Meta,
    path: &'a Path,
    diags: &'a mut Diagnostics,
    /// Indices of blocks that leave the body.
    remove: BTreeSet<usize>,
    /// Who set fields before inference ran, for the notes.
    given_by: &'static str,
}

impl Ctx<'_> {
    /// Fills the string field chosen by `field` with `value` if it is empty, and reports.
    fn fit_text(
        &mut self,
        at: (usize, &Block),
        (what, from): (&str, &str),
        value: &str,
        field: fn(&mut Meta) -> &mut Option<String>,
    ) -> Fit {
        let fit = match field(self.meta) {
            slot @ None => {
                *slot = Some(value.to_string());
                Fit::Filled
            }
            Some(old) if shape::same(old, value) => Fit::Same,
            Some(_) => Fit::Clash,
        };
        self.report(at, fit, (what, from), value);
        fit
    }

    /// Records what happened to block `at` and says so in a note.
    fn report(&mut self, at: (usize, &Block), fit: Fit, (what, from): (&str, &str), value: &str) {
        let (index, block) = at;
        let span = Span::at(self.path, block_pos(block));
        match fit {
            Fit::Filled => {
                self.diags
                    .note(span, format!("inferred {what} `{value}` from {from}"));
            }
            Fit::Same => {
                let by = self.given_by;
                self.diags.note(
                    span,
                    format!("dropped the {what} `{value}` from the body: it repeats {by}"),
                );
            }
            Fit::Clash => return,
        }
        self.remove.insert(index);
    }
}

/// Where a block starts, when the model records it.
fn block_pos(block: &Block) -> Pos {
    match block {
        Block::Heading { pos, .. }
        | Block::Paragraph { pos, .. }
        | Block::CodeBlock { pos, .. }
        | Block::Table { pos, .. }
        | Block::DisplayMath { pos, .. }
        | Block::RawHtml { pos, .. } => *pos,
        _ => Pos::default(),
    }
}
