//! Cross-references: numbered targets get their numbers in reading order, and references
//! to their labels become those numbers, linked to the target, in both outputs. Targets are
//! display equations (numbered when labelled, tagged or written as `\begin{equation}`),
//! figures and tables (numbered by [`super::figures`]) and headings labelled `sec:…`
//! (numbered by their place in the article's outline: "Section 2.1").
//!
//! pandoc-crossref's forms `@eq:label`, `@fig:label`, `@tbl:label` and `@sec:label` (alone or
//! in brackets, `[see @fig:a; @tbl:b]`) become "(3)", "Figure 2", "Table 1", "Section 3" in
//! the article's language; a figure, table or section label that names nothing is an error
//! at the reference.
//!
//! A reference is `\eqref{label}` (the number in parentheses) or `\ref{label}` (the bare
//! number), written in the text or as a whole formula (`$\eqref{label}$`); inside a larger
//! formula it is set as the number without a link. Labels belong to their document, as
//! footnote numbers do. An unknown label is a warning and prints as "(??)", as in LaTeX.

use std::collections::{BTreeMap, BTreeSet};

use super::slug;
use crate::diag::{Diagnostics, Span};
use crate::math::{Kind, List};
use crate::model::{visit_blocks_mut, Block, Citation, Document, EquationNumber, Inline, Pos};

/// What a target is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    /// A display equation.
    Equation,
    /// A figure.
    Figure,
    /// A table.
    Table,
    /// A section (a heading).
    Section,
}

impl TargetKind {
    /// Every kind.
    pub const ALL: [TargetKind; 4] = [
        TargetKind::Equation,
        TargetKind::Figure,
        TargetKind::Table,
        TargetKind::Section,
    ];

    /// The prefix pandoc-crossref writes before a label of this kind (`@eq:growth`).
    pub fn prefix(self) -> &'static str {
        match self {
            TargetKind::Equation => "eq:",
            TargetKind::Figure => "fig:",
            TargetKind::Table => "tbl:",
            TargetKind::Section => "sec:",
        }
    }

    /// The kind a label's prefix names, if any.
    pub fn of(key: &str) -> Option<TargetKind> {
        Self::ALL.into_iter().find(|k| key.starts_with(k.prefix()))
    }

    /// What the kind is called in messages.
    fn noun(self) -> &'static str {
        match self {
            TargetKind::Equation => "equation",
            TargetKind::Figure => "figure",
            TargetKind::Table => "table",
            TargetKind::Section => "section",
        }
    }
}

/// A numbered target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// What it is.
    pub kind: TargetKind,
    /// The number as a bare reference shows it ("3", or a tag's text).
    pub number: String,
    /// The anchor id the target carries.
    pub id: String,
    /// What a reference prints for a figure, table or section ("Figure 2").
    pub named: Option<String>,
}

impl Target {
    /// The reference's text: a figure's, table's or section's name and number; an
    /// equation's number in parentheses for `\eqref`, bare for `\ref`.
    pub fn shown(&self, parens: bool) -> String {
        if let Some(named) = self.named.as_ref().filter(|_| parens) {
            named.clone()
        } else if parens {
            format!("({})", self.number)
        } else {
            self.number.clone()
        }
    }

    /// The link a reference to this target becomes.
    pub fn link(&self, parens: bool, pos: Pos) -> Inline {
        Inline::Link {
            target: format!("#{}", self.id),
            title: String::new(),
            content: vec![Inline::Text(self.shown(parens))],
            reference: None,
            pos,
        }
    }
}

/// A document's targets by label.
#[derive(Debug, Clone, Default)]
pub struct Targets {
    by_label: BTreeMap<String, Target>,
}

impl Targets {
    /// The target labelled `key`; a key written with a kind's prefix (`eq:growth`, as
    /// pandoc-crossref writes it) also finds a target of that kind labelled without it.
    pub fn find(&self, key: &str) -> Option<&Target> {
        self.by_label.get(key).or_else(|| {
            let kind = TargetKind::Equation;
            let bare = key.strip_prefix(kind.prefix())?;
            self.by_label.get(bare).filter(|t| t.kind == kind)
        })
    }
}

