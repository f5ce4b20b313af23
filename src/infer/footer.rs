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

/// A signature ending at `end`: a bold name of a known author, then optionally an italic
/// affiliation line. Returns the index of the signature's first block when it was taken.
fn signature(blocks: &[Block], start: usize, end: usize, cx: &mut Ctx) -> Option<usize> {
    if end >= start + 2 {
        if let (Some(author), Some(affiliation)) = (
            known_author(&blocks[end - 2], cx),
            shape::italic_line(&blocks[end - 1]),
        ) {
            let fit = fit_affiliation(author, &affiliation, cx);
            if fit.consumed() {
                let name = cx.meta.authors[author].name.clone();
                let what = format!("affiliation of {name}");
                let block = &blocks[end - 1];
                let from = "the closing signature";
                cx.report((end - 1, block), fit, (&what, from), &affiliation);
                cx.remove.insert(end - 2);
                return Some(end - 2);
            }
            return None;
        }
    }
    let author = known_author(&blocks[end - 1], cx)?;
    let name = cx.meta.authors[author].name.clone();
    cx.report(
        (end - 1, &blocks[end - 1]),
        Fit::Same,
        ("closing signature", "the end of the article"),
        &name,
    );
    Some(end - 1)
}

/// The index in the metadata of the author a bold one-name paragraph names.
fn known_author(block: &Block, cx: &Ctx) -> Option<usize> {
    let names = shape::byline(block)?;
    let [name] = names.as_slice() else {
        return None;
    };
    cx.meta
        .authors
        .iter()
        .position(|a| shape::same(&a.name, name))
}

fn fit_affiliation(author: usize, affiliation: &str, cx: &mut Ctx) -> Fit {
    let slot = &mut cx.meta.authors[author].affiliation;
    match slot {
        None => {
            *slot = Some(affiliation.to_string());
            Fit::Filled
        }
        Some(old) if shape::same(old, affiliation) => Fit::Same,
        Some(_) => Fit::Clash,
    }
}
