//! Fonts for the PDF: which glyphs each layout font uses, the text each glyph stands for,
//! and the embedded font objects: a Type 0 font with Identity-H encoding over a CID font,
//! its widths, its ToUnicode map, and the font program itself, subset with `subsetter`
//! unless the preset embeds whole fonts. A TrueType subset keeps its glyphs in the order of
//! their ids, and its codes are those ids (mapped by `CIDToGIDMap`); a CFF subset's glyphs,
//! which are its codes, are numbered from 1 in the order of their first use.
//!
//! A font's ToUnicode map can give a glyph only one text, but the frames may use one glyph
//! for different texts (a base letter alone and as the start of a decomposed cluster; an
//! alternate shared by two characters). Each glyph's *canonical* text is the text of its
//! first use (a break's soft hyphen counting as "-"; none when it is first a later glyph of
//! a cluster); a cluster whose glyphs' canonical texts do not spell its own text is marked
//! with ActualText by the content writer. What a glyph is given is fixed at its first use
//! ([`usage`]), so a page's content depends on no page written after it.

use std::sync::{Arc, Mutex, OnceLock};

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use super::tounicode;

mod shared;
mod usage;

use crate::diag::{Error, Result};
use crate::typeset::frame::{FontData, Item, Point};
use shared::Prepared;
pub use shared::SharedFonts;
use usage::Usage;
pub use usage::{usage, usage_after, FontUse};

/// The text of a hyphen added at a line break.
pub const SOFT_HYPHEN: &str = "\u{AD}";

/// What a break hyphen extracts as. A hyphen-minus at the end of a line is what text
/// extraction (poppler's pdftotext, pdf.js) recognises and joins into the whole word;
/// marking it U+00AD in ActualText was tried, and pdftotext 22.12 then keeps the soft
/// hyphen and does not join.
pub const BREAK_HYPHEN: &str = "-";

/// Letters in a subset tag (ISO 32000-1, 9.6.4: six upper-case letters).
const TAG_LEN: usize = 6;

/// The ToUnicode text of `text` as the frames give it.
pub fn extracted(text: &str) -> &str {
    if text == SOFT_HYPHEN {
        BREAK_HYPHEN
    } else {
        text
    }
}

/// One embedded font: how the content writer addresses its glyphs.
#[derive(Debug, Clone)]
pub struct PdfFont {
    /// Resource name in the page resources (`F1`, `F2`, …).
    pub resource: String,
    /// The glyph's code in the PDF (its id in the embedded program), by layout glyph id;
    /// 0 for a glyph the frames never use.
    code: Vec<u16>,
    /// Advance width in thousandths of an em, by layout glyph id, as written in `/W`.
    width: Vec<f64>,
    /// Canonical text by layout glyph id.
    canonical: Vec<Option<Box<str>>>,
    /// A glyph the frames use for a word space, if any: a tagged file writes it where a
    /// word space was left out of the runs (at a line's end, between runs).
    space: Option<u16>,
    /// How many glyphs of its usage's first-use order the font has taken in.
    taken: usize,
    /// Codes are given in the order of first use (a CFF subset's), else they are the
    /// glyphs' ids.
    renumbered: bool,
    /// The next code to give, when they are renumbered (0 is `.notdef`'s).
    next: u16,
}

impl PdfFont {
    /// Layout font `index`, of which nothing is taken in yet; its codes `renumbered` in the
    /// order of first use, or its glyphs' ids.
    fn new(index: usize, renumbered: bool) -> Self {
        PdfFont {
            resource: format!("F{}", index + 1),
            code: Vec::new(),
            width: Vec::new(),
            canonical: Vec::new(),
            space: None,
            taken: 0,
            renumbered,
            next: 1,
        }
    }

    /// Takes in the glyphs `usage` notes beyond those taken before, in the order of their
    /// first use: each one's code, its width in `face` and its text. What a glyph is given
    /// never changes after, so that a page's content is the same whether it is written as
    /// soon as its glyphs are noted or once every page's are.
    fn take(&mut self, usage: &Usage, face: &ttf_parser::Face) {
        let upem = f64::from(face.units_per_em());
        let len = usage.used.len();
        if self.code.len() < len {
            self.code.resize(len, 0);
            self.width.resize(len, 0.0);
            self.canonical.resize(len, None);
        }
        for &g in &usage.order[self.taken..] {
            let i = usize::from(g);
            self.code[i] = match (self.renumbered, g) {
                (false, _) | (true, 0) => g,
                (true, _) => {
                    self.next += 1;
                    self.next - 1
                }
            };
            let adv = face.glyph_hor_advance(ttf_parser::GlyphId(g)).unwrap_or(0);
            self.width[i] = super::num::rounded(f64::from(adv) * 1000.0 / upem);
            self.canonical[i] = usage.canonical[i].clone();
        }
        self.taken = usage.order.len();
        self.space = usage.space;
    }

