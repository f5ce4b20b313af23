//! Writing the pages of a planned book in reading order: the front matter (cover, title
//! page, copyright page, contents), the body (part openers and articles), the back matter
//! (the book's bibliography, contributors), with the images they use and the landmarks that
//! lead to them.

use super::bibliography;
use super::nav::Landmark;
use super::pages::{self, ArticleEnv, Page, Shared};
use super::plan::Plan;
use super::resources::Images;
use super::xhtml::ImageStats;
use crate::assets::Found;
use crate::diag::Diagnostics;
use crate::manifest::Article;
use rayon::prelude::*;

/// A page of the front or back matter.
#[derive(Debug)]
pub struct MatterPage {
    /// The page.
    pub page: Page,
    /// The landmark it is, if any (`cover`, `titlepage`, `toc`, `bibliography`).
    pub landmark: Option<&'static str>,
}

impl MatterPage {
    fn new(page: Page, landmark: Option<&'static str>) -> MatterPage {
        MatterPage { page, landmark }
    }
}

/// Every page of the book, in reading order.
#[derive(Debug)]
pub struct Pages {
    /// The front matter.
    pub front: Vec<MatterPage>,
    /// Part openers and articles.
    pub body: Vec<Page>,
    /// The back matter.
    pub back: Vec<MatterPage>,
}

/// The images the pages use and what is known about them.
#[derive(Debug, Default)]
pub struct Media {
    /// Every image file, the cover's first, in order of first use.
    pub images: Images,
    /// Images placed in the text, and those without alternative text.
    pub stats: ImageStats,
    /// The cover image's href, when the book has one.
    pub cover: Option<String>,
}

/// Writes every page of the book planned in `plan`. Problems (a missing image) go to `diags`.
pub fn compose(shared: &Shared, plan: &Plan, diags: &mut Diagnostics) -> (Pages, Media) {
    let mut media = Media::default();
    let cover = cover(shared, &mut media);
    let body = body(shared, plan, &mut media, diags);
    let back = back(shared, plan, &mut media, diags);
    let pages = Pages {
        front: front(shared, plan, cover),
        body,
        back,
    };
    (pages, media)
}

/// The cover page (when there is one), title page, copyright page and contents.
fn front(shared: &Shared, plan: &Plan, cover: Option<Page>) -> Vec<MatterPage> {
    let cover = cover.map(|p| MatterPage::new(p, Some("cover")));
    let mut front: Vec<MatterPage> = cover.into_iter().collect();
    front.extend([
        MatterPage::new(pages::title_page(shared), Some("titlepage")),
        MatterPage::new(pages::copyright_page(shared), None),
        MatterPage::new(pages::contents_page(shared, &plan.toc), Some("toc")),
    ]);
    front
}

/// The book's bibliography, when it has one list, and the contributors page, when it has
/// contributors.
fn back(
    shared: &Shared,
    plan: &Plan,
    media: &mut Media,
    diags: &mut Diagnostics,
) -> Vec<MatterPage> {
    let mut back = Vec::new();
    if let (Some(bib), Some(_)) = (&shared.collection.bibliography, plan.bibliography) {
        let marks = plan.bibliography_marks();
        let page = bibliography::book_page(shared, bib, &plan.links, marks, media, diags);
        back.push(MatterPage::new(page, Some("bibliography")));
    }
    if !plan.contributors.is_empty() {
        let marks = plan.contributor_marks();
        let page = pages::contributors_page(shared, &plan.contributors, marks);
        back.push(MatterPage::new(page, None));
    }
    back
}

/// The cover page, with its image added first to the book's images; a placeholder naming
/// a cover the assets pass could not use (only a draft build gets this far with one).
fn cover(shared: &Shared, media: &mut Media) -> Option<Page> {
    let Some(found) = shared.collection.assets.cover() else {
        let svg = shared.made_cover?;
        let file = crate::assets::ImageFile {
            // A name no file of the book can have: the map of images is keyed by it.
            path: std::path::PathBuf::from("folio-made/cover.svg"),
            format: crate::assets::Format::Svg,
            epub: crate::assets::Encoded {
                format: crate::assets::Format::Svg,
                bytes: std::sync::Arc::new(svg.as_bytes().to_vec()),
            },
            print: None,
            vector: None,
            animated: false,
        };
        let href = media.images.add(&file);
        media.cover = Some(href.clone());
        return Some(pages::cover(shared, &href));
    };
    match found {
        Found::File(file) => {
            let href = media.images.add(file);
            media.cover = Some(href.clone());
            Some(pages::cover(shared, &href))
        }
        Found::Placeholder(shown) => Some(pages::cover_placeholder(shared, shown)),
    }
}

/// The part openers and articles in reading order. The articles are written in parallel,
/// each with images of its own; one whose images do not have the hrefs the book's give them
/// (another article's file of the same name came first) is written again with the book's.
fn body(shared: &Shared, plan: &Plan, media: &mut Media, diags: &mut Diagnostics) -> Vec<Page> {
    let articles: Vec<(&Article, (usize, &String))> = (shared.collection.parts.iter())
        .flat_map(|p| p.articles.iter())
        .zip(plan.articles.iter().enumerate())
        .collect();
    let mut drafts = (articles.par_iter())
        .map(|&(a, (ai, href))| {
            let mut own = Media::default();
            let mut d = Diagnostics::new();
            let mut page = article(shared, plan, (a, ai, href), &mut own, &mut d);
            // Written by doubling: a thousand articles' XHTML held a third more room than text.
            page.xhtml.shrink_to_fit();
            (page, own, d)
        })
        .collect::<Vec<_>>()
        .into_iter();
    let mut out = Vec::new();
    let mut articles = articles.into_iter();
    for (pi, part) in shared.collection.parts.iter().enumerate() {
        if let (Some(title), Some(href)) = (&part.title, &plan.parts[pi]) {
            out.push(pages::part_page(shared, href, title, plan.part_marks(pi)));
        }
        for ((a, (ai, href)), (page, own, d)) in
            (&mut articles).take(part.articles.len()).zip(&mut drafts)
        {
            if media.images.merge(&own.images) {
                media.stats.count += own.stats.count;
                media.stats.without_alt += own.stats.without_alt;
                diags.extend(d);
                out.push(page);
            } else {
                out.push(article(shared, plan, (a, ai, href), media, diags));
            }
        }
    }
    out
}

/// Article `a` (index `ai` in reading order) written as `href`, its images in `media`.
fn article(
    shared: &Shared,
    plan: &Plan,
    (a, ai, href): (&Article, usize, &str),
    media: &mut Media,
    diags: &mut Diagnostics,
) -> Page {
    let env = ArticleEnv {
        images: &mut media.images,
        diags,
        links: &plan.links,
        contributors: &plan.anchors,
        stats: &mut media.stats,
        marks: plan.article_marks(ai),
    };
    pages::article(shared, a, href, env)
}

/// The landmarks: the front matter's marked pages, the start of the body, then the back
/// matter's marked pages.
pub fn landmarks(pages: &Pages, start: &str) -> Vec<Landmark> {
    let marked = |list: &[MatterPage]| -> Vec<Landmark> {
        (list.iter())
            .filter_map(|f| {
                f.landmark.map(|kind| Landmark {
                    kind,
                    title: f.page.title.clone(),
                    href: f.page.href.clone(),
                })
            })
            .collect()
    };
    let mut out = marked(&pages.front);
    if let Some(first) = pages.body.first() {
        out.push(Landmark {
            kind: "bodymatter",
            title: start.to_string(),
            href: first.href.clone(),
        });
    }
    out.extend(marked(&pages.back));
    out
}
