//! The spine and the back: spine text turned to read from top to bottom, centred across
//! the spine; the back's text set ragged in the book's face; the barcode on its white box in
//! the lower right; the publisher in the lower left.

use super::barcode::{self, Barcode, Isbn};
use super::setting::{place, place_turned, style, Setter};
use super::spine::Spread;
use crate::diag::{Diagnostics, Span};
use crate::manifest::length::PT_PER_IN;
use crate::manifest::Collection;
use crate::model::{Block, Inline};
use crate::typeset::fonts::Family;
use crate::typeset::frame::{Color, Item, Point};
use crate::typeset::para::Align;

/// The largest spine type, in points.
const SPINE_MAX: f64 = 14.0;
/// The smallest spine type worth printing, in points: below it (a spine of under about
/// 0.2 in) the spine is left plain even where the printer would take text.
const SPINE_MIN: f64 = 5.0;
/// Space between title and names on the spine, in ems.
const SPINE_GAP_EM: f64 = 1.5;
/// The back's text against the body size, and the smallest it may shrink to.
const BACK_SCALE: f64 = 1.25;
const BACK_MIN: f64 = 8.0;
/// The back text's inset inside the safe area, each side, in inches.
const BACK_INSET_IN: f64 = 0.25;
/// Space between the back text and the barcode, in inches.
const BACK_GAP_IN: f64 = 0.25;

/// The spine's text, when the spine takes any: title and names centred along the spine,
/// the publisher at its foot.
pub fn spine(c: &Collection, set: &Setter, s: &Spread, fg: Color) -> Vec<(Point, Item)> {
    let mut out = Vec::new();
    if !s.spine_text() {
        return out;
    }
    let area = s.spine_safe();
    let (ascent, descent) = set.extents(&[Family::Regular, Family::Italic]);
    let size = (area.w / (ascent + descent)).min(SPINE_MAX);
    if size < SPINE_MIN {
        return out;
    }
    let creators = set.labels().join(c.creators());
    let publisher = c.publisher.clone().unwrap_or_default();
    // Shrink until everything fits along the spine; drop the publisher, then the names,
    // when even the smallest size is too long.
    for (with_names, with_publisher) in [(true, true), (true, false), (false, false)] {
        let mut size = size;
        while size >= SPINE_MIN {
            let (title, tw) = set.line(&c.title, style(Family::Regular, size, fg));
            let (names, nw) = if with_names && !creators.is_empty() {
                set.line(&creators, style(Family::Italic, size * 0.85, fg))
            } else {
                (Vec::new(), 0.0)
            };
            let (publ, pw) = if with_publisher && !publisher.is_empty() {
                set.line(&publisher, style(Family::Regular, size * 0.75, fg))
            } else {
                (Vec::new(), 0.0)
            };
            let gap = SPINE_GAP_EM * size;
            let group = tw + if nw > 0.0 { gap + nw } else { 0.0 };
            let needed = group + if pw > 0.0 { 2.0 * gap + pw } else { 0.0 };
            if needed <= area.h {
                let base = area.center_x() - (ascent - descent) / 2.0 * size;
                let room = area.h - if pw > 0.0 { gap + pw } else { 0.0 };
                let top = area.y + ((room - group) / 2.0).max(0.0);
                place_turned(&mut out, title, base, top);
                place_turned(&mut out, names, base, top + tw + gap);
                place_turned(&mut out, publ, base, area.y + area.h - pw);
                return out;
            }
            size -= 0.5;
        }
    }
    out
}

