//! Frames: the typesetter's output and the PDF writer's only input. Plain data: pages of
//! positioned items (glyph runs, rules, images, link areas, anchors, the replacement text
//! of a formula), plus the document structure the PDF needs (fonts, outline, page labels).
//! Coordinates are points, with the origin at the top-left corner of the trimmed page and y
//! growing downwards; the PDF writer converts to PDF space and adds the bleed.

use std::sync::Arc;

pub mod bytes;

/// A position on the page, in points from the top-left corner of the trim box.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Point {
    /// Distance from the left trim edge.
    pub x: f64,
    /// Distance from the top trim edge (for text: the baseline).
    pub y: f64,
}

/// An RGB colour, each channel 0–1.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Color {
    /// Red.
    pub r: f32,
    /// Green.
    pub g: f32,
    /// Blue.
    pub b: f32,
}

impl Color {
    /// Black.
    pub const BLACK: Color = Color {
        r: 0.0,
        g: 0.0,
        b: 0.0,
    };
}

/// Index of a font in [`Layout::fonts`].
pub type FontId = usize;

/// A font file used by the layout, to be embedded by the PDF writer.
#[derive(Debug, Clone)]
pub struct FontData {
    /// PostScript or family name, for the PDF's font name.
    pub name: String,
    /// The font file's bytes (TrueType/OpenType).
    pub bytes: Arc<Vec<u8>>,
    /// Face index within the file (for collections).
    pub index: u32,
}

/// One glyph of a shaped run: 8 bytes, because a book holds millions of them. Its text
/// lives in the run's [`GlyphRun::text`], `text_len` bytes of it after the text of the
/// glyphs before; its offset from the baseline, which few glyphs have, in the run's
/// [`GlyphRun::y_offset`].
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Glyph {
    /// Glyph id in the run's font.
    pub id: u16,
    /// Bytes of the run's text this glyph stands for: the whole cluster on the cluster's
    /// first glyph ("fi" for an fi ligature), 0 on the other glyphs of a cluster. A hyphen
    /// added at a line break stands for "\u{AD}" (soft hyphen).
    pub text_len: u16,
    /// Horizontal position of the glyph's origin, relative to the run's origin, in points
    /// (already including kerning and any justification).
    pub x: f32,
}

/// What a placed item is to a reader of the tagged PDF: part of a structure element of
/// [`Layout::structure`] (the element's index there), or an artifact (page furniture,
/// rules, ornaments) that a screen reader passes over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub enum Tag {
    /// Not yet given to an element: the PDF writer makes it a plain artifact.
    #[default]
    Unset,
    /// Decoration: rules, ornaments, crop marks, leaders.
    Artifact,
    /// A running head.
    Header,
    /// A folio at the page foot.
    Footer,
    /// Content of structure element `n` of [`Layout::structure`].
    Element(u32),
}

/// Gives every item of `items` whose tag is still [`Tag::Unset`] the tag `tag`.
pub fn stamp(items: &mut [(Point, Item)], tag: Tag) {
    for (_, item) in items {
        if let Some(t) = item.tag_mut() {
            if *t == Tag::Unset {
                *t = tag;
            }
        }
    }
}

/// A run of glyphs in one font, size and colour, on one baseline.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GlyphRun {
    /// Font index into [`Layout::fonts`].
    pub font: FontId,
    /// Type size in points.
    pub size: f64,
    /// Fill colour.
    pub color: Color,
    /// Horizontal scale of the glyphs, advances and outlines alike: 1 for natural width, a
    /// little above or below on a justified line whose letters stretch or shrink with its
    /// spaces (font expansion, as InDesign's glyph scaling and pdfTeX's hz). The glyph
    /// positions already include it.
    pub scale: f32,
    /// The glyphs, positioned relative to the run's origin (its baseline start).
    glyphs: Vec<Glyph>,
    /// The glyphs off the baseline (marks placed by the font, a formula's pieces): each
    /// one's index in `glyphs` and its offset (positive up) in points, in glyph order. Most
    /// runs have none, and hold nothing here: a boxed vector is one word in every run,
    /// where a vector would be three.
    #[allow(clippy::box_collection)]
    raised: Option<Box<Vec<(u32, f32)>>>,
    /// The source text of the run, soft hyphens included: the glyphs' texts in order.
    text: String,
    /// The run's total advance width in points.
    pub width: f64,
    /// The run is the last of its line of text: what follows in reading order starts a new
    /// line. A hyphen-minus ending such a run is a hyphen written in the word, which the PDF
    /// writer marks so that text extraction keeps it (see [`mark_line_end`]).
    pub ends_line: bool,
    /// The run is turned a quarter turn clockwise about its origin, reading from top to
    /// bottom (a book's spine): its advance runs down the page and its glyphs' tops face
    /// right.
    pub turned: bool,
    /// The run ends a line broken at a word space: a reader of the tagged PDF is given a
    /// space after it, so that the last word of the line and the first of the next do
    /// not run together.
    pub space_after: bool,
    /// The structure element the run belongs to.
    pub tag: Tag,
    /// The inline element (a link, code, a formula, a note's mark) of its paragraph the run
    /// is part of, numbered in its flow from 1 (0 for none): the tagged PDF's element for it
    /// is made inside the run's [`Self::tag`] once the flow is set
    /// ([`crate::typeset::blocks::Flow::resolve_inlines`]).
    pub inline: u32,
}

