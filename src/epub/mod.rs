//! The EPUB 3 writer: serializes the document model to XHTML pages (one per article and per
//! front- and back-matter page), adds the navigation document, an EPUB 2 NCX and the package
//! document, and zips them into a reproducible OCF container.
//!
//! The package is written here rather than by epub-builder: epub-builder's package document
//! cannot carry a non-UUID identifier, editors (it marks every creator `aut`), contributors
//! or accessibility metadata, its nav cannot be replaced, and its zip entries carry the
//! current time. Every file it would have made had to be rewritten, so Folio writes them
//! itself and zips them with the `zip` crate at a fixed time.

mod container;

mod markup;
mod nav;
mod package;
mod pagelist;
mod pages;
mod rawhtml;
mod resources;
mod stamp;
pub mod xhtml;

pub use container::{Entry, MIMETYPE};
pub use stamp::{Stamp, SOURCE_DATE_EPOCH};

use std::collections::BTreeMap;

use crate::diag::{Diagnostics, Error, Result, Span};
use crate::labels::Labels;
use crate::manifest::Collection;
use crate::model::Block;
use crate::pagination::PageStart;
use markup::Styles;
use nav::Landmark;
use package::{Access, Item};
use pages::{Page, Shared, TocEntry};
use resources::Images;
use xhtml::{ImageStats, LinkMap};

/// The folder inside the container that holds the publication's files.
const CONTENT_DIR: &str = "OEBPS";

/// Where the stylesheets go, relative to the content folder.
const CSS_HREF: &str = "css/epub.css";
const FONTS_CSS_HREF: &str = "css/fonts.css";

/// The EPUB file's bytes for `collection`, with the page-list of a print layout when
/// `starts` is given ([`crate::typeset::Layout::page_starts`], handed on by the driver).
pub fn build(
    collection: &Collection,
    starts: Option<&[PageStart]>,
    diags: &mut Diagnostics,
) -> Result<Vec<u8>> {
    let book = build_files_with(collection, starts, diags)?;
    container::zip(&book.entries, book.stamp)
}

/// The file of part `i`'s title page.
fn part_href(i: usize) -> String {
    format!("part-{}.xhtml", i + 1)
}

/// The files of a built EPUB, before zipping.
#[derive(Debug, Clone)]
pub struct Book {
    /// Every file except `mimetype`, in container order.
    pub entries: Vec<Entry>,
    /// The time every entry carries and `dcterms:modified` states.
    pub stamp: Stamp,
}

impl Book {
    /// The text of the file at `path` in the container (e.g. `OEBPS/content.opf`).
    pub fn text(&self, path: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|e| e.path == path)
            .and_then(|e| std::str::from_utf8(&e.bytes).ok())
    }
}

/// Builds every file of the EPUB for `collection`, with the page-list when `starts` is
/// given. Problems in the input (a missing image) are reported in `diags`, and then no book
/// is returned.
pub fn build_files(
    collection: &Collection,
    starts: Option<&[PageStart]>,
    diags: &mut Diagnostics,
) -> Result<Book> {
    build_files_with(collection, starts, diags)
}

