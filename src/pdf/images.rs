//! Raster images, placed losslessly from what the assets pass prepared (a PNG or a JPEG for
//! each image; [`crate::assets`] has checked and, where needed, converted them): a PNG's
//! compressed data goes into the PDF unchanged (its filter and predictor are PDF's own
//! FlateDecode with PNG predictors), a JPEG's bytes go in unchanged (DCTDecode); only a PNG
//! with an alpha channel is decoded, to split the alpha into a soft mask, and re-deflated
//! without loss. Every size is computed with checked arithmetic. Warns below 300 dpi.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use lopdf::{Dictionary, Object, Stream};

use crate::assets::{Assets, Format, PrintImage};
use crate::diag::{Diagnostics, Span};
use crate::raster::{jpeg_frame, JpegFrame, Png};

/// The resolution a printer expects of images at their printed size.
pub const MIN_DPI: f64 = 300.0;

/// Points per inch.
const PT_PER_IN: f64 = 72.0;

/// PNG predictor value meaning "per-row PNG filter" in a DecodeParms dictionary.
const PNG_PREDICTOR: i64 = 15;

/// One image ready to place.
#[derive(Debug, Clone)]
pub struct Placed {
    /// Its resource name in the PDF (`Im1`, …).
    pub name: String,
    /// Width in pixels.
    pub width_px: u32,
    /// Height in pixels.
    pub height_px: u32,
    /// Drawn as vectors (an SVG): no resolution to check.
    pub vector: bool,
}

/// An image XObject and, for an image with transparency, its soft mask; or an SVG's form.
// A book has a few of these, each moved once: the variants' sizes do not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum ImageObject {
    /// A raster image.
    Raster {
        /// The image stream.
        image: Stream,
        /// The alpha channel as a DeviceGray image, to be referenced as `/SMask`.
        smask: Option<Stream>,
    },
    /// An SVG drawn as a Form XObject, with the objects it refers to.
    Vector(super::vector::Form),
}

impl ImageObject {
    /// Adds the object (and what it refers to) to `doc`: the id to name in `/XObject`.
    pub fn add_to(self, doc: &mut lopdf::Document) -> lopdf::ObjectId {
        match self {
            ImageObject::Raster { mut image, smask } => {
                if let Some(mask) = smask {
                    let mask_id = doc.add_object(mask);
                    image.dict.set("SMask", Object::Reference(mask_id));
                }
                doc.add_object(image)
            }
            ImageObject::Vector(form) => form.add_to(doc),
        }
    }
}

/// The images of one PDF, by the path the frames give.
#[derive(Debug, Default)]
pub struct ImageTable {
    map: BTreeMap<PathBuf, Placed>,
}

/// The images of one PDF as its pages are noted, in the order they are written: each
/// image is loaded (and named) where it is first placed.
#[derive(Debug, Default)]
pub struct ImageSet {
    table: ImageTable,
    objects: Vec<(String, ImageObject)>,
    failed: Vec<PathBuf>,
    warned: Vec<PathBuf>,
}

