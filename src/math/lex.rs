//! Tokens of TeX math: commands, characters and the special characters of math mode, each
//! with its byte range in the formula's source. White space separates tokens and is
//! otherwise dropped (math mode ignores it); `%` starts a comment to the end of the line.

use super::MathError;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok<'a> {
    /// A control sequence, without its backslash: a word (`frac`) or one non-letter (`,`).
    Cmd(&'a str),
    /// Any other character.
    Char(char),
    /// `{`.
    Open,
    /// `}`.
    Close,
    /// `^`.
    Sup,
    /// `_`.
    Sub,
    /// `&`.
    Amp,
    /// `'`, a prime.
    Prime,
    /// `~`, an unbreakable space.
    Tie,
}

/// A token and where it stands in the source, in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// The token.
    pub tok: Tok<'a>,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

/// Splits `src` into tokens.
pub fn tokens(src: &str) -> Result<Vec<Token<'_>>, MathError> {
    let mut out = Vec::new();
    let mut it = src.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let tok = match c {
            c if c.is_whitespace() => continue,
            '%' => {
                while it.next_if(|&(_, c)| c != '\n').is_some() {}
                continue;
            }
            '\\' => {
                let Some(&(j, first)) = it.peek() else {
                    return Err(MathError::new(i, "a lone backslash ends the formula"));
                };
                it.next();
                let mut end = j + first.len_utf8();
                if first.is_ascii_alphabetic() {
                    while let Some((k, c)) = it.next_if(|&(_, c)| c.is_ascii_alphabetic()) {
                        end = k + c.len_utf8();
                    }
                }
                Tok::Cmd(&src[j..end])
            }
            '{' => Tok::Open,
            '}' => Tok::Close,
            '^' => Tok::Sup,
            '_' => Tok::Sub,
            '&' => Tok::Amp,
            '\'' => Tok::Prime,
            '~' => Tok::Tie,
            c => Tok::Char(c),
        };
        let end = it.peek().map_or(src.len(), |&(k, _)| k);
        out.push(Token {
            tok,
            start: i as u32,
            end: end as u32,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Tok<'_>> {
        tokens(s).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn commands_symbols_and_spans() {
        assert_eq!(
            toks(r"\frac{a}{b}\,x^2_i'"),
            [
                Tok::Cmd("frac"),
                Tok::Open,
                Tok::Char('a'),
                Tok::Close,
                Tok::Open,
                Tok::Char('b'),
                Tok::Close,
                Tok::Cmd(","),
                Tok::Char('x'),
                Tok::Sup,
                Tok::Char('2'),
                Tok::Sub,
                Tok::Char('i'),
                Tok::Prime,
            ]
        );
        let t = tokens(r"  \alpha  β % comment").unwrap();
        assert_eq!((t[0].start, t[0].end), (2, 8));
        assert_eq!(t[1].tok, Tok::Char('β'));
        assert_eq!(t.len(), 2);
        assert!(tokens("x\\").is_err());
    }
}
