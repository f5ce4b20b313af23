//! Break-point policy: where inside a word a line may break and at what cost — hyphenation
//! points (dearer when they leave a short fragment), dashes written in the word, the
//! author's soft hyphens, and the slashes and dots of URLs — cached per thread.

use super::{Spec, Style};
use crate::typeset::hyphenate::{Hyphenator, Lang};
use crate::typeset::linebreak::HYPHEN_PENALTY;

/// Cost of breaking after an explicit hyphen or dash inside a word: TeX's
/// `\exhyphenpenalty` (50), cheaper than a new hyphen since nothing is added.
pub const EXPLICIT_HYPHEN_PENALTY: f64 = 50.0;
/// Cost of a hyphen that leaves only two letters before it or three after it ("be-cause",
/// "fam-ily"): such fragments read worst and are barely worth the break, so they cost about
/// twice an ordinary hyphen (Typst charges extra for breaks this close to a word's end too).
pub const SHORT_FRAGMENT_HYPHEN_PENALTY: f64 = 270.0;
/// Letters at or under which the piece before a hyphen is short.
const SHORT_BEFORE: usize = 2;
/// Letters at or under which the piece after a hyphen is short.
const SHORT_AFTER: usize = 3;
/// Cost of breaking a URL after `/ . - _`: low, URLs have no better place to break.
pub const URL_BREAK_PENALTY: f64 = 20.0;
/// Cost of breaking a word between two of its letters only because a piece of it is wider
/// than the line (a long address, a chemical name in a narrow column): far dearer than any
/// hyphen, so it is taken only where the piece could not fit whole, but below
/// [`FORBIDDEN`](crate::typeset::linebreak::FORBIDDEN), so it is taken rather than let
/// text run off the page (CSS's `overflow-wrap: anywhere`).
pub const EMERGENCY_BREAK_PENALTY: f64 = 5_000.0;
/// Words kept per thread in the break-point cache before it is cleared.
const CACHE_WORDS: usize = 200_000;

type Key = (u64, Option<Lang>, bool, bool);
type Words = rustc_hash::FxHashMap<String, Vec<(usize, BreakKind)>>;

thread_local! {
    static CACHE: std::cell::RefCell<rustc_hash::FxHashMap<Key, Words>> = Default::default();
}

/// Empties this thread's cache of break points.
pub fn release_cache() {
    CACHE.with(|c| *c.borrow_mut() = Default::default());
}

/// Byte offsets inside `word` where a line may break, in order; cached per thread, since
/// a book repeats its words and pattern lookups dominate the cost of collecting.
pub(super) fn cached(spec: &Spec, word: &str, st: &Style) -> Vec<(usize, BreakKind)> {
    let key = (spec.hyph.id, spec.lang, st.url, st.no_hyphen);
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() > 16 {
            c.clear();
        }
        let m = c.entry(key).or_default();
        if let Some(v) = m.get(word) {
            return v.clone();
        }
        if m.len() > CACHE_WORDS {
            m.clear();
        }
        let v = uncached(spec, word, st);
        m.insert(word.to_string(), v.clone());
        v
    })
}

fn uncached(spec: &Spec, word: &str, st: &Style) -> Vec<(usize, BreakKind)> {
    let mut out = Vec::new();
    if st.url {
        let mut prev = ' ';
        for (i, c) in word.char_indices() {
            if i > 0 && matches!(prev, '/' | '.' | '-' | '_') && !matches!(c, '/') {
                out.push((i, BreakKind::Url));
            }
            prev = c;
        }
        return out;
    }
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    out.extend(explicit_breaks(word));
    if st.no_hyphen || spec.lang.is_none() && !has_any_exceptions(spec.hyph) {
        return out;
    }
    if word.chars().any(|c| c.is_ascii_digit()) || looks_like_url(word) {
        return out;
    }
    // Hyphenate each run of letters on its own (punctuation stays attached).
    let mut start: Option<usize> = None;
    let mut runs = Vec::new();
    for &(i, c) in &chars {
        if c.is_alphabetic() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            runs.push((s, i));
        }
    }
    if let Some(s) = start {
        runs.push((s, word.len()));
    }
    for (s, e) in runs {
        let run = &word[s..e];
        for p in spec.hyph.points(spec.lang, run) {
            let before = run[..p].chars().count();
            let after = run[p..].chars().count();
            let kind = if before <= SHORT_BEFORE || after <= SHORT_AFTER {
                BreakKind::ShortHyphen
            } else {
                BreakKind::Hyphen
            };
            out.push((s + p, kind));
        }
    }
    out.sort_by_key(|&(b, _)| b);
    out
}

