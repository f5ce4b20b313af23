//! Block layout: one article's blocks → a flow of slots (lines, headings, figures, table
//! rows, spaces) for the paginator, plus the lines of its footnotes. Sizes come from a small
//! type scale over the body size; body lines sit on the baseline grid (the paginator snaps
//! them), other material takes whole or half lines of space around it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::fonts::{Family, Fonts};
use super::frame::{Color, Item, LinkTarget, Point};
use super::hyphenate::{Hyphenator, Lang};
use super::para::{self, Align, Line, Spec, Style};
use crate::diag::{Diagnostic, Span};
use crate::model::{Align as ColAlign, Block, Document, Inline, ListKind, Pos, TextPoint};

/// Where the baseline sits in a line's slot, as a share of the slot height from its top.
pub const BASELINE: f64 = 0.76;
/// First-line indent of a paragraph that follows a paragraph, in ems (TYPOGRAPHY.md: ~1 em).
pub const PARA_INDENT_EM: f64 = 1.0;
/// Heading sizes by level (h1…h4+) as multiples of the body size: a modest scale for a
/// book page, where the article title is the largest thing.
pub const HEADING_SCALE: [f64; 4] = [1.4, 1.2, 1.05, 1.0];
/// Leading of display lines (headings, titles) as a multiple of their size.
pub const DISPLAY_LEADING: f64 = 1.2;
/// How far past the measure a line may reach before it is reported as sticking out: half a
/// point, below what a reader sees against the margin.
const OVERFULL_SLACK: f64 = 0.5;
/// Block quotes: type size relative to the body, and indent on both sides in body ems.
pub const QUOTE_SCALE: f64 = 0.92;
/// Block quote indent, in body ems.
pub const QUOTE_INDENT_EM: f64 = 1.5;
/// Footnote type size relative to the body (TYPOGRAPHY.md: notes in smaller type).
pub const NOTE_SCALE: f64 = 0.82;
/// Code size relative to the body: a monospace looks larger than a serif at the same size.
pub const CODE_SCALE: f64 = 0.82;
/// Table text size relative to the body.
pub const TABLE_SCALE: f64 = 0.88;
/// Padding inside a table cell on each side, in body ems.
pub const CELL_PAD_EM: f64 = 0.4;
/// Hanging indent of list items, in body ems.
pub const LIST_INDENT_EM: f64 = 1.6;
/// Largest share of the text block's height an image may take (room for its caption).
pub const IMAGE_MAX_HEIGHT: f64 = 0.7;
/// Resolution assumed for images that do not fit the measure at it: print resolution.
pub const IMAGE_DPI: f64 = 300.0;
/// Thickness of table rules and the footnote rule, in points.
pub const RULE: f64 = 0.5;

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
}

/// Lays out blocks into a flow.
pub struct Builder<'a> {
    ctx: &'a Ctx<'a>,
    /// The flow being built.
    pub flow: Flow,
    para_id: u32,
    indent_next: bool,
    pos: Pos,
    /// The block whose lines are being set, for the lines' [`Slot::source`].
    source_pos: Option<Pos>,
    /// How many lists the block being set is inside.
    list_depth: u32,
    lang: Option<Lang>,
}

