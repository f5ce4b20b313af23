//! The front matter: half-title, title page, copyright page, the contents (on a recto,
//! with the body's folios) and the lists of figures and tables when the book asks for
//! them, padded to an even number of pages.

use super::blocks::{Ctx, Slot};
use super::book::{self, Geometry, Sheet, TocEntry};
use super::fonts::Family;
use super::frame::{stamp, PageKind, Tag};
use super::lists::Lists;
use super::paginate::BodyPage;
use super::para::{Align, Style};
use super::structure::{Role, Structure};
use super::type_scale::{
    BOOK_HEADING_SCALE, IMPRINT_SCALE, IMPRINT_SPACE_LINES, OPENING_DROP_DIVISOR,
    TITLE_PAGE_CREATORS, TITLE_PAGE_CREATORS_SCALE, TITLE_PAGE_SCALE, TITLE_PAGE_SUBTITLE_SCALE,
    TITLE_PAGE_TOP,
};
use crate::labels::Labels;
use crate::manifest::Collection;

/// The front matter's sheets, the contents listing `entries`, then the lists of figures
/// and tables that have entries (each opening on a recto when the articles do).
pub(super) fn front_matter(
    c: &Collection,
    ctx: &Ctx,
    g: &Geometry,
    entries: &[TocEntry],
    lists: &Lists,
    tree: &mut Structure,
) -> Vec<Sheet> {
    let mut out = vec![half_title(c, ctx, g, tree), book::blank_sheet()];
    out.push(title_page(c, ctx, g, tree));
    out.push(copyright_page(c, ctx, g, tree));
    let words = ctx.labels;
    listing_pages(
        ctx,
        g,
        (words.contents, "contents"),
        entries,
        &mut out,
        tree,
    );
    for (title, anchor, list) in [
        (words.list_of_figures, "list-of-figures", &lists.figures),
        (words.list_of_tables, "list-of-tables", &lists.tables),
    ] {
        if list.is_empty() {
            continue;
        }
        if book::recto(c.print.open) {
            book::pad_to_recto(&mut out, true);
        }
        listing_pages(ctx, g, (title, anchor), list, &mut out, tree);
    }
    if !out.len().is_multiple_of(2) {
        out.push(book::blank_sheet());
    }
    out
}

/// The book's title alone, a third of the way down.
fn half_title(c: &Collection, ctx: &Ctx, g: &Geometry, tree: &mut Structure) -> Sheet {
    let (size, l) = (g.size, g.leading);
    let (s, _) = block_slot(
        ctx,
        &c.title,
        Style::new(Family::Regular, size * BOOK_HEADING_SCALE),
        Align::Center,
        (tree, Role::P),
    );
    front_sheet(vec![((g.block / OPENING_DROP_DIVISOR / l).round() * l, s)])
}

/// Title and subtitle near the top, the authors or editors under the middle, the
/// publisher at the foot.
fn title_page(c: &Collection, ctx: &Ctx, g: &Geometry, tree: &mut Structure) -> Sheet {
    let (size, l) = (g.size, g.leading);
    let mut slots = Vec::new();
    let mut y = (g.block * TITLE_PAGE_TOP / l).round() * l;
    let (s, h) = block_slot(
        ctx,
        &c.title,
        Style::new(Family::Regular, size * TITLE_PAGE_SCALE),
        Align::Center,
        (tree, Role::H(1)),
    );
    slots.push((y, s));
    y += h + l;
    if let Some(sub) = &c.subtitle {
        let (s, h) = block_slot(
            ctx,
            sub,
            Style::new(Family::Italic, size * TITLE_PAGE_SUBTITLE_SCALE),
            Align::Center,
            (tree, Role::P),
        );
        slots.push((y, s));
        y += h;
    }
    y = y.max((g.block * TITLE_PAGE_CREATORS / l).round() * l);
    let words = ctx.labels;
    let creators = c.creators();
    if !creators.is_empty() {
        let who = if c.editors.is_empty() {
            words.join(creators)
        } else {
            format!("{} {}", words.edited_by, words.join(creators))
        };
        let (s, _) = block_slot(
            ctx,
            &who,
            Style::new(Family::Regular, size * TITLE_PAGE_CREATORS_SCALE),
            Align::Center,
            (tree, Role::P),
        );
        slots.push((y, s));
    }
    if let Some(p) = &c.publisher {
        let st = Style::new(Family::Regular, size);
        let (s, h) = block_slot(ctx, p, st, Align::Center, (tree, Role::P));
        slots.push((g.block - h, s));
    }
    front_sheet(slots)
}

