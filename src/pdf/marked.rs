//! Marked content of a tagged file: the sequence open in a page's content stream (an
//! element's, with its marked-content id, or an artifact's), and the element of each id
//! given on the page, for the parent tree.

use super::content::utf16be_hex;
use crate::typeset::frame::Tag;
use crate::typeset::structure::Structure;

/// A running head as a pagination artifact.
const PAGINATION_HEADER: &[u8] = b"/Artifact <</Type /Pagination /Subtype /Header>> BDC\n";

/// A folio as a pagination artifact.
const PAGINATION_FOOTER: &[u8] = b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n";

/// Text that replaces the glyphs of a sequence (its ActualText).
#[derive(Debug, Clone, Copy)]
pub enum Replace<'t> {
    /// Under the tag `Span`, the one text extraction (poppler's) reads ActualText under:
    /// for text that every reader should get (a formula's TeX, a hyphen of the word).
    Span(&'t str),
    /// Under the element's own tag, which text extraction reads as the glyphs' own text
    /// and structure readers as the ActualText: a line break's hyphen, which extraction
    /// joins the lines at and a screen reader passes over.
    Quiet(&'t str),
}

/// The open sequence.
#[derive(Debug, Clone, Copy)]
struct Open {
    tag: Tag,
    /// Opened inside a text object (and so to be closed inside it).
    in_text: bool,
    /// It carries an ActualText.
    actual: bool,
}

/// The marked-content sequences of one page.
pub struct Marked<'a> {
    structure: Option<&'a Structure>,
    open: Option<Open>,
    /// The structure element of each marked-content id given so far, by id.
    pub mcids: Vec<u32>,
}

impl<'a> Marked<'a> {
    /// The sequences of a page of a file tagged with `structure` (none when `None`).
    pub fn new(structure: Option<&'a Structure>) -> Self {
        Marked {
            structure,
            open: None,
            mcids: Vec::new(),
        }
    }

    /// Whether the file is tagged.
    pub fn tagged(&self) -> bool {
        self.structure.is_some()
    }

    /// Whether the open sequence is `tag`'s, without an ActualText of its own.
    pub fn is_plainly(&self, tag: Tag) -> bool {
        matches!(self.open, Some(o) if o.tag == tag && !o.actual)
    }

    /// Whether the open sequence carries an ActualText.
    pub fn is_actual(&self) -> bool {
        matches!(self.open, Some(o) if o.actual)
    }

    /// Whether a sequence is open (`None` if not), and if so whether inside a text object.
    pub fn open_in_text(&self) -> Option<bool> {
        self.open.map(|o| o.in_text)
    }

    /// Opens the sequence of `tag` (an artifact's, or an element's with the next
    /// marked-content id and, when given, the text its glyphs stand for).
    pub fn open(&mut self, s: &mut Vec<u8>, tag: Tag, actual: Option<Replace>, in_text: bool) {
        let Some(structure) = self.structure else {
            return;
        };
        match tag {
            Tag::Element(n) => {
                // A sequence whose glyphs stand for other text is a Span, the tag text
                // extraction looks for its ActualText under.
                let role = match (structure.elements.get(n as usize), actual) {
                    (_, Some(Replace::Span(_))) | (None, _) => "Span",
                    (Some(e), _) => e.role.name(),
                };
                s.push(b'/');
                s.extend_from_slice(role.as_bytes());
                s.extend_from_slice(b" <</MCID ");
                s.extend_from_slice(self.mcids.len().to_string().as_bytes());
                if let Some(Replace::Span(text) | Replace::Quiet(text)) = actual {
                    s.extend_from_slice(b" /ActualText ");
                    utf16be_hex(s, text);
                }
                s.extend_from_slice(b">> BDC\n");
                self.mcids.push(n);
            }
            Tag::Header => s.extend_from_slice(PAGINATION_HEADER),
            Tag::Footer => s.extend_from_slice(PAGINATION_FOOTER),
            Tag::Artifact | Tag::Unset => s.extend_from_slice(b"/Artifact BMC\n"),
        }
        self.open = Some(Open {
            tag,
            in_text,
            actual: actual.is_some() && matches!(tag, Tag::Element(_)),
        });
    }

    /// Ends the open sequence.
    pub fn close(&mut self, s: &mut Vec<u8>) {
        if self.open.take().is_some() {
            s.extend_from_slice(b"EMC\n");
        }
    }
}
