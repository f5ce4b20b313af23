//! Bibliographies as XHTML: an article's, a `doc-bibliography` section after its body; the
//! book's (`bibliography-scope = "book"`), a back-matter document of its own. Each entry is
//! a list item whose id the citations link to. The entries carry no `doc-biblioentry`
//! role: DPUB-ARIA 1.1 deprecated it (epubcheck warns), and the list inside the
//! `doc-bibliography` section already says what its items are.

use std::collections::BTreeSet;

use super::marks::{page_breaks, NO_MARKS};
use super::markup::{attr, esc};
use super::pages::{simple_page, Page, Shared};
use super::xhtml::{Context, Serializer};
use super::{compose::Media, links::LinkMap};
use crate::diag::Diagnostics;
use crate::model::Bibliography;

/// The book's bibliography's file name.
pub const BIBLIOGRAPHY_HREF: &str = "bibliography.xhtml";

/// The bibliography section (empty without one), entries written by `ser`.
pub fn bibliography_section<'m>(
    ser: &mut Serializer<'_, 'm>,
    bib: Option<&'m Bibliography>,
) -> String {
    let Some(bib) = bib.filter(|b| !b.entries.is_empty()) else {
        return String::new();
    };
    section(ser, bib, "", "h2", "")
}

/// The section of `bib` with the extra class `class`, headed by a `heading` element, with
/// `marks` (page-break markers) before the heading.
fn section<'m>(
    ser: &mut Serializer<'_, 'm>,
    bib: &'m Bibliography,
    class: &str,
    heading: &str,
    marks: &str,
) -> String {
    let flush = if bib.hanging_indent { "" } else { " flush" };
    let mut out = format!(
        "<section class=\"bibliography{flush}{class}\" epub:type=\"bibliography\" role=\"doc-bibliography\" aria-labelledby=\"h_bibliography\">\n{marks}<{heading} id=\"h_bibliography\">{}</{heading}>\n<ul>\n",
        esc(&bib.title)
    );
    for e in &bib.entries {
        out.push_str(&format!(
            "<li id=\"{}\">{}</li>\n",
            attr(&e.id),
            ser.inline_html(&e.content)
        ));
    }
    out.push_str("</ul>\n</section>\n");
    out
}

/// The book's bibliography as a back-matter document, with the markers of the print pages
/// `marks` that begin in it at its head.
pub fn book_page(
    shared: &Shared,
    bib: &Bibliography,
    links: &LinkMap,
    marks: &[String],
    media: &mut Media,
    diags: &mut Diagnostics,
) -> Page {
    let c = shared.collection;
    let ids = BTreeSet::new();
    let mut ser = Serializer::new(Context {
        path: &c.manifest_path,
        assets: &c.assets,
        images: &mut media.images,
        diags,
        links,
        ids: &ids,
        heading_shift: 0,
        reference_marks: false,
        stats: &mut media.stats,
        page_marks: &NO_MARKS.blocks,
        labels: shared.labels,
    });
    let body = section(&mut ser, bib, " book", "h1", &page_breaks(marks));
    simple_page(
        shared,
        BIBLIOGRAPHY_HREF,
        &bib.title,
        " epub:type=\"backmatter\"",
        &body,
    )
}
