//! Figures and table captions, as pandoc writes them: an image alone in its paragraph is a
//! figure, captioned by its title or else its alt text, with attributes after it
//! (`![Rainfall](chart.svg){#fig:rain width=70%}`) and a source line (`source="…"`, or a
//! paragraph right after it starting "Source:", or the word in the article's language,
//! "Quelle:"); a paragraph starting "Table:" right after
//! a table (or right before it) is the table's caption, with `{#tbl:label}` at its end.
//! Figures and tables are numbered per article in reading order, each with a label in the
//! article's language ("Figure 2", "Таблица 1", with a no-break space) and an anchor id; references to them are
//! resolved by [`super::crossrefs`].

mod attrs;

use std::collections::BTreeSet;

use attrs::Attrs;

use crate::diag::{Diagnostics, Span};
use crate::labels::Labels;
use crate::model::{plain_text, Block, Caption, Document, Figure, Inline, Pos};

/// What starts a paragraph that is a figure's source line.
const SOURCE_LEAD: &str = "Source:";

/// What starts a paragraph that is a table's caption.
const TABLE_LEAD: &str = "Table:";

/// Makes the figures and table captions of `doc`, numbered, with labels in `language`;
/// with `chapter`, numbers are the chapter's and then the figure's ("Figure 3.2").
pub fn make_figures(
    doc: &mut Document,
    language: &str,
    chapter: Option<u32>,
    diags: &mut Diagnostics,
) {
    let mut ids = BTreeSet::new();
    crate::model::visit_blocks(&doc.blocks, true, &mut |b| {
        if let Some(id) = b.anchor_id() {
            ids.insert(id.to_string());
        }
    });
    let mut pass = Pass {
        labels: Labels::for_lang(language),
        chapter,
        path: doc.path.clone(),
        ids,
        figures: 0,
        tables: 0,
        diags,
    };
    let blocks = std::mem::take(&mut doc.blocks);
    doc.blocks = pass.blocks(blocks);
}

/// The pass's state over one document.
struct Pass<'a> {
    labels: &'static Labels,
    chapter: Option<u32>,
    path: std::path::PathBuf,
    /// Anchor ids taken.
    ids: BTreeSet<String>,
    /// Figures numbered so far.
    figures: u32,
    /// Tables numbered so far.
    tables: u32,
    diags: &'a mut Diagnostics,
}

