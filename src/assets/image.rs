//! Checking one image file and making what each output takes from it. The format is found
//! from the bytes, never the name; the pixel count is checked against the cap from the
//! header, before anything is decoded; a PNG's data must inflate to exactly what its header
//! declares and a JPEG's frame must agree with the decoder; then the whole image is decoded
//! (the `image` crate, within [`image::Limits`]) to prove it is not damaged.
//!
//! PNG and JPEG go to both outputs as they are (an interlaced PNG is written again,
//! non-interlaced, for print). GIF and WebP stay as they are in the EPUB, which takes them,
//! and become PNG for print (the first frame of an animation). BMP and TIFF become PNG for
//! both. An SVG is made safe for the EPUB ([`super::svg`]) and drawn as vectors in print
//! ([`super::vector`]).

use std::io::{Cursor, Read};
use std::path::Path;
use std::sync::Arc;

use image::{DynamicImage, ImageDecoder, ImageFormat};

use super::problem::{Problem, MAX_PIXELS};
use super::{Encoded, Format, ImageFile, PrintImage};
use crate::raster::{jpeg_frame, jpeg_is_complete, JPEG_SIGNATURE};

/// The most memory one decode may take: the largest image allowed, at 16 bits in four
/// channels, with room for the decoder's own buffers.
const MAX_ALLOC: u64 = MAX_PIXELS * 8 + (64 << 20);

/// Checks the image `bytes` read from `path` and prepares both outputs' forms.
pub fn check(path: &Path, bytes: Vec<u8>) -> Result<ImageFile, Problem> {
    if bytes.is_empty() {
        return Err(Problem::Empty);
    }
    let format = sniff(path, &bytes)?;
    let bytes = Arc::new(bytes);
    let file = |epub: Encoded, print: Option<PrintImage>, animated: bool| ImageFile {
        path: path.to_path_buf(),
        format,
        epub,
        print,
        vector: None,
        animated,
    };
    let original = Encoded {
        format,
        bytes: bytes.clone(),
    };
    match format {
        Format::Png => {
            let (image, interlaced) = png(&bytes)?;
            let print = if interlaced {
                to_png(image)?
            } else {
                PrintImage::new(Format::Png, bytes.clone(), &image)
            };
            Ok(file(original, Some(print), false))
        }
        Format::Jpeg => {
            let image = jpeg(&bytes)?;
            let print = PrintImage::new(Format::Jpeg, bytes.clone(), &image);
            Ok(file(original, Some(print), false))
        }
        Format::Gif | Format::WebP => {
            let image = decode(&bytes, image_format(format))?;
            let animated = animated(&bytes, format)?;
            Ok(file(original, Some(to_png(image)?), animated))
        }
        Format::Bmp | Format::Tiff => {
            let print = to_png(decode(&bytes, image_format(format))?)?;
            let epub = Encoded {
                format: Format::Png,
                bytes: print.bytes.clone(),
            };
            Ok(file(epub, Some(print), false))
        }
        Format::Svg => {
            let text = std::str::from_utf8(&bytes)
                .map_err(|_| Problem::BadSvg("it is not UTF-8 text".to_string()))?;
            let safe = super::svg::sanitize(text.trim_start_matches('\u{feff}'))
                .map_err(Problem::BadSvg)?;
            let vector = super::vector::convert(&safe)?;
            let epub = Encoded {
                format,
                bytes: Arc::new(safe.into_bytes()),
            };
            Ok(ImageFile {
                vector: Some(Arc::new(vector)),
                ..file(epub, None, false)
            })
        }
    }
}

/// The format of `bytes`, from their signature (an SVG from its text or its name).
fn sniff(path: &Path, bytes: &[u8]) -> Result<Format, Problem> {
    let known = match image::guess_format(bytes) {
        Ok(ImageFormat::Png) => Some(Format::Png),
        Ok(ImageFormat::Jpeg) => Some(Format::Jpeg),
        Ok(ImageFormat::Gif) => Some(Format::Gif),
        Ok(ImageFormat::WebP) => Some(Format::WebP),
        Ok(ImageFormat::Bmp) => Some(Format::Bmp),
        Ok(ImageFormat::Tiff) => Some(Format::Tiff),
        Ok(other) => {
            return Err(Problem::Unsupported(Some(other_format(other))));
        }
        Err(_) => None,
    };
    if let Some(f) = known {
        return Ok(f);
    }
    let named_svg = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if named_svg || looks_like_svg(bytes) {
        return Ok(Format::Svg);
    }
    let what = if bytes.starts_with(b"%PDF") {
        Some("a PDF document")
    } else if bytes.starts_with(&[0x1f, 0x8b]) {
        Some("compressed (gzip) data")
    } else {
        None
    };
    Err(Problem::Unsupported(what))
}

