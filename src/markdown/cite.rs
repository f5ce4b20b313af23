//! Pandoc's citation syntax in running text: `[see @smith2020, p. 33; -@lee2019]` (bracketed)
//! and `@smith2020 argues`, `@smith2020 [p. 33] argues` (author in text). The grammar is
//! pandoc's: a key starts with a letter, digit or `_` and goes on with those and single
//! internal punctuation marks (`:.#$%&-+?<>~/`), or is written in braces `@{…}`; an `@`
//! right after a letter or digit starts nothing, so `a@b.org` stays an address. The text a
//! run holds is split here; where each key is written is found in the source by
//! [`super::citations`].

use super::locator::split_locator;
use crate::model::{Citation, CiteItem, CiteMode, Pos};

/// Punctuation a key may hold between its letters and digits.
const KEY_PUNCT: &str = ":.#$%&-+?<>~/";
/// The longest key considered, in characters; anything longer is prose.
const MAX_KEY_CHARS: usize = 200;
/// The longest bracketed citation considered, in bytes.
const MAX_BRACKET_BYTES: usize = 2000;

/// A piece of a run's text: plain text, or a citation.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// Text that is no citation.
    Text(String),
    /// A citation (positions not yet set).
    Cite(Citation),
}

/// Splits `text` into plain text and citations.
pub fn split(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut plain_from = 0;
    let mut at = 0;
    while at < text.len() {
        let found = match text.as_bytes()[at] {
            b'[' => bracketed(text, at),
            b'@' if starts_bare(text, at) => bare(text, at),
            _ => None,
        };
        match found {
            Some((cite, end)) => {
                if plain_from < at {
                    out.push(Piece::Text(text[plain_from..at].to_string()));
                }
                out.push(Piece::Cite(cite));
                at = end;
                plain_from = end;
            }
            None => at += text[at..].chars().next().map_or(1, char::len_utf8),
        }
    }
    if plain_from < text.len() {
        out.push(Piece::Text(text[plain_from..].to_string()));
    }
    out
}

/// Whether an `@` at `at` may start a bare citation: at the start, or after a character
/// that is neither a letter nor a digit (nor `-`, which only marks `[-@key]` in brackets).
fn starts_bare(text: &str, at: usize) -> bool {
    match text[..at].chars().next_back() {
        None => true,
        Some(c) => !(c.is_alphanumeric() || c == '-' || c == '_' || c == '@' || c == '\\'),
    }
}

/// The key after an `@` (`rest` starts after it) and its length in bytes as written.
fn key_at(rest: &str) -> Option<(String, usize)> {
    if let Some(inner) = rest.strip_prefix('{') {
        let end = inner.find('}')?;
        let key = &inner[..end];
        let ok = !key.trim().is_empty() && key.chars().count() <= MAX_KEY_CHARS;
        return ok.then(|| (key.to_string(), end + 2));
    }
    let mut chars = rest.char_indices().peekable();
    let first = chars.peek().map(|(_, c)| *c)?;
    if !(first.is_alphanumeric() || first == '_') {
        return None;
    }
    let mut end = 0;
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            end = i + c.len_utf8();
        } else if KEY_PUNCT.contains(c) {
            // Punctuation belongs to the key only between word characters.
            match chars.peek() {
                Some((_, n)) if n.is_alphanumeric() || *n == '_' => {}
                _ => break,
            }
        } else {
            break;
        }
    }
    let key = &rest[..end];
    (key.chars().count() <= MAX_KEY_CHARS).then(|| (key.to_string(), end))
}

/// A bare citation at `at` (an `@`) and where it ends. A bracket after one space that holds
/// no key is the citation's locator and suffix.
fn bare(text: &str, at: usize) -> Option<(Citation, usize)> {
    let (key, len) = key_at(&text[at + 1..])?;
    let mut end = at + 1 + len;
    let mut item = CiteItem {
        key,
        prefix: String::new(),
        locator: None,
        suffix: String::new(),
        suppress_author: false,
        pos: Pos::default(),
    };
    if let Some(after) = text[end..].strip_prefix(' ').filter(|r| r.starts_with('[')) {
        if let Some(close) = after.find(']').filter(|c| *c < MAX_BRACKET_BYTES) {
            let inside = &after[1..close];
            if !inside.contains(['@', '[']) {
                let (locator, suffix) = split_locator(inside);
                item.locator = locator;
                item.suffix = suffix;
                end += 1 + close + 1;
            }
        }
    }
    let cite = citation(vec![item], CiteMode::AuthorInText, &text[at..end]);
    Some((cite, end))
}

