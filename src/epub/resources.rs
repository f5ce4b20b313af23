//! Files other than XHTML that go into the book: images (found relative to the article that
//! uses them, checked, given their media type), the cover, the stylesheet and the fonts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostics, Span};
use crate::model::Pos;

/// The default stylesheet, overridable by an `epub.css` beside the manifest.
pub const DEFAULT_CSS: &str = include_str!("../../templates/epub.css");
/// The rules for bibliographies, added to the default stylesheet of a book that has one
/// (so the stylesheet of a book without citations stays as it was).
pub const BIBLIOGRAPHY_CSS: &str = include_str!("../../templates/bibliography.css");

/// The file name of a collection's own stylesheet, beside its manifest.
pub const CSS_OVERRIDE: &str = "epub.css";

/// Folder of images inside the content folder.
pub const IMAGE_DIR: &str = "images";

/// Folder of fonts inside the content folder.
pub const FONT_DIR: &str = "fonts";

/// An image copied into the book.
#[derive(Debug, Clone)]
pub struct Image {
    /// Path relative to the content folder, e.g. `images/figure.png`.
    pub href: String,
    /// Its media type.
    pub media_type: &'static str,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// Image media types EPUB 3 readers must support, by file extension, with the bytes every
/// such file starts with (`None`: a text format not checked by signature).
const IMAGE_TYPES: [(&str, &str, Option<&[u8]>); 6] = [
    ("png", "image/png", Some(b"\x89PNG")),
    ("jpg", "image/jpeg", Some(b"\xFF\xD8")),
    ("jpeg", "image/jpeg", Some(b"\xFF\xD8")),
    ("gif", "image/gif", Some(b"GIF8")),
    ("webp", "image/webp", Some(b"RIFF")),
    ("svg", "image/svg+xml", None),
];

/// The images of a book, each file once, in order of first use.
#[derive(Debug, Default)]
pub struct Images {
    list: Vec<Image>,
    by_source: BTreeMap<PathBuf, usize>,
}

impl Images {
    /// The images collected so far, in order of first use.
    pub fn list(&self) -> &[Image] {
        &self.list
    }

    /// Whether `src` names an image on the web rather than a file.
    pub fn is_remote(src: &str) -> bool {
        let lower = src.trim().to_ascii_lowercase();
        lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")
    }

    /// Adds the image `src` used by the article at `article` (line `pos`) and returns its
    /// href, or reports an error (missing, unreadable, or not an image EPUB allows).
    pub fn add(
        &mut self,
        article: &Path,
        src: &str,
        pos: Pos,
        diags: &mut Diagnostics,
    ) -> Option<String> {
        let base = article.parent().unwrap_or(Path::new("."));
        let path = base.join(percent_decode(src.trim()));
        let span = Span::at(article, pos);
        self.add_file(&path, &span, diags)
    }

    /// Adds the image file at `path` (e.g. the cover); `span` is where it was named.
    pub fn add_file(
        &mut self,
        path: &Path,
        span: &Span,
        diags: &mut Diagnostics,
    ) -> Option<String> {
        let key = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        if let Some(&i) = self.by_source.get(&key) {
            return Some(self.list[i].href.clone());
        }
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                diags.error(
                    span.clone(),
                    format!("image not found: {} ({e})", path.display()),
                    "check the path; an image's path is relative to the file that names it",
                );
                return None;
            }
        };
        let media_type = media_type(path, &bytes, span, diags)?;
        let href = self.unique_href(path);
        self.by_source.insert(key, self.list.len());
        self.list.push(Image {
            href: href.clone(),
            media_type,
            bytes,
        });
        Some(href)
    }

    fn unique_href(&self, path: &Path) -> String {
        let stem = safe_name(path.file_stem().and_then(|s| s.to_str()).unwrap_or("image"));
        let ext = extension(path);
        let mut n = 1;
        loop {
            let name = if n == 1 {
                format!("{IMAGE_DIR}/{stem}.{ext}")
            } else {
                format!("{IMAGE_DIR}/{stem}-{n}.{ext}")
            };
            if !self.list.iter().any(|i| i.href == name) {
                return name;
            }
            n += 1;
        }
    }
}

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// The media type of an image file, checked against the file's first bytes.
fn media_type(
    path: &Path,
    bytes: &[u8],
    span: &Span,
    diags: &mut Diagnostics,
) -> Option<&'static str> {
    let ext = extension(path);
    let Some((_, media, magic)) = IMAGE_TYPES.iter().find(|(e, _, _)| *e == ext) else {
        diags.error(
            span.clone(),
            format!(
                "{}: `.{ext}` is not an image type EPUB readers support",
                path.display()
            ),
            "convert it to PNG, JPEG, GIF, WebP or SVG",
        );
        return None;
    };
    if let Some(magic) = magic {
        if !bytes.starts_with(magic) {
            diags.error(
                span.clone(),
                format!(
                    "{}: the file is not a {media} image, whatever its name says",
                    path.display()
                ),
                "save the image again in the format its extension names",
            );
            return None;
        }
    }
    Some(media)
}

