//! The last resort of line breaking: a paragraph whose best breaks still leave a line wider
//! than the measure is broken again with a break allowed between any two letters (at
//! [`EMERGENCY_BREAK_PENALTY`], dearer than anything else), so no line of it runs off the
//! page.

use super::breakpoints::EMERGENCY_BREAK_PENALTY;
use super::{Content, Para};
use crate::typeset::linebreak::Elem;

impl Para {
    /// This paragraph with every word fragment of more than one cluster split at each
    /// cluster, a break allowed between the pieces.
    pub fn cut_anywhere(&self) -> Para {
        let mut elems = Vec::with_capacity(self.elems.len() * 2);
        let mut content = Vec::with_capacity(self.content.len() * 2);
        for (e, c) in self.elems.iter().zip(&self.content) {
            let Content::Frag {
                shaped,
                g0,
                g1,
                style,
                src,
            } = c
            else {
                elems.push(*e);
                content.push(c.clone());
                continue;
            };
            let size = self.styles[usize::from(*style)].size;
            let (g0, g1) = (*g0 as usize, *g1 as usize);
            let starts = (g0 + 1..g1).filter(|&k| {
                let t = shaped.glyphs[k].text;
                t.1 > t.0
            });
            let mut a = g0;
            for k in starts.chain(std::iter::once(g1)) {
                let width = f64::from(shaped.pen(k) - shaped.pen(a)) * size;
                elems.push(Elem::Box { width });
                content.push(Content::Frag {
                    shaped: shaped.clone(),
                    g0: a as u32,
                    g1: k as u32,
                    style: *style,
                    src: *src,
                });
                if k < g1 {
                    elems.push(Elem::Penalty {
                        width: 0.0,
                        penalty: EMERGENCY_BREAK_PENALTY,
                        flagged: false,
                    });
                    content.push(Content::Cut);
                }
                a = k;
            }
        }
        Para {
            elems,
            content,
            styles: self.styles.clone(),
            links: self.links.clone(),
            missing: self.missing.clone(),
            raw_html: self.raw_html,
            images: self.images.clone(),
            spans: self.spans.clone(),
            has_hyphens: self.has_hyphens,
            em: self.em,
        }
    }
}
