//! The package metadata says what is true of the book: creators and their roles, article
//! authors as contributors, language, identifier, series, dates, and accessibility fields
//! that match the content (alternative text claimed only when every image has it).

use std::path::{Path, PathBuf};

use folio::Diagnostics;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/epub")
        .join(name)
}

fn book(dir: &Path) -> (folio::epub::Book, Diagnostics) {
    let mut diags = Diagnostics::new();
    let c = folio::build::load(dir, &mut diags).expect("fixture loads");
    let book = folio::build::epub_files(&c, &mut diags).expect("fixture builds");
    (book, diags)
}

/// (property or element name, refines, text) of every metadata child of the OPF.
fn metadata(opf: &str) -> Vec<(String, String, String)> {
    let doc = roxmltree::Document::parse(opf).expect("the OPF is well-formed XML");
    let meta = doc
        .descendants()
        .find(|n| n.has_tag_name("metadata"))
        .expect("metadata element");
    meta.children()
        .filter(|n| n.is_element())
        .map(|n| {
            let name = n
                .attribute("property")
                .map(str::to_string)
                .unwrap_or_else(|| n.tag_name().name().to_string());
            let id = n
                .attribute("id")
                .or(n.attribute("refines"))
                .unwrap_or("")
                .trim_start_matches('#')
                .to_string();
            (name, id, n.text().unwrap_or("").to_string())
        })
        .collect()
}

fn values<'a>(m: &'a [(String, String, String)], name: &str) -> Vec<&'a str> {
    m.iter()
        .filter(|(n, _, _)| n == name)
        .map(|(_, _, v)| v.as_str())
        .collect()
}

fn role_of(m: &[(String, String, String)], name: &str) -> String {
    let (_, id, _) = m
        .iter()
        .find(|(n, _, v)| (n == "creator" || n == "contributor") && v == name)
        .unwrap_or_else(|| panic!("{name} is not in the metadata"));
    m.iter()
        .find(|(n, r, _)| n == "role" && r == id)
        .map(|(_, _, v)| v.clone())
        .unwrap_or_default()
}

#[test]
fn anthology_names_editors_contributors_language_series_and_identifier() {
    let (book, _) = book(&fixture("anthology"));
    let m = metadata(book.text("OEBPS/content.opf").unwrap());
    assert_eq!(
        values(&m, "creator"),
        ["Ilse Marenholt", "Tomasz Reyes-Okafor"]
    );
    assert_eq!(role_of(&m, "Ilse Marenholt"), "edt");
    let contributors = values(&m, "contributor");
    assert!(
        contributors.contains(&"Adaeze Lindqvist"),
        "{contributors:?}"
    );
    assert!(contributors.contains(&"Павел Зорин"), "{contributors:?}");
    assert_eq!(role_of(&m, "Павел Зорин"), "aut");
    assert_eq!(values(&m, "language"), ["en"]);
    assert_eq!(values(&m, "identifier"), ["urn:isbn:9780000000002"]);
    assert_eq!(
        values(&m, "title"),
        ["Arguments at the Edge", "Commentaries on Cities and Water"]
    );
    assert_eq!(values(&m, "date"), ["2026-06-01"]);
    assert_eq!(values(&m, "dcterms:modified"), ["2026-06-01T00:00:00Z"]);
    assert_eq!(values(&m, "belongs-to-collection"), ["Folio Fixtures"]);
    assert_eq!(values(&m, "group-position"), ["2"]);
    assert_eq!(values(&m, "source"), ["urn:isbn:9780000000019"]);
    assert_eq!(values(&m, "publisher"), ["Folio Test Press"]);
    assert_eq!(values(&m, "rights").len(), 1);
    assert_eq!(values(&m, "description").len(), 1);
}