impl<'a> Builder<'a> {
    /// A builder for one article.
    pub fn new(ctx: &'a Ctx<'a>) -> Builder<'a> {
        Builder {
            ctx,
            flow: Flow {
                path: ctx.path.clone(),
                ..Flow::default()
            },
            para_id: 0,
            indent_next: false,
            pos: Pos::new(1, 1),
            source_pos: None,
            list_depth: 0,
            lang: ctx.lang,
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
            color_links: self.ctx.color_links,
        }
    }

    /// Sets a paragraph of inlines and appends its lines; returns the slot range.
    #[allow(clippy::too_many_arguments)]
    pub fn paragraph(
        &mut self,
        inlines: &[Inline],
        style: Style,
        x: f64,
        measure: f64,
        indent: f64,
        align: Align,
        leading: f64,
        grid: bool,
    ) -> std::ops::Range<usize> {
        let spec = self.spec(style, measure, indent, align);
        let p = para::collect(self.ctx.fonts, &spec, inlines);
        self.note_missing(&p.missing);
        if p.raw_html > 0 {
            self.warn(
                self.pos,
                "raw HTML in a paragraph is left out of the print edition".into(),
                "write it in markdown to have it printed",
            );
        }
        let images = p.images.clone();
        let lines = if p.is_empty() {
            Vec::new()
        } else {
            p.set(self.ctx.fonts, &spec)
        };
        let r = self.push_lines(lines, x, leading, grid, measure);
        self.notes_in(inlines);
        for (src, alt, at) in images {
            let first = self.flow.slots.len();
            self.image(&src, &alt);
            // The figure stands where the image does in the text.
            let source = self.source_pos.map(|p| TextPoint::Block(p, at));
            for s in &mut self.flow.slots[first..] {
                if s.kind != Kind::Space {
                    s.source = source;
                }
            }
        }
        r
    }

    fn note_missing(&mut self, missing: &[char]) {
        for &c in missing {
            if !self.flow.missing.iter().any(|(m, _)| *m == c) {
                self.flow.missing.push((c, self.pos));
            }
        }
    }

    /// Appends set lines as slots.
    pub fn push_lines(
        &mut self,
        lines: Vec<Line>,
        x: f64,
        leading: f64,
        grid: bool,
        measure: f64,
    ) -> std::ops::Range<usize> {
        self.para_id += 1;
        let start = self.flow.slots.len();
        let n = lines.len();
        for (k, line) in lines.into_iter().enumerate() {
            if line.overfull && line.width > measure + OVERFULL_SLACK {
                self.warn(
                    self.pos,
                    format!(
                        "a word is wider than the line ({:.1} pt > {:.1} pt) and sticks out",
                        line.width, measure
                    ),
                    "shorten the word or allow a break in it",
                );
            }
            let base = leading * BASELINE;
            let items = shift(line.items, x, base);
            self.flow.slots.push(Slot {
                height: leading,
                items,
                notes: line.notes,
                kind: Kind::Line(self.para_id, k as u16, n as u16),
                keep_with_next: false,
                grid,
                outline: None,
                line: Some(LineStat {
                    ratio: line.ratio,
                    hyphen: line.hyphen,
                    last: line.last,
                    overfull: line.overfull,
                    justified: line.justified,
                    widest_space_em: line.widest_space_em,
                }),
                // A block's first line begins at the block, whatever it starts with.
                source: self
                    .source_pos
                    .zip(if k == 0 { Some(0) } else { line.source })
                    .map(|(p, c)| TextPoint::Block(p, c)),
            });
        }
        start..self.flow.slots.len()
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
        self.block_matter(b, x, measure, scale);
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
        match b {
            Block::Paragraph { content, pos } => {
                self.pos = *pos;
                let indent = if self.indent_next {
                    PARA_INDENT_EM * size
                } else {
                    0.0
                };
                let st = Style::new(Family::Regular, size);
                self.paragraph(
                    content,
                    st,
                    x,
                    measure,
                    indent,
                    Align::Justify,
                    lead,
                    on_grid,
                );
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
                let ind = QUOTE_INDENT_EM * self.ctx.size;
                self.space(self.ctx.leading * 0.5);
                self.indent_next = false;
                self.blocks(inner, x + ind, measure - 2.0 * ind, scale * QUOTE_SCALE);
                self.space(self.ctx.leading * 0.5);
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
            } => {
                self.pos = *pos;
                self.table(align, head, rows, x, measure);
                self.indent_next = false;
            }
            Block::ThematicBreak => {
                self.ornament(x, measure);
                self.indent_next = false;
            }
            Block::DisplayMath { tex, pos } => {
                self.pos = *pos;
                self.display_math(tex, x, measure, size, lead);
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

    fn heading(&mut self, level: u8, id: &str, content: &[Inline], x: f64, measure: f64) {
        let l = self.ctx.leading;
        let scale = HEADING_SCALE[(level.max(1) as usize - 1).min(3)];
        let size = self.ctx.size * scale;
        let family = if level <= 3 {
            Family::Bold
        } else {
            Family::BoldItalic
        };
        let before = if level <= 2 { 1.5 * l } else { l };
        self.space(before);
        let title = crate::model::plain_text(content);
        let mut slot =
            self.display_block(content, Style::new(family, size), x, measure, Align::Left);
        slot.items.insert(
            0,
            (
                Point { x, y: 0.0 },
                Item::Anchor(format!("{}-{id}", self.ctx.prefix)),
            ),
        );
        slot.keep_with_next = true;
        slot.outline = Some((level + 1, title));
        self.flow.slots.push(slot);
        self.space(0.5 * l);
    }

    /// Sets display text (no hyphenation) as one slot whose height is whole quarter lines (the
    /// body lines after it are snapped back to the grid by the paginator).
    pub fn display_block(
        &mut self,
        content: &[Inline],
        style: Style,
        x: f64,
        measure: f64,
        align: Align,
    ) -> Slot {
        let mut spec = self.spec(style, measure, 0.0, align);
        spec.lang = None;
        let p = para::collect(self.ctx.fonts, &spec, content);
        self.note_missing(&p.missing);
        let mut lines = p.set(self.ctx.fonts, &spec);
        let sticks_out = |lines: &[Line]| lines.iter().any(|l| l.width > measure + OVERFULL_SLACK);
        if sticks_out(&lines) && self.ctx.lang.is_some() {
            // Display type is not hyphenated, unless a word is wider than the measure:
            // then a hyphen is better than a word sticking out of the page.
            spec.lang = self.ctx.lang;
            lines = para::collect(self.ctx.fonts, &spec, content).set(self.ctx.fonts, &spec);
        }
        if let Some(l) = lines.iter().find(|l| l.width > measure + OVERFULL_SLACK) {
            self.warn(
                self.pos,
                format!(
                    "a word of a heading is wider than the line ({:.1} pt > {:.1} pt) and \
                     sticks out",
                    l.width, measure
                ),
                "shorten the heading, or break the word with a hyphen of your own",
            );
        }
        let lead = style.size * DISPLAY_LEADING;
        let mut items = Vec::new();
        let mut notes = Vec::new();
        for (k, line) in lines.into_iter().enumerate() {
            let base = lead * k as f64 + style.size;
            items.extend(shift(line.items, x, base));
            notes.extend(line.notes);
        }
        let natural = items_bottom(&items, style.size) + 0.3 * style.size;
        let quarter = self.ctx.leading / 4.0;
        let height = (natural / quarter).ceil() * quarter;
        let mut slot = Slot::other(height, items);
        slot.notes = notes;
        self.notes_in(content);
        slot
    }

    fn code(&mut self, text: &str, x: f64, measure: f64, scale: f64) {
        let size = self.ctx.size * CODE_SCALE * scale;
        let lead = size * 1.3;
        let st = Style::new(Family::Mono, size);
        let indent = self.ctx.size;
        let cw = super::shape::shape(self.ctx.fonts, Family::Mono, "0").width as f64 * size;
        let cols = (((measure - indent) / cw).floor() as usize)
            .saturating_sub(1)
            .max(8);
        let mark = if self.ctx.fonts.face_for(Family::Mono, '↪').is_some() {
            "↪"
        } else {
            "\\"
        };
        self.space(self.ctx.leading * 0.5);
        let mut line_start = 0u32; // characters of the code before the source line
        for src_line in text.split('\n') {
            let at = line_start;
            let tabs = src_line.contains('\t');
            line_start += src_line.chars().count() as u32 + 1;
            let src_line = src_line.replace('\t', "    ");
            let chars: Vec<char> = src_line.chars().collect();
            let mut start = 0;
            loop {
                let end = (start + cols).min(chars.len());
                let piece: String = chars[start..end].iter().collect();
                let (mut items, _) = para::plain_items(self.ctx.fonts, st, &piece);
                if end < chars.len() {
                    let (m, mw) = para::plain_items(self.ctx.fonts, st, mark);
                    items.extend(shift(m, measure - indent - mw, 0.0));
                }
                let shifted = shift(items, x + indent, lead * BASELINE);
                let mut slot = Slot::other(lead, shifted);
                // A wrapped piece begins where it does in the line (at the line's start
                // when tabs were widened).
                let piece_at = at + if tabs { 0 } else { start as u32 };
                slot.source = self.source_pos.map(|p| TextPoint::Block(p, piece_at));
                self.flow.slots.push(slot);
                start = end;
                if start >= chars.len() {
                    break;
                }
            }
        }
        self.space(self.ctx.leading * 0.5);
    }

    fn display_math(&mut self, tex: &str, x: f64, measure: f64, size: f64, lead: f64) {
        self.space(self.ctx.leading * 0.5);
        let st = Style::new(Family::Mono, size * CODE_SCALE);
        for l in tex.lines().filter(|l| !l.trim().is_empty()) {
            let (items, w) = para::plain_items(self.ctx.fonts, st, l.trim());
            let dx = ((measure - w) / 2.0).max(0.0);
            self.flow
                .slots
                .push(Slot::other(lead, shift(items, x + dx, lead * BASELINE)));
        }
        self.space(self.ctx.leading * 0.5);
    }

    fn ornament(&mut self, x: f64, measure: f64) {
        let l = self.ctx.leading;
        let st = self.body_style();
        let text = if self.ctx.fonts.face_for(Family::Regular, '⁂').is_some() {
            "⁂"
        } else {
            "*\u{2003}*\u{2003}*"
        };
        let (items, w) = para::plain_items(self.ctx.fonts, st, text);
        let slot = Slot::other(2.0 * l, shift(items, x + (measure - w) / 2.0, l * 1.25));
        self.space(0.0);
        self.flow.slots.push(slot);
    }

    fn list(
        &mut self,
        kind: ListKind,
        tight: bool,
        items: &[crate::model::ListItem],
        x: f64,
        measure: f64,
        scale: f64,
    ) {
        let size = self.ctx.size * scale;
        let hang = LIST_INDENT_EM * size;
        let st = Style::new(Family::Regular, size);
        // A list inside a list item follows its item's text with no space around it, as
        // an outline does; only the outermost list stands apart from the paragraphs.
        let outermost = self.list_depth == 0;
        if outermost {
            self.space(self.ctx.leading * 0.5);
        }
        self.list_depth += 1;
        for (k, item) in items.iter().enumerate() {
            let marker = match (item.task, kind) {
                (Some(true), _) => "☑".to_string(),
                (Some(false), _) => "☐".to_string(),
                (None, ListKind::Bullet) => "•".to_string(),
                (None, ListKind::Ordered { start }) => format!("{}.", start + k as u64),
            };
            let first = self.flow.slots.len();
            self.indent_next = false;
            self.blocks(&item.blocks, x + hang, measure - hang, scale);
            let (m, mw) = para::plain_items(self.ctx.fonts, st, &marker);
            if let Some(slot) = self.flow.slots[first..]
                .iter_mut()
                .find(|s| s.kind != Kind::Space)
            {
                let base = slot.height * BASELINE;
                let base = first_baseline(&slot.items).unwrap_or(base);
                let mx = x + hang - mw - 0.4 * size;
                slot.items.extend(shift(m, mx, base));
            }
            if !tight {
                self.space(self.ctx.leading * 0.5);
            }
        }
        self.list_depth -= 1;
        if outermost {
            self.space(self.ctx.leading * 0.5);
        }
    }

    fn table(
        &mut self,
        align: &[ColAlign],
        head: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        x: f64,
        measure: f64,
    ) {
        let size = self.ctx.size * TABLE_SCALE;
        let lead = self.ctx.leading * TABLE_SCALE;
        let pad = CELL_PAD_EM * self.ctx.size;
        let ncols = head.len().max(rows.iter().map(Vec::len).max().unwrap_or(0));
        if ncols == 0 {
            return;
        }
        let all_rows: Vec<(bool, &[Vec<Inline>])> = std::iter::once((true, head))
            .filter(|(_, h)| !h.is_empty())
            .chain(rows.iter().map(|r| (false, r.as_slice())))
            .collect();
        let widths = self.column_widths(&all_rows, ncols, size, measure, pad);
        let total: f64 = widths.iter().sum();
        self.space(self.ctx.leading * 0.5);
        self.flow.slots.push(Slot::other(
            RULE * 2.0,
            vec![(Point { x, y: 0.0 }, rect(total, RULE * 1.6))],
        ));
        let mut row_start = 0u32; // characters of the table's source text before the row
        for (is_head, row) in all_rows {
            let source = self.source_pos.map(|p| TextPoint::Block(p, row_start));
            row_start += row
                .iter()
                .map(|cell| crate::model::source_text(cell).chars().count() as u32)
                .sum::<u32>();
            let family = if is_head {
                Family::Bold
            } else {
                Family::Regular
            };
            let mut items = Vec::new();
            let mut height: f64 = 0.0;
            let mut cx = x;
            for (c, w) in widths.iter().enumerate() {
                let empty = Vec::new();
                let cell = row.get(c).unwrap_or(&empty);
                let a = match align.get(c) {
                    Some(ColAlign::Center) => Align::Center,
                    Some(ColAlign::Right) => Align::Right,
                    _ => Align::Left,
                };
                let spec = self.spec(Style::new(family, size), w - 2.0 * pad, 0.0, a);
                let p = para::collect(self.ctx.fonts, &spec, cell);
                self.note_missing(&p.missing);
                if p.is_empty() {
                    cx += w;
                    continue;
                }
                let lines = p.set(self.ctx.fonts, &spec);
                for (k, line) in lines.into_iter().enumerate() {
                    let base = pad * 0.5 + lead * (k as f64 + BASELINE);
                    items.extend(shift(line.items, cx + pad, base));
                    height = height.max(pad + lead * (k as f64 + 1.0));
                }
                cx += w;
            }
            let mut slot = Slot::other(height.max(lead + pad), items);
            slot.source = source;
            if is_head {
                let h = slot.height;
                slot.items
                    .push((Point { x, y: h - RULE }, rect(total, RULE)));
                slot.keep_with_next = true;
            }
            self.flow.slots.push(slot);
        }
        self.flow.slots.push(Slot::other(
            RULE * 2.0,
            vec![(Point { x, y: RULE * 0.4 }, rect(total, RULE * 1.6))],
        ));
        for row in head.iter().chain(rows.iter().flatten()) {
            self.notes_in(row);
        }
        self.space(self.ctx.leading * 0.5);
    }

    /// Column widths from content: natural widths when they fit, else each column gets its
    /// longest word plus a share of the rest in proportion to what it wants.
    fn column_widths(
        &self,
        rows: &[(bool, &[Vec<Inline>])],
        ncols: usize,
        size: f64,
        measure: f64,
        pad: f64,
    ) -> Vec<f64> {
        let mut nat = vec![0.0f64; ncols];
        let mut min = vec![0.0f64; ncols];
        for (is_head, row) in rows {
            let family = if *is_head {
                Family::Bold
            } else {
                Family::Regular
            };
            for (c, cell) in row.iter().enumerate().take(ncols) {
                let spec = self.spec(Style::new(family, size), measure, 0.0, Align::Left);
                let p = para::collect(self.ctx.fonts, &spec, cell);
                let (n, m) = natural_and_min(p.elems());
                nat[c] = nat[c].max(n + 2.0 * pad);
                min[c] = min[c].max(m + 2.0 * pad);
            }
        }
        let sum_nat: f64 = nat.iter().sum();
        if sum_nat <= measure {
            return nat;
        }
        let sum_min: f64 = min.iter().sum();
        if sum_min >= measure {
            return min.iter().map(|m| m * measure / sum_min).collect();
        }
        let share = (measure - sum_min) / (sum_nat - sum_min);
        min.iter()
            .zip(&nat)
            .map(|(m, n)| m + (n - m) * share)
            .collect()
    }

    /// A figure: the image scaled into the measure, with its description as a caption.
    pub fn image(&mut self, src: &str, alt: &str) {
        let path = self.ctx.path.parent().unwrap_or(Path::new(".")).join(src);
        if src.contains("://") {
            self.warn(
                self.pos,
                format!("remote image {src} is not fetched for print"),
                "download it next to the article",
            );
            return;
        }
        let Some((pw, ph)) = image_size(&path) else {
            self.warn(
                self.pos,
                format!(
                    "image {} cannot be read (PNG or JPEG expected)",
                    path.display()
                ),
                "check the path, relative to the article",
            );
            return;
        };
        let measure = self.ctx.measure;
        let mut w = (pw as f64 * 72.0 / IMAGE_DPI)
            .max(measure * 0.5)
            .min(measure);
        let mut h = w * ph as f64 / pw.max(1) as f64;
        let max_h = self.ctx.page_height * IMAGE_MAX_HEIGHT;
        if h > max_h {
            w *= max_h / h;
            h = max_h;
        }
        let l = self.ctx.leading;
        self.space(0.5 * l);
        let x = (measure - w) / 2.0;
        let height = ((h + 0.25 * l) / l).ceil() * l;
        self.flow.slots.push(Slot::other(
            height,
            vec![(
                Point { x, y: 0.0 },
                Item::Image {
                    path,
                    width: w,
                    height: h,
                },
            )],
        ));
        if !alt.trim().is_empty() {
            let st = Style::new(Family::Italic, self.ctx.size * NOTE_SCALE);
            let slot = self.display_block(
                &[Inline::Text(alt.to_string())],
                st,
                0.0,
                measure,
                Align::Center,
            );
            self.flow.slots.push(slot);
        }
        self.space(0.5 * l);
    }

    /// Lays out the notes referenced in `inlines` (each once).
    fn notes_in(&mut self, inlines: &[Inline]) {
        let mut found: Vec<&crate::model::Note> = Vec::new();
        collect_notes(inlines, &mut found);
        for note in found {
            if self.flow.notes.contains_key(&note.number) {
                continue;
            }
            let lines = self.note_lines(note.number, &note.blocks);
            self.flow.notes.insert(note.number, lines);
        }
    }

    fn note_lines(&mut self, number: u32, blocks: &[Block]) -> Vec<Slot> {
        // Notes are not the body's text: their lines name no place in it.
        let outer = self.source_pos.take();
        let lines = self.note_matter(number, blocks);
        self.source_pos = outer;
        lines
    }

    fn note_matter(&mut self, number: u32, blocks: &[Block]) -> Vec<Slot> {
        let size = self.ctx.size * NOTE_SCALE;
        let lead = self.ctx.leading * NOTE_SCALE;
        let measure = self.ctx.measure;
        let mark = Inline::Link {
            target: format!("#nr{number}"),
            title: String::new(),
            content: vec![Inline::Text(format!("{number}."))],
            reference: None,
            pos: self.pos,
        };
        let saved = std::mem::take(&mut self.flow.slots);
        let saved_indent = self.indent_next;
        let mut first = true;
        for b in blocks {
            match b {
                Block::Paragraph { content, .. } if first => {
                    let mut inl = vec![mark.clone(), Inline::Text(" ".into())];
                    inl.extend(content.iter().cloned());
                    let st = Style::new(Family::Regular, size);
                    self.paragraph(&inl, st, 0.0, measure, 0.0, Align::Justify, lead, false);
                }
                other => {
                    if first {
                        let st = Style::new(Family::Regular, size);
                        self.paragraph(
                            std::slice::from_ref(&mark),
                            st,
                            0.0,
                            measure,
                            0.0,
                            Align::Left,
                            lead,
                            false,
                        );
                    }
                    self.indent_next = false;
                    self.block(other, 0.0, measure, NOTE_SCALE);
                }
            }
            first = false;
        }
        let mut lines: Vec<Slot> = std::mem::replace(&mut self.flow.slots, saved)
            .into_iter()
            .filter(|s| s.kind != Kind::Space)
            .collect();
        for s in &mut lines {
            s.grid = false;
        }
        if let Some(s) = lines.first_mut() {
            s.items.insert(
                0,
                (
                    Point { x: 0.0, y: 0.0 },
                    Item::Anchor(format!("{}-n{number}", self.ctx.prefix)),
                ),
            );
        }
        self.indent_next = saved_indent;
        lines
    }

    /// Marks the start of the body proper (no indent on the first paragraph).
    pub fn no_indent(&mut self) {
        self.indent_next = false;
    }
}

fn collect_notes<'a>(inlines: &'a [Inline], out: &mut Vec<&'a crate::model::Note>) {
    for i in inlines {
        match i {
            Inline::Note(n) => out.push(n),
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c)
            | Inline::Link { content: c, .. } => collect_notes(c, out),
            _ => {}
        }
    }
}

