//! The structure tree the typesetter builds from the model as it lays the book out: a table
//! of elements (Document → Part → Art → headings, paragraphs, lists, tables, figures,
//! notes …) that the placed items point into with their [`Tag`], so that the PDF writer can
//! tag the content without guessing anything from the page. Each article builds its own
//! table on its own thread; [`Structure::graft`] joins them in reading order.

use super::frame::{Item, Point, Tag};

/// What an element is: a standard structure type of PDF 1.7, or one of ours that the
/// PDF's role map sends to a standard one ([`Role::standard`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Role {
    /// The whole book.
    Document,
    /// A part of the book.
    Part,
    /// An article.
    Art,
    /// A section (front matter, back matter).
    Sect,
    /// A generic block.
    Div,
    /// A heading of level 1–6.
    H(u8),
    /// A paragraph.
    P,
    /// An article's kicker (ours: a P).
    Kicker,
    /// An article's subtitle (ours: a P).
    Subtitle,
    /// An article's standfirst (ours: a P).
    Standfirst,
    /// An article's authors (ours: a P).
    Byline,
    /// An article's date and source line (ours: a P).
    Dateline,
    /// A list.
    L,
    /// A list item.
    LI,
    /// A list item's bullet or number.
    Lbl,
    /// A list item's body.
    LBody,
    /// A block quote.
    BlockQuote,
    /// A table.
    Table,
    /// A table's head rows.
    THead,
    /// A table's body rows.
    TBody,
    /// A table row.
    TR,
    /// A header cell (of its column).
    TH,
    /// A data cell.
    TD,
    /// A figure (its `alt` is the image's description).
    Figure,
    /// A caption of a figure or table.
    Caption,
    /// A footnote.
    Note,
    /// Code.
    Code,
    /// A formula (its `alt` is its TeX).
    Formula,
    /// A link's text, holding its annotations.
    Link,
    /// A note's or a reference's mark in the text, holding the link to it.
    Reference,
    /// A table of contents.
    TOC,
    /// One entry of a table of contents.
    TOCI,
}

impl Role {
    /// The structure type written in the PDF.
    pub fn name(self) -> &'static str {
        match self {
            Role::H(1) => "H1",
            Role::H(2) => "H2",
            Role::H(3) => "H3",
            Role::H(4) => "H4",
            Role::H(5) => "H5",
            Role::H(_) => "H6",
            Role::Kicker => "Kicker",
            Role::Subtitle => "Subtitle",
            Role::Standfirst => "Standfirst",
            Role::Byline => "Byline",
            Role::Dateline => "Dateline",
            other => other.standard_name(),
        }
    }

    /// The standard type our own types are mapped to (`None` for a standard type).
    pub fn standard(self) -> Option<&'static str> {
        match self {
            Role::Kicker | Role::Subtitle | Role::Standfirst | Role::Byline | Role::Dateline => {
                Some("P")
            }
            _ => None,
        }
    }

    fn standard_name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::Part => "Part",
            Role::Art => "Art",
            Role::Sect => "Sect",
            Role::Div => "Div",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::BlockQuote => "BlockQuote",
            Role::Table => "Table",
            Role::THead => "THead",
            Role::TBody => "TBody",
            Role::TR => "TR",
            Role::TH => "TH",
            Role::TD => "TD",
            Role::Figure => "Figure",
            Role::Caption => "Caption",
            Role::Note => "Note",
            Role::Code => "Code",
            Role::Formula => "Formula",
            Role::Link => "Link",
            Role::Reference => "Reference",
            Role::TOC => "TOC",
            Role::TOCI => "TOCI",
            _ => "P",
        }
    }

    /// Whether blocks (paragraphs, notes, figures) may stand in an element of this role.
    pub fn holds_blocks(self) -> bool {
        matches!(
            self,
            Role::Document
                | Role::Part
                | Role::Art
                | Role::Sect
                | Role::Div
                | Role::BlockQuote
                | Role::LBody
                | Role::Note
        )
    }
}

/// One element of the tree.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Element {
    /// What it is.
    pub role: Role,
    /// Its parent (`None` for the root).
    pub parent: Option<u32>,
    /// Its child elements in reading order.
    pub kids: Vec<u32>,
    /// Its alternative text and language, which few elements have: boxed, a book's hundred
    /// thousand elements take half the memory.
    #[serde(flatten)]
    extra: Option<Box<Extra>>,
}

