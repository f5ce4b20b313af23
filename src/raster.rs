//! Raster image headers, read in one place for every backend: the pixel size of a PNG or a
//! JPEG, a PNG's chunks (header, palette, data) and the length its data must inflate to,
//! and a JPEG's frame (size, colour components, Adobe marker), which the PDF writer needs
//! to embed the file as it is. Every offset and length is checked: a crafted file gives
//! `None` or an error, never a panic or an overflow.

/// The PNG file signature.
pub const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// The first bytes of every JPEG file (the start-of-image marker).
pub const JPEG_SIGNATURE: &[u8] = &[0xFF, 0xD8];

/// What a JPEG's start-of-frame segment says, and whether the file carries Adobe's APP14
/// segment (whose CMYK images store inverted values).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JpegFrame {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Colour components: 1 grey, 3 RGB (YCbCr), 4 CMYK.
    pub components: u8,
    /// An Adobe APP14 segment comes before the frame.
    pub adobe: bool,
}

/// The pixel size of a PNG or JPEG file's bytes, from its header; `None` for anything else
/// or a damaged header.
pub fn pixel_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.starts_with(PNG_SIGNATURE) {
        png_size(bytes)
    } else if bytes.starts_with(JPEG_SIGNATURE) {
        jpeg_frame(bytes).map(|f| (f.width, f.height))
    } else {
        None
    }
}

/// The parts of a PNG the checks and the PDF writer need, from its chunks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Png {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Bits per sample: 1, 2, 4, 8 or 16.
    pub depth: u8,
    /// Colour type: 0 grey, 2 RGB, 3 palette, 4 grey and alpha, 6 RGBA.
    pub color: u8,
    /// Interlace method: 0 none, 1 Adam7.
    pub interlace: u8,
    /// The `PLTE` chunk's entries (RGB triples).
    pub palette: Vec<u8>,
    /// A `tRNS` chunk (a transparent colour or palette alphas) is present.
    pub transparency: bool,
    /// The `IDAT` chunks' zlib data, joined.
    pub data: Vec<u8>,
}

impl Png {
    /// Samples per pixel for the colour type; `None` for an unknown type.
    pub fn channels(&self) -> Option<u8> {
        match self.color {
            0 | 3 => Some(1),
            2 => Some(3),
            4 => Some(2),
            6 => Some(4),
            _ => None,
        }
    }

    /// The number of bytes the data must inflate to for the declared size, colour type,
    /// depth and interlacing (each row with its filter byte); `None` when the header is
    /// not one a PNG can have or the number does not fit in 64 bits.
    pub fn raw_len(&self) -> Option<u64> {
        let bits = u64::from(self.channels()?) * u64::from(self.depth);
        let row = |w: u64| -> Option<u64> { 1u64.checked_add(w.checked_mul(bits)?.div_ceil(8)) };
        let (w, h) = (u64::from(self.width), u64::from(self.height));
        if self.interlace == 0 {
            return row(w)?.checked_mul(h);
        }
        // Adam7: seven passes, each a reduced image of its own (an empty pass has no rows).
        const PASSES: [(u64, u64, u64, u64); 7] = [
            (0, 0, 8, 8),
            (4, 0, 8, 8),
            (0, 4, 4, 8),
            (2, 0, 4, 4),
            (0, 2, 2, 4),
            (1, 0, 2, 2),
            (0, 1, 1, 2),
        ];
        let mut total = 0u64;
        for (x0, y0, dx, dy) in PASSES {
            let pw = w.saturating_sub(x0).div_ceil(dx);
            let ph = h.saturating_sub(y0).div_ceil(dy);
            if pw > 0 && ph > 0 {
                total = total.checked_add(row(pw)?.checked_mul(ph)?)?;
            }
        }
        Some(total)
    }
}

/// Reads a PNG's chunks up to `IEND`; the error says what is wrong with the file.
pub fn png(bytes: &[u8]) -> Result<Png, String> {
    let damaged = || "the PNG file is damaged".to_string();
    if !bytes.starts_with(PNG_SIGNATURE) {
        return Err("not a PNG file".to_string());
    }
    let mut png = Png::default();
    let mut header = false;
    let mut at = PNG_SIGNATURE.len();
    while let Some(head) = bytes.get(at..at.checked_add(8).ok_or_else(damaged)?) {
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let start = at + 8;
        let end = start.checked_add(len).ok_or_else(damaged)?;
        let body = bytes
            .get(start..end)
            .ok_or_else(|| "the PNG file is cut short (a chunk runs past its end)".to_string())?;
        match &head[4..8] {
            b"IHDR" if body.len() >= 13 => {
                png.width = u32::from_be_bytes([body[0], body[1], body[2], body[3]]);
                png.height = u32::from_be_bytes([body[4], body[5], body[6], body[7]]);
                png.depth = body[8];
                png.color = body[9];
                png.interlace = body[12];
                header = true;
            }
            b"PLTE" => png.palette = body.to_vec(),
            b"tRNS" => png.transparency = true,
            b"IDAT" => png.data.extend_from_slice(body),
            b"IEND" => break,
            _ => {}
        }
        // The chunk's CRC follows its body.
        at = end.checked_add(4).ok_or_else(damaged)?;
    }
    if !header || png.width == 0 || png.height == 0 || png.data.is_empty() {
        return Err(damaged());
    }
    Ok(png)
}

