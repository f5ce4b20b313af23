//! The one XHTML serializer: model blocks and inlines → XHTML 5 (XML syntax) for EPUB 3.
//!
//! Footnotes become EPUB 3 pop-up notes: a `noteref` link where the note stands and an
//! `aside` of type `footnote` after the body, numbered as the model numbers them. Links stay
//! live; links to other articles of the book point at their XHTML files. Note references and
//! links never sit inside headings (they would nest links in the nav) or inside other links.

mod figures;

use std::collections::BTreeSet;
use std::path::Path;

use super::links::LinkMap;
use super::marks::{page_break, PageMarks};
use super::markup::{attr, esc, to_id};
use super::rawhtml::{self, InlineTag};
use super::references::reference_id;
use super::resources::Images;
use crate::assets::{Assets, Found};
use crate::diag::{Diagnostics, Span};
use crate::labels::Labels;
use crate::model::{plain_text, Align, Block, Citation, Inline, ListKind, Note, Pos};

/// Counts kept for the accessibility metadata.
#[derive(Debug, Default, Clone, Copy)]
pub struct ImageStats {
    /// Images placed in the text.
    pub count: usize,
    /// Of those, images without alternative text.
    pub without_alt: usize,
}

/// What the serializer needs from the book around one article.
pub struct Context<'a> {
    /// The article's markdown file (for diagnostics and relative paths).
    pub path: &'a Path,
    /// The checked images of the collection.
    pub assets: &'a Assets,
    /// The book's images, to which this article's are added.
    pub images: &'a mut Images,
    /// Where diagnostics go.
    pub diags: &'a mut Diagnostics,
    /// Where the other articles are.
    pub links: &'a LinkMap,
    /// Ids defined in this article (heading ids), for `#anchor` links.
    pub ids: &'a BTreeSet<String>,
    /// Added to every heading level (the article title is `h1`).
    pub heading_shift: u8,
    /// Mark links with their reference-list numbers.
    pub reference_marks: bool,
    /// Image counts, updated.
    pub stats: &'a mut ImageStats,
    /// Where print pages begin in this article's blocks.
    pub page_marks: &'a PageMarks,
    /// The words Folio adds, in the article's language.
    pub labels: &'a Labels,
}

/// Serializes one article's blocks, collecting its notes.
pub struct Serializer<'a, 'm> {
    ctx: Context<'a>,
    out: String,
    /// Notes referenced and not yet written, in order of reference.
    queue: Vec<&'m Note>,
    /// Note references held back while inside a heading or a link.
    deferred: Vec<&'m Note>,
    /// Depth of headings and links being written (note refs are deferred when > 0).
    hold: u32,
    /// Whether links are written as plain text (inside headings).
    plain_links: bool,
    /// Whether a link is being written (a link never holds another).
    in_link: bool,
    /// Whether a rendered citation is being written (its links lead to the bibliography).
    in_cite: bool,
    /// Position of the block being written, for diagnostics about inline content.
    pos: Pos,
    /// Page markers still to write in the current block, and how far its source text has
    /// been written (characters).
    marks: Vec<(u32, String)>,
    text_pos: u32,
    /// The names given to the article's table regions so far (each must be unique).
    table_names: Vec<String>,
}

/// Id of note `n`'s aside.
pub fn note_id(n: u32) -> String {
    format!("fn_{n}")
}

/// Id of the reference to note `n`.
pub fn noteref_id(n: u32) -> String {
    format!("fnref_{n}")
}

impl<'a, 'm> Serializer<'a, 'm> {
    /// A serializer writing into an empty buffer.
    pub fn new(ctx: Context<'a>) -> Self {
        Serializer {
            ctx,
            out: String::new(),
            queue: Vec::new(),
            deferred: Vec::new(),
            hold: 0,
            plain_links: false,
            in_link: false,
            in_cite: false,
            pos: Pos::default(),
            marks: Vec::new(),
            text_pos: 0,
            table_names: Vec::new(),
        }
    }