/// The imprint, set at the foot of the page in small type.
fn copyright_page(c: &Collection, ctx: &Ctx, g: &Geometry, tree: &mut Structure) -> Sheet {
    let l = g.leading;
    let lines = imprint(c, ctx.labels);
    let st = Style::new(Family::Regular, g.size * IMPRINT_SCALE);
    let mut built: Vec<(Slot, f64)> = lines
        .iter()
        .map(|t| block_slot(ctx, t, st, Align::Left, (&mut *tree, Role::P)))
        .collect();
    let total: f64 = built.iter().map(|(_, h)| h + l * IMPRINT_SPACE_LINES).sum();
    let mut y = (g.block - total).max(0.0);
    let mut slots = Vec::new();
    for (s, h) in built.drain(..) {
        slots.push((y, s));
        y += h + l * IMPRINT_SPACE_LINES;
    }
    front_sheet(slots)
}

/// The lines of the copyright page: title, rights, ISBN, date, publisher, identifier.
fn imprint(c: &Collection, words: &Labels) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    lines.push(match &c.subtitle {
        Some(s) => format!("{}: {s}", c.title),
        None => c.title.clone(),
    });
    if let Some(r) = &c.rights {
        lines.push(r.clone());
    }
    if let Some(i) = &c.isbn_print {
        lines.push(format!("{}: {i}", words.print_isbn));
    }
    if let Some(d) = &c.date {
        lines.push(format!("{} {}", words.published, words.date(d)));
    }
    if let Some(p) = &c.publisher {
        lines.push(p.clone());
    }
    lines.push(format!("{}: {}", words.identifier, c.identifier));
    lines
}

/// A listing (the contents, a list of figures or tables) headed `title` with the anchor
/// `anchor`, appended to `out`, each page headed with its title.
fn listing_pages(
    ctx: &Ctx,
    g: &Geometry,
    (title, anchor): (&str, &str),
    entries: &[TocEntry],
    out: &mut Vec<Sheet>,
    tree: &mut Structure,
) {
    let mut flow = book::listing_flow(ctx, title, anchor, entries);
    let offset = tree.graft(std::mem::take(&mut flow.structure), 0, None);
    flow.retag(offset);
    let first_recto = out.len().is_multiple_of(2);
    for (k, p) in book::pages_of(&mut flow, g, first_recto)
        .into_iter()
        .enumerate()
    {
        let mut s = front_sheet(Vec::new());
        s.body = p;
        s.meta.opening = k == 0;
        s.meta.verso_head = title.into();
        s.meta.recto_head = title.into();
        out.push(s);
    }
}

/// The contents' entries: a line for each titled part, and each article with its authors
/// (in an anthology), the folio it opens on and its anchor; then the book's bibliography,
/// when it has one: (its title, the sheet it opens on).
pub(super) fn toc_entries(
    c: &Collection,
    labels: &Labels,
    opening_of: &[usize],
    bibliography: Option<(&str, usize)>,
) -> Vec<TocEntry> {
    let mut out = Vec::new();
    let mut i = 0;
    for part in &c.parts {
        if let Some(t) = &part.title {
            out.push(TocEntry {
                part: true,
                number: String::new(),
                title: t.clone(),
                authors: String::new(),
                page: String::new(),
                anchor: String::new(),
            });
        }
        for a in &part.articles {
            let names: Vec<&str> = a.doc.meta.authors.iter().map(|x| x.name.as_str()).collect();
            out.push(TocEntry {
                part: false,
                number: String::new(),
                title: a.title(),
                authors: if c.is_anthology() {
                    labels.join(&names)
                } else {
                    String::new()
                },
                page: opening_of
                    .get(i)
                    .map(|p| (p + 1).to_string())
                    .unwrap_or_default(),
                anchor: super::links::opening_anchor(i),
            });
            i += 1;
        }
    }
    if let Some((title, sheet)) = bibliography {
        out.push(TocEntry {
            part: false,
            number: String::new(),
            title: title.to_string(),
            authors: String::new(),
            page: (sheet + 1).to_string(),
            anchor: super::links::BIBLIOGRAPHY_ANCHOR.to_string(),
        });
    }
    out
}

/// A front-matter sheet holding `slots` (y from the text block's top, slot).
fn front_sheet(slots: Vec<(f64, Slot)>) -> Sheet {
    Sheet {
        kind: PageKind::Front,
        body: BodyPage {
            slots,
            ..Default::default()
        },
        meta: book::BodyMeta {
            article: None,
            opening: true,
            verso_head: String::new(),
            recto_head: String::new(),
        },
    }
}

/// `text` set as a display block, as a slot, with its height; its text an element of
/// `role` in the front matter's `tree`.
fn block_slot(
    ctx: &Ctx,
    text: &str,
    st: Style,
    align: Align,
    (tree, role): (&mut Structure, Role),
) -> (Slot, f64) {
    let (mut items, h) = book::text_block(ctx, text, st, align);
    stamp(&mut items, Tag::Element(tree.push(role, 0)));
    (Slot::other(h, items), h)
}
