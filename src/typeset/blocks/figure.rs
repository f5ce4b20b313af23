//! Figures: an image scaled into the measure (at print resolution, at least half the
//! measure, never taller than most of the page) with its description as a caption.

use std::path::Path;

use super::{Builder, Slot};
use crate::model::Inline;
use crate::typeset::fonts::Family;
use crate::typeset::frame::{Item, Point};
use crate::typeset::para::{Align, Style};
use crate::typeset::type_scale::{
    BLOCK_SPACE_LINES, CAPTION_GAP_LINES, IMAGE_DPI, IMAGE_MAX_HEIGHT, IMAGE_MIN_WIDTH, NOTE_SCALE,
    POINTS_PER_INCH,
};

impl Builder<'_> {
    /// A figure: the image scaled into the measure, with its description as a caption.
    pub(super) fn image(&mut self, src: &str, alt: &str) {
        let path = self.ctx.path.parent().unwrap_or(Path::new(".")).join(src);
        if src.contains("://") {
            self.warn(
                self.pos,
                format!("remote image {src} is not fetched for print"),
                "download it next to the article",
            );
            return;
        }
        let Some((pw, ph)) = image_size(&path) else {
            self.warn(
                self.pos,
                format!(
                    "image {} cannot be read (PNG or JPEG expected)",
                    path.display()
                ),
                "check the path, relative to the article",
            );
            return;
        };
        let measure = self.ctx.measure;
        let mut w = (pw as f64 * POINTS_PER_INCH / IMAGE_DPI)
            .max(measure * IMAGE_MIN_WIDTH)
            .min(measure);
        let mut h = w * ph as f64 / pw.max(1) as f64;
        let max_h = self.ctx.page_height * IMAGE_MAX_HEIGHT;
        if h > max_h {
            w *= max_h / h;
            h = max_h;
        }
        let l = self.ctx.leading;
        self.space(BLOCK_SPACE_LINES * l);
        let x = (measure - w) / 2.0;
        let height = ((h + CAPTION_GAP_LINES * l) / l).ceil() * l;
        self.flow.slots.push(Slot::other(
            height,
            vec![(
                Point { x, y: 0.0 },
                Item::Image {
                    path,
                    width: w,
                    height: h,
                },
            )],
        ));
        if !alt.trim().is_empty() {
            let st = Style::new(Family::Italic, self.ctx.size * NOTE_SCALE);
            let slot = self.display_block(
                &[Inline::Text(alt.to_string())],
                st,
                0.0,
                measure,
                Align::Center,
            );
            self.flow.slots.push(slot);
        }
        self.space(BLOCK_SPACE_LINES * l);
    }
}

/// Pixel size of a PNG or JPEG file, read from its header.
fn image_size(path: &Path) -> Option<(u32, u32)> {
    crate::raster::pixel_size(&std::fs::read(path).ok()?)
}
