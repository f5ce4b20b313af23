//! Figures: an image scaled into the measure (at print resolution, or an SVG at its own
//! size, at least half the measure or the share its `width` gives, never taller than most
//! of the page) with its numbered caption and source line kept with it. The
//! image comes checked from the assets pass; one it could not use (a draft's) is set as a
//! framed box naming it, so a proof shows where the art will go.

use super::{shift, Builder, Slot};
use crate::assets::Found;
use crate::model::{Figure, Inline};
use crate::typeset::fonts::Family;
use crate::typeset::frame::{stamp, Color, Item, Point, Tag};
use crate::typeset::links::heading_anchor;
use crate::typeset::para::{Align, Style};
use crate::typeset::structure::Role;
use crate::typeset::type_scale::{
    BLOCK_SPACE_LINES, CAPTION_GAP_LINES, IMAGE_DPI, IMAGE_MAX_HEIGHT, IMAGE_MIN_WIDTH, NOTE_SCALE,
    POINTS_PER_INCH,
};

/// A placeholder's height in lines: about an inch and a half at book sizes, enough to be
/// seen as a missing picture on a proof without pushing the text far.
const PLACEHOLDER_LINES: f64 = 6.0;

/// A placeholder's frame, in points: a hairline rule, as crop marks are drawn.
const PLACEHOLDER_RULE: f64 = 0.5;

/// Room between a placeholder's frame and its text, in lines.
const PLACEHOLDER_PAD_LINES: f64 = 1.0;

