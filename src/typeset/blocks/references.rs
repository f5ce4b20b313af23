//! The reference list at an article's end: a heading, then each numbered entry with its
//! number hung in the margin and its URL breakable after slashes and dots.

use std::ops::Range;

use super::{shift, Builder, ParaSetting};
use crate::model::{Document, Inline, Reference, TextPoint};
use crate::typeset::fonts::Family;
use crate::typeset::frame::{stamp, Item, Point};
use crate::typeset::links;
use crate::typeset::para::{self, Align, Style};
use crate::typeset::structure::Role;
use crate::typeset::type_scale::{
    BASELINE, BLOCK_SPACE_LINES, HEADING_SCALE, MARK_GAP_EM, NOTE_SCALE, REFERENCE_HANG_EM,
    SECTION_SPACE_LINES,
};

/// The numbered reference list at the end of an article.
pub fn references(b: &mut Builder, doc: &Document) {
    if doc.references.is_empty() {
        return;
    }
    let first = b.flow.slots.len();
    references_matter(b, doc);
    for s in &mut b.flow.slots[first..] {
        s.source = Some(TextPoint::End);
    }
}

fn references_matter(b: &mut Builder, doc: &Document) {
    let ctx = b.ctx;
    let (m, size, l) = (ctx.measure, ctx.size, ctx.leading);
    b.space(SECTION_SPACE_LINES * l);
    let st = Style::new(Family::Bold, size * HEADING_SCALE[1]);
    // Beside a bibliography, the article's or the book's, the list is headed "Links".
    let book_list = ctx.book.is_some_and(|bk| bk.has_bibliography());
    let title = (ctx.labels).link_list_title(doc.bibliography.is_some() || book_list);
    let mut s = b.display_block(&[Inline::Text(title.into())], st, 0.0, m, Align::Left);
    s.keep_with_next = true;
    s.outline = Some((2, title.into()));
    b.push_as(Role::H(2), s);
    b.space(BLOCK_SPACE_LINES * l);
    let hang = REFERENCE_HANG_EM * size;
    let text_st = Style::new(Family::Regular, size * NOTE_SCALE);
    let setting = ParaSetting::new(text_st, m - hang, l * NOTE_SCALE)
        .at(hang)
        .align(Align::Left);
    let count = doc.references.len();
    b.open(Role::L);
    for (k, r) in doc.references.iter().enumerate() {
        let range = entry(b, r, &setting);
        if keeps_with_next_entry(k, count) {
            if let Some(last) = range
                .end
                .checked_sub(1)
                .and_then(|i| b.flow.slots.get_mut(i))
            {
                last.keep_with_next = true;
            }
        }
    }
    b.close();
}

/// One entry: its text, then its URL (a link, broken only after `/ . - _`), with its
/// number hung to the left of the first line; returns its slots.
fn entry(b: &mut Builder, r: &Reference, s: &ParaSetting) -> Range<usize> {
    let ctx = b.ctx;
    let text_st = s.style;
    let url_st = Style {
        url: true,
        no_hyphen: true,
        link: Some(0),
        ..text_st
    };
    let mut runs = Vec::new();
    if !r.text.trim().is_empty() && r.text.trim() != r.url && r.text.trim() != r.shown {
        runs.push((
            format!("{}. ", r.text.trim().trim_end_matches('.')),
            text_st,
        ));
    }
    runs.push((r.shown.clone(), url_st));
    let mut spec = b.spec_for(s);
    spec.lang = ctx.lang;
    let p = para::collect_runs(
        ctx.fonts,
        &spec,
        &runs,
        vec![links::resolve(&ctx.prefix, spec.links, &r.url)],
    );
    let mut lines = p.set(ctx.fonts, &spec);
    b.adopt(&p.spans, &mut lines);
    b.open(Role::LI);
    let label = b.element(Role::Lbl);
    b.open(Role::LBody);
    let tag = b.element(Role::P);
    let range = b.push_lines(lines, s);
    if let Some(first) = b.flow.slots.get_mut(range.start) {
        let (mut num, w) = para::plain_items(ctx.fonts, text_st, &format!("[{}]", r.number));
        stamp(&mut num, label);
        let base = s.leading * BASELINE;
        first
            .items
            .extend(shift(num, s.x - w - MARK_GAP_EM * ctx.size, base));
        first.items.insert(
            0,
            (
                Point { x: 0.0, y: 0.0 },
                Item::Anchor(links::reference_anchor(&ctx.prefix, r.number)),
            ),
        );
    }
    b.stamp_from(range.start, tag);
    b.close();
    b.close();
    range
}

/// Whether entry `k` of a reference list of `count` entries stays on the page of the entry
/// after it: the first does, so the heading never stands above a lone entry at a page foot,
/// and the last but one does, so a lone entry never tops the next page (a list of two or
/// three entries thereby stays whole).
fn keeps_with_next_entry(k: usize, count: usize) -> bool {
    count > 1 && (k == 0 || k + 2 == count)
}
