//! The builder's side of the structure tree: elements opened and closed as blocks are set,
//! in the order of the model, and the items set for an element stamped with its tag.

use std::collections::HashMap;

use super::{Builder, Flow, Slot};
use crate::model::Block;
use crate::typeset::frame::{stamp, Item, Point, Tag};
use crate::typeset::para::{InlineSpan, Line};
use crate::typeset::structure::{Role, Structure};

impl Builder<'_> {
    /// Makes the flow's root element a `role` (an article's Art, a section's Sect).
    pub fn set_root(&mut self, role: Role, lang: Option<&str>) {
        let root = &mut self.flow.structure.elements[0];
        root.role = role;
        root.set_lang(lang.map(str::to_string));
    }

    /// The element new elements go into.
    fn top(&self) -> u32 {
        self.stack.last().copied().unwrap_or(0)
    }

    /// A new element of `role`, the last child of the element open now.
    pub fn element(&mut self, role: Role) -> Tag {
        Tag::Element(self.flow.structure.push(role, self.top()))
    }

    /// A new element of `role` that later elements go into, until [`Self::close`].
    pub fn open(&mut self, role: Role) -> Tag {
        let id = self.flow.structure.push(role, self.top());
        self.stack.push(id);
        Tag::Element(id)
    }

    /// The innermost open element.
    pub(super) fn element_open(&self) -> Tag {
        Tag::Element(self.top())
    }

    /// Closes the element opened last.
    pub fn close(&mut self) {
        self.stack.pop();
    }

    /// A new element of `role` beside the block being set, in the nearest open element
    /// that holds blocks (a note called in a table cell stands after the table).
    pub(super) fn block_element(&mut self, role: Role, open: bool) -> Tag {
        let s = &self.flow.structure;
        let parent = (self.stack.iter().rev())
            .copied()
            .find(|&e| s.elements[e as usize].role.holds_blocks())
            .unwrap_or(0);
        let id = self.flow.structure.push(role, parent);
        if open {
            self.stack.push(id);
        }
        Tag::Element(id)
    }

    /// Sets the text an element stands for (a figure's description, a formula's TeX).
    pub fn set_alt(&mut self, tag: Tag, alt: &str) {
        if let Tag::Element(n) = tag {
            self.flow.structure.elements[n as usize].set_alt(Some(alt.to_string()));
        }
    }

    /// Sets the language of an element set apart from its parent's.
    pub fn set_element_lang(&mut self, tag: Tag, lang: &str) {
        if let Tag::Element(n) = tag {
            self.flow.structure.elements[n as usize].set_lang(Some(lang.to_string()));
        }
    }

    /// Stamps the items of the flow's slots from `first` on that have no tag yet.
    pub fn stamp_from(&mut self, first: usize, tag: Tag) {
        for s in &mut self.flow.slots[first..] {
            stamp(&mut s.items, tag);
        }
    }

    /// Pushes `slot`, its untagged items an element of `role`; gives the element.
    pub fn push_as(&mut self, role: Role, mut slot: Slot) -> Tag {
        let tag = self.element(role);
        stamp(&mut slot.items, tag);
        self.flow.slots.push(slot);
        tag
    }

    /// Opens the element of block `b` before it is set: a paragraph, heading, code or
    /// formula holds its text (the current leaf); a quote, list, table or figure holds
    /// elements. Gives the element and whether it was opened.
    pub(super) fn begin_block(&mut self, b: &Block) -> Option<(Tag, bool)> {
        let (role, open) = match b {
            Block::Paragraph { .. } => (Role::P, false),
            Block::Heading { level, .. } => (Role::H((*level).clamp(1, 6)), false),
            Block::CodeBlock { .. } => (Role::Code, false),
            Block::DisplayMath { .. } => (Role::Formula, false),
            Block::BlockQuote(_) => (Role::BlockQuote, true),
            Block::List { .. } => (Role::L, true),
            Block::Table { .. } => (Role::Table, true),
            Block::Figure(_) => (Role::Figure, true),
            Block::ThematicBreak | Block::RawHtml { .. } => return None,
        };
        let tag = if open {
            self.open(role)
        } else {
            self.element(role)
        };
        match b {
            Block::DisplayMath { math, .. } => self.set_alt(tag, &math.tex),
            Block::Figure(f) if f.alt.trim().is_empty() => {
                let caption = crate::model::plain_text(&f.caption.printed());
                self.set_alt(tag, &caption);
            }
            Block::Figure(f) => self.set_alt(tag, &f.alt),
            _ => {}
        }
        if !open {
            self.leaf = tag;
        }
        Some((tag, open))
    }

    /// Closes what [`Self::begin_block`] opened, its text set in the slots from `first`.
    pub(super) fn end_block(&mut self, begun: Option<(Tag, bool)>, first: usize) {
        match begun {
            Some((_, true)) => self.close(),
            Some((tag, false)) => {
                self.stamp_from(first, tag);
                self.leaf = Tag::Unset;
            }
            None => {}
        }
    }

    /// Takes the inline elements `spans` of a paragraph set as `lines` into the flow's
    /// numbering, renumbering the lines' items to match.
    pub(super) fn adopt(&mut self, spans: &[InlineSpan], lines: &mut [Line]) {
        if spans.is_empty() {
            return;
        }
        let offset = self.flow.inlines.len() as u32;
        self.flow.inlines.extend(spans.iter().map(|s| InlineSpan {
            outer: if s.outer == 0 { 0 } else { s.outer + offset },
            ..s.clone()
        }));
        for line in lines {
            for (_, item) in &mut line.items {
                if let Some(k) = item.inline_mut().filter(|k| **k != 0) {
                    *k += offset;
                }
            }
        }
    }
}

