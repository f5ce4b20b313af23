//! The pages of the book, each an XHTML file: the articles (header, body, references, notes)
//! and the front and back matter (cover, title page, copyright page, contents, part
//! openers, contributors).

use std::collections::BTreeMap;

use super::bibliography::bibliography_section;
use super::links::{heading_ids, LinkMap};
use super::marks::{page_breaks, ArticleMarks};
use super::markup::{attr, document, element, esc, lang_attrs, to_id, Styles};
use super::references::reference_list;
use super::resources::Images;
use super::xhtml::{Context, ImageStats, Serializer};
use crate::diag::Diagnostics;
use crate::labels::Labels;
use crate::manifest::{Article, Collection};
use crate::model::{plain_text, sections, Author, Block};
use crate::passes::urls::{judge, Target};

/// The level the article title takes; the body's sections sit below it.
const TITLE_LEVEL: u8 = 1;

/// One XHTML file of the book.
#[derive(Debug, Clone)]
pub struct Page {
    /// File name inside the content folder.
    pub href: String,
    /// Manifest id.
    pub id: String,
    /// Title for the contents and landmarks.
    pub title: String,
    /// The document.
    pub xhtml: String,
}

/// What every page shares.
pub struct Shared<'a> {
    /// The book.
    pub collection: &'a Collection,
    /// The book's labels.
    pub labels: &'static Labels,
    /// The stylesheets.
    pub styles: &'a Styles,
    /// A typographic cover (SVG) the driver made, for a book that names no cover image.
    pub made_cover: Option<&'a str>,
}

/// Names of an article's authors.
pub fn author_names(authors: &[Author]) -> Vec<String> {
    authors.iter().map(|a| a.name.clone()).collect()
}

/// Everything the article writer needs besides the article.
pub struct ArticleEnv<'a> {
    /// The book's images.
    pub images: &'a mut Images,
    /// Diagnostics.
    pub diags: &'a mut Diagnostics,
    /// Where each article went.
    pub links: &'a LinkMap,
    /// Contributor anchors (name → href#id), when the book has a contributors page.
    pub contributors: &'a BTreeMap<String, String>,
    /// Image counts.
    pub stats: &'a mut ImageStats,
    /// Where print pages begin in the article.
    pub marks: &'a ArticleMarks,
}

/// Writes the article `a` as `href`.
pub fn article(shared: &Shared, a: &Article, href: &str, env: ArticleEnv) -> Page {
    let labels = Labels::for_lang(&a.language);
    let title = a.title();
    let mut ids = heading_ids(&a.doc.blocks);
    let bib = a.doc.bibliography.as_ref();
    ids.extend(
        bib.iter()
            .flat_map(|b| b.entries.iter().map(|e| e.id.clone())),
    );
    let mut ser = Serializer::new(Context {
        path: &a.doc.path,
        assets: &shared.collection.assets,
        images: env.images,
        diags: env.diags,
        links: env.links,
        ids: &ids,
        heading_shift: heading_shift(&a.doc.blocks),
        reference_marks: shared.collection.epub.reference_list,
        stats: env.stats,
        page_marks: &env.marks.blocks,
        labels,
    });
    ser.blocks(&a.doc.blocks);
    let mut body_end = page_breaks(&env.marks.end);
    if let Some(rights) = &a.doc.meta.rights {
        body_end.push_str(&element("p", " class=\"article-rights\"", rights));
    }
    body_end.push_str(&bibliography_section(&mut ser, bib));
    if shared.collection.epub.reference_list {
        let resolve = |t: &str| env.links.resolve(t, &a.doc.path, &ids);
        // Beside a bibliography, the article's or the book's, the list is headed "Links".
        let book_list = shared.collection.bibliography.is_some();
        let title = labels.link_list_title(bib.is_some() || book_list);
        body_end.push_str(&reference_list(&a.doc.references, title, labels, &resolve));
    }
    let (body_main, notes) = ser.finish(labels);
    let content = format!(
        "<section epub:type=\"chapter\" role=\"doc-chapter\" aria-labelledby=\"h_title\">\n{}{}{body_main}{body_end}{notes}</section>\n",
        page_breaks(&env.marks.start),
        header(a, &title, labels, env.contributors),
    );
    let xhtml = document(
        &a.language,
        &title,
        shared.styles,
        " epub:type=\"bodymatter\"",
        &content,
    );
    Page {
        href: href.to_string(),
        id: page_id(href),
        title,
        xhtml,
    }
}

