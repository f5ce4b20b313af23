//! An article's bibliography at its end, before the list of its links: a heading, then each
//! entry at note size, ragged right, with a hanging indent (every line after the first set
//! in, so the first words of each entry, usually the author, stand out at the left edge).
//! The book's one bibliography sets its entries the same way, under an opening of its own
//! (`typeset::book`).

use super::{Builder, ParaSetting};
use crate::model::{Bibliography, Inline, TextPoint};
use crate::typeset::fonts::Family;
use crate::typeset::frame::{Item, Point};
use crate::typeset::para::{Align, Style};
use crate::typeset::structure::Role;
use crate::typeset::type_scale::{
    BLOCK_SPACE_LINES, HEADING_SCALE, NOTE_SCALE, SECTION_SPACE_LINES,
};

/// Hanging indent of bibliography entries, in ems of their type: the one and a half ems
/// that book designers give it (about the 0.5 in of a typescript, scaled to the type), deep
/// enough to show where each entry starts, shallow enough to waste no measure.
pub const BIB_HANG_EM: f64 = 1.5;
/// Space between entries, in their own lines: a third of a line, so entries part without
/// the list looking loose.
pub const BIB_ENTRY_SPACE_LINES: f64 = 0.33;

/// The bibliography of an article, when it has one.
pub fn bibliography(b: &mut Builder, bib: Option<&Bibliography>) {
    let Some(bib) = bib.filter(|b| !b.entries.is_empty()) else {
        return;
    };
    let first = b.flow.slots.len();
    let ctx = b.ctx;
    let (m, size, l) = (ctx.measure, ctx.size, ctx.leading);
    b.space(SECTION_SPACE_LINES * l);
    let st = Style::new(Family::Bold, size * HEADING_SCALE[1]);
    let mut s = b.display_block(&[Inline::Text(bib.title.clone())], st, 0.0, m, Align::Left);
    s.keep_with_next = true;
    s.outline = Some((2, bib.title.clone()));
    b.push_as(Role::H(2), s);
    b.space(BLOCK_SPACE_LINES * l);
    let prefix = &ctx.prefix;
    entries(b, bib, &|id| format!("{prefix}-{id}"));
    for s in &mut b.flow.slots[first..] {
        s.source = Some(TextPoint::End);
    }
}

/// The entries of `bib`, each with the anchor `anchor` names for its id at its first line.
pub fn entries(b: &mut Builder, bib: &Bibliography, anchor: &dyn Fn(&str) -> String) {
    let ctx = b.ctx;
    let (m, size, l) = (ctx.measure, ctx.size, ctx.leading);
    let text_st = Style::new(Family::Regular, size * NOTE_SCALE);
    let hang = if bib.hanging_indent {
        BIB_HANG_EM * size * NOTE_SCALE
    } else {
        0.0
    };
    let setting = ParaSetting::new(text_st, m - hang, l * NOTE_SCALE)
        .at(hang)
        .align(Align::Left);
    let count = bib.entries.len();
    for (k, entry) in bib.entries.iter().enumerate() {
        if k > 0 {
            b.space(BIB_ENTRY_SPACE_LINES * l * NOTE_SCALE);
        }
        let tag = b.element(Role::P);
        let range = b.paragraph(&entry.content, &setting);
        b.stamp_from(range.start, tag);
        let anchor = anchor(&entry.id);
        if let Some(line) = b.flow.slots.get_mut(range.start) {
            // The first line hangs out to the text block's edge.
            for (p, _) in &mut line.items {
                p.x -= hang;
            }
            line.items
                .insert(0, (Point { x: 0.0, y: 0.0 }, Item::Anchor(anchor)));
            // The heading never stands above a lone first line.
            line.keep_with_next |= k == 0 && range.len() == 1 && count > 1;
        }
    }
}