    /// Writes `blocks`.
    pub fn blocks(&mut self, blocks: &'m [Block]) {
        for b in blocks {
            self.block(b);
        }
    }

    /// The XHTML of a run of inlines set apart from the body (a bibliography entry).
    pub fn inline_html(&mut self, run: &'m [Inline]) -> String {
        let body = std::mem::take(&mut self.out);
        self.inlines(run);
        std::mem::replace(&mut self.out, body)
    }

    /// Returns the body written, and the notes referenced in it (and any they reference)
    /// as pop-up footnotes under a heading (empty when there are none).
    pub fn finish(mut self, labels: &Labels) -> (String, String) {
        let body = std::mem::take(&mut self.out);
        if !self.queue.is_empty() {
            self.out.push_str(&format!(
                "<section class=\"notes\" aria-labelledby=\"h_notes\">\n<h2 id=\"h_notes\">{}</h2>\n",
                esc(labels.notes)
            ));
            let mut i = 0;
            while i < self.queue.len() {
                let note = self.queue[i];
                self.note(note);
                i += 1;
            }
            self.out.push_str("</section>\n");
        }
        (body, self.out)
    }

    fn note(&mut self, note: &'m Note) {
        let n = note.number;
        self.out.push_str(&format!(
            "<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"{}\">\n",
            note_id(n)
        ));
        let back = format!(
            "<a class=\"note-number\" href=\"#{}\" role=\"doc-backlink\">{n}</a> ",
            noteref_id(n)
        );
        match note.blocks.split_first() {
            Some((Block::Paragraph { content, pos }, rest)) => {
                self.pos = *pos;
                self.out.push_str("<p>");
                self.out.push_str(&back);
                self.inlines(content);
                self.out.push_str("</p>\n");
                self.blocks(rest);
            }
            _ => {
                self.out.push_str(&format!("<p>{}</p>\n", back.trim_end()));
                self.blocks(&note.blocks);
            }
        }
        self.out.push_str("</aside>\n");
    }

    fn block(&mut self, block: &'m Block) {
        let outer = self.open_marks(block.text_start());
        self.block_matter(block);
        self.close_marks(outer);
    }

    /// Takes up the page markers of the block starting at `pos`, writing those of pages
    /// that begin with it; returns the enclosing block's, for [`Self::close_marks`].
    fn open_marks(&mut self, pos: Option<Pos>) -> (Vec<(u32, String)>, u32) {
        let outer = (std::mem::take(&mut self.marks), self.text_pos);
        if let Some(m) = pos.and_then(|p| self.ctx.page_marks.get(&(p.line, p.col))) {
            self.marks = m.clone();
            self.text_pos = 0;
            while self.marks.first().is_some_and(|(c, _)| *c == 0) {
                let (_, label) = self.marks.remove(0);
                self.out.push_str(&page_break(&label));
            }
        }
        outer
    }

    /// Writes the block's markers its text did not reach, and restores the enclosing ones.
    fn close_marks(&mut self, outer: (Vec<(u32, String)>, u32)) {
        for (_, label) in std::mem::take(&mut self.marks) {
            self.out.push_str(&page_break(&label));
        }
        (self.marks, self.text_pos) = outer;
    }

    /// Text of the source (`Inline::Text`), with the page markers that fall inside it.
    fn source_text(&mut self, t: &str) {
        let start = self.text_pos;
        self.text_pos += t.chars().count() as u32;
        let mut done = 0; // bytes of `t` written
        while self.marks.first().is_some_and(|(c, _)| *c < self.text_pos) {
            let (c, label) = self.marks.remove(0);
            let at = t
                .char_indices()
                .nth(c.saturating_sub(start) as usize)
                .map_or(t.len(), |(i, _)| i);
            self.out.push_str(&esc(&t[done..at]));
            self.out.push_str(&page_break(&label));
            done = at;
        }
        self.out.push_str(&esc(&t[done..]));
    }

