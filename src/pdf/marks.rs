//! Printer's marks for the `proof` preset, outside the trim and the bleed: crop marks at
//! the four corners and a slug line (title, date, page) below the page. They are frame items
//! in trim coordinates (negative or beyond the trim), drawn like any other item.

use ttf_parser::Face;

use crate::typeset::frame::{Color, GlyphRun, Item, Point};

/// Room between the bleed box and the media box's edge on a proof, for marks and slug.
pub const MARK_SPACE: f64 = 30.0;

/// Gap between the bleed box and the start of a crop mark.
const MARK_GAP: f64 = 3.0;

/// Length of a crop mark.
const MARK_LEN: f64 = 18.0;

/// Thickness of a crop mark (a hairline).
const MARK_WEIGHT: f64 = 0.25;

/// Type size of the slug line.
const SLUG_SIZE: f64 = 6.0;

/// Distance of the slug's baseline above the media box's bottom edge.
const SLUG_RAISE: f64 = 5.0;

/// Distance of the slug's start from the trim's left edge, clear of the crop mark.
const SLUG_INDENT: f64 = 24.0;

/// Crop marks for a `width` × `height` trim with `bleed`.
pub fn crop_marks(width: f64, height: f64, bleed: f64) -> Vec<(Point, Item)> {
    let off = bleed + MARK_GAP;
    let half = MARK_WEIGHT / 2.0;
    let bar = |x: f64, y: f64, w: f64, h: f64| {
        (
            Point { x, y },
            Item::Rect {
                width: w,
                height: h,
                color: Color::BLACK,
            },
        )
    };
    let mut out = Vec::new();
    for (cx, cy) in [(0.0, 0.0), (width, 0.0), (0.0, height), (width, height)] {
        let hx = if cx == 0.0 { -off - MARK_LEN } else { cx + off };
        out.push(bar(hx, cy - half, MARK_LEN, MARK_WEIGHT));
        let vy = if cy == 0.0 { -off - MARK_LEN } else { cy + off };
        out.push(bar(cx - half, vy, MARK_WEIGHT, MARK_LEN));
    }
    out
}

/// The slug line `text` in `font` (file bytes, face index), below a trim of `height`.
/// Glyphs come from the font's cmap with their advances (no kerning: it is a note to the
/// printer, not book text); characters the font lacks are left out.
pub fn slug(
    text: &str,
    font_id: usize,
    font: &[u8],
    index: u32,
    height: f64,
    bleed: f64,
) -> Option<(Point, Item)> {
    let face = Face::parse(font, index).ok()?;
    let scale = SLUG_SIZE / f64::from(face.units_per_em());
    let mut x = 0.0;
    let mut run = GlyphRun::new(font_id, SLUG_SIZE, Color::BLACK);
    let mut buf = [0u8; 4];
    for c in text.chars() {
        let Some(gid) = face.glyph_index(c) else {
            continue;
        };
        run.push(gid.0, x, 0.0, c.encode_utf8(&mut buf));
        x += f64::from(face.glyph_hor_advance(gid).unwrap_or(0)) * scale;
    }
    run.width = x;
    let at = Point {
        x: SLUG_INDENT,
        y: height + bleed + MARK_SPACE - SLUG_RAISE,
    };
    Some((at, Item::Glyphs(run)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_stay_outside_the_bleed() {
        let (w, h, b) = (432.0, 648.0, 9.0);
        for (p, item) in crop_marks(w, h, b) {
            let Item::Rect { width, height, .. } = item else {
                panic!()
            };
            let outside_x = p.x + width <= -b || p.x >= w + b;
            let outside_y = p.y + height <= -b || p.y >= h + b;
            assert!(outside_x || outside_y, "mark at {p:?} touches the bleed");
            assert!(p.x >= -b - MARK_SPACE && p.x + width <= w + b + MARK_SPACE);
        }
    }

    #[test]
    fn slug_shapes_text() {
        let f = crate::fonts::SERIF[0];
        let (_, item) = slug("Proof 2024", 0, f.bytes, 0, 648.0, 9.0).unwrap();
        let Item::Glyphs(run) = item else { panic!() };
        assert_eq!(run.text(), "Proof 2024");
        assert!(run.width > 20.0);
    }
}
