//! Web-commentary layout inference on invented articles (`tests/fixtures/infer/<case>/`):
//! each test asserts every inferred field and what is left in the body.

use std::path::Path;

use folio::diag::{Diagnostics, Severity};
use folio::model::{plain_text, Block, Document};

fn read(case: &str) -> (Document, Vec<String>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/infer")
        .join(case)
        .join("input.md");
    let mut diags = Diagnostics::new();
    let doc = folio::markdown::read_file(&path, &mut diags).expect("fixture reads");
    assert!(!diags.has_errors(), "{case}: {:?}", diags.items());
    let notes = diags
        .items()
        .iter()
        .filter(|d| d.severity == Severity::Note)
        .map(|d| d.message.clone())
        .collect();
    (doc, notes)
}

/// A one-line description of each body block, for readable assertions.
fn body(doc: &Document) -> Vec<String> {
    doc.blocks
        .iter()
        .map(|b| match b {
            Block::Heading { level, content, .. } => format!("h{level} {}", plain_text(content)),
            Block::Paragraph { content, .. } => format!("p {}", plain_text(content)),
            Block::ThematicBreak => "rule".to_string(),
            other => format!("{other:?}"),
        })
        .collect()
}

fn has_note(notes: &[String], text: &str) -> bool {
    notes.iter().any(|n| n.contains(text))
}

#[test]
fn the_issue_example_gives_every_field() {
    let (doc, notes) = read("issue-example");
    let m = &doc.meta;
    assert_eq!(m.kicker.as_deref(), Some("ANALYSIS"));
    assert_eq!(m.title.as_deref(), Some("The Title of the Piece"));
    assert_eq!(m.date.as_deref(), Some("2021-03-14"));
    let source = m.source.as_ref().expect("source");
    assert_eq!(source.name, "The Example Review");
    assert_eq!(source.url.as_deref(), Some("https://example.org/a"));
    assert_eq!(m.authors.len(), 1);
    assert_eq!(m.authors[0].name, "Jane Q. Author");
    assert_eq!(
        m.authors[0].affiliation.as_deref(),
        Some("Senior Fellow, Example Institute")
    );
    assert_eq!(
        m.standfirst.as_deref(),
        Some("One sentence of standfirst, in italics.")
    );
    assert_eq!(
        body(&doc),
        vec![
            "p The body opens here and argues its case over several paragraphs.",
            "h2 A Section Head",
            "p More body text follows the section head.",
        ]
    );
    assert!(has_note(
        &notes,
        "inferred kicker `ANALYSIS` from the leading heading"
    ));
    for what in [
        "date",
        "source",
        "title",
        "author",
        "standfirst",
        "affiliation",
    ] {
        assert!(
            has_note(&notes, &format!("inferred {what}")),
            "{what}: {notes:?}"
        );
    }
    assert!(has_note(&notes, "dropped the thematic break"));
}

#[test]
fn an_article_without_a_date_or_kicker() {
    let (doc, _) = read("no-date");
    let m = &doc.meta;
    assert_eq!(m.kicker, None);
    assert_eq!(m.date, None);
    assert_eq!(
        m.title.as_deref(),
        Some("The Quiet Economics of Lighthouses")
    );
    assert_eq!(m.authors.len(), 1);
    assert_eq!(m.authors[0].name, "Tobias Wrenfield");
    assert_eq!(
        m.authors[0].affiliation.as_deref(),
        Some("Lecturer in Maritime History, Ardley Polytechnic")
    );
    assert_eq!(
        m.standfirst.as_deref(),
        Some("Why coastal towns keep paying for lamps that ships no longer need.")
    );
    assert_eq!(body(&doc).len(), 2);
    assert!(body(&doc)[1].starts_with("p Nobody asks"));
}

#[test]
fn two_authors_each_with_a_signature_and_a_closing_source() {
    let (doc, _) = read("two-authors");
    let m = &doc.meta;
    assert_eq!(m.kicker.as_deref(), Some("COMMENTARY"));
    assert_eq!(m.date.as_deref(), Some("2024-03-02"));
    assert_eq!(
        m.title.as_deref(),
        Some("Ferries, Fares and the Fairness Problem")
    );
    let names: Vec<&str> = m.authors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, vec!["Mirela Ostrova", "Kwame Adjei-Bonsu"]);
    assert_eq!(
        m.authors[0].affiliation.as_deref(),
        Some("Research Director, Strait Policy Forum")
    );
    assert_eq!(
        m.authors[1].affiliation.as_deref(),
        Some("Visiting Scholar, Institute for Coastal Studies")
    );
    let source = m.source.as_ref().expect("source");
    assert_eq!(source.name, "The Harbour Quarterly");
    assert_eq!(source.url, None);
    assert_eq!(
        body(&doc),
        vec![
            "p Island routes lose money by design, and that is precisely why they matter.",
            "p A second paragraph of the argument.",
        ]
    );
}

