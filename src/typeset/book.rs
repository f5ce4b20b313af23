//! The book around the articles: page geometry, part pages, recto openings with truly
//! blank versos, running heads and folios, the contents, the book's bibliography and the
//! contributors pages as flows, page labels and the nested outline. The front matter's pages
//! are made in `front`, and the whole book is put together in `assemble`.

use super::blocks::{self, Builder, Ctx, Flow, Kind, ParaSetting, Slot};
use super::fonts::{Family, Fonts};
use super::frame::{
    self, mark_line_end, GlyphRun, Item, LabelRange, LabelStyle, LinkTarget, OutlineEntry, Page,
    PageKind, Point, Tag,
};
use super::hyphenate::{Hyphenator, Lang};
use super::links;
use super::paginate::BodyPage;
use super::para::{self, Align, Style};
use super::structure::Role;
use super::type_scale::{
    BASELINE, BLOCK_SPACE_LINES, BOOK_HEADING_SCALE, CONTENTS_AUTHOR_INDENT_EM,
    CONTENTS_AUTHOR_INSET_EM, CONTENTS_AUTHOR_SCALE, CONTENTS_HEAD_SPACE_LINES,
    CONTENTS_NUMBER_GAP_EM, CONTENTS_PART_SPACE_LINES, CONTRIBUTOR_SPACE_LINES, FOLIO_DROP_LINES,
    FURNITURE_SCALE, HEAD_RAISE_LINES, LEADER_PITCH_EM, MIN_BLOCK_LINES, MIN_MEASURE_EM,
    OPENING_DROP_DIVISOR, OPENING_SINK_LINES, OPENING_SPACE_LINES, OPENING_TITLE_SCALE,
    PART_TITLE_SCALE,
};
use crate::labels::Labels;
use crate::manifest::{Collection, OpenOn, PrintSettings};
use crate::model::{Bibliography, Inline};

/// The text block of a page.
#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    /// Trim width.
    pub width: f64,
    /// Trim height.
    pub height: f64,
    /// Text block width.
    pub measure: f64,
    /// Text block height (whole body lines).
    pub block: f64,
    /// Top of the text block.
    pub top: f64,
    /// Inner margin.
    pub inner: f64,
    /// Outer margin.
    pub outer: f64,
    /// Body size.
    pub size: f64,
    /// Body leading.
    pub leading: f64,
}

impl Geometry {
    /// The page geometry of a print edition.
    pub fn new(p: &PrintSettings) -> Geometry {
        let leading = p.leading.max(p.font_size);
        let avail = (p.trim_height - p.margin_top - p.margin_bottom).max(leading * MIN_BLOCK_LINES);
        Geometry {
            width: p.trim_width,
            height: p.trim_height,
            measure: (p.trim_width - p.margin_inner - p.margin_outer)
                .max(p.font_size * MIN_MEASURE_EM),
            block: (avail / leading).floor() * leading,
            top: p.margin_top,
            inner: p.margin_inner,
            outer: p.margin_outer,
            size: p.font_size,
            leading,
        }
    }

    /// Left edge of the text block on a page (recto: inner margin on the left).
    pub fn left(&self, recto: bool) -> f64 {
        if recto {
            self.inner
        } else {
            self.outer
        }
    }
}

/// What a body page belongs to, for heads and the outline.
#[derive(Debug, Clone)]
pub struct BodyMeta {
    /// Article index (reading order), if any.
    pub article: Option<usize>,
    /// An opening page (no running head).
    pub opening: bool,
    /// Verso head text.
    pub verso_head: String,
    /// Recto head text.
    pub recto_head: String,
}

/// A page of the body before front matter is known.
pub struct Sheet {
    /// Page kind.
    pub kind: PageKind,
    /// Text-block content.
    pub body: BodyPage,
    /// Heads and ownership.
    pub meta: BodyMeta,
}

/// The assets of a context outside any article.
static NO_ASSETS: crate::assets::Assets = crate::assets::Assets::new();

