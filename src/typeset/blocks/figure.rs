//! Figures: an image scaled into the measure (at print resolution, at least half the
//! measure, never taller than most of the page) with its description as a caption.

use std::path::Path;

use super::{Builder, Slot, IMAGE_DPI, IMAGE_MAX_HEIGHT, NOTE_SCALE};
use crate::model::Inline;
use crate::typeset::fonts::Family;
use crate::typeset::frame::{Item, Point};
use crate::typeset::para::{Align, Style};

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
        let mut w = (pw as f64 * 72.0 / IMAGE_DPI)
            .max(measure * 0.5)
            .min(measure);
        let mut h = w * ph as f64 / pw.max(1) as f64;
        let max_h = self.ctx.page_height * IMAGE_MAX_HEIGHT;
        if h > max_h {
            w *= max_h / h;
            h = max_h;
        }
        let l = self.ctx.leading;
        self.space(0.5 * l);
        let x = (measure - w) / 2.0;
        let height = ((h + 0.25 * l) / l).ceil() * l;
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
        self.space(0.5 * l);
    }
}

/// Pixel size of a PNG or JPEG file, read from its header.
fn image_size(path: &Path) -> Option<(u32, u32)> {
    crate::raster::pixel_size(&std::fs::read(path).ok()?)
}
