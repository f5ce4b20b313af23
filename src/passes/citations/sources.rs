//! Bibliography files: read through the sandbox, parsed by their extension (`.bib` as
//! BibTeX/BibLaTeX, `.json` as CSL-JSON, `.yml`/`.yaml` as hayagriva's YAML), merged into
//! one set of works. A file that does not parse is an error at its own line; a key defined
//! twice is a warning at the second definition, and the first is kept.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hayagriva::{Entry, Library};

use crate::diag::{Diagnostics, Span};
use crate::files::{Kind, Root};

/// The works a set of bibliography files defines.
#[derive(Debug, Clone, Default)]
pub struct Works {
    /// Each work by key, with where it is defined.
    entries: BTreeMap<String, (Entry, Span)>,
    /// The keys in the order the files define them.
    order: Vec<String>,
}

impl Works {
    /// The work with `key`.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.get(key).map(|(e, _)| e)
    }

    /// Every key, in the order the files define them.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.order.iter().map(String::as_str)
    }

    /// Whether no work is defined.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Adds `other`'s works; a key already here is warned about and the first kept.
    pub fn merge(&mut self, other: Works, diags: &mut Diagnostics) {
        for key in other.order {
            let Some((entry, span)) = other.entries.get(&key).cloned() else {
                continue;
            };
            self.add(key, entry, span, diags);
        }
    }

    fn add(&mut self, key: String, entry: Entry, span: Span, diags: &mut Diagnostics) {
        if let Some((_, first)) = self.entries.get(&key) {
            diags.warning(
                span,
                format!("citation key `{key}` is defined twice (first at {first}); the first definition is used"),
                "rename or remove one of the entries",
            );
            return;
        }
        self.order.push(key.clone());
        self.entries.insert(key, (entry, span));
    }
}

/// Reads the bibliography files `paths` (each with where it is named), in order.
pub fn load(paths: &[(PathBuf, Span)], sandbox: &Root, diags: &mut Diagnostics) -> Works {
    let mut works = Works::default();
    for (path, named_at) in paths {
        let bytes = match sandbox.read(path, Kind::Bibliography) {
            Ok(b) => b,
            Err(p) => {
                diags.error(
                    named_at.clone(),
                    p.message(Kind::Bibliography, path),
                    p.hint(),
                );
                continue;
            }
        };
        let text = String::from_utf8_lossy(&bytes);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        if let Some(file) = parse(path, text, named_at, diags) {
            works.merge(file, diags);
        }
    }
    works
}

/// The format a bibliography file is read as, by its extension.
fn format_of(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "bib" | "bibtex" | "biblatex" => Some("bib"),
        "json" => Some("json"),
        "yml" | "yaml" => Some("yaml"),
        _ => None,
    }
}

/// Parses one file; `None` (with an error) when it cannot be used.
fn parse(path: &Path, text: &str, named_at: &Span, diags: &mut Diagnostics) -> Option<Works> {
    let result = match format_of(path) {
        Some("bib") => bibtex(path, text, diags),
        Some("json") => csl_json(path, text, diags),
        Some(_) => yaml(path, text),
        None => {
            diags.error(
                named_at.clone(),
                format!("bibliography {} has no known extension", path.display()),
                "name a .bib (BibTeX or BibLaTeX), .json (CSL-JSON) or .yaml (hayagriva) file",
            );
            return None;
        }
    };
    match result {
        Ok(works) => Some(works),
        Err((offset, why)) => {
            let (line, col) = crate::manifest::line_col(text, offset);
            diags.error(
                Span::new(path, line, col),
                format!("the bibliography cannot be read: {why}"),
                "fix the entry at this line (a missing brace, comma or quote is the usual cause)",
            );
            None
        }
    }
}

type Parsed = Result<Works, (usize, String)>;

