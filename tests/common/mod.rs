//! Helpers shared by integration tests: external tools that must be present under CI.
#![allow(dead_code)]

use std::process::Command;

/// Whether `tool` can be run. When it cannot: under CI (`CI` set) the test fails, because
/// CI installs every tool the tests need; elsewhere the test prints why and is skipped by
/// returning `false`.
pub fn require_tool(tool: &str) -> bool {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if found {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("`{tool}` is not installed, and CI must run this test; .ci/run installs it");
    }
    eprintln!("skipping: `{tool}` is not installed (under CI this test fails instead)");
    false
}

/// The path of the `folio` binary built for the tests.
pub fn folio_bin() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_BIN_EXE_folio"))
}

/// The sample books' manifests (every `books/*/collection.toml`, or those below the folder
/// named by `FOLIO_BOOKS_DIR`), in name order.
pub fn sample_books() -> Vec<std::path::PathBuf> {
    let root = std::env::var_os("FOLIO_BOOKS_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("books"));
    let mut out: Vec<std::path::PathBuf> = std::fs::read_dir(&root)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("collection.toml"))
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}
