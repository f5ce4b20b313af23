//! The link pass: every link of a document judged by the policy in [`super::urls`] before
//! either backend sees it. Allowed web addresses are written back serialized; a link with a
//! refused or unparsable target, a fragment naming no heading, a relative link to a file
//! that is no article of the book, or a link inside another link becomes its text (nothing
//! of the text is lost) with a warning at the link. Raw HTML anchors (`<a href>…</a>` in a
//! paragraph) are read as links first; other refused addresses in raw HTML are cut out of
//! it. The source address in the metadata is judged the same way.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::htmlattrs::{attributes, URL_ATTRIBUTES};
use super::urls::{article_link, judge, quoted, Target};
use crate::diag::{Diagnostics, Span};
use crate::model::{visit_blocks, Block, Document, Inline, Meta, Pos};

/// The article files of a book, canonical, as [`canonical`] gives them.
pub type ArticleSet = BTreeSet<PathBuf>;

/// `path` with links and `..` resolved when it exists, else as given: how article files are
/// compared.
pub fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// Applies the link policy to `doc`. `articles` are the book's article files; `None` (a
/// document read on its own) keeps every relative link.
pub fn check_links(doc: &mut Document, articles: Option<&ArticleSet>, diags: &mut Diagnostics) {
    let mut ids = BTreeSet::new();
    visit_blocks(&doc.blocks, false, &mut |b| {
        if let Some(id) = b.anchor_id() {
            ids.insert(id.to_string());
        }
    });
    let mut pass = Pass {
        path: &doc.path,
        ids,
        articles,
        diags,
        pos: Pos::default(),
    };
    pass.blocks(&mut doc.blocks);
    pass.source(&mut doc.meta);
}

struct Pass<'a> {
    path: &'a Path,
    ids: BTreeSet<String>,
    articles: Option<&'a ArticleSet>,
    diags: &'a mut Diagnostics,
    /// Where the block being read starts (raw HTML carries no position of its own).
    pos: Pos,
}

