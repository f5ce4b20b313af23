//! Paragraphs: inlines → styled word fragments (shaped, hyphenated) → boxes, glue and
//! penalties → broken lines → positioned glyph runs, link areas and anchors. The staged
//! pipeline collect → shape → hyphenate → break → justify lives here, one paragraph at a time.

use std::sync::Arc;

use super::fonts::{Family, Fonts};
use super::frame::{Color, GlyphRun, Item, LinkTarget, Point};
use super::hyphenate::{Hyphenator, Lang};
use super::linebreak::{self, Breaks, Elem, FILL, FORBIDDEN, FORCED, HYPHEN_PENALTY};
use super::shape::{shape, Shaped};
use super::timing::{self, Stage};
use crate::model::Inline;

/// Space stretch as a share of the font's space: at r = 1 a space is 1.7× its natural
/// width, 0.44 em for Noto Serif's narrow 0.26 em space (TeX's Computer Modern reaches 0.5 em
/// at r = 1). Justified lines also scale their letters (`linebreak::LETTER_FLEX`), so on the
/// sample books nine lines in ten keep their spaces under the usual 1.5×.
pub const SPACE_STRETCH: f64 = 0.7;
/// Space shrink as a share of the font's space: spaces narrow to 0.7× (0.18 em), between
/// Computer Modern's two thirds and the 0.8× of stricter house styles; the letters shrink
/// with them, so fewer than one line in ten goes below 0.8×.
pub const SPACE_SHRINK: f64 = 0.3;
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
/// Superscript size as a share of the text size (note and reference marks).
pub const SUPERSCRIPT_SCALE: f64 = 0.62;
/// Superscript raise as a share of the text size.
pub const SUPERSCRIPT_RAISE: f64 = 0.36;
/// Subscript drop as a share of the text size.
pub const SUBSCRIPT_DROP: f64 = 0.14;
/// Words kept per thread in the break-point cache before it is cleared.
const CACHE_WORDS: usize = 200_000;
/// Punctuation that a reference mark follows rather than precedes.
const CLOSING: &str = ".,;:!?)”’»";
/// Link colour for `screen` PDFs.
pub const LINK_BLUE: Color = Color {
    r: 0.05,
    g: 0.2,
    b: 0.55,
};

/// How lines of a paragraph are aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Both edges flush (justified).
    Justify,
    /// Flush left, ragged right.
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

/// The look of a run of text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    /// Face family.
    pub family: Family,
    /// Size in points.
    pub size: f64,
    /// Baseline shift, positive up, in points.
    pub raise: f64,
    /// Colour.
    pub color: Color,
    /// Index of the link this text belongs to in [`Para::links`].
    pub link: Option<u16>,
    /// Struck through.
    pub strike: bool,
    /// Never hyphenate (code, URLs).
    pub no_hyphen: bool,
    /// Break after `/ . - _` (URLs).
    pub url: bool,
}

impl Style {
    /// Plain text of `family` at `size`.
    pub fn new(family: Family, size: f64) -> Style {
        Style {
            family,
            size,
            raise: 0.0,
            color: Color::BLACK,
            link: None,
            strike: false,
            no_hyphen: false,
            url: false,
        }
    }

    fn superscript(&self) -> Style {
        Style {
            family: Family::Regular,
            size: self.size * SUPERSCRIPT_SCALE,
            raise: self.raise + self.size * SUPERSCRIPT_RAISE,
            strike: false,
            ..*self
        }
    }
}

/// Everything a paragraph needs to know about its setting.
#[derive(Debug, Clone)]
pub struct Spec<'a> {
    /// Line length in points.
    pub measure: f64,
    /// First-line indent in points.
    pub indent: f64,
    /// Alignment.
    pub align: Align,
    /// Base style.
    pub style: Style,
    /// Hyphenation language (`None`: no hyphenation).
    pub lang: Option<Lang>,
    /// The collection's hyphenator.
    pub hyph: &'a Hyphenator,
    /// Prefix of anchor names in this article ("a3").
    pub prefix: &'a str,
    /// Colour links (screen PDFs).
    pub color_links: bool,
}

#[derive(Debug, Clone)]
enum Content {
    Frag {
        shaped: Arc<Shaped>,
        g0: u32,
        g1: u32,
        style: u16,
        /// Where the fragment's word starts in the paragraph's source text (see
        /// [`Line::source`]), or [`NO_SOURCE`] for text Folio adds.
        src: u32,
    },
    Space(u16),
    Hyphen(u16),
    Anchor(String),
    Note(u32),
    None,
}

