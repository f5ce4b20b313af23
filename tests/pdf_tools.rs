//! The PDF checked with the tools printers and readers use: pdffonts, pdfinfo, qpdf,
//! pdftotext. Under CI a missing tool fails the test.

mod common;
mod pdf_util;

use folio::manifest::Preset;
use folio::typeset::frame::{Item, Point};
use pdf_util::*;

/// Rows of `pdffonts` output (after its two header lines), split into columns.
fn font_rows(file: &std::path::Path) -> Vec<Vec<String>> {
    run("pdffonts", &[], file)
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().map(str::to_string).collect())
        .collect()
}

/// Whether a pdffonts row says embedded `emb` and subset `sub` (columns counted from the
/// right: emb sub uni object-id generation).
fn flags(row: &[String]) -> (&str, &str, &str) {
    let n = row.len();
    (&row[n - 5], &row[n - 4], &row[n - 3])
}

#[test]
fn fonts_are_embedded_and_subset_by_default() {
    if !common::require_tool("pdffonts") {
        return;
    }
    let (w, h) = SIX_BY_NINE;
    let (bytes, _) = render(Preset::Proof, &sample_layout(w, h));
    let (_dir, file) = to_file(&bytes, "proof.pdf");
    let rows = font_rows(&file);
    assert!(!rows.is_empty(), "the PDF has fonts");
    for row in &rows {
        let (emb, sub, uni) = flags(row);
        assert_eq!((emb, sub, uni), ("yes", "yes", "yes"), "font row {row:?}");
        assert!(row[0].len() > 7 && row[0].as_bytes()[6] == b'+', "{row:?}");
    }
}

#[test]
fn kdp_embeds_fonts_whole() {
    if !common::require_tool("pdffonts") {
        return;
    }
    let (w, h) = SIX_BY_NINE;
    let (bytes, _) = render(Preset::Kdp, &sample_layout(w, h));
    let (_dir, file) = to_file(&bytes, "kdp.pdf");
    let rows = font_rows(&file);
    assert!(!rows.is_empty());
    for row in &rows {
        let (emb, sub, _) = flags(row);
        assert_eq!((emb, sub), ("yes", "no"), "font row {row:?}");
        assert!(
            !row[0].contains('+'),
            "no subset tag on a whole font: {row:?}"
        );
    }
    let whole = folio::fonts::SERIF[0].bytes.len();
    assert!(bytes.len() > whole / 3, "the whole font is in the file");
}

/// The box lines of `pdfinfo -box` as (name, [llx, lly, urx, ury]).
fn boxes(file: &std::path::Path) -> Vec<(String, [f64; 4])> {
    run("pdfinfo", &["-box"], file)
        .lines()
        .filter_map(|l| {
            let (name, rest) = l.split_once(':')?;
            let name = name.trim();
            if !name.ends_with("Box") {
                return None;
            }
            let v: Vec<f64> = rest
                .split_whitespace()
                .filter_map(|x| x.parse().ok())
                .collect();
            Some((name.to_string(), [v[0], v[1], v[2], v[3]]))
        })
        .collect()
}

fn assert_box(all: &[(String, [f64; 4])], name: &str, want: [f64; 4]) {
    let (_, got) = all
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("pdfinfo shows no {name}: {all:?}"));
    for (g, w) in got.iter().zip(want) {
        assert!((g - w).abs() < 0.01, "{name}: {got:?}, want {want:?}");
    }
}

fn check_boxes(w: f64, h: f64) {
    let (bytes, _) = render(Preset::Kdp, &sample_layout(w, h));
    let (_dir, file) = to_file(&bytes, "boxes.pdf");
    let b = 9.0; // 0.125in
    let all = boxes(&file);
    assert_box(&all, "MediaBox", [0.0, 0.0, w + 2.0 * b, h + 2.0 * b]);
    assert_box(&all, "TrimBox", [b, b, b + w, b + h]);
    assert_box(&all, "BleedBox", [0.0, 0.0, w + 2.0 * b, h + 2.0 * b]);
}

#[test]
fn boxes_for_six_by_nine() {
    if !common::require_tool("pdfinfo") {
        return;
    }
    check_boxes(SIX_BY_NINE.0, SIX_BY_NINE.1);
}

#[test]
fn boxes_for_a5() {
    if !common::require_tool("pdfinfo") {
        return;
    }
    check_boxes(A5.0, A5.1);
}

#[test]
fn screen_has_no_bleed() {
    if !common::require_tool("pdfinfo") {
        return;
    }
    let (w, h) = SIX_BY_NINE;
    let (bytes, _) = render(Preset::Screen, &sample_layout(w, h));
    let (_dir, file) = to_file(&bytes, "screen.pdf");
    let all = boxes(&file);
    assert_box(&all, "MediaBox", [0.0, 0.0, w, h]);
    assert_box(&all, "TrimBox", [0.0, 0.0, w, h]);
    assert_box(&all, "BleedBox", [0.0, 0.0, w, h]);
}

