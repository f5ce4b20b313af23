//! Paragraphs of the flow: a paragraph set by the line breaker with a [`ParaSetting`], its
//! lines appended as slots on (or off) the baseline grid, its notes laid out, and the
//! images it holds set as figures after it.

use std::ops::Range;

use super::{shift, Builder, Kind, LineStat, Slot, OVERFULL_SLACK};
use crate::model::{Inline, TextPoint};
use crate::typeset::frame::LinkTarget;
use crate::typeset::para::{self, Align, Line, Spec, Style};
use crate::typeset::type_scale::{BASELINE, MATH_LINE_GAP, MATH_TEXT_DEPTH, MATH_TEXT_HEIGHT};

/// How a paragraph is set and where its lines go in the flow.
#[derive(Debug, Clone, Copy)]
pub struct ParaSetting {
    /// The paragraph's base style.
    pub style: Style,
    /// Left edge of its lines from the text block's left edge.
    pub x: f64,
    /// Line length.
    pub measure: f64,
    /// First-line indent.
    pub indent: f64,
    /// Alignment.
    pub align: Align,
    /// Distance between baselines (each line's slot height).
    pub leading: f64,
    /// The lines sit on the body's baseline grid.
    pub grid: bool,
}

impl ParaSetting {
    /// Justified lines in `style`, `measure` wide from the text block's left edge and
    /// `leading` apart, with no indent, off the baseline grid.
    pub fn new(style: Style, measure: f64, leading: f64) -> ParaSetting {
        ParaSetting {
            style,
            x: 0.0,
            measure,
            indent: 0.0,
            align: Align::Justify,
            leading,
            grid: false,
        }
    }

    /// The lines start `x` from the text block's left edge.
    pub fn at(self, x: f64) -> ParaSetting {
        ParaSetting { x, ..self }
    }

    /// The first line is indented by `indent`.
    pub fn indent(self, indent: f64) -> ParaSetting {
        ParaSetting { indent, ..self }
    }

    /// The lines are aligned so.
    pub fn align(self, align: Align) -> ParaSetting {
        ParaSetting { align, ..self }
    }

    /// The lines sit on the baseline grid when `grid`.
    pub fn on_grid(self, grid: bool) -> ParaSetting {
        ParaSetting { grid, ..self }
    }
}

