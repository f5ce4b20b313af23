//! Helpers for tests that read the print layout as a reader would check a proof: books made
//! from markdown in a temporary folder, where an anchor lies, the text at the foot of a page
//! (below the note rule), the notes of the EPUB, and every item that leaves the trim.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use folio::manifest::Collection;
use folio::typeset::book::Geometry;
use folio::typeset::frame::{Item, Layout, Page};
use folio::typeset::paginate::NOTE_RULE_SHARE;
use folio::typeset::type_scale::RULE;
use folio::Diagnostics;

/// A book in a temporary folder.
pub struct Book {
    /// The folder (removed when dropped).
    pub dir: tempfile::TempDir,
    /// Its manifest.
    pub manifest: PathBuf,
}

/// A book of `articles` (file name, markdown), with `extra` manifest lines after the
/// article list (a `[print]` table, say).
pub fn book(articles: &[(&str, &str)], extra: &str) -> Book {
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<String> = articles.iter().map(|(n, _)| format!("{n:?}")).collect();
    let manifest = dir.path().join("collection.toml");
    std::fs::write(
        &manifest,
        format!(
            "title = \"Proof\"\nauthors = [\"A. Tester\"]\nlanguage = \"en\"\n\
             date = \"2026-01-01\"\narticles = [{}]\n{extra}",
            names.join(", ")
        ),
    )
    .unwrap();
    for (name, text) in articles {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    Book { dir, manifest }
}

/// The collection of `b`, with what loading it said.
pub fn load(b: &Book) -> (Collection, Diagnostics) {
    let mut diags = Diagnostics::new();
    let c = folio::build::load(&b.manifest, &mut diags).expect("the manifest loads");
    (c, diags)
}

/// The collection laid out, with what the layout said.
pub fn layout(c: &Collection) -> (Layout, Diagnostics) {
    let mut diags = Diagnostics::new();
    let l = folio::typeset::layout(c, &mut diags);
    (l, diags)
}

/// Every diagnostic as `file:line:col: severity: message`.
pub fn messages(d: &Diagnostics) -> Vec<String> {
    d.items().iter().map(|d| d.to_string()).collect()
}

/// The page (index) of the first anchor named `name`.
pub fn anchor_page(l: &Layout, name: &str) -> Option<usize> {
    l.pages.iter().position(|p| {
        p.items
            .iter()
            .any(|(_, i)| matches!(i, Item::Anchor(a) if a == name))
    })
}

/// The text block's width of `c`'s print edition.
pub fn measure(c: &Collection) -> f64 {
    Geometry::new(&c.print).measure
}

/// The y of the short rule over the notes of `page`, if it has notes.
pub fn note_rule(page: &Page, measure: f64) -> Option<f64> {
    page.items.iter().find_map(|(p, i)| match i {
        Item::Rect { width, height, .. }
            if (*height - RULE).abs() < 1e-9
                && (*width - measure * NOTE_RULE_SHARE).abs() < 1e-6 =>
        {
            Some(p.y)
        }
        _ => None,
    })
}

/// The text of the glyph runs below the note rule of `page` (its notes), run after run.
pub fn foot_text(page: &Page, measure: f64) -> String {
    let Some(rule) = note_rule(page, measure) else {
        return String::new();
    };
    let mut s = String::new();
    for (p, i) in &page.items {
        if let Item::Glyphs(run) = i {
            if p.y > rule {
                s.push_str(run.text());
                s.push(' ');
            }
        }
    }
    s
}

/// Checks that note `n` of the article with anchor prefix `prefix` is printed: its text
/// begins at the foot of the page of its mark, or of the next page when notes run on from
/// before, and every word of `words` is at the foot of one of those pages or the two after
/// (a long note runs on).
pub fn note_printed(
    l: &Layout,
    measure: f64,
    prefix: &str,
    n: u32,
    words: &[&str],
) -> Result<(), String> {
    let mark = anchor_page(l, &format!("{prefix}-nr{n}"))
        .ok_or_else(|| format!("note {n}: its mark is on no page"))?;
    let start = anchor_page(l, &format!("{prefix}-n{n}"))
        .ok_or_else(|| format!("note {n}: its text is on no page (mark on page {mark})"))?;
    if start != mark && start != mark + 1 {
        return Err(format!(
            "note {n}: mark on page {mark}, text begins on page {start}"
        ));
    }
    for w in words {
        let found = (start..(start + 3).min(l.pages.len()))
            .any(|p| foot_text(&l.pages[p], measure).contains(w));
        if !found {
            return Err(format!(
                "note {n}: `{w}` is not at the foot of page {start} or after: {:?}",
                foot_text(&l.pages[start], measure)
            ));
        }
    }
    Ok(())
}

/// The text of each EPUB footnote by (article file, note number), from the files a build
/// of `c` makes.
pub fn epub_notes(c: &Collection) -> BTreeMap<(String, u32), String> {
    let mut diags = Diagnostics::new();
    let book = folio::build::epub_files(c, &mut diags).expect("the EPUB is made");
    let mut out = BTreeMap::new();
    for e in &book.entries {
        if !e.path.ends_with(".xhtml") {
            continue;
        }
        let text = std::str::from_utf8(&e.bytes).expect("XHTML is UTF-8");
        let opts = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        };
        let doc = roxmltree::Document::parse_with_options(text, opts).expect("XHTML parses");
        for aside in doc.descendants().filter(|n| n.has_tag_name("aside")) {
            let Some(n) = aside
                .attribute("id")
                .and_then(|id| id.strip_prefix("fn_"))
                .and_then(|n| n.parse().ok())
            else {
                continue;
            };
            let words: String = aside
                .descendants()
                .filter(|d| d.is_text())
                .filter_map(|d| d.text())
                .collect();
            out.insert((e.path.clone(), n), words);
        }
    }
    out
}

