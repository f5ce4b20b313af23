//! `[print]` and `[epub]` settings with their defaults, in one place.

use std::path::Path;

use super::length::{parse_length, parse_trim, PT_PER_IN};
use super::raw::{RawPrint, Text};
use super::Source;
use crate::diag::{Diagnostics, Span};
use crate::files::{Kind, Root};
use crate::fontfile::FontFile;

/// Printer presets: what the PDF is made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Preset {
    /// Amazon KDP: bleed, no marks, fonts embedded whole.
    Kdp,
    /// IngramSpark: bleed, PDF/X-4 output intent, page count padded to even.
    Ingram,
    /// A proof for reading: crop marks and a slug line.
    Proof,
    /// Reading on screen: no bleed, coloured links.
    Screen,
}

impl Preset {
    /// All presets with their manifest names.
    pub const ALL: [(&'static str, Preset); 4] = [
        ("kdp", Preset::Kdp),
        ("ingram", Preset::Ingram),
        ("proof", Preset::Proof),
        ("screen", Preset::Screen),
    ];

    /// The preset's manifest name.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, p)| *p == self)
            .map(|(n, _)| *n)
            .unwrap_or("kdp")
    }

    /// The bleed this preset uses when the manifest gives none, in points.
    pub fn default_bleed(self) -> f64 {
        match self {
            Preset::Screen => 0.0,
            _ => 0.125 * PT_PER_IN,
        }
    }
}

/// How figures and tables are numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum FigureNumbers {
    /// From 1 in each article ("Figure 2").
    Article,
    /// By article within the book ("Figure 3.2": the third article's second figure).
    Book,
}

/// Which pages articles open on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum OpenOn {
    /// Every article opens on a right-hand (odd) page.
    Recto,
    /// Articles open on the next page.
    Any,
}

/// Font files named in `[print]`, read and checked when the manifest is loaded. `None`
/// means the default shipped in `fonts/`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct FontFiles {
    /// Upright text face.
    pub regular: Option<FontFile>,
    /// Italic.
    pub italic: Option<FontFile>,
    /// Bold.
    pub bold: Option<FontFile>,
    /// Bold italic.
    pub bold_italic: Option<FontFile>,
    /// Monospace for code.
    pub mono: Option<FontFile>,
}

/// The print edition's settings. Lengths are in points.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PrintSettings {
    /// Trim width.
    pub trim_width: f64,
    /// Trim height.
    pub trim_height: f64,
    /// Bleed beyond the trim on every side.
    pub bleed: f64,
    /// The printer preset.
    pub preset: Preset,
    /// Where articles open.
    pub open: OpenOn,
    /// Body type size.
    pub font_size: f64,
    /// Baseline-to-baseline distance of body text.
    pub leading: f64,
    /// Inner (gutter) margin.
    pub margin_inner: f64,
    /// Outer margin.
    pub margin_outer: f64,
    /// Top margin (above the running head's baseline area).
    pub margin_top: f64,
    /// Bottom margin (the folio sits in it).
    pub margin_bottom: f64,
    /// Other font files.
    pub fonts: FontFiles,
    /// Words with their allowed break points marked by `-` ("ta-ble").
    pub hyphenation_exceptions: Vec<String>,
    /// How figures and tables are numbered (`number-figures = "article"` or `"book"`).
    pub number_figures: FigureNumbers,
    /// Lists of figures and tables after the contents (`list-of-figures = true`), in print
    /// and in the EPUB's navigation.
    pub list_of_figures: bool,
    /// Write a tagged PDF (PDF/UA-1): its structure tree for screen readers. On unless
    /// `tagged = false`.
    pub tagged: bool,
}

impl Default for PrintSettings {
    fn default() -> Self {
        PrintSettings {
            trim_width: 6.0 * PT_PER_IN,
            trim_height: 9.0 * PT_PER_IN,
            bleed: Preset::Kdp.default_bleed(),
            preset: Preset::Kdp,
            open: OpenOn::Recto,
            font_size: 10.5,
            leading: 13.5,
            margin_inner: 0.75 * PT_PER_IN,
            margin_outer: 0.625 * PT_PER_IN,
            margin_top: 0.75 * PT_PER_IN,
            margin_bottom: 0.75 * PT_PER_IN,
            fonts: FontFiles::default(),
            hyphenation_exceptions: Vec::new(),
            number_figures: FigureNumbers::Article,
            list_of_figures: false,
            tagged: true,
        }
    }
}

