//! The parser: tokens → a [`Formula`]. A recursive descent over lists of atoms, each atom
//! a character, a symbol command, a group, or a command with its arguments; scripts attach
//! to the atom before them. Anything outside the subset (an unknown command, an unbalanced
//! brace, a `\right` without `\left`) is an error at its byte, so that the caller can
//! show the formula as its source and say where the problem is.

use super::lex::{tokens, Tok, Token};
use super::names::{accent, alphabet, big_size, frac_style, space, text_face, unescape_text};
use super::symbols::{
    big_operator, class_of, delimiter_char, delimiter_command, function, greek_lower, greek_upper,
    negated, symbol,
};
use super::{Class, Env, Formula, Kind, Limits, List, MathError, Node, OpName, Tag, Variant};

/// Groups, fences, scripts and environments nested deeper than this are refused: no author
/// needs it, and it bounds the recursion of every reader of the tree.
const MAX_DEPTH: u32 = 40;

type Result<T> = std::result::Result<T, MathError>;

/// Parses the TeX source of one formula.
pub fn parse(src: &str) -> Result<Formula> {
    let toks = tokens(src)?;
    let mut p = Parser {
        src,
        toks,
        at: 0,
        last_end: 0,
        depth: 0,
        variant: None,
        f: Formula::default(),
    };
    let nodes = p.list(Stop::End)?;
    p.f.nodes = nodes;
    Ok(p.f)
}

/// What ends the list being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// The end of the formula.
    End,
    /// `}`.
    Brace,
    /// `\right`.
    Right,
    /// `]` (an optional argument).
    Bracket,
    /// `&`, `\\` or `\end` (a cell of an environment).
    Cell,
}

