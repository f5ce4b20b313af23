//! Ace by DAISY, the accessibility checker publishers use, finds nothing to report in any
//! EPUB Folio writes: every sample book and every EPUB fixture gets 0 violations of any
//! impact, and the package's conformance claim is there for Ace to read.
//!
//! Ace 1.4.6 runs as `ace-puppeteer` from `tests/screen/node_modules` (installed by
//! `.ci/run` with `npm ci`) with Debian's chromium; its reports are kept in
//! `target/tmp/ace/`. Under CI a missing Ace or chromium fails the test.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// One violation Ace reported: impact, rule, document.
#[derive(Debug)]
struct Violation {
    impact: String,
    rule: String,
    document: String,
}

/// What Ace said of one EPUB.
struct Report {
    violations: Vec<Violation>,
    /// Accessibility metadata Ace looked for and did not find.
    missing_metadata: Vec<String>,
}

/// Runs Ace on `epub`, keeping its report in `out`.
fn ace(epub: &Path, out: &Path, chromium: &Path) -> Report {
    let bin = common::node_tools().join("node_modules/.bin/ace-puppeteer");
    let run = Command::new(&bin)
        .env("PUPPETEER_EXECUTABLE_PATH", chromium)
        .arg("-f")
        .arg("-o")
        .arg(out)
        .arg(epub)
        .output()
        .unwrap_or_else(|e| panic!("{} does not run: {e}", bin.display()));
    let report = out.join("report.json");
    let text = std::fs::read_to_string(&report).unwrap_or_else(|e| {
        panic!(
            "Ace wrote no report ({e}); exit {:?}, stderr:\n{}",
            run.status.code(),
            String::from_utf8_lossy(&run.stderr)
        )
    });
    let json: Value = serde_json::from_str(&text).expect("Ace's report is JSON");
    let mut violations = Vec::new();
    for doc in json["assertions"].as_array().into_iter().flatten() {
        let document = doc["earl:testSubject"]["url"].as_str().unwrap_or("?");
        for a in doc["assertions"].as_array().into_iter().flatten() {
            if a["earl:result"]["earl:outcome"] != "pass" {
                violations.push(Violation {
                    impact: a["earl:test"]["earl:impact"].as_str().unwrap_or("?").into(),
                    rule: a["earl:test"]["dct:title"].as_str().unwrap_or("?").into(),
                    document: document.to_string(),
                });
            }
        }
    }
    let missing_metadata = json["a11y-metadata"]["missing"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    Report {
        violations,
        missing_metadata,
    }
}

#[test]
fn ace_finds_no_violations_in_any_sample_book_or_fixture() {
    if !common::require_node_package("@daisy/ace") {
        return;
    }
    let Some(chromium) = common::chromium() else {
        return;
    };
    let mut collections: Vec<PathBuf> = (common::sample_books().iter())
        .filter_map(|m| m.parent().map(Path::to_path_buf))
        .collect();
    collections.extend(common::epub_fixtures());
    // Figures with captions, source lines and references, in two languages.
    collections.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/typeset/figures"));
    assert!(collections.len() >= 4, "sample books and fixtures found");
    let reports = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ace");
    let tmp = tempfile::tempdir().unwrap();
    let mut epubs: Vec<(String, PathBuf)> = Vec::new();
    for dir in &collections {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let (book, _) = common::epub_of(dir);
        let epub = tmp.path().join(format!("{name}.epub"));
        std::fs::write(&epub, book.zip().expect("the EPUB zips")).unwrap();
        epubs.push((name, epub));
    }
    // Two offprints of the anthology: one with two authors, and the Russian article.
    let anthology = Path::new(env!("CARGO_MANIFEST_DIR")).join("books/sample-anthology");
    let (_offprints, _, files) = common::offprints_of(&anthology);
    for prefix in ["03-", "05-"] {
        let epub = (files.iter())
            .find(|p| {
                let n = p.file_name().unwrap().to_string_lossy();
                n.starts_with(prefix) && n.ends_with(".epub")
            })
            .expect("the offprint EPUB is written");
        let name = epub.file_stem().unwrap().to_string_lossy().into_owned();
        epubs.push((format!("offprint {name}"), epub.clone()));
    }
    let mut failures = Vec::new();
    for (name, epub) in &epubs {
        let report = ace(epub, &reports.join(name.replace(' ', "-")), &chromium);
        eprintln!(
            "{name}: Ace reports {} violation(s); metadata missing: {:?}",
            report.violations.len(),
            report.missing_metadata
        );
        for v in &report.violations {
            failures.push(format!("{name}: {} {} in {}", v.impact, v.rule, v.document));
        }
        let opf = opf_of(epub);
        if opf.contains("dcterms:conformsTo")
            && (report.missing_metadata.iter()).any(|m| m == "dcterms:conformsTo")
        {
            failures.push(format!("{name}: Ace did not find the conformance claim"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The package document of the EPUB file `epub`.
fn opf_of(epub: &Path) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name("OEBPS/content.opf")
        .expect("the package document")
        .read_to_string(&mut s)
        .unwrap();
    s
}