    fn block_matter(&mut self, block: &'m Block) {
        match block {
            Block::Heading {
                level,
                id,
                content,
                pos,
            } => self.heading(*level, id, content, *pos),
            Block::Paragraph { content, pos } => self.paragraph(content, *pos),
            Block::CodeBlock { lang, text, .. } => {
                let class = lang
                    .as_deref()
                    .map(|l| format!(" class=\"language-{}\"", attr(&to_id(l))))
                    .unwrap_or_default();
                self.out.push_str(&format!("<pre><code{class}>"));
                self.source_text(text);
                self.out.push_str("</code></pre>\n");
            }
            Block::BlockQuote(inner) => {
                self.out.push_str("<blockquote>\n");
                self.blocks(inner);
                self.out.push_str("</blockquote>\n");
            }
            Block::List { kind, tight, items } => self.list(*kind, *tight, items),
            Block::Table {
                align,
                head,
                rows,
                pos,
                caption,
            } => self.table(align, head, rows, *pos, caption.as_ref()),
            Block::Figure(f) => self.figure(f),
            Block::ThematicBreak => self.out.push_str("<hr/>\n"),
            Block::DisplayMath { math, number, .. } => self
                .out
                .push_str(&super::mathml::display(math, number.as_ref())),
            Block::RawHtml { html, pos } => self.raw_block(html, *pos),
        }
    }

    fn heading(&mut self, level: u8, id: &str, content: &'m [Inline], pos: Pos) {
        self.pos = pos;
        let level = (level + self.ctx.heading_shift).clamp(2, 6);
        self.out
            .push_str(&format!("<h{level} id=\"{}\">", attr(&to_id(id))));
        self.hold += 1;
        self.plain_links = true;
        self.inlines(content);
        self.plain_links = false;
        self.hold -= 1;
        self.out.push_str(&format!("</h{level}>\n"));
        if !self.deferred.is_empty() {
            self.out.push_str("<p class=\"heading-notes\">");
            self.flush_deferred();
            self.out.push_str("</p>\n");
        }
    }

    fn paragraph(&mut self, content: &'m [Inline], pos: Pos) {
        self.pos = pos;
        let visible: Vec<&Inline> = content
            .iter()
            .filter(|i| {
                !matches!(i, Inline::SoftBreak)
                    && !matches!(i, Inline::Text(t) if t.trim().is_empty())
            })
            .collect();
        if let [Inline::Image {
            src,
            alt,
            title,
            pos,
        }] = visible.as_slice()
        {
            let img = self.image(src, alt, *pos);
            self.out.push_str("<figure>\n");
            self.out.push_str(&img);
            if !title.trim().is_empty() {
                self.out
                    .push_str(&format!("\n<figcaption>{}</figcaption>", esc(title)));
            }
            self.out.push_str("\n</figure>\n");
            return;
        }
        self.out.push_str("<p>");
        self.inlines(content);
        self.out.push_str("</p>\n");
    }

    fn list(&mut self, kind: ListKind, tight: bool, items: &'m [crate::model::ListItem]) {
        let (open, close) = match kind {
            ListKind::Bullet => ("<ul>".to_string(), "</ul>"),
            ListKind::Ordered { start: 1 } => ("<ol>".to_string(), "</ol>"),
            ListKind::Ordered { start } => (format!("<ol start=\"{start}\">"), "</ol>"),
        };
        self.out.push_str(&open);
        self.out.push('\n');
        for item in items {
            let class = if item.task.is_some() {
                " class=\"task\""
            } else {
                ""
            };
            self.out.push_str(&format!("<li{class}>"));
            if let Some(done) = item.task {
                let (mark, label) = if done {
                    ('☑', self.ctx.labels.task_done)
                } else {
                    ('☐', self.ctx.labels.task_open)
                };
                self.out.push_str(&format!(
                    "<span class=\"task-box\" role=\"img\" aria-label=\"{}\">{mark}</span> ",
                    attr(label)
                ));
            }
            for (i, b) in item.blocks.iter().enumerate() {
                match b {
                    Block::Paragraph { content, pos } if tight => {
                        self.pos = *pos;
                        if i > 0 {
                            self.out.push_str("<br/>");
                        }
                        let outer = self.open_marks(Some(*pos));
                        self.inlines(content);
                        self.close_marks(outer);
                    }
                    other => {
                        if !self.out.ends_with('\n') {
                            self.out.push('\n');
                        }
                        self.block(other);
                    }
                }
            }
            self.out.push_str("</li>\n");
        }
        self.out.push_str(close);
        self.out.push('\n');
    }

