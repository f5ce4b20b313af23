//! The manifest's article entries: gathered from `articles` or `[[parts]]` with their places
//! in the file, paths resolved against the manifest's folder, overrides checked, and the same
//! article listed twice reported.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use toml::Spanned;

use super::raw::{RawArticle, RawArticleEntry, RawAuthor, RawPart};
use super::Source as ManifestSource;
use crate::diag::{Diagnostics, Span};
use crate::files::{Kind, Root};
use crate::model::{Author, Source};

/// A part of the book as listed: a title (none for the implicit single part) and its entries.
#[derive(Debug, Clone)]
pub struct PartEntry {
    /// The part's title; `None` for the implicit single part.
    pub title: Option<String>,
    /// The articles, in order.
    pub articles: Vec<ArticleEntry>,
}

/// One article as the manifest lists it.
#[derive(Debug, Clone)]
pub struct ArticleEntry {
    /// The markdown file, resolved against the manifest's folder.
    pub path: PathBuf,
    /// The path as the manifest writes it.
    pub written: String,
    /// The entry's place in the manifest.
    pub span: Span,
    /// Metadata the entry sets, which wins over the article's own.
    pub overrides: Overrides,
}

/// Metadata an article entry overrides. Dates are checked and in ISO form.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `title`.
    pub title: Option<String>,
    /// `subtitle`.
    pub subtitle: Option<String>,
    /// `standfirst`.
    pub standfirst: Option<String>,
    /// `kicker`.
    pub kicker: Option<String>,
    /// `rights`.
    pub rights: Option<String>,
    /// `lang` (or `language`).
    pub language: Option<String>,
    /// `date`, as `YYYY-MM-DD`.
    pub date: Option<String>,
    /// `authors`.
    pub authors: Option<Vec<Author>>,
    /// `source`.
    pub source: Option<Source>,
    /// `keywords`.
    pub keywords: Option<Vec<String>>,
}

/// The parts and their entries, or `None` when the manifest lists no articles at all.
pub(super) fn gather(
    articles: Option<Spanned<Vec<Spanned<RawArticle>>>>,
    parts: Option<Vec<Spanned<RawPart>>>,
    src: &ManifestSource,
    root: &Path,
    sandbox: &Root,
    diags: &mut Diagnostics,
) -> Option<Vec<PartEntry>> {
    let places = Places { src, root, sandbox };
    let out = match (articles, parts) {
        (Some(_), Some(_)) => {
            diags.error(
                Span::file(src.path),
                "the manifest has both `articles` and `[[parts]]`",
                "put every article inside a part, or drop the parts",
            );
            return None;
        }
        (Some(list), None) => vec![PartEntry {
            title: None,
            articles: entries(list.into_inner(), &places, diags),
        }],
        (None, Some(parts)) => parts
            .into_iter()
            .map(|p| {
                let p = p.into_inner();
                PartEntry {
                    title: Some(p.title.into_inner()),
                    articles: entries(p.articles, &places, diags),
                }
            })
            .collect(),
        (None, None) => {
            diags.error(
                Span::file(src.path),
                "the manifest lists no articles",
                "add `articles = [\"articles/first.md\"]` or `[[parts]]` tables",
            );
            return None;
        }
    };
    check_duplicates(&out, diags);
    Some(out)
}

/// Where entries are read from and resolved against.
struct Places<'a, 'b> {
    src: &'a ManifestSource<'b>,
    root: &'a Path,
    sandbox: &'a Root,
}

fn entries(
    list: Vec<Spanned<RawArticle>>,
    at: &Places,
    diags: &mut Diagnostics,
) -> Vec<ArticleEntry> {
    list.into_iter()
        .filter_map(|a| {
            let span = at.src.span(&a);
            let raw = match a.into_inner() {
                RawArticle::Path(p) => return entry(&p, span, Overrides::default(), at, diags),
                RawArticle::Full(e) => *e,
            };
            let overrides = overrides(&raw, at.src, diags);
            entry(raw.path.get_ref(), span, overrides, at, diags)
        })
        .collect()
}

