//! Lists of atoms: each node of a list laid out as a box with its class, binary operators
//! that cannot be binary made ordinary (TeX's rules 5 and 6), and the spaces between
//! neighbours from TeX's table of classes (The TeXbook, chapter 18): thin, medium and thick,
//! the last two only in display and text styles.

use super::mbox::MBox;
use super::{parts, scripts, stretch, table, Cx, Style, BIN_PENALTY, REL_PENALTY};
use crate::math::{styled, Class, Kind, List, Node, TextFace};
use crate::typeset::fonts::Family;
use crate::typeset::shape::shape;

/// An atom laid out: its box, its class, where its source starts; or a kern (explicit
/// space), which takes no part in the spacing of its neighbours.
#[derive(Debug, Clone)]
pub struct Atom {
    /// The box.
    pub b: MBox,
    /// Its class.
    pub class: Class,
    /// Byte of the formula's source where it starts.
    pub start: u32,
    /// An explicit space rather than an atom.
    pub kern: bool,
}

/// A space between two atoms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Space {
    /// None.
    None,
    /// 3 mu.
    Thin,
    /// 4 mu, stretching by 2 and shrinking by 4.
    Medium,
    /// 5 mu, stretching by 5.
    Thick,
}

impl Space {
    /// Width, stretch and shrink, for one mu of `mu` points.
    pub fn glue(self, mu: f64) -> (f64, f64, f64) {
        match self {
            Space::None => (0.0, 0.0, 0.0),
            Space::Thin => (3.0 * mu, 0.0, 0.0),
            Space::Medium => (4.0 * mu, 2.0 * mu, 4.0 * mu),
            Space::Thick => (5.0 * mu, 5.0 * mu, 0.0),
        }
    }
}

/// The space between atoms of classes `l` and `r` in style `st` (TeX's table; the spaces it
/// puts in parentheses only in display and text style).
pub fn space(l: Class, r: Class, st: Style) -> Space {
    use Class::*;
    let (s, big_only) = match (l, r) {
        (Ord, Op) | (Op, Ord) | (Op, Op) | (Close, Op) | (Inner, Op) => (Space::Thin, false),
        (Ord | Op | Close | Inner, Inner) | (Inner, Ord | Open | Punct) => (Space::Thin, true),
        (Punct, Ord | Op | Rel | Open | Close | Punct | Inner) => (Space::Thin, true),
        (Ord | Close | Inner, Bin) | (Bin, Ord | Op | Open | Inner) => (Space::Medium, true),
        (Ord | Op | Close | Inner, Rel) | (Rel, Ord | Op | Open | Inner) => (Space::Thick, true),
        _ => (Space::None, false),
    };
    if big_only && !st.is_big() {
        Space::None
    } else {
        s
    }
}

/// The cost of a line break between atoms of classes `l` and `r` of an inline formula's
/// outer list, when one is allowed: after a relation (not between two relations or before
/// punctuation) and after a binary operator.
pub fn break_penalty(l: Class, r: Class) -> Option<f64> {
    match (l, r) {
        (Class::Rel, Class::Rel | Class::Punct) => None,
        (Class::Rel, _) => Some(REL_PENALTY),
        (Class::Bin, _) => Some(BIN_PENALTY),
        _ => None,
    }
}

/// `nodes` as one box in style `st`, spaced.
pub fn list(cx: &Cx, nodes: &[Node], st: Style) -> MBox {
    pack(cx, &atoms(cx, nodes, st), st)
}

/// Atoms laid out side by side with the spaces between them.
pub fn pack(cx: &Cx, atoms: &[Atom], st: Style) -> MBox {
    let mut out = MBox::default();
    let mut prev: Option<Class> = None;
    for a in atoms {
        if !a.kern {
            if let Some(p) = prev {
                out.append(MBox::kern(space(p, a.class, st).glue(cx.mu(st)).0));
            }
            prev = Some(a.class);
        }
        out.append(a.b.clone());
    }
    if let [one] = atoms {
        out.is_char = one.b.is_char;
        out.accent_x = one.b.accent_x;
    }
    out
}

