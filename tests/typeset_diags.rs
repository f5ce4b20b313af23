//! Diagnostics of the print layout: a character no font has is reported once with its
//! file:line; a word wider than the measure is broken between letters and reported; raw
//! HTML is reported and left out; images are placed with their size.

use folio::typeset::frame::Item;
use folio::typeset::layout_with_stats;
use folio::Diagnostics;

fn book(body: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("collection.toml"),
        "title = \"Diag\"\nauthors = [\"A\"]\nlanguage = \"en\"\narticles = [\"a.md\"]\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("a.md"), body).unwrap();
    let m = dir.path().join("collection.toml");
    (dir, m)
}

#[test]
fn missing_character_warned_once_with_line() {
    let (_d, m) =
        book("---\ntitle: T\n---\n\nFirst \u{E000} here.\n\nAgain \u{E000} and \u{E000}.\n");
    let mut diags = Diagnostics::new();
    let c = folio::build::load(&m, &mut diags).unwrap();
    layout_with_stats(&c, &mut diags);
    let msgs: Vec<String> = diags.items().iter().map(|d| d.to_string()).collect();
    let hits: Vec<&String> = msgs.iter().filter(|s| s.contains("U+E000")).collect();
    assert_eq!(hits.len(), 1, "{msgs:?}");
    assert!(hits[0].contains("a.md:5"), "{}", hits[0]);
}

#[test]
fn overlong_word_is_broken_between_letters_and_reported() {
    let long = "x".repeat(120);
    let (_d, m) = book(&format!(
        "---\ntitle: T\n---\n\nA few words then {long} and more words after it.\n"
    ));
    let mut diags = Diagnostics::new();
    let c = folio::build::load(&m, &mut diags).unwrap();
    let (layout, stats) = layout_with_stats(&c, &mut diags);
    // The word no longer sticks out of the line (and off the page): it is cut to fit.
    assert_eq!(stats.overfull, 0);
    assert!(
        diags
            .items()
            .iter()
            .any(|d| d.to_string().contains("a.md:5")
                && d.to_string().contains("wider than the line")),
        "{:?}",
        diags.items()
    );
    let xs: usize = layout
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|(_, i)| match i {
            Item::Glyphs(r) => Some(r.text().matches('x').count()),
            _ => None,
        })
        .sum();
    assert_eq!(xs, 120, "every letter of the word is set");
}

/// A heading word wider than the measure is hyphenated to fit when the language's patterns
/// allow; a word that cannot break is reported with its file:line.
#[test]
fn heading_word_wider_than_the_measure_is_hyphenated_or_reported() {
    let body = "A paragraph long enough to be set justified over the whole measure, so that its \
                lines show where the right margin is, and then some more words to be sure."
        .repeat(3);
    let (_d, m) = book(&format!(
        "---\ntitle: Pneumonoultramicroscopicsilicovolcanoconiosis\n---\n\n{body}\n\n\
         ## Then {}\n\nMore text.\n",
        "x".repeat(60)
    ));
    let mut diags = Diagnostics::new();
    let c = folio::build::load(&m, &mut diags).unwrap();
    let (layout, _) = layout_with_stats(&c, &mut diags);
    let reports: Vec<String> = diags
        .items()
        .iter()
        .map(|d| d.to_string())
        .filter(|d| d.contains("heading is wider than the line"))
        .collect();
    assert_eq!(reports.len(), 1, "only the unbreakable word: {reports:?}");
    assert!(reports[0].contains("a.md:7"), "{}", reports[0]);
    let runs: Vec<(f64, &folio::typeset::frame::GlyphRun)> = layout
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|(p, i)| match i {
            Item::Glyphs(r) => Some((p.x + r.width, r)),
            _ => None,
        })
        .collect();
    let margin = runs
        .iter()
        .filter(|(_, r)| r.text().starts_with("lines show") || r.text().contains("measure"))
        .map(|(right, _)| *right)
        .fold(0.0, f64::max);
    assert!(margin > 200.0, "the body's right edge is found");
    let title: Vec<_> = runs.iter().filter(|(_, r)| r.size > 16.0).collect();
    assert!(title.len() >= 2, "the title word is broken over lines");
    for (right, r) in title {
        assert!(
            *right <= margin + 0.5,
            "{:?} ends at {right}, past {margin}",
            r.text()
        );
    }
}

#[test]
fn raw_html_is_reported_and_left_out() {
    let (_d, m) = book("---\ntitle: T\n---\n\n<div>hidden</div>\n\nVisible text.\n");
    let mut diags = Diagnostics::new();
    let c = folio::build::load(&m, &mut diags).unwrap();
    let (layout, _) = layout_with_stats(&c, &mut diags);
    assert!(diags
        .items()
        .iter()
        .any(|d| d.to_string().contains("raw HTML")));
    let dump = folio::typeset::dump(&layout);
    assert!(!dump.contains("hidden") && dump.contains("Visible"));
}

