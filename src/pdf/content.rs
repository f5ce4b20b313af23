//! One page's items as printpdf operations: glyphs placed one by one at the positions the
//! typesetter chose (printpdf merges a line's glyphs into one `TJ`), ActualText where a
//! glyph's ToUnicode text would be wrong, rules, images, and link annotations. Converts the
//! frames' top-left, y-down trim coordinates to PDF space on the media box.

use std::collections::BTreeMap;

use printpdf::{
    Actions, BorderArray, Codepoint, ColorArray, Destination, Greyscale, LinkAnnotation, Op,
    PdfFontHandle, Pt, Rect, Rgb, TextItem, TextMatrix, XObjectTransform,
};

use super::fonts::{FontTable, SOFT_HYPHEN};
use super::images::ImageTable;
use super::Setup;
use crate::diag::{Diagnostics, Span};
use crate::typeset::frame::{Color, GlyphRun, Item, LinkTarget, Point};

/// Where an anchor is: page index and position in trim coordinates.
pub type AnchorMap = BTreeMap<String, (usize, Point)>;

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
    pub fn x(&self, x: f64) -> f32 {
        (self.margin + x) as f32
    }

    /// PDF y of a trim y (y down from the top → y up from the media box's bottom).
    pub fn y(&self, y: f64) -> f32 {
        (self.margin + self.trim_height - y) as f32
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
    /// The manifest, for diagnostics.
    pub manifest: &'a std::path::Path,
}

/// The operations drawing `items` on page `index`.
pub fn page_ops(
    cx: &Context,
    index: usize,
    items: &[(Point, Item)],
    diags: &mut Diagnostics,
) -> Vec<Op> {
    let g = cx.pages[index];
    let mut ops = Vec::new();
    for (p, item) in items {
        match item {
            Item::Glyphs(run) => glyph_ops(cx, g, *p, run, &mut ops),
            Item::Rect {
                width,
                height,
                color,
            } => {
                ops.push(Op::SetFillColor {
                    col: pdf_color(*color, cx.setup.gray_only),
                });
                let r = Rect::from_xywh(
                    Pt(g.x(p.x)),
                    Pt(g.y(p.y + height)),
                    Pt(*width as f32),
                    Pt(*height as f32),
                );
                ops.push(Op::DrawPolygon {
                    polygon: r.to_polygon(),
                });
            }
            Item::Image {
                path,
                width,
                height,
            } => {
                if let Some(img) = cx.images.get(path) {
                    ops.push(Op::UseXobject {
                        id: img.id.clone(),
                        transform: XObjectTransform {
                            translate_x: Some(Pt(g.x(p.x))),
                            translate_y: Some(Pt(g.y(p.y + height))),
                            scale_x: Some(*width as f32),
                            scale_y: Some(*height as f32),
                            no_auto_scale: true,
                            ..Default::default()
                        },
                    });
                }
            }
            Item::Link {
                width,
                height,
                target,
            } => {
                if let Some(link) = link(cx, g, *p, *width, *height, target, diags) {
                    ops.push(Op::LinkAnnotation { link });
                }
            }
            Item::Anchor(_) => {}
        }
    }
    ops
}

/// A glyph run: one text object, each glyph placed at its own position.
fn glyph_ops(cx: &Context, g: Geometry, origin: Point, run: &GlyphRun, ops: &mut Vec<Op>) {
    let Some(font) = cx.fonts.id(run.font) else {
        return;
    };
    ops.push(Op::StartTextSection);
    ops.push(Op::SetFont {
        font: PdfFontHandle::External(font.clone()),
        size: Pt(run.size as f32),
    });
    ops.push(Op::SetFillColor {
        col: pdf_color(run.color, cx.setup.gray_only),
    });
    let glyphs = &run.glyphs;
    let mut i = 0;
    while i < glyphs.len() {
        let end = cluster_end(run, i);
        let cluster = &glyphs[i..end];
        let text: String = cluster.iter().map(|x| extracted(&x.text)).collect();
        let mapped: String = cluster
            .iter()
            .map(|x| cx.fonts.canonical(run.font, x.id).unwrap_or(""))
            .collect();
        let actual = (text != mapped).then(|| actual_text(&text));
        if let Some(properties) = &actual {
            ops.push(Op::BeginMarkedContentWithProperties {
                tag: "Span".to_string(),
                properties: properties.clone(),
            });
        }
        for glyph in cluster {
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(
                    Pt(g.x(origin.x + glyph.x)),
                    Pt(g.y(origin.y - glyph.y_offset)),
                ),
            });
            let cid = cx.fonts.canonical(run.font, glyph.id).map(str::to_string);
            ops.push(Op::ShowText {
                items: vec![TextItem::GlyphIds(vec![Codepoint {
                    gid: glyph.id,
                    offset: 0.0,
                    cid,
                }])],
            });
        }
        if actual.is_some() {
            ops.push(Op::EndMarkedContentWithProperties);
        }
        i = end;
    }
    ops.push(Op::EndTextSection);
}