impl GlyphRun {
    /// An empty run.
    pub fn new(font: FontId, size: f64, color: Color) -> Self {
        GlyphRun {
            font,
            size,
            color,
            scale: 1.0,
            glyphs: Vec::new(),
            raised: None,
            text: String::new(),
            width: 0.0,
            ends_line: false,
            turned: false,
            space_after: false,
            tag: Tag::Unset,
            inline: 0,
        }
    }

    /// Appends a glyph at `x` (from the run's origin) standing for `text` ("" for the later
    /// glyphs of a cluster).
    pub fn push(&mut self, id: u16, x: f64, y_offset: f64, text: &str) {
        let text_len = u16::try_from(text.len()).expect("a glyph cluster under 64 KiB");
        self.space_after = false;
        self.text.push_str(text);
        let y_offset = y_offset as f32;
        if y_offset != 0.0 {
            let at = u32::try_from(self.glyphs.len()).expect("a run under 2^32 glyphs");
            (self.raised.get_or_insert_default()).push((at, y_offset));
        }
        self.glyphs.push(Glyph {
            id,
            text_len,
            x: x as f32,
        });
    }

    /// Gives back the room the run's glyphs and text were given to grow in: a book's runs
    /// are set once and then held until its PDF is written.
    pub fn shrink(&mut self) {
        if self.glyphs.capacity() > self.glyphs.len() {
            self.glyphs = self.glyphs.as_slice().to_vec();
        }
        if self.text.capacity() > self.text.len() {
            self.text = self.text.as_str().to_owned();
        }
        if let Some(raised) = &mut self.raised {
            raised.shrink_to_fit();
        }
    }

    /// Removes the last glyph and its text.
    pub fn pop(&mut self) -> Option<Glyph> {
        let g = self.glyphs.pop()?;
        if let Some(raised) = &mut self.raised {
            if raised
                .last()
                .is_some_and(|(k, _)| *k as usize == self.glyphs.len())
            {
                raised.pop();
            }
            if raised.is_empty() {
                self.raised = None;
            }
        }
        self.text
            .truncate(self.text.len() - usize::from(g.text_len));
        Some(g)
    }

    /// The glyphs in order.
    pub fn glyphs(&self) -> &[Glyph] {
        &self.glyphs
    }

    /// The vertical offset from the baseline (positive up) of glyph `k`, in points.
    pub fn y_offset(&self, k: usize) -> f32 {
        let Some(raised) = &self.raised else {
            return 0.0;
        };
        match raised.binary_search_by_key(&k, |(at, _)| *at as usize) {
            Ok(i) => raised[i].1,
            Err(_) => 0.0,
        }
    }

    /// The glyphs with the text each stands for.
    pub fn glyphs_with_text(&self) -> impl Iterator<Item = (&Glyph, &str)> + '_ {
        let mut at = 0;
        self.glyphs.iter().map(move |g| {
            let end = at + usize::from(g.text_len);
            let t = &self.text[at..end];
            at = end;
            (g, t)
        })
    }

    /// The text of the last glyph.
    pub fn last_text(&self) -> Option<&str> {
        let g = self.glyphs.last()?;
        Some(&self.text[self.text.len() - usize::from(g.text_len)..])
    }

    /// The source text of the run (soft hyphens included).
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// Marks the last glyph run of `items`, one line's items in reading order, as ending the
/// line ([`GlyphRun::ends_line`]), and no other run among them.
pub fn mark_line_end(items: &mut [(Point, Item)]) {
    let mut last = true;
    for (_, item) in items.iter_mut().rev() {
        if let Item::Glyphs(run) = item {
            run.ends_line = last;
            last = false;
        }
    }
}

