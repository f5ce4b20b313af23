//! An article's bibliography as XHTML: a `doc-bibliography` section after the body, each
//! entry a list item whose id the in-text citations link to. The entries carry no
//! `doc-biblioentry` role: DPUB-ARIA 1.1 deprecated it (epubcheck warns), and the list
//! inside the `doc-bibliography` section already says what its items are.

use super::markup::{attr, esc};
use super::xhtml::Serializer;
use crate::model::Bibliography;

/// The bibliography section (empty without one), entries written by `ser`.
pub fn bibliography_section<'m>(
    ser: &mut Serializer<'_, 'm>,
    bib: Option<&'m Bibliography>,
) -> String {
    let Some(bib) = bib.filter(|b| !b.entries.is_empty()) else {
        return String::new();
    };
    let class = if bib.hanging_indent {
        "bibliography"
    } else {
        "bibliography flush"
    };
    let mut out = format!(
        "<section class=\"{class}\" epub:type=\"bibliography\" role=\"doc-bibliography\" aria-labelledby=\"h_bibliography\">\n<h2 id=\"h_bibliography\">{}</h2>\n<ul>\n",
        esc(&bib.title)
    );
    for e in &bib.entries {
        out.push_str(&format!(
            "<li id=\"{}\">{}</li>\n",
            attr(&e.id),
            ser.inline_html(&e.content)
        ));
    }
    out.push_str("</ul>\n</section>\n");
    out
}
