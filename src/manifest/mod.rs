//! `collection.toml` → a typed [`Collection`]: book metadata, the ordered articles (each read
//! into a `Document`, with manifest overrides applied and passes run), print and EPUB
//! settings. Every problem is reported with the manifest's file, line and column.

pub mod length;
mod raw;
mod settings;

pub use settings::{EpubSettings, FontFiles, OpenOn, Preset, PrintSettings};

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{Diagnostics, Span};
use crate::model::{Author, Document, Source};
use raw::{RawArticle, RawArticleEntry, RawAuthor, RawManifest};

/// The manifest's file name inside a collection folder.
pub const MANIFEST: &str = "collection.toml";

/// A series the book belongs to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Series {
    /// The series' name.
    pub name: String,
    /// This book's number in it.
    pub number: Option<u32>,
}

/// One article of a collection, read and processed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Article {
    /// The markdown file.
    pub path: PathBuf,
    /// The processed document (manifest overrides applied, passes run).
    pub doc: Document,
    /// The article's effective language (its own, else the book's).
    pub language: String,
}

/// A part of a book: a titled group of articles. A book without parts has one untitled part.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Part {
    /// The part's title; `None` for the implicit single part.
    pub title: Option<String>,
    /// The articles, in order.
    pub articles: Vec<Article>,
}

/// A whole collection: book metadata, parts and articles, and output settings.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Collection {
    /// The manifest file.
    pub manifest_path: PathBuf,
    /// The folder holding the manifest; relative paths start here.
    pub root: PathBuf,
    /// The book's title.
    pub title: String,
    /// The book's subtitle.
    pub subtitle: Option<String>,
    /// Editors (for an anthology).
    pub editors: Vec<String>,
    /// Authors (for a single-author book).
    pub authors: Vec<String>,
    /// The book's language (BCP 47), default `en`.
    pub language: String,
    /// The publisher.
    pub publisher: Option<String>,
    /// Publication date, ISO 8601.
    pub date: Option<String>,
    /// A stable identifier: the manifest's, else a UUID derived from title and editors.
    pub identifier: String,
    /// The print edition's ISBN.
    pub isbn_print: Option<String>,
    /// Copyright statement.
    pub rights: Option<String>,
    /// A description (blurb).
    pub description: Option<String>,
    /// Cover image, resolved against `root`.
    pub cover: Option<PathBuf>,
    /// The series the book belongs to.
    pub series: Option<Series>,
    /// Parts in order (one untitled part when the manifest has none).
    pub parts: Vec<Part>,
    /// `[print]` settings.
    pub print: PrintSettings,
    /// `[epub]` settings.
    pub epub: EpubSettings,
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

    /// The book's creators as printed on the title page: editors, else authors.
    pub fn creators(&self) -> &[String] {
        if self.editors.is_empty() {
            &self.authors
        } else {
            &self.editors
        }
    }
}

/// Finds the manifest for `path`: the file itself, or `collection.toml` inside a folder.
pub fn manifest_path(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.join(MANIFEST)
    } else {
        path.to_path_buf()
    }
}

/// Time spent loading, summed over the threads that read articles in parallel.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadTimes {
    /// Reading and parsing markdown (front matter and layout inference included).
    pub read: std::time::Duration,
    /// The model passes (ids, notes, references, quotes).
    pub passes: std::time::Duration,
}

/// Loads the collection at `path` (a folder or its manifest), reading every article.
/// Returns `None` when the manifest itself cannot be used; problems are in `diags`.
pub fn load(path: &Path, diags: &mut Diagnostics) -> Option<Collection> {
    load_timed(path, diags).0
}

/// [`load`], also giving the time spent reading and in the passes.
pub fn load_timed(path: &Path, diags: &mut Diagnostics) -> (Option<Collection>, LoadTimes) {
    let times = std::sync::Mutex::new(LoadTimes::default());
    let c = load_inner(path, diags, &times);
    let t = times.into_inner().unwrap_or_else(|e| e.into_inner());
    (c, t)
}

fn load_inner(
    path: &Path,
    diags: &mut Diagnostics,
    times: &std::sync::Mutex<LoadTimes>,
) -> Option<Collection> {
    let manifest_path = manifest_path(path);
    let text = match std::fs::read_to_string(&manifest_path) {
        Ok(t) => t,
        Err(e) => {
            diags.error(
                Span::file(&manifest_path),
                format!("cannot read manifest: {e}"),
                format!("a collection is a folder with a `{MANIFEST}`; `folio new DIR` makes one"),
            );
            return None;
        }
    };
    let raw: RawManifest = match toml::from_str(&text) {
        Ok(r) => r,
        Err(e) => {
            diags.push(toml_error(&manifest_path, &text, &e));
            return None;
        }
    };
    resolve(raw, &manifest_path, &text, diags, times)
}

