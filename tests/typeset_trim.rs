//! No glyph outside the trim, ever: every item the layout places on a page of every sample
//! book and every fixture that builds (at its own settings and at the smallest page and
//! largest type the manifest takes) lies inside the page's trim box. The layout has nothing
//! meant to bleed; crop marks and the slug are the PDF writer's, outside the frames.

mod common;
mod layout_check;

use std::path::{Path, PathBuf};

use folio::manifest::Collection;
use folio::Diagnostics;
use layout_check::outside_trim;

/// Every sample book and every fixture collection whose manifest loads without errors.
fn collections() -> Vec<(PathBuf, Collection)> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut manifests = common::sample_books();
    for kind in ["typeset", "pdf", "epub", "manifest"] {
        let Ok(dirs) = std::fs::read_dir(fixtures.join(kind)) else {
            continue;
        };
        let mut found: Vec<PathBuf> = dirs
            .flatten()
            .map(|d| d.path().join("collection.toml"))
            .filter(|m| m.is_file())
            .collect();
        found.sort();
        manifests.extend(found);
    }
    manifests
        .into_iter()
        .filter_map(|m| {
            let mut diags = Diagnostics::new();
            let c = folio::build::load(&m, &mut diags)?;
            (!diags.has_errors()).then_some((m, c))
        })
        .collect()
}

fn assert_inside(c: &Collection, what: &str) {
    let mut diags = Diagnostics::new();
    let l = folio::typeset::layout(c, &mut diags);
    let outside = outside_trim(&l);
    assert!(
        outside.is_empty(),
        "{what}: {} items outside the trim, first {:#?}",
        outside.len(),
        &outside[..outside.len().min(8)]
    );
}

#[test]
fn every_item_of_every_sample_and_fixture_lies_inside_the_trim() {
    let all = collections();
    assert!(all.len() >= 7, "{} collections", all.len());
    for (m, c) in &all {
        assert_inside(c, &m.display().to_string());
    }
}

#[test]
fn every_item_lies_inside_a_small_trim_at_large_type() {
    for (m, mut c) in collections() {
        // A pocket page at large type: the measure is at its floor of ten ems, so words
        // wider than the line and marks hung in the margin are at their most likely to
        // stick out.
        c.print.trim_width = 4.0 * 72.0;
        c.print.trim_height = 6.0 * 72.0;
        c.print.font_size = 14.0;
        c.print.leading = 17.0;
        assert_inside(&c, &format!("{} at 4 × 6 in, 14 pt", m.display()));
    }
}

/// An article made to push things out: words and addresses wider than any line, headings
/// of one long word, numbers far too wide for a list's hang, wide tables, deep quotes.
fn stress() -> String {
    let long = "Pneumonoultramicroscopicsilicovolcanoconiosis".repeat(4);
    let url = format!("https://example.org/{}", "segment".repeat(40));
    let quotes: String = (1..=30)
        .map(|k| {
            format!(
                "{} Quoted words at level {k}.\n{}\n",
                ">".repeat(k),
                ">".repeat(k)
            )
        })
        .collect();
    format!(
        "---\ntitle: {long}\n---\n\nA paragraph with {long} in it and an address \
         <{url}> and [a link]({url}).\n\n# {long}\n\n\
         999999999. An item numbered as high as markdown allows.\n\
         1000000000. And the next.\n\n\
         - a\n   - b\n      - c\n         - d\n            - e\n               - f\n\
         \x20                 999999999. deep and wide.\n\n\
         $$\n{long} + {long} = x\n$$\n\n\
         | {long} | b | c | d | e | f | g | h | i | j | k | l |\n\
         |---|---|---|---|---|---|---|---|---|---|---|---|\n\
         | {url} | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 |\n\n\
         `{long}{long}`\n\n    {long}{long} code\n\n{quotes}\nThe end.\n"
    )
}

#[test]
fn every_item_of_a_book_made_to_push_things_out_lies_inside_the_trim() {
    let b = layout_check::book(&[("a.md", &stress())], "");
    let (mut c, _) = layout_check::load(&b);
    assert_inside(&c, "the stress article");
    c.print.trim_width = 4.0 * 72.0;
    c.print.trim_height = 6.0 * 72.0;
    c.print.font_size = 14.0;
    c.print.leading = 17.0;
    assert_inside(&c, "the stress article at 4 × 6 in, 14 pt");
}