/// An entry whose file is a readable file inside the root; otherwise an error at its place.
fn entry(
    written: &str,
    span: Span,
    overrides: Overrides,
    at: &Places,
    diags: &mut Diagnostics,
) -> Option<ArticleEntry> {
    if written.trim().is_empty() {
        return None; // reported by the manifest's checks
    }
    let path = at.root.join(written);
    if let Err(p) = at.sandbox.check(&path) {
        diags.error(span, p.message(Kind::Article, &path), p.hint());
        return None;
    }
    Some(ArticleEntry {
        path,
        written: written.to_string(),
        span,
        overrides,
    })
}

fn overrides(raw: &RawArticleEntry, src: &ManifestSource, diags: &mut Diagnostics) -> Overrides {
    let text = |v: &Option<Spanned<String>>| v.as_ref().map(|s| s.get_ref().clone());
    let date = raw.date.as_ref().and_then(|d| {
        let iso = crate::infer::parse_date(d.get_ref());
        if iso.is_none() {
            diags.error(
                src.span(d),
                format!(
                    "date `{}` for `{}` is not a date Folio can read",
                    d.get_ref(),
                    raw.path.get_ref()
                ),
                "write it as YYYY-MM-DD",
            );
        }
        iso
    });
    Overrides {
        title: text(&raw.title),
        subtitle: text(&raw.subtitle),
        standfirst: text(&raw.standfirst),
        kicker: text(&raw.kicker),
        rights: text(&raw.rights),
        language: text(&raw.lang).or_else(|| text(&raw.language)),
        date,
        authors: raw
            .authors
            .as_ref()
            .map(|list| list.iter().map(|a| author(a.get_ref())).collect()),
        source: raw.source.as_ref().map(|s| Source {
            name: s.name.clone(),
            url: s.url.as_ref().map(|u| u.get_ref().clone()),
            url_span: s.url.as_ref().map(|u| src.span(u)),
        }),
        keywords: raw.keywords.clone(),
    }
}

fn author(a: &RawAuthor) -> Author {
    match a {
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
    }
}

fn check_duplicates(parts: &[PartEntry], diags: &mut Diagnostics) {
    let mut seen: HashMap<FileId, &Span> = HashMap::new();
    for e in parts.iter().flat_map(|p| &p.articles) {
        let key = file_id(&e.path);
        if let Some(first) = seen.get(&key) {
            diags.error(
                e.span.clone(),
                format!(
                    "article `{}` is listed twice (first at line {})",
                    e.written, first.line
                ),
                "remove one of the entries; an article appears once in a book",
            );
        } else {
            seen.insert(key, &e.span);
        }
    }
}

/// What tells two entries' files apart.
#[derive(Debug, PartialEq, Eq, Hash)]
enum FileId {
    /// Device and inode: the file however it is reached.
    Inode(u64, u64),
    /// The path, resolved where it can be, else with `.` and `..` worked out.
    Path(PathBuf),
}

/// The file at `p`: on Unix by one `stat` (resolving the path took a `readlink` for each of
/// its components, for every article of every build of a session).
fn file_id(p: &Path) -> FileId {
    #[cfg(unix)]
    if let Ok(m) = std::fs::metadata(p) {
        use std::os::unix::fs::MetadataExt;
        return FileId::Inode(m.dev(), m.ino());
    }
    #[cfg(not(unix))]
    if let Ok(resolved) = p.canonicalize() {
        return FileId::Path(resolved);
    }
    FileId::Path(normalize(p))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_the_same_file_by_any_path_to_it() {
        let dir = std::env::temp_dir().join(format!("folio-file-id-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        let a = dir.join("a.md");
        std::fs::write(&a, "A").unwrap();
        std::fs::write(dir.join("b.md"), "B").unwrap();
        assert_eq!(file_id(&a), file_id(&dir.join("sub/../a.md")));
        assert_eq!(file_id(&a), file_id(&dir.join("./a.md")));
        assert_ne!(file_id(&a), file_id(&dir.join("b.md")));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&a, dir.join("link.md")).unwrap();
            assert_eq!(file_id(&a), file_id(&dir.join("link.md")));
        }
        let missing = dir.join("sub/../gone.md");
        assert_eq!(file_id(&missing), file_id(&dir.join("gone.md")));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
