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
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Math(m) => out.push_str(&m.tex),
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c) => push_plain(c, out),
            Inline::Link { content, .. } => push_plain(content, out),
            Inline::Image { alt, .. } => out.push_str(alt),
            Inline::SoftBreak | Inline::HardBreak => out.push(' '),
            Inline::Cite(c) if c.rendered.is_empty() => out.push_str(&c.text),
            Inline::Cite(c) => push_plain(&c.rendered, out),
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
            Inline::Cite(c) => push_source(&c.rendered, out),
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

/// Calls `f` on every run of inlines in `blocks`, in reading order, including table cells
/// and (when `into_notes`) the blocks of footnotes.
pub fn visit_inlines<'a>(blocks: &'a [Block], into_notes: bool, f: &mut dyn FnMut(&'a [Inline])) {
    visit_blocks(blocks, false, &mut |block| match block {
        Block::Heading { content, .. } | Block::Paragraph { content, .. } => {
            visit_run(content, into_notes, f)
        }
        Block::Table {
            head,
            rows,
            caption,
            ..
        } => {
            for cell in head.iter().chain(rows.iter().flatten()) {
                visit_run(cell, into_notes, f);
            }
            if let Some(c) = caption {
                visit_run(&c.content, into_notes, f);
            }
        }
        Block::Figure(fig) => {
            for run in fig.runs() {
                visit_run(run, into_notes, f);
            }
        }
        Block::BlockQuote(_)
        | Block::List { .. }
        | Block::CodeBlock { .. }
        | Block::ThematicBreak
        | Block::DisplayMath { .. }
        | Block::RawHtml { .. } => {}
    });
}

fn visit_run<'a>(run: &'a [Inline], into_notes: bool, f: &mut dyn FnMut(&'a [Inline])) {
    f(run);
    if into_notes {
        notes_in(run, &mut |note| visit_inlines(&note.blocks, true, f));
    }
}

/// Calls `f` on every footnote referenced in `run`, inside emphasis and links too (but not
/// on the notes referenced inside those notes).
pub fn notes_in<'a>(run: &'a [Inline], f: &mut dyn FnMut(&'a Note)) {
    for inline in run {
        match inline {
            Inline::Note(note) => f(note),
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c)
            | Inline::Link { content: c, .. } => notes_in(c, f),
            _ => {}
        }
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
            Block::Table {
                head,
                rows,
                caption,
                ..
            } => {
                for cell in head.iter_mut().chain(rows.iter_mut().flatten()) {
                    visit_run_mut(cell, f);
                }
                if let Some(c) = caption {
                    visit_run_mut(&mut c.content, f);
                }
            }
            Block::Figure(fig) => {
                for run in fig.runs_mut() {
                    visit_run_mut(run, f);
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
            Block::CodeBlock { text, .. } => {
                out.extend(text.split_whitespace().map(str::to_string))
            }
            Block::DisplayMath { math, .. } => {
                out.extend(math.tex.split_whitespace().map(str::to_string))
            }
            Block::RawHtml { html, .. } => out.extend(html.split_whitespace().map(str::to_string)),
            Block::BlockQuote(inner) => collect_words(inner, out),
            Block::List { items, .. } => {
                for item in items {
                    collect_words(&item.blocks, out);
                }
            }
            Block::Table {
                head,
                rows,
                caption,
                ..
            } => {
                for cell in head.iter().chain(rows.iter().flatten()) {
                    inline_words(cell, out);
                }
                if let Some(c) = caption {
                    inline_words(&c.content, out);
                }
            }
            Block::Figure(fig) => {
                for run in fig.runs() {
                    inline_words(run, out);
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

/// Calls `f` on every block of `blocks` and on the blocks inside them (quotes, list items),
/// each before the blocks it holds, in reading order; when `into_notes`, also on the blocks
/// of every footnote, after the block whose text references it.
pub fn visit_blocks<'a>(blocks: &'a [Block], into_notes: bool, f: &mut dyn FnMut(&'a Block)) {
    for block in blocks {
        f(block);
        match block {
            Block::BlockQuote(inner) => visit_blocks(inner, into_notes, f),
            Block::List { items, .. } => {
                for item in items {
                    visit_blocks(&item.blocks, into_notes, f);
                }
            }
            Block::Heading { content, .. } | Block::Paragraph { content, .. } if into_notes => {
                notes_in(content, &mut |note| visit_blocks(&note.blocks, true, f))
            }
            Block::Table { head, rows, .. } if into_notes => {
                for cell in head.iter().chain(rows.iter().flatten()) {
                    notes_in(cell, &mut |note| visit_blocks(&note.blocks, true, f));
                }
            }
            Block::Figure(fig) if into_notes => {
                for run in fig.runs() {
                    notes_in(run, &mut |note| visit_blocks(&note.blocks, true, f));
                }
            }
            _ => {}
        }
    }
}

/// Calls `f` on every block of `blocks`, mutably, in the order of [`visit_blocks`] with
/// notes: each block before the blocks it holds, a footnote's blocks after the block whose
/// text references it.
pub fn visit_blocks_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Block)) {
    for block in blocks {
        f(block);
        match block {
            Block::BlockQuote(inner) => visit_blocks_mut(inner, f),
            Block::List { items, .. } => {
                for item in items {
                    visit_blocks_mut(&mut item.blocks, f);
                }
            }
            Block::Heading { content, .. } | Block::Paragraph { content, .. } => {
                note_blocks_mut(content, f)
            }
            Block::Table { head, rows, .. } => {
                for cell in head.iter_mut().chain(rows.iter_mut().flatten()) {
                    note_blocks_mut(cell, f);
                }
            }
            Block::Figure(fig) => {
                for run in fig.runs_mut() {
                    note_blocks_mut(run, f);
                }
            }
            _ => {}
        }
    }
}

fn note_blocks_mut(run: &mut [Inline], f: &mut dyn FnMut(&mut Block)) {
    for inline in run {
        match inline {
            Inline::Note(note) => visit_blocks_mut(&mut note.blocks, f),
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c)
            | Inline::Link { content: c, .. } => note_blocks_mut(c, f),
            _ => {}
        }
    }
}

/// Whether some block of `blocks`, at any depth ([`visit_blocks`]), is one `pred` accepts.
pub fn any_block(blocks: &[Block], into_notes: bool, pred: impl Fn(&Block) -> bool) -> bool {
    let mut found = false;
    visit_blocks(blocks, into_notes, &mut |b| found = found || pred(b));
    found
}

/// A heading at the top level of a document: one of its sections.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Section<'a> {
    /// Its level, 1–6.
    pub level: u8,
    /// Its id.
    pub id: &'a str,
    /// Its text.
    pub content: &'a [Inline],
}

/// The document's sections: the headings at the top level of `blocks`, in order (headings
/// inside quotes, lists or notes head no section).
pub fn sections(blocks: &[Block]) -> impl Iterator<Item = Section<'_>> {
    blocks.iter().filter_map(|b| match b {
        Block::Heading {
            level, id, content, ..
        } => Some(Section {
            level: *level,
            id,
            content,
        }),
        _ => None,
    })
}

