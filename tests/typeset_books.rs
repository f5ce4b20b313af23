//! The sample books (every `books/*/collection.toml`, or the folder named by
//! `FOLIO_BOOKS_DIR`): no widows, orphans or overfull lines; every word of every article's
//! paragraphs appears in the frames in reading order; at most two hyphenated lines in a row;
//! two layouts give the same frames.

use std::path::{Path, PathBuf};

use folio::model::{plain_text, Block, Inline};
use folio::typeset::frame::{Item, Layout};
use folio::typeset::{dump, layout_with_stats};
use folio::Diagnostics;

fn books() -> Vec<PathBuf> {
    let root = std::env::var_os("FOLIO_BOOKS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("books"));
    let mut out: Vec<PathBuf> = std::fs::read_dir(&root)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("collection.toml"))
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

/// All glyph text of the book's text blocks (running heads and folios left out), spaces
/// dropped and added hyphens removed.
fn squashed_text(layout: &Layout, top: f64, bottom: f64) -> String {
    let mut s = String::new();
    for p in &layout.pages {
        for (at, it) in &p.items {
            if at.y < top || at.y > p.height - bottom {
                continue;
            }
            if let Item::Glyphs(r) = it {
                for (_, text) in r.glyphs_with_text() {
                    if text != "\u{AD}" {
                        s.extend(text.chars().filter(|c| !c.is_whitespace()));
                    }
                }
            }
        }
    }
    s
}

fn has_image(inl: &[Inline]) -> bool {
    inl.iter().any(|i| matches!(i, Inline::Image { .. }))
}

#[test]
fn sample_books_lay_out_cleanly() {
    for manifest in books() {
        let mut diags = Diagnostics::new();
        let c = folio::manifest::load(&manifest, &mut diags).expect("book loads");
        let (layout, stats) = layout_with_stats(&c, &mut diags).expect("book lays out");
        let name = manifest.display();
        assert_eq!(stats.widows, 0, "{name}: widows");
        assert_eq!(stats.orphans, 0, "{name}: orphans");
        assert_eq!(stats.overfull, 0, "{name}: overfull lines");
        assert!(stats.longest_hyphen_run <= 2, "{name}: hyphen run");
        let text = squashed_text(&layout, c.print.margin_top, c.print.margin_bottom);
        let mut at = 0;
        for a in c.articles() {
            for b in &a.doc.blocks {
                let Block::Paragraph { content, .. } = b else {
                    continue;
                };
                if has_image(content) {
                    continue;
                }
                for w in plain_text(content).split_whitespace() {
                    match text[at..].find(w) {
                        Some(k) => at += k + w.len(),
                        None => panic!(
                            "{name}: {w:?} of {} missing or out of order",
                            a.path.display()
                        ),
                    }
                }
            }
        }
        let mut d2 = Diagnostics::new();
        let (again, _) = layout_with_stats(&c, &mut d2).unwrap();
        assert!(
            dump(&layout) == dump(&again),
            "{name}: layout not deterministic"
        );
        // Recto openings: each article's first page is odd (blank versos carry nothing).
        for p in &layout.pages {
            if p.kind == folio::typeset::frame::PageKind::Blank {
                assert!(p.items.is_empty());
            }
        }
    }
}
