//! Offprint EPUBs: one article of the book as a complete e-book of its own. Its title,
//! authors, language and description are the article's; it keeps the book's cover image
//! (or, when the book has none, gets a typographic cover of its own title) and
//! publisher, names the book as the collection it belongs to and, when the book has a
//! print page-list, maps the article's text to the book's printed pages, so a reader can
//! cite them.

use super::{build, BuildDate};
use crate::collection::{Article, Part};
use crate::diag::{Diagnostics, Error, Result};
use crate::manifest::{Collection, SourceBook};
use crate::model::Inline;
use crate::pagination::PageStart;

/// The offprint EPUB of article `index` (reading order) of `c`; `starts` are the book's
/// page starts of that article, as the offprint's only one, when the EPUB carries a
/// page-list. Warnings about links that lead out of
/// the article are expected here and not repeated; the book's own build reported the rest.
pub fn offprint(
    c: &Collection,
    index: usize,
    starts: Option<&[PageStart]>,
    citation: Vec<Inline>,
    date: Option<BuildDate>,
) -> Result<Vec<u8>> {
    let a = c
        .articles()
        .nth(index)
        .ok_or_else(|| Error::Internal(format!("no article {index}")))?;
    let one = collection_of(c, a, index, citation);
    // With no cover image, the offprint gets the typographic front made from its own title.
    let cover = crate::build::made_cover(&one);
    let mut scratch = Diagnostics::new();
    build(&one, starts, cover.as_deref(), date, &mut scratch)
}

/// The collection of one article: the article's metadata in the book's place.
fn collection_of(c: &Collection, a: &Article, index: usize, citation: Vec<Inline>) -> Collection {
    let meta = &a.doc.meta;
    let mut book = c.book.clone();
    let work = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, c.identifier.as_bytes());
    let id = uuid::Uuid::new_v5(&work, format!("offprint/{index}").as_bytes());
    book.offprint_of = Some(SourceBook {
        title: c.title.clone(),
        identifier: c.identifier.clone(),
        citation,
    });
    book.title = a.title();
    book.subtitle = meta.subtitle.clone();
    book.editors = Vec::new();
    book.authors = meta.authors.iter().map(|x| x.name.clone()).collect();
    book.language = a.language.clone();
    book.identifier = format!("urn:uuid:{id}");
    book.description = meta.standfirst.clone().or_else(|| c.description.clone());
    book.rights = meta.rights.clone().or_else(|| c.rights.clone());
    book.series = None;
    book.offprints = false;
    Collection {
        book,
        parts: vec![Part {
            title: None,
            articles: vec![a.clone()],
        }],
        assets: c.assets.clone(),
        bibliography: (c.bibliography.as_ref())
            .and_then(|b| crate::passes::citations::for_article(b, &a.doc)),
    }
}

/// The citation line as XHTML: the book's title (in italics in the model) as a `<cite>`.
pub(super) fn citation_html(citation: &[Inline]) -> String {
    let mut out = String::new();
    for i in citation {
        match i {
            Inline::Text(t) => out.push_str(&crate::xml::esc(t)),
            Inline::Emph(inner) => {
                out.push_str("<cite>");
                out.push_str(&citation_html(inner));
                out.push_str("</cite>");
            }
            other => out.push_str(&crate::xml::esc(&crate::model::plain_text(
                std::slice::from_ref(other),
            ))),
        }
    }
    out
}
