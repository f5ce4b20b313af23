//! Fonts shared by many files: a book's fonts subset once to every glyph its pages use,
//! for its offprints.

use std::sync::Arc;

use super::{prepare, usage, Deflated, Items, PdfFont, Program, Usage};
use crate::diag::Result;
use crate::typeset::frame::FontData;

/// A font prepared for many files: its program and its streams, deflated once.
#[derive(Debug)]
pub(super) struct Prepared {
    pub(super) pdf: PdfFont,
    pub(super) program: Program,
    pub(super) streams: Deflated,
    /// Which glyphs it holds, by layout glyph id.
    held: Vec<bool>,
    /// How many glyphs it holds.
    glyphs: usize,
}

/// A book's fonts subset to every glyph its pages use, deflated once, for the book's
/// offprints: an article of an anthology uses most of the glyphs the whole book does, and
/// subsetting and deflating each font again for each of two hundred offprints cost more
/// than the offprints' pages. An offprint takes a shared font when it uses at least
/// [`SHARE_FROM`] of its glyphs (so the font is at most about twice the size of the
/// offprint's own subset), and subsets the font for itself otherwise.
#[derive(Debug, Default)]
pub struct SharedFonts {
    fonts: Vec<Option<Arc<Prepared>>>,
}

/// The least share of a shared font's glyphs an offprint must use to embed it.
const SHARE_FROM: f64 = 0.5;

impl SharedFonts {
    /// `fonts` subset to the glyphs `lists` use (all the book's pages, and whatever the
    /// offprints add to them, `tagged` or not), each deflated now.
    pub fn build(fonts: &[FontData], lists: &[Items], tagged: bool) -> Result<Self> {
        let usage = usage(fonts, lists, tagged)?.fonts;
        let mut tags = Vec::new();
        let mut shared = SharedFonts::default();
        for (i, (font, u)) in fonts.iter().zip(usage).enumerate() {
            let glyphs = u.used.iter().filter(|x| **x).count();
            if glyphs == 0 {
                shared.fonts.push(None);
                continue;
            }
            let held = u.used.clone();
            let (pdf, program) = prepare(font, i, u, true, &mut tags)?;
            let streams = program.deflated();
            shared.fonts.push(Some(Arc::new(Prepared {
                pdf,
                program,
                streams,
                held,
                glyphs,
            })));
        }
        Ok(shared)
    }

    /// The shared font `font`, if a file with glyph usage `u` should embed it.
    pub(super) fn for_usage(&self, font: usize, u: &Usage) -> Option<&Arc<Prepared>> {
        let shared = self.fonts.get(font)?.as_ref()?;
        let mut mine = 0;
        for (g, used) in u.used.iter().enumerate() {
            if *used {
                if !shared.held.get(g).copied().unwrap_or(false) {
                    return None;
                }
                mine += 1;
            }
        }
        (mine as f64 >= SHARE_FROM * shared.glyphs as f64).then_some(shared)
    }
}