/// A diagnostic for a TOML syntax or schema error, with position and nearest valid key.
fn toml_error(path: &Path, text: &str, e: &toml::de::Error) -> crate::diag::Diagnostic {
    let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((0, 0));
    let message = e.message().trim().to_string();
    let hint = if let Some(rest) = message.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest
            .split("expected ")
            .nth(1)
            .unwrap_or("")
            .split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 1)
            .map(|(_, s)| s)
            .collect();
        match crate::diag::nearest(key, &expected) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("valid keys here: {}", expected.join(", ")),
        }
    } else if message.starts_with("missing field") {
        "add the missing key to the manifest".to_string()
    } else {
        "see the manifest reference in README.md".to_string()
    };
    crate::diag::Diagnostic::error(Span::new(path, line, col), message, hint)
}

/// 1-based line and column of byte `offset` in `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
    (line, col)
}

/// The manifest position where `needle` (a quoted path) first appears after `from`.
fn find_in(text: &str, needle: &str, from: usize) -> (usize, u32, u32) {
    let quoted = format!("\"{needle}\"");
    let at = text[from.min(text.len())..]
        .find(&quoted)
        .map(|i| i + from)
        .or_else(|| text.find(&quoted))
        .unwrap_or(0);
    let (l, c) = line_col(text, at);
    (at + 1, l, c)
}

struct Entry {
    part: usize,
    raw: RawArticleEntry,
    span: Span,
}

fn resolve(
    raw: RawManifest,
    manifest_path: &Path,
    text: &str,
    diags: &mut Diagnostics,
    times: &std::sync::Mutex<LoadTimes>,
) -> Option<Collection> {
    let root = manifest_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let root = if root.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        root
    };
    let language = raw.language.clone().unwrap_or_else(|| "en".to_string());
    let print = settings::resolve_print(&raw.print, manifest_path, text, &root, diags);
    let epub = EpubSettings {
        embed_fonts: raw.epub.embed_fonts,
        reference_list: raw.epub.reference_list,
        page_list: raw.epub.page_list.unwrap_or(raw.isbn_print.is_some()),
    };

    // Gather the entries with their places in the manifest.
    let mut part_titles: Vec<Option<String>> = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
    let mut cursor = 0;
    let add = |part: usize, a: RawArticle, cursor: &mut usize, entries: &mut Vec<Entry>| {
        let (next, line, col) = find_in(text, a.path(), *cursor);
        *cursor = next;
        let raw = match a {
            RawArticle::Path(p) => RawArticleEntry {
                path: p,
                ..Default::default()
            },
            RawArticle::Full(e) => *e,
        };
        entries.push(Entry {
            part,
            raw,
            span: Span::new(manifest_path, line, col),
        });
    };
    match (raw.articles, raw.parts) {
        (Some(_), Some(_)) => {
            diags.error(
                Span::file(manifest_path),
                "the manifest has both `articles` and `[[parts]]`",
                "put every article inside a part, or drop the parts",
            );
            return None;
        }
        (Some(list), None) => {
            part_titles.push(None);
            for a in list {
                add(0, a, &mut cursor, &mut entries);
            }
        }
        (None, Some(parts)) => {
            for (i, p) in parts.into_iter().enumerate() {
                part_titles.push(Some(p.title));
                for a in p.articles {
                    add(i, a, &mut cursor, &mut entries);
                }
            }
        }
        (None, None) => {
            diags.error(
                Span::file(manifest_path),
                "the manifest lists no articles",
                "add `articles = [\"articles/first.md\"]` or `[[parts]]` tables",
            );
            return None;
        }
    }

    check_duplicates(&entries, &root, diags);

    let read: Vec<(Option<Article>, Diagnostics)> = entries
        .par_iter()
        .map(|e| {
            let mut d = Diagnostics::new();
            let (article, t) = read_article(e, &root, &language, &mut d);
            let mut all = times.lock().unwrap_or_else(|e| e.into_inner());
            all.read += t.read;
            all.passes += t.passes;
            (article, d)
        })
        .collect();
    let mut parts: Vec<Part> = part_titles
        .into_iter()
        .map(|title| Part {
            title,
            articles: Vec::new(),
        })
        .collect();
    for (entry, (article, d)) in entries.iter().zip(read) {
        diags.extend(d);
        if let Some(a) = article {
            parts[entry.part].articles.push(a);
        }
    }

    let date = raw.date.as_deref().and_then(|d| {
        let parsed = crate::infer::parse_date(d);
        if parsed.is_none() {
            let (_, l, c) = find_in(text, d, 0);
            diags.error(
                Span::new(manifest_path, l, c),
                format!("date `{d}` is not a date Folio can read"),
                "write it as YYYY-MM-DD",
            );
        }
        parsed
    });
    let identifier = raw
        .identifier
        .clone()
        .unwrap_or_else(|| derived_identifier(&raw.title, &raw.editors, &raw.authors));
    let cover = raw.cover.as_ref().map(|c| root.join(c));
    if let Some(c) = &cover {
        if !c.is_file() {
            let (_, l, col) = find_in(text, raw.cover.as_deref().unwrap_or(""), 0);
            diags.error(
                Span::new(manifest_path, l, col),
                format!("cover image not found: {}", c.display()),
                "check the path; it is relative to the manifest's folder",
            );
        }
    }
    Some(Collection {
        manifest_path: manifest_path.to_path_buf(),
        root,
        title: raw.title,
        subtitle: raw.subtitle,
        editors: raw.editors,
        authors: raw.authors,
        language,
        publisher: raw.publisher,
        date,
        identifier,
        isbn_print: raw.isbn_print,
        rights: raw.rights,
        description: raw.description,
        cover,
        series: raw.series.map(|s| Series {
            name: s.name,
            number: s.number,
        }),
        parts,
        print,
        epub,
    })
}