/// Marks the last glyph run of `items`, one line's items in reading order, as followed by
/// a word space ([`GlyphRun::space_after`]).
pub fn mark_space_after(items: &mut [(Point, Item)]) {
    let last = items.iter_mut().rev().find_map(|(_, i)| match i {
        Item::Glyphs(run) => Some(run),
        _ => None,
    });
    if let Some(run) = last {
        run.space_after = true;
    }
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum LinkTarget {
    /// An external URI.
    Uri(String),
    /// A named anchor placed on some page with [`Item::Anchor`].
    Anchor(String),
}

/// Something placed on a page. Its [`Point`] is the run's baseline origin for glyphs and the
/// top-left corner for everything else.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum Item {
    /// Shaped text.
    Glyphs(GlyphRun),
    /// A filled rectangle (rules, ornaments): width and height in points.
    Rect {
        /// Width.
        width: f64,
        /// Height.
        height: f64,
        /// Fill colour.
        color: Color,
    },
    /// A raster image scaled to `width` × `height` points.
    Image {
        /// The image file.
        path: std::path::PathBuf,
        /// Width on the page.
        width: f64,
        /// Height on the page.
        height: f64,
        /// The figure it belongs to.
        tag: Tag,
    },
    /// A clickable area.
    Link {
        /// Width of the area.
        width: f64,
        /// Height of the area.
        height: f64,
        /// Destination.
        target: LinkTarget,
        /// The element whose text is the link's (the PDF writer nests a Link element
        /// holding the annotation in it, unless it is a Link element itself).
        tag: Tag,
        /// The inline element of the link's text, as [`GlyphRun::inline`].
        inline: u32,
    },
    /// A named destination (link target) at this point.
    Anchor(String),
    /// The items up to the next [`Item::EndActualText`] (on the same page) stand for this
    /// text when the page's text is extracted or read aloud: a formula's TeX.
    ActualText(String),
    /// Ends an [`Item::ActualText`].
    EndActualText,
}

impl Item {
    /// The item's tag, for the items that carry one (glyphs, images, links).
    pub fn tag(&self) -> Option<Tag> {
        match self {
            Item::Glyphs(run) => Some(run.tag),
            Item::Image { tag, .. } | Item::Link { tag, .. } => Some(*tag),
            _ => None,
        }
    }

    /// The item's inline element number ([`GlyphRun::inline`]), to set.
    pub fn inline_mut(&mut self) -> Option<&mut u32> {
        match self {
            Item::Glyphs(run) => Some(&mut run.inline),
            Item::Link { inline, .. } => Some(inline),
            _ => None,
        }
    }

    /// The item's tag, to set.
    pub fn tag_mut(&mut self) -> Option<&mut Tag> {
        match self {
            Item::Glyphs(run) => Some(&mut run.tag),
            Item::Image { tag, .. } | Item::Link { tag, .. } => Some(tag),
            _ => None,
        }
    }
}

/// What a page is, for the PDF writer's structure (labels, heads already drawn as items).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum PageKind {
    /// Half-title, title, copyright, contents.
    Front,
    /// Body pages.
    Body,
    /// Contributors and other back matter.
    Back,
    /// An intentionally blank page (carries nothing).
    Blank,
}

/// One page: its trimmed size and what is on it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Page {
    /// Trim width in points.
    pub width: f64,
    /// Trim height in points.
    pub height: f64,
    /// What kind of page this is.
    pub kind: PageKind,
    /// The folio as printed (e.g. "iii", "17"), even when not drawn on this page.
    pub label: String,
    /// Positioned items, in reading order.
    pub items: Vec<(Point, Item)>,
}

/// Folio style for a run of pages (for PDF page labels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum LabelStyle {
    /// i, ii, iii …
    LowerRoman,
    /// 1, 2, 3 …
    Arabic,
}

/// A page-label range: from page index `start` (0-based), numbered in `style` from `first`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct LabelRange {
    /// First page index of the range.
    pub start: usize,
    /// Numbering style.
    pub style: LabelStyle,
    /// Number of the first page in the range.
    pub first: u32,
}

/// A bookmark: title, destination, and nested entries (parts → articles → sections).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OutlineEntry {
    /// The bookmark's text.
    pub title: String,
    /// Page index (0-based).
    pub page: usize,
    /// Distance from the top of the trim box of the destination.
    pub y: f64,
    /// Nested bookmarks.
    pub children: Vec<OutlineEntry>,
}

