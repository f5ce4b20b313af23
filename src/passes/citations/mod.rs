//! The citation pass: every [`Citation`] the reader found is resolved against the article's
//! bibliographies (the book's and its own front matter's) and rendered by hayagriva's CSL
//! engine in the article's style and language. A note style makes each citation in the body
//! a note of its own (numbered with the article's other notes by `passes::notes`, which runs
//! after); an in-text style sets it in place, each work linked to its bibliography entry.
//! The bibliography lands in [`Document::bibliography`], which both backends set at the
//! article's end; with `bibliography-scope = "book"` the articles have none, and
//! [`book_bibliography`] makes the book's one list after every article is read. Keys of cross-references (`@fig:…`, `@tbl:…`, `@eq:…`, `@sec:…`) are left
//! as written for the cross-reference pass; an article without any bibliography keeps every
//! citation as its text (an `@name` may be a handle, not a key).

mod book;
pub mod csljson;
mod process;
mod render;
pub mod sources;
pub mod style;
mod walk;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use book::{book_bibliography, for_article};
pub use sources::Works;
pub use style::{Style, DEFAULT_STYLE, HOUSE_STYLES};

use super::Context;
use crate::diag::{Diagnostics, Span};
use crate::files::Root;
use crate::labels::Labels;
use crate::model::{visit_inlines, Citation, Document, Inline};
use walk::Rendered;

/// Key prefixes that name figures, tables, equations and sections, not works.
pub const CROSSREF_PREFIXES: &[&str] = &["fig:", "tbl:", "eq:", "sec:"];

/// Whether a bibliography is set per article or once for the whole book.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Scope {
    /// Each article lists the works it cites.
    Article,
    /// The book lists every work once.
    Book,
}

/// The book's citation settings, read with the manifest.
#[derive(Debug, Clone)]
pub struct Setup {
    /// The works of the manifest's bibliography files.
    pub works: Arc<Works>,
    /// The book's style.
    pub style: Style,
    /// Where bibliographies go.
    pub scope: Scope,
}

impl Setup {
    /// The settings of a book that names no bibliography or style.
    pub fn without_sources() -> Setup {
        Setup {
            works: Arc::new(Works::default()),
            style: Style::default_style(),
            scope: Scope::Article,
        }
    }
}

/// Whether a key names a cross-reference rather than a work.
pub fn is_crossref(key: &str) -> bool {
    CROSSREF_PREFIXES.iter().any(|p| key.starts_with(p))
}

/// Resolves and renders the citations of `doc`; unknown keys are errors at their place.
pub fn resolve_citations(doc: &mut Document, cx: &Context, diags: &mut Diagnostics) {
    if doc.meta.nocite.is_empty() && !has_citations(doc) {
        return;
    }
    let works = works_for(doc, cx, diags);
    if works.is_empty() {
        let found = walk::collect(&doc.blocks, &|_| false);
        let texts = found.into_iter().map(|f| Rendered::Text(f.cite.text));
        walk::replace(&mut doc.blocks, texts.collect());
        return;
    }
    let style = style_for(doc, cx, diags);
    let citable = |c: &Citation| {
        (c.items.iter()).all(|i| !is_crossref(&i.key) && works.get(&i.key).is_some())
    };
    let found = walk::collect(&doc.blocks, &|c| style.is_note() && citable(c));
    report_unknown(&doc.path, found.iter().map(|f| &f.cite), &works, diags);
    let nocite: Vec<String> = doc.meta.nocite.iter().map(|k| k.value.clone()).collect();
    for k in &doc.meta.nocite {
        if k.value != "*" && works.get(&k.value).is_none() {
            let at = k.span.clone().unwrap_or_else(|| Span::file(&doc.path));
            unknown_key(at, &k.value, &works, diags);
        }
    }
    let by_book = cx.citations.is_some_and(|s| s.scope == Scope::Book);
    let job = process::Job {
        works: &works,
        style: &style,
        locale: style::locale_for(cx.language),
        nocite: &nocite,
        title: bibliography_title(&style, cx.language),
        links: !style.is_note() || by_book,
    };
    let cites = process::Cites {
        found,
        locale: job.locale.clone(),
    };
    let (rendered, bibliography) = process::run(&job, &[cites], &citable);
    walk::replace(&mut doc.blocks, rendered.into_iter().flatten().collect());
    // With one bibliography for the book, the article lists nothing of its own: the book's
    // list is made once every article is read ([`book_bibliography`]).
    doc.bibliography = bibliography.filter(|b| !b.entries.is_empty() && !by_book);
}

