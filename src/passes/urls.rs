//! The link policy: which link targets may reach a book, and how a web address is written.
//!
//! A target is read the way a browser reads it (the WHATWG URL parser of the `url` crate:
//! leading and trailing spaces and control characters dropped, tabs and newlines removed
//! anywhere, the scheme case-folded), so `" JavaScript:"` and `"java\tscript:"` are seen for
//! what they are. Only `http`, `https`, `mailto` and `tel` addresses, fragments (`#id`) and
//! relative references (another article) pass; an address is written back as the parser
//! serializes it, so every href in either output is a valid URL.

use std::borrow::Cow;

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use url::{ParseError, Position, Url};

/// The URL schemes a link in a book may use.
pub const ALLOWED_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// A link target that may reach the outputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An absolute address with an allowed scheme, as serialized by the URL parser.
    Web(String),
    /// A fragment of the same article (`#id`): the id, without the `#`.
    Fragment(String),
    /// A relative reference (another article of the book, perhaps with `#id`), cleaned of
    /// the spaces and control characters a browser would drop.
    Relative(String),
}

/// Why a link target may not reach the outputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Nothing is left once spaces and control characters are dropped.
    Empty,
    /// The scheme (lower case, without the colon) is not one of [`ALLOWED_SCHEMES`].
    Scheme(String),
    /// The address cannot be parsed; what the parser said.
    Invalid(String),
}

impl Refusal {
    /// Why the target was refused, as the end of a sentence.
    pub fn reason(&self) -> String {
        match self {
            Refusal::Empty => "the target is empty".to_string(),
            Refusal::Scheme(s) => format!("`{s}:` addresses are not allowed in a book"),
            Refusal::Invalid(why) => format!("it is not a valid address ({why})"),
        }
    }

    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            Refusal::Empty | Refusal::Scheme(_) => {
                "link to an http, https, mailto or tel address, a heading (`#id`) or another article (`other.md`)"
            }
            Refusal::Invalid(_) => {
                "correct the address: it needs a scheme and a host such as https://example.org/"
            }
        }
    }
}

/// Judges the link target `raw` by the policy: where it may lead, or why it may not.
pub fn judge(raw: &str) -> Result<Target, Refusal> {
    let cleaned = clean(raw);
    if cleaned.is_empty() {
        return Err(Refusal::Empty);
    }
    if let Some(id) = cleaned.strip_prefix('#') {
        return Ok(Target::Fragment(id.to_string()));
    }
    let fixed = escape_bare_percent(&cleaned);
    match Url::parse(&fixed) {
        Ok(url) => web(url),
        // `//host/path` takes the scheme of the page it is on; a book has none, so the
        // secure one is assumed.
        Err(ParseError::RelativeUrlWithoutBase) if fixed.starts_with("//") => {
            match Url::parse(&format!("https:{fixed}")) {
                Ok(url) => web(url),
                Err(e) => Err(Refusal::Invalid(e.to_string())),
            }
        }
        Err(ParseError::RelativeUrlWithoutBase) => Ok(Target::Relative(cleaned.into_owned())),
        Err(e) => Err(Refusal::Invalid(e.to_string())),
    }
}

fn web(url: Url) -> Result<Target, Refusal> {
    if ALLOWED_SCHEMES.contains(&url.scheme()) {
        Ok(Target::Web(serialize(&url)))
    } else {
        Err(Refusal::Scheme(url.scheme().to_string()))
    }
}

/// Characters the WHATWG serializer leaves in some parts of an address (a `mailto:` or
/// `tel:` body keeps its spaces, a query its braces and bars) that RFC 3986 does not allow
/// in a URI, so that an EPUB checker or a PDF reader might refuse.
const NOT_IN_URI: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// `url` as written into an output: its serialization, with what RFC 3986 forbids escaped.
fn serialize(url: &Url) -> String {
    utf8_percent_encode(url.as_str(), NOT_IN_URI).to_string()
}

/// `raw` as a browser reads it: C0 controls and spaces trimmed from both ends, tabs and
/// newlines removed anywhere (WHATWG URL parsing, "basic URL parser", first steps).
pub fn clean(raw: &str) -> Cow<'_, str> {
    let trimmed = raw.trim_matches(|c: char| c <= ' ');
    if trimmed.contains(['\t', '\n', '\r']) {
        Cow::Owned(trimmed.replace(['\t', '\n', '\r'], ""))
    } else {
        Cow::Borrowed(trimmed)
    }
}

