//! XML escaping shared by every XML file Folio writes (EPUB XHTML, OPF, NCX, PDF XMP).

/// `s` escaped for XML character data; characters XML forbids are dropped.
///
/// Most of a book's text needs nothing done, so the bytes are scanned and copied in runs;
/// only `&`, `<`, `>` and the characters XML 1.0 forbids break a run. In UTF-8 those are
/// the C0 controls but tab, line feed and carriage return, DEL, the C1 controls (`C2 80` to
/// `C2 9F`) and U+FFFE and U+FFFF (`EF BF BE`, `EF BF BF`); a `str` holds no surrogates.
pub fn esc(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let (mut run, mut i) = (0, 0);
    while let Some(k) = bytes[i..].iter().position(|&b| NOTICED[usize::from(b)]) {
        i += k;
        let (replacement, len) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'\t' | b'\n' | b'\r' => ("", 0),
            0..=0x1F | 0x7F => ("", 1),
            0xC2 if matches!(bytes.get(i + 1), Some(0x80..=0x9F)) => ("", 2),
            0xEF if bytes.get(i + 1) == Some(&0xBF)
                && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) =>
            {
                ("", 3)
            }
            _ => ("", 0),
        };
        if len == 0 {
            i += 1;
            continue;
        }
        out.push_str(&s[run..i]);
        out.push_str(replacement);
        i += len;
        run = i;
    }
    out.push_str(&s[run..]);
    out
}

/// The bytes that may start something [`esc`] changes.
static NOTICED: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = !matches!(b, 0x09 | 0x0A | 0x0D);
        b += 1;
    }
    t[b'&' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[0x7F] = true;
    t[0xC2] = true;
    t[0xEF] = true;
    t
};

/// `s` escaped for a double-quoted XML attribute value.
pub fn attr(s: &str) -> String {
    esc(s).replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether XML 1.0 allows `c` in a document (and outside the discouraged C1 range).
    fn allowed_in_xml(c: char) -> bool {
        matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
            && !matches!(c, '\u{7F}'..='\u{9F}')
    }

    /// The escape character by character, as the definition reads.
    fn esc_by_chars(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                c if allowed_in_xml(c) => out.push(c),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn markup_is_escaped_and_forbidden_characters_dropped() {
        assert_eq!(
            esc("a < b && c > d\u{1}\u{7F}\u{85}\u{9F}\u{A0}\u{FFFE}\u{FFFF}\u{FFFD}é"),
            "a &lt; b &amp;&amp; c &gt; d\u{A0}\u{FFFD}é"
        );
        assert_eq!(esc("line\tone\r\nline two"), "line\tone\r\nline two");
        assert_eq!(attr("say \"hi\" & go"), "say &quot;hi&quot; &amp; go");
    }

    #[test]
    fn the_byte_scan_agrees_with_the_character_definition() {
        let alphabet: Vec<char> = "a &<>\"\t\n\r\u{0}\u{1F}\u{7F}\u{80}\u{9F}\u{A0}\u{C2}\u{BF}\
             \u{FFFD}\u{FFFE}\u{FFFF}\u{EFBF}\u{10000}ёé—"
            .chars()
            .collect();
        let mut x = 0x2545_F491_4F6C_DD1D_u64;
        for _ in 0..2000 {
            let s: String = (0..(x % 24))
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    alphabet[(x % alphabet.len() as u64) as usize]
                })
                .collect();
            assert_eq!(esc(&s), esc_by_chars(&s), "{s:?}");
        }
    }
}
