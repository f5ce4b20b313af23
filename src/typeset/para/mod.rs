//! Paragraphs, one at a time, in stages: [`collect`] turns inlines into styled word
//! fragments (shaped, cut at their break points) as boxes, glue and penalties; `breakpoints`
//! decides where a word may break and at what cost; the line breaker
//! ([`super::linebreak`]) chooses the breaks; `justify` sets each line (spaces and letters
//! adjusted, alignment, link areas); `emit` turns the positioned fragments into glyph runs.

mod breakpoints;
mod collect;
mod cut;
mod emit;
mod justify;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use super::fonts::Family;
use super::frame::{Color, Item, LinkTarget, Point};
use super::hyphenate::{Hyphenator, Lang};
use super::linebreak::{self, Breaks, Elem};
use super::links::LinkScope;
use super::shape::Shaped;
use super::structure::Role;
use super::timing::{self, Stage};
use super::type_scale::{SUPERSCRIPT_RAISE, SUPERSCRIPT_SCALE};

pub use breakpoints::{
    release_cache, EXPLICIT_HYPHEN_PENALTY, SHORT_FRAGMENT_HYPHEN_PENALTY, URL_BREAK_PENALTY,
};
pub use collect::{collect, collect_led, collect_runs, collect_text, SPACE_SHRINK, SPACE_STRETCH};
pub use emit::{plain_items, plain_line};

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
    /// The inline element (link, code, formula, mark) the text is part of: its number in
    /// [`Para::spans`] from 1, or 0 for none.
    pub span: u16,
}

/// An inline element of a paragraph (its text a part of the paragraph's), for the tagged
/// PDF's structure tree.
#[derive(Debug, Clone, PartialEq)]
pub struct InlineSpan {
    /// What it is: Link, Code, Formula or Reference.
    pub role: Role,
    /// The text a formula stands for (its TeX).
    pub alt: Option<String>,
    /// The inline element it stands in (numbered as [`Style::span`], 0 for the paragraph).
    pub outer: u32,
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
            span: 0,
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
    /// Where links to other articles lead (`None`: text outside the book's articles).
    pub links: Option<LinkScope<'a>>,
    /// Colour links (screen PDFs).
    pub color_links: bool,
}

/// What an element of a [`Para`] stands for, for the emitter.
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
    /// A segment of an inline formula, with the TeX it stands for, and its inline element
    /// (see [`Style::span`]).
    Math(Arc<super::math::Segment>, u16),
    /// A break between two letters of a word too wide for the line.
    Cut,
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
    /// Its inline elements, numbered from 1 in [`Style::span`] and the items' `inline`.
    pub spans: Vec<InlineSpan>,
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
    /// Ends between two letters of a word too wide for the line (no hyphen added).
    pub cut: bool,
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
    /// The line's formula segments as `[left, right, height, depth]`: where they rise
    /// above the baseline and hang below it.
    pub math_boxes: Vec<[f64; 4]>,
    /// Where the line's first word starts in its paragraph's source text, in characters of
    /// the paragraph's plain text (`Inline::Text` only, in reading order, notes left out; see
    /// [`crate::model::source_text`]); `None` when the line holds only text Folio adds.
    pub source: Option<u32>,
}

/// A fragment's source offset when the text is Folio's own (marks, numbers, code).
const NO_SOURCE: u32 = u32::MAX;

impl Para {
    /// Whether the paragraph holds nothing to print: no text and no formula (a paragraph
    /// of one inline formula is printed).
    pub fn is_empty(&self) -> bool {
        !self
            .content
            .iter()
            .any(|c| matches!(c, Content::Frag { .. } | Content::Math(..)))
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
}
