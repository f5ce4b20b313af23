//! The cover spread's geometry: the spine's width from the page count and the paper, per
//! printer, and each printer's safe zones. Pure arithmetic, in points.
//!
//! Where each figure comes from (also listed in README.md, "The print cover"):
//!
//! - KDP paper thickness per page, in inches: white 0.002252, cream 0.0025, standard colour
//!   0.002252, premium colour 0.002347 (KDP's "Paperback cover" help page and its cover
//!   calculator, as quoted by kdpprintcover.com and kidillus.com; Amazon's own page was not
//!   among the stored pages, so these are the figures as others quote it).
//! - KDP spine text from 80 pages (KDP help: "books with more than 79 pages", as quoted by
//!   kdpeasy.com), at least 0.0625 in clear of each fold. Text 0.25 in inside the trim
//!   (kdpprintcover.com, "KDP Cover Safe Margins Explained"; others quote 0.125 in, or
//!   0.375 in from the bleed edge, which is the same 0.25 in: we keep the larger).
//! - IngramSpark: its own help pages and File Creation Guide in the stored pages give no
//!   per-page thickness. We use 0.002252 in (white, and standard colour on the same stock)
//!   and 0.0025 in (cream), the figures cambric.pages.dev gives for IngramSpark, and KDP's
//!   0.002347 in for premium colour, for want of any Ingram figure. Check the width
//!   against Ingram's cover template generator before a first upload.
//! - IngramSpark safe zone 0.25 in from the trim ("for cover art, we recommend at least
//!   .25” from the trim mark for perfect bound books", help.ingramspark.com, "Manufacturing
//!   and File Setup Tips"); its allowed 1/16 in (0.0625 in) shift at the spine folds (same
//!   page); spine text only from a 0.35 in spine (Lightning Source, "Guide for Acceptable
//!   Variations in Production": text on spines narrower than 0.35 in may shift off them).

use crate::manifest::cover::Paper;
use crate::manifest::length::PT_PER_IN;
use crate::manifest::Preset;

/// Whose rules the cover follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Printer {
    /// Amazon KDP (also used for the proof and screen presets).
    Kdp,
    /// IngramSpark / Lightning Source.
    Ingram,
}

impl Printer {
    /// The printer a print preset is made for.
    pub fn for_preset(p: Preset) -> Printer {
        match p {
            Preset::Ingram => Printer::Ingram,
            Preset::Kdp | Preset::Proof | Preset::Screen => Printer::Kdp,
        }
    }

    /// Thickness of one page (half a leaf), in inches.
    pub fn inches_per_page(self, paper: Paper) -> f64 {
        match (self, paper) {
            (Printer::Kdp, Paper::White | Paper::ColorStandard) => 0.002252,
            (Printer::Kdp, Paper::Cream) => 0.0025,
            (Printer::Kdp, Paper::ColorPremium) => 0.002347,
            (Printer::Ingram, Paper::White | Paper::ColorStandard) => 0.002252,
            (Printer::Ingram, Paper::Cream) => 0.0025,
            (Printer::Ingram, Paper::ColorPremium) => 0.002347,
        }
    }

    /// The spine's width for `pages` interior pages, in points.
    pub fn spine_width(self, pages: usize, paper: Paper) -> f64 {
        pages as f64 * self.inches_per_page(paper) * PT_PER_IN
    }

    /// Whether the printer takes text on a spine of `pages` pages, `spine` points wide.
    pub fn spine_text_allowed(self, pages: usize, spine: f64) -> bool {
        match self {
            Printer::Kdp => pages >= KDP_SPINE_TEXT_PAGES,
            Printer::Ingram => spine >= INGRAM_SPINE_TEXT_IN * PT_PER_IN,
        }
    }

    /// How far text and the barcode stay inside the trim, in points.
    pub fn safe_from_trim(self) -> f64 {
        match self {
            Printer::Kdp | Printer::Ingram => 0.25 * PT_PER_IN,
        }
    }
}

/// KDP prints spine text from this many pages.
pub const KDP_SPINE_TEXT_PAGES: usize = 80;
/// Ingram's narrowest spine for text, in inches.
pub const INGRAM_SPINE_TEXT_IN: f64 = 0.35;
/// How far spine text stays from each fold: the 1/16 in both printers allow the cover to
/// shift by when it is bound.
pub const SPINE_FOLD_CLEAR_IN: f64 = 0.0625;
/// How far front and back text stays from the spine folds: 0.125 in, twice the shift both
/// printers allow at the fold.
pub const PANEL_FOLD_CLEAR_IN: f64 = 0.125;

/// A rectangle in the spread's trim coordinates (y down from the top edge).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Area {
    /// Whether `other` lies inside this area (within a hundredth of a point).
    pub fn contains(&self, other: &Area) -> bool {
        const EPS: f64 = 0.01;
        other.x >= self.x - EPS
            && other.y >= self.y - EPS
            && other.x + other.w <= self.x + self.w + EPS
            && other.y + other.h <= self.y + self.h + EPS
    }

    /// The horizontal centre.
    pub fn center_x(&self) -> f64 {
        self.x + self.w / 2.0
    }
}

/// The cover spread: back, spine and front side by side, with the bleed around them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// Whose rules apply.
    pub printer: Printer,
    /// The interior's page count.
    pub pages: usize,
    /// Trim width of one panel (the book's trim width).
    pub trim_width: f64,
    /// Trim height.
    pub trim_height: f64,
    /// Spine width.
    pub spine: f64,
    /// Bleed on every outer edge.
    pub bleed: f64,
}

