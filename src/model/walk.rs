//! Walkers over the document model: plain text, word lists, the notes of a run, and inline
//! visitors used by passes.

use super::{Block, Inline, Note};

/// The plain text of a run of inlines (notes left out, breaks as spaces).
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain(inlines, &mut out);
    out
}

fn push_plain(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Code(t) | Inline::Math(t) => out.push_str(t),
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c) => push_plain(c, out),
            Inline::Link { content, .. } => push_plain(content, out),
            Inline::Image { alt, .. } => out.push_str(alt),
            Inline::SoftBreak | Inline::HardBreak => out.push(' '),
            Inline::RawHtml(_) | Inline::Note(_) => {}
        }
    }
}

/// The source text of a block's inlines, by which both backends name a point in it: the
/// `Inline::Text` runs in reading order, into emphasis and links, leaving out notes, code,
/// math, images and breaks. A print page that starts inside a paragraph is found again in
/// the EPUB at the same character of this text.
pub fn source_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_source(inlines, &mut out);
    out
}

fn push_source(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text(t) => out.push_str(t),
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c) => push_source(c, out),
            Inline::Link { content, .. } => push_source(content, out),
            Inline::Code(_)
            | Inline::Math(_)
            | Inline::Image { .. }
            | Inline::SoftBreak
            | Inline::HardBreak
            | Inline::RawHtml(_)
            | Inline::Note(_) => {}
        }
    }
}

/// The notes referenced in a run of inlines, in reading order: inside emphasis and links
/// too, but not those referenced inside another note's blocks.
pub fn notes_in(inlines: &[Inline]) -> Vec<&Note> {
    let mut out = Vec::new();
    push_notes(inlines, &mut out);
    out
}

fn push_notes<'a>(inlines: &'a [Inline], out: &mut Vec<&'a Note>) {
    for inline in inlines {
        match inline {
            Inline::Note(n) => out.push(n),
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c)
            | Inline::Link { content: c, .. } => push_notes(c, out),
            Inline::Text(_)
            | Inline::Code(_)
            | Inline::Math(_)
            | Inline::Image { .. }
            | Inline::SoftBreak
            | Inline::HardBreak
            | Inline::RawHtml(_) => {}
        }
    }
}

/// Calls `f` on every run of inlines in `blocks`, in reading order, including table cells
/// and (when `into_notes`) the blocks of footnotes.
pub fn visit_inlines<'a>(blocks: &'a [Block], into_notes: bool, f: &mut dyn FnMut(&'a [Inline])) {
    for block in blocks {
        match block {
            Block::Heading { content, .. } | Block::Paragraph { content, .. } => {
                visit_run(content, into_notes, f)
            }
            Block::BlockQuote(inner) => visit_inlines(inner, into_notes, f),
            Block::List { items, .. } => {
                for item in items {
                    visit_inlines(&item.blocks, into_notes, f);
                }
            }
            Block::Table { head, rows, .. } => {
                for cell in head.iter().chain(rows.iter().flatten()) {
                    visit_run(cell, into_notes, f);
                }
            }
            Block::CodeBlock { .. }
            | Block::ThematicBreak
            | Block::DisplayMath { .. }
            | Block::RawHtml { .. } => {}
        }
    }
}

fn visit_run<'a>(run: &'a [Inline], into_notes: bool, f: &mut dyn FnMut(&'a [Inline])) {
    f(run);
    if into_notes {
        for inline in run {
            visit_notes_in(inline, f);
        }
    }
}

fn visit_notes_in<'a>(inline: &'a Inline, f: &mut dyn FnMut(&'a [Inline])) {
    match inline {
        Inline::Note(note) => visit_inlines(&note.blocks, true, f),
        Inline::Emph(c)
        | Inline::Strong(c)
        | Inline::Strike(c)
        | Inline::Superscript(c)
        | Inline::Subscript(c)
        | Inline::Link { content: c, .. } => {
            for i in c {
                visit_notes_in(i, f);
            }
        }
        _ => {}
    }
}

/// Calls `f` on every inline in `blocks`, depth first in reading order, mutably; footnote
/// content is visited where the note stands.
pub fn visit_inlines_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Inline)) {
    for block in blocks {
        match block {
            Block::Heading { content, .. } | Block::Paragraph { content, .. } => {
                visit_run_mut(content, f)
            }
            Block::BlockQuote(inner) => visit_inlines_mut(inner, f),
            Block::List { items, .. } => {
                for item in items {
                    visit_inlines_mut(&mut item.blocks, f);
                }
            }
            Block::Table { head, rows, .. } => {
                for cell in head.iter_mut().chain(rows.iter_mut().flatten()) {
                    visit_run_mut(cell, f);
                }
            }
            Block::CodeBlock { .. }
            | Block::ThematicBreak
            | Block::DisplayMath { .. }
            | Block::RawHtml { .. } => {}
        }
    }
}

fn visit_run_mut(run: &mut [Inline], f: &mut dyn FnMut(&mut Inline)) {
    for inline in run {
        f(inline);
        match inline {
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c)
            | Inline::Link { content: c, .. } => visit_run_mut(c, f),
            Inline::Note(note) => visit_inlines_mut(&mut note.blocks, f),
            _ => {}
        }
    }
}

/// Every word of the document's text (body, code, notes), split on whitespace, in reading
/// order. Used by tests to check that no text is lost between stages.
pub fn words(blocks: &[Block]) -> Vec<String> {
    let mut out = Vec::new();
    collect_words(blocks, &mut out);
    out
}

fn collect_words(blocks: &[Block], out: &mut Vec<String>) {
    for block in blocks {
        match block {
            Block::Heading { content, .. } | Block::Paragraph { content, .. } => {
                inline_words(content, out)
            }
            Block::CodeBlock { text, .. } | Block::DisplayMath { tex: text, .. } => {
                out.extend(text.split_whitespace().map(str::to_string))
            }
            Block::RawHtml { html, .. } => out.extend(html.split_whitespace().map(str::to_string)),
            Block::BlockQuote(inner) => collect_words(inner, out),
            Block::List { items, .. } => {
                for item in items {
                    collect_words(&item.blocks, out);
                }
            }
            Block::Table { head, rows, .. } => {
                for cell in head.iter().chain(rows.iter().flatten()) {
                    inline_words(cell, out);
                }
            }
            Block::ThematicBreak => {}
        }
    }
}

fn inline_words(run: &[Inline], out: &mut Vec<String>) {
    let mut text = String::new();
    for inline in run {
        match inline {
            Inline::Note(note) => {
                out.extend(text.split_whitespace().map(str::to_string));
                text.clear();
                collect_words(&note.blocks, out);
            }
            other => push_plain(std::slice::from_ref(other), &mut text),
        }
    }
    out.extend(text.split_whitespace().map(str::to_string));
}
