//! The PDF writer: walks the typesetter's frames and writes a print-ready PDF, deciding
//! nothing about layout. Pages become content streams written here ([`content`], in
//! parallel, each deflated as soon as it is written), fonts are embedded and subset
//! ([`fonts`]), images placed losslessly ([`images`]), and [`structure`] adds the
//! outline, page labels, metadata and the PDF/X output intent. lopdf holds the objects and
//! serialises them.
//!
//! printpdf 0.12.8, the design's first choice, was replaced here: it models each glyph as
//! two operations and the whole document as one tree of them, which at 300,000 words took
//! 5 s and 1.3 GB before its output could even be finished (see bench/RESULTS.md).

mod cmyk;
mod content;
mod document;
mod fonts;
mod icc;
mod images;
mod marked;
mod marks;
pub(crate) mod memo;
mod num;
pub mod offprint;
mod pack;
mod pagedict;
mod pagekey;
pub mod stream;
mod structure;
mod tags;
mod tounicode;
mod treeroot;
mod vector;
mod xmp;

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

pub use crate::dates::BuildDate;
use crate::diag::{Diagnostics, Error, Result, Span};
use crate::manifest::{Collection, Preset, PrintSettings};
use crate::typeset::frame::{FontData, Item, Page, PageKind};
use crate::typeset::structure::Structure;
use crate::typeset::Layout;
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
    /// Convert colours and colour images to the CMYK of Folio's press profile, which is then
    /// the output intent (the ingram cover); greys stay in black ink.
    pub cmyk: bool,
    /// Pad the page count to even, with a blank last page.
    pub pad_even: bool,
    /// The PDF/X version claimed.
    pub pdfx: Option<&'static str>,
    /// Tag the file (PDF/UA-1): its structure tree, marked content and artifacts.
    pub tagged: bool,
    /// The media box is the trim: a page shows neither bleed nor marks, while its content
    /// stands `margin` from the media's origin as in the book's file (an offprint's pages,
    /// whose content is then the book's to the byte).
    pub trimmed: bool,
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
            cmyk: false,
            pad_even: preset == Preset::Ingram,
            pdfx: (preset == Preset::Ingram).then_some("PDF/X-4"),
            tagged: print.tagged,
            trimmed: false,
        }
    }
}

/// The PDF's bytes for `layout`, with the preset from the manifest, stamped with the
/// build's `date`.
pub fn render(
    collection: &Collection,
    layout: &Layout,
    date: Option<BuildDate>,
    diags: &mut Diagnostics,
) -> Result<Vec<u8>> {
    let setup = Setup::for_print(&collection.print);
    render_with(collection, layout, &setup, date, diags)
}

/// [`render`] for a `layout` whose `pages` and structure `tree` were taken out of it: each
/// page's frames are freed as soon as its content is written, and the tree once it is.
pub fn render_taking(
    collection: &Collection,
    layout: &Layout,
    (pages, tree): (Vec<Page>, Structure),
    date: Option<BuildDate>,
    diags: &mut Diagnostics,
) -> Result<Vec<u8>> {
    let setup = Setup::for_print(&collection.print);
    let pages = pages.into_iter().map(Cow::Owned).collect();
    let book = (layout, pages, Cow::Owned(tree));
    render_pages(collection, book, &setup, (date, None), diags)
}

/// The PDF's bytes for `layout` with an explicit setup and date.
pub fn render_with(
    collection: &Collection,
    layout: &Layout,
    setup: &Setup,
    date: Option<BuildDate>,
    diags: &mut Diagnostics,
) -> Result<Vec<u8>> {
    let pages = layout.pages.iter().map(Cow::Borrowed).collect();
    let book = (layout, pages, Cow::Borrowed(&layout.structure));
    render_pages(collection, book, setup, (date, None), diags)
}

/// [`render_taking`] for a book whose body's pages were written as it was laid out
/// ([`stream`]): `made` is what they made.
fn render_streamed(
    collection: &Collection,
    (layout, pages, tree): (&Layout, Vec<Page>, Structure),
    setup: &Setup,
    date: Option<BuildDate>,
    made: Option<stream::Streamed>,
    diags: &mut Diagnostics,
) -> Result<Vec<u8>> {
    let pages = pages.into_iter().map(Cow::Owned).collect();
    let book = (layout, pages, Cow::Owned(tree));
    render_pages(collection, book, setup, (date, made), diags)
}

