//! The document model: one article as metadata plus blocks of inlines, shared by every backend.
//!
//! `Block` and `Inline` are separate types so a paragraph can never sit inside a run of text.
//! Footnotes are resolved by the reader: an `Inline::Note` holds the note's blocks where it is
//! referenced. Positions (`Pos`) are kept where a backend may need to report a problem.

use serde::Serialize;
use std::path::PathBuf;

mod cite;
mod listing;
mod walk;
pub use cite::{bib_id, BibEntry, Bibliography, Citation, CiteItem, CiteMode, Locator};
pub use listing::{listed, short_caption, Listed, ListedKind};
pub use walk::{
    any_block, notes_in, plain_text, sections, source_text, visit_blocks, visit_blocks_mut,
    visit_inlines, visit_inlines_mut, words, Section,
};

/// A line and column (both 1-based) in the source file of the document that holds it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Pos {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub col: u32,
}

impl Pos {
    /// A position at `line`, `col`.
    pub fn new(line: u32, col: u32) -> Self {
        Pos { line, col }
    }
}

/// A point in an article's text that both backends can find: where a print page begins,
/// marked again in the EPUB for its page-list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TextPoint {
    /// Before the article's header.
    Start,
    /// In the block that starts at this position, before character `n` of its text: of its
    /// [`source_text`], of its cells' in order for a table, of its code for a code block (0:
    /// before the block).
    Block(Pos, u32),
    /// After the body (the reference list and notes).
    End,
}

/// One article (or chapter): its metadata and its body.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Document {
    /// The markdown file this document was read from (for diagnostics).
    pub path: PathBuf,
    /// Title, authors, date and the rest.
    pub meta: Meta,
    /// The body, in reading order.
    pub blocks: Vec<Block>,
    /// The numbered reference list built from the body's links by `passes::references`.
    pub references: Vec<Reference>,
    /// The works the article cites, rendered by `passes::citations` (none without citations).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bibliography: Option<Bibliography>,
}

/// Article metadata, from front matter, inference, and the manifest (in rising priority).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Meta {
    /// The article's title.
    pub title: Option<String>,
    /// A subtitle, set under the title.
    pub subtitle: Option<String>,
    /// A sentence or two introducing the piece (a "dek").
    pub standfirst: Option<String>,
    /// The authors, in order.
    pub authors: Vec<Author>,
    /// The date of publication, ISO 8601 (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// BCP 47 language tag, e.g. `en`, `en-GB`, `ru`.
    pub language: Option<String>,
    /// A short label set above the title ("ANALYSIS", "Commentary").
    pub kicker: Option<String>,
    /// Where the article first appeared.
    pub source: Option<Source>,
    /// Copyright or licence statement for this article.
    pub rights: Option<String>,
    /// Keywords.
    pub keywords: Vec<String>,
    /// Bibliography files for this article's citations (front matter `bibliography`),
    /// relative to the article.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub bibliography: Vec<Located>,
    /// The citation style for this article (front matter `citation-style`), overriding the
    /// book's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation_style: Option<Located>,
    /// Keys of works listed in the bibliography though never cited (front matter `nocite`;
    /// `*` lists every work).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub nocite: Vec<Located>,
}

/// A value from the front matter with where it is written, for messages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Located {
    /// The value.
    pub value: String,
    /// Where it is written.
    #[serde(skip)]
    pub span: Option<crate::diag::Span>,
}

/// One author of an article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Author {
    /// The name as printed.
    pub name: String,
    /// Post and institution, e.g. "Senior Fellow, Example Institute".
    pub affiliation: Option<String>,
    /// A short biography for the contributors page.
    pub bio: Option<String>,
}

/// The original publication of an article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Source {
    /// Name of the publication.
    pub name: String,
    /// Address of the original, when known.
    pub url: Option<String>,
    /// Where the address was written (front matter, manifest or body), for messages.
    #[serde(skip)]
    pub url_span: Option<crate::diag::Span>,
}

/// A numbered entry in an article's reference list (one per distinct link target).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reference {
    /// 1-based number, in order of first appearance.
    pub number: u32,
    /// The link target, as the outputs link to it (a serialized address, or another
    /// article's file).
    pub url: String,
    /// The target as a reader should see it printed ([`crate::passes::urls::display`]).
    pub shown: String,
    /// The plain text of the first link to this target.
    pub text: String,
}

