//! Books in other languages than English: every word Folio adds to the print edition (the
//! title page's "edited by", the copyright page, contents, contributors, references, source
//! lines, the "and" between names, running heads and bookmarks) follows the book's or the
//! article's `language`; and a German anthology set on a narrow page, dense with hyphens,
//! breaks no word over a page turn.

use std::path::{Path, PathBuf};

use folio::typeset::frame::{Item, Layout, OutlineEntry};
use folio::typeset::layout_with_stats;
use folio::Diagnostics;

fn lay_out(manifest: &Path) -> (Layout, folio::typeset::Stats) {
    let mut diags = Diagnostics::new();
    let c = folio::build::load(manifest, &mut diags).expect("collection loads");
    layout_with_stats(&c, &mut diags)
}

/// The text of each page: its glyph runs joined by spaces, words hyphenated at a line end
/// joined again, runs of spaces made one.
fn page_texts(layout: &Layout) -> Vec<String> {
    layout
        .pages
        .iter()
        .map(|p| {
            let runs: Vec<String> = p
                .items
                .iter()
                .filter_map(|(_, it)| match it {
                    Item::Glyphs(r) => Some(r.text().to_string()),
                    _ => None,
                })
                .collect();
            let text = runs.join(" ").replace("\u{AD} ", "");
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

fn titles(entries: &[OutlineEntry], out: &mut Vec<String>) {
    for e in entries {
        out.push(e.title.clone());
        titles(&e.children, out);
    }
}

/// Words Folio's English labels would have put into a book.
const ENGLISH: &[&str] = &[
    "Contents",
    "Contributors",
    "Edited by",
    "References",
    "Originally published",
    "Published",
    "Identifier",
    "(print)",
    "Print edition",
    " and ",
];

fn assert_no_english(name: &str, layout: &Layout) {
    let pages = page_texts(layout);
    for (k, text) in pages.iter().enumerate() {
        for word in ENGLISH {
            assert!(
                !text.contains(word),
                "{name}: page {} says {word:?}: {text}",
                k + 1
            );
        }
    }
    let mut marks = Vec::new();
    titles(&layout.outline, &mut marks);
    for word in ENGLISH {
        assert!(
            !marks.iter().any(|t| t.contains(word)),
            "{name}: a bookmark says {word:?}: {marks:?}"
        );
    }
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/typeset/german-anthology")
}

#[test]
fn a_german_anthology_speaks_german() {
    let (layout, _) = lay_out(&fixture().join("collection.toml"));
    let all = page_texts(&layout).join(" ");
    for words in [
        "Herausgegeben von Henrike Albers und Mats Quandt",
        "ISBN der Druckausgabe: 978-3-00-000000-1",
        "Erschienen 4. März 2026",
        "Kennung: urn:uuid:",
        "Inhalt",
        "Zuerst erschienen bei Rundbrief Stadtenergie",
        "12. Januar 2026",
        "Verweise",
        "Beiträgerinnen und Beiträger",
    ] {
        assert!(
            all.contains(words),
            "{words:?} missing from the book: {all}"
        );
    }
    let mut marks = Vec::new();
    titles(&layout.outline, &mut marks);
    for mark in ["Inhalt", "Verweise", "Beiträgerinnen und Beiträger"] {
        assert!(
            marks.iter().any(|t| t == mark),
            "no bookmark {mark:?}: {marks:?}"
        );
    }
    assert_no_english("german-anthology", &layout);
}

#[test]
fn a_dense_german_text_breaks_no_word_over_a_page_turn() {
    let (layout, stats) = lay_out(&fixture().join("collection.toml"));
    // The fixture is built to be hard: long compounds on a 43-character measure, with
    // enough page turns that full pages would end on a hyphen three times.
    assert!(
        stats.hyphenated * 5 > stats.lines,
        "{} of {} lines hyphenated: no longer a stress case",
        stats.hyphenated,
        stats.lines
    );
    let turns = layout.pages.len();
    assert!(turns > 20, "{turns} pages");
    assert_eq!(
        stats.hyphenated_page_ends, 0,
        "a word broken over a page turn"
    );
    assert_eq!((stats.widows, stats.orphans), (0, 0));
}

/// A small Russian anthology written to a temporary folder.
fn russian_book() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("folio-ru-labels-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("articles")).unwrap();
    std::fs::write(
        dir.join("collection.toml"),
        r#"title = "Город и тепло"
editors = ["Анна Лебедева", "Олег Савин"]
language = "ru"
publisher = "Издательство проб"
date = "2026-05-09"
isbn-print = "978-5-00-000000-2"
articles = ["articles/a.md", "articles/b.md"]

[print]
trim = "5in x 8in"
preset = "kdp"
open = "recto"
"#,
    )
    .unwrap();
    let article = |title: &str, name: &str, source: &str| {
        format!(
            "---\ntitle: {title}\nauthors:\n  - name: {name}\n    affiliation: Центр городской экономики\n    bio: {name} изучает городскую инфраструктуру.\ndate: 2026-04-01\nsource: {source}\nlang: ru\n---\n\n\
             Тепловые сети строились десятилетиями, и их обновление требует [долгосрочного плана](https://example.org/plan). \
             Муниципалитеты редко могут позволить себе замену всех труб сразу, поэтому важен порядок работ.\n\n\
             Второй абзац нужен для того, чтобы статья выглядела как настоящая: в нём говорится о тарифах, \
             о надёжности снабжения и о том, кто отвечает за аварии зимой.\n"
        )
    };
    std::fs::write(
        dir.join("articles/a.md"),
        article("Трубы и тарифы", "Анна Лебедева", "Вестник ЖКХ"),
    )
    .unwrap();
    std::fs::write(
        dir.join("articles/b.md"),
        article("Кто платит за ремонт", "Олег Савин", "Городской обзор"),
    )
    .unwrap();
    dir
}

#[test]
fn a_russian_anthology_speaks_russian() {
    let dir = russian_book();
    let (layout, _) = lay_out(&dir.join("collection.toml"));
    let all = page_texts(&layout).join(" ");
    let _ = std::fs::remove_dir_all(&dir);
    for words in [
        "Редакторы: Анна Лебедева и Олег Савин",
        "ISBN печатного издания: 978-5-00-000000-2",
        "Дата издания 9 мая 2026",
        "Идентификатор:",
        "Содержание",
        "Впервые опубликовано: Вестник ЖКХ",
        "1 апреля 2026",
        "Ссылки",
        "Авторы",
    ] {
        assert!(
            all.contains(words),
            "{words:?} missing from the book: {all}"
        );
    }
    assert_no_english("russian anthology", &layout);
}
