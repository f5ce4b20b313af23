//! Locators in a citation's suffix, as pandoc reads them: `, p. 33`, `chap. 2`, `§ 4`, or a
//! bare number (a page). The term names the kind of place (a CSL locator term, so the style
//! prints it in its own words and language); what follows the value stays the suffix.

use crate::model::Locator;

/// Written forms of each CSL locator term: English (pandoc's list) and the common Russian,
/// German and French abbreviations. Longer forms come first so `pp.` wins over `p.`.
const TERMS: &[(&str, &[&str])] = &[
    ("book", &["books", "book", "bks.", "bk."]),
    (
        "chapter",
        &[
            "chapters", "chapter", "chaps.", "chap.", "ch.", "гл.", "Kap.", "chap.",
        ],
    ),
    ("column", &["columns", "column", "cols.", "col."]),
    (
        "figure",
        &["figures", "figure", "figs.", "fig.", "рис.", "Abb."],
    ),
    ("folio", &["folios", "folio", "fols.", "fol."]),
    ("line", &["lines", "line", "ll.", "l."]),
    ("note", &["notes", "note", "nn.", "n.", "прим.", "Anm."]),
    ("number", &["numbers", "number", "nos.", "no.", "№"]),
    ("opus", &["opera", "opus", "opp.", "op."]),
    ("page", &["pages", "page", "pp.", "p.", "сс.", "с.", "S."]),
    (
        "paragraph",
        &[
            "paragraphs",
            "paragraph",
            "paras.",
            "para.",
            "¶¶",
            "¶",
            "абз.",
        ],
    ),
    ("part", &["parts", "part", "pts.", "pt.", "ч."]),
    (
        "section",
        &[
            "sections",
            "section",
            "secs.",
            "sec.",
            "§§",
            "§",
            "разд.",
            "Abschn.",
            "sect.",
        ],
    ),
    ("sub-verbo", &["sub verbis", "sub verbo", "s.vv.", "s.v."]),
    ("verse", &["verses", "verse", "vv.", "v."]),
    (
        "volume",
        &["volumes", "volume", "vols.", "vol.", "т.", "Bd."],
    ),
];

/// Splits a citation item's text after its key into a locator, when it opens with one, and
/// the rest (the suffix, trimmed).
pub fn split_locator(rest: &str) -> (Option<Locator>, String) {
    let body = rest.trim_start();
    let body = body.strip_prefix(',').unwrap_or(body).trim_start();
    let (label, after_term) = match term(body) {
        Some((label, len)) => (label, body[len..].trim_start()),
        None => ("page", body),
    };
    let len = value_len(after_term);
    if len == 0 {
        return (None, rest.trim().to_string());
    }
    let locator = Locator {
        label: label.to_string(),
        value: after_term[..len].to_string(),
    };
    (Some(locator), after_term[len..].trim().to_string())
}

/// The locator term `text` opens with (followed by a space or a digit), and its length.
fn term(text: &str) -> Option<(&'static str, usize)> {
    TERMS.iter().find_map(|(label, forms)| {
        forms.iter().find_map(|form| {
            let after = text.strip_prefix(form)?;
            let next = after.chars().next()?;
            (next.is_whitespace() || next.is_ascii_digit()).then_some((*label, form.len()))
        })
    })
}

/// The length of the locator value `text` opens with: numbers or roman numerals, joined by
/// dashes (`33–35`) and commas (`33, 35`); 0 when it opens with none.
fn value_len(text: &str) -> usize {
    let mut end = 0;
    loop {
        let word = word_len(&text[end..]);
        if word == 0 || !is_value_word(&text[end..end + word]) {
            return end;
        }
        end += word;
        let rest = &text[end..];
        let joiner = ["-", "–", "—", ", ", ","]
            .iter()
            .find(|j| rest.starts_with(**j))
            .map_or(0, |j| j.len());
        let next = &rest[joiner..];
        if joiner == 0 || word_len(next) == 0 || !is_value_word(&next[..word_len(next)]) {
            return end;
        }
        end += joiner;
    }
}

fn word_len(text: &str) -> usize {
    text.char_indices()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(text.len(), |(i, _)| i)
}

/// A word that can be a locator: it holds a digit ("33", "33a"), or is a roman numeral.
fn is_value_word(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit())
        || (!word.is_empty()
            && word.len() <= 8
            && word.chars().all(|c| "ivxlcdmIVXLCDM".contains(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(rest: &str) -> (Option<(String, String)>, String) {
        let (l, s) = split_locator(rest);
        (l.map(|l| (l.label, l.value)), s)
    }

    fn loc(label: &str, value: &str, suffix: &str) -> (Option<(String, String)>, String) {
        (Some((label.into(), value.into())), suffix.into())
    }

    #[test]
    fn terms_numbers_and_suffixes() {
        assert_eq!(split(", p. 33"), loc("page", "33", ""));
        assert_eq!(split(", pp. 33–35, 40"), loc("page", "33–35, 40", ""));
        assert_eq!(
            split(" chap. iv, and passim"),
            loc("chapter", "iv", ", and passim")
        );
        assert_eq!(split(", 12"), loc("page", "12", ""));
        assert_eq!(split(", § 4"), loc("section", "4", ""));
        assert_eq!(split(", с. 17"), loc("page", "17", ""));
        assert_eq!(split(", S. 9"), loc("page", "9", ""));
    }

    #[test]
    fn suffixes_without_a_locator_are_kept_whole() {
        assert_eq!(split(", emphasis added"), (None, ", emphasis added".into()));
        assert_eq!(split(""), (None, String::new()));
        assert_eq!(split(" and elsewhere"), (None, "and elsewhere".into()));
    }
}
