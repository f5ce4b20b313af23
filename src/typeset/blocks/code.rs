//! Code blocks: monospaced lines as they are written, wrapped with a continuation mark when
//! they are wider than the measure.

use super::{shift, Builder, Slot};
use crate::model::TextPoint;
use crate::typeset::fonts::Family;
use crate::typeset::frame::{mark_line_end, mark_space_after, stamp, Tag};
use crate::typeset::para::{self, Style};
use crate::typeset::shape::shape;
use crate::typeset::type_scale::{
    BASELINE, BLOCK_SPACE_LINES, CODE_INDENT_EM, CODE_LEADING, CODE_SCALE,
};

impl Builder<'_> {
    pub(super) fn code(&mut self, text: &str, x: f64, measure: f64, scale: f64) {
        let size = self.ctx.size * CODE_SCALE * scale;
        let lead = size * CODE_LEADING;
        let st = Style::new(Family::Mono, size);
        let indent = CODE_INDENT_EM * self.ctx.size;
        let cw = shape(self.ctx.fonts, Family::Mono, "0").width as f64 * size;
        let cols = (((measure - indent) / cw).floor() as usize)
            .saturating_sub(1)
            .max(8);
        let mark = if self.ctx.fonts.face_for(Family::Mono, '↪').is_some() {
            "↪"
        } else {
            "\\"
        };
        self.space(self.ctx.leading * BLOCK_SPACE_LINES);
        let mut line_start = 0u32; // characters of the code before the source line
        for src_line in text.split('\n') {
            let at = line_start;
            let tabs = src_line.contains('\t');
            line_start += src_line.chars().count() as u32 + 1;
            let src_line = src_line.replace('\t', "    ");
            let chars: Vec<char> = src_line.chars().collect();
            let mut start = 0;
            loop {
                let end = (start + cols).min(chars.len());
                let piece: String = chars[start..end].iter().collect();
                let (mut items, _) = para::plain_items(self.ctx.fonts, st, &piece);
                if end < chars.len() {
                    let (mut m, mw) = para::plain_items(self.ctx.fonts, st, mark);
                    // The mark shows the line goes on: no part of the code.
                    stamp(&mut m, Tag::Artifact);
                    items.extend(shift(m, measure - indent - mw, 0.0));
                } else {
                    mark_space_after(&mut items);
                }
                mark_line_end(&mut items);
                let shifted = shift(items, x + indent, lead * BASELINE);
                let mut slot = Slot::other(lead, shifted);
                // A wrapped piece begins where it does in the line (at the line's start
                // when tabs were widened).
                let piece_at = at + if tabs { 0 } else { start as u32 };
                slot.source = self.source_pos.map(|p| TextPoint::Block(p, piece_at));
                self.flow.slots.push(slot);
                start = end;
                if start >= chars.len() {
                    break;
                }
            }
        }
        self.space(self.ctx.leading * BLOCK_SPACE_LINES);
    }
}
