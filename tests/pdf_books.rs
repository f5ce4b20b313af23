//! End to end on the sample books: typeset, write the PDF, and check it with the tools a
//! printer would: every article's words come back from pdftotext, qpdf finds no error,
//! fonts are embedded, the outline and page labels exist, ingram's page count is even.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use folio::diag::Diagnostics;
use folio::manifest::{Collection, Preset};
use folio::pdf::{BuildDate, Setup};
use folio::typeset::{self, Layout};

fn book(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("books")
        .join(name)
}

fn load(name: &str, preset: Preset) -> (Collection, Layout) {
    let mut diags = Diagnostics::new();
    let mut c = folio::build::load(&book(name), &mut diags).expect("the sample book loads");
    assert!(!diags.has_errors(), "{:?}", diags.items());
    c.print.preset = preset;
    c.print.bleed = preset.default_bleed();
    let layout = typeset::layout(&c, &mut diags);
    (c, layout)
}

fn pdf(c: &Collection, layout: &Layout) -> Vec<u8> {
    let mut diags = Diagnostics::new();
    let setup = Setup::for_print(&c.print);
    let date = BuildDate::parse_iso("2026-11-01");
    let bytes = folio::pdf::render_with(c, layout, &setup, date, &mut diags).expect("PDF");
    assert!(!diags.has_errors(), "{:?}", diags.items());
    bytes
}

