//! The document structure around the pages: nested outline (parts → articles → sections),
//! page labels, the document information dictionary, XMP metadata, `/Lang`, viewer
//! preferences, the PDF/X output intent for ingram, and the trailer `/ID` derived from
//! the content.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};

use super::content::{utf16be, Geometry};
use super::pack::Packed;
use super::xmp::{self, Metadata};
use super::{icc, Setup};
use crate::diag::{Error, Result};
use crate::typeset::frame::{LabelRange, LabelStyle, OutlineEntry};

/// The PDF version written: 1.7 (ISO 32000-1).
pub const PDF_VERSION: &str = "1.7";

/// The version a PDF/X-4 file declares: PDF/X-4 (ISO 15930-7) is built on PDF 1.6 and
/// preflight tools reject a later header. Nothing Folio writes needs 1.7.
pub const PDFX_VERSION: &str = "1.6";

/// Everything the finishing pass needs.
pub struct Finish<'a> {
    /// The preset's choices.
    pub setup: &'a Setup,
    /// Trim size and placement of each page, in order.
    pub pages: &'a [(f64, f64, Geometry)],
    /// The nested outline.
    pub outline: &'a [OutlineEntry],
    /// Page-label ranges.
    pub labels: &'a [LabelRange],
    /// Book metadata.
    pub meta: &'a Metadata,
}

/// Adds the structure to `doc`, whose pages are `page_ids`.
pub fn finish(
    doc: &mut Document,
    page_ids: &[ObjectId],
    f: &Finish,
    mut packed: Option<&mut Packed>,
) -> Result<()> {
    doc.version = if f.setup.pdfx.is_some() {
        PDFX_VERSION
    } else {
        PDF_VERSION
    }
    .to_string();
    if page_ids.len() != f.pages.len() {
        return Err(Error::Internal(format!(
            "{} page objects for {} pages",
            page_ids.len(),
            f.pages.len()
        )));
    }
    outline(doc, page_ids, f, &mut packed)?;
    page_labels(doc, f.labels)?;
    info(doc, f)?;
    metadata(doc, f.meta)?;
    if f.setup.pdfx.is_some() {
        output_intent(doc, f.setup.cmyk)?;
    }
    let catalog = catalog(doc)?;
    catalog.set("Lang", Object::string_literal(f.meta.language.as_str()));
    catalog.set(
        "ViewerPreferences",
        Dictionary::from_iter(vec![("DisplayDocTitle", Object::Boolean(true))]),
    );
    Ok(())
}

fn catalog(doc: &mut Document) -> Result<&mut Dictionary> {
    doc.catalog_mut().map_err(|source| Error::Pdf {
        action: "find the catalog of",
        source,
    })
}

/// A rectangle `[llx lly urx ury]`.
pub fn rect(llx: f64, lly: f64, urx: f64, ury: f64) -> Object {
    Object::Array(
        [llx, lly, urx, ury]
            .iter()
            .map(|v| Object::Real(round(*v)))
            .collect(),
    )
}

/// [`rect`] of `corners` written as [`super::pack`] writes it.
pub fn write_rect(out: &mut Vec<u8>, corners: [f64; 4]) {
    super::pack::reals(out, corners.map(round));
}

/// Rounds to 1/1000 pt, so boxes print as exact decimals.
fn round(v: f64) -> f32 {
    ((v * 1000.0).round() / 1000.0) as f32
}

/// The nested outline, and `/PageMode` to show it.
/// Adds dictionary `dict` as object `id`: written now into `packed` when the file packs its
/// objects (an outline of thousands of entries held as dictionaries took 17 MB at 1,000
/// articles, written about 2), else into `doc`.
fn put(doc: &mut Document, packed: &mut Option<&mut Packed>, id: ObjectId, dict: Dictionary) {
    let object = Object::Dictionary(dict);
    match packed {
        Some(p) => {
            let mut bytes = Vec::new();
            super::pack::value(&mut bytes, &object);
            p.in_place(id.0, bytes);
        }
        None => {
            doc.objects.insert(id, object);
        }
    }
}

