//! The front panel: the cover image at full bleed, or a typographic front made from the
//! metadata (series, title, a short rule, subtitle, editors or authors), centred, in the
//! book's faces and large enough to read as a thumbnail.

use super::setting::{place, style, Setter};
use super::spine::{Area, Spread};
use crate::assets::{Found, ImageFile};
use crate::diag::{Diagnostics, Span};
use crate::manifest::length::PT_PER_IN;
use crate::manifest::Collection;
use crate::model::Inline;
use crate::typeset::fonts::Family;
use crate::typeset::frame::{Color, Item, Point};
use crate::typeset::para::Align;

/// The title's size as a share of the front's safe width: about an eighth, so that a
/// short title fills a line and reads on a 150 px thumbnail.
const TITLE_SHARE: f64 = 0.13;
/// Title size bounds, in points.
const TITLE_MIN: f64 = 24.0;
const TITLE_MAX: f64 = 64.0;
/// Subtitle and names against the title.
const SUBTITLE_SCALE: f64 = 0.42;
const CREATORS_SCALE: f64 = 0.42;
const SERIES_SCALE: f64 = 0.3;
/// Where the title block starts, as a share of the trim height.
const TITLE_TOP: f64 = 0.27;
/// The rule under the title: its length as a share of the safe width, and its weight.
const RULE_SHARE: f64 = 0.18;
const RULE_WEIGHT: f64 = 1.2;
/// The resolution printers ask of images, for the size a cover image should have.
pub const MIN_DPI: f64 = 300.0;
/// The share of an image that may be cut off to fill the front before it is an error
/// (its proportions are then too far from the front's).
const MAX_CROP: f64 = 0.1;

/// The front typographic cover's items on the spread.
pub fn typographic(c: &Collection, set: &Setter, s: &Spread, fg: Color) -> Vec<(Point, Item)> {
    let area = s.front_safe();
    front_type(c, set, &area, s.trim_height, fg)
}

/// The typographic front laid out in `area` of a panel `height` high (also the EPUB's
/// cover, with the panel's own area).
pub fn front_type(
    c: &Collection,
    set: &Setter,
    area: &Area,
    height: f64,
    fg: Color,
) -> Vec<(Point, Item)> {
    let mut out = Vec::new();
    let title = (area.w * TITLE_SHARE).clamp(TITLE_MIN, TITLE_MAX);
    let centred = |text: &str, family: Family, size: f64| {
        set.block(
            &[Inline::Text(text.to_string())],
            style(family, size, fg),
            area.w,
            Align::Center,
        )
    };
    if let Some(series) = &c.series {
        let text = match series.number {
            Some(n) => format!("{} · {n}", series.name),
            None => series.name.clone(),
        };
        let (items, _) = centred(&text.to_uppercase(), Family::Regular, title * SERIES_SCALE);
        place(&mut out, items, area.x, area.y + 0.35 * PT_PER_IN);
    }
    let mut y = (height * TITLE_TOP).max(area.y + 1.0 * PT_PER_IN);
    let (items, h) = centred(&c.title, Family::Regular, title);
    place(&mut out, items, area.x, y);
    y += h + title * 0.45;
    let rule = area.w * RULE_SHARE;
    out.push((
        Point {
            x: area.center_x() - rule / 2.0,
            y,
        },
        Item::Rect {
            width: rule,
            height: RULE_WEIGHT,
            color: fg,
        },
    ));
    y += title * 0.6;
    if let Some(sub) = &c.subtitle {
        let (items, _) = centred(sub, Family::Italic, title * SUBTITLE_SCALE);
        place(&mut out, items, area.x, y);
    }
    let creators = c.creators();
    if !creators.is_empty() {
        let words = set.labels();
        let who = if c.editors.is_empty() {
            words.join(creators)
        } else {
            format!("{} {}", words.edited_by, words.join(creators))
        };
        let (items, h) = centred(&who, Family::Regular, title * CREATORS_SCALE);
        let bottom = area.y + area.h - 0.45 * PT_PER_IN;
        place(&mut out, items, area.x, bottom - h);
    }
    out
}

/// The cover image at full bleed on the front: scaled to fill the front and its bleed,
/// its left edge on the spine fold, and cut at the outer bleed edge (the PDF writer warns
/// when it prints below 300 dpi at that size). An error when its proportions are so far
/// from the front's that more than a tenth of it would be cut off.
pub fn image(
    file: &ImageFile,
    s: &Spread,
    span: &Span,
    diags: &mut Diagnostics,
) -> Option<(Point, Item)> {
    let (w_px, h_px) = match (&file.print, &file.vector) {
        (Some(p), _) => (f64::from(p.width), f64::from(p.height)),
        (None, Some(v)) => (v.width, v.height),
        (None, None) => return None,
    };
    let area = s.front_with_bleed();
    let scale = (area.w / w_px).max(area.h / h_px);
    let (w, h) = (w_px * scale, h_px * scale);
    let crop = 1.0 - (area.w / w).min(area.h / h);
    let shown = format!("{:.3} × {:.3} in", area.w / PT_PER_IN, area.h / PT_PER_IN);
    if crop > MAX_CROP {
        diags.error(
            span.clone(),
            format!(
                "the cover image does not cover the front and its bleed ({shown}) without losing {:.0}% of it",
                crop * 100.0
            ),
            format!(
                "make the image in the front's proportions, {:.0} × {:.0} px at 300 dpi",
                area.w / PT_PER_IN * MIN_DPI,
                area.h / PT_PER_IN * MIN_DPI
            ),
        );
        return None;
    }
    Some((
        Point {
            x: area.x,
            y: area.y - (h - area.h) / 2.0,
        },
        Item::Image {
            path: file.path.clone(),
            width: w,
            height: h,
            tag: crate::typeset::frame::Tag::Unset,
        },
    ))
}

/// The image the front shows: `[cover] front-image`, else the book's cover image.
pub fn chosen(c: &Collection) -> Option<(Found<'_>, Span)> {
    if let Some(f) = c.assets.front_image() {
        let span = c.print_cover.as_ref()?.front_image.as_ref()?.span.clone();
        return Some((f, span));
    }
    let span = c.cover.as_ref()?.span.clone();
    Some((c.assets.cover()?, span))
}
