//! MathML for the EPUB: a parsed formula as presentation MathML (the elements MathML Core
//! renders, with the MathML 3 attributes that readers without Core's defaults need), its
//! TeX source as `alttext`. Fixed-size delimiters are marked `stretchy="false"` so that only
//! `\left…\right` grows, as in TeX; upright letters are marked `mathvariant="normal"`;
//! bold, double-struck and script letters are written as their Unicode characters.

use super::markup::{attr, esc, to_id};
use crate::math::{
    styled, Accent, Class, Env, Formula, FracStyle, Kind, Limits, List, Node, OpName, TextFace,
    Variant,
};
use crate::model::{EquationNumber, Math};

/// The MathML namespace.
const NS: &str = "http://www.w3.org/1998/Math/MathML";

/// Heights of `\big`, `\Big`, `\bigg` and `\Bigg` delimiters in em (plain TeX's 8.5, 11.5,
/// 14.5 and 17.5 pt at 10 pt, rounded up as MathJax does).
const BIG_SIZES: [&str; 4] = ["1.2em", "1.8em", "2.4em", "3em"];

/// An inline formula: its MathML, or its source as code when it could not be read.
pub fn inline(m: &Math) -> String {
    match &m.formula {
        // A reading system cannot break a formula, so a long one gets a box of its own that
        // scrolls sideways on a narrow screen rather than widen the page.
        Some(f) if m.tex.trim().chars().count() > WIDE_INLINE_CHARS => format!(
            "<span class=\"math-wide\">{}</span>",
            math(f, &m.tex, false)
        ),
        Some(f) => math(f, &m.tex, false),
        None => format!("<code class=\"math-source\">{}</code>", esc(&m.tex)),
    }
}

/// The TeX length from which an inline formula may be wider than a phone's line (some 25
/// characters of text at 360 px): `a_0 + a_1 x + a_2 x^2 + a_3 x^3` is 31.
const WIDE_INLINE_CHARS: usize = 30;

/// A display formula as a block: centred MathML with its number after it, or its source
/// as a code block when it could not be read.
pub fn display(m: &Math, number: Option<&EquationNumber>) -> String {
    let Some(f) = &m.formula else {
        return format!(
            "<pre class=\"math-source\"><code>{}</code></pre>\n",
            esc(&m.tex)
        );
    };
    let (id, num) = match number {
        Some(n) => (
            format!(" id=\"{}\"", attr(&to_id(&n.id))),
            format!("<span class=\"equation-number\">{}</span>", esc(&n.text)),
        ),
        None => (String::new(), String::new()),
    };
    format!(
        "<div class=\"equation\"{id}>{}{num}</div>\n",
        math(f, &m.tex, true)
    )
}

/// The `<math>` element of `formula`, whose TeX source is `tex`.
pub fn math(formula: &Formula, tex: &str, display: bool) -> String {
    let mut w = String::new();
    w.push_str(&format!("<math xmlns=\"{NS}\""));
    if display {
        w.push_str(" display=\"block\"");
    }
    w.push_str(&format!(" alttext=\"{}\">", attr(tex.trim())));
    row(&mut w, &formula.nodes);
    w.push_str("</math>");
    w
}

/// A list as one element: itself when it holds one node, else an `<mrow>`.
fn row(w: &mut String, list: &List) {
    if let [one] = list.as_slice() {
        if !matches!(
            one.kind,
            Kind::Operator {
                name: OpName::Word(_),
                ..
            }
        ) {
            return node(w, one);
        }
    }
    w.push_str("<mrow>");
    for n in list {
        node(w, n);
    }
    w.push_str("</mrow>");
}