fn outline(
    doc: &mut Document,
    ids: &[ObjectId],
    f: &Finish,
    packed: &mut Option<&mut Packed>,
) -> Result<()> {
    if f.outline.is_empty() {
        let c = catalog(doc)?;
        c.remove(b"Outlines");
        c.set("PageMode", Object::Name(b"UseNone".to_vec()));
        return Ok(());
    }
    let root = doc.new_object_id();
    let (first, last, count) = outline_level((doc, packed), root, f.outline, (ids, f), 0)?;
    let dict = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Outlines".to_vec())),
        ("First", Object::Reference(first)),
        ("Last", Object::Reference(last)),
        ("Count", Object::Integer(count)),
    ]);
    put(doc, packed, root, dict);
    let c = catalog(doc)?;
    c.set("Outlines", Object::Reference(root));
    c.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    Ok(())
}

/// Depth below which outline entries start closed: parts (depth 0) show their articles;
/// an article's sections are one click away.
const OPEN_DEPTH: usize = 1;

/// Writes one level of outline items under `parent`; returns first, last and the number of
/// items visible at this level and below (for the parent's `/Count`).
fn outline_level(
    (doc, packed): (&mut Document, &mut Option<&mut Packed>),
    parent: ObjectId,
    entries: &[OutlineEntry],
    (ids, f): (&[ObjectId], &Finish),
    depth: usize,
) -> Result<(ObjectId, ObjectId, i64)> {
    let item_ids: Vec<ObjectId> = entries.iter().map(|_| doc.new_object_id()).collect();
    let mut visible = 0;
    for (i, (entry, id)) in entries.iter().zip(&item_ids).enumerate() {
        let page = entry.page.min(ids.len().saturating_sub(1));
        let (_, _, g) = f.pages[page];
        let mut dict = Dictionary::from_iter(vec![
            (
                "Title",
                Object::String(utf16be(&entry.title), StringFormat::Hexadecimal),
            ),
            ("Parent", Object::Reference(parent)),
            (
                "Dest",
                Object::Array(vec![
                    Object::Reference(ids[page]),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Null,
                    Object::Real(g.y(entry.y) as f32),
                    Object::Null,
                ]),
            ),
        ]);
        if i > 0 {
            dict.set("Prev", Object::Reference(item_ids[i - 1]));
        }
        if let Some(next) = item_ids.get(i + 1) {
            dict.set("Next", Object::Reference(*next));
        }
        visible += 1;
        if !entry.children.is_empty() {
            let level = (&mut *doc, &mut *packed);
            let (first, last, below) =
                outline_level(level, *id, &entry.children, (ids, f), depth + 1)?;
            dict.set("First", Object::Reference(first));
            dict.set("Last", Object::Reference(last));
            if depth < OPEN_DEPTH {
                dict.set("Count", Object::Integer(below));
                visible += below;
            } else {
                dict.set("Count", Object::Integer(-below));
            }
        }
        put(doc, packed, *id, dict);
    }
    let (Some(first), Some(last)) = (item_ids.first(), item_ids.last()) else {
        return Err(Error::Internal("an empty outline level".to_string()));
    };
    Ok((*first, *last, visible))
}

/// `/PageLabels` from the label ranges (lower roman, then arabic).
fn page_labels(doc: &mut Document, labels: &[LabelRange]) -> Result<()> {
    if labels.is_empty() {
        return Ok(());
    }
    let mut nums = Vec::new();
    if labels[0].start > 0 {
        nums.push(Object::Integer(0));
        nums.push(Object::Dictionary(Dictionary::new()));
    }
    for r in labels {
        let style: &[u8] = match r.style {
            LabelStyle::LowerRoman => b"r",
            LabelStyle::Arabic => b"D",
        };
        let mut d = Dictionary::from_iter(vec![("S", Object::Name(style.to_vec()))]);
        if r.first != 1 {
            d.set("St", Object::Integer(i64::from(r.first)));
        }
        nums.push(Object::Integer(r.start as i64));
        nums.push(Object::Dictionary(d));
    }
    catalog(doc)?.set(
        "PageLabels",
        Dictionary::from_iter(vec![("Nums", Object::Array(nums))]),
    );
    Ok(())
}

