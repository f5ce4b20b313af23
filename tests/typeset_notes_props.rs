//! Property test: articles that call notes from random block contexts (paragraphs, table
//! cells of the head and the body, headings, inside quotes and tight or loose, bullet or
//! numbered lists nested at random, and notes within notes), laid out and rendered: every
//! note's text is at the foot of its mark's page (or runs on from it) and in the EPUB, and
//! nothing is placed outside the trim.

mod layout_check;

use layout_check::{book, epub_notes, layout, load, measure, messages, note_printed};
use proptest::prelude::*;

/// What a note's call is wrapped in, outermost first.
#[derive(Debug, Clone)]
enum Wrap {
    Quote,
    Bullet { tight: bool },
    Ordered { tight: bool },
}

/// The block the call stands in.
#[derive(Debug, Clone)]
enum Spot {
    Paragraph,
    Heading(u8),
    Cell { head: bool },
}

/// One call of a note: where it stands, whether its note calls another, and how many words
/// of plain text come before it (to move it about the page).
#[derive(Debug, Clone)]
struct Call {
    wraps: Vec<Wrap>,
    spot: Spot,
    inner: bool,
    filler: usize,
}

fn call() -> impl Strategy<Value = Call> {
    let wrap = prop_oneof![
        Just(Wrap::Quote),
        any::<bool>().prop_map(|tight| Wrap::Bullet { tight }),
        any::<bool>().prop_map(|tight| Wrap::Ordered { tight }),
    ];
    let spot = prop_oneof![
        Just(Spot::Paragraph),
        (2u8..5).prop_map(Spot::Heading),
        any::<bool>().prop_map(|head| Spot::Cell { head }),
    ];
    (
        prop::collection::vec(wrap, 0..4),
        spot,
        prop::bool::weighted(0.25),
        0usize..90,
    )
        .prop_map(|(wraps, spot, inner, filler)| Call {
            wraps,
            spot,
            inner,
            filler,
        })
}

/// The markdown lines of the block holding the call `mark`.
fn spot_lines(spot: &Spot, mark: &str) -> Vec<String> {
    match spot {
        Spot::Paragraph => vec![format!("Some words here{mark} and more after.")],
        Spot::Heading(level) => vec![format!(
            "{} Heading words{mark}",
            "#".repeat(*level as usize)
        )],
        Spot::Cell { head } => {
            let (h, b) = if *head { (mark, "") } else { ("", mark) };
            vec![
                format!("| Alpha{h} | Beta |"),
                "|---|---|".to_string(),
                format!("| gamma{b} | delta |"),
            ]
        }
    }
}

/// `lines` inside `wrap`.
fn wrapped(wrap: &Wrap, lines: Vec<String>) -> Vec<String> {
    let item = |marker: &str, next: &str, tight: bool, lines: Vec<String>| {
        let pad = " ".repeat(marker.len());
        let mut out: Vec<String> = lines
            .into_iter()
            .enumerate()
            .map(|(k, l)| match (k, l.is_empty()) {
                (0, _) => format!("{marker}{l}"),
                (_, true) => l,
                _ => format!("{pad}{l}"),
            })
            .collect();
        if !tight {
            out.push(String::new());
        }
        out.push(format!("{next}second item"));
        out
    };
    match wrap {
        Wrap::Quote => lines
            .into_iter()
            .map(|l| {
                if l.is_empty() {
                    ">".into()
                } else {
                    format!("> {l}")
                }
            })
            .collect(),
        Wrap::Bullet { tight } => item("- ", "- ", *tight, lines),
        Wrap::Ordered { tight } => item("1. ", "2. ", *tight, lines),
    }
}

const FILLER: &[&str] = &[
    "the", "harbour", "was", "rebuilt", "after", "storm", "and", "its", "cranes", "stood", "again",
    "over", "quays", "where", "ships", "waited",
];

/// The article, and each note's number with the word that only its text holds.
fn article(calls: &[Call]) -> (String, Vec<(u32, String)>) {
    let mut body = String::from("---\ntitle: Notes at Random\n---\n\n");
    let mut defs = String::new();
    let mut notes = Vec::new();
    for (k, c) in calls.iter().enumerate() {
        if c.filler > 0 {
            let words: Vec<&str> = (0..c.filler)
                .map(|i| FILLER[(i * 7 + k) % FILLER.len()])
                .collect();
            body.push_str(&format!("{}.\n\n", words.join(" ")));
        }
        let mut lines = spot_lines(&c.spot, &format!("[^n{k}]"));
        for w in c.wraps.iter().rev() {
            lines = wrapped(w, lines);
        }
        body.push_str(&lines.join("\n"));
        body.push_str(&format!("\n\nBetween {k}.\n\n"));
        let outer = format!("Nt{k}q");
        notes.push((notes.len() as u32 + 1, outer.clone()));
        if c.inner {
            let inner = format!("Mt{k}q");
            notes.push((notes.len() as u32 + 1, inner.clone()));
            defs.push_str(&format!("[^n{k}]: {outer} words, calling.[^m{k}]\n\n"));
            defs.push_str(&format!("[^m{k}]: {inner} words.\n\n"));
        } else {
            defs.push_str(&format!("[^n{k}]: {outer} words.\n\n"));
        }
    }
    body.push_str(&defs);
    (body, notes)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn every_note_is_at_the_foot_of_its_page_and_in_the_epub(
        calls in prop::collection::vec(call(), 1..7)
    ) {
        let (text, notes) = article(&calls);
        let b = book(&[("a.md", &text)], "[print]\ntrim = \"5in x 8in\"\n");
        let (c, loaded) = load(&b);
        prop_assert!(!loaded.has_errors(), "{:?}\n{text}", messages(&loaded));
        let (l, diags) = layout(&c);
        prop_assert!(!diags.has_errors(), "{:?}\n{text}", messages(&diags));
        let outside = layout_check::outside_trim(&l);
        prop_assert!(outside.is_empty(), "{outside:?}\n{text}");
        let m = measure(&c);
        for (n, word) in &notes {
            let printed = note_printed(&l, m, "a1", *n, &[word]);
            prop_assert!(printed.is_ok(), "{}\n{text}", printed.unwrap_err());
        }
        let epub = epub_notes(&c);
        for (n, word) in &notes {
            let key = ("OEBPS/article-01.xhtml".to_string(), *n);
            let note = epub.get(&key).map(String::as_str).unwrap_or("");
            prop_assert!(note.contains(word.as_str()), "EPUB note {n}: {note:?}\n{text}");
        }
    }
}
