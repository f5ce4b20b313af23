//! `cover`: the cover image's path, or a `[cover]` table with the image and the print cover
//! spread's settings (paper, colours, a front image for print only, the back's text).

use std::path::Path;

use super::raw::{RawCover, RawCoverEntry, Text};
use super::{NamedFile, Source};
use crate::diag::{Diagnostics, Span};

/// The interior paper, which sets the spine's width per page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Paper {
    /// Black-and-white interior on white paper.
    White,
    /// Black-and-white interior on cream paper.
    Cream,
    /// Standard colour interior.
    ColorStandard,
    /// Premium colour interior.
    ColorPremium,
}

impl Paper {
    /// Every paper with its manifest name.
    pub const ALL: [(&'static str, Paper); 4] = [
        ("white", Paper::White),
        ("cream", Paper::Cream),
        ("color-standard", Paper::ColorStandard),
        ("color-premium", Paper::ColorPremium),
    ];
}

/// A colour given as `#rrggbb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Reads `#rrggbb` (or `#rgb`).
    pub fn parse(s: &str) -> Option<Rgb> {
        let hex = s.trim().strip_prefix('#')?;
        let long: String = match hex.len() {
            3 => hex.chars().flat_map(|c| [c, c]).collect(),
            6 => hex.to_string(),
            _ => return None,
        };
        let byte = |i: usize| u8::from_str_radix(long.get(i..i + 2)?, 16).ok();
        Some(Rgb(byte(0)?, byte(2)?, byte(4)?))
    }
}

/// The default background of a cover: a deep ink blue, dark enough that light type on it
/// reads at thumbnail size, and printed the same across the spine.
pub const DEFAULT_BACKGROUND: Rgb = Rgb(0x1f, 0x2c, 0x45);
/// The default foreground: a warm paper white.
pub const DEFAULT_FOREGROUND: Rgb = Rgb(0xf7, 0xf2, 0xe6);

/// The `[cover]` table's print settings.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CoverSettings {
    /// The interior paper.
    pub paper: Paper,
    /// Background of the whole spread.
    pub background: Rgb,
    /// Colour of the type.
    pub foreground: Rgb,
    /// An image for the printed front only (else the book's cover image is used).
    pub front_image: Option<NamedFile>,
    /// The back's text in markdown (else the description), with its place.
    pub back_text: Option<(String, Span)>,
    /// Where the table is.
    pub span: Span,
}

impl CoverSettings {
    /// The settings of a print cover the manifest does not describe (`--format cover`).
    pub fn defaults(span: Span) -> Self {
        CoverSettings {
            paper: Paper::White,
            background: DEFAULT_BACKGROUND,
            foreground: DEFAULT_FOREGROUND,
            front_image: None,
            back_text: None,
            span,
        }
    }
}

/// The cover image and, for a `[cover]` table, the print cover's settings.
pub(super) fn resolve(
    entry: Option<&toml::Spanned<RawCoverEntry>>,
    src: &Source,
    root: &Path,
    diags: &mut Diagnostics,
) -> (Option<NamedFile>, Option<CoverSettings>) {
    let Some(entry) = entry else {
        return (None, None);
    };
    let named = |t: &Text| NamedFile {
        path: root.join(t.get_ref()),
        span: src.span(t),
    };
    match entry.get_ref() {
        RawCoverEntry::Image(path) => {
            if path.trim().is_empty() {
                diags.error(
                    src.span(entry),
                    "`cover` is empty",
                    "give it a value, or remove the key",
                );
                return (None, None);
            }
            let image = NamedFile {
                path: root.join(path),
                span: src.span(entry),
            };
            (Some(image), None)
        }
        RawCoverEntry::Table(t) => {
            let settings = settings(t, src, src.span(entry), &named, diags);
            (t.image.as_ref().map(named), Some(settings))
        }
    }
}

fn settings(
    t: &RawCover,
    src: &Source,
    span: Span,
    named: &dyn Fn(&Text) -> NamedFile,
    diags: &mut Diagnostics,
) -> CoverSettings {
    let mut s = CoverSettings::defaults(span);
    for (key, value) in [
        ("image", &t.image),
        ("front-image", &t.front_image),
        ("back-text", &t.back_text),
    ] {
        if value
            .as_ref()
            .is_some_and(|v| v.get_ref().trim().is_empty())
        {
            diags.error(
                src.span(value.as_ref().expect("checked")),
                format!("`cover.{key}` is empty"),
                "give it a value, or remove the key",
            );
        }
    }
    if let Some(p) = &t.paper {
        match Paper::ALL.iter().find(|(n, _)| n == p.get_ref()) {
            Some((_, paper)) => s.paper = *paper,
            None => diags.error(
                src.span(p),
                format!("unknown paper `{}`", p.get_ref()),
                "use one of white, cream, color-standard, color-premium",
            ),
        }
    }
    let mut colour = |value: &Option<Text>, field: &mut Rgb| {
        if let Some(v) = value {
            match Rgb::parse(v.get_ref()) {
                Some(c) => *field = c,
                None => diags.error(
                    src.span(v),
                    format!("`{}` is not a colour", v.get_ref()),
                    "write it as \"#rrggbb\", for example \"#1f2c45\"",
                ),
            }
        }
    };
    colour(&t.background, &mut s.background);
    colour(&t.foreground, &mut s.foreground);
    s.front_image = t.front_image.as_ref().map(named);
    s.back_text = (t.back_text.as_ref()).map(|b| (b.get_ref().clone(), src.span(b)));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_read_long_and_short_hex() {
        assert_eq!(Rgb::parse("#1f2c45"), Some(Rgb(0x1f, 0x2c, 0x45)));
        assert_eq!(Rgb::parse("#fff"), Some(Rgb(255, 255, 255)));
        assert_eq!(Rgb::parse("1f2c45"), None);
        assert_eq!(Rgb::parse("#12345g"), None);
    }
}
