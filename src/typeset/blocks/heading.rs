//! Headings and display type: text set unhyphenated (unless a word would stick out) as one
//! slot of whole quarter lines, and the section headings built on it.

use super::{shift, Builder, Slot};
use crate::model::Inline;
use crate::typeset::fonts::Family;
use crate::typeset::frame::{Item, Point};
use crate::typeset::links::heading_anchor;
use crate::typeset::para::{self, Align, Line, Style};
use crate::typeset::type_scale::{
    BLOCK_SPACE_LINES, DESCENDER, DISPLAY_DEPTH, DISPLAY_LEADING, DISPLAY_STEPS_PER_LINE,
    HEADING_SCALE, SECTION_SPACE_LINES, SUBSECTION_SPACE_LINES,
};

impl Builder<'_> {
    pub(super) fn heading(
        &mut self,
        level: u8,
        id: &str,
        content: &[Inline],
        x: f64,
        measure: f64,
    ) {
        let l = self.ctx.leading;
        let scale = HEADING_SCALE[(level.max(1) as usize - 1).min(3)];
        let size = self.ctx.size * scale;
        let family = if level <= 3 {
            Family::Bold
        } else {
            Family::BoldItalic
        };
        let before = if level <= 2 {
            SECTION_SPACE_LINES * l
        } else {
            SUBSECTION_SPACE_LINES * l
        };
        self.space(before);
        let title = crate::model::plain_text(content);
        let mut slot =
            self.display_block(content, Style::new(family, size), x, measure, Align::Left);
        slot.items.insert(
            0,
            (
                Point { x, y: 0.0 },
                Item::Anchor(heading_anchor(&self.ctx.prefix, id)),
            ),
        );
        slot.keep_with_next = true;
        slot.outline = Some((level + 1, title));
        self.flow.slots.push(slot);
        self.space(BLOCK_SPACE_LINES * l);
    }

    /// Sets display text (no hyphenation) as one slot whose height is whole quarter lines (the
    /// body lines after it are snapped back to the grid by the paginator).
    pub fn display_block(
        &mut self,
        content: &[Inline],
        style: Style,
        x: f64,
        measure: f64,
        align: Align,
    ) -> Slot {
        let mut spec = self.spec(style, measure, 0.0, align);
        spec.lang = None;
        let mut p = para::collect(self.ctx.fonts, &spec, content);
        self.note_missing(&p.missing);
        let mut lines = p.set(self.ctx.fonts, &spec);
        let cut = |lines: &[Line]| lines.iter().any(|l| l.cut || l.overfull);
        if cut(&lines) && self.ctx.lang.is_some() {
            // Display type is not hyphenated, unless a word is wider than the measure:
            // then a hyphen is better than a word cut between any two letters.
            spec.lang = self.ctx.lang;
            p = para::collect(self.ctx.fonts, &spec, content);
            lines = p.set(self.ctx.fonts, &spec);
        }
        self.adopt(&p.spans, &mut lines);
        if cut(&lines) {
            self.warn(
                self.pos,
                format!(
                    "a word of a heading is wider than the line ({measure:.1} pt), so it is \
                     broken between two letters"
                ),
                "shorten the heading, or break the word with a hyphen of your own",
            );
        }
        let lead = style.size * DISPLAY_LEADING;
        let mut items = Vec::new();
        let mut notes = Vec::new();
        for (k, line) in lines.into_iter().enumerate() {
            let base = lead * k as f64 + style.size;
            items.extend(shift(line.items, x, base));
            notes.extend(line.notes);
        }
        let natural = items_bottom(&items, style.size) + DISPLAY_DEPTH * style.size;
        let quarter = self.ctx.leading / DISPLAY_STEPS_PER_LINE;
        let height = (natural / quarter).ceil() * quarter;
        let mut slot = Slot::other(height, items);
        slot.notes = notes;
        self.notes_in(content);
        self.links_in(content);
        slot
    }
}

/// The lowest point of `items` set at `size`: a baseline plus a descender's depth.
fn items_bottom(items: &[(Point, Item)], size: f64) -> f64 {
    items
        .iter()
        .map(|(p, _)| p.y + DESCENDER * size)
        .fold(0.0, f64::max)
}