/// The article's sections for the nav: (level below the title, id, text) of each top-level
/// heading that has text.
pub fn outline(a: &Article) -> Vec<(u8, String, String)> {
    let shift = heading_shift(&a.doc.blocks);
    sections(&a.doc.blocks)
        .map(|s| {
            (
                s.level,
                to_id(s.id),
                plain_text(s.content).trim().to_string(),
            )
        })
        .filter(|(_, _, text)| !text.is_empty())
        .map(|(l, id, t)| ((l + shift).max(TITLE_LEVEL + 1), id, t))
        .collect()
}

/// The manifest id for the page at `href`.
pub fn page_id(href: &str) -> String {
    format!(
        "p-{}",
        href.trim_end_matches(".xhtml").replace(['/', '.'], "-")
    )
}

/// How much to lower the body's headings so the highest sits just below the title.
fn heading_shift(blocks: &[Block]) -> u8 {
    let top = sections(blocks)
        .map(|s| s.level)
        .min()
        .unwrap_or(TITLE_LEVEL + 1);
    (TITLE_LEVEL + 1).saturating_sub(top)
}

/// The article's opening: kicker, title, subtitle, standfirst, authors, date, source.
fn header(
    a: &Article,
    title: &str,
    labels: &Labels,
    contributors: &BTreeMap<String, String>,
) -> String {
    let m = &a.doc.meta;
    let mut h = String::from("<header class=\"article-header\">\n");
    if let Some(k) = &m.kicker {
        h.push_str(&element("p", " class=\"kicker\"", k));
    }
    h.push_str(&element("h1", " id=\"h_title\"", title));
    if let Some(s) = &m.subtitle {
        h.push_str(&element(
            "p",
            " class=\"subtitle\" role=\"doc-subtitle\"",
            s,
        ));
    }
    if let Some(s) = &m.standfirst {
        h.push_str(&element("p", " class=\"standfirst\"", s));
    }
    if !m.authors.is_empty() {
        let names: Vec<String> = m
            .authors
            .iter()
            .map(|au| match contributors.get(&au.name) {
                Some(href) => format!("<a href=\"{}\">{}</a>", attr(href), esc(&au.name)),
                None => esc(&au.name),
            })
            .collect();
        h.push_str(&format!(
            "<p class=\"byline\">{}</p>\n",
            labels.join(&names)
        ));
    }
    if let Some(d) = &m.date {
        h.push_str(&format!(
            "<p class=\"dateline\"><time datetime=\"{}\">{}</time></p>\n",
            attr(d),
            esc(&labels.date(d))
        ));
    }
    if let Some(src) = &m.source {
        let name = match src.url.as_deref().map(judge) {
            Some(Ok(Target::Web(href))) => {
                format!("<a href=\"{}\">{}</a>", attr(&href), esc(&src.name))
            }
            _ => esc(&src.name),
        };
        h.push_str(&format!(
            "<p class=\"source\">{} {name}</p>\n",
            esc(labels.originally_published)
        ));
    }
    h.push_str("</header>\n");
    h
}

/// The cover page showing the cover image at `image_href`.
pub fn cover(shared: &Shared, image_href: &str) -> Page {
    let c = shared.collection;
    let img = format!(
        "<img src=\"{}\" alt=\"{}\"/>",
        attr(image_href),
        attr(&format!("{}: {}", shared.labels.cover, c.title))
    );
    cover_with(shared, &img)
}

/// The cover page around `inner` (the cover image, or a draft's placeholder).
fn cover_with(shared: &Shared, inner: &str) -> Page {
    let body = format!("<section epub:type=\"cover\" class=\"cover\">\n{inner}\n</section>\n");
    simple_page(
        shared,
        "cover.xhtml",
        shared.labels.cover,
        " class=\"cover-page\"",
        &body,
    )
}

/// The cover page of a draft whose cover cannot be used: a placeholder naming it.
pub fn cover_placeholder(shared: &Shared, shown: &str) -> Page {
    cover_with(shared, &super::xhtml::placeholder(shown))
}

