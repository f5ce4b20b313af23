//! Which glyphs a file's pages use in each font, and what each first stands for, noted in
//! the order the pages are written. Nothing noted of a page depends on a later one: a
//! glyph's code and text are fixed when it is first used, so a page's content can be
//! written as soon as its glyphs are noted (the PDF of a book is written as it is laid
//! out), and gives the same bytes as when every page is noted first.

use super::extracted;
use crate::diag::{Error, Result};
use crate::typeset::frame::{FontData, GlyphRun, Item, Point};

/// Glyph usage of one font.
#[derive(Debug, Default, Clone)]
pub(crate) struct Usage {
    /// Whether each glyph is used, by layout glyph id.
    pub(super) used: Vec<bool>,
    /// The text each glyph stands for where it is first used (none when it is first a
    /// later glyph of a cluster, whose text is on the cluster's first): fixed then.
    pub(super) canonical: Vec<Option<Box<str>>>,
    /// The glyphs in the order they were first used: a CFF subset's codes.
    pub(super) order: Vec<u16>,
    /// The font's word-space glyph, noted before its first glyph, in a tagged file (which
    /// writes it where the runs leave a word space out).
    pub(super) space: Option<u16>,
}

impl Usage {
    /// Adds what items after these use: their glyphs, and the text of those not seen here.
    fn merge(&mut self, later: Usage) {
        if later.used.len() > self.used.len() {
            self.used.resize(later.used.len(), false);
            self.canonical.resize(later.used.len(), None);
        }
        let mut texts = later.canonical;
        for g in later.order {
            let i = usize::from(g);
            if !self.used[i] {
                self.used[i] = true;
                self.order.push(g);
                self.canonical[i] = texts[i].take();
            }
        }
        self.space = self.space.or(later.space);
    }

    /// Whether the font has a glyph noted.
    pub(super) fn any(&self) -> bool {
        !self.order.is_empty()
    }

    /// [`Usage::note`] for every glyph of `run`: a book has millions, and most are used
    /// before, so a glyph's text is only sliced out when it is not.
    fn note_run(&mut self, run: &GlyphRun) {
        let mut at = 0;
        for g in run.glyphs() {
            let end = at + usize::from(g.text_len);
            let i = usize::from(g.id);
            if !self.used.get(i).copied().unwrap_or(false) {
                self.note(g.id, &run.text()[at..end]);
            }
            at = end;
        }
    }

    /// Notes glyph `gid` standing for `text`, if it is not used before.
    fn note(&mut self, gid: u16, text: &str) {
        let i = usize::from(gid);
        if i >= self.used.len() {
            self.used.resize(i + 1, false);
            self.canonical.resize(i + 1, None);
        }
        if !self.used[i] {
            self.used[i] = true;
            self.order.push(gid);
            self.canonical[i] = (!text.is_empty()).then(|| extracted(text).into());
        }
    }
}

/// What a file's pages use of each of its fonts, by layout font index.
#[derive(Debug, Clone)]
pub struct FontUse {
    pub(super) fonts: Vec<Usage>,
    /// Each font's word-space glyph (from its cmap), when the file is tagged.
    spaces: Vec<Option<u16>>,
}

impl FontUse {
    /// Nothing used yet of `fonts`; a `tagged` file notes each font's word space with it.
    pub fn new(fonts: &[FontData], tagged: bool) -> Self {
        let space = |f: &FontData| {
            let face = ttf_parser::Face::parse(&f.bytes, f.index).ok()?;
            face.glyph_index(' ').map(|g| g.0)
        };
        FontUse {
            fonts: vec![Usage::default(); fonts.len()],
            spaces: fonts
                .iter()
                .map(|f| if tagged { space(f) } else { None })
                .collect(),
        }
    }

    /// Notes the glyphs of `items`, the items of the next page (or list) written.
    pub fn note<'a>(&mut self, items: impl IntoIterator<Item = &'a Item>) -> Result<()> {
        for item in items {
            let Item::Glyphs(run) = item else { continue };
            let count = self.fonts.len();
            let Some(u) = self.fonts.get_mut(run.font) else {
                return Err(Error::Internal(format!(
                    "a glyph run uses font {} but the layout has {count} fonts",
                    run.font,
                )));
            };
            if !u.any() {
                if let Some(space) = self.spaces[run.font] {
                    u.note(space, " ");
                    u.space = Some(space);
                }
            }
            u.note_run(run);
        }
        Ok(())
    }

    /// Nothing used yet of the same fonts, noted the same way.
    fn emptied(&self) -> FontUse {
        FontUse {
            fonts: vec![Usage::default(); self.fonts.len()],
            spaces: self.spaces.clone(),
        }
    }

    /// Adds what pages written after these use.
    fn merge(&mut self, later: FontUse) {
        for (u, l) in self.fonts.iter_mut().zip(later.fonts) {
            u.merge(l);
        }
    }
}

/// Pages counted on one thread by [`usage`].
const USAGE_CHUNK: usize = 64;

/// What `lists` (the items of each page, in the order they are written) use of `fonts`:
/// counted in chunks of pages on every thread, then merged in order, which notes the same
/// as noting them one after the other.
pub fn usage(fonts: &[FontData], lists: &[&[(Point, Item)]], tagged: bool) -> Result<FontUse> {
    usage_after(FontUse::new(fonts, tagged), lists)
}

/// [`usage`] of `lists` written after pages that noted `start`.
pub fn usage_after(start: FontUse, lists: &[&[(Point, Item)]]) -> Result<FontUse> {
    use rayon::prelude::*;
    let parts: Vec<Result<FontUse>> = (lists.par_chunks(USAGE_CHUNK))
        .map(|chunk| {
            let mut part = start.emptied();
            part.note(chunk.iter().flat_map(|l| l.iter().map(|(_, i)| i)))?;
            Ok(part)
        })
        .collect();
    let mut all = start;
    for part in parts {
        all.merge(part?);
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::frame::Color;

    fn run(glyphs: &[(u16, &str)]) -> Item {
        let mut r = GlyphRun::new(0, 10.0, Color::BLACK);
        for (k, (g, t)) in glyphs.iter().enumerate() {
            r.push(*g, k as f64 * 5.0, 0.0, t);
        }
        Item::Glyphs(r)
    }

    #[test]
    fn usage_merged_from_chunks_is_usage_noted_in_order() {
        let data = crate::typeset::fonts::Fonts::load(&Default::default()).font_data();
        let pages: Vec<Vec<(Point, Item)>> = (0..300u16)
            .map(|k| {
                let a = 40 + (k * 7) % 90;
                let glyphs = [(a, "a"), (a + 1, ""), (3 + k % 5, "b")];
                vec![(Point::default(), run(&glyphs))]
            })
            .collect();
        let lists: Vec<&[(Point, Item)]> = pages.iter().map(Vec::as_slice).collect();
        for tagged in [false, true] {
            let merged = usage(&data, &lists, tagged).unwrap();
            let mut one = FontUse::new(&data, tagged);
            for l in &lists {
                one.note(l.iter().map(|(_, i)| i)).unwrap();
            }
            let (m, o) = (&merged.fonts[0], &one.fonts[0]);
            assert_eq!(m.order, o.order);
            assert_eq!(m.used, o.used);
            assert_eq!(m.canonical, o.canonical);
            assert_eq!(m.space, o.space);
            assert_eq!(tagged, m.space.is_some());
            if tagged {
                assert_eq!(m.order[0], m.space.unwrap(), "the space comes first");
            }
            assert_eq!(m.order[usize::from(tagged)], 40);
        }
    }
}