/// A stable `urn:uuid:` derived (UUID v5) from the title and the editors or authors.
pub fn derived_identifier(title: &str, editors: &[String], authors: &[String]) -> String {
    let key = format!(
        "folio:{}|{}|{}",
        title,
        editors.join(";"),
        authors.join(";")
    );
    let id = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, key.as_bytes());
    format!("urn:uuid:{id}")
}

fn check_duplicates(entries: &[Entry], root: &Path, diags: &mut Diagnostics) {
    let mut seen: Vec<(PathBuf, &Span)> = Vec::new();
    for e in entries {
        let p = root.join(&e.raw.path);
        let key = p.canonicalize().unwrap_or_else(|_| normalize(&p));
        if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
            diags.error(
                e.span.clone(),
                format!(
                    "article `{}` is listed twice (first at line {})",
                    e.raw.path, first.line
                ),
                "remove one of the entries; an article appears once in a book",
            );
        } else {
            seen.push((key, &e.span));
        }
    }
}

fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn read_article(
    e: &Entry,
    root: &Path,
    book_language: &str,
    diags: &mut Diagnostics,
) -> (Option<Article>, LoadTimes) {
    let mut times = LoadTimes::default();
    let started = std::time::Instant::now();
    let path = root.join(&e.raw.path);
    if !path.is_file() {
        diags.error(
            e.span.clone(),
            format!("article not found: looked for {}", path.display()),
            "check the path; it is relative to the manifest's folder",
        );
        return (None, times);
    }
    let Some(mut doc) = crate::markdown::read_file(&path, diags) else {
        return (None, times);
    };
    apply_overrides(&mut doc, &e.raw, &e.span, diags);
    if doc.meta.title.is_none() {
        diags.warning(
            Span::file(&path),
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
    let passes = std::time::Instant::now();
    let doc = crate::passes::run_all(doc, &language);
    times.passes = passes.elapsed();
    (
        Some(Article {
            path,
            doc,
            language,
        }),
        times,
    )
}

fn apply_overrides(
    doc: &mut Document,
    raw: &RawArticleEntry,
    span: &Span,
    diags: &mut Diagnostics,
) {
    let m = &mut doc.meta;
    let set = |field: &mut Option<String>, value: &Option<String>| {
        if value.is_some() {
            field.clone_from(value);
        }
    };
    set(&mut m.title, &raw.title);
    set(&mut m.subtitle, &raw.subtitle);
    set(&mut m.standfirst, &raw.standfirst);
    set(&mut m.kicker, &raw.kicker);
    set(&mut m.rights, &raw.rights);
    set(&mut m.language, &raw.language);
    set(&mut m.language, &raw.lang);
    if let Some(d) = &raw.date {
        match crate::infer::parse_date(d) {
            Some(iso) => m.date = Some(iso),
            None => diags.error(
                span.clone(),
                format!("date `{d}` for `{}` is not a date Folio can read", raw.path),
                "write it as YYYY-MM-DD",
            ),
        }
    }
    if let Some(authors) = &raw.authors {
        m.authors = authors
            .iter()
            .map(|a| match a {
                RawAuthor::Name(name) => Author {
                    name: name.clone(),
                    ..Default::default()
                },
                RawAuthor::Full {
                    name,
                    affiliation,
                    bio,
                } => Author {
                    name: name.clone(),
                    affiliation: affiliation.clone(),
                    bio: bio.clone(),
                },
            })
            .collect();
    }
    if let Some(s) = &raw.source {
        m.source = Some(Source {
            name: s.name.clone(),
            url: s.url.clone(),
        });
    }
    if let Some(k) = &raw.keywords {
        m.keywords.clone_from(k);
    }
}
