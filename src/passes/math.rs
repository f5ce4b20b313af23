//! The math pass: every formula of a document parsed once (by [`crate::math::parse`]) for
//! both backends. A formula the parser refuses keeps only its source, which the backends
//! show as code, and is reported at the line and column of the problem.

use crate::diag::{Diagnostics, Span};
use crate::math::{locate, parse};
use crate::model::{visit_blocks_mut, Block, Document, Inline, Math};

/// Longest piece of a formula quoted in a message, in characters.
const QUOTE_CHARS: usize = 40;

/// Parses every formula of `doc`, in reading order; errors become warnings.
pub fn parse_math(doc: &mut Document, diags: &mut Diagnostics) {
    let path = doc.path.clone();
    let mut one = |m: &mut Math| match parse(&m.tex) {
        Ok(f) => m.formula = Some(f),
        Err(e) => {
            m.formula = None;
            diags.warning(
                Span::at(&path, locate(m.pos, &m.tex, e.offset)),
                format!(
                    "{} in the formula `{}`; it is printed as its TeX source",
                    e.message,
                    quote(&m.tex)
                ),
                "correct the formula; Folio reads the TeX math of LaTeX's amsmath, without \
                 macros or packages",
            );
        }
    };
    visit_blocks_mut(&mut doc.blocks, &mut |b| match b {
        Block::DisplayMath { math, .. } => one(math),
        Block::Heading { content, .. } | Block::Paragraph { content, .. } => run(content, &mut one),
        Block::Table { head, rows, .. } => {
            for cell in head.iter_mut().chain(rows.iter_mut().flatten()) {
                run(cell, &mut one);
            }
        }
        _ => {}
    });
}

/// The formulas of a run of inlines, not those of its notes (their blocks are visited as
/// blocks).
fn run(inlines: &mut [Inline], f: &mut dyn FnMut(&mut Math)) {
    for inline in inlines {
        match inline {
            Inline::Math(m) => f(m),
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c)
            | Inline::Link { content: c, .. } => run(c, f),
            _ => {}
        }
    }
}

/// The formula as quoted in a message: on one line, shortened.
fn quote(tex: &str) -> String {
    let flat: String = tex.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= QUOTE_CHARS {
        return flat;
    }
    let cut: String = flat.chars().take(QUOTE_CHARS - 1).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Pos;

    #[test]
    fn errors_are_located_in_the_file() {
        let mut doc = Document {
            path: "a.md".into(),
            blocks: vec![
                Block::Paragraph {
                    content: vec![Inline::Math(Math::new(r"x + \foo", Pos::new(3, 7)))],
                    pos: Pos::new(3, 1),
                },
                Block::DisplayMath {
                    math: Math::new("a\n  + {b", Pos::new(5, 3)),
                    pos: Pos::new(5, 1),
                    number: None,
                },
            ],
            ..Document::default()
        };
        let mut diags = Diagnostics::new();
        parse_math(&mut doc, &mut diags);
        let msgs: Vec<String> = diags.items().iter().map(|d| d.to_string()).collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(msgs[0].contains("a.md:3:11"), "{}", msgs[0]);
        assert!(msgs[0].contains(r"unknown command \foo"));
        assert!(msgs[1].contains("a.md:6:5"), "{}", msgs[1]);
        let Block::Paragraph { content, .. } = &doc.blocks[0] else {
            panic!()
        };
        assert!(matches!(&content[0], Inline::Math(m) if m.formula.is_none()));
    }

    #[test]
    fn long_formulas_are_shortened_in_messages() {
        assert_eq!(quote("a\n b"), "a b");
        assert_eq!(quote(&"x".repeat(100)).chars().count(), QUOTE_CHARS);
    }
}
