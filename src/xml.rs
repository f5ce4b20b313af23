//! XML escaping shared by every XML file Folio writes (EPUB XHTML, OPF, NCX, PDF XMP).

/// `s` escaped for XML character data; characters XML forbids are dropped.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
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

/// `s` escaped for a double-quoted XML attribute value.
pub fn attr(s: &str) -> String {
    esc(s).replace('"', "&quot;")
}

/// Whether XML 1.0 allows `c` in a document.
fn allowed_in_xml(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        && !matches!(c, '\u{7F}'..='\u{9F}')
}