fn node(w: &mut String, n: &Node) {
    match &n.kind {
        Kind::Symbol { ch, variant, class } => symbol(w, *ch, *variant, *class),
        Kind::Number(s) => w.push_str(&format!("<mn>{}</mn>", esc(s))),
        Kind::Text { text, face } => {
            let v = match face {
                TextFace::Regular => "",
                TextFace::Italic => " mathvariant=\"italic\"",
                TextFace::Bold => " mathvariant=\"bold\"",
            };
            w.push_str(&format!("<mtext{v}>{}</mtext>", esc(text)));
        }
        Kind::Operator { name, limits } => operator(w, name, *limits, None, None),
        Kind::Group(l) => {
            w.push_str("<mrow>");
            l.iter().for_each(|n| node(w, n));
            w.push_str("</mrow>");
        }
        Kind::Scripts { base, sub, sup } => scripts(w, base, sub.as_ref(), sup.as_ref()),
        Kind::Fraction {
            num,
            den,
            style,
            rule,
        } => fraction(w, num, den, *style, *rule),
        Kind::Radical { index: None, body } => {
            w.push_str("<msqrt>");
            body.iter().for_each(|n| node(w, n));
            w.push_str("</msqrt>");
        }
        Kind::Radical {
            index: Some(i),
            body,
        } => {
            w.push_str("<mroot>");
            row(w, body);
            row(w, i);
            w.push_str("</mroot>");
        }
        Kind::Fenced { open, close, body } => {
            w.push_str("<mrow>");
            if let Some(c) = open {
                w.push_str(&format!(
                    "<mo fence=\"true\" form=\"prefix\">{}</mo>",
                    esc_char(*c)
                ));
            }
            body.iter().for_each(|n| node(w, n));
            if let Some(c) = close {
                w.push_str(&format!(
                    "<mo fence=\"true\" form=\"postfix\">{}</mo>",
                    esc_char(*c)
                ));
            }
            w.push_str("</mrow>");
        }
        Kind::Middle(c) => w.push_str(&format!(
            "<mo fence=\"true\" stretchy=\"true\">{}</mo>",
            esc_char(*c)
        )),
        Kind::SizedDelim { ch, size, .. } => {
            let s = BIG_SIZES[usize::from(size.clamp(&1, &4) - 1)];
            w.push_str(&format!(
                "<mo stretchy=\"true\" minsize=\"{s}\" maxsize=\"{s}\">{}</mo>",
                esc_char(*ch)
            ));
        }
        Kind::Accent { accent, body } => self::accent(w, *accent, body),
        Kind::Space(mu) => w.push_str(&format!("<mspace width=\"{}em\"/>", em(*mu))),
        Kind::Table { env, rows } => table(w, *env, rows),
        Kind::Ref { number, .. } => w.push_str(&format!(
            "<mtext>{}</mtext>",
            esc(number.as_deref().unwrap_or("(??)"))
        )),
    }
}

/// Ordinary symbols that MathML treats as operators (fences, slashes, primes, dots).
const ORD_OPERATORS: &str = "|‖/′″‴.…⋯⋮⋱∀∃∄¬∖";

fn symbol(w: &mut String, ch: char, variant: Variant, class: Class) {
    if class == Class::Ord && !ORD_OPERATORS.contains(ch) {
        if ch.is_ascii_digit() {
            w.push_str(&format!("<mn>{}</mn>", styled(ch, variant)));
            return;
        }
        // A single letter in <mi> is italic by default: say so when it is not.
        let (c, normal) = match variant {
            Variant::Italic => (ch, false),
            Variant::Normal => (ch, ch.is_alphabetic()),
            v => (styled(ch, v), false),
        };
        let mv = if normal {
            " mathvariant=\"normal\""
        } else {
            ""
        };
        w.push_str(&format!("<mi{mv}>{}</mi>", esc_char(c)));
        return;
    }
    let fixed = matches!(class, Class::Open | Class::Close) || "|‖/".contains(ch);
    let attrs = if fixed { " stretchy=\"false\"" } else { "" };
    w.push_str(&format!("<mo{attrs}>{}</mo>", esc_char(ch)));
}

