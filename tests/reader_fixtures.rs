//! Golden tests for the markdown reader: every folder under `tests/fixtures/reader/` holds an
//! `input.md` and an `expected.json` dump of the model (metadata, blocks, references and the
//! diagnostics). `FOLIO_BLESS=1 cargo test --test reader_fixtures` rewrites the expected
//! files; review every change by eye before committing it.

mod common;

use std::path::{Path, PathBuf};

use folio::diag::Diagnostics;
use folio::model::{Block, Meta, Reference};
use serde::Serialize;

/// The stable part of a document, as stored in `expected.json`.
#[derive(Serialize)]
struct Dump<'a> {
    meta: &'a Meta,
    blocks: &'a [Block],
    references: &'a [Reference],
    diagnostics: Vec<String>,
}

/// Reads `input.md` as the reader and passes would in a book, and dumps the result.
fn dump(dir: &Path) -> String {
    let text = std::fs::read_to_string(dir.join("input.md")).expect("fixture input");
    let mut diags = Diagnostics::new();
    let doc = folio::markdown::read_str(&text, Path::new("input.md"), &mut diags);
    let language = doc.meta.language.clone().unwrap_or_else(|| "en".into());
    let doc = folio::passes::run_all(doc, &folio::passes::Context::alone(&language), &mut diags);
    let dump = Dump {
        meta: &doc.meta,
        blocks: &doc.blocks,
        references: &doc.references,
        diagnostics: diags.items().iter().map(|d| d.to_string()).collect(),
    };
    serde_json::to_string_pretty(&dump).expect("serialisable") + "\n"
}

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reader");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
        .expect("fixture folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("input.md").is_file())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn reader_fixtures_match_their_expected_model() {
    let bless = std::env::var_os(common::BLESS).is_some();
    let cases = cases();
    assert!(cases.len() >= 15, "fixture cases are missing");
    let mut failed = Vec::new();
    for dir in cases {
        let got = dump(&dir);
        let expected_path = dir.join("expected.json");
        if bless {
            std::fs::write(&expected_path, &got).expect("write expected.json");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if got != expected {
            eprintln!("--- {} differs; got:\n{got}", dir.display());
            failed.push(dir.display().to_string());
        }
    }
    assert!(failed.is_empty(), "fixtures differ: {failed:?}");
}
