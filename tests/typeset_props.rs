//! Property tests of the typesetter: no line wider than the measure, every word kept in
//! reading order, at most two hyphenated lines in a row, the same input giving the same
//! frames, and Knuth–Plass beating first-fit on known paragraphs.

use folio::model::Inline;
use folio::typeset::fonts::{Family, Fonts};
use folio::typeset::frame::Item;
use folio::typeset::hyphenate::{Hyphenator, Lang};
use folio::typeset::linebreak::knuth_plass;
use folio::typeset::linebreak::testing::{greedy, score};
use folio::typeset::para::{collect, Align, Line, Spec, Style};
use proptest::prelude::*;

fn fonts() -> &'static Fonts {
    static F: std::sync::OnceLock<Fonts> = std::sync::OnceLock::new();
    F.get_or_init(|| Fonts::load(&Default::default()))
}

fn spec<'a>(h: &'a Hyphenator, measure: f64, lang: &str) -> Spec<'a> {
    Spec {
        measure,
        indent: 10.0,
        align: Align::Justify,
        style: Style::new(Family::Regular, 10.5),
        lang: Lang::from_tag(lang),
        hyph: h,
        prefix: "t",
        links: None,
        color_links: false,
    }
}

/// The text of set lines with added hyphens removed, words joined across line breaks.
fn line_text(lines: &[Line]) -> String {
    let mut s = String::new();
    for l in lines {
        for (_, it) in &l.items {
            if let Item::Glyphs(r) = it {
                s.push_str(r.text());
            }
        }
        if s.ends_with('\u{AD}') {
            s.pop();
        } else {
            s.push(' ');
        }
    }
    s
}

const VOCAB: &[&str] = &[
    "the",
    "a",
    "of",
    "typography",
    "paragraph",
    "justification",
    "incomprehensibilities",
    "and",
    "measure",
    "hyphenation",
    "2026",
    "1,800",
    "https://example.org/a/very/long/path",
    "well-known",
    "characteristically",
    "line",
    "breaking",
    "is",
    "an",
    "optimisation",
    "problem",
    "over",
    "boxes",
    "glue",
    "penalties",
    "extraordinarily",
    "“quoted”",
    "fi",
    "ffl",
];

fn paragraph() -> impl Strategy<Value = Vec<&'static str>> {
    prop::collection::vec(prop::sample::select(VOCAB), 1..120)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn no_line_wider_than_measure_and_words_kept(words in paragraph(), measure in 200.0f64..420.0) {
        let h = Hyphenator::new(&[]);
        let sp = spec(&h, measure, "en");
        let text = words.join(" ");
        let p = collect(fonts(), &sp, &[Inline::Text(text.clone())]);
        let lines = p.set(fonts(), &sp);
        for l in &lines {
            prop_assert!(l.width <= measure + 0.01, "line {} > {}", l.width, measure);
            prop_assert!(!l.overfull);
        }
        let got = line_text(&lines);
        // Every word in order: the words (spaces aside) are the text (spaces aside).
        let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        prop_assert_eq!(squash(&got), squash(&text));
        let mut run = 0;
        for l in &lines {
            run = if l.hyphen { run + 1 } else { 0 };
            prop_assert!(run <= 2, "three hyphenated lines in a row");
        }
    }

    #[test]
    fn same_input_same_lines(words in paragraph()) {
        let text = words.join(" ");
        let (first, again) = lay_out_twice_from_scratch(&text);
        let (other, _) = lay_out_twice_from_scratch(&text);
        // Two layouts from empty caches agree, and a layout from the caches they filled
        // (every word's shape and break points remembered) agrees with them.
        prop_assert_eq!(&first, &other);
        prop_assert_eq!(&first, &again);
    }
}

