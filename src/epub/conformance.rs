//! The book's accessibility conformance claim, computed rather than asserted: the EPUB
//! states that it meets EPUB Accessibility 1.1 at WCAG 2.1 Level AA only when what Folio
//! cannot make true by construction holds of this book: every image has alternative text,
//! every text's language is the one it is marked with, links and tables can be named, the
//! pages of a print edition are listed, someone is named to stand behind the claim, and the
//! book is styled by Folio's own stylesheet (whose reflow, contrast and reading order the
//! screen tests check). What fails is listed, for a warning and the accessibility summary.

use crate::manifest::Collection;
use crate::model::{plain_text, visit_blocks, visit_inlines, Block, Inline};

/// The conformance identifier the package states when the claim holds.
pub const CLAIM: &str = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA";

/// The fewest letters of a text from which its script is judged.
const MIN_LETTERS: usize = 40;

/// Facts about the written book that the model alone does not hold.
#[derive(Debug, Clone, Copy, Default)]
pub struct Written {
    /// Images placed in the text without alternative text.
    pub images_without_alt: usize,
    /// Whether the book lists the pages of its print edition.
    pub page_list: bool,
    /// Whether the collection replaces Folio's stylesheet with its own.
    pub own_stylesheet: bool,
}

/// The verdict on the claim: who stands behind it, and why it cannot be made (empty when it
/// can).
#[derive(Debug, Clone, Default)]
pub struct Conformance {
    /// The party named as having evaluated the book (`a11y:certifiedBy`): the publisher,
    /// else the book's creators.
    pub certifier: Option<String>,
    /// What keeps the book from the claim, one short sentence each.
    pub shortcomings: Vec<String>,
}

impl Conformance {
    /// Whether the book makes the claim.
    pub fn holds(&self) -> bool {
        self.shortcomings.is_empty()
    }
}

/// Evaluates the claim for `c`, given what writing the book found.
pub fn evaluate(c: &Collection, w: Written) -> Conformance {
    let certifier = (c.publisher.clone())
        .or_else(|| (!c.creators().is_empty()).then(|| c.creators().join(", ")));
    let mut out = Vec::new();
    if w.images_without_alt > 0 {
        out.push(format!(
            "{} image(s) have no alternative text",
            w.images_without_alt
        ));
    }
    if c.isbn_print.is_some() && !w.page_list {
        out.push("the print edition's pages are not listed ([epub] page-list is off)".into());
    }
    if w.own_stylesheet {
        out.push(
            "the collection's own epub.css replaces Folio's stylesheet, whose reflow, contrast \
             and reading order are the ones checked"
                .into(),
        );
    }
    if certifier.is_none() {
        out.push("no publisher, editor or author is named to stand behind the claim".into());
    }
    let mut book_text = format!("{} {}", c.title, c.subtitle.as_deref().unwrap_or(""));
    for p in &c.parts {
        book_text.push(' ');
        book_text.push_str(p.title.as_deref().unwrap_or(""));
    }
    out.extend(misdeclared(
        &book_text,
        &c.language,
        "the book's title and part titles",
    ));
    for a in c.articles() {
        let place = format!("{}", a.path.display());
        out.extend(misdeclared(&article_text(a), &a.language, &place));
        out.extend(unnamed(&a.doc.blocks, &place));
    }
    Conformance {
        certifier,
        shortcomings: out,
    }
}

/// The words of an article a reader hears in its language: title, subtitle, standfirst and
/// the text of its blocks and notes (code left out: it is in no natural language).
fn article_text(a: &crate::manifest::Article) -> String {
    let m = &a.doc.meta;
    let mut s = String::new();
    for t in [&m.title, &m.subtitle, &m.standfirst].into_iter().flatten() {
        s.push_str(t);
        s.push(' ');
    }
    visit_inlines(&a.doc.blocks, true, &mut |run| {
        s.push_str(&plain_text(run));
        s.push(' ');
    });
    s
}

/// The writing systems whose letters are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Cyrillic,
    Greek,
}

impl Script {
    fn name(self) -> &'static str {
        match self {
            Script::Latin => "Latin",
            Script::Cyrillic => "Cyrillic",
            Script::Greek => "Greek",
        }
    }

    fn of(c: char) -> Option<Script> {
        match c {
            'a'..='z' | 'A'..='Z' | '\u{C0}'..='\u{24F}' if c.is_alphabetic() => {
                Some(Script::Latin)
            }
            '\u{400}'..='\u{52F}' if c.is_alphabetic() => Some(Script::Cyrillic),
            '\u{370}'..='\u{3FF}' if c.is_alphabetic() => Some(Script::Greek),
            _ => None,
        }
    }
}