/// Every item of every page that is not inside the page's trim box, described. Glyph runs
/// count from an em above their baseline to a third of one below it, and across their
/// advance; anchors are points.
pub fn outside_trim(l: &Layout) -> Vec<String> {
    let mut out = Vec::new();
    for (k, page) in l.pages.iter().enumerate() {
        for (p, item) in &page.items {
            let (x0, y0, x1, y1) = match item {
                Item::Glyphs(run) => (p.x, p.y - run.size, p.x + run.width, p.y + run.size / 3.0),
                Item::Rect { width, height, .. }
                | Item::Image { width, height, .. }
                | Item::Link { width, height, .. } => (p.x, p.y, p.x + width, p.y + height),
                Item::Anchor(_) | Item::ActualText(_) | Item::EndActualText => (p.x, p.y, p.x, p.y),
            };
            let inside = x0 >= -1e-6
                && y0 >= -1e-6
                && x1 <= page.width + 1e-6
                && y1 <= page.height + 1e-6
                && [x0, y0, x1, y1].iter().all(|v| v.is_finite());
            if !inside {
                let what = match item {
                    Item::Glyphs(run) => format!("text {:?}", run.text()),
                    other => format!("{other:?}").chars().take(60).collect(),
                };
                out.push(format!(
                    "page {}: {what} at ({x0:.1}, {y0:.1})–({x1:.1}, {y1:.1}) on a {:.1}×{:.1} page",
                    k + 1,
                    page.width,
                    page.height
                ));
            }
        }
    }
    out
}

/// Every word of the layout's glyph runs (soft hyphens at line ends joined), in order.
pub fn layout_text(l: &Layout) -> String {
    let mut s = String::new();
    for page in &l.pages {
        for (_, i) in &page.items {
            if let Item::Glyphs(run) = i {
                s.push_str(run.text());
                if s.ends_with('\u{AD}') {
                    s.pop();
                } else {
                    s.push(' ');
                }
            }
        }
    }
    s
}
