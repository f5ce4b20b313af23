//! Planning the book before any page is written: each article's and part opener's file,
//! the book's bibliography's file, the map of links between articles (and from citations to
//! the bibliography), the contributors and their anchors, the print page-list laid onto
//! those files, and the contents tree (parts, articles, sections, the bibliography), all
//! from the collection alone.

use std::collections::BTreeMap;

use super::bibliography::BIBLIOGRAPHY_HREF;
use super::links::LinkMap;
use super::lists::{self, Lists};
use super::marks::{ArticleMarks, NO_MARKS};
use super::nav;
use super::pagelist::{self, PageList};
use super::pages::{self, Contributor, TocEntry, CONTRIBUTORS_HREF};
use crate::labels::Labels;
use crate::manifest::{Article, Collection};
use crate::pagination::PageStart;

/// Where everything of the book goes.
#[derive(Debug)]
pub struct Plan {
    /// Each article's file, in reading order.
    pub articles: Vec<String>,
    /// Each part's title page, by part index (`None` for a part without a title).
    pub parts: Vec<Option<String>>,
    /// Where each article went, for links between them.
    pub links: LinkMap,
    /// The book's bibliography's file, when the book has one list.
    pub bibliography: Option<&'static str>,
    /// The contributors of an anthology (empty otherwise: no contributors page).
    pub contributors: Vec<Contributor>,
    /// Contributor name → their entry on the contributors page (`href#id`).
    pub anchors: BTreeMap<String, String>,
    /// The print pages laid onto the files, when the book has a page-list.
    pub page_list: Option<PageList>,
    /// The contents: parts and articles in reading order, each article with its sections.
    pub toc: Vec<TocEntry>,
    /// The lists of figures and tables (empty unless the book asks for them).
    pub lists: Lists,
}

impl Plan {
    /// The plan for `c`, with the print pages' beginnings `starts` (`None`: no page-list).
    pub fn new(c: &Collection, starts: Option<&[PageStart]>) -> Plan {
        let articles: Vec<String> = (1..=c.articles().count())
            .map(|i| format!("article-{i:02}.xhtml"))
            .collect();
        let parts: Vec<Option<String>> = (c.parts.iter().enumerate())
            .map(|(i, p)| p.title.as_ref().map(|_| format!("part-{}.xhtml", i + 1)))
            .collect();
        // An offprint of an anthology keeps its authors' entries from the book's page.
        let contributors = if c.is_anthology() || c.offprint_of.is_some() {
            pages::contributors(c, &articles)
        } else {
            Vec::new()
        };
        let anchors = (contributors.iter())
            .map(|x| (x.name.clone(), format!("{CONTRIBUTORS_HREF}#{}", x.id)))
            .collect();
        let bibliography = c.bibliography.as_ref().map(|_| BIBLIOGRAPHY_HREF);
        let page_list = starts.map(|s| {
            let targets = pagelist::Targets {
                articles: &articles,
                parts: &parts,
                bibliography,
                contributors: (!contributors.is_empty()).then_some(CONTRIBUTORS_HREF),
            };
            pagelist::plan(s, &targets)
        });
        let mut toc = contents(c, &articles, &parts);
        if let (Some(bib), Some(href)) = (&c.bibliography, bibliography) {
            toc.push(TocEntry {
                title: bib.title.clone(),
                authors: None,
                href: href.to_string(),
                lang: c.language.clone(),
                children: Vec::new(),
            });
        }
        Plan {
            links: LinkMap::new(c, &articles, bibliography),
            bibliography,
            toc,
            lists: lists::lists(c, &articles),
            articles,
            parts,
            contributors,
            anchors,
            page_list,
        }
    }

    /// Where print pages begin in article `i` (reading order).
    pub fn article_marks(&self, i: usize) -> &ArticleMarks {
        (self.page_list.as_ref())
            .and_then(|l| l.articles.get(i))
            .unwrap_or(&NO_MARKS)
    }

    /// The print pages that begin with part `i`'s title page.
    pub fn part_marks(&self, i: usize) -> &[String] {
        (self.page_list.as_ref())
            .and_then(|l| l.parts.get(i))
            .map_or(&[], Vec::as_slice)
    }

    /// The print pages that begin in the book's bibliography.
    pub fn bibliography_marks(&self) -> &[String] {
        (self.page_list.as_ref()).map_or(&[], |l| l.bibliography.as_slice())
    }

    /// The print pages that begin on the contributors page.
    pub fn contributor_marks(&self) -> &[String] {
        (self.page_list.as_ref()).map_or(&[], |l| l.contributors.as_slice())
    }

    /// The page-list's entries: (page label, href of its beginning); empty without one.
    pub fn page_entries(&self) -> &[(String, String)] {
        (self.page_list.as_ref()).map_or(&[], |l| l.entries.as_slice())
    }
}

/// The contents tree: each titled part with its articles below it, untitled parts' articles
/// at the top, each article with its sections.
fn contents(c: &Collection, articles: &[String], parts: &[Option<String>]) -> Vec<TocEntry> {
    let anthology = c.is_anthology();
    let mut hrefs = articles.iter();
    let mut toc = Vec::new();
    for (part, part_href) in c.parts.iter().zip(parts) {
        let entries: Vec<TocEntry> = (part.articles.iter().zip(&mut hrefs))
            .map(|(a, href)| article_entry(a, href, anthology))
            .collect();
        match (&part.title, part_href) {
            (Some(title), Some(href)) => toc.push(TocEntry {
                title: title.clone(),
                authors: None,
                href: href.clone(),
                lang: c.language.clone(),
                children: entries,
            }),
            _ => toc.extend(entries),
        }
    }
    toc
}

/// An article's line of the contents: its title, its authors in an anthology, its sections.
fn article_entry(a: &Article, href: &str, anthology: bool) -> TocEntry {
    let names = pages::author_names(&a.doc.meta.authors);
    TocEntry {
        title: a.title(),
        authors: (anthology && !names.is_empty())
            .then(|| Labels::for_lang(&a.language).join(&names)),
        href: href.to_string(),
        lang: a.language.clone(),
        children: nav::sections(href, &a.language, &pages::outline(a)),
    }
}
