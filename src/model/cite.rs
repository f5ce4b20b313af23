//! Citations as the reader finds them (`[see @smith2020, p. 33]`, `@smith2020 argues`) and
//! the bibliography the citation pass renders from them. The reader fills in what was
//! written; `passes::citations` fills in [`Citation::rendered`] (and the note that holds it,
//! in a note style), so backends only ever set rendered text.

use serde::Serialize;

use super::{Inline, Pos};

/// How a citation was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CiteMode {
    /// In brackets, `[@smith2020, p. 33]`: the whole citation stands apart from the prose.
    Bracketed,
    /// Bare, `@smith2020 argues` (optionally `@smith2020 [p. 33]`): the author's name is part
    /// of the sentence.
    AuthorInText,
}

/// A citation of one or more works, where it stands in the text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Citation {
    /// The works cited, in the order written.
    pub items: Vec<CiteItem>,
    /// Bracketed or author-in-text.
    pub mode: CiteMode,
    /// The citation exactly as it read in the text, kept where no bibliography resolves it.
    pub text: String,
    /// Where it starts (its first key's `@`).
    pub pos: Pos,
    /// The citation as the style renders it (empty until `passes::citations` runs; a
    /// citation no bibliography resolves is rendered as its `text`).
    /// In an in-text style each work's part of it is a link to its bibliography entry
    /// (`#` and its [`bib_id`]).
    pub rendered: Vec<Inline>,
}

/// One work within a citation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CiteItem {
    /// The citation key, without `@` (and without braces when written `@{key}`).
    pub key: String,
    /// Text before the key ("see").
    pub prefix: String,
    /// Where in the work: "p. 33" is `page` `33`.
    pub locator: Option<Locator>,
    /// Text after the key and its locator ("and elsewhere").
    pub suffix: String,
    /// Written `-@key`: the author is already named in the sentence.
    pub suppress_author: bool,
    /// Where its key is written (the `@`).
    pub pos: Pos,
}

/// A place within a cited work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Locator {
    /// The CSL locator term: `page`, `chapter`, `section`, `paragraph`, `figure`, `note`,
    /// `line`, `volume`, `book`, `part`, `column`, `folio`, `issue`, `number`, `opus`,
    /// `verse`, `sub-verb`, `algorithm`, `equation`, `table`, `timestamp`, `supplement`.
    pub label: String,
    /// The value as written ("33", "33–35", "iv").
    pub value: String,
}

/// An article's rendered bibliography: the works it cites, in the style's order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bibliography {
    /// The heading, in the article's language.
    pub title: String,
    /// The entries in order.
    pub entries: Vec<BibEntry>,
    /// Whether the style sets entries with a hanging indent.
    pub hanging_indent: bool,
}

/// One rendered entry of a bibliography.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BibEntry {
    /// The entry's anchor id within its document ([`bib_id`] of its key).
    pub id: String,
    /// The citation key.
    pub key: String,
    /// The entry as the style renders it: text, emphasis and links.
    pub content: Vec<Inline>,
}

/// The anchor id of the bibliography entry with `key` (keys may hold characters an id may
/// not, so anything but ASCII letters, digits, `-` and `_` is written as `.XX` in hex).
pub fn bib_id(key: &str) -> String {
    let mut id = String::from("bib-");
    for b in key.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
            id.push(b as char);
        } else {
            id.push_str(&format!(".{b:02X}"));
        }
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bibliography_ids_are_safe_and_distinct() {
        assert_eq!(bib_id("smith2020"), "bib-smith2020");
        assert_eq!(bib_id("a:b"), "bib-a.3Ab");
        assert_ne!(bib_id("a.b"), bib_id("a-b"));
        assert_eq!(bib_id("Иванов"), "bib-.D0.98.D0.B2.D0.B0.D0.BD.D0.BE.D0.B2");
    }
}
