//! Navigation: the EPUB 3 navigation document (`nav.xhtml`: nested contents and landmarks)
//! from the tree of entries the NCX ([`super::ncx`]) also mirrors. An entry whose text is in
//! another language than the book's carries its own `lang`.

use super::markup::{attr, esc, lang_attrs, Styles};
use super::pages::TocEntry;
use crate::labels::Labels;

/// How many levels of an article's own headings the navigation shows.
const SECTION_DEPTH: u8 = 2;

/// A landmark: its `epub:type`, title and target.
#[derive(Debug, Clone)]
pub struct Landmark {
    /// `cover`, `titlepage`, `toc`, `bodymatter`, …
    pub kind: &'static str,
    /// Shown to readers.
    pub title: String,
    /// Target href.
    pub href: String,
}

/// An article's section headings (level, id, text) nested by level under `href`, down to
/// `SECTION_DEPTH` levels below the highest; their text is in the article's language `lang`.
pub fn sections(href: &str, lang: &str, outline: &[(u8, String, String)]) -> Vec<TocEntry> {
    let Some(top) = outline.iter().map(|(l, _, _)| *l).min() else {
        return Vec::new();
    };
    let mut out: Vec<TocEntry> = Vec::new();
    for (level, id, text) in outline {
        let entry = TocEntry {
            title: text.clone(),
            authors: None,
            href: format!("{href}#{id}"),
            lang: lang.to_string(),
            children: Vec::new(),
        };
        let depth = level - top;
        if depth >= SECTION_DEPTH {
            continue;
        }
        let mut siblings = &mut out;
        for _ in 0..depth {
            if siblings.is_empty() {
                break;
            }
            siblings = &mut siblings.last_mut().expect("not empty").children;
        }
        siblings.push(entry);
    }
    out
}

/// The text of an entry: its title, and its authors when it has them.
pub fn label(e: &TocEntry) -> String {
    match &e.authors {
        Some(a) => format!("{} — {a}", e.title),
        None => e.title.clone(),
    }
}

/// The navigation document: the contents, the lists of figures and tables (`lists`, as
/// written), the landmarks and the page-list (as written).
pub fn nav_xhtml(
    lang: &str,
    labels: &Labels,
    styles: &Styles,
    toc: &[TocEntry],
    landmarks: &[Landmark],
    lists: &str,
    page_list: &str,
) -> String {
    let mut b = format!(
        "<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\" aria-labelledby=\"h_toc\">\n<h1 id=\"h_toc\">{}</h1>\n",
        esc(labels.contents)
    );
    nav_list(toc, lang, &mut b);
    b.push_str("</nav>\n");
    b.push_str(lists);
    b.push_str(&format!(
        "<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\" aria-labelledby=\"h_landmarks\">\n<h2 id=\"h_landmarks\">{}</h2>\n<ol>\n",
        esc(labels.guide)
    ));
    for l in landmarks {
        b.push_str(&format!(
            "<li><a epub:type=\"{}\" href=\"{}\">{}</a></li>\n",
            l.kind,
            attr(&l.href),
            esc(&l.title)
        ));
    }
    b.push_str("</ol>\n</nav>\n");
    b.push_str(page_list);
    super::markup::document(lang, labels.contents, styles, "", &b)
}

/// The entries as a nested list inside an element in language `within`; an entry in
/// another language is marked as such.
pub(super) fn nav_list(entries: &[TocEntry], within: &str, b: &mut String) {
    b.push_str("<ol>\n");
    for e in entries {
        b.push_str(&format!(
            "<li{}><a href=\"{}\">{}</a>",
            lang_attrs(&e.lang, within),
            attr(&e.href),
            esc(&label(e))
        ));
        if !e.children.is_empty() {
            b.push('\n');
            nav_list(&e.children, &e.lang, b);
        }
        b.push_str("</li>\n");
    }
    b.push_str("</ol>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_nest_by_level() {
        let outline = vec![
            (2, "a".to_string(), "A".to_string()),
            (3, "a1".to_string(), "A1".to_string()),
            (4, "deep".to_string(), "Deep".to_string()),
            (2, "b".to_string(), "B".to_string()),
        ];
        let s = sections("x.xhtml", "en", &outline);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].children.len(), 1);
        assert_eq!(s[0].children[0].href, "x.xhtml#a1");
        assert!(s[0].children[0].children.is_empty(), "depth is limited");
    }
}