    /// The layout id of a word-space glyph the font's subset holds.
    pub fn space(&self) -> Option<u16> {
        self.space
    }

    /// The code to write for layout glyph `gid`.
    pub fn code(&self, gid: u16) -> u16 {
        self.code.get(usize::from(gid)).copied().unwrap_or(0)
    }

    /// The advance the PDF reader assumes for `gid`, in thousandths of an em.
    pub fn width(&self, gid: u16) -> f64 {
        self.width.get(usize::from(gid)).copied().unwrap_or(0.0)
    }

    /// The text the ToUnicode map gives `gid`.
    pub fn canonical(&self, gid: u16) -> &str {
        self.canonical
            .get(usize::from(gid))
            .and_then(Option::as_deref)
            .unwrap_or("")
    }
}

/// The fonts of one PDF, by layout font index (`None` for a font no glyph uses).
#[derive(Debug, Default)]
pub struct FontTable {
    fonts: Vec<Option<PdfFont>>,
    /// Everything needed to write the font objects, by layout font index.
    programs: Vec<Option<Embedded>>,
}

/// A font program as one file embeds it.
#[derive(Debug)]
enum Embedded {
    /// Prepared for this file alone, and its streams once deflated.
    Own(Box<Program>, OnceLock<Deflated>),
    /// Prepared and deflated once for many files (see [`SharedFonts`]).
    Shared(Arc<Prepared>),
}

/// A font's streams, deflated: its program, ToUnicode map and `CIDToGIDMap`.
#[derive(Debug)]
struct Deflated {
    program: Arc<Vec<u8>>,
    cmap: Vec<u8>,
    cid_to_gid: Option<Vec<u8>>,
}

/// A font ready to be written.
#[derive(Debug)]
struct Program {
    /// `TAG+PostScriptName`, or the plain name for a whole font.
    base_font: String,
    /// The font file as embedded.
    bytes: Vec<u8>,
    /// The whole font (not a subset): the same bytes in every PDF that embeds it.
    whole: bool,
    /// TrueType outlines (else CFF, embedded as OpenType).
    truetype: bool,
    /// (code, width, text) for every glyph used, in code order.
    glyphs: Vec<(u16, f64, String)>,
    /// For a TrueType subset, each code's glyph in the subset, by code (`CIDToGIDMap`): the
    /// codes are the glyphs' ids in the whole font, so that a page's content is the same
    /// bytes in every file that sets it (a book and its offprints; one build of a book and
    /// the next, after an edit brings in a new glyph). `None`: the codes are the glyphs.
    cid_to_gid: Option<Vec<u16>>,
    /// Descriptor metrics in thousandths of an em.
    metrics: Metrics,
}

#[derive(Debug, Clone, Copy)]
struct Metrics {
    bbox: [f64; 4],
    ascent: f64,
    descent: f64,
    cap_height: f64,
    italic_angle: f64,
    flags: i64,
}

impl FontTable {
    /// Prepares each font the pages use (`usage`, see [`usage()`]): subset when `subset`,
    /// else whole. With `shared` (and `subset`), a font that [`SharedFonts`] holds and
    /// these pages use enough of is taken from it.
    pub fn build(
        fonts: &[FontData],
        usage: FontUse,
        subset: bool,
        shared: Option<&SharedFonts>,
    ) -> Result<Self> {
        let usage = usage.fonts;
        let mut table = FontTable::default();
        let shared = shared.filter(|_| subset);
        let chosen: Vec<Option<Arc<Prepared>>> = (usage.iter().enumerate())
            .map(|(i, u)| shared.and_then(|s| s.for_usage(i, u)).cloned())
            .collect();
        // A shared font's tag stands first, so the file's own subsets take others.
        let mut tags: Vec<String> = (chosen.iter().flatten())
            .filter_map(|s| s.program.base_font.split_once('+'))
            .map(|(tag, _)| tag.to_string())
            .collect();
        for (i, ((font, u), chosen)) in fonts.iter().zip(usage).zip(chosen).enumerate() {
            if let Some(s) = chosen {
                table.fonts.push(Some(s.pdf.clone()));
                table.programs.push(Some(Embedded::Shared(s)));
                continue;
            }
            if !u.any() {
                table.fonts.push(None);
                table.programs.push(None);
                continue;
            }
            let (pdf, program) = prepare(font, i, u, subset, &mut tags)?;
            table.fonts.push(Some(pdf));
            table
                .programs
                .push(Some(Embedded::Own(Box::new(program), OnceLock::new())));
        }
        Ok(table)
    }