    fn table(
        &mut self,
        align: &[Align],
        head: &'m [Vec<Inline>],
        rows: &'m [Vec<Vec<Inline>>],
        pos: Pos,
        caption: Option<&'m crate::model::Caption>,
    ) {
        self.pos = pos;
        let class = |i: usize| match align.get(i) {
            Some(Align::Left) => " class=\"left\"",
            Some(Align::Center) => " class=\"center\"",
            Some(Align::Right) => " class=\"right\"",
            _ => "",
        };
        let name = match caption {
            Some(c) => format!("{}: {}", c.label, plain_text(&c.content)),
            None => self.table_name(head),
        };
        let id = caption.map_or_else(String::new, |c| format!(" id=\"{}\"", attr(&to_id(&c.id))));
        self.out.push_str(&format!(
            "<div{id} class=\"table-scroll\" role=\"region\" aria-label=\"{}\" tabindex=\"0\">\n<table>\n",
            attr(name.trim_end_matches([':', ' ']))
        ));
        if let Some(c) = caption {
            self.table_caption(c);
        }
        if !head.is_empty() {
            self.out.push_str("<thead>\n<tr>");
            for (i, cell) in head.iter().enumerate() {
                self.out
                    .push_str(&format!("<th scope=\"col\"{}>", class(i)));
                self.inlines(cell);
                self.out.push_str("</th>");
            }
            self.out.push_str("</tr>\n</thead>\n");
        }
        self.out.push_str("<tbody>\n");
        for row in rows {
            self.out.push_str("<tr>");
            for (i, cell) in row.iter().enumerate() {
                self.out.push_str(&format!("<td{}>", class(i)));
                self.inlines(cell);
                self.out.push_str("</td>");
            }
            self.out.push_str("</tr>\n");
        }
        self.out.push_str("</tbody>\n</table>\n</div>\n");
    }

    /// The name of a table's scroll region, for those who cannot see it: "Table: " and its
    /// column headings, numbered when an earlier table of the article has the same name.
    fn table_name(&mut self, head: &[Vec<Inline>]) -> String {
        let headings: Vec<String> = (head.iter())
            .map(|cell| plain_text(cell).trim().to_string())
            .filter(|t| !t.is_empty())
            .collect();
        let word = self.ctx.labels.table;
        let base = if headings.is_empty() {
            word.to_string()
        } else {
            format!("{word}: {}", headings.join(", "))
        };
        let same = self.table_names.iter().filter(|n| **n == base).count();
        self.table_names.push(base.clone());
        match same {
            0 => base,
            n => format!("{base} ({})", n + 1),
        }
    }

    fn raw_block(&mut self, html: &str, pos: Pos) {
        match rawhtml::block(html) {
            Ok(xhtml) if xhtml.is_empty() => {}
            Ok(xhtml) => {
                self.out.push_str(&xhtml);
                self.out.push('\n');
            }
            Err(why) => {
                self.ctx.diags.warning(
                    Span::at(self.ctx.path, pos),
                    format!("raw HTML block is shown as text in the EPUB: {why}"),
                    "write it in markdown, or as well-formed XHTML (closed tags, no scripts or ids)",
                );
                self.out.push_str(&format!(
                    "<pre class=\"raw-html\">{}</pre>\n",
                    esc(html.trim_end())
                ));
            }
        }
    }

    /// Writes a run of inlines.
    pub fn inlines(&mut self, run: &'m [Inline]) {
        let plan = self.plan_raw(run);
        for (inline, raw) in run.iter().zip(plan) {
            match raw {
                Some(xhtml) => self.out.push_str(&xhtml),
                None => self.inline(inline),
            }
        }
    }

