//! Footnote resolution: every reference placeholder the reader left (an `Inline::Note` whose
//! number is the reference's index and whose blocks are empty) gets its definition's blocks,
//! references inside a definition included, so a note may call another note as pandoc
//! allows. A note that calls itself (directly or through others) or nests deeper than
//! [`MAX_NOTE_NESTING`] is a located error, and so is a reference to no definition: each
//! would lose text.

use std::collections::{HashMap, HashSet};

use crate::model::{Block, Inline, Pos};

/// Deepest chain of notes within notes that is resolved (a note in a note in a note …).
/// Real books nest a note once at most; four keeps the model shallow enough that no walker
/// can overflow the stack, whatever the markdown.
pub const MAX_NOTE_NESTING: usize = 4;

/// Most notes set within other notes in one document. Each call of a note copies the notes
/// it calls, so a few definitions that each call the next many times would otherwise make
/// millions of copies from a few lines of markdown; a real book has a handful.
pub const MAX_NESTED_NOTES: u32 = 2_000;

/// A footnote definition: its blocks, where it is, whether a reference used it, its label
/// as written.
pub type Definition = (Vec<Block>, Pos, bool, String);

/// Why a reference could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    /// No definition has the label.
    Undefined,
    /// The note calls itself through the chain of labels given.
    Cycle(Vec<String>),
    /// The chain of notes is deeper than [`MAX_NOTE_NESTING`].
    TooDeep,
    /// The document already sets [`MAX_NESTED_NOTES`] notes within notes.
    TooMany,
}

/// Resolves the placeholders in `blocks` against `defs` (keyed by [`label_key`]); `refs`
/// holds each placeholder's (label, position) by index. Resolved notes are numbered in the
/// order met (the notes pass numbers them again). Returns the references that could not be
/// resolved, each left as its text `[^label]` (a reference in a definition once, however
/// often the definition is set).
pub fn resolve(
    blocks: &mut [Block],
    refs: &[(String, Pos)],
    defs: &mut HashMap<String, Definition>,
) -> Vec<(String, Pos, Unresolved)> {
    let mut r = Resolver {
        refs,
        defs,
        seen: 0,
        nested: 0,
        failed: Vec::new(),
        reported: HashSet::new(),
    };
    r.blocks(blocks, &mut Vec::new());
    r.failed
}

/// The key a footnote label is matched by: labels match case-insensitively, as in
/// CommonMark link labels.
pub fn label_key(label: &str) -> String {
    label.to_lowercase()
}

struct Resolver<'r> {
    refs: &'r [(String, Pos)],
    defs: &'r mut HashMap<String, Definition>,
    seen: u32,
    /// Notes resolved within other notes so far.
    nested: u32,
    failed: Vec<(String, Pos, Unresolved)>,
    /// Where the references in `failed` stand.
    reported: HashSet<(u32, u32)>,
}

