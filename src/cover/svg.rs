//! The typographic front as an SVG image, for the EPUB of a book whose manifest names no
//! cover image: the same lines the print front sets, broken by the typesetter, drawn as
//! centred SVG text in a generic serif (an SVG shown as an image cannot load the book's
//! fonts), so that every EPUB has a cover in a store's listing.

use std::collections::BTreeMap;

use super::front::front_type;
use super::setting::{color, Setter};
use super::spine::Area;
use crate::manifest::Collection;
use crate::typeset::fonts::Fonts;
use crate::typeset::frame::{Color, Item};
use crate::typeset::hyphenate::Hyphenator;
use crate::xml::{attr, esc};

/// The margin around the front's type, in points (the print front's safe margin plus the
/// same again, as a screen shows the whole panel).
const MARGIN: f64 = 24.0;

/// The SVG of `c`'s typographic front, the size of its print trim.
pub fn front(c: &Collection) -> String {
    let cfg = super::settings(c);
    let (w, h) = (c.print.trim_width, c.print.trim_height);
    let fonts = Fonts::load(&c.print.fonts);
    let hyph = Hyphenator::new(&c.print.hyphenation_exceptions);
    let set = Setter::new(c, &fonts, &hyph);
    let area = Area {
        x: MARGIN,
        y: MARGIN,
        w: w - 2.0 * MARGIN,
        h: h - 2.0 * MARGIN,
    };
    let items = front_type(c, &set, &area, h, color(cfg.foreground));
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" \
         version=\"1.1\" viewBox=\"0 0 {w:.2} {h:.2}\" width=\"{w:.2}\" height=\"{h:.2}\" \
         role=\"img\" aria-label=\"{}\">\n",
        attr(&c.title)
    );
    s.push_str(&format!(
        "<rect x=\"0\" y=\"0\" width=\"{w:.2}\" height=\"{h:.2}\" fill=\"{}\"/>\n",
        hex(color(cfg.background))
    ));
    // Lines by baseline: the runs of one line joined, centred on the line's middle.
    let mut lines: BTreeMap<i64, Vec<Piece>> = BTreeMap::new();
    for (p, item) in &items {
        match item {
            Item::Glyphs(run) => {
                let text: String = run.text().chars().filter(|c| *c != '\u{AD}').collect();
                lines.entry((p.y * 10.0).round() as i64).or_default().push(Piece {
                    left: p.x,
                    right: p.x + run.width,
                    text,
                    font: run.font,
                    size: run.size,
                    color: run.color,
                });
            }
            Item::Rect {
                width,
                height,
                color,
            } => s.push_str(&format!(
                "<rect x=\"{:.2}\" y=\"{:.2}\" width=\"{width:.2}\" height=\"{height:.2}\" fill=\"{}\"/>\n",
                p.x,
                p.y,
                hex(*color)
            )),
            _ => {}
        }
    }
    for (y, mut runs) in lines {
        runs.sort_by(|a, b| a.left.total_cmp(&b.left));
        let left = runs[0].left;
        let right = runs.iter().map(|r| r.right).fold(0.0, f64::max);
        let (font, size, fill) = (runs[0].font, runs[0].size, runs[0].color);
        let mut text = String::new();
        let mut end = left;
        for r in &runs {
            if !text.is_empty() && r.left - end > size * 0.1 {
                text.push(' ');
            }
            text.push_str(&r.text);
            end = r.right;
        }
        // Faces 1 and 3 are the italics (see `Fonts::load`).
        let style = if matches!(font, 1 | 3) {
            " font-style=\"italic\""
        } else {
            ""
        };
        s.push_str(&format!(
            "<text x=\"{:.2}\" y=\"{:.2}\" font-family=\"serif\" font-size=\"{size:.2}\" \
             text-anchor=\"middle\" fill=\"{}\"{style}>{}</text>\n",
            (left + right) / 2.0,
            y as f64 / 10.0,
            hex(fill),
            esc(&text)
        ));
    }
    s.push_str("</svg>\n");
    s
}

/// One glyph run of a line: its extent, text, face, size and colour.
struct Piece {
    left: f64,
    right: f64,
    text: String,
    font: usize,
    size: f64,
    color: Color,
}

fn hex(c: Color) -> String {
    let b = |v: f32| (v * 255.0).round().clamp(0.0, 255.0) as u8;
    format!("#{:02x}{:02x}{:02x}", b(c.r), b(c.g), b(c.b))
}
