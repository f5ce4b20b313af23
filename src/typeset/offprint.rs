//! Offprints in the layout: where each article's pages lie in the book, and the citation
//! line an offprint carries on its opening page ("From *Crosscurrents 2026*, edited by …,
//! pp. 29–34. Publisher, 2026."). The line is set in the top margin, where the running head
//! of any other page stands (an opening page has none), so the article's lines and pages
//! stay exactly as the book has them.

use super::blocks::{self, Builder};
use super::book::{self, Geometry};
use super::fonts::{Family, Fonts};
use super::frame::{stamp, ArticleSpan, Item, Page, Point, Tag};
use super::hyphenate::Hyphenator;
use super::para::{Align, Style};
use super::structure::{Role, Structure};
use super::type_scale::HEAD_RAISE_LINES;
use crate::collection::Article;
use crate::labels::Labels;
use crate::manifest::Collection;
use crate::model::Inline;
use crate::pagination::PageTarget;

/// The citation line's type size, as a share of the body size.
const CITATION_SCALE: f64 = 0.75;

/// The smallest size the line is set at when it needs more lines than the margin holds.
const MIN_CITATION_SIZE: f64 = 5.5;

/// The least room between the top of the trim and the line's first baseline less its size,
/// in points: the 0.125 in printers keep text clear of a trimmed edge.
const TOP_CLEAR: f64 = 9.0;

/// The pages of every article, in reading order, from what each body sheet begins with
/// (`starts`: sheet index and target; blank sheets have none) and the number of front
/// pages before the body.
pub(super) fn spans(starts: &[(usize, PageTarget)], nfront: usize) -> Vec<ArticleSpan> {
    let mut out: Vec<ArticleSpan> = Vec::new();
    for &(sheet, at) in starts {
        let PageTarget::Article { index, .. } = at else {
            continue;
        };
        let page = nfront + sheet;
        match out.last_mut() {
            Some(s) if s.article == index => s.pages.end = page + 1,
            _ => out.push(ArticleSpan {
                article: index,
                pages: page..page + 1,
                citation: Vec::new(),
            }),
        }
    }
    out
}

/// Sets the citation line of every span's offprint on its opening page.
pub(super) fn cite_all(
    c: &Collection,
    fonts: &Fonts,
    hyph: &Hyphenator,
    g: &Geometry,
    pages: &[Page],
    spans: &mut [ArticleSpan],
) {
    let articles: Vec<&Article> = c.articles().collect();
    for s in spans {
        let Some(a) = articles.get(s.article) else {
            continue;
        };
        let first = &pages[s.pages.start].label;
        let last = &pages[s.pages.end - 1].label;
        let text = citation(c, a, Some((first, last)), true);
        s.citation = set_line(fonts, hyph, g, &text, &a.language, s.pages.start);
    }
}

/// Makes each span's citation line the first paragraph of its article's element in
/// `tree` (the articles' Art elements are in reading order): read first in the offprint,
/// and with no content on the book's pages, left out of the book's tree.
pub(super) fn tag_citations(tree: &mut Structure, spans: &mut [ArticleSpan]) {
    let arts: Vec<u32> = (tree.elements.iter().enumerate())
        .filter(|(_, e)| e.role == Role::Art)
        .map(|(i, _)| i as u32)
        .collect();
    for s in spans {
        let Some(&art) = arts.get(s.article) else {
            continue;
        };
        if s.citation.is_empty() {
            continue;
        }
        let p = tree.push(Role::P, art);
        let kids = &mut tree.elements[art as usize].kids;
        kids.pop();
        kids.insert(0, p);
        stamp(&mut s.citation, Tag::Element(p));
    }
}

