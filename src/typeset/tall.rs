//! Slots taller than a page — a title of many lines at display size, a table row whose cell
//! holds a long text, a heading in a small page at large type — cut between their lines
//! before pagination, so that every piece fits a page and nothing runs off its foot. A
//! float cut so stays one float.

use super::blocks::{Kind, Slot};
use super::frame::{Item, Point};

/// How far a glyph run reaches above and below its baseline, in ems of its size: the
/// tallest accents and the deepest descenders of the book faces.
const ASCENT: f64 = 1.0;
const DESCENT: f64 = 0.3;

/// `slots` with every slot taller than `max` cut into pieces no taller than `max` (an item
/// itself taller stays whole, alone in its piece).
pub fn split_tall(slots: Vec<Slot>, max: f64) -> Vec<Slot> {
    if slots.iter().all(|s| s.height <= max) {
        return slots;
    }
    let mut out = Vec::with_capacity(slots.len());
    for s in slots {
        if s.height <= max || s.items.is_empty() {
            out.push(s);
        } else {
            out.extend(cut(s, max));
        }
    }
    out
}

/// The vertical extent of an item, from the slot's top.
fn extent(p: &Point, item: &Item) -> (f64, f64) {
    match item {
        Item::Glyphs(run) => (p.y - run.size * ASCENT, p.y + run.size * DESCENT),
        Item::Rect { height, .. } | Item::Image { height, .. } | Item::Link { height, .. } => {
            (p.y, p.y + height)
        }
        Item::Anchor(_) | Item::ActualText(_) | Item::EndActualText => (p.y, p.y),
    }
}

/// Cuts one tall slot: pieces begin where an item that would not fit the piece above it
/// begins; the first piece keeps the slot's outline entry, notes and source, the last its
/// wish to stay with what follows.
fn cut(s: Slot, max: f64) -> Vec<Slot> {
    let spans: Vec<(f64, f64)> = s.items.iter().map(|(p, i)| extent(p, i)).collect();
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by(|&a, &b| spans[a].0.total_cmp(&spans[b].0));
    // The top of each piece, and the piece each item goes to.
    let mut tops = vec![0.0f64];
    let mut piece = vec![0usize; spans.len()];
    for &i in &order {
        let (top, bottom) = spans[i];
        let current = *tops.last().expect("a piece");
        if bottom - current > max && top > current {
            tops.push(top);
        }
        piece[i] = tops.len() - 1;
    }
    let n = tops.len();
    let mut pieces: Vec<Slot> = (0..n)
        .map(|k| {
            let bottom = tops.get(k + 1).copied().unwrap_or(s.height.max(tops[k]));
            Slot {
                height: bottom - tops[k],
                items: Vec::new(),
                notes: Vec::new(),
                kind: Kind::Other,
                keep_with_next: false,
                grid: false,
                outline: None,
                line: None,
                source: None,
                float: false,
                float_part: s.float || s.float_part,
            }
        })
        .collect();
    for (i, (p, item)) in s.items.into_iter().enumerate() {
        let k = piece[i];
        let at = Point {
            x: p.x,
            y: p.y - tops[k],
        };
        pieces[k].items.push((at, item));
    }
    let first = &mut pieces[0];
    first.notes = s.notes;
    first.outline = s.outline;
    first.source = s.source;
    // A float cut in pieces floats whole: its first piece leads, the rest go with it.
    first.float = s.float;
    first.float_part = s.float_part;
    pieces[n - 1].keep_with_next = s.keep_with_next;
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::frame::Color;

    fn rule(y: f64) -> (Point, Item) {
        (
            Point { x: 0.0, y },
            Item::Rect {
                width: 10.0,
                height: 8.0,
                color: Color::BLACK,
            },
        )
    }

    #[test]
    fn a_slot_taller_than_a_page_is_cut_between_its_lines() {
        let mut tall = Slot::other(100.0, (0..10).map(|k| rule(k as f64 * 10.0)).collect());
        tall.keep_with_next = true;
        tall.outline = Some((1, "Title".into()));
        tall.notes = vec![3];
        let short = Slot::other(20.0, vec![rule(0.0)]);
        let out = split_tall(vec![tall, short], 35.0);
        let heights: Vec<f64> = out.iter().map(|s| s.height).collect();
        assert_eq!(heights, [30.0, 30.0, 30.0, 10.0, 20.0]);
        assert!(out.iter().all(|s| s.height <= 35.0));
        let items: usize = out[..4].iter().map(|s| s.items.len()).sum();
        assert_eq!(items, 10);
        assert!(out[..4]
            .iter()
            .flat_map(|s| &s.items)
            .all(|(p, _)| p.y >= 0.0 && p.y + 8.0 <= 35.0));
        assert_eq!(out[0].notes, [3]);
        assert!(out[0].outline.is_some() && out[1].outline.is_none());
        assert!(out[3].keep_with_next && !out[0].keep_with_next);
    }
}
