//! Floats: a figure that does not fit at the foot of the page where it stands moves to the
//! top of the next page while the text after it fills the page, as LaTeX's `[tp]` floats
//! do, so no figure leaves a hole of more than [`HOLE_LINES`] lines. The flow is paginated;
//! where a page ends that many lines short because the next page opens with a figure, the
//! figure (with the caption slots kept with it) is moved past as many following text lines
//! as fill the hole, and the flow paginated again. A figure only moves past lines of
//! running text, never past a heading, a table or another figure, so figures keep their
//! order and stay in their section; when several crowd one page each waits its turn at the
//! top of the next.

use super::blocks::{Flow, Kind, Slot};
use super::paginate::{paginate, BodyPage};

/// The most lines a page may end short of its foot because a figure would not fit there.
pub const HOLE_LINES: f64 = 3.0;

/// Rounds of moving one figure and paginating again (each round fills one hole).
const MAX_ROUNDS: usize = 12;

/// [`paginate`], with figures floated to the next page's top where they would leave a hole.
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
        let moved = hole(&pages, height, leading)
            .is_some_and(|(figure, room)| defer(&mut flow.slots, figure, room));
        if !moved {
            *flow = trial;
            return pages;
        }
    }
    paginate(flow, height, measure, leading, first_recto)
}

/// The first page that ends more than [`HOLE_LINES`] short because the page after it opens
/// with a figure: which figure of the flow that is (counting from 0) and the room left.
fn hole(pages: &[BodyPage], height: f64, leading: f64) -> Option<(usize, f64)> {
    let mut figures = 0;
    for (i, page) in pages.iter().enumerate() {
        let opens_next = pages.get(i + 1).and_then(|next| {
            (next.slots.iter())
                .map(|(_, s)| s)
                .find(|s| s.kind != Kind::Space)
        });
        figures += page.slots.iter().filter(|(_, s)| s.float).count();
        let room = height - page.end();
        if page.foot.is_empty()
            && opens_next.is_some_and(|s| s.float)
            && room > HOLE_LINES * leading
        {
            return Some((figures, room));
        }
    }
    None
}

/// Moves figure number `figure` of `slots` (and the slots kept with it) past the lines of
/// text after it that fit in `room`: whether it moved.
fn defer(slots: &mut Vec<Slot>, figure: usize, room: f64) -> bool {
    let Some(start) = (slots.iter().enumerate())
        .filter(|(_, s)| s.float)
        .nth(figure)
        .map(|(i, _)| i)
    else {
        return false;
    };
    let mut end = start;
    while slots[end].keep_with_next && end + 1 < slots.len() {
        end += 1;
    }
    // The space around the figure goes with it (dropped where it opens a page).
    let is_space = |i: usize| slots.get(i).is_some_and(|s| s.kind == Kind::Space);
    let start = if start > 0 && is_space(start - 1) {
        start - 1
    } else {
        start
    };
    if is_space(end + 1) {
        end += 1;
    }
    let mut taken = 0.0;
    let mut past = end;
    for (i, s) in slots.iter().enumerate().skip(end + 1) {
        let text = matches!(s.kind, Kind::Line(..) | Kind::Space);
        if !text || s.float || taken + s.height > room {
            break;
        }
        if s.kind != Kind::Space {
            taken += s.height;
            past = i;
        }
    }
    if past == end {
        return false;
    }
    // The figure keeps its place in the text, so the EPUB's page-list marks the page it
    // opens before the figure, as print shows it.
    let group: Vec<Slot> = slots.drain(start..=end).collect();
    let at = past - group.len() + 1;
    slots.splice(at..at, group);
    true
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
