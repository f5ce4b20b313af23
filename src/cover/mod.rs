//! The print cover: one PDF spread (back, spine, front, with bleed all round) sized from
//! the interior's page count in the same build, the paper and the printer's figures
//! ([`spine`]); a cover image or a typographic front ([`front`]), spine text and the back
//! with its barcode ([`panels`], [`barcode`]), and optional guides for a proof.

pub mod barcode;
pub mod front;
pub mod panels;
pub mod setting;
pub mod spine;
pub mod svg;

use crate::assets::Found;
use crate::diag::{Diagnostics, Result, Span};
use crate::manifest::cover::CoverSettings;
use crate::manifest::{Collection, Preset};
use crate::pdf::{BuildDate, Setup};
use crate::typeset::fonts::Fonts;
use crate::typeset::frame::{Color, FontData, Item, Page, PageKind, Point};
use crate::typeset::hyphenate::Hyphenator;
use setting::{color, Setter};
use spine::{Area, Printer, Spread};

/// A composed cover: the spread as one frame page, its fonts and its geometry.
#[derive(Debug, Clone)]
pub struct Cover {
    /// The spread: trim width back + spine + front, trim height; items in trim coordinates.
    pub page: Page,
    /// The fonts its glyph runs use.
    pub fonts: Vec<FontData>,
    /// Its geometry.
    pub spread: Spread,
}

/// The cover's settings: the manifest's `[cover]`, or the defaults for `--format cover`.
pub fn settings(c: &Collection) -> CoverSettings {
    c.print_cover
        .clone()
        .unwrap_or_else(|| CoverSettings::defaults(Span::file(&c.manifest_path)))
}

/// The spread of `c` for an interior of `pages` pages.
pub fn spread(c: &Collection, pages: usize) -> Spread {
    let bleed = if c.print.bleed > 0.0 {
        c.print.bleed
    } else {
        Preset::Kdp.default_bleed()
    };
    Spread::new(
        Printer::for_preset(c.print.preset),
        pages,
        settings(c).paper,
        (c.print.trim_width, c.print.trim_height),
        bleed,
    )
}

/// Composes the cover of `c` for an interior of `pages` pages; with `guides`, the trim,
/// fold and safe lines are drawn over it.
pub fn compose(c: &Collection, pages: usize, guides: bool, diags: &mut Diagnostics) -> Cover {
    let s = spread(c, pages);
    let cfg = settings(c);
    let fonts = Fonts::load(&c.print.fonts);
    let hyph = Hyphenator::new(&c.print.hyphenation_exceptions);
    let set = Setter::new(c, &fonts, &hyph);
    let (fg, bg) = (color(cfg.foreground), color(cfg.background));
    let (media_w, media_h) = s.media();
    let mut items = vec![(
        Point {
            x: -s.bleed,
            y: -s.bleed,
        },
        Item::Rect {
            width: media_w,
            height: media_h,
            color: bg,
        },
    )];
    match front::chosen(c) {
        Some((Found::File(file), span)) => items.extend(front::image(file, &s, &span, diags)),
        // A draft whose image cannot be used: the typographic front stands in.
        Some((Found::Placeholder(_), _)) | None => {
            items.extend(front::typographic(c, &set, &s, fg));
        }
    }
    items.extend(panels::spine(c, &set, &s, fg));
    items.extend(panels::back(c, &set, &s, fg, diags));
    if guides {
        items.extend(guide_lines(&s));
    }
    Cover {
        page: Page {
            width: s.width(),
            height: s.trim_height,
            kind: PageKind::Front,
            label: "cover".to_string(),
            items,
        },
        fonts: fonts.font_data(),
        spread: s,
    }
}

