//! `collection.toml` → a typed [`Manifest`]: the book's metadata, its parts with the article
//! entries (paths resolved, overrides checked), and the print and EPUB settings. This is
//! configuration only: reading the articles is [`crate::collection`]'s step. Every problem is
//! reported with the manifest's file, line and column.

mod cites;
pub mod cover;
mod entries;
pub mod length;
mod raw;
mod settings;
mod validate;

pub use entries::{ArticleEntry, Overrides, PartEntry};
pub use settings::{EpubSettings, FigureNumbers, FontFiles, OpenOn, Preset, PrintSettings};

// The loaded book, re-exported while the backends move to `crate::collection`.
pub use crate::collection::{Article, Collection, Part};

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::files::{self, Kind, Root};
use raw::RawManifest;

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

/// The book as the manifest describes it: metadata and output settings, without articles.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Book {
    /// The manifest file.
    pub manifest_path: PathBuf,
    /// The folder holding the manifest; relative paths start here.
    pub root: PathBuf,
    /// The folder every file the book names must be inside (the manifest's folder, or
    /// `--root`).
    pub sandbox: Root,
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
    /// Where the manifest gives `isbn-print`.
    pub isbn_print_span: Option<Span>,
    /// Copyright statement.
    pub rights: Option<String>,
    /// A description (blurb).
    pub description: Option<String>,
    /// Cover image, resolved against `root` (checked by [`crate::assets`]).
    pub cover: Option<NamedFile>,
    /// The series the book belongs to.
    pub series: Option<Series>,
    /// The print cover's settings, when the manifest has a `[cover]` table.
    pub print_cover: Option<cover::CoverSettings>,
    /// `[print]` settings.
    pub print: PrintSettings,
    /// `[epub]` settings.
    pub epub: EpubSettings,
    /// Write each article as its own PDF (and EPUB) beside the book: `[offprints] enabled`
    /// or `folio build --offprints`.
    pub offprints: bool,
    /// The book this one is an offprint of (set only on an offprint's collection).
    pub offprint_of: Option<SourceBook>,
    /// The bibliography, citation style and bibliography scope.
    #[serde(skip)]
    pub citations: crate::passes::citations::Setup,
}

/// The book an offprint is taken from, as the offprint's metadata names it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SourceBook {
    /// The book's title.
    pub title: String,
    /// The book's identifier.
    pub identifier: String,
    /// The offprint's citation of the book ("From *Title*, edited by …, pp. 9–13. …").
    pub citation: Vec<crate::model::Inline>,
}

/// A file the manifest names, with the place it is named.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NamedFile {
    /// The path, resolved against the manifest's folder.
    pub path: PathBuf,
    /// Where the manifest names it.
    pub span: Span,
}

impl Book {
    /// The book's creators as printed on the title page: editors, else authors.
    pub fn creators(&self) -> &[String] {
        if self.editors.is_empty() {
            &self.authors
        } else {
            &self.editors
        }
    }
}

/// A loaded manifest: the book and the articles it lists, not yet read.
#[derive(Debug, Clone)]
pub struct Manifest {
    /// Metadata and settings.
    pub book: Book,
    /// Parts in order (one untitled part when the manifest has none).
    pub parts: Vec<PartEntry>,
}

/// Finds the manifest for `path`: the file itself, or `collection.toml` inside a folder.
pub fn manifest_path(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.join(MANIFEST)
    } else {
        path.to_path_buf()
    }
}

/// The manifest's text and path, to turn byte offsets into `file:line:col`.
pub(crate) struct Source<'a> {
    /// The manifest file.
    pub path: &'a Path,
    /// Its text (byte-order mark removed).
    pub text: &'a str,
}

impl Source<'_> {
    /// The span of a value in the manifest.
    pub fn span<T>(&self, value: &toml::Spanned<T>) -> Span {
        self.at(value.span().start)
    }

    /// The span at byte `offset`.
    pub fn at(&self, offset: usize) -> Span {
        let (l, c) = line_col(self.text, offset);
        Span::new(self.path, l, c)
    }
}

/// Loads the manifest at `path` (a folder or its manifest) as configuration. Every file it
/// names must be inside `root` (default: the manifest's folder). Returns `None` when the
/// manifest itself cannot be used; problems are in `diags`.
pub fn load(path: &Path, root: Option<&Path>, diags: &mut Diagnostics) -> Option<Manifest> {
    let manifest_path = manifest_path(path);
    let text = read_manifest(&manifest_path, diags)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let src = Source {
        path: &manifest_path,
        text,
    };
    let raw: RawManifest = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            diags.push(toml_error(&src, &e));
            return None;
        }
    };
    resolve(raw, &src, root, diags)
}

