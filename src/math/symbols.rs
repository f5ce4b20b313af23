//! The symbol commands of TeX math and the class of every character: Greek letters,
//! binary operators, relations and arrows, delimiters, big operators and named functions,
//! as plain TeX and amsmath define them, each with its Unicode character.

use super::{Class, Limits};

/// Lower-case Greek (italic by default, as in TeX).
const GREEK_LOWER: &[(&str, char)] = &[
    ("alpha", 'α'),
    ("beta", 'β'),
    ("gamma", 'γ'),
    ("delta", 'δ'),
    ("epsilon", 'ϵ'),
    ("varepsilon", 'ε'),
    ("zeta", 'ζ'),
    ("eta", 'η'),
    ("theta", 'θ'),
    ("vartheta", 'ϑ'),
    ("iota", 'ι'),
    ("kappa", 'κ'),
    ("lambda", 'λ'),
    ("mu", 'μ'),
    ("nu", 'ν'),
    ("xi", 'ξ'),
    ("omicron", 'ο'),
    ("pi", 'π'),
    ("varpi", 'ϖ'),
    ("rho", 'ρ'),
    ("varrho", 'ϱ'),
    ("sigma", 'σ'),
    ("varsigma", 'ς'),
    ("tau", 'τ'),
    ("upsilon", 'υ'),
    ("phi", 'ϕ'),
    ("varphi", 'φ'),
    ("chi", 'χ'),
    ("psi", 'ψ'),
    ("omega", 'ω'),
];

/// Upper-case Greek (upright by default).
const GREEK_UPPER: &[(&str, char)] = &[
    ("Gamma", 'Γ'),
    ("Delta", 'Δ'),
    ("Theta", 'Θ'),
    ("Lambda", 'Λ'),
    ("Xi", 'Ξ'),
    ("Pi", 'Π'),
    ("Sigma", 'Σ'),
    ("Upsilon", 'Υ'),
    ("Phi", 'Φ'),
    ("Psi", 'Ψ'),
    ("Omega", 'Ω'),
];

