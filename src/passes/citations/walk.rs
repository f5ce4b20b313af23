//! Finding an article's citations in reading order, with the note each stands in or becomes,
//! and putting their rendered form back in the same order. Notes are counted as
//! `passes::notes` will number them: the article's own notes and, in a note style, every
//! citation in the body (a citation inside a note stays in that note).

use std::collections::VecDeque;

use crate::model::{Block, Citation, Inline, Note};

/// Punctuation that a note mark follows rather than precedes (pandoc's rule for note styles).
const BEFORE_NOTE: &[char] = &['.', ',', ';', ':', '!', '?'];

/// A citation met in the text.
#[derive(Debug, Clone)]
pub struct Found {
    /// The citation as written.
    pub cite: Citation,
    /// The note it stands in, or will become (note styles); `None` in the body otherwise.
    pub note: Option<u32>,
    /// Whether it stands inside one of the article's own notes.
    pub in_note: bool,
}

/// What a citation becomes.
#[derive(Debug, Clone)]
pub enum Rendered {
    /// Its text as written (no bibliography resolves it, or it is a cross-reference).
    Text(String),
    /// Rendered in place.
    InText(Citation),
    /// A new note holding the citation, after `lead` (an author named in the sentence).
    Note {
        /// What stays in the sentence.
        lead: Vec<Inline>,
        /// The note's citation.
        cite: Citation,
    },
}

/// Every citation in `blocks`, in reading order. `becomes_note` says whether a citation in
/// the body will be set as a note of its own.
pub fn collect(blocks: &[Block], becomes_note: &dyn Fn(&Citation) -> bool) -> Vec<Found> {
    let mut c = Collector {
        found: Vec::new(),
        notes: 0,
        becomes_note,
    };
    c.blocks(blocks, None);
    c.found
}

struct Collector<'f> {
    found: Vec<Found>,
    notes: u32,
    becomes_note: &'f dyn Fn(&Citation) -> bool,
}

impl Collector<'_> {
    fn blocks(&mut self, blocks: &[Block], note: Option<u32>) {
        for block in blocks {
            match block {
                Block::Heading { content, .. } | Block::Paragraph { content, .. } => {
                    self.run(content, note)
                }
                Block::Table { head, rows, .. } => {
                    for cell in head.iter().chain(rows.iter().flatten()) {
                        self.run(cell, note);
                    }
                }
                Block::BlockQuote(inner) => self.blocks(inner, note),
                Block::List { items, .. } => {
                    for item in items {
                        self.blocks(&item.blocks, note);
                    }
                }
                _ => {}
            }
        }
    }

    fn run(&mut self, run: &[Inline], note: Option<u32>) {
        for inline in run {
            match inline {
                Inline::Note(n) => {
                    self.notes += 1;
                    self.blocks(&n.blocks, Some(self.notes));
                }
                Inline::Cite(c) => {
                    let own = note.is_none() && (self.becomes_note)(c);
                    if own {
                        self.notes += 1;
                    }
                    self.found.push(Found {
                        cite: c.clone(),
                        note: if own { Some(self.notes) } else { note },
                        in_note: note.is_some(),
                    });
                }
                Inline::Emph(c)
                | Inline::Strong(c)
                | Inline::Strike(c)
                | Inline::Superscript(c)
                | Inline::Subscript(c) => self.run(c, note),
                _ => {}
            }
        }
    }
}

/// Puts `rendered` (one for each citation, in reading order) in place of the citations.
pub fn replace(blocks: &mut [Block], rendered: Vec<Rendered>) {
    let mut queue: VecDeque<Rendered> = rendered.into();
    replace_blocks(blocks, &mut queue);
}

fn replace_blocks(blocks: &mut [Block], queue: &mut VecDeque<Rendered>) {
    for block in blocks {
        match block {
            Block::Heading { content, .. } | Block::Paragraph { content, .. } => {
                replace_run(content, queue)
            }
            Block::Table { head, rows, .. } => {
                for cell in head.iter_mut().chain(rows.iter_mut().flatten()) {
                    replace_run(cell, queue);
                }
            }
            Block::BlockQuote(inner) => replace_blocks(inner, queue),
            Block::List { items, .. } => {
                for item in items {
                    replace_blocks(&mut item.blocks, queue);
                }
            }
            _ => {}
        }
    }
}

