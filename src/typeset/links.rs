//! Links in the print edition: the anchor names Folio places (an article's opening, a
//! heading, a note and its mark, a reference entry, an entry of the book's bibliography),
//! where a link target leads (a heading of this article, another article's opening or
//! heading, a citation's entry in the book's bibliography, or a web address), and the check
//! after layout that every link within the book leads to an anchor on some page, an error
//! at the link otherwise.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use percent_encoding::percent_decode_str;

use super::frame::{Item, Layout, LinkTarget};
use crate::diag::{Diagnostics, Span};
use crate::manifest::Collection;
use crate::model::{visit_blocks, Block, Pos};
use crate::passes::canonical;
use crate::passes::urls::{article_link, judge, Target};

/// The anchor prefix of article `index` (0-based, reading order): "a3".
pub fn article_prefix(index: usize) -> String {
    format!("a{}", index + 1)
}

/// The anchor at article `index`'s title: "art3".
pub fn opening_anchor(index: usize) -> String {
    format!("art{}", index + 1)
}

/// The anchor of the heading with id `id` in the article with anchor prefix `prefix`: the
/// id itself, unless it could be taken for one of the anchors Folio names (`n3`, `nr3`,
/// `r3`) or for an id so escaped (`h-…`); those take `h-` in front, so no heading and no
/// note share an anchor.
pub fn heading_anchor(prefix: &str, id: &str) -> String {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let folio_like = ["nr", "n", "r"]
        .iter()
        .any(|p| id.strip_prefix(p).is_some_and(digits));
    if folio_like || id.starts_with("h-") {
        format!("{prefix}-h-{id}")
    } else {
        format!("{prefix}-{id}")
    }
}

/// The anchor at the start of note `number`'s text.
pub fn note_anchor(prefix: &str, number: u32) -> String {
    format!("{prefix}-n{number}")
}

/// The anchor at note `number`'s mark in the text.
pub fn note_mark_anchor(prefix: &str, number: u32) -> String {
    format!("{prefix}-nr{number}")
}

/// The anchor of entry `number` of the reference list.
pub fn reference_anchor(prefix: &str, number: u32) -> String {
    format!("{prefix}-r{number}")
}

/// The anchor of the book's bibliography's heading.
pub const BIBLIOGRAPHY_ANCHOR: &str = "bibliography";

/// The anchor of the entry with id `id` ([`crate::model::bib_id`]) in the book's
/// bibliography: "book-bib-lee2019" (no article's anchor begins so).
pub fn book_entry_anchor(id: &str) -> String {
    format!("book-{id}")
}

/// The book's articles as link targets: canonical markdown path → (index, heading ids);
/// and whether the book has one bibliography, where citations lead.
#[derive(Debug, Default)]
pub struct BookLinks {
    articles: HashMap<PathBuf, (usize, BTreeSet<String>)>,
    bibliography: bool,
}

impl BookLinks {
    /// The articles of `c`.
    pub fn new(c: &Collection) -> BookLinks {
        let articles = c
            .articles()
            .enumerate()
            .map(|(i, a)| (canonical(&a.path), (i, heading_ids(&a.doc.blocks))))
            .collect();
        BookLinks {
            articles,
            bibliography: c.bibliography.is_some(),
        }
    }

    /// Whether the book has one bibliography for all its articles.
    pub fn has_bibliography(&self) -> bool {
        self.bibliography
    }

    /// A fingerprint of every target: equal for books whose links lead to the same places.
    pub fn fingerprint(&self) -> u64 {
        let mut targets: Vec<_> = self.articles.iter().collect();
        targets.sort();
        crate::collection::fingerprint(&(targets, self.bibliography))
    }
}

/// Every heading id of `blocks`, at any depth outside notes (the headings a link may name).
fn heading_ids(blocks: &[Block]) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    visit_blocks(blocks, false, &mut |b| {
        if let Block::Heading { id, .. } = b {
            ids.insert(id.clone());
        }
    });
    ids
}

/// Where the links of one article may lead: the book's articles, seen from its file.
#[derive(Debug, Clone, Copy)]
pub struct LinkScope<'a> {
    /// The book's articles.
    pub book: &'a BookLinks,
    /// The markdown file the links are written in.
    pub from: &'a Path,
}

/// Where link `target`, written in the article with anchor prefix `prefix`, leads: `#id` to
/// the heading's anchor; with a `scope`, another article's file to its opening (or, with
/// `#id`, to its heading); anything else is an address for the reader's browser.
pub fn resolve(prefix: &str, scope: Option<LinkScope>, target: &str) -> LinkTarget {
    if let Some(id) = target.strip_prefix('#') {
        return LinkTarget::Anchor(heading_anchor(prefix, id));
    }
    scope
        .and_then(|s| article_target(s, target))
        .unwrap_or_else(|| LinkTarget::Uri(target.to_string()))
}

/// Where a citation's link `target` (`#` and its entry's id) leads: the entry in the
/// book's bibliography when the book has one, else the entry in the article's own.
pub fn resolve_citation(prefix: &str, scope: Option<LinkScope>, target: &str) -> LinkTarget {
    match (scope, target.strip_prefix('#')) {
        (Some(s), Some(id)) if s.book.bibliography => LinkTarget::Anchor(book_entry_anchor(id)),
        _ => resolve(prefix, scope, target),
    }
}

