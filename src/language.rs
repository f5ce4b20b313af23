//! BCP 47 language tags, checked where they are read (the manifest, an article's front
//! matter), so that every `lang` and `xml:lang` an output carries is well formed.

/// Checks that `tag` is a well-formed BCP 47 tag (`en`, `en-GB`, `sr-Latn`, `de-1996`).
/// The error says what is wrong, for a message that already names the place.
pub fn check(tag: &str) -> Result<(), String> {
    if tag.trim().is_empty() {
        return Err("the language is empty".to_string());
    }
    if tag.trim() != tag {
        return Err(format!("the language `{tag}` has spaces around it"));
    }
    oxilangtag::LanguageTag::parse(tag)
        .map(|_| ())
        .map_err(|e| format!("`{tag}` is not a BCP 47 language tag ({e})"))
}

/// The hint that goes with a bad language tag.
pub const HINT: &str = "write a BCP 47 tag such as en, en-GB, de, fr, ru or sr-Latn";

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn tags_are_checked() {
        for good in ["en", "en-GB", "ru", "sr-Latn-RS", "de-1996", "x-private"] {
            assert!(check(good).is_ok(), "{good}");
        }
        for bad in ["", " en", "english language", "en_GB", "e", "12", "en--GB"] {
            assert!(check(bad).is_err(), "{bad:?}");
        }
    }
}