/// The atoms of `nodes` in style `st`, binary operators reclassified.
pub fn atoms(cx: &Cx, nodes: &[Node], st: Style) -> Vec<Atom> {
    let mut out: Vec<Atom> = Vec::with_capacity(nodes.len());
    for n in nodes {
        let (class, b) = atom(cx, n, st, None);
        out.push(Atom {
            b,
            class,
            start: n.start,
            kern: matches!(n.kind, Kind::Space(_)),
        });
    }
    reclassify(&mut out);
    out
}

/// TeX's rules 5 and 6: a binary operator first in a list, or after an operator, relation,
/// opening or punctuation, is ordinary; so is one before a relation, closing or punctuation,
/// or last.
fn reclassify(atoms: &mut [Atom]) {
    let mut prev: Option<usize> = None;
    for i in 0..atoms.len() {
        if atoms[i].kern {
            continue;
        }
        let p = prev.map(|j| atoms[j].class);
        if atoms[i].class == Class::Bin
            && matches!(
                p,
                None | Some(Class::Bin | Class::Op | Class::Rel | Class::Open | Class::Punct)
            )
        {
            atoms[i].class = Class::Ord;
        }
        if matches!(atoms[i].class, Class::Rel | Class::Close | Class::Punct)
            && p == Some(Class::Bin)
        {
            if let Some(j) = prev {
                atoms[j].class = Class::Ord;
            }
        }
        prev = Some(i);
    }
    if let Some(j) = prev.filter(|&j| atoms[j].class == Class::Bin) {
        atoms[j].class = Class::Ord;
    }
}

/// One node as a box, with its class; `middle` is the height a `\middle` delimiter takes
/// inside a fence (None outside one).
pub fn atom(cx: &Cx, n: &Node, st: Style, middle: Option<f64>) -> (Class, MBox) {
    let size = cx.size(st);
    match &n.kind {
        Kind::Symbol { ch, variant, class } => (
            *class,
            cx.mf.char_box(styled(*ch, *variant), size, st.level),
        ),
        Kind::Number(s) => {
            let mut b = MBox::default();
            for c in s.chars() {
                b.append(cx.mf.char_box(c, size, st.level));
            }
            b.is_char = true;
            (Class::Ord, b)
        }
        Kind::Text { text, face } => (Class::Ord, text_box(cx, text, *face, size)),
        Kind::Ref { number, .. } => {
            let t = number.as_deref().unwrap_or("(??)");
            (Class::Ord, text_box(cx, t, TextFace::Regular, size))
        }
        Kind::Operator { name, .. } => (Class::Op, scripts::operator(cx, name, st)),
        Kind::Group(l) => {
            let mut b = list(cx, l, st);
            b.is_char = false;
            (Class::Ord, b)
        }
        Kind::Scripts { base, sub, sup } => {
            scripts::scripts(cx, base, sub.as_deref(), sup.as_deref(), st)
        }
        Kind::Fraction {
            num,
            den,
            style,
            rule,
        } => (
            Class::Inner,
            parts::fraction(cx, num, den, *style, *rule, st),
        ),
        Kind::Radical { index, body } => {
            (Class::Ord, parts::radical(cx, index.as_deref(), body, st))
        }
        Kind::Accent { accent, body } => (Class::Ord, parts::accent(cx, *accent, body, st)),
        Kind::Fenced { open, close, body } => (Class::Inner, fenced(cx, *open, *close, body, st)),
        Kind::Middle(c) => {
            let target = middle.unwrap_or(0.0);
            (Class::Ord, stretch::delimiter(&cx.mf, *c, target, size))
        }
        Kind::SizedDelim { ch, size: s, class } => {
            let em = [1.2, 1.8, 2.4, 3.0][usize::from((*s).clamp(1, 4) - 1)];
            (*class, stretch::delimiter(&cx.mf, *ch, em * size, size))
        }
        Kind::Space(mu) => (Class::Ord, MBox::kern(f64::from(*mu) * cx.mu(st))),
        Kind::Table { env, rows } => table::table(cx, *env, rows, st),
    }
}