/// A paragraph collected into elements, before breaking.
pub struct Para {
    elems: Vec<Elem>,
    content: Vec<Content>,
    styles: Vec<Style>,
    /// Link targets referenced by styles.
    pub links: Vec<LinkTarget>,
    /// Characters no font has.
    pub missing: Vec<char>,
    /// Raw HTML met in the text (skipped).
    pub raw_html: usize,
    /// Images met in the text as (source, caption, where in the source text they stand);
    /// the caller sets them as figures.
    pub images: Vec<(String, String, u32)>,
    has_hyphens: bool,
    em: f64,
}

/// One set line: items relative to the line's baseline start.
#[derive(Debug, Clone, Default)]
pub struct Line {
    /// Positioned items; y is relative to the baseline (negative is above).
    pub items: Vec<(Point, Item)>,
    /// Notes referenced in this line, by number.
    pub notes: Vec<u32>,
    /// Adjustment ratio it was set with.
    pub ratio: f64,
    /// Ends with an added hyphen.
    pub hyphen: bool,
    /// The paragraph's last line (set with fill glue).
    pub last: bool,
    /// Wider than the measure.
    pub overfull: bool,
    /// Set justified (not the last line, not ragged).
    pub justified: bool,
    /// Set width of the line in points.
    pub width: f64,
    /// Widest adjustable word space on the line as set, in ems of its own type size (0
    /// without any).
    pub widest_space_em: f64,
    /// Where the line's first word starts in its paragraph's source text, in characters of
    /// the paragraph's plain text (`Inline::Text` only, in reading order, notes left out; see
    /// [`crate::model::source_chars`]); `None` when the line holds only text Folio adds.
    pub source: Option<u32>,
}

/// A fragment's source offset when the text is Folio's own (marks, numbers, code).
const NO_SOURCE: u32 = u32::MAX;

struct Builder<'a, 'f> {
    fonts: &'f Fonts,
    spec: &'a Spec<'a>,
    p: Para,
    /// Characters of the paragraph's source text met so far.
    text_pos: u32,
    /// Source offset of the word being collected ([`NO_SOURCE`] for added text).
    word_src: u32,
}

/// Collects `inlines` into a paragraph.
pub fn collect(fonts: &Fonts, spec: &Spec, inlines: &[Inline]) -> Para {
    let mut b = Builder {
        fonts,
        spec,
        p: Para {
            elems: Vec::new(),
            content: Vec::new(),
            styles: Vec::new(),
            links: Vec::new(),
            missing: Vec::new(),
            raw_html: 0,
            images: Vec::new(),
            has_hyphens: false,
            em: spec.style.size,
        },
        text_pos: 0,
        word_src: NO_SOURCE,
    };
    if spec.indent > 0.0 {
        b.push(Elem::Box { width: spec.indent }, Content::None);
    }
    b.inlines(inlines, spec.style);
    b.finish();
    b.p
}

/// Collects runs of text each in its own style; `links` are the targets that the styles'
/// `link` fields index.
pub fn collect_runs(
    fonts: &Fonts,
    spec: &Spec,
    runs: &[(String, Style)],
    links: Vec<LinkTarget>,
) -> Para {
    let mut b = Builder {
        fonts,
        spec,
        p: Para {
            elems: Vec::new(),
            content: Vec::new(),
            styles: Vec::new(),
            links,
            missing: Vec::new(),
            raw_html: 0,
            images: Vec::new(),
            has_hyphens: false,
            em: spec.style.size,
        },
        text_pos: 0,
        word_src: NO_SOURCE,
    };
    if spec.indent > 0.0 {
        b.push(Elem::Box { width: spec.indent }, Content::None);
    }
    for (text, st) in runs {
        b.text(text, *st);
    }
    b.finish();
    b.p
}

/// Sets `text` as it is (spaces kept, no breaking) in one style: the items relative to the
/// baseline start, and the width.
pub fn plain_items(fonts: &Fonts, st: Style, text: &str) -> (Vec<(Point, Item)>, f64) {
    let shaped = super::shape::shape_uncached(fonts, st.family, text);
    let mut e = Emitter::new(fonts, &[]);
    e.glyphs(&shaped, 0, shaped.glyphs.len(), st, 0.0, None);
    (e.finish(), shaped.width as f64 * st.size)
}

/// Collects plain text in one style.
pub fn collect_text(fonts: &Fonts, spec: &Spec, text: &str) -> Para {
    collect(fonts, spec, &[Inline::Text(text.to_string())])
}