/// A text string: PDFDocEncoding-safe ASCII as a literal, anything else as UTF-16BE.
pub(super) fn text(s: &str) -> Object {
    if s.is_ascii() {
        Object::string_literal(s)
    } else {
        Object::String(utf16be(s), StringFormat::Hexadecimal)
    }
}

/// The document information dictionary (`/GTS_PDFXVersion` only for PDF/X).
fn info(doc: &mut Document, f: &Finish) -> Result<()> {
    let m = f.meta;
    let mut d = Dictionary::from_iter(vec![
        ("Title", text(&m.title)),
        ("Creator", text(&m.producer)),
        ("Producer", text(&m.producer)),
        ("Trapped", Object::Name(b"False".to_vec())),
    ]);
    if !m.creators.is_empty() {
        d.set("Author", text(&m.creators.join(", ")));
    }
    if let Some(s) = &m.subject {
        d.set("Subject", text(s));
    }
    if !m.keywords.is_empty() {
        d.set("Keywords", text(&m.keywords.join("; ")));
    }
    if let Some(date) = &m.date {
        d.set("CreationDate", Object::string_literal(date.pdf()));
        d.set("ModDate", Object::string_literal(date.pdf()));
    }
    if let Some(v) = f.setup.pdfx {
        d.set("GTS_PDFXVersion", Object::string_literal(v));
    }
    let id = doc.add_object(Object::Dictionary(d));
    doc.trailer.set("Info", Object::Reference(id));
    Ok(())
}

/// The XMP metadata stream, uncompressed as PDF/X and PDF/A ask.
fn metadata(doc: &mut Document, m: &Metadata) -> Result<()> {
    let xml = xmp::packet(m);
    let stream = Stream::new(
        Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Metadata".to_vec())),
            ("Subtype", Object::Name(b"XML".to_vec())),
        ]),
        xml.into_bytes(),
    )
    .with_compression(false);
    let id = doc.add_object(Object::Stream(stream));
    catalog(doc)?.set("Metadata", Object::Reference(id));
    Ok(())
}

/// The PDF/X output intent: our grey press profile, or for a CMYK setup the CMYK press
/// profile Folio converts colours with (its registered condition named).
fn output_intent(doc: &mut Document, cmyk: bool) -> Result<()> {
    let (channels, icc, condition, description) = if cmyk {
        let c = super::cmyk::CONDITION;
        (
            4,
            super::cmyk::PROFILE.to_vec(),
            c,
            super::cmyk::DESCRIPTION,
        )
    } else {
        (1, icc::gray_profile(), "Custom", icc::DESCRIPTION)
    };
    let profile = Stream::new(
        Dictionary::from_iter(vec![("N", Object::Integer(channels))]),
        icc,
    );
    let profile_id = doc.add_object(Object::Stream(profile));
    let intent = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"OutputIntent".to_vec())),
        ("S", Object::Name(b"GTS_PDFX".to_vec())),
        (
            "OutputConditionIdentifier",
            Object::string_literal(condition),
        ),
        ("OutputCondition", Object::string_literal(description)),
        ("Info", Object::string_literal(description)),
        (
            "RegistryName",
            Object::string_literal("http://www.color.org"),
        ),
        ("DestOutputProfile", Object::Reference(profile_id)),
    ]);
    catalog(doc)?.set(
        "OutputIntents",
        Object::Array(vec![Object::Dictionary(intent)]),
    );
    Ok(())
}

/// The placeholder each half of the trailer `/ID` holds until the file is hashed.
const ID_PLACEHOLDER: [u8; 16] = [0; 16];

