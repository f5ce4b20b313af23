//! Raster image headers, read in one place for every backend: the pixel size of a PNG or a
//! JPEG, and a JPEG's frame (size, colour components, Adobe marker), which the PDF writer
//! needs to embed the file as it is.

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
}