impl Builder<'_, '_> {
    fn push(&mut self, e: Elem, c: Content) {
        self.p.elems.push(e);
        self.p.content.push(c);
    }

    fn style_id(&mut self, s: Style) -> u16 {
        if let Some(i) = self.p.styles.iter().position(|x| *x == s) {
            return i as u16;
        }
        self.p.styles.push(s);
        (self.p.styles.len() - 1) as u16
    }

    fn inlines(&mut self, inlines: &[Inline], st: Style) {
        let mut skip_punct = 0usize;
        for (k, inline) in inlines.iter().enumerate() {
            if let (
                Inline::Link {
                    target,
                    content,
                    reference: Some(n),
                    ..
                },
                Some(Inline::Text(next)),
            ) = (inline, inlines.get(k + 1))
            {
                // The reference mark goes after punctuation that closes the link's sentence
                // or clause ("dashboard,¹"), as note marks do.
                let punct: String = next.chars().take_while(|c| CLOSING.contains(*c)).collect();
                self.link(target, content, None, st);
                if !punct.is_empty() {
                    self.word_src = self.text_pos;
                    self.word(&punct, st);
                    self.word_src = NO_SOURCE;
                    self.text_pos += punct.chars().count() as u32;
                }
                self.reference_mark(*n, st);
                skip_punct = punct.len();
                continue;
            }
            if skip_punct > 0 {
                if let Inline::Text(t) = inline {
                    self.source_text(&t[skip_punct..], st);
                    skip_punct = 0;
                    continue;
                }
            }
            self.inline(inline, st);
        }
    }

    fn inline(&mut self, inline: &Inline, st: Style) {
        match inline {
            Inline::Text(t) => self.source_text(t, st),
            Inline::Emph(c) => self.inlines(
                c,
                Style {
                    family: st.family.italic(),
                    ..st
                },
            ),
            Inline::Strong(c) => self.inlines(
                c,
                Style {
                    family: st.family.bold(),
                    ..st
                },
            ),
            Inline::Strike(c) => self.inlines(c, Style { strike: true, ..st }),
            Inline::Superscript(c) => self.inlines(c, st.superscript()),
            Inline::Subscript(c) => self.inlines(
                c,
                Style {
                    size: st.size * SUPERSCRIPT_SCALE,
                    raise: st.raise - st.size * SUBSCRIPT_DROP,
                    ..st
                },
            ),
            Inline::Code(t) | Inline::Math(t) => {
                let code = Style {
                    family: Family::Mono,
                    size: st.size * 0.9,
                    no_hyphen: true,
                    ..st
                };
                self.text(t, code)
            }
            Inline::Link {
                target,
                content,
                reference,
                ..
            } => self.link(target, content, *reference, st),
            Inline::Image {
                src, alt, title, ..
            } => {
                // The caption: the title when given, else the description.
                let caption = if title.trim().is_empty() { alt } else { title };
                self.p
                    .images
                    .push((src.clone(), caption.clone(), self.text_pos))
            }
            Inline::SoftBreak => self.text(" ", st),
            Inline::HardBreak => self.forced_break(),
            Inline::RawHtml(_) => self.p.raw_html += 1,
            Inline::Note(note) => self.note_mark(note.number, st),
        }
    }

    fn link(&mut self, target: &str, content: &[Inline], reference: Option<u32>, st: Style) {
        let dest = match target.strip_prefix('#') {
            Some(id) => LinkTarget::Anchor(format!("{}-{id}", self.spec.prefix)),
            None => LinkTarget::Uri(target.to_string()),
        };
        self.p.links.push(dest);
        let id = (self.p.links.len() - 1) as u16;
        let color = if self.spec.color_links {
            LINK_BLUE
        } else {
            st.color
        };
        self.inlines(
            content,
            Style {
                link: Some(id),
                color,
                ..st
            },
        );
        if let Some(n) = reference {
            self.reference_mark(n, st);
        }
    }

    fn reference_mark(&mut self, n: u32, st: Style) {
        self.p
            .links
            .push(LinkTarget::Anchor(format!("{}-r{n}", self.spec.prefix)));
        let rid = (self.p.links.len() - 1) as u16;
        let sup = Style {
            link: Some(rid),
            color: Color::BLACK,
            ..st.superscript()
        };
        // Bracketed, so a reference mark never reads as a footnote's number.
        self.word(&format!("[{n}]"), sup);
    }