/// Lays `text` out twice on a thread of its own, whose per-thread caches (shapes, break
/// points) start empty: first from nothing, then from what the first layout cached. Each
/// layout as a dump of its lines' items.
fn lay_out_twice_from_scratch(text: &str) -> (String, String) {
    let text = text.to_string();
    std::thread::spawn(move || {
        let h = Hyphenator::new(&[]);
        let sp = spec(&h, 300.0, "en-GB");
        let once = || {
            let lines = collect(fonts(), &sp, &[Inline::Text(text.clone())]).set(fonts(), &sp);
            format!("{:?}", lines.iter().map(|l| &l.items).collect::<Vec<_>>())
        };
        let first = once();
        (first, once())
    })
    .join()
    .expect("the layout thread finishes")
}

const KNOWN: &[&str] = &[
    "Every spring, the councils of mid-sized cities publish their housing targets, and every \
     spring the numbers look both enormous and oddly abstract. A town of 300,000 people is told \
     it needs 1,800 new homes a year; it builds 1,100, and the shortfall becomes the story. What \
     rarely makes the story is the stock that already exists.",
    "A friend who runs a bakery once told me that the most expensive mistake in her trade is \
     icing a cake before you know whether it has risen. Editing works the same way. There is no \
     point correcting the commas in a paragraph that may not survive the next draft, and no \
     point debating the chapter order once the book has been typeset.",
    "Typesetting is the craft of arranging characters into pleasing, readable pages. A good \
     compositor balances the spacing of words against the temptation to hyphenate, and the \
     unreasonably polysyllabic vocabulary of academic prose makes that balance harder still, \
     because long words leave large gaps wherever they refuse to fit.",
];

#[test]
fn knuth_plass_beats_first_fit_on_known_paragraphs() {
    let h = Hyphenator::new(&[]);
    let mut strictly_better = 0;
    let long = KNOWN.join(" ");
    let mut texts: Vec<&str> = KNOWN.to_vec();
    texts.push(&long);
    for measure in [240.0, 297.0, 333.0] {
        for text in &texts {
            let sp = spec(&h, measure, "en");
            let p = collect(fonts(), &sp, &[Inline::Text(text.to_string())]);
            let kp = knuth_plass(p.elems(), measure, 10.5, true);
            let gr = greedy(p.elems(), measure, true);
            assert!(kp.lines.iter().all(|l| !l.overfull));
            let (kp_d, gr_d) = (
                score(p.elems(), measure, &kp),
                score(p.elems(), measure, &gr),
            );
            assert!(
                kp_d <= gr_d,
                "measure {measure}: total fit {} above first fit {}",
                kp_d,
                gr_d
            );
            if kp_d < gr_d {
                strictly_better += 1;
            } else {
                assert!(
                    *text != long,
                    "first fit matched total fit on the long paragraph"
                );
            }
        }
    }
    // First fit can hit the optimum by luck on a short paragraph, but not on most.
    assert!(
        strictly_better >= 6,
        "total fit better on only {strictly_better} of 12"
    );
}

#[test]
fn urls_and_numbers_are_never_hyphenated() {
    let h = Hyphenator::new(&[]);
    let sp = spec(&h, 120.0, "en");
    let text =
        "see https://example.org/incomprehensibilities/characteristically and 1234567890123 \
                and CharacteristicallyIncomprehensible2026";
    let p = collect(fonts(), &sp, &[Inline::Text(text.into())]);
    for l in p.set(fonts(), &sp) {
        if l.hyphen {
            let t = line_text(std::slice::from_ref(&l));
            panic!("hyphenated line in URL/digits: {t}");
        }
    }
}

#[test]
fn code_is_never_hyphenated() {
    let h = Hyphenator::new(&[]);
    let sp = spec(&h, 150.0, "en");
    let inl = vec![Inline::Code(
        "incomprehensibilities characteristically extraordinarily".into(),
    )];
    let lines = collect(fonts(), &sp, &inl).set(fonts(), &sp);
    assert!(lines.iter().all(|l| !l.hyphen));
}