impl<'a> Builder<'a> {
    /// The paragraph spec for a setting, hyphenated in the builder's language.
    pub(super) fn spec_for(&self, s: &ParaSetting) -> Spec<'a> {
        self.spec(s.style, s.measure, s.indent, s.align)
    }

    /// Sets a paragraph of inlines and appends its lines; returns the slot range.
    pub fn paragraph(&mut self, inlines: &[Inline], s: &ParaSetting) -> Range<usize> {
        self.paragraph_led(None, inlines, s)
    }

    /// [`Self::paragraph`], led by text Folio adds that links to a target (a note's number
    /// linking back to its mark).
    pub fn paragraph_led(
        &mut self,
        lead: Option<(&str, LinkTarget)>,
        inlines: &[Inline],
        s: &ParaSetting,
    ) -> Range<usize> {
        let spec = self.spec_for(s);
        let p = para::collect_led(self.ctx.fonts, &spec, lead, inlines);
        self.note_missing(&p.missing);
        if p.raw_html > 0 {
            self.warn(
                self.pos,
                "raw HTML in a paragraph is left out of the print edition".into(),
                "write it in markdown to have it printed",
            );
        }
        let images = p.images.clone();
        let mut lines = if p.is_empty() {
            Vec::new()
        } else {
            p.set(self.ctx.fonts, &spec)
        };
        self.adopt(&p.spans, &mut lines);
        if lines.iter().any(|l| l.cut) {
            self.warn(
                self.pos,
                format!(
                    "a word is wider than the line ({:.1} pt), so it is broken between two \
                     letters",
                    s.measure
                ),
                "shorten the word or allow a break in it (a hyphen, or a soft hyphen `&shy;`)",
            );
        }
        let r = self.push_lines(lines, s);
        self.notes_in(inlines);
        self.links_in(inlines);
        for (src, alt, at) in images {
            let first = self.flow.slots.len();
            self.image(&src, &alt);
            // The figure stands where the image does in the text.
            let source = self.source_pos.map(|p| TextPoint::Block(p, at));
            for s in &mut self.flow.slots[first..] {
                if s.kind != Kind::Space {
                    s.source = source;
                }
            }
        }
        r
    }

    /// Sets the paragraph `inlines` again as `s` says (with a first-line indent) and keeps
    /// its lines in [`super::Flow::indented`], for the paragraph set in the slots `set`
    /// after a float: they take its place when the float moves away.
    pub(super) fn indented_alternative(
        &mut self,
        inlines: &[Inline],
        s: &ParaSetting,
        set: Range<usize>,
    ) {
        let Some(Kind::Line(id, ..)) = set.clone().next().map(|i| self.flow.slots[i].kind) else {
            return;
        };
        let spec = self.spec_for(s);
        let p = para::collect_led(self.ctx.fonts, &spec, None, inlines);
        if p.is_empty() {
            return;
        }
        // The paragraph's problems were reported when it was set.
        let reported = self.flow.diags.len();
        let mut lines = p.set(self.ctx.fonts, &spec);
        self.adopt(&p.spans, &mut lines);
        let mut slots = self.line_slots(lines, s, id);
        for slot in &mut slots {
            crate::typeset::frame::stamp(&mut slot.items, self.leaf);
        }
        self.flow.diags.truncate(reported);
        self.flow.indented.insert(id, slots);
    }

    /// Appends set lines as slots, placed as `s` says.
    pub fn push_lines(&mut self, lines: Vec<Line>, s: &ParaSetting) -> Range<usize> {
        self.para_id += 1;
        let start = self.flow.slots.len();
        let slots = self.line_slots(lines, s, self.para_id);
        self.flow.slots.extend(slots);
        start..self.flow.slots.len()
    }

    /// Set lines as the slots of paragraph `id`, placed as `s` says.
    fn line_slots(&mut self, lines: Vec<Line>, s: &ParaSetting, id: u32) -> Vec<Slot> {
        let n = lines.len();
        let mut out = Vec::with_capacity(n);
        let mut above = Vec::new();
        for (k, line) in lines.into_iter().enumerate() {
            let extra = math_room(&line, k, &mut above, s);
            if line.overfull && line.width > s.measure + OVERFULL_SLACK {
                self.warn(
                    self.pos,
                    format!(
                        "a word is wider than the line ({:.1} pt > {:.1} pt) and sticks out",
                        line.width, s.measure
                    ),
                    "shorten the word or allow a break in it",
                );
            }
            let base = s.leading * BASELINE + extra;
            let items = shift(line.items, s.x, base);
            out.push(Slot {
                height: s.leading + extra,
                items,
                notes: line.notes,
                kind: Kind::Line(id, k as u16, n as u16),
                keep_with_next: false,
                float: false,
                float_part: false,
                grid: s.grid,
                outline: None,
                line: Some(LineStat {
                    ratio: line.ratio,
                    hyphen: line.hyphen,
                    last: line.last,
                    overfull: line.overfull,
                    justified: line.justified,
                    widest_space_em: line.widest_space_em,
                }),
                // A block's first line begins at the block, whatever it starts with.
                source: self
                    .source_pos
                    .zip(if k == 0 { Some(0) } else { line.source })
                    .map(|(p, c)| TextPoint::Block(p, c)),
            });
        }
        out
    }
}

/// Extra space above line `k` so that its formulas clear those of the line above, and the
/// other line's text (taken as its x-height and a little below), where they stand over one
/// another: on the baseline grid, whole lines. `above` is the line above's
/// formulas; replaced by this line's.
fn math_room(line: &Line, k: usize, above: &mut Vec<[f64; 4]>, s: &ParaSetting) -> f64 {
    let size = s.style.size;
    let (text_h, text_d) = (MATH_TEXT_HEIGHT * size, MATH_TEXT_DEPTH * size);
    let here = std::mem::replace(above, line.math_boxes.clone());
    if k == 0 || (here.is_empty() && line.math_boxes.is_empty()) {
        return 0.0;
    }
    // The closest approach: a formula over a formula, or over (under) the other line's text.
    let mut reach = text_d + text_h;
    for a in &here {
        reach = reach.max(a[3] + text_h);
        for b in &line.math_boxes {
            if a[0] < b[1] && b[0] < a[1] {
                reach = reach.max(a[3] + b[2]);
            }
        }
    }
    for b in &line.math_boxes {
        reach = reach.max(text_d + b[2]);
    }
    let short = reach + MATH_LINE_GAP * size - s.leading;
    if short <= 1e-6 {
        0.0
    } else if s.grid {
        (short / s.leading).ceil() * s.leading
    } else {
        short
    }
}
