//! The article's header: kicker, title (an outline entry and the article's anchor),
//! subtitle, standfirst, authors, and the date and source line, sunk below the page top.

use super::{Builder, Slot};
use crate::model::{Document, Inline};
use crate::typeset::fonts::Family;
use crate::typeset::frame::{Item, Point};
use crate::typeset::para::{Align, Style};
use crate::typeset::structure::Role;
use crate::typeset::type_scale::{
    BLOCK_SPACE_LINES, DATELINE_SCALE, KICKER_SCALE, OPENING_SINK_LINES, OPENING_SPACE_LINES,
    OPENING_TITLE_SCALE, STANDFIRST_SCALE, SUBTITLE_SCALE,
};

/// The article's header: kicker, title, subtitle, standfirst, authors, date, source line.
pub fn header(b: &mut Builder, doc: &Document, title: &str, anchor: &str) {
    let ctx = b.ctx;
    let (m, size, l) = (ctx.measure, ctx.size, ctx.leading);
    let meta = &doc.meta;
    b.flow.slots.push(Slot::space(0.0));
    b.flow
        .slots
        .push(Slot::other(OPENING_SINK_LINES * l, Vec::new()));
    if let Some(k) = &meta.kicker {
        let st = Style::new(Family::Regular, size * KICKER_SCALE);
        let s = b.display_block(&[Inline::Text(k.to_uppercase())], st, 0.0, m, Align::Left);
        b.push_as(Role::Kicker, s);
    }
    let title = title.to_string();
    let st = Style::new(Family::Regular, size * OPENING_TITLE_SCALE);
    let mut s = b.display_block(&[Inline::Text(title.clone())], st, 0.0, m, Align::Left);
    s.items.insert(
        0,
        (Point { x: 0.0, y: 0.0 }, Item::Anchor(anchor.to_string())),
    );
    s.outline = Some((1, title));
    b.push_as(Role::H(1), s);
    if let Some(sub) = &meta.subtitle {
        let st = Style::new(Family::Italic, size * SUBTITLE_SCALE);
        let s = b.display_block(&[Inline::Text(sub.clone())], st, 0.0, m, Align::Left);
        b.push_as(Role::Subtitle, s);
    }
    if let Some(sf) = &meta.standfirst {
        b.flow.slots.push(Slot::space(BLOCK_SPACE_LINES * l));
        let st = Style::new(Family::Italic, size * STANDFIRST_SCALE);
        let s = b.display_block(&[Inline::Text(sf.clone())], st, 0.0, m, Align::Left);
        b.push_as(Role::Standfirst, s);
    }
    if !meta.authors.is_empty() {
        b.flow.slots.push(Slot::space(BLOCK_SPACE_LINES * l));
        let names: Vec<&str> = meta.authors.iter().map(|a| a.name.as_str()).collect();
        let st = Style::new(Family::Bold, size);
        let s = b.display_block(
            &[Inline::Text(ctx.labels.join(&names))],
            st,
            0.0,
            m,
            Align::Left,
        );
        b.push_as(Role::Byline, s);
    }
    let mut line = Vec::new();
    if let Some(d) = &meta.date {
        line.push(ctx.labels.date(d));
    }
    if let Some(src) = &meta.source {
        line.push(format!("{} {}", ctx.labels.originally_published, src.name));
    }
    if !line.is_empty() {
        let st = Style::new(Family::Italic, size * DATELINE_SCALE);
        let s = b.display_block(&[Inline::Text(line.join(" · "))], st, 0.0, m, Align::Left);
        b.push_as(Role::Dateline, s);
    }
    b.flow.slots.push(Slot::space(OPENING_SPACE_LINES * l));
    b.no_indent();
}
