//! The EPUB 2 NCX, for reading systems that do not read the EPUB 3 navigation document: the
//! contents as nested `navPoint`s and, when the book lists its print edition's pages, the
//! same pages as a `pageList`. Every target is numbered in reading order (`playOrder`), one
//! number per target, as the NCX requires; labels in another language than the book's carry
//! their own `xml:lang`.

use std::collections::BTreeMap;

use super::markup::{attr, esc, other_lang};
use super::nav;
use super::pages::TocEntry;

/// What the NCX lists.
pub struct NcxBook<'a> {
    /// The book's identifier (`dtb:uid`).
    pub identifier: &'a str,
    /// The book's title.
    pub title: &'a str,
    /// The book's language.
    pub lang: &'a str,
    /// The contents.
    pub toc: &'a [TocEntry],
    /// The heading of the page list, in the book's language.
    pub pages_heading: &'a str,
    /// The print pages: (label, href of the page's beginning), in page order.
    pub pages: &'a [(String, String)],
}

/// Where a target is in the book: its file's place in the reading order, then how far into
/// the file (bytes) the element it names begins.
pub type Position = (usize, usize);

/// The NCX of `book`; `position` places each target href in reading order.
pub fn ncx(book: &NcxBook, position: impl Fn(&str) -> Position) -> String {
    let order = play_order(book, position);
    let mut points = String::new();
    let mut count = 0;
    nav_points(book.toc, book.lang, 1, &order, &mut count, &mut points);
    let page_list = page_list(book, &order);
    let max_page = (book.pages.iter())
        .filter_map(|(label, _)| label.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\"{lang}\">\n\
         <head>\n\
         <meta name=\"dtb:uid\" content=\"{}\"/>\n\
         <meta name=\"dtb:depth\" content=\"{}\"/>\n\
         <meta name=\"dtb:totalPageCount\" content=\"{}\"/>\n\
         <meta name=\"dtb:maxPageNumber\" content=\"{max_page}\"/>\n\
         </head>\n\
         <docTitle><text>{}</text></docTitle>\n\
         <navMap>\n{points}</navMap>\n\
         {page_list}\
         </ncx>\n",
        attr(book.identifier),
        depth(book.toc).max(1),
        book.pages.len(),
        esc(book.title),
        lang = attr(book.lang),
    )
}

/// The play order of every target: targets sorted by their place in the book (ties in the
/// order the NCX lists them), numbered from 1; a target listed twice keeps one number.
fn play_order(book: &NcxBook, position: impl Fn(&str) -> Position) -> BTreeMap<String, usize> {
    let mut hrefs: Vec<&str> = Vec::new();
    toc_hrefs(book.toc, &mut hrefs);
    hrefs.extend(book.pages.iter().map(|(_, h)| h.as_str()));
    let mut placed: Vec<(Position, usize, &str)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, h) in hrefs.into_iter().enumerate() {
        if seen.insert(h) {
            placed.push((position(h), i, h));
        }
    }
    placed.sort();
    (placed.into_iter().enumerate())
        .map(|(n, (_, _, h))| (h.to_string(), n + 1))
        .collect()
}

fn toc_hrefs<'a>(entries: &'a [TocEntry], out: &mut Vec<&'a str>) {
    for e in entries {
        out.push(&e.href);
        toc_hrefs(&e.children, out);
    }
}

fn depth(entries: &[TocEntry]) -> usize {
    entries
        .iter()
        .map(|e| 1 + depth(&e.children))
        .max()
        .unwrap_or(0)
}

/// ` xml:lang="…"` when `lang` differs from the book's language `book`.
fn xml_lang(lang: &str, book: &str) -> String {
    other_lang(lang, book).map_or_else(String::new, |l| format!(" xml:lang=\"{l}\""))
}

