//! The print cover: its size follows the spine formula for every page count, paper, trim
//! and printer (and grows when a chapter is added); its boxes; spine text only above each
//! printer's threshold; every glyph and the barcode inside the safe zones; the barcode
//! scans as the ISBN; qpdf, fonts, deterministic bytes; the manifest's `[cover]` errors.

mod common;

use std::path::{Path, PathBuf};

use folio::build::{self, Format, Request};
use folio::cover::{self, spine::Area};
use folio::diag::Diagnostics;
use folio::manifest::cover::Paper;
use folio::manifest::length::PT_PER_IN;
use folio::manifest::{Collection, Preset};
use folio::pdf::BuildDate;
use folio::typeset::frame::Item;
use lopdf::{Document, Object};

const IN: f64 = PT_PER_IN;

fn book(name: &str) -> Collection {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("books")
        .join(name);
    let mut diags = Diagnostics::new();
    let c = build::load(&root, &mut diags).expect("the sample loads");
    assert!(!diags.has_errors(), "{:?}", diags.items());
    c
}

fn date() -> Option<BuildDate> {
    BuildDate::parse_iso("2026-11-01")
}

fn with(mut c: Collection, preset: Preset, paper: Paper, trim: (f64, f64)) -> Collection {
    c.print.preset = preset;
    c.print.bleed = preset.default_bleed();
    (c.print.trim_width, c.print.trim_height) = (trim.0 * IN, trim.1 * IN);
    let mut cfg = cover::settings(&c);
    cfg.paper = paper;
    c.print_cover = Some(cfg);
    c
}

fn render(c: &Collection, pages: usize) -> Vec<u8> {
    let mut diags = Diagnostics::new();
    let bytes = cover::render(c, pages, false, date(), &mut diags).expect("a cover");
    assert!(!diags.has_errors(), "{:?}", diags.items());
    bytes
}

fn boxes(bytes: &[u8]) -> Vec<(String, Vec<f64>)> {
    let doc = Document::load_mem(bytes).unwrap();
    let pages = doc.get_pages();
    assert_eq!(pages.len(), 1, "a cover is one page");
    let page = doc.get_dictionary(pages[&1]).unwrap();
    ["MediaBox", "TrimBox", "BleedBox"]
        .iter()
        .map(|k| {
            let nums = page
                .get(k.as_bytes())
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .map(|o| match o {
                    Object::Integer(i) => *i as f64,
                    Object::Real(r) => f64::from(*r),
                    o => panic!("{o:?}"),
                })
                .collect();
            (k.to_string(), nums)
        })
        .collect()
}

#[test]
fn the_page_is_bleed_back_spine_front_bleed_for_every_count_paper_and_trim() {
    let inches = [
        (Preset::Kdp, Paper::White, 0.002252),
        (Preset::Kdp, Paper::Cream, 0.0025),
        (Preset::Kdp, Paper::ColorStandard, 0.002252),
        (Preset::Kdp, Paper::ColorPremium, 0.002347),
        (Preset::Ingram, Paper::White, 0.002252),
        (Preset::Ingram, Paper::Cream, 0.0025),
    ];
    for (preset, paper, per_page) in inches {
        for trim in [(5.5, 8.5), (6.0, 9.0), (5.0, 8.0)] {
            for pages in [24, 80, 312, 828] {
                let c = with(book("sample-book"), preset, paper, trim);
                let b = boxes(&render(&c, pages));
                let spine = pages as f64 * per_page;
                let (w, h) = (
                    0.125 + trim.0 + spine + trim.0 + 0.125,
                    0.125 + trim.1 + 0.125,
                );
                let at = format!("{preset:?} {paper:?} {trim:?} {pages} pages");
                let media = &b[0].1;
                assert!(
                    (media[2] / IN - w).abs() < 1e-3,
                    "{at}: width {}",
                    media[2] / IN
                );
                assert!(
                    (media[3] / IN - h).abs() < 1e-3,
                    "{at}: height {}",
                    media[3] / IN
                );
                let trim_box = &b[1].1;
                let expect = [0.125 * IN, 0.125 * IN, (w - 0.125) * IN, (h - 0.125) * IN];
                for (got, want) in trim_box.iter().zip(expect) {
                    assert!((got - want).abs() < 0.01, "{at}: TrimBox {trim_box:?}");
                }
                assert_eq!(&b[2].1, media, "{at}: BleedBox is trim plus bleed");
            }
        }
    }
}