/// `[epub]` settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct EpubSettings {
    /// Embed the fonts from `fonts/` in the EPUB.
    pub embed_fonts: bool,
    /// Append each article's numbered reference list.
    pub reference_list: bool,
    /// Mark where each page of the print edition begins, with a page-list in the navigation
    /// (by default when the book has a print ISBN: a print edition readers cite).
    pub page_list: bool,
}

/// Validates `[print]` and fills in defaults; bad values are errors at their line.
pub(super) fn resolve_print(
    raw: &RawPrint,
    src: &Source,
    root: &Path,
    sandbox: &Root,
    diags: &mut Diagnostics,
) -> PrintSettings {
    let mut s = PrintSettings::default();
    if let Some(p) = &raw.preset {
        match Preset::ALL.iter().find(|(n, _)| n == p.get_ref()) {
            Some((_, preset)) => s.preset = *preset,
            None => diags.error(
                src.span(p),
                format!("unknown print preset `{}`", p.get_ref()),
                "use one of kdp, ingram, proof, screen",
            ),
        }
    }
    s.bleed = s.preset.default_bleed();
    if let Some(t) = &raw.trim {
        match parse_trim(t.get_ref()) {
            Ok((w, h)) => (s.trim_width, s.trim_height) = (w, h),
            Err(e) => diags.error(src.span(t), e, "for example trim = \"6in x 9in\" or \"a5\""),
        }
    }
    let mut length = |value: &Option<Text>, field: &mut f64| {
        if let Some(v) = value {
            match parse_length(v.get_ref()) {
                Ok(x) => *field = x,
                Err(e) => diags.error(src.span(v), e, "for example \"0.125in\" or \"3mm\""),
            }
        }
    };
    length(&raw.bleed, &mut s.bleed);
    length(&raw.margin_inner, &mut s.margin_inner);
    length(&raw.margin_outer, &mut s.margin_outer);
    length(&raw.margin_top, &mut s.margin_top);
    length(&raw.margin_bottom, &mut s.margin_bottom);
    if let Some(o) = &raw.open {
        match o.get_ref().as_str() {
            "recto" => s.open = OpenOn::Recto,
            "any" => s.open = OpenOn::Any,
            other => diags.error(
                src.span(o),
                format!("`open = \"{other}\"` is not recto or any"),
                "use \"recto\" or \"any\"",
            ),
        }
    }
    type_size(raw, src, &mut s, diags);
    s.fonts = fonts(raw, src, root, sandbox, diags);
    s.hyphenation_exceptions = raw.hyphenation_exceptions.clone();
    if let Some(n) = &raw.number_figures {
        match n.get_ref().as_str() {
            "article" => s.number_figures = FigureNumbers::Article,
            "book" => s.number_figures = FigureNumbers::Book,
            other => diags.error(
                src.span(n),
                format!("`number-figures = \"{other}\"` is not article or book"),
                "use \"article\" (Figure 2) or \"book\" (Figure 3.2)",
            ),
        }
    }
    s.list_of_figures = raw.list_of_figures;
    s.tagged = raw.tagged.unwrap_or(true);
    geometry(raw, src, &s, diags);
    s
}

/// The largest trim side Folio accepts: no book printer takes more (posters aside).
pub const MAX_TRIM_IN: f64 = 48.0;
/// The largest bleed: printers ask for 0.125in (3mm); more than an inch is a mistake.
pub const MAX_BLEED_IN: f64 = 1.0;
/// The narrowest text block, in ems of the body type: below about 12 ems (some 25
/// characters) a justified line has too few spaces to take up the slack.
pub const MIN_MEASURE_EM: f64 = 12.0;
/// The shortest text block, in body lines: fewer cannot hold a heading, the lines it keeps
/// with it and a note.
pub const MIN_BLOCK_LINES: f64 = 10.0;