/// Numbers the targets of `doc` and resolves the references to them, naming figures,
/// tables and sections in `language`.
pub fn resolve_crossrefs(doc: &mut Document, language: &str, diags: &mut Diagnostics) -> Targets {
    let mut targets = number_equations(doc, diags);
    captioned(doc, &mut targets, diags);
    sections(doc, crate::labels::Labels::for_lang(language), &mut targets);
    let path = doc.path.clone();
    let mut pass = Refs {
        targets: &targets,
        diags,
        path: &path,
        pos: Pos::default(),
    };
    visit_blocks_mut(&mut doc.blocks, &mut |b| pass.block(b));
    targets
}

/// Gives every numbered display equation its number (1, 2, … in reading order; a `\tag`
/// takes no number) and anchor id, and returns the labelled ones.
fn number_equations(doc: &mut Document, diags: &mut Diagnostics) -> Targets {
    let mut ids: BTreeSet<String> = BTreeSet::new();
    crate::model::visit_blocks(&doc.blocks, true, &mut |b| {
        if let Block::Heading { id, .. } = b {
            ids.insert(id.clone());
        }
    });
    let mut targets = Targets::default();
    let mut next = 0u32;
    let path = doc.path.clone();
    visit_blocks_mut(&mut doc.blocks, &mut |b| {
        let Block::DisplayMath {
            math, pos, number, ..
        } = b
        else {
            return;
        };
        let Some(f) = math.formula.as_ref().filter(|f| f.numbered()) else {
            return;
        };
        let (bare, text) = match &f.tag {
            Some(tag) if tag.parens => (tag.text.clone(), format!("({})", tag.text)),
            Some(tag) => (tag.text.clone(), tag.text.clone()),
            None => {
                next += 1;
                (next.to_string(), format!("({next})"))
            }
        };
        let stem = match (&f.label, &f.tag) {
            (Some(l), _) => format!("eq-{}", slug(l)),
            (None, Some(_)) => format!("eq-{}", slug(&bare)),
            (None, None) => format!("eq-{bare}"),
        };
        let id = unique(&mut ids, &stem);
        if let Some(label) = &f.label {
            if targets.by_label.contains_key(label) {
                diags.warning(
                    Span::at(&path, *pos),
                    format!(
                        "the label `{label}` is given to two equations; references go to the first"
                    ),
                    "give each equation its own label",
                );
            } else {
                let kind = TargetKind::Equation;
                let t = Target {
                    kind,
                    number: bare,
                    id: id.clone(),
                    named: None,
                };
                targets.by_label.insert(label.clone(), t);
            }
        }
        *number = Some(EquationNumber { text, id });
    });
    targets
}

/// `stem`, or `stem-2`, `stem-3` … whichever is not taken yet; taken from then on.
fn unique(ids: &mut BTreeSet<String>, stem: &str) -> String {
    let mut id = stem.to_string();
    let mut n = 1;
    while ids.contains(&id) {
        n += 1;
        id = format!("{stem}-{n}");
    }
    ids.insert(id.clone());
    id
}

/// The references of a document being resolved.
struct Refs<'a> {
    targets: &'a Targets,
    diags: &'a mut Diagnostics,
    path: &'a std::path::Path,
    /// The block being read, where a reference in its text is reported.
    pos: Pos,
}

