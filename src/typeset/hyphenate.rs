//! Hyphenation by the article's language with the hyphenation crate's embedded patterns,
//! a per-collection exception list, and filters for what patterns get wrong: never in words
//! with digits, at least [`MIN_BEFORE`] letters before a break and [`MIN_AFTER`] after, and,
//! for Belarusian, Ukrainian and Russian, no fragment without a vowel.

use std::collections::HashMap;
use std::sync::OnceLock;

use hyphenation::{Hyphenator as _, Language, Load, Standard};

/// Letters kept before a break: "a-" alone at a line end reads as a typo.
pub const MIN_BEFORE: usize = 2;
/// Letters carried after a break: two letters on the next line look stranded.
pub const MIN_AFTER: usize = 3;

/// Languages we hyphenate, keyed by the patterns they use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// American English.
    EnUs,
    /// British English.
    EnGb,
    /// Russian.
    Ru,
    /// Ukrainian.
    Uk,
    /// Belarusian.
    Be,
    /// German (1996 spelling).
    De,
    /// French.
    Fr,
}

impl Lang {
    /// The language for a BCP 47 tag, or `None` when we have no patterns (no hyphenation).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let t = tag.to_ascii_lowercase();
        let primary = t.split(['-', '_']).next().unwrap_or("");
        Some(match primary {
            "en" if t.contains("gb") || t.contains("uk") || t.contains("au") => Lang::EnGb,
            "en" => Lang::EnUs,
            "ru" => Lang::Ru,
            "uk" => Lang::Uk,
            "be" => Lang::Be,
            "de" => Lang::De,
            "fr" => Lang::Fr,
            _ => return None,
        })
    }

    fn patterns(self) -> Language {
        match self {
            Lang::EnUs => Language::EnglishUS,
            Lang::EnGb => Language::EnglishGB,
            Lang::Ru => Language::Russian,
            Lang::Uk => Language::Ukrainian,
            Lang::Be => Language::Belarusian,
            Lang::De => Language::German1996,
            Lang::Fr => Language::French,
        }
    }

    fn slot(self) -> usize {
        self as usize
    }

    /// Whether fragments must contain a vowel (patterns for these break badly otherwise).
    fn needs_vowel_filter(self) -> bool {
        matches!(self, Lang::Ru | Lang::Uk | Lang::Be)
    }
}

/// Dictionaries are loaded once per process (loading one takes milliseconds).
static DICTS: [OnceLock<Option<Standard>>; 7] = [
    OnceLock::new(),
    OnceLock::new(),
    OnceLock::new(),
    OnceLock::new(),
    OnceLock::new(),
    OnceLock::new(),
    OnceLock::new(),
];

fn dict(lang: Lang) -> Option<&'static Standard> {
    DICTS[lang.slot()]
        .get_or_init(|| Standard::from_embedded(lang.patterns()).ok())
        .as_ref()
}

/// A hyphenator for one collection: patterns by language plus the collection's exceptions.
#[derive(Debug, Clone, Default)]
pub struct Hyphenator {
    /// Lower-case word → allowed break offsets in chars.
    exceptions: HashMap<String, Vec<usize>>,
    /// Identity, so that per-thread caches of results never mix two exception lists.
    pub id: u64,
}

