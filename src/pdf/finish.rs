//! The finishing pass over the lopdf document printpdf produces: the ONE place where
//! printpdf 0.12.8's defects are corrected and the document structure it cannot express is
//! added.
//!
//! Corrections (each has a test in `tests/pdf_printpdf_defects.rs`):
//! - page boxes: printpdf writes `[x y w h]`; PDF wants `[llx lly urx ury]`, and a BleedBox;
//! - outline: printpdf's bookmarks are flat; ours nest (parts → articles → sections);
//! - `/PageMode`: printpdf writes a string; it must be a name;
//! - `/GTS_PDFXVersion`: printpdf claims it (empty) in every Info dictionary; only the
//!   ingram preset, which is PDF/X-4, says so;
//! - ids and dates: printpdf's trailer `/ID` is random and its dates come from its defaults;
//!   ours derive from the content and from `SOURCE_DATE_EPOCH` or the manifest;
//! - version: printpdf writes PDF 1.3; we write 1.7.
//!
//! Added: page labels, XMP metadata, `/Lang`, and for ingram a PDF/X-4 output intent.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};

use super::content::{utf16be, Geometry};
use super::xmp::{self, Metadata};
use super::{icc, Setup};
use crate::diag::{Error, Result};
use crate::typeset::frame::{LabelRange, LabelStyle, OutlineEntry};

/// The PDF version written: 1.7 (ISO 32000-1), which PDF/X-4 is based on.
pub const PDF_VERSION: &str = "1.7";

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

