//! The EPUB's page-list follows Folio's own print pages: every page of the body is listed in
//! order, each listed place exists, and a page that begins inside an article's text is
//! marked in the EPUB just before the word the printed page begins with.

mod common;

use std::path::PathBuf;

use folio::model::TextPoint;
use folio::pagination::PageTarget;
use folio::typeset::book::Geometry;
use folio::typeset::frame::{Item, Layout};
use folio::Diagnostics;

fn books() -> Vec<PathBuf> {
    common::sample_books()
}

/// The text after `from` in `xhtml`, tags dropped, entities of the serializer undone and
/// spaces squeezed.
fn text_after(xhtml: &str, from: usize) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in xhtml[from..].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
        if out.len() > 300 {
            break;
        }
    }
    let out = out
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first word printed in the text block of the page labelled `label` (running head and
/// folio left out).
fn first_printed_word(layout: &Layout, g: &Geometry, label: &str) -> String {
    let page = layout
        .pages
        .iter()
        .find(|p| p.label == label && p.kind == folio::typeset::frame::PageKind::Body)
        .expect("the page exists");
    let mut text = String::new();
    for (at, it) in &page.items {
        if at.y < g.top || at.y > g.top + g.block + g.leading {
            continue;
        }
        if let Item::Glyphs(r) = it {
            text.push_str(r.text());
            text.push(' ');
            if text.split_whitespace().count() > 1 {
                break;
            }
        }
    }
    text.split_whitespace().next().unwrap_or("").to_string()
}

fn word_core(w: &str) -> String {
    w.chars().filter(|c| c.is_alphanumeric()).collect()
}

#[test]
fn page_list_marks_each_print_page_where_its_text_begins() {
    let mut books_checked = 0;
    for manifest in books() {
        let name = manifest.display().to_string();
        let mut diags = Diagnostics::new();
        let c = folio::build::load(&manifest, &mut diags).expect("book loads");
        if !c.epub.page_list {
            assert!(
                c.isbn_print.is_none(),
                "{name}: a book with a print ISBN lists its pages"
            );
            continue;
        }
        books_checked += 1;
        check_page_list(&c, &name, 5);
    }
    assert!(books_checked > 0, "no sample book has a page-list");
}

/// Checks `c`'s page-list against its print layout; at least `min_checked` pages must begin
/// inside the text.
fn check_page_list(c: &folio::manifest::Collection, name: &str, min_checked: usize) {
    let mut diags = Diagnostics::new();
    let (layout, _) = folio::typeset::layout_with_stats(c, &mut diags);
    let g = Geometry::new(&c.print);
    let book = folio::build::epub_files(c, &mut diags).expect("EPUB builds");
    let nav = book.text("OEBPS/nav.xhtml").expect("nav");
    let list_at = nav
        .find("epub:type=\"page-list\"")
        .expect("a page-list nav");
    let list = &nav[list_at..];

    // Every body page is listed, in order, and nothing else.
    let body_pages = layout.pages.len() - layout.labels[1].start;
    assert!(
        layout.page_starts.len() + 1 >= body_pages,
        "{name}: {} of {body_pages} pages have a place",
        layout.page_starts.len()
    );
    let listed: Vec<&str> = list
        .split("<li><a href=\"")
        .skip(1)
        .map(|s| s.split("\">").nth(1).unwrap().split('<').next().unwrap())
        .collect();
    // Every entry leads to a page-break marker, there once.
    for href in list
        .split("<li><a href=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
    {
        let (file, id) = href
            .split_once('#')
            .unwrap_or_else(|| panic!("{name}: {href} has no marker"));
        let xhtml = book
            .text(&format!("OEBPS/{file}"))
            .unwrap_or_else(|| panic!("{name}: {file} is not in the book"));
        let marker = format!("role=\"doc-pagebreak\" id=\"{id}\"");
        assert_eq!(xhtml.matches(&marker).count(), 1, "{name}: {href}");
    }
    let labels: Vec<&str> = layout
        .page_starts
        .iter()
        .map(|s| s.label.as_str())
        .collect();
    assert_eq!(
        listed, labels,
        "{name}: the page-list follows the print pages"
    );

    let mut checked = 0;
    for s in &layout.page_starts {
        let PageTarget::Article { index, at } = s.at else {
            continue;
        };
        let file = format!("OEBPS/article-{:02}.xhtml", index + 1);
        let xhtml = book.text(&file).expect("article file");
        let marker = format!("id=\"page_{}\"", s.label);
        assert_eq!(
            xhtml.matches(&marker).count(),
            1,
            "{name}: page {} is marked once in {file}",
            s.label
        );
        assert!(
            list.contains(&format!("{}#page_{}", &file[6..], s.label)),
            "{name}: page {} is listed with its place",
            s.label
        );
        if let TextPoint::Block(..) = at {
            let at = xhtml.find(&marker).unwrap();
            let after = text_after(xhtml, at + xhtml[at..].find("</span>").unwrap());
            let epub_word = after.split_whitespace().next().unwrap_or("");
            let printed = first_printed_word(&layout, &g, &s.label);
            assert_eq!(
                word_core(epub_word),
                word_core(&printed),
                "{name}: page {} begins with {printed:?} in print, the EPUB marks it before {after:.60}",
                s.label
            );
            checked += 1;
        }
    }
    assert!(
        checked >= min_checked,
        "{name}: only {checked} pages begin inside the text"
    );
}

/// The fixtures hold every kind of block (tables, code, quotes, nested and tight lists,
/// math) and a German anthology: with the page-list asked for, each page is found again.
#[test]
fn page_list_follows_every_kind_of_block() {
    for f in ["epub/blocks", "typeset/german-anthology"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(f);
        let mut diags = Diagnostics::new();
        let mut c = folio::build::load(&path, &mut diags).expect("fixture loads");
        c.epub.page_list = true;
        check_page_list(&c, f, 1);
    }
}

#[test]
fn page_list_is_left_out_when_asked() {
    let manifest = books()[0].clone();
    let mut diags = Diagnostics::new();
    let mut c = folio::build::load(&manifest, &mut diags).unwrap();
    c.epub.page_list = false;
    let book = folio::build::epub_files(&c, &mut diags).unwrap();
    let nav = book.text("OEBPS/nav.xhtml").unwrap();
    assert!(!nav.contains("page-list"));
    let opf = book.text("OEBPS/content.opf").unwrap();
    assert!(!opf.contains("pageNavigation") && !opf.contains("source-of"));
    assert!(book
        .entries
        .iter()
        .all(|e| !String::from_utf8_lossy(&e.bytes).contains("doc-pagebreak")));
}