impl Pass<'_> {
    fn blocks(&mut self, blocks: &mut [Block]) {
        for block in blocks {
            match block {
                Block::Heading { content, pos, .. } | Block::Paragraph { content, pos } => {
                    self.pos = *pos;
                    self.run(content);
                }
                Block::Table {
                    head,
                    rows,
                    pos,
                    caption,
                    ..
                } => {
                    self.pos = *pos;
                    for cell in head.iter_mut().chain(rows.iter_mut().flatten()) {
                        self.run(cell);
                    }
                    if let Some(c) = caption {
                        self.run(&mut c.content);
                    }
                }
                Block::Figure(fig) => {
                    self.pos = fig.pos;
                    for run in fig.runs_mut() {
                        self.run(run);
                    }
                }
                Block::BlockQuote(inner) => self.blocks(inner),
                Block::List { items, .. } => {
                    for item in items {
                        self.blocks(&mut item.blocks);
                    }
                }
                Block::RawHtml { html, pos } => {
                    self.pos = *pos;
                    if let Some(clean) = self.scrub(html) {
                        *html = clean;
                    }
                }
                Block::CodeBlock { .. } | Block::ThematicBreak | Block::DisplayMath { .. } => {}
            }
        }
    }

    fn run(&mut self, run: &mut Vec<Inline>) {
        let taken = std::mem::take(run);
        *run = self.inlines(taken, None);
    }

    /// The inlines of `run` under the policy; `outer` is the href of the link they are in.
    fn inlines(&mut self, run: Vec<Inline>, outer: Option<&str>) -> Vec<Inline> {
        let run = anchors_to_links(run, self.pos);
        let mut out = Vec::with_capacity(run.len());
        for inline in run {
            match inline {
                Inline::Link {
                    target,
                    title,
                    content,
                    reference,
                    pos,
                } => {
                    if let Some(outer) = outer {
                        self.warn(
                            pos,
                            format!("the link to `{}` sits inside the link to `{outer}`; it is kept as its text", quoted(&target)),
                            "a link cannot hold another link: take the inner one out of the brackets",
                        );
                        let inner = self.inlines(content, Some(outer));
                        flatten(&mut out, inner);
                        continue;
                    }
                    let Some(href) = self.href(&target, pos) else {
                        let inner = self.inlines(content, None);
                        flatten(&mut out, inner);
                        continue;
                    };
                    let content = self.inlines(content, Some(&href));
                    out.push(Inline::Link {
                        target: href,
                        title,
                        content,
                        reference,
                        pos,
                    });
                }
                Inline::Emph(c) => out.push(Inline::Emph(self.inlines(c, outer))),
                Inline::Strong(c) => out.push(Inline::Strong(self.inlines(c, outer))),
                Inline::Strike(c) => out.push(Inline::Strike(self.inlines(c, outer))),
                Inline::Superscript(c) => out.push(Inline::Superscript(self.inlines(c, outer))),
                Inline::Subscript(c) => out.push(Inline::Subscript(self.inlines(c, outer))),
                Inline::Note(mut note) => {
                    // A note is set apart from the link it may stand in, so its own links
                    // are not nested.
                    let at = self.pos;
                    self.blocks(&mut note.blocks);
                    self.pos = at;
                    out.push(Inline::Note(note));
                }
                Inline::RawHtml(html) => match self.scrub(&html) {
                    Some(clean) => out.push(Inline::RawHtml(clean)),
                    None => out.push(Inline::RawHtml(html)),
                },
                other => out.push(other),
            }
        }
        out
    }

    /// The href link `target` may keep, or `None` (with a warning at `pos`) when the link
    /// must become text.
    fn href(&mut self, target: &str, pos: Pos) -> Option<String> {
        let shown = quoted(target.trim());
        let (why, hint) = match judge(target) {
            Ok(Target::Web(href)) => return Some(href),
            Ok(Target::Fragment(id)) if self.ids.contains(&id) => return Some(format!("#{id}")),
            Ok(Target::Fragment(id)) => (
                format!("no heading in this article has the id `{id}`"),
                "link to a heading's id, or give the heading one with {#id}",
            ),
            Ok(Target::Relative(r)) if self.is_article(&r) => return Some(r),
            Ok(Target::Relative(_)) => (
                "it is neither a web address nor an article of this book".to_string(),
                "link to a web address (https://…), a heading (`#id`) or another article's markdown file",
            ),
            Err(refusal) => (refusal.reason(), refusal.hint()),
        };
        self.warn(
            pos,
            format!("link to `{shown}` is kept as plain text: {why}"),
            hint,
        );
        None
    }

    /// Whether relative link `r` names an article of the book (always, when the book is not
    /// known).
    fn is_article(&self, r: &str) -> bool {
        let Some(articles) = self.articles else {
            return true;
        };
        let (file, _) = article_link(r);
        let base = self.path.parent().unwrap_or(Path::new("."));
        !file.is_empty() && articles.contains(&canonical(&base.join(file)))
    }

    /// `html` with every address attribute the policy refuses cut out (each with a warning),
    /// or `None` when nothing had to go.
    fn scrub(&mut self, html: &str) -> Option<String> {
        let mut cut = Vec::new();
        for a in attributes(html) {
            if !URL_ATTRIBUTES.contains(&a.name.as_str()) {
                continue;
            }
            let refused = addresses(&a.name, &a.value).find_map(|v| judge(v).err());
            if let Some(refusal) = refused {
                let shown = quoted(&a.value);
                self.warn(
                    self.pos,
                    format!(
                        "`{}=\"{shown}\"` is removed from the raw HTML <{}>: {}",
                        a.name,
                        a.tag,
                        refusal.reason()
                    ),
                    refusal.hint(),
                );
                cut.push(a.range);
            }
        }
        if cut.is_empty() {
            return None;
        }
        let mut out = html.to_string();
        for range in cut.into_iter().rev() {
            out.replace_range(range, "");
        }
        Some(out)
    }

    /// Checks the source address in `meta`: kept serialized, or dropped with a warning.
    fn source(&mut self, meta: &mut Meta) {
        let Some(src) = &mut meta.source else { return };
        let Some(url) = &src.url else { return };
        let why = match judge(url) {
            Ok(Target::Web(href)) => {
                src.url = Some(href);
                return;
            }
            Ok(_) => (
                "it is not a full web address".to_string(),
                "write it in full, with https://",
            ),
            Err(refusal) => (refusal.reason(), refusal.hint()),
        };
        let span = (src.url_span.clone()).unwrap_or_else(|| Span::file(self.path));
        self.diags.warning(
            span,
            format!(
                "the source's address `{}` is left out (the name is kept): {}",
                quoted(url.trim()),
                why.0
            ),
            why.1,
        );
        src.url = None;
    }

    fn warn(&mut self, pos: Pos, message: String, hint: &str) {
        self.diags.warning(Span::at(self.path, pos), message, hint);
    }
}

