//! Tests of the paragraph pipeline as a whole: collected, broken, set.

use super::*;
use crate::typeset::fonts::{Family, Fonts};
use crate::typeset::frame::Item;
use crate::typeset::hyphenate::{Hyphenator, Lang};

fn fonts() -> Fonts {
    Fonts::load(&Default::default())
}

/// Justified English body text at 10.5 pt, `measure` wide, its first line indented.
fn english_justified(h: &Hyphenator, measure: f64, indent: f64) -> Spec<'_> {
    Spec {
        measure,
        indent,
        align: Align::Justify,
        style: Style::new(Family::Regular, 10.5),
        lang: Lang::from_tag("en"),
        hyph: h,
        prefix: "a1",
        links: None,
        color_links: false,
    }
}

fn text_of(lines: &[Line]) -> String {
    let mut s = String::new();
    for l in lines {
        for (_, it) in &l.items {
            if let Item::Glyphs(r) = it {
                // A break's hyphen is a run of its own (never scaled); it ends the word.
                if r.text() == "\u{AD}" {
                    s.pop();
                }
                s.push_str(r.text());
                s.push(' ');
            }
        }
    }
    s
}

#[test]
fn sets_justified_lines_within_measure() {
    let f = fonts();
    let h = Hyphenator::new(&[]);
    let spec = english_justified(&h, 240.0, 10.0);
    let text = "The quick brown fox jumps over the lazy dog, and then considers the \
                typographical implications of justification across a narrow measure \
                with sufficiently unreasonable polysyllabic vocabulary.";
    let p = collect_text(&f, &spec, text);
    let lines = p.set(&f, &spec);
    assert!(lines.len() >= 2);
    for l in &lines {
        assert!(l.width <= 240.01, "{}", l.width);
        if !l.last {
            assert!((l.width - 240.0).abs() < 0.01, "not justified: {}", l.width);
        }
    }
    let got = text_of(&lines).replace("\u{AD} ", "");
    for w in text.split_whitespace() {
        assert!(got.contains(w), "{w} missing in {got}");
    }
}

#[test]
fn a_word_with_soft_hyphens_breaks_only_at_them() {
    let f = fonts();
    let h = Hyphenator::new(&[]);
    // Patterns would break "unreasonably" as un-rea-son-ably; the author allows only
    // "unreason-ably".
    let text = "so unreason\u{AD}ably ".repeat(12);
    let mut hyphenated = 0;
    for measure in (60..200).step_by(5) {
        let spec = english_justified(&h, measure as f64, 0.0);
        let lines = collect_text(&f, &spec, &text).set(&f, &spec);
        for l in &lines {
            let words = text_of(std::slice::from_ref(l));
            if let Some(stem) = words.trim_end().strip_suffix('\u{AD}') {
                hyphenated += 1;
                let last = stem.split_whitespace().last().unwrap_or("");
                assert_eq!(last, "unreason", "broken elsewhere: {words}");
            }
            for w in words.split_whitespace() {
                let w = w.trim_end_matches('\u{AD}');
                assert!(
                    ["so", "unreasonably", "unreason", "ably"].contains(&w),
                    "a soft hyphen kept as text, or a foreign break: {w:?}"
                );
            }
        }
    }
    assert!(
        hyphenated > 0,
        "no measure broke the word at its soft hyphen"
    );
}
