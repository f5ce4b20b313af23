//! Citation styles and locales: the house styles by their short names (the CSL styles
//! hayagriva ships), any other style hayagriva ships by its name, or a `.csl` file; and the
//! CSL locale for an article's language, so "ibid.", "et al." and "p." come in its words.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use hayagriva::archive::{self, ArchivedStyle};
use hayagriva::citationberg::{
    IndependentStyle, Locale, LocaleCode, Style as CslStyle, StyleClass,
};

use crate::files::{Kind, Root};

/// The short names Folio documents, each with the hayagriva style it stands for.
pub const HOUSE_STYLES: &[(&str, &str)] = &[
    ("chicago-notes", "chicago-notes"),
    ("chicago-author-date", "chicago-author-date"),
    ("apa", "apa"),
    ("harvard", "harvard-cite-them-right"),
    ("ieee", "ieee"),
    ("mla", "modern-language-association"),
];

/// The style used when neither the manifest nor the article names one: notes and
/// bibliography, the usual style of think tanks and the humanities.
pub const DEFAULT_STYLE: &str = "chicago-notes";

/// A citation style ready for the processor.
#[derive(Debug, Clone)]
pub struct Style {
    /// The name it was chosen by (a short name, or the file as written).
    pub name: String,
    /// The CSL style, or the shipped style's name and the style once decoded.
    csl: Csl,
}

#[derive(Debug, Clone)]
enum Csl {
    Ready(Arc<IndependentStyle>),
    /// A shipped style decoded when first used: the default style of a book that cites
    /// nothing is never decoded (decoding took 5% of the 200-article EPUB's build).
    Shipped(&'static str, Arc<OnceLock<Arc<IndependentStyle>>>),
}

impl Style {
    /// The style of a book or article that names none ([`DEFAULT_STYLE`]), decoded when
    /// first used.
    pub fn default_style() -> Style {
        Style {
            name: DEFAULT_STYLE.to_string(),
            csl: Csl::Shipped(DEFAULT_STYLE, Arc::default()),
        }
    }

    /// The CSL style.
    pub fn csl(&self) -> &IndependentStyle {
        match &self.csl {
            Csl::Ready(csl) => csl,
            Csl::Shipped(name, cell) => cell.get_or_init(|| {
                shipped(name)
                    .expect("the default style ships with hayagriva as an independent style")
            }),
        }
    }

    /// Whether citations go in notes (Chicago notes) rather than in the text.
    pub fn is_note(&self) -> bool {
        self.csl().settings.class == StyleClass::Note
    }
}

/// The style `value` names: a short name, a style hayagriva ships, or a `.csl` file
/// (relative to `base`, read inside `sandbox`). The error is a message and a hint.
pub fn resolve(value: &str, base: &Path, sandbox: &Root) -> Result<Style, (String, String)> {
    let value = value.trim();
    if value.ends_with(".csl") {
        return from_file(value, base, sandbox);
    }
    let lookup = HOUSE_STYLES
        .iter()
        .find(|(short, _)| *short == value)
        .map_or(value, |(_, name)| *name);
    match shipped(lookup) {
        Some(csl) => Ok(Style {
            name: value.to_string(),
            csl: Csl::Ready(csl),
        }),
        None => {
            let names: Vec<&str> = HOUSE_STYLES.iter().map(|(n, _)| *n).collect();
            let hint = match crate::diag::nearest(value, &names) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("use one of {}, or a path to a .csl file", names.join(", ")),
            };
            Err((format!("unknown citation style `{value}`"), hint))
        }
    }
}

/// The independent style hayagriva ships under `name`, decoded once per process: decoding
/// one takes milliseconds, which every build without citations paid for the default style.
fn shipped(name: &str) -> Option<Arc<IndependentStyle>> {
    static DECODED: OnceLock<Mutex<HashMap<String, Arc<IndependentStyle>>>> = OnceLock::new();
    let cache = DECODED.get_or_init(Default::default);
    if let Some(csl) = cache.lock().ok()?.get(name) {
        return Some(Arc::clone(csl));
    }
    let Some(CslStyle::Independent(csl)) = ArchivedStyle::by_name(name).map(ArchivedStyle::get)
    else {
        return None;
    };
    let csl = Arc::new(csl);
    if let Ok(mut map) = cache.lock() {
        map.insert(name.to_string(), Arc::clone(&csl));
    }
    Some(csl)
}

