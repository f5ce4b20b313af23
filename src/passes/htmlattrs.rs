//! The attributes of the tags in a piece of raw HTML, read loosely as a browser's tokenizer
//! would (quoted or bare values, character references decoded), with where each one stands,
//! so the link pass can judge the addresses in them and cut out the ones it refuses.

use std::ops::Range;

/// Attributes whose value is an address a reader or browser may follow or load.
pub const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "cite",
    "poster",
    "background",
    "longdesc",
    "usemap",
    "codebase",
    "classid",
    "data",
    "archive",
    "manifest",
    "ping",
    "icon",
    "lowsrc",
    "dynsrc",
    "profile",
    "xlink:href",
];

/// One attribute of a tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    /// The tag's name, lower case.
    pub tag: String,
    /// The attribute's name, lower case.
    pub name: String,
    /// The value with character references decoded (empty when there is none).
    pub value: String,
    /// Bytes of the source the attribute takes, with the white space before it.
    pub range: Range<usize>,
}

/// Every attribute of every start tag in `html`, in order (comments skipped).
pub fn attributes(html: &str) -> Vec<Attr> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(at) = html[i..].find('<').map(|k| k + i) {
        let rest = &html[at..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(html.len(), |k| at + k + 3);
            continue;
        }
        let name_len = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
            .unwrap_or(rest.len() - 1);
        if !rest[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            i = at + 1;
            continue;
        }
        let tag = rest[1..1 + name_len].to_ascii_lowercase();
        i = tag_attributes(html, at + 1 + name_len, &tag, &mut out);
    }
    out
}

/// Reads the attributes of tag `tag` from byte `i` of `html` to the tag's end; returns where
/// the tag ends.
fn tag_attributes(html: &str, mut i: usize, tag: &str, out: &mut Vec<Attr>) -> usize {
    let b = html.as_bytes();
    loop {
        let start = i;
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' {
            return (i + 1).min(b.len());
        }
        let name_start = i;
        while i < b.len() && !(b[i].is_ascii_whitespace() || matches!(b[i], b'=' | b'>' | b'/')) {
            i += 1;
        }
        let name = html[name_start..i].to_ascii_lowercase();
        let mut j = i;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        let mut value = String::new();
        if j < b.len() && b[j] == b'=' {
            j += 1;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let (raw, end) = match b.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    let close = html[j + 1..].find(q as char).map_or(b.len(), |k| j + 1 + k);
                    (&html[j + 1..close], (close + 1).min(b.len()))
                }
                _ => {
                    let end = html[j..]
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .map_or(b.len(), |k| j + k);
                    (&html[j..end], end)
                }
            };
            value = decode_references(raw);
            i = end;
        }
        out.push(Attr {
            tag: tag.to_string(),
            name,
            value,
            range: start..i,
        });
    }
}

/// Named character references that can hide the letters of a scheme or its colon, with the
/// characters they stand for (HTML has some two thousand; these are the ones that matter for
/// reading an address).
const NAMED: &[(&str, char)] = &[
    ("Tab", '\t'),
    ("NewLine", '\n'),
    ("colon", ':'),
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("sol", '/'),
    ("bsol", '\\'),
    ("period", '.'),
    ("lpar", '('),
    ("rpar", ')'),
    ("num", '#'),
    ("percnt", '%'),
    ("quest", '?'),
    ("equals", '='),
    ("commat", '@'),
    ("plus", '+'),
    ("nbsp", '\u{a0}'),
];

/// `raw` with numeric character references (`&#106;`, `&#x6A`, the `;` optional as browsers
/// allow) and the [`NAMED`] ones decoded; any other `&` is kept.
pub fn decode_references(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        match reference(after) {
            Some((c, used)) => {
                out.push(c);
                rest = &after[used..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character a reference at the start of `s` (after its `&`) stands for, and how many
/// bytes of `s` it takes.
fn reference(s: &str) -> Option<(char, usize)> {
    let semi = |n: usize| n + usize::from(s[n..].starts_with(';'));
    if let Some(num) = s.strip_prefix('#') {
        let (radix, digits_at) = match num.strip_prefix(['x', 'X']) {
            Some(_) => (16, 2),
            None => (10, 1),
        };
        let len = s[digits_at..]
            .find(|c: char| !c.is_digit(radix))
            .unwrap_or(s.len() - digits_at);
        let value = u32::from_str_radix(s.get(digits_at..digits_at + len)?, radix).ok()?;
        return Some((
            char::from_u32(value).unwrap_or('\u{fffd}'),
            semi(digits_at + len),
        ));
    }
    NAMED
        .iter()
        .find(|(name, _)| s.starts_with(name))
        .map(|(name, c)| (*c, semi(name.len())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_read_with_their_places() {
        let html = "<p class=x>Hi <a HREF = 'javascript:go()' title=\"t\">x</a><!-- <a href=y> --><img src=z.png/>";
        let attrs = attributes(html);
        let names: Vec<(&str, &str, &str)> = attrs
            .iter()
            .map(|a| (a.tag.as_str(), a.name.as_str(), a.value.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("p", "class", "x"),
                ("a", "href", "javascript:go()"),
                ("a", "title", "t"),
                ("img", "src", "z.png/"),
            ]
        );
        assert_eq!(&html[attrs[1].range.clone()], " HREF = 'javascript:go()'");
    }

    #[test]
    fn references_that_hide_a_scheme_are_decoded() {
        assert_eq!(decode_references("jav&#x61;script&colon;x"), "javascript:x");
        assert_eq!(decode_references("java&Tab;script:"), "java\tscript:");
        assert_eq!(decode_references("&#106&#97va"), "java");
        assert_eq!(decode_references("a&b&unknown;"), "a&b&unknown;");
        assert_eq!(decode_references("&#xZZ;"), "&#xZZ;");
    }
}
