//! The reference list: every external link in an article's body gets a number, in order of
//! first appearance; the same target twice keeps one number. Both the print edition (marks
//! and a "References" list) and the EPUB (optional list) read these numbers.

use std::collections::HashMap;

use crate::model::{plain_text, visit_inlines_mut, Document, Inline, Reference};

/// Whether a link target belongs in a reference list: a URL, not an internal anchor.
pub fn is_external(target: &str) -> bool {
    let t = target.trim();
    !(t.is_empty() || t.starts_with('#'))
}

/// Numbers the external links of `doc` and fills `doc.references`.
pub fn build_references(doc: &mut Document) {
    let mut numbers: HashMap<String, u32> = HashMap::new();
    let mut list: Vec<Reference> = Vec::new();
    visit_inlines_mut(&mut doc.blocks, &mut |inline| {
        if let Inline::Link {
            target,
            content,
            reference,
            ..
        } = inline
        {
            if !is_external(target) {
                *reference = None;
                return;
            }
            let next = list.len() as u32 + 1;
            let number = *numbers.entry(target.clone()).or_insert_with(|| {
                list.push(Reference {
                    number: next,
                    url: target.clone(),
                    shown: super::urls::display(target),
                    text: plain_text(content).trim().to_string(),
                });
                next
            });
            *reference = Some(number);
        }
    });
    doc.references = list;
}