/// The print setup of a cover: the interior's preset (PDF/X identification for ingram,
/// fonts as the preset embeds them), in colour (CMYK for ingram, with the press profile as
/// output intent), with the spread's bleed and no marks, links or padding.
pub fn setup(c: &Collection, s: &Spread) -> Setup {
    let mut setup = Setup::for_print(&c.print);
    setup.bleed = s.bleed;
    setup.margin = s.bleed;
    setup.marks = false;
    setup.links = false;
    setup.pad_even = false;
    // The ingram interior is grey; its cover prints in colour, on the press's CMYK.
    setup.cmyk = setup.gray_only;
    setup.gray_only = false;
    setup
}

/// The cover's PDF bytes for an interior of `pages` pages.
pub fn render(
    c: &Collection,
    pages: usize,
    guides: bool,
    date: Option<BuildDate>,
    diags: &mut Diagnostics,
) -> Result<Vec<u8>> {
    let cover = compose(c, pages, guides, diags);
    let setup = setup(c, &cover.spread);
    crate::pdf::render_sheet(c, cover.page, &cover.fonts, &setup, date, diags)
}

/// Width of a guide line, in points.
const GUIDE_WEIGHT: f64 = 0.5;

/// Trim (red), fold (blue) and safe (green) lines for a proof.
fn guide_lines(s: &Spread) -> Vec<(Point, Item)> {
    let red = Color {
        r: 0.9,
        g: 0.1,
        b: 0.1,
    };
    let blue = Color {
        r: 0.1,
        g: 0.3,
        b: 0.9,
    };
    let green = Color {
        r: 0.1,
        g: 0.65,
        b: 0.2,
    };
    let trim = Area {
        x: 0.0,
        y: 0.0,
        w: s.width(),
        h: s.trim_height,
    };
    let mut out = outline(&trim, red);
    for x in [s.back_fold(), s.front_fold()] {
        out.push(line(
            x,
            -s.bleed,
            GUIDE_WEIGHT,
            s.trim_height + 2.0 * s.bleed,
            blue,
        ));
    }
    let mut safe = vec![s.back_safe(), s.front_safe()];
    if s.spine_text() {
        safe.push(s.spine_safe());
    }
    for a in safe {
        out.extend(outline(&a, green));
    }
    out
}

fn line(x: f64, y: f64, width: f64, height: f64, color: Color) -> (Point, Item) {
    (
        Point { x, y },
        Item::Rect {
            width,
            height,
            color,
        },
    )
}

fn outline(a: &Area, color: Color) -> Vec<(Point, Item)> {
    let w = GUIDE_WEIGHT;
    vec![
        line(a.x, a.y, a.w, w, color),
        line(a.x, a.y + a.h - w, a.w, w, color),
        line(a.x, a.y, w, a.h, color),
        line(a.x + a.w - w, a.y, w, a.h, color),
    ]
}

/// The area each glyph run and rectangle of the cover inks, but for the background and
/// images (which bleed): glyph runs by their face's ascender and descender, turned runs
/// turned. What the safe-zone checks test.
pub fn ink_boxes(cover: &Cover) -> Vec<Area> {
    let metrics: Vec<(f64, f64)> = cover
        .fonts
        .iter()
        .map(|f| {
            ttf_parser::Face::parse(&f.bytes, f.index).map_or((0.8, 0.25), |face| {
                let upem = f64::from(face.units_per_em());
                (
                    f64::from(face.ascender()) / upem,
                    -f64::from(face.descender()) / upem,
                )
            })
        })
        .collect();
    let mut out = Vec::new();
    for (p, item) in cover.page.items.iter().skip(1) {
        match item {
            Item::Glyphs(run) => {
                let (asc, desc) = metrics.get(run.font).copied().unwrap_or((0.8, 0.25));
                let (a, d) = (asc * run.size, desc * run.size);
                out.push(if run.turned {
                    Area {
                        x: p.x - d,
                        y: p.y,
                        w: a + d,
                        h: run.width,
                    }
                } else {
                    Area {
                        x: p.x,
                        y: p.y - a,
                        w: run.width,
                        h: a + d,
                    }
                });
            }
            Item::Rect { width, height, .. } => out.push(Area {
                x: p.x,
                y: p.y,
                w: *width,
                h: *height,
            }),
            _ => {}
        }
    }
    out
}