impl Pass<'_> {
    /// `blocks` with figures made and table captions taken in.
    fn blocks(&mut self, blocks: Vec<Block>) -> Vec<Block> {
        let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
        let mut pending_caption: Option<(Vec<Inline>, Pos)> = None;
        let mut it = blocks.into_iter().peekable();
        while let Some(block) = it.next() {
            let block = match block {
                Block::Paragraph { content, pos } => {
                    if let Some(fig) = self.figure(&content, pos) {
                        let mut fig = fig;
                        if fig.source.is_empty() {
                            let own = format!("{}:", self.labels.source);
                            if let Some(Block::Paragraph { content, .. }) = it.peek() {
                                let source = strip_lead(content, SOURCE_LEAD)
                                    .or_else(|| strip_lead(content, &own));
                                if let Some(source) = source {
                                    fig.source = source;
                                    it.next();
                                }
                            }
                        }
                        Block::Figure(Box::new(fig))
                    } else if let Some(caption) = strip_lead(&content, TABLE_LEAD) {
                        let next_is_table = matches!(it.peek(), Some(Block::Table { .. }));
                        let after_table =
                            matches!(out.last(), Some(Block::Table { caption: None, .. }));
                        if after_table {
                            if let Some(Block::Table { caption: slot, .. }) = out.last_mut() {
                                *slot = Some(self.table_caption(caption, pos));
                            }
                            continue;
                        } else if next_is_table {
                            pending_caption = Some((caption, pos));
                            continue;
                        }
                        Block::Paragraph { content, pos }
                    } else {
                        Block::Paragraph { content, pos }
                    }
                }
                Block::Table {
                    align,
                    head,
                    rows,
                    pos,
                    caption,
                } => {
                    let caption = match pending_caption.take() {
                        Some((c, at)) => Some(self.table_caption(c, at)),
                        None => caption,
                    };
                    Block::Table {
                        align,
                        head,
                        rows,
                        pos,
                        caption,
                    }
                }
                Block::BlockQuote(inner) => Block::BlockQuote(self.blocks(inner)),
                Block::List { kind, tight, items } => Block::List {
                    kind,
                    tight,
                    items: (items.into_iter())
                        .map(|mut item| {
                            item.blocks = self.blocks(std::mem::take(&mut item.blocks));
                            item
                        })
                        .collect(),
                },
                other => other,
            };
            out.push(block);
        }
        out
    }

    /// The figure a paragraph is, when it holds an image alone (and its attributes).
    fn figure(&mut self, content: &[Inline], pos: Pos) -> Option<Figure> {
        let mut visible = content.iter().filter(|i| match i {
            Inline::SoftBreak => false,
            Inline::Text(t) => !t.trim().is_empty(),
            _ => true,
        });
        let Some(Inline::Image {
            src,
            alt,
            title,
            pos: at,
        }) = visible.next()
        else {
            return None;
        };
        let rest: Vec<&Inline> = visible.collect();
        let attrs = if rest.is_empty() {
            Attrs::default()
        } else {
            let text: Option<String> = (rest.iter())
                .map(|i| match i {
                    Inline::Text(t) => Some(t.as_str()),
                    _ => None,
                })
                .collect();
            let attrs = text.as_deref().and_then(attrs::parse)?;
            if let Err(why) = &attrs {
                self.diags.warning(
                    Span::at(&self.path, pos),
                    format!("the figure's attributes cannot be read: {why}"),
                    "write them as pandoc does: {#fig:label width=70% source=\"…\"}",
                );
            }
            attrs.unwrap_or_default()
        };
        let caption_text = if title.trim().is_empty() { alt } else { title };
        self.figures += 1;
        let n = self.figures;
        let id = self.id(attrs.id.as_deref(), "fig", n);
        let source = match attrs.source {
            Some(s) => vec![Inline::Text(s)],
            None => Vec::new(),
        };
        Some(Figure {
            src: src.clone(),
            alt: alt.clone(),
            width: attrs.width,
            caption: Caption {
                label: format!("{}\u{a0}{}", self.labels.figure, self.number(n)),
                number: self.number(n),
                content: text_run(caption_text),
                id,
                key: attrs.id,
            },
            source,
            pos: *at,
        })
    }

    /// A table's caption from the text after "Table:", with its `{#tbl:label}`.
    fn table_caption(&mut self, mut content: Vec<Inline>, pos: Pos) -> Caption {
        let mut key = None;
        if let Some(Inline::Text(t)) = content.last_mut() {
            let trimmed = t.trim_end();
            if let Some(open) = trimmed.ends_with('}').then(|| trimmed.rfind('{')).flatten() {
                match attrs::parse(&trimmed[open..]) {
                    Some(Ok(a)) => {
                        key = a.id;
                        t.truncate(open);
                        let kept = t.trim_end().len();
                        t.truncate(kept);
                    }
                    Some(Err(why)) => self.diags.warning(
                        Span::at(&self.path, pos),
                        format!("the table caption's attributes cannot be read: {why}"),
                        "write the label as pandoc does: Table: Caption {#tbl:label}",
                    ),
                    None => {}
                }
            }
        }
        self.tables += 1;
        let n = self.tables;
        Caption {
            label: format!("{}\u{a0}{}", self.labels.table, self.number(n)),
            number: self.number(n),
            id: self.id(key.as_deref(), "tbl", n),
            content,
            key,
        }
    }

    /// The `n`th figure's or table's number as printed: `n`, or `3.n` in chapter 3.
    fn number(&self, n: u32) -> String {
        match self.chapter {
            Some(c) => format!("{c}.{n}"),
            None => n.to_string(),
        }
    }

    /// A unique anchor id: from the label (`fig:heat` → `fig-heat`), or `fig-3`.
    fn id(&mut self, key: Option<&str>, kind: &str, n: u32) -> String {
        let stem = match key {
            Some(k) => {
                let bare = k.strip_prefix(kind).and_then(|k| k.strip_prefix(':'));
                format!("{kind}-{}", super::slug(bare.unwrap_or(k)))
            }
            None => format!("{kind}-{n}"),
        };
        let mut id = stem.clone();
        let mut k = 1;
        while self.ids.contains(&id) {
            k += 1;
            id = format!("{stem}-{k}");
        }
        self.ids.insert(id.clone());
        id
    }
}

/// Plain text as a run (empty for blank text).
fn text_run(text: &str) -> Vec<Inline> {
    match text.trim() {
        "" => Vec::new(),
        t => vec![Inline::Text(t.to_string())],
    }
}

/// The run after `lead` when `run` starts with it ("Source: Met Office" → "Met Office").
fn strip_lead(run: &[Inline], lead: &str) -> Option<Vec<Inline>> {
    let Some(Inline::Text(first)) = run.first() else {
        return None;
    };
    let rest = first.trim_start().strip_prefix(lead)?.trim_start();
    let mut out = Vec::with_capacity(run.len());
    if !rest.is_empty() {
        out.push(Inline::Text(rest.to_string()));
    }
    out.extend(run[1..].iter().cloned());
    (!plain_text(&out).trim().is_empty()).then_some(out)
}

#[cfg(test)]
mod tests;