/// The back: its text, the barcode (when the book has a print ISBN) and the publisher.
pub fn back(
    c: &Collection,
    set: &Setter,
    s: &Spread,
    fg: Color,
    diags: &mut Diagnostics,
) -> Vec<(Point, Item)> {
    let mut out = Vec::new();
    let area = s.back_safe();
    let code = isbn(c, diags).map(|i| barcode::layout(&i));
    let bottom_reserved = code.as_ref().map_or(0.6 * PT_PER_IN, |b| b.height);
    let text_top = area.y + 0.5 * PT_PER_IN;
    let text_bottom = area.y + area.h - bottom_reserved - BACK_GAP_IN * PT_PER_IN;
    let inset = BACK_INSET_IN * PT_PER_IN;
    let measure = area.w - 2.0 * inset;
    if let Some((blocks, span)) = back_blocks(c, diags) {
        let mut size = c.print.font_size * BACK_SCALE;
        loop {
            let (items, h) = back_text(set, &blocks, size, measure, fg);
            if text_top + h <= text_bottom {
                place(&mut out, items, area.x + inset, text_top);
                break;
            }
            if size <= BACK_MIN {
                diags.error(
                    span,
                    "the back cover's text does not fit above the barcode, even at 8 pt",
                    "shorten the description, or give `[cover] back-text` a shorter one",
                );
                break;
            }
            size = (size - 0.25).max(BACK_MIN);
        }
    }
    if let Some(p) = &c.publisher {
        // Beside the barcode, in smaller type when the name is too long for the room.
        let room = area.w
            - code
                .as_ref()
                .map_or(0.0, |b| b.width + BACK_GAP_IN * PT_PER_IN);
        let mut size = c.print.font_size;
        let (mut items, w) = set.line(p, style(Family::Italic, size, fg));
        if w > room {
            size *= room / w;
            (items, _) = set.line(p, style(Family::Italic, size, fg));
        }
        place(&mut out, items, area.x, area.y + area.h - 0.1 * PT_PER_IN);
    }
    if let Some(b) = code {
        barcode_items(set, b, area.x + area.w - 0.0, area.y + area.h, &mut out);
    }
    out
}

/// The barcode block placed with its lower-right corner at (`right`, `bottom`).
fn barcode_items(set: &Setter, b: Barcode, right: f64, bottom: f64, out: &mut Vec<(Point, Item)>) {
    let (x0, y0) = (right - b.width, bottom - b.height);
    place(out, b.rects, x0, y0);
    for cap in b.captions {
        let mut size = cap.size;
        let (mut items, mut w) = set.line(&cap.text, style(Family::Regular, size, Color::BLACK));
        if w > cap.max_width {
            size *= cap.max_width / w;
            (items, w) = set.line(&cap.text, style(Family::Regular, size, Color::BLACK));
        }
        place(out, items, x0 + cap.at.x - w / 2.0, y0 + cap.at.y);
    }
}

/// The print ISBN, checked; a located error when it cannot be a barcode.
fn isbn(c: &Collection, diags: &mut Diagnostics) -> Option<Isbn> {
    let text = c.isbn_print.as_ref()?;
    match barcode::parse_isbn(text) {
        Ok(i) => Some(i),
        Err(why) => {
            let span = (c.isbn_print_span.clone()).unwrap_or_else(|| Span::file(&c.manifest_path));
            diags.error(
                span,
                format!("`isbn-print` cannot be printed as a barcode: {why}"),
                "copy the ISBN exactly as the agency issued it, e.g. \"978-1-917234-05-4\"",
            );
            None
        }
    }
}

/// The back's paragraphs: `[cover] back-text` read as markdown, else the description.
fn back_blocks(c: &Collection, diags: &mut Diagnostics) -> Option<(Vec<Vec<Inline>>, Span)> {
    let manifest = Span::file(&c.manifest_path);
    if let Some((text, span)) = c.print_cover.as_ref().and_then(|p| p.back_text.clone()) {
        let doc = crate::markdown::read_str(&text, &c.manifest_path, &mut Diagnostics::new());
        let mut paras = Vec::new();
        for b in doc.blocks {
            match b {
                Block::Paragraph { content, .. } => paras.push(content),
                _ => diags.warning(
                    span.clone(),
                    "the back cover sets only paragraphs of `back-text`; other blocks are left out",
                    "write the back's text as plain paragraphs",
                ),
            }
        }
        return Some((paras, span));
    }
    let d = c.description.as_ref()?;
    Some((vec![vec![Inline::Text(d.clone())]], manifest))
}

/// The paragraphs set ragged right at `size` in `measure`, half a line apart.
fn back_text(
    set: &Setter,
    paras: &[Vec<Inline>],
    size: f64,
    measure: f64,
    fg: Color,
) -> (Vec<(Point, Item)>, f64) {
    let mut out = Vec::new();
    let mut y = 0.0;
    for (i, p) in paras.iter().enumerate() {
        if i > 0 {
            y += size * 0.65;
        }
        let (items, h) = set.block(p, style(Family::Regular, size, fg), measure, Align::Left);
        place(&mut out, items, 0.0, y);
        y += h;
    }
    (out, y)
}
