//! A font file named in the manifest, read once and checked before anything uses it: every
//! table the file lists lies inside it, the tables the typesetter and the PDF writer read
//! parse, the glyphs have outlines that parse, and the subsetter accepts the face. A font
//! that fails is an error at its manifest line, never a PDF whose text poppler cannot draw.
//! Its PDF name comes from its own name table (else from a hash of its bytes), never from
//! the path it was found at, so the same font gives the same PDF from any folder.

use std::path::PathBuf;
use std::sync::Arc;

/// A checked font file.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FontFile {
    /// Where it was read from (for messages only).
    pub path: PathBuf,
    /// The file's bytes.
    #[serde(skip)]
    pub bytes: Arc<Vec<u8>>,
    /// The PostScript name for the PDF.
    pub name: String,
}

impl FontFile {
    /// Checks `bytes` read from `path`; the error says what is wrong with the file.
    pub fn new(path: PathBuf, bytes: Vec<u8>) -> Result<FontFile, String> {
        let name = check(&bytes)?;
        Ok(FontFile {
            path,
            bytes: Arc::new(bytes),
            name,
        })
    }
}

/// Checks a font file and returns its PostScript name.
fn check(data: &[u8]) -> Result<String, String> {
    let raw = ttf_parser::RawFace::parse(data, 0)
        .map_err(|e| format!("is not a TrueType or OpenType font ({e})"))?;
    for r in raw.table_records {
        let end = u64::from(r.offset) + u64::from(r.length);
        if end > data.len() as u64 {
            return Err(format!(
                "is cut short: its `{}` table ends at byte {end}, but the file has {} bytes",
                r.tag,
                data.len()
            ));
        }
    }
    let face =
        ttf_parser::Face::parse(data, 0).map_err(|e| format!("cannot be read as a font ({e})"))?;
    let t = face.tables();
    if t.cmap.is_none() || t.hmtx.is_none() {
        return Err("has no character map (`cmap`) or no widths (`hmtx`)".to_string());
    }
    if t.glyf.is_none() && t.cff.is_none() {
        return Err("has no glyph outlines (`glyf` or `CFF `)".to_string());
    }
    if face.glyph_index('a').is_none() && face.glyph_index('\u{0430}').is_none() {
        return Err("has no letters (neither `a` nor `а`)".to_string());
    }
    outlines(&face)?;
    let all: Vec<u16> = (0..face.number_of_glyphs()).collect();
    let remapper = subsetter::GlyphRemapper::new_from_glyphs_sorted(&all);
    subsetter::subset(data, 0, &remapper)
        .map_err(|e| format!("cannot be embedded in a PDF ({e})"))?;
    Ok(postscript_name(&face).unwrap_or_else(|| hashed_name(data)))
}

/// Every glyph of a `glyf` font must either be empty or have an outline that parses: a
/// truncated or damaged glyph would be drawn as nothing.
fn outlines(face: &ttf_parser::Face) -> Result<(), String> {
    let Some(loca) = loca(face) else {
        return Ok(()); // CFF outlines are parsed by the subsetter
    };
    for g in 0..face.number_of_glyphs() {
        let id = ttf_parser::GlyphId(g);
        let empty = loca.glyph_range(id).is_none_or(|r| r.is_empty());
        if !empty && face.outline_glyph(id, &mut NoSink).is_none() {
            return Err(format!("has a damaged outline for glyph {g}"));
        }
    }
    Ok(())
}

/// The glyph locations of a `glyf` font.
fn loca<'a>(face: &ttf_parser::Face<'a>) -> Option<ttf_parser::loca::Table<'a>> {
    let t = face.tables();
    let data = face
        .raw_face()
        .table(ttf_parser::Tag::from_bytes(b"loca"))?;
    ttf_parser::loca::Table::parse(
        t.maxp.number_of_glyphs,
        t.head.index_to_location_format,
        data,
    )
}

struct NoSink;

impl ttf_parser::OutlineBuilder for NoSink {
    fn move_to(&mut self, _: f32, _: f32) {}
    fn line_to(&mut self, _: f32, _: f32) {}
    fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {}
    fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {}
    fn close(&mut self) {}
}

/// The face's PostScript name, reduced to what a PDF name may hold.
fn postscript_name(face: &ttf_parser::Face) -> Option<String> {
    let name = face
        .names()
        .into_iter()
        .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME && n.is_unicode())
        .and_then(|n| n.to_string())?;
    let clean: String = name
        .chars()
        .filter(|c| c.is_ascii_graphic() && !"[](){}<>/%#".contains(*c))
        .take(63)
        .collect();
    (!clean.is_empty()).then_some(clean)
}

/// A stable name from the font's bytes, for a font without a PostScript name.
fn hashed_name(data: &[u8]) -> String {
    // FNV-1a, 64-bit: stable across builds and machines, unlike std's hasher.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in data {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("Font-{h:016X}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serif() -> Vec<u8> {
        crate::fonts::SERIF[0].bytes.to_vec()
    }

    #[test]
    fn a_whole_font_passes_with_its_own_name() {
        let f = FontFile::new("x.ttf".into(), serif()).unwrap();
        assert_eq!(f.name, "NotoSerif-Regular");
    }

    #[test]
    fn a_truncated_font_is_refused() {
        let mut bytes = serif();
        bytes.truncate(bytes.len() / 2);
        let e = FontFile::new("x.ttf".into(), bytes).unwrap_err();
        assert!(e.contains("cut short"), "{e}");
    }

    #[test]
    fn a_damaged_glyph_is_refused() {
        let mut bytes = serif();
        let face = ttf_parser::Face::parse(&bytes, 0).unwrap();
        let g = face.glyph_index('a').unwrap();
        let range = loca(&face).unwrap().glyph_range(g).unwrap();
        let glyf = ttf_parser::RawFace::parse(&bytes, 0)
            .unwrap()
            .table_records
            .into_iter()
            .find(|r| &r.tag.to_bytes() == b"glyf")
            .unwrap();
        let at = glyf.offset as usize + range.start;
        // A glyph claiming thousands of contours cannot parse within its bytes.
        bytes[at..at + 2].copy_from_slice(&0x7fffu16.to_be_bytes());
        assert!(FontFile::new("x.ttf".into(), bytes).is_err());
    }

    #[test]
    fn text_is_not_a_font() {
        assert!(FontFile::new("x.ttf".into(), b"hello".to_vec()).is_err());
    }
}
