//! The `folio` binary: `check` exit codes and complete error lists, `inspect --json` keys,
//! and `new` producing a collection that checks clean.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn folio(args: &[&str]) -> Output {
    Command::new(common::folio_bin())
        .args(args)
        .output()
        .expect("folio runs")
}

fn fixture(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
        .display()
        .to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn check_exits_0_on_a_clean_collection() {
    let out = folio(&["check", &fixture("manifest/clean")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("2 article(s), 0 error(s), 0 warning(s)"));
}

#[test]
fn check_exits_1_and_prints_every_error() {
    let out = folio(&["check", &fixture("manifest/several-errors")]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.matches(": error: ").count(), 3, "{err}");
    assert!(err.contains("is not a trim size"));
    assert!(err.contains("articles/gone.md"));
    assert!(err.contains("bad.md:1:17: error: footnote [^missing] is never defined"));
}

#[test]
fn check_exits_1_when_the_manifest_is_unusable() {
    let out = folio(&["check", &fixture("manifest/misspelt-key")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("did you mean `language`?"));
    let out = folio(&["check", "/nonexistent/folder"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("cannot read manifest"));
}

#[test]
fn quiet_hides_warnings_and_verbose_shows_inferred_fields() {
    let dir = tempfile::tempdir().unwrap();
    let article = fixture("infer/issue-example/input.md");
    std::fs::create_dir(dir.path().join("articles")).unwrap();
    std::fs::copy(&article, dir.path().join("articles/a.md")).unwrap();
    std::fs::write(
        dir.path().join("collection.toml"),
        "title = \"Notes\"\neditors = [\"Ona Reyes\"]\narticles = [\"articles/a.md\", \"articles/a.md\"]\n",
    )
    .unwrap();
    let path = dir.path().display().to_string();
    let verbose = stderr(&folio(&["-v", "check", &path]));
    assert!(verbose.contains("note: inferred kicker `ANALYSIS` from the leading heading"));
    assert!(verbose.contains("kicker:     ANALYSIS"));
    let normal = stderr(&folio(&["check", &path]));
    assert!(!normal.contains("note:"));
    assert!(normal.contains("listed twice"));
    std::fs::write(
        dir.path().join("articles/b.md"),
        "Text.\n\n[^spare]: Unused.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("collection.toml"),
        "title = \"Notes\"\neditors = [\"Ona Reyes\"]\narticles = [\"articles/b.md\"]\n",
    )
    .unwrap();
    let normal = folio(&["check", &path]);
    assert!(stderr(&normal).contains(": warning: footnote [^spare]"));
    assert_eq!(
        normal.status.code(),
        Some(0),
        "warnings alone do not fail a check"
    );
    let quiet = folio(&["-q", "check", &path]);
    assert_eq!(stderr(&quiet), "");
}

#[test]
fn inspect_json_has_readable_metadata_keys() {
    let out = folio(&["inspect", "--json", &fixture("infer/two-authors/input.md")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["title"], "Ferries, Fares and the Fairness Problem");
    assert_eq!(v["kicker"], "COMMENTARY");
    assert_eq!(v["date"], "2024-03-02");
    assert_eq!(v["language"], "en");
    assert_eq!(v["authors"][0]["name"], "Mirela Ostrova");
    assert_eq!(
        v["authors"][1]["affiliation"],
        "Visiting Scholar, Institute for Coastal Studies"
    );
    assert_eq!(v["source"]["name"], "The Harbour Quarterly");
    assert!(v["source"]["url"].is_null());
    assert!(v["outline"].as_array().is_some_and(|o| o.len() == 2));
}

#[test]
fn inspect_text_shows_inferred_metadata_and_exits_1_on_errors() {
    let out = folio(&["inspect", &fixture("infer/issue-example/input.md")]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("kicker:     ANALYSIS"));
    assert!(text.contains("author:     Jane Q. Author (Senior Fellow, Example Institute)"));
    assert!(text.contains("source:     The Example Review <https://example.org/a>"));
    let out = folio(&["inspect", "/nonexistent/article.md"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("/nonexistent/article.md: error: article not found"));
}

#[test]
fn new_then_check_is_clean() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("my-book");
    let book = book.display().to_string();
    let out = folio(&["new", &book]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = folio(&["check", &book]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("1 article(s), 0 error(s), 0 warning(s)"),
        "{err}"
    );
    assert!(
        !err.contains(": warning:") && !err.contains(": error:"),
        "{err}"
    );
    let again = folio(&["new", &book]);
    assert_ne!(again.status.code(), Some(0));
    assert!(stderr(&again).contains("a collection already exists here"));
}

#[test]
fn help_lists_exit_codes() {
    let out = folio(&["--help"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Exit codes:") && text.contains("1  the input has errors"));
}

/// The EPUB's page-list comes from the print layout: built alone or beside the PDF, the
/// EPUB is the same file.
#[test]
fn epub_alone_equals_epub_built_with_the_pdf() {
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/books/sample-anthology");
    let alone = tempfile::tempdir().unwrap();
    let both = tempfile::tempdir().unwrap();
    let a = alone.path().to_str().unwrap();
    let b = both.path().to_str().unwrap();
    let o = folio(&["build", manifest, "--format", "epub", "--out", a, "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = folio(&["build", manifest, "--out", b, "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let epub =
        |d: &tempfile::TempDir| std::fs::read(d.path().join("sample-anthology.epub")).unwrap();
    let (x, y) = (epub(&alone), epub(&both));
    assert!(
        x.len() > 1000 && x == y,
        "the EPUB differs when the PDF is built too"
    );
    assert!(!alone.path().join("sample-anthology.pdf").exists());
}

/// `folio build --offprints` writes each chapter's offprint in the formats asked for (here
/// the PDF alone), in a folder beside the book, and says so; without it there is none.
#[test]
fn build_offprints_writes_one_file_per_article_in_each_format_asked() {
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/books/sample-book");
    let pdf_only = tempfile::tempdir().unwrap();
    let p = pdf_only.path().to_str().unwrap();
    let o = folio(&[
        "build",
        manifest,
        "--format",
        "pdf",
        "--offprints",
        "--out",
        p,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let dir = pdf_only.path().join("sample-book-offprints");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 3, "{names:?}");
    assert!(names.iter().all(|n| n.ends_with(".pdf")), "{names:?}");
    assert!(names[0].starts_with("01-"), "{names:?}");
    assert!(
        stderr(&o).contains(&format!("wrote {}", dir.join(&names[0]).display())),
        "{}",
        stderr(&o)
    );
    let without = tempfile::tempdir().unwrap();
    let w = without.path().to_str().unwrap();
    let o = folio(&["build", manifest, "--format", "pdf", "--out", w, "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!without.path().join("sample-book-offprints").exists());
}