/// Text in a formula, in the book's text face, at `size`.
fn text_box(cx: &Cx, text: &str, face: TextFace, size: f64) -> MBox {
    let family = match face {
        TextFace::Regular => Family::Regular,
        TextFace::Italic => Family::Italic,
        TextFace::Bold => Family::Bold,
    };
    let shaped = shape(cx.mf.fonts, family, text);
    let mut b = MBox::default();
    for g in &shaped.glyphs {
        let ch = shaped.text[g.text.0 as usize..]
            .chars()
            .next()
            .unwrap_or(' ');
        let mut gb = cx.mf.glyph_box(usize::from(g.face), g.id, size, ch);
        gb.width = 0.0;
        let x = f64::from(g.pen + g.dx) * size;
        b.place(gb, x, f64::from(g.dy) * size);
    }
    b.width = f64::from(shaped.width) * size;
    b
}

/// The TeX's `\nulldelimiterspace`: the room an empty delimiter (`.`) takes, 1.2 pt at
/// 10 pt.
const NULL_DELIMITER_EM: f64 = 0.12;
/// TeX's `\delimiterfactor` (901): a delimiter covers at least 90.1% of what it encloses.
const DELIMITER_FACTOR: f64 = 0.901;
/// TeX's `\delimitershortfall` (5 pt at 10 pt): or falls short of it by at most half an em.
const DELIMITER_SHORTFALL_EM: f64 = 0.5;

/// The height a delimiter must reach around `inner` (TeX's rule 19: as far above and below
/// the axis as the farther of its top and bottom, less the allowed shortfall).
fn delimiter_target(cx: &Cx, inner: &MBox, size: f64) -> f64 {
    let axis = cx.mf.pt(cx.mf.c().axis_height(), size);
    let delta = (inner.height - axis).max(inner.depth + axis);
    (2.0 * delta * DELIMITER_FACTOR).max(2.0 * delta - DELIMITER_SHORTFALL_EM * size)
}

/// A delimiter atom `target` tall, or the room of an empty one.
fn delimiter_atom(cx: &Cx, c: Option<char>, class: Class, target: f64, size: f64) -> Atom {
    Atom {
        b: match c {
            Some(c) => stretch::delimiter(&cx.mf, c, target, size),
            None => MBox::kern(NULL_DELIMITER_EM * size),
        },
        class,
        start: 0,
        kern: false,
    }
}

/// `\left … \right`: the body, with delimiters as tall as it is around the axis, and
/// `\middle` delimiters as tall.
pub fn fenced(cx: &Cx, open: Option<char>, close: Option<char>, body: &List, st: Style) -> MBox {
    let size = cx.size(st);
    let target = delimiter_target(cx, &list(cx, body, st), size);
    let mut items = vec![delimiter_atom(cx, open, Class::Open, target, size)];
    for n in body {
        let (class, b) = atom(cx, n, st, Some(target));
        let kern = matches!(n.kind, Kind::Space(_));
        items.push(Atom {
            b,
            class,
            start: n.start,
            kern,
        });
    }
    items.push(delimiter_atom(cx, close, Class::Close, target, size));
    reclassify(&mut items);
    pack(cx, &items, st)
}

/// A box already laid out (an environment's rows) between delimiters as tall as it is.
pub fn fenced_box(
    cx: &Cx,
    open: Option<char>,
    close: Option<char>,
    inner: MBox,
    st: Style,
) -> MBox {
    let size = cx.size(st);
    let target = delimiter_target(cx, &inner, size);
    let items = [
        delimiter_atom(cx, open, Class::Open, target, size),
        Atom {
            b: inner,
            class: Class::Ord,
            start: 0,
            kern: false,
        },
        delimiter_atom(cx, close, Class::Close, target, size),
    ];
    pack(cx, &items, st)
}