impl Flow {
    /// Makes an element of the tree for each inline element the flow's items are part of,
    /// inside the element the items are tagged with (its paragraph, heading or cell), in
    /// reading order, and tags the items with it.
    pub fn resolve_inlines(&mut self) {
        if self.inlines.is_empty() {
            return;
        }
        let spans = std::mem::take(&mut self.inlines);
        let mut made = HashMap::new();
        let items = (self.slots.iter_mut())
            .chain(self.notes.values_mut().flatten())
            .chain(self.indented.values_mut().flatten())
            .flat_map(|s| s.items.iter_mut());
        for item in items {
            resolve(&mut self.structure, &spans, &mut made, item);
        }
    }
}

/// Tags `item` with the element of its inline element (made on first meeting).
fn resolve(
    structure: &mut Structure,
    spans: &[InlineSpan],
    made: &mut HashMap<u32, u32>,
    item: &mut (Point, Item),
) {
    let Some(k) = item.1.inline_mut().map(std::mem::take) else {
        return;
    };
    if let (Some(Tag::Element(p)), true) = (item.1.tag(), k != 0) {
        if let Some(e) = element_of(structure, spans, made, k, p) {
            if let Some(t) = item.1.tag_mut() {
                *t = Tag::Element(e);
            }
        }
    }
}

/// The element of inline element `k` (numbered from 1 in `spans`), made inside `parent` or
/// inside the element of the inline element it stands in.
fn element_of(
    structure: &mut Structure,
    spans: &[InlineSpan],
    made: &mut HashMap<u32, u32>,
    k: u32,
    parent: u32,
) -> Option<u32> {
    if let Some(&e) = made.get(&k) {
        return Some(e);
    }
    let span = spans.get((k as usize).checked_sub(1)?)?;
    let inside = match span.outer {
        0 => parent,
        o if o < k => element_of(structure, spans, made, o, parent)?,
        _ => return None,
    };
    let e = structure.push(span.role, inside);
    structure.elements[e as usize].set_alt(span.alt.clone());
    made.insert(k, e);
    Some(e)
}
