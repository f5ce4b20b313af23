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
        // A paragraph's last line, or one with a line before it and two or more after it.
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

    /// A float of `h` points (with a one-line caption going with it).
    fn float(f: &mut Flow, h: f64) {
        let mut figure = Slot::other(h, Vec::new());
        figure.float = true;
        figure.keep_with_next = true;
        f.slots.push(figure);
        let mut caption = Slot::other(10.0, Vec::new());
        caption.float_part = true;
        f.slots.push(caption);
    }

    /// A heading of one line, kept with what follows.
    fn heading() -> Slot {
        let mut h = Slot::other(10.0, Vec::new());
        h.keep_with_next = true;
        h.outline = Some((2, "Section".into()));
        h
    }

    /// Where the first float of `pages` is: (page, index among the page's slots).
    fn first_float(pages: &[BodyPage]) -> (usize, usize) {
        (pages.iter().enumerate())
            .find_map(|(k, p)| p.slots.iter().position(|(_, s)| s.float).map(|i| (k, i)))
            .expect("a float")
    }

    #[test]
    fn a_float_passes_a_heading_to_fill_the_hole_before_it() {
        // Ten lines a page: four lines, a 6-line figure, a 2-line paragraph, a heading and
        // twelve lines. The figure does not fit the first page; the two lines after it do
        // not fill the hole, so it moves past the heading and the text after it too.
        let mut f = Flow::default();
        f.slots.extend((0..4).map(|i| Slot::test_line(0, i, 4)));
        float(&mut f, 60.0);
        f.slots.extend((0..2).map(|i| Slot::test_line(1, i, 2)));
        f.slots.push(heading());
        f.slots.extend((0..12).map(|i| Slot::test_line(2, i, 12)));
        let pages = paginate_floating(&mut f, 100.0, 100.0, 10.0, true);
        assert!(
            100.0 - pages[0].end() <= HOLE_LINES * 10.0,
            "page 1 ends at {}",
            pages[0].end()
        );
        assert!(pages[0].slots.iter().any(|(_, s)| s.outline.is_some()));
        assert_eq!(first_float(&pages), (1, 0), "the figure opens page 2");
        let lines: usize = (pages.iter())
            .map(|p| p.slots.iter().filter(|(_, s)| s.grid).count())
            .sum();
        assert_eq!(lines, 18, "every line is set");
    }

    #[test]
    fn a_captioned_table_floats_whole_and_an_uncaptioned_one_stays() {
        // Ten lines a page: six lines, a table (a caption, four rows of two lines), twelve
        // lines. The caption, head and first row do not fit under the six lines.
        let table = |f: &mut Flow, captioned: bool| {
            let mut caption = Slot::other(10.0, Vec::new());
            caption.keep_with_next = true;
            caption.float = captioned;
            f.slots.push(caption);
            // Rows of two lines; the head row is kept with the first, the others may part.
            for k in 0..4 {
                let mut row = Slot::other(20.0, Vec::new());
                row.keep_with_next = k == 0;
                row.float_part = captioned;
                f.slots.push(row);
            }
        };
        for captioned in [true, false] {
            let mut f = Flow::default();
            f.slots.extend((0..6).map(|i| Slot::test_line(0, i, 6)));
            table(&mut f, captioned);
            f.slots.extend((0..12).map(|i| Slot::test_line(1, i, 12)));
            let pages = paginate_floating(&mut f, 100.0, 100.0, 10.0, true);
            let first = &pages[0];
            if captioned {
                assert_eq!(first.end(), 100.0, "the text fills the page the table left");
                let rows = pages[1].slots.iter().take(5);
                assert!(rows.clone().all(|(_, s)| s.kind == Kind::Other));
                assert!(pages[1].slots[0].1.float, "the caption leads the table");
            } else {
                assert_eq!(first.end(), 60.0, "a table without caption does not move");
            }
        }
    }

    #[test]
    fn the_paragraph_a_float_leaves_takes_its_indented_lines() {
        // Ten lines a page: six lines, a 5-line figure, and a 9-line paragraph set
        // unindented after it, whose indented setting takes 10 lines.
        let mut f = Flow::default();
        f.slots.extend((0..6).map(|i| Slot::test_line(0, i, 6)));
        float(&mut f, 50.0);
        f.slots.extend((0..9).map(|i| Slot::test_line(1, i, 9)));
        let indented: Vec<Slot> = (0..10).map(|i| Slot::test_line(1, i, 10)).collect();
        f.indented.insert(1, indented);
        let pages = paginate_floating(&mut f, 100.0, 100.0, 10.0, true);
        assert_eq!(first_float(&pages).0, 1, "the figure moved");
        let counts: Vec<u16> = (pages.iter().flat_map(|p| &p.slots))
            .filter_map(|(_, s)| match s.kind {
                Kind::Line(1, _, n) => Some(n),
                _ => None,
            })
            .collect();
        assert_eq!(counts, vec![10; 10], "the paragraph is set indented");
        // Where the figure stays, the paragraph keeps its unindented lines.
        let mut g = Flow::default();
        g.slots.extend((0..2).map(|i| Slot::test_line(0, i, 2)));
        float(&mut g, 50.0);
        g.slots.extend((0..9).map(|i| Slot::test_line(1, i, 9)));
        g.indented
            .insert(1, (0..10).map(|i| Slot::test_line(1, i, 10)).collect());
        let pages = paginate_floating(&mut g, 100.0, 100.0, 10.0, true);
        assert_eq!(
            first_float(&pages),
            (0, 2),
            "the figure fits where it stands"
        );
        let kept =
            (pages.iter().flat_map(|p| &p.slots)).any(|(_, s)| s.kind == Kind::Line(1, 0, 9));
        assert!(kept);
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
