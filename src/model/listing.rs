//! What the lists of figures and tables show of a document: each numbered figure and
//! captioned table in reading order, with its number, the short form of its caption and
//! its anchor id. Both backends list them from here (the print front matter, the EPUB's
//! navigation), so the two editions list the same entries in the same words.

use super::{plain_text, visit_blocks, Block, Caption, Document};

/// A caption of at most this many characters is listed whole; a longer one by its first
/// sentence, as a book's list of figures gives the short title and not the description.
const SHORT_CAPTION_CHARS: usize = 100;

/// Which list an entry belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListedKind {
    /// The list of figures.
    Figure,
    /// The list of tables.
    Table,
}

/// One entry of a list of figures or tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// Figure or table.
    pub kind: ListedKind,
    /// Its number as printed ("2", "3.2").
    pub number: String,
    /// Its label as printed ("Figure 2"), in the article's language.
    pub label: String,
    /// The caption's short form (see [`short_caption`]); empty when it has none.
    pub text: String,
    /// The anchor id in its article.
    pub id: String,
}

/// The figures and captioned tables of `doc`, in reading order (inside quotes and lists
/// too, never in notes).
pub fn listed(doc: &Document) -> Vec<Listed> {
    let mut out = Vec::new();
    let mut add = |kind: ListedKind, c: &Caption| {
        out.push(Listed {
            kind,
            number: c.number.clone(),
            label: c.label.clone(),
            text: short_caption(&plain_text(&c.content)),
            id: c.id.clone(),
        })
    };
    visit_blocks(&doc.blocks, false, &mut |b| match b {
        Block::Figure(f) => add(ListedKind::Figure, &f.caption),
        Block::Table {
            caption: Some(c), ..
        } => add(ListedKind::Table, c),
        _ => {}
    });
    out
}

/// A caption as a list gives it: whole when short, else its first sentence (ended by a
/// full stop, question or exclamation mark before a word that does not start in lower
/// case, so "e.g. this" does not end it); without a closing full stop, either way.
pub fn short_caption(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut short = text.as_str();
    if text.chars().count() > SHORT_CAPTION_CHARS {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        for w in chars.windows(3) {
            let [(i, end), (_, space), (_, next)] = [w[0], w[1], w[2]];
            if matches!(end, '.' | '?' | '!') && space == ' ' && !next.is_lowercase() {
                short = &text[..i + end.len_utf8()];
                break;
            }
        }
    }
    short
        .strip_suffix('.')
        .unwrap_or(short)
        .trim_end()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_caption_is_listed_by_its_first_sentence() {
        assert_eq!(short_caption("Rain by month."), "Rain by month");
        let long = "Rain by month at the farm, e.g. in June. The bars are the gauge's \
                    readings, the line the number of rainy days, both as written in the \
                    farm book each morning.";
        assert_eq!(
            short_caption(long),
            "Rain by month at the farm, e.g. in June"
        );
        let one = "a".repeat(120);
        assert_eq!(
            short_caption(&one),
            one,
            "no sentence end: the whole caption"
        );
    }
}
