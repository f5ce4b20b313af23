//! Source scans for what the event stream hides: footnote references with no definition,
//! which GFM-style parsing leaves as literal `[^label]` text.

use std::ops::Range;

/// The longest footnote label considered; longer bracketed text is prose, not a label.
const MAX_LABEL_CHARS: usize = 100;

/// Every literal `[^label]` in `source` whose brackets lie in running text (inside one of
/// `text_ranges`, sorted by start) and are not escaped, as (label, byte offset of `[`).
pub fn literal_note_refs(source: &str, text_ranges: &[Range<usize>]) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = source.get(from..).and_then(|s| s.find("[^")) {
        let open = from + found;
        from = open + 2;
        let Some(label) = label_after(&source[open + 2..]) else {
            continue;
        };
        let close = open + 2 + label.len();
        let escaped = open > 0 && source.as_bytes()[open - 1] == b'\\';
        let definition = source[close + 1..].starts_with(':');
        if escaped || definition {
            continue;
        }
        if in_text(open, text_ranges) && in_text(close, text_ranges) {
            out.push((label.to_string(), open));
        }
    }
    out
}

/// The label of `[^label]` given the text after `[^`: up to `]`, non-empty, no whitespace.
fn label_after(rest: &str) -> Option<&str> {
    let end = rest.find(']')?;
    let label = &rest[..end];
    let ok = !label.is_empty()
        && label.chars().count() <= MAX_LABEL_CHARS
        && !label.contains(|c: char| c.is_whitespace() || c == '[' || c == '^');
    ok.then_some(label)
}

/// Whether byte `offset` falls inside one of the sorted `ranges`.
fn in_text(offset: usize, ranges: &[Range<usize>]) -> bool {
    let i = ranges.partition_point(|r| r.start <= offset);
    i > 0 && ranges[i - 1].contains(&offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_unescaped_references_in_text() {
        let src = "See [^a] and \\[^b] and [^c]: x";
        let found = literal_note_refs(src, &[0..4, 4..src.len()]);
        assert_eq!(found, vec![("a".to_string(), 4)]);
    }

    #[test]
    fn ignores_references_outside_text() {
        let src = "`[^a]` and [^b]";
        let found = literal_note_refs(src, &[6..10, 10..src.len()]);
        assert_eq!(found, vec![("b".to_string(), 11)]);
    }
}
