//! The lists of figures and tables of the front matter (`[print] list-of-figures = true`):
//! every figure and captioned table of the book in reading order, with its number, its
//! short caption and the folio of the page its anchor landed on once the body is paginated,
//! each entry a link to it.

use std::collections::BTreeMap;

use super::book::TocEntry;
use super::frame::{Item, Page};
use super::links::{article_prefix, heading_anchor};
use crate::manifest::{Collection, FigureNumbers};
use crate::model::{listed, ListedKind};

/// The entries of the two lists (either may be empty: then its page is left out).
#[derive(Default)]
pub(super) struct Lists {
    /// The list of figures.
    pub figures: Vec<TocEntry>,
    /// The list of tables.
    pub tables: Vec<TocEntry>,
}

/// The lists of the book whose body is `pages` (its folios count from 1 at the first), or
/// none when the book does not ask for them.
pub(super) fn lists(c: &Collection, pages: &[Page]) -> Lists {
    let mut out = Lists::default();
    if !c.print.list_of_figures {
        return out;
    }
    let mut page_of: BTreeMap<&str, usize> = BTreeMap::new();
    for (k, page) in pages.iter().enumerate() {
        for (_, item) in &page.items {
            if let Item::Anchor(name) = item {
                page_of.entry(name.as_str()).or_insert(k);
            }
        }
    }
    // Each article's entries, figures and tables apart.
    let mut figures: Vec<(String, Vec<TocEntry>)> = Vec::new();
    let mut tables: Vec<(String, Vec<TocEntry>)> = Vec::new();
    for (i, a) in c.articles().enumerate() {
        let prefix = article_prefix(i);
        let (mut f, mut t) = (Vec::new(), Vec::new());
        for e in listed(&a.doc) {
            let anchor = heading_anchor(&prefix, &e.id);
            let entry = TocEntry {
                part: false,
                number: e.number,
                // A caption of the label alone is listed by its label.
                title: if e.text.is_empty() { e.label } else { e.text },
                authors: String::new(),
                page: (page_of.get(anchor.as_str()))
                    .map(|k| (k + 1).to_string())
                    .unwrap_or_default(),
                anchor,
            };
            match e.kind {
                ListedKind::Figure => f.push(entry),
                ListedKind::Table => t.push(entry),
            }
        }
        figures.push((a.title(), f));
        tables.push((a.title(), t));
    }
    let per_article = c.print.number_figures == FigureNumbers::Article;
    out.figures = grouped(figures, per_article);
    out.tables = grouped(tables, per_article);
    out
}

/// One list from its articles' entries: under the articles' titles (as the contents set a
/// part's) when each article numbers its own and several have entries, so that one's
/// "1" is not taken for another's; else one run.
fn grouped(articles: Vec<(String, Vec<TocEntry>)>, per_article: bool) -> Vec<TocEntry> {
    let with: Vec<_> = (articles.into_iter())
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let heads = per_article && with.len() > 1;
    let mut out = Vec::new();
    for (title, entries) in with {
        if heads {
            out.push(TocEntry {
                part: true,
                number: String::new(),
                title,
                authors: String::new(),
                page: String::new(),
                anchor: String::new(),
            });
        }
        out.extend(entries);
    }
    out
}
