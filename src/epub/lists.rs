//! The lists of figures and tables in the navigation document (`[print] list-of-figures =
//! true`): `<nav epub:type="loi">` and `<nav epub:type="lot">`, each entry a figure's or
//! table's label and short caption linking to its id in its article's file. They are not
//! hidden: the navigation document is outside the spine, so `hidden` would only keep the
//! lists from a reader who opens it to find a figure, which is what they are for.

use super::markup::esc;
use super::nav;
use super::pages::TocEntry;
use crate::labels::Labels;
use crate::manifest::{Collection, FigureNumbers};
use crate::model::{listed, ListedKind};

/// The entries of the two lists.
#[derive(Debug, Default)]
pub struct Lists {
    /// Figures, in reading order.
    pub figures: Vec<TocEntry>,
    /// Tables, in reading order.
    pub tables: Vec<TocEntry>,
}

/// The lists of `c`, whose articles are the files `articles`; empty when the book does not
/// ask for them. Where each article numbers its own figures and several have some, each
/// list groups its entries under their articles' titles, so that "Figure 1" of one is not
/// taken for another's.
pub fn lists(c: &Collection, articles: &[String]) -> Lists {
    if !c.print.list_of_figures {
        return Lists::default();
    }
    let mut figures = Vec::new();
    let mut tables = Vec::new();
    for (a, href) in c.articles().zip(articles) {
        let head = || TocEntry {
            title: a.title(),
            authors: None,
            href: href.clone(),
            lang: a.language.clone(),
            children: Vec::new(),
        };
        let (mut f, mut t) = (head(), head());
        for e in listed(&a.doc) {
            let title = if e.text.is_empty() {
                e.label
            } else {
                format!("{}: {}", e.label, e.text)
            };
            let entry = TocEntry {
                title,
                authors: None,
                href: format!("{href}#{}", e.id),
                lang: a.language.clone(),
                children: Vec::new(),
            };
            match e.kind {
                ListedKind::Figure => f.children.push(entry),
                ListedKind::Table => t.children.push(entry),
            }
        }
        figures.push(f);
        tables.push(t);
    }
    let per_article = c.print.number_figures == FigureNumbers::Article;
    Lists {
        figures: grouped(figures, per_article),
        tables: grouped(tables, per_article),
    }
}

/// One list from its articles' entries (each article's entries as its children): under the
/// articles' titles when `per_article` numbering leaves several articles with entries, else
/// one list.
fn grouped(articles: Vec<TocEntry>, per_article: bool) -> Vec<TocEntry> {
    let mut with: Vec<TocEntry> = (articles.into_iter())
        .filter(|a| !a.children.is_empty())
        .collect();
    if per_article && with.len() > 1 {
        return with;
    }
    with.iter_mut()
        .flat_map(|a| std::mem::take(&mut a.children))
        .collect()
}

/// The two lists' `nav` elements (only a list with entries), in the book's language `lang`.
pub fn navs(labels: &Labels, lang: &str, lists: &Lists) -> String {
    let mut b = String::new();
    for (kind, title, entries) in [
        ("loi", labels.list_of_figures, &lists.figures),
        ("lot", labels.list_of_tables, &lists.tables),
    ] {
        if entries.is_empty() {
            continue;
        }
        b.push_str(&format!(
            "<nav epub:type=\"{kind}\" id=\"{kind}\" aria-labelledby=\"h_{kind}\">\n<h2 id=\"h_{kind}\">{}</h2>\n",
            esc(title)
        ));
        nav::nav_list(entries, lang, &mut b);
        b.push_str("</nav>\n");
    }
    b
}
