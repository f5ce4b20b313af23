//! A math box as frame items: its glyphs as runs (one per face, size and baseline, so that
//! a frame dump shows where every script sits) and its rules as rectangles, relative to the
//! box's baseline origin in frame coordinates (y down).

use super::mbox::{MBox, Piece};
use crate::typeset::frame::{Color, GlyphRun, Item, Point};

/// The items of `b`, placed with its baseline origin at (0, 0); `scale` widens or narrows
/// everything horizontally (a justified line's letter scaling), glyphs included.
pub fn items(b: &MBox, scale: f64, color: Color) -> Vec<(Point, Item)> {
    let mut out: Vec<(Point, Item)> = Vec::new();
    let mut run: Option<(Point, GlyphRun)> = None;
    let flush = |run: &mut Option<(Point, GlyphRun)>, out: &mut Vec<(Point, Item)>| {
        if let Some((at, r)) = run.take() {
            out.push((at, Item::Glyphs(r)));
        }
    };
    for p in &b.pieces {
        match *p {
            Piece::Glyph {
                x,
                y,
                face,
                gid,
                size,
                ch,
                adv,
            } => {
                let x = x * scale;
                let same = matches!(&run, Some((at, r))
                    if r.font == face && r.size == size && at.y == -y);
                if !same {
                    flush(&mut run, &mut out);
                    let mut r = GlyphRun::new(face, size, color);
                    r.scale = scale as f32;
                    run = Some((Point { x, y: -y }, r));
                }
                let (origin, r) = run.as_mut().expect("a run was just opened");
                r.push(gid, x - origin.x, 0.0, ch.encode_utf8(&mut [0; 4]));
                r.width = r.width.max(x + adv * scale - origin.x);
            }
            Piece::Rule {
                x,
                y,
                width,
                height,
            } => {
                flush(&mut run, &mut out);
                out.push((
                    Point {
                        x: x * scale,
                        y: -(y + height),
                    },
                    Item::Rect {
                        width: width * scale,
                        height,
                        color,
                    },
                ));
            }
        }
    }
    flush(&mut run, &mut out);
    out
}