/// What an element rarely has.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
struct Extra {
    /// The text a figure or formula stands for.
    alt: Option<String>,
    /// Its language (BCP 47), when set apart from its parent's.
    lang: Option<String>,
}

impl Element {
    /// An element of `role` under `parent`, with no children yet.
    pub fn new(role: Role, parent: Option<u32>) -> Element {
        Element {
            role,
            parent,
            kids: Vec::new(),
            extra: None,
        }
    }

    /// The text a figure or formula stands for.
    pub fn alt(&self) -> Option<&str> {
        self.extra.as_ref()?.alt.as_deref()
    }

    /// Its language (BCP 47), when set apart from its parent's.
    pub fn lang(&self) -> Option<&str> {
        self.extra.as_ref()?.lang.as_deref()
    }

    /// Sets (or with `None` clears) its alternative text.
    pub fn set_alt(&mut self, alt: Option<String>) {
        self.extra_mut().alt = alt;
        self.tidy();
    }

    /// Sets (or with `None` clears) its language.
    pub fn set_lang(&mut self, lang: Option<String>) {
        self.extra_mut().lang = lang;
        self.tidy();
    }

    fn extra_mut(&mut self) -> &mut Extra {
        self.extra.get_or_insert_with(Box::default)
    }

    /// Drops what it holds of [`Extra`] when that is nothing.
    fn tidy(&mut self) {
        if self.extra.as_deref() == Some(&Extra::default()) {
            self.extra = None;
        }
    }
}

/// The tree: element 0 is its root.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Structure {
    /// Every element; a [`Tag::Element`] is an index here.
    pub elements: Vec<Element>,
}

impl Structure {
    /// A tree of one root element of `role`.
    pub fn new(role: Role) -> Structure {
        Structure {
            elements: vec![Element::new(role, None)],
        }
    }

    /// Adds an element of `role` as the last child of `parent`; returns its index.
    pub fn push(&mut self, role: Role, parent: u32) -> u32 {
        let id = self.elements.len() as u32;
        self.elements.push(Element::new(role, Some(parent)));
        self.elements[parent as usize].kids.push(id);
        id
    }

    /// Joins the tree `other` under `parent`, its root as `parent`'s child number `at` (the
    /// last when `None`); returns what to add to `other`'s indices ([`retag`]).
    pub fn graft(&mut self, other: Structure, parent: u32, at: Option<usize>) -> u32 {
        let offset = self.elements.len() as u32;
        for mut e in other.elements {
            e.parent = Some(e.parent.map_or(parent, |p| p + offset));
            for k in &mut e.kids {
                *k += offset;
            }
            self.elements.push(e);
        }
        let kids = &mut self.elements[parent as usize].kids;
        let at = at.unwrap_or(kids.len()).min(kids.len());
        kids.insert(at, offset);
        offset
    }

    /// Whether the tree has any element.
    pub fn is_empty(&self) -> bool {
        self.elements.is_empty()
    }
}

/// Moves the element tags of `items` by `offset` (after their tree was grafted).
pub fn retag(items: &mut [(Point, Item)], offset: u32) {
    if offset == 0 {
        return;
    }
    for (_, item) in items {
        if let Some(Tag::Element(n)) = item.tag_mut() {
            *n += offset;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternative_text_and_language_are_kept_apart_and_cleared() {
        let mut e = Element::new(Role::Figure, Some(0));
        e.set_alt(Some("a chart".into()));
        e.set_lang(Some("de".into()));
        assert_eq!((e.alt(), e.lang()), (Some("a chart"), Some("de")));
        e.set_alt(None);
        assert_eq!((e.alt(), e.lang()), (None, Some("de")));
        e.set_lang(None);
        assert_eq!(e, Element::new(Role::Figure, Some(0)));
    }

    #[test]
    fn grafting_keeps_the_order_and_moves_the_indices() {
        let mut doc = Structure::new(Role::Document);
        let part = doc.push(Role::Part, 0);
        let mut art = Structure::new(Role::Art);
        let p = art.push(Role::P, 0);
        let offset = doc.graft(art, part, None);
        assert_eq!(doc.elements[part as usize].kids, vec![offset]);
        assert_eq!(doc.elements[(offset + p) as usize].parent, Some(offset));
        let front = doc.graft(Structure::new(Role::Sect), 0, Some(0));
        assert_eq!(doc.elements[0].kids, vec![front, part]);
    }
}