/// Whether text starts (after a byte-order mark, white space, an XML declaration, comments
/// or a DOCTYPE) in a way only an SVG file does: `<svg` comes within its first kilobytes.
fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    text.starts_with('<') && text.contains("<svg")
}

/// Words for an image format the `image` crate knows and Folio does not take.
fn other_format(f: ImageFormat) -> &'static str {
    match f {
        ImageFormat::Ico => "an icon (ICO)",
        ImageFormat::Avif => "an AVIF image",
        ImageFormat::Pnm => "a PNM image",
        ImageFormat::Tga => "a TGA image",
        ImageFormat::Dds => "a DDS texture",
        ImageFormat::Hdr | ImageFormat::OpenExr => "a high-dynamic-range image",
        ImageFormat::Qoi => "a QOI image",
        _ => "an image in a format Folio does not take",
    }
}

fn image_format(f: Format) -> ImageFormat {
    match f {
        Format::Png => ImageFormat::Png,
        Format::Jpeg => ImageFormat::Jpeg,
        Format::Gif => ImageFormat::Gif,
        Format::WebP => ImageFormat::WebP,
        Format::Bmp => ImageFormat::Bmp,
        Format::Tiff => ImageFormat::Tiff,
        // Never decoded as a raster.
        Format::Svg => ImageFormat::Png,
    }
}

/// The limits every decode runs within.
fn limits() -> image::Limits {
    let mut l = image::Limits::default();
    l.max_alloc = Some(MAX_ALLOC);
    l
}

/// Refuses an image over the pixel cap (or of no pixels), from its declared size.
fn pixel_cap(width: u32, height: u32) -> Result<(), Problem> {
    if width == 0 || height == 0 {
        return Err(Problem::Damaged(format!(
            "it declares a size of {width} × {height} pixels"
        )));
    }
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(Problem::TooManyPixels { width, height });
    }
    Ok(())
}

/// Decodes the whole image (the first frame of an animation), checking the pixel cap from
/// the header first.
pub(super) fn decode(bytes: &[u8], format: ImageFormat) -> Result<DynamicImage, Problem> {
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits());
    let decoder = reader.into_decoder().map_err(decode_error)?;
    let (w, h) = decoder.dimensions();
    pixel_cap(w, h)?;
    DynamicImage::from_decoder(decoder).map_err(decode_error)
}

fn decode_error(e: image::ImageError) -> Problem {
    match e {
        image::ImageError::Limits(_) => Problem::Damaged(
            "decoding it would take more memory than Folio allows an image".to_string(),
        ),
        image::ImageError::Unsupported(u) => Problem::Damaged(format!(
            "it uses a feature the decoder does not support ({u})"
        )),
        other => Problem::Damaged(other.to_string()),
    }
}

/// A PNG checked: chunks, pixel cap, the data's inflated length against the header, then
/// a full decode. Gives the image and whether it is interlaced.
fn png(bytes: &[u8]) -> Result<(DynamicImage, bool), Problem> {
    let png = crate::raster::png(bytes).map_err(Problem::Damaged)?;
    pixel_cap(png.width, png.height)?;
    let expected = png
        .raw_len()
        .ok_or_else(|| Problem::Damaged(format!("its colour type {} is unknown", png.color)))?;
    let mut inflater = flate2::read::ZlibDecoder::new(png.data.as_slice());
    // Counted, not kept: a crafted file cannot make this allocate.
    let inflated = std::io::copy(
        &mut (&mut inflater).take(expected.saturating_add(1)),
        &mut std::io::sink(),
    )
    .map_err(|e| Problem::Damaged(format!("its pixel data does not inflate ({e})")))?;
    let (w, h) = (png.width, png.height);
    if inflated < expected {
        return Err(Problem::SizeMismatch(format!(
            "holds {inflated} bytes of pixel data, but its declared {w} × {h} pixels need {expected}"
        )));
    }
    if inflated > expected {
        return Err(Problem::SizeMismatch(format!(
            "holds more pixel data than its declared {w} × {h} pixels need ({expected} bytes)"
        )));
    }
    let image = decode(bytes, ImageFormat::Png)?;
    Ok((image, png.interlace != 0))
}