/// The script a language tag's text is written in, when Folio knows it: an explicit script
/// subtag, else the usual script of the primary language.
fn expected_script(tag: &str) -> Option<Script> {
    let mut subtags = tag.split(['-', '_']);
    let primary = subtags.next().unwrap_or("").to_ascii_lowercase();
    for s in subtags {
        match s.to_ascii_lowercase().as_str() {
            "latn" => return Some(Script::Latin),
            "cyrl" => return Some(Script::Cyrillic),
            "grek" => return Some(Script::Greek),
            _ => {}
        }
    }
    const CYRILLIC: [&str; 9] = ["ru", "uk", "be", "bg", "mk", "sr", "kk", "ky", "tg"];
    const LATIN: [&str; 30] = [
        "en", "de", "fr", "es", "it", "pt", "nl", "pl", "cs", "sk", "sv", "da", "no", "nb", "nn",
        "fi", "et", "lv", "lt", "hu", "ro", "hr", "sl", "tr", "ca", "ga", "cy", "is", "id", "vi",
    ];
    if CYRILLIC.contains(&primary.as_str()) {
        Some(Script::Cyrillic)
    } else if LATIN.contains(&primary.as_str()) {
        Some(Script::Latin)
    } else if primary == "el" {
        Some(Script::Greek)
    } else {
        None
    }
}

/// A shortcoming when most letters of `text` are in another script than language `lang` is
/// written in: the text is then marked with the wrong language (WCAG 3.1.1).
fn misdeclared(text: &str, lang: &str, place: &str) -> Option<String> {
    let want = expected_script(lang)?;
    let mut counts = [
        (Script::Latin, 0usize),
        (Script::Cyrillic, 0),
        (Script::Greek, 0),
    ];
    // A book is mostly ASCII: its bytes are counted as they are, other characters decoded.
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let ascii = bytes[i..].iter().position(|b| !b.is_ascii());
        let end = ascii.map_or(bytes.len(), |k| i + k);
        counts[0].1 += bytes[i..end]
            .iter()
            .filter(|b| b.is_ascii_alphabetic())
            .count();
        i = end;
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        if let Some(c) = Script::of(c).and_then(|s| counts.iter_mut().find(|(k, _)| *k == s)) {
            c.1 += 1;
        }
    }
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    let (most, n) = counts.into_iter().max_by_key(|(_, n)| *n)?;
    (total >= MIN_LETTERS && most != want && n * 2 > total).then(|| {
        format!(
            "{place}: most of the text is in {} script, but its language is `{lang}`",
            most.name()
        )
    })
}

/// Shortcomings of an article's links and tables that a screen reader cannot name: a link
/// with no text (WCAG 2.4.4), a table whose header row is empty (WCAG 1.3.1).
fn unnamed(blocks: &[Block], place: &str) -> Vec<String> {
    let mut empty_links = 0;
    visit_inlines(blocks, true, &mut |run| {
        empty_links += count_empty_links(run)
    });
    let mut headless = 0;
    visit_blocks(blocks, true, &mut |b| {
        if let Block::Table { head, .. } = b {
            if head.iter().all(|cell| plain_text(cell).trim().is_empty()) {
                headless += 1;
            }
        }
    });
    let mut out = Vec::new();
    if empty_links > 0 {
        out.push(format!("{place}: {empty_links} link(s) have no text"));
    }
    if headless > 0 {
        out.push(format!(
            "{place}: {headless} table(s) have no column headings"
        ));
    }
    out
}

/// Links in `run` (inside emphasis too) with neither text nor a described image.
fn count_empty_links(run: &[Inline]) -> usize {
    let mut n = 0;
    for inline in run {
        match inline {
            Inline::Link { content, .. } => {
                let described =
                    |i: &Inline| matches!(i, Inline::Image { alt, .. } if !alt.trim().is_empty());
                if plain_text(content).trim().is_empty() && !content.iter().any(described) {
                    n += 1;
                }
            }
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c) => n += count_empty_links(c),
            _ => {}
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_in_another_script_than_its_language_is_found() {
        let russian = "Когда в разговоре о климатической политике доходит до городов, обычно вспоминают велодорожки";
        assert!(misdeclared(russian, "en", "a.md").is_some());
        assert!(misdeclared(russian, "ru", "a.md").is_none());
        assert!(misdeclared(russian, "sr-Latn", "a.md").is_some());
        assert!(
            misdeclared(russian, "ja", "a.md").is_none(),
            "unknown script: no verdict"
        );
        assert!(
            misdeclared("Короткий", "en", "a.md").is_none(),
            "too short to judge"
        );
        let english =
            "A proper name such as Вера Стрельникова in English text is fine to leave unmarked.";
        assert!(misdeclared(english, "en", "a.md").is_none());
    }

    #[test]
    fn links_without_text_are_counted() {
        let link = |content: Vec<Inline>| Inline::Link {
            target: "https://example.org".into(),
            title: String::new(),
            content,
            reference: None,
            pos: Default::default(),
        };
        let run = vec![
            link(vec![]),
            Inline::Emph(vec![link(vec![Inline::Text(" ".into())])]),
            link(vec![Inline::Text("words".into())]),
        ];
        assert_eq!(count_empty_links(&run), 2);
    }
}