/// Natural single-line width and the widest unbreakable piece of a collected paragraph.
fn natural_and_min(elems: &[super::linebreak::Elem]) -> (f64, f64) {
    use super::linebreak::Elem;
    let (mut nat, mut min, mut word) = (0.0f64, 0.0f64, 0.0f64);
    for e in elems {
        match *e {
            Elem::Box { width } => {
                nat += width;
                word += width;
            }
            Elem::Glue { width, stretch, .. } => {
                if stretch < super::linebreak::FILL {
                    nat += width;
                }
                min = min.max(word);
                word = 0.0;
            }
            Elem::Penalty { .. } => {}
        }
    }
    (nat, min.max(word))
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

fn first_baseline(items: &[(Point, Item)]) -> Option<f64> {
    items
        .iter()
        .find(|(_, i)| matches!(i, Item::Glyphs(_)))
        .map(|(p, _)| p.y)
}

fn items_bottom(items: &[(Point, Item)], size: f64) -> f64 {
    items
        .iter()
        .map(|(p, _)| p.y + 0.25 * size)
        .fold(0.0, f64::max)
}

/// Pixel size of a PNG or JPEG file, read from its header.
pub fn image_size(path: &Path) -> Option<(u32, u32)> {
    let bytes = std::fs::read(path).ok()?;
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() >= 24 {
        let w = u32::from_be_bytes(bytes[16..20].try_into().ok()?);
        let h = u32::from_be_bytes(bytes[20..24].try_into().ok()?);
        return Some((w, h));
    }
    if bytes.starts_with(&[0xFF, 0xD8]) {
        let mut i = 2;
        while i + 9 < bytes.len() {
            if bytes[i] != 0xFF {
                i += 1;
                continue;
            }
            let marker = bytes[i + 1];
            let len = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
            if matches!(marker, 0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF) {
                let h = u16::from_be_bytes([bytes[i + 5], bytes[i + 6]]) as u32;
                let w = u16::from_be_bytes([bytes[i + 7], bytes[i + 8]]) as u32;
                return Some((w, h));
            }
            i += 2 + len;
        }
    }
    None
}

/// The article's header: kicker, title, subtitle, standfirst, authors, date, source line.
pub fn header(b: &mut Builder, doc: &Document, fallback_title: &str, anchor: &str) {
    let ctx = b.ctx;
    let (m, size, l) = (ctx.measure, ctx.size, ctx.leading);
    let meta = &doc.meta;
    b.flow.slots.push(Slot::space(0.0));
    b.flow.slots.push(Slot::other(3.0 * l, Vec::new()));
    if let Some(k) = &meta.kicker {
        let st = Style::new(Family::Regular, size * 0.8);
        let s = b.display_block(&[Inline::Text(k.to_uppercase())], st, 0.0, m, Align::Left);
        b.flow.slots.push(s);
    }
    let title = meta
        .title
        .clone()
        .unwrap_or_else(|| fallback_title.to_string());
    let st = Style::new(Family::Regular, size * 2.0);
    let mut s = b.display_block(&[Inline::Text(title.clone())], st, 0.0, m, Align::Left);
    s.items.insert(
        0,
        (Point { x: 0.0, y: 0.0 }, Item::Anchor(anchor.to_string())),
    );
    s.outline = Some((1, title));
    b.flow.slots.push(s);
    if let Some(sub) = &meta.subtitle {
        let st = Style::new(Family::Italic, size * 1.25);
        let s = b.display_block(&[Inline::Text(sub.clone())], st, 0.0, m, Align::Left);
        b.flow.slots.push(s);
    }
    if let Some(sf) = &meta.standfirst {
        b.flow.slots.push(Slot::space(0.5 * l));
        let st = Style::new(Family::Italic, size * 1.05);
        let s = b.display_block(&[Inline::Text(sf.clone())], st, 0.0, m, Align::Left);
        b.flow.slots.push(s);
    }
    if !meta.authors.is_empty() {
        b.flow.slots.push(Slot::space(0.5 * l));
        let names: Vec<&str> = meta.authors.iter().map(|a| a.name.as_str()).collect();
        let st = Style::new(Family::Bold, size);
        let s = b.display_block(
            &[Inline::Text(ctx.labels.join(&names))],
            st,
            0.0,
            m,
            Align::Left,
        );
        b.flow.slots.push(s);
    }
    let mut line = Vec::new();
    if let Some(d) = &meta.date {
        line.push(ctx.labels.date(d));
    }
    if let Some(src) = &meta.source {
        line.push(format!("{} {}", ctx.labels.originally_published, src.name));
    }
    if !line.is_empty() {
        let st = Style::new(Family::Italic, size * 0.85);
        let s = b.display_block(&[Inline::Text(line.join(" · "))], st, 0.0, m, Align::Left);
        b.flow.slots.push(s);
    }
    b.flow.slots.push(Slot::space(2.0 * l));
    b.no_indent();
}

/// The numbered reference list at the end of an article.
pub fn references(b: &mut Builder, doc: &Document) {
    if doc.references.is_empty() {
        return;
    }
    let first = b.flow.slots.len();
    references_matter(b, doc);
    for s in &mut b.flow.slots[first..] {
        s.source = Some(TextPoint::End);
    }
}

fn references_matter(b: &mut Builder, doc: &Document) {
    let ctx = b.ctx;
    let (m, size, l) = (ctx.measure, ctx.size, ctx.leading);
    b.space(1.5 * l);
    let st = Style::new(Family::Bold, size * HEADING_SCALE[1]);
    let mut s = b.display_block(
        &[Inline::Text(b.ctx.labels.references.into())],
        st,
        0.0,
        m,
        Align::Left,
    );
    s.keep_with_next = true;
    s.outline = Some((2, b.ctx.labels.references.into()));
    b.flow.slots.push(s);
    b.space(0.5 * l);
    let rsize = size * NOTE_SCALE;
    let lead = l * NOTE_SCALE;
    // Room for a bracketed number up to "[99]" at note size, and a gap.
    let hang = 2.4 * size;
    let count = doc.references.len();
    for (k, r) in doc.references.iter().enumerate() {
        let text_st = Style::new(Family::Regular, rsize);
        let url_st = Style {
            url: true,
            no_hyphen: true,
            link: Some(0),
            ..Style::new(Family::Regular, rsize)
        };
        let mut runs = Vec::new();
        if !r.text.trim().is_empty() && r.text.trim() != r.url && r.text.trim() != r.shown {
            runs.push((
                format!("{}. ", r.text.trim().trim_end_matches('.')),
                text_st,
            ));
        }
        runs.push((r.shown.clone(), url_st));
        let mut spec = b.spec(text_st, m - hang, 0.0, Align::Left);
        spec.lang = ctx.lang;
        let p = para::collect_runs(
            ctx.fonts,
            &spec,
            &runs,
            vec![LinkTarget::Uri(r.url.clone())],
        );
        let lines = p.set(ctx.fonts, &spec);
        let range = b.push_lines(lines, hang, lead, false, m - hang);
        if let Some(first) = b.flow.slots.get_mut(range.start) {
            let (num, w) = para::plain_items(ctx.fonts, text_st, &format!("[{}]", r.number));
            let base = lead * BASELINE;
            first.items.extend(shift(num, hang - w - 0.4 * size, base));
            first.items.insert(
                0,
                (
                    Point { x: 0.0, y: 0.0 },
                    Item::Anchor(format!("{}-r{}", ctx.prefix, r.number)),
                ),
            );
        }
        if keeps_with_next_entry(k, count) {
            if let Some(last) = range
                .end
                .checked_sub(1)
                .and_then(|i| b.flow.slots.get_mut(i))
            {
                last.keep_with_next = true;
            }
        }
    }
}

/// Whether entry `k` of a reference list of `count` entries stays on the page of the entry
/// after it: the first does, so the heading never stands above a lone entry at a page foot,
/// and the last but one does, so a lone entry never tops the next page (a list of two or
/// three entries thereby stays whole).
fn keeps_with_next_entry(k: usize, count: usize) -> bool {
    count > 1 && (k == 0 || k + 2 == count)
}