/// Source of [`Hyphenator::id`]; identities key caches only and never reach the output.
static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl Hyphenator {
    /// A hyphenator with `[print] hyphenation-exceptions` ("ta-ble": breaks where the `-` are).
    pub fn new(exceptions: &[String]) -> Hyphenator {
        let mut map = HashMap::new();
        for e in exceptions {
            let mut breaks = Vec::new();
            let mut word = String::new();
            let mut n = 0;
            for c in e.chars() {
                if c == '-' {
                    breaks.push(n);
                } else {
                    word.extend(c.to_lowercase());
                    n += 1;
                }
            }
            map.insert(word, breaks);
        }
        let id = NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Hyphenator {
            exceptions: map,
            id,
        }
    }

    /// Whether the collection gave no exceptions.
    pub fn is_empty(&self) -> bool {
        self.exceptions.is_empty()
    }

    /// Byte offsets in `word` where it may break with a hyphen. `word` should be letters only
    /// (the caller strips punctuation); words with digits never break.
    pub fn points(&self, lang: Option<Lang>, word: &str) -> Vec<usize> {
        if word.chars().any(|c| !c.is_alphabetic()) {
            return Vec::new();
        }
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        let n = chars.len();
        if n < MIN_BEFORE + MIN_AFTER {
            return Vec::new();
        }
        let lower = word.to_lowercase();
        let char_points: Vec<usize> = if let Some(b) = self.exceptions.get(&lower) {
            // Exceptions are the user's word: honoured as written, not filtered further.
            return b
                .iter()
                .filter(|&&k| k > 0 && k < n)
                .map(|&k| chars[k].0)
                .collect();
        } else {
            let Some(lang) = lang else {
                return Vec::new();
            };
            let Some(d) = dict(lang) else {
                return Vec::new();
            };
            if lower.chars().count() != n {
                return Vec::new(); // case mapping changed the length: offsets would not line up
            }
            let lower_idx: Vec<usize> = lower.char_indices().map(|(i, _)| i).collect();
            d.opportunities_within(&lower, (0, lower.len()))
                .into_iter()
                .filter_map(|b| lower_idx.iter().position(|&i| i == b))
                .collect()
        };
        let mut out: Vec<usize> = char_points
            .into_iter()
            .filter(|&k| k >= MIN_BEFORE && n - k >= MIN_AFTER)
            .collect();
        if lang.is_some_and(Lang::needs_vowel_filter) {
            out = vowel_filtered(&chars, out);
        }
        out.into_iter().map(|k| chars[k].0).collect()
    }
}

fn is_vowel(c: char) -> bool {
    "aeiouyаеёиоуыэюяіїєў".contains(c.to_lowercase().next().unwrap_or(c))
}

/// Drops breaks that would leave a fragment without a vowel (no syllable), greedily from
/// the left.
fn vowel_filtered(chars: &[(usize, char)], points: Vec<usize>) -> Vec<usize> {
    let has_vowel = |a: usize, b: usize| chars[a..b].iter().any(|&(_, c)| is_vowel(c));
    let mut kept: Vec<usize> = Vec::new();
    for &p in &points {
        let prev = kept.last().copied().unwrap_or(0);
        if has_vowel(prev, p) && has_vowel(p, chars.len()) {
            kept.push(p);
        }
    }
    // The last fragment must also hold a vowel before the end; check pairs again.
    let mut clean = Vec::new();
    for (i, &p) in kept.iter().enumerate() {
        let next = kept.get(i + 1).copied().unwrap_or(chars.len());
        if has_vowel(p, next) {
            clean.push(p);
        }
    }
    clean
}

/// The word with its break points shown as `-` (for tests and diagnostics).
pub fn show(word: &str, points: &[usize]) -> String {
    let mut s = String::new();
    for (i, c) in word.char_indices() {
        if points.contains(&i) {
            s.push('-');
        }
        s.push(c);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(lang: &str, word: &str) -> String {
        let hy = Hyphenator::new(&["ta-ble".to_string()]);
        show(word, &hy.points(Lang::from_tag(lang), word))
    }

    #[test]
    fn english_breaks_where_expected() {
        assert_eq!(h("en-US", "hyphenation"), "hy-phen-ation");
        assert_eq!(h("en-GB", "typesetting"), "type-set-ting");
    }

    #[test]
    fn other_languages_break() {
        assert!(h("de", "Silbentrennung").contains('-'));
        assert!(h("fr", "typographie").contains('-'));
        assert!(h("ru", "переносить").contains('-'));
        assert!(h("uk", "українська").contains('-'));
        assert!(h("be", "беларуская").contains('-'));
    }

    #[test]
    fn minima_and_digits() {
        for w in ["abc", "ab12cdefgh", "http"] {
            assert!(!h("en", w).contains('-'), "{w}");
        }
        let s = h("en", "unbelievably");
        let first = s.find('-').unwrap();
        assert!(first >= MIN_BEFORE);
        assert!(s.len() - s.rfind('-').unwrap() > MIN_AFTER);
    }

    #[test]
    fn exceptions_are_honoured() {
        assert_eq!(h("en", "table"), "ta-ble");
        assert_eq!(h("en", "Table"), "Ta-ble");
        assert_eq!(h("xx", "table"), "ta-ble");
    }

    #[test]
    fn slavic_fragments_keep_a_vowel() {
        let hy = Hyphenator::new(&[]);
        for (lang, w) in [
            ("be", "дзяржаўны"),
            ("uk", "державний"),
            ("ru", "государство"),
        ] {
            let s = show(w, &hy.points(Lang::from_tag(lang), w));
            for frag in s.split('-') {
                assert!(frag.chars().any(is_vowel), "{lang} {s}");
            }
        }
    }
}