impl Builder<'_> {
    /// A numbered figure at `x`, `measure` wide: the image, its caption and its source
    /// line, kept together, with the anchor references to it lead to (the caller marks it
    /// a float).
    pub(super) fn figure(&mut self, f: &Figure, x: f64, measure: f64) {
        let l = self.ctx.leading;
        self.space(BLOCK_SPACE_LINES * l);
        let (mut items, h) = self.art(&f.src, f.width, measure);
        let anchor = heading_anchor(&self.ctx.prefix, &f.caption.id);
        items.insert(0, (Point { x: 0.0, y: 0.0 }, Item::Anchor(anchor)));
        let height = ((h + CAPTION_GAP_LINES * l) / l).ceil() * l;
        // The figure's element is open (the block's): the art is its content.
        let figure = self.element_open();
        let mut slot = Slot::other(height, shift(items, x, 0.0));
        stamp(&mut slot.items, figure);
        slot.keep_with_next = true;
        self.flow.slots.push(slot);
        let size = self.ctx.size * NOTE_SCALE;
        let caption = f.caption.printed();
        let italic = Style::new(Family::Italic, size);
        let first = self.flow.slots.len();
        let label = self.element(Role::Caption);
        let mut slot = self.display_block(&caption, italic, x, measure, Align::Center);
        slot.keep_with_next = !f.source.is_empty();
        self.flow.slots.push(slot);
        if !f.source.is_empty() {
            let mut line = vec![Inline::Text(format!("{}: ", self.ctx.labels.source))];
            line.extend(f.source.iter().cloned());
            let roman = Style::new(Family::Regular, size);
            let slot = self.display_block(&line, roman, x, measure, Align::Center);
            self.flow.slots.push(slot);
        }
        self.stamp_from(first, label);
        self.space(BLOCK_SPACE_LINES * l);
    }

    /// The art of the image `src`, at `share` of `measure` when given: its items (x from
    /// the measure's left) and height.
    fn art(&mut self, src: &str, share: Option<f64>, measure: f64) -> (Vec<(Point, Item)>, f64) {
        match self.ctx.assets.image(&self.ctx.path, src) {
            Found::File(file) => match (&file.vector, &file.print) {
                (Some(v), _) => self.picture(file.path.clone(), v.width, v.height, share, measure),
                (None, Some(p)) => {
                    let points = |px: u32| f64::from(px) * POINTS_PER_INCH / IMAGE_DPI;
                    let (w, h) = (points(p.width), points(p.height));
                    self.picture(file.path.clone(), w, h, share, measure)
                }
                (None, None) => self.placeholder(src),
            },
            Found::Placeholder(shown) => self.placeholder(shown),
        }
    }

    /// An image in running text, set as a figure after its paragraph, with its description
    /// as an unnumbered caption.
    pub(super) fn image(&mut self, src: &str, alt: &str) {
        let l = self.ctx.leading;
        self.space(BLOCK_SPACE_LINES * l);
        let (mut items, h) = self.art(src, None, self.ctx.measure);
        let height = ((h + CAPTION_GAP_LINES * l) / l).ceil() * l;
        // An image without a description is decoration, passed over by a screen reader.
        let described = !alt.trim().is_empty();
        let figure = if described {
            let f = self.block_element(Role::Figure, true);
            self.set_alt(f, alt);
            f
        } else {
            Tag::Artifact
        };
        stamp(&mut items, figure);
        self.flow.slots.push(Slot::other(height, items));
        if !alt.trim().is_empty() {
            let caption = self.element(Role::Caption);
            let st = Style::new(Family::Italic, self.ctx.size * NOTE_SCALE);
            let slot = self.display_block(
                &[Inline::Text(alt.to_string())],
                st,
                0.0,
                self.ctx.measure,
                Align::Center,
            );
            let first = self.flow.slots.len();
            self.flow.slots.push(slot);
            self.stamp_from(first, caption);
            self.close();
        }
        self.space(BLOCK_SPACE_LINES * l);
    }

    /// The image at `path`, `nw` × `nh` points at its own size (a raster image's at print
    /// resolution), scaled (to `share` of the measure when given) and centred in `measure`:
    /// its item and height.
    fn picture(
        &self,
        path: std::path::PathBuf,
        nw: f64,
        nh: f64,
        share: Option<f64>,
        measure: f64,
    ) -> (Vec<(Point, Item)>, f64) {
        let mut w = match share {
            Some(share) => measure * share,
            None => nw.max(measure * IMAGE_MIN_WIDTH).min(measure),
        };
        let mut h = w * nh / nw.max(f64::MIN_POSITIVE);
        let max_h = self.ctx.page_height * IMAGE_MAX_HEIGHT;
        if h > max_h {
            w *= max_h / h;
            h = max_h;
        }
        let x = (measure - w) / 2.0;
        let item = Item::Image {
            path,
            width: w,
            height: h,
            tag: Tag::Unset,
        };
        (vec![(Point { x, y: 0.0 }, item)], h)
    }

    /// A framed box the width of the measure naming the image `shown`: its items and height.
    fn placeholder(&mut self, shown: &str) -> (Vec<(Point, Item)>, f64) {
        let measure = self.ctx.measure;
        let pad = PLACEHOLDER_PAD_LINES * self.ctx.leading;
        let st = Style::new(Family::Italic, self.ctx.size * NOTE_SCALE);
        let text = self.display_block(
            &[Inline::Text(format!("Image not available: {shown}"))],
            st,
            0.0,
            (measure - 2.0 * pad).max(pad),
            Align::Center,
        );
        let h = (PLACEHOLDER_LINES * self.ctx.leading).max(text.height + 2.0 * pad);
        let rule = |x: f64, y: f64, width: f64, height: f64| {
            let color = Color::BLACK;
            (
                Point { x, y },
                Item::Rect {
                    width,
                    height,
                    color,
                },
            )
        };
        let r = PLACEHOLDER_RULE;
        let mut items = vec![
            rule(0.0, 0.0, measure, r),
            rule(0.0, h - r, measure, r),
            rule(0.0, 0.0, r, h),
            rule(measure - r, 0.0, r, h),
        ];
        items.extend(shift(text.items, pad, (h - text.height) / 2.0));
        (items, h)
    }
}
