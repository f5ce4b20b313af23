//! XML text helpers shared by every file the EPUB writer makes: escaping, valid ids, and the
//! XHTML document shell.

pub use crate::xml::{attr, esc};

/// Whether `s` is a valid XML id (an NCName: a letter or `_` first, then letters, digits,
/// `-`, `.`, `_`).
pub fn is_valid_id(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_'))
}

/// `s` made into a valid id: kept when already valid, otherwise invalid characters become
/// `-` and the result is prefixed with `id-`.
pub fn to_id(s: &str) -> String {
    if is_valid_id(s) {
        return s.to_string();
    }
    let body: String = s
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '.' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("id-{body}")
}

/// `<tag attrs>text</tag>` on a line of its own: `text` is escaped, `attrs` already is (each
/// attribute with a leading space).
pub fn element(tag: &str, attrs: &str, text: &str) -> String {
    format!("<{tag}{attrs}>{}</{tag}>\n", esc(text))
}

/// The `lang` and `xml:lang` attributes (each with a leading space) that mark text in
/// language `lang` standing inside an element in language `within`; empty when they are the
/// same language (BCP 47 tags compare without regard to case).
pub fn lang_attrs(lang: &str, within: &str) -> String {
    match other_lang(lang, within) {
        Some(lang) => format!(" lang=\"{lang}\" xml:lang=\"{lang}\""),
        None => String::new(),
    }
}

/// `lang`, escaped for an attribute, when it is another language than `within`.
pub fn other_lang(lang: &str, within: &str) -> Option<String> {
    (!lang.is_empty() && !lang.eq_ignore_ascii_case(within)).then(|| attr(lang))
}

/// Stylesheets every XHTML page links, relative to the text folder.
#[derive(Debug, Clone, Default)]
pub struct Styles {
    /// Hrefs of the stylesheets, in cascade order.
    pub hrefs: Vec<String>,
}

/// A complete XHTML 5 document: `lang` on the root, `title` in the head, the body's
/// attributes (already escaped, each with a leading space) and its content.
pub fn document(lang: &str, title: &str, styles: &Styles, body_attrs: &str, body: &str) -> String {
    let mut links = String::new();
    for href in &styles.hrefs {
        links.push_str(&format!(
            "<link rel=\"stylesheet\" type=\"text/css\" href=\"{}\"/>\n",
            attr(href)
        ));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" \
         lang=\"{lang}\" xml:lang=\"{lang}\">\n\
         <head>\n\
         <meta charset=\"UTF-8\"/>\n\
         <title>{title}</title>\n\
         {links}\
         </head>\n\
         <body{body_attrs}>\n\
         {body}\
         </body>\n\
         </html>\n",
        lang = attr(lang),
        title = esc(title),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(esc("a < b & c > d\u{1}"), "a &lt; b &amp; c &gt; d");
        assert_eq!(attr("say \"hi\""), "say &quot;hi&quot;");
    }

    #[test]
    fn language_is_marked_only_where_it_changes() {
        assert_eq!(lang_attrs("ru", "en"), " lang=\"ru\" xml:lang=\"ru\"");
        assert_eq!(lang_attrs("en-GB", "en-gb"), "");
        assert_eq!(lang_attrs("", "en"), "");
    }

    #[test]
    fn ids_are_made_valid() {
        assert!(is_valid_id("цена-ожидания"));
        assert!(!is_valid_id("1st"));
        assert_eq!(to_id("1st step"), "id-1st-step");
        assert_eq!(to_id("intro"), "intro");
    }
}
