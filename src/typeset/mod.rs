//! The typesetter: fonts and shaping, hyphenation, Knuth–Plass line breaking and pagination
//! with notes at the foot of the page. Produces a [`Layout`] of frames; no PDF code here.

pub mod blocks;
pub mod book;
pub mod fonts;
pub mod frame;
pub mod hyphenate;
pub mod linebreak;
pub mod paginate;
pub mod para;
pub mod shape;
pub mod stats;
pub mod timing;

pub use frame::{dump, Layout, Page};
pub use stats::Stats;

use std::time::Instant;

use rayon::prelude::*;

use crate::diag::{Diagnostics, Result, Span};
use crate::manifest::{Collection, Preset};
use crate::model::Inline;
use crate::model::TextPoint;
use crate::pagination::{PageStart, PageTarget};
use blocks::{Builder, Ctx, Flow};
use book::{Geometry, Sheet};
use fonts::{Family, Fonts};
use frame::PageKind;
use hyphenate::{Hyphenator, Lang};
use paginate::BodyPage;
use para::{Align, Style};

/// Options for a print layout run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Collect and print statistics (`--stats`).
    pub stats: bool,
}

/// Lays out the whole book (front matter, articles, back matter) into pages.
pub fn layout(collection: &Collection, opts: &Options, diags: &mut Diagnostics) -> Result<Layout> {
    let (layout, stats) = layout_with_stats(collection, diags)?;
    if opts.stats {
        eprint!("{}", stats.report());
    }
    Ok(layout)
}

/// One article laid out, to be paginated once it is known whether it opens on a recto.
struct ArticlePages {
    flow: Flow,
    heads: (String, String),
}

/// Lays out the book and returns the statistics with it.
pub fn layout_with_stats(c: &Collection, diags: &mut Diagnostics) -> Result<(Layout, Stats)> {
    let mut stats = Stats::default();
    let t0 = Instant::now();
    let fonts = Fonts::load(&c.print.fonts, &c.manifest_path, diags);
    let hyph = Hyphenator::new(&c.print.hyphenation_exceptions);
    let g = Geometry::new(&c.print);
    stats.time("fonts", t0);

    let t1 = Instant::now();
    let articles: Vec<_> = c.articles().enumerate().collect();
    let color_links = c.print.preset == Preset::Screen;
    let set: Vec<(Flow, timing::StageTimes)> = articles
        .par_iter()
        .map(|(i, a)| {
            let flow = article_flow(&fonts, &hyph, &g, *i, a, color_links);
            (flow, timing::take())
        })
        .collect();
    let mut stage_times = timing::StageTimes::default();
    let flows: Vec<Flow> = set
        .into_iter()
        .map(|(f, t)| {
            stage_times += t;
            f
        })
        .collect();
    stats.time("shape and break", t1);
    stats.paragraph_stages = stage_times;

    let t3 = Instant::now();
    let mut arts = Vec::new();
    for (flow, (_, a)) in flows.into_iter().zip(&articles) {
        let fallback = fallback_title(&a.path);
        arts.push(ArticlePages {
            heads: book::heads(c, &a.doc, &a.language, &fallback),
            flow,
        });
    }
    report(&arts, diags);
    // Pagination runs in reading order: an article's spreads depend on the page it opens on.
    let mut paginating = std::time::Duration::ZERO;
    let layout = assemble(c, &fonts, &hyph, &g, arts, &mut stats, &mut paginating);
    stats
        .stages
        .push(("paginate".to_string(), paginating.as_secs_f64()));
    stats.stages.push((
        "assemble".to_string(),
        (t3.elapsed() - paginating).as_secs_f64(),
    ));
    stats.total = t0.elapsed().as_secs_f64();
    Ok((layout, stats))
}

fn fallback_title(path: &std::path::Path) -> String {
    path.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("Untitled")
        .to_string()
}

