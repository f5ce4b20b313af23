//! Fractions (TeX's rule 15), radicals (rule 11) and accents (rule 12), with the MATH
//! table's gaps, shifts and rule thicknesses.

use super::atoms::list;
use super::mbox::MBox;
use super::{stretch, Cx, Style};
use crate::math::{Accent, FracStyle, List};

/// TeX's `\nulldelimiterspace` on each side of a fraction: 1.2 pt at 10 pt, so that a
/// fraction bar stands clear of what is beside it.
const FRACTION_SIDE_EM: f64 = 0.12;

/// A fraction, or with `rule` false a stack (`\binom`'s inside).
pub fn fraction(cx: &Cx, num: &List, den: &List, style: FracStyle, rule: bool, st: Style) -> MBox {
    let st = match style {
        FracStyle::Auto => st,
        FracStyle::Display => Style { level: 0, ..st },
        FracStyle::Text => Style {
            level: st.level.max(1),
            ..st
        },
    };
    let size = cx.size(st);
    let (mf, c) = (&cx.mf, cx.mf.c());
    let pt = |v| mf.pt(v, size);
    let n = list(cx, num, st.num());
    let d = list(cx, den, st.den());
    let display = st.level == 0;
    let axis = pt(c.axis_height());
    let (mut up, mut down) = match (rule, display) {
        (true, true) => (
            pt(c.fraction_numerator_display_style_shift_up()),
            pt(c.fraction_denominator_display_style_shift_down()),
        ),
        (true, false) => (
            pt(c.fraction_numerator_shift_up()),
            pt(c.fraction_denominator_shift_down()),
        ),
        (false, true) => (
            pt(c.stack_top_display_style_shift_up()),
            pt(c.stack_bottom_display_style_shift_down()),
        ),
        (false, false) => (pt(c.stack_top_shift_up()), pt(c.stack_bottom_shift_down())),
    };
    let t = if rule {
        pt(c.fraction_rule_thickness())
    } else {
        0.0
    };
    if rule {
        let (gap_n, gap_d) = if display {
            (
                pt(c.fraction_num_display_style_gap_min()),
                pt(c.fraction_denom_display_style_gap_min()),
            )
        } else {
            (
                pt(c.fraction_numerator_gap_min()),
                pt(c.fraction_denominator_gap_min()),
            )
        };
        up = up.max(axis + t / 2.0 + gap_n + n.depth);
        down = down.max(d.height + gap_d + t / 2.0 - axis);
    } else {
        let gap_min = if display {
            pt(c.stack_display_style_gap_min())
        } else {
            pt(c.stack_gap_min())
        };
        let gap = (up - n.depth) - (d.height - down);
        if gap < gap_min {
            up += (gap_min - gap) / 2.0;
            down += (gap_min - gap) / 2.0;
        }
    }
    let side = FRACTION_SIDE_EM * size;
    let w = n.width.max(d.width);
    let mut out = MBox::kern(w + 2.0 * side);
    let (nw, dw) = (n.width, d.width);
    out.place(n, side + (w - nw) / 2.0, up);
    out.place(d, side + (w - dw) / 2.0, -down);
    if rule {
        out.place(MBox::rule(w, t, axis - t / 2.0), side, 0.0);
    }
    out
}

/// A square root, or with `index` an n-th root.
pub fn radical(cx: &Cx, index: Option<&[crate::math::Node]>, body: &List, st: Style) -> MBox {
    let size = cx.size(st);
    let (mf, c) = (&cx.mf, cx.mf.c());
    let pt = |v| mf.pt(v, size);
    let b = list(cx, body, st.cramp());
    let t = pt(c.radical_rule_thickness());
    let mut gap = if st.level == 0 {
        pt(c.radical_display_style_vertical_gap())
    } else {
        pt(c.radical_vertical_gap())
    };
    let target = b.height + b.depth + gap + t;
    let sign = stretch::stretched(mf, '√', target, size, true);
    let total = sign.height + sign.depth;
    if total > target {
        gap += (total - target) / 2.0;
    }
    // The sign's top meets the rule's top.
    let top = b.height + gap + t;
    let shift = top - sign.height;
    let sign = sign.shifted(shift);
    let mut out = MBox::default();
    if let Some(ix) = index {
        let deg = list(
            cx,
            ix,
            Style {
                level: 3,
                cramped: true,
            },
        );
        let before = pt(c.radical_kern_before_degree());
        let after = pt(c.radical_kern_after_degree());
        let raise =
            f64::from(c.radical_degree_bottom_raise_percent()) / 100.0 * (sign.height + sign.depth);
        let dw = deg.width;
        out.place(deg, before.max(0.0), raise - sign.depth);
        out.width = (before + dw + after).max(0.0);
    }
    let sign_w = sign.width;
    let x = out.width;
    out.place(sign, x, 0.0);
    let bw = b.width;
    out.place(b, x + sign_w, 0.0);
    out.place(MBox::rule(bw, t, top - t), x + sign_w, 0.0);
    out.height = out.height.max(top + pt(c.radical_extra_ascender()));
    out.width = x + sign_w + bw;
    out
}

/// An accent over its base, or a rule over or under it.
pub fn accent(cx: &Cx, accent: Accent, body: &List, st: Style) -> MBox {
    let size = cx.size(st);
    let (mf, c) = (&cx.mf, cx.mf.c());
    let pt = |v| mf.pt(v, size);
    let base = list(cx, body, st.cramp());
    let w = base.width;
    let mut out = MBox::kern(w);
    out.italic = base.italic;
    match accent {
        Accent::Overline => {
            let (t, gap) = (pt(c.overbar_rule_thickness()), pt(c.overbar_vertical_gap()));
            let h = base.height;
            out.place(base, 0.0, 0.0);
            out.place(MBox::rule(w, t, h + gap), 0.0, 0.0);
            out.height += pt(c.overbar_extra_ascender());
        }
        Accent::Underline => {
            let (t, gap) = (
                pt(c.underbar_rule_thickness()),
                pt(c.underbar_vertical_gap()),
            );
            let d = base.depth;
            out.place(base, 0.0, 0.0);
            out.place(MBox::rule(w, t, -(d + gap + t)), 0.0, 0.0);
            out.depth += pt(c.underbar_extra_descender());
        }
        _ => {
            let mark = accent.combining().unwrap_or('\u{302}');
            let glyph = if accent.wide() {
                stretch::stretched(mf, mark, w, size, false)
            } else {
                mf.char_box(mark, size, st.level)
            };
            let attach = glyph.accent_x.unwrap_or_else(|| mf.ink_middle(&glyph));
            let x = base.accent_center() - attach;
            let raise = (base.height - pt(c.accent_base_height())).max(0.0);
            out.place(base, 0.0, 0.0);
            out.place(glyph, x, raise);
        }
    }
    out
}
