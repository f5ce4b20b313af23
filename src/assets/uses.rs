//! Where a collection names images: every `![…](src)` of every article, in reading order
//! (inside emphasis, links, table cells and footnotes too), and the manifest's cover; and
//! what each `src` as written points at: a file relative to its article (percent-decoded,
//! as `my%20figure.png`), or an address that is no file.

use std::path::{Path, PathBuf};

use super::problem::Problem;
use crate::collection::Collection;
use crate::diag::Span;
use crate::model::{visit_inlines, Inline};

/// What names an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// An image in an article's text.
    Article,
    /// The book's cover.
    Cover,
    /// The printed front's own image (`[cover] front-image`).
    FrontImage,
}

/// One place that names an image.
#[derive(Debug)]
pub struct Use {
    /// The article's file (the manifest's, for the cover).
    pub article: PathBuf,
    /// The image's source as written.
    pub src: String,
    /// Where it is written.
    pub span: Span,
    /// What names it.
    pub role: Role,
    /// The file it points at, or why it points at none.
    pub target: Result<PathBuf, Problem>,
}

/// Every image use of `c`, the cover first, then the articles' in reading order.
pub fn gather(c: &Collection) -> Vec<Use> {
    let mut out = Vec::new();
    if let Some(cover) = &c.cover {
        out.push(Use {
            article: c.manifest_path.clone(),
            // As the manifest has it: relative to its folder.
            src: (cover.path.strip_prefix(&c.root))
                .unwrap_or(&cover.path)
                .display()
                .to_string(),
            span: cover.span.clone(),
            role: Role::Cover,
            target: Ok(cover.path.clone()),
        });
    }
    if let Some(front) = c.print_cover.as_ref().and_then(|p| p.front_image.as_ref()) {
        out.push(Use {
            article: c.manifest_path.clone(),
            src: (front.path.strip_prefix(&c.root))
                .unwrap_or(&front.path)
                .display()
                .to_string(),
            span: front.span.clone(),
            role: Role::FrontImage,
            target: Ok(front.path.clone()),
        });
    }
    for a in c.articles() {
        let path = &a.doc.path;
        let base = path.parent().unwrap_or(Path::new("."));
        crate::model::visit_blocks(&a.doc.blocks, true, &mut |b| {
            if let crate::model::Block::Figure(f) = b {
                out.push(Use {
                    article: path.clone(),
                    src: f.src.clone(),
                    span: Span::at(path, f.pos),
                    role: Role::Article,
                    target: target(base, &f.src),
                });
            }
        });
        visit_inlines(&a.doc.blocks, true, &mut |run| {
            images_in(run, &mut |src, pos| {
                out.push(Use {
                    article: path.clone(),
                    src: src.to_string(),
                    span: Span::at(path, pos),
                    role: Role::Article,
                    target: target(base, src),
                });
            })
        });
    }
    out
}

/// Calls `f` on every image of `run`, inside emphasis and links too (not inside notes,
/// which [`visit_inlines`] visits on its own).
fn images_in(run: &[Inline], f: &mut dyn FnMut(&str, crate::model::Pos)) {
    for inline in run {
        match inline {
            Inline::Image { src, pos, .. } => f(src, *pos),
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c)
            | Inline::Link { content: c, .. } => images_in(c, f),
            _ => {}
        }
    }
}

/// The file `src` names, relative to the folder `base` of the file that names it.
pub fn target(base: &Path, src: &str) -> Result<PathBuf, Problem> {
    let src = src.trim();
    if src.is_empty() {
        return Err(Problem::NoPath);
    }
    let lower = src.to_ascii_lowercase();
    if lower.starts_with("data:") {
        return Err(Problem::DataUrl);
    }
    if lower.starts_with("//") || scheme(&lower).is_some() {
        return Err(Problem::Remote);
    }
    Ok(base.join(percent_decode(src)))
}

/// The scheme of an address (`https` of `https://…`): letters, digits, `+`, `-` and `.`
/// before a colon, at least two long (so a drive letter is no scheme).
fn scheme(s: &str) -> Option<&str> {
    let (head, _) = s.split_once(':')?;
    let valid = head.len() >= 2
        && head.starts_with(|c: char| c.is_ascii_alphabetic())
        && head
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(head)
}

/// Decodes `%XX` escapes (as in `my%20figure.png`); anything malformed is kept as written.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_files_or_addresses() {
        let base = Path::new("/book/articles");
        assert_eq!(
            target(base, "my%20fig.png").unwrap(),
            Path::new("/book/articles/my fig.png")
        );
        assert_eq!(percent_decode("100%.png"), "100%.png");
        assert!(matches!(target(base, " "), Err(Problem::NoPath)));
        assert!(matches!(
            target(base, "data:image/png;base64,AAAA"),
            Err(Problem::DataUrl)
        ));
        for remote in [
            "https://example.com/a.png",
            "HTTP://x/a.png",
            "//cdn/a.png",
            "ftp://x/a",
        ] {
            assert!(
                matches!(target(base, remote), Err(Problem::Remote)),
                "{remote}"
            );
        }
        assert!(target(base, "../images/a.png").is_ok());
    }
}
