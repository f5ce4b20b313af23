//! Where the print edition's pages begin in the book's text: the neutral facts the print
//! layout hands the driver, and the driver hands the EPUB writer for its page-list, so that
//! neither backend imports the other.

pub use crate::model::TextPoint;

/// Where a printed page begins in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageStart {
    /// The folio as printed.
    pub label: String,
    /// What begins there.
    pub at: PageTarget,
}

/// The page starts among `starts` of article `index` on the pages labelled `labels` (its
/// own pages, not a blank one before it), renumbered as the only article of an offprint.
pub fn offprint_starts(starts: &[PageStart], index: usize, labels: &[&str]) -> Vec<PageStart> {
    starts
        .iter()
        .filter(|s| labels.contains(&s.label.as_str()))
        .filter_map(|s| match s.at {
            PageTarget::Article { index: i, at } if i == index => Some(PageStart {
                label: s.label.clone(),
                at: PageTarget::Article { index: 0, at },
            }),
            _ => None,
        })
        .collect()
}

/// What a printed page begins with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageTarget {
    /// Article `index` (reading order, from 0) at a point of its text.
    Article {
        /// The article's index.
        index: usize,
        /// Where in it.
        at: TextPoint,
    },
    /// The title page of part `index` (manifest order, from 0).
    Part(usize),
    /// The book's bibliography (`bibliography-scope = "book"`).
    Bibliography,
    /// The contributors page.
    Contributors,
}