    /// Takes in what `usage` notes beyond what the table has: each new glyph's code, width
    /// and text, which is all content needs (`subset`: the fonts are to be subset). A
    /// table so made has no programs: it writes the content of pages as they are noted,
    /// before the file's fonts are known whole ([`FontTable::build`]).
    pub fn take_noted(&mut self, fonts: &[FontData], usage: &FontUse, subset: bool) -> Result<()> {
        if self.fonts.len() < fonts.len() {
            self.fonts.resize_with(fonts.len(), || None);
        }
        for (i, (font, u)) in fonts.iter().zip(&usage.fonts).enumerate() {
            let known = self.fonts[i].as_ref().map_or(0, |f| f.taken);
            if known == u.order.len() {
                continue;
            }
            let face =
                ttf_parser::Face::parse(&font.bytes, font.index).map_err(|e| Error::Font {
                    name: font.name.clone(),
                    action: "read",
                    source: Box::new(e),
                })?;
            let renumbered = subset && face.tables().glyf.is_none();
            (self.fonts[i].get_or_insert_with(|| PdfFont::new(i, renumbered))).take(u, &face);
        }
        Ok(())
    }

    /// The embedded font for layout font `font`.
    pub fn get(&self, font: usize) -> Option<&PdfFont> {
        self.fonts.get(font).and_then(Option::as_ref)
    }

    /// Appends to `out` everything a page's content takes from the table: each font's
    /// resource name, and its code, width and text for every glyph.
    pub fn key_bytes(&self, out: &mut Vec<u8>) {
        use crate::typeset::frame::bytes::{bytes, f64s, len, opt_bytes};
        len(out, self.fonts.len());
        for font in &self.fonts {
            let Some(PdfFont {
                resource,
                code,
                width,
                canonical,
                space,
                // How the codes were given, which they show.
                taken: _,
                renumbered: _,
                next: _,
            }) = font
            else {
                out.push(0);
                continue;
            };
            out.push(1);
            bytes(out, resource.as_bytes());
            len(out, code.len());
            code.iter()
                .for_each(|c| out.extend_from_slice(&c.to_le_bytes()));
            len(out, width.len());
            f64s(out, width);
            len(out, canonical.len());
            for text in canonical {
                opt_bytes(out, text.as_deref().map(str::as_bytes));
            }
            let space = space.map(u16::to_le_bytes);
            opt_bytes(out, space.as_ref().map(<[u8; 2]>::as_slice));
        }
    }

    /// Deflates the streams of the fonts prepared for this file, each on a thread of its
    /// own, so that [`FontTable::write`] finds them ready: a document starts this beside
    /// its pages' content, and a whole font is hundreds of kilobytes.
    pub fn deflate(&self) {
        use rayon::prelude::*;
        self.programs.par_iter().for_each(|p| {
            if let Some(Embedded::Own(p, d)) = p {
                d.get_or_init(|| p.deflated());
            }
        });
    }

    /// Writes every font into `doc`; returns the `/Font` resource dictionary.
    pub fn write(&self, doc: &mut Document) -> Dictionary {
        let mut resources = Dictionary::new();
        for (font, program) in self.fonts.iter().zip(&self.programs) {
            let id = match program {
                Some(Embedded::Own(p, d)) => write_font(doc, p, d.get_or_init(|| p.deflated())),
                Some(Embedded::Shared(s)) => write_font(doc, &s.program, &s.streams),
                None => continue,
            };
            if let Some(font) = font {
                resources.set(font.resource.as_bytes(), Object::Reference(id));
            }
        }
        resources
    }
}

/// The items of one page (or of another list of items a file sets).
pub type Items<'a> = &'a [(Point, Item)];