impl Refs<'_> {
    fn block(&mut self, b: &mut Block) {
        match b {
            Block::DisplayMath { math, pos, .. } => {
                self.pos = *pos;
                if let Some(f) = math.formula.as_mut() {
                    let mut nodes = std::mem::take(&mut f.nodes);
                    self.in_formula(&mut nodes, math.pos);
                    f.nodes = nodes;
                }
            }
            Block::Heading { content, pos, .. } | Block::Paragraph { content, pos } => {
                self.pos = *pos;
                self.run(content, true);
            }
            Block::Table {
                head,
                rows,
                pos,
                caption,
                ..
            } => {
                self.pos = *pos;
                let caption = caption.iter_mut().map(|c| &mut c.content);
                for cell in head
                    .iter_mut()
                    .chain(rows.iter_mut().flatten())
                    .chain(caption)
                {
                    self.run(cell, true);
                }
            }
            Block::Figure(f) => {
                self.pos = f.pos;
                for run in f.runs_mut() {
                    self.run(run, true);
                }
            }
            _ => {}
        }
    }

    /// The target of `label`, or a warning at `pos` (an error for a figure, table or
    /// section).
    fn target(&mut self, label: &str, pos: Pos) -> Option<Target> {
        let t = self.targets.find(label).cloned();
        let kind = TargetKind::of(label).filter(|k| *k != TargetKind::Equation);
        if let (None, Some(kind)) = (&t, kind) {
            let noun = kind.noun();
            self.diags.error(
                Span::at(self.path, pos),
                format!("no {noun} in this article is labelled `{label}`"),
                format!("give the {noun} the label with {{#{label}}}, or correct the reference"),
            );
        } else if t.is_none() {
            self.diags.warning(
                Span::at(self.path, pos),
                format!("no equation in this article is labelled `{label}`; the reference prints as (??)"),
                "label the equation with \\label{…} inside its $$ … $$, or correct the reference",
            );
        }
        t
    }

    /// References in a run: as links, or (inside a link) as plain numbers.
    fn run(&mut self, run: &mut Vec<Inline>, linked: bool) {
        let mut out = Vec::with_capacity(run.len());
        for inline in std::mem::take(run) {
            match inline {
                Inline::Text(t) if t.contains('\\') => self.text(&t, linked, &mut out),
                Inline::Math(mut m) => {
                    let whole = match m.formula.as_ref().map(|f| f.nodes.as_slice()) {
                        Some([n]) => match &n.kind {
                            Kind::Ref { label, parens, .. } => Some((label.clone(), *parens)),
                            _ => None,
                        },
                        _ => None,
                    };
                    match whole {
                        Some((label, parens)) => self.reference(&label, parens, linked, &mut out),
                        None => {
                            if let Some(f) = m.formula.as_mut() {
                                let mut nodes = std::mem::take(&mut f.nodes);
                                self.in_formula(&mut nodes, m.pos);
                                f.nodes = nodes;
                            }
                            out.push(Inline::Math(m));
                        }
                    }
                }
                Inline::Emph(mut c) => {
                    self.run(&mut c, linked);
                    out.push(Inline::Emph(c));
                }
                Inline::Strong(mut c) => {
                    self.run(&mut c, linked);
                    out.push(Inline::Strong(c));
                }
                Inline::Link {
                    target,
                    title,
                    mut content,
                    reference,
                    pos,
                } => {
                    self.run(&mut content, false);
                    out.push(Inline::Link {
                        target,
                        title,
                        content,
                        reference,
                        pos,
                    });
                }
                Inline::Cite(c) if is_crossref_citation(&c) => self.citation(&c, linked, &mut out),
                other => out.push(other),
            }
        }
        *run = out;
    }

    /// `@eq:label` or `[see @eq:a; @eq:b]` as pandoc-crossref writes them: each equation's
    /// number in parentheses, the prefix and suffix text kept, the items joined by commas.
    fn citation(&mut self, c: &Citation, linked: bool, out: &mut Vec<Inline>) {
        for (k, item) in c.items.iter().enumerate() {
            let before = if k > 0 { ", " } else { "" };
            let prefix = item.prefix.trim();
            let lead = match prefix.is_empty() {
                true => before.to_string(),
                false => format!("{before}{prefix} "),
            };
            if !lead.is_empty() {
                out.push(Inline::Text(lead));
            }
            let pos = std::mem::replace(&mut self.pos, item.pos);
            self.reference(&item.key, true, linked, out);
            self.pos = pos;
            let suffix = item.suffix.trim();
            if !suffix.is_empty() {
                let sep = if suffix.starts_with(',') { "" } else { " " };
                out.push(Inline::Text(format!("{sep}{suffix}")));
            }
        }
    }

    /// One reference, as a link (or as text inside a link, or "(??)").
    fn reference(&mut self, label: &str, parens: bool, linked: bool, out: &mut Vec<Inline>) {
        match self.target(label, self.pos) {
            Some(t) if linked => out.push(t.link(parens, self.pos)),
            Some(t) => out.push(Inline::Text(t.shown(parens))),
            None => out.push(Inline::Text(unknown(parens))),
        }
    }

    /// Text with `\eqref{…}` and `\ref{…}` in it.
    fn text(&mut self, t: &str, linked: bool, out: &mut Vec<Inline>) {
        let mut rest = t;
        while let Some((before, label, parens, after)) = next_reference(rest) {
            if !before.is_empty() {
                out.push(Inline::Text(before.to_string()));
            }
            self.reference(label, parens, linked, out);
            rest = after;
        }
        if !rest.is_empty() {
            out.push(Inline::Text(rest.to_string()));
        }
    }

    /// References inside a formula: their numbers, unlinked.
    fn in_formula(&mut self, nodes: &mut List, pos: Pos) {
        crate::math::visit_mut(nodes, &mut |kind| {
            if let Kind::Ref {
                label,
                parens,
                number,
            } = kind
            {
                *number = Some(match self.target(label, pos) {
                    Some(t) => t.shown(*parens),
                    None => unknown(*parens),
                });
            }
        });
    }
}

