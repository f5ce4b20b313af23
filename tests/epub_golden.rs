//! Golden XHTML: the first article of the `blocks` fixture (every block type, notes, images,
//! raw HTML, links) must serialize exactly as the reviewed file in `expected/`.
//! Run with `FOLIO_BLESS=1` to rewrite the expected file after a deliberate change, then
//! read the diff before committing it.

use std::path::Path;

use folio::Diagnostics;

mod common;

#[test]
fn every_block_article_matches_golden_xhtml() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/epub/blocks");
    let mut diags = Diagnostics::new();
    let c = folio::build::load(&dir, &mut diags).expect("fixture loads");
    let book = folio::build::epub_files(&c, &mut diags).expect("fixture builds");
    let got = book
        .text("OEBPS/article-01.xhtml")
        .expect("the first article");
    common::golden(&dir.join("expected/article-01.xhtml"), got);
}

#[test]
fn warnings_name_the_raw_html_and_links_that_could_not_be_kept() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/epub/blocks");
    let mut diags = Diagnostics::new();
    let c = folio::build::load(&dir, &mut diags).expect("fixture loads");
    folio::build::epub_files(&c, &mut diags).expect("fixture builds");
    let warnings: Vec<String> = diags
        .items()
        .iter()
        .filter(|d| d.severity == folio::Severity::Warning)
        .map(|d| d.to_string())
        .collect();
    let has = |s: &str| warnings.iter().any(|w| w.contains(s));
    assert!(has("raw HTML block is shown as text"), "{warnings:#?}");
    assert!(has("`<blink>` is shown as text"), "{warnings:#?}");
    assert!(
        warnings.iter().all(|w| w.contains("every-block.md:")),
        "each warning names file:line: {warnings:#?}"
    );
}
