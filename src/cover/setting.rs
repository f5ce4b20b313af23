//! Setting the cover's text with the typesetter: a context outside any article in the
//! book's fonts, blocks of centred or ragged lines placed on the spread, single lines, and
//! lines turned to run down the spine.

use crate::assets::Assets;
use crate::manifest::cover::Rgb;
use crate::manifest::Collection;
use crate::model::Inline;
use crate::typeset::blocks::{Builder, Ctx};
use crate::typeset::fonts::{Family, Fonts};
use crate::typeset::frame::{Color, Item, Point};
use crate::typeset::hyphenate::Hyphenator;
use crate::typeset::para::{Align, Style};

/// The cover shows no article images through the typesetter.
static NO_ASSETS: Assets = Assets::new();

/// A measure wide enough that a single line never breaks.
const ONE_LINE: f64 = 100_000.0;

/// The typesetter's state for the cover: fonts, hyphenation and the book's words.
pub struct Setter<'a> {
    fonts: &'a Fonts,
    hyph: &'a Hyphenator,
    path: std::path::PathBuf,
    labels: &'static crate::labels::Labels,
}

impl<'a> Setter<'a> {
    /// A setter for `c`'s cover in `fonts`.
    pub fn new(c: &Collection, fonts: &'a Fonts, hyph: &'a Hyphenator) -> Self {
        Setter {
            fonts,
            hyph,
            path: c.manifest_path.clone(),
            labels: crate::labels::Labels::for_lang(&c.language),
        }
    }

    /// A context outside any article, setting `style` in `measure`.
    fn ctx(&self, style: Style, measure: f64) -> Ctx<'a> {
        Ctx {
            fonts: self.fonts,
            hyph: self.hyph,
            lang: None,
            prefix: "cover".to_string(),
            path: self.path.clone(),
            measure,
            margin: 0.0,
            page_height: ONE_LINE,
            size: style.size,
            leading: style.size * 1.3,
            color_links: false,
            labels: self.labels,
            assets: &NO_ASSETS,
            book: None,
        }
    }

    /// The most any of `families` reaches above and below the baseline, in ems: the faces'
    /// ascender and descender, as the safe-zone checks measure glyphs.
    pub fn extents(&self, families: &[Family]) -> (f64, f64) {
        families.iter().fold((0.0, 0.0), |(a, d), f| {
            let face = self.fonts.primary(*f);
            (a.max(face.ascender), d.max(-face.descender))
        })
    }

    /// The book's words (for "Edited by").
    pub fn labels(&self) -> &'static crate::labels::Labels {
        self.labels
    }

    /// `content` set in `measure`, as items relative to the block's top-left, and the
    /// block's height.
    pub fn block(
        &self,
        content: &[Inline],
        style: Style,
        measure: f64,
        align: Align,
    ) -> (Vec<(Point, Item)>, f64) {
        let ctx = self.ctx(style, measure);
        let mut b = Builder::new(&ctx);
        let slot = b.display_block(content, style, 0.0, measure, align);
        (slot.items, slot.height)
    }

    /// `text` set as one line: its items (origin at the start of its baseline) and width.
    pub fn line(&self, text: &str, style: Style) -> (Vec<(Point, Item)>, f64) {
        let (items, _) = self.block(
            &[Inline::Text(text.to_string())],
            style,
            ONE_LINE,
            Align::Left,
        );
        let base = style.size;
        let width = extent(&items);
        let items = items
            .into_iter()
            .map(|(p, i)| {
                (
                    Point {
                        x: p.x,
                        y: p.y - base,
                    },
                    i,
                )
            })
            .collect();
        (items, width)
    }
}

/// How far right the glyph runs of `items` reach.
pub fn extent(items: &[(Point, Item)]) -> f64 {
    items
        .iter()
        .filter_map(|(p, i)| match i {
            Item::Glyphs(r) => Some(p.x + r.width),
            _ => None,
        })
        .fold(0.0, f64::max)
}

/// Moves `items` by (`dx`, `dy`) onto `out`.
pub fn place(out: &mut Vec<(Point, Item)>, items: Vec<(Point, Item)>, dx: f64, dy: f64) {
    out.extend(items.into_iter().map(|(p, i)| {
        (
            Point {
                x: p.x + dx,
                y: p.y + dy,
            },
            i,
        )
    }));
}

/// Turns a line's items (origin at its baseline start) to run down the page from
/// (`baseline_x`, `top`), and puts them on `out`.
pub fn place_turned(
    out: &mut Vec<(Point, Item)>,
    items: Vec<(Point, Item)>,
    baseline_x: f64,
    top: f64,
) {
    for (p, item) in items {
        if let Item::Glyphs(mut run) = item {
            run.turned = true;
            out.push((
                Point {
                    x: baseline_x - p.y,
                    y: top + p.x,
                },
                Item::Glyphs(run),
            ));
        }
    }
}

/// A style of `family` at `size` in `color`.
pub fn style(family: Family, size: f64, color: Color) -> Style {
    let mut s = Style::new(family, size);
    s.color = color;
    s
}

/// A manifest colour as a frame colour.
pub fn color(c: Rgb) -> Color {
    let f = |v: u8| f32::from(v) / 255.0;
    Color {
        r: f(c.0),
        g: f(c.1),
        b: f(c.2),
    }
}