/// Horizontal alignment of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Align {
    /// No alignment given.
    None,
    /// Flush left.
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

/// Bullet or numbered list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ListKind {
    /// Unordered list.
    Bullet,
    /// Ordered list starting at `start`.
    Ordered {
        /// Number of the first item.
        start: u64,
    },
}

/// One item of a list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListItem {
    /// `Some(checked)` for a GFM task item.
    pub task: Option<bool>,
    /// The item's content.
    pub blocks: Vec<Block>,
}

/// A block-level element.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Block {
    /// A section heading, level 1–6, with a unique id within the document.
    Heading {
        /// 1 to 6.
        level: u8,
        /// Anchor id, unique within the document.
        id: String,
        /// The heading text.
        content: Vec<Inline>,
        /// Where it starts.
        pos: Pos,
    },
    /// A paragraph of running text.
    Paragraph {
        /// The text.
        content: Vec<Inline>,
        /// Where it starts.
        pos: Pos,
    },
    /// Preformatted code.
    CodeBlock {
        /// The info string's first word (`rust`, `toml`), if any.
        lang: Option<String>,
        /// The code, with a final newline removed.
        text: String,
        /// Where it starts.
        pos: Pos,
    },
    /// A quotation set off from the text.
    BlockQuote(Vec<Block>),
    /// A bullet, numbered or task list.
    List {
        /// Bullet or numbered.
        kind: ListKind,
        /// Whether items are tight (no blank lines between them).
        tight: bool,
        /// The items.
        items: Vec<ListItem>,
    },
    /// A GFM table.
    Table {
        /// Alignment of each column.
        align: Vec<Align>,
        /// The header row's cells.
        head: Vec<Vec<Inline>>,
        /// Body rows of cells.
        rows: Vec<Vec<Vec<Inline>>>,
        /// Where it starts.
        pos: Pos,
        /// Its caption, number and anchor (`Table: …` after it; set by `passes::figures`).
        caption: Option<Caption>,
    },
    /// A figure: an image alone in its paragraph, with its caption, number and source line
    /// (made by `passes::figures`).
    Figure(Box<Figure>),
    /// A thematic break (`---`).
    ThematicBreak,
    /// Display math: a formula set apart, numbered when it is tagged or labelled.
    DisplayMath {
        /// The formula.
        math: Math,
        /// Where the block starts (its `$$`).
        pos: Pos,
        /// Its number and anchor, when it carries one (set by `passes::crossrefs`).
        number: Option<EquationNumber>,
    },
    /// Raw HTML block, kept verbatim; backends that cannot use it say so.
    RawHtml {
        /// The HTML source.
        html: String,
        /// Where it starts.
        pos: Pos,
    },
}

impl Block {
    /// Where a block that holds text of its own starts: the point both backends name a
    /// print page's beginning by ([`TextPoint::Block`]). Containers (quotes, lists) have
    /// none: their inner blocks do.
    pub fn text_start(&self) -> Option<Pos> {
        match self {
            Block::Heading { pos, .. }
            | Block::Paragraph { pos, .. }
            | Block::CodeBlock { pos, .. }
            | Block::Table { pos, .. }
            | Block::DisplayMath { pos, .. } => Some(*pos),
            Block::Figure(f) => Some(f.pos),
            Block::BlockQuote(_)
            | Block::List { .. }
            | Block::ThematicBreak
            | Block::RawHtml { .. } => None,
        }
    }

    /// The anchor id a link can point to in this block: a heading's id, or a numbered
    /// equation's.
    pub fn anchor_id(&self) -> Option<&str> {
        match self {
            Block::Heading { id, .. } => Some(id),
            Block::DisplayMath {
                number: Some(n), ..
            } => Some(&n.id),
            Block::Figure(f) => Some(&f.caption.id),
            Block::Table {
                caption: Some(c), ..
            } => Some(&c.id),
            _ => None,
        }
    }
}