impl Resolver<'_> {
    fn blocks(&mut self, blocks: &mut [Block], chain: &mut Vec<String>) {
        for block in blocks {
            match block {
                Block::Heading { content, .. } | Block::Paragraph { content, .. } => {
                    self.run(content, chain)
                }
                Block::BlockQuote(inner) => self.blocks(inner, chain),
                Block::List { items, .. } => {
                    for item in items {
                        self.blocks(&mut item.blocks, chain);
                    }
                }
                Block::Table { head, rows, .. } => {
                    for cell in head.iter_mut().chain(rows.iter_mut().flatten()) {
                        self.run(cell, chain);
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

    fn run(&mut self, run: &mut [Inline], chain: &mut Vec<String>) {
        for inline in run {
            match inline {
                Inline::Emph(c)
                | Inline::Strong(c)
                | Inline::Strike(c)
                | Inline::Superscript(c)
                | Inline::Subscript(c)
                | Inline::Link { content: c, .. } => self.run(c, chain),
                Inline::Note(note) if note.blocks.is_empty() => {
                    let Some((label, pos)) = self.refs.get(note.number as usize) else {
                        continue;
                    };
                    match self.definition(label, chain) {
                        Ok((number, blocks)) => {
                            note.number = number;
                            note.blocks = blocks;
                        }
                        Err(why) => {
                            if self.reported.insert((pos.line, pos.col)) {
                                self.failed.push((label.clone(), *pos, why));
                            }
                            *inline = Inline::Text(format!("[^{label}]"));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// The number of the note `label` names, called within the notes of `chain`, and its
    /// definition's blocks with the references inside them resolved (numbered after it).
    fn definition(
        &mut self,
        label: &str,
        chain: &mut Vec<String>,
    ) -> Result<(u32, Vec<Block>), Unresolved> {
        let key = label_key(label);
        if let Some(at) = chain.iter().position(|k| *k == key) {
            let mut path: Vec<String> = chain[at..].to_vec();
            path.push(key);
            return Err(Unresolved::Cycle(path));
        }
        if chain.len() >= MAX_NOTE_NESTING {
            return Err(Unresolved::TooDeep);
        }
        if !chain.is_empty() {
            if self.nested >= MAX_NESTED_NOTES {
                return Err(Unresolved::TooMany);
            }
            self.nested += 1;
        }
        let Some((blocks, _, used, _)) = self.defs.get_mut(&key) else {
            return Err(Unresolved::Undefined);
        };
        *used = true;
        let mut blocks = blocks.clone();
        self.seen += 1;
        let number = self.seen;
        chain.push(key);
        self.blocks(&mut blocks, chain);
        chain.pop();
        Ok((number, blocks))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Note;

    fn para(content: Vec<Inline>) -> Block {
        Block::Paragraph {
            content,
            pos: Pos::new(1, 1),
        }
    }

    fn placeholder(index: u32) -> Inline {
        Inline::Note(Note {
            number: index,
            blocks: Vec::new(),
        })
    }

    fn def(blocks: Vec<Block>, label: &str) -> (String, Definition) {
        (
            label_key(label),
            (blocks, Pos::new(9, 1), false, label.into()),
        )
    }

    #[test]
    fn a_note_inside_a_note_is_resolved_and_numbered_after_it() {
        let refs = vec![
            ("a".to_string(), Pos::new(1, 5)),
            ("b".into(), Pos::new(9, 9)),
        ];
        let mut defs: HashMap<_, _> = [
            def(
                vec![para(vec![Inline::Text("A ".into()), placeholder(1)])],
                "a",
            ),
            def(vec![para(vec![Inline::Text("B".into())])], "B"),
        ]
        .into();
        let mut blocks = vec![para(vec![placeholder(0)])];
        assert!(resolve(&mut blocks, &refs, &mut defs).is_empty());
        let Block::Paragraph { content, .. } = &blocks[0] else {
            panic!()
        };
        let Inline::Note(outer) = &content[0] else {
            panic!()
        };
        assert_eq!(outer.number, 1);
        let Block::Paragraph { content, .. } = &outer.blocks[0] else {
            panic!()
        };
        let Inline::Note(inner) = &content[1] else {
            panic!()
        };
        assert_eq!(inner.number, 2);
        assert_eq!(inner.blocks, vec![para(vec![Inline::Text("B".into())])]);
        assert!(defs.values().all(|d| d.2), "both definitions are used");
    }

    #[test]
    fn a_note_calling_itself_is_refused_with_its_chain() {
        let refs = vec![
            ("a".to_string(), Pos::new(1, 5)),
            ("b".into(), Pos::new(8, 9)),
            ("a".into(), Pos::new(9, 9)),
        ];
        let mut defs: HashMap<_, _> = [
            def(vec![para(vec![placeholder(1)])], "a"),
            def(vec![para(vec![placeholder(2)])], "b"),
        ]
        .into();
        let mut blocks = vec![para(vec![placeholder(0)])];
        let failed = resolve(&mut blocks, &refs, &mut defs);
        assert_eq!(failed.len(), 1);
        assert_eq!(
            failed[0].2,
            Unresolved::Cycle(vec!["a".into(), "b".into(), "a".into()])
        );
    }

    #[test]
    fn notes_nest_no_deeper_than_the_cap() {
        let n = MAX_NOTE_NESTING + 2;
        let refs: Vec<(String, Pos)> = (0..n).map(|k| (format!("n{k}"), Pos::new(1, 1))).collect();
        let mut defs: HashMap<_, _> = (0..n)
            .map(|k| {
                def(
                    vec![para(vec![placeholder(k as u32 + 1)])],
                    &format!("n{k}"),
                )
            })
            .collect();
        let mut blocks = vec![para(vec![placeholder(0)])];
        let failed = resolve(&mut blocks, &refs, &mut defs);
        assert_eq!(failed.len(), 1);
        assert_eq!(failed[0].0, format!("n{MAX_NOTE_NESTING}"));
        assert_eq!(failed[0].2, Unresolved::TooDeep);
    }

    #[test]
    fn notes_calling_notes_many_times_stop_at_the_cap() {
        // Three definitions, each calling the next forty times: 40 + 1,600 + 64,000 copies.
        let calls = |k: u32| vec![para((0..40).map(|_| placeholder(k)).collect())];
        let refs: Vec<(String, Pos)> = ["a", "b", "c", "d"]
            .iter()
            .enumerate()
            .map(|(k, l)| (l.to_string(), Pos::new(k as u32 + 1, 1)))
            .collect();
        let mut defs: HashMap<_, _> = [
            def(calls(1), "a"),
            def(calls(2), "b"),
            def(calls(3), "c"),
            def(vec![para(vec![Inline::Text("D".into())])], "d"),
        ]
        .into();
        let mut blocks = vec![para(vec![placeholder(0)])];
        let failed = resolve(&mut blocks, &refs, &mut defs);
        // Reported once for each call that met the cap, not once for each copy of it.
        assert_eq!(failed.len(), 3, "{failed:?}");
        assert!(failed.iter().all(|f| f.2 == Unresolved::TooMany));
    }
}
