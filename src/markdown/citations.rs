//! Citations in the blocks the reader built: each run's text is split by [`super::cite`],
//! and each key is found again in the source, after the block's start and in running text,
//! to give it a position (for "unknown key" messages) and to honour `\@` escapes.

use std::ops::Range;

use super::cite::{split, Piece};
use super::events::push_text;
use super::lines::LineIndex;
use crate::model::{Block, Citation, Inline, Pos};

/// The source a block's citations are looked up in.
pub struct Finder<'a> {
    /// The markdown the blocks were read from.
    pub source: &'a str,
    /// Its line index.
    pub lines: &'a LineIndex<'a>,
    /// Byte ranges of the text events (not code, not HTML), sorted by start.
    pub text_ranges: &'a [Range<usize>],
}

impl Finder<'_> {
    /// Turns the citations written in `blocks` into [`Inline::Cite`].
    pub fn blocks(&self, blocks: &mut [Block]) {
        for block in blocks {
            match block {
                Block::Heading { content, pos, .. } | Block::Paragraph { content, pos } => {
                    let mut cursor = self.lines.offset(*pos);
                    self.run(content, *pos, &mut cursor);
                }
                Block::Table {
                    head, rows, pos, ..
                } => {
                    let mut cursor = self.lines.offset(*pos);
                    for cell in head.iter_mut().chain(rows.iter_mut().flatten()) {
                        self.run(cell, *pos, &mut cursor);
                    }
                }
                Block::BlockQuote(inner) => self.blocks(inner),
                Block::List { items, .. } => {
                    for item in items {
                        self.blocks(&mut item.blocks);
                    }
                }
                Block::CodeBlock { .. }
                | Block::ThematicBreak
                | Block::DisplayMath { .. }
                | Block::Figure(_)
                | Block::RawHtml { .. } => {}
            }
        }
    }

    /// Splits the text of `run` (and of the emphasis in it; not of links) into text and
    /// citations. `cursor` is where in the source the run's next text is looked for.
    fn run(&self, run: &mut Vec<Inline>, block: Pos, cursor: &mut usize) {
        if !has_at_sign(run) {
            return;
        }
        let old = std::mem::take(run);
        for inline in old {
            match inline {
                Inline::Text(t) if t.contains('@') => {
                    for piece in split(&t) {
                        match piece {
                            Piece::Text(t) => push_text(run, &t),
                            Piece::Cite(c) => match self.place(c, block, cursor) {
                                Ok(c) => run.push(Inline::Cite(c)),
                                Err(text) => push_text(run, &text),
                            },
                        }
                    }
                }
                Inline::Emph(mut c) => {
                    self.run(&mut c, block, cursor);
                    run.push(Inline::Emph(c));
                }
                Inline::Strong(mut c) => {
                    self.run(&mut c, block, cursor);
                    run.push(Inline::Strong(c));
                }
                Inline::Strike(mut c) => {
                    self.run(&mut c, block, cursor);
                    run.push(Inline::Strike(c));
                }
                other => run.push(other),
            }
        }
    }

    /// Gives each item of `c` the position of its key in the source, found after `cursor`
    /// in running text; a citation whose first key was escaped (`\@key`) is given back as
    /// its text.
    fn place(&self, mut c: Citation, block: Pos, cursor: &mut usize) -> Result<Citation, String> {
        for (i, item) in c.items.iter_mut().enumerate() {
            let Some(at) = self.find_key(&item.key, *cursor) else {
                item.pos = block;
                continue;
            };
            if at > 0 && self.source.as_bytes()[at - 1] == b'\\' {
                *cursor = at + 1;
                if i == 0 {
                    return Err(c.text);
                }
            }
            item.pos = self.lines.pos(at);
            *cursor = at + 1;
        }
        c.pos = c.items.first().map_or(block, |i| i.pos);
        Ok(c)
    }

    /// The offset of the first `@key` (or `@{key}`) at or after `from` that lies in text.
    fn find_key(&self, key: &str, from: usize) -> Option<usize> {
        let forms = [format!("@{key}"), format!("@{{{key}}}")];
        let mut best: Option<usize> = None;
        for form in &forms {
            let mut search = from.min(self.source.len());
            while let Some(found) = self
                .source
                .get(search..)
                .and_then(|s| s.find(form.as_str()))
            {
                let at = search + found;
                if self.in_text(at) {
                    best = Some(best.map_or(at, |b| b.min(at)));
                    break;
                }
                search = at + 1;
            }
        }
        best
    }

    fn in_text(&self, offset: usize) -> bool {
        let i = self.text_ranges.partition_point(|r| r.start <= offset);
        i > 0 && self.text_ranges[i - 1].contains(&offset)
    }
}

/// Whether any text of `run`, into emphasis, holds an `@`.
fn has_at_sign(run: &[Inline]) -> bool {
    run.iter().any(|i| match i {
        Inline::Text(t) => t.contains('@'),
        Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) => has_at_sign(c),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use crate::diag::Diagnostics;
    use crate::model::{Block, Inline, Pos};

    fn inlines(md: &str) -> Vec<Inline> {
        let mut d = Diagnostics::new();
        let blocks = super::super::events::parse_blocks(md, 1, "a.md".as_ref(), &mut d);
        match blocks.into_iter().next() {
            Some(Block::Paragraph { content, .. }) => content,
            other => panic!("{other:?}"),
        }
    }

    fn cite_positions(run: &[Inline]) -> Vec<(String, Pos)> {
        let mut out = Vec::new();
        for i in run {
            match i {
                Inline::Cite(c) => out.extend(c.items.iter().map(|x| (x.key.clone(), x.pos))),
                Inline::Emph(c) => out.extend(cite_positions(c)),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn keys_are_placed_where_written() {
        let run = inlines("One `@a` two\n*as [see @a; @b, p. 3]* and @c.");
        let at = |k: &str, l, c| (k.to_string(), Pos::new(l, c));
        assert_eq!(
            cite_positions(&run),
            vec![at("a", 2, 10), at("b", 2, 14), at("c", 2, 29)]
        );
    }

    #[test]
    fn escaped_at_signs_and_addresses_stay_text() {
        let run = inlines("Mail a@b.org or \\@smith2020.");
        assert!(cite_positions(&run).is_empty());
        assert_eq!(
            run,
            vec![Inline::Text("Mail a@b.org or @smith2020.".into())]
        );
    }
}