#[test]
fn single_author_book_has_author_creator_and_no_contributor_twice() {
    let (book, _) = book(&fixture("blocks"));
    let m = metadata(book.text("OEBPS/content.opf").unwrap());
    assert_eq!(values(&m, "creator"), ["Mira Castellane"]);
    assert_eq!(role_of(&m, "Mira Castellane"), "aut");
    assert!(
        values(&m, "contributor").is_empty(),
        "the author is already the creator"
    );
}

#[test]
fn accessibility_fields_match_the_content() {
    let (book, _) = book(&fixture("blocks"));
    let m = metadata(book.text("OEBPS/content.opf").unwrap());
    assert_eq!(values(&m, "schema:accessMode"), ["textual", "visual"]);
    assert_eq!(
        values(&m, "schema:accessModeSufficient"),
        ["textual", "textual,visual"]
    );
    let features = values(&m, "schema:accessibilityFeature");
    for f in [
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "alternativeText",
    ] {
        assert!(features.contains(&f), "{f} missing from {features:?}");
    }
    assert_eq!(values(&m, "schema:accessibilityHazard"), ["none"]);
    assert_eq!(values(&m, "schema:accessibilitySummary").len(), 1);
}

/// Writes a one-article collection with `body` into a temporary folder.
fn scratch(body: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("collection.toml"),
        "title = \"Scratch\"\nauthors = [\"A. Writer\"]\ndate = \"2026-01-02\"\narticles = [\"a.md\"]\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("a.md"), body).unwrap();
    let png = std::fs::read(fixture("blocks/articles/images/diagram.png")).unwrap();
    std::fs::write(dir.path().join("pic.png"), png).unwrap();
    dir
}

#[test]
fn image_without_alt_text_is_a_warning_and_no_alternative_text_claim() {
    let dir = scratch("# T\n\nText.\n\n![](pic.png)\n");
    let (book, diags) = book(dir.path());
    let warning = diags
        .items()
        .iter()
        .find(|d| d.message.contains("no alternative text"))
        .expect("a warning about the missing alt text");
    assert_eq!(
        (warning.span.line, warning.span.col > 0),
        (5, true),
        "{warning}"
    );
    assert!(warning.span.file.ends_with("a.md"));
    let m = metadata(book.text("OEBPS/content.opf").unwrap());
    let features = values(&m, "schema:accessibilityFeature");
    assert!(!features.contains(&"alternativeText"), "{features:?}");
    assert_eq!(
        values(&m, "schema:accessModeSufficient"),
        ["textual,visual"]
    );
}

#[test]
fn missing_image_is_an_error_with_file_and_line_and_no_book() {
    let dir = scratch("# T\n\nText.\n\nMore text.\n\n![a chart](nowhere/chart.png)\n");
    let mut diags = Diagnostics::new();
    let (_, result) = folio::build::check(
        dir.path(),
        &folio::build::LoadOptions::default(),
        &mut diags,
    );
    assert!(result.is_err(), "no EPUB is made with a missing image");
    let e = diags
        .items()
        .iter()
        .find(|d| d.message.contains("image not found"))
        .expect("an error naming the missing image");
    assert_eq!(e.severity, folio::Severity::Error);
    assert_eq!(e.span.line, 7, "{e}");
    assert!(e.message.contains("chart.png"), "{e}");
}

#[test]
fn articles_in_another_language_carry_it() {
    let (book, _) = book(&fixture("anthology"));
    let ru = book.text("OEBPS/article-02.xhtml").unwrap();
    assert!(ru.contains("lang=\"ru\" xml:lang=\"ru\""), "{}", &ru[..400]);
    let en = book.text("OEBPS/article-01.xhtml").unwrap();
    assert!(en.contains("lang=\"en\" xml:lang=\"en\""));
    assert!(
        ru.contains("Впервые опубликовано"),
        "header labels follow the article's language"
    );
}