/// The PDF's bytes for `pages` and `tree`, the pages and structure tree of `layout`
/// (borrowed or taken from it); the first pages noted (the body's) written already when
/// `made`.
fn render_pages(
    collection: &Collection,
    (layout, pages, tree): (&Layout, Vec<Cow<Page>>, Cow<Structure>),
    setup: &Setup,
    (date, made): (Option<BuildDate>, Option<stream::Streamed>),
    diags: &mut Diagnostics,
) -> Result<Vec<u8>> {
    if pages.is_empty() {
        return Err(Error::EmptyLayout);
    }
    let (pages, fonts) = sheets(collection, layout, pages, setup, date);
    let streamed_colour = made.as_ref().is_some_and(|m| m.coloured);
    check_preset(collection, setup, date, (&pages, streamed_colour), diags);
    let mut meta = metadata(collection, setup, date, pages.len());
    let structure = (setup.tagged && !tree.is_empty()).then_some(tree);
    meta.pdfua = structure.is_some();
    let written = made.as_ref().map_or(0, |m| m.written.len());
    let left = pages.len().saturating_sub(written) as u64;
    crate::progress::stage("writing the PDF", "pages", Some(left));
    document::write(
        document::Input {
            collection,
            setup,
            pages,
            fonts: &fonts,
            outline: &layout.outline,
            labels: &layout.labels,
            meta: &meta,
            structure,
            book: true,
            shared_fonts: None,
            streamed: made,
        },
        diags,
    )
}

/// The structure tree to tag the PDF of `layout` with, when `setup` asks for tags and the
/// layout has a tree.
pub(crate) fn tree_of<'a>(
    layout: &'a Layout,
    setup: &Setup,
) -> Option<&'a crate::typeset::structure::Structure> {
    (setup.tagged && !layout.structure.is_empty()).then_some(&layout.structure)
}

/// A one-page PDF of `page` (a cover spread) with `setup`'s boxes and PDF/X
/// identification, its fonts embedded as the preset wants them.
pub fn render_sheet(
    collection: &Collection,
    page: Page,
    fonts: &[FontData],
    setup: &Setup,
    date: Option<BuildDate>,
    diags: &mut Diagnostics,
) -> Result<Vec<u8>> {
    let pages = vec![Cow::Owned(page)];
    check_preset(collection, setup, date, (&pages, false), diags);
    let mut meta = metadata(collection, setup, date, 1);
    let key = format!("{}|sheet", meta.instance_id);
    let sheet = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, key.as_bytes());
    meta.instance_id = format!("uuid:{sheet}");
    document::write(
        document::Input {
            collection,
            setup,
            pages,
            fonts,
            outline: &[],
            labels: &[],
            meta: &meta,
            structure: None,
            book: false,
            shared_fonts: None,
            streamed: None,
        },
        diags,
    )
}

/// How many pages the printed interior has for `setup` (IngramSpark's padding to an even
/// count with a blank last page included): the page count a cover's spine is sized by.
pub fn printed_pages(layout: &Layout, setup: &Setup) -> usize {
    let mut pages: Vec<Cow<Page>> = layout.pages.iter().map(Cow::Borrowed).collect();
    if setup.pad_even {
        pad_to_even(&mut pages);
    }
    pages.len()
}

/// The pages as printed (padded for ingram, with marks on a proof) and their fonts, from
/// `pages`, the layout's own (borrowed, or taken from it): only added or marked pages are
/// new.
fn sheets<'a>(
    collection: &Collection,
    layout: &'a Layout,
    mut pages: Vec<Cow<'a, Page>>,
    setup: &Setup,
    date: Option<BuildDate>,
) -> (Vec<Cow<'a, Page>>, Cow<'a, [FontData]>) {
    let mut fonts = Cow::Borrowed(layout.fonts.as_slice());
    if setup.pad_even {
        pad_to_even(&mut pages);
    }
    if setup.marks {
        add_marks(&mut pages, fonts.to_mut(), &collection.title, date, setup);
    }
    (pages, fonts)
}

/// Warnings about what the preset cannot honour, for `pages` (whether those written as the
/// book was laid out had colour beside).
fn check_preset(
    collection: &Collection,
    setup: &Setup,
    date: Option<BuildDate>,
    (pages, streamed_colour): (&[Cow<Page>], bool),
    diags: &mut Diagnostics,
) {
    let any_colour = || streamed_colour || pages.iter().any(|p| coloured(&p.items));
    if setup.gray_only && any_colour() {
        warn_colour(&collection.manifest_path, diags);
    }
    if setup.pdfx.is_some() && date.is_none() {
        diags.warning(
            Span::file(&collection.manifest_path),
            "PDF/X wants creation and modification dates, and the book has none",
            "set `date` in the manifest, or SOURCE_DATE_EPOCH for the build",
        );
    }
}

