//! A book's PDF written as it is laid out (a build, which keeps no frames, hands the body's
//! pages to the PDF as they are finished) is the same file as the PDF written once every
//! page is laid out ([`build::render`], which keeps them): with whole fonts and subset ones,
//! tagged and not, for a book whose front matter (set after the body) and formulas (a CFF
//! font, whose codes are given in the order glyphs are first used) use glyphs the body
//! does not.

mod common;

use std::path::Path;

use folio::build::{self, Format, Profile, Request};
use folio::diag::Diagnostics;

/// A copy of `book` under `dir` with `edit` applied to its manifest.
fn copy(book: &str, dir: &Path, edit: impl Fn(String) -> String) -> std::path::PathBuf {
    let root = dir.join(book);
    common::copy_book(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("books")
            .join(book),
        &root,
    );
    let manifest = root.join("collection.toml");
    let m = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, edit(m)).unwrap();
    manifest
}

/// The PDF of `manifest` built (streamed) and rendered with its frames kept, and how many
/// pages the build wrote as it laid the book out.
fn streamed_and_kept(manifest: &Path, out: &Path) -> (Vec<u8>, Vec<u8>, usize) {
    let request = Request {
        formats: vec![Format::Pdf],
        out_dir: Some(out.to_path_buf()),
        ..Request::default()
    };
    let mut diags = Diagnostics::new();
    let built = build::build(manifest, &request, &mut diags).expect("the book builds");
    let pdf = built
        .written
        .iter()
        .find(|p| p.extension().unwrap() == "pdf");
    let streamed = std::fs::read(pdf.expect("a PDF written")).unwrap();
    let c = build::load(manifest, &mut diags).expect("the book loads");
    let plan = build::plan(&c, &request);
    let mut profile = Profile::default();
    let rendered = build::render(&c, &plan, &mut profile, &mut diags).expect("it renders");
    assert_eq!(
        profile.pdf_streamed, 0,
        "a render that keeps frames streams none"
    );
    let (_, kept) = (rendered.files.into_iter())
        .find(|(p, _)| p.extension().unwrap() == "pdf")
        .expect("a PDF rendered");
    (streamed, kept, built.profile.pdf_streamed)
}

/// Checks that `book`, its manifest edited by `edit`, builds to the same PDF streamed and
/// kept; gives how many pages were written as it was laid out.
fn pages_streamed_alike(book: &str, edit: impl Fn(String) -> String) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let manifest = copy(book, dir.path(), edit);
    let (streamed, kept, pages) = streamed_and_kept(&manifest, &dir.path().join("out"));
    assert!(
        streamed == kept,
        "{book}: the PDF written as laid out ({} bytes) differs from the one written after \
         ({} bytes)",
        streamed.len(),
        kept.len()
    );
    pages
}

fn same_file_either_way(book: &str, edit: impl Fn(String) -> String) {
    let pages = pages_streamed_alike(book, edit);
    assert!(
        pages > 10,
        "{book}: only {pages} pages written as the book was laid out"
    );
}

#[test]
fn the_anthology_streamed_is_the_anthology_written_whole() {
    same_file_either_way("sample-anthology", |m| m);
}

#[test]
fn so_it_is_with_subset_fonts_and_drawn_links() {
    same_file_either_way("sample-anthology", |m| {
        m.replace("preset = \"kdp\"", "preset = \"screen\"")
    });
}

#[test]
fn so_it_is_untagged() {
    same_file_either_way("sample-anthology", |m| {
        m.replace("preset = \"kdp\"", "preset = \"kdp\"\ntagged = false")
    });
}

#[test]
fn so_it_is_for_the_sample_book() {
    same_file_either_way("sample-book", |m| {
        m.replace("preset = \"kdp\"", "preset = \"screen\"")
    });
}

#[test]
fn so_it_is_for_ingramspark_padded_and_grey() {
    same_file_either_way("sample-anthology", |m| {
        m.replace("preset = \"kdp\"", "preset = \"ingram\"")
    });
}

/// A proof (marks on every page) is written once the book is laid out: nothing streams,
/// and the build still makes the PDF.
#[test]
fn a_proof_is_written_whole() {
    let pages = pages_streamed_alike("sample-anthology", |m| {
        m.replace("preset = \"kdp\"", "preset = \"proof\"")
    });
    assert_eq!(pages, 0);
}
