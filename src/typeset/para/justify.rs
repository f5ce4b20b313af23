//! Justification: set lines from chosen breaks — the adjustment ratio each line is set
//! with (spaces and, on justified lines, letters), alignment, and the link areas — handing
//! positioned content to the emitter.

use super::emit::Emitter;
use super::{Align, Content, Line, Para, Spec, NO_SOURCE};
use crate::typeset::fonts::Fonts;
use crate::typeset::frame::{mark_line_end, mark_space_after, Item, Point};
use crate::typeset::linebreak::{self, Breaks, Elem, FILL};
use crate::typeset::structure::Role;
use crate::typeset::type_scale::{LINK_HEIGHT, LINK_TOP};

/// How far past the measure a set line may reach before it counts as overfull, in points:
/// room for the rounding of its adjusted spaces.
const OVERFULL_EPSILON: f64 = 0.01;

impl Para {
    /// Breaks and sets the lines. When the best breaks still leave a line wider than the
    /// measure (a word too wide for it, or hyphens the rules may not all take), the words
    /// may break between any two letters as a last resort ([`Para::cut_anywhere`]).
    pub fn set(&self, fonts: &Fonts, spec: &Spec) -> Vec<Line> {
        let breaks = self.breaks_aligned(spec.measure, spec.align);
        let overfull = |b: &Breaks| b.lines.iter().filter(|l| l.overfull).count();
        if overfull(&breaks) > 0 {
            let cut = self.cut_anywhere();
            let again = cut.breaks_aligned(spec.measure, spec.align);
            if overfull(&again) < overfull(&breaks) {
                return cut.set_breaks(fonts, spec, &again);
            }
        }
        self.set_breaks(fonts, spec, &breaks)
    }

    /// Sets the lines for given breaks.
    pub fn set_breaks(&self, fonts: &Fonts, spec: &Spec, breaks: &Breaks) -> Vec<Line> {
        let mut lines = Vec::with_capacity(breaks.lines.len());
        let mut start = 0usize;
        let n = breaks.lines.len();
        for (k, b) in breaks.lines.iter().enumerate() {
            let last = k + 1 == n;
            lines.push(self.set_line(fonts, spec, start, b, last));
            start = b.at;
        }
        lines
    }

    fn set_line(
        &self,
        fonts: &Fonts,
        spec: &Spec,
        from: usize,
        b: &linebreak::Break,
        last: bool,
    ) -> Line {
        let i = self.first_of_line(from, b.at);
        // Justified lines scale their letters a little with their spaces (see LETTER_FLEX).
        let flex = if spec.align == Align::Justify {
            linebreak::LETTER_FLEX
        } else {
            0.0
        };
        let r = match spec.align {
            Align::Justify if !last => self.actual_ratio(i, b, spec.measure, flex),
            _ => b.ratio.min(0.0),
        };
        let track = 1.0 + r * flex;
        let placed = self.place(i, b, r, track);
        let x = placed.width;
        let shift = match spec.align {
            Align::Center => ((spec.measure - x) / 2.0).max(0.0),
            Align::Right => (spec.measure - x).max(0.0),
            _ => 0.0,
        };
        let mut out = Emitter::new(fonts, &self.styles);
        out.track = track;
        let mut notes = Vec::new();
        for &(px, j) in &placed.at {
            out.content(&self.content[j], px + shift, &mut notes);
        }
        let mut items = out.finish();
        mark_line_end(&mut items);
        if !last && matches!(self.content.get(b.at), Some(Content::Space(_))) {
            mark_space_after(&mut items);
        }
        let spans = self.link_spans(i, b, (r, track), shift);
        items.extend(self.link_areas(&spans));
        Line {
            items,
            notes,
            ratio: r,
            justified: spec.align == Align::Justify && !last,
            hyphen: b.hyphen,
            cut: matches!(self.content.get(b.at), Some(Content::Cut)),
            last,
            overfull: b.overfull || x > spec.measure + OVERFULL_EPSILON,
            width: x,
            widest_space_em: placed.widest_space_em,
            math_boxes: placed
                .at
                .iter()
                .filter_map(|&(px, j)| match &self.content[j] {
                    Content::Math(seg, _) => {
                        let b = &seg.mbox;
                        let x = px + shift;
                        Some([x, x + b.width * track, b.height, b.depth])
                    }
                    _ => None,
                })
                .collect(),
            source: self.content[i..b.at].iter().find_map(|c| match c {
                Content::Frag { src, .. } if *src != NO_SOURCE => Some(*src),
                _ => None,
            }),
        }
    }

    /// The first element of the line that starts after the break at `from` (discardable
    /// glue and penalties after a break are skipped), or `to` if there is none before it.
    fn first_of_line(&self, from: usize, to: usize) -> usize {
        let mut i = from;
        if from > 0 {
            i += 1;
            while i < to && !matches!(self.elems[i], Elem::Box { .. }) {
                i += 1;
            }
        }
        i
    }