/// The citation of article `a` on `pages` (first and last) of the book, in the article's
/// language: the book's title in italics, its editors, the pages when known, the publisher
/// and year, the book's DOI or print ISBN, and (when `rights`) the article's own rights
/// statement.
pub fn citation(
    c: &Collection,
    a: &Article,
    pages: Option<(&str, &str)>,
    rights: bool,
) -> Vec<Inline> {
    let l = Labels::for_lang(&a.language);
    let mut tail = String::new();
    if !c.editors.is_empty() {
        tail.push_str(&format!(
            ", {} {}",
            lower_first(l.edited_by),
            l.join(&c.editors)
        ));
    }
    match pages {
        Some((first, last)) if first == last => tail.push_str(&format!(", {} {first}", l.page)),
        Some((first, last)) => tail.push_str(&format!(", {} {first}–{last}", l.pages)),
        None => {}
    }
    tail.push('.');
    let year = c.date.as_deref().and_then(|d| d.get(..4));
    match (c.publisher.as_deref(), year) {
        (Some(p), Some(y)) => tail.push_str(&format!(" {p}, {y}.")),
        (Some(p), None) => tail.push_str(&format!(" {p}.")),
        (None, Some(y)) => tail.push_str(&format!(" {y}.")),
        (None, None) => {}
    }
    if let Some(doi) = doi(&c.identifier) {
        tail.push_str(&format!(" https://doi.org/{doi}"));
    } else if let Some(isbn) = &c.isbn_print {
        tail.push_str(&format!(" ISBN {isbn}."));
    }
    if let Some(rights) = a.doc.meta.rights.as_ref().filter(|_| rights) {
        tail.push_str(&format!(" {}", rights.trim()));
    }
    vec![
        Inline::Text(format!("{} ", l.offprint_from)),
        Inline::Emph(vec![Inline::Text(c.title.clone())]),
        Inline::Text(tail),
    ]
}

/// The DOI an identifier names (`doi:10.…`, `https://doi.org/10.…` or a bare `10.…/…`).
fn doi(identifier: &str) -> Option<&str> {
    let id = identifier.trim();
    let rest = id
        .strip_prefix("doi:")
        .or_else(|| id.strip_prefix("https://doi.org/"))
        .or_else(|| id.strip_prefix("http://doi.org/"))
        .unwrap_or(id);
    (rest.starts_with("10.") && rest.contains('/')).then_some(rest)
}

/// `s` with its first letter in lower case: a label that opens a line ("Edited by") used
/// inside a sentence.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `text` set centred in the top margin of page `page`, its last line where a running
/// head's baseline stands, smaller when its lines would come too near the trim.
fn set_line(
    fonts: &Fonts,
    hyph: &Hyphenator,
    g: &Geometry,
    text: &[Inline],
    lang: &str,
    page: usize,
) -> Vec<(Point, Item)> {
    let ctx = book::plain_ctx(fonts, hyph, g, "offprint", lang);
    let head = g.top - g.leading * HEAD_RAISE_LINES;
    let mut size = g.size * CITATION_SCALE;
    loop {
        let mut b = Builder::new(&ctx);
        let style = Style::new(Family::Regular, size);
        let slot = b.display_block(text, style, 0.0, g.measure, Align::Center);
        let baselines = slot.items.iter().filter_map(|(p, i)| match i {
            Item::Glyphs(_) => Some(p.y),
            _ => None,
        });
        let (top, bottom) = baselines.fold((f64::MAX, f64::MIN), |(a, b), y| (a.min(y), b.max(y)));
        let dy = head - bottom;
        if top + dy - size >= TOP_CLEAR || size <= MIN_CITATION_SIZE {
            return blocks::shift(slot.items, g.left(page.is_multiple_of(2)), dy);
        }
        size = (size * 0.9).max(MIN_CITATION_SIZE);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TextPoint;

    #[test]
    fn an_article_spans_its_pages_and_no_blank_before_the_next() {
        let art = |index| PageTarget::Article {
            index,
            at: TextPoint::Start,
        };
        // Sheets: part page, article 0 on 1–3, blank 4, article 1 on 5–6, contributors.
        let starts = [
            (0, PageTarget::Part(0)),
            (1, art(0)),
            (2, art(0)),
            (3, art(0)),
            (5, art(1)),
            (6, art(1)),
            (7, PageTarget::Contributors),
        ];
        let s = spans(&starts, 4);
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].article, s[0].pages.clone()), (0, 5..8));
        assert_eq!((s[1].article, s[1].pages.clone()), (1, 9..11));
    }

    #[test]
    fn a_doi_is_read_in_each_usual_form() {
        assert_eq!(doi("doi:10.1234/abc"), Some("10.1234/abc"));
        assert_eq!(doi("https://doi.org/10.1234/abc"), Some("10.1234/abc"));
        assert_eq!(doi("10.1234/abc"), Some("10.1234/abc"));
        assert_eq!(doi("urn:uuid:1234"), None);
    }
}