    /// Decides, for each raw HTML inline of `run`, what to write: tags of harmless phrasing
    /// elements opened and closed within the run are kept, comments dropped, the rest shown
    /// as text (with a warning).
    fn plan_raw(&mut self, run: &[Inline]) -> Vec<Option<String>> {
        let mut plan: Vec<Option<String>> = vec![None; run.len()];
        let mut open: Vec<(usize, String, String)> = Vec::new();
        let mut rejected = Vec::new();
        for (i, inline) in run.iter().enumerate() {
            let Inline::RawHtml(html) = inline else {
                continue;
            };
            match rawhtml::inline(html) {
                InlineTag::Comment => plan[i] = Some(String::new()),
                InlineTag::Void(x) => plan[i] = Some(x),
                InlineTag::Open(name, x) => open.push((i, name, x)),
                InlineTag::Close(name) => match open.iter().rposition(|(_, n, _)| *n == name) {
                    Some(at) => {
                        for (j, _, _) in open.drain(at + 1..) {
                            rejected.push(j);
                        }
                        let (j, n, x) = open.pop().expect("position found above");
                        plan[j] = Some(x);
                        plan[i] = Some(format!("</{n}>"));
                    }
                    None => rejected.push(i),
                },
                InlineTag::Other => rejected.push(i),
            }
        }
        rejected.extend(open.into_iter().map(|(j, _, _)| j));
        rejected.sort_unstable();
        for i in rejected {
            if let Inline::RawHtml(html) = &run[i] {
                self.ctx.diags.warning(
                    Span::at(self.ctx.path, self.pos),
                    format!("inline HTML `{}` is shown as text in the EPUB", html.trim()),
                    "use markdown, or a closed pair of simple tags such as <span>…</span>",
                );
                plan[i] = Some(esc(html));
            }
        }
        plan
    }

    fn wrap(&mut self, tag: &str, content: &'m [Inline]) {
        self.out.push_str(&format!("<{tag}>"));
        self.inlines(content);
        self.out.push_str(&format!("</{tag}>"));
    }

    fn inline(&mut self, inline: &'m Inline) {
        match inline {
            Inline::Text(t) => self.source_text(t),
            Inline::Emph(c) => self.wrap("em", c),
            Inline::Strong(c) => self.wrap("strong", c),
            Inline::Strike(c) => self.wrap("s", c),
            Inline::Superscript(c) => self.wrap("sup", c),
            Inline::Subscript(c) => self.wrap("sub", c),
            Inline::Code(t) => self.out.push_str(&format!("<code>{}</code>", esc(t))),
            Inline::Link {
                target,
                title,
                content,
                reference,
                pos,
            } => self.link(target, title, content, *reference, *pos),
            Inline::Image { src, alt, pos, .. } => {
                let img = self.image(src, alt, *pos);
                self.out.push_str(&img);
            }
            Inline::SoftBreak => self.out.push('\n'),
            Inline::HardBreak => self.out.push_str("<br/>\n"),
            Inline::RawHtml(html) => self.out.push_str(&esc(html)),
            Inline::Math(m) => self.out.push_str(&super::mathml::inline(m)),
            Inline::Note(note) => {
                if self.hold > 0 {
                    self.deferred.push(note);
                } else {
                    self.noteref(note);
                }
            }
            Inline::Cite(c) => self.citation(c),
        }
    }

    /// A rendered citation; its links to bibliography entries are marked as such.
    fn citation(&mut self, c: &'m Citation) {
        if c.rendered.is_empty() {
            self.out.push_str(&esc(&c.text));
            return;
        }
        let was = std::mem::replace(&mut self.in_cite, true);
        self.inlines(&c.rendered);
        self.in_cite = was;
    }

