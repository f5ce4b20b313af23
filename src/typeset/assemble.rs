//! Assembling the book from its laid-out articles: part pages and articles paginated in
//! reading order (each opening on a recto when the book asks for it), the back matter (the
//! book's bibliography, the contributors page), the front matter once the body's folios are known, then heads and folios on every
//! page, the outline, page labels and the page starts the EPUB's page-list needs.

use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::blocks::Flow;
use super::book::{self, Geometry, Sheet};
use super::fonts::Fonts;
use super::frame::Tag;
use super::frame::{self, FontData, Layout, Page, PageKind};
use super::front;
use super::hyphenate::Hyphenator;
use super::lists;
use super::offprint;
use super::paginate::{self, BodyPage};
use super::stats::{Stats, Tally};
use super::structure::{Role, Structure};
use super::{ArticlePages, PageSink};
use crate::manifest::{Collection, Preset};
use crate::model::TextPoint;
use crate::pagination::{PageStart, PageTarget};

/// An outline marker: page index, y on the page, level and title.
type Marker = (usize, f64, u8, String);

/// The flows the book is assembled from: its articles', in reading order, and the
/// contributors page's (an anthology's, when it has contributors); and what takes the
/// body's pages as they are finished, if anything does.
pub(super) struct Flows<'a> {
    /// Set as pagination reaches them.
    pub arts: &'a mut dyn Iterator<Item = ArticlePages>,
    pub contributors: Option<Flow>,
    pub sink: Option<&'a mut dyn PageSink>,
}

/// Lays out the book around its articles and finishes every page; time spent paginating
/// is added to `paginating`.
pub(super) fn assemble(
    c: &Collection,
    fonts: &Fonts,
    hyph: &Hyphenator,
    g: &Geometry,
    flows: Flows<'_>,
    stats: &mut Stats,
    paginating: &mut Duration,
) -> Layout {
    let Flows {
        arts,
        contributors,
        sink,
    } = flows;
    let font_data = fonts.font_data();
    let mut pages_of = |flow: &mut Flow, first_recto: bool| {
        let t = Instant::now();
        let pages = book::pages_of(flow, g, first_recto);
        *paginating += t.elapsed();
        pages
    };
    let plain = book::plain_ctx(fonts, hyph, g, "book", &c.language);
    let mut body = Body::new(book::recto(c.print.open), &c.language, (fonts, g));
    if let Some(sink) = sink {
        body.sink = Some((sink as &mut dyn PageSink, font_data.as_slice()));
    }
    body.parts(c, arts, g, &plain, &mut pages_of, stats);
    let bibliography = c.bibliography.as_ref().map(|bib| {
        let mut flow = book::bibliography_flow(&plain, bib);
        body.graft(&mut flow, 0);
        let target = PageTarget::Bibliography;
        let first = body.back_matter(&mut flow, &bib.title, target, c, &mut pages_of);
        (bib.title.as_str(), first)
    });
    if let Some(mut flow) = contributors {
        body.graft(&mut flow, 0);
        let (head, target) = (plain.labels.contributors, PageTarget::Contributors);
        body.back_matter(&mut flow, head, target, c, &mut pages_of);
    }
    body.finish_pending();
    stats.collect(std::mem::take(&mut body.tally));
    let page_starts = page_starts(body.pages.len(), &body.starts);
    let entries = front::toc_entries(c, plain.labels, &body.opening_of, bibliography);
    let lists = lists::lists(c, &body.pages);
    let mut front_tree = Structure::new(Role::Div);
    let mut front = front::front_matter(c, &plain, g, &entries, &lists, &mut front_tree);
    let offset = body.tree.graft(front_tree, 0, Some(0));
    for sheet in &mut front {
        retag_sheet(sheet, offset);
    }
    let nfront = front.len();
    let body_pages = (
        std::mem::take(&mut body.pages),
        std::mem::take(&mut body.markers),
    );
    let (pages, markers) = finish_pages(c, fonts, g, front, body_pages);
    stats.pages = pages.len();
    let outline = book::outline(&pages, &markers);
    let mut articles = offprint::spans(&body.starts, nfront);
    if c.offprints {
        offprint::cite_all(c, fonts, hyph, g, &pages, &mut articles);
        offprint::tag_citations(&mut body.tree, &mut articles);
    }
    Layout {
        pages,
        fonts: font_data.clone(),
        outline,
        labels: book::labels(nfront),
        page_starts,
        articles,
        structure: body.tree,
    }
}

