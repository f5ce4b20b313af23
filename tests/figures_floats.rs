//! Floats and the lists of figures and tables, on the floats fixture (an article of
//! sections with figures and captioned tables, one of which must pass a heading to leave no
//! hole, and a short second article; `list-of-figures = true`): no page of an article but
//! its last ends more than three lines short, figures and tables keep their order and stand
//! on the page of their first reference or later; the PDF's lists give every caption with
//! the folio its figure is on and have outline entries, the EPUB's navigation lists them
//! with links that resolve (epubcheck passes it: `tests/epub_check.rs`); the lists add
//! front pages only, and `list-of-figures` is true or false or an error at its line.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use folio::typeset::frame::{Item, LinkTarget, PageKind};
use folio::typeset::{book::Geometry, Layout};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/typeset/floats")
}

/// The fixture (or `dir`) loaded and laid out, with its page geometry.
fn layout_of(dir: &Path) -> (folio::manifest::Collection, Layout, Geometry) {
    let mut diags = folio::Diagnostics::new();
    let c = folio::build::load(&dir.join("collection.toml"), &mut diags).unwrap();
    let (layout, stats) = folio::typeset::layout_with_stats(&c, &mut diags);
    assert!(!diags.has_errors(), "{:?}", diags.items());
    assert_eq!(stats.widows + stats.orphans, 0);
    let g = Geometry::new(&c.print);
    (c, layout, g)
}

/// Every anchor of the layout: name → (page index, y).
fn anchors(layout: &Layout) -> BTreeMap<String, (usize, f64)> {
    let mut out = BTreeMap::new();
    for (k, page) in layout.pages.iter().enumerate() {
        for (p, item) in &page.items {
            if let Item::Anchor(name) = item {
                out.entry(name.clone()).or_insert((k, p.y));
            }
        }
    }
    out
}

/// The figures and captioned tables of article `i` of `c`, in reading order: (label as
/// printed, short caption, anchor name).
fn listed(c: &folio::manifest::Collection, i: usize) -> Vec<(String, String, String)> {
    let a = c.articles().nth(i).unwrap();
    let prefix = folio::typeset::links::article_prefix(i);
    (folio::model::listed(&a.doc).into_iter())
        .map(|e| {
            let anchor = folio::typeset::links::heading_anchor(&prefix, &e.id);
            (e.label, e.text, anchor)
        })
        .collect()
}

