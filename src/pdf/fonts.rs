//! Fonts for the PDF: each layout font parsed once for printpdf under a deterministic
//! resource name (which is also the subset tag), and the text each glyph stands for.
//!
//! A font's ToUnicode map can give a glyph only one text, but the frames may use one glyph
//! for different texts (a base letter alone and as the start of a decomposed cluster; an
//! alternate shared by two characters). Each glyph's *canonical* text is the first text it
//! is seen with standing for itself (a break's soft hyphen counting as "-"); a cluster whose glyphs' canonical texts do not
//! spell its own text is marked with ActualText by the content writer.

use std::collections::BTreeMap;

use printpdf::{FontId as PdfFontId, ParsedFont, PdfFont};

use crate::diag::{Error, Result};
use crate::typeset::frame::{FontData, Item};

/// The text of a hyphen added at a line break.
pub const SOFT_HYPHEN: &str = "\u{AD}";

/// Letters in a subset tag (ISO 32000-1, 9.6.4: six upper-case letters).
const TAG_LEN: usize = 6;

/// The fonts of one PDF.
#[derive(Debug, Default)]
pub struct FontTable {
    /// printpdf font id per layout font index (`None` when the font is never used).
    ids: Vec<Option<PdfFontId>>,
    /// Canonical text per glyph, per layout font index.
    canonical: Vec<BTreeMap<u16, String>>,
}

impl FontTable {
    /// Parses every used font and learns the canonical glyph texts from `items` (all pages,
    /// in order). Returns the table and the fonts to register with printpdf.
    pub fn build<'a>(
        fonts: &[FontData],
        items: impl Iterator<Item = &'a Item>,
    ) -> Result<(Self, Vec<(PdfFontId, PdfFont)>)> {
        let mut canonical = vec![BTreeMap::new(); fonts.len()];
        let mut used: Vec<Option<Vec<u16>>> = vec![None; fonts.len()];
        for item in items {
            let Item::Glyphs(run) = item else { continue };
            let Some(map) = canonical.get_mut(run.font) else {
                return Err(Error::Output(format!(
                    "a glyph run uses font {} but the layout has {} fonts",
                    run.font,
                    fonts.len()
                )));
            };
            let glyphs = used[run.font].get_or_insert_with(Vec::new);
            for g in &run.glyphs {
                glyphs.push(g.id);
                if !g.text.is_empty() {
                    let text = super::content::extracted(&g.text);
                    map.entry(g.id).or_insert_with(|| text.to_string());
                }
            }
        }
        let mut ids = Vec::with_capacity(fonts.len());
        let mut registered = Vec::new();
        let mut tags: Vec<String> = Vec::new();
        for (i, (font, glyphs)) in fonts.iter().zip(used).enumerate() {
            let Some(mut glyphs) = glyphs else {
                ids.push(None);
                continue;
            };
            glyphs.sort_unstable();
            glyphs.dedup();
            let tag = unique_tag(font, i, &glyphs, &tags);
            tags.push(tag.clone());
            let mut warnings = Vec::new();
            let parsed = ParsedFont::from_bytes(&font.bytes, font.index as usize, &mut warnings)
                .ok_or_else(|| {
                    Error::Output(format!("the font {} cannot be read for the PDF", font.name))
                })?;
            let id = PdfFontId(tag);
            registered.push((id.clone(), PdfFont::new(parsed)));
            ids.push(Some(id));
        }
        Ok((FontTable { ids, canonical }, registered))
    }

    /// The printpdf id of layout font `font`.
    pub fn id(&self, font: usize) -> Option<&PdfFontId> {
        self.ids.get(font).and_then(Option::as_ref)
    }

    /// The text a glyph's ToUnicode entry gives, when the frames ever show it standalone.
    pub fn canonical(&self, font: usize, gid: u16) -> Option<&str> {
        self.canonical
            .get(font)
            .and_then(|m| m.get(&gid))
            .map(String::as_str)
    }
}

/// A six-letter tag for a font, derived from its name, position and glyph set (so the same
/// input gives the same tag), distinct from the tags already taken.
fn unique_tag(font: &FontData, index: usize, glyphs: &[u16], taken: &[String]) -> String {
    let mut seed = fnv1a(font.name.as_bytes(), index as u64);
    for g in glyphs {
        seed = fnv1a(&g.to_be_bytes(), seed);
    }
    loop {
        let tag = letters(seed);
        if !taken.contains(&tag) {
            return tag;
        }
        seed = fnv1a(b"again", seed);
    }
}

/// Six letters A–Z from a hash.
fn letters(mut h: u64) -> String {
    (0..TAG_LEN)
        .map(|_| {
            let c = (b'A' + (h % 26) as u8) as char;
            h /= 26;
            c
        })
        .collect()
}

/// FNV-1a over `bytes`, continuing from `seed` (mixed into the offset basis).
pub fn fnv1a(bytes: &[u8], seed: u64) -> u64 {
    /// The 64-bit FNV offset basis.
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    /// The 64-bit FNV prime.
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h = OFFSET ^ seed.wrapping_mul(PRIME);
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(PRIME);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_six_capitals_and_stable() {
        let t = letters(fnv1a(b"Noto Serif", 0));
        assert_eq!(t.len(), 6);
        assert!(t.chars().all(|c| c.is_ascii_uppercase()));
        assert_eq!(t, letters(fnv1a(b"Noto Serif", 0)));
        assert_ne!(t, letters(fnv1a(b"Noto Serif", 1)));
    }
}