/// Sheets paginated and not yet finished: a few dozen are finished at once on every
/// thread, and a book's sheets are never all held (each line in a slot of its own, they
/// take more memory than the pages made of them).
const FINISH_AT: usize = 64;

/// The body as it is paginated: its pages, with what each begins with.
struct Body<'a> {
    /// Articles open on a recto.
    recto: bool,
    /// The fonts and page geometry pages are finished with.
    finish: (&'a Fonts, &'a Geometry),
    /// Pages finished, the first page 1 (a recto).
    pages: Vec<Page>,
    /// Sheets paginated after them, to be finished.
    pending: Vec<Sheet>,
    /// What the statistics take from the sheets before they are finished.
    tally: Tally,
    /// The outline markers of the pages finished, by page from the body's first.
    markers: Vec<Marker>,
    /// What each sheet (by index) begins with; blank sheets have none.
    starts: Vec<(usize, PageTarget)>,
    /// The sheet each article opens on, by article.
    opening_of: Vec<usize>,
    /// The book's structure tree, its root the Document.
    tree: Structure,
    /// What takes the pages as they are finished, and the fonts they are set in.
    sink: Option<(&'a mut dyn PageSink, &'a [FontData])>,
}

impl<'a> Body<'a> {
    fn new(recto: bool, lang: &str, finish: (&'a Fonts, &'a Geometry)) -> Self {
        let mut tree = Structure::new(Role::Document);
        tree.elements[0].set_lang(Some(lang.to_string()));
        Body {
            recto,
            finish,
            pages: Vec::new(),
            pending: Vec::new(),
            tally: Tally::default(),
            markers: Vec::new(),
            starts: Vec::new(),
            opening_of: Vec::new(),
            tree,
            sink: None,
        }
    }

    /// Sheets paginated so far, finished or not.
    fn len(&self) -> usize {
        self.pages.len() + self.pending.len()
    }

    /// Adds a blank sheet when the next would be a verso.
    fn pad_to_recto(&mut self) {
        if !self.len().is_multiple_of(2) {
            self.pending.push(book::blank_sheet());
        }
    }

    /// Finishes the sheets pending into pages, on every thread, once the statistics and
    /// the outline have taken what they need of them.
    fn finish_pending(&mut self) {
        let first = self.pages.len();
        for (k, s) in self.pending.iter().enumerate() {
            self.tally.add(s);
            collect_markers(first + k, s, self.finish.1, &mut self.markers);
        }
        let (fonts, g) = self.finish;
        let mut finished: Vec<Page> = (std::mem::take(&mut self.pending).into_par_iter())
            .enumerate()
            .map(|(k, s)| finish_body_page(fonts, g, first + k, s))
            .collect();
        if let Some((sink, fonts)) = &mut self.sink {
            sink.take(&mut finished, fonts, &self.tree);
        }
        self.pages.extend(finished);
    }

    /// Joins the tree of `flow` to the book's under element `parent`, its tags moved along.
    fn graft(&mut self, flow: &mut Flow, parent: u32) {
        flow.resolve_inlines();
        let offset = (self.tree).graft(std::mem::take(&mut flow.structure), parent, None);
        flow.retag(offset);
    }

    /// Every part's title page (if it has a title) and its articles, paginated in reading
    /// order.
    fn parts(
        &mut self,
        c: &Collection,
        arts: &mut dyn Iterator<Item = ArticlePages>,
        g: &Geometry,
        plain: &super::blocks::Ctx,
        pages_of: &mut dyn FnMut(&mut Flow, bool) -> Vec<BodyPage>,
        stats: &mut Stats,
    ) {
        for (pi, part) in c.parts.iter().enumerate() {
            let mut parent = 0;
            if let Some(t) = &part.title {
                self.pad_to_recto();
                self.starts.push((self.len(), PageTarget::Part(pi)));
                parent = self.tree.push(Role::Part, 0);
                let title = Tag::Element(self.tree.push(Role::H(1), parent));
                let mut sheet = book::part_sheet(plain, t, g);
                for (_, s) in &mut sheet.body.slots {
                    frame::stamp(&mut s.items, title);
                }
                self.pending.push(sheet);
            }
            for _ in &part.articles {
                let Some(mut a) = arts.next() else { break };
                self.graft(&mut a.flow, parent);
                if self.recto {
                    self.pad_to_recto();
                }
                let pages = pages_of(&mut a.flow, self.len().is_multiple_of(2));
                let (w, o) = paginate::count_widows_orphans(&pages);
                stats.widows += w;
                stats.orphans += o;
                self.article(&a, pages);
                if self.pending.len() >= FINISH_AT {
                    self.finish_pending();
                }
            }
        }
    }

