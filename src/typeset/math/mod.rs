//! Math layout: a parsed formula ([`crate::math::Formula`]) becomes boxes of glyphs and
//! rules, by the rules of appendix G of the TeXbook, with the constants, variants and
//! assemblies of the OpenType MATH font (TeX Gyre Schola Math) in place of TeX's font
//! parameters. Styles display, text, script and scriptscript (each also cramped) decide
//! sizes and positions; atoms are spaced by TeX's table of classes.
//!
//! A display formula is one box ([`display`]). An inline formula is cut after its outer
//! relations and binary operators, where TeX lets a line break: [`inline`] gives the
//! segments between those points and the penalty and glue of each point, for the
//! paragraph's line breaker; the spaces around relations and operators stretch and shrink
//! with the line, as TeX's do. [`emit::items`] turns a box into frame items.

mod atoms;
mod emit;
mod font;
mod mbox;
mod parts;
mod scripts;
mod stretch;
mod table;

pub use emit::items;
pub use mbox::{MBox, Piece};

use atoms::Space;
use font::MathFont;

use crate::math::Formula;
use crate::typeset::fonts::Fonts;

/// Cost of a line break after a relation: TeX's `\relpenalty`.
pub const REL_PENALTY: f64 = 500.0;
/// Cost of a line break after a binary operator: TeX's `\binoppenalty`, dearer than after a
/// relation because "a +" ending a line reads worse than "a =".
pub const BIN_PENALTY: f64 = 700.0;

/// A math style: display (0), text (1), script (2), scriptscript (3), cramped or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// 0 display, 1 text, 2 script, 3 scriptscript.
    pub level: u8,
    /// Cramped: superscripts sit lower (under a fraction bar or a radical, in subscripts).
    pub cramped: bool,
}

impl Style {
    /// Display style.
    pub const DISPLAY: Style = Style {
        level: 0,
        cramped: false,
    };
    /// Text style.
    pub const TEXT: Style = Style {
        level: 1,
        cramped: false,
    };

    /// The style of a superscript.
    pub fn sup(self) -> Style {
        Style {
            level: (self.level + 1).clamp(2, 3),
            ..self
        }
    }

    /// The style of a subscript: as a superscript's, cramped.
    pub fn sub(self) -> Style {
        self.sup().cramp()
    }

    /// The style of a numerator.
    pub fn num(self) -> Style {
        Style {
            level: (self.level + 1).min(3),
            ..self
        }
    }

    /// The style of a denominator: as a numerator's, cramped.
    pub fn den(self) -> Style {
        self.num().cramp()
    }

    /// This style, cramped.
    pub fn cramp(self) -> Style {
        Style {
            cramped: true,
            ..self
        }
    }

    /// Display or text style (where TeX's spaces in parentheses apply).
    pub fn is_big(self) -> bool {
        self.level <= 1
    }
}

/// What laying out one formula needs: the font and the text size.
pub struct Cx<'f> {
    mf: MathFont<'f>,
    /// The size of the surrounding text, in points.
    size: f64,
}

impl<'f> Cx<'f> {
    fn new(fonts: &'f Fonts, size: f64) -> Option<Cx<'f>> {
        Some(Cx {
            mf: MathFont::new(fonts)?,
            size,
        })
    }

    /// The type size of style `st`.
    fn size(&self, st: Style) -> f64 {
        self.size * self.mf.scale(st.level)
    }

    /// One math unit (1/18 em) in style `st`.
    fn mu(&self, st: Style) -> f64 {
        self.size(st) / 18.0
    }
}

/// A part of an inline formula between two break points, with the TeX it stands for.
#[derive(Debug, Clone)]
pub struct Segment {
    /// The laid-out part.
    pub mbox: MBox,
    /// Its source, without the white space that ends it: the segments of a formula spell
    /// its TeX in order, but for spaces between them (which the space between the segments
    /// stands for when the text is extracted).
    pub tex: String,
}

/// An inline formula as the line breaker sees it.
#[derive(Debug, Clone)]
pub enum InlineElem {
    /// A part that never breaks.
    Segment(Segment),
    /// Space around a relation or binary operator where no line may break: it stretches
    /// and shrinks with the line as the space after the operator does.
    Glue {
        /// Natural width.
        width: f64,
        /// Stretch.
        stretch: f64,
        /// Shrink.
        shrink: f64,
    },
    /// A place to break after a relation or binary operator: its cost, and the space after
    /// the operator, which stretches and shrinks with the line and disappears at a break.
    Break {
        /// TeX's penalty.
        penalty: f64,
        /// Natural width of the space.
        width: f64,
        /// Stretch.
        stretch: f64,
        /// Shrink.
        shrink: f64,
    },
}

/// A laid-out formula and the characters no font had.
pub struct Laid<T> {
    /// The layout.
    pub out: T,
    /// Characters shown as nothing.
    pub missing: Vec<char>,
}

/// A display formula at text size `size`, in display style.
pub fn display(fonts: &Fonts, f: &Formula, size: f64) -> Option<Laid<MBox>> {
    let cx = Cx::new(fonts, size)?;
    let b = atoms::list(&cx, &f.nodes, Style::DISPLAY);
    Some(Laid {
        out: b,
        missing: cx.mf.missing.take(),
    })
}

/// An inline formula at text size `size`, in text style, cut at its break points; `tex`
/// is its source.
pub fn inline(fonts: &Fonts, f: &Formula, tex: &str, size: f64) -> Option<Laid<Vec<InlineElem>>> {
    let cx = Cx::new(fonts, size)?;
    let st = Style::TEXT;
    let list = atoms::atoms(&cx, &f.nodes, st);
    let mut out = Vec::new();
    let mut seg = MBox::default();
    let mut seg_start = 0usize;
    let mut prev: Option<&atoms::Atom> = None;
    for (i, a) in list.iter().enumerate() {
        if a.kern {
            seg.append(a.b.clone());
            continue;
        }
        let space = prev.map_or(Space::None, |p| atoms::space(p.class, a.class, st));
        let breaks = prev.and_then(|p| atoms::break_penalty(p.class, a.class));
        // A break after a relation or an operator (`Some(penalty)`), or a space that
        // stretches and shrinks with the line's (`None`): either ends a segment.
        let ends_segment = match breaks {
            Some(penalty) if i > 0 => Some(Some(penalty)),
            _ if matches!(space, Space::Medium | Space::Thick) => Some(None),
            _ => None,
        };
        match ends_segment {
            Some(penalty) => {
                let start = a.start as usize;
                out.push(InlineElem::Segment(Segment {
                    mbox: std::mem::take(&mut seg),
                    tex: source(tex, seg_start, start),
                }));
                let (width, stretch, shrink) = space.glue(cx.mu(st));
                out.push(match penalty {
                    Some(penalty) => InlineElem::Break {
                        penalty,
                        width,
                        stretch,
                        shrink,
                    },
                    None => InlineElem::Glue {
                        width,
                        stretch,
                        shrink,
                    },
                });
                seg_start = start;
            }
            None => seg.append(MBox::kern(space.glue(cx.mu(st)).0)),
        }
        seg.append(a.b.clone());
        prev = Some(a);
    }
    out.push(InlineElem::Segment(Segment {
        mbox: seg,
        tex: source(tex, seg_start, tex.len()),
    }));
    Some(Laid {
        out,
        missing: cx.mf.missing.take(),
    })
}

/// The TeX of a segment, trailing white space left out.
fn source(tex: &str, start: usize, end: usize) -> String {
    tex.get(start..end).unwrap_or("").trim_end().to_string()
}

#[cfg(test)]
mod tests;
