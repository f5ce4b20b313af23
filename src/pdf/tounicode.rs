//! The ToUnicode CMap of an embedded font (ISO 32000-1, 9.10.3): two-byte codes to the
//! UTF-16BE text each glyph stands for, so text can be searched and copied.

use super::num::push_hex4;

/// Entries per `beginbfchar` block (the CMap format allows at most 100).
const PER_BLOCK: usize = 100;

const HEADER: &str = "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";

const FOOTER: &str = "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";

/// The CMap for `(code, text)` pairs; codes without text are left out.
pub fn cmap(entries: &[(u16, &str)]) -> Vec<u8> {
    let mapped: Vec<&(u16, &str)> = entries.iter().filter(|(_, t)| !t.is_empty()).collect();
    let mut out = HEADER.as_bytes().to_vec();
    for block in mapped.chunks(PER_BLOCK) {
        out.extend_from_slice(format!("{} beginbfchar\n", block.len()).as_bytes());
        for (code, text) in block {
            out.push(b'<');
            push_hex4(&mut out, *code);
            out.extend_from_slice(b"> <");
            for unit in text.encode_utf16() {
                push_hex4(&mut out, unit);
            }
            out.extend_from_slice(b">\n");
        }
        out.extend_from_slice(b"endbfchar\n");
    }
    out.extend_from_slice(FOOTER.as_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_codes_to_utf16_and_skips_empty() {
        let c = String::from_utf8(cmap(&[(3, "fi"), (4, ""), (5, "ж")])).unwrap();
        assert!(c.contains("2 beginbfchar\n<0003> <00660069>\n<0005> <0436>\nendbfchar"));
        assert!(!c.contains("<0004>"));
    }

    #[test]
    fn blocks_hold_at_most_one_hundred() {
        let texts: Vec<String> = (0..250)
            .map(|i| char::from(b'a' + (i % 26) as u8).to_string())
            .collect();
        let entries: Vec<(u16, &str)> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (i as u16 + 1, t.as_str()))
            .collect();
        let c = String::from_utf8(cmap(&entries)).unwrap();
        assert_eq!(c.matches("100 beginbfchar").count(), 2);
        assert_eq!(c.matches("50 beginbfchar").count(), 1);
    }
}
