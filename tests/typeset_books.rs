//! The sample books (every `books/*/collection.toml`, or the folder named by
//! `FOLIO_BOOKS_DIR`): no widows, orphans or overfull lines; every word of every article's
//! paragraphs appears in the frames in reading order; at most two hyphenated lines in a row;
//! two layouts give the same frames; few hyphens, few loose lines and no wide spaces; no
//! word broken over a page turn; most spreads level; spaces outside the text justified
//! nowhere.

mod common;

use std::path::{Path, PathBuf};

use folio::manifest::Collection;
use folio::model::{plain_text, Block, Inline};
use folio::typeset::book::Geometry;
use folio::typeset::frame::{Item, Layout, PageKind};
use folio::typeset::{dump, layout_with_stats, Stats};
use folio::Diagnostics;

fn books() -> Vec<PathBuf> {
    common::sample_books()
}

/// All glyph text of the book's text blocks (running heads and folios left out), spaces
/// dropped and added hyphens removed. A long page's last line sits a line below the text
/// block, the folio two.
fn squashed_text(layout: &Layout, g: &Geometry) -> String {
    let mut s = String::new();
    let foot = g.top + g.block + 1.5 * g.leading;
    for p in &layout.pages {
        for (at, it) in &p.items {
            if at.y < g.top || at.y > foot {
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

/// The book at `manifest`, loaded and laid out, with its statistics.
fn laid_out(manifest: &Path) -> (Collection, Layout, Stats) {
    let mut diags = Diagnostics::new();
    let c = folio::build::load(manifest, &mut diags).expect("book loads");
    let (layout, stats) = layout_with_stats(&c, &mut diags);
    (c, layout, stats)
}

fn has_image(inl: &[Inline]) -> bool {
    inl.iter().any(|i| matches!(i, Inline::Image { .. }))
}

#[test]
fn sample_books_lay_out_cleanly() {
    for manifest in books() {
        let (c, layout, stats) = laid_out(&manifest);
        let name = manifest.display();
        assert_eq!(stats.widows, 0, "{name}: widows");
        assert_eq!(stats.orphans, 0, "{name}: orphans");
        assert_eq!(stats.overfull, 0, "{name}: overfull lines");
        assert!(stats.longest_hyphen_run <= 2, "{name}: hyphen run");
        let text = squashed_text(&layout, &Geometry::new(&c.print));
        let mut at = 0;
        for a in c.articles() {
            for b in &a.doc.blocks {
                let Block::Paragraph { content, .. } = b else {
                    continue;
                };
                if has_image(content) {
                    continue;
                }
                // Formulas print as math glyphs, not as their TeX: their words are left out.
                let prose: Vec<Inline> = (content.iter())
                    .filter(|i| !matches!(i, Inline::Math(_)))
                    .cloned()
                    .collect();
                for w in plain_text(&prose).split_whitespace() {
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
        let (again, _) = layout_with_stats(&c, &mut d2);
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

/// Most lines a book may end with a hyphen (TeX users expect well under one in ten).
const MAX_HYPHENATED_SHARE: f64 = 0.10;
/// Most justified lines that may be set looser than their spaces' full stretch (r > 1).
const MAX_LOOSE_SHARE: f64 = 0.05;
/// Most justified lines that may hold a space wider than half an em.
const MAX_WIDE_SPACE_SHARE: f64 = 0.015;
/// The widest word space allowed anywhere, in ems: past this a gap shows from across the
/// room (the sample books' widest is 0.59 em).
const MAX_SPACE_EM: f64 = 0.65;
/// Most spreads of an article that may end on different baselines: figures, tables, code
/// and headings kept with their text leave some uneven even a line short or long.
const MAX_UNEVEN_SPREAD_SHARE: f64 = 0.4;
/// Spaces outside justified text keep their natural width (Noto Serif's is 0.26 em); a
/// justified line spaces its words wider.
const MAX_NATURAL_SPACE_EM: f64 = 0.3;

#[test]
fn sample_books_set_few_hyphens_even_spaces_and_clean_page_turns() {
    for manifest in books() {
        let (_, _, s) = laid_out(&manifest);
        let name = manifest.display();
        let share = |n: usize, of: usize| n as f64 / of.max(1) as f64;
        let hyphenated = share(s.hyphenated, s.lines);
        assert!(
            hyphenated <= MAX_HYPHENATED_SHARE,
            "{name}: {:.1}% of lines hyphenated",
            100.0 * hyphenated
        );
        let loose = share(s.loose, s.justified);
        assert!(
            loose <= MAX_LOOSE_SHARE,
            "{name}: {:.1}% of justified lines loose",
            100.0 * loose
        );
        let wide = share(s.wide_space_lines, s.justified);
        assert!(
            wide <= MAX_WIDE_SPACE_SHARE,
            "{name}: {:.1}% of lines with a space over half an em",
            100.0 * wide
        );
        assert!(
            s.widest_space_em <= MAX_SPACE_EM,
            "{name}: a space of {:.2} em",
            s.widest_space_em
        );
        assert_eq!(
            s.hyphenated_page_ends, 0,
            "{name}: a word broken over a page turn"
        );
        assert!(s.spreads > 0, "{name}: no spreads counted");
        assert!(
            share(s.unbalanced_spreads, s.spreads) <= MAX_UNEVEN_SPREAD_SHARE,
            "{name}: {} of {} spreads end on different baselines",
            s.unbalanced_spreads,
            s.spreads
        );
    }
}

/// Word spaces as set in the frames: (page kind, text of the run, space width in ems). A
/// space glyph sits where its glue begins; the next glyph where the glue ends. Runs in the
/// monospace face are left out: code keeps the face's fixed 0.6 em spaces.
fn spaces(layout: &Layout) -> Vec<(PageKind, String, f64)> {
    let mut out = Vec::new();
    for p in &layout.pages {
        for (_, it) in &p.items {
            let Item::Glyphs(r) = it else { continue };
            if layout.fonts[r.font].name.contains("Mono") {
                continue;
            }
            let glyphs: Vec<_> = r.glyphs_with_text().collect();
            for w in glyphs.windows(2) {
                let ((a, a_text), (b, b_text)) = (w[0], w[1]);
                if a_text == " " && b_text != " " {
                    let gap = f64::from(b.x - a.x);
                    out.push((p.kind, r.text().to_string(), gap / r.size));
                }
            }
        }
    }
    out
}

#[test]
fn front_and_back_matter_keep_natural_spaces_and_no_space_is_wide() {
    for manifest in books() {
        let (c, layout, _) = laid_out(&manifest);
        let name = manifest.display();
        let all = spaces(&layout);
        assert!(all.len() > 1000, "{name}: spaces found in the frames");
        for (kind, text, em) in &all {
            assert!(*em <= MAX_SPACE_EM, "{name}: {em:.2} em space in {text:?}");
            // Title, copyright, contents and contributors pages are never justified.
            if matches!(kind, PageKind::Front | PageKind::Back) {
                assert!(
                    *em <= MAX_NATURAL_SPACE_EM,
                    "{name}: {kind:?} page spreads {text:?} ({em:.2} em spaces)"
                );
            }
        }
        if c.is_anthology() {
            let back = all.iter().filter(|(k, ..)| *k == PageKind::Back).count();
            assert!(back > 50, "{name}: the contributors page was checked");
        }
    }
}

/// The reference-list entries anchored on each page, as (article prefix, number).
fn reference_entries(layout: &Layout) -> Vec<Vec<(String, u32)>> {
    layout
        .pages
        .iter()
        .map(|p| {
            p.items
                .iter()
                .filter_map(|(_, it)| match it {
                    Item::Anchor(name) => {
                        let (prefix, n) = name.rsplit_once("-r")?;
                        Some((prefix.to_string(), n.parse().ok()?))
                    }
                    _ => None,
                })
                .collect()
        })
        .collect()
}

#[test]
fn reference_lists_never_leave_one_entry_alone_on_a_page() {
    for manifest in books() {
        let (_, layout, _) = laid_out(&manifest);
        let pages = reference_entries(&layout);
        let mut lists = 0;
        for (k, entries) in pages.iter().enumerate() {
            for (prefix, n) in entries {
                let count = pages.iter().flatten().filter(|(p, _)| p == prefix).count() as u32;
                let here = |m: u32| entries.iter().any(|(p, x)| p == prefix && *x == m);
                if *n == 1 {
                    lists += 1;
                }
                if count > 1 && (*n == 1 || *n == count) {
                    let partner = if *n == 1 { 2 } else { count - 1 };
                    assert!(
                        here(partner),
                        "{}: page {} holds entry {n} of {prefix}'s {count} references without entry {partner}",
                        manifest.display(),
                        k + 1
                    );
                }
            }
        }
        assert!(lists > 0, "{}: no reference list found", manifest.display());
    }
}

/// The glyph runs of a page outside formulas: (x, baseline, size, marked as ending its
/// line, text). A formula's glyphs (inside its ActualText span) sit on many baselines and
/// are no line of text; its TeX is what extraction gives.
fn runs(items: &[(folio::typeset::frame::Point, Item)]) -> Vec<(f64, f64, f64, bool, String)> {
    let mut in_math = false;
    let mut out = Vec::new();
    for (p, it) in items {
        match it {
            Item::ActualText(_) => in_math = true,
            Item::EndActualText => in_math = false,
            Item::Glyphs(r) if !in_math => {
                out.push((p.x, p.y, r.size, r.ends_line, r.text().to_string()))
            }
            _ => {}
        }
    }
    out
}

/// The layout says which run ends each line (the PDF writer relies on it to keep a hyphen
/// written in a word): on every page of the sample books and of a fixture with every block
/// kind (lists, tables, code, notes, references, contents), each line of text has exactly
/// one run marked, its rightmost, whatever is drawn after it (a list's bullet, an entry's
/// number). Runs on one line lie within half a type size of each other (a superscript is
/// raised less, the next line is a line pitch down).
#[test]
fn every_line_has_one_run_marked_as_its_end_and_it_is_the_rightmost() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/epub/blocks");
    let mut lines = 0;
    for manifest in books().into_iter().chain([fixture]) {
        let (_, layout, _) = laid_out(&manifest);
        for (i, page) in layout.pages.iter().enumerate() {
            let runs = runs(&page.items);
            let same_line = |a: &(f64, f64, f64, bool, String),
                             b: &(f64, f64, f64, bool, String)| {
                (a.1 - b.1).abs() < 0.5 * a.2.max(b.2)
            };
            for r in &runs {
                let ends = runs
                    .iter()
                    .filter(|m| m.3 && same_line(m, r) && m.0 >= r.0)
                    .count();
                assert_eq!(
                    ends,
                    1,
                    "{}: page {}: {:?} has {ends} marked line ends at or right of it",
                    manifest.display(),
                    i + 1,
                    r.4
                );
                if r.3 {
                    lines += 1;
                    let after = runs.iter().find(|q| same_line(q, r) && q.0 > r.0);
                    assert!(
                        after.is_none(),
                        "{}: page {}: {:?} is marked as ending its line, but {:?} follows",
                        manifest.display(),
                        i + 1,
                        r.4,
                        after.map(|q| &q.4)
                    );
                }
            }
        }
    }
    assert!(lines > 1000, "only {lines} lines checked");
}