/// Copies the sample book to a temporary folder.
fn copy_book(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("books")
        .join(name);
    copy_dir(&src, dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let (p, q) = (e.path(), to.join(e.file_name()));
        if e.file_name() == "out" {
            continue;
        }
        if p.is_dir() {
            copy_dir(&p, &q);
        } else {
            std::fs::copy(&p, &q).unwrap();
        }
    }
}

/// Builds `dir` by default formats; returns the cover's width in inches and the PDF's pages.
fn build_default(dir: &Path) -> (f64, usize) {
    let mut diags = Diagnostics::new();
    let req = Request::default();
    let built = build::build(dir, &req, &mut diags).expect("builds");
    let cover: &PathBuf = (built.written.iter())
        .find(|p| p.to_string_lossy().ends_with("-cover.pdf"))
        .expect("a [cover] table puts the cover in the default build");
    let pdf = (built.written.iter())
        .find(|p| p.extension().is_some_and(|e| e == "pdf") && *p != cover)
        .unwrap();
    let pages = Document::load(pdf).unwrap().get_pages().len();
    let media = boxes(&std::fs::read(cover).unwrap())[0].1.clone();
    (media[2] / IN, pages)
}

#[test]
fn the_cover_widens_by_itself_when_a_chapter_is_added() {
    let dir = copy_book("sample-book");
    let (before, pages_before) = build_default(dir.path());
    // The sample is on cream paper (0.0025 in a page) with a 5.5 in trim.
    let expect = |pages: usize| 0.25 + 11.0 + pages as f64 * 0.0025;
    assert!(
        (before - expect(pages_before)).abs() < 1e-3,
        "{before} for {pages_before} pages"
    );
    let chapter = dir.path().join("chapters/07-more.md");
    let words = "The press runs on and on, sheet after sheet of the same page. ".repeat(300);
    std::fs::write(
        &chapter,
        format!("# An added chapter\n\n{words}\n\n{words}\n"),
    )
    .unwrap();
    let manifest = dir.path().join("collection.toml");
    let text = std::fs::read_to_string(&manifest).unwrap().replace(
        "\"chapters/06-after-publication.md\",",
        "\"chapters/06-after-publication.md\",\n  \"chapters/07-more.md\",",
    );
    std::fs::write(&manifest, text).unwrap();
    let (after, pages_after) = build_default(dir.path());
    assert!(pages_after > pages_before);
    assert!(
        (after - expect(pages_after)).abs() < 1e-3,
        "{after} for {pages_after} pages"
    );
}

fn turned_runs(c: &Collection, pages: usize) -> usize {
    let cover = cover::compose(c, pages, false, &mut Diagnostics::new());
    (cover.page.items.iter())
        .filter(|(_, i)| matches!(i, Item::Glyphs(r) if r.turned))
        .count()
}

#[test]
fn spine_text_only_from_each_printers_threshold() {
    let kdp = with(book("sample-book"), Preset::Kdp, Paper::White, (6.0, 9.0));
    assert_eq!(
        turned_runs(&kdp, 79),
        0,
        "KDP: no spine text below 80 pages"
    );
    // At 80 pages the spine is 0.18 in, too narrow for 5 pt type inside its folds' 1/16 in;
    // at 100 it takes 6.9 pt.
    assert!(turned_runs(&kdp, 100) > 0, "KDP: spine text once it fits");
    let ingram = with(
        book("sample-book"),
        Preset::Ingram,
        Paper::White,
        (6.0, 9.0),
    );
    // 0.35 in of white paper is 155.4 pages.
    assert_eq!(turned_runs(&ingram, 154), 0);
    assert!(turned_runs(&ingram, 156) > 0);
}

