//! Pagination: an article's flow of slots → pages of a fixed text-block height, with each
//! footnote at the foot of the page where it is referenced (a long one running on), body
//! lines snapped to the baseline grid, no widows, orphans or headings at a page foot and no
//! word hyphenated over a page turn — reached by moving lines to the next page, never by
//! changing the leading — and facing pages that end on the same baseline, a spread being
//! set a line short or long when that brings its two pages level, or its recto set short
//! to match a verso that a figure or heading left short.

use super::blocks::{Flow, Kind, Slot};
use super::frame::{Item, Point};
use super::tall::split_tall;
use super::type_scale::{NOTE_RULE_DROP_LINES, RULE};
use crate::model::TextPoint;

/// Length of the short rule above the notes, as a share of the measure.
pub const NOTE_RULE_SHARE: f64 = 0.3;
/// Body lines that must stay above the notes when a note runs on (else the note moves).
pub const MIN_BODY_LINES_WITH_CARRY: f64 = 2.0;
/// Text-block heights a spread may be set to, in lines beyond the normal block, tried in
/// this order when its two pages would end on different baselines: a line short first,
/// then a line long, as compositors do (a long page's last line still sits a line above
/// the folio, so nothing comes nearer the trim than the folio already is); never more, so a
/// spread never looks visibly shorter or longer than its neighbours. Without the long
/// setting, 4 of the sample anthology's 11 spreads stayed uneven instead of 1 of 10.
pub const SPREAD_ADJUST_LINES: [f64; 2] = [-1.0, 1.0];
/// Most lines a recto is set short to match the verso facing it (beyond that a spread
/// would look unfinished, and the recto keeps its full depth).
pub const MAX_MATCH_LINES: f64 = 3.0;
/// Two planned pages end level when their ends are closer than this, in points.
const LEVEL: f64 = 1.0;

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

/// A line of a note: (note number, line index).
type NoteLine = (u32, usize);

#[derive(Clone)]
struct Fill {
    end: usize,
    placed: Vec<(f64, usize)>,
    foot: Vec<NoteLine>,
    carry: Vec<NoteLine>,
}

/// Breaks a flow into pages of `height`, `measure` wide, with body leading `leading`; the
/// first page is a recto when `first_recto` (so the flow's spreads are known). The flow's
/// slots are moved into the pages.
pub fn paginate(
    flow: &mut Flow,
    height: f64,
    measure: f64,
    leading: f64,
    first_recto: bool,
) -> Vec<BodyPage> {
    // A page may be planned a line short to level a spread: no slot may be taller.
    let tallest = (height - leading).max(leading);
    flow.slots = split_tall(std::mem::take(&mut flow.slots), tallest);
    for lines in flow.notes.values_mut() {
        *lines = split_tall(std::mem::take(lines), tallest);
    }
    let n = flow.slots.len();
    let mut plans: Vec<(Fill, f64)> = Vec::new();
    let mut start = 0;
    let mut carry: Vec<NoteLine> = Vec::new();
    while start < n || !carry.is_empty() {
        // Page k of the flow is a recto when k is even and the flow opens on a recto.
        let verso = plans.len().is_multiple_of(2) != first_recto;
        let page = plan(flow, start, &carry, height, leading);
        if verso && !page.is_last(n) {
            for (f, h) in spread(flow, start, &carry, height, leading, page) {
                plans.push((f, h));
            }
        } else {
            plans.push((page, height));
        }
        let (last, _) = plans.last().expect("a page was just planned");
        start = if last.end == start && start < n {
            start + 1 // a page always takes a slot; never loop forever
        } else {
            last.end
        };
        carry = last.carry.clone();
    }
    plans
        .iter()
        .map(|(f, h)| place(flow, f, *h, measure, leading))
        .collect()
}

/// One page from slot `start` and the notes `carry` run on into it, filled to `height`,
/// its break moved earlier for widows, orphans, headings and hyphens.
fn plan(flow: &Flow, start: usize, carry: &[NoteLine], height: f64, leading: f64) -> Fill {
    let n = flow.slots.len();
    let first = fill(flow, start, n, carry, height, leading);
    let end = if first.end < n {
        adjust(&flow.slots, start, first.end)
    } else {
        first.end
    };
    if end == first.end {
        first
    } else {
        fill(flow, start, end, carry, height, leading)
    }
}

