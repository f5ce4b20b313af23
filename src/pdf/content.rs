//! One page's items as a PDF content stream: each glyph run as one `TJ` whose adjustments
//! put every glyph exactly where the typesetter placed it (so justification never depends
//! on word spacing, which does nothing for two-byte codes), ActualText where a glyph's
//! ToUnicode text would be wrong, rules, images; and the page's link areas. Converts the
//! frames' top-left, y-down trim coordinates to PDF space on the media box.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::fonts::{extracted, FontTable, PdfFont, SOFT_HYPHEN};
use super::images::ImageTable;
use super::marked::{Marked, Replace};
use super::num::{push, push_hex4, rounded};
use super::Setup;
use crate::typeset::frame::{Color, Glyph, GlyphRun, Item, LinkTarget, Point, Tag};
use crate::typeset::structure::Structure;

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
    /// A page of trim height `trim_height` placed as `setup` places every page.
    pub fn of(setup: &Setup, trim_height: f64) -> Self {
        Geometry {
            margin: setup.margin,
            trim_height,
        }
    }

    /// PDF x of a trim x.
    pub fn x(&self, x: f64) -> f64 {
        self.margin + x
    }

    /// PDF y of a trim y (y down from the top → y up from the media box's bottom).
    pub fn y(&self, y: f64) -> f64 {
        self.margin + self.trim_height - y
    }
}

/// What page content needs besides the page itself: nothing that pages written after it
/// change (where its links lead is settled once every page is written).
pub struct Context<'a> {
    /// The preset's choices.
    pub setup: &'a Setup,
    /// The fonts.
    pub fonts: &'a FontTable,
    /// The images.
    pub images: &'a ImageTable,
    /// The structure tree the items' tags point into, when the PDF is tagged.
    pub structure: Option<&'a Structure>,
}

/// Where a link annotation goes.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// An external URI.
    Uri(String),
    /// A position on a page: page index, PDF x and y.
    Page(usize, f64, f64),
}

/// A link annotation: its rectangle `[llx lly urx ury]` in PDF space and its target: as the
/// page gives it ([`LinkTarget`]), until every page is written and [`Link::resolved`]
/// finds where its anchor is.
#[derive(Debug, Clone, PartialEq)]
pub struct Link<T = Target> {
    /// The clickable area.
    pub rect: [f64; 4],
    /// Where it goes.
    pub target: T,
    /// The structure element whose text is the link's.
    pub parent: Option<u32>,
}

impl Link<LinkTarget> {
    /// The link with its target found: `None` for an anchor no page holds (`anchors`: where
    /// each is; `pages`: each page's geometry).
    pub fn resolved(self, anchors: &AnchorMap, pages: &[Geometry]) -> Option<Link> {
        let target = match self.target {
            LinkTarget::Uri(uri) => Target::Uri(uri),
            LinkTarget::Anchor(name) => {
                let (page, at) = anchors.get(&name)?;
                let d = pages[*page];
                Target::Page(*page, d.x(at.x), d.y(at.y))
            }
        };
        Some(Link {
            rect: self.rect,
            target,
            parent: self.parent,
        })
    }
}

/// One page, written.
#[derive(Debug, Default)]
pub struct PageContent {
    /// The content stream, uncompressed.
    pub stream: Vec<u8>,
    /// The page's link annotations, their targets as the page gives them.
    pub links: Vec<Link<LinkTarget>>,
    /// The structure element of each marked-content id of the page, by id.
    pub mcids: Vec<u32>,
}

