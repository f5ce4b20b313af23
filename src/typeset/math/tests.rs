use super::*;
use crate::manifest::FontFiles;

fn fonts() -> Fonts {
    Fonts::load(&FontFiles::default())
}

fn boxed(fonts: &Fonts, tex: &str) -> MBox {
    display(fonts, &crate::math::parse(tex).unwrap(), 10.0)
        .unwrap()
        .out
}

/// Baseline heights of the glyphs showing `c`.
fn glyph_ys(b: &MBox, c: char) -> Vec<f64> {
    b.pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Glyph { y, ch, .. } if *ch == c => Some(*y),
            _ => None,
        })
        .collect()
}

#[test]
fn scripts_rise_and_fall() {
    let f = fonts();
    let b = boxed(&f, "x_i^2");
    assert!(glyph_ys(&b, '2')[0] > 2.0, "{b:?}");
    assert!(glyph_ys(&b, '𝑖')[0] < -1.0);
    assert_eq!(glyph_ys(&b, '𝑥'), [0.0]);
}

#[test]
fn fractions_straddle_the_axis() {
    let f = fonts();
    let b = boxed(&f, r"\frac{a}{b}");
    let (num, den) = (glyph_ys(&b, '𝑎')[0], glyph_ys(&b, '𝑏')[0]);
    assert!(num > 5.0 && den < -5.0, "{num} {den}");
    let rule = b.pieces.iter().find_map(|p| match p {
        Piece::Rule { y, height, .. } => Some(y + height / 2.0),
        _ => None,
    });
    // The bar is on the axis (0.26 em in Schola).
    assert!((rule.unwrap() - 2.6).abs() < 0.01, "{rule:?}");
}

#[test]
fn display_operators_and_fences_grow() {
    let f = fonts();
    let inline_sum = inline(&f, &crate::math::parse(r"\sum").unwrap(), r"\sum", 10.0).unwrap();
    let InlineElem::Segment(s) = &inline_sum.out[0] else {
        panic!()
    };
    let big = boxed(&f, r"\sum");
    assert!(big.height + big.depth > 1.3 * (s.mbox.height + s.mbox.depth));
    let tall = boxed(
        &f,
        r"\left( \frac{\frac{a}{b}}{\frac{c}{\frac{d}{e}}} \right)",
    );
    let paren = tall
        .pieces
        .iter()
        .filter(|p| matches!(p, Piece::Glyph { ch: '(', .. }));
    assert!(paren.count() >= 1);
    // Taller than the largest variant: an assembly of several parts.
    let huge = boxed(
        &f,
        r"\left( \begin{matrix} 1 \\ 2 \\ 3 \\ 4 \\ 5 \\ 6 \\ 7 \\ 8 \\ 9 \\ 10 \end{matrix} \right)",
    );
    let parts = huge
        .pieces
        .iter()
        .filter(|p| matches!(p, Piece::Glyph { ch: '(', .. }));
    assert!(parts.count() >= 3, "{huge:?}");
    assert!(huge.height + huge.depth > 100.0);
}

#[test]
fn inline_formulas_break_after_relations_and_operators_only() {
    let f = fonts();
    let tex = r"a = b + c \cdot (d - e) \leq -f";
    let laid = inline(&f, &crate::math::parse(tex).unwrap(), tex, 10.0).unwrap();
    // The TeX between breaks, and the breaks' costs.
    let mut texts = vec![String::new()];
    let mut penalties = Vec::new();
    for e in &laid.out {
        match e {
            InlineElem::Segment(s) => texts.last_mut().unwrap().push_str(&s.tex),
            InlineElem::Glue { stretch, .. } => assert!(*stretch > 0.0),
            InlineElem::Break { penalty, .. } => {
                penalties.push(*penalty);
                texts.push(String::new());
            }
        }
    }
    // Parentheses without \left are no group: TeX breaks inside them too. The last minus
    // is unary, after a relation.
    assert_eq!(texts, ["a=", "b+", r"c\cdot", "(d-", r"e)\leq", "-f"]);
    let flat: String = tex.split_whitespace().collect();
    assert_eq!(texts.concat(), flat);
    assert_eq!(
        penalties,
        [
            REL_PENALTY,
            BIN_PENALTY,
            BIN_PENALTY,
            BIN_PENALTY,
            REL_PENALTY
        ]
    );
}

#[test]
fn radicals_cover_their_body() {
    let f = fonts();
    let b = boxed(&f, r"\sqrt[3]{x^2}");
    let rule_top = b
        .pieces
        .iter()
        .find_map(|p| match p {
            Piece::Rule { y, height, .. } => Some(y + height),
            _ => None,
        })
        .unwrap();
    let two = glyph_ys(&b, '2')[0];
    assert!(rule_top > two + 2.0, "{rule_top} {two}");
    assert!(!glyph_ys(&b, '3').is_empty());
}