/// An operator, with its limits or scripts when it has them.
fn operator(w: &mut String, name: &OpName, limits: Limits, sub: Option<&List>, sup: Option<&List>) {
    let movable = match limits {
        Limits::Display => " movablelimits=\"true\"",
        Limits::Always => " movablelimits=\"false\"",
        Limits::Never => "",
    };
    let op = match name {
        OpName::Glyph(c) => format!("<mo{movable}>{}</mo>", esc_char(*c)),
        OpName::Word(s) if sub.is_none() && sup.is_none() => format!("<mi>{}</mi>", esc(s)),
        OpName::Word(s) => format!("<mo{movable} form=\"prefix\">{}</mo>", esc(s)),
    };
    let (under, over) = match limits {
        Limits::Never => ("msub", "msup"),
        _ => ("munder", "mover"),
    };
    let both = if limits == Limits::Never {
        "msubsup"
    } else {
        "munderover"
    };
    let word = matches!(name, OpName::Word(_));
    if word {
        w.push_str("<mrow>");
    }
    match (sub, sup) {
        (None, None) => w.push_str(&op),
        (Some(b), None) => wrap(w, under, &op, &[b]),
        (None, Some(p)) => wrap(w, over, &op, &[p]),
        (Some(b), Some(p)) => wrap(w, both, &op, &[b, p]),
    }
    if word {
        // Function application, so that a reader hears "sine of x".
        w.push_str("<mo>&#x2061;</mo></mrow>");
    }
}

fn wrap(w: &mut String, tag: &str, base: &str, parts: &[&List]) {
    w.push_str(&format!("<{tag}>{base}"));
    for p in parts {
        row(w, p);
    }
    w.push_str(&format!("</{tag}>"));
}

fn scripts(w: &mut String, base: &Node, sub: Option<&List>, sup: Option<&List>) {
    if let Kind::Operator { name, limits } = &base.kind {
        return operator(w, name, *limits, sub, sup);
    }
    let mut b = String::new();
    node(&mut b, base);
    match (sub, sup) {
        (Some(s), None) => wrap(w, "msub", &b, &[s]),
        (None, Some(p)) => wrap(w, "msup", &b, &[p]),
        (Some(s), Some(p)) => wrap(w, "msubsup", &b, &[s, p]),
        (None, None) => w.push_str(&b),
    }
}

fn fraction(w: &mut String, num: &List, den: &List, style: FracStyle, rule: bool) {
    let styled = match style {
        FracStyle::Auto => None,
        FracStyle::Display => Some("true"),
        FracStyle::Text => Some("false"),
    };
    if let Some(d) = styled {
        w.push_str(&format!("<mstyle displaystyle=\"{d}\">"));
    }
    w.push_str(if rule {
        "<mfrac>"
    } else {
        "<mfrac linethickness=\"0\">"
    });
    row(w, num);
    row(w, den);
    w.push_str("</mfrac>");
    if styled.is_some() {
        w.push_str("</mstyle>");
    }
}

fn accent(w: &mut String, accent: Accent, body: &List) {
    let (mark, stretchy) = match accent {
        Accent::Hat => ('^', false),
        Accent::WideHat => ('^', true),
        Accent::Tilde => ('~', false),
        Accent::WideTilde => ('~', true),
        Accent::Bar => ('¯', false),
        Accent::Vec => ('→', false),
        Accent::Dot => ('˙', false),
        Accent::Ddot => ('¨', false),
        Accent::Check => ('ˇ', false),
        Accent::Breve => ('˘', false),
        Accent::Acute => ('´', false),
        Accent::Grave => ('`', false),
        Accent::Overline => ('‾', true),
        Accent::Underline => ('_', true),
    };
    let (tag, flag) = if accent == Accent::Underline {
        ("munder", "accentunder")
    } else {
        ("mover", "accent")
    };
    w.push_str(&format!("<{tag} {flag}=\"true\">"));
    row(w, body);
    w.push_str(&format!(
        "<mo stretchy=\"{stretchy}\">{}</mo></{tag}>",
        esc_char(mark)
    ));
}