/// `s` with every `%` that does not start a `%XX` escape written as `%25`, so "100%" in an
/// address stays a percent sign instead of making the address invalid.
fn escape_bare_percent(s: &str) -> Cow<'_, str> {
    let b = s.as_bytes();
    let escape_at = |i: usize| {
        !(b.len() > i + 2 && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit())
    };
    if !(0..b.len()).any(|i| b[i] == b'%' && escape_at(i)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 4);
    for (i, c) in s.char_indices() {
        if c == '%' && escape_at(i) {
            out.push_str("%25");
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The file and fragment a relative article link names: the part before `#`, percent-decoded
/// (`my%20essay.md` names `my essay.md`), and the part after it.
pub fn article_link(target: &str) -> (String, &str) {
    let (file, frag) = target.split_once('#').unwrap_or((target, ""));
    (
        percent_decode_str(file).decode_utf8_lossy().into_owned(),
        frag,
    )
}

/// A serialized address as a reader should see it printed: an internationalized host in its
/// own script and escaped non-ASCII letters decoded (RFC 3987, section 3.2); ASCII escapes
/// such as `%20` stay. Anything that would not read back as the same address is left as is.
pub fn display(href: &str) -> String {
    if nothing_to_show(href) {
        return href.to_string();
    }
    shown(href)
}

/// Whether `href` has nothing [`display`] would show otherwise: no escape to decode and no
/// Punycode label (the WHATWG serialization of an address is its own serialization).
fn nothing_to_show(href: &str) -> bool {
    let b = href.as_bytes();
    !b.contains(&b'%') && !b.windows(4).any(|w| w.eq_ignore_ascii_case(b"xn--"))
}

/// [`display`] worked out in full.
fn shown(href: &str) -> String {
    let Ok(url) = Url::parse(href) else {
        return href.to_string();
    };
    let shown = match url.host_str() {
        Some(h) => {
            let host = match idna::domain_to_unicode(h) {
                (uni, Ok(())) if h.contains("xn--") => uni,
                _ => h.to_string(),
            };
            format!(
                "{}{host}{}",
                &url[..Position::BeforeHost],
                decode_non_ascii(&url[Position::AfterHost..])
            )
        }
        None => decode_non_ascii(href),
    };
    match Url::parse(&shown) {
        Ok(back) if serialize(&back) == href => shown,
        _ => href.to_string(),
    }
}

/// `s` with each run of `%XX` escapes that spells non-ASCII UTF-8 letters decoded; escapes of
/// ASCII bytes, of invisible or spacing characters, and of invalid UTF-8 are kept.
fn decode_non_ascii(s: &str) -> String {
    let b = s.as_bytes();
    let byte_at = |i: usize| -> Option<u8> {
        if b.get(i) != Some(&b'%') {
            return None;
        }
        u8::from_str_radix(s.get(i + 1..i + 3)?, 16).ok()
    };
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        let mut bytes = Vec::new();
        let mut j = i;
        while let Some(v) = byte_at(j).filter(|v| *v >= 0x80) {
            bytes.push(v);
            j += 3;
        }
        if bytes.is_empty() {
            let c = s[i..].chars().next().unwrap_or('\0');
            out.push(c);
            i += c.len_utf8().max(1);
            continue;
        }
        match std::str::from_utf8(&bytes) {
            Ok(text) => {
                for c in text.chars() {
                    if shows_plainly(c) {
                        out.push(c);
                    } else {
                        let mut buf = [0u8; 4];
                        for byte in c.encode_utf8(&mut buf).bytes() {
                            out.push_str(&format!("%{byte:02X}"));
                        }
                    }
                }
            }
            Err(_) => out.push_str(&s[i..j]),
        }
        i = j;
    }
    out
}

/// Whether `c` can be printed in an address without hiding or reordering what surrounds it.
fn shows_plainly(c: char) -> bool {
    !(c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}'))
}

/// `target` made safe to quote in a message: control characters shown as escapes.
pub fn quoted(target: &str) -> String {
    target
        .chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn web(s: &str) -> Target {
        Target::Web(s.to_string())
    }

    fn scheme(s: &str) -> Result<Target, Refusal> {
        Err(Refusal::Scheme(s.to_string()))
    }

    #[test]
    fn allowed_addresses_are_serialized() {
        assert_eq!(
            judge("https://example.org/a"),
            Ok(web("https://example.org/a"))
        );
        assert_eq!(
            judge(" HTTPS://Example.ORG"),
            Ok(web("https://example.org/"))
        );
        assert_eq!(
            judge("https://e.example/100%"),
            Ok(web("https://e.example/100%25"))
        );
        assert_eq!(
            judge("https://e.example/a%20b%zz"),
            Ok(web("https://e.example/a%20b%25zz"))
        );
        assert_eq!(
            judge("https://f.example/a b?q=\"x\""),
            Ok(web("https://f.example/a%20b?q=%22x%22"))
        );
        assert_eq!(
            judge("https://пример.рф/путь"),
            Ok(web(
                "https://xn--e1afmkfd.xn--p1ai/%D0%BF%D1%83%D1%82%D1%8C"
            ))
        );
        assert_eq!(judge("//cdn.example/x"), Ok(web("https://cdn.example/x")));
        assert_eq!(judge("mailto:a@b.example"), Ok(web("mailto:a@b.example")));
        assert_eq!(judge("tel:+1 555 0100"), Ok(web("tel:+1%20555%200100")));
        assert_eq!(
            judge("https://x.example/a|b?q={c}"),
            Ok(web("https://x.example/a%7Cb?q=%7Bc%7D"))
        );
    }

    #[test]
    fn other_schemes_are_refused_however_they_are_written() {
        assert_eq!(judge("javascript:alert(1)"), scheme("javascript"));
        assert_eq!(judge(" JavaScript:alert(1)"), scheme("javascript"));
        assert_eq!(judge("\u{1}\u{1f}javascript:x"), scheme("javascript"));
        assert_eq!(judge("java\tscript:x"), scheme("javascript"));
        assert_eq!(judge("java\nscript:x"), scheme("javascript"));
        assert_eq!(judge("VBScript:msgbox"), scheme("vbscript"));
        assert_eq!(judge("data:text/html,hi"), scheme("data"));
        assert_eq!(judge("file:///etc/passwd"), scheme("file"));
        assert_eq!(judge("C:/x.md"), scheme("c"));
        assert_eq!(judge(" \t"), Err(Refusal::Empty));
        assert!(matches!(judge("https://"), Err(Refusal::Invalid(_))));
        assert!(matches!(
            judge("https://exa mple.org/"),
            Err(Refusal::Invalid(_))
        ));
    }

    #[test]
    fn fragments_and_relative_references_are_told_apart() {
        assert_eq!(judge("#intro"), Ok(Target::Fragment("intro".into())));
        assert_eq!(
            judge(" other.md#x "),
            Ok(Target::Relative("other.md#x".into()))
        );
        assert_eq!(
            article_link("my%20essay.md#part-2"),
            ("my essay.md".to_string(), "part-2")
        );
    }

    #[test]
    fn addresses_are_displayed_in_their_own_script() {
        let href = "https://xn--e1afmkfd.xn--p1ai/%D0%BF%D1%83%D1%82%D1%8C?q=a%20b";
        assert_eq!(display(href), "https://пример.рф/путь?q=a%20b");
        assert_eq!(
            display("https://example.org/%E2%80%AEx"),
            "https://example.org/%E2%80%AEx"
        );
        assert_eq!(display("https://e.example/%FF"), "https://e.example/%FF");
        assert_eq!(display("other.md#x"), "other.md#x");
        assert_eq!(quoted("java\tscript:"), "java\\tscript:");
    }

    #[test]
    fn an_address_with_nothing_to_show_is_shown_as_the_full_reading_shows_it() {
        let plain = [
            "https://example.org/a/b?c=d&e=f#g",
            "HTTP://Example.ORG/Path",
            "mailto:someone@example.org",
            "https://user:pw@example.org:8080/",
            "https://192.168.0.1/x",
            "other.md#x",
            "not a url at all",
            "https://example.org/{x}|y",
        ];
        for href in plain {
            assert!(nothing_to_show(href), "{href}");
            assert_eq!(display(href), shown(href), "{href}");
        }
        for href in ["https://XN--e1afmkfd.xn--p1ai/", "https://e.example/%D0%BF"] {
            assert!(!nothing_to_show(href), "{href}");
        }
    }
}