#[test]
fn every_xhtml_file_is_well_formed_and_ids_are_unique() {
    for name in ["blocks", "anthology"] {
        let (book, _) = book(&fixture(name));
        for e in &book.entries {
            if !(e.path.ends_with(".xhtml") || e.path.ends_with(".opf") || e.path.ends_with(".ncx"))
            {
                continue;
            }
            let text = std::str::from_utf8(&e.bytes).unwrap();
            let doc = roxmltree::Document::parse_with_options(
                text,
                roxmltree::ParsingOptions {
                    allow_dtd: true,
                    ..Default::default()
                },
            )
            .unwrap_or_else(|err| panic!("{}: {err}", e.path));
            let mut ids: Vec<&str> = doc
                .descendants()
                .filter_map(|n| n.attribute("id"))
                .collect();
            let n = ids.len();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids.len(), n, "{}: duplicate ids", e.path);
        }
    }
}

#[test]
fn nav_nests_parts_articles_with_authors_and_sections_and_has_landmarks() {
    let (book, _) = book(&fixture("anthology"));
    let nav = book.text("OEBPS/nav.xhtml").unwrap();
    let doc = roxmltree::Document::parse_with_options(
        nav,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap();
    let link = |text: &str| {
        doc.descendants()
            .find(|n| n.has_tag_name("a") && n.text().is_some_and(|t| t.starts_with(text)))
            .unwrap_or_else(|| panic!("no nav entry {text}"))
    };
    let depth = |n: roxmltree::Node| n.ancestors().filter(|a| a.has_tag_name("ol")).count();
    assert_eq!(depth(link("Part One: Water")), 1);
    let article = link("Rivers Are Infrastructure");
    assert_eq!(depth(article), 2);
    assert!(
        article.text().unwrap().contains("Adaeze Lindqvist"),
        "authors shown"
    );
    assert_eq!(depth(link("What a River Costs")), 3);
    assert!(
        doc.descendants()
            .filter(|n| n.has_tag_name("a"))
            .all(|a| a.descendants().skip(1).all(|d| !d.has_tag_name("a"))),
        "no link nests another"
    );
    for kind in ["cover", "titlepage", "toc", "bodymatter"] {
        assert!(
            nav.contains(&format!("epub:type=\"{kind}\"")),
            "landmark {kind}"
        );
    }
    let ncx = book.text("OEBPS/toc.ncx").unwrap();
    assert!(ncx.contains("<meta name=\"dtb:uid\" content=\"urn:isbn:9780000000002\"/>"));
    // The NCX mirrors the contents (the landmarks and page-list navs come after it).
    let toc_nav = &nav[..nav.find("epub:type=\"landmarks\"").unwrap()];
    assert_eq!(
        ncx.matches("<navPoint ").count(),
        toc_nav.matches("><a href").count()
    );
}

#[test]
fn task_boxes_are_named_in_the_articles_language() {
    let dir = scratch("---\nlang: de\n---\n# T\n\n- [x] Satz setzen\n- [ ] Korrektur lesen\n");
    let (book, _) = book(dir.path());
    let xhtml = book.text("OEBPS/article-01.xhtml").unwrap();
    assert!(xhtml.contains("aria-label=\"erledigt\">☑"), "{xhtml}");
    assert!(xhtml.contains("aria-label=\"offen\">☐"), "{xhtml}");
}

#[test]
fn a_table_inside_a_footnote_is_a_table_of_the_book() {
    let tables = |body: &str| {
        let dir = scratch(body);
        let (book, _) = book(dir.path());
        let m = metadata(book.text("OEBPS/content.opf").unwrap());
        let summary = values(&m, "schema:accessibilitySummary")[0].to_string();
        summary.contains("Tables have header rows.")
    };
    assert!(!tables("# T\n\nText.[^1]\n\n[^1]: A note.\n"));
    let in_note = "# T\n\nText.[^1]\n\n[^1]: A note with a table:\n\n    | a | b |\n    |---|---|\n    | 1 | 2 |\n";
    assert!(tables(in_note), "the table in the footnote is not stated");
}
