//! pulldown-cmark events (with offsets) to `Block`s and `Inline`s, resolving footnotes.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{
    Alignment, CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

use super::lines::LineIndex;
use super::notes::{self, label_key, Unresolved};
use crate::diag::{Diagnostics, Span};
use crate::model::{Align, Block, Inline, ListItem, ListKind, Note, Pos};

/// The one place where the reader's markdown dialect is chosen: CommonMark plus GFM tables,
/// footnotes, strikethrough, task lists, smart punctuation, math, super- and subscript and
/// heading attributes.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_MATH
        | Options::ENABLE_SUPERSCRIPT
        | Options::ENABLE_SUBSCRIPT
}

type Ev<'a> = (Event<'a>, Range<usize>);

/// Parses `body` (markdown without front matter, starting on line `first_line` of `path`)
/// into blocks. Footnote references become `Inline::Note` holding the definition's blocks.
pub fn parse_blocks(
    body: &str,
    first_line: u32,
    path: &Path,
    diags: &mut Diagnostics,
) -> Vec<Block> {
    let lines = LineIndex::new(body, first_line);
    let events: Vec<Ev> = Parser::new_ext(body, options())
        .into_offset_iter()
        .collect();
    let mut reader = Reader {
        events,
        at: 0,
        lines,
        path,
        diags,
        definitions: HashMap::new(),
        references: Vec::new(),
        source: body,
        text_ranges: Vec::new(),
        depth: 0,
        warned_deep: false,
        flat_blocks: 0,
        flat_inlines: 0,
    };
    let mut blocks = reader.blocks_until_end();
    reader.find_citations(&mut blocks);
    reader.resolve_notes(&mut blocks);
    blocks
}

struct Reader<'a, 'd> {
    events: Vec<Ev<'a>>,
    at: usize,
    lines: LineIndex<'a>,
    path: &'d Path,
    diags: &'d mut Diagnostics,
    /// label key → (blocks, position of the definition, used?, label as written)
    definitions: HashMap<String, notes::Definition>,
    /// Placeholder index → (label, position of the reference).
    references: Vec<(String, Pos)>,
    /// The markdown being read (for checks that need the source, not the events).
    source: &'a str,
    /// Byte ranges of the text events met in running text (not code), in order.
    text_ranges: Vec<Range<usize>>,
    /// How many containers (blocks or inlines) enclose the current event.
    depth: usize,
    /// Whether the "too deep" warning was given.
    warned_deep: bool,
    /// Block containers dropped for depth whose end events are still to come; those ends
    /// are skipped instead of closing the enclosing container. Flattening this way needs no
    /// recursion, so no input can overflow the stack.
    flat_blocks: usize,
    /// The same for inline containers.
    flat_inlines: usize,
}

/// Deepest nesting of quotes, lists and inline containers the model keeps: far beyond any
/// real text, and shallow enough that walking the model cannot overflow the stack.
const MAX_NESTING: usize = 64;

fn is_block_start(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::List(_)
            | Tag::Item
            | Tag::FootnoteDefinition(_)
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_)
    )
}