/// Whether a citation only names cross-reference targets (`@eq:…`, `@fig:…`, `@tbl:…`,
/// `@sec:…`), which this pass resolves.
fn is_crossref_citation(c: &Citation) -> bool {
    !c.items.is_empty() && c.items.iter().all(|i| TargetKind::of(&i.key).is_some())
}

/// Adds the labelled figures and tables (captioned by [`super::figures`]) to `targets`.
fn captioned(doc: &Document, targets: &mut Targets, diags: &mut Diagnostics) {
    crate::model::visit_blocks(&doc.blocks, false, &mut |b| {
        let (caption, kind, pos) = match b {
            Block::Figure(f) => (&f.caption, TargetKind::Figure, f.pos),
            Block::Table {
                caption: Some(c),
                pos,
                ..
            } => (c, TargetKind::Table, *pos),
            _ => return,
        };
        let Some(key) = &caption.key else { return };
        if targets.by_label.contains_key(key) {
            diags.warning(
                Span::at(&doc.path, pos),
                format!("the label `{key}` is given twice; references go to the first"),
                "give each figure and table its own label",
            );
            return;
        }
        let number = caption
            .label
            .rsplit([' ', '\u{a0}'])
            .next()
            .unwrap_or_default();
        let t = Target {
            kind,
            number: number.to_string(),
            id: caption.id.clone(),
            named: Some(caption.label.clone()),
        };
        targets.by_label.insert(key.clone(), t);
    });
}

/// Adds the headings labelled `sec:…` to `targets`, numbered by their place in the
/// article's outline (the shallowest level used counts 1, 2, …; the next 2.1, 2.2, …).
fn sections(doc: &Document, labels: &crate::labels::Labels, targets: &mut Targets) {
    let levels = doc.blocks.iter().filter_map(|b| match b {
        Block::Heading { level, .. } => Some(*level),
        _ => None,
    });
    let Some(top) = levels.min() else { return };
    let mut counters: Vec<u32> = Vec::new();
    for b in &doc.blocks {
        let Block::Heading { level, id, .. } = b else {
            continue;
        };
        let depth = usize::from(level - top);
        counters.resize(depth + 1, 0);
        counters[depth] += 1;
        let kind = TargetKind::Section;
        if !id.starts_with(kind.prefix()) || targets.by_label.contains_key(id) {
            continue;
        }
        let number: Vec<String> = counters.iter().map(|n| n.max(&1).to_string()).collect();
        let number = number.join(".");
        let t = Target {
            kind,
            named: Some(format!("{}\u{a0}{number}", labels.section)),
            number,
            id: id.clone(),
        };
        targets.by_label.insert(id.clone(), t);
    }
}

/// What an unresolved reference prints.
fn unknown(parens: bool) -> String {
    if parens { "(??)" } else { "??" }.to_string()
}