fn read_manifest(path: &Path, diags: &mut Diagnostics) -> Option<String> {
    let bytes = match files::read(path, Kind::Manifest) {
        Ok(b) => b,
        Err(files::Problem::Missing) => {
            diags.error(
                Span::file(path),
                "cannot read manifest: there is no such file",
                format!("a collection is a folder with a `{MANIFEST}`; `folio new DIR` makes one"),
            );
            return None;
        }
        Err(p) => {
            diags.error(Span::file(path), p.message(Kind::Manifest, path), p.hint());
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(t) => Some(t),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(&e.as_bytes()[..at]);
            let (l, c) = line_col(&text, at);
            diags.error(
                Span::new(path, l, c),
                "the manifest is not valid UTF-8",
                "save collection.toml as UTF-8",
            );
            None
        }
    }
}

/// A diagnostic for a TOML syntax or schema error, with position and nearest valid key.
fn toml_error(src: &Source, e: &toml::de::Error) -> Diagnostic {
    let span = e
        .span()
        .map(|s| src.at(s.start))
        .unwrap_or_else(|| Span::file(src.path));
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
    } else if let Some(hint) = type_hint(src, e) {
        hint
    } else {
        "see the manifest reference in README.md".to_string()
    };
    Diagnostic::error(span, message, hint)
}

/// A hint for a value of the wrong type: TOML reads an unquoted `2026-11-01` as a date, and
/// a quoted number as text.
fn type_hint(src: &Source, e: &toml::de::Error) -> Option<String> {
    let message = e.message();
    let written = e.span().and_then(|s| src.text.get(s)).unwrap_or("").trim();
    let looks_like_date = written.len() >= 7
        && written.starts_with(|c: char| c.is_ascii_digit())
        && written
            .chars()
            .all(|c| c.is_ascii_digit() || "-:T .Z+".contains(c));
    if message.contains("expected a string") && looks_like_date {
        Some(format!(
            "write the date in quotes: \"{written}\" (TOML reads an unquoted date as a date, and Folio wants text)"
        ))
    } else if message.contains("invalid type: string") && message.contains("expected f64") {
        Some("write the number without quotes, e.g. font-size = 10.5".to_string())
    } else if message.contains("invalid type: string") && message.contains("expected a boolean") {
        Some("write true or false without quotes".to_string())
    } else {
        None
    }
}

/// 1-based line and column of byte `offset` in `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
    (line, col)
}

fn resolve(
    raw: RawManifest,
    src: &Source,
    allowed: Option<&Path>,
    diags: &mut Diagnostics,
) -> Option<Manifest> {
    validate::check(&raw, src, diags);
    let root = match src.path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let sandbox = Root::new(allowed.unwrap_or(&root));
    let language = raw
        .language
        .as_ref()
        .map_or_else(|| "en".to_string(), |l| l.get_ref().clone());
    let print = settings::resolve_print(&raw.print, src, &root, &sandbox, diags);
    let epub = EpubSettings {
        embed_fonts: raw.epub.embed_fonts,
        reference_list: raw.epub.reference_list,
        page_list: raw.epub.page_list.unwrap_or(raw.isbn_print.is_some()),
    };
    let citations = cites::resolve(&raw, src, &root, &sandbox, diags);
    let parts = entries::gather(raw.articles, raw.parts, src, &root, &sandbox, diags)?;
    let date = raw.date.as_ref().and_then(|d| {
        let parsed = crate::infer::parse_date(d.get_ref());
        if parsed.is_none() {
            diags.error(
                src.span(d),
                format!("date `{}` is not a date Folio can read", d.get_ref()),
                "write it as YYYY-MM-DD",
            );
        }
        parsed
    });
    let text = |v: Option<toml::Spanned<String>>| v.map(toml::Spanned::into_inner);
    let list = |v: Vec<toml::Spanned<String>>| -> Vec<String> {
        v.into_iter().map(toml::Spanned::into_inner).collect()
    };
    let title = raw.title.into_inner();
    let editors = list(raw.editors);
    let authors = list(raw.authors);
    let identifier =
        text(raw.identifier).unwrap_or_else(|| derived_identifier(&title, &editors, &authors));
    let (cover, print_cover) = cover::resolve(raw.cover.as_ref(), src, &root, diags);
    let isbn_print_span = raw.isbn_print.as_ref().map(|i| src.span(i));
    let book = Book {
        manifest_path: src.path.to_path_buf(),
        root,
        sandbox,
        title,
        subtitle: text(raw.subtitle),
        editors,
        authors,
        language,
        publisher: text(raw.publisher),
        date,
        identifier,
        isbn_print: text(raw.isbn_print),
        isbn_print_span,
        rights: text(raw.rights),
        description: text(raw.description),
        cover,
        series: raw.series.map(|s| Series {
            name: s.name.into_inner(),
            number: s.number,
        }),
        print_cover,
        print,
        epub,
        offprints: raw.offprints.enabled,
        offprint_of: None,
        citations,
    };
    Some(Manifest { book, parts })
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