#[test]
fn floats_leave_no_hole_keep_their_order_and_follow_their_references() {
    let (c, layout, g) = layout_of(&fixture());
    let at = anchors(&layout);
    let (top, bottom) = (g.top, g.top + g.block);
    // The pages of each article: from its opening to the page before the next text page
    // that is not its own (a blank verso before a recto opening ends nothing).
    let articles = c.articles().count();
    let openings: Vec<usize> = (0..articles)
        .map(|i| at[&folio::typeset::links::opening_anchor(i)].0)
        .collect();
    let last_body = (layout.pages.iter())
        .rposition(|p| p.kind == PageKind::Body)
        .unwrap();
    for (i, &open) in openings.iter().enumerate() {
        let end = openings.get(i + 1).map_or(last_body + 1, |&n| n);
        let pages: Vec<usize> = (open..end)
            .filter(|&k| layout.pages[k].kind == PageKind::Body)
            .collect();
        let (&last, rest) = pages.split_last().unwrap();
        assert!(last > open, "article {i} runs over more than one page");
        for &k in rest {
            let baseline = (layout.pages[k].items.iter())
                .filter(|(p, it)| matches!(it, Item::Glyphs(_)) && p.y > top && p.y < bottom)
                .map(|(p, _)| p.y)
                .fold(0.0, f64::max);
            // The last baseline sits a little above its line's foot: within three lines
            // of room, it is less than four lines above the block's foot.
            assert!(
                bottom - baseline < 4.0 * g.leading,
                "page {} (article {i}) ends {:.1} lines short",
                layout.pages[k].label,
                (bottom - baseline) / g.leading
            );
        }
    }
    // Figures and tables keep their order, each on the page of its first reference in the
    // text or later.
    let mut references: BTreeMap<&str, usize> = BTreeMap::new();
    for (k, page) in layout.pages.iter().enumerate() {
        for (_, item) in &page.items {
            if let Item::Link {
                target: LinkTarget::Anchor(name),
                ..
            } = item
            {
                if page.kind == PageKind::Body {
                    references.entry(name.as_str()).or_insert(k);
                }
            }
        }
    }
    let mut checked = 0;
    for i in 0..articles {
        let entries = listed(&c, i);
        for (kind, word) in [("fig", "Figure"), ("tbl", "Table")] {
            let places: Vec<(usize, f64)> = (entries.iter())
                .filter(|(label, _, _)| label.starts_with(word))
                .map(|(_, _, anchor)| at[anchor])
                .collect();
            assert!(
                places.windows(2).all(|w| w[0] < w[1]),
                "article {i}'s {kind} out of order: {places:?}"
            );
        }
        for (label, _, anchor) in &entries {
            let (page, _) = at[anchor];
            let cited = references[anchor.as_str()];
            assert!(
                page >= cited,
                "{label} is on page {page}, before its reference on {cited}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 8, "{checked} figures and tables");
}

/// The fixture built into a temporary folder in `format`: the folder and the file.
fn build(dir: &Path, format: &str) -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(common::folio_bin())
        .arg("build")
        .arg(dir)
        .args(["--format", format, "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    let name = dir.file_name().unwrap().to_string_lossy().to_string();
    let file = out.path().join(format!("{name}.{format}"));
    (out, file)
}

#[test]
fn the_pdf_lists_every_figure_and_table_with_its_page_and_outline_entries() {
    if !common::require_tool("pdftotext") {
        return;
    }
    let (c, layout, _) = layout_of(&fixture());
    let at = anchors(&layout);
    let (_tmp, pdf) = build(&fixture(), "pdf");
    let text = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout).to_string();
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let lof = flat.find("List of Figures").expect("a list of figures");
    let lot = flat.find("List of Tables").expect("a list of tables");
    let body = flat.find("The orchard below the house").unwrap();
    assert!(
        lof < lot && lot < body,
        "the lists stand in the front matter"
    );
    let mut listed_count = 0;
    for i in 0..c.articles().count() {
        for (label, caption, anchor) in listed(&c, i) {
            let list = if label.starts_with("Figure") {
                &flat[lof..lot]
            } else {
                &flat[lot..body]
            };
            let folio = &layout.pages[at[&anchor].0].label;
            // The entry: its number, its caption, leaders and the folio of its page.
            let number = label.rsplit('\u{a0}').next().unwrap();
            let words = caption.split_whitespace().collect::<Vec<_>>().join(" ");
            let start = (list.find(&format!("{number} {words}")))
                .unwrap_or_else(|| panic!("`{number} {words}` is not listed:\n{list}"));
            let after = &list[start + number.len() + 1 + words.len()..];
            let page = after
                .trim_start_matches([' ', '.'])
                .split(' ')
                .next()
                .unwrap();
            assert_eq!(page, folio, "{label}'s page in the list");
            listed_count += 1;
        }
    }
    assert!(listed_count >= 8);
    // The caption's second sentence is left out of the list.
    assert!(!flat[lof..lot].contains("The bars"));
    // The outline has an entry for each list, leading to a front page.
    let doc = lopdf::Document::load(&pdf).unwrap();
    let titles = outline_titles(&doc);
    for want in ["Contents", "List of Figures", "List of Tables"] {
        assert!(titles.iter().any(|t| t == want), "{want} in {titles:?}");
    }
}

/// The titles of the PDF's outline, depth first.
fn outline_titles(doc: &lopdf::Document) -> Vec<String> {
    fn deref<'a>(doc: &'a lopdf::Document, o: &'a lopdf::Object) -> Option<&'a lopdf::Dictionary> {
        match o {
            lopdf::Object::Reference(id) => doc.get_dictionary(*id).ok(),
            lopdf::Object::Dictionary(d) => Some(d),
            _ => None,
        }
    }
    let mut out = Vec::new();
    let root = deref(doc, doc.catalog().unwrap().get(b"Outlines").unwrap()).unwrap();
    let first = root.get(b"First").ok().and_then(|o| deref(doc, o));
    let mut todo: Vec<&lopdf::Dictionary> = first.into_iter().collect();
    while let Some(item) = todo.pop() {
        let bytes = item.get(b"Title").unwrap().as_str().unwrap();
        let title = if bytes.starts_with(&[0xFE, 0xFF]) {
            let units: Vec<u16> = (bytes[2..].chunks(2))
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).unwrap()
        } else {
            String::from_utf8_lossy(bytes).into_owned()
        };
        out.push(title);
        todo.extend(item.get(b"Next").ok().and_then(|o| deref(doc, o)));
        todo.extend(item.get(b"First").ok().and_then(|o| deref(doc, o)));
    }
    out
}

#[test]
fn the_epub_navigation_lists_figures_and_tables_with_links_that_resolve() {
    let (book, diags) = common::epub_of(&fixture());
    assert_eq!(diags.error_count(), 0);
    let file = |name: &str| {
        let e = (book.entries.iter())
            .find(|e| e.path.ends_with(name))
            .unwrap_or_else(|| panic!("no {name} in the EPUB"));
        String::from_utf8(e.bytes.clone()).unwrap()
    };
    let nav = file("nav.xhtml");
    let section = |kind: &str| {
        let start = (nav.find(&format!("<nav epub:type=\"{kind}\"")))
            .unwrap_or_else(|| panic!("no {kind} nav:\n{nav}"));
        let end = start + nav[start..].find("</nav>").unwrap();
        nav[start..end].to_string()
    };
    let (loi, lot) = (section("loi"), section("lot"));
    assert!(
        loi.contains("<h2 id=\"h_loi\">List of Figures</h2>"),
        "{loi}"
    );
    assert!(
        lot.contains("<h2 id=\"h_lot\">List of Tables</h2>"),
        "{lot}"
    );
    // A long caption is listed by its first sentence.
    assert!(
        loi.contains("Figure\u{a0}2: How the crop of each row came in over the three visits</a>")
    );
    assert!(!loi.contains("The bars"));
    // Two articles number their own: each list groups its entries under their titles.
    assert!(
        loi.contains("<li><a href=\"article-02.xhtml\">The Hedges</a>"),
        "{loi}"
    );
    let mut links = 0;
    for list in [&loi, &lot] {
        for href in list.split("href=\"").skip(1) {
            let href = &href[..href.find('"').unwrap()];
            let Some((page, id)) = href.split_once('#') else {
                continue;
            };
            assert!(
                file(page).contains(&format!(" id=\"{id}\"")),
                "{href} leads nowhere"
            );
            links += 1;
        }
    }
    let (c, _, _) = layout_of(&fixture());
    let all: usize = (0..c.articles().count()).map(|i| listed(&c, i).len()).sum();
    assert_eq!(links, all, "every figure and table is listed once");
}

/// The fixture copied to a temporary folder with its manifest changed by `edit`.
fn fixture_edited(edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir(root.join("articles")).unwrap();
    for f in [
        "articles/rainfall.svg",
        "articles/orchard.md",
        "articles/hedges.md",
    ] {
        std::fs::copy(fixture().join(f), root.join(f)).unwrap();
    }
    let manifest = std::fs::read_to_string(fixture().join("collection.toml")).unwrap();
    std::fs::write(root.join("collection.toml"), edit(&manifest)).unwrap();
    tmp
}

#[test]
fn the_lists_add_front_pages_only() {
    let without = fixture_edited(|m| m.replace("list-of-figures = true\n", ""));
    let (_, plain, _) = layout_of(without.path());
    let (_, listed, _) = layout_of(&fixture());
    let front = |l: &Layout| {
        l.pages
            .iter()
            .take_while(|p| p.kind != PageKind::Body)
            .count()
    };
    let (a, b) = (front(&plain), front(&listed));
    assert!(b > a && (b - a) % 2 == 0, "{a} front pages, then {b}");
    assert_eq!(listed.pages.len() - b, plain.pages.len() - a);
    // The body is the same page for page, folios and the EPUB page-list's starts included
    // (the copy's images are named from its own folder).
    let named = |p: &folio::typeset::Page| -> Vec<(f64, f64, Item)> {
        (p.items.iter())
            .map(|(at, item)| {
                let item = match item {
                    Item::Image {
                        path,
                        width,
                        height,
                        tag,
                    } => Item::Image {
                        path: PathBuf::from(path.file_name().unwrap()),
                        width: *width,
                        height: *height,
                        tag: *tag,
                    },
                    other => other.clone(),
                };
                (at.x, at.y, item)
            })
            .collect()
    };
    for (p, q) in plain.pages[a..].iter().zip(&listed.pages[b..]) {
        assert_eq!(p.label, q.label);
        assert!(named(p) == named(q), "page {} differs", p.label);
    }
    assert_eq!(plain.page_starts, listed.page_starts);
    assert!(listed.pages[..b]
        .iter()
        .all(|p| p.label.chars().all(|c| "ivxlc".contains(c))));
}

#[test]
fn a_list_of_figures_that_is_not_true_or_false_is_an_error_at_its_line() {
    let tmp = fixture_edited(|m| m.replace("list-of-figures = true", "list-of-figures = \"yes\""));
    let (code, stderr) = common::folio_check(tmp.path());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "collection.toml:15:19: error: invalid type: string \"yes\", expected a boolean"
        ),
        "{stderr}"
    );
}
