//! Print page markers in the text: where each page of the print edition begins in an
//! article (at its start, inside a block, after its body), and the empty
//! `epub:type="pagebreak"` element that marks the place.

use std::collections::BTreeMap;

use super::markup::attr;

/// Print pages that begin inside an article's blocks: block position (line, column) →
/// (character of the block's [`crate::model::source_text`], page label), in order.
pub type PageMarks = BTreeMap<(u32, u32), Vec<(u32, String)>>;

/// Where print pages begin in one article: at its start, inside its blocks, after its body.
#[derive(Debug, Clone, Default)]
pub struct ArticleMarks {
    /// Pages that open with the article.
    pub start: Vec<String>,
    /// Pages that begin inside its blocks.
    pub blocks: PageMarks,
    /// Pages that begin after its body (with the reference list).
    pub end: Vec<String>,
}

/// The marks of an article in which no print page begins.
pub static NO_MARKS: ArticleMarks = ArticleMarks {
    start: Vec::new(),
    blocks: BTreeMap::new(),
    end: Vec::new(),
};

/// The marker of where print page `label` begins.
pub fn page_break(label: &str) -> String {
    format!(
        "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"{}\" aria-label=\"{}\"></span>",
        attr(&page_break_id(label)),
        attr(label)
    )
}

/// The markers of the print pages `labels`, one after another.
pub fn page_breaks(labels: &[String]) -> String {
    labels.iter().map(|l| page_break(l)).collect()
}

/// Id of the marker of print page `label`.
pub fn page_break_id(label: &str) -> String {
    let safe: String = label.chars().filter(char::is_ascii_alphanumeric).collect();
    format!("page_{safe}")
}