impl Program {
    /// The font's streams, deflated.
    fn deflated(&self) -> Deflated {
        let program = if self.whole {
            whole_deflated(&self.bytes)
        } else {
            Arc::new(super::deflate(&self.bytes))
        };
        let map = (self.cid_to_gid.as_ref()).map(|map| {
            map.iter()
                .flat_map(|g| g.to_be_bytes())
                .collect::<Vec<u8>>()
        });
        let entries: Vec<(u16, &str)> = (self.glyphs.iter())
            .map(|(c, _, t)| (*c, t.as_str()))
            .collect();
        Deflated {
            program,
            cmap: super::deflate(&tounicode::cmap(&entries)),
            cid_to_gid: map.map(|m| super::deflate(&m)),
        }
    }
}

/// Subsets (or keeps whole) one font and computes what the content writer needs.
fn prepare(
    font: &FontData,
    index: usize,
    usage: Usage,
    subset: bool,
    tags: &mut Vec<String>,
) -> Result<(PdfFont, Program)> {
    let failed = |action, source: Box<dyn std::error::Error + Send + Sync>| Error::Font {
        name: font.name.clone(),
        action,
        source,
    };
    let face = ttf_parser::Face::parse(&font.bytes, font.index)
        .map_err(|e| failed("read", Box::new(e)))?;
    let truetype = face.tables().glyf.is_some();
    let mut pdf = PdfFont::new(index, subset && !truetype);
    pdf.take(&usage, &face);
    let used: Vec<u16> = (usage.used.iter().enumerate())
        .filter(|(_, u)| **u)
        .map(|(g, _)| g as u16)
        .collect();
    let mut cid_to_gid = None;
    let (bytes, base_font) = if subset {
        // A CFF font's codes are its subset's glyphs, which cannot be mapped: they are
        // numbered in the order of first use (see [`PdfFont::take`]). A TrueType subset
        // keeps its glyphs in their order, its codes their ids in the whole font.
        let remapper = if truetype {
            subsetter::GlyphRemapper::new_from_glyphs_sorted(&used)
        } else {
            subsetter::GlyphRemapper::new_from_glyphs(&usage.order)
        };
        let bytes = subsetter::subset(&font.bytes, font.index, &remapper)
            .map_err(|e| failed("subset", Box::new(e)))?;
        let mut map = vec![0u16; used.last().map_or(0, |&g| usize::from(g) + 1)];
        for &g in &used {
            let new = remapper
                .get(g)
                .filter(|&new| truetype || new == pdf.code(g));
            let new =
                new.ok_or_else(|| failed("subset", "a glyph's code is not its own".into()))?;
            map[usize::from(g)] = new;
        }
        if truetype {
            cid_to_gid = Some(map);
        }
        let tag = unique_tag(font, index, &used, tags);
        tags.push(tag.clone());
        (bytes, format!("{tag}+{}", postscript_name(&face, font)))
    } else {
        (whole_program(font, &face)?, postscript_name(&face, font))
    };
    let mut glyphs: Vec<(u16, f64, String)> = (used.iter())
        .map(|&g| (pdf.code(g), pdf.width(g), pdf.canonical(g).to_string()))
        .collect();
    glyphs.sort_by_key(|(c, _, _)| *c);
    let program = Program {
        base_font,
        bytes,
        whole: !subset,
        truetype,
        glyphs,
        cid_to_gid,
        metrics: metrics(&face),
    };
    Ok((pdf, program))
}

/// The whole font program: the file itself, or for a face of a collection (which a PDF
/// cannot embed) the face alone with every glyph, ids unchanged.
fn whole_program(font: &FontData, face: &ttf_parser::Face) -> Result<Vec<u8>> {
    if !font.bytes.starts_with(b"ttcf") {
        return Ok(font.bytes.to_vec());
    }
    let all: Vec<u16> = (0..face.number_of_glyphs()).collect();
    let remapper = subsetter::GlyphRemapper::new_from_glyphs_sorted(&all);
    subsetter::subset(&font.bytes, font.index, &remapper).map_err(|e| Error::Font {
        name: font.name.clone(),
        action: "embedded",
        source: Box::new(e),
    })
}