/// The text extraction should give for a glyph's text. A hyphen added at a line break is
/// given as a hyphen-minus at the end of the line, which text extraction (poppler's
/// pdftotext, pdf.js) recognises and joins into the whole word. (Marking it U+00AD in
/// ActualText was tried: pdftotext 22.12 then keeps the soft hyphen and does not join.)
pub fn extracted(text: &str) -> &str {
    if text == SOFT_HYPHEN {
        BREAK_HYPHEN
    } else {
        text
    }
}

/// What a break hyphen extracts as.
pub const BREAK_HYPHEN: &str = "-";

/// The end (exclusive) of the cluster starting at glyph `start`: the glyph and the
/// text-less glyphs after it.
fn cluster_end(run: &GlyphRun, start: usize) -> usize {
    let mut end = start + 1;
    while end < run.glyphs.len() && run.glyphs[end].text.is_empty() {
        end += 1;
    }
    end
}

/// The marked-content properties `<< /ActualText (…) >>` for `text`.
fn actual_text(text: &str) -> printpdf::xobject::DictItem {
    use printpdf::xobject::DictItem;
    DictItem::Dict {
        map: BTreeMap::from([(
            "ActualText".to_string(),
            DictItem::String {
                data: utf16be(text),
                literal: false,
            },
        )]),
    }
}

/// A PDF text string in UTF-16BE with its byte-order mark.
pub fn utf16be(text: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    out.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    out
}

/// A link annotation for an area whose top-left is `p`.
fn link(
    cx: &Context,
    g: Geometry,
    p: Point,
    width: f64,
    height: f64,
    target: &LinkTarget,
    diags: &mut Diagnostics,
) -> Option<LinkAnnotation> {
    if !cx.setup.links {
        return None;
    }
    let actions = match target {
        LinkTarget::Uri(uri) => Actions::Uri(uri.clone()),
        LinkTarget::Anchor(name) => {
            let Some((page, at)) = cx.anchors.get(name) else {
                diags.warning(
                    Span::file(cx.manifest),
                    format!("a link points to `{name}`, which is on no page"),
                    "the link is left out of the PDF",
                );
                return None;
            };
            let dest = cx.pages[*page];
            Actions::Goto(Destination::Xyz {
                // printpdf numbers pages from 1 here.
                page: page + 1,
                left: Some(dest.x(at.x)),
                top: Some(dest.y(at.y)),
                zoom: None,
            })
        }
    };
    let rect = Rect::from_xywh(
        Pt(g.x(p.x)),
        Pt(g.y(p.y + height)),
        Pt(width as f32),
        Pt(height as f32),
    );
    let (border, color) = if cx.setup.visible_links {
        (
            BorderArray::Solid([0.0, 0.0, LINK_BORDER]),
            ColorArray::Rgb(LINK_COLOR),
        )
    } else {
        (BorderArray::Solid([0.0, 0.0, 0.0]), ColorArray::Transparent)
    };
    Some(LinkAnnotation::new(
        rect,
        actions,
        Some(border),
        Some(color),
        None,
    ))
}

/// Width of the border a screen PDF draws around links, in points.
const LINK_BORDER: f32 = 0.5;

/// The colour of that border: a clear blue.
const LINK_COLOR: [f32; 3] = [0.0, 0.3, 0.8];

/// A frame colour as a PDF colour: neutral greys (black text) in DeviceGray so they print
/// with black ink only; other colours in DeviceRGB, or as their grey when `gray_only`.
pub fn pdf_color(c: Color, gray_only: bool) -> printpdf::Color {
    let neutral = c.r == c.g && c.g == c.b;
    if neutral || gray_only {
        let level = 0.299 * c.r + 0.587 * c.g + 0.114 * c.b;
        printpdf::Color::Greyscale(Greyscale::new(level, None))
    } else {
        printpdf::Color::Rgb(Rgb::new(c.r, c.g, c.b, None))
    }
}
