//! Our own preflight of the `ingram` preset against the PDF/X-4 rules (ISO 15930-7) that
//! a file's structure shows, since no PDF/X validator can be installed here: version,
//! identification in Info and XMP, dates, trapping, document id, one output intent with an
//! embedded output-device profile, nested page boxes, no annotations or actions, no
//! encryption, every font embedded, only grey in the content of a grey interior, and only
//! grey and CMYK within IngramSpark's 240% ink limit on the colour cover; for the interior
//! and for the print cover made from the same layout.

use std::path::Path;

use folio::diag::Diagnostics;
use folio::manifest::Preset;
use folio::pdf::{BuildDate, Setup};
use folio::typeset;
use lopdf::{Document, Object};

/// The anthology's ingram interior, and its print cover from the same layout: each
/// (name, bytes, parsed).
fn ingram_anthology() -> Vec<(&'static str, Vec<u8>, Document)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("books/sample-anthology");
    let mut diags = Diagnostics::new();
    let mut c = folio::build::load(&root, &mut diags).expect("the anthology loads");
    c.print.preset = Preset::Ingram;
    c.print.bleed = Preset::Ingram.default_bleed();
    let layout = typeset::layout(&c, &mut diags);
    let setup = Setup::for_print(&c.print);
    let date = BuildDate::parse_iso("2026-11-01");
    let bytes = folio::pdf::render_with(&c, &layout, &setup, date, &mut diags).expect("PDF");
    let pages = folio::pdf::printed_pages(&layout, &setup);
    let cover = folio::cover::render(&c, pages, false, date, &mut diags).expect("cover");
    assert!(!diags.has_errors(), "{:?}", diags.items());
    [("interior", bytes), ("cover", cover)]
        .into_iter()
        .map(|(name, bytes)| {
            let doc = Document::load_mem(&bytes).expect("lopdf reads it");
            (name, bytes, doc)
        })
        .collect()
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).expect("reference resolves"),
        other => other,
    }
}

fn dict<'a>(doc: &'a Document, o: &'a Object) -> &'a lopdf::Dictionary {
    deref(doc, o).as_dict().expect("a dictionary")
}

fn numbers(doc: &Document, o: &Object) -> Vec<f64> {
    deref(doc, o)
        .as_array()
        .expect("an array")
        .iter()
        .map(|x| match x {
            Object::Integer(i) => *i as f64,
            Object::Real(r) => f64::from(*r),
            other => panic!("not a number: {other:?}"),
        })
        .collect()
}

fn within(inner: &[f64], outer: &[f64]) -> bool {
    const EPS: f64 = 1e-3;
    inner[0] >= outer[0] - EPS
        && inner[1] >= outer[1] - EPS
        && inner[2] <= outer[2] + EPS
        && inner[3] <= outer[3] + EPS
}

#[test]
fn identification_dates_and_id() {
    for (file, bytes, doc) in ingram_anthology() {
        assert!(bytes.starts_with(b"%PDF-1.6"), "{file}: PDF/X-4 is PDF 1.6");
        assert!(
            doc.trailer.get(b"Encrypt").is_err(),
            "{file}: no encryption"
        );
        let id = doc
            .trailer
            .get(b"ID")
            .expect("a document id")
            .as_array()
            .unwrap();
        assert_eq!(id.len(), 2);
        let info = dict(&doc, doc.trailer.get(b"Info").unwrap());
        for key in ["Title", "CreationDate", "ModDate"] {
            assert!(info.get(key.as_bytes()).is_ok(), "{file}: Info lacks {key}");
        }
        let trapped = info.get(b"Trapped").unwrap().as_name().unwrap();
        assert!(trapped == b"True" || trapped == b"False");
        let catalog = doc.catalog().unwrap();
        let xmp = deref(&doc, catalog.get(b"Metadata").unwrap())
            .as_stream()
            .unwrap();
        let xmp = String::from_utf8(xmp.content.clone()).unwrap();
        for tag in [
            "<pdfxid:GTSPDFXVersion>PDF/X-4</pdfxid:GTSPDFXVersion>",
            "<xmpMM:DocumentID>",
            "<xmpMM:VersionID>",
            "<xmpMM:RenditionClass>",
            "<xmp:CreateDate>2026-11-01",
            "<xmp:ModifyDate>2026-11-01",
            "<dc:title>",
            "<pdf:Trapped>False</pdf:Trapped>",
        ] {
            assert!(xmp.contains(tag), "{file}: XMP lacks {tag}");
        }
        assert!(catalog.get(b"OpenAction").is_err() && catalog.get(b"AA").is_err());
    }
}