fn write_tmp(bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.pdf");
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

fn tool(name: &str, args: &[&str], file: &Path) -> String {
    let out = Command::new(name).args(args).arg(file).output().unwrap();
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Word tokens for comparing source and extracted text: hyphens removed (pdftotext joins
/// a line ending in a hyphen with the next line, whether the hyphen was added at the break
/// or belongs to the word), then split at everything that is not a letter or digit.
fn tokens(text: &str) -> Vec<String> {
    text.replace(['-', '\u{2010}', '\u{AD}'], "")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

fn counts(tokens: &[String]) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for t in tokens {
        *m.entry(t.clone()).or_insert(0) += 1;
    }
    m
}

/// The extracted tokens, with two pdftotext effects undone where the source shows them:
/// a word ending in a real hyphen at the end of a line is joined with the next line's
/// first word ("10-" + "sorts" → "10sorts"): split back when the source has the pair; a
/// word hyphenated across a page break, or a code line wrapped with "↪", comes out in two
/// pieces with other text between them: counted whole when both pieces are there.
fn extracted_counts(out: &[String], source: &[String]) -> BTreeMap<String, usize> {
    let known = counts(source);
    let pairs: BTreeMap<String, (String, String)> = source
        .windows(2)
        .map(|w| (format!("{}{}", w[0], w[1]), (w[0].clone(), w[1].clone())))
        .collect();
    let mut got = BTreeMap::new();
    for t in out {
        match pairs.get(t).filter(|_| !known.contains_key(t)) {
            Some((a, b)) => {
                *got.entry(a.clone()).or_insert(0) += 1;
                *got.entry(b.clone()).or_insert(0) += 1;
            }
            None => *got.entry(t.clone()).or_insert(0) += 1,
        }
    }
    for (word, n) in &known {
        let have = got.get(word).copied().unwrap_or(0);
        if have >= *n {
            continue;
        }
        let split = (1..word.chars().count()).any(|i| {
            let at = word.char_indices().nth(i).map(|(b, _)| b).unwrap_or(0);
            got.contains_key(&word[..at]) && got.contains_key(&word[at..])
        });
        if split {
            got.insert(word.clone(), *n);
        }
    }
    got
}

/// The words a reader sees on paper: an image prints its title as the caption when it has
/// one (its alt text is for screen readers), else its alt text.
fn printed_words(blocks: &[folio::Block]) -> Vec<String> {
    let mut blocks = blocks.to_vec();
    folio::model::visit_inlines_mut(&mut blocks, &mut |inline| {
        if let folio::Inline::Image { alt, title, .. } = inline {
            if !title.is_empty() {
                alt.clone_from(title);
            }
        }
    });
    folio::model::words(&blocks)
}

/// Per article, the words pdftotext does not give back.
fn missing_words(c: &Collection, layout: &Layout) -> Vec<String> {
    let (_dir, file) = write_tmp(&pdf(c, layout));
    let out = Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    let out = tokens(&String::from_utf8_lossy(&out.stdout));
    let source: Vec<String> = c
        .articles()
        .flat_map(|a| tokens(&printed_words(&a.doc.blocks).join(" ")))
        .collect();
    let got = extracted_counts(&out, &source);
    let mut missing = Vec::new();
    for article in c.articles() {
        let words = printed_words(&article.doc.blocks).join(" ");
        for (t, n) in counts(&tokens(&words)) {
            let have = got.get(&t).copied().unwrap_or(0);
            if have < n {
                missing.push(format!(
                    "{}: {t}×{n} (pdf has {have})",
                    article.path.display()
                ));
            }
        }
    }
    missing
}

fn check_words(name: &str) {
    let (c, layout) = load(name, Preset::Kdp);
    let missing = missing_words(&c, &layout);
    assert!(
        missing.is_empty(),
        "words missing from pdftotext: {missing:?}"
    );
}

#[test]
fn a_lost_line_is_noticed() {
    if !common::require_tool("pdftotext") {
        return;
    }
    let (c, mut layout) = load("sample-anthology", Preset::Kdp);
    let page = &mut layout.pages[12];
    let line = page
        .items
        .iter()
        .position(
            |(_, i)| matches!(i, folio::typeset::frame::Item::Glyphs(r) if r.glyphs().len() > 40),
        )
        .expect("a full line on page 13");
    page.items.remove(line);
    assert!(
        !missing_words(&c, &layout).is_empty(),
        "the check must see the loss"
    );
}

#[test]
fn anthology_words_come_back() {
    if !common::require_tool("pdftotext") {
        return;
    }
    check_words("sample-anthology");
}

#[test]
fn book_words_come_back() {
    if !common::require_tool("pdftotext") {
        return;
    }
    check_words("sample-book");
}

#[test]
fn anthology_passes_the_printer_tools() {
    if !common::require_tool("qpdf") || !common::require_tool("pdffonts") {
        return;
    }
    for preset in [Preset::Kdp, Preset::Ingram] {
        let (c, layout) = load("sample-anthology", preset);
        let (_dir, file) = write_tmp(&pdf(&c, &layout));
        let check = tool("qpdf", &["--check"], &file);
        assert!(
            check.contains("No syntax or stream encoding errors"),
            "{check}"
        );
        for row in tool("pdffonts", &[], &file).lines().skip(2) {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let n = cols.len();
            let sub = if preset == Preset::Kdp { "no" } else { "yes" };
            assert_eq!(
                (cols[n - 5], cols[n - 4]),
                ("yes", sub),
                "{preset:?}: {row}"
            );
        }
        let json: serde_json::Value = serde_json::from_str(&tool(
            "qpdf",
            &[
                "--json",
                "--json-key=pages",
                "--json-key=pagelabels",
                "--json-key=outlines",
            ],
            &file,
        ))
        .unwrap();
        let pages = json["pages"].as_array().unwrap().len();
        if preset == Preset::Ingram {
            assert_eq!(pages % 2, 0, "ingram pads to an even count");
        }
        let labels = json["pagelabels"].as_array().unwrap();
        assert!(labels.len() >= 2, "roman then arabic labels");
        assert_eq!(labels[0]["label"]["/S"], "/r");
        let outlines = json["outlines"].as_array().unwrap();
        assert!(!outlines.is_empty(), "an outline");
        assert!(
            outlines
                .iter()
                .any(|o| !o["kids"].as_array().unwrap().is_empty()),
            "the outline nests"
        );
    }
}

#[test]
fn anthology_builds_are_byte_identical() {
    let (c, layout) = load("sample-anthology", Preset::Kdp);
    let a = pdf(&c, &layout);
    let (c, layout) = load("sample-anthology", Preset::Kdp);
    assert!(a == pdf(&c, &layout), "two builds differ");
}

/// A build lets the PDF take the layout's pages and structure tree, freeing each page once
/// written and the tree once its tags are; the file must be the one written from pages and
/// a tree it only borrows.
#[test]
fn a_pdf_that_frees_its_pages_is_the_one_that_keeps_them() {
    for preset in [Preset::Kdp, Preset::Screen, Preset::Proof] {
        let (c, mut layout) = load("sample-anthology", preset);
        let date = BuildDate::parse_iso("2026-11-01");
        let mut diags = Diagnostics::new();
        let kept = folio::pdf::render(&c, &layout, date, &mut diags).expect("PDF");
        let taken = (
            std::mem::take(&mut layout.pages),
            std::mem::take(&mut layout.structure),
        );
        let freed = folio::pdf::render_taking(&c, &layout, taken, date, &mut diags).expect("PDF");
        assert!(kept == freed, "{preset:?}: the two files differ");
    }
}