/// The font's PostScript name, or its layout name, reduced to what a PDF name may hold.
fn postscript_name(face: &ttf_parser::Face, font: &FontData) -> String {
    let from_table = face
        .names()
        .into_iter()
        .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .find_map(|n| n.to_string());
    let name = from_table.unwrap_or_else(|| font.name.clone());
    let clean: String = name
        .chars()
        .filter(|c| c.is_ascii_graphic() && !"()<>[]{}/%#".contains(*c))
        .collect();
    if clean.is_empty() {
        "Font".to_string()
    } else {
        clean
    }
}

/// The descriptor's metrics, in thousandths of an em.
fn metrics(face: &ttf_parser::Face) -> Metrics {
    let k = 1000.0 / f64::from(face.units_per_em());
    let b = face.global_bounding_box();
    let ascent = f64::from(face.ascender()) * k;
    let cap = face
        .capital_height()
        .map(|c| f64::from(c) * k)
        .unwrap_or(ascent * CAP_OF_ASCENT);
    let italic = f64::from(face.italic_angle());
    // Bit 1 FixedPitch, 2 Serif, 3 Symbolic (set: the font's glyphs are addressed by our
    // own codes, not a standard encoding), 7 Italic.
    let mut flags = 1 << 2;
    if face.is_monospaced() {
        flags |= 1;
    }
    if italic != 0.0 || face.is_italic() {
        flags |= 1 << 6;
    }
    Metrics {
        bbox: [
            f64::from(b.x_min) * k,
            f64::from(b.y_min) * k,
            f64::from(b.x_max) * k,
            f64::from(b.y_max) * k,
        ],
        ascent,
        descent: f64::from(face.descender()) * k,
        cap_height: cap,
        italic_angle: italic,
        flags,
    }
}

/// Cap height as a share of the ascender, for a font that does not state it.
const CAP_OF_ASCENT: f64 = 0.7;

/// The dominant vertical stem width written in descriptors: PDF requires the key, readers
/// use it only to synthesise a substitute, which an embedded font never needs.
const STEM_V: i64 = 80;

/// Writes the Type 0 font, its CID font, descriptor, program and ToUnicode map (`d`: the
/// program's streams, deflated).
fn write_font(doc: &mut Document, p: &Program, d: &Deflated) -> ObjectId {
    let name = || Object::Name(p.base_font.as_bytes().to_vec());
    let dict = Dictionary::from_iter(vec![("Length1", Object::Integer(p.bytes.len() as i64))]);
    let subtype: Option<&[u8]> = if p.truetype { None } else { Some(b"OpenType") };
    let program = deflated_stream(dict, d.program.to_vec(), subtype);
    let file_id = doc.add_object(program);
    let m = p.metrics;
    let descriptor = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"FontDescriptor".to_vec())),
        ("FontName", name()),
        ("Flags", Object::Integer(m.flags)),
        (
            "FontBBox",
            Object::Array(m.bbox.iter().map(|v| real(*v)).collect()),
        ),
        ("ItalicAngle", real(m.italic_angle)),
        ("Ascent", real(m.ascent)),
        ("Descent", real(m.descent)),
        ("CapHeight", real(m.cap_height)),
        ("StemV", Object::Integer(STEM_V)),
        (
            if p.truetype { "FontFile2" } else { "FontFile3" },
            Object::Reference(file_id),
        ),
    ]);
    let descriptor_id = doc.add_object(descriptor);
    let cid_font = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Font".to_vec())),
        (
            "Subtype",
            Object::Name(if p.truetype {
                b"CIDFontType2".to_vec()
            } else {
                b"CIDFontType0".to_vec()
            }),
        ),
        ("BaseFont", name()),
        (
            "CIDSystemInfo",
            Object::Dictionary(Dictionary::from_iter(vec![
                ("Registry", Object::string_literal("Adobe")),
                ("Ordering", Object::string_literal("Identity")),
                ("Supplement", Object::Integer(0)),
            ])),
        ),
        ("FontDescriptor", Object::Reference(descriptor_id)),
        ("DW", Object::Integer(0)),
        ("W", widths(&p.glyphs)),
    ]);
    let mut cid_font = cid_font;
    match (&d.cid_to_gid, p.truetype) {
        (Some(map), _) => {
            let id = doc.add_object(deflated_stream(Dictionary::new(), map.clone(), None));
            cid_font.set("CIDToGIDMap", Object::Reference(id));
        }
        (None, true) => cid_font.set("CIDToGIDMap", Object::Name(b"Identity".to_vec())),
        (None, false) => {}
    }
    let cid_id = doc.add_object(cid_font);
    let cmap_id = doc.add_object(deflated_stream(Dictionary::new(), d.cmap.clone(), None));
    doc.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Font".to_vec())),
        ("Subtype", Object::Name(b"Type0".to_vec())),
        ("BaseFont", name()),
        ("Encoding", Object::Name(b"Identity-H".to_vec())),
        (
            "DescendantFonts",
            Object::Array(vec![Object::Reference(cid_id)]),
        ),
        ("ToUnicode", Object::Reference(cmap_id)),
    ]))
}

