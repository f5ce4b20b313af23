//! Collecting: a paragraph's inlines → boxes (word fragments), glue (spaces) and penalties
//! (break points, forced breaks), each with the content it stands for; note and reference
//! marks, links and images met on the way are recorded for the caller.

use std::sync::Arc;

use super::breakpoints::{self, BreakKind, SOFT_HYPHEN};
use super::{Content, InlineSpan, Para, Spec, Style, LINK_BLUE, NO_SOURCE};
use crate::model::Inline;
use crate::typeset::fonts::{Family, Fonts};
use crate::typeset::frame::{Color, LinkTarget};
use crate::typeset::linebreak::{Elem, FILL, FORBIDDEN, FORCED};
use crate::typeset::links;
use crate::typeset::math::{self, InlineElem};
use crate::typeset::shape::{shape, Shaped};
use crate::typeset::structure::Role;
use crate::typeset::timing::{self, Stage};
use crate::typeset::type_scale::{
    FALLBACK_SPACE_EM, INLINE_CODE_SCALE, SUBSCRIPT_DROP, SUPERSCRIPT_SCALE,
};

/// Space stretch as a share of the font's space: at r = 1 a space is 1.7× its natural
/// width, 0.44 em for Noto Serif's narrow 0.26 em space (TeX's Computer Modern reaches 0.5 em
/// at r = 1). Justified lines also scale their letters (`linebreak::LETTER_FLEX`), so on the
/// sample books nine lines in ten keep their spaces under the usual 1.5×.
pub const SPACE_STRETCH: f64 = 0.7;
/// Space shrink as a share of the font's space: spaces narrow to 0.7× (0.18 em), between
/// Computer Modern's two thirds and the 0.8× of stricter house styles; the letters shrink
/// with them, so fewer than one line in ten goes below 0.8×.
pub const SPACE_SHRINK: f64 = 0.3;
/// Punctuation that a reference mark follows rather than precedes.
const CLOSING: &str = ".,;:!?)”’»";

/// A paragraph being collected.
struct Builder<'a, 'f> {
    fonts: &'f Fonts,
    spec: &'a Spec<'a>,
    p: Para,
    /// Characters of the paragraph's source text met so far.
    text_pos: u32,
    /// Source offset of the word being collected ([`NO_SOURCE`] for added text).
    word_src: u32,
    /// Whether a rendered citation is being collected (its links lead to a bibliography).
    in_cite: bool,
    /// The width of a hyphen in each family at unit size, once looked up: every word asks.
    hyphens: [Option<f32>; 5],
}

/// Collects `inlines` into a paragraph.
pub fn collect(fonts: &Fonts, spec: &Spec, inlines: &[Inline]) -> Para {
    collect_led(fonts, spec, None, inlines)
}

/// Collects `inlines` into a paragraph led by `lead`, text Folio adds (a note's number)
/// set as a link to the given target in the paragraph's style.
pub fn collect_led(
    fonts: &Fonts,
    spec: &Spec,
    lead: Option<(&str, LinkTarget)>,
    inlines: &[Inline],
) -> Para {
    let mut b = Builder::new(fonts, spec, Vec::new());
    if let Some((text, target)) = lead {
        b.p.links.push(target);
        let st = b.link_style(spec.style, b.p.links.len() - 1);
        let st = b.span(Role::Link, None, st);
        b.text(text, st);
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
    let mut b = Builder::new(fonts, spec, links);
    for (text, st) in runs {
        let st = match st.link {
            Some(_) => b.span(Role::Link, None, *st),
            None => *st,
        };
        b.text(text, st);
    }
    b.finish();
    b.p
}

/// Collects plain text in one style.
pub fn collect_text(fonts: &Fonts, spec: &Spec, text: &str) -> Para {
    collect(fonts, spec, &[Inline::Text(text.to_string())])
}

impl<'a, 'f> Builder<'a, 'f> {
    /// A paragraph with nothing in it but its first line's indent; `links` are targets the
    /// caller's styles already refer to.
    fn new(fonts: &'f Fonts, spec: &'a Spec<'a>, links: Vec<LinkTarget>) -> Self {
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
                spans: Vec::new(),
                has_hyphens: false,
                em: spec.style.size,
            },
            text_pos: 0,
            word_src: NO_SOURCE,
            in_cite: false,
            hyphens: [None; 5],
        };
        if spec.indent > 0.0 {
            b.push(Elem::Box { width: spec.indent }, Content::None);
        }
        b
    }
}

