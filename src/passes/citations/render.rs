//! hayagriva's rendered output (elements of formatted text and links) turned into model
//! inlines: italic and bold as emphasis, raised and lowered text as super- and subscript,
//! DOIs and URLs as links when the link policy lets them through, else as text. Small caps
//! and underlining have no inline in the model and are set as plain text.

use hayagriva::citationberg::{FontStyle, FontWeight, VerticalAlign};
use hayagriva::{ElemChild, ElemChildren, ElemMeta, Formatting};

use super::walk::push_text;
use crate::model::{Inline, Pos};
use crate::passes::urls::{judge, Target};

/// What to put around each work of a citation, by the work's index in the request.
pub struct Affixes<'a> {
    /// Prefix and suffix of each work, as written.
    pub items: &'a [(String, String)],
    /// The link target of each work's part (`#` and its entry's id), where it has one.
    pub links: &'a [Option<String>],
}

/// The inlines of `children`, with each cited item's prefix and suffix put around it.
pub fn inlines(children: &ElemChildren, affixes: &Affixes, pos: Pos) -> Vec<Inline> {
    let mut out = Vec::new();
    push_children(children, affixes, pos, &mut out);
    let mut out = tidy(out);
    tidy_punctuation(&mut out);
    out
}

/// The inlines of `children`, nothing added.
pub fn plain(children: &ElemChildren, pos: Pos) -> Vec<Inline> {
    inlines(
        children,
        &Affixes {
            items: &[],
            links: &[],
        },
        pos,
    )
}

fn push_children(children: &ElemChildren, affixes: &Affixes, pos: Pos, out: &mut Vec<Inline>) {
    for child in &children.0 {
        match child {
            ElemChild::Text(t) => push_formatted(&t.text, t.formatting, out),
            ElemChild::Markup(m) => push_text(out, m),
            ElemChild::Link { text, url } => {
                let mut content = Vec::new();
                push_formatted(&text.text, text.formatting, &mut content);
                match judge(url) {
                    Ok(Target::Web(href)) => out.push(Inline::Link {
                        target: href,
                        title: String::new(),
                        content,
                        reference: None,
                        pos,
                    }),
                    _ => out.extend(content),
                }
            }
            ElemChild::Elem(e) => {
                let index = match e.meta {
                    Some(ElemMeta::Entry(i)) => Some(i),
                    _ => None,
                };
                let around = index.and_then(|i| affixes.items.get(i));
                if let Some((prefix, _)) = around.filter(|(p, _)| !p.is_empty()) {
                    push_text(out, &format!("{prefix} "));
                }
                let link = index.and_then(|i| affixes.links.get(i)).cloned().flatten();
                let mut inner = Vec::new();
                push_children(&e.children, affixes, pos, &mut inner);
                match link {
                    Some(target) => append(out, linked(inner, &target, pos)),
                    None => append(out, inner),
                }
                if let Some((_, suffix)) = around.filter(|(_, s)| !s.is_empty()) {
                    let glue = if suffix.starts_with(|c: char| c.is_alphanumeric()) {
                        " "
                    } else {
                        ""
                    };
                    push_text(out, &format!("{glue}{suffix}"));
                }
            }
            ElemChild::Transparent { .. } => {}
        }
    }
}

/// Text in its formatting: wrapped in the inlines that carry it, with apostrophes curled
/// (titles from BibTeX keep the straight ones they were typed with).
fn push_formatted(text: &str, f: Formatting, out: &mut Vec<Inline>) {
    if text.is_empty() {
        return;
    }
    let mut node = vec![Inline::Text(curl_apostrophes(text))];
    if f.font_weight == FontWeight::Bold {
        node = vec![Inline::Strong(node)];
    }
    if f.font_style == FontStyle::Italic {
        node = vec![Inline::Emph(node)];
    }
    match f.vertical_align {
        VerticalAlign::Sup => node = vec![Inline::Superscript(node)],
        VerticalAlign::Sub => node = vec![Inline::Subscript(node)],
        _ => {}
    }
    match node.pop() {
        Some(Inline::Text(t)) => push_text(out, &t),
        Some(other) => out.push(other),
        None => {}
    }
}

fn curl_apostrophes(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    (chars.iter().enumerate())
        .map(|(i, &c)| {
            let between = i > 0 && chars[i - 1].is_alphanumeric();
            if c == '\'' && between {
                '’'
            } else {
                c
            }
        })
        .collect()
}

