//! Raster images, placed losslessly: a PNG's compressed data goes into the PDF unchanged
//! (its filter and predictor are PDF's own FlateDecode with PNG predictors), a JPEG's bytes
//! go in unchanged (DCTDecode); only a PNG with an alpha channel is decoded, to split the
//! alpha into a soft mask, and re-deflated without loss. Warns below 300 dpi.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use printpdf::xobject::{DictItem, ExternalStream, ExternalXObject, XObject};
use printpdf::{Px, RawImage, RawImageData, RawImageFormat, XObjectId};

use crate::diag::{Diagnostics, Span};

/// The resolution a printer expects of images at their printed size.
pub const MIN_DPI: f64 = 300.0;

/// Points per inch.
const PT_PER_IN: f64 = 72.0;

/// The PNG file signature.
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// PNG predictor value meaning "per-row PNG filter" in a DecodeParms dictionary.
const PNG_PREDICTOR: i64 = 15;

/// One image ready to place.
#[derive(Debug, Clone)]
pub struct Placed {
    /// Its XObject id in the PDF.
    pub id: XObjectId,
    /// Width in pixels.
    pub width_px: u32,
    /// Height in pixels.
    pub height_px: u32,
}

/// The images of one PDF, by the path the frames give.
#[derive(Debug, Default)]
pub struct ImageTable {
    map: BTreeMap<PathBuf, Placed>,
}

impl ImageTable {
    /// Loads every image placed in `items` (path, printed width and height in points),
    /// resolving relative paths against `root`. Returns the table and the XObjects to
    /// register. Problems are reported in `diags`; such an image is left out.
    /// With `gray_only` (a black-and-white PDF/X interior), colour images are warned about.
    pub fn build<'a>(
        items: impl Iterator<Item = (&'a Path, f64, f64)>,
        root: &Path,
        gray_only: bool,
        diags: &mut Diagnostics,
    ) -> (Self, Vec<(XObjectId, XObject)>) {
        let mut table = ImageTable::default();
        let mut objects = Vec::new();
        let mut failed: Vec<PathBuf> = Vec::new();
        let mut warned: Vec<PathBuf> = Vec::new();
        for (path, width, height) in items {
            let placed = match table.map.get(path) {
                Some(p) => p.clone(),
                None if failed.iter().any(|f| f == path) => continue,
                None => {
                    let file = resolve(path, root);
                    match load(&file, diags) {
                        Ok((w, h, object)) => {
                            if gray_only && in_colour(&object) {
                                diags.warning(
                                    Span::file(&file),
                                    "a colour image in a grey PDF/X interior: the print \
                                     file's output intent is grey",
                                    "convert the image to greyscale for this preset",
                                );
                            }
                            let id = XObjectId(format!("Im{}", table.map.len() + 1));
                            let placed = Placed {
                                id: id.clone(),
                                width_px: w,
                                height_px: h,
                            };
                            objects.push((id, object));
                            table.map.insert(path.to_path_buf(), placed.clone());
                            placed
                        }
                        Err(message) => {
                            diags.error(
                                Span::file(&file),
                                message,
                                "use a PNG (not interlaced) or a JPEG file",
                            );
                            failed.push(path.to_path_buf());
                            continue;
                        }
                    }
                }
            };
            let dpi = effective_dpi(&placed, width, height);
            if dpi < MIN_DPI && !warned.iter().any(|w| w == path) {
                warned.push(path.to_path_buf());
                diags.warning(
                    Span::file(resolve(path, root)),
                    format!(
                        "image is {dpi:.0} dpi at its printed size ({:.2}in × {:.2}in); printers \
                         ask for {MIN_DPI:.0}",
                        width / PT_PER_IN,
                        height / PT_PER_IN
                    ),
                    format!(
                        "supply at least {} × {} pixels, or print it smaller",
                        (width / PT_PER_IN * MIN_DPI).ceil(),
                        (height / PT_PER_IN * MIN_DPI).ceil()
                    ),
                );
            }
        }
        (table, objects)
    }

    /// The loaded image for a frame's path.
    pub fn get(&self, path: &Path) -> Option<&Placed> {
        self.map.get(path)
    }
}

/// Whether an image XObject is in colour (not DeviceGray).
fn in_colour(object: &XObject) -> bool {
    match object {
        XObject::Image(raw) => !matches!(
            raw.data_format,
            RawImageFormat::R8 | RawImageFormat::RG8 | RawImageFormat::R16 | RawImageFormat::RG16
        ),
        XObject::External(e) => !matches!(
            e.stream.dict.get("ColorSpace"),
            Some(DictItem::Name(n)) if n == b"DeviceGray"
        ),
        _ => true,
    }
}

/// The lower of the horizontal and vertical resolutions of an image printed at
/// `width` × `height` points.
pub fn effective_dpi(p: &Placed, width: f64, height: f64) -> f64 {
    let horizontal = f64::from(p.width_px) / (width / PT_PER_IN).max(f64::MIN_POSITIVE);
    let vertical = f64::from(p.height_px) / (height / PT_PER_IN).max(f64::MIN_POSITIVE);
    horizontal.min(vertical)
}

