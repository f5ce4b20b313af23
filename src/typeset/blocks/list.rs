//! Lists: items set with a hanging indent and their bullet, number or task box hung in it;
//! a list inside an item follows its text without space around it.

use super::{shift, Builder, Kind};
use crate::model::{ListItem, ListKind};
use crate::typeset::fonts::Family;
use crate::typeset::frame::{stamp, Item, Point};
use crate::typeset::para::{self, Style};
use crate::typeset::structure::Role;
use crate::typeset::type_scale::{BASELINE, BLOCK_SPACE_LINES, LIST_INDENT_EM, MARK_GAP_EM};

impl Builder<'_> {
    pub(super) fn list(
        &mut self,
        kind: ListKind,
        tight: bool,
        items: &[ListItem],
        x: f64,
        measure: f64,
        scale: f64,
    ) {
        let size = self.ctx.size * scale;
        let hang = LIST_INDENT_EM * size;
        let st = Style::new(Family::Regular, size);
        // A list inside a list item follows its item's text with no space around it, as
        // an outline does; only the outermost list stands apart from the paragraphs.
        let outermost = self.list_depth == 0;
        if outermost {
            self.space(self.ctx.leading * BLOCK_SPACE_LINES);
        }
        self.list_depth += 1;
        for (k, item) in items.iter().enumerate() {
            let marker = match (item.task, kind) {
                (Some(true), _) => "☑".to_string(),
                (Some(false), _) => "☐".to_string(),
                (None, ListKind::Bullet) => "•".to_string(),
                (None, ListKind::Ordered { start }) => format!("{}.", start + k as u64),
            };
            let first = self.flow.slots.len();
            self.indent_next = false;
            self.open(Role::LI);
            let label = self.element(Role::Lbl);
            self.open(Role::LBody);
            let (m, mw) = para::plain_items(self.ctx.fonts, st, &marker);
            // A number wider than the hang and the margin together pushes its item's text
            // right rather than hang off the page.
            let gap = MARK_GAP_EM * size;
            let wide = (mw + gap - hang - x - self.ctx.margin).max(0.0);
            let (ix, im) = self.inset(&item.blocks, (x, measure), hang + wide, 0.0);
            self.blocks(&item.blocks, ix, im, scale);
            self.close();
            self.close();
            let mut m = m;
            stamp(&mut m, label);
            if let Some(slot) = self.flow.slots[first..]
                .iter_mut()
                .find(|s| s.kind != Kind::Space)
            {
                let base = slot.height * BASELINE;
                let base = first_baseline(&slot.items).unwrap_or(base);
                let mx = (ix - mw - gap).max(-self.ctx.margin);
                slot.items.extend(shift(m, mx, base));
            }
            if !tight {
                self.space(self.ctx.leading * BLOCK_SPACE_LINES);
            }
        }
        self.list_depth -= 1;
        if outermost {
            self.space(self.ctx.leading * BLOCK_SPACE_LINES);
        }
    }
}

/// The baseline of the first glyph run among `items`, if any.
fn first_baseline(items: &[(Point, Item)]) -> Option<f64> {
    items
        .iter()
        .find(|(_, i)| matches!(i, Item::Glyphs(_)))
        .map(|(p, _)| p.y)
}