/// [`build_files`] with the print pages' beginnings given (`None`: no page-list).
pub fn build_files_with(
    collection: &Collection,
    starts: Option<&[PageStart]>,
    diags: &mut Diagnostics,
) -> Result<Book> {
    let errors_before = diags.error_count();
    let stamp = Stamp::resolve(collection, diags);
    let labels = Labels::for_lang(&collection.language);
    let embed = collection.epub.embed_fonts;
    let mut styles = Styles::default();
    if embed {
        styles.hrefs.push(FONTS_CSS_HREF.to_string());
    }
    styles.hrefs.push(CSS_HREF.to_string());
    let shared = Shared {
        collection,
        labels,
        styles: &styles,
    };

    let article_hrefs: Vec<String> = (1..=collection.articles().count())
        .map(|i| format!("article-{i:02}.xhtml"))
        .collect();
    let links = link_map(collection, &article_hrefs);
    let anthology = collection.is_anthology();
    let contributors = if anthology {
        pages::contributors(collection, &article_hrefs)
    } else {
        Vec::new()
    };
    let anchors: BTreeMap<String, String> = contributors
        .iter()
        .map(|x| {
            (
                x.name.clone(),
                format!("{}#{}", pages::CONTRIBUTORS_HREF, x.id),
            )
        })
        .collect();

    let part_hrefs: Vec<Option<String>> = (collection.parts.iter().enumerate())
        .map(|(i, p)| p.title.as_ref().map(|_| part_href(i)))
        .collect();
    let page_list = starts.map(|s| {
        pagelist::plan(
            s,
            &pagelist::Targets {
                articles: &article_hrefs,
                parts: &part_hrefs,
                contributors: (!contributors.is_empty()).then_some(pages::CONTRIBUTORS_HREF),
            },
        )
    });
    let no_marks = pages::ArticleMarks::default();

    let mut images = Images::default();
    let cover = collection.cover.as_ref().and_then(|path| {
        let span = Span::file(&collection.manifest_path);
        images
            .add_file(path, &span, diags)
            .map(|href| (href.clone(), pages::cover(&shared, &href)))
    });

    // Articles and part openers, in reading order, with the contents tree.
    let mut stats = ImageStats::default();
    let mut body_pages: Vec<Page> = Vec::new();
    let mut toc: Vec<TocEntry> = Vec::new();
    let mut hrefs = article_hrefs.iter().enumerate();
    for (pi, part) in collection.parts.iter().enumerate() {
        let mut entries = Vec::new();
        for a in &part.articles {
            let (ai, href) = hrefs.next().expect("one href per article");
            let marks = page_list
                .as_ref()
                .and_then(|l| l.articles.get(ai))
                .unwrap_or(&no_marks);
            let page = pages::article(
                &shared,
                a,
                href,
                pages::ArticleEnv {
                    images: &mut images,
                    diags,
                    links: &links,
                    contributors: &anchors,
                    stats: &mut stats,
                    marks,
                },
            );
            let names = pages::author_names(&a.doc.meta.authors);
            entries.push(TocEntry {
                title: page.page.title.clone(),
                authors: (anthology && !names.is_empty())
                    .then(|| Labels::for_lang(&a.language).join(&names)),
                href: href.clone(),
                children: nav::sections(href, &page.outline),
            });
            body_pages.push(page.page);
        }
        match &part.title {
            Some(title) => {
                let href = part_href(pi);
                let at = body_pages.len() - entries.len();
                let marks = page_list
                    .as_ref()
                    .and_then(|l| l.parts.get(pi))
                    .map_or(&[][..], Vec::as_slice);
                body_pages.insert(at, pages::part_page(&shared, &href, title, marks));
                toc.push(TocEntry {
                    title: title.clone(),
                    authors: None,
                    href,
                    children: entries,
                });
            }
            None => toc.extend(entries),
        }
    }

    let mut front: Vec<(Page, Option<&'static str>)> = Vec::new();
    let mut cover_image = None;
    if let Some((href, page)) = cover {
        cover_image = Some(href);
        front.push((page, Some("cover")));
    }
    front.push((pages::title_page(&shared), Some("titlepage")));
    front.push((pages::copyright_page(&shared), None));
    front.push((pages::contents_page(&shared, &toc), Some("toc")));
    let back: Vec<Page> = if contributors.is_empty() {
        Vec::new()
    } else {
        let marks = page_list
            .as_ref()
            .map_or(&[][..], |l| l.contributors.as_slice());
        vec![pages::contributors_page(&shared, &contributors, marks)]
    };

    let mut landmarks: Vec<Landmark> = front
        .iter()
        .filter_map(|(p, kind)| {
            kind.map(|k| Landmark {
                kind: k,
                title: p.title.clone(),
                href: p.href.clone(),
            })
        })
        .collect();
    if let Some(first) = body_pages.first() {
        landmarks.push(Landmark {
            kind: "bodymatter",
            title: labels.start.to_string(),
            href: first.href.clone(),
        });
    }
    if let Some(l) = landmarks.iter_mut().find(|l| l.kind == "cover") {
        l.title = labels.cover.to_string();
    }

    if diags.error_count() > errors_before {
        return Err(Error::InputErrors {
            format: "EPUB",
            errors: diags.error_count() - errors_before,
        });
    }

    // Assemble the files and the manifest.
    let mut entries: Vec<Entry> = Vec::new();
    let mut items: Vec<Item> = Vec::new();
    let mut add =
        |href: &str, id: &str, media: &str, props: &'static str, spine: bool, bytes: Vec<u8>| {
            items.push(Item {
                id: id.to_string(),
                href: href.to_string(),
                media_type: media.to_string(),
                properties: props,
                spine,
            });
            entries.push(Entry {
                path: format!("{CONTENT_DIR}/{href}"),
                bytes,
            });
        };
    let page_nav = page_list
        .as_ref()
        .map(|l| pagelist::nav(labels, &l.entries))
        .unwrap_or_default();
    let nav_doc = nav::nav_xhtml(
        &collection.language,
        labels,
        &styles,
        &toc,
        &landmarks,
        &page_nav,
    );
    add(
        "nav.xhtml",
        "nav",
        XHTML,
        "nav",
        false,
        nav_doc.into_bytes(),
    );
    let ncx = nav::ncx(&collection.identifier, &collection.title, &toc);
    add(
        "toc.ncx",
        "ncx",
        "application/x-dtbncx+xml",
        "",
        false,
        ncx.into_bytes(),
    );
    if embed {
        let (fonts, css) = resources::fonts();
        add(
            FONTS_CSS_HREF,
            "css-fonts",
            "text/css",
            "",
            false,
            css.into_bytes(),
        );
        for (i, f) in fonts.iter().enumerate() {
            add(
                &f.href,
                &format!("font-{}", i + 1),
                "font/ttf",
                "",
                false,
                f.bytes.to_vec(),
            );
        }
    }
    let css = resources::stylesheet(&collection.root, diags);
    add(CSS_HREF, "css", "text/css", "", false, css.into_bytes());
    for (page, _) in front.into_iter() {
        add(
            &page.href,
            &page.id,
            XHTML,
            "",
            true,
            page.xhtml.into_bytes(),
        );
    }
    for page in body_pages.into_iter().chain(back) {
        add(
            &page.href,
            &page.id,
            XHTML,
            "",
            true,
            page.xhtml.into_bytes(),
        );
    }
    for (i, img) in images.list().iter().enumerate() {
        let is_cover = cover_image.as_deref() == Some(img.href.as_str());
        let (id, props) = if is_cover {
            ("cover-image".to_string(), "cover-image")
        } else {
            (format!("img-{}", i + 1), "")
        };
        add(
            &img.href,
            &id,
            img.media_type,
            props,
            false,
            img.bytes.clone(),
        );
    }

    let book_creators = collection.creators();
    let mut article_authors: Vec<String> = Vec::new();
    for a in collection.articles() {
        for au in &a.doc.meta.authors {
            if !book_creators.contains(&au.name) && !article_authors.contains(&au.name) {
                article_authors.push(au.name.clone());
            }
        }
    }
    let access = Access {
        images: stats.count,
        images_without_alt: stats.without_alt,
        cover: cover_image.is_some(),
        tables: collection.articles().any(|a| has_table(&a.doc.blocks)),
        page_list: page_list.as_ref().is_some_and(|l| !l.entries.is_empty()),
    };
    let opf = package::opf(collection, &items, &article_authors, access, stamp);

    let mut all = vec![
        Entry {
            path: "META-INF/container.xml".to_string(),
            bytes: container::container_xml(&format!("{CONTENT_DIR}/content.opf")).into_bytes(),
        },
        Entry {
            path: format!("{CONTENT_DIR}/content.opf"),
            bytes: opf.into_bytes(),
        },
    ];
    all.extend(entries);
    Ok(Book {
        entries: all,
        stamp,
    })
}

/// The XHTML media type.
const XHTML: &str = "application/xhtml+xml";

/// Where each article's markdown file went in the book, for links between articles.
fn link_map(c: &Collection, hrefs: &[String]) -> LinkMap {
    let mut map = LinkMap::default();
    for (a, href) in c.articles().zip(hrefs) {
        let key = a.path.canonicalize().unwrap_or_else(|_| a.path.clone());
        map.files
            .insert(key, (href.clone(), xhtml::heading_ids(&a.doc.blocks)));
    }
    map
}

fn has_table(blocks: &[Block]) -> bool {
    blocks.iter().any(|b| match b {
        Block::Table { .. } => true,
        Block::BlockQuote(inner) => has_table(inner),
        Block::List { items, .. } => items.iter().any(|i| has_table(&i.blocks)),
        _ => false,
    })
}
