//! The default fonts shipped in `fonts/`, compiled into the binary so that a build needs no
//! installed fonts. Each family's licence sits beside its files.

/// The style of a face within a family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum Style {
    /// Upright, regular weight.
    Regular,
    /// Italic.
    Italic,
    /// Bold.
    Bold,
    /// Bold italic.
    BoldItalic,
}

/// One font file shipped with Folio.
#[derive(Debug, Clone, Copy)]
pub struct Builtin {
    /// Family name.
    pub family: &'static str,
    /// Style within the family.
    pub style: Style,
    /// Path below `fonts/`.
    pub file: &'static str,
    /// The file's bytes.
    pub bytes: &'static [u8],
}

macro_rules! builtin {
    ($family:expr, $style:expr, $file:expr) => {
        Builtin {
            family: $family,
            style: $style,
            file: $file,
            bytes: include_bytes!(concat!("../fonts/", $file)),
        }
    };
}

/// The book serif: Noto Serif, four styles.
pub const SERIF: [Builtin; 4] = [
    builtin!(
        "Noto Serif",
        Style::Regular,
        "noto-serif/NotoSerif-Regular.ttf"
    ),
    builtin!(
        "Noto Serif",
        Style::Italic,
        "noto-serif/NotoSerif-Italic.ttf"
    ),
    builtin!("Noto Serif", Style::Bold, "noto-serif/NotoSerif-Bold.ttf"),
    builtin!(
        "Noto Serif",
        Style::BoldItalic,
        "noto-serif/NotoSerif-BoldItalic.ttf"
    ),
];

/// The monospace for code: Noto Sans Mono.
pub const MONO: Builtin = builtin!(
    "Noto Sans Mono",
    Style::Regular,
    "noto-sans-mono/NotoSansMono-Regular.ttf"
);

/// The broad fallback for characters the others lack: DejaVu Sans.
pub const FALLBACK: Builtin = builtin!("DejaVu Sans", Style::Regular, "dejavu-sans/DejaVuSans.ttf");

/// The math font: TeX Gyre Schola Math (GUST Font License), an OpenType MATH font. Its
/// Century Schoolbook design is of Noto Serif's colour and width (cap height 0.72 em
/// against 0.71, 'n' 0.61 em wide against 0.65, stems alike), so formulas sit in the text
/// without looking lighter or narrower, as the Times-like math fonts do beside it.
pub const MATH: Builtin = builtin!(
    "TeX Gyre Schola Math",
    Style::Regular,
    "tex-gyre-schola-math/texgyreschola-math.otf"
);

/// Every shipped text font, serif first (the math font is apart: see [`MATH`]).
pub fn all() -> Vec<Builtin> {
    let mut v = SERIF.to_vec();
    v.push(MONO);
    v.push(FALLBACK);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_fonts_parse_and_cover_scripts() {
        for f in all() {
            let face = ttf_parser::Face::parse(f.bytes, 0).expect(f.file);
            assert!(face.glyph_index('a').is_some(), "{} lacks Latin", f.file);
        }
        let math = ttf_parser::Face::parse(MATH.bytes, 0).expect(MATH.file);
        let table = math.tables().math.expect("the math font has a MATH table");
        assert!(table.constants.is_some() && table.variants.is_some());
        assert!(math.glyph_index('∑').is_some() && math.glyph_index('𝑥').is_some());
        let serif = ttf_parser::Face::parse(SERIF[0].bytes, 0).unwrap();
        for c in ['ж', 'Ω', 'é', '“'] {
            assert!(serif.glyph_index(c).is_some(), "Noto Serif lacks {c}");
        }
    }
}
