//! `folio inspect FILE.md`: the metadata as read or inferred, and an outline of the blocks.

use std::fmt::Write;
use std::path::Path;

use serde::Serialize;

use super::{print_diagnostics, Verbosity, EXIT_INPUT, EXIT_OK};
use crate::diag::Diagnostics;
use crate::model::{plain_text, Block, Document, Meta};

#[derive(Serialize)]
struct InspectJson<'a> {
    file: String,
    #[serde(flatten)]
    meta: &'a Meta,
    declared_language: Option<&'a str>,
    effective_language: &'a str,
    notes: usize,
    references: &'a [crate::model::Reference],
    outline: Vec<String>,
}

/// Runs `folio inspect`.
pub fn run(file: &Path, json: bool, verbosity: Verbosity) -> i32 {
    let mut diags = Diagnostics::new();
    let Some(doc) = crate::markdown::read_file(file, &mut diags) else {
        print_diagnostics(&diags, verbosity);
        return EXIT_INPUT;
    };
    let language = doc
        .meta
        .language
        .clone()
        .unwrap_or_else(|| "en".to_string());
    let cx = crate::passes::Context::alone(&language);
    let doc = crate::passes::run_all(doc, &cx, &mut diags);
    print_diagnostics(&diags, verbosity);
    if json {
        // `language` shows the effective language; `declared_language` what the file says.
        let mut meta = doc.meta.clone();
        meta.language = Some(language.clone());
        let out = InspectJson {
            file: file.display().to_string(),
            meta: &meta,
            declared_language: doc.meta.language.as_deref(),
            effective_language: &language,
            notes: count_notes(&doc),
            references: &doc.references,
            outline: outline(&doc.blocks, 0),
        };
        match serde_json::to_string_pretty(&out) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("error: cannot serialise: {e}");
                return super::EXIT_OUTPUT;
            }
        }
    } else {
        println!("{}", summary(&doc, &language));
        println!("outline:");
        for line in outline(&doc.blocks, 1) {
            println!("{line}");
        }
    }
    if diags.has_errors() {
        EXIT_INPUT
    } else {
        EXIT_OK
    }
}

fn count_notes(doc: &Document) -> usize {
    let mut n = 0;
    crate::model::visit_inlines(&doc.blocks, true, &mut |run| {
        n += run
            .iter()
            .filter(|i| matches!(i, crate::Inline::Note(_)))
            .count();
    });
    n
}

/// A readable summary of a document's metadata.
pub fn summary(doc: &Document, language: &str) -> String {
    let m = &doc.meta;
    let mut s = String::new();
    let _ = writeln!(s, "file:       {}", doc.path.display());
    let field = |s: &mut String, name: &str, v: &Option<String>| {
        if let Some(v) = v {
            let _ = writeln!(s, "{name:<11} {v}");
        }
    };
    field(&mut s, "kicker:", &m.kicker);
    let _ = writeln!(s, "title:      {}", m.title.as_deref().unwrap_or("(none)"));
    field(&mut s, "subtitle:", &m.subtitle);
    field(&mut s, "standfirst:", &m.standfirst);
    for a in &m.authors {
        let _ = write!(s, "author:     {}", a.name);
        if let Some(aff) = &a.affiliation {
            let _ = write!(s, " ({aff})");
        }
        s.push('\n');
    }
    field(&mut s, "date:", &m.date);
    let _ = writeln!(s, "language:   {language}");
    if let Some(src) = &m.source {
        let _ = write!(s, "source:     {}", src.name);
        if let Some(u) = &src.url {
            let _ = write!(s, " <{u}>");
        }
        s.push('\n');
    }
    field(&mut s, "rights:", &m.rights);
    if !m.keywords.is_empty() {
        let _ = writeln!(s, "keywords:   {}", m.keywords.join(", "));
    }
    let _ = write!(s, "references: {}", doc.references.len());
    s
}

fn outline(blocks: &[Block], depth: usize) -> Vec<String> {
    let pad = "  ".repeat(depth);
    let mut out = Vec::new();
    for b in blocks {
        let line = match b {
            Block::Heading {
                level, content, id, ..
            } => {
                format!("{pad}h{level} {} #{id}", plain_text(content))
            }
            Block::Paragraph { content, .. } => {
                let t = plain_text(content);
                let words = t.split_whitespace().count();
                let head: String = t.chars().take(50).collect();
                format!("{pad}paragraph ({words} words): {head}…")
            }
            Block::CodeBlock { lang, text, .. } => format!(
                "{pad}code {} ({} lines)",
                lang.as_deref().unwrap_or("-"),
                text.lines().count()
            ),
            Block::BlockQuote(inner) => {
                out.push(format!("{pad}quote"));
                out.extend(outline(inner, depth + 1));
                continue;
            }
            Block::List { kind, items, .. } => {
                format!("{pad}list {kind:?} ({} items)", items.len())
            }
            Block::Table { head, rows, .. } => {
                format!("{pad}table {} columns × {} rows", head.len(), rows.len())
            }
            Block::ThematicBreak => format!("{pad}break"),
            Block::DisplayMath { .. } => format!("{pad}math"),
            Block::Figure(f) => format!("{pad}figure #{} {}", f.caption.id, f.src),
            Block::RawHtml { .. } => format!("{pad}raw html"),
        };
        out.push(line);
    }
    out
}
