//! Footnotes: the notes referenced in a run, each laid out once at note size, its number
//! leading its first paragraph; their lines go to the flow's notes for the paginator.

use super::{Builder, Kind, ParaSetting, Slot};
use crate::model::{Block, Inline};
use crate::typeset::fonts::Family;
use crate::typeset::frame::{Item, LinkTarget, Point, Tag};
use crate::typeset::links::{note_anchor, note_mark_anchor};
use crate::typeset::para::{Align, Style};
use crate::typeset::structure::Role;
use crate::typeset::type_scale::NOTE_SCALE;

impl Builder<'_> {
    /// Lays out the notes referenced in `inlines` (each once).
    pub(super) fn notes_in(&mut self, inlines: &[Inline]) {
        let mut found = Vec::new();
        crate::model::notes_in(inlines, &mut |note| found.push(note));
        for note in found {
            if self.flow.notes.contains_key(&note.number) {
                continue;
            }
            let lines = self.note_lines(note.number, &note.blocks);
            self.flow.notes.insert(note.number, lines);
        }
    }

    fn note_lines(&mut self, number: u32, blocks: &[Block]) -> Vec<Slot> {
        // Notes are not the body's text: their lines name no place in it. A note stands at
        // the foot, outside the quotes and lists that call it.
        let outer = self.source_pos.take();
        let depths = (
            std::mem::take(&mut self.quote_depth),
            std::mem::take(&mut self.list_depth),
        );
        let leaf = std::mem::replace(&mut self.leaf, Tag::Unset);
        self.block_element(Role::Note, true);
        let lines = self.note_matter(number, blocks);
        self.close();
        self.leaf = leaf;
        (self.quote_depth, self.list_depth) = depths;
        self.source_pos = outer;
        lines
    }

    fn note_matter(&mut self, number: u32, blocks: &[Block]) -> Vec<Slot> {
        let size = self.ctx.size * NOTE_SCALE;
        let lead = self.ctx.leading * NOTE_SCALE;
        let measure = self.ctx.measure;
        let setting = ParaSetting::new(Style::new(Family::Regular, size), measure, lead);
        let prefix = &self.ctx.prefix;
        let mark_text = format!("{number}.");
        let mark = || {
            let back = LinkTarget::Anchor(note_mark_anchor(prefix, number));
            Some((mark_text.as_str(), back))
        };
        let saved = std::mem::take(&mut self.flow.slots);
        let saved_indent = self.indent_next;
        let mut first = true;
        for b in blocks {
            match b {
                Block::Paragraph { content, .. } if first => {
                    let mut inl = vec![Inline::Text(" ".into())];
                    inl.extend(content.iter().cloned());
                    let start = self.flow.slots.len();
                    // The note's number and first paragraph are the Note's own text.
                    self.leaf = self.element_open();
                    self.paragraph_led(mark(), &inl, &setting);
                    self.stamp_from(start, self.leaf);
                    self.leaf = Tag::Unset;
                }
                other => {
                    if first {
                        let alone = setting.align(Align::Left);
                        let start = self.flow.slots.len();
                        let p = self.element_open();
                        self.paragraph_led(mark(), &[], &alone);
                        self.stamp_from(start, p);
                    }
                    self.indent_next = false;
                    self.block(other, 0.0, measure, NOTE_SCALE);
                }
            }
            first = false;
        }
        let mut lines: Vec<Slot> = std::mem::replace(&mut self.flow.slots, saved)
            .into_iter()
            .filter(|s| s.kind != Kind::Space)
            .collect();
        for s in &mut lines {
            s.grid = false;
        }
        if let Some(s) = lines.first_mut() {
            s.items.insert(
                0,
                (
                    Point { x: 0.0, y: 0.0 },
                    Item::Anchor(note_anchor(&self.ctx.prefix, number)),
                ),
            );
        }
        self.indent_next = saved_indent;
        lines
    }
}