/// Punctuation the engine doubles where a field it expected is missing or a title ends in
/// its own mark: `?.` and `?,` keep the question (or exclamation) mark, `,.` and `..` one
/// stop, `,)` the bracket. Applied across the text of a whole citation or entry.
pub fn tidy_punctuation(run: &mut [Inline]) {
    let mut last = None;
    fix_run(run, &mut last);
}

fn fix_run(run: &mut [Inline], last: &mut Option<char>) {
    for inline in run {
        match inline {
            Inline::Text(t) => {
                let mut out = String::with_capacity(t.len());
                for c in t.chars() {
                    let prev = out.chars().next_back().or(*last);
                    let prev_mark = out.chars().rev().find(|c| !matches!(c, '”' | '’' | '»'));
                    let prev_mark = prev_mark.or(*last);
                    let skip = match c {
                        '.' | ',' => {
                            matches!(prev_mark, Some('?' | '!'))
                                || (c == '.' && matches!(prev, Some('.' | ',')))
                                || (c == '.' && prev_mark == Some('.') && prev != Some('.'))
                        }
                        _ => false,
                    };
                    if c == ')' && out.ends_with(',') {
                        out.pop();
                    }
                    if c == '.' && out.ends_with(',') {
                        out.pop();
                    }
                    if !skip {
                        out.push(c);
                    }
                }
                if let Some(c) = out.chars().next_back() {
                    *last = Some(c);
                }
                *t = out;
            }
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c)
            | Inline::Link { content: c, .. } => fix_run(c, last),
            _ => {}
        }
    }
}

/// Adjacent emphasis of one kind merged (hayagriva splits italic titles at punctuation).
fn tidy(run: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(run.len());
    for inline in run {
        match (out.last_mut(), inline) {
            (Some(Inline::Emph(a)), Inline::Emph(b)) => append(a, b),
            (Some(Inline::Strong(a)), Inline::Strong(b)) => append(a, b),
            (Some(Inline::Text(a)), Inline::Text(b)) => a.push_str(&b),
            (_, other) => out.push(other),
        }
    }
    out
}

/// `run` linked to `target`: as one link, or, when it holds links of its own (a DOI in a
/// note's full reference), each stretch between them as a link (a link never holds
/// another), the spaces and stops between them left out.
fn linked(run: Vec<Inline>, target: &str, pos: Pos) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut stretch = Vec::new();
    let between = |c: char| c.is_whitespace() || ",.;:".contains(c);
    let flush = |stretch: &mut Vec<Inline>, out: &mut Vec<Inline>| {
        let mut content = tidy(std::mem::take(stretch));
        let words =
            |i: &Inline| !matches!(i, Inline::Text(t) if t.trim_matches(between).is_empty());
        if !content.iter().any(words) {
            append(out, content);
            return;
        }
        let mut after = String::new();
        if let Some(Inline::Text(t)) = content.last_mut() {
            after = t.split_off(t.trim_end_matches(between).len());
            if t.is_empty() {
                content.pop();
            }
        }
        out.push(Inline::Link {
            target: target.to_string(),
            title: String::new(),
            content,
            reference: None,
            pos,
        });
        push_text(out, &after);
    };
    for inline in run {
        if !has_link(std::slice::from_ref(&inline)) {
            stretch.push(inline);
            continue;
        }
        flush(&mut stretch, &mut out);
        out.push(match inline {
            Inline::Emph(c) => Inline::Emph(linked(c, target, pos)),
            Inline::Strong(c) => Inline::Strong(linked(c, target, pos)),
            Inline::Superscript(c) => Inline::Superscript(linked(c, target, pos)),
            Inline::Subscript(c) => Inline::Subscript(linked(c, target, pos)),
            other => other,
        });
    }
    flush(&mut stretch, &mut out);
    out
}

fn has_link(run: &[Inline]) -> bool {
    run.iter().any(|i| match i {
        Inline::Link { .. } => true,
        Inline::Emph(c) | Inline::Strong(c) | Inline::Superscript(c) | Inline::Subscript(c) => {
            has_link(c)
        }
        _ => false,
    })
}

fn append(into: &mut Vec<Inline>, more: Vec<Inline>) {
    for inline in more {
        match inline {
            Inline::Text(t) => push_text(into, &t),
            other => into.push(other),
        }
    }
}