/// BibTeX or BibLaTeX. Repeated keys are dropped (and warned about) before the entries are
/// resolved, since the parser refuses them outright.
fn bibtex(path: &Path, text: &str, diags: &mut Diagnostics) -> Parsed {
    let mut raw = biblatex::RawBibliography::parse(text).map_err(|e| {
        let at = match e.kind {
            // An entry left open runs to the end: point at the entry, not the end.
            biblatex::ParseErrorKind::UnexpectedEof => last_entry_start(text),
            _ => e.span.start,
        };
        (at, e.kind.to_string())
    })?;
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut keep = Vec::new();
    let mut spans = BTreeMap::new();
    for entry in std::mem::take(&mut raw.entries) {
        let key = entry.v.key.v.to_string();
        let at = entry.v.key.span.start;
        let (line, col) = crate::manifest::line_col(text, at);
        if let Some(first) = seen.get(&key) {
            let (first_line, _) = crate::manifest::line_col(text, *first);
            diags.warning(
                Span::new(path, line, col),
                format!("citation key `{key}` is defined twice (first at line {first_line}); the first definition is used"),
                "rename or remove one of the entries",
            );
            continue;
        }
        seen.insert(key.clone(), at);
        spans.insert(key, Span::new(path, line, col));
        keep.push(entry);
    }
    raw.entries = keep;
    let mut bib =
        biblatex::Bibliography::from_raw(raw).map_err(|e| (e.span.start, e.kind.to_string()))?;
    as_pandoc_reads(&mut bib);
    let lib = hayagriva::io::from_biblatex(&bib).map_err(|errors| {
        let first = errors.first();
        let at = first.map_or(0, |e| e.span.start);
        let why = first.map_or_else(|| "a field has the wrong form".into(), |e| e.to_string());
        (at, why)
    })?;
    Ok(collect(lib, |key| spans.get(key).cloned(), path))
}

/// Reads BibLaTeX entries as pandoc and biblatex's own styles do where hayagriva reads
/// them otherwise: an edited volume is a book with editors (not an archival collection), a
/// chapter in one is a chapter in a book, a report's or thesis's institution is its
/// publisher, and the standard thesis types are written out.
fn as_pandoc_reads(bib: &mut biblatex::Bibliography) {
    use biblatex::{Chunk, EntryType as T, Spanned};
    for entry in bib.iter_mut() {
        // hayagriva leaves subtitles out; pandoc joins them to the title.
        if let Some(sub) = entry.fields.remove("subtitle") {
            // The title alone stays the short title that subsequent notes use.
            if let Some(title) = entry.fields.get("title").cloned() {
                entry.fields.entry("shorttitle".into()).or_insert(title);
            }
            if let Some(title) = entry.fields.get_mut("title") {
                title.push(Spanned::detached(Chunk::Normal(": ".into())));
                title.extend(sub);
            }
        }
        entry.entry_type = match entry.entry_type {
            T::Collection => T::Book,
            T::InCollection => T::InBook,
            ref other => other.clone(),
        };
        let issuer = matches!(
            entry.entry_type,
            T::Report | T::TechReport | T::Thesis | T::PhdThesis | T::MastersThesis
        );
        if issuer && !entry.fields.contains_key("publisher") {
            if let Some(inst) = entry.fields.get("institution").cloned() {
                entry.fields.insert("publisher".into(), inst);
            }
        }
        let written = entry.fields.get("type").map(|t| {
            t.iter()
                .map(|c| match &c.v {
                    Chunk::Normal(s) | Chunk::Verbatim(s) => s.as_str(),
                    _ => "",
                })
                .collect::<String>()
        });
        let genre = match written.as_deref() {
            Some("phdthesis") => "PhD thesis",
            Some("mathesis") => "Master's thesis",
            Some("techreport") => "Technical report",
            _ => continue,
        };
        let chunk = Spanned::detached(Chunk::Normal(genre.to_string()));
        entry.fields.insert("type".into(), vec![chunk]);
    }
}

/// CSL-JSON: an array of items.
fn csl_json(path: &Path, text: &str, diags: &mut Diagnostics) -> Parsed {
    let items: Vec<serde_json::Value> = serde_json::from_str(text).map_err(|e| {
        let offset = offset_of(text, e.line(), e.column());
        (offset, e.to_string())
    })?;
    let mut unique = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (item, id) in items.iter().zip(super::csljson::ids(&items)) {
        if seen.insert(id.clone()) {
            unique.push(item.clone());
            continue;
        }
        let (line, col) = key_place(text, &format!("\"{id}\""), 2);
        diags.warning(
            Span::new(path, line, col),
            format!("citation key `{id}` is defined twice; the first definition is used"),
            "rename or remove one of the entries",
        );
    }
    let lib = super::csljson::read(&unique).map_err(|why| (0, why))?;
    Ok(collect(
        lib,
        |key| {
            let (l, c) = key_place(text, &format!("\"{key}\""), 1);
            Some(Span::new(path, l, c))
        },
        path,
    ))
}