/// The addresses in attribute `name`'s value: the candidates' addresses of a `srcset`, the
/// whole value otherwise.
fn addresses<'v>(name: &str, value: &'v str) -> Box<dyn Iterator<Item = &'v str> + 'v> {
    if name == "srcset" {
        Box::new(value.split(',').filter_map(|c| c.split_whitespace().next()))
    } else {
        Box::new(std::iter::once(value))
    }
}

/// Appends the inlines of a link that became text, joining neighbouring text.
fn flatten(out: &mut Vec<Inline>, inner: Vec<Inline>) {
    for inline in inner {
        match (out.last_mut(), inline) {
            (Some(Inline::Text(prev)), Inline::Text(t)) => prev.push_str(&t),
            (_, inline) => out.push(inline),
        }
    }
}

/// `run` with each raw HTML anchor that has an `href` and a closing `</a>` later in the same
/// run made a link (at `pos`, the block's start) holding what stands between the two tags.
fn anchors_to_links(mut run: Vec<Inline>, pos: Pos) -> Vec<Inline> {
    let mut i = 0;
    while i < run.len() {
        let Some((href, title)) = anchor_open(&run[i]) else {
            i += 1;
            continue;
        };
        let close = (i + 1..run.len())
            .find(|&j| is_anchor_close(&run[j]) || anchor_open(&run[j]).is_some());
        if let Some(j) = close.filter(|&j| is_anchor_close(&run[j])) {
            let content: Vec<Inline> = run.drain(i + 1..j).collect();
            run.remove(i + 1);
            run[i] = Inline::Link {
                target: href,
                title,
                content,
                reference: None,
                pos,
            };
        }
        i += 1;
    }
    run
}

/// The href and title of `inline` when it is a raw `<a …>` start tag with an `href`.
fn anchor_open(inline: &Inline) -> Option<(String, String)> {
    let Inline::RawHtml(html) = inline else {
        return None;
    };
    let t = html.trim();
    let lower = t.get(..3)?.to_ascii_lowercase();
    if !(lower == "<a>"
        || lower.starts_with("<a") && lower.ends_with(|c: char| c.is_ascii_whitespace()))
        || !t.ends_with('>')
    {
        return None;
    }
    let attrs = attributes(t);
    let get = |n: &str| attrs.iter().find(|a| a.name == n).map(|a| a.value.clone());
    Some((get("href")?, get("title").unwrap_or_default()))
}