/// A numbered caption of a figure or a table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Caption {
    /// The label and number as printed before the caption ("Figure 2", "Таблица 1").
    pub label: String,
    /// The number alone, as printed in the label ("2", "3.2"): what a list of figures shows.
    pub number: String,
    /// The caption's text (may be empty: the label stands alone).
    pub content: Vec<Inline>,
    /// The anchor id references link to, unique in the document ("fig-heat", "tbl-1").
    pub id: String,
    /// The label references name it by, as written (`fig:heat`), when it has one.
    pub key: Option<String>,
}

impl Caption {
    /// The caption as printed: "Figure 2: " and its text, or the label alone.
    pub fn printed(&self) -> Vec<Inline> {
        let mut run = vec![Inline::Text(self.label.clone())];
        if !self.content.is_empty() {
            run.push(Inline::Text(": ".into()));
            run.extend(self.content.iter().cloned());
        }
        run
    }
}

/// A figure: the image, its caption and its source line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// Path (relative to the markdown file) or URL.
    pub src: String,
    /// Alternative text, plain.
    pub alt: String,
    /// The width as a share of the measure (`width=70%`: 0.7), when given.
    pub width: Option<f64>,
    /// Its number, label and caption.
    pub caption: Caption,
    /// The source or credit line (`source="…"`, or a paragraph after it starting
    /// "Source:"), as written.
    pub source: Vec<Inline>,
    /// Where the image starts.
    pub pos: Pos,
}

impl Figure {
    /// The runs of text a figure holds: its caption and its source line.
    pub fn runs(&self) -> [&Vec<Inline>; 2] {
        [&self.caption.content, &self.source]
    }

    /// The runs of text a figure holds, mutably.
    pub fn runs_mut(&mut self) -> [&mut Vec<Inline>; 2] {
        [&mut self.caption.content, &mut self.source]
    }
}

/// A formula in TeX as the author wrote it, and its parse, which both backends read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Math {
    /// The TeX source, without its dollar signs.
    pub tex: String,
    /// Where the source's first character is.
    pub pos: Pos,
    /// The parsed formula (by `passes::math`); `None` before that pass, or when the source
    /// has an error, in which case the backends show the source as code.
    #[serde(skip)]
    pub formula: Option<crate::math::Formula>,
}

impl Math {
    /// A formula not parsed yet.
    pub fn new(tex: impl Into<String>, pos: Pos) -> Math {
        Math {
            tex: tex.into(),
            pos,
            formula: None,
        }
    }
}

/// The number (or `\tag`) a display equation is printed with, and the anchor that
/// references to it link to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EquationNumber {
    /// As printed at the right margin: "(3)", "(A)", or a starred tag as written.
    pub text: String,
    /// The anchor id, unique in the document ("eq-growth", "eq-3").
    pub id: String,
}

/// A footnote, resolved by the reader and numbered per document by `passes::notes`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Note {
    /// 1-based number within the document (0 until numbered).
    pub number: u32,
    /// The note's content.
    pub blocks: Vec<Block>,
}

/// An inline element.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Inline {
    /// Plain text (smart punctuation already applied).
    Text(String),
    /// Emphasis (italic).
    Emph(Vec<Inline>),
    /// Strong emphasis (bold).
    Strong(Vec<Inline>),
    /// Struck-through text.
    Strike(Vec<Inline>),
    /// Superscript.
    Superscript(Vec<Inline>),
    /// Subscript.
    Subscript(Vec<Inline>),
    /// Inline code.
    Code(String),
    /// A hyperlink with a usable target (empty and `#` targets become plain text in the reader).
    Link {
        /// The target URL or `#anchor`.
        target: String,
        /// The link title, possibly empty.
        title: String,
        /// The link text.
        content: Vec<Inline>,
        /// Number in the document's reference list (set by `passes::references`).
        reference: Option<u32>,
        /// Where it starts.
        pos: Pos,
    },
    /// An image.
    Image {
        /// Path (relative to the markdown file) or URL.
        src: String,
        /// Alternative text, plain.
        alt: String,
        /// Title, possibly empty.
        title: String,
        /// Where it starts.
        pos: Pos,
    },
    /// A soft line break (a newline in the source); a space in output.
    SoftBreak,
    /// A hard line break.
    HardBreak,
    /// Inline raw HTML, kept verbatim.
    RawHtml(String),
    /// Inline math.
    Math(Math),
    /// A footnote whose content stands where it is referenced.
    Note(Note),
    /// A citation, until `passes::citations` renders it.
    Cite(Citation),
}
