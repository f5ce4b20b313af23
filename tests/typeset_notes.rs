//! Notes and links of the print edition: a note called from any block (table cell, list
//! item, quote, heading, another note) is printed at the foot of its mark's page and is in
//! the EPUB; a link within the book that leads to no page is an error at its line; a link to
//! another article is a jump inside the PDF, never an address for a browser.

mod layout_check;

use layout_check::{book, epub_notes, layout, load, measure, messages, note_printed};

/// One article calling a note from every kind of block, and a note within a note.
const EVERYWHERE: &str = "---
title: Notes Everywhere
---

A paragraph with a note.[^p]

| Column | Head cell[^h] |
|---|---|
| body cell[^t] | plain |

- tight item[^l1]
- another
  - nested item[^l2]

1. loose item[^l3]

2. second

> quoted[^q1]
>
> > nested quote[^q2]
>
> - a list in a quote[^q3]

## Heading with a note[^hd]

- | In | a list |
  |---|---|
  | cell in a list[^tl] | x |

Outer words.[^outer]

[^p]: Pnote words.
[^h]: Hnote words.
[^t]: Tnote words.
[^l1]: Lonenote words.
[^l2]: Ltwonote words.
[^l3]: Lthreenote words.
[^q1]: Qonenote words.
[^q2]: Qtwonote words.
[^q3]: Qthreenote words.
[^hd]: Hdnote words.
[^tl]: Tlnote words.
[^outer]: Outernote words, calling another.[^inner]
[^inner]: Innernote words.
";

/// The words of each note, by number, in reading order.
const NOTE_WORDS: [&str; 13] = [
    "Pnote",
    "Hnote",
    "Tnote",
    "Lonenote",
    "Ltwonote",
    "Lthreenote",
    "Qonenote",
    "Qtwonote",
    "Qthreenote",
    "Hdnote",
    "Tlnote",
    "Outernote",
    "Innernote",
];

#[test]
fn a_note_from_every_block_is_printed_at_the_foot_of_its_page_and_is_in_the_epub() {
    let b = book(&[("a.md", EVERYWHERE)], "[print]\ntrim = \"5in x 8in\"\n");
    let (c, loaded) = load(&b);
    assert!(!loaded.has_errors(), "{:?}", messages(&loaded));
    let (l, diags) = layout(&c);
    assert!(!diags.has_errors(), "{:?}", messages(&diags));
    let m = measure(&c);
    let mut failures = Vec::new();
    for (k, word) in NOTE_WORDS.iter().enumerate() {
        if let Err(e) = note_printed(&l, m, "a1", k as u32 + 1, &[word]) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    let epub = epub_notes(&c);
    for (k, word) in NOTE_WORDS.iter().enumerate() {
        let key = ("OEBPS/article-01.xhtml".to_string(), k as u32 + 1);
        let text = epub.get(&key).map(String::as_str).unwrap_or("");
        assert!(text.contains(word), "EPUB note {}: {text:?}", k + 1);
    }
}

#[test]
fn a_note_that_calls_itself_is_an_error_at_the_reference() {
    let b = book(
        &[(
            "a.md",
            "Text.[^a]\n\n[^a]: Calls b.[^b]\n\n[^b]: Calls a again.[^a]\n",
        )],
        "",
    );
    let (_, diags) = load(&b);
    let m = messages(&diags);
    assert!(
        m.iter()
            .any(|d| d.contains("a.md:5:21: error") && d.contains("[^a] → [^b] → [^a]")),
        "{m:#?}"
    );
}

#[test]
fn a_link_to_a_heading_another_article_lacks_is_an_error_at_the_link() {
    let b = book(
        &[
            (
                "a.md",
                "# One\n\nSee [the second](b.md#nowhere) and [it](b.md).\n",
            ),
            ("b.md", "# Two\n\n## Known\n\nText.\n"),
        ],
        "",
    );
    let (c, loaded) = load(&b);
    assert!(!loaded.has_errors(), "{:?}", messages(&loaded));
    let (_, diags) = layout(&c);
    let errors: Vec<String> = messages(&diags)
        .into_iter()
        .filter(|m| m.contains("error"))
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("a.md:3:5: error") && errors[0].contains("b.md#nowhere"),
        "{}",
        errors[0]
    );
}

/// Page index and y of every GoTo a link annotation of the PDF makes, and its URIs.
fn pdf_links(pdf: &[u8]) -> (Vec<(usize, f32)>, Vec<String>) {
    let doc = lopdf::Document::load_mem(pdf).expect("lopdf reads the PDF");
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().values().copied().collect();
    let (mut gotos, mut uris) = (Vec::new(), Vec::new());
    for id in &pages {
        let page = doc.get_dictionary(*id).unwrap();
        let Ok(annots) = page.get(b"Annots").and_then(|a| a.as_array()) else {
            continue;
        };
        for a in annots {
            let annot = doc.get_dictionary(a.as_reference().unwrap()).unwrap();
            let action = annot.get(b"A").unwrap().as_dict().unwrap();
            match action.get(b"S").unwrap().as_name().unwrap() {
                b"GoTo" => {
                    let d = action.get(b"D").unwrap().as_array().unwrap();
                    let target = d[0].as_reference().unwrap();
                    let page = pages.iter().position(|p| *p == target).unwrap();
                    gotos.push((page, d[3].as_float().unwrap()));
                }
                _ => uris.push(format!("{:?}", action.get(b"URI").unwrap())),
            }
        }
    }
    (gotos, uris)
}

#[test]
fn a_link_to_another_article_jumps_to_its_opening_or_heading_in_the_pdf() {
    let filler = "Words of the second article go on for a while here. ".repeat(60);
    let b = book(
        &[
            (
                "a.md",
                "# One\n\nSee [the second](b.md), [its part](./b.md#known-part).\n",
            ),
            (
                "b.md",
                &format!("# Two\n\n{filler}\n\n## Known part\n\nText.\n"),
            ),
        ],
        "[print]\npreset = \"screen\"\n",
    );
    let (c, _) = load(&b);
    let (l, diags) = layout(&c);
    assert!(!diags.has_errors(), "{:?}", messages(&diags));
    let opening = layout_check::anchor_page(&l, "art2").unwrap();
    let part = layout_check::anchor_page(&l, "a2-known-part").unwrap();
    assert!(part > opening, "the heading is pages after the opening");
    let mut d = folio::Diagnostics::new();
    let pdf = folio::pdf::render(&c, &l, None, &mut d).expect("the PDF is made");
    let (gotos, uris) = pdf_links(&pdf);
    assert!(uris.iter().all(|u| !u.contains(".md")), "{uris:?}");
    let pages: Vec<usize> = gotos.iter().map(|g| g.0).collect();
    assert!(pages.contains(&opening), "{gotos:?} (opening {opening})");
    assert!(pages.contains(&part), "{gotos:?} (heading {part})");
}