    /// An article's pages, the first of them its opening.
    fn article(&mut self, a: &ArticlePages, pages: Vec<BodyPage>) {
        self.opening_of.push(self.len());
        let index = self.opening_of.len() - 1;
        let mut at = TextPoint::Start;
        for (k, p) in pages.into_iter().enumerate() {
            if k > 0 {
                at = paginate::first_source(&p).unwrap_or(at);
            }
            self.starts
                .push((self.len(), PageTarget::Article { index, at }));
            self.pending.push(Sheet {
                kind: PageKind::Body,
                body: p,
                meta: book::BodyMeta {
                    article: Some(index),
                    opening: k == 0,
                    verso_head: a.heads.0.clone(),
                    recto_head: a.heads.1.clone(),
                },
            });
        }
    }

    /// A section of the back matter (the book's bibliography, the contributors of an
    /// anthology), headed `head` on rectos, its pages beginning `target`; gives the sheet it
    /// opens on.
    fn back_matter(
        &mut self,
        flow: &mut Flow,
        head: &str,
        target: PageTarget,
        c: &Collection,
        pages_of: &mut dyn FnMut(&mut Flow, bool) -> Vec<BodyPage>,
    ) -> usize {
        if self.recto {
            self.pad_to_recto();
        }
        let opening = self.len();
        let first_recto = opening.is_multiple_of(2);
        for (k, p) in pages_of(flow, first_recto).into_iter().enumerate() {
            self.starts.push((self.len(), target));
            self.pending.push(Sheet {
                kind: PageKind::Back,
                body: p,
                meta: book::BodyMeta {
                    article: None,
                    opening: k == 0,
                    verso_head: c.title.clone(),
                    recto_head: head.into(),
                },
            });
        }
        opening
    }
}

/// Every sheet of the front matter made a page, in roman folios, before the body's pages
/// (finished as they were paginated, with their outline markers), the outline markers of
/// all; an IngramSpark book gets an even page count.
fn finish_pages(
    c: &Collection,
    fonts: &Fonts,
    g: &Geometry,
    front: Vec<Sheet>,
    (body, body_markers): (Vec<Page>, Vec<Marker>),
) -> (Vec<Page>, Vec<Marker>) {
    let nfront = front.len();
    // The body's first page is a recto, page 1: the front matter ends on a verso.
    debug_assert!(nfront.is_multiple_of(2));
    let mut pages = Vec::with_capacity(nfront + body.len() + 1);
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
    markers.extend(
        (body_markers.into_iter()).map(|(page, y, level, title)| (nfront + page, y, level, title)),
    );
    pages.extend(body);
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
    (pages, markers)
}

/// Body sheet `k` (from 0, page 1) made a page, with its head and arabic folio.
fn finish_body_page(fonts: &Fonts, g: &Geometry, k: usize, s: Sheet) -> Page {
    let label = (k + 1).to_string();
    // Part title pages carry no folio, like blank pages.
    let folio = s.meta.article.is_some() || s.kind == PageKind::Back;
    book::finish_page(fonts, g, s, &label, k.is_multiple_of(2), folio)
}

/// Moves the element tags of a sheet's items by `offset`.
fn retag_sheet(sheet: &mut Sheet, offset: u32) {
    let slots = (sheet.body.slots.iter_mut()).chain(sheet.body.foot.iter_mut());
    for (_, s) in slots {
        super::structure::retag(&mut s.items, offset);
    }
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

/// The outline markers of sheet `s`, to be page `page`.
fn collect_markers(page: usize, s: &Sheet, g: &Geometry, out: &mut Vec<Marker>) {
    for (y, slot) in &s.body.slots {
        if let Some((level, title)) = &slot.outline {
            out.push((page, y + g.top, *level, title.clone()));
        }
    }
}