#[test]
fn image_is_scaled_into_the_measure() {
    let (d, m) = book("---\ntitle: T\n---\n\n![A wide picture](wide.png \"Caption\")\n");
    image::RgbImage::new(3000, 1000)
        .save(d.path().join("wide.png"))
        .unwrap();
    let mut diags = Diagnostics::new();
    let c = folio::build::load(&m, &mut diags).unwrap();
    let (layout, _) = layout_with_stats(&c, &mut diags);
    let measure = c.print.trim_width - c.print.margin_inner - c.print.margin_outer;
    let img = layout
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .find_map(|(_, i)| match i {
            Item::Image { width, height, .. } => Some((*width, *height)),
            _ => None,
        })
        .expect("image placed");
    assert!((img.0 - measure).abs() < 0.01, "{img:?}");
    assert!((img.1 - measure / 3.0).abs() < 0.01, "{img:?}");
    assert!(folio::typeset::dump(&layout).contains("Caption\""));
}

#[test]
fn print_font_overrides_the_default() {
    let (d, _) = book("---\ntitle: T\n---\n\nSet in another face.\n");
    // Fonts, like every file a book names, must be inside its folder.
    let font =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/dejavu-sans/DejaVuSans.ttf");
    std::fs::copy(&font, d.path().join("DejaVuSans.ttf")).unwrap();
    std::fs::write(
        d.path().join("collection.toml"),
        "title = \"Diag\"\nauthors = [\"A\"]\nlanguage = \"en\"\narticles = [\"a.md\"]\n\n[print]\nfont-regular = \"DejaVuSans.ttf\"\n",
    )
    .unwrap();
    let mut diags = Diagnostics::new();
    let c = folio::build::load(&d.path().join("collection.toml"), &mut diags).unwrap();
    assert!(!diags.has_errors(), "{:?}", diags.items());
    let (layout, _) = layout_with_stats(&c, &mut diags);
    let dump = folio::typeset::dump(&layout);
    assert!(dump.contains("text DejaVuSans 10.50"), "{dump}");
    assert!(!dump.contains("NotoSerif-Regular 10.50"));
}

/// A book of more articles than the layout sets at once: each article's text is on the
/// pages in reading order, its warnings come in reading order, and a character no font has
/// is reported once, at its first article.
#[test]
fn articles_set_in_batches_keep_reading_order_and_warn_once() {
    const ARTICLES: usize = 70;
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..ARTICLES).map(|k| format!("a{k:02}.md")).collect();
    let list: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    std::fs::write(
        dir.path().join("collection.toml"),
        format!(
            "title = \"Batches\"\nauthors = [\"A\"]\nlanguage = \"en\"\narticles = [{}]\n",
            list.join(", ")
        ),
    )
    .unwrap();
    for (k, name) in names.iter().enumerate() {
        let missing = if k % 20 == 7 { " \u{E000}" } else { "" };
        let long = "y".repeat(90 + k);
        let body = format!(
            "---\ntitle: Piece {k}\n---\n\nM{k:02}x opens piece {k}{missing}, then {long} ends.\n"
        );
        std::fs::write(dir.path().join(name), body).unwrap();
    }
    let m = dir.path().join("collection.toml");
    let mut diags = Diagnostics::new();
    let c = folio::build::load(&m, &mut diags).unwrap();
    let (layout, _) = layout_with_stats(&c, &mut diags);
    let msgs: Vec<String> = diags.items().iter().map(|d| d.to_string()).collect();
    let missing: Vec<&String> = msgs.iter().filter(|s| s.contains("U+E000")).collect();
    assert_eq!(missing.len(), 1, "{msgs:?}");
    assert!(missing[0].contains("a07.md"), "{}", missing[0]);
    let wide: Vec<usize> = (msgs.iter())
        .filter(|s| s.contains("wider than the line"))
        .filter_map(|s| names.iter().position(|n| s.contains(n.as_str())))
        .collect();
    assert_eq!(wide, (0..ARTICLES).collect::<Vec<_>>(), "{msgs:?}");
    let text: String = (layout.pages.iter().flat_map(|p| &p.items))
        .filter_map(|(_, i)| match i {
            Item::Glyphs(r) => Some(r.text()),
            _ => None,
        })
        .collect();
    let at: Vec<usize> = (0..ARTICLES)
        .map(|k| {
            text.find(&format!("M{k:02}x"))
                .expect("every article is set")
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "articles out of order");
}