/// Letters, digits, `-` and `_` of `s` (ASCII only), so hrefs need no escaping.
fn safe_name(s: &str) -> String {
    let out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if out.trim_matches('-').is_empty() {
        "image".to_string()
    } else {
        out
    }
}

/// Decodes `%XX` escapes (as in `my%20figure.png`); anything malformed is kept as written.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// The stylesheet for `root`'s collection: its `epub.css` if present, else the default.
pub fn stylesheet(root: &Path, diags: &mut Diagnostics) -> String {
    let path = root.join(CSS_OVERRIDE);
    if !path.is_file() {
        return DEFAULT_CSS.to_string();
    }
    match std::fs::read_to_string(&path) {
        Ok(css) => css,
        Err(e) => {
            diags.warning(
                Span::file(&path),
                format!("cannot read the collection's stylesheet ({e}); using the default"),
                "make the file readable UTF-8 text, or remove it",
            );
            DEFAULT_CSS.to_string()
        }
    }
}

/// A font embedded in the book.
#[derive(Debug, Clone)]
pub struct Font {
    /// Path relative to the content folder.
    pub href: String,
    /// The file's bytes.
    pub bytes: &'static [u8],
}

/// The shipped fonts with the `@font-face` rules that name them (hrefs relative to the
/// stylesheet folder `css/`).
pub fn fonts() -> (Vec<Font>, String) {
    use crate::fonts::Style;
    let mut css =
        String::from("/* Fonts shipped with Folio, embedded by `[epub] embed-fonts`. */\n");
    let mut list = Vec::new();
    for f in crate::fonts::all() {
        let name = f.file.rsplit('/').next().unwrap_or(f.file);
        let href = format!("{FONT_DIR}/{name}");
        let (style, weight) = match f.style {
            Style::Regular => ("normal", "normal"),
            Style::Italic => ("italic", "normal"),
            Style::Bold => ("normal", "bold"),
            Style::BoldItalic => ("italic", "bold"),
        };
        css.push_str(&format!(
            "@font-face {{\n  font-family: \"{}\";\n  font-style: {style};\n  font-weight: {weight};\n  src: url(\"../{href}\");\n}}\n",
            f.family
        ));
        list.push(Font {
            href,
            bytes: f.bytes,
        });
    }
    (list, css)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_escapes() {
        assert_eq!(percent_decode("my%20figure.png"), "my figure.png");
        assert_eq!(percent_decode("100%.png"), "100%.png");
        assert_eq!(safe_name("Figure 1 (draft)"), "Figure-1--draft-");
    }

    #[test]
    fn missing_image_is_an_error_with_its_line() {
        let mut images = Images::default();
        let mut diags = Diagnostics::new();
        let got = images.add(
            Path::new("/nowhere/a.md"),
            "pic.png",
            Pos::new(7, 3),
            &mut diags,
        );
        assert!(got.is_none());
        let d = &diags.items()[0];
        assert_eq!(d.span.line, 7);
        assert!(d.message.contains("image not found"), "{}", d.message);
    }
}
