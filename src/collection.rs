//! The loaded book: the manifest's [`Book`] with every article read into the model, manifest
//! overrides applied and the model passes run. This is the second step of loading, after
//! [`crate::manifest::load`]; both backends take a [`Collection`].

use std::collections::HashMap;
use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diag::{Diagnostics, Span};
use crate::manifest::{ArticleEntry, Book, Manifest, Overrides};
use crate::model::{Bibliography, Document};
use crate::passes::citations::book_bibliography;
use crate::passes::{canonical, ArticleSet, Context};

/// One article of a collection, read and processed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Article {
    /// The markdown file.
    pub path: PathBuf,
    /// The processed document (manifest overrides applied, passes run).
    pub doc: Document,
    /// The article's effective language (its own, else the book's).
    pub language: String,
    /// A fingerprint of what the document was made from (the file's bytes, its manifest
    /// entry, the book's language, articles and figure numbering): two articles with the
    /// same fingerprint in builds with the same settings and the same other files have the
    /// same document, before the book's bibliography pass.
    #[serde(skip)]
    pub fingerprint: u64,
}

impl Article {
    /// The article's title: its metadata's, else its file's name (an article without a title
    /// is warned about when it is read).
    pub fn title(&self) -> String {
        self.doc
            .meta
            .title
            .clone()
            .unwrap_or_else(|| title_from_path(&self.path))
    }
}

/// The title an article without one is shown under: its file's name without the extension.
pub fn title_from_path(path: &Path) -> String {
    path.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("Untitled")
        .to_string()
}

/// A part of a book: a titled group of articles. A book without parts has one untitled part.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Part {
    /// The part's title; `None` for the implicit single part.
    pub title: Option<String>,
    /// The articles, in order.
    pub articles: Vec<Article>,
}

/// A whole collection: the book's metadata and settings (reachable as fields through
/// [`Deref`]), and its parts with their articles read.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Collection {
    /// Metadata and output settings from the manifest.
    #[serde(flatten)]
    pub book: Book,
    /// Parts in order (one untitled part when the manifest has none).
    pub parts: Vec<Part>,
    /// The images, cover and stylesheet, checked by [`crate::assets::run`].
    #[serde(skip)]
    pub assets: crate::assets::Assets,
    /// The book's one bibliography (`bibliography-scope = "book"`), set in the back matter
    /// after the last article; `None` when each article lists its own works, or none is cited.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bibliography: Option<Bibliography>,
}

impl Deref for Collection {
    type Target = Book;
    fn deref(&self) -> &Book {
        &self.book
    }
}

impl DerefMut for Collection {
    fn deref_mut(&mut self) -> &mut Book {
        &mut self.book
    }
}

impl Collection {
    /// Every article in reading order.
    pub fn articles(&self) -> impl Iterator<Item = &Article> {
        self.parts.iter().flat_map(|p| p.articles.iter())
    }

    /// Whether the book is an anthology (has editors, or articles by different authors).
    pub fn is_anthology(&self) -> bool {
        if !self.editors.is_empty() {
            return true;
        }
        let mut names = self
            .articles()
            .flat_map(|a| a.doc.meta.authors.iter().map(|x| x.name.as_str()));
        let first = names.next();
        names.any(|n| Some(n) != first)
    }
}

/// Time spent reading, summed over the threads that read articles in parallel.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadTimes {
    /// Reading and parsing markdown (front matter and layout inference included).
    pub read: Duration,
    /// The model passes (ids, notes, references, quotes).
    pub passes: Duration,
}

impl std::ops::AddAssign for ReadTimes {
    fn add_assign(&mut self, o: ReadTimes) {
        self.read += o.read;
        self.passes += o.passes;
    }
}

/// Articles read before, by their fingerprints, with what reading each reported: a book read
/// again (`folio watch`) parses and passes only the articles whose file changed. Valid while
/// the manifest and every other file the book reads stay as they were; whoever keeps one
/// clears it when they change.
#[derive(Debug, Default)]
pub struct ArticleCache {
    read: HashMap<u64, (Option<Article>, Diagnostics)>,
    /// How many articles the last reading took from the cache.
    hits: usize,
}

impl ArticleCache {
    /// Forgets every article.
    pub fn clear(&mut self) {
        self.read.clear();
    }

    /// How many articles it holds.
    pub fn len(&self) -> usize {
        self.read.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.read.is_empty()
    }

    /// How many articles the last reading took from the cache.
    pub fn hits(&self) -> usize {
        self.hits
    }
}

/// Reads every article the manifest lists (in parallel), applies the entries' overrides and
/// runs the model passes. An article that cannot be read is left out, with its error in
/// `diags`; diagnostics keep reading order.
pub fn read(manifest: Manifest, diags: &mut Diagnostics) -> (Collection, ReadTimes) {
    read_reusing(manifest, None, diags)
}

