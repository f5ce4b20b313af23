//! Benchmark (ignored by default): a generated 200-article anthology of about 300,000 words
//! laid out into pages; prints the time, the stats and the process's peak memory. Run with
//! `cargo test --release --test typeset_bench -- --ignored --nocapture`.

use std::fmt::Write;
use std::time::Instant;

use folio::typeset::layout_with_stats;
use folio::Diagnostics;

const ARTICLES: usize = 200;
const WORDS_PER_ARTICLE: usize = 1500;

const SOURCE: &str =
    "Every spring the councils of mid-sized cities publish their housing targets and \
every spring the numbers look both enormous and oddly abstract. A town is told it needs new homes \
a year; it builds fewer, and the shortfall becomes the story. What rarely makes the story is the \
stock that already exists. In most of the cities studied, the quickest route to more homes is not \
more concrete but the spare bedroom, the flat above the shop and the office floor that has sat \
empty for years. Typesetting is the craft of arranging characters into pleasing, readable pages; \
a good compositor balances the spacing of words against the temptation to hyphenate, and the \
unreasonably polysyllabic vocabulary of institutional prose makes that balance harder still.";

/// A deterministic article of `WORDS_PER_ARTICLE` words in paragraphs with headings, a note
/// and a link.
fn article(k: usize) -> String {
    let words: Vec<&str> = SOURCE.split_whitespace().collect();
    let mut s = format!(
        "---\ntitle: Generated article {k}\nauthors:\n  - name: Author {}\nlang: en\n---\n\n",
        k % 17
    );
    let mut x = k as u64 * 2654435761 + 1;
    let mut n = 0;
    let mut para = 0;
    while n < WORDS_PER_ARTICLE {
        para += 1;
        if para % 6 == 0 {
            let _ = write!(s, "## Section {para}\n\n");
        }
        let len = 60 + (x % 90) as usize;
        for i in 0..len {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let w = words[(x >> 33) as usize % words.len()];
            s.push_str(w);
            s.push(if i + 1 == len { '.' } else { ' ' });
        }
        if para == 2 {
            s.push_str(" See [the survey](https://example.org/survey/2025) for details.[^1]");
        }
        s.push_str("\n\n");
        n += len;
    }
    s.push_str("[^1]: A note at the foot of the page.\n");
    s
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|v| v.parse::<f64>().ok())
            })
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

#[test]
#[ignore = "benchmark: run explicitly in release mode"]
fn lay_out_300k_words() {
    let dir = tempfile::tempdir().unwrap();
    let mut manifest = String::from("title = \"Benchmark Anthology\"\neditors = [\"Ed One\"]\nlanguage = \"en\"\narticles = [\n");
    std::fs::create_dir(dir.path().join("a")).unwrap();
    for k in 0..ARTICLES {
        let name = format!("a/{k:03}.md");
        std::fs::write(dir.path().join(&name), article(k)).unwrap();
        let _ = writeln!(manifest, "  \"{name}\",");
    }
    manifest.push_str("]\n");
    std::fs::write(dir.path().join("collection.toml"), manifest).unwrap();
    let mut diags = Diagnostics::new();
    let c = folio::build::load(&dir.path().join("collection.toml"), &mut diags).unwrap();
    let words: usize = c
        .articles()
        .map(|a| folio::model::words(&a.doc.blocks).len())
        .sum();
    let t = Instant::now();
    let (layout, stats) = layout_with_stats(&c, &mut diags);
    let secs = t.elapsed().as_secs_f64();
    eprintln!(
        "{words} words → {} pages in {secs:.3} s; peak RSS {:.0} MB",
        layout.pages.len(),
        peak_rss_mb()
    );
    eprint!("{}", stats.report());
    assert!(layout.pages.len() > 100);
}