/// The anchor another article's file (and heading) leads to, when `target` names one.
fn article_target(scope: LinkScope, target: &str) -> Option<LinkTarget> {
    let Ok(Target::Relative(r)) = judge(target) else {
        return None;
    };
    let (file, frag) = article_link(&r);
    if file.is_empty() {
        return None;
    }
    let base = scope.from.parent().unwrap_or(Path::new("."));
    let (index, ids) = scope.book.articles.get(&canonical(&base.join(file)))?;
    if frag.is_empty() {
        return Some(LinkTarget::Anchor(opening_anchor(*index)));
    }
    let decoded = percent_decode_str(frag).decode_utf8_lossy();
    let id = if ids.contains(frag) || !ids.contains(decoded.as_ref()) {
        frag
    } else {
        decoded.as_ref()
    };
    Some(LinkTarget::Anchor(heading_anchor(
        &article_prefix(*index),
        id,
    )))
}

/// A link within the book, as written: where it leads and where it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkSource {
    /// The anchor it leads to.
    pub anchor: String,
    /// The target as written in the markdown (or what Folio made: "note 3").
    pub written: String,
    /// Where it stands.
    pub pos: Pos,
}

/// Reports, as errors at the link, every link within the book whose anchor is on no page of
/// `layout`, and takes such links out of the pages (the error stops the build; the PDF
/// writer is not left to stumble on them): `sources` are the articles' files with their
/// links. A link Folio made itself (contents, marks) that leads nowhere is reported against
/// the manifest.
pub fn check(
    layout: &mut Layout,
    sources: &[(PathBuf, Vec<LinkSource>)],
    manifest: &Path,
    diags: &mut Diagnostics,
) {
    let placed: BTreeSet<String> = layout
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|(_, i)| match i {
            Item::Anchor(name) => Some(name.clone()),
            _ => None,
        })
        .collect();
    let mut reported: BTreeSet<&str> = BTreeSet::new();
    for (path, links) in sources {
        for l in links.iter().filter(|l| !placed.contains(&l.anchor)) {
            reported.insert(&l.anchor);
            diags.error(
                Span::at(path, l.pos),
                format!(
                    "the link to `{}` leads to no page of the print edition",
                    l.written
                ),
                "link to a heading of the book (`#id`, `other.md#id`) or an article's file; \
                 if it is a note or a heading Folio set, please report it",
            );
        }
    }
    let mut faults: BTreeSet<String> = BTreeSet::new();
    for page in &mut layout.pages {
        page.items.retain(|(_, i)| {
            let Item::Link {
                target: LinkTarget::Anchor(name),
                ..
            } = i
            else {
                return true;
            };
            if placed.contains(name) {
                return true;
            }
            if !reported.contains(name.as_str()) && faults.insert(name.clone()) {
                diags.error(
                    Span::file(manifest),
                    format!("a link Folio set points to `{name}`, which is on no page"),
                    "this is a fault in Folio: please report it with the book",
                );
            }
            false
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book() -> BookLinks {
        let mut b = BookLinks::default();
        let ids = BTreeSet::from(["part-two".to_string(), "café".to_string()]);
        b.articles
            .insert(canonical(Path::new("/book/b.md")), (1, ids));
        b
    }

    #[test]
    fn links_to_articles_lead_to_their_openings_and_headings() {
        let b = book();
        let scope = Some(LinkScope {
            book: &b,
            from: Path::new("/book/a.md"),
        });
        let anchor = |t: &str| resolve("a1", scope, t);
        assert_eq!(anchor("b.md"), LinkTarget::Anchor("art2".into()));
        assert_eq!(
            anchor("b.md#part-two"),
            LinkTarget::Anchor("a2-part-two".into())
        );
        assert_eq!(
            anchor("./b.md#caf%C3%A9"),
            LinkTarget::Anchor("a2-café".into())
        );
        assert_eq!(anchor("#intro"), LinkTarget::Anchor("a1-intro".into()));
        assert_eq!(
            anchor("https://example.org/b.md"),
            LinkTarget::Uri("https://example.org/b.md".into())
        );
        assert_eq!(anchor("c.md"), LinkTarget::Uri("c.md".into()));
        assert_eq!(resolve("a1", None, "b.md"), LinkTarget::Uri("b.md".into()));
    }

    #[test]
    fn no_heading_shares_an_anchor_with_a_note_or_another_heading() {
        let ids = ["n1", "nr1", "r1", "h-n1", "h-h-n1", "n", "n1a", "intro"];
        let mut anchors: Vec<String> = ids.iter().map(|id| heading_anchor("a1", id)).collect();
        let folio = [
            note_anchor("a1", 1),
            note_mark_anchor("a1", 1),
            reference_anchor("a1", 1),
        ];
        for f in &folio {
            assert!(!anchors.contains(f), "{f}");
        }
        assert_eq!(heading_anchor("a1", "intro"), "a1-intro");
        anchors.sort();
        anchors.dedup();
        assert_eq!(anchors.len(), ids.len());
    }
}
