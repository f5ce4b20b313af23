//! Glyphs that grow: delimiters, radical signs, big operators and wide accents take the
//! first of the font's larger variants that reaches the size asked for, and past the
//! largest, the font's assembly of parts (ends and repeated extenders overlapping by as
//! much as their connectors allow), as the OpenType MATH table describes them.

use ttf_parser::math::{GlyphAssembly, GlyphPart};

use super::font::MathFont;
use super::mbox::MBox;
use crate::typeset::fonts::MATH_FACE;

/// Extenders repeated at most this many times: enough for a delimiter some forty lines
/// tall, and a bound on the work for any formula.
const MAX_REPEATS: usize = 40;

/// `c` grown to at least `target` points (height plus depth when `vertical`, else width).
pub fn stretched(mf: &MathFont, c: char, target: f64, size: f64, vertical: bool) -> MBox {
    let Some((face, gid)) = mf.glyph(c, 0) else {
        return MBox::default();
    };
    let base = mf.glyph_box(face, gid, size, c);
    let extent = |b: &MBox| {
        if vertical {
            b.height + b.depth
        } else {
            b.width
        }
    };
    if face != MATH_FACE || extent(&base) >= target {
        return base;
    }
    let Some(con) = mf.construction(gid, vertical) else {
        return base;
    };
    let mut best = base;
    for v in con.variants {
        let b = mf.glyph_box(MATH_FACE, v.variant_glyph.0, size, c);
        if extent(&b) >= target {
            return b;
        }
        best = b;
    }
    match con.assembly {
        Some(asm) => assemble(mf, &asm, target, size, vertical, c).unwrap_or(best),
        None => best,
    }
}

/// A delimiter at least `target` tall, centred on the math axis.
pub fn delimiter(mf: &MathFont, c: char, target: f64, size: f64) -> MBox {
    let b = stretched(mf, c, target, size, true);
    let axis = mf.pt(mf.c().axis_height(), size);
    let shift = axis - (b.height - b.depth) / 2.0;
    b.shifted(shift)
}

/// The parts of `asm` laid end to end to reach `target`, extenders repeated as often as
/// needed; `None` when the assembly has no parts.
fn assemble(
    mf: &MathFont,
    asm: &GlyphAssembly,
    target: f64,
    size: f64,
    vertical: bool,
    c: char,
) -> Option<MBox> {
    let parts: Vec<GlyphPart> = asm.parts.into_iter().collect();
    let min = mf.min_overlap(size);
    let adv = |p: &GlyphPart| mf.units(f64::from(p.full_advance), size);
    for repeats in 1..=MAX_REPEATS {
        let seq: Vec<GlyphPart> = parts
            .iter()
            .flat_map(|p| {
                let n = if p.part_flags.extender() { repeats } else { 1 };
                std::iter::repeat_n(*p, n)
            })
            .collect();
        if seq.is_empty() {
            return None;
        }
        let total: f64 = seq.iter().map(adv).sum();
        let max_overlaps: Vec<f64> = seq
            .windows(2)
            .map(|w| {
                let connector = w[0].end_connector_length.min(w[1].start_connector_length);
                mf.units(f64::from(connector), size).max(min)
            })
            .collect();
        let longest = total - min * max_overlaps.len() as f64;
        if longest < target && repeats < MAX_REPEATS {
            continue;
        }
        // Overlap more than the least where the connectors allow, to land on the target.
        let slack: f64 = max_overlaps.iter().map(|m| m - min).sum();
        let t = if slack > 0.0 {
            ((longest - target) / slack).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let mut out = MBox {
            italic: mf.pt(asm.italics_correction, size),
            ..MBox::default()
        };
        let mut at = 0.0;
        for (i, p) in seq.iter().enumerate() {
            let g = mf.glyph_box(MATH_FACE, p.glyph_id.0, size, c);
            if vertical {
                out.width = out.width.max(g.width);
                let depth = g.depth;
                out.place(g, 0.0, at + depth);
            } else {
                out.place(g, at, 0.0);
            }
            at += adv(p) - max_overlaps.get(i).map_or(0.0, |m| min + t * (m - min));
        }
        if vertical {
            out.height = out.height.max(at);
        } else {
            out.width = at;
        }
        return Some(out);
    }
    None
}
