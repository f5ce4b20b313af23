//! The manifest's items: every file of the content folder (navigation document, NCX,
//! stylesheets, fonts, pages, images), each with its manifest id, media type, properties and
//! place in the spine, and with its bytes as an entry of the container.

use std::collections::HashMap;

use super::compose::{landmarks, Media, Pages};
use super::container::Entry;
use super::lists;
use super::markup::Styles;
use super::nav;
use super::ncx;
use super::package::Item;
use super::pagelist;
use super::pages::{Page, Shared};
use super::plan::Plan;
use super::resources;

/// The folder inside the container that holds the publication's files.
pub const CONTENT_DIR: &str = "OEBPS";

/// Where the stylesheets go, relative to the content folder.
const CSS_HREF: &str = "css/epub.css";
const FONTS_CSS_HREF: &str = "css/fonts.css";

/// The XHTML media type.
const XHTML: &str = "application/xhtml+xml";

/// The stylesheets every page links: the fonts' rules when fonts are embedded, then the
/// book's stylesheet.
pub fn styles(embed_fonts: bool) -> Styles {
    let mut styles = Styles::default();
    if embed_fonts {
        styles.hrefs.push(FONTS_CSS_HREF.to_string());
    }
    styles.hrefs.push(CSS_HREF.to_string());
    styles
}

/// The content folder's files, in manifest order.
#[derive(Debug, Default)]
pub struct Files {
    /// The manifest's items.
    pub items: Vec<Item>,
    /// The same files' paths in the container and bytes.
    pub entries: Vec<Entry>,
}

impl Files {
    fn add(&mut self, item: Item, bytes: Vec<u8>) {
        self.entries.push(Entry {
            path: format!("{CONTENT_DIR}/{}", item.href),
            bytes,
        });
        self.items.push(item);
    }
}

/// Every file of the content folder: the navigation from `plan`, the stylesheets and fonts,
/// the `pages` in reading order and the images of `media`.
pub fn files(shared: &Shared, plan: &Plan, pages: Pages, media: &Media) -> Files {
    let c = shared.collection;
    let mut files = Files::default();
    let nav_doc = navigation(shared, plan, &pages);
    files.add(Item::new("nav.xhtml", "nav", XHTML).with("nav"), nav_doc);
    let ncx = ncx(shared, plan, &pages);
    let ncx_item = Item::new("toc.ncx", "ncx", "application/x-dtbncx+xml");
    files.add(ncx_item, ncx.into_bytes());
    if c.epub.embed_fonts {
        fonts(&mut files);
    }
    let own = c.assets.stylesheet();
    let mut css = own.unwrap_or(resources::DEFAULT_CSS).to_string();
    let bibliographies =
        c.bibliography.is_some() || c.articles().any(|a| a.doc.bibliography.is_some());
    if own.is_none() && bibliographies {
        css.push('\n');
        css.push_str(resources::BIBLIOGRAPHY_CSS);
    }
    files.add(Item::new(CSS_HREF, "css", "text/css"), css.into_bytes());
    let Pages { front, body, back } = pages;
    let back = back.into_iter().map(|f| f.page);
    for page in front.into_iter().map(|f| f.page).chain(body).chain(back) {
        let mut item = Item::new(&page.href, &page.id, XHTML).in_spine();
        if has_mathml(&page.xhtml) {
            item = item.with("mathml");
        }
        files.add(item, page.xhtml.into_bytes());
    }
    for (i, img) in media.images.list().iter().enumerate() {
        let item = if media.cover.as_deref() == Some(img.href.as_str()) {
            Item::new(&img.href, "cover-image", img.media_type).with("cover-image")
        } else {
            Item::new(&img.href, &format!("img-{}", i + 1), img.media_type)
        };
        files.add(item, img.bytes.to_vec());
    }
    files
}

/// Whether a page holds MathML, which its manifest item must declare. Text and attribute
/// values are escaped, so `<math` appears only where an element begins.
fn has_mathml(xhtml: &str) -> bool {
    xhtml
        .match_indices("<math")
        .any(|(i, m)| matches!(xhtml.as_bytes().get(i + m.len()), Some(b' ' | b'>')))
}

/// The navigation document: contents, landmarks and (when there is one) the page-list.
fn navigation(shared: &Shared, plan: &Plan, pages: &Pages) -> Vec<u8> {
    let labels = shared.labels;
    let page_list = match &plan.page_list {
        Some(l) => pagelist::nav(labels, &l.entries),
        None => String::new(),
    };
    let landmarks = landmarks(pages, labels.start);
    let lang = &shared.collection.language;
    let lists = lists::navs(labels, lang, &plan.lists);
    nav::nav_xhtml(
        lang,
        labels,
        shared.styles,
        &plan.toc,
        &landmarks,
        &lists,
        &page_list,
    )
    .into_bytes()
}

/// The NCX, its targets placed in reading order by where they stand in `pages`.
fn ncx(shared: &Shared, plan: &Plan, pages: &Pages) -> String {
    let c = shared.collection;
    let files: Vec<&Page> = (pages.front.iter().map(|f| &f.page))
        .chain(&pages.body)
        .chain(pages.back.iter().map(|f| &f.page))
        .collect();
    // Each file's ids are found in one pass, the first time one of them is asked for: a
    // book's page-list asks for a thousand.
    let ids: Vec<std::cell::OnceCell<HashMap<&str, usize>>> =
        files.iter().map(|_| Default::default()).collect();
    let position = |href: &str| -> ncx::Position {
        let (file, fragment) = href.split_once('#').unwrap_or((href, ""));
        let Some(i) = files.iter().position(|p| p.href == file) else {
            return (usize::MAX, 0);
        };
        let at = match fragment {
            "" => 0,
            id => (ids[i].get_or_init(|| ids_in(&files[i].xhtml)).get(id))
                .copied()
                .unwrap_or(usize::MAX),
        };
        (i, at)
    };
    let book = ncx::NcxBook {
        identifier: &c.identifier,
        title: &c.title,
        lang: &c.language,
        toc: &plan.toc,
        pages_heading: shared.labels.print_pages,
        pages: plan.page_entries(),
    };
    ncx::ncx(&book, position)
}

/// Where each ` id="…"` of `xhtml` stands, by id (the first, when an id repeats).
fn ids_in(xhtml: &str) -> HashMap<&str, usize> {
    let mut ids = HashMap::new();
    for (at, open) in xhtml.match_indices(" id=\"") {
        let rest = &xhtml[at + open.len()..];
        if let Some(end) = rest.find('"') {
            ids.entry(&rest[..end]).or_insert(at);
        }
    }
    ids
}

/// The shipped fonts and the stylesheet that names them.
fn fonts(files: &mut Files) {
    let (fonts, css) = resources::fonts();
    files.add(
        Item::new(FONTS_CSS_HREF, "css-fonts", "text/css"),
        css.into_bytes(),
    );
    for (i, f) in fonts.iter().enumerate() {
        let item = Item::new(&f.href, &format!("font-{}", i + 1), "font/ttf");
        files.add(item, f.bytes.to_vec());
    }
}
