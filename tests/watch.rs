//! `folio watch` as a user runs it: on a copy of the sample book, an edited chapter is in
//! both outputs after the rebuild; an edit with an error leaves the last good outputs as
//! they were and prints the error at its place; fixing it builds again; an article the
//! manifest gains is watched; Ctrl-C ends the process with exit code 0.

mod common;

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The longest one build may take in a test run (debug build, shared machine).
const BUILD_TIMEOUT: Duration = Duration::from_secs(120);

/// A running `folio watch` with the lines it printed; killed when dropped, so that a
/// failing test leaves no process behind.
struct Watch {
    child: Child,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Watch {
    fn start(book: &Path) -> Watch {
        let mut child = Command::new(common::folio_bin())
            .arg("watch")
            .arg(book)
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("folio runs");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&lines);
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        Watch { child, lines }
    }

    fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }

    /// Waits until the process has printed `n` lines that end a build (built or not).
    fn wait_builds(&self, n: usize) -> Vec<String> {
        let started = Instant::now();
        loop {
            let lines = self.lines();
            if lines.iter().filter(|l| ends_build(l)).count() >= n {
                return lines;
            }
            assert!(
                started.elapsed() < BUILD_TIMEOUT,
                "no build {n} within {BUILD_TIMEOUT:?}; printed:\n{}",
                lines.join("\n")
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends Ctrl-C and gives the exit status.
    fn interrupt(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
        assert!(sent.success());
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "folio watch did not stop on Ctrl-C"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether `line` is the one a build ends with.
fn ends_build(line: &str) -> bool {
    line.contains("built in ") || line.contains("the last good outputs stay")
}

/// The PDF's text, as `pdftotext` extracts it.
fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The text of every file in the EPUB.
fn epub_text(epub: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        all.push_str(&String::from_utf8_lossy(&bytes));
    }
    all
}

/// Rewrites `path` with `edit` applied to its text. Sleeps a little first, so that
/// the edit is a change of its own and not part of the burst before it.
fn edit(path: &Path, edit: impl FnOnce(String) -> String) {
    std::thread::sleep(Duration::from_millis(100));
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, edit(text)).unwrap();
}

struct Book {
    _dir: tempfile::TempDir,
    root: PathBuf,
    chapter: PathBuf,
    pdf: PathBuf,
    epub: PathBuf,
}

fn sample_book() -> Book {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("book");
    common::copy_book(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("books/sample-book"),
        &root,
    );
    Book {
        chapter: root.join("chapters/02-editing.md"),
        pdf: root.join("out/book.pdf"),
        epub: root.join("out/book.epub"),
        root,
        _dir: dir,
    }
}

#[test]
fn an_edit_is_rebuilt_an_error_keeps_the_last_outputs_and_a_fix_rebuilds() {
    if !common::require_tool("pdftotext") {
        return;
    }
    let book = sample_book();
    let watch = Watch::start(&book.root);
    let first = watch.wait_builds(1);
    assert!(first.iter().any(|l| l.contains("built in ")), "{first:?}");

    edit(&book.chapter, |t| {
        t + "\nA quokka edited this sentence into the chapter.\n"
    });
    let lines = watch.wait_builds(2);
    let last = lines.iter().rev().find(|l| ends_build(l)).unwrap();
    assert!(
        last.starts_with("02-editing.md changed: built in "),
        "{lines:?}"
    );
    assert!(pdf_text(&book.pdf).contains("quokka edited"));
    assert!(epub_text(&book.epub).contains("quokka edited"));

    let (pdf, epub) = (
        std::fs::read(&book.pdf).unwrap(),
        std::fs::read(&book.epub).unwrap(),
    );
    edit(&book.chapter, |t| {
        t + "\nA note that is never defined.[^undefined-note]\n"
    });
    let lines = watch.wait_builds(3);
    let located = format!("{}:", book.chapter.display());
    assert!(
        lines.iter().any(|l| l.starts_with(&located)
            && l.contains(": error: footnote [^undefined-note] is never defined")),
        "the error is printed at its place: {lines:?}"
    );
    assert!(lines.last().unwrap().contains("the last good outputs stay"));
    assert_eq!(
        std::fs::read(&book.pdf).unwrap(),
        pdf,
        "the PDF is left as it was"
    );
    assert_eq!(
        std::fs::read(&book.epub).unwrap(),
        epub,
        "the EPUB is left as it was"
    );

    edit(&book.chapter, |t| {
        t.replace("[^undefined-note]", " Fixed by a wombat.")
    });
    watch.wait_builds(4);
    assert!(pdf_text(&book.pdf).contains("Fixed by a wombat."));
    assert!(epub_text(&book.epub).contains("Fixed by a wombat."));

    let status = watch.interrupt();
    assert_eq!(status.code(), Some(0), "Ctrl-C ends watch with exit code 0");
}

#[test]
fn an_article_the_manifest_gains_is_watched() {
    let book = sample_book();
    let watch = Watch::start(&book.root);
    watch.wait_builds(1);
    let new = book.root.join("chapters/07-new.md");
    std::fs::write(&new, "# A New Chapter\n\nFirst words of the new chapter.\n").unwrap();
    let manifest = book.root.join("collection.toml");
    edit(&manifest, |t| {
        t.replace(
            "\"chapters/06-after-publication.md\",",
            "\"chapters/06-after-publication.md\",\n  \"chapters/07-new.md\",",
        )
    });
    watch.wait_builds(2);
    assert!(epub_text(&book.epub).contains("First words of the new chapter."));
    edit(&new, |t| t.replace("First words", "Second thoughts"));
    let lines = watch.wait_builds(3);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("07-new.md changed: built in ")),
        "{lines:?}"
    );
    assert!(epub_text(&book.epub).contains("Second thoughts of the new chapter."));
    assert_eq!(watch.interrupt().code(), Some(0));
}