/// Writes `items` of a page placed on its media box as `g` says.
pub fn page(cx: &Context, g: Geometry, items: &[(Point, Item)]) -> PageContent {
    let mut w = Writer {
        cx,
        g,
        s: Vec::with_capacity(items.len() * 64),
        in_text: false,
        font: None,
        fill: None,
        scale: 1.0,
        in_actual: false,
        marked: Marked::new(cx.structure),
    };
    let mut links = Vec::new();
    for (k, (p, item)) in items.iter().enumerate() {
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
            } => {
                w.end_text();
                w.set_mark(Tag::Artifact);
                w.rect(*p, *width, *height, *color);
            }
            Item::Image {
                path,
                width,
                height,
                tag,
            } => {
                if let Some(img) = cx.images.get(path) {
                    w.end_text();
                    w.set_mark(*tag);
                    w.image(*p, *width, *height, &img.name);
                }
            }
            Item::Link {
                width,
                height,
                target,
                tag,
                ..
            } => {
                if !cx.setup.links {
                    continue;
                }
                links.push(Link {
                    rect: [g.x(p.x), g.y(p.y + height), g.x(p.x + width), g.y(p.y)],
                    target: target.clone(),
                    parent: match tag {
                        Tag::Element(n) => Some(*n),
                        _ => None,
                    },
                });
            }
            Item::Anchor(_) => {}
            Item::ActualText(text) => w.begin_actual_text(text, span_tag(&items[k + 1..])),
            Item::EndActualText => w.end_actual_text(),
        }
    }
    w.end_actual_text();
    w.close_mark();
    w.end_text();
    PageContent {
        stream: w.s,
        links,
        mcids: w.marked.mcids,
    }
}

/// The tag of a span whose text replaces its items' (a formula's): the first tag among
/// `items` before the span ends.
fn span_tag(items: &[(Point, Item)]) -> Tag {
    (items.iter())
        .take_while(|(_, i)| !matches!(i, Item::EndActualText))
        .find_map(|(_, i)| i.tag())
        .unwrap_or(Tag::Artifact)
}

/// What a hyphen that belongs to the word extracts as when it ends a line: U+2010 HYPHEN.
/// Text extraction joins a line ending in a hyphen-minus with the next line (that is how
/// the break hyphens come back whole), which would glue "2026-" and "q1" into "2026q1".
const LINE_END_HARD_HYPHEN: &str = "\u{2010}";

/// What a hyphen added at a line break reads as to a reader of a tagged file's structure:
/// a soft hyphen, which a screen reader passes over, so the word broken over the lines
/// reads whole (text extraction still reads a hyphen, and joins the lines at it).
const TAGGED_BREAK_HYPHEN: &str = SOFT_HYPHEN;

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
    /// The marked-content sequences of a tagged file.
    marked: Marked<'a>,
}

