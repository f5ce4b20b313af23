//! Offprints: one article's pages of the book's layout written as a PDF of their own. The
//! pages are the book's (same lines, notes, heads and folios, page labels starting at the
//! book's page number; the book's bibliography pages after them when the book has one list
//! for all its articles), with the citation line the layout set for the opening page, the
//! article's own metadata and outline, and fonts subset to the article's glyphs. Links to
//! places outside the article have nowhere to go and are left out; nothing is laid out
//! again.

use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;

use super::document;
use super::fonts::SharedFonts;
use super::xmp::Metadata;
use super::{BuildDate, Setup};
use crate::collection::Article;
use crate::diag::{Diagnostics, Error, Result};
use crate::manifest::Collection;
use crate::pagination::PageTarget;
use crate::typeset::frame::{
    ArticleSpan, Item, LabelRange, LabelStyle, LinkTarget, OutlineEntry, Page, PageKind,
};
use crate::typeset::Layout;

/// The fonts every offprint of `layout` may share ([`SharedFonts`]): each subset to the
/// glyphs of the book's pages and of the offprints' citation lines.
pub fn shared_fonts(c: &Collection, layout: &Layout) -> Result<SharedFonts> {
    let pages = layout.pages.iter().map(|p| p.items.as_slice());
    let citations = layout.articles.iter().map(|span| span.citation.as_slice());
    let lists: Vec<&[_]> = pages.chain(citations).collect();
    let tagged = super::tree_of(layout, &setup(c)).is_some();
    SharedFonts::build(&layout.fonts, &lists, tagged)
}

/// The offprint of the article whose pages are `span` in `layout`, taking fonts from
/// `shared` where they fit.
pub fn render(
    c: &Collection,
    layout: &Layout,
    span: &ArticleSpan,
    shared: &SharedFonts,
    date: Option<BuildDate>,
    diags: &mut Diagnostics,
) -> Result<Vec<u8>> {
    let article = c
        .articles()
        .nth(span.article)
        .ok_or_else(|| Error::Internal(format!("no article {}", span.article)))?;
    let ranges = ranges(layout, span);
    let pages = pages(layout, &ranges, span);
    let setup = setup(c);
    let mut labels = Vec::new();
    let mut outline = Vec::new();
    let mut at = 0;
    for r in &ranges {
        labels.push(LabelRange {
            start: at,
            style: LabelStyle::Arabic,
            first: layout.pages[r.start].label.parse::<u32>().unwrap_or(1),
        });
        let mut entries = outline_of(&layout.outline, r);
        shift(&mut entries, at);
        outline.extend(entries);
        at += r.len();
    }
    let mut meta = metadata(c, article, span, date);
    let structure = super::tree_of(layout, &setup).map(Cow::Borrowed);
    meta.pdfua = structure.is_some();
    document::write(
        document::Input {
            collection: c,
            setup: &setup,
            pages,
            fonts: &layout.fonts,
            outline: &outline,
            labels: &labels,
            meta: &meta,
            structure,
            book: false,
            shared_fonts: Some(shared),
            streamed: None,
        },
        diags,
    )
}

/// The preset's setup for an offprint, a file to read on screen or print on a desk: the
/// book's trim without its bleed, links kept, fonts always subset (an offprint is sent and
/// downloaded: it should be small), and neither marks, padding, grey conversion nor a PDF/X
/// claim, which belong to the printer's file. The content stands where it does in the
/// book's file, the media box cut to the trim, so that a page's content is the book's to
/// the byte and is not deflated again.
fn setup(c: &Collection) -> Setup {
    let mut s = Setup::for_print(&c.print);
    s.marks = false;
    s.bleed = 0.0;
    s.trimmed = true;
    s.subset_fonts = true;
    s.links = true;
    s.gray_only = false;
    s.pad_even = false;
    s.pdfx = None;
    s
}

