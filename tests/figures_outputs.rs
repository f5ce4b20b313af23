//! Figures end to end on the figures fixture (an English and a German article): an SVG
//! chart (paths, text, a gradient, clipping) is vector content in the PDF — a Form XObject,
//! no raster image — and an `image/svg+xml` item in the EPUB, which epubcheck passes;
//! figures and tables are numbered with captions and source lines in the article's
//! language; `@fig:`, `@tbl:` and `@sec:` references print as "Figure 1", "Table 1",
//! "Section 2" and link to their targets in both outputs; an unknown label is an error at
//! the reference; a figure that does not fit floats to the next page's top while the text
//! fills the page it leaves.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/typeset/figures")
}

/// Builds the fixture in `format` into `out`: folio's stderr.
fn build(format: &str, out: &Path) -> String {
    let run = Command::new(common::folio_bin())
        .arg("build")
        .arg(fixture())
        .args(["--format", format, "--out"])
        .arg(out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr).to_string();
    assert!(run.status.success(), "{stderr}");
    stderr
}

/// The `/Subtype` of every XObject the pages (and the forms in them) use.
fn xobject_subtypes(doc: &lopdf::Document) -> Vec<String> {
    let mut seen = Vec::new();
    let mut todo: Vec<lopdf::ObjectId> = Vec::new();
    let mut subtypes = Vec::new();
    let add = |dict: &lopdf::Dictionary, todo: &mut Vec<lopdf::ObjectId>| {
        let resources = match dict.get(b"Resources") {
            Ok(lopdf::Object::Reference(r)) => doc.get_dictionary(*r).ok(),
            Ok(lopdf::Object::Dictionary(d)) => Some(d),
            _ => None,
        };
        let xobjects = resources.and_then(|r| r.get(b"XObject").ok());
        let xobjects = match xobjects {
            Some(lopdf::Object::Reference(r)) => doc.get_dictionary(*r).ok(),
            Some(lopdf::Object::Dictionary(d)) => Some(d),
            _ => None,
        };
        for (_, x) in xobjects.into_iter().flat_map(|d| d.iter()) {
            todo.push(x.as_reference().expect("XObjects are indirect"));
        }
    };
    for (_, page) in doc.get_pages() {
        add(doc.get_dictionary(page).unwrap(), &mut todo);
    }
    while let Some(id) = todo.pop() {
        if seen.contains(&id) {
            continue;
        }
        seen.push(id);
        let stream = doc.get_object(id).unwrap().as_stream().unwrap();
        let subtype = stream.dict.get(b"Subtype").unwrap().as_name().unwrap();
        subtypes.push(String::from_utf8_lossy(subtype).to_string());
        add(&stream.dict, &mut todo);
    }
    subtypes
}

#[test]
fn an_svg_chart_is_vector_content_in_the_pdf() {
    let out = tempfile::tempdir().unwrap();
    let stderr = build("pdf", out.path());
    assert!(!stderr.contains("warning"), "{stderr}");
    let doc = lopdf::Document::load(out.path().join("figures.pdf")).unwrap();
    let subtypes = xobject_subtypes(&doc);
    assert!(subtypes.iter().any(|s| s == "Form"), "{subtypes:?}");
    assert!(!subtypes.iter().any(|s| s == "Image"), "{subtypes:?}");
    // The chart's gradient is a shading, drawn as vectors.
    let shadings = (doc.objects.values())
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.has(b"ShadingType"))
        .count();
    assert!(shadings >= 1, "no shading for the chart's gradient");
}

#[test]
fn an_svg_chart_is_an_svg_item_in_the_epub_and_passes_epubcheck() {
    let out = tempfile::tempdir().unwrap();
    build("epub", out.path());
    let epub = out.path().join("figures.epub");
    let zip = std::fs::File::open(&epub).unwrap();
    let mut zip = zip::ZipArchive::new(zip).unwrap();
    let mut opf = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("OEBPS/content.opf").unwrap(), &mut opf)
        .unwrap();
    assert!(
        opf.contains("href=\"images/rainfall.svg\" media-type=\"image/svg+xml\""),
        "{opf}"
    );
    if common::require_tool("epubcheck") {
        let o = Command::new("epubcheck").arg(&epub).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    }
}

