//! Every article's offprint: a PDF of its pages in the book's layout (when the PDF is made)
//! and an EPUB of its own (when the EPUB is), under `<name>-offprints/`, named by reading
//! order and title. Each is independent of the others: they are made in parallel, then
//! kept in reading order, each with its own diagnostics. They are made after the book's
//! PDF, whose pages are most of theirs, deflated once. (Making the EPUBs beside the book's
//! PDF was tried: the PDF, which uses both processors, took as much longer.)

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::Output;
use crate::collection::{Article, Collection};
use crate::dates::BuildDate;
use crate::diag::{Diagnostics, Error};
use crate::typeset::Layout;

/// What the book's build made that its offprints follow.
pub(super) struct Made<'a> {
    /// The print layout, when the book was laid out.
    pub layout: Option<&'a Layout>,
    /// Whether the PDF is made.
    pub pdf: bool,
    /// Whether the EPUB is made.
    pub epub: bool,
    /// Whether the EPUB carries the print edition's page-list.
    pub page_list: bool,
}

/// Every offprint of the book, PDFs then EPUBs, in reading order; progress counted by
/// files.
pub(super) fn all(
    c: &Collection,
    dir: &Path,
    made: &Made,
    date: Option<BuildDate>,
) -> Result<Vec<Output>, Error> {
    let pdfs = made.layout.filter(|_| made.pdf);
    let articles: Vec<(usize, &Article)> = c.articles().enumerate().collect();
    let epubs = if made.epub { articles.len() } else { 0 };
    let total = pdfs.map_or(0, |l| l.articles.len()) + epubs;
    crate::progress::stage("writing offprints", "files", Some(total as u64));
    let mut out = Vec::with_capacity(total);
    if let Some(layout) = pdfs {
        let shared = crate::pdf::offprint::shared_fonts(c, layout)?;
        out.par_extend(layout.articles.par_iter().map(|span| {
            let mut d = Diagnostics::new();
            let bytes = crate::pdf::offprint::render(c, layout, span, &shared, date, &mut d);
            crate::progress::advance(1);
            (
                path(dir, span.article, articles[span.article].1, "pdf"),
                bytes,
                d,
            )
        }));
    }
    if made.epub {
        out.par_extend(articles.par_iter().map(|&(i, a)| {
            let folios = made.layout.map(|l| folios(l, i)).unwrap_or_default();
            let pages = folios.first().zip(folios.last()).map(|(f, l)| (*f, *l));
            // The EPUB's copyright page states the rights on a line of their own.
            let citation = crate::typeset::offprint::citation(c, a, pages, false);
            let starts = (made.layout.filter(|_| made.page_list))
                .map(|l| crate::pagination::offprint_starts(&l.page_starts, i, &folios));
            let bytes = crate::epub::offprint(c, i, starts.as_deref(), citation, date);
            crate::progress::advance(1);
            (path(dir, i, a, "epub"), bytes, Diagnostics::new())
        }));
    }
    Ok(out)
}

/// The path of the offprint of `a`, article `i`, with extension `ext`.
fn path(dir: &Path, i: usize, a: &Article, ext: &str) -> PathBuf {
    dir.join(crate::output::offprint_file_name(i + 1, &slug(a), ext))
}

/// The folios of article `index`'s pages in `layout`.
fn folios(layout: &Layout, index: usize) -> Vec<&str> {
    let span = layout.articles.iter().find(|s| s.article == index);
    let pages = span.map_or(&[][..], |s| &layout.pages[s.pages.clone()]);
    pages.iter().map(|p| p.label.as_str()).collect()
}

/// An offprint's name after its number: the article file's name (which an editor chose,
/// usually in ASCII), less a number it starts with; its title's slug when nothing is left.
fn slug(a: &Article) -> String {
    let stem = a.path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let bare = stem.trim_start_matches(|c: char| c.is_ascii_digit());
    let bare = if bare.len() < stem.len() {
        bare.trim_start_matches(['-', '_', ' ', '.'])
    } else {
        stem
    };
    let slug = crate::passes::slug(bare);
    if slug.is_empty() {
        crate::passes::slug(&a.title())
    } else {
        slug
    }
}
