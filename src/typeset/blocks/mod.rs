//! Block layout: one article's blocks → a flow of slots (lines, headings, figures, table
//! rows, spaces) for the paginator, plus the lines of its footnotes. Sizes come from the
//! type scale ([`super::type_scale`]) over the body size; body lines sit on the baseline
//! grid (the paginator snaps them), other material takes whole or half lines of space
//! around it. One module per block kind; this one holds the flow's types and the builder
//! that dispatches to them.

mod bibliography;
mod code;
mod figure;
mod header;
mod heading;
mod links;
mod list;
mod math;
mod nesting;
mod notes;
mod ornament;
mod paragraph;
mod quote;
mod references;
mod table;
mod tags;

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::fonts::{Family, Fonts};
use super::frame::{Color, Item, Point, Tag};
use super::hyphenate::{Hyphenator, Lang};
use super::links::{BookLinks, LinkScope, LinkSource};
use super::para::{Align, InlineSpan, Spec, Style};
use super::structure::{Role, Structure};
use super::type_scale::PARA_INDENT_EM;
use crate::diag::{Diagnostic, Span};
use crate::model::{Block, Pos, TextPoint};

pub use bibliography::{bibliography, entries as bibliography_entries};
pub use header::header;
pub use paragraph::ParaSetting;
pub use references::references;

/// How far past the measure a line may reach before it is reported as sticking out: half a
/// point, below what a reader sees against the margin.
const OVERFULL_SLACK: f64 = 0.5;

/// What a slot holds, for the paginator's rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A line of a paragraph: paragraph id, line index, line count.
    Line(u32, u16, u16),
    /// Other material (headings, figures, rows, code lines).
    Other,
    /// Vertical space, dropped at the top of a page.
    Space,
}

/// One unit of the vertical flow.
#[derive(Debug, Clone)]
pub struct Slot {
    /// Height in points.
    pub height: f64,
    /// Items relative to the slot's top-left (x from the text block's left edge).
    pub items: Vec<(Point, Item)>,
    /// Notes referenced here (by number).
    pub notes: Vec<u32>,
    /// Paginator rules.
    pub kind: Kind,
    /// Never the last thing on a page (headings).
    pub keep_with_next: bool,
    /// Sits on the body's baseline grid.
    pub grid: bool,
    /// Outline entry that starts here: level and title.
    pub outline: Option<(u8, String)>,
    /// Statistics of the line set here.
    pub line: Option<LineStat>,
    /// Where in the article's text the slot's matter begins, when it comes from the text.
    pub source: Option<TextPoint>,
    /// A figure, or a captioned table's caption, that may float to the next page's top while
    /// the text goes on (with the slots of [`Slot::float_part`] after it).
    pub float: bool,
    /// Part of the float that begins above it (a caption, a source line, a table's rows):
    /// moves with it.
    pub float_part: bool,
}

/// What stats need to know of a set line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineStat {
    /// Adjustment ratio.
    pub ratio: f64,
    /// Ends with a hyphen.
    pub hyphen: bool,
    /// Last line of its paragraph.
    pub last: bool,
    /// Wider than the measure.
    pub overfull: bool,
    /// Set justified (ragged lines never stretch).
    pub justified: bool,
    /// Widest word space as set, in ems of the line's type size.
    pub widest_space_em: f64,
}

impl Slot {
    /// A line `i` of `n` of paragraph `p`, 10 pt high on the grid: what pagination tests
    /// build flows from.
    #[cfg(test)]
    pub fn test_line(p: u32, i: u16, n: u16) -> Slot {
        Slot {
            kind: Kind::Line(p, i, n),
            grid: true,
            ..Slot::space(10.0)
        }
    }

    /// Vertical space.
    pub fn space(h: f64) -> Slot {
        Slot {
            height: h,
            items: Vec::new(),
            notes: Vec::new(),
            kind: Kind::Space,
            keep_with_next: false,
            grid: false,
            outline: None,
            line: None,
            source: None,
            float: false,
            float_part: false,
        }
    }

