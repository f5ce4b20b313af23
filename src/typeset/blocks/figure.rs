//! Figures: an image scaled into the measure (at print resolution, at least half the
//! measure, never taller than most of the page) with its description as a caption. The
//! image comes checked from the assets pass; one it could not use (a draft's) is set as a
//! framed box naming it, so a proof shows where the art will go.

use super::{shift, Builder, Slot};
use crate::assets::Found;
use crate::model::Inline;
use crate::typeset::fonts::Family;
use crate::typeset::frame::{Color, Item, Point};
use crate::typeset::para::{Align, Style};
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
    /// A figure: the image scaled into the measure, with its description as a caption.
    pub(super) fn image(&mut self, src: &str, alt: &str) {
        let l = self.ctx.leading;
        self.space(BLOCK_SPACE_LINES * l);
        let (items, h) = match self.ctx.assets.image(&self.ctx.path, src) {
            Found::File(file) => match (&file.vector, &file.print) {
                (Some(v), _) => self.picture(file.path.clone(), v.width, v.height),
                (None, Some(p)) => {
                    let points = |px: u32| f64::from(px) * POINTS_PER_INCH / IMAGE_DPI;
                    self.picture(file.path.clone(), points(p.width), points(p.height))
                }
                (None, None) => self.placeholder(src),
            },
            Found::Placeholder(shown) => self.placeholder(shown),
        };
        let height = ((h + CAPTION_GAP_LINES * l) / l).ceil() * l;
        self.flow.slots.push(Slot::other(height, items));
        if !alt.trim().is_empty() {
            let st = Style::new(Family::Italic, self.ctx.size * NOTE_SCALE);
            let slot = self.display_block(
                &[Inline::Text(alt.to_string())],
                st,
                0.0,
                self.ctx.measure,
                Align::Center,
            );
            self.flow.slots.push(slot);
        }
        self.space(BLOCK_SPACE_LINES * l);
    }

    /// The image at `path`, `nw` × `nh` points at its own size (a raster image's at print
    /// resolution), scaled and centred: its item and height.
    fn picture(&self, path: std::path::PathBuf, nw: f64, nh: f64) -> (Vec<(Point, Item)>, f64) {
        let measure = self.ctx.measure;
        let mut w = nw.max(measure * IMAGE_MIN_WIDTH).min(measure);
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
