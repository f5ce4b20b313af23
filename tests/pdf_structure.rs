//! The PDF's structure, read back with lopdf: one test for each defect issue 5 found in
//! printpdf 0.12.8 (so our own writer, which replaced it, never has them), plus page labels,
//! links and metadata.

mod common;
mod pdf_util;

use folio::manifest::Preset;
use lopdf::{Document, Object};
use pdf_util::*;

fn load(preset: Preset) -> Document {
    let (w, h) = SIX_BY_NINE;
    let (bytes, _) = render(preset, &sample_layout(w, h));
    Document::load_mem(&bytes).expect("lopdf reads our PDF")
}

fn numbers(o: &Object) -> Vec<f64> {
    o.as_array()
        .expect("an array")
        .iter()
        .map(|x| {
            x.as_float()
                .map(f64::from)
                .unwrap_or_else(|_| x.as_i64().unwrap() as f64)
        })
        .collect()
}

fn pages(doc: &Document) -> Vec<lopdf::ObjectId> {
    doc.get_pages().into_values().collect()
}

fn catalog(doc: &Document) -> &lopdf::Dictionary {
    doc.catalog().unwrap()
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap(),
        other => other,
    }
}

fn text_of_string(o: &Object) -> String {
    let bytes = o.as_str().unwrap();
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).unwrap()
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

/// Boxes are `[llx lly urx ury]` (printpdf wrote `[x y w h]`).
#[test]
fn page_boxes_are_corner_rectangles() {
    let doc = load(Preset::Kdp);
    for id in pages(&doc) {
        let page = doc.get_dictionary(id).unwrap();
        let trim = numbers(page.get(b"TrimBox").unwrap());
        assert_eq!(trim, vec![9.0, 9.0, 441.0, 657.0], "TrimBox");
        let media = numbers(page.get(b"MediaBox").unwrap());
        assert_eq!(media, vec![0.0, 0.0, 450.0, 666.0], "MediaBox");
    }
}

/// Every page has a BleedBox (printpdf wrote none).
#[test]
fn every_page_has_a_bleed_box() {
    let doc = load(Preset::Ingram);
    for id in pages(&doc) {
        let page = doc.get_dictionary(id).unwrap();
        let bleed = numbers(page.get(b"BleedBox").expect("a BleedBox"));
        assert_eq!(bleed, vec![0.0, 0.0, 450.0, 666.0]);
    }
}

/// The outline nests parts → articles → sections (printpdf's bookmarks were flat).
#[test]
fn outline_nests() {
    let doc = load(Preset::Kdp);
    let root = deref(&doc, catalog(&doc).get(b"Outlines").unwrap())
        .as_dict()
        .unwrap();
    let part = deref(&doc, root.get(b"First").unwrap()).as_dict().unwrap();
    assert_eq!(text_of_string(part.get(b"Title").unwrap()), "Part One");
    let article = deref(&doc, part.get(b"First").expect("the part has children"))
        .as_dict()
        .unwrap();
    assert_eq!(
        text_of_string(article.get(b"Title").unwrap()),
        "The office of type"
    );
    let section = deref(
        &doc,
        article.get(b"First").expect("the article has children"),
    )
    .as_dict()
    .unwrap();
    assert_eq!(text_of_string(section.get(b"Title").unwrap()), "A section");
    let dest = section.get(b"Dest").unwrap().as_array().unwrap();
    assert_eq!(dest[0].as_reference().unwrap(), pages(&doc)[2]);
    assert!(
        article.get(b"Count").unwrap().as_i64().unwrap() < 0,
        "sections start closed"
    );
    assert_eq!(part.get(b"Count").unwrap().as_i64().unwrap(), 1);
}

/// `/PageMode` is a name (printpdf wrote the string `(UseOutlines)`).
#[test]
fn page_mode_is_a_name() {
    let doc = load(Preset::Kdp);
    let mode = catalog(&doc).get(b"PageMode").unwrap();
    assert_eq!(mode, &Object::Name(b"UseOutlines".to_vec()));
}

