//! The PDF writer: walks the typesetter's frames and writes a print-ready PDF with printpdf,
//! deciding nothing about layout. printpdf builds pages, fonts (embedded, subset unless the
//! preset wants them whole), images and links; [`finish`] then corrects printpdf's defects
//! in one pass and adds the structure it lacks (boxes with bleed, nested outline, page
//! labels, metadata, the PDF/X output intent).

mod content;
pub mod dates;
mod finish;
mod fonts;
mod icc;
mod images;
mod marks;
mod xmp;

use std::path::Path;
use std::sync::Arc;

use printpdf::{PdfDocument, PdfPage, PdfParseErrorSeverity, PdfSaveOptions, Pt, Rect};

use crate::diag::{Diagnostics, Error, Result, Span};
use crate::manifest::{Collection, Preset, PrintSettings};
use crate::typeset::frame::{FontData, Item, Page, PageKind};
use crate::typeset::Layout;
pub use dates::BuildDate;
use xmp::Metadata;

/// What the printer preset asks of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Setup {
    /// The preset.
    pub preset: Preset,
    /// Bleed beyond the trim on every side, in points.
    pub bleed: f64,
    /// Distance from the media box's edge to the trim: the bleed, plus room for marks.
    pub margin: f64,
    /// Subset fonts (every preset but kdp, which wants them whole).
    pub subset_fonts: bool,
    /// Draw crop marks and a slug line.
    pub marks: bool,
    /// Write link annotations.
    pub links: bool,
    /// Show links with a coloured border.
    pub visible_links: bool,
    /// Convert every colour to grey (a black-and-white PDF/X interior).
    pub gray_only: bool,
    /// Pad the page count to even, with a blank last page.
    pub pad_even: bool,
    /// The PDF/X version claimed.
    pub pdfx: Option<&'static str>,
}

impl Setup {
    /// The setup for the manifest's `[print]` settings.
    pub fn for_print(print: &PrintSettings) -> Self {
        let preset = print.preset;
        let bleed = if preset == Preset::Screen {
            0.0
        } else {
            print.bleed.max(0.0)
        };
        let marks = preset == Preset::Proof;
        Setup {
            preset,
            bleed,
            margin: bleed + if marks { marks::MARK_SPACE } else { 0.0 },
            subset_fonts: preset != Preset::Kdp,
            marks,
            // Links have no use in a PDF/X print file, and annotations inside the bleed
            // box are what PDF/X checkers reject.
            links: preset != Preset::Ingram,
            visible_links: preset == Preset::Screen,
            gray_only: preset == Preset::Ingram,
            pad_even: preset == Preset::Ingram,
            pdfx: (preset == Preset::Ingram).then_some("PDF/X-4"),
        }
    }
}

/// Writes `layout` of `collection` as a PDF at `out` (atomically).
pub fn write(
    collection: &Collection,
    layout: &Layout,
    out: &Path,
    diags: &mut Diagnostics,
) -> Result<()> {
    let bytes = render(collection, layout, diags)?;
    crate::output::write_atomic(out, &bytes)
}

/// The PDF's bytes for `layout`, with the preset from the manifest and the date from
/// `SOURCE_DATE_EPOCH` or the manifest.
pub fn render(
    collection: &Collection,
    layout: &Layout,
    diags: &mut Diagnostics,
) -> Result<Vec<u8>> {
    let setup = Setup::for_print(&collection.print);
    let date = BuildDate::for_build(collection.date.as_deref());
    render_with(collection, layout, &setup, date, diags)
}