#[cfg(test)]
mod block_walk_tests {
    use super::*;
    use crate::model::{Align, ListItem, ListKind, Pos};

    fn para(content: Vec<Inline>) -> Block {
        Block::Paragraph {
            content,
            pos: Pos::default(),
        }
    }

    fn heading(level: u8, id: &str) -> Block {
        Block::Heading {
            level,
            id: id.to_string(),
            content: vec![Inline::Text(id.to_string())],
            pos: Pos::default(),
        }
    }

    /// A quote holding a list whose item references a note that holds a heading; a table.
    fn nested() -> Vec<Block> {
        let note = Inline::Emph(vec![Inline::Note(Note {
            number: 1,
            blocks: vec![heading(2, "in-note")],
        })]);
        let item = ListItem {
            blocks: vec![para(vec![note])],
            task: None,
        };
        vec![
            heading(1, "top"),
            Block::BlockQuote(vec![
                heading(3, "quoted"),
                Block::List {
                    kind: ListKind::Bullet,
                    tight: true,
                    items: vec![item],
                },
            ]),
            Block::Table {
                align: vec![Align::None],
                head: vec![vec![Inline::Text("cell".into())]],
                rows: Vec::new(),
                pos: Pos::default(),
                caption: None,
            },
        ]
    }

    fn heading_ids(blocks: &[Block], into_notes: bool) -> Vec<&str> {
        let mut ids = Vec::new();
        visit_blocks(blocks, into_notes, &mut |b| {
            if let Block::Heading { id, .. } = b {
                ids.push(id.as_str());
            }
        });
        ids
    }

    #[test]
    fn blocks_are_visited_at_every_depth_and_in_notes_only_when_asked() {
        let blocks = nested();
        assert_eq!(heading_ids(&blocks, false), ["top", "quoted"]);
        assert_eq!(heading_ids(&blocks, true), ["top", "quoted", "in-note"]);
        let is_list = |b: &Block| matches!(b, Block::List { .. });
        assert!(any_block(&blocks, false, is_list));
        assert!(!any_block(&blocks[..1], true, is_list));
    }

    #[test]
    fn inline_runs_are_visited_in_reading_order_with_notes_where_they_stand() {
        let blocks = nested();
        let texts = |into_notes| {
            let mut out = Vec::new();
            visit_inlines(&blocks, into_notes, &mut |run| out.push(plain_text(run)));
            out
        };
        assert_eq!(texts(false), ["top", "quoted", "", "cell"]);
        assert_eq!(texts(true), ["top", "quoted", "", "in-note", "cell"]);
    }

    #[test]
    fn sections_are_the_top_level_headings() {
        let blocks = nested();
        let found: Vec<(u8, &str)> = sections(&blocks).map(|s| (s.level, s.id)).collect();
        assert_eq!(found, [(1, "top")]);
    }
}
