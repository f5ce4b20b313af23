//! Block quotes: their blocks in smaller type, indented on both sides, with half a line of
//! space around them.

use super::Builder;
use crate::model::Block;
use crate::typeset::type_scale::{
    BLOCK_SPACE_LINES, QUOTE_INDENT_EM, QUOTE_SCALE, QUOTE_SHRINK_LEVELS,
};

impl Builder<'_> {
    /// A block quote's blocks, at `x` within `measure`, type scaled by `scale` outside it.
    pub(super) fn quote(&mut self, inner: &[Block], x: f64, measure: f64, scale: f64) {
        let ind = QUOTE_INDENT_EM * self.ctx.size;
        self.space(self.ctx.leading * BLOCK_SPACE_LINES);
        self.indent_next = false;
        let (x, measure) = self.inset(inner, (x, measure), ind, ind);
        let scale = if self.quote_depth < QUOTE_SHRINK_LEVELS {
            scale * QUOTE_SCALE
        } else {
            scale
        };
        self.quote_depth += 1;
        self.blocks(inner, x, measure, scale);
        self.quote_depth -= 1;
        self.space(self.ctx.leading * BLOCK_SPACE_LINES);
    }
}
