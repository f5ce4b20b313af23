//! The same collection gives byte-identical EPUB files: fixed zip times (the manifest's date,
//! or `SOURCE_DATE_EPOCH`), `mimetype` first and stored, nothing from the clock or the path.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};

use folio::Diagnostics;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/epub")
        .join(name)
}

fn build(dir: &Path) -> Vec<u8> {
    let mut diags = Diagnostics::new();
    let c = folio::build::load(dir, &mut diags).expect("fixture loads");
    folio::build::epub_files(&c, &mut diags)
        .and_then(|b| b.zip())
        .expect("fixture builds")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

#[test]
fn same_collection_gives_identical_bytes_wherever_it_lives() {
    for name in ["blocks", "anthology"] {
        let first = build(&fixture(name));
        let second = build(&fixture(name));
        assert!(first == second, "{name}: two builds differ");
        let tmp = tempfile::tempdir().unwrap();
        copy_dir(&fixture(name), &tmp.path().join("copy"));
        let moved = build(&tmp.path().join("copy"));
        assert!(
            first == moved,
            "{name}: the book's folder leaks into the EPUB"
        );
    }
}

#[test]
fn mimetype_is_first_and_stored_and_every_entry_has_the_manifest_date() {
    let bytes = build(&fixture("anthology"));
    assert_eq!(
        &bytes[30..38],
        b"mimetype",
        "first local header names mimetype"
    );
    assert_eq!(&bytes[28..30], &[0, 0], "mimetype has no extra field");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    {
        let mut first = zip.by_index(0).unwrap();
        assert_eq!(first.name(), "mimetype");
        assert_eq!(first.compression(), zip::CompressionMethod::Stored);
        let mut s = String::new();
        first.read_to_string(&mut s).unwrap();
        assert_eq!(s, "application/epub+zip");
    }
    for i in 0..zip.len() {
        let f = zip.by_index(i).unwrap();
        let t = f.last_modified().expect("a time");
        assert_eq!(
            (t.year(), t.month(), t.day(), t.hour(), t.minute()),
            (2026, 6, 1, 0, 0),
            "{}",
            f.name()
        );
    }
}

#[test]
fn source_date_epoch_sets_the_modified_date_and_zip_times() {
    let tmp = tempfile::tempdir().unwrap();
    let run = |out: &Path| {
        let status = std::process::Command::new(common::folio_bin())
            .args(["build", "--format", "epub", "--quiet", "--out"])
            .arg(out)
            .arg(fixture("blocks"))
            // 2030-01-02T03:04:06Z (zip times have two-second steps).
            .env("SOURCE_DATE_EPOCH", "1893553446")
            .status()
            .unwrap();
        assert!(status.success());
        std::fs::read(out.join("blocks.epub")).unwrap()
    };
    let a = run(&tmp.path().join("a"));
    let b = run(&tmp.path().join("b"));
    assert!(a == b, "builds with the same SOURCE_DATE_EPOCH differ");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(a)).unwrap();
    let t = zip.by_index(1).unwrap().last_modified().unwrap();
    assert_eq!(
        (
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        ),
        (2030, 1, 2, 3, 4, 6)
    );
    let mut opf = String::new();
    zip.by_name("OEBPS/content.opf")
        .unwrap()
        .read_to_string(&mut opf)
        .unwrap();
    assert!(opf.contains("<meta property=\"dcterms:modified\">2030-01-02T03:04:06Z</meta>"));
}