/// `/W [c [w w …] c [w …]]`: runs of consecutive codes share one array.
fn widths(glyphs: &[(u16, f64, String)]) -> Object {
    let mut out = Vec::new();
    let mut run: Vec<Object> = Vec::new();
    let mut start = 0u16;
    let mut next = 0u16;
    for (code, w, _) in glyphs {
        if run.is_empty() || *code != next {
            if !run.is_empty() {
                out.push(Object::Integer(i64::from(start)));
                out.push(Object::Array(std::mem::take(&mut run)));
            }
            start = *code;
        }
        run.push(real(*w));
        next = code.wrapping_add(1);
    }
    if !run.is_empty() {
        out.push(Object::Integer(i64::from(start)));
        out.push(Object::Array(run));
    }
    Object::Array(out)
}

/// A number for a dictionary: an integer when it is one, else a real.
fn real(v: f64) -> Object {
    let r = super::num::rounded(v);
    if r.fract() == 0.0 && r.abs() < 1.0e9 {
        Object::Integer(r as i64)
    } else {
        Object::Real(r as f32)
    }
}

/// A stream of data already deflated, with an optional `/Subtype`.
fn deflated_stream(mut dict: Dictionary, deflated: Vec<u8>, subtype: Option<&[u8]>) -> Stream {
    if let Some(s) = subtype {
        dict.set("Subtype", Object::Name(s.to_vec()));
    }
    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    let mut stream = Stream::new(dict, deflated);
    stream.allows_compression = false;
    stream
}

/// How many whole fonts [`whole_deflated`] keeps.
const WHOLE_FONTS_KEPT: usize = 8;

/// Whole font programs deflated in this process, with the bytes each was made from, newest
/// last.
type WholeFonts = Vec<(Vec<u8>, Arc<Vec<u8>>)>;

/// `program` deflated, once per process: a preset that embeds fonts whole puts the same
/// megabytes in every PDF, and deflating them was most of a small book's build in
/// `folio build books`, a watch session or the fuzzer. The cache is looked up by the bytes
/// themselves and keeps the last [`WHOLE_FONTS_KEPT`] fonts.
fn whole_deflated(program: &[u8]) -> Arc<Vec<u8>> {
    static CACHE: Mutex<WholeFonts> = Mutex::new(Vec::new());
    let found = {
        let cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
        (cache.iter())
            .find(|(source, _)| source.as_slice() == program)
            .map(|(_, deflated)| deflated.clone())
    };
    if let Some(deflated) = found {
        return deflated;
    }
    let deflated = Arc::new(super::deflate(program));
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if !cache.iter().any(|(source, _)| source.as_slice() == program) {
        if cache.len() == WHOLE_FONTS_KEPT {
            cache.remove(0);
        }
        cache.push((program.to_vec(), deflated.clone()));
    }
    deflated
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

    #[test]
    fn widths_group_consecutive_codes() {
        let g = |c: u16, w: f64| (c, w, String::new());
        let w = widths(&[g(1, 500.0), g(2, 250.5), g(7, 600.0)]);
        assert_eq!(
            w,
            Object::Array(vec![
                Object::Integer(1),
                Object::Array(vec![Object::Integer(500), Object::Real(250.5)]),
                Object::Integer(7),
                Object::Array(vec![Object::Integer(600)]),
            ])
        );
    }

    #[test]
    fn a_whole_font_is_deflated_once_and_inflates_to_itself() {
        let program: Vec<u8> = (0..200_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let first = whole_deflated(&program);
        let again = whole_deflated(&program.clone());
        assert!(Arc::ptr_eq(&first, &again), "deflated twice");
        let mut other = program.clone();
        other[100_000] ^= 1;
        assert!(!Arc::ptr_eq(&first, &whole_deflated(&other)));
        let mut back = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::ZlibDecoder::new(&first[..]), &mut back)
            .unwrap();
        assert!(back == program);
    }
}