/// The heading of a bibliography in `style` and `language`: "Bibliography" under a note
/// style, "References" under an in-text one.
fn bibliography_title(style: &Style, language: &str) -> String {
    let labels = Labels::for_lang(language);
    if style.is_note() {
        labels.bibliography
    } else {
        labels.works_cited
    }
    .to_string()
}

/// Whether `doc` holds a citation anywhere (notes too).
fn has_citations(doc: &Document) -> bool {
    fn holds(run: &[Inline]) -> bool {
        run.iter().any(|i| match i {
            Inline::Cite(_) => true,
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c) => holds(c),
            _ => false,
        })
    }
    let mut found = false;
    visit_inlines(&doc.blocks, true, &mut |run| found = found || holds(run));
    found
}

/// The book's works and those of the article's own bibliography files.
fn works_for(doc: &Document, cx: &Context, diags: &mut Diagnostics) -> Works {
    let mut works = cx.citations.map(|s| (*s.works).clone()).unwrap_or_default();
    if !doc.meta.bibliography.is_empty() {
        works.merge(own_works(doc, cx.sandbox, diags), diags);
    }
    works
}

/// The works of the article's own bibliography files (front matter `bibliography`), read
/// inside `sandbox` (`None`: the article's folder).
fn own_works(doc: &Document, sandbox: Option<&Root>, diags: &mut Diagnostics) -> Works {
    let dir = doc.path.parent().unwrap_or(Path::new("."));
    let own_root;
    let sandbox = match sandbox {
        Some(r) => r,
        None => {
            own_root = Root::new(dir);
            &own_root
        }
    };
    let files: Vec<(PathBuf, Span)> = (doc.meta.bibliography.iter())
        .map(|b| {
            let at = b.span.clone().unwrap_or_else(|| Span::file(&doc.path));
            (dir.join(&b.value), at)
        })
        .collect();
    sources::load(&files, sandbox, diags)
}

/// The article's style: its front matter's, else the book's, else the default.
fn style_for(doc: &Document, cx: &Context, diags: &mut Diagnostics) -> Style {
    let book = || match cx.citations {
        Some(s) => s.style.clone(),
        None => Style::default_style(),
    };
    let Some(named) = &doc.meta.citation_style else {
        return book();
    };
    let dir = doc.path.parent().unwrap_or(Path::new("."));
    let own_root = Root::new(dir);
    let sandbox = cx.sandbox.unwrap_or(&own_root);
    match style::resolve(&named.value, dir, sandbox) {
        Ok(s) => s,
        Err((message, hint)) => {
            let at = named.span.clone().unwrap_or_else(|| Span::file(&doc.path));
            diags.error(at, message, hint);
            book()
        }
    }
}

/// An error at each key no bibliography defines (cross-references aside).
fn report_unknown<'a>(
    path: &Path,
    cites: impl Iterator<Item = &'a Citation>,
    works: &Works,
    diags: &mut Diagnostics,
) {
    for c in cites {
        for item in &c.items {
            if is_crossref(&item.key) || works.get(&item.key).is_some() {
                continue;
            }
            unknown_key(Span::at(path, item.pos), &item.key, works, diags);
        }
    }
}

fn unknown_key(at: Span, key: &str, works: &Works, diags: &mut Diagnostics) {
    let nearest = works
        .keys()
        .min_by_key(|k| (crate::diag::edit_distance(key, k), k.len()));
    let hint = match nearest {
        Some(near) => format!("did you mean `@{near}`? (write `\\@{key}` for a literal @)"),
        None => "add the work to the bibliography, or write `\\@` for a literal @".to_string(),
    };
    diags.error(
        at,
        format!("citation key `@{key}` is in no bibliography of this article"),
        hint,
    );
}