    fn note_mark(&mut self, number: u32, st: Style) {
        let anchor = format!("{}-nr{number}", self.spec.prefix);
        self.push(Elem::Box { width: 0.0 }, Content::Anchor(anchor));
        self.push(Elem::Box { width: 0.0 }, Content::Note(number));
        self.p.links.push(LinkTarget::Anchor(format!(
            "{}-n{number}",
            self.spec.prefix
        )));
        let id = (self.p.links.len() - 1) as u16;
        let sup = Style {
            link: Some(id),
            color: Color::BLACK,
            ..st.superscript()
        };
        self.word(&number.to_string(), sup);
    }

    fn forced_break(&mut self) {
        self.push(
            Elem::Penalty {
                width: 0.0,
                penalty: FORBIDDEN,
                flagged: false,
            },
            Content::None,
        );
        self.push(
            Elem::Glue {
                width: 0.0,
                stretch: FILL,
                shrink: 0.0,
            },
            Content::None,
        );
        self.push(
            Elem::Penalty {
                width: 0.0,
                penalty: FORCED,
                flagged: false,
            },
            Content::None,
        );
    }

    fn finish(&mut self) {
        // Trailing spaces would let the paragraph end in glue before the fill.
        while matches!(self.p.elems.last(), Some(Elem::Glue { .. })) {
            self.p.elems.pop();
            self.p.content.pop();
        }
        self.forced_break();
    }

    /// Text Folio adds, or that has no place in the source text count (code, math).
    fn text(&mut self, t: &str, st: Style) {
        self.words(t, st, None);
    }

    /// Text of the source's `Inline::Text`: each word remembers where it starts in it.
    fn source_text(&mut self, t: &str, st: Style) {
        let base = self.text_pos;
        self.words(t, st, Some(base));
        self.text_pos = base + t.chars().count() as u32;
    }

    fn words(&mut self, t: &str, st: Style, base: Option<u32>) {
        let mut first = true;
        let mut at = 0u32;
        for word in t.split([' ', '\n', '\t', '\r']) {
            if !first {
                self.space(st);
            }
            first = false;
            if !word.is_empty() {
                self.word_src = base.map_or(NO_SOURCE, |b| b + at);
                self.word(word, st);
                self.word_src = NO_SOURCE;
            }
            at += word.chars().count() as u32 + 1;
        }
    }

    fn space(&mut self, st: Style) {
        if matches!(self.p.elems.last(), Some(Elem::Glue { .. }) | None) {
            return;
        }
        let w = shape(self.fonts, st.family, " ").width as f64 * st.size;
        let w = if w > 0.0 { w } else { 0.25 * st.size };
        let sid = self.style_id(Style {
            link: None,
            strike: false,
            ..st
        });
        let (stretch, shrink) = if st.family == Family::Mono {
            (0.0, 0.0)
        } else {
            (w * SPACE_STRETCH, w * SPACE_SHRINK)
        };
        self.push(
            Elem::Glue {
                width: w,
                stretch,
                shrink,
            },
            Content::Space(sid),
        );
    }

    /// A word (no spaces) in one style: shaped once, then cut at its break opportunities. A
    /// word the author marked with soft hyphens (U+00AD) breaks there and only there, as
    /// `\-` does in TeX: the marks are the author's word on that word.
    fn word(&mut self, word: &str, st: Style) {
        if word.contains(SOFT_HYPHEN) && !st.url {
            let (clean, soft) = strip_soft_hyphens(word);
            let mut breaks = explicit_breaks(&clean);
            if !st.no_hyphen {
                breaks.extend(soft.into_iter().map(|b| (b, BreakKind::Hyphen)));
                breaks.sort_by_key(|&(b, _)| b);
            }
            return self.cut_word(&clean, st, breaks);
        }
        let breaks = timing::timed(Stage::Hyphenate, || self.break_points(word, &st));
        self.cut_word(word, st, breaks);
    }

    /// Shapes `word` and pushes its fragments with a penalty at each of `breaks`.
    fn cut_word(&mut self, word: &str, st: Style, breaks: Vec<(usize, BreakKind)>) {
        let shaped = shape(self.fonts, st.family, word);
        for &c in &shaped.missing {
            if !self.p.missing.contains(&c) {
                self.p.missing.push(c);
            }
        }
        let sid = self.style_id(st);
        let mut g0 = 0usize;
        for (byte, kind) in breaks {
            let Some(g) = shaped.glyph_at_byte(byte) else {
                continue;
            };
            if g <= g0 {
                continue;
            }
            self.frag(&shaped, g0, g, sid, st.size);
            let (width, penalty, flagged) = match kind {
                BreakKind::Hyphen | BreakKind::ShortHyphen => {
                    self.p.has_hyphens = true;
                    let hw = shape(self.fonts, st.family, "-").width as f64 * st.size;
                    let penalty = if kind == BreakKind::Hyphen {
                        HYPHEN_PENALTY
                    } else {
                        SHORT_FRAGMENT_HYPHEN_PENALTY
                    };
                    (hw, penalty, true)
                }
                BreakKind::Explicit => (0.0, EXPLICIT_HYPHEN_PENALTY, true),
                BreakKind::Url => (0.0, URL_BREAK_PENALTY, false),
            };
            let c = if matches!(kind, BreakKind::Hyphen | BreakKind::ShortHyphen) {
                Content::Hyphen(sid)
            } else {
                Content::None
            };
            self.push(
                Elem::Penalty {
                    width,
                    penalty,
                    flagged,
                },
                c,
            );
            g0 = g;
        }
        self.frag(&shaped, g0, shaped.glyphs.len(), sid, st.size);
    }

