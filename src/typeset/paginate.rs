//! Pagination: an article's flow of slots → pages of a fixed text-block height, with each
//! footnote at the foot of the page where it is referenced (a long one running on), body
//! lines snapped to the baseline grid, and no widows, orphans or headings at a page foot —
//! reached by moving lines to the next page, never by changing the leading.

use super::blocks::{Flow, Kind, Slot, RULE};
use super::frame::{Item, Point};

/// Length of the short rule above the notes, as a share of the measure.
pub const NOTE_RULE_SHARE: f64 = 0.3;
/// Body lines that must stay above the notes when a note runs on (else the note moves).
pub const MIN_BODY_LINES_WITH_CARRY: f64 = 2.0;

/// One page of an article: slots placed from the text block's top, and the notes at its foot.
#[derive(Debug, Clone, Default)]
pub struct BodyPage {
    /// (y of the slot's top, slot), y from the text block's top.
    pub slots: Vec<(f64, Slot)>,
    /// Note lines with their y from the text block's top.
    pub foot: Vec<(f64, Slot)>,
    /// The rule above the notes (y, width), when there are notes.
    pub rule: Option<(f64, f64)>,
}

struct Fill {
    end: usize,
    placed: Vec<(f64, usize)>,
    foot: Vec<Slot>,
    carry: Vec<Slot>,
}

/// Breaks a flow into pages of `height`, `measure` wide, with body leading `leading`.
pub fn paginate(flow: &Flow, height: f64, measure: f64, leading: f64) -> Vec<BodyPage> {
    let mut pages = Vec::new();
    let mut start = 0;
    let mut carry: Vec<Slot> = Vec::new();
    let n = flow.slots.len();
    while start < n || !carry.is_empty() {
        let first = fill(flow, start, n, &carry, height, leading);
        let end = if first.end < n {
            adjust(&flow.slots, start, first.end)
        } else {
            first.end
        };
        let f = if end == first.end {
            first
        } else {
            fill(flow, start, end, &carry, height, leading)
        };
        pages.push(place(flow, f.placed, &f.foot, height, measure, leading));
        carry = f.carry;
        if f.end == start && carry.is_empty() && start < n {
            // Cannot happen (a page always takes one slot), but never loop forever.
            start += 1;
        } else {
            start = f.end;
        }
    }
    pages
}

fn snap(y: f64, leading: f64) -> f64 {
    ((y - 1e-6) / leading).ceil().max(0.0) * leading
}

fn foot_height(lines: &[Slot], leading: f64) -> f64 {
    if lines.is_empty() {
        0.0
    } else {
        leading + lines.iter().map(|s| s.height).sum::<f64>()
    }
}

fn fill(
    flow: &Flow,
    start: usize,
    limit: usize,
    carry_in: &[Slot],
    height: f64,
    leading: f64,
) -> Fill {
    let mut foot: Vec<Slot> = Vec::new();
    let mut carry: Vec<Slot> = Vec::new();
    let room_for_carry = height - MIN_BODY_LINES_WITH_CARRY * leading;
    for s in carry_in {
        if carry.is_empty()
            && (foot.is_empty() || foot_height(&foot, leading) + s.height <= room_for_carry)
        {
            foot.push(s.clone());
        } else {
            carry.push(s.clone());
        }
    }
    let mut placed: Vec<(f64, usize)> = Vec::new();
    let mut y = 0.0;
    let mut j = start;
    while j < limit {
        let s = &flow.slots[j];
        if s.kind == Kind::Space && placed.is_empty() {
            j += 1;
            continue;
        }
        let top = if s.grid { snap(y, leading) } else { y };
        let bottom = top + s.height;
        let notes: Vec<Slot> = s
            .notes
            .iter()
            .filter_map(|n| flow.notes.get(n))
            .flatten()
            .cloned()
            .collect();
        let mut with = foot.clone();
        with.extend(notes.iter().cloned());
        if carry.is_empty() && bottom + foot_height(&with, leading) <= height + 1e-6 {
            placed.push((top, j));
            foot = with;
            y = bottom;
            j += 1;
            continue;
        }
        let first_note_fits = carry.is_empty()
            && !notes.is_empty()
            && bottom
                + foot_height(&foot, leading)
                + notes[0].height
                + if foot.is_empty() { leading } else { 0.0 }
                <= height + 1e-6;
        if first_note_fits || placed.is_empty() {
            // Place the slot and as much of its notes as fits; the rest runs on.
            placed.push((top, j));
            for line in notes {
                let mut trial = foot.clone();
                trial.push(line.clone());
                if carry.is_empty()
                    && (bottom + foot_height(&trial, leading) <= height + 1e-6 || foot.is_empty())
                {
                    foot = trial;
                } else {
                    carry.push(line);
                }
            }
            j += 1;
            if !placed.is_empty() && first_note_fits {
                break;
            }
            y = bottom;
            continue;
        }
        break;
    }
    Fill {
        end: j,
        placed,
        foot,
        carry,
    }
}

