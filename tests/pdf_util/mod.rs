//! Hand-built layouts for the PDF writer's tests (the typesetter is not needed): lines of
//! Noto Serif shaped with rustybuzz, placed at known positions, plus helpers to run the PDF
//! writer and the poppler/qpdf tools on the result.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use folio::diag::Diagnostics;
use folio::manifest::{Collection, Preset};
use folio::pdf::{BuildDate, Setup};
use folio::typeset::frame::{
    Color, FontData, GlyphRun, Item, LabelRange, LabelStyle, Layout, LinkTarget, OutlineEntry,
    Page, PageKind, Point, Tag,
};

/// The fixture collection.
pub fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf/basic")
}

/// The fixture collection, with `preset` and its default bleed.
pub fn collection(preset: Preset) -> Collection {
    let mut diags = Diagnostics::new();
    let mut c = folio::build::load(&fixture(), &mut diags).expect("fixture loads");
    assert!(!diags.has_errors(), "{:?}", diags.items());
    c.print.preset = preset;
    c.print.bleed = preset.default_bleed();
    // The hand-built pages place these images: checked as the assets pass checks a book's.
    for image in ["gradient.png", "alpha.png", "palette.png", "photo.jpg"] {
        let sandbox = c.sandbox.clone();
        c.assets
            .add_file(&fixture().join(image), &sandbox)
            .unwrap_or_else(|p| panic!("{image}: {p:?}"));
    }
    c
}

/// Noto Serif Regular as a layout font.
pub fn serif() -> FontData {
    FontData {
        name: "NotoSerif-Regular".to_string(),
        bytes: Arc::new(folio::fonts::SERIF[0].bytes.to_vec()),
        index: 0,
    }
}

/// Body type size of the test pages.
pub const SIZE: f64 = 11.0;

/// `text` shaped in Noto Serif at [`SIZE`] (ligatures on), with each cluster's text on
/// its first glyph, as the typesetter does.
pub fn shape(text: &str) -> GlyphRun {
    let data = folio::fonts::SERIF[0].bytes;
    let face = rustybuzz::Face::from_slice(data, 0).expect("Noto Serif parses");
    let scale = SIZE / f64::from(face.units_per_em());
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    let shaped = rustybuzz::shape(&face, &[], buffer);
    let infos = shaped.glyph_infos();
    let positions = shaped.glyph_positions();
    let mut run = GlyphRun::new(0, SIZE, Color::BLACK);
    let mut x = 0.0;
    for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
        let start = info.cluster as usize;
        let first = i == 0 || infos[i - 1].cluster != info.cluster;
        let end = infos[i + 1..]
            .iter()
            .map(|n| n.cluster as usize)
            .find(|c| *c != start)
            .unwrap_or(text.len());
        run.push(
            info.glyph_id as u16,
            x + f64::from(pos.x_offset) * scale,
            f64::from(pos.y_offset) * scale,
            if first { &text[start..end] } else { "" },
        );
        x += f64::from(pos.x_advance) * scale;
    }
    run.width = x;
    run
}

/// `text` followed by a hyphen added at a line break (glyph text "\u{AD}").
pub fn shape_hyphenated(text: &str) -> GlyphRun {
    let mut run = shape(text);
    let hyphen = shape("-");
    let g = hyphen.glyphs()[0];
    run.push(g.id, run.width, 0.0, "\u{AD}");
    run.width += hyphen.width;
    run
}

/// `run` marked as the last of its line, as the typesetter marks a line's last run.
pub fn ending_line(mut run: GlyphRun) -> GlyphRun {
    run.ends_line = true;
    run
}

/// Words of `text` set as separate runs with `gap` points between them: a justified line.
pub fn spaced_words(text: &str, gap: f64, origin: Point) -> Vec<(Point, Item)> {
    let mut x = origin.x;
    let mut out = Vec::new();
    for w in text.split(' ') {
        let run = shape(w);
        let width = run.width;
        out.push((Point { x, y: origin.y }, Item::Glyphs(run)));
        x += width + gap;
    }
    folio::typeset::frame::mark_line_end(&mut out);
    out
}

/// Left margin of the test pages.
pub const LEFT: f64 = 54.0;

/// A page of `kind` with `label` and `items`.
pub fn page(w: f64, h: f64, kind: PageKind, label: &str, items: Vec<(Point, Item)>) -> Page {
    Page {
        width: w,
        height: h,
        kind,
        label: label.to_string(),
        items,
    }
}

fn at(x: f64, y: f64) -> Point {
    Point { x, y }
}