impl Writer<'_> {
    /// Puts what follows in the marked-content sequence of `tag` (an element's, or an
    /// artifact's), opened where the writer is: inside the text object of a glyph run,
    /// outside any for rules and images, so that the two always nest. Inside a span whose
    /// text replaces its glyphs', the span's sequence holds everything.
    fn set_mark(&mut self, tag: Tag) {
        if let Some(tag) = self.mark_wanted(tag) {
            self.close_mark();
            self.marked.open(&mut self.s, tag, None, self.in_text);
        }
    }

    /// The sequence to open for what is tagged `tag`, when it is not the open one.
    fn mark_wanted(&self, tag: Tag) -> Option<Tag> {
        if !self.marked.tagged() || self.in_actual {
            return None;
        }
        let tag = if tag == Tag::Unset {
            Tag::Artifact
        } else {
            tag
        };
        (!self.marked.is_plainly(tag)).then_some(tag)
    }

    /// Ends the open marked-content sequence, if any, and the text object inside it.
    fn close_mark(&mut self) {
        if let Some(in_text) = self.marked.open_in_text() {
            if !in_text {
                self.end_text();
            }
            self.marked.close(&mut self.s);
        }
    }

    /// Ends the text object, and first a marked-content sequence opened inside it.
    fn end_text(&mut self) {
        if self.in_text {
            if self.marked.open_in_text() == Some(true) {
                self.marked.close(&mut self.s);
            }
            self.s.extend_from_slice(b"ET\n");
            self.in_text = false;
        }
    }

    /// Opens a span whose ActualText is `text` for the items up to its end, tagged `tag`,
    /// outside any text object so that it nests with them: in a tagged file, a sequence of
    /// its element of its own (a reader of the structure takes a sequence's text from its
    /// own entries); else a marked-content span.
    fn begin_actual_text(&mut self, text: &str, tag: Tag) {
        self.end_actual_text();
        self.end_text();
        if self.marked.tagged() && matches!(tag, Tag::Element(_)) {
            self.close_mark();
            self.marked
                .open(&mut self.s, tag, Some(Replace::Span(text)), false);
        } else {
            self.set_mark(tag);
            self.end_text();
            actual_text(&mut self.s, text);
        }
        self.in_actual = true;
    }

    fn end_actual_text(&mut self) {
        if self.in_actual {
            self.end_text();
            if self.marked.is_actual() {
                self.close_mark();
            } else {
                self.s.extend_from_slice(b"EMC\n");
            }
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
        self.set_mark(run.tag);
        let mut tj = Tj::new(run.size * f64::from(run.scale));
        let glyphs: Vec<_> = run.glyphs_with_text().collect();
        let mut i = 0;
        while i < glyphs.len() {
            let mut end = i + 1;
            while end < glyphs.len() && glyphs[end].1.is_empty() {
                end += 1;
            }
            let cluster = &glyphs[i..end];
            let text = self.cluster_text((run, font), cluster, end == glyphs.len());
            let actual = !self.in_actual
                && if let [(only, _)] = cluster {
                    font.canonical(only.id) != text
                } else {
                    let mapped: String =
                        cluster.iter().map(|(x, _)| font.canonical(x.id)).collect();
                    mapped != text
                };
            // In a tagged file the text of an element's glyphs is replaced in a sequence of
            // the element's own; elsewhere in a span nested in the sequence.
            let own = actual && self.marked.tagged() && matches!(run.tag, Tag::Element(_));
            if !actual && self.mark_wanted(run.tag).is_some() {
                tj.close(&mut self.s);
                self.set_mark(run.tag);
            }
            if actual {
                tj.close(&mut self.s);
                if own {
                    self.close_mark();
                    let replace = if text == TAGGED_BREAK_HYPHEN {
                        Replace::Quiet(&text)
                    } else {
                        Replace::Span(&text)
                    };
                    self.marked.open(&mut self.s, run.tag, Some(replace), true);
                } else {
                    actual_text(&mut self.s, &text);
                }
            }
            for (k, (glyph, _)) in cluster.iter().enumerate() {
                tj.glyph(
                    &mut self.s,
                    f64::from(glyph.x),
                    f64::from(run.y_offset(i + k)),
                    font.code(glyph.id),
                    font.width(glyph.id),
                );
            }
            if actual {
                tj.close(&mut self.s);
                if own {
                    self.close_mark();
                } else {
                    self.s.extend_from_slice(b"EMC\n");
                }
            }
            i = end;
        }
        // The word space after the run, where the pen stands: it shows nothing.
        if let (true, true, Some(space)) = (self.marked.tagged(), run.space_after, font.space()) {
            if self.mark_wanted(run.tag).is_some() {
                tj.close(&mut self.s);
                self.set_mark(run.tag);
            }
            tj.append(&mut self.s, font.code(space), font.width(space));
        }
        tj.close(&mut self.s);
        tj.reset_rise(&mut self.s);
    }

    /// The text a cluster of `run` stands for (`last`: the run's last cluster): its own (the
    /// whole of it on its first glyph), a hyphen of the word at a line's end as U+2010; in a
    /// tagged file the hyphen of a line break as a soft hyphen (the word reads whole) and
    /// a space after a line that breaks at one.
    fn cluster_text<'t>(
        &self,
        (run, font): (&GlyphRun, &PdfFont),
        cluster: &[(&Glyph, &'t str)],
        last: bool,
    ) -> Cow<'t, str> {
        let own = cluster[0].1;
        let line_end = run.ends_line && last;
        if line_end && own == "-" {
            return Cow::Borrowed(LINE_END_HARD_HYPHEN);
        }
        if self.marked.tagged() && last {
            if line_end && own == SOFT_HYPHEN {
                return Cow::Borrowed(TAGGED_BREAK_HYPHEN);
            }
            if run.space_after && font.space().is_none() {
                return Cow::Owned(format!("{} ", extracted(own)));
            }
        }
        Cow::Borrowed(extracted(own))
    }
}

