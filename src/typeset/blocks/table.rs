//! Tables: column widths from the cells' natural and narrowest widths, cells set ragged in
//! their column's alignment, rows as slots between rules, the head kept with the first row.

use super::{rect, shift, Builder, Slot};
use crate::model::{Align as ColAlign, Caption, Inline, TextPoint};
use crate::typeset::fonts::Family;
use crate::typeset::frame::{stamp, Item, Point};
use crate::typeset::linebreak::{Elem, FILL};
use crate::typeset::links::heading_anchor;
use crate::typeset::para::{self, Align, Style};
use crate::typeset::structure::Role;
use crate::typeset::type_scale::{
    BASELINE, BLOCK_SPACE_LINES, CELL_PAD_EM, FRAME_RULE, FRAME_RULE_GAP, FRAME_RULE_SLOT,
    NOTE_SCALE, RULE, TABLE_SCALE,
};

impl Builder<'_> {
    /// A table's numbered caption, set above it and kept with it, with the anchor
    /// references to the table lead to.
    pub(super) fn table_caption(&mut self, c: &Caption, x: f64, measure: f64) {
        self.space(self.ctx.leading * BLOCK_SPACE_LINES);
        let run = c.printed();
        let style = Style::new(Family::Italic, self.ctx.size * NOTE_SCALE);
        let mut slot = self.display_block(&run, style, x, measure, Align::Center);
        let anchor = heading_anchor(&self.ctx.prefix, &c.id);
        slot.items
            .insert(0, (Point { x, y: 0.0 }, Item::Anchor(anchor)));
        slot.keep_with_next = true;
        self.push_as(Role::Caption, slot);
    }

    pub(super) fn table(
        &mut self,
        align: &[ColAlign],
        head: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        x: f64,
        measure: f64,
    ) {
        let size = self.ctx.size * TABLE_SCALE;
        let lead = self.ctx.leading * TABLE_SCALE;
        let pad = CELL_PAD_EM * self.ctx.size;
        let ncols = head.len().max(rows.iter().map(Vec::len).max().unwrap_or(0));
        if ncols == 0 {
            return;
        }
        let all_rows: Vec<(bool, &[Vec<Inline>])> = std::iter::once((true, head))
            .filter(|(_, h)| !h.is_empty())
            .chain(rows.iter().map(|r| (false, r.as_slice())))
            .collect();
        let widths = self.column_widths(&all_rows, ncols, size, measure, pad);
        let total: f64 = widths.iter().sum();
        self.space(self.ctx.leading * BLOCK_SPACE_LINES);
        self.flow.slots.push(Slot::other(
            RULE * FRAME_RULE_SLOT,
            vec![(Point { x, y: 0.0 }, rect(total, RULE * FRAME_RULE))],
        ));
        let cols = Columns {
            widths,
            align,
            x,
            size,
            lead,
            pad,
        };
        let mut row_start = 0u32; // characters of the table's source text before the row
        let mut group = None;
        for (is_head, row) in all_rows {
            if group != Some(is_head) {
                if group.is_some() {
                    self.close();
                }
                self.open(if is_head { Role::THead } else { Role::TBody });
                group = Some(is_head);
            }
            self.open(Role::TR);
            let source = self.source_pos.map(|p| TextPoint::Block(p, row_start));
            row_start += row
                .iter()
                .map(|cell| crate::model::source_text(cell).chars().count() as u32)
                .sum::<u32>();
            let mut slot = self.row(row, is_head, &cols);
            slot.source = source;
            if is_head {
                let h = slot.height;
                slot.items
                    .push((Point { x, y: h - RULE }, rect(total, RULE)));
                slot.keep_with_next = true;
            }
            self.flow.slots.push(slot);
            self.close();
        }
        if group.is_some() {
            self.close();
        }
        self.flow.slots.push(Slot::other(
            RULE * FRAME_RULE_SLOT,
            vec![(
                Point {
                    x,
                    y: RULE * FRAME_RULE_GAP,
                },
                rect(total, RULE * FRAME_RULE),
            )],
        ));
        for row in head.iter().chain(rows.iter().flatten()) {
            self.notes_in(row);
            self.links_in(row);
        }
        self.space(self.ctx.leading * BLOCK_SPACE_LINES);
    }

    /// One row's cells side by side, each set in its column, as one slot.
    fn row(&mut self, row: &[Vec<Inline>], is_head: bool, cols: &Columns) -> Slot {
        let (size, lead, pad) = (cols.size, cols.lead, cols.pad);
        let family = if is_head {
            Family::Bold
        } else {
            Family::Regular
        };
        let mut items = Vec::new();
        let mut notes = Vec::new();
        let mut height: f64 = 0.0;
        // Where each line's end is marked among `items`, by line of the row: a cell's line
        // ends the row's line only when no cell to its right has a line beside it.
        let mut line_ends: Vec<Option<usize>> = Vec::new();
        let mut cx = cols.x;
        for (c, w) in cols.widths.iter().enumerate() {
            let empty = Vec::new();
            let cell = row.get(c).unwrap_or(&empty);
            let tag = self.element(if is_head { Role::TH } else { Role::TD });
            let a = match cols.align.get(c) {
                Some(ColAlign::Center) => Align::Center,
                Some(ColAlign::Right) => Align::Right,
                _ => Align::Left,
            };
            let spec = self.spec(Style::new(family, size), w - 2.0 * pad, 0.0, a);
            let p = para::collect(self.ctx.fonts, &spec, cell);
            self.note_missing(&p.missing);
            if p.is_empty() {
                cx += w;
                continue;
            }
            let mut lines = p.set(self.ctx.fonts, &spec);
            self.adopt(&p.spans, &mut lines);
            for (k, line) in lines.into_iter().enumerate() {
                notes.extend(line.notes);
                // The text sits half a padding below the rule above the row.
                let base = pad * 0.5 + lead * (k as f64 + BASELINE);
                let end = line
                    .items
                    .iter()
                    .rposition(ends_line)
                    .map(|i| items.len() + i);
                let mut line_items = line.items;
                stamp(&mut line_items, tag);
                items.extend(shift(line_items, cx + pad, base));
                height = height.max(pad + lead * (k as f64 + 1.0));
                let Some(end) = end else { continue };
                if line_ends.len() <= k {
                    line_ends.resize(k + 1, None);
                }
                if let Some(left) = line_ends[k].replace(end) {
                    if let (_, Item::Glyphs(run)) = &mut items[left] {
                        run.ends_line = false;
                    }
                }
            }
            cx += w;
        }
        // The row's notes go to the foot of the page it is set on, in their numbers'
        // order (the cells' order is the reading order the notes were numbered in).
        notes.sort_unstable();
        notes.dedup();
        let mut slot = Slot::other(height.max(lead + pad), items);
        slot.notes = notes;
        slot
    }

    /// Column widths from content: natural widths when they fit, else each column gets its
    /// longest word plus a share of the rest in proportion to what it wants.
    fn column_widths(
        &self,
        rows: &[(bool, &[Vec<Inline>])],
        ncols: usize,
        size: f64,
        measure: f64,
        pad: f64,
    ) -> Vec<f64> {
        let mut nat = vec![0.0f64; ncols];
        let mut min = vec![0.0f64; ncols];
        for (is_head, row) in rows {
            let family = if *is_head {
                Family::Bold
            } else {
                Family::Regular
            };
            for (c, cell) in row.iter().enumerate().take(ncols) {
                let spec = self.spec(Style::new(family, size), measure, 0.0, Align::Left);
                let p = para::collect(self.ctx.fonts, &spec, cell);
                let (n, m) = natural_and_min(p.elems());
                nat[c] = nat[c].max(n + 2.0 * pad);
                min[c] = min[c].max(m + 2.0 * pad);
            }
        }
        let sum_nat: f64 = nat.iter().sum();
        if sum_nat <= measure {
            return nat;
        }
        let sum_min: f64 = min.iter().sum();
        if sum_min >= measure {
            return min.iter().map(|m| m * measure / sum_min).collect();
        }
        let share = (measure - sum_min) / (sum_nat - sum_min);
        min.iter()
            .zip(&nat)
            .map(|(m, n)| m + (n - m) * share)
            .collect()
    }
}

/// Natural single-line width and the widest unbreakable piece of a collected paragraph.
fn natural_and_min(elems: &[Elem]) -> (f64, f64) {
    let (mut nat, mut min, mut word) = (0.0f64, 0.0f64, 0.0f64);
    for e in elems {
        match *e {
            Elem::Box { width } => {
                nat += width;
                word += width;
            }
            Elem::Glue { width, stretch, .. } => {
                if stretch < FILL {
                    nat += width;
                }
                min = min.max(word);
                word = 0.0;
            }
            Elem::Penalty { .. } => {}
        }
    }
    (nat, min.max(word))
}

/// The columns of a table as its rows are set.
struct Columns<'a> {
    widths: Vec<f64>,
    align: &'a [ColAlign],
    /// Left edge of the table.
    x: f64,
    /// Type size and leading of the cells.
    size: f64,
    lead: f64,
    /// Padding inside each cell.
    pad: f64,
}

/// Whether an item is a glyph run that ends its line.
fn ends_line(item: &(Point, Item)) -> bool {
    matches!(item, (_, Item::Glyphs(run)) if run.ends_line)
}
