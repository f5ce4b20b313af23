//! The top of a web-exported article: kicker, rules, date and source lines, the title, then
//! byline, date, source and standfirst.

use super::shape::{self, heading};
use super::{Ctx, Fit};
use crate::model::{Author, Block, Source};

/// Infers what the article's opening blocks say; returns the index where the body starts.
pub(super) fn infer_header(blocks: &[Block], cx: &mut Ctx) -> usize {
    let (kicker_at, title_at) = find_headings(blocks, cx.meta.title.as_deref());
    let mut consumed = false;
    if let Some(k) = kicker_at {
        let (_, text) = heading(&blocks[k]).unwrap_or_default();
        let from = ("kicker", "the leading heading");
        consumed |= cx
            .fit_text((k, &blocks[k]), from, &text, |m| &mut m.kicker)
            .consumed();
    }
    let pre_start = kicker_at.map_or(0, |k| k + 1);
    let pre_end = title_at.unwrap_or_else(|| preamble_end(blocks, pre_start));
    let mut seen = Seen::default();
    let mut rules = Vec::new();
    for (i, block) in blocks.iter().enumerate().take(pre_end).skip(pre_start) {
        if matches!(block, Block::ThematicBreak) {
            rules.push(i);
        } else {
            consumed |= meta_line(i, block, cx, &mut seen).is_some_and(Fit::consumed);
        }
    }
    let zone_start = match title_at {
        Some(t) => {
            let (_, text) = heading(&blocks[t]).unwrap_or_default();
            let from = ("title", "the first heading");
            let fit = cx.fit_text((t, &blocks[t]), from, &text, |m| &mut m.title);
            consumed |= fit.consumed();
            fit.consumed().then_some(t + 1)
        }
        None => cx.meta.title.is_some().then_some(pre_end),
    };
    if consumed {
        drop_rules(&rules, cx);
    }
    match zone_start {
        Some(z) => after_title(blocks, z, cx, &mut seen),
        None => title_at.unwrap_or(pre_end),
    }
}

/// Which header lines have been taken already (each kind is taken once).
#[derive(Default)]
struct Seen {
    date: bool,
    source: bool,
    authors: bool,
}

/// The kicker's and the title's indices; `known_title` is a title given before inference.
fn find_headings(blocks: &[Block], known_title: Option<&str>) -> (Option<usize>, Option<usize>) {
    let start = preamble_end(blocks, 0);
    let Some((level, text)) = blocks.get(start).and_then(heading) else {
        return (None, None);
    };
    if level > 2 {
        return (None, None);
    }
    if start > 0 {
        return (None, Some(start));
    }
    if level == 2 {
        // A bare leading H2 is a title only when a header line follows it; otherwise it is
        // the first section of an article that has no title in the body.
        let header_follows = blocks.get(1).is_some_and(is_header_line);
        let repeats_title = known_title.is_some_and(|t| shape::same(t, &text));
        return (None, (header_follows || repeats_title).then_some(0));
    }
    let next = preamble_end(blocks, 1);
    match blocks.get(next).and_then(heading) {
        Some((2, _)) if is_kicker(&text, next > 1, blocks.get(next + 1)) => (Some(0), Some(next)),
        Some((1, _)) if shape::is_short(&text) => (Some(0), Some(next)),
        _ => (None, Some(0)),
    }
}

/// Whether a leading H1 followed by an H2 is a kicker: short, and upper-case, or set apart
/// from the H2 by metadata lines, or the H2 is followed by a byline.
fn is_kicker(text: &str, apart: bool, after_h2: Option<&Block>) -> bool {
    let byline_follows = after_h2.and_then(shape::byline).is_some();
    shape::is_short(text) && (shape::is_upper(text) || apart || byline_follows)
}

/// Whether a block looks like a line of an article's header (byline, date, source or an
/// italic standfirst).
fn is_header_line(b: &Block) -> bool {
    shape::byline(b).is_some()
        || shape::date(b).is_some()
        || shape::source(b).is_some()
        || shape::italic_line(b).is_some()
}

