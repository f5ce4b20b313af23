//! Math boxes: TeX's boxes for formulas. A box has a width, a height above its baseline and
//! a depth below it, and holds glyphs and rules placed relative to its origin (the left end
//! of its baseline, y up). Building a formula moves boxes into larger ones.

/// A glyph or a rule placed in a box.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// A glyph of face `face` at `size`, its origin at (`x`, `y`).
    Glyph {
        /// Horizontal position of the glyph's origin.
        x: f64,
        /// Height of its baseline above the box's.
        y: f64,
        /// Face index in the layout's fonts.
        face: usize,
        /// Glyph id.
        gid: u16,
        /// Type size in points.
        size: f64,
        /// The character it shows (for the PDF's text).
        ch: char,
        /// Its advance width.
        adv: f64,
    },
    /// A filled rectangle whose lower left corner is at (`x`, `y`).
    Rule {
        /// Left edge.
        x: f64,
        /// Bottom edge, above the box's baseline.
        y: f64,
        /// Width.
        width: f64,
        /// Thickness.
        height: f64,
    },
}

/// A box of math.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MBox {
    /// Width.
    pub width: f64,
    /// Extent above the baseline.
    pub height: f64,
    /// Extent below the baseline (positive downwards).
    pub depth: f64,
    /// Italic correction of the box's last glyph: how far its top leans right of its
    /// advance (a superscript is moved right by it).
    pub italic: f64,
    /// Where an accent over the box is centred, when the box is one glyph with a top
    /// accent attachment; else the middle.
    pub accent_x: Option<f64>,
    /// The box is one glyph, or one glyph with nothing but kerns (TeX's "character" nucleus,
    /// whose scripts are placed without the drops a larger box gets).
    pub is_char: bool,
    /// What it holds.
    pub pieces: Vec<Piece>,
}

impl MBox {
    /// An empty box `width` wide.
    pub fn kern(width: f64) -> MBox {
        MBox {
            width,
            ..MBox::default()
        }
    }

    /// A rule box: `width` × `thickness`, its bottom at `y`.
    pub fn rule(width: f64, thickness: f64, y: f64) -> MBox {
        MBox {
            width,
            height: (y + thickness).max(0.0),
            depth: (-y).max(0.0),
            pieces: vec![Piece::Rule {
                x: 0.0,
                y,
                width,
                height: thickness,
            }],
            ..MBox::default()
        }
    }

    /// Places `other` with its origin at (`dx`, `dy`) in this box, growing the height and
    /// depth to hold it (the width is the caller's to set).
    pub fn place(&mut self, other: MBox, dx: f64, dy: f64) {
        self.height = self.height.max(other.height + dy);
        self.depth = self.depth.max(other.depth - dy);
        self.pieces
            .extend(other.pieces.into_iter().map(|p| p.moved(dx, dy)));
    }

    /// Appends `other` on the baseline after this box's width.
    pub fn append(&mut self, other: MBox) {
        let dx = self.width;
        self.width += other.width;
        self.italic = other.italic;
        self.place(other, dx, 0.0);
    }

    /// Moves the box's content up by `dy` (down when negative).
    pub fn shifted(mut self, dy: f64) -> MBox {
        self.height += dy;
        self.depth -= dy;
        for p in &mut self.pieces {
            *p = p.clone().moved(0.0, dy);
        }
        self
    }

    /// Horizontal middle, or the accent attachment.
    pub fn accent_center(&self) -> f64 {
        self.accent_x.unwrap_or(self.width / 2.0)
    }
}

impl Piece {
    fn moved(self, dx: f64, dy: f64) -> Piece {
        match self {
            Piece::Glyph {
                x,
                y,
                face,
                gid,
                size,
                ch,
                adv,
            } => Piece::Glyph {
                x: x + dx,
                y: y + dy,
                face,
                gid,
                size,
                ch,
                adv,
            },
            Piece::Rule {
                x,
                y,
                width,
                height,
            } => Piece::Rule {
                x: x + dx,
                y: y + dy,
                width,
                height,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placing_grows_height_and_depth() {
        let mut b = MBox::kern(2.0);
        b.append(MBox::rule(3.0, 1.0, 4.0));
        assert_eq!((b.width, b.height, b.depth), (5.0, 5.0, 0.0));
        let low = MBox::rule(1.0, 1.0, 0.0).shifted(-3.0);
        assert_eq!((low.height, low.depth), (-2.0, 3.0));
        b.append(low);
        assert_eq!((b.width, b.height, b.depth), (6.0, 5.0, 3.0));
        assert!(matches!(b.pieces[0], Piece::Rule { x, y, .. } if x == 2.0 && y == 4.0));
    }
}
