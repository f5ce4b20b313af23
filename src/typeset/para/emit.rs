//! Emission: positioned content → glyph runs, one per face, size, raise, colour and scale,
//! with space glyphs kept for text extraction, the break's hyphen as a run of its own,
//! strike-through rules, and the segments of inline formulas with their TeX as their text.

use super::{Content, Style};
use crate::typeset::fonts::Fonts;
use crate::typeset::frame::{mark_line_end, Color, GlyphRun, Item, Point};
use crate::typeset::math;
use crate::typeset::shape::{shape, shape_cached, Shaped};
use crate::typeset::type_scale::{ANCHOR_RISE, STRIKE_HEIGHT, STRIKE_THICKNESS};

/// Sets `text` as it is (spaces kept, no breaking) in one style: the items relative to the
/// baseline start, and the width. The text is a piece of a line (a bullet, a number): no
/// run is marked as ending the line; see [`plain_line`].
pub fn plain_items(fonts: &Fonts, st: Style, text: &str) -> (Vec<(Point, Item)>, f64) {
    let shaped = shape_cached(fonts, st.family, text);
    let mut e = Emitter::new(fonts, &[]);
    e.glyphs(&shaped, 0, shaped.glyphs.len(), st, 0.0, None);
    (e.finish(), shaped.width as f64 * st.size)
}

/// Sets `text` as [`plain_items`] does, as a line of its own: its last run ends the line.
pub fn plain_line(fonts: &Fonts, st: Style, text: &str) -> (Vec<(Point, Item)>, f64) {
    let (mut items, w) = plain_items(fonts, st, text);
    mark_line_end(&mut items);
    (items, w)
}

/// Turns positioned content into glyph runs: one run per face, size, raise and colour.
pub(super) struct Emitter<'a> {
    fonts: &'a Fonts,
    styles: &'a [Style],
    items: Vec<(Point, Item)>,
    run: Option<(Point, GlyphRun, usize)>,
    strikes: Vec<(Point, f64, f64)>,
    /// Glyphs are scaled by this, advances and outlines (a justified line's expansion; 1
    /// otherwise): it becomes the runs' [`GlyphRun::scale`].
    pub(super) track: f64,
}