    /// Fixed material of `height` (no paginator rules of its own).
    pub fn other(height: f64, items: Vec<(Point, Item)>) -> Slot {
        Slot {
            height,
            items,
            kind: Kind::Other,
            ..Slot::space(0.0)
        }
    }
}

/// The laid-out article: its flow and its notes.
#[derive(Debug, Clone, Default)]
pub struct Flow {
    /// The body, in order.
    pub slots: Vec<Slot>,
    /// Footnote lines by note number.
    pub notes: BTreeMap<u32, Vec<Slot>>,
    /// Problems found (warnings), in order.
    pub diags: Vec<Diagnostic>,
    /// Characters no font has, with where they were first met.
    pub missing: Vec<(char, Pos)>,
    /// The article's file (for diagnostics).
    pub path: PathBuf,
    /// Its links within the book, for the check that each leads to a page.
    pub links: Vec<LinkSource>,
    /// The lines of a paragraph that follows a float, set with a first-line indent, by the
    /// paragraph's id: set in their place when the float moves away and the paragraph
    /// follows the one before the float directly.
    pub indented: BTreeMap<u32, Vec<Slot>>,
    /// The structure tree of what the flow holds, its items' tags pointing into it.
    pub structure: Structure,
    /// The inline elements its items are part of ([`crate::typeset::frame::GlyphRun::inline`]
    /// numbers them from 1), until [`Flow::resolve_inlines`] makes them elements of the tree.
    pub inlines: Vec<InlineSpan>,
}

impl Flow {
    /// Moves every element tag of the flow's items by `offset` (after its tree was
    /// grafted into the book's).
    pub fn retag(&mut self, offset: u32) {
        let slots = (self.slots.iter_mut())
            .chain(self.notes.values_mut().flatten())
            .chain(self.indented.values_mut().flatten());
        for s in slots {
            super::structure::retag(&mut s.items, offset);
        }
    }
}

/// Settings shared by every block of an article.
pub struct Ctx<'a> {
    /// Fonts.
    pub fonts: &'a Fonts,
    /// Hyphenator.
    pub hyph: &'a Hyphenator,
    /// The article's language.
    pub lang: Option<Lang>,
    /// Anchor prefix ("a3").
    pub prefix: String,
    /// The article's file.
    pub path: PathBuf,
    /// Text block width.
    pub measure: f64,
    /// Room left of the text block on a page of either side (the narrower of the inner and
    /// outer margins): how far list numbers may hang out and stay on the page.
    pub margin: f64,
    /// Text block height.
    pub page_height: f64,
    /// Body size.
    pub size: f64,
    /// Body leading.
    pub leading: f64,
    /// Colour links.
    pub color_links: bool,
    /// The words Folio adds ("References", "First published in") in the article's language.
    pub labels: &'static crate::labels::Labels,
    /// The collection's checked images.
    pub assets: &'a crate::assets::Assets,
    /// The book's articles, where links to them lead (`None` outside the articles).
    pub book: Option<&'a BookLinks>,
}

/// Lays out blocks into a flow.
pub struct Builder<'a> {
    ctx: &'a Ctx<'a>,
    /// The flow being built.
    pub flow: Flow,
    para_id: u32,
    indent_next: bool,
    /// The block before the float just set would have indented a paragraph after it.
    indent_after_float: bool,
    pos: Pos,
    /// The block whose lines are being set, for the lines' [`Slot::source`].
    source_pos: Option<Pos>,
    /// How many lists the block being set is inside.
    list_depth: u32,
    /// How many quotes the block being set is inside.
    quote_depth: u32,
    /// Whether the article was warned that nesting stopped indenting.
    nesting_warned: bool,
    lang: Option<Lang>,
    /// The open structure elements, innermost last (the root, 0, below them all).
    stack: Vec<u32>,
    /// The element whose text is being set (a paragraph, heading …), or unset.
    leaf: Tag,
}

