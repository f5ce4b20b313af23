//! What the EPUB promises a reader who cannot see the page holds: text is marked with the
//! language it is in (a Russian title in an English book's contents, navigation and
//! contributors page carries `lang="ru"`), the NCX lists the print pages as the navigation
//! document does and numbers every target in reading order, and the package claims EPUB
//! Accessibility 1.1 only when the book meets it, saying why not in a warning otherwise.

mod common;

use std::path::{Path, PathBuf};

use folio::Diagnostics;

/// Every collection the tests build: the sample books and the EPUB fixtures.
fn collections() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = (common::sample_books().iter())
        .filter_map(|m| m.parent().map(Path::to_path_buf))
        .collect();
    out.extend(common::epub_fixtures());
    out
}

/// Parses an XHTML document (which has a `<!DOCTYPE html>`).
fn parse(xhtml: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(xhtml, options).expect("well-formed XHTML")
}

/// The script most of `text`'s letters are in, when it has enough letters to tell.
fn script(text: &str) -> Option<&'static str> {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let cyrillic = letters
        .iter()
        .filter(|c| ('\u{400}'..='\u{52F}').contains(*c))
        .count();
    let latin = letters.iter().filter(|c| c.is_ascii_alphabetic()).count();
    match letters.len() {
        n if n < 8 => None,
        n if cyrillic * 10 >= n * 9 => Some("Cyrillic"),
        n if latin * 10 >= n * 9 => Some("Latin"),
        _ => None,
    }
}

/// The script a language tag is written in, for the languages of these books.
fn script_of(lang: &str) -> &'static str {
    match lang.split('-').next().unwrap() {
        "ru" | "uk" | "be" => "Cyrillic",
        _ => "Latin",
    }
}

/// Every run of text in `xhtml` whose script is not that of the language it is marked with
/// (the `lang` of its nearest element that has one).
fn mismarked(xhtml: &str) -> Vec<String> {
    let doc = parse(xhtml);
    let mut out = Vec::new();
    for node in doc.descendants().filter(|n| n.is_text()) {
        let text = node.text().unwrap_or("");
        if text.contains("://") {
            continue; // a web address is in no language
        }
        let Some(found) = script(text) else {
            continue;
        };
        let lang = node
            .ancestors()
            .find_map(|a| a.attribute("lang"))
            .unwrap_or("");
        let parent = node.parent_element().map(|p| p.tag_name().name());
        if matches!(parent, Some("code" | "pre")) || lang.is_empty() {
            continue;
        }
        if script_of(lang) != found {
            out.push(format!("{text:?} is in {found} script but marked `{lang}`"));
        }
    }
    out
}

#[test]
fn every_text_is_marked_with_the_language_it_is_in() {
    let mut failures = Vec::new();
    let mut russian_outside_its_article = 0;
    for dir in collections() {
        let (book, _) = common::epub_of(&dir);
        for e in book.entries.iter().filter(|e| e.path.ends_with(".xhtml")) {
            let xhtml = std::str::from_utf8(&e.bytes).unwrap();
            for m in mismarked(xhtml) {
                failures.push(format!("{}: {}: {m}", dir.display(), e.path));
            }
            let is_shared = ["nav.xhtml", "contents.xhtml", "contributors.xhtml"]
                .iter()
                .any(|n| e.path.ends_with(n));
            if is_shared {
                russian_outside_its_article += xhtml.matches(" lang=\"ru\"").count();
            }
        }
    }
    assert!(
        russian_outside_its_article >= 6,
        "the anthologies' Russian titles and contributors are marked in nav, contents and \
         contributors pages ({russian_outside_its_article} found)"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// (label, href) of the navigation document's page-list.
fn nav_pages(nav: &str) -> Vec<(String, String)> {
    let doc = parse(nav);
    doc.descendants()
        .filter(|n| n.attribute(("http://www.idpf.org/2007/ops", "type")) == Some("page-list"))
        .flat_map(|list| list.descendants().filter(|n| n.has_tag_name("a")))
        .map(|a| {
            let label = a.text().unwrap_or("").to_string();
            (label, a.attribute("href").unwrap().to_string())
        })
        .collect()
}

#[test]
fn ncx_lists_the_print_pages_and_numbers_targets_in_reading_order() {
    let mut checked = 0;
    for dir in collections() {
        let (book, _) = common::epub_of(&dir);
        let ncx = book.text("OEBPS/toc.ncx").unwrap();
        let doc = roxmltree::Document::parse(ncx).unwrap();
        let nav = nav_pages(book.text("OEBPS/nav.xhtml").unwrap());
        let order =
            |n: roxmltree::Node| -> usize { n.attribute("playOrder").unwrap().parse().unwrap() };
        let src = |n: roxmltree::Node| -> String {
            let content = n.children().find(|c| c.has_tag_name("content")).unwrap();
            content.attribute("src").unwrap().to_string()
        };
        let targets: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("pageTarget"))
            .collect();
        let listed: Vec<(String, String)> = (targets.iter())
            .map(|t| {
                let label = t.descendants().find(|n| n.has_tag_name("text")).unwrap();
                (label.text().unwrap().to_string(), src(*t))
            })
            .collect();
        assert_eq!(
            listed,
            nav,
            "{}: the NCX pageList mirrors the nav page-list",
            dir.display()
        );
        if nav.is_empty() {
            assert!(
                !ncx.contains("<pageList"),
                "{}: no empty pageList",
                dir.display()
            );
            continue;
        }
        checked += 1;
        let count = format!(
            "<meta name=\"dtb:totalPageCount\" content=\"{}\"/>",
            nav.len()
        );
        assert!(ncx.contains(&count), "{}: {count}", dir.display());
        // Page targets and contents entries are each in reading order, and together number
        // every target once, from 1 without gaps.
        let points: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("navPoint"))
            .collect();
        for list in [&targets, &points] {
            let orders: Vec<usize> = list.iter().map(|n| order(*n)).collect();
            assert!(
                orders.windows(2).all(|w| w[0] < w[1]),
                "{}: {orders:?}",
                dir.display()
            );
        }
        let mut all: Vec<(usize, String)> = (targets.iter().chain(&points))
            .map(|n| (order(*n), src(*n)))
            .collect();
        all.sort();
        all.dedup();
        let numbers: Vec<usize> = all.iter().map(|(o, _)| *o).collect();
        assert_eq!(
            numbers,
            (1..=all.len()).collect::<Vec<_>>(),
            "{}",
            dir.display()
        );
        // The first page of an article comes between the article's entry and its sections.
        let part = points.iter().find(|p| src(**p) == "part-1.xhtml");
        let page_one = targets
            .iter()
            .find(|t| src(**t).starts_with("part-1.xhtml#"));
        if let (Some(part), Some(page)) = (part, page_one) {
            assert_eq!(order(*page), order(*part) + 1, "{}", dir.display());
        }
    }
    assert!(checked >= 2, "books with a page-list were checked");
}