fn replace_run(run: &mut Vec<Inline>, queue: &mut VecDeque<Rendered>) {
    if !holds_citation(run) {
        return;
    }
    let old = std::mem::take(run);
    let mut made = Vec::new();
    for inline in old {
        match inline {
            Inline::Cite(_) => match queue.pop_front() {
                Some(Rendered::Text(t)) => push_text(run, &t),
                Some(Rendered::InText(c)) => run.push(Inline::Cite(c)),
                Some(Rendered::Note { lead, cite }) => {
                    if lead.is_empty() {
                        trim_end(run);
                    }
                    run.extend(lead);
                    made.push(run.len());
                    run.push(note_of(cite));
                }
                None => {}
            },
            Inline::Note(mut n) => {
                replace_blocks(&mut n.blocks, queue);
                run.push(Inline::Note(n));
            }
            Inline::Emph(mut c) => {
                replace_run(&mut c, queue);
                run.push(Inline::Emph(c));
            }
            Inline::Strong(mut c) => {
                replace_run(&mut c, queue);
                run.push(Inline::Strong(c));
            }
            Inline::Strike(mut c) => {
                replace_run(&mut c, queue);
                run.push(Inline::Strike(c));
            }
            Inline::Superscript(mut c) => {
                replace_run(&mut c, queue);
                run.push(Inline::Superscript(c));
            }
            Inline::Subscript(mut c) => {
                replace_run(&mut c, queue);
                run.push(Inline::Subscript(c));
            }
            Inline::Text(t) => push_text(run, &t),
            other => run.push(other),
        }
    }
    for &i in made.iter().rev() {
        punctuation_before(run, i);
    }
}

/// A note made of a citation.
fn note_of(cite: Citation) -> Inline {
    let pos = cite.pos;
    Inline::Note(Note {
        number: 0,
        blocks: vec![Block::Paragraph {
            content: vec![Inline::Cite(cite)],
            pos,
        }],
    })
}

/// Drops the space at the end of `run` (a note mark sits against the word before it).
fn trim_end(run: &mut Vec<Inline>) {
    if let Some(Inline::Text(t)) = run.last_mut() {
        let keep = t.trim_end().len();
        t.truncate(keep);
        if t.is_empty() {
            run.pop();
        }
    }
}

/// Moves the punctuation right after the note at `i` in front of it ("text.¹"), unless the
/// text before already ends with it ("etc.¹").
fn punctuation_before(run: &mut Vec<Inline>, i: usize) {
    let punct: String = match run.get(i + 1) {
        Some(Inline::Text(t)) => t.chars().take_while(|c| BEFORE_NOTE.contains(c)).collect(),
        _ => return,
    };
    if punct.is_empty() {
        return;
    }
    if let Some(Inline::Text(t)) = run.get_mut(i + 1) {
        t.drain(..punct.len());
        if t.is_empty() {
            run.remove(i + 1);
        }
    }
    match i.checked_sub(1).map(|p| &mut run[p]) {
        Some(Inline::Text(prev)) => {
            if !prev.ends_with(punct.as_str()) {
                prev.push_str(&punct);
            }
        }
        _ => run.insert(i, Inline::Text(punct)),
    }
}

fn holds_citation(run: &[Inline]) -> bool {
    run.iter().any(|i| match i {
        Inline::Cite(_) => true,
        Inline::Note(n) => crate::model::any_block(&n.blocks, false, |b| match b {
            Block::Paragraph { content, .. } | Block::Heading { content, .. } => {
                holds_citation(content)
            }
            Block::Table { head, rows, .. } => head
                .iter()
                .chain(rows.iter().flatten())
                .any(|c| holds_citation(c)),
            _ => false,
        }),
        Inline::Emph(c)
        | Inline::Strong(c)
        | Inline::Strike(c)
        | Inline::Superscript(c)
        | Inline::Subscript(c) => holds_citation(c),
        _ => false,
    })
}

/// Appends text, merging with a preceding text node.
pub fn push_text(out: &mut Vec<Inline>, text: &str) {
    if let Some(Inline::Text(prev)) = out.last_mut() {
        prev.push_str(text);
    } else if !text.is_empty() {
        out.push(Inline::Text(text.to_string()));
    }
}