fn article_flow(
    fonts: &Fonts,
    hyph: &Hyphenator,
    g: &Geometry,
    i: usize,
    a: &crate::manifest::Article,
    color_links: bool,
) -> Flow {
    let ctx = Ctx {
        fonts,
        hyph,
        lang: Lang::from_tag(&a.language),
        prefix: format!("a{}", i + 1),
        path: a.doc.path.clone(),
        measure: g.measure,
        page_height: g.block,
        size: g.size,
        leading: g.leading,
        color_links,
        labels: crate::labels::Labels::for_lang(&a.language),
    };
    let mut b = Builder::new(&ctx);
    blocks::header(
        &mut b,
        &a.doc,
        &fallback_title(&a.path),
        &format!("art{}", i + 1),
    );
    b.blocks(&a.doc.blocks, 0.0, g.measure, 1.0);
    blocks::references(&mut b, &a.doc);
    b.flow
}

/// Moves the articles' warnings into `diags`, in reading order; missing characters once each.
fn report(arts: &[ArticlePages], diags: &mut Diagnostics) {
    let mut missing: Vec<char> = Vec::new();
    for a in arts {
        for d in &a.flow.diags {
            diags.push(d.clone());
        }
        for (ch, pos) in &a.flow.missing {
            if missing.contains(ch) {
                continue;
            }
            missing.push(*ch);
            diags.warning(
                Span::at(&a.flow.path, *pos),
                format!("no font has the character {ch:?} (U+{:04X})", *ch as u32),
                "name a font that has it in [print], or replace the character",
            );
        }
    }
}

fn assemble(
    c: &Collection,
    fonts: &Fonts,
    hyph: &Hyphenator,
    g: &Geometry,
    arts: Vec<ArticlePages>,
    stats: &mut Stats,
    paginating: &mut std::time::Duration,
) -> Layout {
    let mut pages_of = |flow: &mut Flow, first_recto: bool| {
        let t = Instant::now();
        let pages = book::pages_of(flow, g, first_recto);
        *paginating += t.elapsed();
        pages
    };
    let recto = book::recto(c.print.open);
    let plain = book::plain_ctx(fonts, hyph, g, "book", &c.language);
    let mut sheets: Vec<Sheet> = Vec::new();
    // What each sheet (by index) begins with; blank sheets have none.
    let mut starts: Vec<(usize, PageTarget)> = Vec::new();
    let mut opening_of: Vec<usize> = Vec::new();
    let mut arts = arts.into_iter();
    for (pi, part) in c.parts.iter().enumerate() {
        if let Some(t) = &part.title {
            book::pad_to_recto(&mut sheets, true);
            starts.push((sheets.len(), PageTarget::Part(pi)));
            sheets.push(book::part_sheet(&plain, t, g));
        }
        for _ in &part.articles {
            let Some(mut a) = arts.next() else { break };
            if recto {
                book::pad_to_recto(&mut sheets, true);
            }
            let pages = pages_of(&mut a.flow, sheets.len().is_multiple_of(2));
            let (w, o) = paginate::count_widows_orphans(&pages);
            stats.widows += w;
            stats.orphans += o;
            opening_of.push(sheets.len());
            let index = opening_of.len() - 1;
            let mut at = TextPoint::Start;
            for (k, p) in pages.into_iter().enumerate() {
                if k > 0 {
                    at = paginate::first_source(&p).unwrap_or(at);
                }
                starts.push((sheets.len(), PageTarget::Article { index, at }));
                sheets.push(Sheet {
                    kind: PageKind::Body,
                    body: p,
                    meta: book::BodyMeta {
                        article: Some(opening_of.len() - 1),
                        opening: k == 0,
                        verso_head: a.heads.0.clone(),
                        recto_head: a.heads.1.clone(),
                    },
                });
            }
        }
    }
    if c.is_anthology() {
        if let Some(mut flow) = book::contributors_flow(&plain, c) {
            if recto {
                book::pad_to_recto(&mut sheets, true);
            }
            let first_recto = sheets.len().is_multiple_of(2);
            for (k, p) in pages_of(&mut flow, first_recto).into_iter().enumerate() {
                starts.push((sheets.len(), PageTarget::Contributors));
                sheets.push(Sheet {
                    kind: PageKind::Back,
                    body: p,
                    meta: book::BodyMeta {
                        article: None,
                        opening: k == 0,
                        verso_head: c.title.clone(),
                        recto_head: plain.labels.contributors.into(),
                    },
                });
            }
        }
    }
    stats.collect(&sheets);
    let page_starts = page_starts(sheets.len(), &starts);
    let entries = toc_entries(c, plain.labels, &opening_of);
    let front = front_matter(c, &plain, g, &entries);
    let nfront = front.len();
    let mut pages = Vec::new();
    let mut markers = Vec::new();
    for (k, s) in front.into_iter().enumerate() {
        let label = book::roman(k as u32 + 1);
        // Only the contents pages carry a folio in the front matter.
        let folio = s.kind == PageKind::Front && !s.meta.recto_head.is_empty();
        collect_markers(k, &s, g, &mut markers);
        pages.push(book::finish_page(
            fonts,
            g,
            s,
            &label,
            k.is_multiple_of(2),
            folio,
        ));
    }
    for (k, s) in sheets.into_iter().enumerate() {
        let label = (k + 1).to_string();
        let idx = nfront + k;
        collect_markers(idx, &s, g, &mut markers);
        // Part title pages carry no folio, like blank pages.
        let folio = s.meta.article.is_some() || s.kind == PageKind::Back;
        let recto = idx.is_multiple_of(2);
        pages.push(book::finish_page(fonts, g, s, &label, recto, folio));
    }
    if c.print.preset == Preset::Ingram && !pages.len().is_multiple_of(2) {
        // IngramSpark wants an even page count, with a blank last page for its barcode.
        let label = (pages.len() - nfront + 1).to_string();
        pages.push(book::finish_page(
            fonts,
            g,
            book::blank_sheet(),
            &label,
            false,
            false,
        ));
    }
    stats.pages = pages.len();
    let outline = book::outline(&pages, &markers);
    let mut layout = Layout {
        pages,
        fonts: fonts.font_data(),
        outline,
        labels: book::labels(nfront),
        page_starts,
    };
    keep_used_fonts(&mut layout);
    layout
}

