//! One page's items as a PDF content stream: each glyph run as one `TJ` whose adjustments
//! put every glyph exactly where the typesetter placed it (so justification never depends
//! on word spacing, which does nothing for two-byte codes), ActualText where a glyph's
//! ToUnicode text would be wrong, rules, images; and the page's link areas. Converts the
//! frames' top-left, y-down trim coordinates to PDF space on the media box.

use std::collections::BTreeMap;

use super::fonts::{extracted, FontTable, PdfFont};
use super::images::ImageTable;
use super::num::{push, push_hex4, rounded};
use super::Setup;
use crate::typeset::frame::{Color, GlyphRun, Item, LinkTarget, Point};

/// Where an anchor is: page index and position in trim coordinates.
pub type AnchorMap = BTreeMap<String, (usize, Point)>;

/// A TJ adjustment smaller than this (thousandths of an em) is left out: 0.001 em is
/// 0.01 pt at 10 pt, far below a printer's resolution, and never accumulates because the
/// pen is tracked from what was written.
const MIN_ADJUST: f64 = 0.01;

/// The placement of a trim box on its media box.
#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    /// Distance from the media box's edge to the trim box's, on every side.
    pub margin: f64,
    /// Trim height.
    pub trim_height: f64,
}

impl Geometry {
    /// PDF x of a trim x.
    pub fn x(&self, x: f64) -> f64 {
        self.margin + x
    }

    /// PDF y of a trim y (y down from the top → y up from the media box's bottom).
    pub fn y(&self, y: f64) -> f64 {
        self.margin + self.trim_height - y
    }
}

/// What page content needs besides the page itself.
pub struct Context<'a> {
    /// The preset's choices.
    pub setup: &'a Setup,
    /// The fonts.
    pub fonts: &'a FontTable,
    /// The images.
    pub images: &'a ImageTable,
    /// Every anchor's position.
    pub anchors: &'a AnchorMap,
    /// Geometry of each page, by index (for link destinations).
    pub pages: &'a [Geometry],
}

/// Where a link annotation goes.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// An external URI.
    Uri(String),
    /// A position on a page: page index, PDF x and y.
    Page(usize, f64, f64),
}

/// A link annotation: its rectangle `[llx lly urx ury]` in PDF space and its target.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The clickable area.
    pub rect: [f64; 4],
    /// Where it goes.
    pub target: Target,
}

/// One page, written.
#[derive(Debug, Default)]
pub struct PageContent {
    /// The content stream, uncompressed.
    pub stream: Vec<u8>,
    /// The page's link annotations.
    pub links: Vec<Link>,
    /// Anchors that links point to but no page holds.
    pub missing: Vec<String>,
}

/// Writes `items` of page `index`.
pub fn page(cx: &Context, index: usize, items: &[(Point, Item)]) -> PageContent {
    let mut w = Writer {
        cx,
        g: cx.pages[index],
        s: Vec::with_capacity(items.len() * 64),
        in_text: false,
        font: None,
        fill: None,
        scale: 1.0,
        in_actual: false,
    };
    let mut links = Vec::new();
    let mut missing = Vec::new();
    for (p, item) in items {
        match item {
            Item::Glyphs(run) => {
                if let Some(font) = cx.fonts.get(run.font) {
                    w.glyph_run(*p, run, font);
                }
            }
            Item::Rect {
                width,
                height,
                color,
            } => w.rect(*p, *width, *height, *color),
            Item::Image {
                path,
                width,
                height,
            } => {
                if let Some(img) = cx.images.get(path) {
                    w.image(*p, *width, *height, &img.name);
                }
            }
            Item::Link {
                width,
                height,
                target,
            } => {
                if !cx.setup.links {
                    continue;
                }
                let target = match target {
                    LinkTarget::Uri(uri) => Target::Uri(uri.clone()),
                    LinkTarget::Anchor(name) => match cx.anchors.get(name) {
                        Some((page, at)) => {
                            let d = cx.pages[*page];
                            Target::Page(*page, d.x(at.x), d.y(at.y))
                        }
                        None => {
                            missing.push(name.clone());
                            continue;
                        }
                    },
                };
                let g = w.g;
                links.push(Link {
                    rect: [g.x(p.x), g.y(p.y + height), g.x(p.x + width), g.y(p.y)],
                    target,
                });
            }
            Item::Anchor(_) => {}
            Item::ActualText(text) => w.begin_actual_text(text),
            Item::EndActualText => w.end_actual_text(),
        }
    }
    w.end_actual_text();
    w.end_text();
    PageContent {
        stream: w.s,
        links,
        missing,
    }
}

/// What a hyphen that belongs to the word extracts as when it ends a line: U+2010 HYPHEN.
/// Text extraction joins a line ending in a hyphen-minus with the next line (that is how
/// the break hyphens come back whole), which would glue "2026-" and "q1" into "2026q1".
const LINE_END_HARD_HYPHEN: &str = "\u{2010}";

