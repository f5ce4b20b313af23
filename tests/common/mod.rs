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

/// The folder of the Node tools the screen tests drive (Ace by DAISY, puppeteer-core), with
/// their `package.json`; `npm ci` there installs them into its `node_modules`.
pub fn node_tools() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/screen")
}

/// Whether the Node package `package` is installed in [`node_tools`] (and `node` runs).
/// Missing under CI, the test fails; elsewhere it is skipped with a note saying how to
/// install it.
pub fn require_node_package(package: &str) -> bool {
    if !require_tool("node") {
        return false;
    }
    let dir = node_tools();
    if dir
        .join("node_modules")
        .join(package)
        .join("package.json")
        .is_file()
    {
        return true;
    }
    let how = format!(
        "cd {} && ELECTRON_SKIP_BINARY_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 npm ci",
        dir.display()
    );
    if std::env::var_os("CI").is_some() {
        panic!("the Node package `{package}` is not installed, and CI must run this test: {how}");
    }
    eprintln!("skipping: the Node package `{package}` is not installed ({how})");
    false
}

/// The Chromium to drive: `FOLIO_CHROMIUM`, else `chromium` on the path (Debian's package).
pub fn chromium() -> Option<std::path::PathBuf> {
    if let Some(p) = std::env::var_os("FOLIO_CHROMIUM") {
        return Some(p.into());
    }
    if !require_tool("chromium") {
        return None;
    }
    let out = Command::new("sh")
        .args(["-c", "command -v chromium"])
        .output()
        .ok()?;
    Some(String::from_utf8(out.stdout).ok()?.trim().into())
}

/// Builds the EPUB of the collection at `dir` (with its print page-list, as `folio build`
/// makes it) and returns its files and the build's diagnostics; a collection that does not
/// load or build fails the test.
pub fn epub_of(dir: &std::path::Path) -> (folio::epub::Book, folio::Diagnostics) {
    let mut diags = folio::Diagnostics::new();
    let c = folio::build::load(dir, &mut diags)
        .unwrap_or_else(|| panic!("{} does not load: {:?}", dir.display(), diags.items()));
    let book = folio::build::epub_files(&c, &mut diags)
        .unwrap_or_else(|e| panic!("{}: {e}: {:?}", dir.display(), diags.items()));
    (book, diags)
}

/// Runs `folio check` on `dir`: its exit code and its standard error.
pub fn folio_check(dir: &std::path::Path) -> (Option<i32>, String) {
    let run = Command::new(folio_bin())
        .arg("check")
        .arg(dir)
        .output()
        .expect("folio runs");
    (
        run.status.code(),
        String::from_utf8_lossy(&run.stderr).into_owned(),
    )
}

/// Builds the collection at `dir` in both formats with its offprints into a temporary
/// folder; returns the folder, the book's PDF and every offprint file (name order).
pub fn offprints_of(
    dir: &std::path::Path,
) -> (
    tempfile::TempDir,
    std::path::PathBuf,
    Vec<std::path::PathBuf>,
) {
    let out = tempfile::tempdir().unwrap();
    let req = folio::build::Request {
        formats: vec![folio::build::Format::Epub, folio::build::Format::Pdf],
        out_dir: Some(out.path().to_path_buf()),
        offprints: true,
        ..Default::default()
    };
    let mut diags = folio::Diagnostics::new();
    let built = folio::build::build(dir, &req, &mut diags)
        .unwrap_or_else(|e| panic!("{}: {e}: {:?}", dir.display(), diags.items()));
    let pdf = (built.written.iter())
        .find(|p| p.extension().is_some_and(|e| e == "pdf") && p.parent() == Some(out.path()))
        .expect("the book's PDF is written")
        .clone();
    let mut offprints: Vec<std::path::PathBuf> = (built.written.into_iter())
        .filter(|p| p.parent() != Some(out.path()))
        .collect();
    offprints.sort();
    (out, pdf, offprints)
}

/// The EPUB fixtures (every folder of `tests/fixtures/epub`), in name order.
pub fn epub_fixtures() -> Vec<std::path::PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/epub");
    let mut out: Vec<std::path::PathBuf> = std::fs::read_dir(&root)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("collection.toml").is_file())
        .collect();
    out.sort();
    // The formulas fixture, laid out for print too, holds every construct of the math the
    // EPUB writes as MathML.
    out.push(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/typeset/math"));
    out
}

/// The pandoc 3 binary: `$PANDOC`, else `pandoc` on the path, else the one the PyPI package
/// `pypandoc-binary` ships (what `.ci/run` installs). When there is none: under CI the test
/// fails; elsewhere it is skipped by returning `None`.
pub fn pandoc() -> Option<std::path::PathBuf> {
    let works = |p: &std::path::Path| {
        Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let mut candidates: Vec<std::path::PathBuf> = Vec::new();
    if let Some(p) = std::env::var_os("PANDOC") {
        candidates.push(p.into());
    }
    candidates.push("pandoc".into());
    let from_pip = Command::new("python3")
        .args(["-c", "import pypandoc; print(pypandoc.get_pandoc_path())"])
        .output();
    if let Some(o) = from_pip.ok().filter(|o| o.status.success()) {
        let path = String::from_utf8_lossy(&o.stdout).trim().to_string();
        candidates.push(path.into());
    }
    if let Some(found) = candidates.into_iter().find(|p| works(p)) {
        return Some(found);
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "pandoc is not installed, and CI must run this test; .ci/run installs pypandoc-binary"
        );
    }
    eprintln!("skipping: pandoc is not installed (under CI this test fails instead)");
    None
}

/// Copies the folder `from` into `to`, recursively, leaving out any `out` folder (a
/// collection's earlier outputs).
pub fn copy_book(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != "out" {
                copy_book(&entry.path(), &target);
            }
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