#[test]
fn a_kicker_without_a_signature_and_three_authors_in_one_run() {
    let (doc, notes) = read("kicker-no-signature");
    let m = &doc.meta;
    assert_eq!(m.kicker.as_deref(), Some("Opinion"));
    assert_eq!(m.title.as_deref(), Some("Against the Tidal Barrage"));
    let names: Vec<&str> = m.authors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        vec!["Henrike Solvang", "Paolo Ferrante", "Ines Marquardt"]
    );
    assert!(m.authors.iter().all(|a| a.affiliation.is_none()));
    assert_eq!(m.date.as_deref(), Some("2023-11-05"));
    assert_eq!(m.standfirst, None);
    assert_eq!(body(&doc).len(), 2);
    assert!(has_note(&notes, "inferred kicker `Opinion`"));
}

#[test]
fn an_ordinary_essay_keeps_its_section_heading() {
    let (doc, notes) = read("ordinary-essay");
    assert_eq!(doc.meta.title.as_deref(), Some("A Plain Essay Title"));
    assert_eq!(doc.meta.kicker, None);
    assert_eq!(doc.meta.standfirst, None);
    assert_eq!(body(&doc)[0], "h2 Introduction");
    assert_eq!(body(&doc).len(), 3);
    assert_eq!(notes.len(), 1, "{notes:?}");
}

#[test]
fn front_matter_wins_and_only_duplicates_or_inferred_blocks_leave() {
    let (doc, notes) = read("front-matter-wins");
    let m = &doc.meta;
    assert_eq!(m.title.as_deref(), Some("The Title of the Piece"));
    assert_eq!(m.authors.len(), 1);
    assert_eq!(m.authors[0].name, "Jane Q. Author");
    assert_eq!(m.date.as_deref(), Some("2021-03-14"));
    assert_eq!(
        body(&doc),
        vec![
            "p Someone Else",
            "p The body begins with a bold line that is not the front matter’s author, so it stays.",
        ]
    );
    assert!(has_note(
        &notes,
        "dropped the title `The Title of the Piece` from the body: it repeats the front matter"
    ));
}

#[test]
fn a_body_without_layout_is_left_alone() {
    let mut diags = Diagnostics::new();
    let text = "Just a paragraph.\n\n*An italic one.*\n\n**A bold one**\n";
    let doc = folio::markdown::read_str(text, Path::new("plain.md"), &mut diags);
    assert_eq!(doc.blocks.len(), 3);
    assert_eq!(doc.meta, Default::default());
    assert!(diags.is_empty(), "{:?}", diags.items());
}

#[test]
fn a_joint_signature_gives_both_authors_the_shared_affiliation() {
    let (doc, _) = read("joint-signature");
    let m = &doc.meta;
    assert_eq!(m.kicker.as_deref(), Some("BRIEFING"));
    assert_eq!(m.authors.len(), 2);
    for a in &m.authors {
        assert_eq!(
            a.affiliation.as_deref(),
            Some("Estuary Programme, Northmere Institute")
        );
    }
    // No standfirst: the first body paragraph is plain, so it stays.
    assert_eq!(m.standfirst, None);
    assert_eq!(body(&doc).len(), 2);
}

#[test]
fn a_leading_h2_is_a_title_only_with_a_header_under_it() {
    let read_text = |text: &str| {
        let mut diags = Diagnostics::new();
        folio::markdown::read_str(text, Path::new("h2.md"), &mut diags)
    };
    let section = read_text("## Introduction\n\nThe first section starts at once.\n");
    assert_eq!(section.meta.title, None);
    assert_eq!(section.blocks.len(), 2);
    let titled = read_text("## Salt Roads\n\n**Aino Varga**\n\nThe body.\n");
    assert_eq!(titled.meta.title.as_deref(), Some("Salt Roads"));
    assert_eq!(titled.meta.authors[0].name, "Aino Varga");
    assert_eq!(titled.blocks.len(), 1);
}

#[test]
fn a_leading_h2_repeating_the_front_matter_title_is_dropped() {
    let mut diags = Diagnostics::new();
    let text = "---\ntitle: Salt Roads\n---\n\n## Salt Roads\n\nThe body.\n";
    let doc = folio::markdown::read_str(text, Path::new("dup.md"), &mut diags);
    assert_eq!(body(&doc), vec!["p The body."]);
}