    fn frag(&mut self, shaped: &Arc<Shaped>, g0: usize, g1: usize, style: u16, size: f64) {
        if g1 <= g0 {
            return;
        }
        let width = (shaped.pen(g1) - shaped.pen(g0)) as f64 * size;
        self.push(
            Elem::Box { width },
            Content::Frag {
                shaped: shaped.clone(),
                g0: g0 as u32,
                g1: g1 as u32,
                style,
                src: self.word_src,
            },
        );
    }

    /// Byte offsets inside `word` where a line may break, in order; cached per thread, since
    /// a book repeats its words and pattern lookups dominate the cost of collecting.
    fn break_points(&self, word: &str, st: &Style) -> Vec<(usize, BreakKind)> {
        type Key = (u64, Option<Lang>, bool, bool);
        type Words = std::collections::HashMap<String, Vec<(usize, BreakKind)>>;
        thread_local! {
            static CACHE: std::cell::RefCell<std::collections::HashMap<Key, Words>> = Default::default();
        }
        let key = (self.spec.hyph.id, self.spec.lang, st.url, st.no_hyphen);
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
            let v = self.break_points_uncached(word, st);
            m.insert(word.to_string(), v.clone());
            v
        })
    }

    fn break_points_uncached(&self, word: &str, st: &Style) -> Vec<(usize, BreakKind)> {
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
        if st.no_hyphen || self.spec.lang.is_none() && !has_any_exceptions(self.spec.hyph) {
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
            for p in self.spec.hyph.points(self.spec.lang, run) {
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
}

/// The soft hyphen, the author's mark of where a word may break.
const SOFT_HYPHEN: char = '\u{AD}';

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BreakKind {
    Hyphen,
    /// A hyphen leaving a short fragment on either side.
    ShortHyphen,
    Explicit,
    Url,
}

impl Para {
    /// Whether the paragraph holds no text.
    pub fn is_empty(&self) -> bool {
        !self
            .content
            .iter()
            .any(|c| matches!(c, Content::Frag { .. }))
    }

    /// The paragraph's elements (for tests and benchmarks).
    pub fn elems(&self) -> &[Elem] {
        &self.elems
    }

    /// Breaks with Knuth–Plass, justified.
    pub fn breaks(&self, measure: f64) -> Breaks {
        self.breaks_aligned(measure, Align::Justify)
    }

    /// Breaks with Knuth–Plass for `align`: justified lines use their spaces' stretch and
    /// shrink; ragged ones keep natural spaces and even out their right edge.
    pub fn breaks_aligned(&self, measure: f64, align: Align) -> Breaks {
        timing::timed(Stage::Linebreak, || {
            if align == Align::Justify {
                linebreak::knuth_plass(&self.elems, measure, self.em, self.has_hyphens)
            } else {
                linebreak::knuth_plass_ragged(&self.elems, measure, self.em, self.has_hyphens)
            }
        })
    }

    /// Breaks and sets the lines.
    pub fn set(&self, fonts: &Fonts, spec: &Spec) -> Vec<Line> {
        let breaks = self.breaks_aligned(spec.measure, spec.align);
        self.set_breaks(fonts, spec, &breaks)
    }

    /// Sets the lines for given breaks.
    pub fn set_breaks(&self, fonts: &Fonts, spec: &Spec, breaks: &Breaks) -> Vec<Line> {
        let mut lines = Vec::with_capacity(breaks.lines.len());
        let mut start = 0usize;
        let n = breaks.lines.len();
        for (k, b) in breaks.lines.iter().enumerate() {
            let last = k + 1 == n;
            lines.push(self.set_line(fonts, spec, start, b, last));
            start = b.at;
        }
        lines
    }

    fn set_line(
        &self,
        fonts: &Fonts,
        spec: &Spec,
        from: usize,
        b: &linebreak::Break,
        last: bool,
    ) -> Line {
        // Skip discardable material after the previous break.
        let mut i = from;
        if from > 0 {
            i += 1;
            while i < b.at && !matches!(self.elems[i], Elem::Box { .. }) {
                i += 1;
            }
        }
        // Justified lines scale their letters a little with their spaces (see LETTER_FLEX).
        let flex = if spec.align == Align::Justify {
            linebreak::LETTER_FLEX
        } else {
            0.0
        };
        let r = match spec.align {
            Align::Justify if !last => self.actual_ratio(i, b, spec.measure, flex),
            _ => b.ratio.min(0.0),
        };
        let track = 1.0 + r * flex;
        let mut placed: Vec<(f64, usize)> = Vec::new();
        let mut x = 0.0;
        let mut widest_space_em: f64 = 0.0;
        for j in i..b.at {
            match self.elems[j] {
                Elem::Box { width } => {
                    placed.push((x, j));
                    x += width * track;
                }
                Elem::Glue {
                    width,
                    stretch,
                    shrink,
                } => {
                    placed.push((x, j));
                    let adj = if r >= 0.0 { stretch } else { shrink };
                    if stretch < FILL {
                        let set = width + r * adj;
                        // Word spaces that adjust; a code span's fixed spaces are the mono
                        // face's own width.
                        if let (Content::Space(st), true) = (&self.content[j], stretch > 0.0) {
                            widest_space_em =
                                widest_space_em.max(set / self.styles[*st as usize].size);
                        }
                        x += set;
                    } else {
                        x += width;
                    }
                }
                Elem::Penalty { .. } => {}
            }
        }
        if b.hyphen {
            if let (Elem::Penalty { width, .. }, Content::Hyphen(_)) =
                (self.elems[b.at], &self.content[b.at])
            {
                placed.push((x, b.at));
                x += width;
            }
        }
        let shift = match spec.align {
            Align::Center => ((spec.measure - x) / 2.0).max(0.0),
            Align::Right => (spec.measure - x).max(0.0),
            _ => 0.0,
        };
        let mut out = Emitter::new(fonts, &self.styles);
        out.track = track;
        let mut notes = Vec::new();
        for (px, j) in placed {
            out.content(&self.content[j], px + shift, &mut notes);
        }
        let mut items = out.finish();
        items.extend(self.link_areas(&link_spans(
            &self.content,
            &self.styles,
            &self.elems,
            i,
            b,
            (r, track),
            shift,
        )));
        Line {
            items,
            notes,
            ratio: r,
            justified: spec.align == Align::Justify && !last,
            hyphen: b.hyphen,
            last,
            overfull: b.overfull || x > spec.measure + 0.01,
            width: x,
            widest_space_em,
            source: self.content[i..b.at].iter().find_map(|c| match c {
                Content::Frag { src, .. } if *src != NO_SOURCE => Some(*src),
                _ => None,
            }),
        }
    }

    /// The ratio that fills the measure with the line's own glue (the emergency pass counts
    /// extra stretch to choose breaks, but the glue stretches as it really can).
    fn actual_ratio(&self, from: usize, b: &linebreak::Break, measure: f64, flex: f64) -> f64 {
        let (mut w, mut st, mut sh) = (0.0, 0.0, 0.0);
        for e in &self.elems[from..b.at] {
            match *e {
                Elem::Box { width } => {
                    w += width;
                    st += width * flex;
                    sh += width * flex;
                }
                Elem::Glue {
                    width,
                    stretch,
                    shrink,
                } => {
                    w += width;
                    st += stretch;
                    sh += shrink;
                }
                Elem::Penalty { .. } => {}
            }
        }
        if let Elem::Penalty { width, .. } = self.elems[b.at] {
            w += width;
        }
        let diff = measure - w;
        if diff >= 0.0 && st > 0.0 {
            diff / st
        } else if diff < 0.0 && sh > 0.0 {
            (diff / sh).max(-1.0)
        } else {
            0.0
        }
    }

    fn link_areas(&self, spans: &[(u16, f64, f64, f64)]) -> Vec<(Point, Item)> {
        spans
            .iter()
            .map(|&(link, x0, x1, size)| {
                (
                    Point {
                        x: x0,
                        y: -size * 0.8,
                    },
                    Item::Link {
                        width: x1 - x0,
                        height: size * 1.05,
                        target: self.links[link as usize].clone(),
                    },
                )
            })
            .collect()
    }
}

/// Horizontal extents of links on a line: (link, x0, x1, size), neighbouring parts merged.
fn link_spans(
    content: &[Content],
    styles: &[Style],
    elems: &[Elem],
    from: usize,
    b: &linebreak::Break,
    (r, track): (f64, f64),
    shift: f64,
) -> Vec<(u16, f64, f64, f64)> {
    let mut spans: Vec<(u16, f64, f64, f64)> = Vec::new();
    let mut x = shift;
    for j in from..b.at {
        let w = match elems[j] {
            Elem::Box { width } => width * track,
            Elem::Glue {
                width,
                stretch,
                shrink,
            } if stretch < FILL => width + r * if r >= 0.0 { stretch } else { shrink },
            Elem::Glue { width, .. } => width,
            Elem::Penalty { .. } => 0.0,
        };
        if let Content::Frag { style, .. } = &content[j] {
            let st = styles[*style as usize];
            if let Some(l) = st.link {
                match spans.last_mut() {
                    Some(s) if s.0 == l => s.2 = x + w,
                    _ => spans.push((l, x, x + w, st.size)),
                }
            }
        }
        x += w;
    }
    spans
}

/// Turns positioned content into glyph runs: one run per face, size, raise and colour.
struct Emitter<'a> {
    fonts: &'a Fonts,
    styles: &'a [Style],
    items: Vec<(Point, Item)>,
    run: Option<(Point, GlyphRun, usize)>,
    strikes: Vec<(Point, f64, f64)>,
    /// Glyphs are scaled by this, advances and outlines (a justified line's expansion; 1
    /// otherwise): it becomes the runs' [`GlyphRun::scale`].
    track: f64,
}

impl<'a> Emitter<'a> {
    fn new(fonts: &'a Fonts, styles: &'a [Style]) -> Emitter<'a> {
        Emitter {
            fonts,
            styles,
            items: Vec::new(),
            run: None,
            strikes: Vec::new(),
            track: 1.0,
        }
    }

    fn content(&mut self, c: &Content, x: f64, notes: &mut Vec<u32>) {
        match c {
            Content::Frag {
                shaped,
                g0,
                g1,
                style,
                ..
            } => self.frag(
                shaped,
                *g0 as usize,
                *g1 as usize,
                self.styles[*style as usize],
                x,
            ),
            Content::Space(style) => self.space(self.styles[*style as usize], x),
            Content::Hyphen(style) => {
                let st = self.styles[*style as usize];
                let h = shape(self.fonts, st.family, "-");
                // The added hyphen is not scaled: its width is the break's, fixed.
                let track = std::mem::replace(&mut self.track, 1.0);
                self.glyphs(&h, 0, h.glyphs.len(), st, x, Some("\u{AD}"));
                self.track = track;
            }
            Content::Anchor(name) => {
                self.items
                    .push((Point { x, y: -12.0 }, Item::Anchor(name.clone())));
            }
            Content::Note(n) => notes.push(*n),
            Content::None => {}
        }
    }

    fn frag(&mut self, shaped: &Shaped, g0: usize, g1: usize, st: Style, x: f64) {
        self.glyphs(shaped, g0, g1, st, x, None);
        if st.strike {
            let w = (shaped.pen(g1) - shaped.pen(g0)) as f64 * st.size * self.track;
            self.strikes.push((
                Point {
                    x,
                    y: -st.raise - st.size * 0.28,
                },
                w,
                st.size * 0.05,
            ));
        }
    }

    fn space(&mut self, st: Style, x: f64) {
        // A space glyph in the current run helps text extraction find word boundaries.
        let Some((origin, run, _)) = self.run.as_mut() else {
            return;
        };
        let face = &self.fonts.faces[run.font];
        if (run.size - st.size).abs() > 1e-9 || (origin.y + st.raise).abs() > 1e-9 {
            return;
        }
        if let Some(id) = face.rb.glyph_index(' ') {
            run.push(id.0, x - origin.x, 0.0, " ");
        }
    }

    fn glyphs(&mut self, s: &Shaped, g0: usize, g1: usize, st: Style, x: f64, text: Option<&str>) {
        let base = s.pen(g0);
        for (k, g) in s.glyphs[g0..g1].iter().enumerate() {
            let gx = x + (g.pen - base) as f64 * st.size * self.track;
            self.ensure_run(g.face as usize, st, gx);
            let (origin, run, _) = self.run.as_mut().expect("run just ensured");
            let t = match text {
                Some(t) if k == 0 => t,
                Some(_) => "",
                None => &s.text[g.text.0 as usize..g.text.1 as usize],
            };
            run.push(
                g.id,
                gx - origin.x + g.dx as f64 * st.size,
                g.dy as f64 * st.size,
                t,
            );
            let adv = (s.pen(g0 + k + 1) - g.pen) as f64 * st.size * self.track;
            run.width = (gx + adv - origin.x).max(run.width);
        }
    }

    fn ensure_run(&mut self, face: usize, st: Style, x: f64) {
        let scale = self.track as f32;
        let same = self.run.as_ref().is_some_and(|(o, r, _)| {
            r.font == face
                && r.size == st.size
                && r.color == st.color
                && r.scale == scale
                && o.y == -st.raise
        });
        if same {
            return;
        }
        self.flush();
        let mut run = GlyphRun::new(face, st.size, st.color);
        run.scale = scale;
        self.run = Some((Point { x, y: -st.raise }, run, 0));
    }

    fn flush(&mut self) {
        if let Some((p, mut run, _)) = self.run.take() {
            while run.last_text() == Some(" ") {
                run.pop();
            }
            if !run.glyphs().is_empty() {
                self.items.push((p, Item::Glyphs(run)));
            }
        }
    }

    fn finish(mut self) -> Vec<(Point, Item)> {
        self.flush();
        for (p, w, h) in std::mem::take(&mut self.strikes) {
            self.items.push((
                p,
                Item::Rect {
                    width: w,
                    height: h,
                    color: Color::BLACK,
                },
            ));
        }
        self.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> Fonts {
        Fonts::load(&Default::default())
    }

    /// Justified English body text at 10.5 pt, `measure` wide, its first line indented.
    fn english_justified(h: &Hyphenator, measure: f64, indent: f64) -> Spec<'_> {
        Spec {
            measure,
            indent,
            align: Align::Justify,
            style: Style::new(Family::Regular, 10.5),
            lang: Lang::from_tag("en"),
            hyph: h,
            prefix: "a1",
            color_links: false,
        }
    }

    fn text_of(lines: &[Line]) -> String {
        let mut s = String::new();
        for l in lines {
            for (_, it) in &l.items {
                if let Item::Glyphs(r) = it {
                    // A break's hyphen is a run of its own (never scaled); it ends the word.
                    if r.text() == "\u{AD}" {
                        s.pop();
                    }
                    s.push_str(r.text());
                    s.push(' ');
                }
            }
        }
        s
    }

    #[test]
    fn sets_justified_lines_within_measure() {
        let f = fonts();
        let h = Hyphenator::new(&[]);
        let spec = english_justified(&h, 240.0, 10.0);
        let text = "The quick brown fox jumps over the lazy dog, and then considers the \
                    typographical implications of justification across a narrow measure \
                    with sufficiently unreasonable polysyllabic vocabulary.";
        let p = collect_text(&f, &spec, text);
        let lines = p.set(&f, &spec);
        assert!(lines.len() >= 2);
        for l in &lines {
            assert!(l.width <= 240.01, "{}", l.width);
            if !l.last {
                assert!((l.width - 240.0).abs() < 0.01, "not justified: {}", l.width);
            }
        }
        let got = text_of(&lines).replace("\u{AD} ", "");
        for w in text.split_whitespace() {
            assert!(got.contains(w), "{w} missing in {got}");
        }
    }

    #[test]
    fn a_word_with_soft_hyphens_breaks_only_at_them() {
        let f = fonts();
        let h = Hyphenator::new(&[]);
        // Patterns would break "unreasonably" as un-rea-son-ably; the author allows only
        // "unreason-ably".
        let text = "so unreason\u{AD}ably ".repeat(12);
        let mut hyphenated = 0;
        for measure in (60..200).step_by(5) {
            let spec = english_justified(&h, measure as f64, 0.0);
            let lines = collect_text(&f, &spec, &text).set(&f, &spec);
            for l in &lines {
                let words = text_of(std::slice::from_ref(l));
                if let Some(stem) = words.trim_end().strip_suffix('\u{AD}') {
                    hyphenated += 1;
                    let last = stem.split_whitespace().last().unwrap_or("");
                    assert_eq!(last, "unreason", "broken elsewhere: {words}");
                }
                for w in words.split_whitespace() {
                    let w = w.trim_end_matches('\u{AD}');
                    assert!(
                        ["so", "unreasonably", "unreason", "ably"].contains(&w),
                        "a soft hyphen kept as text, or a foreign break: {w:?}"
                    );
                }
            }
        }
        assert!(
            hyphenated > 0,
            "no measure broke the word at its soft hyphen"
        );
    }
}
