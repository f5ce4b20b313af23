//! Shaping with rustybuzz (kerning and standard ligatures on, the OpenType defaults): a word
//! becomes glyphs in em units, each glyph tied back to the source text of its cluster. Words
//! are shaped once per family and cached per thread.

use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::sync::Arc;

use super::fonts::{Family, Fonts};

/// One shaped glyph, in em units relative to the word's start.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SGlyph {
    /// Face index in [`Fonts::faces`].
    pub face: u16,
    /// Glyph id in that face.
    pub id: u16,
    /// Pen position before this glyph (em).
    pub pen: f32,
    /// Horizontal offset from the pen (em).
    pub dx: f32,
    /// Vertical offset, positive up (em).
    pub dy: f32,
    /// Byte range of the cluster's text in the word; empty on a cluster's later glyphs.
    pub text: (u32, u32),
}

/// A shaped word.
#[derive(Debug, Clone, PartialEq)]
pub struct Shaped {
    /// The word's text.
    pub text: String,
    /// Its glyphs in visual (= logical, for the scripts we set) order.
    pub glyphs: Vec<SGlyph>,
    /// Total advance (em).
    pub width: f32,
    /// Characters no face has (shaped as the primary face's .notdef).
    pub missing: Vec<char>,
}

impl Shaped {
    /// Pen position at glyph index `i` (the total width at the end).
    pub fn pen(&self, i: usize) -> f32 {
        self.glyphs.get(i).map(|g| g.pen).unwrap_or(self.width)
    }

    /// The glyph index where byte offset `b` starts a cluster, if it does.
    pub fn glyph_at_byte(&self, b: usize) -> Option<usize> {
        self.glyphs
            .iter()
            .position(|g| g.text.0 as usize == b && g.text.1 > g.text.0)
    }
}

/// One map per family, so that a lookup borrows the word instead of allocating a key.
/// The first field names the font set the entries were shaped with.
type Cache = (u64, [HashMap<String, Arc<Shaped>>; 5]);

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Default::default());
}

/// Above this many cached words a thread's cache is cleared, bounding memory on huge books.
const CACHE_LIMIT: usize = 200_000;

/// Empties this thread's cache of shaped words.
pub fn release_cache() {
    CACHE.with(|c| *c.borrow_mut() = Default::default());
}

/// Shapes `text` in `family`, from the per-thread cache when it was shaped before.
pub fn shape(fonts: &Fonts, family: Family, text: &str) -> Arc<Shaped> {
    super::timing::timed(super::timing::Stage::Shape, || {
        shape_cached(fonts, family, text)
    })
}

/// [`shape`] without counting the time as a paragraph stage: for the pieces of text set
/// outside paragraphs (running heads, folios, numbers), which recur from page to page.
pub fn shape_cached(fonts: &Fonts, family: Family, text: &str) -> Arc<Shaped> {
    CACHE.with(|c| {
        let mut all = c.borrow_mut();
        if all.0 != fonts.id {
            *all = (fonts.id, Default::default());
        }
        let c = &mut all.1[family as usize];
        if let Some(s) = c.get(text) {
            return s.clone();
        }
        if c.len() > CACHE_LIMIT {
            c.clear();
        }
        let s = Arc::new(shape_uncached(fonts, family, text));
        c.insert(text.to_string(), s.clone());
        s
    })
}

/// Splits `text` into runs that one face can set, by the family's fallback chain.
fn face_runs(fonts: &Fonts, family: Family, text: &str) -> (Vec<(usize, usize, usize)>, Vec<char>) {
    let primary = fonts.chain(family)[0];
    let mut runs: Vec<(usize, usize, usize)> = Vec::new();
    let mut missing = Vec::new();
    for (i, c) in text.char_indices() {
        let face = match fonts.face_for(family, c) {
            Some(f) => f,
            None if c.is_whitespace() || c.is_control() || is_invisible(c) => primary,
            None => {
                missing.push(c);
                primary
            }
        };
        let end = i + c.len_utf8();
        match runs.last_mut() {
            Some((f, _, e)) if *f == face => *e = end,
            _ => runs.push((face, i, end)),
        }
    }
    (runs, missing)
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// A shaping plan, by face, direction and script.
type PlanKey = (usize, rustybuzz::Direction, rustybuzz::Script);

/// A thread's plans, for the font set (by [`Fonts::id`]) they were made with.
type Plans = (u64, Vec<(PlanKey, rustybuzz::ShapePlan)>);

thread_local! {
    /// Building a plan walks the font's feature lists: a third of the time of shaping one
    /// word. A book needs a handful (one per face and script), so each thread keeps them,
    /// for one font set at a time: a later build (watch, many books in one process) brings
    /// its own fonts, and the earlier set's plans would only grow the list.
    static PLANS: RefCell<Plans> = const { RefCell::new((0, Vec::new())) };
}

/// Shapes `buf` (its segment properties guessed) with the plan for its direction and script.
fn shape_with_cached_plan(
    fonts_id: u64,
    face_ix: usize,
    face: &rustybuzz::Face,
    buf: rustybuzz::UnicodeBuffer,
) -> rustybuzz::GlyphBuffer {
    let key = (face_ix, buf.direction(), buf.script());
    PLANS.with(|plans| {
        let mut plans = plans.borrow_mut();
        if plans.0 != fonts_id {
            *plans = (fonts_id, Vec::new());
        }
        let plans = &mut plans.1;
        let at = match plans.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                let plan = rustybuzz::ShapePlan::new(face, key.1, Some(key.2), None, &[]);
                plans.push((key, plan));
                plans.len() - 1
            }
        };
        rustybuzz::shape_with_plan(face, &plans[at].1, buf)
    })
}

