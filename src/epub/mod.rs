//! The EPUB 3 writer: serializes the document model to XHTML pages (one per article and per
//! front- and back-matter page), adds the navigation document, an EPUB 2 NCX and the package
//! document, and zips them into a reproducible OCF container.
//!
//! The package is written here rather than by epub-builder: epub-builder's package document
//! cannot carry a non-UUID identifier, editors (it marks every creator `aut`), contributors
//! or accessibility metadata, its nav cannot be replaced, and its zip entries carry the
//! current time. Every file it would have made had to be rewritten, so Folio writes them
//! itself, and zips them at a fixed time with its own writer (`container`, on libdeflate):
//! the `zip` crate's, on zlib, took a fifth of the EPUB's build.
//!
//! A book is made in four steps, each handing the next a small type: `plan` places every
//! file and builds the contents tree and page-list from the collection alone (`Plan`);
//! `compose` writes the pages in reading order with the serializer of [`xhtml`] (`Pages`,
//! and the images they use in `Media`); `items` turns the pages, the navigation,
//! stylesheets, fonts and images into manifest items and container entries (`Files`);
//! packaging (here) adds the package document and `container.xml`.

mod bibliography;
mod compose;
mod conformance;
mod container;
mod items;
mod links;
mod lists;
mod marks;
mod markup;
mod mathml;
pub mod memo;
mod nav;
mod ncx;
mod offprint;
mod package;
mod pagelist;
mod pages;
mod plan;
mod rawhtml;
mod references;
mod resources;
pub mod xhtml;

pub use container::{Entry, MIMETYPE};
pub use offprint::offprint;

use crate::dates::BuildDate;
use crate::diag::{Diagnostics, Error, Result, Span};
use crate::labels::Labels;
use crate::manifest::Collection;
use crate::model::{any_block, Block};
use crate::pagination::PageStart;
use compose::Media;
use items::{Files, CONTENT_DIR};
use package::Access;
use pages::Shared;
use plan::Plan;

/// The EPUB file's bytes for `collection`, with the page-list of a print layout when
/// `starts` is given ([`crate::typeset::Layout::page_starts`], handed on by the driver).
pub fn build(
    collection: &Collection,
    starts: Option<&[PageStart]>,
    made_cover: Option<&str>,
    date: Option<BuildDate>,
    diags: &mut Diagnostics,
) -> Result<Vec<u8>> {
    let book = build_files(collection, starts, made_cover, date, diags)?;
    container::zip_taking(book.entries, book.stamp)
}

/// The files of a built EPUB, before zipping.
#[derive(Debug, Clone)]
pub struct Book {
    /// Every file except `mimetype`, in container order.
    pub entries: Vec<Entry>,
    /// The time every entry carries and `dcterms:modified` states.
    pub stamp: BuildDate,
}

impl Book {
    /// The EPUB file: every entry zipped after `mimetype`, each stamped with the book's time.
    pub fn zip(&self) -> Result<Vec<u8>> {
        container::zip(&self.entries, self.stamp)
    }

    /// The text of the file at `path` in the container (e.g. `OEBPS/content.opf`).
    pub fn text(&self, path: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|e| e.path == path)
            .and_then(|e| std::str::from_utf8(&e.bytes).ok())
    }
}

/// Builds every file of the EPUB for `collection`, with the page-list when `starts` is
/// given, stamped with the build's `date` (the zip format's epoch when there is none).
/// Problems in the input (a missing image) are reported in `diags`, and then no book is
/// returned.
pub fn build_files(
    collection: &Collection,
    starts: Option<&[PageStart]>,
    made_cover: Option<&str>,
    date: Option<BuildDate>,
    diags: &mut Diagnostics,
) -> Result<Book> {
    let errors_before = diags.error_count();
    let stamp = BuildDate::for_zip(date);
    let styles = items::styles(collection.epub.embed_fonts);
    let shared = Shared {
        collection,
        labels: Labels::for_lang(&collection.language),
        styles: &styles,
        made_cover,
    };
    let plan = Plan::new(collection, starts);
    let (pages, media) = compose::compose(&shared, &plan, diags);
    if diags.error_count() > errors_before {
        return Err(Error::InputErrors {
            format: "EPUB",
            errors: diags.error_count() - errors_before,
        });
    }
    // The accessibility metadata reads every article again: beside the files being made.
    let (files, access) = rayon::join(
        || items::files(&shared, &plan, pages, &media),
        || access(collection, &plan, &media, diags),
    );
    Ok(Book {
        entries: package(collection, files, &access, stamp),
        stamp,
    })
}

/// What the accessibility metadata states of the book. A table counts wherever it stands,
/// in a footnote too. When the book cannot claim conformance, a warning says why.
fn access(c: &Collection, plan: &Plan, media: &Media, diags: &mut Diagnostics) -> Access {
    let is_table = |b: &Block| matches!(b, Block::Table { .. });
    let page_list = !plan.page_entries().is_empty();
    let written = conformance::Written {
        images_without_alt: media.stats.without_alt,
        page_list,
        own_stylesheet: c.assets.stylesheet().is_some(),
    };
    let conformance = conformance::evaluate(c, written);
    if !conformance.holds() {
        diags.warning(
            Span::file(&c.manifest_path),
            format!(
                "the EPUB makes no accessibility conformance claim ({}): {}",
                conformance::CLAIM,
                conformance.shortcomings.join("; ")
            ),
            "fix what is listed and build again; the accessibility summary names it meanwhile",
        );
    }
    Access {
        images: media.stats.count,
        images_without_alt: media.stats.without_alt,
        cover: media.cover.is_some(),
        tables: c
            .articles()
            .any(|a| any_block(&a.doc.blocks, true, is_table)),
        page_list,
        math: c.articles().any(|a| has_mathml(&a.doc.blocks)),
        conformance,
    }
}

/// Whether `blocks` (notes included) hold a formula written as MathML (one that parsed).
fn has_mathml(blocks: &[Block]) -> bool {
    let display =
        |b: &Block| matches!(b, Block::DisplayMath { math, .. } if math.formula.is_some());
    let mut inline = false;
    crate::model::visit_inlines(blocks, true, &mut |run| {
        inline = inline || run_has_math(run);
    });
    inline || any_block(blocks, true, display)
}

fn run_has_math(run: &[crate::model::Inline]) -> bool {
    use crate::model::Inline;
    run.iter().any(|i| match i {
        Inline::Math(m) => m.formula.is_some(),
        Inline::Emph(c)
        | Inline::Strong(c)
        | Inline::Strike(c)
        | Inline::Superscript(c)
        | Inline::Subscript(c)
        | Inline::Link { content: c, .. } => run_has_math(c),
        _ => false,
    })
}

/// The container's files: `container.xml`, the package document, then the content's files.
fn package(c: &Collection, files: Files, access: &Access, stamp: BuildDate) -> Vec<Entry> {
    let opf_path = format!("{CONTENT_DIR}/content.opf");
    let opf = package::opf(c, &files.items, access, stamp);
    let mut all = vec![
        Entry {
            path: "META-INF/container.xml".to_string(),
            bytes: container::container_xml(&opf_path).into_bytes(),
        },
        Entry {
            path: opf_path,
            bytes: opf.into_bytes(),
        },
    ];
    all.extend(files.entries);
    all
}
