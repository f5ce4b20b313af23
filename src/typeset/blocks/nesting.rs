//! Nesting: the room a quote or list inside others is given. Each level indents, until the
//! measure would fall below [`MIN_NESTED_MEASURE_SHARE`] of the text width; deeper levels
//! keep the indentation reached, with one warning at the first block held back.

use super::Builder;
use crate::model::{Block, Pos};
use crate::typeset::type_scale::MIN_NESTED_MEASURE_SHARE;

impl Builder<'_> {
    /// The left edge and measure of `inner`, nested in a block at `x` with `measure` and
    /// indented by `left` and `right`; the outer block's when that would leave too narrow a
    /// measure (warned once an article, at `inner`'s first line).
    pub(super) fn inset(
        &mut self,
        inner: &[Block],
        (x, measure): (f64, f64),
        left: f64,
        right: f64,
    ) -> (f64, f64) {
        let narrowest = MIN_NESTED_MEASURE_SHARE * self.ctx.measure;
        let nested = measure - left - right;
        if nested >= narrowest - 1e-9 || nested >= measure {
            return (x + left, nested);
        }
        if !self.nesting_warned {
            self.nesting_warned = true;
            let pos = first_pos(inner).unwrap_or(self.pos);
            self.warn(
                pos,
                format!(
                    "quotes and lists nest too deep to indent further (the line would be \
                     under {:.0}% of the text width); this and deeper levels keep the \
                     indentation reached",
                    MIN_NESTED_MEASURE_SHARE * 100.0
                ),
                "nest fewer quotes or lists within each other",
            );
        }
        (x, measure)
    }
}

/// Where the first text of `blocks` starts, looking into quotes and lists (without
/// recursion, so no depth of nesting can overflow the stack).
fn first_pos(blocks: &[Block]) -> Option<Pos> {
    let mut todo: Vec<&Block> = blocks.iter().rev().collect();
    while let Some(b) = todo.pop() {
        if let Some(pos) = b.text_start() {
            return Some(pos);
        }
        match b {
            Block::BlockQuote(inner) => todo.extend(inner.iter().rev()),
            Block::List { items, .. } => {
                todo.extend(items.iter().rev().flat_map(|i| i.blocks.iter().rev()))
            }
            _ => {}
        }
    }
    None
}