#[test]
fn every_glyph_and_the_barcode_stay_inside_the_safe_zones() {
    for name in ["sample-book", "sample-anthology"] {
        for preset in [Preset::Kdp, Preset::Ingram] {
            for pages in [24, 80, 200, 460, 828] {
                let c = with(book(name), preset, Paper::Cream, (6.0, 9.0));
                let mut diags = Diagnostics::new();
                let cover = cover::compose(&c, pages, false, &mut diags);
                assert!(!diags.has_errors(), "{:?}", diags.items());
                let s = cover.spread;
                let mut zones = vec![s.back_safe(), s.front_safe()];
                if s.spine_text() {
                    zones.push(s.spine_safe());
                }
                let ink = cover::ink_boxes(&cover);
                assert!(ink.len() > 30, "text and bars are drawn");
                for b in ink {
                    assert!(
                        zones.iter().any(|z: &Area| z.contains(&b)),
                        "{name} {preset:?} {pages} pages: {b:?} is outside the safe zones {zones:?}"
                    );
                }
                let bars = (cover.page.items.iter())
                    .filter(|(_, i)| matches!(i, Item::Rect { .. }))
                    .count();
                assert!(bars > 25, "{name}: the barcode is drawn");
            }
        }
    }
}

#[test]
fn the_barcode_scans_as_the_isbn() {
    if !common::require_tool("pdftoppm") || !common::require_tool("zbarimg") {
        return;
    }
    for (name, isbn) in [
        ("sample-book", "9781917234054"),
        ("sample-anthology", "9781915832047"),
    ] {
        let c = with(book(name), Preset::Kdp, Paper::White, (6.0, 9.0));
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("cover.pdf");
        std::fs::write(&pdf, render(&c, 200)).unwrap();
        let png = dir.path().join("cover");
        let ok = std::process::Command::new("pdftoppm")
            .args(["-r", "300", "-png", "-singlefile"])
            .arg(&pdf)
            .arg(&png)
            .status()
            .unwrap();
        assert!(ok.success());
        let out = std::process::Command::new("zbarimg")
            .args(["-q", "--raw"])
            .arg(png.with_extension("png"))
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(text.trim(), isbn, "{name}: zbarimg read {text:?}");
    }
}

#[test]
fn qpdf_passes_fonts_are_embedded_and_the_bytes_repeat() {
    let c = with(book("sample-book"), Preset::Kdp, Paper::White, (5.5, 8.5));
    let bytes = render(&c, 240);
    assert_eq!(
        bytes,
        render(&c, 240),
        "the same inputs give the same bytes"
    );
    if !common::require_tool("qpdf") || !common::require_tool("pdffonts") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("cover.pdf");
    std::fs::write(&pdf, &bytes).unwrap();
    let out = std::process::Command::new("qpdf")
        .arg("--check")
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = std::process::Command::new("pdffonts")
        .arg(&pdf)
        .output()
        .unwrap();
    let listing = String::from_utf8_lossy(&out.stdout);
    let fonts: Vec<&str> = listing.lines().skip(2).collect();
    assert!(fonts.len() >= 2, "{listing}");
    for f in fonts {
        let cols: Vec<&str> = f.split_whitespace().collect();
        assert_eq!(cols[cols.len() - 5], "yes", "not embedded: {f}");
    }
}

/// Writes a collection with `manifest_tail` after a minimal book, and loads it.
fn load_with(manifest_tail: &str) -> Diagnostics {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), "# A\n\nText.\n").unwrap();
    std::fs::write(
        dir.path().join("collection.toml"),
        format!("title = \"T\"\narticles = [\"a.md\"]\n{manifest_tail}"),
    )
    .unwrap();
    let mut diags = Diagnostics::new();
    let req = Request {
        formats: vec![Format::Cover],
        out_dir: Some(dir.path().join("out")),
        ..Request::default()
    };
    let _ = build::build(dir.path(), &req, &mut diags);
    diags
}

