//! The typesetter: fonts and shaping, hyphenation, Knuth–Plass line breaking and pagination
//! with notes at the foot of the page. Produces a [`Layout`] of frames; no PDF code here.
//!
//! Each article is set on its own thread: [`para`] sets paragraphs (collect, break points,
//! [`linebreak`], justify, emit) and [`blocks`] lays each kind of block into a flow of
//! slots, sized by the [`type_scale`]; then, in reading order, `assemble` paginates the
//! flows ([`paginate`]), adds part pages, the contributors page and the front matter
//! (`front`, [`book`]) and finishes the pages into [`frame`]s.

mod assemble;
pub mod blocks;
pub mod book;
mod floats;
pub mod fonts;
pub mod frame;
mod front;
pub mod hyphenate;
pub mod linebreak;
pub mod links;
mod lists;
pub mod math;
pub mod offprint;
pub mod paginate;
pub mod para;
pub mod reuse;
mod setting;
pub mod shape;
pub mod stats;
pub mod structure;
mod tall;
pub mod timing;
pub mod type_scale;

pub use frame::{dump, Layout, Page};
pub use stats::Stats;

use std::time::Instant;

use crate::diag::Diagnostics;
use crate::manifest::{Collection, Preset};
use assemble::assemble;
use blocks::{Builder, Ctx, Flow};
use book::Geometry;
use fonts::Fonts;
use hyphenate::{Hyphenator, Lang};

/// Lays out the whole book (front matter, articles, back matter) into pages.
pub fn layout(collection: &Collection, diags: &mut Diagnostics) -> Layout {
    layout_with_stats(collection, diags).0
}

/// Takes the body's pages as they are finished, a few dozen at a time in reading order:
/// the PDF, written as the book is laid out, so that a book's frames are never all held.
/// It may empty a page's items but for its anchors, which the layout reads after.
pub trait PageSink {
    /// Takes `pages`, the body's next, set in `fonts` (the layout's), their tags pointing
    /// into `tree`.
    fn take(&mut self, pages: &mut [Page], fonts: &[frame::FontData], tree: &structure::Structure);
}

/// One article laid out, to be paginated once it is known whether it opens on a recto.
struct ArticlePages {
    flow: Flow,
    heads: (String, String),
}

/// Lays out the book and returns the statistics with it.
pub fn layout_with_stats(c: &Collection, diags: &mut Diagnostics) -> (Layout, Stats) {
    layout_reusing(c, (None, None), diags)
}