    fn noteref(&mut self, note: &'m Note) {
        let n = note.number;
        self.out.push_str(&format!(
            "<a epub:type=\"noteref\" role=\"doc-noteref\" id=\"{}\" href=\"#{}\"><sup>{n}</sup></a>",
            noteref_id(n),
            note_id(n)
        ));
        self.queue.push(note);
    }

    fn flush_deferred(&mut self) {
        for note in std::mem::take(&mut self.deferred) {
            self.noteref(note);
        }
    }

    fn link(
        &mut self,
        target: &str,
        title: &str,
        content: &'m [Inline],
        reference: Option<u32>,
        pos: Pos,
    ) {
        let href = if self.plain_links || self.in_link {
            None
        } else {
            self.resolve(target, pos)
        };
        let Some(href) = href else {
            self.inlines(content);
            return;
        };
        let title = if title.is_empty() {
            String::new()
        } else {
            format!(" title=\"{}\"", attr(title))
        };
        let role = if self.in_cite && !super::links::has_scheme(&href) {
            " role=\"doc-biblioref\""
        } else {
            ""
        };
        self.out
            .push_str(&format!("<a href=\"{}\"{title}{role}>", attr(&href)));
        self.hold += 1;
        self.in_link = true;
        self.inlines(content);
        self.in_link = false;
        self.hold -= 1;
        self.out.push_str("</a>");
        if let (true, Some(n)) = (self.ctx.reference_marks, reference) {
            self.out.push_str(&format!(
                "<a class=\"refmark\" href=\"#{}\">[{n}]</a>",
                reference_id(n)
            ));
        }
        if self.hold == 0 {
            self.flush_deferred();
        }
    }

    /// The href for link `target`, or `None` (with a warning) when it leads nowhere in or
    /// out of the book.
    fn resolve(&mut self, target: &str, pos: Pos) -> Option<String> {
        if let Some(href) = self.ctx.links.resolve(target, self.ctx.path, self.ctx.ids) {
            return Some(href);
        }
        // A citation's entry is in the book's bibliography when the article has none.
        if let Some(href) = (self.in_cite)
            .then(|| self.ctx.links.book_entry(target))
            .flatten()
        {
            return Some(href);
        }
        let t = target.trim();
        let why = if t.starts_with('#') {
            "no heading in this article has that id"
        } else {
            "it is neither a web address nor an article of this book (with that heading)"
        };
        self.warn_link(t, pos, why);
        None
    }

    fn warn_link(&mut self, target: &str, pos: Pos, why: &str) {
        self.ctx.diags.warning(
            Span::at(self.ctx.path, pos),
            format!("link to `{target}` is kept as plain text in the EPUB: {why}"),
            "link to a web address, a heading id (`#id`) or another article's markdown file",
        );
    }

    /// The `<img>` for an image, or the placeholder that stands in for an image the assets
    /// pass could not use (reported there; only a draft build gets this far with one).
    fn image(&mut self, src: &str, alt: &str, pos: Pos) -> String {
        let file = match self.ctx.assets.image(self.ctx.path, src) {
            Found::File(file) => file,
            Found::Placeholder(shown) => return placeholder(shown),
        };
        let href = self.ctx.images.add(file);
        self.ctx.stats.count += 1;
        if alt.trim().is_empty() {
            self.ctx.stats.without_alt += 1;
            self.ctx.diags.warning(
                Span::at(self.ctx.path, pos),
                format!("image `{src}` has no alternative text"),
                "describe the image between the brackets: ![what it shows](path)",
            );
        }
        format!(
            "<img src=\"{}\" alt=\"{}\"/>",
            attr(&href),
            attr(alt.trim())
        )
    }
}

/// A visible, bordered box naming an image that is not in the book (a draft's), read out by
/// assistive technology as an image with that name.
pub fn placeholder(shown: &str) -> String {
    let label = format!("Image not available: {shown}");
    format!(
        "<span role=\"img\" aria-label=\"{}\" style=\"display: inline-block; border: 1px solid; padding: 1em; margin: 0.5em 0;\">{}</span>",
        attr(&label),
        esc(&label)
    )
}
