//! Benchmark (ignored by default): the PDF writer on a generated book of about 150,000
//! words; prints the layout and PDF times and the file size. Run with
//! `cargo test --test pdf_bench -- --ignored --nocapture`.

use std::fmt::Write;
use std::time::Instant;

use folio::diag::Diagnostics;
use folio::pdf::{BuildDate, Setup};

/// Articles in the generated book.
const ARTICLES: usize = 100;

/// Paragraphs per article.
const PARAGRAPHS: usize = 20;

/// Words per paragraph.
const WORDS: usize = 75;

/// Words the paragraphs are drawn from (ligatures and long words included).
const VOCABULARY: &[&str] = &[
    "the",
    "office",
    "of",
    "a",
    "printer",
    "finds",
    "flows",
    "in",
    "every",
    "line",
    "justification",
    "and",
    "hyphenation",
    "balance",
    "affluent",
    "typesetting",
    "words",
    "margin",
    "page",
    "difficult",
    "reflection",
    "compositor",
    "spacing",
    "readable",
];

fn article(k: usize) -> String {
    let mut s = format!(
        "---\ntitle: Article {k}\nauthors: [Writer {}]\n---\n\n",
        k % 7
    );
    let mut x = (k as u64 + 1) * 0x9E37_79B9;
    for p in 0..PARAGRAPHS {
        if p % 5 == 4 {
            let _ = write!(s, "## Part {p}\n\n");
        }
        for i in 0..WORDS {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            s.push_str(VOCABULARY[(x % VOCABULARY.len() as u64) as usize]);
            s.push(if i + 1 == WORDS { '.' } else { ' ' });
        }
        if p == 1 {
            s.push_str(" See [the source](https://example.org/a/b-c).[^1]");
        }
        s.push_str("\n\n");
    }
    s.push_str("[^1]: A note.\n");
    s
}

#[test]
#[ignore]
fn pdf_of_a_large_book() {
    let dir = tempfile::tempdir().unwrap();
    let mut manifest = String::from("title = \"Bench\"\neditors = [\"E\"]\narticles = [\n");
    std::fs::create_dir(dir.path().join("a")).unwrap();
    for k in 0..ARTICLES {
        std::fs::write(dir.path().join(format!("a/{k:03}.md")), article(k)).unwrap();
        let _ = writeln!(manifest, "  \"a/{k:03}.md\",");
    }
    manifest.push_str("]\n");
    std::fs::write(dir.path().join("collection.toml"), manifest).unwrap();
    let mut diags = Diagnostics::new();
    let c = folio::build::load(dir.path(), &mut diags).unwrap();
    let t = Instant::now();
    let layout = folio::typeset::layout(&c, &mut diags);
    let layout_time = t.elapsed();
    let t = Instant::now();
    let setup = Setup::for_print(&c.print);
    let date = BuildDate::parse_iso("2026-11-01");
    let bytes = folio::pdf::render_with(&c, &layout, &setup, date, &mut diags).unwrap();
    println!(
        "{} words, {} pages: layout {:.2?}, PDF {:.2?}, {} KiB",
        ARTICLES * PARAGRAPHS * WORDS,
        layout.pages.len(),
        layout_time,
        t.elapsed(),
        bytes.len() / 1024
    );
}
