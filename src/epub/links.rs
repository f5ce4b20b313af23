//! Links in the EPUB: where each article of the book went (the link map, with the heading
//! ids a link may name), and how a link target becomes an href: a web address as the link
//! policy serializes it (`passes::urls`), `#id` within the article, another article's file
//! and heading, and a citation's link to its entry in the book's bibliography (a document of
//! its own when the book has one list). Targets that lead nowhere give `None`; the caller
//! decides what to say.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::markup::to_id;
use crate::manifest::Collection;
use crate::model::{visit_blocks, Block};
use crate::passes::canonical;
use crate::passes::urls::{article_link, judge, Target};

/// Where each article of the book went: markdown file → XHTML file and its heading ids.
#[derive(Debug, Default)]
pub struct LinkMap {
    /// Canonical markdown path → (XHTML href, ids defined in that file).
    pub files: BTreeMap<PathBuf, (String, BTreeSet<String>)>,
    /// The book's bibliography document and its entries' ids, when the book has one.
    pub bibliography: Option<(String, BTreeSet<String>)>,
}

impl LinkMap {
    /// The map of `c`'s articles, written to `hrefs` (one per article, in reading order),
    /// and of its bibliography, written to `bibliography` when it has one.
    pub fn new(c: &Collection, hrefs: &[String], bibliography: Option<&str>) -> LinkMap {
        let mut map = LinkMap::default();
        if let (Some(bib), Some(href)) = (&c.bibliography, bibliography) {
            let ids = bib.entries.iter().map(|e| e.id.clone()).collect();
            map.bibliography = Some((href.to_string(), ids));
        }
        for (a, href) in c.articles().zip(hrefs) {
            let key = canonical(&a.path);
            map.files
                .insert(key, (href.clone(), heading_ids(&a.doc.blocks)));
        }
        map
    }

    /// The href for link `target` written in the markdown file `from`, whose own heading ids
    /// are `ids`; `None` when it leads nowhere in or out of the book.
    pub fn resolve(&self, target: &str, from: &Path, ids: &BTreeSet<String>) -> Option<String> {
        match judge(target).ok()? {
            Target::Web(href) => Some(href),
            Target::Fragment(id) => {
                // Ids are kept as the page writes them (`sec:intro` becomes `id-sec-intro`).
                let id = to_id(&id);
                ids.contains(&id).then(|| format!("#{id}"))
            }
            Target::Relative(r) => {
                let (file, frag) = article_link(&r);
                let base = from.parent().unwrap_or(Path::new("."));
                match self.files.get(&canonical(&base.join(file))) {
                    Some((href, _)) if frag.is_empty() => Some(href.clone()),
                    Some((href, ids)) if ids.contains(frag) => Some(format!("{href}#{frag}")),
                    _ => None,
                }
            }
        }
    }
}

impl LinkMap {
    /// The href of a citation's link `target` (`#` and an entry's id) in the book's
    /// bibliography; `None` when the book has no such entry.
    pub fn book_entry(&self, target: &str) -> Option<String> {
        let (href, ids) = self.bibliography.as_ref()?;
        let id = target.trim().strip_prefix('#')?;
        ids.contains(id).then(|| format!("{href}#{id}"))
    }
}

/// Every anchor id in `blocks` (headings and numbered equations, including those inside
/// quotes and lists), as written.
pub fn heading_ids(blocks: &[Block]) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    visit_blocks(blocks, false, &mut |b| {
        if let Some(id) = b.anchor_id() {
            ids.insert(to_id(id));
        }
    });
    ids
}

/// Whether `t` starts with a URL scheme (`https:`, `mailto:`).
pub fn has_scheme(t: &str) -> bool {
    match t.split_once(':') {
        Some((scheme, _)) => {
            scheme.len() > 1
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses_are_serialized_and_refused_ones_lead_nowhere() {
        let map = LinkMap::default();
        let ids = BTreeSet::new();
        let from = Path::new("/book/a.md");
        assert_eq!(
            map.resolve("https://example.org/a b", from, &ids)
                .as_deref(),
            Some("https://example.org/a%20b")
        );
        assert_eq!(map.resolve(" JavaScript:alert(1)", from, &ids), None);
        assert!(has_scheme("mailto:a@b.c"));
        assert!(!has_scheme("C:/x"));
        assert!(!has_scheme("other.md"));
    }

    #[test]
    fn fragments_must_name_a_heading_of_the_article() {
        let map = LinkMap::default();
        let ids = BTreeSet::from(["intro".to_string()]);
        let from = Path::new("/book/a.md");
        assert_eq!(map.resolve("#intro", from, &ids).as_deref(), Some("#intro"));
        assert_eq!(map.resolve("#nowhere", from, &ids), None);
        assert_eq!(map.resolve("other.md", from, &ids), None);
    }
}