struct Parser<'a> {
    src: &'a str,
    toks: Vec<Token<'a>>,
    at: usize,
    /// End of the last token read.
    last_end: u32,
    depth: u32,
    /// The alphabet set by `\mathbf` and its relatives around what is being read.
    variant: Option<Variant>,
    f: Formula,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<Token<'a>> {
        self.toks.get(self.at).copied()
    }

    fn bump(&mut self) -> Option<Token<'a>> {
        let t = self.peek()?;
        self.at += 1;
        self.last_end = t.end;
        Some(t)
    }

    /// Byte offset of the next token (the end of the source when there is none).
    fn here(&self) -> usize {
        self.peek().map_or(self.src.len(), |t| t.start as usize)
    }

    fn err<T>(&self, at: impl TryInto<usize>, msg: impl Into<String>) -> Result<T> {
        Err(MathError::new(at.try_into().unwrap_or(0), msg))
    }

    /// Reads atoms until `stop` (not consumed) or the end of the tokens.
    fn list(&mut self, stop: Stop) -> Result<List> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.err(self.here(), "the formula is nested too deeply");
        }
        let mut out = List::new();
        while let Some(t) = self.peek() {
            match (t.tok, stop) {
                (Tok::Close, Stop::Brace)
                | (Tok::Cmd("right"), Stop::Right)
                | (Tok::Char(']'), Stop::Bracket)
                | (Tok::Amp | Tok::Cmd("\\" | "end"), Stop::Cell) => break,
                (Tok::Close, _) => {
                    return self.err(t.start, "unbalanced brace: this } closes nothing")
                }
                (Tok::Cmd("right"), _) => return self.err(t.start, r"\right without \left"),
                (Tok::Cmd("end"), _) => return self.err(t.start, r"\end without \begin"),
                (Tok::Amp, _) => {
                    return self.err(t.start, "& outside an environment (matrix, cases, aligned)")
                }
                (Tok::Cmd("\\"), _) => {
                    return self.err(t.start, r"\\ outside an environment (use aligned)")
                }
                (Tok::Sup | Tok::Sub | Tok::Prime, _) => self.scripts(&mut out)?,
                (Tok::Cmd(l @ ("limits" | "nolimits" | "displaylimits")), _) => {
                    self.bump();
                    match out.last_mut().map(|n| &mut n.kind) {
                        Some(Kind::Operator { limits, .. }) => {
                            *limits = match l {
                                "limits" => Limits::Always,
                                "nolimits" => Limits::Never,
                                _ => Limits::Display,
                            }
                        }
                        _ => return self.err(t.start, format!(r"\{l} follows no operator")),
                    }
                }
                _ => self.atom(&mut out)?,
            }
        }
        self.depth -= 1;
        Ok(out)
    }

    /// Reads one atom (a character, a group, a command with its arguments) into `out`;
    /// commands that only say something of the formula (`\label`) add nothing, and
    /// `\begin{equation}` adds its whole content.
    fn atom(&mut self, out: &mut List) -> Result<()> {
        let t = self.bump().expect("the caller peeked a token");
        let kind = match t.tok {
            Tok::Open => Kind::Group(self.group(t)?),
            Tok::Char(c) => self.char_atom(c, t),
            Tok::Tie => Kind::Space(6.0),
            Tok::Cmd("begin") => {
                let (env, content) = self.environment(t)?;
                match env {
                    Some(env) => Kind::Table { env, rows: content },
                    None => {
                        out.extend(content.into_iter().flatten().flatten());
                        return Ok(());
                    }
                }
            }
            Tok::Cmd(name) => match self.command(name, t)? {
                Some(k) => k,
                None => return Ok(()),
            },
            _ => return self.err(t.start, "unexpected token"),
        };
        out.push(Node {
            kind,
            start: t.start,
            end: self.last_end,
        });
        Ok(())
    }

    /// The content of a group whose `{` was just read, and its `}`.
    fn group(&mut self, open: Token) -> Result<List> {
        let body = self.list(Stop::Brace)?;
        match self.bump() {
            Some(Token {
                tok: Tok::Close, ..
            }) => Ok(body),
            _ => self.err(open.start, "unbalanced brace: this { is never closed"),
        }
    }

    fn char_atom(&mut self, c: char, t: Token) -> Kind {
        let variant = self.variant;
        if c.is_ascii_digit() && matches!(variant, None | Some(Variant::Normal)) {
            let mut s = c.to_string();
            loop {
                match (self.peek().map(|t| t.tok), self.toks.get(self.at + 1)) {
                    (Some(Tok::Char(d)), _) if d.is_ascii_digit() => s.push(d),
                    (Some(Tok::Char('.')), Some(n)) if matches!(n.tok, Tok::Char(d) if d.is_ascii_digit()) => {
                        s.push('.')
                    }
                    _ => break,
                }
                self.bump();
            }
            return Kind::Number(s);
        }
        let _ = t;
        let (ch, class) = match c {
            '-' => ('−', Class::Bin),
            '*' => ('∗', Class::Bin),
            c => (c, class_of(c)),
        };
        let default = if ch.is_ascii_alphabetic() || ('α'..='ω').contains(&ch) {
            Variant::Italic
        } else {
            Variant::Normal
        };
        let letter = ch.is_alphanumeric();
        Kind::Symbol {
            ch,
            variant: if letter {
                variant.unwrap_or(default)
            } else {
                Variant::Normal
            },
            class,
        }
    }

    /// A command and its arguments; `None` for commands that add no node.
    fn command(&mut self, name: &str, t: Token) -> Result<Option<Kind>> {
        if let Some(c) = greek_lower(name) {
            let variant = self.variant.unwrap_or(Variant::Italic);
            return Ok(Some(Kind::Symbol {
                ch: c,
                variant,
                class: Class::Ord,
            }));
        }
        if let Some(c) = greek_upper(name) {
            let variant = self.variant.unwrap_or(Variant::Normal);
            return Ok(Some(Kind::Symbol {
                ch: c,
                variant,
                class: Class::Ord,
            }));
        }
        if let Some((c, limits)) = big_operator(name) {
            let name = OpName::Glyph(c);
            return Ok(Some(Kind::Operator { name, limits }));
        }
        if let Some(limits) = function(name) {
            let name = OpName::Word(name.to_string());
            return Ok(Some(Kind::Operator { name, limits }));
        }
        if let Some((ch, class)) = symbol(name) {
            let variant = Variant::Normal;
            return Ok(Some(Kind::Symbol { ch, variant, class }));
        }
        if let Some(mu) = space(name) {
            return Ok(Some(Kind::Space(mu)));
        }
        if let Some(accent) = accent(name) {
            let body = self.arg(name)?;
            return Ok(Some(Kind::Accent { accent, body }));
        }
        if let Some(variant) = alphabet(name) {
            let outer = self.variant.replace(variant);
            let body = self.arg(name);
            self.variant = outer;
            let mut body = body?;
            return Ok(Some(match body.len() {
                1 => body.pop().expect("one node").kind,
                _ => Kind::Group(body),
            }));
        }
        if let Some(face) = text_face(name) {
            let text = self.text_arg(name)?;
            return Ok(Some(Kind::Text { text, face }));
        }
        if let Some((size, class)) = big_size(name) {
            let ch = self.delimiter(name)?.unwrap_or(' ');
            return Ok(Some(Kind::SizedDelim { ch, size, class }));
        }
        self.structure(name, t)
    }

    /// Fractions, roots, fences, references, and what a formula says of itself.
    fn structure(&mut self, name: &str, t: Token) -> Result<Option<Kind>> {
        Ok(Some(match name {
            "frac" | "dfrac" | "tfrac" | "cfrac" => {
                let num = self.arg(name)?;
                let den = self.arg(name)?;
                Kind::Fraction {
                    num,
                    den,
                    style: frac_style(name),
                    rule: true,
                }
            }
            "binom" | "dbinom" | "tbinom" => {
                let num = self.arg(name)?;
                let den = self.arg(name)?;
                let style = frac_style(&name[1..]);
                let inner = Node {
                    kind: Kind::Fraction {
                        num,
                        den,
                        style,
                        rule: false,
                    },
                    start: t.start,
                    end: self.last_end,
                };
                Kind::Fenced {
                    open: Some('('),
                    close: Some(')'),
                    body: vec![inner],
                }
            }
            "sqrt" => {
                let index = self.optional()?;
                let body = self.arg(name)?;
                Kind::Radical { index, body }
            }
            "left" => {
                let open = self.delimiter(name)?;
                let body = self.list(Stop::Right)?;
                if self.bump().map(|t| t.tok) != Some(Tok::Cmd("right")) {
                    return self.err(t.start, r"\left without \right");
                }
                let close = self.delimiter("right")?;
                Kind::Fenced { open, close, body }
            }
            "middle" => Kind::Middle(self.delimiter(name)?.unwrap_or(' ')),
            "operatorname" => {
                let limits = if self.star() {
                    Limits::Display
                } else {
                    Limits::Never
                };
                let word = self.text_arg(name)?.trim().to_string();
                Kind::Operator {
                    name: OpName::Word(word),
                    limits,
                }
            }
            "not" => self.negation(t)?,
            "eqref" | "ref" => Kind::Ref {
                label: self.text_arg(name)?.trim().to_string(),
                parens: name == "eqref",
                number: None,
            },
            _ => return self.meta(name, t),
        }))
    }

    /// `\tag`, `\label`, `\notag`: facts about the formula, no node.
    fn meta(&mut self, name: &str, t: Token) -> Result<Option<Kind>> {
        match name {
            "tag" => {
                let parens = !self.star();
                let text = self.text_arg(name)?.trim().to_string();
                if self.f.tag.is_some() {
                    return self.err(t.start, r"a second \tag in one formula");
                }
                self.f.tag = Some(Tag { text, parens });
            }
            "label" => {
                let label = self.text_arg(name)?.trim().to_string();
                if self.f.label.is_some() {
                    return self.err(t.start, r"a second \label in one formula");
                }
                if label.is_empty() {
                    return self.err(t.start, r"an empty \label");
                }
                self.f.label = Some(label);
            }
            "notag" | "nonumber" => self.f.notag = true,
            _ => return self.err(t.start, format!(r"unknown command \{name}")),
        }
        Ok(None)
    }

    /// `\not` before a relation.
    fn negation(&mut self, t: Token) -> Result<Kind> {
        let rel = match self.bump().map(|t| t.tok) {
            Some(Tok::Char(c)) => Some(c),
            Some(Tok::Cmd(n)) => symbol(n).map(|(c, _)| c),
            _ => None,
        };
        match rel.and_then(negated) {
            Some(ch) => Ok(Kind::Symbol {
                ch,
                variant: Variant::Normal,
                class: Class::Rel,
            }),
            None => self.err(t.start, r"\not before a symbol that has no negated form"),
        }
    }

    /// Whether a `*` follows (and reads it).
    fn star(&mut self) -> bool {
        if self.peek().map(|t| t.tok) == Some(Tok::Char('*')) {
            self.bump();
            true
        } else {
            false
        }
    }

    /// One argument: a braced list, or a single atom.
    fn arg(&mut self, cmd: &str) -> Result<List> {
        let missing = || format!(r"\{cmd} is missing an argument");
        let Some(t) = self.peek() else {
            return self.err(self.src.len(), missing());
        };
        match t.tok {
            Tok::Open => {
                self.bump();
                self.group(t)
            }
            Tok::Char(c) if c.is_ascii_digit() => {
                // One digit: `x^23` is x² followed by 3, `\frac12` is ½.
                self.bump();
                Ok(vec![Node {
                    kind: Kind::Number(c.to_string()),
                    start: t.start,
                    end: t.end,
                }])
            }
            Tok::Char(_) | Tok::Cmd(_) | Tok::Tie => {
                if matches!(t.tok, Tok::Cmd("\\" | "end" | "right")) {
                    return self.err(t.start, missing());
                }
                let mut out = List::new();
                self.atom(&mut out)?;
                Ok(out)
            }
            _ => self.err(t.start, missing()),
        }
    }

    /// `[…]` if it follows.
    fn optional(&mut self) -> Result<Option<List>> {
        let Some(open) = self.peek().filter(|t| t.tok == Tok::Char('[')) else {
            return Ok(None);
        };
        self.bump();
        let body = self.list(Stop::Bracket)?;
        match self.bump() {
            Some(Token {
                tok: Tok::Char(']'),
                ..
            }) => Ok(Some(body)),
            _ => self.err(open.start, "this [ is never closed by ]"),
        }
    }

    /// The raw source of a braced argument, as text: escapes undone, spaces kept (runs of
    /// white space as one).
    fn text_arg(&mut self, cmd: &str) -> Result<String> {
        let Some(open) = self.peek().filter(|t| t.tok == Tok::Open) else {
            return self.err(self.here(), format!(r"\{cmd} needs a braced argument"));
        };
        let mut depth = 0;
        let mut i = self.at;
        let close = loop {
            let Some(t) = self.toks.get(i) else {
                return self.err(open.start, "unbalanced brace: this { is never closed");
            };
            match t.tok {
                Tok::Open => depth += 1,
                Tok::Close if depth == 1 => break *t,
                Tok::Close => depth -= 1,
                Tok::Cmd(n) if n.starts_with(|c: char| c.is_ascii_alphabetic()) => {
                    return self.err(t.start, format!(r"unknown command \{n} in text"));
                }
                _ => {}
            }
            i += 1;
        };
        self.at = i + 1;
        self.last_end = close.end;
        let raw = &self.src[open.end as usize..close.start as usize];
        Ok(unescape_text(raw))
    }

    /// A delimiter after `\left`, `\right`, `\middle` or `\big`: `None` for `.`.
    fn delimiter(&mut self, cmd: &str) -> Result<Option<char>> {
        let t = self.bump();
        let found = match t.map(|t| t.tok) {
            Some(Tok::Char('.')) => return Ok(None),
            Some(Tok::Char(c)) => delimiter_char(c),
            Some(Tok::Cmd(n)) => delimiter_command(n),
            _ => None,
        };
        match found {
            Some(c) => Ok(Some(c)),
            None => self.err(
                t.map_or(self.src.len(), |t| t.start as usize),
                format!(r"\{cmd} needs a delimiter such as ( [ \{{ | or ."),
            ),
        }
    }

    /// `^`, `_` or primes after the atom just read.
    fn scripts(&mut self, out: &mut List) -> Result<()> {
        let t = self.bump().expect("peeked");
        let base = out.pop().unwrap_or(Node {
            kind: Kind::Group(Vec::new()),
            start: t.start,
            end: t.start,
        });
        let start = base.start;
        let (base, mut sub, mut sup) = match base.kind {
            Kind::Scripts { base, sub, sup } => (*base, sub, sup),
            kind => (Node { kind, ..base }, None, None),
        };
        match t.tok {
            Tok::Sub if sub.is_some() => return self.err(t.start, "double subscript"),
            Tok::Sub => sub = Some(self.arg("_")?),
            Tok::Sup | Tok::Prime if sup.is_some() => {
                return self.err(t.start, "double superscript")
            }
            Tok::Sup => sup = Some(self.arg("^")?),
            _ => sup = Some(self.primes(t)?),
        }
        out.push(Node {
            kind: Kind::Scripts {
                base: Box::new(base),
                sub,
                sup,
            },
            start,
            end: self.last_end,
        });
        Ok(())
    }

    /// Primes (the first just read), and a superscript after them: `f'^2` is `f^{\prime 2}`.
    fn primes(&mut self, first: Token) -> Result<List> {
        let mut n = 1;
        while self.peek().map(|t| t.tok) == Some(Tok::Prime) {
            self.bump();
            n += 1;
        }
        let ch = match n {
            1 => '′',
            2 => '″',
            3 => '‴',
            _ => return self.err(first.start, "more than three primes"),
        };
        let mut sup = vec![Node {
            kind: Kind::Symbol {
                ch,
                variant: Variant::Normal,
                class: Class::Ord,
            },
            start: first.start,
            end: self.last_end,
        }];
        if self.peek().map(|t| t.tok) == Some(Tok::Sup) {
            self.bump();
            sup.extend(self.arg("^")?);
        }
        Ok(sup)
    }

    /// `\begin{…}` just read: a table's rows, or (for `equation`) the content as one row of
    /// one cell with no environment.
    fn environment(&mut self, begin: Token) -> Result<(Option<Env>, Vec<Vec<List>>)> {
        let name = self.text_arg("begin")?.trim().to_string();
        let env = match name.as_str() {
            "matrix" => Some(Env::Matrix),
            "pmatrix" => Some(Env::PMatrix),
            "bmatrix" => Some(Env::BMatrix),
            "Bmatrix" => Some(Env::BraceMatrix),
            "vmatrix" => Some(Env::VMatrix),
            "Vmatrix" => Some(Env::DoubleVMatrix),
            "cases" => Some(Env::Cases),
            "aligned" | "align*" => Some(Env::Aligned),
            "equation" | "equation*" => None,
            _ => return self.err(begin.start, format!("unknown environment {name}")),
        };
        if name == "equation" {
            self.f.equation = true;
        }
        let mut rows: Vec<Vec<List>> = Vec::new();
        let mut row: Vec<List> = Vec::new();
        loop {
            row.push(self.list(Stop::Cell)?);
            let Some(t) = self.bump() else {
                return self.err(begin.start, format!(r"\begin{{{name}}} is never ended"));
            };
            match t.tok {
                Tok::Amp | Tok::Cmd("\\") if env.is_none() => {
                    return self.err(t.start, format!("{name} holds one line (use aligned)"));
                }
                Tok::Amp => {}
                Tok::Cmd("\\") => {
                    self.optional()?;
                    rows.push(std::mem::take(&mut row));
                }
                _ => {
                    let end = self.text_arg("end")?;
                    if end.trim() != name {
                        let msg = format!(r"\begin{{{name}}} is ended by \end{{{}}}", end.trim());
                        return self.err(t.start, msg);
                    }
                    if !(row.len() == 1 && row[0].is_empty() && !rows.is_empty()) {
                        rows.push(row);
                    }
                    return Ok((env, rows));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::TextFace;

    fn kinds(src: &str) -> Vec<Kind> {
        parse(src)
            .unwrap()
            .nodes
            .into_iter()
            .map(|n| n.kind)
            .collect()
    }

    fn err(src: &str) -> (usize, String) {
        let e = parse(src).unwrap_err();
        (e.offset, e.message)
    }

    #[test]
    fn letters_numbers_and_classes() {
        let k = kinds("x+2.5=-y");
        assert_eq!(k.len(), 6);
        assert!(matches!(
            k[0],
            Kind::Symbol {
                ch: 'x',
                variant: Variant::Italic,
                class: Class::Ord
            }
        ));
        assert!(matches!(
            k[1],
            Kind::Symbol {
                class: Class::Bin,
                ..
            }
        ));
        assert_eq!(k[2], Kind::Number("2.5".into()));
        assert!(matches!(k[4], Kind::Symbol { ch: '−', .. }));
    }

    #[test]
    fn scripts_fractions_roots_and_primes() {
        let k = kinds(r"x_i^2 + \frac{a}{b} + \sqrt[3]{y} + f'^2");
        let Kind::Scripts { sub, sup, .. } = &k[0] else {
            panic!()
        };
        assert_eq!(sub.as_ref().unwrap().len(), 1);
        assert_eq!(sup.as_ref().unwrap()[0].kind, Kind::Number("2".into()));
        assert!(matches!(k[2], Kind::Fraction { rule: true, .. }));
        assert!(matches!(&k[4], Kind::Radical { index: Some(_), .. }));
        let Kind::Scripts { sup: Some(s), .. } = &k[6] else {
            panic!()
        };
        assert_eq!(s.len(), 2);
    }

    #[test]
    fn fences_operators_and_environments() {
        let k = kinds(
            r"\left( \sum\limits_{i=1}^n \frac12 \right] \begin{pmatrix} a & b \\ c & d \end{pmatrix}",
        );
        let Kind::Fenced { open, close, body } = &k[0] else {
            panic!()
        };
        assert_eq!((*open, *close), (Some('('), Some(']')));
        let Kind::Scripts { base, .. } = &body[0].kind else {
            panic!()
        };
        assert!(matches!(
            base.kind,
            Kind::Operator {
                limits: Limits::Always,
                ..
            }
        ));
        let Kind::Table { env, rows } = &k[1] else {
            panic!()
        };
        assert_eq!(*env, Env::PMatrix);
        assert_eq!((rows.len(), rows[0].len()), (2, 2));
    }

    #[test]
    fn tag_label_and_equation() {
        let f = parse(r"\begin{equation} E = mc^2 \label{energy} \end{equation}").unwrap();
        assert!(f.equation && f.numbered());
        assert_eq!(f.label.as_deref(), Some("energy"));
        assert_eq!(f.nodes.len(), 4);
        let f = parse(r"a = b \tag*{A}").unwrap();
        assert_eq!(
            f.tag,
            Some(Tag {
                text: "A".into(),
                parens: false
            })
        );
        assert!(!parse("a = b").unwrap().numbered());
    }

    #[test]
    fn text_and_alphabets() {
        let k = kinds(r"\text{ if } \mathbb{R} \mathrm{d}x \operatorname{rank}");
        assert_eq!(
            k[0],
            Kind::Text {
                text: " if ".into(),
                face: TextFace::Regular
            }
        );
        assert!(matches!(
            k[1],
            Kind::Symbol {
                ch: 'R',
                variant: Variant::DoubleStruck,
                ..
            }
        ));
        assert!(matches!(
            k[2],
            Kind::Symbol {
                ch: 'd',
                variant: Variant::Normal,
                ..
            }
        ));
        assert!(matches!(&k[4], Kind::Operator { name: OpName::Word(w), .. } if w == "rank"));
    }

    #[test]
    fn errors_say_where() {
        assert_eq!(err(r"a + \foo"), (4, r"unknown command \foo".into()));
        assert_eq!(
            err(r"\frac{a}{b"),
            (8, "unbalanced brace: this { is never closed".into())
        );
        assert_eq!(
            err("a}"),
            (1, "unbalanced brace: this } closes nothing".into())
        );
        assert_eq!(err(r"\left( x"), (0, r"\left without \right".into()));
        assert_eq!(err("x^2^3").1, "double superscript");
        assert_eq!(err(r"\begin{foo}x\end{foo}").1, "unknown environment foo");
        assert!(parse(&"{".repeat(60)).is_err());
    }

    #[test]
    fn spans_cover_the_source() {
        let f = parse(r"a = \frac{1}{2}").unwrap();
        let spans: Vec<_> = f.nodes.iter().map(|n| (n.start, n.end)).collect();
        assert_eq!(spans, [(0, 1), (2, 3), (4, 15)]);
    }
}