impl<'a> Reader<'a, '_> {
    fn next(&mut self) -> Option<Ev<'a>> {
        let ev = self.events.get(self.at).cloned();
        self.at += 1;
        ev
    }

    fn peek(&self) -> Option<&Event<'a>> {
        self.events.get(self.at).map(|(e, _)| e)
    }

    fn pos(&self, offset: usize) -> Pos {
        self.lines.pos(offset)
    }

    fn span(&self, pos: Pos) -> Span {
        Span::at(self.path, pos)
    }

    /// Reads blocks until the end tag of the enclosing container (consumed) or the input's end.
    fn blocks_until_end(&mut self) -> Vec<Block> {
        let mut blocks = Vec::new();
        while let Some(ev) = self.peek() {
            match ev {
                Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item)
                    if self.flat_blocks > 0 =>
                {
                    self.flat_blocks -= 1;
                    self.at += 1;
                }
                Event::End(_) => {
                    self.at += 1;
                    break;
                }
                Event::Start(tag) if is_block_start(tag) => {
                    let (ev, range) = self.next().expect("peeked");
                    let Event::Start(tag) = ev else {
                        unreachable!()
                    };
                    self.block(tag, range, &mut blocks);
                }
                Event::Rule => {
                    self.at += 1;
                    blocks.push(Block::ThematicBreak);
                }
                Event::Html(_) => {
                    let (ev, range) = self.next().expect("peeked");
                    if let Event::Html(html) = ev {
                        let pos = self.pos(range.start);
                        blocks.push(Block::RawHtml {
                            html: html.to_string(),
                            pos,
                        });
                    }
                }
                _ => {
                    // Inline content directly in a container: a tight list item.
                    let start = self.events[self.at].1.start;
                    let pos = self.pos(start);
                    let content = self.inlines_until_block();
                    if !content.is_empty() {
                        blocks.push(Block::Paragraph { content, pos });
                    }
                }
            }
        }
        blocks
    }

    fn block(&mut self, tag: Tag<'a>, range: Range<usize>, out: &mut Vec<Block>) {
        let pos = self.pos(range.start);
        let container = matches!(tag, Tag::BlockQuote(_) | Tag::List(_) | Tag::Item);
        if container && (self.flat_blocks > 0 || self.too_deep(pos)) {
            // Too deep: drop the container, keep its content at this level (see `flat_blocks`).
            self.flat_blocks += 1;
            return;
        }
        self.depth += 1;
        self.block_inner(tag, range, pos, out);
        self.depth -= 1;
    }

    /// Whether nesting at `pos` is deeper than the model keeps; warns once per document.
    fn too_deep(&mut self, pos: Pos) -> bool {
        if self.depth < MAX_NESTING {
            return false;
        }
        if !self.warned_deep {
            self.warned_deep = true;
            self.diags.warning(
                self.span(pos),
                format!("nesting deeper than {MAX_NESTING} levels is flattened; the text is kept"),
                "use fewer nested quotes, lists or emphasis marks",
            );
        }
        true
    }

    fn block_inner(&mut self, tag: Tag<'a>, range: Range<usize>, pos: Pos, out: &mut Vec<Block>) {
        match tag {
            Tag::Paragraph => out.extend(self.paragraph(&range, pos)),
            Tag::Heading { level, id, .. } => {
                let content = self.inlines_until_end();
                out.push(Block::Heading {
                    level: heading_level(level),
                    id: id.map(|s| s.to_string()).unwrap_or_default(),
                    content,
                    pos,
                });
            }
            Tag::BlockQuote(_) => {
                let inner = self.blocks_until_end();
                out.push(Block::BlockQuote(inner));
            }
            Tag::CodeBlock(kind) => out.push(self.code_block(kind, pos)),
            Tag::HtmlBlock => out.push(self.html_block(pos)),
            Tag::List(start) => out.push(self.list(start)),
            Tag::Table(aligns) => {
                let align = aligns.iter().map(|a| convert_align(*a)).collect();
                let (head, rows) = self.table_rows();
                out.push(Block::Table {
                    align,
                    head,
                    rows,
                    pos,
                    caption: None,
                });
            }
            Tag::FootnoteDefinition(label) => self.footnote_definition(label.to_string(), pos),
            Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Item
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::MetadataBlock(_) => {
                // Not enabled or handled by their parent; keep any content as paragraphs.
                let inner = self.blocks_until_end();
                out.extend(inner);
            }
            _ => {
                let content = self.inlines_until_end();
                if !content.is_empty() {
                    out.push(Block::Paragraph { content, pos });
                }
            }
        }
    }

    /// A paragraph, or display math when the paragraph is one `$$…$$` span.
    fn paragraph(&mut self, range: &Range<usize>, pos: Pos) -> Option<Block> {
        let content = self.inlines_until_end();
        if let [Inline::Math(m)] = content.as_slice() {
            if self.source_is_display_math(range) {
                let lead = m.tex.len() - m.tex.trim_start().len();
                let at = crate::math::locate(m.pos, &m.tex, lead);
                return Some(Block::DisplayMath {
                    math: crate::model::Math::new(m.tex.trim(), at),
                    pos,
                    number: None,
                });
            }
        }
        (!content.is_empty()).then_some(Block::Paragraph { content, pos })
    }

    /// A code block: its language (the fence's first word) and its text.
    fn code_block(&mut self, kind: CodeBlockKind<'a>, pos: Pos) -> Block {
        let lang = match kind {
            CodeBlockKind::Fenced(info) => info
                .split_whitespace()
                .next()
                .map(|s| {
                    s.trim_matches(|c| c == '{' || c == '}' || c == '.')
                        .to_string()
                })
                .filter(|s| !s.is_empty()),
            CodeBlockKind::Indented => None,
        };
        let mut text = String::new();
        while let Some((ev, _)) = self.next() {
            match ev {
                Event::Text(t) => text.push_str(&t),
                Event::End(_) => break,
                _ => {}
            }
        }
        if text.ends_with('\n') {
            text.pop();
        }
        Block::CodeBlock { lang, text, pos }
    }

    /// A block of raw HTML, kept as written.
    fn html_block(&mut self, pos: Pos) -> Block {
        let mut html = String::new();
        while let Some((ev, _)) = self.next() {
            match ev {
                Event::Html(t) | Event::Text(t) => html.push_str(&t),
                Event::End(_) => break,
                _ => {}
            }
        }
        Block::RawHtml {
            html: html.trim_end().to_string(),
            pos,
        }
    }

    /// A list: its items (with their task boxes), tight unless an item opens a paragraph.
    fn list(&mut self, start: Option<u64>) -> Block {
        let kind = match start {
            Some(n) => ListKind::Ordered { start: n },
            None => ListKind::Bullet,
        };
        let mut items = Vec::new();
        let mut tight = true;
        while let Some((ev, _)) = self.next() {
            match ev {
                Event::Start(Tag::Item) => {
                    let task = match self.peek() {
                        Some(Event::TaskListMarker(done)) => {
                            let done = *done;
                            self.at += 1;
                            Some(done)
                        }
                        _ => None,
                    };
                    if matches!(self.peek(), Some(Event::Start(Tag::Paragraph))) {
                        tight = false;
                    }
                    let blocks = self.blocks_until_end();
                    items.push(ListItem { task, blocks });
                }
                Event::End(_) => break,
                _ => {}
            }
        }
        Block::List { kind, tight, items }
    }

    /// A footnote definition, kept until the reference it belongs to is read.
    fn footnote_definition(&mut self, label: String, pos: Pos) {
        let blocks = self.blocks_until_end();
        if let Some((_, first, _, _)) = self.definitions.get(&label_key(&label)) {
            let first = *first;
            self.diags.warning(
                self.span(pos),
                format!("footnote [^{label}] is defined twice (first at line {}); the first definition is used", first.line),
                "rename or remove one of the definitions",
            );
        } else {
            let key = label_key(&label);
            self.definitions.insert(key, (blocks, pos, false, label));
        }
    }

    fn source_is_display_math(&self, range: &Range<usize>) -> bool {
        let _ = range;
        // A paragraph that is one math span came from `$$…$$` only if the event said so;
        // that is checked when the inline is built (see `inline_event`).
        matches!(
            self.events.get(self.at - 2),
            Some((Event::DisplayMath(_), _))
        )
    }

    fn table_rows(&mut self) -> (Vec<Vec<Inline>>, Vec<Vec<Vec<Inline>>>) {
        let mut head = Vec::new();
        let mut rows = Vec::new();
        let mut in_head = false;
        let mut row: Vec<Vec<Inline>> = Vec::new();
        // The row's source, and where its last cell ends in it.
        let (mut row_at, mut cells_end) = (0..0, 0);
        while let Some((ev, range)) = self.next() {
            match ev {
                Event::Start(Tag::TableHead) => {
                    in_head = true;
                    row.clear();
                }
                Event::End(TagEnd::TableHead) => {
                    in_head = false;
                    head = std::mem::take(&mut row);
                }
                Event::Start(Tag::TableRow) => {
                    row.clear();
                    cells_end = range.start;
                    row_at = range;
                }
                Event::End(TagEnd::TableRow) if !in_head => {
                    self.check_cells_kept(&row_at, cells_end);
                    rows.push(std::mem::take(&mut row));
                }
                Event::Start(Tag::TableCell) => {
                    cells_end = cells_end.max(range.end);
                    row.push(self.inlines_until_end());
                }
                Event::End(TagEnd::Table) => break,
                _ => {}
            }
        }
        (head, rows)
    }

    /// An error where a table row has more cells than its header: the reader drops them
    /// (as GFM does), and their text would be lost.
    fn check_cells_kept(&mut self, row: &Range<usize>, cells_end: usize) {
        let rest = self.source.get(cells_end..row.end).unwrap_or("");
        let Some(at) = rest.find(|c: char| c != '|' && !c.is_whitespace()) else {
            return;
        };
        let dropped = rest[at..].trim_end().trim_end_matches('|').trim_end();
        self.diags.error(
            self.span(self.pos(cells_end + at)),
            format!(
                "this table row has more cells than the header row; `{dropped}` would be left out"
            ),
            "add a column to the header row and its `---` line, or write `\\|` for a `|` that \
             does not start a cell",
        );
    }

    /// Reads inlines until the enclosing end tag (consumed).
    fn inlines_until_end(&mut self) -> Vec<Inline> {
        let mut out = Vec::new();
        while let Some((ev, range)) = self.next() {
            if let Event::End(_) = ev {
                if self.flat_inlines > 0 {
                    self.flat_inlines -= 1;
                    continue;
                }
                break;
            }
            self.inline_event(ev, range, &mut out);
        }
        super::scripts::apply(out)
    }

    /// Reads inlines until a block-level start, or an end tag (not consumed).
    fn inlines_until_block(&mut self) -> Vec<Inline> {
        let mut out = Vec::new();
        loop {
            match self.peek() {
                Some(Event::End(_)) if self.flat_inlines > 0 => {
                    self.flat_inlines -= 1;
                    self.at += 1;
                    continue;
                }
                None | Some(Event::End(_)) | Some(Event::Rule) | Some(Event::Html(_)) => break,
                Some(Event::Start(tag)) if is_block_start(tag) => break,
                _ => {}
            }
            let (ev, range) = self.next().expect("peeked");
            self.inline_event(ev, range, &mut out);
        }
        super::scripts::apply(out)
    }

    fn inline_event(&mut self, ev: Event<'a>, range: Range<usize>, out: &mut Vec<Inline>) {
        let pos = self.pos(range.start);
        match ev {
            Event::Text(t) => {
                self.text_ranges.push(range.clone());
                let escaped =
                    range.start > 0 && self.source.as_bytes().get(range.start - 1) == Some(&b'\\');
                let literal = self.source.get(range.clone()) == Some(&*t);
                if literal && !escaped {
                    push_text(out, &t);
                } else {
                    push_text(out, &super::scripts::protect(&t));
                }
            }
            Event::Code(t) => out.push(Inline::Code(t.to_string())),
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                // The source starts after the opening dollar signs.
                let dollars = self.source[range.start..]
                    .bytes()
                    .take_while(|&b| b == b'$')
                    .count();
                let at = self.pos(range.start + dollars);
                out.push(Inline::Math(crate::model::Math::new(t.to_string(), at)))
            }
            Event::InlineHtml(t) | Event::Html(t) => out.push(Inline::RawHtml(t.to_string())),
            Event::SoftBreak => out.push(Inline::SoftBreak),
            Event::HardBreak => out.push(Inline::HardBreak),
            Event::TaskListMarker(_) | Event::Rule => {}
            Event::FootnoteReference(label) => self.note_reference(&label, pos, out),
            Event::Start(tag) => self.inline_tag(tag, pos, out),
            Event::End(_) => {}
        }
    }

    fn inline_tag(&mut self, tag: Tag<'a>, pos: Pos, out: &mut Vec<Inline>) {
        if self.too_deep(pos) {
            // Too deep: drop the container, keep its content in this run (see `flat_inlines`).
            self.flat_inlines += 1;
            return;
        }
        self.depth += 1;
        self.inline_tag_inner(tag, pos, out);
        self.depth -= 1;
    }

    fn inline_tag_inner(&mut self, tag: Tag<'a>, pos: Pos, out: &mut Vec<Inline>) {
        match tag {
            Tag::Emphasis => out.push(Inline::Emph(self.inlines_until_end())),
            Tag::Strong => out.push(Inline::Strong(self.inlines_until_end())),
            Tag::Strikethrough => out.push(Inline::Strike(self.inlines_until_end())),
            Tag::Superscript => out.push(Inline::Superscript(self.inlines_until_end())),
            Tag::Subscript => out.push(Inline::Subscript(self.inlines_until_end())),
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => {
                let content = self.inlines_until_end();
                let target = dest_url.trim().to_string();
                if target.is_empty() || target == "#" {
                    let text = crate::model::plain_text(&content);
                    self.diags.warning(
                        self.span(pos),
                        format!(
                            "link \"{text}\" has no target (`{target}`); it is kept as plain text"
                        ),
                        "give the link a URL, or remove the brackets",
                    );
                    for inline in content {
                        match inline {
                            Inline::Text(t) => push_text(out, &t),
                            other => out.push(other),
                        }
                    }
                    return;
                }
                let target = if link_type == LinkType::Email && !target.starts_with("mailto:") {
                    format!("mailto:{target}")
                } else {
                    target
                };
                out.push(Inline::Link {
                    target,
                    title: title.to_string(),
                    content,
                    reference: None,
                    pos,
                });
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                let alt_inlines = self.inlines_until_end();
                out.push(Inline::Image {
                    src: dest_url.to_string(),
                    alt: crate::model::plain_text(&alt_inlines).trim().to_string(),
                    title: title.to_string(),
                    pos,
                });
            }
            _ => {
                // Any other container met inline: keep its text.
                let inner = self.inlines_until_end();
                out.extend(inner);
            }
        }
    }

    fn note_reference(&mut self, label: &str, pos: Pos, out: &mut Vec<Inline>) {
        // A reference inside a definition is kept too: `super::notes` resolves notes within
        // notes.
        let index = self.references.len() as u32;
        self.references.push((label.to_string(), pos));
        // The placeholder's number is its index; `resolve_notes` replaces it.
        out.push(Inline::Note(Note {
            number: index,
            blocks: Vec::new(),
        }));
    }

    fn resolve_notes(&mut self, blocks: &mut [Block]) {
        let refs = std::mem::take(&mut self.references);
        let mut missing = Vec::new();
        for (label, pos, why) in notes::resolve(blocks, &refs, &mut self.definitions) {
            match why {
                Unresolved::Undefined => missing.push((label, pos)),
                Unresolved::Cycle(chain) => {
                    let chain: Vec<String> = chain.iter().map(|l| format!("[^{l}]")).collect();
                    self.diags.error(
                        self.span(pos),
                        format!(
                            "footnote [^{label}] is referenced inside itself ({}); it would never end",
                            chain.join(" → ")
                        ),
                        "remove the reference from the note's own text",
                    );
                }
                Unresolved::TooDeep => self.diags.error(
                    self.span(pos),
                    format!(
                        "footnote [^{label}] stands in a note {} notes deep; notes nest at most {} deep",
                        notes::MAX_NOTE_NESTING,
                        notes::MAX_NOTE_NESTING
                    ),
                    "move the note's text into the note that references it",
                ),
                Unresolved::TooMany => self.diags.error(
                    self.span(pos),
                    format!(
                        "footnote [^{label}] would be set more than {} times within other notes",
                        notes::MAX_NESTED_NOTES
                    ),
                    "call the note from the text rather than from notes that are called often",
                ),
            }
        }
        missing.extend(self.undefined_as_text());
        missing.sort_by_key(|(_, pos)| (pos.line, pos.col));
        for (label, pos) in missing {
            self.diags.error(
                self.span(pos),
                format!("footnote [^{label}] is never defined"),
                format!("add a definition `[^{label}]: …` or remove the reference; the note would be lost"),
            );
        }
        let mut unused: Vec<_> = self
            .definitions
            .values()
            .filter(|(_, _, used, _)| !used)
            .map(|(_, pos, _, label)| (label.clone(), *pos))
            .collect();
        unused.sort_by_key(|(_, pos)| (pos.line, pos.col));
        for (label, pos) in unused {
            self.diags.warning(
                self.span(pos),
                format!("footnote [^{label}] is defined but never referenced; it will not appear"),
                format!("reference it with [^{label}] in the text, or delete the definition"),
            );
        }
    }
}