/// The PDF's bytes for `layout` with an explicit setup and date.
pub fn render_with(
    collection: &Collection,
    layout: &Layout,
    setup: &Setup,
    date: Option<BuildDate>,
    diags: &mut Diagnostics,
) -> Result<Vec<u8>> {
    if layout.pages.is_empty() {
        return Err(Error::Output(
            "the layout has no pages to write".to_string(),
        ));
    }
    let (pages, fonts) = sheets(collection, layout, setup, date);
    check_preset(collection, setup, date, &pages, diags);
    let geometry: Vec<content::Geometry> = pages
        .iter()
        .map(|p| content::Geometry {
            margin: setup.margin,
            trim_height: p.height,
        })
        .collect();
    let mut lo = printpdf_document(collection, setup, &pages, &fonts, &geometry, diags)?;
    let sizes: Vec<(f64, f64, content::Geometry)> = pages
        .iter()
        .zip(&geometry)
        .map(|(p, g)| (p.width, p.height, *g))
        .collect();
    let meta = metadata(collection, setup, date, pages.len());
    finish::finish(
        &mut lo,
        &finish::Finish {
            setup,
            pages: &sizes,
            outline: &layout.outline,
            labels: &layout.labels,
            meta: &meta,
        },
    )?;
    lo.compress();
    // printpdf's random trailer id must not feed the hash that replaces it.
    lo.trailer.remove(b"ID");
    let first = save(&mut lo)?;
    finish::set_document_id(&mut lo, &first);
    save(&mut lo)
}

/// The pages as printed (padded for ingram, with marks on a proof) and their fonts.
fn sheets(
    collection: &Collection,
    layout: &Layout,
    setup: &Setup,
    date: Option<BuildDate>,
) -> (Vec<Page>, Vec<FontData>) {
    let mut fonts = layout.fonts.clone();
    let mut pages = layout.pages.clone();
    if setup.pad_even {
        pad_to_even(&mut pages);
    }
    if setup.marks {
        add_marks(&mut pages, &mut fonts, &collection.title, date, setup);
    }
    (pages, fonts)
}

/// Warnings about what the preset cannot honour.
fn check_preset(
    collection: &Collection,
    setup: &Setup,
    date: Option<BuildDate>,
    pages: &[Page],
    diags: &mut Diagnostics,
) {
    if setup.gray_only {
        warn_colour(pages, &collection.manifest_path, diags);
    }
    if setup.pdfx.is_some() && date.is_none() {
        diags.warning(
            Span::file(&collection.manifest_path),
            "PDF/X wants creation and modification dates, and the book has none",
            "set `date` in the manifest, or SOURCE_DATE_EPOCH for the build",
        );
    }
}

/// printpdf's document for the pages: fonts, images, content, links; as lopdf.
fn printpdf_document(
    collection: &Collection,
    setup: &Setup,
    pages: &[Page],
    fonts: &[FontData],
    geometry: &[content::Geometry],
    diags: &mut Diagnostics,
) -> Result<lopdf::Document> {
    let anchors = anchors(pages);
    let (font_table, pdf_fonts) = fonts::FontTable::build(
        fonts,
        pages.iter().flat_map(|p| p.items.iter().map(|(_, i)| i)),
    )?;
    let placements = pages.iter().flat_map(|p| {
        p.items.iter().filter_map(|(_, i)| match i {
            Item::Image {
                path,
                width,
                height,
            } => Some((path.as_path(), *width, *height)),
            _ => None,
        })
    });
    let (image_table, xobjects) =
        images::ImageTable::build(placements, &collection.root, setup.gray_only, diags);
    let mut doc = PdfDocument::new(&collection.title);
    doc.resources.fonts.map.extend(pdf_fonts);
    doc.resources.xobjects.map.extend(xobjects);
    let cx = content::Context {
        setup,
        fonts: &font_table,
        images: &image_table,
        anchors: &anchors,
        pages: geometry,
        manifest: &collection.manifest_path,
    };
    for (i, page) in pages.iter().enumerate() {
        let ops = content::page_ops(&cx, i, &page.items, diags);
        // Boxes are set properly by the finishing pass; printpdf needs some.
        let media = Rect::from_wh(
            Pt((page.width + 2.0 * setup.margin) as f32),
            Pt((page.height + 2.0 * setup.margin) as f32),
        );
        doc.pages.push(PdfPage {
            media_box: media.clone(),
            trim_box: media.clone(),
            crop_box: media,
            ops,
        });
    }
    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: setup.subset_fonts,
        secure: true,
        // printpdf would recompress images as JPEG by default; ours stay as they are.
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let lo = doc.to_lopdf_document(&opts, &mut warnings);
    for w in warnings
        .iter()
        .filter(|w| w.severity == PdfParseErrorSeverity::Error)
    {
        diags.error(
            Span::file(&collection.manifest_path),
            format!("writing the PDF: {}", w.msg),
            "this is a problem in the PDF writer; please report it",
        );
    }
    Ok(lo)
}