impl ImageSet {
    /// Notes every image placed in `items` (path, printed width and height in points),
    /// making an XObject of each new one from the checked files in `assets`. Problems are
    /// reported in `diags`; such an image is left out. For a grey setup (a black-and-white
    /// PDF/X interior), colour images are warned about; for a CMYK one, colour rasters are
    /// converted to the press's CMYK.
    pub fn add<'a>(
        &mut self,
        items: impl Iterator<Item = (&'a Path, f64, f64)>,
        assets: &Assets,
        setup: &super::Setup,
        diags: &mut Diagnostics,
    ) {
        for (path, width, height) in items {
            let Some(placed) = self.placed(path, assets, setup, diags) else {
                continue;
            };
            let dpi = effective_dpi(&placed, width, height);
            if !placed.vector && dpi < MIN_DPI && !self.warned.iter().any(|w| w == path) {
                self.warned.push(path.to_path_buf());
                diags.warning(
                    Span::file(path),
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
    }

    /// The image at `path`, loaded when it is first placed; `None` when it cannot be.
    fn placed(
        &mut self,
        path: &Path,
        assets: &Assets,
        setup: &super::Setup,
        diags: &mut Diagnostics,
    ) -> Option<Placed> {
        if let Some(p) = self.table.map.get(path) {
            return Some(p.clone());
        }
        if self.failed.iter().any(|f| f == path) {
            return None;
        }
        match load(path, assets, setup.cmyk, diags) {
            Ok((w, h, object)) => {
                if setup.gray_only && in_colour(&object) {
                    diags.warning(
                        Span::file(path),
                        "a colour image in a grey PDF/X interior: the print \
                         file's output intent is grey",
                        "convert the image to greyscale for this preset",
                    );
                }
                let name = format!("Im{}", self.table.map.len() + 1);
                let placed = Placed {
                    vector: matches!(object, ImageObject::Vector(_)),
                    name: name.clone(),
                    width_px: w,
                    height_px: h,
                };
                self.objects.push((name, object));
                self.table.map.insert(path.to_path_buf(), placed.clone());
                Some(placed)
            }
            Err(message) => {
                diags.error(
                    Span::file(path),
                    message,
                    "export the image again as a PNG or JPEG",
                );
                self.failed.push(path.to_path_buf());
                None
            }
        }
    }

    /// The images noted so far.
    pub fn table(&self) -> &ImageTable {
        &self.table
    }

    /// The table, and the XObjects to register under their names.
    pub fn finish(self) -> (ImageTable, Vec<(String, ImageObject)>) {
        (self.table, self.objects)
    }
}

impl ImageTable {
    /// The loaded image for a frame's path.
    pub fn get(&self, path: &Path) -> Option<&Placed> {
        self.map.get(path)
    }
}

/// Whether an image is in colour (not DeviceGray); an SVG's drawing is in sRGB, as
/// `svg2pdf` writes it, whatever its colours.
fn in_colour(object: &ImageObject) -> bool {
    match object {
        ImageObject::Raster { image, .. } => {
            image.dict.get(b"ColorSpace").ok() != Some(&Object::Name(b"DeviceGray".to_vec()))
        }
        ImageObject::Vector(_) => true,
    }
}

/// The lower of the horizontal and vertical resolutions of an image printed at
/// `width` × `height` points.
pub fn effective_dpi(p: &Placed, width: f64, height: f64) -> f64 {
    let horizontal = f64::from(p.width_px) / (width / PT_PER_IN).max(f64::MIN_POSITIVE);
    let vertical = f64::from(p.height_px) / (height / PT_PER_IN).max(f64::MIN_POSITIVE);
    horizontal.min(vertical)
}

/// The XObject for the image a frame names at `path`: (width px, height px, object).
fn load(
    path: &Path,
    assets: &Assets,
    cmyk: bool,
    diags: &mut Diagnostics,
) -> Result<(u32, u32, ImageObject), String> {
    let file = assets.file(path);
    if let Some(v) = file.and_then(|f| f.vector.as_ref()) {
        let form = super::vector::Form::read(v)?;
        let (w, h) = (v.width.ceil() as u32, v.height.ceil() as u32);
        return Ok((w, h, ImageObject::Vector(form)));
    }
    let print: &PrintImage = file
        .and_then(|f| f.print.as_ref())
        .ok_or_else(|| "this image was not checked for print".to_string())?;
    if cmyk && !(print.format == Format::Jpeg && jpeg_is_cmyk(&print.bytes)) {
        let decoded = crate::assets::decode_print(print)?;
        if decoded.color().has_color() {
            return Ok(to_cmyk(&decoded));
        }
    }
    match print.format {
        Format::Jpeg => jpeg(print.bytes.to_vec()),
        _ => png(&print.bytes, path, diags),
    }
}

/// Whether a JPEG is already in CMYK (four components), to be embedded as it is.
fn jpeg_is_cmyk(bytes: &[u8]) -> bool {
    jpeg_frame(bytes).is_some_and(|f| f.components == 4)
}

/// A colour raster converted to the press's CMYK (8 bits, deflated), its transparency kept
/// as a soft mask.
fn to_cmyk(decoded: &image::DynamicImage) -> (u32, u32, ImageObject) {
    let rgba = decoded.to_rgba8();
    let (w, h) = rgba.dimensions();
    let (pixels, alpha) = super::cmyk::pixels(rgba.as_raw());
    let flate = |space: &[u8], data: &[u8]| {
        let mut dict = image_dict(w, h, 8, Object::Name(space.to_vec()));
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        stream(dict, super::deflate(data))
    };
    let image = flate(b"DeviceCMYK", &pixels);
    let smask = alpha.map(|a| flate(b"DeviceGray", &a));
    (w, h, ImageObject::Raster { image, smask })
}

fn png(
    bytes: &[u8],
    file: &Path,
    diags: &mut Diagnostics,
) -> Result<(u32, u32, ImageObject), String> {
    let png = crate::raster::png(bytes)?;
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
        0 => (1, Object::Name(b"DeviceGray".to_vec())),
        2 => (3, Object::Name(b"DeviceRGB".to_vec())),
        3 => (1, indexed(&png.palette)?),
        4 | 6 => return png_with_alpha(&png, file, diags),
        other => return Err(format!("unknown PNG colour type {other}")),
    };
    let mut dict = image_dict(png.width, png.height, png.depth, space);
    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    dict.set("DecodeParms", predictor_parms(colors, png.depth, png.width));
    Ok((png.width, png.height, plain(stream(dict, png.data))))
}

/// `/DecodeParms` for PNG-predicted rows.
fn predictor_parms(colors: i64, depth: u8, width: u32) -> Object {
    Object::Dictionary(Dictionary::from_iter(vec![
        ("Predictor", Object::Integer(PNG_PREDICTOR)),
        ("Colors", Object::Integer(colors)),
        ("BitsPerComponent", Object::Integer(i64::from(depth))),
        ("Columns", Object::Integer(i64::from(width))),
    ]))
}

/// `[/Indexed /DeviceRGB hival <palette>]` for a palette PNG.
fn indexed(palette: &[u8]) -> Result<Object, String> {
    if palette.is_empty() || !palette.len().is_multiple_of(3) {
        return Err("the PNG's palette is damaged".to_string());
    }
    Ok(Object::Array(vec![
        Object::Name(b"Indexed".to_vec()),
        Object::Name(b"DeviceRGB".to_vec()),
        Object::Integer((palette.len() / 3) as i64 - 1),
        Object::String(palette.to_vec(), lopdf::StringFormat::Hexadecimal),
    ]))
}

/// A PNG with an alpha channel: inflated and un-predicted, split into colour and a soft
/// mask, each deflated again without loss.
fn png_with_alpha(
    png: &Png,
    file: &Path,
    diags: &mut Diagnostics,
) -> Result<(u32, u32, ImageObject), String> {
    let channels: usize = if png.color == 4 { 2 } else { 4 };
    let bytes_per = match png.depth {
        8 => 1,
        16 => {
            diags.warning(
                Span::file(file),
                "16-bit PNG with alpha: written with 8 bits per channel",
                "save it with 8 bits per channel to keep it exact",
            );
            2
        }
        d => return Err(format!("PNG bit depth {d} with alpha is not supported")),
    };
    let raw = unfilter(&png.data, png.width as usize, channels * bytes_per)?;
    let short = || "the PNG's data is shorter than its size says".to_string();
    let pixels = (png.width as usize)
        .checked_mul(png.height as usize)
        .ok_or_else(short)?;
    let needed = pixels.checked_mul(channels * bytes_per).ok_or_else(short)?;
    if raw.len() < needed {
        return Err(short());
    }
    let mut colour = Vec::with_capacity(pixels * (channels - 1));
    let mut alpha = Vec::with_capacity(pixels);
    for px in raw.chunks_exact(channels * bytes_per).take(pixels) {
        // The high byte of each sample: exact for 8 bits, the nearest 8-bit value for 16.
        for c in 0..channels - 1 {
            colour.push(px[c * bytes_per]);
        }
        alpha.push(px[(channels - 1) * bytes_per]);
    }
    let space: &[u8] = if channels == 2 {
        b"DeviceGray"
    } else {
        b"DeviceRGB"
    };
    let mut dict = image_dict(png.width, png.height, 8, Object::Name(space.to_vec()));
    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    let mut mask = image_dict(
        png.width,
        png.height,
        8,
        Object::Name(b"DeviceGray".to_vec()),
    );
    mask.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    Ok((
        png.width,
        png.height,
        ImageObject::Raster {
            image: stream(dict, super::deflate(&colour)),
            smask: Some(stream(mask, super::deflate(&alpha))),
        },
    ))
}

/// A PNG's rows inflated and un-predicted (PNG filters 0–4 over `bpp`-byte pixels). Our
/// own: lopdf 0.44's predictor decoding averages the Average filter wrongly (it adds half
/// the byte above to the whole byte to the left), which striped every RGBA image whose
/// encoder chose that filter.
fn unfilter(data: &[u8], width: usize, bpp: usize) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let mut inflated = Vec::new();
    flate2::read::ZlibDecoder::new(data)
        .read_to_end(&mut inflated)
        .map_err(|e| format!("the PNG's data cannot be decoded: {e}"))?;
    let row = width * bpp;
    let mut out: Vec<u8> = Vec::with_capacity(inflated.len());
    let mut prev = vec![0u8; row];
    for line in inflated.chunks(row + 1) {
        if line.len() < row + 1 {
            break;
        }
        let (filter, src) = (line[0], &line[1..]);
        let mut cur = src.to_vec();
        for i in 0..row {
            let a = if i >= bpp { cur[i - bpp] } else { 0 };
            let (b, c) = (prev[i], if i >= bpp { prev[i - bpp] } else { 0 });
            let predicted = match filter {
                0 => 0,
                1 => a,
                2 => b,
                3 => ((u16::from(a) + u16::from(b)) / 2) as u8,
                4 => paeth(a, b, c),
                other => return Err(format!("unknown PNG row filter {other}")),
            };
            cur[i] = cur[i].wrapping_add(predicted);
        }
        out.extend_from_slice(&cur);
        prev = cur;
    }
    Ok(out)
}

/// The PNG Paeth predictor: whichever of left, above and upper-left is nearest to
/// left + above − upper-left.
fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

/// A JPEG, embedded byte for byte.
fn jpeg(bytes: Vec<u8>) -> Result<(u32, u32, ImageObject), String> {
    let JpegFrame {
        width,
        height,
        components,
        adobe,
    } = jpeg_frame(&bytes).ok_or_else(|| "the JPEG file is damaged".to_string())?;
    let space = match components {
        1 => "DeviceGray",
        3 => "DeviceRGB",
        4 => "DeviceCMYK",
        n => return Err(format!("JPEG with {n} colour components is not supported")),
    };
    let mut dict = image_dict(width, height, 8, Object::Name(space.as_bytes().to_vec()));
    dict.set("Filter", Object::Name(b"DCTDecode".to_vec()));
    if components == 4 && adobe {
        // Adobe's CMYK JPEGs store inverted values.
        let decode = [1, 0, 1, 0, 1, 0, 1, 0].map(Object::Integer).to_vec();
        dict.set("Decode", Object::Array(decode));
    }
    Ok((width, height, plain(stream(dict, bytes))))
}

fn image_dict(width: u32, height: u32, depth: u8, space: Object) -> Dictionary {
    Dictionary::from_iter(vec![
        ("Type", Object::Name(b"XObject".to_vec())),
        ("Subtype", Object::Name(b"Image".to_vec())),
        ("Width", Object::Integer(i64::from(width))),
        ("Height", Object::Integer(i64::from(height))),
        ("ColorSpace", space),
        ("BitsPerComponent", Object::Integer(i64::from(depth))),
    ])
}

/// A stream whose data is already encoded as its `/Filter` says: never recompressed.
fn stream(dict: Dictionary, data: Vec<u8>) -> Stream {
    let mut s = Stream::new(dict, data);
    s.allows_compression = false;
    s
}

fn plain(image: Stream) -> ImageObject {
    ImageObject::Raster { image, smask: None }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows of a real RGBA PNG (the anthology's cover, whose encoder used the Sub, Up,
    /// Average and Paeth row filters) unfilter to exactly the pixels an independent decoder gives; lopdf's own
    /// predictor decoding got 1.2 million of its bytes wrong.
    #[test]
    fn rgba_rows_unfilter_to_their_pixels() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/books/sample-anthology/cover.png"
        );
        let bytes = std::fs::read(path).unwrap();
        let png = crate::raster::png(&bytes).unwrap();
        assert_eq!(png.color, 6, "RGBA");
        let ours = unfilter(&png.data, png.width as usize, 4).unwrap();
        let theirs = ::image::load_from_memory(&bytes)
            .unwrap()
            .to_rgba8()
            .into_raw();
        assert!(
            ours == theirs,
            "the unfiltered rows differ from the decoded image"
        );
    }
}