/// hayagriva's YAML: a mapping of keys to entries.
fn yaml(path: &Path, text: &str) -> Parsed {
    let lib = hayagriva::io::from_yaml_str(text).map_err(|e| {
        let offset = e.location().map_or(0, |l| l.index());
        (offset, e.to_string())
    })?;
    Ok(collect(
        lib,
        |key| {
            let (l, c) = key_place(text, &format!("{key}:"), 1);
            Some(Span::new(path, l, c))
        },
        path,
    ))
}

/// The works of `lib`, each placed by `place` (else at the file's start).
fn collect(lib: Library, place: impl Fn(&str) -> Option<Span>, path: &Path) -> Works {
    let mut works = Works::default();
    let mut quiet = Diagnostics::new();
    for entry in lib.iter() {
        let span = place(entry.key()).unwrap_or_else(|| Span::new(path, 1, 1));
        works.add(entry.key().to_string(), entry.clone(), span, &mut quiet);
    }
    works
}

/// Line and column of the `nth` occurrence (1-based) of `needle` in `text` (1:1 if none).
fn key_place(text: &str, needle: &str, nth: usize) -> (u32, u32) {
    let at = text
        .match_indices(needle)
        .nth(nth - 1)
        .map_or(0, |(i, _)| i);
    crate::manifest::line_col(text, at)
}

/// Where the last entry (`@` at a line's start) begins.
fn last_entry_start(text: &str) -> usize {
    let lines = text.match_indices('\n').map(|(i, _)| i + 1);
    std::iter::once(0)
        .chain(lines)
        .rfind(|&i| text[i..].trim_start().starts_with('@'))
        .unwrap_or(0)
}

/// The byte offset of 1-based `line` and `col` in `text`.
fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &text[start.min(text.len())..];
    start
        + rest
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(name: &str, text: &str) -> (Works, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let mut diags = Diagnostics::new();
        let root = Root::new(dir.path());
        let works = load(&[(path, Span::new("book.toml", 3, 1))], &root, &mut diags);
        let msgs = diags.items().iter().map(|d| d.to_string()).collect();
        (works, msgs)
    }

    #[test]
    fn bibtex_keys_defined_twice_warn_at_the_second() {
        let bib = "@book{a, title={One}, author={Ann Lee}, year=2001}\n\n@book{a, title={Two}, year=2002}\n";
        let (works, msgs) = load_text("refs.bib", bib);
        assert_eq!(works.keys().collect::<Vec<_>>(), ["a"]);
        assert_eq!(msgs.len(), 1, "{msgs:?}");
        assert!(
            msgs[0].contains("refs.bib:3:7") && msgs[0].contains("defined twice"),
            "{msgs:?}"
        );
    }

    #[test]
    fn a_file_that_does_not_parse_is_an_error_at_its_line() {
        let (_, msgs) = load_text(
            "refs.bib",
            "@book{a, title={One}, year=2001}\n@book{b, title={Two\n",
        );
        assert!(msgs[0].contains("refs.bib:2:"), "{msgs:?}");
        let (_, msgs) = load_text("refs.json", "[\n {\"id\": \"a\",\n \"title\": }\n]");
        assert!(msgs[0].contains("refs.json:3:"), "{msgs:?}");
        let (_, msgs) = load_text("refs.yaml", "a:\n  type: book\n  title: [unclosed\n");
        assert!(msgs[0].contains("refs.yaml:"), "{msgs:?}");
    }

    #[test]
    fn every_format_reads() {
        let (w, m) = load_text(
            "r.yaml",
            "lee:\n  type: book\n  title: Ports\n  author: Lee, Ann\n  date: 2019\n",
        );
        assert!(w.get("lee").is_some() && m.is_empty(), "{m:?}");
        let (w, m) = load_text("r.json", r#"[{"id": "x", "type": "book", "title": "T"}]"#);
        assert!(w.get("x").is_some() && m.is_empty(), "{m:?}");
        let (_, m) = load_text("r.txt", "x");
        assert!(
            m[0].contains("book.toml:3:1") && m[0].contains("extension"),
            "{m:?}"
        );
    }
}