/// The start of every body sheet, labelled with its folio: a blank page begins where the
/// page after it does (a reader sent to it lands on the next text).
fn page_starts(count: usize, starts: &[(usize, PageTarget)]) -> Vec<PageStart> {
    let mut out = Vec::with_capacity(count);
    let mut next = starts.iter().peekable();
    for k in 0..count {
        while next.peek().is_some_and(|&&(i, _)| i < k) {
            next.next();
        }
        if let Some(&&(_, at)) = next.peek() {
            out.push(PageStart {
                label: (k + 1).to_string(),
                at,
            });
        }
    }
    out
}

fn collect_markers(page: usize, s: &Sheet, g: &Geometry, out: &mut Vec<(usize, f64, u8, String)>) {
    for (y, slot) in &s.body.slots {
        if let Some((level, title)) = &slot.outline {
            out.push((page, y + g.top, *level, title.clone()));
        }
    }
}

fn toc_entries(
    c: &Collection,
    labels: &crate::labels::Labels,
    opening_of: &[usize],
) -> Vec<book::TocEntry> {
    let mut out = Vec::new();
    let mut i = 0;
    for part in &c.parts {
        if let Some(t) = &part.title {
            out.push(book::TocEntry {
                part: true,
                title: t.clone(),
                authors: String::new(),
                page: String::new(),
                anchor: String::new(),
            });
        }
        for a in &part.articles {
            let names: Vec<&str> = a.doc.meta.authors.iter().map(|x| x.name.as_str()).collect();
            out.push(book::TocEntry {
                part: false,
                title: a
                    .doc
                    .meta
                    .title
                    .clone()
                    .unwrap_or_else(|| fallback_title(&a.path)),
                authors: if c.is_anthology() {
                    labels.join(&names)
                } else {
                    String::new()
                },
                page: opening_of
                    .get(i)
                    .map(|p| (p + 1).to_string())
                    .unwrap_or_default(),
                anchor: format!("art{}", i + 1),
            });
            i += 1;
        }
    }
    out
}