/// [`read`], taking each article whose file is unchanged from `cache`, and leaving in
/// `cache` the articles of this book only.
pub fn read_reusing(
    manifest: Manifest,
    mut cache: Option<&mut ArticleCache>,
    diags: &mut Diagnostics,
) -> (Collection, ReadTimes) {
    let language = manifest.book.language.clone();
    let entries: Vec<(usize, &ArticleEntry)> = (manifest.parts.iter().enumerate())
        .flat_map(|(i, p)| p.articles.iter().map(move |e| (i, e)))
        .collect();
    let files: ArticleSet = entries.iter().map(|(_, e)| canonical(&e.path)).collect();
    let shared = Shared {
        language: &language,
        files: &files,
        citations: &manifest.book.citations,
        sandbox: &manifest.book.sandbox,
    };
    let by_book = manifest.book.print.number_figures == crate::manifest::FigureNumbers::Book;
    let book_key = fingerprint(&(&language, &files));
    let old = cache.as_deref();
    crate::progress::stage("reading", "articles", Some(entries.len() as u64));
    let read: Vec<(usize, Option<Article>, Diagnostics, ReadTimes, u64, bool)> = entries
        .par_iter()
        .enumerate()
        .map(|(k, &(part, e))| {
            let mut d = Diagnostics::new();
            let chapter = by_book.then_some(k as u32 + 1);
            crate::progress::advance(1);
            let Some(bytes) = crate::markdown::read_bytes(&e.path, &mut d) else {
                return (part, None, d, ReadTimes::default(), 0, false);
            };
            let overrides = format!("{:?}", e.overrides);
            let key = fingerprint(&(book_key, &e.path, &bytes, overrides, chapter));
            if let Some((article, d)) = old.and_then(|c| c.read.get(&key)) {
                return (
                    part,
                    article.clone(),
                    d.clone(),
                    ReadTimes::default(),
                    key,
                    true,
                );
            }
            let (article, t) = read_article(e, bytes, (&shared, chapter, key), &mut d);
            (part, article, d, t, key, false)
        })
        .collect();
    let mut parts: Vec<Part> = (manifest.parts.iter())
        .map(|p| Part {
            title: p.title.clone(),
            articles: Vec::new(),
        })
        .collect();
    let mut times = ReadTimes::default();
    if let Some(cache) = cache.as_deref_mut() {
        cache.read.clear();
        cache.hits = read.iter().filter(|r| r.5).count();
    }
    for (part, article, d, t, key, _) in read {
        if let Some(cache) = cache.as_deref_mut().filter(|_| key != 0) {
            cache.read.insert(key, (article.clone(), d.clone()));
        }
        diags.extend(d);
        times += t;
        parts[part].articles.extend(article);
    }
    let t = Instant::now();
    let mut docs: Vec<&mut Document> = (parts.iter_mut())
        .flat_map(|p| p.articles.iter_mut().map(|a| &mut a.doc))
        .collect();
    let book = &manifest.book;
    let bibliography = book_bibliography(&mut docs, &book.citations, &book.language, &book.sandbox);
    times.passes += t.elapsed();
    let collection = Collection {
        book: manifest.book,
        parts,
        assets: crate::assets::Assets::new(),
        bibliography,
    };
    (collection, times)
}

/// What every article of a book is read with.
struct Shared<'a> {
    language: &'a str,
    files: &'a ArticleSet,
    citations: &'a crate::passes::citations::Setup,
    sandbox: &'a crate::files::Root,
}

/// A fingerprint of `value`: equal values have equal fingerprints within one run of Folio
/// (64 bits of SipHash with fixed keys, so different values collide about once in 2^64).
pub fn fingerprint(value: &impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// Reads the article of entry `e` from its file's `bytes`; `at` is what every article is
/// read with, the article's chapter number and its fingerprint.
fn read_article(
    e: &ArticleEntry,
    bytes: Vec<u8>,
    at: (&Shared, Option<u32>, u64),
    diags: &mut Diagnostics,
) -> (Option<Article>, ReadTimes) {
    let (shared, chapter, fingerprint) = at;
    let Shared {
        language: book_language,
        files,
        citations,
        sandbox,
    } = *shared;
    let mut times = ReadTimes::default();
    let started = Instant::now();
    let Some(mut doc) = crate::markdown::read_bytes_as_markdown(bytes, &e.path, diags) else {
        return (None, times);
    };
    apply_overrides(&mut doc, &e.overrides);
    if doc
        .meta
        .title
        .as_deref()
        .is_some_and(|t| t.trim().is_empty())
    {
        doc.meta.title = None;
    }
    if doc.meta.title.is_none() {
        diags.warning(
            Span::file(&e.path),
            "article has no title",
            "add `title:` to its front matter, a heading at its top, or `title` to its manifest entry",
        );
    }
    let language = doc
        .meta
        .language
        .clone()
        .unwrap_or_else(|| book_language.to_string());
    times.read = started.elapsed();
    let passes = Instant::now();
    let cx = Context {
        language: &language,
        articles: Some(files),
        citations: Some(citations),
        sandbox: Some(sandbox),
        chapter,
    };
    let doc = crate::passes::run_all(doc, &cx, diags);
    times.passes = passes.elapsed();
    let article = Article {
        path: e.path.clone(),
        doc,
        language,
        fingerprint,
    };
    (Some(article), times)
}

fn apply_overrides(doc: &mut Document, o: &Overrides) {
    let m = &mut doc.meta;
    let set = |field: &mut Option<String>, value: &Option<String>| {
        if value.is_some() {
            field.clone_from(value);
        }
    };
    set(&mut m.title, &o.title);
    set(&mut m.subtitle, &o.subtitle);
    set(&mut m.standfirst, &o.standfirst);
    set(&mut m.kicker, &o.kicker);
    set(&mut m.rights, &o.rights);
    set(&mut m.language, &o.language);
    set(&mut m.date, &o.date);
    if let Some(a) = &o.authors {
        m.authors.clone_from(a);
    }
    if o.source.is_some() {
        m.source.clone_from(&o.source);
    }
    if let Some(k) = &o.keywords {
        m.keywords.clone_from(k);
    }
}