/// A verso (`left`, planned at the normal `height`) and the recto facing it, at the height
/// of the first of normal, short and long that ends both pages on the same baseline; at the
/// normal height when none does. A recto that ends the flow needs no partner.
fn spread(
    flow: &Flow,
    start: usize,
    carry: &[NoteLine],
    height: f64,
    leading: f64,
    left: Fill,
) -> Vec<(Fill, f64)> {
    let n = flow.slots.len();
    let right = plan(flow, left.end, &left.carry, height, leading);
    if right.is_last(n) || level(flow, &left, &right, height) {
        return vec![(left, height), (right, height)];
    }
    for lines in SPREAD_ADJUST_LINES {
        let h = height + lines * leading;
        let l = plan(flow, start, carry, h, leading);
        if l.is_last(n) {
            continue;
        }
        let r = plan(flow, l.end, &l.carry, h, leading);
        if !r.is_last(n) && level(flow, &l, &r, h) {
            return vec![(l, h), (r, h)];
        }
    }
    // A verso that a figure, table or heading kept with its text left short: the recto is
    // made to match it, as compositors do, when that costs it no more than a few lines.
    let end = left.bottom(flow, height);
    let short = height - end;
    if short > LEVEL && short <= MAX_MATCH_LINES * leading + LEVEL {
        let r = plan(flow, left.end, &left.carry, end, leading);
        if !r.is_last(n) && (r.bottom(flow, end) - end).abs() < LEVEL {
            return vec![(left, height), (r, end)];
        }
    }
    vec![(left, height), (right, height)]
}

/// Whether two pages planned at `height` end on the same baseline.
fn level(flow: &Flow, a: &Fill, b: &Fill, height: f64) -> bool {
    (a.bottom(flow, height) - b.bottom(flow, height)).abs() < LEVEL
}

impl Fill {
    /// Whether this page ends the flow.
    fn is_last(&self, n: usize) -> bool {
        self.end >= n && self.carry.is_empty()
    }

    /// Where the page's matter ends (see [`BodyPage::end`]), for a page of `height`.
    fn bottom(&self, flow: &Flow, height: f64) -> f64 {
        if !self.foot.is_empty() {
            return height;
        }
        self.placed
            .iter()
            .filter(|&&(_, j)| flow.slots[j].kind != Kind::Space)
            .map(|&(y, j)| y + flow.slots[j].height)
            .fold(0.0, f64::max)
    }
}

fn snap(y: f64, leading: f64) -> f64 {
    ((y - 1e-6) / leading).ceil().max(0.0) * leading
}

fn note_h(flow: &Flow, l: NoteLine) -> f64 {
    flow.notes
        .get(&l.0)
        .and_then(|v| v.get(l.1))
        .map(|s| s.height)
        .unwrap_or(0.0)
}

/// Height of the foot with lines of total height `lines`: a gap with the rule, then lines.
fn foot_height(lines: f64, leading: f64) -> f64 {
    if lines > 0.0 {
        leading + lines
    } else {
        0.0
    }
}