#[test]
fn one_output_intent_with_an_embedded_printer_profile() {
    for (file, _, doc) in ingram_anthology() {
        let intents = doc.catalog().unwrap().get(b"OutputIntents").unwrap();
        let intents = deref(&doc, intents).as_array().unwrap();
        let pdfx: Vec<_> = intents
            .iter()
            .map(|i| dict(&doc, i))
            .filter(|d| d.get(b"S").ok() == Some(&Object::Name(b"GTS_PDFX".to_vec())))
            .collect();
        assert_eq!(pdfx.len(), 1, "{file}: exactly one PDF/X output intent");
        let intent = pdfx[0];
        assert!(intent.get(b"OutputConditionIdentifier").is_ok());
        let profile = deref(&doc, intent.get(b"DestOutputProfile").unwrap())
            .as_stream()
            .unwrap();
        let icc = profile
            .decompressed_content()
            .unwrap_or_else(|_| profile.content.clone());
        assert_eq!(&icc[12..16], b"prtr", "an output device profile");
        let (space, n) = match file {
            "cover" => (b"CMYK", 4),
            _ => (b"GRAY", 1),
        };
        assert_eq!(
            &icc[16..20],
            space,
            "{file}: the press profile's colour space"
        );
        assert_eq!(profile.dict.get(b"N").unwrap(), &Object::Integer(n));
    }
}

#[test]
fn boxes_nest_and_nothing_is_annotated() {
    for (file, _, doc) in ingram_anthology() {
        for (n, id) in doc.get_pages() {
            let page = doc.get_dictionary(id).unwrap();
            let media = numbers(&doc, page.get(b"MediaBox").unwrap());
            let bleed = numbers(&doc, page.get(b"BleedBox").unwrap());
            let trim = numbers(&doc, page.get(b"TrimBox").unwrap());
            assert!(
                within(&trim, &bleed) && within(&bleed, &media),
                "{file} page {n}"
            );
            assert!(
                page.get(b"Annots").is_err(),
                "{file} page {n} has annotations"
            );
            assert!(page.get(b"AA").is_err(), "page {n} has actions");
        }
    }
}

#[test]
fn fonts_are_embedded() {
    for (file, _, doc) in ingram_anthology() {
        let mut fonts = 0;
        for obj in doc.objects.values() {
            let Ok(d) = obj.as_dict() else { continue };
            if d.get(b"Type").ok() == Some(&Object::Name(b"FontDescriptor".to_vec())) {
                fonts += 1;
                assert!(
                    d.get(b"FontFile2").is_ok() || d.get(b"FontFile3").is_ok(),
                    "a font descriptor without its font program"
                );
            }
            if let Ok(f) = d.get(b"Filter") {
                assert_ne!(
                    f,
                    &Object::Name(b"LZWDecode".to_vec()),
                    "LZW is not allowed"
                );
            }
        }
        assert!(fonts > 0, "{file}: no fonts");
    }
}

#[test]
fn the_interior_is_grey() {
    let (_, _, doc) = ingram_anthology().swap_remove(0);
    for (n, id) in doc.get_pages() {
        let content = doc.get_and_decode_page_content(id).unwrap();
        for op in content.operations {
            assert!(
                !["rg", "RG", "k", "K", "cs", "CS", "sc", "SC", "scn", "SCN"]
                    .contains(&op.operator.as_str()),
                "page {n}: colour operator {} in a grey interior",
                op.operator
            );
        }
    }
}

/// The total ink of a CMYK colour, in percent.
fn ink(cmyk: &[f64]) -> f64 {
    cmyk.iter().sum::<f64>() * 100.0
}

#[test]
fn the_cover_is_cmyk_within_the_ink_limit() {
    let (_, _, doc) = ingram_anthology().swap_remove(1);
    let (_, page) = doc.get_pages().into_iter().next().unwrap();
    let mut colours = 0;
    for op in doc.get_and_decode_page_content(page).unwrap().operations {
        let name = op.operator.as_str();
        assert!(
            !["rg", "RG", "cs", "CS", "sc", "SC", "scn", "SCN"].contains(&name),
            "an RGB or other colour operator on the cover: {name}"
        );
        if name == "k" {
            colours += 1;
            let v: Vec<f64> = op
                .operands
                .iter()
                .map(|o| o.as_float().unwrap() as f64)
                .collect();
            assert!(ink(&v) <= 241.0, "a fill of {:.0}% ink: {v:?}", ink(&v));
        }
    }
    assert!(colours > 0, "the cover's colours are CMYK");
    let mut images = 0;
    for obj in doc.objects.values() {
        let Ok(s) = obj.as_stream() else { continue };
        if s.dict.get(b"Subtype").ok() != Some(&Object::Name(b"Image".to_vec())) {
            continue;
        }
        let space = s.dict.get(b"ColorSpace").unwrap().as_name().unwrap();
        assert!(
            space == b"DeviceCMYK" || space == b"DeviceGray",
            "an image in {}",
            String::from_utf8_lossy(space)
        );
        if space == b"DeviceCMYK" {
            images += 1;
            let samples = s.decompressed_content().unwrap();
            let most = samples
                .chunks_exact(4)
                .map(|px| px.iter().map(|&v| u32::from(v)).sum::<u32>())
                .max()
                .unwrap();
            assert!(
                most <= 241 * 255 / 100,
                "a pixel of {}% ink",
                most * 100 / 255
            );
        }
    }
    assert_eq!(images, 1, "the anthology's cover image, converted to CMYK");
}
