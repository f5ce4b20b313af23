//! Thematic breaks: a centred ornament (⁂, or three asterisks) with space around it.

use super::{shift, Builder, Slot};
use crate::typeset::fonts::Family;
use crate::typeset::para;
use crate::typeset::type_scale::{ORNAMENT_BASELINE_LINES, ORNAMENT_LINES};

impl Builder<'_> {
    pub(super) fn ornament(&mut self, x: f64, measure: f64) {
        let l = self.ctx.leading;
        let st = self.body_style();
        let text = if self.ctx.fonts.face_for(Family::Regular, '⁂').is_some() {
            "⁂"
        } else {
            "*\u{2003}*\u{2003}*"
        };
        let (items, w) = para::plain_line(self.ctx.fonts, st, text);
        let slot = Slot::other(
            ORNAMENT_LINES * l,
            shift(items, x + (measure - w) / 2.0, l * ORNAMENT_BASELINE_LINES),
        );
        self.space(0.0);
        self.flow.slots.push(slot);
    }
}
