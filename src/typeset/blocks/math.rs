//! Display math: the formula centred in the measure on its own lines, with the paragraph's
//! space above and below; a numbered equation's number at the right margin (below the
//! formula when both do not fit on one line). A formula wider than the measure is set flush
//! left and reported. The formula's glyphs carry its TeX as their text. A formula that
//! could not be read is set as its source, in the mono face, centred line by line.

use super::{shift, Builder, Slot};
use crate::model::{EquationNumber, Math};
use crate::typeset::fonts::Family;
use crate::typeset::frame::{Color, Item, Point};
use crate::typeset::math;
use crate::typeset::para::{self, Style};
use crate::typeset::type_scale::{BASELINE, BLOCK_SPACE_LINES, CODE_SCALE};

/// Least space between a formula and its number: a quad, as TeX keeps for `\eqno`.
const NUMBER_GAP_EM: f64 = 1.0;

impl Builder<'_> {
    /// A display formula with its number, if any.
    pub(super) fn display_math(
        &mut self,
        m: &Math,
        number: Option<&EquationNumber>,
        x: f64,
        measure: f64,
        scale: f64,
    ) {
        let size = self.ctx.size * scale;
        let lead = self.ctx.leading * scale;
        let laid = m
            .formula
            .as_ref()
            .and_then(|f| math::display(self.ctx.fonts, f, size).map(|l| (f, l)));
        let Some((formula, laid)) = laid else {
            return self.math_source(&m.tex, x, measure, size, lead);
        };
        let (laid, fitted) = self.fit(formula, laid, size, measure);
        self.note_missing(&laid.missing);
        let b = laid.out;
        self.space(lead * BLOCK_SPACE_LINES);
        let num = number.map(|n| {
            let st = Style::new(Family::Regular, size);
            para::plain_items(self.ctx.fonts, st, &n.text)
        });
        let nw = num.as_ref().map_or(0.0, |(_, w)| *w);
        let room = measure
            - nw
            - if num.is_some() {
                NUMBER_GAP_EM * size
            } else {
                0.0
            };
        let centred = (measure - b.width) / 2.0;
        if fitted < size {
            self.warn(
                self.pos,
                format!(
                    "display math is wider than the line; it is set at {:.0}% of the text size to fit",
                    100.0 * fitted / size
                ),
                "break it into lines with \\begin{aligned} … \\end{aligned}, or shorten it",
            );
        }
        let beside = b.width <= room;
        let dx = if beside {
            centred.min(room - b.width).max(0.0)
        } else {
            centred.max(0.0)
        };
        let (above, below) = extents(&b, lead);
        let mut items = Vec::new();
        if let Some(n) = number {
            let anchor = format!("{}-{}", self.ctx.prefix, n.id);
            items.push((Point { x, y: 0.0 }, Item::Anchor(anchor)));
        }
        items.push((Point { x, y: above }, Item::ActualText(m.tex.clone())));
        items.extend(shift(math::items(&b, 1.0, Color::BLACK), x + dx, above));
        items.push((Point { x, y: above }, Item::EndActualText));
        let mut height = snap(above + below, lead);
        if let Some((num_items, w)) = num {
            let y = if beside {
                above
            } else {
                height += lead;
                height - lead * (1.0 - BASELINE)
            };
            items.extend(shift(num_items, x + measure - w, y));
        }
        crate::typeset::frame::mark_line_end(&mut items);
        self.flow.slots.push(Slot::other(height, items));
        self.space(lead * BLOCK_SPACE_LINES);
    }

    /// `laid` (the formula at `size`), or the formula laid out again at the size that makes
    /// it fit `measure` when it is wider; with the size it is set at. Math scales with its
    /// size but for rounding, so a second try nearly always fits and a third always does.
    fn fit(
        &self,
        f: &crate::math::Formula,
        laid: math::Laid<math::MBox>,
        size: f64,
        measure: f64,
    ) -> (math::Laid<math::MBox>, f64) {
        let (mut laid, mut fitted) = (laid, size);
        for _ in 0..4 {
            if laid.out.width <= measure {
                break;
            }
            fitted *= measure / laid.out.width * 0.995;
            match math::display(self.ctx.fonts, f, fitted) {
                Some(l) => laid = l,
                None => break,
            }
        }
        (laid, fitted)
    }

    /// A formula that could not be read, as its source: mono lines, centred.
    fn math_source(&mut self, tex: &str, x: f64, measure: f64, size: f64, lead: f64) {
        self.space(self.ctx.leading * BLOCK_SPACE_LINES);
        let st = Style::new(Family::Mono, size * CODE_SCALE);
        // A line wider than the measure is cut into pieces that fit.
        let cw = para::plain_line(self.ctx.fonts, st, "0").1;
        let cols = ((measure / cw).floor() as usize).max(1);
        for l in tex.lines().filter(|l| !l.trim().is_empty()) {
            let chars: Vec<char> = l.trim().chars().collect();
            for piece in chars.chunks(cols) {
                let text: String = piece.iter().collect();
                let (items, w) = para::plain_line(self.ctx.fonts, st, &text);
                let dx = ((measure - w) / 2.0).max(0.0);
                self.flow
                    .slots
                    .push(Slot::other(lead, shift(items, x + dx, lead * BASELINE)));
            }
        }
        self.space(self.ctx.leading * BLOCK_SPACE_LINES);
    }
}

/// Room above and below a formula's baseline: at least a text line's, more for a tall
/// formula.
fn extents(b: &math::MBox, lead: f64) -> (f64, f64) {
    let above = b.height.max(lead * BASELINE);
    let below = b.depth.max(lead * (1.0 - BASELINE));
    (above, below)
}

/// A height rounded up to whole half lines, so that what follows stays in step with the
/// text's lines.
fn snap(h: f64, lead: f64) -> f64 {
    let half = lead / 2.0;
    (h / half - 1e-6).ceil().max(2.0) * half
}