    /// Places the elements from `i` to the break `b` at ratio `r`, letters scaled by
    /// `track`; the break's hyphen, if any, after them.
    fn place(&self, i: usize, b: &linebreak::Break, r: f64, track: f64) -> Placed {
        let mut at: Vec<(f64, usize)> = Vec::new();
        let mut x = 0.0;
        let mut widest_space_em: f64 = 0.0;
        for j in i..b.at {
            let e = self.elems[j];
            if matches!(e, Elem::Penalty { .. }) {
                continue;
            }
            at.push((x, j));
            let w = set_width(e, r, track);
            // Word spaces that adjust; a code span's fixed spaces are the mono face's own
            // width.
            if let (Elem::Glue { stretch, .. }, Content::Space(st)) = (e, &self.content[j]) {
                if stretch > 0.0 && stretch < FILL {
                    widest_space_em = widest_space_em.max(w / self.styles[*st as usize].size);
                }
            }
            x += w;
        }
        if b.hyphen {
            if let (Elem::Penalty { width, .. }, Content::Hyphen(_)) =
                (self.elems[b.at], &self.content[b.at])
            {
                at.push((x, b.at));
                x += width;
            }
        }
        Placed {
            at,
            width: x,
            widest_space_em,
        }
    }

    /// The ratio that fills the measure with the line's own glue (the emergency pass counts
    /// extra stretch to choose breaks, but the glue stretches as it really can).
    fn actual_ratio(&self, from: usize, b: &linebreak::Break, measure: f64, flex: f64) -> f64 {
        let (mut w, mut st, mut sh) = (0.0, 0.0, 0.0);
        for e in &self.elems[from..b.at] {
            match *e {
                Elem::Box { width } => {
                    w += width;
                    st += width * flex;
                    sh += width * flex;
                }
                Elem::Glue {
                    width,
                    stretch,
                    shrink,
                } => {
                    w += width;
                    st += stretch;
                    sh += shrink;
                }
                Elem::Penalty { .. } => {}
            }
        }
        if let Elem::Penalty { width, .. } = self.elems[b.at] {
            w += width;
        }
        let diff = measure - w;
        if diff >= 0.0 && st > 0.0 {
            diff / st
        } else if diff < 0.0 && sh > 0.0 {
            (diff / sh).max(-1.0)
        } else {
            0.0
        }
    }

    /// Horizontal extents of links on a line: (link, x0, x1, size, inline element),
    /// neighbouring parts merged.
    fn link_spans(
        &self,
        from: usize,
        b: &linebreak::Break,
        (r, track): (f64, f64),
        shift: f64,
    ) -> Vec<LinkSpan> {
        let mut spans: Vec<LinkSpan> = Vec::new();
        let mut x = shift;
        for j in from..b.at {
            let w = set_width(self.elems[j], r, track);
            if let Content::Frag { style, .. } = &self.content[j] {
                let st = self.styles[*style as usize];
                if let Some(l) = st.link {
                    match spans.last_mut() {
                        Some(s) if s.0 == l => s.2 = x + w,
                        _ => spans.push((l, x, x + w, st.size, self.link_element(st.span))),
                    }
                }
            }
            x += w;
        }
        spans
    }

    /// The Link element that inline element `span` is, or stands in (0 for none).
    fn link_element(&self, mut span: u16) -> u32 {
        while let Some(s) = self.spans.get(usize::from(span).wrapping_sub(1)) {
            if s.role == Role::Link {
                return u32::from(span);
            }
            span = s.outer as u16;
        }
        0
    }

    fn link_areas(&self, spans: &[LinkSpan]) -> Vec<(Point, Item)> {
        spans
            .iter()
            .map(|&(link, x0, x1, size, inline)| {
                (
                    Point {
                        x: x0,
                        y: -size * LINK_TOP,
                    },
                    Item::Link {
                        width: x1 - x0,
                        height: size * LINK_HEIGHT,
                        target: self.links[link as usize].clone(),
                        tag: crate::typeset::frame::Tag::Unset,
                        inline,
                    },
                )
            })
            .collect()
    }
}

/// A link's extent on a line: (link, x0, x1, size, its inline element).
type LinkSpan = (u16, f64, f64, f64, u32);

/// The elements of a line as placed: each element's x with its index, the line's width,
/// and its widest adjustable word space in ems.
struct Placed {
    at: Vec<(f64, usize)>,
    width: f64,
    widest_space_em: f64,
}

/// The width an element is set at on a line of ratio `r` whose letters scale by `track`:
/// fill glue keeps its natural width, other glue stretches or shrinks, penalties take none.
fn set_width(e: Elem, r: f64, track: f64) -> f64 {
    match e {
        Elem::Box { width } => width * track,
        Elem::Glue {
            width,
            stretch,
            shrink,
        } if stretch < FILL => width + r * if r >= 0.0 { stretch } else { shrink },
        Elem::Glue { width, .. } => width,
        Elem::Penalty { .. } => 0.0,
    }
}