/// A context for setting furniture and front matter outside any article, with the words
/// Folio adds in the book's language `lang`.
pub fn plain_ctx<'a>(
    fonts: &'a Fonts,
    hyph: &'a Hyphenator,
    g: &Geometry,
    prefix: &str,
    lang: &str,
) -> Ctx<'a> {
    Ctx {
        fonts,
        hyph,
        lang: None,
        prefix: prefix.to_string(),
        path: std::path::PathBuf::from(prefix),
        measure: g.measure,
        margin: g.inner.min(g.outer).max(0.0),
        page_height: g.block,
        size: g.size,
        leading: g.leading,
        color_links: false,
        labels: Labels::for_lang(lang),
        // Furniture and front matter show no images.
        assets: &NO_ASSETS,
        book: None,
    }
}

/// Sets `text` as a block of centred (or aligned) lines; items relative to the block's
/// top, and its height.
pub fn text_block(ctx: &Ctx, text: &str, style: Style, align: Align) -> (Vec<(Point, Item)>, f64) {
    let mut b = Builder::new(ctx);
    let s = b.display_block(
        &[Inline::Text(text.to_string())],
        style,
        0.0,
        ctx.measure,
        align,
    );
    (s.items, s.height)
}

/// Appends a blank page to `sheets` when the next page would be a verso.
pub fn pad_to_recto(sheets: &mut Vec<Sheet>, first_recto_even: bool) {
    let next = sheets.len();
    if next.is_multiple_of(2) != first_recto_even {
        sheets.push(blank_sheet());
    }
}

/// A blank page.
pub fn blank_sheet() -> Sheet {
    Sheet {
        kind: PageKind::Blank,
        body: BodyPage::default(),
        meta: BodyMeta {
            article: None,
            opening: true,
            verso_head: String::new(),
            recto_head: String::new(),
        },
    }
}

/// A part title page.
pub fn part_sheet(ctx: &Ctx, title: &str, g: &Geometry) -> Sheet {
    let st = Style::new(Family::Regular, g.size * PART_TITLE_SCALE);
    let (items, _) = text_block(ctx, title, st, Align::Center);
    let y = (g.block / OPENING_DROP_DIVISOR / g.leading).round() * g.leading;
    let mut slot = Slot::space(0.0);
    slot.kind = Kind::Other;
    slot.items = items;
    slot.outline = Some((0, title.to_string()));
    Sheet {
        kind: PageKind::Body,
        body: BodyPage {
            slots: vec![(y, slot)],
            ..Default::default()
        },
        meta: BodyMeta {
            article: None,
            opening: true,
            verso_head: String::new(),
            recto_head: String::new(),
        },
    }
}

/// The running-head texts of an article written in `lang`.
pub fn heads(
    c: &Collection,
    doc: &crate::model::Document,
    lang: &str,
    title: &str,
) -> (String, String) {
    let title = title.to_string();
    let verso = if c.is_anthology() && !doc.meta.authors.is_empty() {
        let names: Vec<&str> = doc.meta.authors.iter().map(|a| a.name.as_str()).collect();
        Labels::for_lang(lang).join(&names)
    } else {
        c.title.clone()
    };
    (verso, title)
}

/// Turns a sheet into a page: text block placed by recto/verso, head and folio added.
pub fn finish_page(
    fonts: &Fonts,
    g: &Geometry,
    sheet: Sheet,
    label: &str,
    recto: bool,
    folio: bool,
) -> Page {
    let mut items = Vec::new();
    if sheet.kind == PageKind::Blank {
        return Page {
            width: g.width,
            height: g.height,
            kind: PageKind::Blank,
            label: label.to_string(),
            items,
        };
    }
    let left = g.left(recto);
    let st = Style::new(Family::Italic, g.size * FURNITURE_SCALE);
    if !sheet.meta.opening {
        let head = if recto {
            &sheet.meta.recto_head
        } else {
            &sheet.meta.verso_head
        };
        if !head.is_empty() {
            let head = fit_text(fonts, st, head, g.measure);
            let (mut h, w) = para::plain_line(fonts, st, &head);
            frame::stamp(&mut h, Tag::Header);
            let y = g.top - g.leading * HEAD_RAISE_LINES;
            items.extend(blocks::shift(h, left + (g.measure - w) / 2.0, y));
        }
    }
    let body = sheet.body.into_items();
    // A book's pages are held until its PDF is written: each in the room it takes (the
    // folio is one run).
    items.reserve_exact(body.len() + usize::from(folio));
    for (p, it) in body {
        items.push((
            Point {
                x: p.x + left,
                y: p.y + g.top,
            },
            it,
        ));
    }
    if folio {
        let fst = Style::new(Family::Regular, g.size * FURNITURE_SCALE);
        let (mut f, w) = para::plain_line(fonts, fst, label);
        frame::stamp(&mut f, Tag::Footer);
        let y = g.top + g.block + g.leading * FOLIO_DROP_LINES;
        items.extend(blocks::shift(f, left + (g.measure - w) / 2.0, y));
    }
    if items.capacity() > items.len() {
        items.shrink_to_fit();
    }
    Page {
        width: g.width,
        height: g.height,
        kind: sheet.kind,
        label: label.to_string(),
        items,
    }
}