fn first_error(diags: &Diagnostics) -> String {
    (diags.items().iter())
        .find(|d| d.severity == folio::diag::Severity::Error)
        .map(|d| d.to_string())
        .unwrap_or_default()
}

#[test]
fn a_wrong_check_digit_is_an_error_at_the_isbn() {
    let d = load_with("isbn-print = \"978-1-917234-05-3\"\n[cover]\npaper = \"cream\"\n");
    let e = first_error(&d);
    assert!(e.contains("collection.toml:3:14"), "{e}");
    assert!(
        e.contains("check digit is 3, but its other digits give 4"),
        "{e}"
    );
}

#[test]
fn cover_settings_are_checked_where_they_are_written() {
    let d = load_with("[cover]\npaper = \"glossy\"\n");
    let e = first_error(&d);
    assert!(
        e.contains(":4:9") && e.contains("unknown paper `glossy`"),
        "{e}"
    );
    let d = load_with("[cover]\nbackground = \"navy\"\n");
    let e = first_error(&d);
    assert!(e.contains(":4:14") && e.contains("not a colour"), "{e}");
    let d = load_with("[cover]\npapr = \"white\"\n");
    let e = first_error(&d);
    assert!(e.contains("did you mean `paper`"), "{e}");
}

#[test]
fn without_an_isbn_there_is_no_barcode() {
    let mut c = with(book("sample-book"), Preset::Kdp, Paper::White, (6.0, 9.0));
    c.isbn_print = None;
    let cover = cover::compose(&c, 200, false, &mut Diagnostics::new());
    let rects = (cover.page.items.iter())
        .filter(|(_, i)| matches!(i, Item::Rect { .. }))
        .count();
    // The background and the rule under the title.
    assert_eq!(rects, 2);
}

#[test]
fn an_epub_without_a_cover_image_gets_the_typographic_front() {
    let c = book("sample-book");
    let mut diags = Diagnostics::new();
    let epub = build::epub_files(&c, &mut diags).expect("the EPUB");
    let opf = epub.text("OEBPS/content.opf").unwrap();
    assert!(
        opf.contains(
            "href=\"images/cover.svg\" media-type=\"image/svg+xml\" properties=\"cover-image\""
        ),
        "{opf}"
    );
    let svg = epub
        .text("OEBPS/images/cover.svg")
        .expect("the cover's SVG");
    for line in ["The Small Press", "Handbook", "Harriet Okonedo-Vane"] {
        assert!(svg.contains(&format!(">{line}</text>")), "{line} in {svg}");
    }
    let page = epub.text("OEBPS/cover.xhtml").unwrap();
    assert!(page.contains("images/cover.svg"), "{page}");
    // A book that names its cover image keeps it.
    let c = book("sample-anthology");
    let epub = build::epub_files(&c, &mut diags).expect("the EPUB");
    assert!(epub.text("OEBPS/images/cover.svg").is_none());
    assert!(epub
        .text("OEBPS/content.opf")
        .unwrap()
        .contains("images/cover.png"));
}

#[test]
fn a_front_image_that_cannot_fill_the_front_is_an_error_at_its_key() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), "# A\n\nText.\n").unwrap();
    // A panorama: filling a 6 x 9 in front would cut off four fifths of it.
    image::RgbImage::from_pixel(1800, 400, image::Rgb([40, 60, 90]))
        .save(dir.path().join("wide.png"))
        .unwrap();
    std::fs::write(
        dir.path().join("collection.toml"),
        "title = \"T\"\narticles = [\"a.md\"]\n[cover]\nfront-image = \"wide.png\"\n",
    )
    .unwrap();
    let mut diags = Diagnostics::new();
    let req = Request {
        out_dir: Some(dir.path().join("out")),
        ..Request::default()
    };
    assert!(build::build(dir.path(), &req, &mut diags).is_err());
    let e = first_error(&diags);
    assert!(e.contains("collection.toml:4:15"), "{e}");
    assert!(e.contains("does not cover the front and its bleed"), "{e}");
    assert!(!dir.path().join("out").exists(), "nothing is written");
}
