//! Floats: a figure, or a captioned table, that does not fit at the foot of the page where
//! it stands moves to the top of the next page while the text after it fills the page, as
//! LaTeX's `[tp]` floats do, so no float leaves a hole of more than [`HOLE_LINES`] lines.
//! The flow is paginated; where a page ends that many lines short because the next page
//! opens with a float (or with headings kept with one), the float (with its caption, source
//! line or rows) is moved past as much of what follows as fills the hole, and the flow
//! paginated again. A float moves past running text and the article's headings, as LaTeX's
//! floats pass subsection heads, but never past another float, a table without caption or
//! other set-apart matter, and never earlier than it stands: floats keep their order and
//! stay in their article (a flow is one article). It stops only where a page may end: after
//! a line that leaves no widow or orphan and ends no word with a hyphen, never after a
//! heading. When it moves away from a paragraph that followed it, the paragraph now follows
//! the one before the float and takes the first-line indent of a continuing paragraph.

use super::blocks::{Flow, Kind, Slot};
use super::paginate::{paginate, BodyPage};

/// The most lines a page may end short of its foot because a float would not fit there.
pub const HOLE_LINES: f64 = 3.0;

/// Rounds of moving one float and paginating again (each round fills one hole, or fills it
/// further).
const MAX_ROUNDS: usize = 12;

/// [`paginate`], with floats moved to the next page's top where they would leave a hole.
pub fn paginate_floating(
    flow: &mut Flow,
    height: f64,
    measure: f64,
    leading: f64,
    first_recto: bool,
) -> Vec<BodyPage> {
    if !flow.slots.iter().any(|s| s.float) {
        return paginate(flow, height, measure, leading, first_recto);
    }
    for _ in 0..MAX_ROUNDS {
        let mut trial = flow.clone();
        let pages = paginate(&mut trial, height, measure, leading, first_recto);
        let moved =
            hole(&pages, height, leading).is_some_and(|(float, room)| defer(flow, float, room));
        if !moved {
            *flow = trial;
            return pages;
        }
    }
    paginate(flow, height, measure, leading, first_recto)
}

/// Whether a slot is a heading (kept with what follows, with an outline entry) that a
/// float may pass.
fn is_heading(s: &Slot) -> bool {
    s.kind == Kind::Other && s.keep_with_next && s.outline.is_some() && !s.float && !s.float_part
}

/// The first page that ends more than [`HOLE_LINES`] short because the page after it opens
/// with a float, or with headings kept with one: which float of the flow that is (counting
/// from 0) and the room it leaves for what may move up past it (the room less what stands
/// above the float on its page).
fn hole(pages: &[BodyPage], height: f64, leading: f64) -> Option<(usize, f64)> {
    let mut floats = 0;
    for (i, page) in pages.iter().enumerate() {
        floats += page.slots.iter().filter(|(_, s)| s.float).count();
        let room = height - page.end();
        if !page.foot.is_empty() || room <= HOLE_LINES * leading {
            continue;
        }
        let Some(next) = pages.get(i + 1) else {
            continue;
        };
        let opening = (next.slots.iter())
            .find(|(_, s)| s.kind != Kind::Space && !is_heading(s))
            .filter(|(_, s)| s.float);
        if let Some((y, _)) = opening {
            if room - y > leading {
                return Some((floats, room - y));
            }
        }
    }
    None
}

/// Whether a page may end after slot `i` of `slots` (with a float after it, the paginator
/// no longer sees the paragraph go on): not after a heading, a hyphen or space, nor after
/// a paragraph's first line or before its last when it has more.
fn may_end(slots: &[Slot], i: usize) -> bool {
    let s = &slots[i];
    if s.kind == Kind::Space || s.keep_with_next || s.line.is_some_and(|l| l.hyphen) {
        return false;
    }
    match s.kind {
        // A line before the last, or one leaving two or more after it and one before.
        Kind::Line(_, k, n) => k + 1 == n || (k >= 1 && n - k > 2),
        _ => true,
    }
}

