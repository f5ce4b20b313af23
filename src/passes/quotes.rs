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

/// Replaces curly double quotes in `doc`'s text with the marks of `language`.
pub fn set_quotes(doc: &mut Document, language: &str) {
    let (open, close) = quote_marks(language);
    if open == "“" {
        return;
    }
    visit_inlines_mut(&mut doc.blocks, &mut |inline| {
        if let Inline::Text(t) = inline {
            if t.contains(['“', '”']) {
                *t = t
                    .replace('“', "\u{0}")
                    .replace('”', close)
                    .replace('\u{0}', open);
            }
        }
    });
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
}
