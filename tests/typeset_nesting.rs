//! Deep nesting: block quotes and lists nested from 1 to 2,000 levels build (no stack
//! overflow in the reader, the layout, the PDF or the EPUB), every word stays in the layout,
//! nothing is placed outside the trim, and the measure stops narrowing at 60% of the text
//! width with one warning, at the line where that first happens.

mod layout_check;

use layout_check::{book, layout, layout_text, load, measure, messages, outside_trim};

use folio::typeset::frame::Item;

/// Depths tried: shallow, around where the measure used to run out (10, 24), around the
/// reader's flattening (64), and far beyond.
const DEPTHS: [usize; 12] = [1, 2, 3, 5, 10, 11, 24, 25, 64, 65, 300, 2000];

/// A quote `depth` deep whose every level opens with a word of its own.
fn quotes(depth: usize) -> String {
    let mut s = String::from("Opening words before the quotes.\n\n");
    for level in 1..=depth {
        s.push_str(&">".repeat(level));
        s.push_str(&format!(" L{level}x quoted words of this level go on.\n"));
        s.push_str(&">".repeat(level));
        s.push('\n');
    }
    s.push_str("\nClosing words after the quotes.\n");
    s
}

/// A list `depth` deep whose every level is an item with words of its own.
fn lists(depth: usize) -> String {
    let mut s = String::from("Opening words before the list.\n\n");
    for level in 0..depth {
        let marker = if level % 2 == 0 { "-" } else { "1." };
        s.push_str(&"   ".repeat(level));
        s.push_str(&format!(
            "{marker} L{}x item words go on here.\n",
            level + 1
        ));
    }
    s.push_str("\nClosing words after the list.\n");
    s
}

/// `word` without the note calls (`[^a]`) in it.
fn without_note_calls(word: &str) -> String {
    let mut w = word.to_string();
    while let Some(start) = w.find("[^") {
        let end = w[start..].find(']').map_or(w.len(), |e| start + e + 1);
        w.replace_range(start..end, "");
    }
    w
}

/// Builds `text` as one article and checks the layout; returns the warnings about nesting.
fn check(text: &str, what: &str) -> Vec<String> {
    let b = book(&[("a.md", text)], "[print]\ntrim = \"5in x 8in\"\n");
    let (c, loaded) = load(&b);
    assert!(!loaded.has_errors(), "{what}: {:?}", messages(&loaded));
    let (l, diags) = layout(&c);
    assert!(!diags.has_errors(), "{what}: {:?}", messages(&diags));
    let outside = outside_trim(&l);
    assert!(
        outside.is_empty(),
        "{what}: {:#?}",
        &outside[..outside.len().min(5)]
    );
    let printed = layout_text(&l);
    let mut missing: Vec<String> = text
        .split_whitespace()
        .map(|w| without_note_calls(w.trim_matches(|c: char| c == '>' || c == '-')))
        .filter(|w| !w.is_empty() && w != "1." && w != ":")
        .filter(|w| !printed.contains(w.as_str()))
        .collect();
    missing.dedup();
    assert!(missing.is_empty(), "{what}: not in the layout: {missing:?}");
    // Nothing is set on a measure narrower than 60% of the text width: every line of text
    // below the article's head spans no more than that from its left edge to the right
    // edge of the text block.
    let m = measure(&c);
    let left = |k: usize| {
        let g = folio::typeset::book::Geometry::new(&c.print);
        g.left(k.is_multiple_of(2))
    };
    for (k, page) in l.pages.iter().enumerate() {
        for (p, i) in &page.items {
            if let Item::Glyphs(run) = i {
                if !run.text().contains("words") {
                    continue;
                }
                let from_left = p.x - left(k);
                assert!(
                    from_left <= 0.4 * m + m * 0.05,
                    "{what}: {:?} starts {from_left:.1} pt into a {m:.1} pt measure",
                    run.text()
                );
            }
        }
    }
    let mut d = folio::Diagnostics::new();
    folio::pdf::render(&c, &l, None, &mut d).expect("the PDF is made");
    folio::build::epub_files(&c, &mut d).expect("the EPUB is made");
    messages(&diags)
        .into_iter()
        .filter(|m| m.contains("nest"))
        .collect()
}

/// Runs `f` on a thread with the stack a build's worker threads get by default, so that a
/// test passes only when the code is stack-safe where a user's build runs it.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn quotes_nested_1_to_2000_deep_stay_inside_the_trim_with_one_warning() {
    on_small_stack(|| {
        for depth in DEPTHS {
            let warnings = check(&quotes(depth), &format!("quotes {depth} deep"));
            if depth <= 3 {
                assert!(warnings.is_empty(), "{depth}: {warnings:?}");
            }
            if depth >= 10 {
                assert_eq!(warnings.len(), 1, "{depth}: {warnings:?}");
            }
        }
    });
}

#[test]
fn lists_nested_1_to_2000_deep_stay_inside_the_trim_with_one_warning() {
    on_small_stack(|| {
        for depth in DEPTHS {
            let warnings = check(&lists(depth), &format!("lists {depth} deep"));
            if depth <= 3 {
                assert!(warnings.is_empty(), "{depth}: {warnings:?}");
            }
            if depth >= 24 {
                assert_eq!(warnings.len(), 1, "{depth}: {warnings:?}");
            }
        }
    });
}

#[test]
fn the_warning_names_the_line_where_the_measure_stops_narrowing() {
    let (b, text) = {
        let t = quotes(30);
        (book(&[("a.md", &t)], "[print]\ntrim = \"5in x 8in\"\n"), t)
    };
    let (c, _) = load(&b);
    let (_, diags) = layout(&c);
    let warning = messages(&diags)
        .into_iter()
        .find(|m| m.contains("nest"))
        .expect("a warning about nesting");
    // The quote at which the cap applies is the first whose level would leave less than 60%
    // of the measure: its words are on the line named.
    let line: usize = warning.split(':').nth(1).unwrap().parse().unwrap();
    let named = text.lines().nth(line - 1).unwrap();
    let level = named.chars().take_while(|c| *c == '>').count();
    let m = measure(&c);
    let indent = 1.5 * c.print.font_size * 2.0;
    assert!(
        m - indent * level as f64 <= 0.6 * m + 1e-6,
        "{warning}\n{named}"
    );
    assert!(
        m - indent * (level - 1) as f64 >= 0.6 * m - 1e-6,
        "{warning}\n{named}"
    );
}

/// Notes within notes, each holding quotes as deep as the reader keeps, called from the
/// deepest quote of the one before: the model is then several times deeper than one file's
/// nesting, and still nothing overflows.
#[test]
fn notes_within_deeply_quoted_notes_build() {
    on_small_stack(|| {
        let deep = |words: &str, call: &str| {
            let mut s = String::new();
            for level in 1..=70 {
                s.push_str(&format!("{} {words}{level}x", ">".repeat(level)));
                if level == 70 {
                    s.push_str(call);
                }
                s.push_str(&format!("\n{}\n", ">".repeat(level)));
            }
            s
        };
        let mut text = deep("Body", "[^a]");
        let labels = ["a", "b", "c", "d"];
        for (k, l) in labels.iter().enumerate() {
            let call = labels
                .get(k + 1)
                .map(|n| format!("[^{n}]"))
                .unwrap_or_default();
            let body = deep(&format!("N{l}"), &call).replace('\n', "\n    ");
            text.push_str(&format!("\n[^{l}]: Note {l} opens.\n\n    {body}\n"));
        }
        let words = check(&text, "notes within deep notes");
        assert_eq!(words.len(), 1, "{words:?}");
    });
}