/// The index of the first block from `from` that is not a rule, a date or a source line.
fn preamble_end(blocks: &[Block], from: usize) -> usize {
    let is_pre = |b: &Block| {
        matches!(b, Block::ThematicBreak) || shape::date(b).is_some() || shape::source(b).is_some()
    };
    from + blocks.iter().skip(from).take_while(|b| is_pre(b)).count()
}

fn drop_rules(rules: &[usize], cx: &mut Ctx) {
    for &i in rules {
        let span = crate::diag::Span::file(cx.path);
        cx.diags.note(
            span,
            "dropped the thematic break that opens the article's header",
        );
        cx.remove.insert(i);
    }
}

/// Byline, date, source and standfirst after the title; returns where the body starts.
fn after_title(blocks: &[Block], start: usize, cx: &mut Ctx, seen: &mut Seen) -> usize {
    let mut at = start;
    while let Some(block) = blocks.get(at) {
        if let Some(fit) = meta_line(at, block, cx, seen) {
            at += 1;
            if fit.consumed() {
                continue;
            }
            return at - 1;
        }
        if !seen.authors {
            if let Some(names) = shape::byline(block) {
                seen.authors = true;
                if !fit_authors(at, block, &names, cx).consumed() {
                    return at;
                }
                at += 1;
                continue;
            }
        }
        if let Some(text) = shape::italic_line(block) {
            let from = ("standfirst", "the italic paragraph after the title");
            if cx
                .fit_text((at, block), from, &text, |m| &mut m.standfirst)
                .consumed()
            {
                return at + 1;
            }
        }
        return at;
    }
    at
}

/// A date or source line not yet seen: how it fits, or `None` if the block is neither.
fn meta_line(at: usize, block: &Block, cx: &mut Ctx, seen: &mut Seen) -> Option<Fit> {
    if !seen.date {
        if let Some((iso, text)) = shape::date(block) {
            seen.date = true;
            let from = format!("the line `{text}`");
            return Some(cx.fit_text((at, block), ("date", &from), &iso, |m| &mut m.date));
        }
    }
    if !seen.source {
        if let Some(source) = shape::source(block) {
            seen.source = true;
            return Some(fit_source(at, block, source, cx));
        }
    }
    None
}

/// Fills the source from an "Originally published" line.
pub(super) fn fit_source(at: usize, block: &Block, mut found: Source, cx: &mut Ctx) -> Fit {
    if found.url.is_some() {
        found.url_span = Some(crate::diag::Span::at(cx.path, super::block_pos(block)));
    }
    let fit = match &mut cx.meta.source {
        slot @ None => {
            *slot = Some(found.clone());
            Fit::Filled
        }
        Some(old) if shape::same(&old.name, &found.name) => {
            if old.url.is_none() {
                old.url.clone_from(&found.url);
                old.url_span.clone_from(&found.url_span);
            }
            Fit::Same
        }
        Some(_) => Fit::Clash,
    };
    let shown = match &found.url {
        Some(u) => format!("{} <{u}>", found.name),
        None => found.name.clone(),
    };
    cx.report(
        (at, block),
        fit,
        ("source", "the \"Originally published\" line"),
        &shown,
    );
    fit
}

/// Fills the authors from a byline.
fn fit_authors(at: usize, block: &Block, names: &[String], cx: &mut Ctx) -> Fit {
    let authors = &mut cx.meta.authors;
    let fit = if authors.is_empty() {
        authors.extend(names.iter().map(|n| Author {
            name: n.clone(),
            ..Author::default()
        }));
        Fit::Filled
    } else if authors.len() == names.len()
        && authors
            .iter()
            .zip(names)
            .all(|(a, n)| shape::same(&a.name, n))
    {
        Fit::Same
    } else {
        Fit::Clash
    };
    let what = if names.len() == 1 {
        "author"
    } else {
        "authors"
    };
    cx.report(
        (at, block),
        fit,
        (what, "the bold line after the title"),
        &names.join("`, `"),
    );
    fit
}
