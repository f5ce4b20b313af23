//! The page-list: where each page of Folio's own print edition begins, marked in the text
//! (`epub:type="pagebreak"`) and listed in the navigation document, so that a reader of the
//! EPUB can follow a citation of the printed book ("p. 17") to the same words.
//!
//! The print layout names each page's beginning by a [`TextPoint`] of the article's text;
//! this module turns those into markers per article and the list's entries. Part pages,
//! the book's bibliography and the contributors page are marked at their head.

use super::marks::{page_break_id, ArticleMarks};
use super::markup::{attr, esc};
use crate::labels::Labels;
use crate::model::TextPoint;
use crate::pagination::{PageStart, PageTarget};

/// The markers each article carries and the list of pages, in page order.
#[derive(Debug, Default)]
pub struct PageList {
    /// Markers per article, in reading order.
    pub articles: Vec<ArticleMarks>,
    /// Markers of the part title pages, by part index.
    pub parts: Vec<Vec<String>>,
    /// Markers at the head of the book's bibliography (every print page of it: the EPUB's
    /// bibliography is one document).
    pub bibliography: Vec<String>,
    /// Markers at the head of the contributors page (every print page of the list: the
    /// EPUB's list is one page).
    pub contributors: Vec<String>,
    /// (page label, href of the page's beginning).
    pub entries: Vec<(String, String)>,
}

/// Where the EPUB's pages are, to which a page's beginning is resolved.
pub struct Targets<'a> {
    /// Each article's file, in reading order.
    pub articles: &'a [String],
    /// Each part's title page, by part index (`None` for a part without a title).
    pub parts: &'a [Option<String>],
    /// The book's bibliography, when the book has one list.
    pub bibliography: Option<&'a str>,
    /// The contributors page, when the book has one.
    pub contributors: Option<&'a str>,
}

/// Lays the print pages' beginnings onto the EPUB's files. A page whose place the EPUB does
/// not have (a part page it leaves out) is not listed.
pub fn plan(starts: &[PageStart], t: &Targets) -> PageList {
    let mut list = PageList {
        articles: vec![ArticleMarks::default(); t.articles.len()],
        parts: vec![Vec::new(); t.parts.len()],
        bibliography: Vec::new(),
        contributors: Vec::new(),
        entries: Vec::new(),
    };
    for s in starts {
        let href = match s.at {
            PageTarget::Article { index, at } => {
                let (Some(file), Some(marks)) =
                    (t.articles.get(index), list.articles.get_mut(index))
                else {
                    continue;
                };
                let label = s.label.clone();
                match at {
                    TextPoint::Start => marks.start.push(label),
                    TextPoint::End => marks.end.push(label),
                    TextPoint::Block(pos, c) => marks
                        .blocks
                        .entry((pos.line, pos.col))
                        .or_default()
                        .push((c, label)),
                }
                format!("{file}#{}", page_break_id(&s.label))
            }
            PageTarget::Part(i) => match (t.parts.get(i).cloned().flatten(), list.parts.get_mut(i))
            {
                (Some(file), Some(marks)) => {
                    marks.push(s.label.clone());
                    format!("{file}#{}", page_break_id(&s.label))
                }
                _ => continue,
            },
            PageTarget::Bibliography => match t.bibliography {
                Some(file) => {
                    list.bibliography.push(s.label.clone());
                    format!("{file}#{}", page_break_id(&s.label))
                }
                None => continue,
            },
            PageTarget::Contributors => match t.contributors {
                Some(file) => {
                    list.contributors.push(s.label.clone());
                    format!("{file}#{}", page_break_id(&s.label))
                }
                None => continue,
            },
        };
        list.entries.push((s.label.clone(), href));
    }
    for a in &mut list.articles {
        for marks in a.blocks.values_mut() {
            marks.sort_by_key(|(c, _)| *c);
        }
    }
    list
}

/// The `page-list` navigation element (hidden: reading systems offer it as "go to page").
pub fn nav(labels: &Labels, entries: &[(String, String)]) -> String {
    let mut b = format!(
        "<nav epub:type=\"page-list\" role=\"doc-pagelist\" id=\"page-list\" hidden=\"hidden\" aria-labelledby=\"h_pages\">\n<h2 id=\"h_pages\">{}</h2>\n<ol>\n",
        esc(labels.print_pages)
    );
    for (label, href) in entries {
        b.push_str(&format!(
            "<li><a href=\"{}\">{}</a></li>\n",
            attr(href),
            esc(label)
        ));
    }
    b.push_str("</ol>\n</nav>\n");
    b
}
