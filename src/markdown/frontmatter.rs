//! YAML front matter: splitting it from the body and reading it into `Meta`.

use serde::Deserialize;
use std::path::Path;

use crate::diag::{Diagnostics, Span};
use crate::model::{Author, Located, Meta, Source};

/// Front-matter keys Folio understands (used for "did you mean" hints).
pub const KEYS: &[&str] = &[
    "title",
    "subtitle",
    "standfirst",
    "author",
    "authors",
    "date",
    "lang",
    "language",
    "kicker",
    "category",
    "source",
    "rights",
    "keywords",
    "bibliography",
    "citation-style",
    "nocite",
];

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FrontMatter {
    title: Option<String>,
    subtitle: Option<String>,
    standfirst: Option<String>,
    author: Option<AuthorsField>,
    authors: Option<AuthorsField>,
    date: Option<serde_norway::Value>,
    lang: Option<String>,
    language: Option<String>,
    kicker: Option<String>,
    category: Option<String>,
    source: Option<SourceField>,
    rights: Option<String>,
    keywords: Option<Keywords>,
    bibliography: Option<Keywords>,
    citation_style: Option<String>,
    nocite: Option<Keywords>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum AuthorsField {
    One(AuthorField),
    Many(Vec<AuthorField>),
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum AuthorField {
    Name(String),
    Full(FullAuthor),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FullAuthor {
    name: String,
    affiliation: Option<String>,
    bio: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum SourceField {
    Name(String),
    Full { name: String, url: Option<String> },
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Keywords {
    List(Vec<String>),
    Line(String),
}

/// The result of splitting a file: front-matter text (if any), the body, and the body's
/// first line number.
#[derive(Debug)]
pub struct Split<'a> {
    /// The YAML between the fences, and the line its first line is on.
    pub yaml: Option<(&'a str, u32)>,
    /// The markdown after the closing fence.
    pub body: &'a str,
    /// 1-based line of the body's first line.
    pub body_line: u32,
}

/// Splits front matter from `text`. A file that opens with `---` on its own line and never
/// closes it is an error (reported, and the whole text is read as markdown).
pub fn split<'a>(text: &'a str, path: &Path, diags: &mut Diagnostics) -> Split<'a> {
    let whole = Split {
        yaml: None,
        body: text,
        body_line: 1,
    };
    let first = text.lines().next().unwrap_or("");
    if first.trim_end() != "---" {
        return whole;
    }
    // A thematic break followed by a blank line is not front matter (web-export layouts
    // open with `---` sometimes only after a heading, but be safe here too).
    let after_open = first.len()
        + if text[first.len()..].starts_with("\r\n") {
            2
        } else {
            1
        };
    let rest = text.get(after_open..).unwrap_or("");
    if rest.starts_with('\n') || rest.starts_with("\r\n") {
        return whole;
    }
    let mut offset = after_open;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let yaml = &text[after_open..offset];
            let body_start = offset + line.len();
            return Split {
                yaml: Some((yaml, 2)),
                body: &text[body_start..],
                body_line: i as u32 + 3,
            };
        }
        offset += line.len();
    }
    diags.error(
        Span::new(path, 1, 1),
        "front matter opened with `---` is never closed",
        "add a line with `---` after the last metadata line",
    );
    whole
}

/// Reads front-matter YAML (starting at `first_line`) into `Meta`; unknown keys and bad
/// values are errors that name their line.
pub fn read(yaml: &str, first_line: u32, path: &Path, diags: &mut Diagnostics) -> Meta {
    if yaml.trim().is_empty() {
        return Meta::default();
    }
    let mut fm: FrontMatter = match serde_norway::from_str(yaml) {
        Ok(fm) => fm,
        Err(e) => {
            let (line, col) = e
                .location()
                .map(|l| (l.line() as u32 + first_line - 1, l.column() as u32))
                .unwrap_or((first_line, 1));
            let msg = e.to_string();
            let hint = unknown_key_hint(&msg);
            let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
            diags.error(
                Span::new(path, line, col),
                format!("front matter: {msg}"),
                hint,
            );
            return Meta::default();
        }
    };
    let cites = Cites {
        bibliography: fm.bibliography.take(),
        style: fm.citation_style.take(),
        nocite: fm.nocite.take(),
    };
    let mut meta = convert(fm, first_line, path, diags);
    if let Some(src) = &mut meta.source {
        src.url_span = (src.url.as_deref()).map(|u| value_span(yaml, u, first_line, path));
    }
    let locate = |value: String| Located {
        span: Some(value_span(yaml, &value, first_line, path)),
        value,
    };
    meta.bibliography = list(cites.bibliography).into_iter().map(locate).collect();
    meta.citation_style = cites.style.map(locate);
    meta.nocite = (list(cites.nocite).iter())
        .flat_map(|s| s.split([',', ' ', ';']))
        .map(|k| k.trim().trim_start_matches('@'))
        .filter(|k| !k.is_empty())
        .map(|k| locate(k.to_string()))
        .collect();
    meta
}

/// The citation settings of the front matter, read apart from the rest of the metadata.
struct Cites {
    bibliography: Option<Keywords>,
    style: Option<String>,
    nocite: Option<Keywords>,
}

/// A value given as one string or as a list of strings.
fn list(value: Option<Keywords>) -> Vec<String> {
    match value {
        Some(Keywords::List(v)) => v,
        Some(Keywords::Line(s)) => vec![s],
        None => Vec::new(),
    }
}

/// Where value `value` is written in `yaml` (whose first line is `first_line`): at its first
/// occurrence, else at the first `url:` key, else at the front matter's first line (YAML as
/// read here keeps no positions of values).
fn value_span(yaml: &str, value: &str, first_line: u32, path: &Path) -> Span {
    let value = value.trim();
    let found = (!value.is_empty())
        .then(|| yaml.find(value))
        .flatten()
        .or_else(|| yaml.find("url:"));
    match found {
        Some(at) => {
            let (line, col) = crate::manifest::line_col(yaml, at);
            Span::new(path, line + first_line - 1, col)
        }
        None => Span::new(path, first_line, 1),
    }
}

fn unknown_key_hint(msg: &str) -> String {
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or("");
        if let Some(near) = crate::diag::nearest(key, KEYS) {
            return format!("did you mean `{near}`?");
        }
        return format!("valid keys are: {}", KEYS.join(", "));
    }
    "check the YAML syntax of the front matter".to_string()
}

