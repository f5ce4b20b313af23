//! Scripts and operators: superscripts and subscripts placed by TeX's rule 18 with the MATH
//! table's shifts, gaps and drops; big operators grown in display style and centred on the
//! axis (rule 13), with their limits above and below or as scripts.

use super::atoms::{atom, list};
use super::mbox::MBox;
use super::{stretch, Cx, Style};
use crate::math::{Class, Kind, Limits, Node, OpName};

/// A base with its scripts, and the base's class.
pub fn scripts(
    cx: &Cx,
    base: &Node,
    sub: Option<&[Node]>,
    sup: Option<&[Node]>,
    st: Style,
) -> (Class, MBox) {
    if let Kind::Operator { name, limits } = &base.kind {
        let op = operator(cx, name, st);
        let above = match limits {
            Limits::Always => true,
            Limits::Never => false,
            Limits::Display => st.level == 0,
        };
        let b = if above {
            with_limits(cx, op, sub, sup, st)
        } else {
            attach(cx, op, sub, sup, st)
        };
        return (Class::Op, b);
    }
    let (class, b) = atom(cx, base, st, None);
    (class, attach(cx, b, sub, sup, st))
}

/// An operator's box: a glyph (larger in display style, at least the font's display
/// operator height) centred on the axis, or an upright word.
pub fn operator(cx: &Cx, name: &OpName, st: Style) -> MBox {
    let size = cx.size(st);
    let mf = &cx.mf;
    match name {
        OpName::Glyph(c) => {
            let b = if st.level == 0 {
                // In display style a larger form than the text's, and at least the font's
                // display operator height.
                let text = mf.char_box(*c, size, 1);
                let min = mf.units(f64::from(mf.c().display_operator_min_height()), size);
                let target = min.max(text.height + text.depth + 0.01);
                stretch::stretched(mf, *c, target, size, true)
            } else {
                mf.char_box(*c, size, st.level)
            };
            let axis = mf.pt(mf.c().axis_height(), size);
            let shift = axis - (b.height - b.depth) / 2.0;
            let mut b = b.shifted(shift);
            b.is_char = false;
            b
        }
        OpName::Word(w) => {
            let mut b = MBox::default();
            for c in w.chars() {
                b.append(mf.char_box(c, size, st.level));
            }
            b.italic = 0.0;
            b
        }
    }
}

/// Scripts to the right of `base` (TeX's rule 18): a superscript after the base's italic
/// correction, a subscript under it, each as high or low as the font's shifts ask and clear
/// of the other by the font's gap.
pub fn attach(cx: &Cx, base: MBox, sub: Option<&[Node]>, sup: Option<&[Node]>, st: Style) -> MBox {
    if sub.is_none() && sup.is_none() {
        return base;
    }
    let size = cx.size(st);
    let (mf, c) = (&cx.mf, cx.mf.c());
    let pt = |v| mf.pt(v, size);
    let p = sup.map(|l| list(cx, l, st.sup()));
    let b = sub.map(|l| list(cx, l, st.sub()));
    // A single character's scripts are placed by the shifts alone; a larger base's hang
    // from its top and bottom.
    let (mut u, mut v) = if base.is_char {
        (0.0, 0.0)
    } else {
        (
            base.height - pt(c.superscript_baseline_drop_max()),
            base.depth + pt(c.subscript_baseline_drop_min()),
        )
    };
    if let Some(p) = &p {
        let shift = if st.cramped {
            pt(c.superscript_shift_up_cramped())
        } else {
            pt(c.superscript_shift_up())
        };
        u = u.max(shift).max(p.depth + pt(c.superscript_bottom_min()));
    }
    match (&b, &p) {
        (Some(b), None) => {
            v = v
                .max(pt(c.subscript_shift_down()))
                .max(b.height - pt(c.subscript_top_max()));
        }
        (Some(b), Some(p)) => {
            v = v.max(pt(c.subscript_shift_down()));
            let gap = (u - p.depth) - (b.height - v);
            let min = pt(c.sub_superscript_gap_min());
            if gap < min {
                v += min - gap;
                let lift = pt(c.superscript_bottom_max_with_subscript()) - (u - p.depth);
                if lift > 0.0 {
                    u += lift;
                    v -= lift;
                }
            }
        }
        _ => {}
    }
    let (w, italic) = (base.width, base.italic);
    let mut out = MBox::kern(w);
    out.place(base, 0.0, 0.0);
    let mut right = w;
    if let Some(p) = p {
        right = right.max(w + italic + p.width);
        out.place(p, w + italic, u);
    }
    if let Some(b) = b {
        right = right.max(w + b.width);
        out.place(b, w, -v);
    }
    out.width = right + pt(c.space_after_script());
    out
}

/// Limits above and below an operator, centred, the upper one moved right and the lower
/// left by half the operator's italic correction (the slant of ∫).
fn with_limits(cx: &Cx, op: MBox, sub: Option<&[Node]>, sup: Option<&[Node]>, st: Style) -> MBox {
    let size = cx.size(st);
    let (mf, c) = (&cx.mf, cx.mf.c());
    let pt = |v| mf.pt(v, size);
    let p = sup.map(|l| list(cx, l, st.sup()));
    let b = sub.map(|l| list(cx, l, st.sub()));
    let w = [
        Some(op.width),
        p.as_ref().map(|x| x.width),
        b.as_ref().map(|x| x.width),
    ]
    .into_iter()
    .flatten()
    .fold(0.0, f64::max);
    let delta = op.italic;
    let (oh, od, ow) = (op.height, op.depth, op.width);
    let mut out = MBox::kern(w);
    out.place(op, (w - ow) / 2.0, 0.0);
    if let Some(p) = p {
        let rise =
            (pt(c.upper_limit_gap_min()) + p.depth).max(pt(c.upper_limit_baseline_rise_min()));
        let x = (w - p.width) / 2.0 + delta / 2.0;
        out.place(p, x, oh + rise);
    }
    if let Some(b) = b {
        let drop =
            (pt(c.lower_limit_gap_min()) + b.height).max(pt(c.lower_limit_baseline_drop_min()));
        let x = (w - b.width) / 2.0 - delta / 2.0;
        out.place(b, x, -(od + drop));
    }
    out
}
