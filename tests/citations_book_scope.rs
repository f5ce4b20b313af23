//! One bibliography for the whole book (`bibliography-scope = "book"`): every work cited in
//! any article (and every `nocite` work) listed once, in the style's order, after the last
//! article and before the contributors; no article lists its own. In print it has pages of
//! its own, a line in the contents and in the outline; in the EPUB a document in the spine,
//! the navigation, the NCX, the landmarks and the page-list, and every citation links to its
//! entry there. A numeric style numbers citations by the book's list.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use folio::build::{Format, Request};
use folio::diag::Diagnostics;

/// The fixture: three articles (chicago-notes) citing overlapping works; the third lists
/// `zorn2018` without citing it; `unused` is in the bibliography file and cited nowhere.
fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/citations/book-scope")
}

/// A copy of the fixture in a temporary folder, with `extra` appended to its manifest's
/// top-level keys.
fn variant(extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("articles")).unwrap();
    for f in [
        "works.bib",
        "articles/one.md",
        "articles/two.md",
        "articles/three.md",
    ] {
        std::fs::copy(fixture().join(f), root.join(f)).unwrap();
    }
    let manifest = std::fs::read_to_string(fixture().join("collection.toml")).unwrap();
    let manifest = manifest.replacen("articles = [", &format!("{extra}\narticles = ["), 1);
    std::fs::write(root.join("collection.toml"), manifest).unwrap();
    dir
}

fn load(dir: &Path) -> (folio::manifest::Collection, Diagnostics) {
    let mut diags = Diagnostics::new();
    let c = folio::build::load(dir, &mut diags)
        .unwrap_or_else(|| panic!("{} does not load: {:?}", dir.display(), diags.items()));
    (c, diags)
}

fn keys(c: &folio::manifest::Collection) -> Vec<String> {
    let bib = c.bibliography.as_ref().expect("the book's bibliography");
    bib.entries.iter().map(|e| e.key.clone()).collect()
}

#[test]
fn the_book_lists_every_cited_work_once_and_no_article_lists_its_own() {
    let (c, diags) = load(&fixture());
    // `bibliography-scope = "book"` is made, not warned about.
    assert!(diags.items().is_empty(), "{:?}", diags.items());
    // Chicago's bibliography is alphabetical; `zorn2018` is listed by `nocite`.
    assert_eq!(keys(&c), ["abel2020", "lee2019", "moss2021", "zorn2018"]);
    assert_eq!(c.bibliography.as_ref().unwrap().title, "Bibliography");
    for a in c.articles() {
        assert!(a.doc.bibliography.is_none(), "{}", a.path.display());
    }
}

#[test]
fn a_numeric_style_numbers_every_articles_citations_by_the_book_list() {
    let dir = variant("citation-style = \"ieee\"");
    let (c, _) = load(dir.path());
    // IEEE numbers works in the order the book first cites them.
    assert_eq!(keys(&c), ["lee2019", "moss2021", "abel2020", "zorn2018"]);
    assert_eq!(c.bibliography.as_ref().unwrap().title, "References");
    let (book, _) = common::epub_of(dir.path());
    let two = book.text("OEBPS/article-02.xhtml").unwrap();
    // Article two's first citation of `abel2020` is the book's third work, not its second.
    assert!(
        two.contains("<a href=\"bibliography.xhtml#bib-abel2020\" role=\"doc-biblioref\">[3]</a>"),
        "{two}"
    );
}

#[test]
fn without_citations_the_book_has_no_bibliography_and_no_warning() {
    let dir = variant("");
    for f in ["one", "two", "three"] {
        let path = dir.path().join(format!("articles/{f}.md"));
        let text = format!("---\ntitle: Title {f}\n---\n\nNo citations here.\n");
        std::fs::write(path, text).unwrap();
    }
    let (c, diags) = load(dir.path());
    assert!(c.bibliography.is_none());
    assert!(diags.items().is_empty(), "{:?}", diags.items());
    let (book, _) = common::epub_of(dir.path());
    assert!(book.text("OEBPS/bibliography.xhtml").is_none());
}

/// `text` parsed as XML (the XHTML files declare their doctype).
fn parse(text: &str) -> roxmltree::Document<'_> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, opts).unwrap()
}

/// Every id of every XHTML file of `book`, by file name.
fn ids(book: &folio::epub::Book) -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    for e in book.entries.iter().filter(|e| e.path.ends_with(".xhtml")) {
        let text = std::str::from_utf8(&e.bytes).unwrap();
        let doc = parse(text);
        let ids = (doc.descendants())
            .filter_map(|n| n.attribute("id").map(str::to_string))
            .collect();
        let name = e.path.trim_start_matches("OEBPS/").to_string();
        out.insert(name, ids);
    }
    out
}