fn convert(fm: FrontMatter, first_line: u32, path: &Path, diags: &mut Diagnostics) -> Meta {
    let authors = fm
        .authors
        .or(fm.author)
        .map(|a| match a {
            AuthorsField::One(a) => vec![a],
            AuthorsField::Many(v) => v,
        })
        .unwrap_or_default()
        .into_iter()
        .map(|a| match a {
            AuthorField::Name(name) => Author {
                name,
                ..Author::default()
            },
            AuthorField::Full(f) => Author {
                name: f.name,
                affiliation: f.affiliation,
                bio: f.bio,
            },
        })
        .collect();
    let date = fm.date.and_then(|v| {
        let text = match v {
            serde_norway::Value::String(s) => s,
            other => serde_norway::to_string(&other)
                .unwrap_or_default()
                .trim()
                .to_string(),
        };
        match crate::infer::parse_date(&text) {
            Some(d) => Some(d),
            None => {
                diags.error(
                    Span::new(path, first_line, 1),
                    format!("front matter: date `{text}` is not a date Folio can read"),
                    "write it as YYYY-MM-DD, DD.MM.YYYY, \"14 March 2021\" or \"March 14, 2021\"",
                );
                None
            }
        }
    });
    Meta {
        title: fm.title,
        subtitle: fm.subtitle,
        standfirst: fm.standfirst,
        authors,
        date,
        language: fm.language.or(fm.lang),
        kicker: fm.kicker.or(fm.category),
        source: fm.source.map(|s| match s {
            SourceField::Name(name) => Source {
                name,
                ..Source::default()
            },
            SourceField::Full { name, url } => Source {
                name,
                url,
                url_span: None,
            },
        }),
        rights: fm.rights,
        keywords: match fm.keywords {
            Some(Keywords::List(v)) => v,
            Some(Keywords::Line(s)) => s
                .split(',')
                .map(|k| k.trim().to_string())
                .filter(|k| !k.is_empty())
                .collect(),
            None => Vec::new(),
        },
        ..Meta::default()
    }
}