/// Sets the trailer `/ID` to a placeholder that [`stamp_document_id`] replaces.
pub fn placeholder_id(doc: &mut Document) {
    let s = Object::String(ID_PLACEHOLDER.to_vec(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![s.clone(), s]));
}

/// A 128-bit hash of `bytes` for the file identifier: two FNV-1a lanes over 8-byte words
/// (a byte at a time was a fifth of a small book's build), then the tail bytes and the
/// length. Not cryptographic; the identifier only has to follow the content.
pub(crate) fn content_hash(bytes: &[u8]) -> [u8; 16] {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h = [0xcbf2_9ce4_8422_2325_u64, 0x84222325_cbf29ce4_u64];
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let v = u64::from_le_bytes(w.try_into().expect("8 bytes"));
        h[0] = (h[0] ^ v).wrapping_mul(PRIME);
        h[1] = (h[1] ^ v.rotate_left(29))
            .wrapping_mul(PRIME)
            .rotate_left(7);
    }
    for (i, b) in words
        .remainder()
        .iter()
        .chain(&(bytes.len() as u64).to_le_bytes())
        .enumerate()
    {
        h[i % 2] = (h[i % 2] ^ u64::from(*b)).wrapping_mul(PRIME);
    }
    // Final mixing so that every input bit reaches every output bit.
    let mix = |mut x: u64| {
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x
    };
    let mut out = [0; 16];
    out[..8].copy_from_slice(&mix(h[0] ^ h[1].rotate_left(17)).to_be_bytes());
    out[8..].copy_from_slice(&mix(h[1] ^ h[0].rotate_left(41)).to_be_bytes());
    out
}

/// Replaces the placeholder `/ID` in the saved file by a hash of the file's bytes as saved
/// with the placeholder: the same content gives the same id, different content a different
/// one, and the file is written once.
pub fn stamp_document_id(bytes: &mut [u8]) -> Result<()> {
    let hex = |b: &[u8]| -> Vec<u8> {
        b.iter()
            .flat_map(|x| format!("{x:02X}").into_bytes())
            .collect()
    };
    let placeholder = hex(&ID_PLACEHOLDER);
    let id = hex(&content_hash(bytes));
    // The trailer (a cross-reference stream's dictionary) starts where `startxref` says.
    let from = trailer_offset(bytes)
        .ok_or_else(|| Error::Internal("the PDF has no startxref".to_string()))?;
    for _ in 0..2 {
        let at = bytes[from..]
            .windows(placeholder.len())
            .position(|w| w == placeholder.as_slice())
            .ok_or_else(|| Error::Internal("the PDF trailer has no /ID to stamp".to_string()))?;
        bytes[from + at..from + at + id.len()].copy_from_slice(&id);
    }
    Ok(())
}

/// The offset `startxref` gives, read from the end of the file.
fn trailer_offset(bytes: &[u8]) -> Option<usize> {
    const KEY: &[u8] = b"startxref";
    let tail = &bytes[bytes.len().saturating_sub(TRAILER_WINDOW)..];
    let at = tail.windows(KEY.len()).rposition(|w| w == KEY)?;
    let digits: String = tail[at + KEY.len()..]
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .map(|b| char::from(*b))
        .collect();
    let offset: usize = digits.parse().ok()?;
    (offset < bytes.len()).then_some(offset)
}

/// Bytes at the end of the file that hold `startxref` and its offset.
const TRAILER_WINDOW: usize = 64;

#[cfg(test)]
mod tests {
    use super::content_hash;

    #[test]
    fn the_file_id_follows_every_byte_and_the_length() {
        let base: Vec<u8> = (0..1000u32).map(|i| (i * 7) as u8).collect();
        let id = content_hash(&base);
        assert_eq!(id, content_hash(&base.clone()));
        for at in [0, 7, 8, 500, 995, 999] {
            let mut changed = base.clone();
            changed[at] ^= 1;
            assert_ne!(content_hash(&changed), id, "a change at byte {at}");
        }
        let mut longer = base.clone();
        longer.push(0);
        assert_ne!(content_hash(&longer), id);
    }
}
