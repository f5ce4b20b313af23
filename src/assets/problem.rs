//! Why an image cannot be used, worded once for both outputs: each problem has one message
//! and one hint, whichever output would have met it.

use std::path::Path;

use crate::files::{self, Kind};

/// The most pixels an image may have (width × height): 100 megapixels, more than a
/// full-bleed spread of the largest trim at 600 dpi needs, and still an image that decodes
/// in well under a gigabyte.
pub const MAX_PIXELS: u64 = 100_000_000;

/// Why an image (or the cover) cannot be used.
#[derive(Debug)]
pub enum Problem {
    /// The reference names no file (`![alt]()`).
    NoPath,
    /// A `data:` URL.
    DataUrl,
    /// An image on the web.
    Remote,
    /// The file cannot be opened or read (missing, outside the root, not a regular file,
    /// over the size cap).
    File(files::Problem),
    /// The file is empty.
    Empty,
    /// The file is in no format Folio takes (what it looks like, when known).
    Unsupported(Option<&'static str>),
    /// The file does not decode (what the decoder said).
    Damaged(String),
    /// The data does not hold the pixels the header declares.
    SizeMismatch(String),
    /// The image has more pixels than [`MAX_PIXELS`].
    TooManyPixels {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// An SVG that does not parse or cannot be drawn (what the parser said).
    BadSvg(String),
}

impl Problem {
    /// The message for the image named `src`, found at `path` (when it is a file).
    pub fn message(&self, src: &str, path: Option<&Path>) -> String {
        let shown = path.map_or_else(|| src.to_string(), |p| p.display().to_string());
        match self {
            Problem::NoPath => "an image names no file".to_string(),
            Problem::DataUrl => {
                "image is a `data:` URL; Folio takes images as files beside the article".into()
            }
            Problem::Remote => format!(
                "image `{src}` is on the web: the print edition cannot fetch it, and an EPUB may not link to it"
            ),
            Problem::File(p) => p.message(Kind::Image, Path::new(&shown)),
            Problem::Empty => format!("image {shown} is empty"),
            Problem::Unsupported(Some(what)) => format!(
                "image {shown} is {what}, which neither output takes"
            ),
            Problem::Unsupported(None) => format!(
                "image {shown} is not in an image format Folio takes"
            ),
            Problem::Damaged(why) => format!("image {shown} is damaged: {why}"),
            Problem::SizeMismatch(why) => format!("image {shown} {why}"),
            Problem::TooManyPixels { width, height } => format!(
                "image {shown} is {width} × {height} pixels ({:.0} megapixels), over the {} megapixels Folio takes",
                *width as f64 * *height as f64 / 1e6,
                MAX_PIXELS / 1_000_000
            ),
            Problem::BadSvg(why) => format!("SVG {shown} cannot be read: {why}"),
        }
    }

    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            Problem::NoPath => {
                "put the image's path between the parentheses: ![what it shows](path)"
            }
            Problem::DataUrl => {
                "save the image as a PNG or JPEG file beside the article and name that file"
            }
            Problem::Remote => "download the image beside the article and use its relative path",
            Problem::File(p) => p.hint(),
            Problem::Empty | Problem::Damaged(_) | Problem::SizeMismatch(_) => {
                "export the image again from its source"
            }
            Problem::Unsupported(_) => "convert it to PNG or JPEG",
            Problem::TooManyPixels { .. } => {
                "scale it down: 300 dpi at its printed size is all a printer uses"
            }
            Problem::BadSvg(_) => "export the SVG again from its source, or use a PNG",
        }
    }
}
