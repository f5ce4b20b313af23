//! Links in the EPUB: where each article of the book went (the link map, with the heading
//! ids a link may name), and how a markdown link target becomes an href: a web address
//! percent-encoded where needed, `#id` within the article, another article's file and
//! heading. Targets that lead nowhere give `None`; the caller decides what to say.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::markup::to_id;
use crate::manifest::Collection;
use crate::model::{visit_blocks, Block};

/// Where each article of the book went: markdown file → XHTML file and its heading ids.
#[derive(Debug, Default)]
pub struct LinkMap {
    /// Canonical markdown path → (XHTML href, ids defined in that file).
    pub files: BTreeMap<PathBuf, (String, BTreeSet<String>)>,
}

impl LinkMap {
    /// The map of `c`'s articles, written to `hrefs` (one per article, in reading order).
    pub fn new(c: &Collection, hrefs: &[String]) -> LinkMap {
        let mut map = LinkMap::default();
        for (a, href) in c.articles().zip(hrefs) {
            let key = a.path.canonicalize().unwrap_or_else(|_| a.path.clone());
            map.files
                .insert(key, (href.clone(), heading_ids(&a.doc.blocks)));
        }
        map
    }

    /// The href for link `target` written in the markdown file `from`, whose own heading ids
    /// are `ids`; `None` when it leads nowhere in or out of the book.
    pub fn resolve(&self, target: &str, from: &Path, ids: &BTreeSet<String>) -> Option<String> {
        let t = target.trim();
        if let Some(frag) = t.strip_prefix('#') {
            return ids.contains(frag).then(|| t.to_string());
        }
        if has_scheme(t) || t.starts_with("//") {
            return Some(encode_url(t));
        }
        let (file, frag) = t.split_once('#').unwrap_or((t, ""));
        let base = from.parent().unwrap_or(Path::new("."));
        let path = base.join(file);
        let key = path.canonicalize().unwrap_or(path);
        match self.files.get(&key) {
            Some((href, _)) if frag.is_empty() => Some(href.clone()),
            Some((href, ids)) if ids.contains(frag) => Some(format!("{href}#{frag}")),
            _ => None,
        }
    }
}

/// Every heading id in `blocks` (including those inside quotes and lists), as written.
pub fn heading_ids(blocks: &[Block]) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    visit_blocks(blocks, false, &mut |b| {
        if let Block::Heading { id, .. } = b {
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

/// `url` with the characters a URL may not contain percent-encoded.
pub fn encode_url(url: &str) -> String {
    let mut out = String::new();
    for c in url.chars() {
        match c {
            c if c <= ' ' || matches!(c, '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}') => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_encoded_only_where_needed() {
        assert_eq!(
            encode_url("https://example.org/a b?q=\"x\""),
            "https://example.org/a%20b?q=%22x%22"
        );
        assert_eq!(
            encode_url("https://пример.рф/путь"),
            "https://пример.рф/путь"
        );
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