/// The whole laid-out book.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// Pages in order.
    pub pages: Vec<Page>,
    /// Fonts referenced by glyph runs.
    pub fonts: Vec<FontData>,
    /// The nested outline.
    pub outline: Vec<OutlineEntry>,
    /// Page-label ranges, in order of `start`.
    pub labels: Vec<LabelRange>,
    /// Where each page of the body and back matter begins in the book's text, in page
    /// order: the EPUB's page-list. Front matter is left out (the EPUB has its own).
    pub page_starts: Vec<crate::pagination::PageStart>,
    /// Where each article's pages lie, in reading order, with the citation line of its
    /// offprint when the book asks for offprints.
    pub articles: Vec<ArticleSpan>,
    /// The structure tree the items' tags point into.
    pub structure: crate::typeset::structure::Structure,
}

/// The pages of one article in the book.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleSpan {
    /// The article's index in reading order.
    pub article: usize,
    /// Its pages (indices into [`Layout::pages`]): the opening page to its last, without a
    /// blank page before the next opening.
    pub pages: std::ops::Range<usize>,
    /// The offprint's citation line, placed on the opening page (empty unless offprints
    /// are asked for).
    pub citation: Vec<(Point, Item)>,
}

/// A readable, stable text dump of a layout: one line per page and per item, coordinates
/// rounded to 0.01 pt, then the page-label ranges and the outline. Used by `folio build --dump-frames` and golden tests.
pub fn dump(layout: &Layout) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    for (i, page) in layout.pages.iter().enumerate() {
        let _ = writeln!(
            s,
            "page {} label={} kind={:?} size={:.2}x{:.2}",
            i + 1,
            page.label,
            page.kind,
            page.width,
            page.height
        );
        for (p, item) in &page.items {
            let _ = write!(s, "  {:8.2} {:8.2} ", p.x, p.y);
            let _ = match item {
                Item::Glyphs(run) => {
                    let name = layout
                        .fonts
                        .get(run.font)
                        .map(|f| f.name.as_str())
                        .unwrap_or("?");
                    let scale = if run.scale == 1.0 {
                        String::new()
                    } else {
                        format!(" scale={:.4}", run.scale)
                    };
                    writeln!(
                        s,
                        "text {name} {:.2}{scale} w={:.2} {:?}",
                        run.size,
                        run.width,
                        run.text()
                    )
                }
                Item::Rect { width, height, .. } => writeln!(s, "rect {width:.2}x{height:.2}"),
                Item::Image {
                    path,
                    width,
                    height,
                    ..
                } => {
                    writeln!(s, "image {width:.2}x{height:.2} {}", path.display())
                }
                Item::Link {
                    width,
                    height,
                    target,
                    ..
                } => {
                    writeln!(s, "link {width:.2}x{height:.2} {target:?}")
                }
                Item::Anchor(name) => writeln!(s, "anchor {name}"),
                Item::ActualText(text) => writeln!(s, "actualtext {text:?}"),
                Item::EndActualText => writeln!(s, "endactualtext"),
            };
        }
    }
    for l in &layout.labels {
        let _ = writeln!(
            s,
            "labels from page {} {:?} first={}",
            l.start + 1,
            l.style,
            l.first
        );
    }
    dump_outline(&mut s, &layout.outline, 0);
    s
}

fn dump_outline(s: &mut String, entries: &[OutlineEntry], depth: usize) {
    use std::fmt::Write;
    for e in entries {
        let _ = writeln!(
            s,
            "outline {}{:?} page={} y={:.2}",
            "  ".repeat(depth),
            e.title,
            e.page + 1,
            e.y
        );
        dump_outline(s, &e.children, depth + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_glyph_off_the_baseline_keeps_its_offset_and_loses_it_when_popped() {
        let mut run = GlyphRun::new(0, 10.0, Color::BLACK);
        run.push(3, 0.0, 0.0, "a");
        run.push(4, 5.0, 2.5, "\u{301}");
        run.push(5, 6.0, 0.0, "b");
        assert_eq!(std::mem::size_of::<Glyph>(), 8);
        let offsets: Vec<f32> = (0..3).map(|k| run.y_offset(k)).collect();
        assert_eq!(offsets, [0.0, 2.5, 0.0]);
        run.pop();
        assert_eq!(run.y_offset(1), 2.5);
        run.pop();
        assert_eq!(run.y_offset(1), 0.0);
        let mut plain = GlyphRun::new(0, 10.0, Color::BLACK);
        plain.push(3, 0.0, 0.0, "a");
        assert_eq!(
            run, plain,
            "a run whose raised glyphs are popped is a plain run"
        );
        assert_eq!(run.text(), "a");
    }
}