#[test]
fn the_epub_has_the_bibliography_in_spine_nav_and_ncx_and_every_link_resolves() {
    let (book, _) = common::epub_of(&fixture());
    let opf = book.text("OEBPS/content.opf").unwrap();
    let at = |id: &str| {
        opf.find(&format!("<itemref idref=\"{id}\""))
            .unwrap_or_else(|| panic!("{id} is not in the spine: {opf}"))
    };
    assert!(at("p-article-03") < at("p-bibliography"));
    assert!(at("p-bibliography") < at("p-contributors"));
    let nav = book.text("OEBPS/nav.xhtml").unwrap();
    assert!(
        nav.contains("<li><a href=\"bibliography.xhtml\">Bibliography</a></li>"),
        "{nav}"
    );
    assert!(
        nav.contains("<a epub:type=\"bibliography\" href=\"bibliography.xhtml\">"),
        "{nav}"
    );
    assert!(nav.contains("href=\"bibliography.xhtml#page_"), "{nav}");
    let ncx = book.text("OEBPS/toc.ncx").unwrap();
    assert!(
        ncx.contains("<content src=\"bibliography.xhtml\"/>"),
        "{ncx}"
    );
    let page = book.text("OEBPS/bibliography.xhtml").unwrap();
    assert!(
        page.contains("epub:type=\"bibliography\" role=\"doc-bibliography\""),
        "{page}"
    );
    for key in ["abel2020", "lee2019", "moss2021", "zorn2018"] {
        assert_eq!(page.matches(&format!("<li id=\"bib-{key}\">")).count(), 1);
    }
    assert!(!page.contains("unused") && !page.contains("Never Cited"));

    let ids = ids(&book);
    let mut to_entries = 0;
    for (file, text) in (book.entries.iter())
        .filter(|e| e.path.ends_with(".xhtml") || e.path.ends_with(".ncx"))
        .map(|e| (e.path.as_str(), std::str::from_utf8(&e.bytes).unwrap()))
    {
        let doc = parse(text);
        let here = file.trim_start_matches("OEBPS/");
        for n in doc.descendants() {
            let Some(href) = n.attribute("href").or(n.attribute("src")) else {
                continue;
            };
            if href.starts_with("https:") || href.starts_with("css/") {
                continue;
            }
            let (target, frag) = href.split_once('#').unwrap_or((href, ""));
            let target = if target.is_empty() { here } else { target };
            // An image (the typographic cover's SVG) must be a file of the book.
            let file_of_book =
                |t: &str| book.entries.iter().any(|e| e.path == format!("OEBPS/{t}"));
            if frag.is_empty() && !ids.contains_key(target) && file_of_book(target) {
                continue;
            }
            let Some(defined) = ids.get(target) else {
                panic!("{here}: `{href}` names no document of the book");
            };
            assert!(
                frag.is_empty() || defined.contains(frag),
                "{here}: `{href}` names no id of {target}"
            );
            if target == "bibliography.xhtml" && frag.starts_with("bib-") {
                assert_eq!(n.attribute("role"), Some("doc-biblioref"), "{here}: {href}");
                to_entries += 1;
            }
        }
    }
    // Every citation links to its entry: three notes in article one, three in article
    // two, one note citing two works in article three.
    assert_eq!(to_entries, 8);
}

/// The text of each page of `pdf`.
fn page_texts(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8(out.stdout).unwrap();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// The outline's top entries: (title, page from 1).
fn outline(pdf: &Path) -> Vec<(String, u64)> {
    let out = Command::new("qpdf")
        .arg("--json")
        .arg(pdf)
        .output()
        .expect("qpdf runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    (json["outlines"].as_array().unwrap().iter())
        .map(|o| {
            let title = o["title"].as_str().unwrap().to_string();
            (title, o["destpageposfrom1"].as_u64().unwrap())
        })
        .collect()
}

#[test]
fn the_pdf_lists_the_bibliography_in_contents_and_outline_on_the_pages_they_say() {
    if !common::require_tool("pdftotext") || !common::require_tool("qpdf") {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let req = Request {
        formats: vec![Format::Pdf],
        out_dir: Some(out.path().to_path_buf()),
        ..Request::default()
    };
    let mut diags = Diagnostics::new();
    let built = folio::build::build(&fixture(), &req, &mut diags)
        .unwrap_or_else(|e| panic!("{e}: {:?}", diags.items()));
    let pdf = &built.written[0];
    let pages = page_texts(pdf);
    // The contents' line: "Bibliography . . . 7".
    let contents = pages.iter().find(|p| p.contains("Contents")).unwrap();
    let line = (contents.lines())
        .find(|l| l.trim_start().starts_with("Bibliography"))
        .unwrap_or_else(|| panic!("the contents list no bibliography:\n{contents}"));
    let folio: String = line.trim_end().rsplit(' ').next().unwrap().to_string();
    // The page whose first line is the heading, and whose folio is the one the contents give.
    let first = (pages.iter())
        .position(|p| p.trim_start().starts_with("Bibliography"))
        .expect("a page opens with the bibliography");
    let last_line = pages[first].lines().rev().find(|l| !l.trim().is_empty());
    assert_eq!(
        last_line.map(str::trim),
        Some(folio.as_str()),
        "{}",
        pages[first]
    );
    // After the last article, before the contributors.
    let lights = pages
        .iter()
        .position(|p| p.contains("Lights at last"))
        .unwrap();
    let contributors = (pages.iter())
        .position(|p| p.trim_start().starts_with("Contributors"))
        .unwrap();
    assert!(lights < first && first < contributors);
    // Each work once, in the style's order; the unused work not at all.
    let text = pages[first..contributors].join("\n");
    let at: Vec<usize> = ["Abel, Tom.", "Lee, Ann.", "Moss, Kim.", "Zorn, Ida."]
        .iter()
        .map(|name| {
            assert_eq!(text.matches(name).count(), 1, "{name} in\n{text}");
            text.find(name).unwrap()
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{text}");
    assert!(!text.contains("Never Cited"));
    for (k, p) in pages.iter().enumerate() {
        if k < first || k >= contributors {
            assert!(!p.contains("Zorn, Ida"), "page {}: {p}", k + 1);
        }
    }
    // Article one's list of its links is headed as beside a bibliography.
    let one = pages.iter().find(|p| p.contains("Harbours grew")).unwrap();
    assert!(
        one.contains("Links") && !one.contains("References"),
        "{one}"
    );
    // The outline leads to the same page.
    let outline = outline(pdf);
    assert!(
        outline.contains(&("Bibliography".to_string(), first as u64 + 1)),
        "{outline:?}"
    );
}
