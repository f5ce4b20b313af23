//! Model-to-model passes run after reading: heading ids, formulas parsed and equations
//! numbered with their cross-references, the link policy, the numbered reference list built
//! from links, citations and bibliographies, note numbering, and quotation marks by
//! language. Writers only ever see the processed model.

pub mod citations;
pub mod crossrefs;
mod figures;
mod htmlattrs;
mod ids;
mod links;
mod math;
mod notes;
mod quotes;
mod references;
pub mod urls;

pub use citations::resolve_citations;
pub use crossrefs::resolve_crossrefs;
pub use figures::make_figures;
pub use ids::{assign_heading_ids, slug};
pub use links::{canonical, check_links, ArticleSet};
pub use math::parse_math;
pub use notes::number_notes;
pub use quotes::set_quotes;
pub use references::build_references;

use crate::diag::Diagnostics;
use crate::model::Document;

/// What the passes know of the book a document is read for.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The document's effective language.
    pub language: &'a str,
    /// The book's article files ([`canonical`]), by which links to other articles are
    /// judged; `None` for a document read on its own, whose relative links are all kept.
    pub articles: Option<&'a ArticleSet>,
    /// The book's citation settings; `None` for a document read on its own (its front
    /// matter's bibliography alone, in the default style).
    pub citations: Option<&'a citations::Setup>,
    /// The folder the document's bibliography and style files must be inside (`None`: the
    /// document's own folder).
    pub sandbox: Option<&'a crate::files::Root>,
    /// The article's number in the book when figures and tables are numbered by book
    /// ("Figure 3.2"); `None` numbers them from 1 in the article.
    pub chapter: Option<u32>,
}

impl<'a> Context<'a> {
    /// The context of a document read on its own, in `language`.
    pub fn alone(language: &'a str) -> Self {
        Context {
            language,
            articles: None,
            citations: None,
            sandbox: None,
            chapter: None,
        }
    }
}

/// Runs every pass in order on one document; warnings (links made text) and errors
/// (unknown citation keys) go to `diags`. Citations are rendered after the link list is
/// built, so the addresses in citations stay out of it (the bibliography holds them), and
/// before notes are numbered, so the notes a note style makes are numbered with the rest.
pub fn run_all(mut doc: Document, cx: &Context, diags: &mut Diagnostics) -> Document {
    assign_heading_ids(&mut doc);
    parse_math(&mut doc, diags);
    make_figures(&mut doc, cx.language, cx.chapter, diags);
    resolve_crossrefs(&mut doc, cx.language, diags);
    check_links(&mut doc, cx.articles, diags);
    build_references(&mut doc);
    resolve_citations(&mut doc, cx, diags);
    number_notes(&mut doc);
    set_quotes(&mut doc, cx.language);
    doc
}