/// [`layout_with_stats`], taking the flow of every article set as before from `cache`, and
/// leaving in `cache` the flows of this layout; the body's pages handed to `sink` as they
/// are finished, when one is given.
pub fn layout_reusing(
    c: &Collection,
    (mut cache, sink): (Option<&mut reuse::FlowCache>, Option<&mut dyn PageSink>),
    diags: &mut Diagnostics,
) -> (Layout, Stats) {
    let mut stats = Stats::default();
    let t0 = Instant::now();
    let fonts = Fonts::load(&c.print.fonts);
    let hyph = Hyphenator::new(&c.print.hyphenation_exceptions);
    let g = Geometry::new(&c.print);
    stats.time("fonts", t0);

    let t1 = Instant::now();
    let articles: Vec<_> = c.articles().enumerate().collect();
    let color_links = c.print.preset == Preset::Screen;
    let book = links::BookLinks::new(c);
    let book_key = cache.as_ref().map_or(0, |_| reuse::book_key(c, &book));
    if let Some(cache) = cache.as_deref_mut() {
        cache.start();
    }
    let cached = cache.as_deref();
    crate::progress::stage("setting", "articles", Some(articles.len() as u64));
    let set_one = |i: usize| -> (ArticlePages, timing::StageTimes) {
        let (k, a) = articles[i];
        crate::progress::advance(1);
        let keyed = cached.map(|cache| (cache, reuse::article_key(c, book_key, k, a)));
        let set = || article_flow(&fonts, &hyph, &g, (k, a, &book), color_links, &c.assets);
        let (flow, set_now) = reuse::FlowCache::take_or_set(keyed, || Some(set()))
            .expect("an article always gives a flow");
        let times = if set_now {
            timing::take()
        } else {
            timing::StageTimes::default()
        };
        let heads = book::heads(c, &a.doc, &a.language, &a.title());
        (ArticlePages { flow, heads }, times)
    };
    let release = cached.is_none();
    let mut setter = setting::Setter::new(articles.len(), (&set_one, release), diags);
    // The contributors page is set beside the first batch: it depends on none of the flows.
    let keyed = cached.map(|cache| (cache, book_key));
    let ((), contributors) = rayon::join(
        || setter.fill(),
        || contributors_flow(c, (&fonts, &hyph, &g), keyed),
    );
    // Pagination runs in reading order: an article's spreads depend on the page it opens
    // on. The articles are set a batch at a time as it reaches them.
    let mut paginating = std::time::Duration::ZERO;
    let t3 = Instant::now();
    let first_batch = setter.setting;
    let flows = assemble::Flows {
        arts: &mut setter,
        contributors,
        sink: sink.map(|s| s as &mut dyn PageSink),
    };
    let mut layout = assemble(c, &fonts, &hyph, &g, flows, &mut stats, &mut paginating);
    let setting::Setter {
        link_sources,
        stage_times,
        setting,
        ..
    } = setter;
    if let Some(cache) = cache {
        cache.finish();
    }
    stats.stages.push((
        "shape and break".to_string(),
        (t3 - t1 + setting - first_batch).as_secs_f64(),
    ));
    stats.paragraph_stages = stage_times;
    links::check(&mut layout, &link_sources, &c.manifest_path, diags);
    stats
        .stages
        .push(("paginate".to_string(), paginating.as_secs_f64()));
    stats.stages.push((
        "assemble".to_string(),
        (t3.elapsed()
            .saturating_sub(paginating + setting - first_batch))
        .as_secs_f64(),
    ));
    stats.total = t0.elapsed().as_secs_f64();
    (layout, stats)
}

/// One article's flow; `article` is its index in reading order, the article and the book's
/// articles its links may lead to.
fn article_flow(
    fonts: &Fonts,
    hyph: &Hyphenator,
    g: &Geometry,
    article: (usize, &crate::manifest::Article, &links::BookLinks),
    color_links: bool,
    assets: &crate::assets::Assets,
) -> Flow {
    let (i, a, book) = article;
    let ctx = Ctx {
        fonts,
        hyph,
        lang: Lang::from_tag(&a.language),
        prefix: links::article_prefix(i),
        path: a.doc.path.clone(),
        measure: g.measure,
        margin: g.inner.min(g.outer).max(0.0),
        page_height: g.block,
        size: g.size,
        leading: g.leading,
        color_links,
        labels: crate::labels::Labels::for_lang(&a.language),
        assets,
        book: Some(book),
    };
    let mut b = Builder::new(&ctx);
    b.set_root(structure::Role::Art, Some(&a.language));
    blocks::header(&mut b, &a.doc, &a.title(), &links::opening_anchor(i));
    b.blocks(&a.doc.blocks, 0.0, g.measure, 1.0);
    blocks::bibliography(&mut b, a.doc.bibliography.as_ref());
    blocks::references(&mut b, &a.doc);
    b.flow
}

/// The contributors page of an anthology as a flow, taken from `cache` (with the book's key)
/// when it was set as before.
fn contributors_flow(
    c: &Collection,
    (fonts, hyph, g): (&Fonts, &Hyphenator, &Geometry),
    cache: Option<(&reuse::FlowCache, u64)>,
) -> Option<Flow> {
    if !c.is_anthology() {
        return None;
    }
    let keyed = cache.map(|(cache, book)| (cache, reuse::contributors_key(c, book)));
    let set = || {
        let plain = book::plain_ctx(fonts, hyph, g, "book", &c.language);
        book::contributors_flow(&plain, c)
    };
    reuse::FlowCache::take_or_set(keyed, set).map(|(flow, _)| flow)
}