impl Builder<'_, '_> {
    fn push(&mut self, e: Elem, c: Content) {
        self.p.elems.push(e);
        self.p.content.push(c);
    }

    /// `st` for the text of a new inline element of `role` inside `st`'s (the same `st` when
    /// a paragraph has as many as the numbering takes).
    fn span(&mut self, role: Role, alt: Option<String>, st: Style) -> Style {
        let Ok(span) = u16::try_from(self.p.spans.len() + 1) else {
            return st;
        };
        self.p.spans.push(InlineSpan {
            role,
            alt,
            outer: u32::from(st.span),
        });
        Style { span, ..st }
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
            Inline::Code(t) => self.code(t, st),
            Inline::Math(m) => self.math(m, st),
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
            Inline::Cite(c) if c.rendered.is_empty() => self.text(&c.text, st),
            Inline::Cite(c) => {
                let was = std::mem::replace(&mut self.in_cite, true);
                self.inlines(&c.rendered, st);
                self.in_cite = was;
            }
        }
    }

    /// An inline formula: its segments as boxes, a penalty and glue at each place it may
    /// break; its source as code when it could not be read.
    fn math(&mut self, m: &crate::model::Math, st: Style) {
        let laid = m
            .formula
            .as_ref()
            .and_then(|f| math::inline(self.fonts, f, &m.tex, st.size));
        let st = self.span(Role::Formula, Some(m.tex.clone()), st);
        let Some(laid) = laid else {
            return self.text(&m.tex, code_style(st));
        };
        for c in laid.missing {
            if !self.p.missing.contains(&c) {
                self.p.missing.push(c);
            }
        }
        for e in laid.out {
            match e {
                InlineElem::Segment(seg) => {
                    let width = seg.mbox.width;
                    self.push(Elem::Box { width }, Content::Math(Arc::new(seg), st.span));
                }
                InlineElem::Glue {
                    width,
                    stretch,
                    shrink,
                } => self.math_space(FORBIDDEN, width, stretch, shrink),
                InlineElem::Break {
                    penalty,
                    width,
                    stretch,
                    shrink,
                } => self.math_space(penalty, width, stretch, shrink),
            }
        }
    }

    /// A space inside an inline formula: glue after a penalty, which allows a break there
    /// at its cost or, at [`FORBIDDEN`], keeps the formula's parts together.
    fn math_space(&mut self, penalty: f64, width: f64, stretch: f64, shrink: f64) {
        let flagged = false;
        let pen = Elem::Penalty {
            width: 0.0,
            penalty,
            flagged,
        };
        self.push(pen, Content::None);
        let glue = Elem::Glue {
            width,
            stretch,
            shrink,
        };
        self.push(glue, Content::None);
    }

    /// Code: the mono face.
    fn code(&mut self, t: &str, st: Style) {
        let st = self.span(Role::Code, None, st);
        self.text(t, code_style(st))
    }

    fn link(&mut self, target: &str, content: &[Inline], reference: Option<u32>, st: Style) {
        let dest = if self.in_cite {
            links::resolve_citation(self.spec.prefix, self.spec.links, target)
        } else {
            links::resolve(self.spec.prefix, self.spec.links, target)
        };
        self.p.links.push(dest);
        let linked = self.link_style(st, self.p.links.len() - 1);
        let linked = self.span(Role::Link, None, linked);
        self.inlines(content, linked);
        if let Some(n) = reference {
            self.reference_mark(n, st);
        }
    }

    /// `st` for the text of link `id` (coloured on screen).
    fn link_style(&self, st: Style, id: usize) -> Style {
        let color = if self.spec.color_links {
            LINK_BLUE
        } else {
            st.color
        };
        Style {
            link: Some(id as u16),
            color,
            ..st
        }
    }

    /// `st` for a note's or reference's mark linking by link `id`: a Reference element
    /// holding a Link element, in black superscript.
    fn mark_style(&mut self, id: u16, st: Style) -> Style {
        let reference = self.span(Role::Reference, None, st);
        let sup = Style {
            link: Some(id),
            color: Color::BLACK,
            ..reference.superscript()
        };
        self.span(Role::Link, None, sup)
    }

    fn reference_mark(&mut self, n: u32, st: Style) {
        self.p
            .links
            .push(LinkTarget::Anchor(links::reference_anchor(
                self.spec.prefix,
                n,
            )));
        let rid = (self.p.links.len() - 1) as u16;
        let sup = self.mark_style(rid, st);
        // Bracketed, so a reference mark never reads as a footnote's number.
        self.word(&format!("[{n}]"), sup);
    }

    fn note_mark(&mut self, number: u32, st: Style) {
        let anchor = links::note_mark_anchor(self.spec.prefix, number);
        self.push(Elem::Box { width: 0.0 }, Content::Anchor(anchor));
        self.push(Elem::Box { width: 0.0 }, Content::Note(number));
        self.p.links.push(LinkTarget::Anchor(links::note_anchor(
            self.spec.prefix,
            number,
        )));
        let id = (self.p.links.len() - 1) as u16;
        let sup = self.mark_style(id, st);
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
        let w = if w > 0.0 {
            w
        } else {
            FALLBACK_SPACE_EM * st.size
        };
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

    /// A word (no spaces) in one style: shaped once, then cut at its break opportunities (see
    /// [`breakpoints`]).
    fn word(&mut self, word: &str, st: Style) {
        if word.contains(SOFT_HYPHEN) && !st.url {
            let (clean, breaks) = breakpoints::authored(word, &st);
            return self.cut_word(&clean, st, breaks);
        }
        let breaks = timing::timed(Stage::Hyphenate, || {
            breakpoints::cached(self.spec, word, &st)
        });
        self.cut_word(word, st, breaks);
    }

    /// The width of a hyphen in `family` at unit size.
    fn hyphen(&mut self, family: Family) -> f32 {
        let fonts = self.fonts;
        *self.hyphens[family as usize].get_or_insert_with(|| shape(fonts, family, "-").width)
    }

    /// Shapes `word` and pushes its fragments with a penalty at each of `breaks`.
    fn cut_word(&mut self, word: &str, st: Style, breaks: Vec<(usize, BreakKind)>) {
        let shaped = shape(self.fonts, st.family, word);
        let size = st.size;
        let width = f64::from(shaped.width) * size;
        let hyphen = f64::from(self.hyphen(st.family)) * size;
        // Room for a piece of the word: the line, less the hyphen that may end it.
        let room = self.spec.measure - hyphen;
        let breaks = if width > room {
            let mut clusters: Vec<(usize, f64)> = (shaped.glyphs.iter().enumerate())
                .filter(|(_, g)| g.text.1 > g.text.0)
                .map(|(k, g)| (g.text.0 as usize, f64::from(shaped.pen(k)) * size))
                .collect();
            clusters.sort_by_key(|c| c.0);
            clusters.push((word.len(), f64::from(shaped.width) * size));
            breakpoints::with_emergency(breaks, &clusters, room).0
        } else {
            breaks
        };
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
            let (penalty, flagged) = kind.penalty();
            let (width, c) = if kind.adds_hyphen() {
                self.p.has_hyphens = true;
                (hyphen, Content::Hyphen(sid))
            } else if kind == BreakKind::Emergency {
                (0.0, Content::Cut)
            } else {
                (0.0, Content::None)
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
}

/// `st` in the mono face of inline code (and of a formula's source that could not be read).
fn code_style(st: Style) -> Style {
    Style {
        family: Family::Mono,
        size: st.size * INLINE_CODE_SCALE,
        no_hyphen: true,
        ..st
    }
}