#[test]
fn qpdf_check_is_clean_for_every_preset() {
    if !common::require_tool("qpdf") {
        return;
    }
    let (w, h) = SIX_BY_NINE;
    for preset in [Preset::Kdp, Preset::Ingram, Preset::Proof, Preset::Screen] {
        let (bytes, _) = render(preset, &sample_layout(w, h));
        let (_dir, file) = to_file(&bytes, "check.pdf");
        let out = std::process::Command::new("qpdf")
            .arg("--check")
            .arg(&file)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{preset:?}: {text}");
        assert!(
            text.contains("No syntax or stream encoding errors"),
            "{preset:?}: {text}"
        );
        assert!(
            !text.to_lowercase().contains("warning"),
            "{preset:?}: {text}"
        );
    }
}

#[test]
fn pdftotext_gives_the_words_back() {
    if !common::require_tool("pdftotext") {
        return;
    }
    let layout = sample_layout(SIX_BY_NINE.0, SIX_BY_NINE.1);
    let ligated = layout.pages[1].items.iter().any(|(_, i)| match i {
        folio::typeset::frame::Item::Glyphs(r) => r.glyphs_with_text().any(|(_, t)| t == "ffi"),
        _ => false,
    });
    assert!(ligated, "Noto Serif sets “office” with an ffi ligature");
    let (bytes, _) = render(Preset::Kdp, &layout);
    let (_dir, file) = to_file(&bytes, "text.pdf");
    let text = text_of(&file);
    let words: Vec<&str> = text.split_whitespace().collect();
    for w in [
        "office",
        "find",
        "extraordinary",
        "flow",
        "Justified",
        "words",
        "stand",
        "apart",
    ] {
        assert!(words.contains(&w), "pdftotext lacks {w:?}: {text:?}");
    }
    let order = ["Contents", "office", "extraordinary", "Justified"];
    let mut at = 0;
    for w in order {
        let i = text[at..]
            .find(w)
            .unwrap_or_else(|| panic!("{w} out of order in {text:?}"));
        at += i;
    }
    assert!(!text.contains('\u{AD}'), "no soft hyphen left in {text:?}");
}

#[test]
fn ingram_page_count_is_even_with_a_blank_last_page() {
    if !common::require_tool("pdfinfo") {
        return;
    }
    let (w, h) = SIX_BY_NINE;
    let (bytes, _) = render(Preset::Ingram, &sample_layout(w, h));
    let (_dir, file) = to_file(&bytes, "ingram.pdf");
    let info = run("pdfinfo", &[], &file);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse().ok())
        .expect("pdfinfo gives the page count");
    assert_eq!(pages, 4, "3 pages padded to 4");
    let out = std::process::Command::new("pdftotext")
        .args(["-f", "4", "-l", "4"])
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).trim().is_empty());
}

#[test]
fn two_builds_are_byte_identical() {
    let (w, h) = SIX_BY_NINE;
    for preset in [Preset::Kdp, Preset::Ingram, Preset::Proof, Preset::Screen] {
        let (a, _) = render(preset, &sample_layout(w, h));
        let (b, _) = render(preset, &sample_layout(w, h));
        if a != b {
            std::fs::write("/tmp/det-a.pdf", &a).unwrap();
            std::fs::write("/tmp/det-b.pdf", &b).unwrap();
        }
        assert!(a == b, "{preset:?} differs between two builds");
    }
}

#[test]
fn low_resolution_images_are_warned_about_with_their_path() {
    let (w, h) = SIX_BY_NINE;
    let (_, diags) = render(Preset::Kdp, &sample_layout(w, h));
    let warnings: Vec<String> = diags.items().iter().map(|d| d.to_string()).collect();
    assert!(
        warnings
            .iter()
            .any(|d| d.contains("gradient.png") && d.contains("40 dpi")),
        "{warnings:?}"
    );
    assert!(
        !warnings.iter().any(|d| d.contains("alpha.png")),
        "alpha.png is 320 dpi at its printed size: {warnings:?}"
    );
}

/// Writes the sample PDFs to `$FOLIO_PDF_DUMP` for looking at them (does nothing otherwise).
#[test]
fn dump_samples_when_asked() {
    let Some(dir) = std::env::var_os("FOLIO_PDF_DUMP") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (w, h) = SIX_BY_NINE;
    for preset in [Preset::Kdp, Preset::Ingram, Preset::Proof, Preset::Screen] {
        let (bytes, _) = render(preset, &sample_layout(w, h));
        std::fs::write(dir.join(format!("{}.pdf", preset.name())), bytes).unwrap();
    }
}

#[test]
fn ingram_warns_about_colour_images() {
    let (w, h) = SIX_BY_NINE;
    let (_, diags) = render(Preset::Ingram, &sample_layout(w, h));
    let text: Vec<String> = diags.items().iter().map(|d| d.to_string()).collect();
    assert!(
        text.iter()
            .any(|d| d.contains("gradient.png") && d.contains("colour image")),
        "{text:?}"
    );
    let (_, diags) = render(Preset::Kdp, &sample_layout(w, h));
    assert!(!diags
        .items()
        .iter()
        .any(|d| d.to_string().contains("colour image")));
}

