//! Intraword subscript and superscript (`H~2~O`, `x^2^`).
//!
//! pulldown-cmark 0.13 parses single `~` and `^` with the flanking rules of `_`: a run may
//! only open after whitespace or punctuation and only close before it, so `~one~` between
//! spaces works but `H~2~O` and `x^2^` come through as plain text. Pandoc's rule is the one
//! writers expect (no spaces inside, anywhere in a word), so this module applies it to each
//! finished run of text. Markers in text that did not come literally from the source (an
//! escaped `\~`, an entity) are protected while the run is built and restored afterwards.

use super::events::push_text;
use crate::model::Inline;

/// Characters allowed inside an intraword sub- or superscript besides letters and digits:
/// enough for formulas and ordinals, not enough to catch paths such as `~user/~`.
const SCRIPT_PUNCT: &[char] = &['+', '-', '−', '=', '(', ')', '\'', '′', ',', '.'];

/// Stand-ins for `~` and `^` that must stay literal: Unicode noncharacters, which never occur
/// in interchanged text.
const PROTECTED: [(char, char); 2] = [('~', '\u{FDD0}'), ('^', '\u{FDD1}')];

/// `text` with its `~` and `^` protected from becoming script markers.
pub fn protect(text: &str) -> String {
    PROTECTED.iter().fold(text.to_string(), |t, (from, to)| {
        t.replace(*from, &to.to_string())
    })
}

fn restore(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains([PROTECTED[0].1, PROTECTED[1].1]) {
        return text.into();
    }
    let restored = PROTECTED.iter().fold(text.to_string(), |t, (to, from)| {
        t.replace(*from, &to.to_string())
    });
    restored.into()
}

/// Whether `text` holds no marker and nothing protected: most of a book's text, which is
/// then taken as it is. (Both stand-ins start with the byte `EF`.)
fn plain(text: &str) -> bool {
    !text.bytes().any(|b| matches!(b, b'~' | b'^' | 0xEF))
}

/// Turns the script spans in the top-level text of a finished run into inlines and restores
/// protected markers. Nested runs were finished (and converted) on their own.
pub fn apply(run: Vec<Inline>) -> Vec<Inline> {
    let mut out = Vec::with_capacity(run.len());
    for inline in run {
        match inline {
            Inline::Text(t) if plain(&t) => match out.last_mut() {
                Some(Inline::Text(prev)) => prev.push_str(&t),
                _ if t.is_empty() => {}
                _ => out.push(Inline::Text(t)),
            },
            Inline::Text(t) => push_with_scripts(&mut out, &t),
            other => out.push(other),
        }
    }
    out
}

/// Appends `text` to `out`, turning `~x~` into `Inline::Subscript` and `^x^` into
/// `Inline::Superscript` where `x` is non-empty and has no spaces.
pub fn push_with_scripts(out: &mut Vec<Inline>, text: &str) {
    if plain(text) {
        push_text(out, text);
        return;
    }
    let mut rest = text;
    while let Some((before, marker, inner, after)) = next_script(rest) {
        push_text(out, &restore(before));
        let content = vec![Inline::Text(restore(inner).into_owned())];
        out.push(if marker == '~' {
            Inline::Subscript(content)
        } else {
            Inline::Superscript(content)
        });
        rest = after;
    }
    push_text(out, &restore(rest));
}

/// The first script span in `text`: (text before, marker, content, text after).
fn next_script(text: &str) -> Option<(&str, char, &str, &str)> {
    let mut search = 0;
    while let Some(i) = text[search..].find(['~', '^']).map(|i| i + search) {
        let marker = text[i..].chars().next()?;
        let body = &text[i + 1..];
        if let Some(len) = body.find(marker) {
            let inner = &body[..len];
            if is_script(inner) {
                return Some((&text[..i], marker, inner, &body[len + 1..]));
            }
        }
        search = i + 1;
    }
    None
}

fn is_script(inner: &str) -> bool {
    !inner.is_empty()
        && inner
            .chars()
            .all(|c| c.is_alphanumeric() || SCRIPT_PUNCT.contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<Inline> {
        let mut out = Vec::new();
        push_with_scripts(&mut out, text);
        out
    }

    #[test]
    fn intraword_scripts() {
        let t = |s: &str| Inline::Text(s.to_string());
        assert_eq!(
            run("H~2~O and x^2^"),
            vec![
                t("H"),
                Inline::Subscript(vec![t("2")]),
                t("O and x"),
                Inline::Superscript(vec![t("2")]),
            ]
        );
    }

    #[test]
    fn spaces_and_paths_stay_text() {
        let t = |s: &str| Inline::Text(s.to_string());
        assert_eq!(run("from ~5 to ~10"), vec![t("from ~5 to ~10")]);
        assert_eq!(run("/home/~user/~x"), vec![t("/home/~user/~x")]);
        assert_eq!(run("a ^ b ^ c"), vec![t("a ^ b ^ c")]);
        assert_eq!(run(&protect("x^2^")), vec![t("x^2^")]);
    }
}