fn front_sheet(slots: Vec<(f64, blocks::Slot)>) -> Sheet {
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

fn block_slot(ctx: &Ctx, text: &str, st: Style, align: Align) -> (blocks::Slot, f64) {
    let (items, h) = book::text_block(ctx, text, st, align);
    (blocks::Slot::other(h, items), h)
}

fn front_matter(c: &Collection, ctx: &Ctx, g: &Geometry, entries: &[book::TocEntry]) -> Vec<Sheet> {
    let (size, l) = (g.size, g.leading);
    let mut out = Vec::new();
    // Half-title.
    let (s, _) = block_slot(
        ctx,
        &c.title,
        Style::new(Family::Regular, size * 1.6),
        Align::Center,
    );
    out.push(front_sheet(vec![((g.block / 3.0 / l).round() * l, s)]));
    out.push(book::blank_sheet());
    // Title page.
    let mut slots = Vec::new();
    let mut y = (g.block * 0.18 / l).round() * l;
    let (s, h) = block_slot(
        ctx,
        &c.title,
        Style::new(Family::Regular, size * 2.4),
        Align::Center,
    );
    slots.push((y, s));
    y += h + l;
    if let Some(sub) = &c.subtitle {
        let (s, h) = block_slot(
            ctx,
            sub,
            Style::new(Family::Italic, size * 1.3),
            Align::Center,
        );
        slots.push((y, s));
        y += h;
    }
    y = y.max((g.block * 0.45 / l).round() * l);
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
            Style::new(Family::Regular, size * 1.2),
            Align::Center,
        );
        slots.push((y, s));
    }
    if let Some(p) = &c.publisher {
        let (s, h) = block_slot(ctx, p, Style::new(Family::Regular, size), Align::Center);
        slots.push((g.block - h, s));
    }
    out.push(front_sheet(slots));
    // Copyright page.
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
    let st = Style::new(Family::Regular, size * 0.85);
    let mut built: Vec<(blocks::Slot, f64)> = lines
        .iter()
        .map(|t| block_slot(ctx, t, st, Align::Left))
        .collect();
    let total: f64 = built.iter().map(|(_, h)| h + l * 0.5).sum();
    let mut y = (g.block - total).max(0.0);
    let mut slots = Vec::new();
    for (s, h) in built.drain(..) {
        slots.push((y, s));
        y += h + l * 0.5;
    }
    out.push(front_sheet(slots));
    // Contents, on a recto.
    let mut flow = book::contents_flow(ctx, entries);
    let first_recto = out.len().is_multiple_of(2);
    for (k, p) in book::pages_of(&mut flow, g, first_recto)
        .into_iter()
        .enumerate()
    {
        let mut s = front_sheet(Vec::new());
        s.body = p;
        s.meta.opening = k == 0;
        s.meta.verso_head = words.contents.into();
        s.meta.recto_head = words.contents.into();
        out.push(s);
    }
    if !out.len().is_multiple_of(2) {
        out.push(book::blank_sheet());
    }
    out
}

/// Drops fonts no glyph run uses and renumbers the rest.
fn keep_used_fonts(layout: &mut Layout) {
    let mut used = vec![false; layout.fonts.len()];
    for p in &layout.pages {
        for (_, it) in &p.items {
            if let frame::Item::Glyphs(r) = it {
                used[r.font] = true;
            }
        }
    }
    let mut map = vec![usize::MAX; used.len()];
    let mut fonts = Vec::new();
    for (i, f) in layout.fonts.iter().enumerate() {
        if used[i] {
            map[i] = fonts.len();
            fonts.push(f.clone());
        }
    }
    for p in &mut layout.pages {
        for (_, it) in &mut p.items {
            if let frame::Item::Glyphs(r) = it {
                r.font = map[r.font];
            }
        }
    }
    layout.fonts = fonts;
}

/// The plain text of a run of inlines (for tests that compare words).
pub fn words_of(inlines: &[Inline]) -> Vec<String> {
    crate::model::plain_text(inlines)
        .split_whitespace()
        .map(str::to_string)
        .collect()
}