impl<'a> Emitter<'a> {
    pub(super) fn new(fonts: &'a Fonts, styles: &'a [Style]) -> Emitter<'a> {
        Emitter {
            fonts,
            styles,
            items: Vec::new(),
            run: None,
            strikes: Vec::new(),
            track: 1.0,
        }
    }

    pub(super) fn content(&mut self, c: &Content, x: f64, notes: &mut Vec<u32>) {
        match c {
            Content::Frag {
                shaped,
                g0,
                g1,
                style,
                ..
            } => self.frag(
                shaped,
                *g0 as usize,
                *g1 as usize,
                self.styles[*style as usize],
                x,
            ),
            Content::Space(style) => self.space(self.styles[*style as usize], x),
            Content::Hyphen(style) => {
                let st = self.styles[*style as usize];
                let h = shape(self.fonts, st.family, "-");
                // The added hyphen is not scaled: its width is the break's, fixed.
                let track = std::mem::replace(&mut self.track, 1.0);
                self.glyphs(&h, 0, h.glyphs.len(), st, x, Some("\u{AD}"));
                self.track = track;
            }
            Content::Anchor(name) => {
                self.items
                    .push((Point { x, y: -ANCHOR_RISE }, Item::Anchor(name.clone())));
            }
            Content::Note(n) => notes.push(*n),
            Content::Math(seg, span) => {
                self.flush();
                self.items
                    .push((Point { x, y: 0.0 }, Item::ActualText(seg.tex.clone())));
                let items = math::items(&seg.mbox, self.track, Color::BLACK);
                self.items.extend(items.into_iter().map(|(p, mut i)| {
                    if let Some(inline) = i.inline_mut() {
                        *inline = u32::from(*span);
                    }
                    let at = Point { x: p.x + x, y: p.y };
                    (at, i)
                }));
                self.items.push((Point { x, y: 0.0 }, Item::EndActualText));
            }
            Content::None | Content::Cut => {}
        }
    }

    fn frag(&mut self, shaped: &Shaped, g0: usize, g1: usize, st: Style, x: f64) {
        self.glyphs(shaped, g0, g1, st, x, None);
        if st.strike {
            let w = (shaped.pen(g1) - shaped.pen(g0)) as f64 * st.size * self.track;
            self.strikes.push((
                Point {
                    x,
                    y: -st.raise - st.size * STRIKE_HEIGHT,
                },
                w,
                st.size * STRIKE_THICKNESS,
            ));
        }
    }

    fn space(&mut self, st: Style, x: f64) {
        // A space glyph in the current run helps text extraction find word boundaries.
        let Some((origin, run, _)) = self.run.as_mut() else {
            // After a formula (whose text is its TeX), the space starts the next run.
            let sp = shape(self.fonts, st.family, " ");
            if !self.items.is_empty() && sp.missing.is_empty() {
                self.glyphs(&sp, 0, sp.glyphs.len(), st, x, None);
            }
            return;
        };
        let face = &self.fonts.faces[run.font];
        let apart = (run.size - st.size).abs() > 1e-9
            || (origin.y + st.raise).abs() > 1e-9
            || run.inline != u32::from(st.span);
        match face.rb.glyph_index(' ') {
            Some(id) if !apart => run.push(id.0, x - origin.x, 0.0, " "),
            // A reader of the tagged PDF is given the space after the run.
            _ => run.space_after = true,
        }
    }

    fn glyphs(&mut self, s: &Shaped, g0: usize, g1: usize, st: Style, x: f64, text: Option<&str>) {
        let base = s.pen(g0);
        for (k, g) in s.glyphs[g0..g1].iter().enumerate() {
            let gx = x + (g.pen - base) as f64 * st.size * self.track;
            self.ensure_run(g.face as usize, st, gx);
            let (origin, run, _) = self.run.as_mut().expect("run just ensured");
            let t = match text {
                Some(t) if k == 0 => t,
                Some(_) => "",
                None => &s.text[g.text.0 as usize..g.text.1 as usize],
            };
            run.push(
                g.id,
                gx - origin.x + g.dx as f64 * st.size,
                g.dy as f64 * st.size,
                t,
            );
            let adv = (s.pen(g0 + k + 1) - g.pen) as f64 * st.size * self.track;
            run.width = (gx + adv - origin.x).max(run.width);
        }
    }

    fn ensure_run(&mut self, face: usize, st: Style, x: f64) {
        let scale = self.track as f32;
        let same = self.run.as_ref().is_some_and(|(o, r, _)| {
            r.font == face
                && r.size == st.size
                && r.color == st.color
                && r.scale == scale
                && r.inline == u32::from(st.span)
                && o.y == -st.raise
        });
        if same {
            return;
        }
        self.flush();
        let mut run = GlyphRun::new(face, st.size, st.color);
        run.scale = scale;
        run.inline = u32::from(st.span);
        self.run = Some((Point { x, y: -st.raise }, run, 0));
    }

    fn flush(&mut self) {
        if let Some((p, mut run, _)) = self.run.take() {
            while run.last_text() == Some(" ") {
                run.pop();
                // A reader of the tagged PDF is given the space back.
                run.space_after = true;
            }
            if !run.glyphs().is_empty() {
                run.shrink();
                self.items.push((p, Item::Glyphs(run)));
            }
        }
    }

    pub(super) fn finish(mut self) -> Vec<(Point, Item)> {
        self.flush();
        for (p, w, h) in std::mem::take(&mut self.strikes) {
            self.items.push((
                p,
                Item::Rect {
                    width: w,
                    height: h,
                    color: Color::BLACK,
                },
            ));
        }
        self.items
    }
}
