//! Citations in whole books: located errors (an unknown key with the nearest key as a hint, a
//! bibliography that does not parse, a misspelt style), the EPUB's bibliography markup and
//! links, and both backends giving the same bibliography text.

mod common;

use std::path::Path;

use folio::diag::Diagnostics;

/// A book in a temporary folder: `works.bib`, the manifest (with `extra` lines) and one
/// article.
fn book(article: &str, bib: &str, extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("articles")).unwrap();
    std::fs::write(root.join("works.bib"), bib).unwrap();
    std::fs::write(
        root.join("collection.toml"),
        format!(
            "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nbibliography = \"works.bib\"\n{extra}articles = [\"articles/a.md\"]\n"
        ),
    )
    .unwrap();
    std::fs::write(root.join("articles/a.md"), article).unwrap();
    dir
}

const WORKS: &str = "@book{lee2019, author = {Lee, Ann}, title = {Harbours}, publisher = {Northfield Press}, date = {2019}, doi = {10.5555/h.2019}}\n@book{moss2021, author = {Moss, Kim}, title = {Canals}, publisher = {Harrow}, date = {2021}}\n";

fn messages(dir: &Path) -> Vec<String> {
    let mut diags = Diagnostics::new();
    let _ = folio::build::load(&dir.join("collection.toml"), &mut diags);
    diags.items().iter().map(|d| d.to_string()).collect()
}

#[test]
fn an_unknown_key_is_an_error_at_its_place_with_the_nearest_key() {
    let dir = book(
        "# A\n\nText.\n\nAs shown [see @lee2091, p. 3].\n",
        WORKS,
        "",
    );
    let msgs = messages(dir.path());
    let hit = msgs
        .iter()
        .find(|m| m.contains("@lee2091"))
        .unwrap_or_else(|| panic!("{msgs:?}"));
    assert!(hit.contains("articles/a.md:5:15: error"), "{hit}");
    assert!(hit.contains("did you mean `@lee2019`"), "{hit}");
}

#[test]
fn cross_references_and_addresses_are_not_keys() {
    let dir = book(
        "# A\n\nSee @fig:map and write to a@b.org [@lee2019].\n",
        WORKS,
        "",
    );
    let msgs = messages(dir.path());
    // The address and the cited key are fine; the figure label is the cross-reference
    // pass's to judge, and names no figure here.
    let errors: Vec<&String> = msgs.iter().filter(|m| m.contains("error")).collect();
    assert_eq!(errors.len(), 1, "{msgs:?}");
    assert!(
        errors[0]
            .contains("articles/a.md:3:5: error: no figure in this article is labelled `fig:map`"),
        "{msgs:?}"
    );
}

#[test]
fn a_bibliography_that_does_not_parse_is_an_error_at_its_own_line() {
    let bad =
        "@book{lee2019, title = {Harbours}, date = {2019}}\n\n@book{moss2021, title = {Canals\n";
    let dir = book("# A\n\n[@lee2019]\n", bad, "");
    let msgs = messages(dir.path());
    assert!(
        msgs.iter().any(|m| m.contains("works.bib:3:1: error")),
        "{msgs:?}"
    );
}

#[test]
fn a_key_defined_twice_warns_and_a_misspelt_style_is_an_error_at_its_line() {
    let twice = format!("{WORKS}@book{{lee2019, title = {{Again}}, date = {{2001}}}}\n");
    let dir = book(
        "# A\n\n[@lee2019]\n",
        &twice,
        "citation-style = \"chicago-note\"\n",
    );
    let msgs = messages(dir.path());
    assert!(
        msgs.iter()
            .any(|m| m.contains("works.bib:3:7: warning") && m.contains("defined twice")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter()
            .any(|m| m.contains("collection.toml:5:18: error")
                && m.contains("did you mean `chicago-notes`")),
        "{msgs:?}"
    );
}

#[test]
fn the_epub_links_citations_to_entries_marked_as_a_bibliography() {
    let dir = book(
        "# A\n\nPorts grew (see [-@lee2019, 4]) as @moss2021 says.\n",
        WORKS,
        "citation-style = \"apa\"\n",
    );
    let mut diags = Diagnostics::new();
    let c = folio::build::load(&dir.path().join("collection.toml"), &mut diags).unwrap();
    assert!(!diags.has_errors(), "{:?}", diags.items());
    let files = folio::build::epub_files(&c, &mut diags).expect("an EPUB");
    let page = (files.entries.iter())
        .filter(|e| e.path.ends_with(".xhtml"))
        .map(|e| String::from_utf8_lossy(&e.bytes).to_string())
        .find(|x| x.contains("doc-bibliography"))
        .expect("the article's page");
    assert!(page.contains("role=\"doc-bibliography\""), "{page}");
    assert!(
        page.contains("<li id=\"bib-lee2019\">") && !page.contains("doc-biblioentry"),
        "{page}"
    );
    assert!(
        page.contains("href=\"#bib-lee2019\" role=\"doc-biblioref\""),
        "{page}"
    );
    assert!(
        page.contains("href=\"https://doi.org/10.5555/h.2019\""),
        "{page}"
    );
    assert!(page.contains(">References</h2>"), "{page}");
}