/// Only ingram (PDF/X-4) claims `/GTS_PDFXVersion` (printpdf claimed it, empty, in every file).
#[test]
fn only_ingram_claims_pdfx() {
    for preset in [Preset::Kdp, Preset::Proof, Preset::Screen] {
        let doc = load(preset);
        let info = deref(&doc, doc.trailer.get(b"Info").unwrap())
            .as_dict()
            .unwrap();
        assert!(info.get(b"GTS_PDFXVersion").is_err(), "{preset:?}");
        assert!(catalog(&doc).get(b"OutputIntents").is_err(), "{preset:?}");
    }
    let doc = load(Preset::Ingram);
    let info = deref(&doc, doc.trailer.get(b"Info").unwrap())
        .as_dict()
        .unwrap();
    assert_eq!(
        info.get(b"GTS_PDFXVersion").unwrap().as_str().unwrap(),
        b"PDF/X-4"
    );
    assert_eq!(
        info.get(b"Trapped").unwrap(),
        &Object::Name(b"False".to_vec())
    );
    let intents = catalog(&doc)
        .get(b"OutputIntents")
        .unwrap()
        .as_array()
        .unwrap();
    let intent = intents[0].as_dict().unwrap();
    assert_eq!(
        intent.get(b"S").unwrap(),
        &Object::Name(b"GTS_PDFX".to_vec())
    );
    let profile = deref(&doc, intent.get(b"DestOutputProfile").unwrap())
        .as_stream()
        .unwrap();
    assert_eq!(profile.dict.get(b"N").unwrap().as_i64().unwrap(), 1);
    let icc = profile
        .decompressed_content()
        .unwrap_or(profile.content.clone());
    assert_eq!(&icc[36..40], b"acsp");
    let xmp = metadata(&doc);
    assert!(xmp.contains("<pdfxid:GTSPDFXVersion>PDF/X-4</pdfxid:GTSPDFXVersion>"));
}

/// PDF/X-4 is built on PDF 1.6: the ingram file says so in its header; the others are 1.7.
#[test]
fn pdfx_file_declares_pdf_1_6() {
    let (w, h) = SIX_BY_NINE;
    let (ingram, _) = render(Preset::Ingram, &sample_layout(w, h));
    assert!(ingram.starts_with(b"%PDF-1.6"));
    let (kdp, _) = render(Preset::Kdp, &sample_layout(w, h));
    assert!(kdp.starts_with(b"%PDF-1.7"));
}

fn metadata(doc: &Document) -> String {
    let m = deref(doc, catalog(doc).get(b"Metadata").unwrap())
        .as_stream()
        .unwrap();
    assert!(m.dict.get(b"Filter").is_err(), "XMP stays uncompressed");
    String::from_utf8(m.content.clone()).unwrap()
}