/// One page's content stream being written, with the graphics state it has set (so it
/// never repeats itself).
struct Writer<'a> {
    cx: &'a Context<'a>,
    g: Geometry,
    s: Vec<u8>,
    in_text: bool,
    font: Option<(usize, f64)>,
    fill: Option<Color>,
    /// Horizontal scaling (`Tz`) as a fraction; 1 until set.
    scale: f32,
    /// Inside a span whose text replaces its glyphs' (a formula's TeX): the glyphs' own
    /// ActualText is left out, as it would be ignored inside it.
    in_actual: bool,
}

impl Writer<'_> {
    fn end_text(&mut self) {
        if self.in_text {
            self.s.extend_from_slice(b"ET\n");
            self.in_text = false;
        }
    }

    /// Opens a marked-content span whose ActualText is `text`, outside any text object so
    /// that it nests with them.
    fn begin_actual_text(&mut self, text: &str) {
        self.end_actual_text();
        self.end_text();
        actual_text(&mut self.s, text);
        self.in_actual = true;
    }

    fn end_actual_text(&mut self) {
        if self.in_actual {
            self.end_text();
            self.s.extend_from_slice(b"EMC\n");
            self.in_actual = false;
        }
    }

    fn numbers(&mut self, values: &[f64]) {
        for v in values {
            push(&mut self.s, *v);
            self.s.push(b' ');
        }
    }

    /// A filled rectangle whose top-left is `p`.
    fn rect(&mut self, p: Point, width: f64, height: f64, color: Color) {
        self.end_text();
        self.set_fill(color);
        let g = self.g;
        self.numbers(&[g.x(p.x), g.y(p.y + height), width, height]);
        self.s.extend_from_slice(b"re f\n");
    }

    /// Image XObject `name` scaled into the box whose top-left is `p`.
    fn image(&mut self, p: Point, width: f64, height: f64, name: &str) {
        self.end_text();
        let g = self.g;
        self.s.extend_from_slice(b"q ");
        self.numbers(&[width, 0.0, 0.0, height, g.x(p.x), g.y(p.y + height)]);
        self.s.extend_from_slice(b"cm /");
        self.s.extend_from_slice(name.as_bytes());
        self.s.extend_from_slice(b" Do Q\n");
    }

    /// Sets the fill colour: neutral greys (black text) in DeviceGray so they print with
    /// black ink only; other colours in DeviceRGB, in the press's DeviceCMYK for a CMYK
    /// setup, or as their grey when the preset is grey only.
    fn set_fill(&mut self, c: Color) {
        if self.fill == Some(c) {
            return;
        }
        self.fill = Some(c);
        let neutral = c.r == c.g && c.g == c.b;
        if neutral || self.cx.setup.gray_only {
            let level = 0.299 * c.r + 0.587 * c.g + 0.114 * c.b;
            push(&mut self.s, f64::from(level));
            self.s.extend_from_slice(b" g\n");
        } else if self.cx.setup.cmyk {
            let cmyk = super::cmyk::from_srgb([c.r, c.g, c.b].map(f64::from));
            self.numbers(&cmyk);
            self.s.extend_from_slice(b"k\n");
        } else {
            self.numbers(&[f64::from(c.r), f64::from(c.g), f64::from(c.b)]);
            self.s.extend_from_slice(b"rg\n");
        }
    }

    /// A glyph run: its origin by `Tm`, its glyphs in `TJ` arrays. When the run ends its
    /// line (as the layout marks it), a hyphen-minus of the text at its end is marked as a
    /// real hyphen.
    fn glyph_run(&mut self, origin: Point, run: &GlyphRun, font: &PdfFont) {
        self.set_fill(run.color);
        if !self.in_text {
            self.s.extend_from_slice(b"BT\n");
            self.in_text = true;
        }
        if self.font != Some((run.font, run.size)) {
            self.font = Some((run.font, run.size));
            self.s.push(b'/');
            self.s.extend_from_slice(font.resource.as_bytes());
            self.s.push(b' ');
            self.numbers(&[run.size]);
            self.s.extend_from_slice(b"Tf\n");
        }
        if self.scale != run.scale {
            self.scale = run.scale;
            self.numbers(&[f64::from(run.scale) * 100.0]);
            self.s.extend_from_slice(b"Tz\n");
        }
        let g = self.g;
        // A turned run's text space: x along the page's downward axis, y to the right.
        let matrix: &[u8] = if run.turned {
            b"0 -1 1 0 "
        } else {
            b"1 0 0 1 "
        };
        self.s.extend_from_slice(matrix);
        self.numbers(&[g.x(origin.x), g.y(origin.y)]);
        self.s.extend_from_slice(b"Tm\n");
        let s = &mut self.s;
        let mut tj = Tj::new(run.size * f64::from(run.scale));
        let glyphs: Vec<_> = run.glyphs_with_text().collect();
        let mut i = 0;
        while i < glyphs.len() {
            let mut end = i + 1;
            while end < glyphs.len() && glyphs[end].1.is_empty() {
                end += 1;
            }
            let cluster = &glyphs[i..end];
            // The cluster's own text; extracted(t) is the whole of it on the first glyph.
            let mut text = extracted(cluster[0].1);
            if run.ends_line && end == glyphs.len() && cluster[0].1 == "-" {
                text = LINE_END_HARD_HYPHEN;
            }
            let actual = !self.in_actual
                && if let [(only, _)] = cluster {
                    font.canonical(only.id) != text
                } else {
                    let mapped: String =
                        cluster.iter().map(|(x, _)| font.canonical(x.id)).collect();
                    mapped != text
                };
            if actual {
                tj.close(s);
                actual_text(s, text);
            }
            for (glyph, _) in cluster {
                tj.glyph(
                    s,
                    f64::from(glyph.x),
                    f64::from(glyph.y_offset),
                    font.code(glyph.id),
                    font.width(glyph.id),
                );
            }
            if actual {
                tj.close(s);
                s.extend_from_slice(b"EMC\n");
            }
            i = end;
        }
        tj.close(s);
        tj.reset_rise(s);
    }
}

