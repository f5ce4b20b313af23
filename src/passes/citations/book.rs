//! One bibliography for the whole book (`bibliography-scope = "book"`), made once every
//! article has been through the citation pass. Each article's citations were rendered on
//! their own, so "ibid." and a note style's short forms start afresh in every article, as
//! an anthology's readers expect of each piece. Then every article's citations (and `nocite`
//! works) are handed to the engine again, in reading order, in one run in the book's style:
//! its bibliography lists each work once, in the style's order; and in an in-text style the
//! citations are set again from that run, so that numbers ("[3]") and year letters
//! ("2020a") agree with the one list.

use super::process::Cites;
use super::walk;
use super::{bibliography_title, is_crossref, own_works, process, style, Scope, Setup};
use crate::diag::Diagnostics;
use crate::files::Root;
use crate::model::{Bibliography, Citation, Document};

/// The book's bibliography of the works cited in `docs` (the book's articles in reading
/// order, each already through the citation pass), or `None` when the book lists works per
/// article or cites none. Articles in the book's own in-text style have their citations set
/// again from the book's run; an article with a style of its own keeps its citations.
pub fn book_bibliography(
    docs: &mut [&mut Document],
    setup: &Setup,
    language: &str,
    sandbox: &Root,
) -> Option<Bibliography> {
    if setup.scope != Scope::Book {
        return None;
    }
    // The articles' own files were read, and their problems reported, by the pass; a key
    // two of them define is taken from the first.
    let mut quiet = Diagnostics::new();
    let mut works = (*setup.works).clone();
    for doc in docs.iter().filter(|d| !d.meta.bibliography.is_empty()) {
        works.merge(own_works(doc, Some(sandbox), &mut quiet), &mut quiet);
    }
    // What the pass left as citations are those it resolved; the rest are text now.
    let cites: Vec<Cites> = (docs.iter())
        .map(|d| Cites {
            found: walk::collect(&d.blocks, &|_| false),
            locale: style::locale_for(d.meta.language.as_deref().unwrap_or(language)),
        })
        .collect();
    let cited = cites.iter().any(|c| !c.found.is_empty());
    if !cited && docs.iter().all(|d| d.meta.nocite.is_empty()) {
        return None;
    }
    let mut nocite: Vec<String> = Vec::new();
    for key in docs.iter().flat_map(|d| d.meta.nocite.iter()) {
        if !nocite.contains(&key.value) {
            nocite.push(key.value.clone());
        }
    }
    let citable = |c: &Citation| {
        (c.items.iter()).all(|i| !is_crossref(&i.key) && works.get(&i.key).is_some())
    };
    let job = process::Job {
        works: &works,
        style: &setup.style,
        locale: style::locale_for(language),
        nocite: &nocite,
        title: bibliography_title(&setup.style, language),
        links: true,
    };
    let (rendered, bibliography) = process::run(&job, &cites, &citable);
    if !setup.style.is_note() {
        for (doc, rendered) in docs.iter_mut().zip(rendered) {
            if doc.meta.citation_style.is_none() {
                walk::replace(&mut doc.blocks, rendered);
            }
        }
    }
    bibliography.filter(|b| !b.entries.is_empty())
}

/// The book's bibliography cut to the works article `doc` cites or lists (`nocite`): what
/// the article's offprint lists, numbered and ordered as the book has them.
pub fn for_article(book: &Bibliography, doc: &Document) -> Option<Bibliography> {
    let found = walk::collect(&doc.blocks, &|_| false);
    let cited = |key: &str| {
        (found.iter()).any(|f| f.cite.items.iter().any(|i| i.key == key))
            || (doc.meta.nocite.iter()).any(|n| n.value == key || n.value == "*")
    };
    let entries: Vec<_> = (book.entries.iter())
        .filter(|e| cited(&e.key))
        .cloned()
        .collect();
    (!entries.is_empty()).then(|| Bibliography {
        entries,
        ..book.clone()
    })
}