/// Images keep every pixel (printpdf recompressed them as JPEG by default).
#[test]
fn images_are_lossless() {
    let doc = load(Preset::Kdp);
    let png = std::fs::read(fixture().join("gradient.png")).unwrap();
    let mut found_rgb = false;
    let mut found_alpha = false;
    for obj in doc.objects.values() {
        let Ok(s) = obj.as_stream() else { continue };
        if s.dict.get(b"Subtype").ok() != Some(&Object::Name(b"Image".to_vec())) {
            continue;
        }
        let filter = s.dict.get(b"Filter").unwrap();
        assert_eq!(filter, &Object::Name(b"FlateDecode".to_vec()), "never DCT");
        if s.dict.get(b"SMask").is_ok() {
            found_alpha = true;
            let px = s.decompressed_content().unwrap();
            assert_eq!(px, alpha_rgb(), "the alpha PNG's colours, exactly");
        } else if s.dict.get(b"Width").unwrap().as_i64().unwrap() == 40
            && s.dict.get(b"ColorSpace").unwrap() == &Object::Name(b"DeviceRGB".to_vec())
            && s.dict.get(b"DecodeParms").is_ok()
        {
            found_rgb = true;
            assert!(
                contains(&png, &s.content),
                "the PNG's compressed data goes in byte for byte"
            );
            let px = s.decompressed_content().unwrap();
            assert_eq!(px, gradient_rgb(), "the gradient's pixels, exactly");
        }
    }
    assert!(found_rgb && found_alpha, "both images are in the PDF");
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// The pixels tests/fixtures/pdf/basic/gradient.png was made with (40 × 30 RGB).
fn gradient_rgb() -> Vec<u8> {
    let mut v = Vec::new();
    for y in 0..30u32 {
        for x in 0..40u32 {
            v.extend([
                (x * 6 % 256) as u8,
                (y * 8 % 256) as u8,
                (x * y % 256) as u8,
            ]);
        }
    }
    v
}

/// The colour channels of alpha.png (40 × 30 RGBA).
fn alpha_rgb() -> Vec<u8> {
    let mut v = Vec::new();
    for y in 0..30u32 {
        for x in 0..40u32 {
            v.extend([(x * 6 % 256) as u8, (y * 8 % 256) as u8, 128]);
        }
    }
    v
}

/// Word spacing cannot justify two-byte text (printpdf relied on it); every glyph is placed where
/// the typesetter put it, so a justified line's words land at their frame positions.
#[test]
fn words_land_where_the_frames_put_them() {
    if !common::require_tool("pdftotext") {
        return;
    }
    let (w, h) = SIX_BY_NINE;
    let layout = sample_layout(w, h);
    let (bytes, _) = render(Preset::Kdp, &layout);
    let (_dir, file) = to_file(&bytes, "words.pdf");
    let out = std::process::Command::new("pdftotext")
        .args(["-bbox", "-f", "3", "-l", "3"])
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    let html = String::from_utf8_lossy(&out.stdout);
    let bleed = 9.0;
    let expected = spaced_words(
        "Justified words stand apart",
        WIDE_SPACE,
        Default::default(),
    );
    for (p, item) in expected {
        let folio::typeset::frame::Item::Glyphs(run) = item else {
            continue;
        };
        let word = run.text();
        let line = html
            .lines()
            .find(|l| l.ends_with(&format!(">{word}</word>")))
            .unwrap_or_else(|| panic!("{word} not found in {html}"));
        let x_min: f64 = line
            .split("xMin=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap();
        let want = bleed + LEFT + p.x;
        assert!(
            (x_min - want).abs() < 0.6,
            "{word}: at {x_min}, the frame says {want}"
        );
    }
}

/// Subsetting works: a subset font is far smaller
/// than the font file, and named with a six-letter tag.
#[test]
fn fonts_are_subset() {
    let doc = load(Preset::Proof);
    let mut seen = false;
    for obj in doc.objects.values() {
        let Ok(d) = obj.as_dict() else { continue };
        if d.get(b"Type").ok() != Some(&Object::Name(b"FontDescriptor".to_vec())) {
            continue;
        }
        let name = d.get(b"FontName").unwrap().as_name().unwrap();
        assert_eq!(name[6], b'+', "{}", String::from_utf8_lossy(name));
        assert!(name[..6].iter().all(u8::is_ascii_uppercase));
        let file = deref(&doc, d.get(b"FontFile2").unwrap())
            .as_stream()
            .unwrap();
        let program = file.decompressed_content().unwrap();
        assert!(program.len() < folio::fonts::SERIF[0].bytes.len() / 5);
        seen = true;
    }
    assert!(seen);
}

/// The trailer `/ID` is derived from the content (printpdf's was random, with version 1.3),
/// and the version is 1.7.
#[test]
fn id_is_derived_from_content_and_version_is_modern() {
    let (w, h) = SIX_BY_NINE;
    let (a, _) = render(Preset::Kdp, &sample_layout(w, h));
    let mut other = sample_layout(w, h);
    other.pages.pop();
    let (b, _) = render(Preset::Kdp, &other);
    assert!(a.starts_with(b"%PDF-1.7"));
    let id = |bytes: &[u8]| {
        let doc = Document::load_mem(bytes).unwrap();
        doc.trailer.get(b"ID").unwrap().clone()
    };
    assert_eq!(id(&a), id(&render(Preset::Kdp, &sample_layout(w, h)).0));
    assert_ne!(id(&a), id(&b));
}

#[test]
fn page_labels_are_roman_then_arabic() {
    let doc = load(Preset::Kdp);
    let labels = deref(&doc, catalog(&doc).get(b"PageLabels").unwrap())
        .as_dict()
        .unwrap();
    let nums = labels.get(b"Nums").unwrap().as_array().unwrap();
    assert_eq!(nums[0].as_i64().unwrap(), 0);
    assert_eq!(
        nums[1].as_dict().unwrap().get(b"S").unwrap(),
        &Object::Name(b"r".to_vec())
    );
    assert_eq!(nums[2].as_i64().unwrap(), 1);
    assert_eq!(
        nums[3].as_dict().unwrap().get(b"S").unwrap(),
        &Object::Name(b"D".to_vec())
    );
}

#[test]
fn page_labels_show_in_qpdf_json() {
    if !common::require_tool("qpdf") {
        return;
    }
    let (w, h) = SIX_BY_NINE;
    let (bytes, _) = render(Preset::Kdp, &sample_layout(w, h));
    let (_dir, file) = to_file(&bytes, "labels.pdf");
    let json = run(
        "qpdf",
        &["--json", "--json-key=pagelabels", "--json-key=outlines"],
        &file,
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let labels = v["pagelabels"].as_array().unwrap();
    assert_eq!(labels.len(), 2, "{json}");
    assert_eq!(labels[0]["label"]["/S"], "/r");
    assert_eq!(labels[1]["label"]["/S"], "/D");
    let outlines = v["outlines"].as_array().unwrap();
    assert_eq!(outlines[0]["title"], "Part One");
    assert_eq!(outlines[0]["kids"][0]["kids"][0]["title"], "A section");
}

fn annotations(doc: &Document, page: usize) -> Vec<lopdf::Dictionary> {
    let id = pages(doc)[page];
    let d = doc.get_dictionary(id).unwrap();
    match d.get(b"Annots") {
        Ok(a) => deref(doc, a)
            .as_array()
            .unwrap()
            .iter()
            .map(|x| deref(doc, x).as_dict().unwrap().clone())
            .collect(),
        Err(_) => Vec::new(),
    }
}

#[test]
fn links_go_to_anchors_and_uris() {
    let doc = load(Preset::Kdp);
    let contents = annotations(&doc, 0);
    assert_eq!(contents.len(), 1);
    let action = contents[0].get(b"A").unwrap().as_dict().unwrap();
    assert_eq!(action.get(b"S").unwrap(), &Object::Name(b"GoTo".to_vec()));
    let dest = action.get(b"D").unwrap().as_array().unwrap();
    assert_eq!(dest[0].as_reference().unwrap(), pages(&doc)[1]);
    let top = dest[3].as_float().unwrap();
    assert!(
        (top - (666.0 - 9.0 - 72.0)).abs() < 0.01,
        "anchor's height: {top}"
    );
    let body = annotations(&doc, 1);
    let uri = body[0].get(b"A").unwrap().as_dict().unwrap();
    assert_eq!(
        uri.get(b"URI").unwrap().as_str().unwrap(),
        b"https://example.org/"
    );
    let border = numbers(body[0].get(b"Border").unwrap());
    assert_eq!(border, vec![0.0, 0.0, 0.0], "print links are invisible");
    let screen = load(Preset::Screen);
    let border = numbers(annotations(&screen, 1)[0].get(b"Border").unwrap());
    assert!(border[2] > 0.0, "screen links are visible");
    let ingram = load(Preset::Ingram);
    assert!(
        annotations(&ingram, 1).is_empty(),
        "no annotations in PDF/X"
    );
}

#[test]
fn document_metadata_comes_from_the_manifest() {
    let doc = load(Preset::Kdp);
    let info = deref(&doc, doc.trailer.get(b"Info").unwrap())
        .as_dict()
        .unwrap();
    assert_eq!(
        text_of_string(info.get(b"Title").unwrap()),
        "Field Notes on Type"
    );
    assert_eq!(
        text_of_string(info.get(b"Author").unwrap()),
        "Ada Quill, Bram Setter"
    );
    assert_eq!(
        info.get(b"CreationDate").unwrap().as_str().unwrap(),
        b"D:20261101000000Z"
    );
    assert_eq!(catalog(&doc).get(b"Lang").unwrap().as_str().unwrap(), b"en");
    let xmp = metadata(&doc);
    for needle in [
        "<rdf:li xml:lang=\"x-default\">Field Notes on Type</rdf:li>",
        "<rdf:li>Ada Quill</rdf:li><rdf:li>Bram Setter</rdf:li>",
        "<xmp:CreateDate>2026-11-01T00:00:00Z</xmp:CreateDate>",
        "<dc:language><rdf:Bag><rdf:li>en</rdf:li></rdf:Bag></dc:language>",
    ] {
        assert!(xmp.contains(needle), "XMP lacks {needle}: {xmp}");
    }
    assert!(!xmp.contains("pdfxid"), "kdp claims no PDF/X");
}

/// A page holding `file` at `w` × `h` points, alone.
fn image_layout(file: &str, w: f64, h: f64) -> folio::typeset::frame::Layout {
    let mut layout = sample_layout(SIX_BY_NINE.0, SIX_BY_NINE.1);
    layout.pages.truncate(1);
    layout.pages[0].items = vec![(
        folio::typeset::frame::Point { x: 54.0, y: 72.0 },
        folio::typeset::frame::Item::Image {
            path: fixture().join(file),
            width: w,
            height: h,
            tag: folio::typeset::frame::Tag::Unset,
        },
    )];
    layout.outline.clear();
    layout.labels.truncate(1);
    layout
}

fn image_streams(doc: &Document) -> Vec<&lopdf::Stream> {
    doc.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").ok() == Some(&Object::Name(b"Image".to_vec())))
        .collect()
}

/// A JPEG goes in byte for byte (DCTDecode), never decoded and re-encoded.
#[test]
fn jpeg_is_embedded_unchanged() {
    let (bytes, _) = render(Preset::Kdp, &image_layout("photo.jpg", 24.0, 16.0));
    let doc = Document::load_mem(&bytes).unwrap();
    let images = image_streams(&doc);
    assert_eq!(images.len(), 1);
    let s = images[0];
    assert_eq!(
        s.dict.get(b"Filter").unwrap(),
        &Object::Name(b"DCTDecode".to_vec())
    );
    assert_eq!(s.dict.get(b"Width").unwrap().as_i64().unwrap(), 24);
    let file = std::fs::read(fixture().join("photo.jpg")).unwrap();
    assert_eq!(s.content, file, "the JPEG's bytes, unchanged");
}

/// A palette PNG keeps its palette (Indexed colour space) and its index data.
#[test]
fn palette_png_keeps_its_palette() {
    let (bytes, _) = render(Preset::Kdp, &image_layout("palette.png", 16.0, 8.0));
    let doc = Document::load_mem(&bytes).unwrap();
    let images = image_streams(&doc);
    assert_eq!(images.len(), 1);
    let s = images[0];
    let space = s.dict.get(b"ColorSpace").unwrap().as_array().unwrap();
    assert_eq!(space[0], Object::Name(b"Indexed".to_vec()));
    assert_eq!(space[2].as_i64().unwrap(), 3, "four palette entries");
    let indices = s.decompressed_content().unwrap();
    let want: Vec<u8> = (0..8u8)
        .flat_map(|y| (0..16u8).map(move |x| (x + y) % 4))
        .collect();
    assert_eq!(indices, want);
}