/// The first `\eqref{label}` or `\ref{label}` in `t`: the text before, the label, whether
/// in parentheses, the text after.
fn next_reference(t: &str) -> Option<(&str, &str, bool, &str)> {
    let mut from = 0;
    while let Some(i) = t[from..].find('\\').map(|i| i + from) {
        let rest = &t[i + 1..];
        let (parens, arg) = if let Some(a) = rest.strip_prefix("eqref{") {
            (true, a)
        } else if let Some(a) = rest.strip_prefix("ref{") {
            (false, a)
        } else {
            from = i + 1;
            continue;
        };
        if let Some(close) = arg.find('}') {
            let label = arg[..close].trim();
            if !label.is_empty() {
                return Some((&t[..i], label, parens, &arg[close + 1..]));
            }
        }
        from = i + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Math;

    fn display(tex: &str, line: u32) -> Block {
        let mut math = Math::new(tex, Pos::new(line, 3));
        math.formula = Some(crate::math::parse(tex).unwrap());
        Block::DisplayMath {
            math,
            pos: Pos::new(line, 1),
            number: None,
        }
    }

    fn para(text: &str) -> Block {
        Block::Paragraph {
            content: vec![Inline::Text(text.into())],
            pos: Pos::new(1, 1),
        }
    }

    fn numbers(doc: &Document) -> Vec<Option<(String, String)>> {
        doc.blocks
            .iter()
            .filter_map(|b| match b {
                Block::DisplayMath { number, .. } => {
                    Some(number.as_ref().map(|n| (n.text.clone(), n.id.clone())))
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn equations_are_numbered_and_references_linked() {
        let mut doc = Document {
            path: "a.md".into(),
            blocks: vec![
                display(r"a = b \label{first}", 2),
                display("c = d", 4),
                display(r"\begin{equation} e = f \end{equation}", 6),
                display(r"g \tag{A} \label{eq:tagged}", 8),
                para(r"By \eqref{first} and \ref{eq:tagged}, see \eqref{nowhere}."),
            ],
            ..Document::default()
        };
        let mut diags = Diagnostics::new();
        let targets = resolve_crossrefs(&mut doc, "en", &mut diags);
        assert_eq!(
            numbers(&doc),
            [
                Some(("(1)".into(), "eq-first".into())),
                None,
                Some(("(2)".into(), "eq-2".into())),
                Some(("(A)".into(), "eq-eq-tagged".into())),
            ]
        );
        assert_eq!(
            targets.find("eq:first").map(|t| t.number.as_str()),
            Some("1")
        );
        let Block::Paragraph { content, .. } = &doc.blocks[4] else {
            panic!()
        };
        let shown: Vec<String> = content
            .iter()
            .map(|i| match i {
                Inline::Link {
                    target, content, ..
                } => {
                    format!("{}->{target}", crate::model::plain_text(content))
                }
                other => crate::model::plain_text(std::slice::from_ref(other)),
            })
            .collect();
        assert_eq!(
            shown,
            [
                "By ",
                "(1)->#eq-first",
                " and ",
                "A->#eq-eq-tagged",
                ", see ",
                "(??)",
                "."
            ]
        );
        assert_eq!(diags.warning_count(), 1);
    }

    #[test]
    fn a_whole_formula_reference_is_a_link_and_a_nested_one_a_number() {
        let mut inline = Math::new(r"\eqref{x}", Pos::new(3, 2));
        inline.formula = Some(crate::math::parse(&inline.tex).unwrap());
        let mut nested = Math::new(r"y = \ref{x}", Pos::new(3, 20));
        nested.formula = Some(crate::math::parse(&nested.tex).unwrap());
        let mut doc = Document {
            blocks: vec![
                display(r"x \label{x}", 1),
                Block::Paragraph {
                    content: vec![Inline::Math(inline), Inline::Math(nested)],
                    pos: Pos::new(3, 1),
                },
            ],
            ..Document::default()
        };
        resolve_crossrefs(&mut doc, "en", &mut Diagnostics::new());
        let Block::Paragraph { content, .. } = &doc.blocks[1] else {
            panic!()
        };
        assert!(matches!(&content[0], Inline::Link { target, .. } if target == "#eq-x"));
        let Inline::Math(m) = &content[1] else {
            panic!()
        };
        let f = m.formula.as_ref().unwrap();
        assert!(matches!(&f.nodes[2].kind, Kind::Ref { number: Some(n), .. } if n == "1"));
    }

    #[test]
    fn references_are_found_in_text() {
        assert_eq!(
            next_reference(r"see \eqref{a} now"),
            Some(("see ", "a", true, " now"))
        );
        assert_eq!(next_reference(r"\ref{b}"), Some(("", "b", false, "")));
        assert_eq!(next_reference(r"a \\ b \eqref{} c"), None);
    }
}
