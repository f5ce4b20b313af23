//! TeX math, the subset authors write in markdown, parsed once into a tree of atoms that
//! both backends read: the EPUB writes MathML from it and the typesetter lays it out. The
//! tree keeps TeX's atom classes (which decide spacing and line breaks), the characters as
//! written with their alphabet (italic, bold, double-struck…), and every node's byte range
//! in the source so that a part of a formula can be given back as its TeX.

mod lex;
mod names;
mod parse;
mod symbols;
mod walk;

pub use parse::parse;
pub use walk::visit_mut;

use crate::model::Pos;

/// TeX's atom classes (TeXbook, chapter 17): they decide the space between neighbours and
/// where an inline formula may break.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Class {
    /// An ordinary symbol (a letter, a digit, ∞).
    Ord,
    /// A big operator or a named function (∑, sin).
    Op,
    /// A binary operator (+, ×).
    Bin,
    /// A relation (=, ≤, →).
    Rel,
    /// An opening delimiter.
    Open,
    /// A closing delimiter.
    Close,
    /// Punctuation (a comma).
    Punct,
    /// A delimited subformula or an ellipsis.
    Inner,
}

/// The alphabet a letter or digit is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Variant {
    /// As written, upright (digits, `\mathrm`, capital Greek).
    Normal,
    /// Italic (the default for Latin and small Greek letters, `\mathit`).
    Italic,
    /// Bold upright (`\mathbf`).
    Bold,
    /// Bold italic (`\boldsymbol`).
    BoldItalic,
    /// Double-struck (`\mathbb`).
    DoubleStruck,
    /// Calligraphic script (`\mathcal`).
    Script,
}

/// The face of text in a formula (`\text`, `\textbf`, `\textit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum TextFace {
    /// Roman.
    Regular,
    /// Italic.
    Italic,
    /// Bold.
    Bold,
}

/// Where the limits of an operator go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Limits {
    /// Above and below in display style, as scripts otherwise (∑, lim).
    Display,
    /// Always above and below (`\limits`).
    Always,
    /// Always as scripts (∫, sin, `\nolimits`).
    Never,
}

/// What a big operator shows: a glyph that grows in display style, or a word.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum OpName {
    /// ∑, ∫ …
    Glyph(char),
    /// sin, lim, or an `\operatorname`.
    Word(String),
}

/// An accent, or a rule over or under its base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Accent {
    /// `\hat`.
    Hat,
    /// `\widehat`.
    WideHat,
    /// `\tilde`.
    Tilde,
    /// `\widetilde`.
    WideTilde,
    /// `\bar`.
    Bar,
    /// `\vec`.
    Vec,
    /// `\dot`.
    Dot,
    /// `\ddot`.
    Ddot,
    /// `\check`.
    Check,
    /// `\breve`.
    Breve,
    /// `\acute`.
    Acute,
    /// `\grave`.
    Grave,
    /// `\overline`: a rule over the whole base.
    Overline,
    /// `\underline`: a rule under the whole base.
    Underline,
}

impl Accent {
    /// The combining character a math font attaches for this accent (`None` for rules).
    pub fn combining(self) -> Option<char> {
        Some(match self {
            Accent::Hat | Accent::WideHat => '\u{302}',
            Accent::Tilde | Accent::WideTilde => '\u{303}',
            Accent::Bar => '\u{304}',
            Accent::Vec => '\u{20D7}',
            Accent::Dot => '\u{307}',
            Accent::Ddot => '\u{308}',
            Accent::Check => '\u{30C}',
            Accent::Breve => '\u{306}',
            Accent::Acute => '\u{301}',
            Accent::Grave => '\u{300}',
            Accent::Overline | Accent::Underline => return None,
        })
    }

    /// Whether the accent stretches over a wide base.
    pub fn wide(self) -> bool {
        matches!(
            self,
            Accent::WideHat | Accent::WideTilde | Accent::Overline | Accent::Underline
        )
    }
}

/// A fraction's style: as the context says, or forced (`\dfrac`, `\tfrac`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum FracStyle {
    /// `\frac`.
    Auto,
    /// `\dfrac`.
    Display,
    /// `\tfrac`.
    Text,
}

/// An environment of rows and cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Env {
    /// `matrix`: no delimiters.
    Matrix,
    /// `pmatrix`: parentheses.
    PMatrix,
    /// `bmatrix`: brackets.
    BMatrix,
    /// `Bmatrix`: braces.
    BraceMatrix,
    /// `vmatrix`: bars.
    VMatrix,
    /// `Vmatrix`: double bars.
    DoubleVMatrix,
    /// `cases`: a left brace, cells flush left.
    Cases,
    /// `aligned` (and `align*`): columns alternately flush right and flush left.
    Aligned,
}

