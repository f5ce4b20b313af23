//! Environments of rows and cells (`matrix` and its fenced forms, `cases`, `aligned`):
//! columns as wide as their widest cell, aligned as the environment says, rows at least a
//! strut apart, the whole centred on the math axis and fenced when the environment is.

use super::atoms::{fenced_box, list};
use super::mbox::MBox;
use super::{Cx, Style};
use crate::math::{Class, ColumnAlign, Env, List, Node};

/// Rows are at least this far apart, baseline to baseline, in em: TeX's `\baselineskip`
/// of 12 pt at 10 pt, which arrays keep (with a strut 70% above and 30% below).
const ROW_SKIP_EM: f64 = 1.2;
/// Share of a row's strut above its baseline.
const STRUT_HEIGHT: f64 = 0.7;
/// Extra space between the rows of `aligned`: amsmath's `\jot`, 3 pt at 10 pt.
const JOT_EM: f64 = 0.3;
/// Space between the columns of a matrix: twice `\arraycolsep` (5 pt at 10 pt).
const MATRIX_COLUMN_EM: f64 = 1.0;
/// Space between the value and the condition of `cases`: a quad.
const CASES_COLUMN_EM: f64 = 1.0;
/// Space between the pairs of columns of `aligned`.
const ALIGNED_PAIR_EM: f64 = 2.0;

/// An environment as an atom: its class and box.
pub fn table(cx: &Cx, env: Env, rows: &[Vec<List>], st: Style) -> (Class, MBox) {
    let cell_style = match env {
        Env::Aligned => Style { level: 0, ..st },
        _ => Style {
            level: st.level.max(1),
            ..st
        },
    };
    let grid = grid(cx, env, rows, cell_style);
    match env.fences() {
        (None, None) => (Class::Ord, grid),
        (open, close) => (Class::Inner, fenced_box(cx, open, close, grid, st)),
    }
}

/// The rows laid out and stacked, centred on the axis.
fn grid(cx: &Cx, env: Env, rows: &[Vec<List>], st: Style) -> MBox {
    let size = cx.size(st);
    let cells: Vec<Vec<MBox>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .enumerate()
                .map(|(i, c)| cell(cx, env, i, c, st))
                .collect()
        })
        .collect();
    let cols = cells.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<f64> = (0..cols)
        .map(|i| {
            cells
                .iter()
                .filter_map(|r| r.get(i))
                .map(|b| b.width)
                .fold(0.0, f64::max)
        })
        .collect();
    let gap = |i: usize| match env {
        Env::Cases => CASES_COLUMN_EM * size,
        Env::Aligned if i % 2 == 1 => 0.0,
        Env::Aligned => ALIGNED_PAIR_EM * size,
        _ => MATRIX_COLUMN_EM * size,
    };
    let skip = ROW_SKIP_EM * size;
    let extra = if env == Env::Aligned {
        JOT_EM * size
    } else {
        0.0
    };
    let mut out = MBox::default();
    let mut y = 0.0;
    for (k, row) in cells.into_iter().enumerate() {
        let h = row
            .iter()
            .map(|b| b.height)
            .fold(STRUT_HEIGHT * skip, f64::max);
        let d = row
            .iter()
            .map(|b| b.depth)
            .fold((1.0 - STRUT_HEIGHT) * skip, f64::max);
        if k > 0 {
            y += extra;
        }
        y += h;
        let mut x = 0.0;
        for (i, b) in row.into_iter().enumerate() {
            let free = widths[i] - b.width;
            let dx = match env.column_align(i) {
                ColumnAlign::Left => 0.0,
                ColumnAlign::Center => free / 2.0,
                ColumnAlign::Right => free,
            };
            out.place(b, x + dx, -y);
            x += widths[i] + gap(i + 1);
        }
        y += d;
    }
    out.width = widths.iter().sum::<f64>() + (1..cols).map(gap).sum::<f64>();
    // Centre the stack on the axis.
    let axis = cx.mf.pt(cx.mf.c().axis_height(), size);
    let shift = axis + y / 2.0;
    out.height = 0.0;
    out.depth = y;
    out.shifted(shift)
}

/// One cell; in `aligned`, a right-hand cell starts after an empty atom so that its
/// leading relation is spaced as in `a &= b`.
fn cell(cx: &Cx, env: Env, i: usize, c: &[Node], st: Style) -> MBox {
    if env == Env::Aligned && i % 2 == 1 {
        let mut with: Vec<Node> = Vec::with_capacity(c.len() + 1);
        with.push(Node {
            kind: crate::math::Kind::Group(Vec::new()),
            start: 0,
            end: 0,
        });
        with.extend(c.iter().cloned());
        return list(cx, &with, st);
    }
    list(cx, c, st)
}