/// Trim, bleed, margins and type size that leave no sane text block are errors naming the
/// keys involved, at the first of them the manifest gives.
fn geometry(raw: &RawPrint, src: &Source, s: &PrintSettings, diags: &mut Diagnostics) {
    let at = |keys: &[&Option<Text>]| {
        keys.iter()
            .find_map(|k| k.as_ref().map(|v| src.span(v)))
            .unwrap_or_else(|| Span::file(src.path))
    };
    let inches = |pt: f64| pt / PT_PER_IN;
    if s.trim_width.max(s.trim_height) > MAX_TRIM_IN * PT_PER_IN {
        diags.error(
            at(&[&raw.trim]),
            format!(
                "the trim {:.2}in x {:.2}in is larger than any book printer takes ({MAX_TRIM_IN}in)",
                inches(s.trim_width),
                inches(s.trim_height)
            ),
            "for example trim = \"6in x 9in\" or \"a5\"",
        );
    }
    if s.bleed > MAX_BLEED_IN * PT_PER_IN {
        diags.error(
            at(&[&raw.bleed]),
            format!(
                "a bleed of {:.3}in is more than {MAX_BLEED_IN}in",
                inches(s.bleed)
            ),
            "printers ask for 0.125in (3mm)",
        );
    }
    let measure = s.trim_width - s.margin_inner - s.margin_outer;
    let min_measure = (MIN_MEASURE_EM * s.font_size).max(PT_PER_IN);
    if measure < min_measure {
        diags.error(
            at(&[&raw.trim, &raw.margin_inner, &raw.margin_outer]),
            format!(
                "the text block is {:.2}in wide (`trim` less `margin-inner` and `margin-outer`), narrower than {MIN_MEASURE_EM} ems of the {} pt type ({:.2}in)",
                inches(measure),
                s.font_size,
                inches(min_measure)
            ),
            "choose a wider trim, narrower margins or a smaller `font-size`",
        );
    }
    let height = s.trim_height - s.margin_top - s.margin_bottom;
    let min_height = MIN_BLOCK_LINES * s.leading;
    if height < min_height {
        diags.error(
            at(&[&raw.trim, &raw.margin_top, &raw.margin_bottom]),
            format!(
                "the text block is {:.2}in high (`trim` less `margin-top` and `margin-bottom`), room for fewer than {MIN_BLOCK_LINES} lines at a leading of {} pt",
                inches(height),
                s.leading
            ),
            "choose a taller trim, smaller top and bottom margins, or a smaller `font-size` or `leading`",
        );
    }
}

/// `font-size` and `leading`, each checked at its own line.
fn type_size(raw: &RawPrint, src: &Source, s: &mut PrintSettings, diags: &mut Diagnostics) {
    if let Some(size) = &raw.font_size {
        let size_pt = *size.get_ref();
        if (6.0..=24.0).contains(&size_pt) {
            s.font_size = size_pt;
            s.leading = (size_pt * 1.3 * 4.0).round() / 4.0;
        } else {
            diags.error(
                src.span(size),
                format!("font-size {size_pt} is outside 6–24 pt"),
                "body type is usually 9.5–12 pt",
            );
        }
    }
    if let Some(l) = &raw.leading {
        let l_pt = *l.get_ref();
        if l_pt >= s.font_size && l_pt <= s.font_size * 2.5 {
            s.leading = l_pt;
        } else {
            diags.error(
                src.span(l),
                format!("leading {l_pt} must be between the font size and 2.5 times it"),
                "leading is usually 1.2–1.35 × the type size",
            );
        }
    }
}

/// The font files `[print]` names, each found at its line or reported there.
fn fonts(
    raw: &RawPrint,
    src: &Source,
    root: &Path,
    sandbox: &Root,
    diags: &mut Diagnostics,
) -> FontFiles {
    let mut font = |value: &Option<Text>| -> Option<FontFile> {
        let v = value.as_ref()?;
        let p = root.join(v.get_ref());
        let bytes = match sandbox.read(&p, Kind::Font) {
            Ok(b) => b,
            Err(problem) => {
                diags.error(src.span(v), problem.message(Kind::Font, &p), problem.hint());
                return None;
            }
        };
        match FontFile::new(p.clone(), bytes) {
            Ok(f) => Some(f),
            Err(why) => {
                diags.error(
                    src.span(v),
                    format!("the font {} {why}", p.display()),
                    "use an intact TrueType or OpenType file (.ttf, .otf)",
                );
                None
            }
        }
    };
    FontFiles {
        regular: font(&raw.font_regular),
        italic: font(&raw.font_italic),
        bold: font(&raw.font_bold),
        bold_italic: font(&raw.font_bold_italic),
        mono: font(&raw.font_mono),
    }
}