/// Shortens a running head with an ellipsis until it fits the measure.
fn fit_text(fonts: &Fonts, st: Style, text: &str, measure: f64) -> String {
    let mut t = text.to_string();
    while para::plain_items(fonts, st, &t).1 > measure && t.chars().count() > 4 {
        let keep: String = t
            .chars()
            .take(t.chars().count().saturating_sub(4))
            .collect();
        t = format!("{}…", keep.trim_end());
    }
    t
}

/// Lower-case roman numerals.
pub fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut s = String::new();
    for (v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// An entry of the contents, or of a list of figures or tables.
pub struct TocEntry {
    /// Part title (a heading line) or article.
    pub part: bool,
    /// A figure's or table's number, set in a column before the title (empty for the
    /// contents' entries).
    pub number: String,
    /// Title.
    pub title: String,
    /// Authors line.
    pub authors: String,
    /// Page label.
    pub page: String,
    /// Anchor of the article.
    pub anchor: String,
}

/// A listing with its entries' page numbers (the contents, a list of figures or tables) as
/// a flow, headed `title` (an outline entry and the anchor `anchor`). Entries with a number
/// set it in a column as wide as the widest number, their titles hanging beside it.
pub fn listing_flow(ctx: &Ctx, title: &str, anchor: &str, entries: &[TocEntry]) -> Flow {
    let g_size = ctx.size;
    let l = ctx.leading;
    let m = ctx.measure;
    let mut b = Builder::new(ctx);
    b.set_root(Role::Sect, None);
    let st = Style::new(Family::Regular, g_size * BOOK_HEADING_SCALE);
    let mut head = b.display_block(&[Inline::Text(title.into())], st, 0.0, m, Align::Left);
    head.items
        .insert(0, (Point { x: 0.0, y: 0.0 }, Item::Anchor(anchor.into())));
    head.outline = Some((1, title.into()));
    b.push_as(Role::H(1), head);
    b.open(Role::TOC);
    b.space(CONTENTS_HEAD_SPACE_LINES * l);
    let body = Style::new(Family::Regular, g_size);
    let column = (entries.iter())
        .filter(|e| !e.number.is_empty())
        .map(|e| para::plain_items(ctx.fonts, body, &e.number).1 + CONTENTS_NUMBER_GAP_EM * g_size)
        .fold(0.0, f64::max);
    for e in entries {
        if e.part {
            b.space(CONTENTS_PART_SPACE_LINES * l);
            let st = Style::new(Family::Bold, g_size);
            let mut s = b.display_block(&[Inline::Text(e.title.clone())], st, 0.0, m, Align::Left);
            s.keep_with_next = true;
            b.open(Role::TOCI);
            b.push_as(Role::P, s);
            b.close();
            b.space(BLOCK_SPACE_LINES * l);
            continue;
        }
        b.open(Role::TOCI);
        contents_entry(&mut b, ctx, e, column);
        b.close();
        b.space(BLOCK_SPACE_LINES * l);
    }
    b.close();
    b.flow
}

/// An entry of a listing: its number (if any) in the first `column` points, its title (a
/// link to its target) ragged right beside it, dot leaders from the title's last line to
/// the page number, and the authors under it.
fn contents_entry(b: &mut Builder, ctx: &Ctx, e: &TocEntry, column: f64) {
    let (g_size, l, m) = (ctx.size, ctx.leading, ctx.measure);
    let pitch = LEADER_PITCH_EM * g_size;
    let st = Style::new(Family::Regular, g_size);
    let (num, numw) = para::plain_items(ctx.fonts, st, &e.page);
    let text_measure = m - column - numw - CONTENTS_NUMBER_GAP_EM * g_size;
    let spec = para::Spec {
        measure: text_measure,
        indent: 0.0,
        align: Align::Left,
        style: st,
        lang: None,
        hyph: ctx.hyph,
        prefix: "contents",
        links: None,
        color_links: false,
    };
    let p = para::collect_text(ctx.fonts, &spec, &e.title);
    let lines = p.set(ctx.fonts, &spec);
    let last_w = lines.last().map(|l| l.width).unwrap_or(0.0);
    let setting = ParaSetting::new(st, text_measure, l).at(column);
    let tag = b.element(Role::P);
    let range = b.push_lines(lines, &setting.on_grid(true));
    if let (false, Some(first)) = (e.number.is_empty(), range.clone().next()) {
        let (items, _) = para::plain_items(ctx.fonts, st, &e.number);
        let s = &mut b.flow.slots[first];
        s.items
            .splice(0..0, blocks::shift(items, 0.0, l * BASELINE));
    }
    let target = LinkTarget::Anchor(e.anchor.clone());
    for k in range.clone() {
        let s = &mut b.flow.slots[k];
        s.items.push((
            Point { x: 0.0, y: 0.0 },
            Item::Link {
                width: m,
                height: l,
                target: target.clone(),
                tag: Tag::Unset,
                inline: 0,
            },
        ));
    }
    if let Some(last) = range.clone().last() {
        let base = l * BASELINE;
        let s = &mut b.flow.slots[last];
        s.items.extend(leaders(
            ctx.fonts,
            st,
            column + last_w + pitch,
            m - numw - pitch,
            pitch,
            base,
        ));
        s.items.extend(blocks::shift(num, m - numw, base));
        // The page number, not the title, ends the line.
        mark_line_end(&mut s.items);
    }
    b.stamp_from(range.start, tag);
    if !e.authors.is_empty() {
        let ast = Style::new(Family::Italic, g_size * CONTENTS_AUTHOR_SCALE);
        let setting = ParaSetting::new(ast, m - CONTENTS_AUTHOR_INSET_EM * g_size, l)
            .at(CONTENTS_AUTHOR_INDENT_EM * g_size)
            .align(Align::Left)
            .on_grid(true);
        let tag = b.element(Role::P);
        let r = b.paragraph(&[Inline::Text(e.authors.clone())], &setting);
        b.stamp_from(r.start, tag);
    }
}

/// Dot leaders from `x0` to `x1` on a fixed pitch so that dots align between lines.
fn leaders(
    fonts: &Fonts,
    st: Style,
    x0: f64,
    x1: f64,
    pitch: f64,
    base: f64,
) -> Vec<(Point, Item)> {
    let (dot, _) = para::plain_items(fonts, st, ".");
    let Some((_, Item::Glyphs(run))) = dot.into_iter().next() else {
        return Vec::new();
    };
    let Some(g) = run.glyphs().first().copied() else {
        return Vec::new();
    };
    let k0 = (x0 / pitch).ceil() as i64;
    let k1 = (x1 / pitch).floor() as i64;
    if k1 <= k0 {
        return Vec::new();
    }
    let origin = k0 as f64 * pitch;
    let mut leader = GlyphRun::new(run.font, run.size, run.color);
    leader.tag = Tag::Artifact;
    for k in k0..=k1 {
        leader.push(g.id, k as f64 * pitch - origin, 0.0, ".");
    }
    leader.width = (k1 - k0) as f64 * pitch + run.width;
    vec![(Point { x: origin, y: base }, Item::Glyphs(leader))]
}

/// The contributors page as a flow (anthologies).
pub fn contributors_flow(ctx: &Ctx, c: &Collection) -> Option<Flow> {
    let seen = crate::contributors::contributors(c);
    if seen.is_empty() {
        return None;
    }
    let (size, l, m) = (ctx.size, ctx.leading, ctx.measure);
    let mut b = Builder::new(ctx);
    b.set_root(Role::Sect, None);
    back_opening(ctx, &mut b, ctx.labels.contributors, "contributors");
    let body = Style::new(Family::Regular, size);
    for x in &seen {
        let (au, lang) = (&x.author, x.bio_language.as_str());
        // Name in bold, affiliation in italic under it, then the biography (which often
        // opens with the name, so the name is not run into it). All ragged right: short
        // paragraphs full of names justify badly, and a short affiliation line must never
        // be spread across the measure.
        b.set_lang(None);
        let mut head = vec![Inline::Strong(vec![Inline::Text(au.name.clone())])];
        if let Some(aff) = &au.affiliation {
            head.push(Inline::HardBreak);
            head.push(Inline::Emph(vec![Inline::Text(aff.clone())]));
        }
        let setting = ParaSetting::new(body, m, l)
            .align(Align::Left)
            .on_grid(true);
        let tag = b.element(Role::P);
        let r = b.paragraph(&head, &setting);
        b.stamp_from(r.start, tag);
        if let Some(last) = r.clone().last() {
            b.flow.slots[last].keep_with_next = true;
        }
        if let Some(bio) = &au.bio {
            b.set_lang(Lang::from_tag(lang));
            let tag = b.element(Role::P);
            b.set_element_lang(tag, lang);
            let r = b.paragraph(&[Inline::Text(bio.clone())], &setting);
            b.stamp_from(r.start, tag);
        }
        b.space(CONTRIBUTOR_SPACE_LINES * l);
    }
    Some(b.flow)
}

/// The book's one bibliography as a flow: its opening, then every entry, each with the
/// anchor its citations link to.
pub fn bibliography_flow(ctx: &Ctx, bib: &Bibliography) -> Flow {
    let mut b = Builder::new(ctx);
    b.set_root(Role::Sect, None);
    back_opening(ctx, &mut b, &bib.title, links::BIBLIOGRAPHY_ANCHOR);
    blocks::bibliography_entries(&mut b, bib, &links::book_entry_anchor);
    b.flow
}

/// The opening of a back-matter section: sunk like an article's, its title in the opening
/// size with `anchor` at it, and a line of the outline.
fn back_opening(ctx: &Ctx, b: &mut Builder, title: &str, anchor: &str) {
    let (size, l, m) = (ctx.size, ctx.leading, ctx.measure);
    b.flow
        .slots
        .push(Slot::other(OPENING_SINK_LINES * l, Vec::new()));
    let st = Style::new(Family::Regular, size * OPENING_TITLE_SCALE);
    let mut head = b.display_block(&[Inline::Text(title.into())], st, 0.0, m, Align::Left);
    head.items
        .insert(0, (Point { x: 0.0, y: 0.0 }, Item::Anchor(anchor.into())));
    head.outline = Some((1, title.into()));
    b.push_as(Role::H(1), head);
    b.space(OPENING_SPACE_LINES * l);
}

/// Paginates a flow at this geometry; its first page is a recto when `first_recto`.
pub fn pages_of(flow: &mut Flow, g: &Geometry, first_recto: bool) -> Vec<BodyPage> {
    super::floats::paginate_floating(flow, g.block, g.measure, g.leading, first_recto)
}

/// Builds the outline from the pages' slots: markers (level, title) with page and y.
pub fn outline(pages: &[Page], markers: &[(usize, f64, u8, String)]) -> Vec<OutlineEntry> {
    let _ = pages;
    let mut root: Vec<OutlineEntry> = Vec::new();
    let mut stack: Vec<u8> = Vec::new();
    for (page, y, level, title) in markers {
        let entry = OutlineEntry {
            title: title.clone(),
            page: *page,
            y: *y,
            children: Vec::new(),
        };
        while stack.last().is_some_and(|l| l >= level) {
            stack.pop();
        }
        let mut list = &mut root;
        for _ in 0..stack.len() {
            list = &mut list.last_mut().expect("stack mirrors the tree").children;
        }
        list.push(entry);
        stack.push(*level);
    }
    root
}

/// Page labels: roman for `front` pages, arabic after.
pub fn labels(front: usize) -> Vec<LabelRange> {
    let mut v = Vec::new();
    if front > 0 {
        v.push(LabelRange {
            start: 0,
            style: LabelStyle::LowerRoman,
            first: 1,
        });
    }
    v.push(LabelRange {
        start: front,
        style: LabelStyle::Arabic,
        first: 1,
    });
    v
}

/// Whether `open` asks for recto openings.
pub fn recto(open: OpenOn) -> bool {
    open == OpenOn::Recto
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals() {
        assert_eq!(roman(4), "iv");
        assert_eq!(roman(9), "ix");
        assert_eq!(roman(14), "xiv");
    }
}
