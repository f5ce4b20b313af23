//! The math font as the layout reads it: the MATH table's constants in points, glyphs for
//! characters (the `ssty` feature's script-size forms at script sizes), their metrics,
//! italic corrections and accent attachments, and the larger variants and the assemblies
//! of glyphs that grow. Characters the math font lacks are taken from the text faces.

use std::cell::RefCell;
use std::collections::HashMap;

use ttf_parser::math::{Constants, GlyphConstruction, MathValue};
use ttf_parser::GlyphId;

use super::mbox::{MBox, Piece};
use crate::typeset::fonts::{Family, Fonts, MATH_FACE};

/// A face index and a glyph id in it.
type FaceGlyph = (usize, u16);

/// The font of a formula being laid out.
pub struct MathFont<'f> {
    /// The layout's fonts.
    pub fonts: &'f Fonts,
    table: ttf_parser::math::Table<'static>,
    consts: Constants<'static>,
    upem: f64,
    /// Glyphs found for (character, script level).
    cache: RefCell<HashMap<(char, u8), Option<FaceGlyph>>>,
    /// Characters no face has.
    pub missing: RefCell<Vec<char>>,
}

impl<'f> MathFont<'f> {
    /// The math font of `fonts`, if it has a usable MATH table.
    pub fn new(fonts: &'f Fonts) -> Option<MathFont<'f>> {
        let table = fonts.math_table?;
        let consts = table.constants?;
        Some(MathFont {
            fonts,
            table,
            consts,
            upem: fonts.faces[MATH_FACE].upem,
            cache: RefCell::new(HashMap::new()),
            missing: RefCell::new(Vec::new()),
        })
    }

    /// The MATH constants.
    pub fn c(&self) -> &Constants<'static> {
        &self.consts
    }

    /// A MATH value in points at `size`.
    pub fn pt(&self, v: MathValue, size: f64) -> f64 {
        f64::from(v.value) * size / self.upem
    }

    /// Font units in points at `size`.
    pub fn units(&self, u: f64, size: f64) -> f64 {
        u * size / self.upem
    }

    /// The scale of script level `level` (0 and 1: display and text; 2 script; 3 scriptscript).
    pub fn scale(&self, level: u8) -> f64 {
        match level {
            0 | 1 => 1.0,
            2 => f64::from(self.consts.script_percent_scale_down()) / 100.0,
            _ => f64::from(self.consts.script_script_percent_scale_down()) / 100.0,
        }
    }

    /// The face and glyph for `c` at script level `ssty` (0 for text size): the math font's
    /// own (with its script-size form), else the first text face that has it.
    pub fn glyph(&self, c: char, ssty: u8) -> Option<(usize, u16)> {
        let key = (c, ssty);
        if let Some(hit) = self.cache.borrow().get(&key) {
            return *hit;
        }
        let found = self.lookup(c, ssty);
        if found.is_none() && !self.missing.borrow().contains(&c) {
            self.missing.borrow_mut().push(c);
        }
        self.cache.borrow_mut().insert(key, found);
        found
    }

    fn lookup(&self, c: char, ssty: u8) -> Option<(usize, u16)> {
        let face = &self.fonts.faces[MATH_FACE];
        if face.rb.glyph_index(c).is_none() {
            let other = self.fonts.face_for(Family::Regular, c)?;
            let gid = self.fonts.faces[other].rb.glyph_index(c)?;
            return Some((other, gid.0));
        }
        let mut buf = rustybuzz::UnicodeBuffer::new();
        buf.push_str(c.encode_utf8(&mut [0; 4]));
        let features = if ssty > 0 {
            let tag = ttf_parser::Tag::from_bytes(b"ssty");
            vec![rustybuzz::Feature::new(tag, u32::from(ssty), ..)]
        } else {
            Vec::new()
        };
        let out = rustybuzz::shape(&face.rb, &features, buf);
        out.glyph_infos()
            .first()
            .map(|g| (MATH_FACE, g.glyph_id as u16))
    }

    /// A box holding glyph `gid` of `face` at `size`, standing for `ch`.
    pub fn glyph_box(&self, face: usize, gid: u16, size: f64, ch: char) -> MBox {
        let f = &self.fonts.faces[face];
        let k = size / f.upem;
        let g = GlyphId(gid);
        let adv = f64::from(f.rb.glyph_hor_advance(g).unwrap_or(0)) * k;
        let (h, d) = f.rb.glyph_bounding_box(g).map_or((0.0, 0.0), |r| {
            (f64::from(r.y_max) * k, -f64::from(r.y_min) * k)
        });
        let info = self.table.glyph_info.filter(|_| face == MATH_FACE);
        let italic = info
            .and_then(|i| i.italic_corrections)
            .and_then(|v| v.get(g))
            .map_or(0.0, |v| self.pt(v, size));
        let accent_x = info
            .and_then(|i| i.top_accent_attachments)
            .and_then(|v| v.get(g))
            .map(|v| self.pt(v, size));
        MBox {
            width: adv,
            height: h,
            depth: d,
            italic,
            accent_x,
            is_char: true,
            pieces: vec![Piece::Glyph {
                x: 0.0,
                y: 0.0,
                face,
                gid,
                size,
                ch,
                adv,
            }],
        }
    }

    /// `c` as a box at `size` and script level `level`; an empty box when no face has it.
    pub fn char_box(&self, c: char, size: f64, level: u8) -> MBox {
        let ssty = level.saturating_sub(1);
        match self.glyph(c, ssty) {
            Some((face, gid)) => self.glyph_box(face, gid, size, c),
            None => MBox::default(),
        }
    }

    /// The middle of the ink of the first glyph of `b` (a box's width says nothing of a
    /// combining accent, which has none).
    pub fn ink_middle(&self, b: &MBox) -> f64 {
        b.pieces
            .iter()
            .find_map(|p| match *p {
                Piece::Glyph {
                    x, face, gid, size, ..
                } => {
                    let f = &self.fonts.faces[face];
                    let r = f.rb.glyph_bounding_box(GlyphId(gid))?;
                    let k = size / f.upem;
                    Some(x + (f64::from(r.x_min) + f64::from(r.x_max)) / 2.0 * k)
                }
                Piece::Rule { .. } => None,
            })
            .unwrap_or(b.width / 2.0)
    }

    /// The vertical or horizontal construction of a math-font glyph.
    pub fn construction(&self, gid: u16, vertical: bool) -> Option<GlyphConstruction<'static>> {
        let v = self.table.variants?;
        let set = if vertical {
            v.vertical_constructions
        } else {
            v.horizontal_constructions
        };
        set.get(GlyphId(gid))
    }

    /// The least overlap of two parts of an assembly, in points at `size`.
    pub fn min_overlap(&self, size: f64) -> f64 {
        self.table.variants.map_or(0.0, |v| {
            self.units(f64::from(v.min_connector_overlap), size)
        })
    }
}