/// `breaks` (byte offsets in a word, in order) with a break added before every cluster of
/// each piece between them that is wider than `room` (the measure, less the hyphen that may
/// end the piece's line), and whether any was. `clusters` are the word's cluster starts as
/// (byte offset, pen position in points), in byte order, closed by (the word's length, its
/// width).
pub(super) fn with_emergency(
    breaks: Vec<(usize, BreakKind)>,
    clusters: &[(usize, f64)],
    room: f64,
) -> (Vec<(usize, BreakKind)>, bool) {
    let Some(&(end, _)) = clusters.last() else {
        return (breaks, false);
    };
    let at = |b: usize| clusters.binary_search_by_key(&b, |c| c.0).ok();
    let edges: Vec<usize> = std::iter::once(0)
        .chain(breaks.iter().map(|&(b, _)| b))
        .chain(std::iter::once(end))
        .collect();
    let mut out = breaks;
    let before = out.len();
    for w in edges.windows(2) {
        let (Some(i), Some(j)) = (at(w[0]), at(w[1])) else {
            continue;
        };
        if j <= i + 1 || (clusters[j].1 - clusters[i].1).abs() <= room {
            continue;
        }
        out.extend(
            clusters[i + 1..j]
                .iter()
                .map(|&(b, _)| (b, BreakKind::Emergency)),
        );
    }
    let added = out.len() > before;
    out.sort_by_key(|&(b, _)| b);
    (out, added)
}

/// A word the author marked with soft hyphens (U+00AD) breaks there and only there, as `\-`
/// does in TeX: the marks are the author's word on that word. The word without its marks,
/// and its break points (dashes written in it, and the marks unless `st` forbids hyphens).
pub(super) fn authored(word: &str, st: &Style) -> (String, Vec<(usize, BreakKind)>) {
    let (clean, soft) = strip_soft_hyphens(word);
    let mut breaks = explicit_breaks(&clean);
    if !st.no_hyphen {
        breaks.extend(soft.into_iter().map(|b| (b, BreakKind::Hyphen)));
        breaks.sort_by_key(|&(b, _)| b);
    }
    (clean, breaks)
}

/// The soft hyphen, the author's mark of where a word may break.
pub(super) const SOFT_HYPHEN: char = '\u{AD}';

/// Breaks after a dash written in the word (at least two characters before it and a letter
/// after), where the line may end with the dash itself.
fn explicit_breaks(word: &str) -> Vec<(usize, BreakKind)> {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let mut out = Vec::new();
    for (k, &(_, c)) in chars.iter().enumerate() {
        let next_is_letter = chars.get(k + 1).is_some_and(|&(_, n)| n.is_alphabetic());
        if matches!(c, '-' | '‐' | '–' | '—') && k >= 2 && next_is_letter {
            out.push((chars[k + 1].0, BreakKind::Explicit));
        }
    }
    out
}

/// The word without its soft hyphens, and the byte offsets in it where they stood between
/// two letters (a soft hyphen at either end, or beside punctuation, marks nothing).
fn strip_soft_hyphens(word: &str) -> (String, Vec<usize>) {
    let mut clean = String::with_capacity(word.len());
    let mut points = Vec::new();
    let mut chars = word.chars().peekable();
    let mut prev: Option<char> = None;
    while let Some(c) = chars.next() {
        if c == SOFT_HYPHEN {
            let next = chars.peek().copied();
            if prev.is_some_and(char::is_alphabetic)
                && next.is_some_and(char::is_alphabetic)
                && points.last() != Some(&clean.len())
            {
                points.push(clean.len());
            }
            continue;
        }
        clean.push(c);
        prev = Some(c);
    }
    (clean, points)
}

fn has_any_exceptions(h: &Hyphenator) -> bool {
    !h.is_empty()
}

fn looks_like_url(w: &str) -> bool {
    w.contains("://") || w.starts_with("www.") || w.contains('@') || w.contains('/')
}

/// A kind of break inside a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BreakKind {
    /// A hyphenation point: the line ends with an added hyphen.
    Hyphen,
    /// A hyphen leaving a short fragment on either side.
    ShortHyphen,
    /// After a dash written in the word.
    Explicit,
    /// After a URL's `/ . - _`.
    Url,
    /// Between any two characters of a piece wider than the line.
    Emergency,
}

impl BreakKind {
    /// Whether a break here adds a hyphen.
    pub(super) fn adds_hyphen(self) -> bool {
        matches!(self, BreakKind::Hyphen | BreakKind::ShortHyphen)
    }

    /// The cost of breaking here, and whether the break is flagged (counted by the
    /// consecutive-hyphen rules).
    pub(super) fn penalty(self) -> (f64, bool) {
        match self {
            BreakKind::Hyphen => (HYPHEN_PENALTY, true),
            BreakKind::ShortHyphen => (SHORT_FRAGMENT_HYPHEN_PENALTY, true),
            BreakKind::Explicit => (EXPLICIT_HYPHEN_PENALTY, true),
            BreakKind::Url => (URL_BREAK_PENALTY, false),
            BreakKind::Emergency => (EMERGENCY_BREAK_PENALTY, false),
        }
    }
}
