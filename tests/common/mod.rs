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

/// The one variable that rewrites golden files instead of comparing with them:
/// `FOLIO_BLESS=1 cargo test` (then read the diff before committing it).
pub const BLESS: &str = "FOLIO_BLESS";

/// Compares `got` with the golden file at `expected`, or rewrites the file when [`BLESS`] is
/// set. A difference is reported at its first differing line.
pub fn golden(expected: &std::path::Path, got: &str) {
    if std::env::var_os(BLESS).is_some() {
        std::fs::create_dir_all(expected.parent().expect("a folder")).unwrap();
        std::fs::write(expected, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(expected)
        .unwrap_or_else(|e| panic!("{}: {e}; run with {BLESS}=1", expected.display()));
    if got != want {
        let line = got
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(got.lines().count().min(want.lines().count()));
        panic!(
            "{} differs at line {}:\n got: {:?}\nwant: {:?}\n(run with {BLESS}=1 to accept)",
            expected.display(),
            line + 1,
            got.lines().nth(line),
            want.lines().nth(line)
        );
    }
}