fn resolve(path: &Path, root: &Path) -> PathBuf {
    if path.is_absolute() || path.exists() {
        path.to_path_buf()
    } else {
        root.join(path)
    }
}

/// Reads an image file into an XObject: (width px, height px, object).
fn load(file: &Path, diags: &mut Diagnostics) -> Result<(u32, u32, XObject), String> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read image: {e}"))?;
    if bytes.starts_with(PNG_SIGNATURE) {
        png(&bytes, file, diags)
    } else if bytes.starts_with(&[0xFF, 0xD8]) {
        jpeg(bytes)
    } else {
        Err("not a PNG or JPEG image".to_string())
    }
}

/// The parts of a PNG we need.
struct Png {
    width: u32,
    height: u32,
    depth: u8,
    color: u8,
    interlace: u8,
    palette: Vec<u8>,
    transparency: bool,
    data: Vec<u8>,
}

fn parse_png(bytes: &[u8]) -> Result<Png, String> {
    let bad = || "the PNG file is damaged".to_string();
    let mut png = Png {
        width: 0,
        height: 0,
        depth: 0,
        color: 0,
        interlace: 0,
        palette: Vec::new(),
        transparency: false,
        data: Vec::new(),
    };
    let mut at = PNG_SIGNATURE.len();
    while at + 8 <= bytes.len() {
        let len = u32::from_be_bytes(bytes[at..at + 4].try_into().map_err(|_| bad())?) as usize;
        let kind = &bytes[at + 4..at + 8];
        let body = bytes.get(at + 8..at + 8 + len).ok_or_else(bad)?;
        match kind {
            b"IHDR" if len >= 13 => {
                png.width = u32::from_be_bytes(body[0..4].try_into().map_err(|_| bad())?);
                png.height = u32::from_be_bytes(body[4..8].try_into().map_err(|_| bad())?);
                png.depth = body[8];
                png.color = body[9];
                png.interlace = body[12];
            }
            b"PLTE" => png.palette = body.to_vec(),
            b"tRNS" => png.transparency = true,
            b"IDAT" => png.data.extend_from_slice(body),
            b"IEND" => break,
            _ => {}
        }
        at += 12 + len;
    }
    if png.width == 0 || png.height == 0 || png.data.is_empty() {
        return Err(bad());
    }
    Ok(png)
}

fn png(bytes: &[u8], file: &Path, diags: &mut Diagnostics) -> Result<(u32, u32, XObject), String> {
    let png = parse_png(bytes)?;
    if png.interlace != 0 {
        return Err("interlaced PNG images are not supported".to_string());
    }
    if png.transparency {
        diags.warning(
            Span::file(file),
            "the PNG's transparent colour is ignored in print",
            "flatten the image onto white",
        );
    }
    let (colors, space) = match png.color {
        0 => (1, DictItem::Name(b"DeviceGray".to_vec())),
        2 => (3, DictItem::Name(b"DeviceRGB".to_vec())),
        3 => (1, indexed(&png.palette)?),
        4 | 6 => return png_with_alpha(&png, file, diags),
        other => return Err(format!("unknown PNG colour type {other}")),
    };
    let parms = BTreeMap::from([
        ("Predictor".to_string(), DictItem::Int(PNG_PREDICTOR)),
        ("Colors".to_string(), DictItem::Int(colors)),
        (
            "BitsPerComponent".to_string(),
            DictItem::Int(i64::from(png.depth)),
        ),
        ("Columns".to_string(), DictItem::Int(i64::from(png.width))),
    ]);
    let mut dict = image_dict(png.width, png.height, png.depth, space);
    dict.insert("Filter".into(), DictItem::Name(b"FlateDecode".to_vec()));
    dict.insert("DecodeParms".into(), DictItem::Dict { map: parms });
    Ok((
        png.width,
        png.height,
        external(dict, png.data, png.width, png.height),
    ))
}

/// `[/Indexed /DeviceRGB hival <palette>]` for a palette PNG.
fn indexed(palette: &[u8]) -> Result<DictItem, String> {
    if palette.is_empty() || !palette.len().is_multiple_of(3) {
        return Err("the PNG's palette is damaged".to_string());
    }
    Ok(DictItem::Array(vec![
        DictItem::Name(b"Indexed".to_vec()),
        DictItem::Name(b"DeviceRGB".to_vec()),
        DictItem::Int((palette.len() / 3) as i64 - 1),
        DictItem::String {
            data: palette.to_vec(),
            literal: false,
        },
    ]))
}