/// A three-page book of `w` × `h` points: a contents page (roman) linking to the article,
/// an article page with a ligature word, a hyphenated word, an image and a URI link, and
/// a second body page with a justified line.
pub fn sample_layout(w: f64, h: f64) -> Layout {
    let contents = vec![
        (at(LEFT, 100.0), Item::Glyphs(shape("Contents"))),
        (at(LEFT, 130.0), Item::Glyphs(shape("The office of type"))),
        (
            at(LEFT, 120.0),
            Item::Link {
                width: 150.0,
                height: 14.0,
                target: LinkTarget::Anchor("one".to_string()),
                tag: Tag::Unset,
                inline: 0,
            },
        ),
    ];
    let body = vec![
        (at(LEFT, 72.0), Item::Anchor("one".to_string())),
        (at(LEFT, 90.0), Item::Glyphs(shape("The office of type"))),
        (
            at(LEFT, 120.0),
            Item::Glyphs(shape_hyphenated("The office will find every extra")),
        ),
        (
            at(LEFT, 134.0),
            Item::Glyphs(shape("ordinary word in the flow of text.")),
        ),
        (
            at(LEFT, 148.0),
            Item::Glyphs(shape("See example.org for more.")),
        ),
        (
            at(LEFT + 20.0, 138.0),
            Item::Link {
                width: 60.0,
                height: 12.0,
                target: LinkTarget::Uri("https://example.org/".to_string()),
                tag: Tag::Unset,
                inline: 0,
            },
        ),
        (
            at(LEFT, 200.0),
            Item::Image {
                path: fixture().join("gradient.png"),
                width: 72.0,
                height: 54.0,
                tag: Tag::Unset,
            },
        ),
        (
            at(LEFT, 260.0),
            Item::Rect {
                width: 72.0,
                height: 0.5,
                color: Color::BLACK,
            },
        ),
    ];
    let mut second = spaced_words("Justified words stand apart", WIDE_SPACE, at(LEFT, 90.0));
    second.push((
        at(LEFT, 150.0),
        Item::Image {
            path: fixture().join("alpha.png"),
            width: 9.0,
            height: 6.75,
            tag: Tag::Unset,
        },
    ));
    Layout {
        pages: vec![
            page(w, h, PageKind::Front, "i", contents),
            page(w, h, PageKind::Body, "1", body),
            page(w, h, PageKind::Body, "2", second),
        ],
        fonts: vec![serif()],
        outline: vec![OutlineEntry {
            title: "Part One".to_string(),
            page: 1,
            y: 72.0,
            children: vec![OutlineEntry {
                title: "The office of type".to_string(),
                page: 1,
                y: 72.0,
                children: vec![OutlineEntry {
                    title: "A section".to_string(),
                    page: 2,
                    y: 80.0,
                    children: Vec::new(),
                }],
            }],
        }],
        labels: vec![
            LabelRange {
                start: 0,
                style: LabelStyle::LowerRoman,
                first: 1,
            },
            LabelRange {
                start: 1,
                style: LabelStyle::Arabic,
                first: 1,
            },
        ],
        page_starts: Vec::new(),
        articles: Vec::new(),
        structure: Default::default(),
    }
}

/// 6in × 9in in points.
pub const SIX_BY_NINE: (f64, f64) = (432.0, 648.0);

/// A5 in points.
pub const A5: (f64, f64) = (419.528, 595.276);

/// The date the tests stamp.
pub fn date() -> Option<BuildDate> {
    BuildDate::parse_iso("2026-11-01")
}

/// The PDF bytes for `layout` with `preset`.
pub fn render(preset: Preset, layout: &Layout) -> (Vec<u8>, Diagnostics) {
    let c = collection(preset);
    let setup = Setup::for_print(&c.print);
    let mut diags = Diagnostics::new();
    let bytes = folio::pdf::render_with(&c, layout, &setup, date(), &mut diags).expect("renders");
    (bytes, diags)
}

/// Writes `bytes` to a fresh temporary file named `name` and returns its folder and path.
pub fn to_file(bytes: &[u8], name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

/// Runs `tool args… file` and returns its standard output (panics when it fails).
pub fn run(tool: &str, args: &[&str], file: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("{tool}: {e}"));
    assert!(
        out.status.success(),
        "{tool} {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// pdftotext's text of the whole file.
pub fn text_of(file: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(file)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The space between the justified words of the second page: about 0.7 em at 11 pt, a
/// loose but real justified line (spaces in the font are 0.26 em).
pub const WIDE_SPACE: f64 = 8.0;