fn fill(
    flow: &Flow,
    start: usize,
    limit: usize,
    carry_in: &[NoteLine],
    height: f64,
    leading: f64,
) -> Fill {
    let mut foot: Vec<NoteLine> = Vec::new();
    let mut foot_lines = 0.0;
    let mut carry: Vec<NoteLine> = Vec::new();
    let room_for_carry = height - MIN_BODY_LINES_WITH_CARRY * leading;
    for &l in carry_in {
        let h = note_h(flow, l);
        if carry.is_empty()
            && (foot.is_empty() || foot_height(foot_lines + h, leading) <= room_for_carry)
        {
            foot.push(l);
            foot_lines += h;
        } else {
            carry.push(l);
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
        let notes = note_lines(flow, &s.notes);
        let need: f64 = notes.iter().map(|&l| note_h(flow, l)).sum();
        if carry.is_empty() && bottom + foot_height(foot_lines + need, leading) <= height + 1e-6 {
            placed.push((top, j));
            foot.extend(notes);
            foot_lines += need;
            y = bottom;
            j += 1;
            continue;
        }
        let first_note_fits = carry.is_empty()
            && !notes.is_empty()
            && bottom + foot_height(foot_lines + note_h(flow, notes[0]), leading) <= height + 1e-6;
        if first_note_fits || placed.is_empty() {
            // Place the slot and as much of its notes as fits; the rest runs on.
            placed.push((top, j));
            for l in notes {
                let h = note_h(flow, l);
                let fits = bottom + foot_height(foot_lines + h, leading) <= height + 1e-6;
                if carry.is_empty() && (fits || foot.is_empty()) {
                    foot.push(l);
                    foot_lines += h;
                } else {
                    carry.push(l);
                }
            }
            j += 1;
            if first_note_fits {
                break;
            }
            y = bottom;
            continue;
        }
        break;
    }
    // A note that runs on must not break over the turn in a hyphenated word: its last line
    // here goes over too, as long as the note keeps a line on this page.
    if let (Some(&last), Some(&next)) = (foot.last(), carry.first()) {
        let before = foot.get(foot.len().wrapping_sub(2));
        if last.0 == next.0 && before.is_some_and(|b| b.0 == last.0) && note_hyphenated(flow, last)
        {
            foot.pop();
            carry.insert(0, last);
        }
    }
    Fill {
        end: j,
        placed,
        foot,
        carry,
    }
}

/// The lines of notes `numbers`, each note followed by the notes its own text references
/// (a note within a note goes to the same foot, after the note that calls it).
fn note_lines(flow: &Flow, numbers: &[u32]) -> Vec<NoteLine> {
    let mut out = Vec::new();
    if numbers.is_empty() {
        return out;
    }
    let mut done = Vec::new();
    let mut todo: Vec<u32> = numbers.iter().rev().copied().collect();
    while let Some(n) = todo.pop() {
        if done.contains(&n) {
            continue;
        }
        done.push(n);
        let lines = flow.notes.get(&n).map_or(&[][..], Vec::as_slice);
        out.extend((0..lines.len()).map(|k| (n, k)));
        let inner: Vec<u32> = lines.iter().flat_map(|s| s.notes.iter().copied()).collect();
        todo.extend(inner.into_iter().rev());
    }
    out
}

/// Whether a note line ends with a hyphen.
fn note_hyphenated(flow: &Flow, l: NoteLine) -> bool {
    flow.notes
        .get(&l.0)
        .and_then(|v| v.get(l.1))
        .and_then(|s| s.line)
        .is_some_and(|s| s.hyphen)
}

/// Moves a page break earlier so that no paragraph leaves one line alone on either side, no
/// heading ends a page and no page ends on a hyphen (the word would be broken over the
/// turn). Returns the new end (or `end` when moving would empty the page).
pub fn adjust(slots: &[Slot], start: usize, end: usize) -> usize {
    let mut b = end;
    for _ in 0..8 {
        let Some(prev) = (start..b).rev().find(|&i| slots[i].kind != Kind::Space) else {
            return end;
        };
        if slots[prev].keep_with_next || slots[prev].line.is_some_and(|l| l.hyphen) {
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

fn place(flow: &mut Flow, f: &Fill, height: f64, measure: f64, leading: f64) -> BodyPage {
    let slots = f
        .placed
        .iter()
        .map(|&(y, j)| (y, std::mem::replace(&mut flow.slots[j], Slot::space(0.0))))
        .collect();
    let lines: f64 = f.foot.iter().map(|&l| note_h(flow, l)).sum();
    let fh = foot_height(lines, leading);
    let mut y = height - fh + leading;
    let mut out = Vec::new();
    for &(n, k) in &f.foot {
        if let Some(s) = flow.notes.get_mut(&n).and_then(|v| v.get_mut(k)) {
            let h = s.height;
            out.push((y, std::mem::replace(s, Slot::space(h))));
            y += h;
        }
    }
    let rule = (!f.foot.is_empty()).then_some((
        height - fh + leading * NOTE_RULE_DROP_LINES,
        measure * NOTE_RULE_SHARE,
    ));
    BodyPage {
        slots,
        foot: out,
        rule,
    }
}

impl BodyPage {
    /// Where the page's matter ends, from the text block's top: the foot of its notes when it
    /// has any (they sit at the bottom), else the bottom of its last body slot.
    pub fn end(&self) -> f64 {
        if let Some((y, s)) = self.foot.last() {
            return y + s.height;
        }
        self.slots
            .iter()
            .filter(|(_, s)| s.kind != Kind::Space)
            .map(|(y, s)| y + s.height)
            .fold(0.0, f64::max)
    }

    /// Whether the page's last body line, or the last line of its notes, ends with a hyphen
    /// (a word broken over the turn: a note's last line here ends hyphenated only when the
    /// note runs on, since no paragraph ends on a hyphen).
    pub fn ends_hyphenated(&self) -> bool {
        let hyphen = |s: &Slot| s.line.is_some_and(|l| l.hyphen);
        self.foot.last().is_some_and(|(_, s)| hyphen(s))
            || self
                .slots
                .iter()
                .rev()
                .find(|(_, s)| s.kind != Kind::Space)
                .is_some_and(|(_, s)| hyphen(s))
    }

    /// The page's items, relative to the text block's top-left corner.
    pub fn into_items(self) -> Vec<(Point, Item)> {
        let slots = self.slots.iter().chain(&self.foot);
        let count = slots.map(|(_, s)| s.items.len()).sum::<usize>();
        let mut out = Vec::with_capacity(count + usize::from(self.rule.is_some()));
        let add = |out: &mut Vec<(Point, Item)>, y: f64, s: Slot| {
            for (p, it) in s.items {
                out.push((Point { x: p.x, y: p.y + y }, it));
            }
        };
        for (y, s) in self.slots {
            add(&mut out, y, s);
        }
        if let Some((y, w)) = self.rule {
            out.push((Point { x: 0.0, y }, super::blocks::rect(w, RULE)));
        }
        for (y, s) in self.foot {
            add(&mut out, y, s);
        }
        out
    }
}

/// Where the page's body matter begins in the article's text: its first slot that knows.
pub fn first_source(page: &BodyPage) -> Option<TextPoint> {
    page.slots.iter().find_map(|(_, s)| s.source)
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

    fn flow(paras: &[u16]) -> Flow {
        let mut f = Flow::default();
        for (k, &n) in paras.iter().enumerate() {
            for i in 0..n {
                f.slots.push(Slot::test_line(k as u32, i, n));
            }
        }
        f
    }

    #[test]
    fn no_widows_or_orphans() {
        for lines_per_page in 5..12 {
            let mut f = flow(&[3, 4, 2, 7, 3, 5, 9, 2, 3, 4, 6]);
            let pages = paginate(&mut f, lines_per_page as f64 * 10.0, 100.0, 10.0, true);
            assert_eq!(count_widows_orphans(&pages), (0, 0), "{lines_per_page}");
            let total: usize = pages.iter().map(|p| p.slots.len()).sum();
            assert_eq!(total, 48);
        }
    }

    #[test]
    fn notes_sit_on_the_page_of_their_mark_and_long_ones_run_on() {
        let mut f = flow(&[3, 3, 3, 3, 3, 3]);
        f.slots[4].notes.push(1);
        f.notes.insert(
            1,
            (0..14)
                .map(|_| Slot {
                    kind: Kind::Other,
                    ..Slot::space(8.0)
                })
                .collect(),
        );
        let pages = paginate(&mut f, 120.0, 100.0, 10.0, true);
        // The mark's line and the note's first lines share a page; the rest runs on.
        let mark_page = pages
            .iter()
            .position(|p| p.slots.iter().any(|(_, s)| s.notes.contains(&1)))
            .unwrap();
        assert!(!pages[mark_page].foot.is_empty());
        assert!(!pages[mark_page + 1].foot.is_empty());
        let placed: usize = pages.iter().map(|p| p.foot.len()).sum();
        assert_eq!(placed, 14);
        for p in &pages {
            let body = p.slots.last().map(|(y, s)| y + s.height).unwrap_or(0.0);
            let foot = p.foot.first().map(|(y, _)| *y).unwrap_or(f64::MAX);
            assert!(body <= foot, "text runs into the notes");
            assert!(p.foot.last().map(|(y, s)| y + s.height).unwrap_or(0.0) <= 120.0 + 1e-6);
        }
    }

    fn hyphenated(s: &mut Slot) {
        s.line = Some(super::super::blocks::LineStat {
            ratio: 0.0,
            hyphen: true,
            last: false,
            overfull: false,
            justified: true,
            widest_space_em: 0.0,
        });
    }

    #[test]
    fn no_page_ends_on_a_hyphen() {
        let mut hyphen_moves = 0;
        for lines_per_page in 6..16 {
            let mut f = flow(&[9, 12, 7, 15, 10, 8, 11, 13, 6]);
            // Every third line ends hyphenated (never a paragraph's last line).
            for (k, s) in f.slots.iter_mut().enumerate() {
                if let Kind::Line(_, i, c) = s.kind {
                    if i + 1 < c && k % 3 == 1 {
                        hyphenated(s);
                    }
                }
            }
            let n = f.slots.len();
            let naive_ends = (lines_per_page..n)
                .step_by(lines_per_page)
                .filter(|&k| f.slots[k - 1].line.is_some())
                .count();
            hyphen_moves += naive_ends;
            let pages = paginate(&mut f, lines_per_page as f64 * 10.0, 100.0, 10.0, true);
            let last = pages.len() - 1;
            let broken = pages[..last].iter().filter(|p| p.ends_hyphenated()).count();
            assert_eq!(broken, 0, "{lines_per_page} lines a page");
            assert_eq!(count_widows_orphans(&pages), (0, 0), "{lines_per_page}");
            assert_eq!(pages.iter().map(|p| p.slots.len()).sum::<usize>(), n);
        }
        // The flows are such that full pages would often end on a hyphen.
        assert!(hyphen_moves > 10, "{hyphen_moves}");
    }

    #[test]
    fn a_running_note_does_not_break_on_a_hyphen() {
        for lines_per_page in 9..14 {
            let mut f = flow(&[3, 3, 3, 3, 3, 3, 3, 3]);
            f.slots[4].notes.push(1);
            let mut note: Vec<Slot> = (0..16)
                .map(|_| Slot {
                    kind: Kind::Line(99, 0, 16),
                    ..Slot::space(8.0)
                })
                .collect();
            for s in note.iter_mut().step_by(2) {
                hyphenated(s);
            }
            f.notes.insert(1, note);
            let pages = paginate(&mut f, lines_per_page as f64 * 10.0, 100.0, 10.0, true);
            let split: Vec<_> = pages.iter().filter(|p| !p.foot.is_empty()).collect();
            assert!(split.len() >= 2, "the note runs on");
            for p in &split[..split.len() - 1] {
                assert!(
                    !p.ends_hyphenated(),
                    "{lines_per_page}: note broken on a hyphen"
                );
            }
        }
    }

    #[test]
    fn a_spread_short_of_a_line_ends_level() {
        // Ten lines a page. The verso (page 2) would hold B, C and D's first line, an
        // orphan, so it ends a line short while the recto is full; set both a line short,
        // the recto ends on the same baseline, and no widow or orphan appears.
        let mut f = flow(&[10, 4, 5, 4, 8, 6]);
        let pages = paginate(&mut f, 100.0, 100.0, 10.0, true);
        assert_eq!(count_widows_orphans(&pages), (0, 0));
        assert_eq!(pages.iter().map(|p| p.slots.len()).sum::<usize>(), 37);
        assert_eq!(pages[0].end(), 100.0, "the opening recto is full");
        assert_eq!(pages[1].end(), 90.0);
        assert_eq!(pages[2].end(), 90.0, "the recto ends level with its verso");
        // Opening on a verso, the same flow's first spread cannot be levelled by a line.
        let mut g = flow(&[10, 4, 5, 4, 8, 6]);
        let from_verso = paginate(&mut g, 100.0, 100.0, 10.0, false);
        assert_eq!(from_verso[0].end(), 100.0);
        assert_eq!(from_verso[1].end(), 90.0);
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
        f.slots.extend((0..4).map(|i| Slot::test_line(9, i, 4)));
        let pages = paginate(&mut f, 50.0, 100.0, 10.0, true);
        assert!(!pages[0].slots.last().unwrap().1.keep_with_next);
    }

    #[test]
    fn a_recto_is_set_short_to_match_a_verso_a_figure_left_short() {
        // Ten lines a page. The verso holds a 7-line paragraph; the 5-line figure after it
        // does not fit, so the verso ends 3 lines short. A line short or long cannot level
        // the spread; the recto is set 3 lines short instead, ending on the verso's baseline.
        let mut f = flow(&[10, 7, 12]);
        f.slots.insert(
            17,
            Slot {
                kind: Kind::Other,
                ..Slot::space(50.0)
            },
        );
        let pages = paginate(&mut f, 100.0, 100.0, 10.0, true);
        assert_eq!(count_widows_orphans(&pages), (0, 0));
        assert_eq!(pages.iter().map(|p| p.slots.len()).sum::<usize>(), 30);
        assert_eq!(pages[1].end(), 70.0, "the figure moves to the recto");
        assert_eq!(pages[2].end(), 70.0, "the recto ends level with its verso");
        assert_eq!(pages[3].end(), 100.0, "the next page is full again");
    }
}