/// A hyphen added at a line break comes back joined ("hyphen-" + "ated" → "hyphenated");
/// a hyphen that belongs to the word and happens to end a line stays ("self-" + "evident"
/// keeps its hyphen, never "selfevident").
#[test]
fn break_hyphens_join_and_real_hyphens_stay() {
    if !common::require_tool("pdftotext") {
        return;
    }
    let (w, h) = SIX_BY_NINE;
    let lines = vec![
        (
            Point { x: LEFT, y: 100.0 },
            Item::Glyphs(ending_line(shape_hyphenated("hyphen"))),
        ),
        (
            Point { x: LEFT, y: 114.0 },
            Item::Glyphs(ending_line(shape("ated words"))),
        ),
        (
            Point { x: LEFT, y: 128.0 },
            Item::Glyphs(ending_line(shape("a self-"))),
        ),
        (
            Point { x: LEFT, y: 142.0 },
            Item::Glyphs(ending_line(shape("evident truth"))),
        ),
        // A numbered entry: its number is drawn after its first line, to the line's left, and
        // does not end the line.
        (
            Point {
                x: LEFT + 20.0,
                y: 170.0,
            },
            Item::Glyphs(ending_line(shape("https://data.example.org/long-"))),
        ),
        (Point { x: LEFT, y: 170.0 }, Item::Glyphs(shape("[4]"))),
        (
            Point {
                x: LEFT + 20.0,
                y: 184.0,
            },
            Item::Glyphs(ending_line(shape("path/file"))),
        ),
    ];
    let mut layout = sample_layout(w, h);
    layout.pages[2].items = lines;
    let (bytes, _) = render(Preset::Kdp, &layout);
    let (_dir, file) = to_file(&bytes, "hyphens.pdf");
    let text = text_of(&file);
    assert!(text.contains("hyphenated words"), "{text:?}");
    assert!(
        !text.contains("selfevident"),
        "the real hyphen is lost: {text:?}"
    );
    assert!(text.contains("self\u{2010}"), "{text:?}");
    assert!(
        !text.contains("longpath"),
        "a hyphen ending an entry's first line is lost: {text:?}"
    );
}

/// A justified line whose letters are expanded (a run's `scale`) is drawn with its glyphs
/// scaled (`Tz`), so the run needs no adjustment between the letters of a word (the file
/// stays small) and still ends where the frame says.
#[test]
fn expanded_runs_are_scaled_not_respaced() {
    if !common::require_tool("pdftotext") {
        return;
    }
    const SCALE: f32 = 1.015;
    const TEXT: &str = "expanded letters reach the margin";
    let natural = shape(TEXT);
    let mut run = folio::typeset::frame::GlyphRun::new(natural.font, natural.size, natural.color);
    run.scale = SCALE;
    for (k, (g, text)) in natural.glyphs_with_text().enumerate() {
        run.push(
            g.id,
            f64::from(g.x * SCALE),
            f64::from(natural.y_offset(k)),
            text,
        );
    }
    run.width = natural.width * f64::from(SCALE);
    let (w, h) = SIX_BY_NINE;
    let mut layout = sample_layout(w, h);
    layout.pages[2].items = vec![(Point { x: LEFT, y: 100.0 }, Item::Glyphs(run.clone()))];
    let (bytes, _) = render(Preset::Kdp, &layout);

    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let page = doc.get_pages()[&3];
    let ops = doc.get_and_decode_page_content(page).unwrap().operations;
    let tz: Vec<f32> = ops
        .iter()
        .filter(|o| o.operator == "Tz")
        .map(|o| o.operands[0].as_float().unwrap())
        .collect();
    assert_eq!(tz, vec![101.5], "the run is scaled");
    let adjustments: usize = ops
        .iter()
        .filter(|o| o.operator == "TJ")
        .flat_map(|o| o.operands[0].as_array().unwrap())
        .filter(|x| x.as_float().is_ok())
        .count();
    let spaces = TEXT.matches(' ').count();
    assert!(
        adjustments <= spaces,
        "{adjustments} adjustments for {spaces} spaces"
    );

    let (_dir, file) = to_file(&bytes, "expanded.pdf");
    let html = run_tool_bbox(&file);
    let line = html
        .lines()
        .find(|l| l.ends_with(">margin</word>"))
        .unwrap_or_else(|| panic!("margin not found in {html}"));
    let x_max: f64 = line
        .split("xMax=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .and_then(|v| v.parse().ok())
        .unwrap();
    let want = 9.0 + LEFT + run.width;
    assert!(
        (x_max - want).abs() < 0.3,
        "margin ends at {x_max}, the frame says {want}"
    );
}

/// pdftotext's words with their boxes, page 3.
fn run_tool_bbox(file: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-bbox", "-f", "3", "-l", "3"])
        .arg(file)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}