/// A `TJ` being written: where the pen is (from the run's origin), and the text rise.
struct Tj {
    /// Points per em along the line: the type size times the horizontal scaling.
    size: f64,
    pen: f64,
    rise: f64,
    open: bool,
    in_hex: bool,
}

impl Tj {
    fn new(size: f64) -> Self {
        Tj {
            size,
            pen: 0.0,
            rise: 0.0,
            open: false,
            in_hex: false,
        }
    }

    /// Shows glyph `code` with its origin at `x` from the run's origin, raised by `rise`.
    fn glyph(&mut self, s: &mut Vec<u8>, x: f64, rise: f64, code: u16, width: f64) {
        if (rise - self.rise).abs() > 1e-4 {
            self.close(s);
            self.rise = rounded(rise);
            push(s, self.rise);
            s.extend_from_slice(b" Ts\n");
        }
        if !self.open {
            s.push(b'[');
            self.open = true;
        }
        let adjust = rounded((self.pen - x) * 1000.0 / self.size);
        if adjust.abs() >= MIN_ADJUST {
            if self.in_hex {
                s.push(b'>');
                self.in_hex = false;
            }
            push(s, adjust);
            self.pen -= adjust * self.size / 1000.0;
        }
        if !self.in_hex {
            s.push(b'<');
            self.in_hex = true;
        }
        push_hex4(s, code);
        self.pen += width * self.size / 1000.0;
    }

    /// Ends the current `TJ` array, if one is open.
    fn close(&mut self, s: &mut Vec<u8>) {
        if self.in_hex {
            s.push(b'>');
            self.in_hex = false;
        }
        if self.open {
            s.extend_from_slice(b"] TJ\n");
            self.open = false;
        }
    }

    fn reset_rise(&mut self, s: &mut Vec<u8>) {
        if self.rise != 0.0 {
            s.extend_from_slice(b"0 Ts\n");
            self.rise = 0.0;
        }
    }
}

/// Opens a `/Span` marked-content sequence whose ActualText is `text`.
fn actual_text(s: &mut Vec<u8>, text: &str) {
    s.extend_from_slice(b"/Span <</ActualText <FEFF");
    for unit in text.encode_utf16() {
        push_hex4(s, unit);
    }
    s.extend_from_slice(b">>> BDC\n");
}

/// A PDF text string in UTF-16BE with its byte-order mark.
pub fn utf16be(text: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    out.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tj_places_glyphs_at_their_positions() {
        // Two glyphs 500/1000 em wide at 10 pt: the second at 7 pt needs the pen moved
        // 2 pt right of its natural 5 pt, an adjustment of -200.
        let mut s = Vec::new();
        let mut tj = Tj::new(10.0);
        tj.glyph(&mut s, 0.0, 0.0, 1, 500.0);
        tj.glyph(&mut s, 7.0, 0.0, 2, 500.0);
        tj.glyph(&mut s, 12.0, 0.0, 3, 500.0);
        tj.close(&mut s);
        assert_eq!(String::from_utf8(s).unwrap(), "[<0001>-200<00020003>] TJ\n");
    }

    #[test]
    fn rise_closes_the_array() {
        let mut s = Vec::new();
        let mut tj = Tj::new(10.0);
        tj.glyph(&mut s, 0.0, 0.0, 1, 500.0);
        tj.glyph(&mut s, 5.0, 2.5, 2, 500.0);
        tj.close(&mut s);
        tj.reset_rise(&mut s);
        assert_eq!(
            String::from_utf8(s).unwrap(),
            "[<0001>] TJ\n2.5 Ts\n[<0002>] TJ\n0 Ts\n"
        );
    }
}