/// Moves a page break earlier so that no paragraph leaves one line alone on either side and
/// no heading ends a page. Returns the new end (or `end` when moving would empty the page).
pub fn adjust(slots: &[Slot], start: usize, end: usize) -> usize {
    let mut b = end;
    for _ in 0..8 {
        let Some(prev) = (start..b).rev().find(|&i| slots[i].kind != Kind::Space) else {
            return end;
        };
        if slots[prev].keep_with_next {
            b = prev;
            continue;
        }
        let Some(next) = (b..slots.len()).find(|&i| slots[i].kind != Kind::Space) else {
            return b;
        };
        if let (Kind::Line(p, i, _), Kind::Line(q, _, c)) = (slots[prev].kind, slots[next].kind) {
            if p == q {
                let before = i + 1;
                let after = c - i - 1;
                if before == 1 || after == 1 {
                    b = if next == b { b - 1 } else { prev };
                    continue;
                }
            }
        }
        break;
    }
    if b <= start || (start..b).all(|i| slots[i].kind == Kind::Space) {
        end
    } else {
        b
    }
}

fn place(
    flow: &Flow,
    placed: Vec<(f64, usize)>,
    foot: &[Slot],
    height: f64,
    measure: f64,
    leading: f64,
) -> BodyPage {
    let slots = placed
        .into_iter()
        .map(|(y, j)| (y, flow.slots[j].clone()))
        .collect();
    let fh = foot_height(foot, leading);
    let mut y = height - fh + leading;
    let mut out = Vec::new();
    for s in foot {
        out.push((y, s.clone()));
        y += s.height;
    }
    let rule =
        (!foot.is_empty()).then(|| (height - fh + leading * 0.45, measure * NOTE_RULE_SHARE));
    BodyPage {
        slots,
        foot: out,
        rule,
    }
}

impl BodyPage {
    /// The page's items, relative to the text block's top-left corner.
    pub fn items(&self) -> Vec<(Point, Item)> {
        let mut out = Vec::new();
        let mut add = |y: f64, s: &Slot| {
            for (p, it) in &s.items {
                out.push((Point { x: p.x, y: p.y + y }, it.clone()));
            }
        };
        for (y, s) in &self.slots {
            add(*y, s);
        }
        if let Some((y, w)) = self.rule {
            out.push((Point { x: 0.0, y }, super::blocks::rect(w, RULE)));
        }
        for (y, s) in &self.foot {
            for (p, it) in &s.items {
                out.push((Point { x: p.x, y: p.y + y }, it.clone()));
            }
        }
        out
    }
}

/// Widows and orphans across page breaks of an article's pages: (widows, orphans).
pub fn count_widows_orphans(pages: &[BodyPage]) -> (usize, usize) {
    let (mut widows, mut orphans) = (0, 0);
    for w in pages.windows(2) {
        let last = w[0].slots.iter().rev().find(|(_, s)| s.kind != Kind::Space);
        let first = w[1].slots.iter().find(|(_, s)| s.kind != Kind::Space);
        if let (Some((_, a)), Some((_, b))) = (last, first) {
            if let (Kind::Line(p, i, _), Kind::Line(q, k, c)) = (a.kind, b.kind) {
                if p == q {
                    if i == 0 {
                        orphans += 1;
                    }
                    if k + 1 == c {
                        widows += 1;
                    }
                }
            }
        }
    }
    (widows, orphans)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(p: u32, i: u16, c: u16) -> Slot {
        Slot {
            kind: Kind::Line(p, i, c),
            grid: true,
            ..Slot::space(10.0)
        }
    }

    fn flow(paras: &[u16]) -> Flow {
        let mut f = Flow::default();
        for (k, &n) in paras.iter().enumerate() {
            for i in 0..n {
                f.slots.push(line(k as u32, i, n));
            }
        }
        f
    }

    #[test]
    fn no_widows_or_orphans() {
        for lines_per_page in 5..12 {
            let f = flow(&[3, 4, 2, 7, 3, 5, 9, 2, 3, 4, 6]);
            let pages = paginate(&f, lines_per_page as f64 * 10.0, 100.0, 10.0);
            assert_eq!(count_widows_orphans(&pages), (0, 0), "{lines_per_page}");
            let total: usize = pages.iter().map(|p| p.slots.len()).sum();
            assert_eq!(total, f.slots.len());
        }
    }

    #[test]
    fn heading_not_last_on_page() {
        let mut f = flow(&[4]);
        let mut h = Slot {
            kind: Kind::Other,
            keep_with_next: true,
            ..Slot::space(10.0)
        };
        h.height = 10.0;
        f.slots.push(h);
        f.slots.extend((0..4).map(|i| line(9, i, 4)));
        let pages = paginate(&f, 50.0, 100.0, 10.0);
        assert!(!pages[0].slots.last().unwrap().1.keep_with_next);
    }
}
