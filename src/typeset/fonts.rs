//! Font loading and metrics: the five text families of a print edition (regular, italic,
//! bold, bold italic, mono) resolved from `[print]` or the compiled-in defaults, each with a
//! fallback chain so that a character missing from one face is taken from the next.

use std::sync::Arc;

use crate::fontfile::FontFile;
use crate::manifest::FontFiles;

use super::frame::FontData;

/// A text family as the typesetter asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    /// Upright text.
    Regular,
    /// Italic text.
    Italic,
    /// Bold text.
    Bold,
    /// Bold italic text.
    BoldItalic,
    /// Monospace, for code and math source.
    Mono,
}

impl Family {
    /// All families, in the order of [`Fonts::chains`].
    pub const ALL: [Family; 5] = [
        Family::Regular,
        Family::Italic,
        Family::Bold,
        Family::BoldItalic,
        Family::Mono,
    ];

    /// This family with italic switched on.
    pub fn italic(self) -> Family {
        match self {
            Family::Regular | Family::Italic => Family::Italic,
            Family::Bold | Family::BoldItalic => Family::BoldItalic,
            Family::Mono => Family::Mono,
        }
    }

    /// This family with bold switched on.
    pub fn bold(self) -> Family {
        match self {
            Family::Regular | Family::Bold => Family::Bold,
            Family::Italic | Family::BoldItalic => Family::BoldItalic,
            Family::Mono => Family::Mono,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// One loaded face: its bytes, its shaping face and the metrics the layout needs.
pub struct Face {
    /// Name for the PDF.
    pub name: String,
    /// The font file (kept alive for the whole process; see [`leak_bytes`]).
    pub data: &'static [u8],
    /// The shaping face.
    pub rb: rustybuzz::Face<'static>,
    /// Units per em.
    pub upem: f64,
    /// Ascender, in em.
    pub ascender: f64,
    /// Descender (negative), in em.
    pub descender: f64,
}

impl Face {
    /// Whether the face has a glyph for `c`.
    pub fn has(&self, c: char) -> bool {
        self.rb.glyph_index(c).is_some()
    }
}

/// The faces of a layout and the fallback chain of each family.
pub struct Fonts {
    /// Every face, indexed by the `FontId` used in frames.
    pub faces: Vec<Face>,
    chains: Vec<Vec<usize>>,
    /// Identity of this font set, so that caches of shaped words never mix two sets: the
    /// same for two loads of the same faces (identities only key caches, never the output).
    pub id: u64,
    /// The math face's MATH table: its constants, glyph information and variants.
    pub math_table: Option<ttf_parser::math::Table<'static>>,
}

/// Index of the math face (the shipped OpenType MATH font) in [`Fonts::faces`].
pub const MATH_FACE: usize = 7;

/// Font files named in a collection must outlive the shaping faces that borrow them;
/// leaking them is the simplest sound way to give them `'static` lifetime. Each distinct
/// file is leaked once per process, however many times it is loaded (`folio watch` loads
/// the fonts for every build), and the same bytes always give the same slice, which keeps
/// [`Fonts::id`] the same from one build to the next.
fn leak_bytes(bytes: &[u8]) -> &'static [u8] {
    static LEAKED: std::sync::Mutex<Vec<&'static [u8]>> = std::sync::Mutex::new(Vec::new());
    let mut leaked = LEAKED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(kept) = leaked.iter().find(|k| **k == bytes) {
        return kept;
    }
    let kept: &'static [u8] = Box::leak(bytes.to_vec().into_boxed_slice());
    leaked.push(kept);
    kept
}

fn load_face(name: &str, data: &'static [u8]) -> Option<Face> {
    let rb = rustybuzz::Face::from_slice(data, 0)?;
    let upem = f64::from(rb.units_per_em().max(1));
    let ascender = f64::from(rb.ascender()) / upem;
    let descender = f64::from(rb.descender()) / upem;
    let name = rb
        .names()
        .into_iter()
        .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME && n.is_unicode())
        .and_then(|n| n.to_string())
        .unwrap_or_else(|| name.replace(' ', ""));
    Some(Face {
        name,
        data,
        rb,
        upem,
        ascender,
        descender,
    })
}

/// A user font file, checked when the manifest was loaded (see [`crate::fontfile`]), under
/// the PDF name it was given there.
fn load_user(file: &FontFile) -> Face {
    let mut face = load_face(&file.name, leak_bytes(&file.bytes))
        .expect("font files are checked to parse when the manifest is loaded");
    face.name.clone_from(&file.name);
    face
}

impl Fonts {
    /// Loads the fonts for a collection: `[print]` files where given, defaults otherwise.
    pub fn load(files: &FontFiles) -> Fonts {
        let builtin = |b: crate::fonts::Builtin| {
            load_face(b.family, b.bytes).expect("shipped fonts are tested to parse")
        };
        let user = [
            &files.regular,
            &files.italic,
            &files.bold,
            &files.bold_italic,
            &files.mono,
        ];
        let defaults = [
            crate::fonts::SERIF[0],
            crate::fonts::SERIF[1],
            crate::fonts::SERIF[2],
            crate::fonts::SERIF[3],
            crate::fonts::MONO,
        ];
        let mut faces: Vec<Face> = Vec::new();
        for (path, def) in user.iter().zip(defaults) {
            let face = path.as_ref().map_or_else(|| builtin(def), load_user);
            faces.push(face);
        }
        // The shipped serif regular is a fallback for user faces that lack a script.
        faces.push(builtin(crate::fonts::SERIF[0]));
        faces.push(builtin(crate::fonts::FALLBACK));
        faces.push(builtin(crate::fonts::MATH));
        let (serif, fallback) = (5, 6);
        let chains = vec![
            vec![0, serif, fallback],
            vec![1, 0, serif, fallback],
            vec![2, 0, serif, fallback],
            vec![3, 2, 1, 0, serif, fallback],
            vec![4, 0, serif, fallback],
        ];
        // The same faces (the same leaked bytes) under the same names are the same set.
        let set: Vec<(usize, usize, &str)> = (faces.iter())
            .map(|f| (f.data.as_ptr() as usize, f.data.len(), f.name.as_str()))
            .collect();
        let id = crate::collection::fingerprint(&set);
        let math_table = ttf_parser::Face::parse(faces[MATH_FACE].data, 0)
            .ok()
            .and_then(|f| f.tables().math);
        Fonts {
            faces,
            chains,
            id,
            math_table,
        }
    }

    /// The fallback chain of `family`: face indices, best first.
    pub fn chain(&self, family: Family) -> &[usize] {
        &self.chains[family.index()]
    }

    /// The first face of `family`.
    pub fn primary(&self, family: Family) -> &Face {
        &self.faces[self.chains[family.index()][0]]
    }

    /// The face to use for `c` in `family`, or `None` when no face has it.
    pub fn face_for(&self, family: Family, c: char) -> Option<usize> {
        self.chain(family)
            .iter()
            .copied()
            .find(|&i| self.faces[i].has(c))
    }

    /// The font table of a layout: one entry per face, in face order.
    pub fn font_data(&self) -> Vec<FontData> {
        self.faces
            .iter()
            .map(|f| FontData {
                name: f.name.clone(),
                bytes: Arc::new(f.data.to_vec()),
                index: 0,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_load_with_fallback_for_arrows() {
        let f = Fonts::load(&FontFiles::default());
        assert_eq!(f.face_for(Family::Regular, 'a'), Some(0));
        // A character the serif lacks comes from a later face, not dropped.
        let arrow = f.face_for(Family::Mono, '↪');
        assert!(arrow.is_some());
        assert_eq!(f.face_for(Family::Regular, '\u{10FFFD}'), None);
    }
}