impl Env {
    /// The delimiters around the environment.
    pub fn fences(self) -> (Option<char>, Option<char>) {
        match self {
            Env::Matrix | Env::Aligned => (None, None),
            Env::PMatrix => (Some('('), Some(')')),
            Env::BMatrix => (Some('['), Some(']')),
            Env::BraceMatrix => (Some('{'), Some('}')),
            Env::VMatrix => (Some('|'), Some('|')),
            Env::DoubleVMatrix => (Some('‖'), Some('‖')),
            Env::Cases => (Some('{'), None),
        }
    }

    /// How column `i` is aligned.
    pub fn column_align(self, i: usize) -> ColumnAlign {
        match self {
            Env::Cases => ColumnAlign::Left,
            Env::Aligned if i.is_multiple_of(2) => ColumnAlign::Right,
            Env::Aligned => ColumnAlign::Left,
            _ => ColumnAlign::Center,
        }
    }
}

/// The alignment of a column of an environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum ColumnAlign {
    /// Flush left.
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

/// A list of nodes: a formula, a group, a script, a cell.
pub type List = Vec<Node>;

/// One node of a formula and the bytes of the source it was read from.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Node {
    /// What it is.
    pub kind: Kind,
    /// First byte in the formula's source.
    pub start: u32,
    /// One past its last byte.
    pub end: u32,
}

/// What a node is.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum Kind {
    /// A letter, operator, relation, delimiter or other symbol, as written.
    Symbol {
        /// The character (a plain letter; the alphabet says how it is set).
        ch: char,
        /// Its alphabet.
        variant: Variant,
        /// Its class.
        class: Class,
    },
    /// Digits, with a decimal point between them.
    Number(String),
    /// Text in a text face (`\text{…}`).
    Text {
        /// The text.
        text: String,
        /// Its face.
        face: TextFace,
    },
    /// A big operator or a named function.
    Operator {
        /// What it shows.
        name: OpName,
        /// Where its limits go.
        limits: Limits,
    },
    /// A braced subformula: one ordinary atom.
    Group(List),
    /// A base with a subscript, a superscript or both.
    Scripts {
        /// The base.
        base: Box<Node>,
        /// The subscript.
        sub: Option<List>,
        /// The superscript.
        sup: Option<List>,
    },
    /// A fraction (with a rule), or a stack without one (`\binom`'s inside).
    Fraction {
        /// Numerator.
        num: List,
        /// Denominator.
        den: List,
        /// Its style.
        style: FracStyle,
        /// Whether a rule separates them.
        rule: bool,
    },
    /// A square root or an n-th root.
    Radical {
        /// The root's index, if any.
        index: Option<List>,
        /// What is under the sign.
        body: List,
    },
    /// `\left … \right`: delimiters that grow to the height of what they enclose.
    Fenced {
        /// Left delimiter (`None` for `.`).
        open: Option<char>,
        /// Right delimiter.
        close: Option<char>,
        /// The enclosed formula.
        body: List,
    },
    /// `\middle`: a delimiter inside a fence, as tall as the fence.
    Middle(char),
    /// `\big(` and its relatives: a delimiter of a fixed size.
    SizedDelim {
        /// The delimiter.
        ch: char,
        /// 1 for `\big`, 2 `\Big`, 3 `\bigg`, 4 `\Bigg`.
        size: u8,
        /// Its class (`\bigl` opens, `\bigr` closes, `\bigm` relates).
        class: Class,
    },
    /// An accent over (or a rule under) a base.
    Accent {
        /// Which.
        accent: Accent,
        /// The base.
        body: List,
    },
    /// Explicit space, in mu (1/18 em); negative to pull together.
    Space(f32),
    /// An environment of rows of cells.
    Table {
        /// Which environment.
        env: Env,
        /// Rows of cells.
        rows: Vec<Vec<List>>,
    },
    /// `\eqref{…}` or `\ref{…}`: another equation's number.
    Ref {
        /// The label referred to.
        label: String,
        /// `\eqref` (in parentheses) rather than `\ref`.
        parens: bool,
        /// The number once cross-references are resolved.
        number: Option<String>,
    },
}

/// A `\tag`: the text shown instead of an equation number.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Tag {
    /// The tag's text.
    pub text: String,
    /// `\tag` (in parentheses) rather than `\tag*`.
    pub parens: bool,
}

/// A parsed formula: its nodes and what it says about its own numbering.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Formula {
    /// The top-level list.
    pub nodes: List,
    /// `\tag{…}`.
    pub tag: Option<Tag>,
    /// `\label{…}`.
    pub label: Option<String>,
    /// Written as `\begin{equation}`.
    pub equation: bool,
    /// `\notag` or `\nonumber`.
    pub notag: bool,
}

impl Formula {
    /// Whether a display of this formula carries a number or tag.
    pub fn numbered(&self) -> bool {
        self.tag.is_some() || ((self.label.is_some() || self.equation) && !self.notag)
    }
}

/// Why a formula could not be read: the byte in its source and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MathError {
    /// Byte offset in the formula's source.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