/// A PNG with an alpha channel: inflated and un-predicted with lopdf, then handed to
/// printpdf as raw pixels (it writes colour and soft mask with FlateDecode, losslessly).
fn png_with_alpha(
    png: &Png,
    file: &Path,
    diags: &mut Diagnostics,
) -> Result<(u32, u32, XObject), String> {
    let colors: i64 = if png.color == 4 { 2 } else { 4 };
    let parms = lopdf::Dictionary::from_iter(vec![
        ("Predictor", lopdf::Object::Integer(PNG_PREDICTOR)),
        ("Colors", lopdf::Object::Integer(colors)),
        (
            "BitsPerComponent",
            lopdf::Object::Integer(i64::from(png.depth)),
        ),
        ("Columns", lopdf::Object::Integer(i64::from(png.width))),
    ]);
    let dict = lopdf::Dictionary::from_iter(vec![
        ("Filter", lopdf::Object::Name(b"FlateDecode".to_vec())),
        ("DecodeParms", lopdf::Object::Dictionary(parms)),
    ]);
    let raw = lopdf::Stream::new(dict, png.data.clone())
        .decompressed_content()
        .map_err(|e| format!("the PNG's data cannot be decoded: {e}"))?;
    let (pixels, format) = match (png.depth, png.color) {
        (8, 4) => (RawImageData::U8(raw), RawImageFormat::RG8),
        (8, _) => (RawImageData::U8(raw), RawImageFormat::RGBA8),
        (16, color) => {
            diags.warning(
                Span::file(file),
                "16-bit PNG with alpha: written with 8 bits per channel",
                "save it with 8 bits per channel to keep it exact",
            );
            let wide = raw
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            let f = if color == 4 {
                RawImageFormat::RG16
            } else {
                RawImageFormat::RGBA16
            };
            (RawImageData::U16(wide), f)
        }
        (d, _) => return Err(format!("PNG bit depth {d} with alpha is not supported")),
    };
    let expected = png.width as usize * png.height as usize * colors as usize;
    let got = match &pixels {
        RawImageData::U8(v) => v.len(),
        RawImageData::U16(v) => v.len(),
        RawImageData::F32(v) => v.len(),
    };
    if got < expected {
        return Err("the PNG's data is shorter than its size says".to_string());
    }
    let image = RawImage {
        pixels,
        width: png.width as usize,
        height: png.height as usize,
        data_format: format,
        tag: Vec::new(),
    };
    Ok((png.width, png.height, XObject::Image(image)))
}

/// A JPEG, embedded byte for byte.
fn jpeg(bytes: Vec<u8>) -> Result<(u32, u32, XObject), String> {
    let (width, height, components, adobe) =
        jpeg_frame(&bytes).ok_or_else(|| "the JPEG file is damaged".to_string())?;
    let space = match components {
        1 => "DeviceGray",
        3 => "DeviceRGB",
        4 => "DeviceCMYK",
        n => return Err(format!("JPEG with {n} colour components is not supported")),
    };
    let mut dict = image_dict(width, height, 8, DictItem::Name(space.as_bytes().to_vec()));
    dict.insert("Filter".into(), DictItem::Name(b"DCTDecode".to_vec()));
    if components == 4 && adobe {
        // Adobe's CMYK JPEGs store inverted values.
        let decode = [1, 0, 1, 0, 1, 0, 1, 0].map(DictItem::Int).to_vec();
        dict.insert("Decode".into(), DictItem::Array(decode));
    }
    Ok((width, height, external(dict, bytes, width, height)))
}

/// Width, height, components and whether an Adobe APP14 segment is present.
fn jpeg_frame(bytes: &[u8]) -> Option<(u32, u32, u8, bool)> {
    let mut at = 2;
    let mut adobe = false;
    while at + 4 <= bytes.len() {
        if bytes[at] != 0xFF {
            return None;
        }
        let marker = bytes[at + 1];
        if marker == 0xFF {
            at += 1;
            continue;
        }
        let len = u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]) as usize;
        let body = bytes.get(at + 4..at + 2 + len)?;
        if marker == 0xEE && body.starts_with(b"Adobe") {
            adobe = true;
        }
        let is_frame = (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker);
        if is_frame && body.len() >= 6 {
            let height = u16::from_be_bytes([body[1], body[2]]) as u32;
            let width = u16::from_be_bytes([body[3], body[4]]) as u32;
            return Some((width, height, body[5], adobe));
        }
        at += 2 + len;
    }
    None
}

fn image_dict(width: u32, height: u32, depth: u8, space: DictItem) -> BTreeMap<String, DictItem> {
    BTreeMap::from([
        ("Type".to_string(), DictItem::Name(b"XObject".to_vec())),
        ("Subtype".to_string(), DictItem::Name(b"Image".to_vec())),
        ("Width".to_string(), DictItem::Int(i64::from(width))),
        ("Height".to_string(), DictItem::Int(i64::from(height))),
        ("ColorSpace".to_string(), space),
        (
            "BitsPerComponent".to_string(),
            DictItem::Int(i64::from(depth)),
        ),
    ])
}

fn external(dict: BTreeMap<String, DictItem>, content: Vec<u8>, w: u32, h: u32) -> XObject {
    XObject::External(ExternalXObject {
        stream: ExternalStream {
            dict,
            content,
            compress: false,
        },
        width: Some(Px(w as usize)),
        height: Some(Px(h as usize)),
        dpi: None,
    })
}
