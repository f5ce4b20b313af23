//! Figures and table captions in XHTML: a `<figure>` with the image and a `<figcaption>`
//! holding the label, the caption and the source line (the image is described by the
//! caption, `aria-describedby`, when the caption says more than its alt text); a table's
//! caption as its `<caption>`.

use super::Serializer;
use crate::epub::markup::{attr, esc, to_id};
use crate::model::{plain_text, Caption, Figure};

impl<'m> Serializer<'_, 'm> {
    /// A numbered figure.
    pub(super) fn figure(&mut self, f: &'m Figure) {
        self.pos = f.pos;
        let id = to_id(&f.caption.id);
        let caption_id = format!("{id}-caption");
        let mut img = self.image(&f.src, &f.alt, f.pos);
        let said = plain_text(&f.caption.content);
        if said.trim() != f.alt.trim() || !f.source.is_empty() {
            let describe = format!("<img aria-describedby=\"{}\" ", attr(&caption_id));
            img = img.replacen("<img ", &describe, 1);
        }
        if let Some(w) = f.width {
            let style = format!("<img style=\"width: {}%\" ", (w * 100.0).round());
            img = img.replacen("<img ", &style, 1);
        }
        self.out
            .push_str(&format!("<figure id=\"{}\">\n", attr(&id)));
        self.out.push_str(&img);
        self.out
            .push_str(&format!("\n<figcaption id=\"{}\">", attr(&caption_id)));
        self.caption_text(&f.caption);
        if !f.source.is_empty() {
            let word = self.ctx.labels.source;
            self.out
                .push_str(&format!("<br/>\n<span class=\"source\">{}: ", esc(word)));
            self.inlines(&f.source);
            self.out.push_str("</span>");
        }
        self.out.push_str("</figcaption>\n</figure>\n");
    }

    /// A table's `<caption>`.
    pub(super) fn table_caption(&mut self, c: &'m Caption) {
        self.out.push_str("<caption>");
        self.caption_text(c);
        self.out.push_str("</caption>\n");
    }

    /// "Figure 2: " and the caption's text (the label alone when there is none).
    fn caption_text(&mut self, c: &'m Caption) {
        self.out.push_str(&format!(
            "<span class=\"caption-label\">{}</span>",
            esc(&c.label)
        ));
        if !c.content.is_empty() {
            self.out.push_str(": ");
            self.inlines(&c.content);
        }
    }
}
