//! Files other than XHTML that go into the book: the images the pages use (checked and
//! prepared by [`crate::assets`]; each file once, under a name of its own), the default
//! stylesheet and the fonts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::assets::{Format, ImageFile};

/// The default stylesheet, overridden by a collection's own `epub.css` beside its manifest.
pub const DEFAULT_CSS: &str = include_str!("../../templates/epub.css");
/// The rules for bibliographies, added to the default stylesheet of a book that has one
/// (so the stylesheet of a book without citations stays as it was).
pub const BIBLIOGRAPHY_CSS: &str = include_str!("../../templates/bibliography.css");

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
    /// The file's bytes, as the EPUB carries them.
    pub bytes: Arc<Vec<u8>>,
}

/// The images of a book, each file once, in order of first use.
#[derive(Debug, Default)]
pub struct Images {
    list: Vec<Image>,
    by_source: BTreeMap<PathBuf, usize>,
    /// Each image's file and format, by its place in `list`.
    sources: Vec<(PathBuf, Format)>,
}

impl Images {
    /// The images collected so far, in order of first use.
    pub fn list(&self) -> &[Image] {
        &self.list
    }

    /// Adds the checked image `file` (once) and returns its href.
    pub fn add(&mut self, file: &ImageFile) -> String {
        if let Some(&i) = self.by_source.get(&file.path) {
            return self.list[i].href.clone();
        }
        self.push(&file.path, file.epub.format, file.epub.bytes.clone())
    }

    fn push(&mut self, path: &Path, format: Format, bytes: Arc<Vec<u8>>) -> String {
        let href = self.unique_href(path, format);
        self.by_source.insert(path.to_path_buf(), self.list.len());
        self.sources.push((path.to_path_buf(), format));
        self.list.push(Image {
            href: href.clone(),
            media_type: format.media_type(),
            bytes,
        });
        href
    }

    /// Adds the images of `other` (an article's, collected on their own) in their order,
    /// as [`Images::add`] would have while the article was written: then whether each has
    /// here the href it had there, so that what was written with `other` is what would
    /// have been written with these.
    pub fn merge(&mut self, other: &Images) -> bool {
        let mut same = true;
        for (image, (path, format)) in other.list.iter().zip(&other.sources) {
            let href = match self.by_source.get(path) {
                Some(&i) => self.list[i].href.clone(),
                None => self.push(path, *format, image.bytes.clone()),
            };
            same &= href == image.href;
        }
        same
    }

    /// `images/<stem>.<ext>` for the file at `path`, numbered when taken: the file's own
    /// extension when it names `format`, else the format's usual one.
    fn unique_href(&self, path: &Path, format: Format) -> String {
        let stem = safe_name(path.file_stem().and_then(|s| s.to_str()).unwrap_or("image"));
        let own = extension(path);
        let ext = (format.extensions().iter())
            .find(|e| **e == own)
            .unwrap_or(&format.extensions()[0]);
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
    fn names_are_safe_and_unique() {
        assert_eq!(safe_name("Figure 1 (draft)"), "Figure-1--draft-");
        let file = |path: &str, format| ImageFile {
            path: PathBuf::from(path),
            format,
            epub: crate::assets::Encoded {
                format,
                bytes: Arc::new(Vec::new()),
            },
            print: None,
            vector: None,
            animated: false,
        };
        let mut images = Images::default();
        assert_eq!(
            images.add(&file("a/fig.png", Format::Png)),
            "images/fig.png"
        );
        assert_eq!(
            images.add(&file("b/fig.png", Format::Png)),
            "images/fig-2.png"
        );
        assert_eq!(
            images.add(&file("a/fig.png", Format::Png)),
            "images/fig.png"
        );
        assert_eq!(images.add(&file("c/p.jpeg", Format::Jpeg)), "images/p.jpeg");
        assert_eq!(images.list().len(), 3);
    }
}
