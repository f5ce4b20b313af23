//! Manifest errors (`tests/fixtures/manifest/<case>/collection.toml`): each message names the
//! file, line and column, says what is wrong and hints at the fix.

use std::path::{Path, PathBuf};

use folio::diag::{Diagnostics, Severity};

fn case_dir(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/manifest")
        .join(case)
}

/// Loads a fixture collection; returns whether it loaded and its diagnostics as printed,
/// with the fixture folder written as `<case>/`.
fn load(case: &str) -> (bool, Vec<String>) {
    let dir = case_dir(case);
    let mut diags = Diagnostics::new();
    let loaded = folio::build::load(&dir, &mut diags).is_some();
    let prefix = format!("{}/", dir.display());
    let lines = diags
        .items()
        .iter()
        .filter(|d| d.severity != Severity::Note)
        .map(|d| d.to_string().replace(&prefix, "<case>/"))
        .collect();
    (loaded, lines)
}

#[test]
fn a_misspelt_top_level_key_names_file_line_key_and_nearest_key() {
    let (loaded, msgs) = load("misspelt-key");
    assert!(!loaded);
    assert_eq!(msgs.len(), 1, "{msgs:?}");
    assert!(msgs[0].starts_with("<case>/collection.toml:3:1: error: unknown field `langage`"));
    assert!(
        msgs[0].ends_with("hint: did you mean `language`?"),
        "{}",
        msgs[0]
    );
}

#[test]
fn a_misspelt_print_key_suggests_the_print_key() {
    let (_, msgs) = load("misspelt-print-key");
    assert!(msgs[0].starts_with("<case>/collection.toml:7:1: error: unknown field `blead`"));
    assert!(
        msgs[0].ends_with("hint: did you mean `bleed`?"),
        "{}",
        msgs[0]
    );
}

#[test]
fn a_misspelt_key_in_an_article_entry_is_placed_exactly() {
    let (_, msgs) = load("misspelt-article-key");
    assert!(
        msgs[0].starts_with("<case>/collection.toml:3:39: error: unknown field `titel`"),
        "{}",
        msgs[0]
    );
    assert!(msgs[0].ends_with("hint: did you mean `title`?"));
}

#[test]
fn a_duplicate_article_is_an_error_at_the_second_entry() {
    let (loaded, msgs) = load("duplicate-article");
    assert!(loaded);
    assert_eq!(
        msgs,
        vec![
            "<case>/collection.toml:5:3: error: article `./articles/a.md` is listed twice (first at line 4)\n  hint: remove one of the entries; an article appears once in a book"
        ]
    );
}

#[test]
fn a_missing_article_names_the_path_looked_for() {
    let (_, msgs) = load("missing-article");
    assert_eq!(
        msgs,
        vec![
            "<case>/collection.toml:3:30: error: article not found: looked for <case>/articles/nowhere.md\n  hint: check the path; it is relative to the file that names it"
        ]
    );
}

#[test]
fn a_bad_trim_size_says_what_sizes_are_known() {
    let (_, msgs) = load("bad-trim");
    assert_eq!(msgs.len(), 1);
    assert!(msgs[0].starts_with(
        "<case>/collection.toml:6:8: error: `6 furlongs` is not a trim size; write \"6in x 9in\""
    ));
    assert!(msgs[0].contains("a5"));
}

#[test]
fn every_error_is_collected_not_only_the_first() {
    let (loaded, msgs) = load("several-errors");
    assert!(loaded);
    let errors: Vec<&String> = msgs.iter().filter(|m| m.contains(": error: ")).collect();
    assert_eq!(errors.len(), 3, "{msgs:?}");
    assert!(errors[0].contains("`huge` is not a trim size"));
    assert!(errors[1].contains("looked for <case>/articles/gone.md"));
    assert!(errors[2]
        .starts_with("<case>/articles/bad.md:1:17: error: footnote [^missing] is never defined"));
}

#[test]
fn a_clean_collection_with_parts_and_overrides() {
    let dir = case_dir("clean");
    let mut diags = Diagnostics::new();
    let c = folio::build::load(&dir, &mut diags).expect("loads");
    assert!(
        !diags.has_errors() && diags.warning_count() == 0,
        "{:?}",
        diags.items()
    );
    assert_eq!(c.parts.len(), 2);
    assert_eq!(c.parts[1].title.as_deref(), Some("Winds"));
    let b = &c.parts[1].articles[0];
    assert_eq!(b.language, "de");
    assert_eq!(b.doc.meta.title.as_deref(), Some("Winde"));
    let text = folio::model::plain_text(match &b.doc.blocks[0] {
        folio::Block::Paragraph { content, .. } => content,
        other => panic!("unexpected block {other:?}"),
    });
    assert_eq!(text, "Der Wind kam „spät“.");
    assert_eq!(c.date.as_deref(), Some("2026-05-01"));
}

#[test]
fn tagged_that_is_not_true_or_false_is_an_error_at_its_value() {
    let (loaded, msgs) = load("tagged-not-bool");
    assert!(!loaded);
    assert_eq!(msgs.len(), 1, "{msgs:?}");
    assert!(
        msgs[0].starts_with(
            "<case>/collection.toml:7:10: error: invalid type: string \"no\", expected a boolean"
        ),
        "{}",
        msgs[0]
    );
}

#[test]
fn the_pdf_is_tagged_unless_tagged_is_false() {
    let mut diags = Diagnostics::new();
    let off = folio::build::load(&case_dir("tagged-off"), &mut diags).expect("loads");
    assert!(!off.print.tagged);
    assert!(!folio::pdf::Setup::for_print(&off.print).tagged);
    let on = folio::build::load(&case_dir("clean"), &mut diags).expect("loads");
    assert!(on.print.tagged);
    assert!(folio::pdf::Setup::for_print(&on.print).tagged);
}