/// The title page: title, subtitle, editors or authors, series, publisher.
pub fn title_page(shared: &Shared) -> Page {
    let c = shared.collection;
    let l = shared.labels;
    let creators = if !c.editors.is_empty() {
        Some(format!("{} {}", l.edited_by, l.join(&c.editors)))
    } else {
        (!c.authors.is_empty()).then(|| l.join(&c.authors))
    };
    let series = c.series.as_ref().map(|s| match s.number {
        Some(n) => format!("{}, {} {n}", s.name, l.volume),
        None => s.name.clone(),
    });
    let lines = [
        Some(element("h1", " class=\"book-title\"", &c.title)),
        (c.subtitle.as_ref())
            .map(|s| element("p", " class=\"book-subtitle\" role=\"doc-subtitle\"", s)),
        creators.map(|names| element("p", " class=\"book-creators\"", &names)),
        series.map(|s| element("p", " class=\"book-series\"", &s)),
        (c.publisher.as_ref()).map(|p| element("p", " class=\"book-publisher\"", p)),
    ];
    let body = section(
        "<section epub:type=\"titlepage\" class=\"titlepage\">",
        lines,
    );
    simple_page(shared, "title.xhtml", l.title_page, "", &body)
}

/// The copyright page: rights, date and publisher, identifiers.
pub fn copyright_page(shared: &Shared) -> Page {
    let c = shared.collection;
    let l = shared.labels;
    let published = match (&c.date, &c.publisher) {
        (Some(d), Some(p)) => Some(format!("{} {}, {}", l.published, l.date(d), p)),
        (Some(d), None) => Some(format!("{} {}", l.published, l.date(d))),
        (None, Some(p)) => Some(p.clone()),
        (None, None) => None,
    };
    let p = |text: &str| element("p", "", text);
    // An offprint cites the book it comes from, ISBN included, in place of an ISBN line.
    let source = (c.offprint_of.as_ref()).map(|b| {
        format!(
            "<p class=\"offprint-source\">{}</p>\n",
            super::offprint::citation_html(&b.citation)
        )
    });
    let isbn = (c.isbn_print.as_ref())
        .filter(|_| source.is_none())
        .map(|isbn| p(&format!("{}: {isbn}", l.print_isbn)));
    let lines = [
        Some(element("p", " class=\"copyright-title\"", &c.title)),
        source,
        c.rights.as_deref().map(p),
        published.as_deref().map(p),
        Some(p(&format!("{}: {}", l.ebook_id, c.identifier))),
        isbn,
        (c.description.as_ref()).map(|d| element("p", " class=\"description\"", d)),
    ];
    let body = section(
        "<section epub:type=\"copyright-page\" class=\"copyright\">",
        lines,
    );
    simple_page(shared, "copyright.xhtml", l.copyright, "", &body)
}

/// The section opened by the tag `open`, holding those of `lines` that are there.
fn section(open: &str, lines: impl IntoIterator<Item = Option<String>>) -> String {
    let mut b = format!("{open}\n");
    b.extend(lines.into_iter().flatten());
    b.push_str("</section>\n");
    b
}

/// One line of the contents: an article, or a part with its articles.
#[derive(Debug, Clone)]
pub struct TocEntry {
    /// The text.
    pub title: String,
    /// Authors to show beside the title (anthologies), joined.
    pub authors: Option<String>,
    /// Where it leads.
    pub href: String,
    /// The language its text is in (an article's own for its title, authors and sections).
    pub lang: String,
    /// Entries below it (a part's articles, an article's sections).
    pub children: Vec<TocEntry>,
}

/// The contents page: parts and articles (with authors), without section headings.
pub fn contents_page(shared: &Shared, toc: &[TocEntry]) -> Page {
    let l = shared.labels;
    let mut b = format!(
        "<section class=\"contents\" role=\"doc-toc\" aria-labelledby=\"h_contents\">\n<h1 id=\"h_contents\">{}</h1>\n",
        esc(l.contents)
    );
    contents_list(toc, 0, &shared.collection.language, &mut b);
    b.push_str("</section>\n");
    simple_page(shared, "contents.xhtml", l.contents, "", &b)
}

/// The entries of the contents page down to two levels, inside an element in language
/// `within`; an entry in another language is marked as such.
fn contents_list(entries: &[TocEntry], depth: usize, within: &str, b: &mut String) {
    if entries.is_empty() || depth > 1 {
        return;
    }
    b.push_str("<ol class=\"contents-list\">\n");
    for e in entries {
        let class = if depth == 0 && !e.children.is_empty() && e.authors.is_none() {
            " class=\"contents-part\""
        } else {
            ""
        };
        b.push_str(&format!(
            "<li{class}{}><a href=\"{}\">{}</a>",
            lang_attrs(&e.lang, within),
            attr(&e.href),
            esc(&e.title)
        ));
        if let Some(a) = &e.authors {
            b.push_str(&format!(
                "<br/><span class=\"contents-authors\">{}</span>",
                esc(a)
            ));
        }
        if e.authors.is_none() && !e.children.is_empty() {
            b.push('\n');
            contents_list(&e.children, depth + 1, &e.lang, b);
        }
        b.push_str("</li>\n");
    }
    b.push_str("</ol>\n");
}

