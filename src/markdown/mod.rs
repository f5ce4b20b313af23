//! The markdown reader: one file in, one `Document` out, with every problem reported as a
//! diagnostic naming `file:line:col`. Backends never parse markdown again.

mod citations;
mod cite;
mod events;
pub mod frontmatter;
mod lines;
mod locator;
mod notes;
mod scan;
mod scripts;

pub use events::options;
pub use lines::LineIndex;

use std::path::Path;

use crate::diag::{Diagnostics, Span};
use crate::model::Document;

/// Reads and parses the markdown file at `path`. Returns `None` when the file cannot be used
/// at all (missing, unreadable, not UTF-8); the reason is in `diags`.
pub fn read_file(path: &Path, diags: &mut Diagnostics) -> Option<Document> {
    let bytes = read_bytes(path, diags)?;
    read_bytes_as_markdown(bytes, path, diags)
}

/// Reads the article file at `path` without parsing it; `None` when it cannot be read (the
/// reason is in `diags`).
pub fn read_bytes(path: &Path, diags: &mut Diagnostics) -> Option<Vec<u8>> {
    match crate::files::read(path, crate::files::Kind::Article) {
        Err(crate::files::Problem::Io(e)) => {
            let hint = match e.kind() {
                std::io::ErrorKind::PermissionDenied => "check the file's permissions",
                _ => "check that the path names a readable file",
            };
            diags.error(Span::file(path), format!("cannot read file: {e}"), hint);
            None
        }
        Err(p) => {
            let kind = crate::files::Kind::Article;
            diags.error(Span::file(path), p.message(kind, path), p.hint());
            None
        }
        Ok(b) => Some(b),
    }
}

/// Parses the bytes of the markdown file at `path` (as [`read_bytes`] gave them); `None` when
/// they are not UTF-8 (the place of the first bad byte is in `diags`).
pub fn read_bytes_as_markdown(
    bytes: Vec<u8>,
    path: &Path,
    diags: &mut Diagnostics,
) -> Option<Document> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let bytes = e.as_bytes();
            let offset = e.utf8_error().valid_up_to();
            let line = bytes[..offset].iter().filter(|b| **b == b'\n').count() as u32 + 1;
            let line_start = bytes[..offset]
                .iter()
                .rposition(|b| *b == b'\n')
                .map(|i| i + 1)
                .unwrap_or(0);
            let col = String::from_utf8_lossy(&bytes[line_start..offset])
                .chars()
                .count() as u32
                + 1;
            diags.error(
                Span::new(path, line, col),
                format!(
                    "file is not valid UTF-8 (invalid byte 0x{:02X} at byte offset {offset})",
                    bytes[offset]
                ),
                "save the file as UTF-8 (for example `iconv -f WINDOWS-1251 -t UTF-8`)",
            );
            return None;
        }
    };
    Some(read_str(&text, path, diags))
}

/// `text` with CRLF and lone CR line ends (old Mac editors, some exports) turned into LF, so
/// every line is counted wherever a message points (CommonMark accepts all three).
fn unix_line_ends(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Parses markdown `text` that came from `path`: front matter, body, then layout inference
/// for metadata the front matter does not give, then the model passes.
pub fn read_str(text: &str, path: &Path, diags: &mut Diagnostics) -> Document {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = unix_line_ends(text);
    let text = text.as_ref();
    let split = frontmatter::split(text, path, diags);
    let meta = match split.yaml {
        Some((yaml, line)) => frontmatter::read(yaml, line, path, diags),
        None => Default::default(),
    };
    let has_front_matter = split.yaml.is_some();
    let blocks = events::parse_blocks(split.body, split.body_line, path, diags);
    let mut doc = Document {
        path: path.to_path_buf(),
        meta,
        blocks,
        references: Vec::new(),
        bibliography: None,
    };
    if doc.blocks.is_empty() && split.body.trim().is_empty() {
        diags.error(
            Span::file(path),
            "article is empty",
            "write the article's text, or remove it from the manifest",
        );
    }
    crate::infer::infer(&mut doc, has_front_matter, diags);
    doc
}
