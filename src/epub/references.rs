//! An article's numbered reference list, as the print edition numbers it: one entry per
//! distinct link target, with the link's text. Targets that are other articles of the book
//! link to their pages; targets that lead nowhere are listed as text.

use super::links::has_scheme;
use super::markup::{attr, esc};
use crate::labels::Labels;
use crate::model::Reference;

/// Id of reference-list entry `n`.
pub fn reference_id(n: u32) -> String {
    format!("ref_{n}")
}

/// The reference list of `refs` under `title` (empty when there are none), each target made
/// an href by `resolve` (`None`: listed as text).
pub fn reference_list(
    refs: &[Reference],
    title: &str,
    labels: &Labels,
    resolve: &dyn Fn(&str) -> Option<String>,
) -> String {
    if refs.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "<section class=\"references\" aria-labelledby=\"h_references\">\n<h2 id=\"h_references\">{}</h2>\n<ol>\n",
        esc(title)
    );
    for r in refs {
        let text = if r.text.is_empty() || r.text == r.url || r.text == r.shown {
            String::new()
        } else {
            format!("{}: ", esc(&r.text))
        };
        let target = match resolve(&r.url) {
            Some(href) if has_scheme(&href) => {
                format!("<a href=\"{}\">{}</a>", attr(&href), esc(&r.shown))
            }
            Some(href) => format!(
                "<a href=\"{}\">{}</a>",
                attr(&href),
                esc(labels.articles_by)
            ),
            None => esc(&r.shown),
        };
        out.push_str(&format!(
            "<li id=\"{}\" value=\"{}\">{text}{target}</li>\n",
            reference_id(r.number),
            r.number,
        ));
    }
    out.push_str("</ol>\n</section>\n");
    out
}