/// The number of shaping plans this thread keeps.
#[cfg(test)]
fn plans_kept() -> usize {
    PLANS.with(|p| p.borrow().1.len())
}

/// Shapes without the cache.
pub fn shape_uncached(fonts: &Fonts, family: Family, text: &str) -> Shaped {
    let (runs, missing) = face_runs(fonts, family, text);
    let mut glyphs = Vec::with_capacity(text.len());
    let mut pen = 0f32;
    for (face_ix, start, end) in runs {
        let face = &fonts.faces[face_ix];
        let mut buf = rustybuzz::UnicodeBuffer::new();
        buf.push_str(&text[start..end]);
        buf.guess_segment_properties();
        let out = shape_with_cached_plan(fonts.id, face_ix, &face.rb, buf);
        let scale = 1.0 / face.upem as f32;
        let infos = out.glyph_infos();
        let positions = out.glyph_positions();
        for (k, (info, pos)) in infos.iter().zip(positions).enumerate() {
            let c0 = start + info.cluster as usize;
            let first = k == 0 || infos[k - 1].cluster != info.cluster;
            let text_range = if first {
                let c1 = infos[k..]
                    .iter()
                    .find(|i| i.cluster != info.cluster)
                    .map(|i| start + i.cluster as usize)
                    .unwrap_or(end);
                (c0 as u32, c1.max(c0) as u32)
            } else {
                (c0 as u32, c0 as u32)
            };
            glyphs.push(SGlyph {
                face: face_ix as u16,
                id: info.glyph_id as u16,
                pen,
                dx: pos.x_offset as f32 * scale,
                dy: pos.y_offset as f32 * scale,
                text: text_range,
            });
            pen += pos.x_advance as f32 * scale;
        }
    }
    Shaped {
        text: text.to_string(),
        glyphs,
        width: pen,
        missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> Fonts {
        Fonts::load(&Default::default())
    }

    #[test]
    fn a_released_cache_holds_no_word_and_shapes_them_the_same() {
        let f = fonts();
        let words = || CACHE.with(|c| c.borrow().1.iter().map(HashMap::len).sum::<usize>());
        let before = shape(&f, Family::Regular, "released");
        assert!(words() > 0);
        release_cache();
        assert_eq!(words(), 0);
        let after = shape(&f, Family::Regular, "released");
        assert_eq!(before.glyphs.len(), after.glyphs.len());
        assert_eq!(before.text, after.text);
    }

    #[test]
    fn ligature_keeps_cluster_text() {
        let f = fonts();
        let s = shape(&f, Family::Regular, "office");
        let text: String = s
            .glyphs
            .iter()
            .map(|g| &s.text[g.text.0 as usize..g.text.1 as usize])
            .collect();
        assert_eq!(text, "office");
        assert!(s.width > 2.0 && s.width < 4.0, "{}", s.width);
    }

    #[test]
    fn kerning_narrows_av() {
        let f = fonts();
        let av = shape(&f, Family::Regular, "AV").width;
        let a = shape(&f, Family::Regular, "A").width;
        let v = shape(&f, Family::Regular, "V").width;
        assert!(av < a + v, "no kerning: {av} vs {}", a + v);
    }

    #[test]
    fn plans_do_not_pile_up_across_font_sets() {
        for _ in 0..5 {
            let f = fonts();
            shape(&f, Family::Regular, "plan");
            shape(&f, Family::Italic, "plan");
        }
        assert!(plans_kept() <= 2, "{} plans kept", plans_kept());
    }

    #[test]
    fn fallback_face_for_missing_glyph() {
        let f = fonts();
        let s = shape(&f, Family::Regular, "a↪");
        assert!(s.missing.is_empty());
        assert_ne!(s.glyphs[0].face, s.glyphs[1].face);
    }
}