/// A JPEG checked: its frame header (which the PDF writer embeds by) must be readable, of
/// 1, 3 or 4 components, and agree with what the decoder finds.
fn jpeg(bytes: &[u8]) -> Result<DynamicImage, Problem> {
    let frame = (bytes.starts_with(JPEG_SIGNATURE))
        .then(|| jpeg_frame(bytes))
        .flatten()
        .ok_or_else(|| Problem::Damaged("its frame header cannot be read".to_string()))?;
    if ![1, 3, 4].contains(&frame.components) {
        return Err(Problem::Unsupported(Some(
            "a JPEG of neither 1 (grey), 3 (colour) nor 4 (CMYK) components",
        )));
    }
    pixel_cap(frame.width, frame.height)?;
    if !jpeg_is_complete(bytes) {
        return Err(Problem::Damaged(
            "it is cut short (its data has no end-of-image marker)".to_string(),
        ));
    }
    let image = decode(bytes, ImageFormat::Jpeg)?;
    if (image.width(), image.height()) != (frame.width, frame.height) {
        return Err(Problem::SizeMismatch(format!(
            "declares {} × {} pixels, but its data decodes to {} × {}",
            frame.width,
            frame.height,
            image.width(),
            image.height()
        )));
    }
    Ok(image)
}

/// Whether a GIF or WebP has more than one frame.
fn animated(bytes: &[u8], format: Format) -> Result<bool, Problem> {
    use image::AnimationDecoder;
    match format {
        Format::Gif => {
            let mut decoder =
                image::codecs::gif::GifDecoder::new(Cursor::new(bytes)).map_err(decode_error)?;
            decoder.set_limits(limits()).map_err(decode_error)?;
            Ok(decoder.into_frames().take(2).count() > 1)
        }
        Format::WebP => {
            let decoder =
                image::codecs::webp::WebPDecoder::new(Cursor::new(bytes)).map_err(decode_error)?;
            Ok(decoder.has_animation())
        }
        _ => Ok(false),
    }
}

/// `image` as a PNG for print: 8 or 16 bits as decoded, an alpha channel dropped when it is
/// opaque everywhere (so print carries no needless soft mask).
fn to_png(image: DynamicImage) -> Result<PrintImage, Problem> {
    let image = match image {
        DynamicImage::ImageLumaA8(i) if i.pixels().all(|p| p[1] == u8::MAX) => {
            DynamicImage::ImageLumaA8(i).to_luma8().into()
        }
        DynamicImage::ImageRgba8(i) if i.pixels().all(|p| p[3] == u8::MAX) => {
            DynamicImage::ImageRgba8(i).to_rgb8().into()
        }
        DynamicImage::ImageLumaA16(i) if i.pixels().all(|p| p[1] == u16::MAX) => {
            DynamicImage::ImageLumaA16(i).to_luma16().into()
        }
        DynamicImage::ImageRgba16(i) if i.pixels().all(|p| p[3] == u16::MAX) => {
            DynamicImage::ImageRgba16(i).to_rgb16().into()
        }
        i @ (DynamicImage::ImageLuma8(_)
        | DynamicImage::ImageLumaA8(_)
        | DynamicImage::ImageRgb8(_)
        | DynamicImage::ImageRgba8(_)
        | DynamicImage::ImageLuma16(_)
        | DynamicImage::ImageLumaA16(_)
        | DynamicImage::ImageRgb16(_)
        | DynamicImage::ImageRgba16(_)) => i,
        // Floating-point samples (from TIFF): 16 bits keep what print can show.
        other if other.color().has_alpha() => other.to_rgba16().into(),
        other => other.to_rgb16().into(),
    };
    let mut out = Vec::new();
    let encoder = image::codecs::png::PngEncoder::new_with_quality(
        &mut out,
        image::codecs::png::CompressionType::Default,
        image::codecs::png::FilterType::Adaptive,
    );
    image
        .write_with_encoder(encoder)
        .map_err(|e| Problem::Damaged(format!("it cannot be converted to PNG ({e})")))?;
    Ok(PrintImage::new(Format::Png, Arc::new(out), &image))
}