/// Symbol commands by class.
const SYMBOLS: &[(Class, &[(&str, char)])] = &[
    (
        Class::Bin,
        &[
            ("pm", '±'),
            ("mp", '∓'),
            ("times", '×'),
            ("div", '÷'),
            ("cdot", '⋅'),
            ("ast", '∗'),
            ("star", '⋆'),
            ("circ", '∘'),
            ("bullet", '∙'),
            ("cap", '∩'),
            ("cup", '∪'),
            ("sqcap", '⊓'),
            ("sqcup", '⊔'),
            ("vee", '∨'),
            ("lor", '∨'),
            ("wedge", '∧'),
            ("land", '∧'),
            ("oplus", '⊕'),
            ("ominus", '⊖'),
            ("otimes", '⊗'),
            ("oslash", '⊘'),
            ("odot", '⊙'),
            ("setminus", '∖'),
            ("wr", '≀'),
            ("amalg", '⨿'),
            ("dagger", '†'),
            ("ddagger", '‡'),
            ("triangleleft", '◁'),
            ("triangleright", '▷'),
            ("bigtriangleup", '△'),
            ("bigtriangledown", '▽'),
            ("uplus", '⊎'),
        ],
    ),
    (
        Class::Rel,
        &[
            ("leq", '≤'),
            ("le", '≤'),
            ("geq", '≥'),
            ("ge", '≥'),
            ("neq", '≠'),
            ("ne", '≠'),
            ("equiv", '≡'),
            ("approx", '≈'),
            ("sim", '∼'),
            ("simeq", '≃'),
            ("cong", '≅'),
            ("propto", '∝'),
            ("subset", '⊂'),
            ("supset", '⊃'),
            ("subseteq", '⊆'),
            ("supseteq", '⊇'),
            ("sqsubseteq", '⊑'),
            ("sqsupseteq", '⊒'),
            ("in", '∈'),
            ("ni", '∋'),
            ("notin", '∉'),
            ("perp", '⊥'),
            ("parallel", '∥'),
            ("mid", '∣'),
            ("ll", '≪'),
            ("gg", '≫'),
            ("prec", '≺'),
            ("succ", '≻'),
            ("preceq", '⪯'),
            ("succeq", '⪰'),
            ("asymp", '≍'),
            ("doteq", '≐'),
            ("models", '⊨'),
            ("vdash", '⊢'),
            ("dashv", '⊣'),
            ("smile", '⌣'),
            ("frown", '⌢'),
            ("to", '→'),
            ("rightarrow", '→'),
            ("leftarrow", '←'),
            ("gets", '←'),
            ("Rightarrow", '⇒'),
            ("Leftarrow", '⇐'),
            ("leftrightarrow", '↔'),
            ("Leftrightarrow", '⇔'),
            ("iff", '⟺'),
            ("implies", '⟹'),
            ("impliedby", '⟸'),
            ("mapsto", '↦'),
            ("longmapsto", '⟼'),
            ("longrightarrow", '⟶'),
            ("longleftarrow", '⟵'),
            ("Longrightarrow", '⟹'),
            ("Longleftarrow", '⟸'),
            ("longleftrightarrow", '⟷'),
            ("Longleftrightarrow", '⟺'),
            ("hookrightarrow", '↪'),
            ("hookleftarrow", '↩'),
            ("nearrow", '↗'),
            ("searrow", '↘'),
            ("swarrow", '↙'),
            ("nwarrow", '↖'),
            ("rightleftharpoons", '⇌'),
            ("coloneqq", '≔'),
            ("leqslant", '⩽'),
            ("geqslant", '⩾'),
            ("lesssim", '≲'),
            ("gtrsim", '≳'),
        ],
    ),
    (
        Class::Ord,
        &[
            ("infty", '∞'),
            ("partial", '∂'),
            ("nabla", '∇'),
            ("forall", '∀'),
            ("exists", '∃'),
            ("nexists", '∄'),
            ("emptyset", '∅'),
            ("varnothing", '∅'),
            ("aleph", 'ℵ'),
            ("hbar", 'ℏ'),
            ("ell", 'ℓ'),
            ("wp", '℘'),
            ("Re", 'ℜ'),
            ("Im", 'ℑ'),
            ("angle", '∠'),
            ("triangle", '△'),
            ("neg", '¬'),
            ("lnot", '¬'),
            ("top", '⊤'),
            ("bot", '⊥'),
            ("prime", '′'),
            ("backslash", '∖'),
            ("surd", '√'),
            ("flat", '♭'),
            ("natural", '♮'),
            ("sharp", '♯'),
            ("clubsuit", '♣'),
            ("diamondsuit", '♢'),
            ("heartsuit", '♡'),
            ("spadesuit", '♠'),
            ("imath", 'ı'),
            ("jmath", 'ȷ'),
            ("S", '§'),
            ("P", '¶'),
            ("dag", '†'),
            ("ddag", '‡'),
            ("vert", '|'),
            ("Vert", '‖'),
            ("|", '‖'),
            ("#", '#'),
            ("$", '$'),
            ("%", '%'),
            ("&", '&'),
            ("_", '_'),
            ("vdots", '⋮'),
            ("degree", '°'),
            ("checkmark", '✓'),
        ],
    ),
    (
        Class::Inner,
        &[
            ("ldots", '…'),
            ("dots", '…'),
            ("cdots", '⋯'),
            ("dotsb", '⋯'),
            ("dotsc", '…'),
            ("ddots", '⋱'),
        ],
    ),
    (
        Class::Open,
        &[
            ("{", '{'),
            ("lbrace", '{'),
            ("langle", '⟨'),
            ("lfloor", '⌊'),
            ("lceil", '⌈'),
            ("lvert", '|'),
            ("lVert", '‖'),
        ],
    ),
    (
        Class::Close,
        &[
            ("}", '}'),
            ("rbrace", '}'),
            ("rangle", '⟩'),
            ("rfloor", '⌋'),
            ("rceil", '⌉'),
            ("rvert", '|'),
            ("rVert", '‖'),
        ],
    ),
    (
        Class::Punct,
        &[("colon", ':'), ("ldotp", '.'), ("cdotp", '⋅')],
    ),
];

/// Big operators: the glyph, and whether limits go above and below in display style.
const BIG_OPERATORS: &[(&str, char, Limits)] = &[
    ("sum", '∑', Limits::Display),
    ("prod", '∏', Limits::Display),
    ("coprod", '∐', Limits::Display),
    ("bigcup", '⋃', Limits::Display),
    ("bigcap", '⋂', Limits::Display),
    ("bigsqcup", '⨆', Limits::Display),
    ("bigvee", '⋁', Limits::Display),
    ("bigwedge", '⋀', Limits::Display),
    ("bigoplus", '⨁', Limits::Display),
    ("bigotimes", '⨂', Limits::Display),
    ("bigodot", '⨀', Limits::Display),
    ("biguplus", '⨄', Limits::Display),
    ("int", '∫', Limits::Never),
    ("iint", '∬', Limits::Never),
    ("iiint", '∭', Limits::Never),
    ("oint", '∮', Limits::Never),
];

/// Named functions, set upright: whether limits go under them in display style.
const FUNCTIONS: &[(&str, Limits)] = &[
    ("sin", Limits::Never),
    ("cos", Limits::Never),
    ("tan", Limits::Never),
    ("cot", Limits::Never),
    ("sec", Limits::Never),
    ("csc", Limits::Never),
    ("sinh", Limits::Never),
    ("cosh", Limits::Never),
    ("tanh", Limits::Never),
    ("coth", Limits::Never),
    ("arcsin", Limits::Never),
    ("arccos", Limits::Never),
    ("arctan", Limits::Never),
    ("exp", Limits::Never),
    ("log", Limits::Never),
    ("ln", Limits::Never),
    ("lg", Limits::Never),
    ("dim", Limits::Never),
    ("ker", Limits::Never),
    ("hom", Limits::Never),
    ("arg", Limits::Never),
    ("deg", Limits::Never),
    ("det", Limits::Display),
    ("gcd", Limits::Display),
    ("lim", Limits::Display),
    ("liminf", Limits::Display),
    ("limsup", Limits::Display),
    ("max", Limits::Display),
    ("min", Limits::Display),
    ("sup", Limits::Display),
    ("inf", Limits::Display),
    ("Pr", Limits::Display),
    ("argmax", Limits::Display),
    ("argmin", Limits::Display),
];