fn nav_points(
    entries: &[TocEntry],
    book_lang: &str,
    level: usize,
    order: &BTreeMap<String, usize>,
    count: &mut usize,
    out: &mut String,
) {
    let indent = "  ".repeat(level);
    for e in entries {
        *count += 1;
        out.push_str(&format!(
            "{indent}<navPoint id=\"np-{}\" playOrder=\"{}\">\n{indent}  <navLabel{}><text>{}</text></navLabel>\n{indent}  <content src=\"{}\"/>\n",
            *count,
            order[&e.href],
            xml_lang(&e.lang, book_lang),
            esc(&nav::label(e)),
            attr(&e.href),
        ));
        nav_points(&e.children, book_lang, level + 1, order, count, out);
        out.push_str(&format!("{indent}</navPoint>\n"));
    }
}

/// The `pageList`, or nothing when the book lists no pages.
fn page_list(book: &NcxBook, order: &BTreeMap<String, usize>) -> String {
    if book.pages.is_empty() {
        return String::new();
    }
    let mut b = format!(
        "<pageList>\n  <navLabel><text>{}</text></navLabel>\n",
        esc(book.pages_heading)
    );
    for (i, (label, href)) in book.pages.iter().enumerate() {
        let (kind, value) = page_kind(label);
        let value = value.map(|v| format!(" value=\"{v}\"")).unwrap_or_default();
        b.push_str(&format!(
            "  <pageTarget id=\"pt-{}\" type=\"{kind}\"{value} playOrder=\"{}\">\n    <navLabel><text>{}</text></navLabel>\n    <content src=\"{}\"/>\n  </pageTarget>\n",
            i + 1,
            order[href],
            esc(label),
            attr(href),
        ));
    }
    b.push_str("</pageList>\n");
    b
}

/// A page label's NCX type and number: arabic numbers are `normal` pages with that value,
/// lower-case roman numerals `front` matter, anything else `special`.
fn page_kind(label: &str) -> (&'static str, Option<u32>) {
    if let Ok(n) = label.parse::<u32>() {
        return ("normal", Some(n));
    }
    let roman = !label.is_empty() && label.chars().all(|c| "ivxlcdm".contains(c));
    (if roman { "front" } else { "special" }, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(title: &str, href: &str, lang: &str) -> TocEntry {
        TocEntry {
            title: title.to_string(),
            authors: None,
            href: href.to_string(),
            lang: lang.to_string(),
            children: Vec::new(),
        }
    }

    #[test]
    fn page_targets_take_their_place_in_the_reading_order() {
        let toc = [entry("One", "a.xhtml", "en"), entry("Два", "b.xhtml", "ru")];
        let pages = [
            ("1".to_string(), "a.xhtml#page_1".to_string()),
            ("2".to_string(), "b.xhtml#page_2".to_string()),
        ];
        let book = NcxBook {
            identifier: "urn:x",
            title: "T",
            lang: "en",
            toc: &toc,
            pages_heading: "Print pages",
            pages: &pages,
        };
        let place = |h: &str| match h {
            "a.xhtml" => (0, 0),
            "a.xhtml#page_1" => (0, 10),
            "b.xhtml" => (1, 0),
            _ => (1, 10),
        };
        let x = ncx(&book, place);
        assert!(x.contains("<navPoint id=\"np-2\" playOrder=\"3\">"), "{x}");
        assert!(
            x.contains("<navLabel xml:lang=\"ru\"><text>Два</text>"),
            "{x}"
        );
        assert!(
            x.contains("type=\"normal\" value=\"2\" playOrder=\"4\""),
            "{x}"
        );
        assert!(x.contains("<meta name=\"dtb:totalPageCount\" content=\"2\"/>"));
        assert!(x.contains("<meta name=\"dtb:maxPageNumber\" content=\"2\"/>"));
    }

    #[test]
    fn page_labels_have_kinds() {
        assert_eq!(page_kind("12"), ("normal", Some(12)));
        assert_eq!(page_kind("xiv"), ("front", None));
        assert_eq!(page_kind("A-1"), ("special", None));
    }
}
