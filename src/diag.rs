//! Diagnostics: source spans, warnings and errors that name `file:line:col` and carry a hint.
//!
//! Library code collects every diagnostic it can in a [`Diagnostics`] sink instead of stopping
//! at the first; fatal conditions are returned as [`Error`].

use std::fmt;
use std::path::{Path, PathBuf};

/// A place in a source file: file, 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Span {
    /// The file.
    pub file: PathBuf,
    /// 1-based line (0 when unknown).
    pub line: u32,
    /// 1-based column (0 when unknown).
    pub col: u32,
}

impl Span {
    /// A span at `line`, `col` of `file`.
    pub fn new(file: impl Into<PathBuf>, line: u32, col: u32) -> Self {
        Span {
            file: file.into(),
            line,
            col,
        }
    }

    /// A span naming the whole file.
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Span::new(file, 0, 0)
    }

    /// A span at a model position in `file`.
    pub fn at(file: &Path, pos: crate::model::Pos) -> Self {
        Span::new(file, pos.line, pos.col)
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.col > 0 {
                write!(f, ":{}", self.col)?;
            }
        }
        Ok(())
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum Severity {
    /// Worth knowing (what was inferred); shown with `--verbose`.
    Note,
    /// Output is made, but something may not be what the author meant.
    Warning,
    /// Output would lose or misplace content; the build fails.
    Error,
}

/// One message for the user: where, what, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Note, warning or error.
    pub severity: Severity,
    /// Where the problem is.
    pub span: Span,
    /// What is wrong.
    pub message: String,
    /// What to do about it (may be empty).
    pub hint: String,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(span: Span, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            span,
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// A warning at `span`.
    pub fn warning(span: Span, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            span,
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// A note (shown with `--verbose`).
    pub fn note(span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            span,
            message: message.into(),
            hint: String::new(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{}: {}: {}", self.span, label, self.message)?;
        if !self.hint.is_empty() {
            write!(f, "\n  hint: {}", self.hint)?;
        }
        Ok(())
    }
}

/// A sink that collects diagnostics in the order they are found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty sink.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Adds an error.
    pub fn error(&mut self, span: Span, message: impl Into<String>, hint: impl Into<String>) {
        self.push(Diagnostic::error(span, message, hint));
    }

    /// Adds a warning.
    pub fn warning(&mut self, span: Span, message: impl Into<String>, hint: impl Into<String>) {
        self.push(Diagnostic::warning(span, message, hint));
    }

    /// Adds a note.
    pub fn note(&mut self, span: Span, message: impl Into<String>) {
        self.push(Diagnostic::note(span, message));
    }

    /// Moves every diagnostic of `other` into this sink.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Whether any error was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, s: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == s).count()
    }

    /// All diagnostics, in order.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// A condition that stops the current operation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}: {action}: {source}\n  hint: {hint}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What was being done ("cannot read", "cannot write").
        action: &'static str,
        /// The underlying error.
        source: std::io::Error,
        /// What to do.
        hint: String,
    },
    /// The input has errors, reported in the diagnostics; the output was not made.
    #[error("the {format} was not made: {errors} error(s) in the input")]
    InputErrors {
        /// The output ("EPUB", "PDF").
        format: &'static str,
        /// How many errors the input has.
        errors: usize,
    },
    /// The PDF's objects could not be assembled or serialized.
    #[error("cannot {action} the PDF")]
    Pdf {
        /// What was being done ("serialize", "find the catalog of").
        action: &'static str,
        /// What lopdf reported.
        #[source]
        source: lopdf::Error,
    },
    /// A font could not be read, subset or embedded for the PDF.
    #[error("the font {name} cannot be {action} for the PDF")]
    Font {
        /// The font's name.
        name: String,
        /// "read", "subset", "embedded".
        action: &'static str,
        /// The parser's or subsetter's report.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The layout has no pages, so there is no PDF to write.
    #[error("the layout has no pages to write")]
    EmptyLayout,
    /// The layout and the writer disagree (a bug in Folio, not in the input).
    #[error("internal error: {0}; please report it with the input that caused it")]
    Internal(String),
}

impl Error {
    /// An I/O error reading `path`.
    pub fn read(path: &Path, source: std::io::Error) -> Self {
        let hint = match source.kind() {
            std::io::ErrorKind::NotFound => {
                "check the path; paths in a manifest are relative to the manifest's folder"
                    .to_string()
            }
            std::io::ErrorKind::PermissionDenied => "check the file's permissions".to_string(),
            _ => "check that the path names a readable file".to_string(),
        };
        Error::Io {
            path: path.to_path_buf(),
            action: "cannot read",
            source,
            hint,
        }
    }

    /// An I/O error writing `path`.
    pub fn write(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            action: "cannot write",
            source,
            hint: "check that the output folder exists and is writable".to_string(),
        }
    }
}

/// Result with the library's error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely
/// misspelling (at most a third of the word's length, and at least 1, edits away).
pub fn nearest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance between two strings, counted in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_finds_misspelt_key() {
        assert_eq!(
            nearest("titel", &["title", "subtitle", "date"]),
            Some("title")
        );
        assert_eq!(nearest("languag", &["language", "lang"]), Some("language"));
        assert_eq!(nearest("zzzzzz", &["title", "date"]), None);
    }

    #[test]
    fn diagnostic_names_file_line_col() {
        let d = Diagnostic::error(
            Span::new("a.md", 12, 5),
            "footnote [^3] is never defined",
            "add it",
        );
        assert_eq!(
            d.to_string(),
            "a.md:12:5: error: footnote [^3] is never defined\n  hint: add it"
        );
    }
}
