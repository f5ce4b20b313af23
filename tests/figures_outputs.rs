//! Figures end to end on the figures fixture: an SVG chart (paths, text, a gradient,
//! clipping) is vector content in the PDF — a Form XObject, no raster image — and an
//! `image/svg+xml` item in the EPUB, which epubcheck passes.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/typeset/figures")
}

/// Builds the fixture in `format` into `out`: folio's stderr.
fn build(format: &str, out: &Path) -> String {
    let run = Command::new(common::folio_bin())
        .arg("build")
        .arg(fixture())
        .args(["--format", format, "--out"])
        .arg(out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr).to_string();
    assert!(run.status.success(), "{stderr}");
    stderr
}

/// The `/Subtype` of every XObject the pages (and the forms in them) use.
fn xobject_subtypes(doc: &lopdf::Document) -> Vec<String> {
    let mut seen = Vec::new();
    let mut todo: Vec<lopdf::ObjectId> = Vec::new();
    let mut subtypes = Vec::new();
    let add = |dict: &lopdf::Dictionary, todo: &mut Vec<lopdf::ObjectId>| {
        let resources = match dict.get(b"Resources") {
            Ok(lopdf::Object::Reference(r)) => doc.get_dictionary(*r).ok(),
            Ok(lopdf::Object::Dictionary(d)) => Some(d),
            _ => None,
        };
        let xobjects = resources.and_then(|r| r.get(b"XObject").ok());
        let xobjects = match xobjects {
            Some(lopdf::Object::Reference(r)) => doc.get_dictionary(*r).ok(),
            Some(lopdf::Object::Dictionary(d)) => Some(d),
            _ => None,
        };
        for (_, x) in xobjects.into_iter().flat_map(|d| d.iter()) {
            todo.push(x.as_reference().expect("XObjects are indirect"));
        }
    };
    for (_, page) in doc.get_pages() {
        add(doc.get_dictionary(page).unwrap(), &mut todo);
    }
    while let Some(id) = todo.pop() {
        if seen.contains(&id) {
            continue;
        }
        seen.push(id);
        let stream = doc.get_object(id).unwrap().as_stream().unwrap();
        let subtype = stream.dict.get(b"Subtype").unwrap().as_name().unwrap();
        subtypes.push(String::from_utf8_lossy(subtype).to_string());
        add(&stream.dict, &mut todo);
    }
    subtypes
}

#[test]
fn an_svg_chart_is_vector_content_in_the_pdf() {
    let out = tempfile::tempdir().unwrap();
    let stderr = build("pdf", out.path());
    assert!(!stderr.contains("warning"), "{stderr}");
    let doc = lopdf::Document::load(out.path().join("figures.pdf")).unwrap();
    let subtypes = xobject_subtypes(&doc);
    assert!(subtypes.iter().any(|s| s == "Form"), "{subtypes:?}");
    assert!(!subtypes.iter().any(|s| s == "Image"), "{subtypes:?}");
    // The chart's gradient is a shading, drawn as vectors.
    let shadings = (doc.objects.values())
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.has(b"ShadingType"))
        .count();
    assert!(shadings >= 1, "no shading for the chart's gradient");
}

#[test]
fn an_svg_chart_is_an_svg_item_in_the_epub_and_passes_epubcheck() {
    let out = tempfile::tempdir().unwrap();
    build("epub", out.path());
    let epub = out.path().join("figures.epub");
    let zip = std::fs::File::open(&epub).unwrap();
    let mut zip = zip::ZipArchive::new(zip).unwrap();
    let mut opf = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("OEBPS/content.opf").unwrap(), &mut opf)
        .unwrap();
    assert!(
        opf.contains("href=\"images/rainfall.svg\" media-type=\"image/svg+xml\""),
        "{opf}"
    );
    if common::require_tool("epubcheck") {
        let o = Command::new("epubcheck").arg(&epub).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    }
}