/// Moves float number `float` of the flow (and the slots that go with it) past what follows
/// it that fits in `room` (lines of text, the article's headings): whether it moved.
fn defer(flow: &mut Flow, float: usize, room: f64) -> bool {
    let slots = &mut flow.slots;
    let Some(start) = (slots.iter().enumerate())
        .filter(|(_, s)| s.float)
        .nth(float)
        .map(|(i, _)| i)
    else {
        return false;
    };
    let mut end = start;
    while end + 1 < slots.len() && (slots[end].keep_with_next || slots[end + 1].float_part) {
        end += 1;
    }
    // The space around the float goes with it (dropped where it opens a page).
    let is_space = |i: usize| slots.get(i).is_some_and(|s| s.kind == Kind::Space);
    let start = if start > 0 && is_space(start - 1) {
        start - 1
    } else {
        start
    };
    if is_space(end + 1) {
        end += 1;
    }
    indent_follower(flow, end + 1);
    let slots = &mut flow.slots;
    let mut taken = 0.0;
    let mut past = end;
    for (i, s) in slots.iter().enumerate().skip(end + 1) {
        let passable = matches!(s.kind, Kind::Line(..) | Kind::Space) || is_heading(s);
        if !passable || s.float || s.float_part || taken + s.height > room {
            break;
        }
        taken += s.height;
        if may_end(slots, i) {
            past = i;
        }
    }
    if past == end {
        return false;
    }
    // The float keeps its place in the text, so the EPUB's page-list marks the page it
    // opens before the float, as print shows it.
    let group: Vec<Slot> = slots.drain(start..=end).collect();
    let at = past - group.len() + 1;
    slots.splice(at..at, group);
    true
}

/// When the slot at `at` opens a paragraph set unindented after a float, its lines set
/// indented in its place (the float is moving away, and it goes on from the paragraph
/// before the float).
fn indent_follower(flow: &mut Flow, at: usize) {
    let Some(Kind::Line(id, 0, _)) = flow.slots.get(at).map(|s| s.kind) else {
        return;
    };
    let Some(lines) = flow.indented.remove(&id) else {
        return;
    };
    let n = (flow.slots[at..].iter())
        .take_while(|s| matches!(s.kind, Kind::Line(p, ..) if p == id))
        .count();
    flow.slots.splice(at..at + n, lines);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 6-line paragraph, a 5-line figure with a one-line caption, a 12-line paragraph;
    /// ten lines a page.
    fn flow() -> Flow {
        let mut f = Flow::default();
        f.slots.extend((0..6).map(|i| Slot::test_line(0, i, 6)));
        let mut figure = Slot::other(50.0, Vec::new());
        figure.float = true;
        figure.keep_with_next = true;
        f.slots.push(figure);
        f.slots.push(Slot::other(10.0, Vec::new()));
        f.slots.extend((0..12).map(|i| Slot::test_line(1, i, 12)));
        f
    }

    #[test]
    fn a_figure_that_does_not_fit_floats_to_the_next_page_and_the_text_fills_the_hole() {
        let mut f = flow();
        let plain = paginate(&mut f.clone(), 100.0, 100.0, 10.0, true);
        assert!(
            100.0 - plain[0].end() > HOLE_LINES * 10.0,
            "the case has a hole"
        );
        let pages = paginate_floating(&mut f, 100.0, 100.0, 10.0, true);
        assert!(
            100.0 - pages[0].end() <= HOLE_LINES * 10.0,
            "{}",
            pages[0].end()
        );
        let first = pages[1].slots.iter().find(|(_, s)| s.kind != Kind::Space);
        assert!(
            first.is_some_and(|(_, s)| s.float),
            "the figure opens page 2"
        );
        let caption = &pages[1]
            .slots
            .iter()
            .find(|(_, s)| !s.float && s.kind == Kind::Other);
        assert!(caption.is_some(), "its caption stays with it");
        let lines: usize = (pages.iter())
            .map(|p| {
                (p.slots.iter())
                    .filter(|(_, s)| s.line.is_some() || s.grid)
                    .count()
            })
            .sum();
        assert_eq!(lines, 18, "every line is set");
    }
}