impl<'a> Builder<'a> {
    /// A builder for one article.
    pub fn new(ctx: &'a Ctx<'a>) -> Builder<'a> {
        Builder {
            ctx,
            flow: Flow {
                path: ctx.path.clone(),
                structure: Structure::new(Role::Div),
                ..Flow::default()
            },
            para_id: 0,
            indent_next: false,
            indent_after_float: false,
            pos: Pos::new(1, 1),
            source_pos: None,
            list_depth: 0,
            quote_depth: 0,
            nesting_warned: false,
            lang: ctx.lang,
            stack: Vec::new(),
            leaf: Tag::Unset,
        }
    }

    /// Hyphenates what follows in `lang` (text in another language than the context's, as
    /// a contributor's biography in an anthology of several languages).
    pub fn set_lang(&mut self, lang: Option<Lang>) {
        self.lang = lang;
    }

    fn warn(&mut self, pos: Pos, msg: String, hint: &str) {
        self.flow.diags.push(Diagnostic::warning(
            Span::at(&self.ctx.path, pos),
            msg,
            hint,
        ));
    }

    fn spec(&self, style: Style, x_measure: f64, indent: f64, align: Align) -> Spec<'a> {
        Spec {
            measure: x_measure,
            indent,
            align,
            style,
            lang: self.lang,
            hyph: self.ctx.hyph,
            prefix: prefix_of(self.ctx),
            links: self.link_scope(),
            color_links: self.ctx.color_links,
        }
    }

    /// Where the article's links to other articles lead.
    fn link_scope(&self) -> Option<LinkScope<'a>> {
        let ctx = self.ctx;
        ctx.book.map(|book| LinkScope {
            book,
            from: &ctx.path,
        })
    }

    fn note_missing(&mut self, missing: &[char]) {
        for &c in missing {
            if !self.flow.missing.iter().any(|(m, _)| *m == c) {
                self.flow.missing.push((c, self.pos));
            }
        }
    }

    fn body_style(&self) -> Style {
        Style::new(Family::Regular, self.ctx.size)
    }

    /// Lays out a run of blocks at horizontal offset `x` with width `measure`, type scaled by
    /// `scale`.
    pub fn blocks(&mut self, blocks: &[Block], x: f64, measure: f64, scale: f64) {
        for b in blocks {
            self.block(b, x, measure, scale);
        }
    }

    fn block(&mut self, b: &Block, x: f64, measure: f64, scale: f64) {
        let first = self.flow.slots.len();
        let outer = self.source_pos;
        let pos = b.text_start();
        if pos.is_some() {
            self.source_pos = pos;
        }
        let begun = self.begin_block(b);
        self.block_matter(b, x, measure, scale);
        self.end_block(begun, first);
        self.source_pos = outer;
        // Matter not set as lines of text (a heading, code, a table) begins at the block.
        if let Some(pos) = pos {
            let slots = &mut self.flow.slots[first..];
            if slots.iter().all(|s| s.source.is_none()) {
                if let Some(s) = slots.iter_mut().find(|s| s.kind != Kind::Space) {
                    s.source = Some(TextPoint::Block(pos, 0));
                }
            }
        }
    }

    fn block_matter(&mut self, b: &Block, x: f64, measure: f64, scale: f64) {
        let size = self.ctx.size * scale;
        let lead = self.ctx.leading * scale;
        let on_grid = (scale - 1.0).abs() < 1e-9;
        let after_float = std::mem::take(&mut self.indent_after_float);
        match b {
            Block::Paragraph { content, pos } => {
                self.pos = *pos;
                let indent = PARA_INDENT_EM * size;
                let setting = ParaSetting::new(Style::new(Family::Regular, size), measure, lead)
                    .at(x)
                    .indent(if self.indent_next { indent } else { 0.0 })
                    .on_grid(on_grid);
                let lines = self.paragraph(content, &setting);
                if after_float && !self.indent_next {
                    self.indented_alternative(content, &setting.indent(indent), lines);
                }
                self.indent_next = true;
            }
            Block::Heading {
                level,
                id,
                content,
                pos,
            } => {
                self.pos = *pos;
                self.heading(*level, id, content, x, measure);
                self.indent_next = false;
            }
            Block::CodeBlock { text, pos, .. } => {
                self.pos = *pos;
                self.code(text, x, measure, scale);
                self.indent_next = false;
            }
            Block::BlockQuote(inner) => {
                self.quote(inner, x, measure, scale);
                self.indent_next = false;
            }
            Block::List { kind, items, tight } => {
                self.list(*kind, *tight, items, x, measure, scale);
                self.indent_next = false;
            }
            Block::Table {
                align,
                head,
                rows,
                pos,
                caption,
            } => {
                self.pos = *pos;
                let first = self.flow.slots.len();
                if let Some(c) = caption {
                    self.table_caption(c, x, measure);
                }
                self.table(align, head, rows, x, measure);
                // A captioned table floats as a figure does; one without caption stays.
                if caption.is_some() {
                    self.mark_float(first);
                    self.indent_after_float = self.indent_next;
                }
                self.indent_next = false;
            }
            Block::Figure(f) => {
                self.pos = f.pos;
                let first = self.flow.slots.len();
                self.figure(f, x, measure);
                self.mark_float(first);
                self.indent_after_float = self.indent_next;
                self.indent_next = false;
            }
            Block::ThematicBreak => {
                self.ornament(x, measure);
                self.indent_next = false;
            }
            Block::DisplayMath { math, pos, number } => {
                self.pos = *pos;
                self.display_math(math, number.as_ref(), x, measure, scale);
                self.indent_next = false;
            }
            Block::RawHtml { pos, .. } => {
                self.warn(
                    *pos,
                    "raw HTML block is left out of the print edition".into(),
                    "write it in markdown to have it printed",
                );
            }
        }
    }

    /// Appends vertical space (dropped at a page top).
    pub fn space(&mut self, h: f64) {
        if matches!(self.flow.slots.last(), Some(s) if s.kind == Kind::Space) {
            let last = self.flow.slots.last_mut().expect("just checked");
            last.height = last.height.max(h);
            return;
        }
        if !self.flow.slots.is_empty() {
            self.flow.slots.push(Slot::space(h));
        }
    }

    /// Marks the material set from slot `first` on as one float: its first slot may float,
    /// the rest (up to its last slot that is not space) goes with it.
    fn mark_float(&mut self, first: usize) {
        let slots = &mut self.flow.slots;
        let Some(head) = (first..slots.len()).find(|&i| slots[i].kind != Kind::Space) else {
            return;
        };
        let last = (head..slots.len())
            .rev()
            .find(|&i| slots[i].kind != Kind::Space)
            .unwrap_or(head);
        slots[head].float = true;
        for s in &mut slots[head + 1..=last] {
            s.float_part = true;
        }
    }

    /// Marks the start of the body proper (no indent on the first paragraph).
    pub fn no_indent(&mut self) {
        self.indent_next = false;
    }
}

fn prefix_of<'a>(ctx: &'a Ctx<'a>) -> &'a str {
    &ctx.prefix
}

/// A filled black rectangle.
pub fn rect(width: f64, height: f64) -> Item {
    Item::Rect {
        width,
        height,
        color: Color::BLACK,
    }
}

/// Moves items by (dx, dy).
pub fn shift(items: Vec<(Point, Item)>, dx: f64, dy: f64) -> Vec<(Point, Item)> {
    items
        .into_iter()
        .map(|(p, i)| {
            (
                Point {
                    x: p.x + dx,
                    y: p.y + dy,
                },
                i,
            )
        })
        .collect()
}