impl MathError {
    /// An error at `offset`.
    pub fn new(offset: usize, message: impl Into<String>) -> Self {
        MathError {
            offset,
            message: message.into(),
        }
    }
}

/// Where byte `offset` of `text`, which starts at `pos` in its file, is.
pub fn locate(pos: Pos, text: &str, offset: usize) -> Pos {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    match before.rfind('\n') {
        Some(nl) => Pos::new(
            pos.line + before.matches('\n').count() as u32,
            before[nl + 1..].chars().count() as u32 + 1,
        ),
        None => Pos::new(pos.line, pos.col + before.chars().count() as u32),
    }
}

/// The Unicode character that sets `c` in `variant`: the Mathematical Alphanumeric Symbols
/// block and the letter-like symbols it leaves to older blocks (ℎ, ℝ, ℬ…). Characters the
/// alphabet has no form of are returned as they are.
pub fn styled(c: char, variant: Variant) -> char {
    let (upper, lower, digit, greek_lower, greek_upper): (u32, u32, Option<u32>, u32, u32) =
        match variant {
            Variant::Normal => return c,
            Variant::Italic => (0x1D434, 0x1D44E, None, 0x1D6FC, 0x1D6E2),
            Variant::Bold => (0x1D400, 0x1D41A, Some(0x1D7CE), 0x1D6C2, 0x1D6A8),
            Variant::BoldItalic => (0x1D468, 0x1D482, Some(0x1D7CE), 0x1D736, 0x1D71C),
            Variant::DoubleStruck => (0x1D538, 0x1D552, Some(0x1D7D8), 0, 0),
            Variant::Script => (0x1D49C, 0x1D4B6, None, 0, 0),
        };
    if let Some(hole) = letterlike(c, variant) {
        return hole;
    }
    let code = match c {
        'A'..='Z' => upper + (c as u32 - 'A' as u32),
        'a'..='z' => lower + (c as u32 - 'a' as u32),
        '0'..='9' => match digit {
            Some(d) => d + (c as u32 - '0' as u32),
            None => return c,
        },
        'α'..='ω' if greek_lower != 0 => greek_lower + (c as u32 - 'α' as u32),
        // After ω the block has ∂ and the variant letters ϵ ϑ ϰ ϕ ϱ ϖ.
        'ϵ' | 'ϑ' | 'ϰ' | 'ϕ' | 'ϱ' | 'ϖ' if greek_lower != 0 => {
            let k = "ϵϑϰϕϱϖ".chars().position(|x| x == c).unwrap_or(0) as u32;
            greek_lower + 26 + k
        }
        'Α'..='Ω' if greek_upper != 0 => greek_upper + (c as u32 - 'Α' as u32),
        _ => return c,
    };
    char::from_u32(code).unwrap_or(c)
}

/// Letters whose styled forms Unicode had encoded before the math block (which leaves
/// holes for them).
fn letterlike(c: char, variant: Variant) -> Option<char> {
    let table: &[(char, char)] = match variant {
        Variant::Italic => &[('h', 'ℎ')],
        Variant::DoubleStruck => &[
            ('C', 'ℂ'),
            ('H', 'ℍ'),
            ('N', 'ℕ'),
            ('P', 'ℙ'),
            ('Q', 'ℚ'),
            ('R', 'ℝ'),
            ('Z', 'ℤ'),
        ],
        Variant::Script => &[
            ('B', 'ℬ'),
            ('E', 'ℰ'),
            ('F', 'ℱ'),
            ('H', 'ℋ'),
            ('I', 'ℐ'),
            ('L', 'ℒ'),
            ('M', 'ℳ'),
            ('R', 'ℛ'),
            ('e', 'ℯ'),
            ('g', 'ℊ'),
            ('o', 'ℴ'),
        ],
        _ => &[],
    };
    table.iter().find(|(k, _)| *k == c).map(|e| e.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alphabets_map_to_the_math_block_and_its_holes() {
        assert_eq!(styled('x', Variant::Italic), '𝑥');
        assert_eq!(styled('h', Variant::Italic), 'ℎ');
        assert_eq!(styled('R', Variant::DoubleStruck), 'ℝ');
        assert_eq!(styled('A', Variant::DoubleStruck), '𝔸');
        assert_eq!(styled('L', Variant::Script), 'ℒ');
        assert_eq!(styled('v', Variant::Bold), '𝐯');
        assert_eq!(styled('α', Variant::Italic), '𝛼');
        assert_eq!(styled('ϕ', Variant::Italic), '𝜙');
        assert_eq!(styled('Σ', Variant::Italic), '𝛴');
        assert_eq!(styled('2', Variant::Italic), '2');
        assert_eq!(styled('+', Variant::Bold), '+');
    }

    #[test]
    fn locate_counts_lines_and_characters() {
        let p = Pos::new(10, 5);
        assert_eq!(locate(p, "ab\\x", 2), Pos::new(10, 7));
        assert_eq!(locate(p, "a\n  é\\x", 6), Pos::new(11, 4));
    }
}