/// libdeflate level for every stream Folio deflates. libdeflate compresses a whole buffer
/// at once, which is all a PDF's streams need: at 5 the 200-article benchmark PDF is 1%
/// smaller than zlib's level 6 made it (flate2 on zlib-rs) and the build 7% faster; at 6
/// it is 3% smaller and no faster than zlib was.
const DEFLATE_LEVEL: i32 = 5;

/// `data` deflated (zlib format, as FlateDecode wants). Each thread keeps one compressor:
/// a new one per page allocated a few hundred kilobytes each time, and the allocator kept
/// them, 120 MB for a 1,250-page book.
pub(crate) fn deflate(data: &[u8]) -> Vec<u8> {
    deflate_as(data, false)
}

/// [`deflate`] for a page's content stream.
pub(crate) fn deflate_page(data: &[u8]) -> Vec<u8> {
    deflate_as(data, true)
}

fn deflate_as(data: &[u8], page: bool) -> Vec<u8> {
    if memo::on() {
        memo::deflated(data, page, deflate_now)
    } else {
        deflate_now(data)
    }
}

/// [`deflate`] without looking in the session's memory.
fn deflate_now(data: &[u8]) -> Vec<u8> {
    thread_local! {
        static COMPRESSOR: std::cell::RefCell<libdeflater::Compressor> = std::cell::RefCell::new(
            libdeflater::Compressor::new(
                libdeflater::CompressionLvl::new(DEFLATE_LEVEL).expect("a level libdeflate has"),
            ),
        );
    }
    COMPRESSOR.with(|c| {
        let mut c = c.borrow_mut();
        let mut out = vec![0; c.zlib_compress_bound(data.len())];
        let n = (c.zlib_compress(data, &mut out)).expect("the bound leaves room for any data");
        out.truncate(n);
        out.shrink_to_fit();
        out
    })
}

/// Adds blank pages so the count is even and the last page is blank (IngramSpark prints
/// its barcode there).
fn pad_to_even(pages: &mut Vec<Cow<Page>>) {
    let Some(last) = pages.last() else { return };
    // A page written as the book was laid out keeps only its anchors: its kind says it
    // carried something.
    let carries = last.kind != PageKind::Blank || !last.items.is_empty();
    let blank = Page {
        width: last.width,
        height: last.height,
        kind: PageKind::Blank,
        label: String::new(),
        items: Vec::new(),
    };
    if carries {
        pages.push(Cow::Owned(blank.clone()));
    }
    if !pages.len().is_multiple_of(2) {
        pages.push(Cow::Owned(blank));
    }
}

/// Crop marks and slug line on every page of a proof.
fn add_marks(
    pages: &mut [Cow<Page>],
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
        let page = page.to_mut();
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

/// A black-and-white interior holds only greys: say so once if the frames have colour.
fn warn_colour(manifest: &Path, diags: &mut Diagnostics) {
    diags.warning(
        Span::file(manifest),
        "the ingram preset prints in grey: coloured text and rules are converted to grey",
        "use the screen or kdp preset for a colour PDF",
    );
}

/// Whether any text or rule among `items` is in colour (not a grey).
pub(crate) fn coloured(items: &[(crate::typeset::frame::Point, Item)]) -> bool {
    items.iter().any(|(_, i)| {
        let c = match i {
            Item::Glyphs(r) => r.color,
            Item::Rect { color, .. } => *color,
            _ => return false,
        };
        !(c.r == c.g && c.g == c.b)
    })
}

/// The document's metadata from the manifest.
fn metadata(c: &Collection, setup: &Setup, date: Option<BuildDate>, pages: usize) -> Metadata {
    let work = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, c.identifier.as_bytes());
    let rendition = format!(
        "{}|{}|{}|{pages}",
        c.identifier,
        setup.preset.name(),
        date.map(|d| d.w3c()).unwrap_or_default()
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
        keywords: Vec::new(),
        source: None,
        document_id: format!("uuid:{work}"),
        instance_id: format!("uuid:{instance}"),
        date,
        pdfx: setup.pdfx,
        pdfua: false,
        producer: format!("Folio {}", env!("CARGO_PKG_VERSION")),
    }
}