fn is_anchor_close(inline: &Inline) -> bool {
    matches!(inline, Inline::RawHtml(h) if {
        let t = h.trim();
        t.len() >= 4 && t[..3].eq_ignore_ascii_case("</a") && t[3..].trim_start() == ">"
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{plain_text, words};

    /// `text` read as `/book/a.md` with the passes before this one, then checked as an
    /// article of a book whose articles are `articles`; the links left and the messages.
    fn check(text: &str, articles: Option<&ArticleSet>) -> (Document, Vec<String>) {
        let mut diags = Diagnostics::new();
        let mut doc = crate::markdown::read_str(text, Path::new("/book/a.md"), &mut diags);
        super::super::assign_heading_ids(&mut doc);
        let mut diags = Diagnostics::new();
        check_links(&mut doc, articles, &mut diags);
        let msgs = diags.items().iter().map(|d| d.to_string()).collect();
        (doc, msgs)
    }

    fn targets(doc: &Document) -> Vec<String> {
        let mut out = Vec::new();
        crate::model::visit_inlines(&doc.blocks, true, &mut |run| {
            collect(run, &mut out);
        });
        out
    }

    fn collect(run: &[Inline], out: &mut Vec<String>) {
        for inline in run {
            match inline {
                Inline::Link {
                    target, content, ..
                } => {
                    out.push(target.clone());
                    collect(content, out);
                }
                Inline::Emph(c) | Inline::Strong(c) => collect(c, out),
                _ => {}
            }
        }
    }

    #[test]
    fn refused_schemes_become_their_text_with_a_located_warning() {
        let text = "One [js](javascript:alert(1)) two [ws]( JavaScript:x) three\n\
                    [tab](<java\tscript:x>) [vb](VBScript:x) [data](data:text/html,x) \
                    [file](file:///etc/passwd) [ok](<https://example.org/a b>).\n";
        let (doc, msgs) = check(text, None);
        assert_eq!(targets(&doc), ["https://example.org/a%20b"]);
        assert_eq!(
            words(&doc.blocks).join(" "),
            "One js two ws three tab vb data file ok."
        );
        assert_eq!(msgs.len(), 6, "{msgs:#?}");
        assert!(msgs[0].starts_with("/book/a.md:1:5: warning: link to `javascript:alert(1)`"));
        assert!(msgs[1].contains("`javascript:` addresses are not allowed"));
        assert!(msgs[2].starts_with("/book/a.md:2:1: warning: link to `java\\tscript:x`"));
        assert!(msgs[5].contains("`file:` addresses"));
    }

    #[test]
    fn a_link_inside_a_link_becomes_its_text() {
        let (doc, msgs) = check("[see <https://a.example> *too*](https://b.example)\n", None);
        assert_eq!(targets(&doc), ["https://b.example/"]);
        let Block::Paragraph { content, .. } = &doc.blocks[0] else {
            panic!("a paragraph")
        };
        assert_eq!(plain_text(content), "see https://a.example too");
        assert_eq!(msgs.len(), 1);
        assert!(msgs[0].contains("the link to `https://a.example` sits inside"));
    }

    #[test]
    fn raw_anchors_are_links_and_refused_addresses_leave_raw_html() {
        let text = "A <a href=\"https://ok.example\" title=\"t\">good</a> and \
                    <a href=\"jav&#x61;script:x\">bad</a> one.\n\n\
                    <div><a href=\"vbscript:x\" class=\"c\">block</a></div>\n";
        let (doc, msgs) = check(text, None);
        assert_eq!(targets(&doc), ["https://ok.example/"]);
        assert_eq!(
            words(&doc.blocks)[..6],
            ["A", "good", "and", "bad", "one.", "<div><a"]
        );
        let Block::RawHtml { html, .. } = &doc.blocks[1] else {
            panic!("a raw block")
        };
        assert_eq!(html.trim(), "<div><a class=\"c\">block</a></div>");
        assert_eq!(msgs.len(), 2, "{msgs:#?}");
        assert!(msgs[1].contains("`href=\"vbscript:x\"` is removed from the raw HTML <a>"));
    }

    #[test]
    fn fragments_and_article_links_must_lead_somewhere() {
        let text =
            "Intro.\n\n## Top\n\n[up](#top) [gone](#gone) [b](b.md#x) [c](c.md) [pdf](x.pdf)\n";
        let (doc, _) = check(text, None);
        assert_eq!(targets(&doc), ["#top", "b.md#x", "c.md", "x.pdf"]);
        let book = ArticleSet::from([PathBuf::from("/book/a.md"), PathBuf::from("/book/b.md")]);
        let (doc, msgs) = check(text, Some(&book));
        assert_eq!(targets(&doc), ["#top", "b.md#x"]);
        assert_eq!(msgs.len(), 3, "{msgs:#?}");
        assert!(msgs[0].contains("no heading in this article has the id `gone`"));
        assert!(msgs[1].contains("`c.md` is kept as plain text: it is neither"));
    }

    #[test]
    fn the_source_address_is_judged_too() {
        let text = "---\ntitle: T\nsource:\n  name: Paper\n  url: \" javascript:alert(1)\"\n---\n\nBody.\n";
        let (doc, msgs) = check(text, None);
        let src = doc.meta.source.as_ref().expect("a source");
        assert_eq!((src.name.as_str(), src.url.as_deref()), ("Paper", None));
        assert_eq!(msgs.len(), 1, "{msgs:#?}");
        assert!(msgs[0].starts_with("/book/a.md:5:"), "{}", msgs[0]);
        let text = "---\nsource:\n  name: Paper\n  url: https://paper.example/a b\n---\n\nBody.\n";
        let (doc, msgs) = check(text, None);
        let url = doc.meta.source.and_then(|s| s.url);
        assert_eq!(url.as_deref(), Some("https://paper.example/a%20b"));
        assert!(msgs.is_empty());
    }
}