/// (property, text) of the package's `meta` elements.
fn metas(opf: &str) -> Vec<(String, String)> {
    let doc = roxmltree::Document::parse(opf).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("meta"))
        .filter_map(|n| Some((n.attribute("property")?.to_string(), n.text()?.to_string())))
        .collect()
}

const CLAIM: &str = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA";

#[test]
fn every_sample_book_and_fixture_claims_conformance_and_names_who_evaluated_it() {
    for dir in collections() {
        let (book, diags) = common::epub_of(&dir);
        let m = metas(book.text("OEBPS/content.opf").unwrap());
        let get = |p: &str| {
            m.iter()
                .filter(|(k, _)| k == p)
                .map(|(_, v)| v.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(get("dcterms:conformsTo"), [CLAIM], "{}", dir.display());
        assert_eq!(get("a11y:certifiedBy").len(), 1, "{}", dir.display());
        let summary = get("schema:accessibilitySummary").join("");
        assert!(summary.contains(CLAIM), "{}: {summary}", dir.display());
        assert!(
            !diags
                .items()
                .iter()
                .any(|d| d.message.contains("conformance claim")),
            "{}: {:?}",
            dir.display(),
            diags.items()
        );
    }
}

/// A one-article collection in a temporary folder: `manifest_extra` is added to the
/// manifest, `article` is the article, `css` (if any) the collection's own stylesheet.
fn scratch(manifest_extra: &str, article: &str, css: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("collection.toml"),
        format!(
            "title = \"Scratch\"\nauthors = [\"A. Writer\"]\npublisher = \"Scratch Press\"\narticles = [\"a.md\"]\n{manifest_extra}"
        ),
    )
    .unwrap();
    std::fs::write(dir.path().join("a.md"), article).unwrap();
    if let Some(css) = css {
        std::fs::write(dir.path().join("epub.css"), css).unwrap();
    }
    let png = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/epub/blocks/articles/images/diagram.png");
    std::fs::copy(png, dir.path().join("pic.png")).unwrap();
    dir
}

/// The claim the book at `dir` makes (if any) and its warning about the claim (if any).
fn claim_of(dir: &Path) -> (Option<String>, Option<String>) {
    let mut diags = Diagnostics::new();
    let c = folio::build::load(dir, &mut diags).expect("loads");
    let book = folio::build::epub_files(&c, &mut diags).expect("builds");
    let m = metas(book.text("OEBPS/content.opf").unwrap());
    let claim = (m.iter())
        .find(|(k, _)| k == "dcterms:conformsTo")
        .map(|(_, v)| v.clone());
    let warning = (diags.items().iter())
        .find(|d| d.message.contains("conformance claim"))
        .map(|d| d.to_string());
    (claim, warning)
}

const RUSSIAN: &str = "Когда в разговоре о климатической политике доходит до городов, обычно \
                       вспоминают велодорожки, электробусы и солнечные панели на крышах.";

#[test]
fn the_claim_is_left_out_with_a_warning_saying_why() {
    let good = scratch(
        "",
        "# T\n\nPlain text, ![a diagram](pic.png) described.\n",
        None,
    );
    assert_eq!(claim_of(good.path()), (Some(CLAIM.to_string()), None));

    let cases = [
        (
            scratch("", "# T\n\nText.\n\n![](pic.png)\n", None),
            "alternative text",
        ),
        (
            scratch(
                "isbn-print = \"978-0-00-000000-0\"\n[epub]\npage-list = false\n",
                "# T\n\nText.\n",
                None,
            ),
            "print edition's pages are not listed",
        ),
        (
            scratch("", "# T\n\nText.\n", Some("body { color: #777; }")),
            "own epub.css",
        ),
        (
            scratch("", &format!("# T\n\n{RUSSIAN}\n"), None),
            "Cyrillic script, but its language is `en`",
        ),
        (
            scratch("", "# T\n\nSee [](https://example.org).\n", None),
            "link(s) have no text",
        ),
    ];
    for (dir, why) in cases {
        let (claim, warning) = claim_of(dir.path());
        assert_eq!(claim, None, "{why}: no claim");
        let warning = warning.unwrap_or_else(|| panic!("{why}: a warning"));
        assert!(warning.contains(why), "{warning}");
        assert!(
            warning.contains("collection.toml"),
            "the warning names the manifest: {warning}"
        );
    }
}
