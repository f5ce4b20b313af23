//! The end of a web-exported article: an "Originally published" line and the closing
//! signature (an author's name again, then an italic line giving the affiliation).

use super::header::fit_source;
use super::shape;
use super::{Ctx, Fit};
use crate::model::Block;

/// Infers what the article's closing blocks say, never reaching above `start`.
pub(super) fn infer_footer(blocks: &[Block], start: usize, cx: &mut Ctx) {
    let mut end = blocks.len();
    let mut signed = false;
    while end > start {
        let last = &blocks[end - 1];
        if let Some(source) = shape::source(last) {
            if fit_source(end - 1, last, source, cx).consumed() {
                end -= 1;
                continue;
            }
        }
        if let Some(first) = signature(blocks, start, end, cx) {
            end = first;
            signed = true;
            continue;
        }
        if signed && matches!(last, Block::ThematicBreak) {
            cx.remove.insert(end - 1);
            end -= 1;
            continue;
        }
        break;
    }
}

/// A signature ending at `end`: the bold names of known authors, then optionally an italic
/// affiliation line (for a joint signature, shared by every author named). Returns the index
/// of the signature's first block when it was taken.
fn signature(blocks: &[Block], start: usize, end: usize, cx: &mut Ctx) -> Option<usize> {
    if end >= start + 2 {
        if let (Some(authors), Some(affiliation)) = (
            known_authors(&blocks[end - 2], cx),
            shape::italic_line(&blocks[end - 1]),
        ) {
            let fit = fit_affiliation(&authors, &affiliation, cx);
            if !fit.consumed() {
                return None;
            }
            let names = author_names(&authors, cx);
            let what = format!("affiliation of {names}");
            let from = "the closing signature";
            cx.report(
                (end - 1, &blocks[end - 1]),
                fit,
                (&what, from),
                &affiliation,
            );
            cx.remove.insert(end - 2);
            return Some(end - 2);
        }
    }
    let authors = known_authors(&blocks[end - 1], cx)?;
    let names = author_names(&authors, cx);
    let what = ("closing signature", "the end of the article");
    cx.report((end - 1, &blocks[end - 1]), Fit::Same, what, &names);
    Some(end - 1)
}

/// The indices in the metadata of the authors a bold byline-like paragraph names; `None`
/// unless every name is a known author.
fn known_authors(block: &Block, cx: &Ctx) -> Option<Vec<usize>> {
    let names = shape::byline(block)?;
    names
        .iter()
        .map(|name| {
            cx.meta
                .authors
                .iter()
                .position(|a| shape::same(&a.name, name))
        })
        .collect()
}

fn author_names(authors: &[usize], cx: &Ctx) -> String {
    let names: Vec<&str> = authors
        .iter()
        .map(|&i| cx.meta.authors[i].name.as_str())
        .collect();
    names.join(" and ")
}

/// Sets `affiliation` on each of `authors` that has none; a different affiliation already
/// given is a clash (and the signature stays in the body).
fn fit_affiliation(authors: &[usize], affiliation: &str, cx: &mut Ctx) -> Fit {
    let clash = authors.iter().any(|&i| {
        let old = &cx.meta.authors[i].affiliation;
        old.as_deref().is_some_and(|o| !shape::same(o, affiliation))
    });
    if clash {
        return Fit::Clash;
    }
    let mut fit = Fit::Same;
    for &i in authors {
        let slot = &mut cx.meta.authors[i].affiliation;
        if slot.is_none() {
            *slot = Some(affiliation.to_string());
            fit = Fit::Filled;
        }
    }
    fit
}