/// The opening page of part `title`.
pub fn part_page(shared: &Shared, href: &str, title: &str, marks: &[String]) -> Page {
    let body = format!(
        "<section epub:type=\"part\" role=\"doc-part\" class=\"part-opener\" aria-labelledby=\"h_part\">\n{}<h1 id=\"h_part\">{}</h1>\n</section>\n",
        page_breaks(marks),
        esc(title)
    );
    simple_page(shared, href, title, " epub:type=\"bodymatter\"", &body)
}

/// One contributor of an anthology.
#[derive(Debug, Clone)]
pub struct Contributor {
    /// The name.
    pub name: String,
    /// Post and institution.
    pub affiliation: Option<String>,
    /// Short biography.
    pub bio: Option<String>,
    /// Anchor id on the contributors page.
    pub id: String,
    /// The language their name, affiliation and biography are written in (that of the
    /// article the biography came from).
    pub lang: String,
    /// Their articles: (href, title, the article's language).
    pub articles: Vec<(String, String, String)>,
}

/// The contributors page's file name.
pub const CONTRIBUTORS_HREF: &str = "contributors.xhtml";

/// The contributors of the book's articles ([`crate::contributors`]), with their anchors
/// and links to their articles.
pub fn contributors(c: &Collection, article_hrefs: &[String]) -> Vec<Contributor> {
    let articles: Vec<_> = c.articles().collect();
    let mut list: Vec<Contributor> = crate::contributors::contributors(c)
        .into_iter()
        .map(|x| Contributor {
            name: x.author.name,
            affiliation: x.author.affiliation,
            bio: x.author.bio,
            id: String::new(),
            lang: x.bio_language,
            articles: (x.articles.iter())
                .map(|&i| {
                    let a = articles[i];
                    (article_hrefs[i].clone(), a.title(), a.language.clone())
                })
                .collect(),
        })
        .collect();
    let mut used = std::collections::BTreeSet::new();
    for (i, x) in list.iter_mut().enumerate() {
        let base = format!("c_{}", crate::passes::slug(&x.name));
        x.id = if used.insert(base.clone()) {
            base
        } else {
            format!("{base}_{i}")
        };
        used.insert(x.id.clone());
    }
    list
}

/// The contributors page: each author with affiliation, biography and their articles.
pub fn contributors_page(shared: &Shared, list: &[Contributor], marks: &[String]) -> Page {
    let l = shared.labels;
    let mut b = format!(
        "<section epub:type=\"contributors\" class=\"contributors\" aria-labelledby=\"h_contributors\">\n{}<h1 id=\"h_contributors\">{}</h1>\n",
        page_breaks(marks),
        esc(l.contributors)
    );
    let book_lang = &shared.collection.language;
    for x in list {
        let lang = lang_attrs(&x.lang, book_lang);
        b.push_str(&format!(
            "<section class=\"contributor\" id=\"{}\">\n<h2{lang}>{}</h2>\n",
            attr(&x.id),
            esc(&x.name)
        ));
        if let Some(a) = &x.affiliation {
            b.push_str(&element("p", &format!(" class=\"affiliation\"{lang}"), a));
        }
        if let Some(bio) = &x.bio {
            b.push_str(&element("p", &format!(" class=\"bio\"{lang}"), bio));
        }
        let links: Vec<String> = (x.articles.iter())
            .map(|(href, title, article_lang)| {
                format!(
                    "<a href=\"{}\"{}>{}</a>",
                    attr(href),
                    lang_attrs(article_lang, book_lang),
                    esc(title)
                )
            })
            .collect();
        b.push_str(&format!(
            "<p class=\"contributor-articles\">{}: {}</p>\n</section>\n",
            esc(l.articles_by),
            links.join("; ")
        ));
    }
    b.push_str("</section>\n");
    simple_page(
        shared,
        CONTRIBUTORS_HREF,
        l.contributors,
        " epub:type=\"backmatter\"",
        &b,
    )
}

/// A page of the front or back matter: `body` in a document titled after the book and
/// `title`.
pub(super) fn simple_page(
    shared: &Shared,
    href: &str,
    title: &str,
    body_attrs: &str,
    body: &str,
) -> Page {
    let xhtml = document(
        &shared.collection.language,
        &format!("{} – {}", shared.collection.title, title),
        shared.styles,
        body_attrs,
        body,
    );
    Page {
        href: href.to_string(),
        id: page_id(href),
        title: title.to_string(),
        xhtml,
    }
}
