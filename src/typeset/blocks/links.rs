//! The links within the book that a run of text makes (to a heading, another article, a
//! note, a reference entry, a bibliography entry), recorded with where each stands so that the check after layout
//! ([`crate::typeset::links::check`]) can name the line of one that leads to no page.

use super::Builder;
use crate::model::Inline;
use crate::typeset::frame::LinkTarget;
use crate::typeset::links::{self, LinkSource};

impl Builder<'_> {
    /// Records the in-book links of `inlines` (not those inside its notes: each note's text
    /// records its own when it is set).
    pub(super) fn links_in(&mut self, inlines: &[Inline]) {
        self.links_of(inlines, false);
    }

    /// [`Self::links_in`], within a rendered citation when `cite` (whose links lead to a
    /// bibliography entry).
    fn links_of(&mut self, inlines: &[Inline], cite: bool) {
        for inline in inlines {
            match inline {
                Inline::Link {
                    target,
                    content,
                    reference,
                    pos,
                    ..
                } => {
                    let scope = self.link_scope();
                    let to = if cite {
                        links::resolve_citation(&self.ctx.prefix, scope, target)
                    } else {
                        links::resolve(&self.ctx.prefix, scope, target)
                    };
                    if let LinkTarget::Anchor(anchor) = to {
                        self.flow.links.push(LinkSource {
                            anchor,
                            written: target.clone(),
                            pos: *pos,
                        });
                    }
                    if let Some(n) = reference {
                        self.flow.links.push(LinkSource {
                            anchor: links::reference_anchor(&self.ctx.prefix, *n),
                            written: format!("reference [{n}]"),
                            pos: *pos,
                        });
                    }
                    self.links_of(content, cite);
                }
                Inline::Emph(c)
                | Inline::Strong(c)
                | Inline::Strike(c)
                | Inline::Superscript(c)
                | Inline::Subscript(c) => self.links_of(c, cite),
                Inline::Cite(c) => self.links_of(&c.rendered, true),
                Inline::Note(note) => self.flow.links.push(LinkSource {
                    anchor: links::note_anchor(&self.ctx.prefix, note.number),
                    written: format!("note {}", note.number),
                    pos: self.pos,
                }),
                _ => {}
            }
        }
    }
}