fn table(w: &mut String, env: Env, rows: &[Vec<List>]) {
    let (open, close) = env.fences();
    w.push_str("<mrow>");
    if let Some(c) = open {
        w.push_str(&format!(
            "<mo fence=\"true\" form=\"prefix\">{}</mo>",
            esc_char(c)
        ));
    }
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let align: Vec<&str> = (0..cols)
        .map(|i| match env.column_align(i) {
            crate::math::ColumnAlign::Left => "left",
            crate::math::ColumnAlign::Center => "center",
            crate::math::ColumnAlign::Right => "right",
        })
        .collect();
    w.push_str(&format!("<mtable columnalign=\"{}\"", align.join(" ")));
    match env {
        Env::Aligned => {
            let gaps: Vec<&str> = (1..cols.max(2))
                .map(|i| if i % 2 == 1 { "0em" } else { "2em" })
                .collect();
            w.push_str(&format!(
                " columnspacing=\"{}\" displaystyle=\"true\"",
                gaps.join(" ")
            ));
        }
        Env::Cases => w.push_str(" columnspacing=\"1em\""),
        _ => {}
    }
    w.push('>');
    for r in rows {
        w.push_str("<mtr>");
        for cell in r {
            w.push_str("<mtd>");
            cell.iter().for_each(|n| node(w, n));
            w.push_str("</mtd>");
        }
        w.push_str("</mtr>");
    }
    w.push_str("</mtable>");
    if let Some(c) = close {
        w.push_str(&format!(
            "<mo fence=\"true\" form=\"postfix\">{}</mo>",
            esc_char(c)
        ));
    }
    w.push_str("</mrow>");
}

/// A length in mu as em, to four places.
fn em(mu: f32) -> String {
    let v = f64::from(mu) / 18.0;
    let s = format!("{v:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn esc_char(c: char) -> String {
    esc(c.encode_utf8(&mut [0; 4]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ml(tex: &str, display: bool) -> String {
        math(&crate::math::parse(tex).unwrap(), tex, display)
    }

    #[test]
    fn letters_operators_and_scripts() {
        let m = ml(r"x_i^2 + \mathrm{d}y < \infty", false);
        assert!(m.starts_with("<math xmlns=\"http://www.w3.org/1998/Math/MathML\" alttext=\"x_i^2 + \\mathrm{d}y &lt; \\infty\">"), "{m}");
        assert!(
            m.contains("<msubsup><mi>x</mi><mi>i</mi><mn>2</mn></msubsup><mo>+</mo>"),
            "{m}"
        );
        assert!(m.contains("<mi mathvariant=\"normal\">d</mi>"));
        assert!(m.contains("<mo>&lt;</mo><mi>∞</mi>"));
    }

    #[test]
    fn structures() {
        let m = ml(
            r"\sum_{k=1}^n \frac{1}{k^2} = \sqrt[3]{\left( a \right)}",
            true,
        );
        assert!(m.contains("display=\"block\""));
        assert!(
            m.contains("<munderover><mo movablelimits=\"true\">∑</mo>"),
            "{m}"
        );
        assert!(m.contains("<mfrac><mn>1</mn><msup><mi>k</mi><mn>2</mn></msup></mfrac>"));
        assert!(
            m.contains("<mroot><mrow><mo fence=\"true\" form=\"prefix\">(</mo><mi>a</mi>"),
            "{m}"
        );
        let m = ml(r"\lim_{x \to 0} \sin x", true);
        assert!(
            m.contains("<mrow><munder><mo movablelimits=\"true\" form=\"prefix\">lim</mo>"),
            "{m}"
        );
        assert!(
            m.contains("<mrow><mi>sin</mi><mo>&#x2061;</mo></mrow>"),
            "{m}"
        );
        let m = ml(
            r"\begin{cases} 1 & x > 0 \\ 0 & \text{otherwise} \end{cases}",
            true,
        );
        assert!(m.contains("<mtable columnalign=\"left left\""), "{m}");
        assert!(m.contains("<mtext>otherwise</mtext>"));
        assert!(ml(r"(a)", false).contains("<mo stretchy=\"false\">(</mo>"));
    }

    #[test]
    fn every_output_parses_as_xml() {
        for tex in [
            r"\hat{x} \vec{v} \overline{AB} \underline{u} \widetilde{xyz}",
            r"\begin{pmatrix} a & b \\ c & d \end{pmatrix} \begin{aligned} a &= b \\ &= c \end{aligned}",
            r"\big( \Big[ x \Big] \big) \left\{ a \middle| b \right. \, \! \quad",
            r"\mathbb{R} \mathcal{L} \mathbf{v} \boldsymbol{\alpha} \operatorname*{arg\,max}_x",
            r"\binom{n}{k} \dfrac{a}{b} \tfrac12 f'(x) \eqref{a}",
        ] {
            let m = ml(tex, true);
            roxmltree::Document::parse(&m).unwrap_or_else(|e| panic!("{tex}: {e}\n{m}"));
        }
    }
}