/// Applies every correction and addition to `doc`.
pub fn finish(doc: &mut Document, f: &Finish) -> Result<()> {
    doc.version = PDF_VERSION.to_string();
    let page_ids: Vec<ObjectId> = doc.get_pages().into_values().collect();
    if page_ids.len() != f.pages.len() {
        return Err(Error::Output(format!(
            "printpdf wrote {} pages for {} frames",
            page_ids.len(),
            f.pages.len()
        )));
    }
    page_boxes(doc, &page_ids, f)?;
    outline(doc, &page_ids, f)?;
    page_labels(doc, f.labels)?;
    info(doc, f)?;
    metadata(doc, f.meta)?;
    if f.setup.pdfx.is_some() {
        output_intent(doc)?;
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
    doc.catalog_mut()
        .map_err(|e| Error::Output(format!("the PDF has no catalog: {e}")))
}

fn lo(e: lopdf::Error) -> Error {
    Error::Output(format!("PDF structure: {e}"))
}

/// A rectangle `[llx lly urx ury]`.
fn rect(llx: f64, lly: f64, urx: f64, ury: f64) -> Object {
    Object::Array(
        [llx, lly, urx, ury]
            .iter()
            .map(|v| Object::Real(round(*v)))
            .collect(),
    )
}

/// Rounds to 1/1000 pt, so boxes print as exact decimals.
fn round(v: f64) -> f32 {
    ((v * 1000.0).round() / 1000.0) as f32
}

/// MediaBox = trim plus the media margin (bleed, and room for marks on a proof), TrimBox
/// = the trim, BleedBox = trim plus bleed, CropBox = MediaBox.
fn page_boxes(doc: &mut Document, ids: &[ObjectId], f: &Finish) -> Result<()> {
    let bleed = f.setup.bleed;
    for (id, (w, h, g)) in ids.iter().zip(f.pages) {
        let m = g.margin;
        let page = doc.get_dictionary_mut(*id).map_err(lo)?;
        let media = rect(0.0, 0.0, w + 2.0 * m, h + 2.0 * m);
        page.set("MediaBox", media.clone());
        page.set("CropBox", media);
        page.set("TrimBox", rect(m, m, m + w, m + h));
        page.set(
            "BleedBox",
            rect(m - bleed, m - bleed, m + w + bleed, m + h + bleed),
        );
    }
    Ok(())
}

/// Replaces printpdf's flat bookmarks with the nested outline; `/PageMode` as a name.
fn outline(doc: &mut Document, ids: &[ObjectId], f: &Finish) -> Result<()> {
    if f.outline.is_empty() {
        let c = catalog(doc)?;
        c.remove(b"Outlines");
        c.set("PageMode", Object::Name(b"UseNone".to_vec()));
        return Ok(());
    }
    let root = doc.new_object_id();
    let (first, last, count) = outline_level(doc, root, f.outline, ids, f, 0)?;
    let dict = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Outlines".to_vec())),
        ("First", Object::Reference(first)),
        ("Last", Object::Reference(last)),
        ("Count", Object::Integer(count)),
    ]);
    doc.objects.insert(root, Object::Dictionary(dict));
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
    doc: &mut Document,
    parent: ObjectId,
    entries: &[OutlineEntry],
    ids: &[ObjectId],
    f: &Finish,
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
                    Object::Real(g.y(entry.y)),
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
            let (first, last, below) = outline_level(doc, *id, &entry.children, ids, f, depth + 1)?;
            dict.set("First", Object::Reference(first));
            dict.set("Last", Object::Reference(last));
            if depth < OPEN_DEPTH {
                dict.set("Count", Object::Integer(below));
                visible += below;
            } else {
                dict.set("Count", Object::Integer(-below));
            }
        }
        doc.objects.insert(*id, Object::Dictionary(dict));
    }
    let (Some(first), Some(last)) = (item_ids.first(), item_ids.last()) else {
        return Err(Error::Output("an empty outline level".to_string()));
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
fn text(s: &str) -> Object {
    if s.is_ascii() {
        Object::string_literal(s)
    } else {
        Object::String(utf16be(s), StringFormat::Hexadecimal)
    }
}

/// A new document information dictionary (printpdf's claims `/GTS_PDFXVersion ()` and
/// carries its own dates).
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
    if let Some(date) = &m.date {
        d.set("CreationDate", Object::string_literal(date.pdf()));
        d.set("ModDate", Object::string_literal(date.pdf()));
    }
    if let Some(v) = f.setup.pdfx {
        d.set("GTS_PDFXVersion", Object::string_literal(v));
    }
    let old = doc.trailer.get(b"Info").and_then(Object::as_reference).ok();
    if let Some(old) = old {
        doc.objects.remove(&old);
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
    let old = catalog(doc)?
        .get(b"Metadata")
        .and_then(Object::as_reference)
        .ok();
    if let Some(old) = old {
        doc.objects.remove(&old);
    }
    let id = doc.add_object(Object::Stream(stream));
    catalog(doc)?.set("Metadata", Object::Reference(id));
    Ok(())
}

/// The PDF/X output intent: our grey press profile.
fn output_intent(doc: &mut Document) -> Result<()> {
    let profile = Stream::new(
        Dictionary::from_iter(vec![("N", Object::Integer(1))]),
        icc::gray_profile(),
    );
    let profile_id = doc.add_object(Object::Stream(profile));
    let intent = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"OutputIntent".to_vec())),
        ("S", Object::Name(b"GTS_PDFX".to_vec())),
        (
            "OutputConditionIdentifier",
            Object::string_literal("Custom"),
        ),
        ("OutputCondition", Object::string_literal(icc::DESCRIPTION)),
        ("Info", Object::string_literal(icc::DESCRIPTION)),
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

/// Sets the trailer `/ID` to a hash of the file's bytes as written without it: the same
/// content gives the same id, different content a different one.
pub fn set_document_id(doc: &mut Document, bytes_without_id: &[u8]) {
    let a = super::fonts::fnv1a(bytes_without_id, 1);
    let b = super::fonts::fnv1a(bytes_without_id, 2);
    let mut id = a.to_be_bytes().to_vec();
    id.extend_from_slice(&b.to_be_bytes());
    let s = Object::String(id, StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![s.clone(), s]));
}