/// The book's pages an offprint holds: the article's, then the book's bibliography when
/// the book has one list for all its articles (its citations lead there).
fn ranges(layout: &Layout, span: &ArticleSpan) -> Vec<Range<usize>> {
    let mut out = vec![span.pages.clone()];
    let bib: Vec<&str> = (layout.page_starts.iter())
        .filter(|s| s.at == PageTarget::Bibliography)
        .map(|s| s.label.as_str())
        .collect();
    let body = |p: &Page| p.kind != PageKind::Front && p.kind != PageKind::Blank;
    let found: Vec<usize> = (layout.pages.iter().enumerate())
        .filter(|(_, p)| body(p) && bib.contains(&p.label.as_str()))
        .map(|(i, _)| i)
        .collect();
    if let (Some(first), Some(last)) = (found.first(), found.last()) {
        out.push(*first..*last + 1);
    }
    out
}

/// The pages of `ranges` as the book has them, the citation line added to the opening page
/// and links that lead outside them left out.
fn pages<'a>(
    layout: &'a Layout,
    ranges: &[Range<usize>],
    span: &ArticleSpan,
) -> Vec<Cow<'a, Page>> {
    let mine: Vec<&Page> = (ranges.iter())
        .flat_map(|r| &layout.pages[r.clone()])
        .collect();
    let anchors: HashSet<&str> = (mine.iter().flat_map(|p| &p.items))
        .filter_map(|(_, i)| match i {
            Item::Anchor(name) => Some(name.as_str()),
            _ => None,
        })
        .collect();
    let leads_out = |i: &Item| matches!(i, Item::Link { target: LinkTarget::Anchor(a), .. } if !anchors.contains(a.as_str()));
    let mut out: Vec<Cow<Page>> = Vec::with_capacity(mine.len());
    for (k, page) in mine.into_iter().enumerate() {
        let mut page = Cow::Borrowed(page);
        if page.items.iter().any(|(_, i)| leads_out(i)) {
            page.to_mut().items.retain(|(_, i)| !leads_out(i));
        }
        if k == 0 {
            page.to_mut().items.extend(span.citation.iter().cloned());
        }
        out.push(page);
    }
    out
}

/// The bookmarks on pages `range`, numbered as in the book: the article's entry with its
/// sections (the part above it is the book's, not the offprint's).
fn outline_of(entries: &[OutlineEntry], range: &Range<usize>) -> Vec<OutlineEntry> {
    let mut out = Vec::new();
    for e in entries {
        if range.contains(&e.page) {
            out.push(OutlineEntry {
                title: e.title.clone(),
                page: e.page - range.start,
                y: e.y,
                children: outline_of(&e.children, range),
            });
        } else {
            out.extend(outline_of(&e.children, range));
        }
    }
    out
}

/// Moves every bookmark of `entries` `by` pages on.
fn shift(entries: &mut [OutlineEntry], by: usize) {
    for e in entries {
        e.page += by;
        shift(&mut e.children, by);
    }
}

/// The article's own metadata: its title, authors, language, standfirst, keywords and
/// rights (else the book's), with the book named as its source.
fn metadata(c: &Collection, a: &Article, span: &ArticleSpan, date: Option<BuildDate>) -> Metadata {
    let meta = &a.doc.meta;
    let work = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, c.identifier.as_bytes());
    let id = uuid::Uuid::new_v5(&work, format!("offprint/{}", span.article).as_bytes());
    let rendition = format!(
        "{}|{}",
        date.map(|d| d.w3c()).unwrap_or_default(),
        span.pages.len()
    );
    let instance = uuid::Uuid::new_v5(&id, rendition.as_bytes());
    let source = match &c.isbn_print {
        Some(isbn) => format!("{} (ISBN {isbn})", c.title),
        None => c.title.clone(),
    };
    Metadata {
        title: a.title(),
        creators: meta.authors.iter().map(|x| x.name.clone()).collect(),
        subject: meta.standfirst.clone().or_else(|| meta.subtitle.clone()),
        language: a.language.clone(),
        publisher: c.publisher.clone(),
        rights: meta.rights.clone().or_else(|| c.rights.clone()),
        isbn: None,
        keywords: meta.keywords.clone(),
        source: Some(source),
        document_id: format!("uuid:{id}"),
        instance_id: format!("uuid:{instance}"),
        date,
        pdfx: None,
        pdfua: false,
        producer: format!("Folio {}", env!("CARGO_PKG_VERSION")),
    }
}