/// A PNG's size from its IHDR chunk, which the format puts first.
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let at = PNG_SIGNATURE.len();
    if bytes.get(at + 4..at + 8)? != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(bytes.get(at + 8..at + 12)?.try_into().ok()?);
    let h = u32::from_be_bytes(bytes.get(at + 12..at + 16)?.try_into().ok()?);
    Some((w, h))
}

/// The frame of a JPEG: the segments after the start-of-image marker are walked until the
/// first start-of-frame (any of SOF0–SOF15 but DHT, JPG and DAC, which share the range).
pub fn jpeg_frame(bytes: &[u8]) -> Option<JpegFrame> {
    let mut at = JPEG_SIGNATURE.len();
    let mut adobe = false;
    while at + 4 <= bytes.len() {
        if bytes[at] != 0xFF {
            return None;
        }
        let marker = bytes[at + 1];
        if marker == 0xFF {
            // A fill byte before a marker.
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
            return Some(JpegFrame {
                height: u16::from_be_bytes([body[1], body[2]]) as u32,
                width: u16::from_be_bytes([body[3], body[4]]) as u32,
                components: body[5],
                adobe,
            });
        }
        at += 2 + len;
    }
    None
}

/// Whether a JPEG's data runs to its end-of-image marker: the segments are walked to the
/// first start-of-scan, and the marker must follow (in scan data a 0xFF byte is always
/// followed by 0x00 or a restart marker, so 0xFF 0xD9 there is the end). A file cut short
/// has none, though a lenient decoder fills its missing rows with grey.
pub fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let mut at = JPEG_SIGNATURE.len();
    while at + 4 <= bytes.len() {
        if bytes[at] != 0xFF {
            return false;
        }
        let marker = bytes[at + 1];
        if marker == 0xFF {
            at += 1;
            continue;
        }
        let end = at + 2 + u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]) as usize;
        if marker == 0xDA {
            return bytes
                .get(end..)
                .is_some_and(|scan| scan.windows(2).any(|w| w == [0xFF, 0xD9]));
        }
        at = end;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A JPEG header: SOI, a fill byte, an Adobe APP14 segment, then a baseline frame of
    /// 300 × 200 pixels in 4 components.
    fn jpeg() -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8, 0xFF];
        b.extend([0xFF, 0xEE, 0x00, 0x07]);
        b.extend(b"Adobe");
        b.extend([0xFF, 0xC0, 0x00, 0x0B, 8, 0x00, 200, 0x01, 0x2C, 4, 0, 0, 0]);
        b
    }

    #[test]
    fn reads_a_jpeg_frame_after_other_segments() {
        let f = jpeg_frame(&jpeg()).expect("a frame");
        assert_eq!(
            f,
            JpegFrame {
                width: 300,
                height: 200,
                components: 4,
                adobe: true
            }
        );
        assert_eq!(pixel_size(&jpeg()), Some((300, 200)));
    }

    #[test]
    fn reads_a_png_size_and_refuses_other_files() {
        let mut png = PNG_SIGNATURE.to_vec();
        png.extend([0, 0, 0, 13]);
        png.extend(b"IHDR");
        png.extend(640u32.to_be_bytes());
        png.extend(480u32.to_be_bytes());
        assert_eq!(pixel_size(&png), Some((640, 480)));
        assert_eq!(pixel_size(b"GIF89a"), None);
        assert_eq!(pixel_size(&jpeg()[..6]), None, "a header cut short");
    }

    #[test]
    fn a_jpeg_without_its_end_marker_is_incomplete() {
        let mut b = jpeg();
        b.extend([0xFF, 0xDA, 0x00, 0x02, 0x12, 0xFF, 0x00, 0x34]);
        assert!(!jpeg_is_complete(&b), "cut short in its scan");
        b.extend([0xFF, 0xD9]);
        assert!(jpeg_is_complete(&b));
    }

    fn header(width: u32, height: u32, color: u8, interlace: u8) -> Png {
        Png {
            width,
            height,
            depth: 8,
            color,
            interlace,
            ..Png::default()
        }
    }

    #[test]
    fn raw_length_follows_the_header() {
        // 3 × 2 RGB: two rows of a filter byte and 9 samples.
        assert_eq!(header(3, 2, 2, 0).raw_len(), Some(20));
        // 1 × 1 interlaced grey: only the first pass has a pixel.
        assert_eq!(header(1, 1, 0, 1).raw_len(), Some(2));
        // 8 × 8 interlaced grey: the seven passes hold 1, 1, 2, 4, 8, 16 and 32 pixels in
        // 1, 1, 1, 2, 2, 4 and 4 rows.
        let rows = 1 + 1 + 1 + 2 + 2 + 4 + 4;
        assert_eq!(header(8, 8, 0, 1).raw_len(), Some(64 + rows));
        assert_eq!(header(3, 2, 5, 0).raw_len(), None, "an unknown colour type");
        let huge = Png {
            depth: 16,
            ..header(u32::MAX, u32::MAX, 6, 0)
        };
        assert_eq!(
            huge.raw_len(),
            None,
            "too large to count: refused, never wrapped"
        );
    }

    #[test]
    fn cut_or_crafted_pngs_are_errors_not_panics() {
        let mut png = PNG_SIGNATURE.to_vec();
        png.extend(u32::MAX.to_be_bytes());
        png.extend(b"IDAT");
        assert!(super::png(&png).is_err());
        assert!(super::png(PNG_SIGNATURE).is_err());
        assert!(super::png(b"GIF89a").is_err());
    }
}
