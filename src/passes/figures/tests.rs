use super::*;
use crate::model::{Align, Block};

fn para(content: Vec<Inline>, line: u32) -> Block {
    Block::Paragraph {
        content,
        pos: Pos::new(line, 1),
    }
}

fn text(t: &str) -> Inline {
    Inline::Text(t.into())
}

fn image(src: &str, alt: &str, title: &str) -> Inline {
    Inline::Image {
        src: src.into(),
        alt: alt.into(),
        title: title.into(),
        pos: Pos::new(1, 1),
    }
}

fn table(line: u32) -> Block {
    Block::Table {
        align: vec![Align::None],
        head: vec![vec![text("Crop")]],
        rows: vec![vec![vec![text("Oats")]]],
        pos: Pos::new(line, 1),
        caption: None,
    }
}

fn run(blocks: Vec<Block>, lang: &str) -> (Vec<Block>, Diagnostics) {
    let mut doc = Document {
        path: "a.md".into(),
        blocks,
        ..Document::default()
    };
    let mut diags = Diagnostics::new();
    make_figures(&mut doc, lang, None, &mut diags);
    (doc.blocks, diags)
}

#[test]
fn an_image_alone_is_a_numbered_figure_with_attributes_and_a_source_line() {
    let (blocks, diags) = run(
        vec![
            para(vec![image("a.svg", "Rain by month", "")], 1),
            para(
                vec![
                    image("b.png", "Wheat", "Wheat yields, 2020–2025"),
                    text("{#fig:wheat width=60%}"),
                ],
                3,
            ),
            para(vec![text("Source: the farm’s own records")], 4),
            para(vec![text("Inline "), image("c.png", "c", "")], 6),
        ],
        "en",
    );
    assert_eq!(diags.warning_count(), 0);
    let figures: Vec<&Figure> = (blocks.iter())
        .filter_map(|b| match b {
            Block::Figure(f) => Some(&**f),
            _ => None,
        })
        .collect();
    assert_eq!(figures.len(), 2, "{blocks:?}");
    assert_eq!(blocks.len(), 3, "the source paragraph is taken in");
    assert_eq!(figures[0].caption.label, "Figure\u{a0}1");
    assert_eq!(plain_text(&figures[0].caption.content), "Rain by month");
    assert_eq!(figures[0].caption.id, "fig-1");
    assert_eq!(figures[1].caption.label, "Figure\u{a0}2");
    assert_eq!(
        plain_text(&figures[1].caption.content),
        "Wheat yields, 2020–2025"
    );
    assert_eq!(figures[1].caption.id, "fig-wheat");
    assert_eq!(figures[1].caption.key.as_deref(), Some("fig:wheat"));
    assert_eq!(figures[1].width, Some(0.6));
    assert_eq!(plain_text(&figures[1].source), "the farm’s own records");
}

#[test]
fn table_captions_after_or_before_are_numbered_in_the_language() {
    let (blocks, _) = run(
        vec![
            table(1),
            para(vec![text("Table: Costs per hectare {#tbl:costs}")], 4),
            para(vec![text("Table: Yields")], 6),
            table(8),
        ],
        "de",
    );
    let captions: Vec<&Caption> = (blocks.iter())
        .filter_map(|b| match b {
            Block::Table { caption, .. } => caption.as_ref(),
            _ => None,
        })
        .collect();
    assert_eq!(blocks.len(), 2);
    assert_eq!(captions.len(), 2);
    assert_eq!(captions[0].label, "Tabelle\u{a0}1");
    assert_eq!(plain_text(&captions[0].content), "Costs per hectare");
    assert_eq!(captions[0].id, "tbl-costs");
    assert_eq!(captions[1].label, "Tabelle\u{a0}2");
    assert_eq!(captions[1].key, None);
}

#[test]
fn a_source_line_may_be_led_by_the_articles_own_word() {
    let (blocks, _) = run(
        vec![
            para(vec![image("a.png", "Regen", "")], 1),
            para(vec![text("Quelle: Wetterbuch des Hofes")], 3),
        ],
        "de",
    );
    let Block::Figure(f) = &blocks[0] else {
        panic!("{blocks:?}")
    };
    assert_eq!(blocks.len(), 1);
    assert_eq!(plain_text(&f.source), "Wetterbuch des Hofes");
}

#[test]
fn russian_figures_are_named_in_russian_and_bad_attributes_warn() {
    let (blocks, diags) = run(
        vec![para(
            vec![image("a.png", "Урожай", ""), text("{width=300%}")],
            2,
        )],
        "ru",
    );
    let Block::Figure(f) = &blocks[0] else {
        panic!("{blocks:?}")
    };
    assert_eq!(f.caption.label, "Рисунок\u{a0}1");
    assert_eq!(diags.warning_count(), 1);
}
