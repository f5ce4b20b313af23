//! Heading ids: explicit `{#id}` attributes are kept; others are slugs of the heading text,
//! made unique within the document.

use std::collections::HashSet;

use crate::model::{plain_text, Block, Document};

/// A slug of `text`: lower-case letters and digits of any script, words joined by `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    if out.is_empty() || !out.starts_with(|c: char| c.is_alphabetic()) {
        out.insert_str(0, "s-");
    }
    out
}

/// Gives every heading of `doc` (including those inside quotes and lists) a unique id.
pub fn assign_heading_ids(doc: &mut Document) {
    let mut used = HashSet::new();
    assign(&mut doc.blocks, &mut used);
}

fn assign(blocks: &mut [Block], used: &mut HashSet<String>) {
    for block in blocks {
        match block {
            Block::Heading { id, content, .. } => {
                let base = if id.is_empty() {
                    slug(&plain_text(content))
                } else {
                    id.clone()
                };
                let mut candidate = base.clone();
                let mut n = 1;
                while used.contains(&candidate) {
                    candidate = format!("{base}-{n}");
                    n += 1;
                }
                used.insert(candidate.clone());
                *id = candidate;
            }
            Block::BlockQuote(inner) => assign(inner, used),
            Block::List { items, .. } => {
                for item in items {
                    assign(&mut item.blocks, used);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_letters_of_any_script() {
        assert_eq!(
            slug("The Cost of Delay: A Note"),
            "the-cost-of-delay-a-note"
        );
        assert_eq!(slug("Цена ожидания"), "цена-ожидания");
        assert_eq!(slug("2021"), "s-2021");
    }
}