#[test]
fn references_print_as_named_numbers_and_link_to_their_targets_in_the_pdf() {
    if !common::require_tool("pdftotext") {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    build("pdf", out.path());
    let pdf = out.path().join("figures.pdf");
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let flat = String::from_utf8_lossy(&text.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for want in [
        "barn. Figure 1 sets the six growing months",
        "and Table 1 gives what each field gave back; the method is in Section 2.",
        "see also Figure 1, Figure 2.",
        "Figure 1: Monthly rainfall at the test farm, April to September",
        "Source: the farm’s own gauge",
        "Table 1: Yields by field in the harvest year",
        "Figure 2: Rain and the harvest date Source: Weather notes kept in the barn",
        "Abbildung 1 zeigt die sechs Monate",
        "Tabelle 1: Kosten je Hektar",
    ] {
        assert!(
            flat.contains(want),
            "`{want}` is not in the PDF's text:\n{flat}"
        );
    }
    assert!(!flat.contains("@fig") && !flat.contains("@tbl") && !flat.contains("{#"));
    // Every reference is a link inside the document (the fixture has no web links).
    let doc = lopdf::Document::load(&pdf).unwrap();
    let mut internal = 0;
    for (_, page) in doc.get_pages() {
        let annots = match doc.get_dictionary(page).unwrap().get(b"Annots") {
            Ok(lopdf::Object::Array(a)) => a.clone(),
            _ => continue,
        };
        for a in annots {
            let a = doc.get_dictionary(a.as_reference().unwrap()).unwrap();
            let goto = a.has(b"Dest")
                || a.get(b"A").and_then(|x| x.as_dict()).is_ok_and(|x| {
                    x.get(b"S").and_then(|s| s.as_name()).ok() == Some(b"GoTo".as_slice())
                });
            internal += usize::from(goto);
        }
    }
    // Seven references in the text, and the contents page's two entries.
    assert!(internal >= 9, "{internal} internal links");
}

#[test]
fn the_epub_has_figures_captions_and_linked_references() {
    let (book, _) = common::epub_of(&fixture());
    let page = |name: &str| {
        let e = (book.entries.iter())
            .find(|e| e.path.ends_with(name))
            .unwrap_or_else(|| panic!("no {name} in the EPUB"));
        String::from_utf8(e.bytes.clone()).unwrap()
    };
    let en = page("article-01.xhtml");
    for want in [
        "<a href=\"#fig-rain\">Figure\u{a0}1</a> sets",
        "<a href=\"#tbl-yields\">Table\u{a0}1</a> gives",
        "<a href=\"#id-sec-method\">Section\u{a0}2</a>",
        "<a href=\"#fig-rain\">Figure\u{a0}1</a>, <a href=\"#fig-trend\">Figure\u{a0}2</a>",
        "<figure id=\"fig-rain\">",
        // The source line adds to the alt text; so does a title that differs from it.
        "<img style=\"width: 90%\" aria-describedby=\"fig-rain-caption\" src=\"images/rainfall.svg\"",
        "<img aria-describedby=\"fig-trend-caption\" src=",
        "<figcaption id=\"fig-rain-caption\"><span class=\"caption-label\">Figure\u{a0}1</span>: Monthly rainfall",
        "<span class=\"source\">Source: the farm’s own gauge",
        "<div id=\"tbl-yields\" class=\"table-scroll\"",
        "<caption><span class=\"caption-label\">Table\u{a0}1</span>: Yields by field in the harvest year</caption>",
    ] {
        assert!(en.contains(want), "`{want}` is not in the page:\n{en}");
    }
    let de = page("article-02.xhtml");
    assert!(
        de.contains("<a href=\"#fig-regen\">Abbildung\u{a0}1</a> zeigt"),
        "{de}"
    );
    assert!(de.contains("<span class=\"caption-label\">Tabelle\u{a0}1</span>: Kosten"));
    // A figure whose caption is its alt text is not described twice.
    assert!(de.contains("<img src=\"images/rainfall.svg\""), "{de}");
}

#[test]
fn a_reference_to_an_unknown_label_is_an_error_at_its_place() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir(root.join("articles")).unwrap();
    for f in [
        "collection.toml",
        "articles/rainfall.svg",
        "articles/ernte.md",
    ] {
        std::fs::copy(fixture().join(f), root.join(f)).unwrap();
    }
    let harvest = std::fs::read_to_string(fixture().join("articles/harvest.md")).unwrap();
    let harvest = format!("{harvest}\nSee also @tbl:nowhere.\n");
    let line = harvest.lines().count();
    std::fs::write(root.join("articles/harvest.md"), harvest).unwrap();
    let run = Command::new(common::folio_bin())
        .arg("check")
        .arg(root)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    let at = format!(
        "articles/harvest.md:{line}:10: error: no table in this article is labelled `tbl:nowhere`"
    );
    assert!(stderr.contains(&at), "want {at} in:\n{stderr}");
}

#[test]
fn a_figure_that_does_not_fit_floats_and_leaves_no_hole_of_more_than_a_few_lines() {
    use folio::typeset::frame::Item;
    let mut diags = folio::Diagnostics::new();
    let c = folio::build::load(&fixture().join("collection.toml"), &mut diags).unwrap();
    let (layout, _) = folio::typeset::layout_with_stats(&c, &mut diags);
    let g = folio::typeset::book::Geometry::new(&c.print);
    let (top, bottom) = (g.top, g.top + g.block);
    let in_block = |y: f64| y > top - 1.0 && y < bottom + 1.0;
    let glyph_ys = |page: &folio::typeset::Page| -> Vec<f64> {
        (page.items.iter())
            .filter(|(p, i)| matches!(i, Item::Glyphs(_)) && in_block(p.y))
            .map(|(p, _)| p.y)
            .collect()
    };
    let mut floated = 0;
    for (k, page) in layout.pages.iter().enumerate().skip(1) {
        let image_top = (page.items.iter())
            .filter(|(p, i)| matches!(i, Item::Image { .. }) && in_block(p.y))
            .map(|(p, _)| p.y)
            .fold(f64::MAX, f64::min);
        if image_top == f64::MAX || glyph_ys(page).iter().any(|&y| y < image_top) {
            continue;
        }
        // The page opens with a figure: the page before is filled to within three lines
        // (the float's limit) of its foot.
        let last = glyph_ys(&layout.pages[k - 1])
            .into_iter()
            .fold(0.0, f64::max);
        assert!(
            bottom - last <= 4.0 * g.leading,
            "page {} ends {:.1} lines short before a figure",
            k,
            (bottom - last) / g.leading
        );
        floated += 1;
    }
    assert_eq!(
        floated, 1,
        "the fixture's second figure floats to a page top"
    );
}

/// The fixture copied to a temporary folder, with `extra` added to its `[print]` table.
fn fixture_with_print(extra: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir(root.join("articles")).unwrap();
    for f in [
        "articles/rainfall.svg",
        "articles/ernte.md",
        "articles/harvest.md",
    ] {
        std::fs::copy(fixture().join(f), root.join(f)).unwrap();
    }
    let manifest = std::fs::read_to_string(fixture().join("collection.toml")).unwrap();
    let manifest = manifest.replace("[print]\n", &format!("[print]\n{extra}\n"));
    std::fs::write(root.join("collection.toml"), manifest).unwrap();
    tmp
}

#[test]
fn figures_and_tables_are_numbered_by_book_when_asked() {
    let tmp = fixture_with_print("number-figures = \"book\"");
    let (book, diags) = common::epub_of(tmp.path());
    assert_eq!(diags.error_count(), 0);
    let page = |name: &str| {
        let e = (book.entries.iter())
            .find(|e| e.path.ends_with(name))
            .unwrap();
        String::from_utf8(e.bytes.clone()).unwrap()
    };
    let en = page("article-01.xhtml");
    assert!(
        en.contains("<a href=\"#fig-rain\">Figure\u{a0}1.1</a> sets"),
        "{en}"
    );
    assert!(en.contains("<a href=\"#fig-trend\">Figure\u{a0}1.2</a>"));
    assert!(en.contains("<span class=\"caption-label\">Table\u{a0}1.1</span>"));
    let de = page("article-02.xhtml");
    assert!(
        de.contains("<a href=\"#fig-regen\">Abbildung\u{a0}2.1</a> zeigt"),
        "{de}"
    );
    assert!(de.contains("<span class=\"caption-label\">Tabelle\u{a0}2.1</span>"));
}

#[test]
fn a_misspelt_numbering_is_an_error_at_its_line() {
    let tmp = fixture_with_print("number-figures = \"chapter\"");
    let (code, stderr) = common::folio_check(tmp.path());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "collection.toml:12:18: error: `number-figures = \"chapter\"` is not article or book"
        ),
        "{stderr}"
    );
}
