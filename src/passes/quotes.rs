//! Quotation marks by language. The reader's smart punctuation gives English “ ” quotes;
//! this pass sets « » for Russian, Ukrainian, Belarusian and French, and „ “ for German.
//! Apostrophes and single quotes are left alone (they are ambiguous in running text).

use crate::model::{visit_inlines_mut, Document, Inline};

/// Opening and closing double quotes for a BCP 47 language tag.
pub fn quote_marks(language: &str) -> (&'static str, &'static str) {
    let primary = language
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_lowercase();
    match primary.as_str() {
        "ru" | "uk" | "be" => ("«", "»"),
        "fr" => ("«\u{202F}", "\u{202F}»"),
        "de" => ("„", "“"),
        _ => ("“", "”"),
    }
}

/// Replaces curly double quotes in `doc`'s text, and in its title, subtitle, standfirst and
/// kicker, with the marks of `language`. Straight double quotes in those metadata fields
/// (front matter gets no smart punctuation) are made curly first.
pub fn set_quotes(doc: &mut Document, language: &str) {
    let marks = quote_marks(language);
    let m = &mut doc.meta;
    let fields = [
        &mut m.title,
        &mut m.subtitle,
        &mut m.standfirst,
        &mut m.kicker,
    ];
    for text in fields.into_iter().flatten() {
        *text = replace_curly(&curl_straight(text), marks);
    }
    if marks.0 == "“" {
        return;
    }
    visit_inlines_mut(&mut doc.blocks, &mut |inline| {
        if let Inline::Text(t) = inline {
            *t = replace_curly(t, marks);
        }
    });
}

/// `text` with English curly double quotes replaced by `open` and `close`.
fn replace_curly(text: &str, (open, close): (&str, &str)) -> String {
    if open == "“" || !text.contains(['“', '”']) {
        return text.to_string();
    }
    text.replace('“', "\u{0}")
        .replace('”', close)
        .replace('\u{0}', open)
}

/// Straight double quotes made curly: opening at the start or after a space or opening
/// bracket, closing elsewhere.
fn curl_straight(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev: Option<char> = None;
    for c in text.chars() {
        if c == '"' {
            let opens = prev.is_none_or(|p| p.is_whitespace() || "([{—–-".contains(p));
            out.push(if opens { '“' } else { '”' });
        } else {
            out.push(c);
        }
        prev = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_by_language() {
        assert_eq!(quote_marks("ru"), ("«", "»"));
        assert_eq!(quote_marks("de-AT"), ("„", "“"));
        assert_eq!(quote_marks("en-GB"), ("“", "”"));
    }

    #[test]
    fn metadata_gets_the_language_marks() {
        let mut doc = Document::default();
        doc.meta.title = Some("Why \"later\" never comes".to_string());
        doc.meta.standfirst = Some("On “soon”".to_string());
        set_quotes(&mut doc, "ru");
        assert_eq!(doc.meta.title.as_deref(), Some("Why «later» never comes"));
        assert_eq!(doc.meta.standfirst.as_deref(), Some("On «soon»"));
        set_quotes(&mut doc, "en");
        assert_eq!(doc.meta.title.as_deref(), Some("Why «later» never comes"));
    }
}