impl Reader<'_, '_> {
    /// Turns the citations in `blocks` and in the footnote definitions into
    /// [`Inline::Cite`], each key placed where it is written.
    fn find_citations(&mut self, blocks: &mut [Block]) {
        let mut ranges = self.text_ranges.clone();
        ranges.sort_by_key(|r| r.start);
        let finder = super::citations::Finder {
            source: self.source,
            lines: &self.lines,
            text_ranges: &ranges,
        };
        finder.blocks(blocks);
        for (def, ..) in self.definitions.values_mut() {
            finder.blocks(def);
        }
    }

    /// Footnote references that pulldown-cmark left as plain text because their label has no
    /// definition (GFM footnotes do that), as (label, position).
    fn undefined_as_text(&self) -> Vec<(String, Pos)> {
        let mut ranges = self.text_ranges.clone();
        ranges.sort_by_key(|r| r.start);
        super::scan::literal_note_refs(self.source, &ranges)
            .into_iter()
            .filter(|(label, _)| !self.definitions.contains_key(&label_key(label)))
            .map(|(label, offset)| (label, self.pos(offset)))
            .collect()
    }
}

/// Appends text, merging with a preceding text node.
pub(super) fn push_text(out: &mut Vec<Inline>, text: &str) {
    if let Some(Inline::Text(prev)) = out.last_mut() {
        prev.push_str(text);
    } else if !text.is_empty() {
        out.push(Inline::Text(text.to_string()));
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn convert_align(a: Alignment) -> Align {
    match a {
        Alignment::None => Align::None,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}