/// A style from a `.csl` file; a dependent style takes its parent from the styles
/// hayagriva ships.
fn from_file(value: &str, base: &Path, sandbox: &Root) -> Result<Style, (String, String)> {
    let path = base.join(value);
    let bytes = sandbox
        .read(&path, Kind::CitationStyle)
        .map_err(|p| (p.message(Kind::CitationStyle, &path), p.hint().to_string()))?;
    let text = String::from_utf8_lossy(&bytes);
    let bad = |why: String| {
        (
            format!(
                "the citation style {} cannot be read: {why}",
                path.display()
            ),
            "use a CSL 1.0 style file, as the Zotero style repository has them".to_string(),
        )
    };
    let csl = match CslStyle::from_xml(&text).map_err(|e| bad(e.to_string()))? {
        CslStyle::Independent(csl) => csl,
        CslStyle::Dependent(dep) => {
            let parent = ArchivedStyle::by_id(&dep.parent_link.href).map(ArchivedStyle::get);
            match parent {
                Some(CslStyle::Independent(csl)) => csl,
                _ => {
                    return Err(bad(format!(
                        "it depends on {}, which Folio does not have",
                        dep.parent_link.href
                    )))
                }
            }
        }
    };
    Ok(Style {
        name: value.to_string(),
        csl: Csl::Ready(Arc::new(csl)),
    })
}

/// Every CSL locale hayagriva ships, decoded once.
pub fn locales() -> &'static [Locale] {
    static LOCALES: OnceLock<Vec<Locale>> = OnceLock::new();
    LOCALES.get_or_init(archive::locales)
}

/// The CSL locale for a BCP 47 language tag: the exact one when shipped (`en-GB`), else the
/// language's main locale (`ru` → `ru-RU`, `en` → `en-US`), else US English.
pub fn locale_for(language: &str) -> LocaleCode {
    let tag = language.trim();
    let primary = tag.split(['-', '_']).next().unwrap_or("").to_lowercase();
    let codes: Vec<String> = locales()
        .iter()
        .filter_map(|l| l.lang.as_ref().map(|c| c.0.clone()))
        .collect();
    if let Some(exact) = codes.iter().find(|c| c.eq_ignore_ascii_case(tag)) {
        return LocaleCode(exact.clone());
    }
    let main = format!("{primary}-{}", primary.to_uppercase());
    let preferred = match primary.as_str() {
        "en" => "en-US".to_string(),
        _ => main,
    };
    let found = (codes.iter().find(|c| c.eq_ignore_ascii_case(&preferred))).or_else(|| {
        codes
            .iter()
            .find(|c| c.split('-').next() == Some(primary.as_str()))
    });
    LocaleCode(found.cloned().unwrap_or_else(|| "en-US".to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_style_is_decoded_when_first_used_and_is_chicago_notes() {
        let style = Style::default_style();
        assert!(matches!(&style.csl, Csl::Shipped(_, cell) if cell.get().is_none()));
        assert!(style.is_note(), "Chicago notes sets citations in notes");
        let shared = style.clone();
        assert!(
            std::ptr::eq(style.csl(), shared.csl()),
            "decoded once for its copies"
        );
        let named = resolve(DEFAULT_STYLE, Path::new("."), &Root::new(Path::new("."))).unwrap();
        assert_eq!(named.csl().info.title.value, style.csl().info.title.value);
    }

    #[test]
    fn house_styles_resolve_and_know_their_class() {
        let root = Root::new(Path::new("."));
        for (short, _) in HOUSE_STYLES {
            let s = resolve(short, Path::new("."), &root).unwrap();
            assert_eq!(s.is_note(), *short == "chicago-notes", "{short}");
        }
        let (msg, hint) = resolve("chicago-note", Path::new("."), &root).unwrap_err();
        assert!(msg.contains("unknown citation style"), "{msg}");
        assert!(hint.contains("chicago-notes"), "{hint}");
    }

    #[test]
    fn locales_follow_the_language() {
        assert_eq!(locale_for("en").0, "en-US");
        assert_eq!(locale_for("en-GB").0, "en-GB");
        assert_eq!(locale_for("ru").0, "ru-RU");
        assert_eq!(locale_for("de").0, "de-DE");
        assert_eq!(locale_for("fr").0, "fr-FR");
        assert_eq!(locale_for("xx").0, "en-US");
    }
}