fn save(doc: &mut lopdf::Document) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| Error::Output(format!("cannot serialize the PDF: {e}")))?;
    Ok(out)
}

/// Adds blank pages so the count is even and the last page is blank (IngramSpark prints
/// its barcode there).
fn pad_to_even(pages: &mut Vec<Page>) {
    let Some(last) = pages.last() else { return };
    let blank = Page {
        width: last.width,
        height: last.height,
        kind: PageKind::Blank,
        label: String::new(),
        items: Vec::new(),
    };
    if !last.items.is_empty() {
        pages.push(blank.clone());
    }
    if !pages.len().is_multiple_of(2) {
        pages.push(blank);
    }
}

/// Crop marks and slug line on every page of a proof.
fn add_marks(
    pages: &mut [Page],
    fonts: &mut Vec<FontData>,
    title: &str,
    date: Option<BuildDate>,
    setup: &Setup,
) {
    if fonts.is_empty() {
        let serif = crate::fonts::SERIF[0];
        fonts.push(FontData {
            name: "NotoSerif-Regular".to_string(),
            bytes: Arc::new(serif.bytes.to_vec()),
            index: 0,
        });
    }
    let (font_bytes, font_index) = (fonts[0].bytes.clone(), fonts[0].index);
    let total = pages.len();
    let day = date
        .map(|d| d.day())
        .unwrap_or_else(|| "undated".to_string());
    for (i, page) in pages.iter_mut().enumerate() {
        page.items
            .extend(marks::crop_marks(page.width, page.height, setup.bleed));
        let text = format!(
            "{title} · proof · {day} · page {} ({} of {total})",
            page.label,
            i + 1
        );
        if let Some(s) = marks::slug(&text, 0, &font_bytes, font_index, page.height, setup.bleed) {
            page.items.push(s);
        }
    }
}

/// Every anchor's page and position (the first, when a name repeats).
fn anchors(pages: &[Page]) -> content::AnchorMap {
    let mut map = content::AnchorMap::new();
    for (i, page) in pages.iter().enumerate() {
        for (p, item) in &page.items {
            if let Item::Anchor(name) = item {
                map.entry(name.clone()).or_insert((i, *p));
            }
        }
    }
    map
}

/// A black-and-white interior holds only greys: say so once if the frames have colour.
fn warn_colour(pages: &[Page], manifest: &Path, diags: &mut Diagnostics) {
    let coloured = pages.iter().flat_map(|p| &p.items).any(|(_, i)| {
        let c = match i {
            Item::Glyphs(r) => r.color,
            Item::Rect { color, .. } => *color,
            _ => return false,
        };
        !(c.r == c.g && c.g == c.b)
    });
    if coloured {
        diags.warning(
            Span::file(manifest),
            "the ingram preset prints in grey: coloured text and rules are converted to grey",
            "use the screen or kdp preset for a colour PDF",
        );
    }
}

/// The document's metadata from the manifest.
fn metadata(c: &Collection, setup: &Setup, date: Option<BuildDate>, pages: usize) -> Metadata {
    let work = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, c.identifier.as_bytes());
    let rendition = format!(
        "{}|{}|{}|{pages}",
        c.identifier,
        setup.preset.name(),
        date.map(|d| d.xmp()).unwrap_or_default()
    );
    let instance = uuid::Uuid::new_v5(&work, rendition.as_bytes());
    Metadata {
        title: c.title.clone(),
        creators: c.creators().to_vec(),
        subject: c.description.clone(),
        language: c.language.clone(),
        publisher: c.publisher.clone(),
        rights: c.rights.clone(),
        isbn: c.isbn_print.clone(),
        document_id: format!("uuid:{work}"),
        instance_id: format!("uuid:{instance}"),
        date,
        pdfx: setup.pdfx,
        producer: format!("Folio {}", env!("CARGO_PKG_VERSION")),
    }
}