/// A `TJ` being written: where the pen is (from the run's origin), and the text rise.
struct Tj {
    /// Points per em along the line: the type size times the horizontal scaling.
    size: f64,
    pen: f64,
    rise: f64,
    open: bool,
    /// Whether a string of codes is open.
    in_string: bool,
}

impl Tj {
    fn new(size: f64) -> Self {
        Tj {
            size,
            pen: 0.0,
            rise: 0.0,
            open: false,
            in_string: false,
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
            if self.in_string {
                s.push(b')');
                self.in_string = false;
            }
            push(s, adjust);
            self.pen -= adjust * self.size / 1000.0;
        }
        if !self.in_string {
            s.push(b'(');
            self.in_string = true;
        }
        push_code(s, code);
        self.pen += width * self.size / 1000.0;
    }

    /// Shows glyph `code` where the pen stands.
    fn append(&mut self, s: &mut Vec<u8>, code: u16, width: f64) {
        let (x, rise) = (self.pen, self.rise);
        self.glyph(s, x, rise, code, width);
    }

    /// Ends the current `TJ` array, if one is open.
    fn close(&mut self, s: &mut Vec<u8>) {
        if self.in_string {
            s.push(b')');
            self.in_string = false;
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

/// Glyph `code` in a literal string, as its two bytes: half the bytes of hex to write and
/// to deflate (the deflate was a fifth of a cold build). The delimiters and the backslash
/// are escaped, and so are the line ends a reader would otherwise normalize.
fn push_code(s: &mut Vec<u8>, code: u16) {
    for b in code.to_be_bytes() {
        match b {
            b'(' | b')' | b'\\' => s.extend_from_slice(&[b'\\', b]),
            b'\r' => s.extend_from_slice(b"\\r"),
            b'\n' => s.extend_from_slice(b"\\n"),
            _ => s.push(b),
        }
    }
}

/// Opens a `/Span` marked-content sequence whose ActualText is `text`.
fn actual_text(s: &mut Vec<u8>, text: &str) {
    s.extend_from_slice(b"/Span <</ActualText ");
    utf16be_hex(s, text);
    s.extend_from_slice(b">> BDC\n");
}

/// `text` as a hexadecimal PDF string in UTF-16BE with its byte-order mark.
pub(super) fn utf16be_hex(s: &mut Vec<u8>, text: &str) {
    s.extend_from_slice(b"<FEFF");
    for unit in text.encode_utf16() {
        push_hex4(s, unit);
    }
    s.push(b'>');
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
        assert_eq!(s, b"[(\0\x01)-200(\0\x02\0\x03)] TJ\n");
    }

    #[test]
    fn rise_closes_the_array() {
        let mut s = Vec::new();
        let mut tj = Tj::new(10.0);
        tj.glyph(&mut s, 0.0, 0.0, 1, 500.0);
        tj.glyph(&mut s, 5.0, 2.5, 2, 500.0);
        tj.close(&mut s);
        tj.reset_rise(&mut s);
        assert_eq!(s, b"[(\0\x01)] TJ\n2.5 Ts\n[(\0\x02)] TJ\n0 Ts\n");
    }

    #[test]
    fn codes_read_back_whole_through_the_escapes() {
        // The delimiters, the backslash and both line ends, as either byte of a code.
        let codes = [
            0x0028, 0x2900, 0x5C5C, 0x0D0A, 0x0A0D, 0x0041, 0xFFFF, 0x0000,
        ];
        let mut s = b"BT\n".to_vec();
        let mut tj = Tj::new(10.0);
        for code in codes {
            tj.append(&mut s, code, 500.0);
        }
        tj.close(&mut s);
        s.extend_from_slice(b"ET\n");
        let content = lopdf::content::Content::decode(&s).expect("the content parses");
        let tj = (content.operations.iter())
            .find(|o| o.operator == "TJ")
            .expect("a TJ");
        let lopdf::Object::Array(parts) = &tj.operands[0] else {
            panic!("TJ takes an array")
        };
        let bytes: Vec<u8> = (parts.iter())
            .flat_map(|p| p.as_str().expect("a string").to_vec())
            .collect();
        let expected: Vec<u8> = codes.iter().flat_map(|c| c.to_be_bytes()).collect();
        assert_eq!(bytes, expected);
    }
}
