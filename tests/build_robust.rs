//! What a build promises whatever the input: exit 0 means both files are complete and the
//! EPUB passes epubcheck; a bad manifest is a located error and nothing is written; a failed
//! build leaves the files of an earlier one untouched.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ARTICLE: &str = "---\ntitle: Harbour Notes\nauthors: [Ona Reyes]\n---\n\nThe tide came in twice that day.[^1]\n\n[^1]: A note that must reach both outputs.\n";

/// A collection folder with one article and `manifest` as its collection.toml.
fn collection(manifest: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("articles")).unwrap();
    std::fs::write(dir.path().join("articles/a.md"), ARTICLE).unwrap();
    std::fs::write(dir.path().join("collection.toml"), manifest).unwrap();
    dir
}

fn folio(args: &[&str]) -> Output {
    Command::new(common::folio_bin())
        .args(args)
        .output()
        .expect("folio runs")
}

fn build(dir: &Path) -> Output {
    folio(&["build", &dir.display().to_string()])
}

fn outputs(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir.join("out"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    v.sort();
    v
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Manifests that used to build an invalid EPUB at exit 0, each with the place and words of
/// the error it must now give.
const INVALID: &[(&str, &str, &str)] = &[
    (
        "title = \"\"\narticles = [\"articles/a.md\"]\n",
        "collection.toml:1:9: error: `title` is empty",
        "empty title",
    ),
    (
        "title = \"   \"\narticles = [\"articles/a.md\"]\n",
        "collection.toml:1:9: error: `title` is empty",
        "blank title",
    ),
    (
        "title = \"T\"\neditors = [\"Ona\", \" \"]\narticles = [\"articles/a.md\"]\n",
        "collection.toml:2:19: error: `editors` is empty",
        "blank editor",
    ),
    (
        "title = \"T\"\nidentifier = \"\"\narticles = [\"articles/a.md\"]\n",
        "collection.toml:2:14: error: `identifier` is empty",
        "empty identifier",
    ),
    (
        "title = \"T\"\nlanguage = \"\"\narticles = [\"articles/a.md\"]\n",
        "collection.toml:2:12: error: the language is empty",
        "empty language",
    ),
    (
        "title = \"T\"\nlanguage = \"english please\"\narticles = [\"articles/a.md\"]\n",
        "collection.toml:2:12: error: `english please` is not a BCP 47 language tag",
        "bad language",
    ),
    (
        "title = \"T\"\narticles = []\n",
        "collection.toml:2:12: error: `articles` is empty",
        "no articles",
    ),
    (
        "title = \"T\"\n[[parts]]\ntitle = \"\"\narticles = [\"articles/a.md\"]\n",
        "collection.toml:3:9: error: `title` is empty",
        "empty part title",
    ),
    (
        "title = \"T\"\narticles = [{ path = \"articles/a.md\", lang = \"ru_RU\" }]\n",
        "collection.toml:2:46: error: `ru_RU` is not a BCP 47 language tag",
        "bad article language",
    ),
    (
        "title = \"T\"\narticles = [{ path = \"articles/a.md\", authors = [\"\"] }]\n",
        "collection.toml:2:50: error: an author's name is empty",
        "blank author",
    ),
    (
        "title = \"T\"\narticles = [\"articles/a.md\"]\n[print]\ntrim = \"2in x 3in\"\nfont-size = 24\n",
        "collection.toml:4:8: error: the text block is",
        "2in trim at 24pt",
    ),
    (
        "title = \"T\"\narticles = [\"articles/a.md\"]\n[print]\nmargin-top = \"4.5in\"\nmargin-bottom = \"4.4in\"\n",
        "collection.toml:4:14: error: the text block is",
        "margins taller than the page",
    ),
    (
        "title = \"T\"\narticles = [\"articles/a.md\"]\n[print]\ntrim = \"1000in x 1000in\"\n",
        "larger than any book printer takes",
        "1000in trim",
    ),
    (
        "title = \"T\"\narticles = [\"articles/a.md\"]\n[print]\nbleed = \"100in\"\n",
        "collection.toml:4:9: error: a bleed of 100.000in is more than 1in",
        "100in bleed",
    ),
    (
        "title = \"T\"\narticles = [\"articles/a.md\"]\n[print]\nfont-size = 40\n",
        "collection.toml:4:13: error: font-size 40 is outside 6–24 pt",
        "font size without a line",
    ),
    (
        "title = \"T\"\ndate = 2026-11-01\narticles = [\"articles/a.md\"]\n",
        "hint: write the date in quotes: \"2026-11-01\"",
        "unquoted TOML date",
    ),
    (
        "title = \"T\"\narticles = [\"../secret.md\"]\n",
        "is outside the collection's folder",
        "article outside the folder",
    ),
    (
        "title = \"T\"\narticles = [\"/etc/passwd\"]\n",
        "is outside the collection's folder",
        "absolute article path",
    ),
];

#[test]
fn an_invalid_manifest_is_a_located_error_and_nothing_is_written() {
    for (manifest, expected, case) in INVALID {
        let dir = collection(manifest);
        std::fs::write(dir.path().parent().unwrap().join("secret.md"), ARTICLE).ok();
        let out = build(dir.path());
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{case}: {err}");
        assert!(
            err.contains(expected),
            "{case}: wanted {expected:?} in\n{err}"
        );
        assert!(
            outputs(dir.path()).is_empty(),
            "{case}: something was written"
        );
        let check = folio(&["check", &dir.path().display().to_string()]);
        assert_eq!(check.status.code(), Some(1), "{case}: check must fail too");
    }
}

#[test]
fn a_symlink_out_of_the_folder_is_refused_and_root_widens_the_folder() {
    let outer = tempfile::tempdir().unwrap();
    let book = outer.path().join("book");
    std::fs::create_dir_all(book.join("articles")).unwrap();
    std::fs::write(outer.path().join("shared.md"), ARTICLE).unwrap();
    std::os::unix::fs::symlink(outer.path().join("shared.md"), book.join("articles/a.md")).unwrap();
    std::fs::write(
        book.join("collection.toml"),
        "title = \"T\"\narticles = [\"articles/a.md\"]\n",
    )
    .unwrap();
    let out = build(&book);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("collection.toml:2:13: error: article"));
    let root = outer.path().display().to_string();
    let out = folio(&["build", &book.display().to_string(), "--root", &root]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_failed_build_leaves_the_earlier_files_untouched() {
    let dir =
        collection("title = \"T\"\nauthors = [\"Ona Reyes\"]\narticles = [\"articles/a.md\"]\n");
    let out = build(dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let before: Vec<(PathBuf, Vec<u8>)> = outputs(dir.path())
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    assert_eq!(before.len(), 2, "an EPUB and a PDF");
    // An undefined note is an error in the article: neither format may be replaced.
    std::fs::write(
        dir.path().join("articles/a.md"),
        "---\ntitle: Harbour Notes\n---\n\nChanged text.[^2]\n",
    )
    .unwrap();
    let out = build(dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let after: Vec<(PathBuf, Vec<u8>)> = outputs(dir.path())
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    assert!(
        before == after,
        "the earlier EPUB and PDF must be untouched"
    );
    // Errors first, then one summary line, and each error once.
    let lines: Vec<&str> = err.lines().collect();
    assert!(
        lines.last().unwrap().ends_with("not built: 1 error(s)"),
        "{err}"
    );
    assert_eq!(err.matches("error: footnote").count(), 1, "{err}");
}

#[test]
fn a_repeated_format_is_built_once() {
    let dir =
        collection("title = \"T\"\nauthors = [\"Ona Reyes\"]\narticles = [\"articles/a.md\"]\n");
    let out = folio(&[
        "build",
        &dir.path().display().to_string(),
        "--format",
        "pdf,epub,pdf",
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(err.matches("wrote ").count(), 2, "{err}");
}

/// The shipped serif regular with its PostScript name record renamed away, as some fonts
/// come: the PDF must then name it from its bytes, not from where it was found.
fn font_without_postscript_name() -> Vec<u8> {
    let mut bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/noto-serif/NotoSerif-Regular.ttf"),
    )
    .unwrap();
    let u16_at = |b: &[u8], i: usize| u16::from_be_bytes([b[i], b[i + 1]]) as usize;
    let u32_at = |b: &[u8], i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    let tables = u16_at(&bytes, 4);
    let name = (0..tables)
        .map(|k| 12 + 16 * k)
        .find(|&r| &bytes[r..r + 4] == b"name")
        .map(|r| u32_at(&bytes, r + 8) as usize)
        .expect("a name table");
    let count = u16_at(&bytes, name + 2);
    for k in 0..count {
        let id = name + 6 + 12 * k + 6;
        if u16_at(&bytes, id) == 6 {
            bytes[id..id + 2].copy_from_slice(&256u16.to_be_bytes());
        }
    }
    bytes
}

fn with_font(dir: &Path, font: &[u8]) {
    std::fs::create_dir_all(dir.join("articles")).unwrap();
    std::fs::create_dir_all(dir.join("fonts")).unwrap();
    std::fs::write(dir.join("articles/a.md"), ARTICLE).unwrap();
    std::fs::write(dir.join("fonts/body.ttf"), font).unwrap();
    std::fs::write(
        dir.join("collection.toml"),
        "title = \"T\"\nauthors = [\"Ona Reyes\"]\ndate = \"2026-11-01\"\narticles = [\"articles/a.md\"]\n\n[print]\nfont-regular = \"fonts/body.ttf\"\n",
    )
    .unwrap();
}

#[test]
fn a_damaged_font_is_an_error_at_its_manifest_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut font = font_without_postscript_name();
    font.truncate(font.len() * 2 / 3);
    with_font(dir.path(), &font);
    let out = build(dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("collection.toml:7:16: error: the font"),
        "{err}"
    );
    assert!(err.contains("is cut short"), "{err}");
    assert!(outputs(dir.path()).is_empty());
}

#[test]
fn the_same_book_gives_the_same_pdf_from_two_folders() {
    let font = font_without_postscript_name();
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let pdfs: Vec<Vec<u8>> = [a.path(), b.path()]
        .iter()
        .map(|parent| {
            let dir = parent.join("book");
            with_font(&dir, &font);
            let out = build(&dir);
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
            std::fs::read(dir.join("out/book.pdf")).unwrap()
        })
        .collect();
    assert!(
        pdfs[0] == pdfs[1],
        "the PDF depends on the folder it was built in"
    );
}