impl Spread {
    /// The spread of a book of `pages` pages on `paper`.
    pub fn new(printer: Printer, pages: usize, paper: Paper, trim: (f64, f64), bleed: f64) -> Self {
        Spread {
            printer,
            pages,
            trim_width: trim.0,
            trim_height: trim.1,
            spine: printer.spine_width(pages, paper),
            bleed,
        }
    }

    /// The trimmed spread's width: back + spine + front.
    pub fn width(&self) -> f64 {
        2.0 * self.trim_width + self.spine
    }

    /// The whole sheet with bleed: (width, height).
    pub fn media(&self) -> (f64, f64) {
        (
            self.width() + 2.0 * self.bleed,
            self.trim_height + 2.0 * self.bleed,
        )
    }

    /// The x of the fold between back and spine.
    pub fn back_fold(&self) -> f64 {
        self.trim_width
    }

    /// The x of the fold between spine and front.
    pub fn front_fold(&self) -> f64 {
        self.trim_width + self.spine
    }

    /// The front panel with its bleed (top, bottom and outer edge), where a cover image
    /// goes.
    pub fn front_with_bleed(&self) -> Area {
        Area {
            x: self.front_fold(),
            y: -self.bleed,
            w: self.trim_width + self.bleed,
            h: self.trim_height + 2.0 * self.bleed,
        }
    }

    fn panel_safe(&self, left: f64, right: f64) -> Area {
        let t = self.printer.safe_from_trim();
        Area {
            x: left,
            y: t,
            w: right - left,
            h: self.trim_height - 2.0 * t,
        }
    }

    /// Where the back's text and barcode may go.
    pub fn back_safe(&self) -> Area {
        let t = self.printer.safe_from_trim();
        self.panel_safe(t, self.back_fold() - PANEL_FOLD_CLEAR_IN * PT_PER_IN)
    }

    /// Where the front's text may go.
    pub fn front_safe(&self) -> Area {
        let t = self.printer.safe_from_trim();
        self.panel_safe(
            self.front_fold() + PANEL_FOLD_CLEAR_IN * PT_PER_IN,
            self.width() - t,
        )
    }

    /// Where spine text may go (empty width when the spine is too narrow for any).
    pub fn spine_safe(&self) -> Area {
        let clear = SPINE_FOLD_CLEAR_IN * PT_PER_IN;
        let t = self.printer.safe_from_trim();
        Area {
            x: self.back_fold() + clear,
            y: t,
            w: (self.spine - 2.0 * clear).max(0.0),
            h: self.trim_height - 2.0 * t,
        }
    }

    /// Whether the spine carries text.
    pub fn spine_text(&self) -> bool {
        self.printer.spine_text_allowed(self.pages, self.spine) && self.spine_safe().w > 0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IN: f64 = PT_PER_IN;

    fn kdp(pages: usize, paper: Paper) -> Spread {
        Spread::new(Printer::Kdp, pages, paper, (6.0 * IN, 9.0 * IN), 0.125 * IN)
    }

    #[test]
    fn a_6x9_kdp_cover_of_200_white_pages_is_12_7004_by_9_25_inches() {
        let s = kdp(200, Paper::White);
        let (w, h) = s.media();
        assert!((w / IN - 12.7004).abs() < 1e-9, "{}", w / IN);
        assert!((h / IN - 9.25).abs() < 1e-9);
    }

    #[test]
    fn cream_is_thicker_than_white_and_premium_colour_between() {
        let white = kdp(300, Paper::White).spine;
        let cream = kdp(300, Paper::Cream).spine;
        let premium = kdp(300, Paper::ColorPremium).spine;
        assert!((cream / IN - 0.75).abs() < 1e-9);
        assert!(white < premium && premium < cream);
    }

    #[test]
    fn kdp_spine_text_from_80_pages() {
        assert!(!kdp(79, Paper::White).spine_text());
        assert!(kdp(80, Paper::White).spine_text());
    }

    #[test]
    fn ingram_spine_text_from_a_0_35_inch_spine() {
        let s = |pages| {
            Spread::new(
                Printer::Ingram,
                pages,
                Paper::White,
                (6.0 * IN, 9.0 * IN),
                9.0,
            )
        };
        // 0.35 / 0.002252 = 155.4 pages.
        assert!(!s(154).spine_text());
        assert!(s(156).spine_text());
    }

    #[test]
    fn safe_areas_keep_their_distances() {
        let s = kdp(200, Paper::White);
        let front = s.front_safe();
        assert!((front.x - (s.front_fold() + 0.125 * IN)).abs() < 1e-9);
        assert!((front.x + front.w - (s.width() - 0.25 * IN)).abs() < 1e-9);
        let spine = s.spine_safe();
        assert!((spine.x - (s.back_fold() + 0.0625 * IN)).abs() < 1e-9);
        assert!((spine.w - (s.spine - 0.125 * IN)).abs() < 1e-9);
        let back = s.back_safe();
        assert!((back.y - 0.25 * IN).abs() < 1e-9);
        let ingram = Spread::new(
            Printer::Ingram,
            200,
            Paper::White,
            (6.0 * IN, 9.0 * IN),
            9.0,
        );
        assert!((ingram.back_safe().x - 0.25 * IN).abs() < 1e-9);
    }
}