/// A bracketed citation at `at` (a `[`): every `;`-separated part must hold one key.
fn bracketed(text: &str, at: usize) -> Option<(Citation, usize)> {
    let inner_start = at + 1;
    let close = text[inner_start..].find(']')? + inner_start;
    if close - at > MAX_BRACKET_BYTES || text[inner_start..close].contains('[') {
        return None;
    }
    let items = (text[inner_start..close].split(';'))
        .map(bracket_item)
        .collect::<Option<Vec<_>>>()?;
    let cite = citation(items, CiteMode::Bracketed, &text[at..close + 1]);
    Some((cite, close + 1))
}

/// One part of a bracketed citation, `see -@key, p. 33 and passim`.
fn bracket_item(part: &str) -> Option<CiteItem> {
    let mut search = 0;
    let (at, key, len) = loop {
        let at = search + part[search..].find('@')?;
        let before = part[..at].chars().next_back();
        let boundary = match before {
            None => true,
            Some('-') => part[..at - 1]
                .chars()
                .next_back()
                .is_none_or(char::is_whitespace),
            Some(c) => c.is_whitespace(),
        };
        if boundary {
            if let Some((key, len)) = key_at(&part[at + 1..]) {
                break (at, key, len);
            }
        }
        search = at + 1;
    };
    let suppress = part[..at].ends_with('-');
    let prefix_end = if suppress { at - 1 } else { at };
    let rest = &part[at + 1 + len..];
    if rest.contains('@') && rest.split('@').skip(1).any(|r| key_at(r).is_some()) {
        // Two keys in one part: a `;` is missing, or this is no citation.
        return None;
    }
    let (locator, suffix) = split_locator(rest);
    let item = CiteItem {
        key,
        prefix: part[..prefix_end].trim().to_string(),
        locator,
        suffix,
        suppress_author: suppress,
        pos: Pos::default(),
    };
    Some(item)
}

fn citation(items: Vec<CiteItem>, mode: CiteMode, text: &str) -> Citation {
    Citation {
        items,
        mode,
        text: text.to_string(),
        pos: Pos::default(),
        rendered: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cites(text: &str) -> Vec<Citation> {
        split(text)
            .into_iter()
            .filter_map(|p| match p {
                Piece::Cite(c) => Some(c),
                Piece::Text(_) => None,
            })
            .collect()
    }

    fn keys(text: &str) -> Vec<Vec<String>> {
        cites(text)
            .iter()
            .map(|c| c.items.iter().map(|i| i.key.clone()).collect())
            .collect()
    }

    #[test]
    fn bracketed_citations_with_prefixes_locators_and_suffixes() {
        let c = &cites("as shown [see @smith2020, p. 33; -@lee2019, chap. 2, and passim].")[0];
        assert_eq!(c.mode, CiteMode::Bracketed);
        assert_eq!(
            c.text,
            "[see @smith2020, p. 33; -@lee2019, chap. 2, and passim]"
        );
        let (a, b) = (&c.items[0], &c.items[1]);
        assert_eq!((a.prefix.as_str(), a.key.as_str()), ("see", "smith2020"));
        let loc = a.locator.as_ref().unwrap();
        assert_eq!((loc.label.as_str(), loc.value.as_str()), ("page", "33"));
        assert!(b.suppress_author);
        assert_eq!(b.locator.as_ref().unwrap().label, "chapter");
        assert_eq!(b.suffix, ", and passim");
    }

    #[test]
    fn bare_citations_take_a_following_bracket_as_locator() {
        let c = &cites("@smith2020 [p. 33] argues")[0];
        assert_eq!(c.mode, CiteMode::AuthorInText);
        assert_eq!(c.text, "@smith2020 [p. 33]");
        assert_eq!(c.items[0].locator.as_ref().unwrap().value, "33");
        assert_eq!(keys("As @smith2020. said"), [["smith2020"]]);
    }

    #[test]
    fn addresses_and_stray_at_signs_are_text() {
        assert!(cites("write to a@b.org or @ noon, or [me @ home]").is_empty());
        assert!(cites("[a link](x) and [text without keys]").is_empty());
        assert_eq!(split("mail a@b.org")[0], Piece::Text("mail a@b.org".into()));
    }

    #[test]
    fn keys_keep_internal_punctuation_and_braces() {
        assert_eq!(keys("see @eq:energy, then"), [["eq:energy"]]);
        assert_eq!(keys("[@{Smith, J. 2020}]"), [["Smith, J. 2020"]]);
        assert_eq!(keys("(@doe-99/a+b)"), [["doe-99/a+b"]]);
        assert_eq!(keys("@Иванов2019 пишет"), [["Иванов2019"]]);
    }
}