/// Relations that `\not` turns into their negated character.
const NEGATIONS: &[(char, char)] = &[
    ('=', '≠'),
    ('<', '≮'),
    ('>', '≯'),
    ('∈', '∉'),
    ('∋', '∌'),
    ('≡', '≢'),
    ('⊂', '⊄'),
    ('⊃', '⊅'),
    ('⊆', '⊈'),
    ('⊇', '⊉'),
    ('∼', '≁'),
    ('≃', '≄'),
    ('≈', '≉'),
    ('≅', '≇'),
    ('≤', '≰'),
    ('≥', '≱'),
    ('∥', '∦'),
    ('∣', '∤'),
    ('≺', '⊀'),
    ('≻', '⊁'),
];

/// A lower-case Greek command's letter.
pub fn greek_lower(name: &str) -> Option<char> {
    GREEK_LOWER.iter().find(|(n, _)| *n == name).map(|e| e.1)
}

/// An upper-case Greek command's letter.
pub fn greek_upper(name: &str) -> Option<char> {
    GREEK_UPPER.iter().find(|(n, _)| *n == name).map(|e| e.1)
}

/// A symbol command's character and class.
pub fn symbol(name: &str) -> Option<(char, Class)> {
    SYMBOLS.iter().find_map(|(class, list)| {
        list.iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, c)| (c, *class))
    })
}

/// A big operator command's character and limits.
pub fn big_operator(name: &str) -> Option<(char, Limits)> {
    BIG_OPERATORS
        .iter()
        .find(|(n, ..)| *n == name)
        .map(|&(_, c, l)| (c, l))
}

/// A named function's limits.
pub fn function(name: &str) -> Option<Limits> {
    FUNCTIONS.iter().find(|(n, _)| *n == name).map(|e| e.1)
}

/// The negation of relation `c`.
pub fn negated(c: char) -> Option<char> {
    NEGATIONS.iter().find(|(r, _)| *r == c).map(|e| e.1)
}

/// The character a delimiter command stands for after `\left`, `\right` or `\big`.
pub fn delimiter_command(name: &str) -> Option<char> {
    match name {
        "{" | "lbrace" => Some('{'),
        "}" | "rbrace" => Some('}'),
        "|" | "Vert" | "lVert" | "rVert" => Some('‖'),
        "vert" | "lvert" | "rvert" => Some('|'),
        "backslash" => Some('\\'),
        _ => symbol(name)
            .filter(|(_, cl)| matches!(cl, Class::Open | Class::Close))
            .map(|(c, _)| c)
            .or(match name {
                "uparrow" => Some('↑'),
                "downarrow" => Some('↓'),
                "updownarrow" => Some('↕'),
                "Uparrow" => Some('⇑'),
                "Downarrow" => Some('⇓'),
                _ => None,
            }),
    }
}

/// The character a delimiter written as itself stands for (`<` is an angle bracket).
pub fn delimiter_char(c: char) -> Option<char> {
    match c {
        '(' | ')' | '[' | ']' | '|' | '/' => Some(c),
        '<' => Some('⟨'),
        '>' => Some('⟩'),
        '⟨' | '⟩' | '⌊' | '⌋' | '⌈' | '⌉' | '‖' | '{' | '}' => Some(c),
        _ => None,
    }
}

/// The class of a character written as itself in a formula (TeX's `\mathcode`s, and the
/// classes of the Unicode characters the tables above produce).
pub fn class_of(c: char) -> Class {
    match c {
        '+' | '-' | '*' | '−' => Class::Bin,
        '=' | '<' | '>' | ':' => Class::Rel,
        ',' | ';' => Class::Punct,
        '(' | '[' => Class::Open,
        ')' | ']' | '!' | '?' => Class::Close,
        _ => SYMBOLS
            .iter()
            .find_map(|(class, list)| list.iter().any(|&(_, x)| x == c).then_some(*class))
            .unwrap_or(Class::Ord),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_answer() {
        assert_eq!(symbol("leq"), Some(('≤', Class::Rel)));
        assert_eq!(symbol("langle"), Some(('⟨', Class::Open)));
        assert_eq!(big_operator("int"), Some(('∫', Limits::Never)));
        assert_eq!(function("lim"), Some(Limits::Display));
        assert_eq!(negated('∈'), Some('∉'));
        assert_eq!(class_of('≤'), Class::Rel);
        assert_eq!(class_of('x'), Class::Ord);
        assert_eq!(delimiter_command("rangle"), Some('⟩'));
        assert_eq!(delimiter_char('<'), Some('⟨'));
    }
}
