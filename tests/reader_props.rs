//! Property test: the reader never panics on markdown-ish input, and never loses a word.
//! Every word of the input is found in the model: the body or its notes, or the metadata
//! when layout inference moved a line there.
//!
//! Only the words put in count (markup such as a footnote label is syntax). A footnote
//! definition nobody references is dropped with a warning by design, so an input that draws
//! that warning (or "defined twice") is not checked for lost words; the generator appends a
//! reference to make that rare.
//!
//! A fenced code block keeps only the first word of its info string (the language), so words
//! after it on a fence line are not checked either.
//!
//! The vocabulary leaves out month names and "originally"/"published"/"by": a line that is
//! wholly a date is stored normalised (`2021-03-14`), and a source line's lead-in words are
//! dropped by design; those transformations are tested in `reader_infer`.

use std::path::Path;

use folio::diag::Diagnostics;
use folio::model::{words, Meta};
use proptest::prelude::*;

const WORDS: &[&str] = &[
    "harbour",
    "tide",
    "Ledger",
    "pilot",
    "ANALYSIS",
    "quay",
    "crane",
    "42",
    "1904",
    "brine",
    "Ostrova",
    "gull",
    "fare",
    "levy",
    "x",
    "H2O",
    "причал",
    "Flut",
    "marée",
];

/// Markup fragments put between words: inline and block syntax, some of it unbalanced.
const MARKUP: &[&str] = &[
    " ",
    " ",
    " ",
    "\n",
    "\n\n",
    "*",
    "**",
    "***",
    "_",
    "~",
    "~~",
    "^",
    "`",
    "[",
    "]",
    "(",
    ")",
    "](https://example.org/x)",
    "](#)",
    "[^n]",
    "\n\n[^n]: ",
    "\n# ",
    "\n## ",
    "\n### ",
    "\n---\n",
    "\n> ",
    "\n- ",
    "\n1. ",
    "\n- [ ] ",
    "\n| ",
    " | ",
    "\n|---|---|\n",
    "$",
    "$$",
    "\n```\n",
    "<b>",
    "</b>",
    "\\",
    "\"",
    "'",
    "--",
    "...",
    "{#id}",
    "!",
    "\r\n",
];

/// A piece of input and the words in it (markup has none).
type Piece = (String, Vec<String>);

fn piece() -> impl Strategy<Value = Piece> {
    prop_oneof![
        3 => prop::sample::select(WORDS).prop_map(|w| (w.to_string(), tokens(w))),
        2 => prop::sample::select(MARKUP).prop_map(|m| (m.to_string(), Vec::new())),
    ]
}

/// Line shapes of a web-exported article's header and signature, `{}` standing for words.
const LAYOUT: &[&str] = &[
    "# {}\n\n",
    "## {}\n\n",
    "***{}***\n\n",
    "**{}**\n\n",
    "*{}*\n\n",
    "---\n\n",
    "***{}*** and ***{}***\n\n",
    "{}\n\n",
];

/// One layout line filled with one or two words per slot.
fn layout_line() -> impl Strategy<Value = Piece> {
    (
        prop::sample::select(LAYOUT),
        prop::collection::vec(prop::sample::select(WORDS), 1..3),
    )
        .prop_map(|(shape, words)| {
            let name = words.join(" ");
            let slots = shape.matches("{}").count();
            let words = (0..slots).flat_map(|_| tokens(&name)).collect();
            (shape.replace("{}", &name), words)
        })
}

/// The input text and the words in it: an optional header, a random body, an optional
/// signature, and a closing reference to the note label the body may define.
fn input() -> impl Strategy<Value = (String, Vec<String>)> {
    let header = prop::collection::vec(layout_line(), 0..6);
    let body = prop::collection::vec(piece(), 0..60);
    let footer = prop::collection::vec(layout_line(), 0..3);
    (header, body, footer).prop_map(|(h, b, f)| {
        let mut text = String::new();
        let mut words = Vec::new();
        for (piece, piece_words) in h.into_iter().chain(b).chain(f) {
            text.push_str(&piece);
            words.extend(piece_words);
        }
        text.push_str("\n\nend[^n]\n");
        (text, words)
    })
}

/// The letter-and-digit runs of `text`, lower-cased.
fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn meta_text(m: &Meta) -> String {
    let mut parts: Vec<String> = [&m.title, &m.subtitle, &m.standfirst, &m.kicker, &m.date]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    for a in &m.authors {
        parts.push(a.name.clone());
        parts.extend(a.affiliation.clone());
    }
    if let Some(s) = &m.source {
        parts.push(s.name.clone());
        parts.extend(s.url.clone());
    }
    parts.join(" ")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn reader_never_panics_and_keeps_every_word((text, input_words) in input()) {
        let mut diags = Diagnostics::new();
        let doc = folio::markdown::read_str(&text, Path::new("p.md"), &mut diags);
        let doc = folio::passes::run_all(doc, &folio::passes::Context::alone("en"), &mut diags);
        let dropped_by_design = diags.items().iter().any(|d| {
            d.message.contains("never referenced")
                || d.message.contains("defined twice")
                // An error: nothing is written.
                || d.message.contains("more cells than the header row")
        });
        if dropped_by_design {
            return Ok(());
        }
        let mut found = tokens(&words(&doc.blocks).join(" "));
        found.extend(tokens(&meta_text(&doc.meta)));
        // Link targets, image sources and code-block languages hold words too.
        found.extend(tokens(&serde_json::to_string(&doc.blocks).expect("serialisable")));
        let found: std::collections::BTreeSet<String> = found.into_iter().collect();
        // Words the generator glued together ("tidetide") are one token: look inside tokens.
        let info = info_words(&text);
        for word in input_words.into_iter().filter(|w| !info.iter().any(|i| i.contains(w.as_str()))) {
            let kept = found.contains(&word) || found.iter().any(|f| f.contains(&word));
            prop_assert!(kept, "lost `{}` from {:?}", word, text);
        }
    }
}

/// Words after the language on lines that open a code fence (their info strings).
fn info_words(text: &str) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    for line in text.lines() {
        let l = line.trim_start_matches([' ', '\t', '>', '-', '*', '+', '|']);
        let l = l.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
        let l = l.trim_start();
        // A fence may open a footnote's definition: `[^n]: ~~~lang`.
        let l = match l.strip_prefix("[^").and_then(|r| r.split_once("]:")) {
            Some((_, rest)) => rest.trim_start(),
            None => l,
        };
        if let Some(rest) = l.strip_prefix("```").or_else(|| l.strip_prefix("~~~")) {
            let rest = rest.trim_start_matches(['`', '~']);
            out.extend(tokens(rest));
        }
    }
    out
}

/// A table row with more cells than its header loses them in the reader (GFM drops them):
/// an error at the first dropped cell, naming its text.
#[test]
fn a_row_with_more_cells_than_the_header_is_an_error_at_the_cell() {
    let text = "| a | b |\n|---|---|\n| one | two | three four |\n| five | six |\n";
    let mut diags = Diagnostics::new();
    folio::markdown::read_str(text, Path::new("t.md"), &mut diags);
    let errors: Vec<_> = (diags.items().iter())
        .filter(|d| d.severity == folio::diag::Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let shown = errors[0].to_string();
    assert!(shown.contains("t.md:3:15"), "{shown}");
    assert!(shown.contains("`three four`"), "{shown}");
    let mut diags = Diagnostics::new();
    folio::markdown::read_str(
        "| a | b |\n|---|---|\n| one | two |\n| x |\n",
        Path::new("t.md"),
        &mut diags,
    );
    assert!(!diags.has_errors(), "{:?}", diags.items());
}
