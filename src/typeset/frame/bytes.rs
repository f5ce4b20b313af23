//! A page's items as bytes that stand for them exactly: every field, in a fixed order and
//! width, lengths before what varies. Two pages whose items give the same bytes hold the
//! same items, so a writer may key what it made of a page by them (the PDF writer, in a
//! `folio watch` session, the pages it wrote for the build before). Each value is taken
//! apart whole, without `..`: a field added to a frame type does not compile until it is
//! written here too.

use super::{Color, Glyph, GlyphRun, Item, LinkTarget, Point, Tag};

/// Appends the bytes of `items` to `out`.
pub fn items(items: &[(Point, Item)], out: &mut Vec<u8>) {
    len(out, items.len());
    for (p, item) in items {
        point(out, *p);
        self::item(out, item);
    }
}

fn item(out: &mut Vec<u8>, item: &Item) {
    match item {
        Item::Glyphs(run) => {
            out.push(0);
            glyph_run(out, run);
        }
        Item::Rect {
            width,
            height,
            color,
        } => {
            out.push(1);
            f64s(out, &[*width, *height]);
            self::color(out, *color);
        }
        Item::Image {
            path,
            width,
            height,
            tag,
        } => {
            out.push(2);
            bytes(out, path.as_os_str().as_encoded_bytes());
            f64s(out, &[*width, *height]);
            self::tag(out, *tag);
        }
        Item::Link {
            width,
            height,
            target,
            tag,
            inline,
        } => {
            out.push(3);
            f64s(out, &[*width, *height]);
            match target {
                LinkTarget::Uri(uri) => {
                    out.push(0);
                    bytes(out, uri.as_bytes());
                }
                LinkTarget::Anchor(name) => {
                    out.push(1);
                    bytes(out, name.as_bytes());
                }
            }
            self::tag(out, *tag);
            out.extend_from_slice(&inline.to_le_bytes());
        }
        Item::Anchor(name) => {
            out.push(4);
            bytes(out, name.as_bytes());
        }
        Item::ActualText(text) => {
            out.push(5);
            bytes(out, text.as_bytes());
        }
        Item::EndActualText => out.push(6),
    }
}

fn glyph_run(out: &mut Vec<u8>, run: &GlyphRun) {
    let GlyphRun {
        font,
        size,
        color,
        scale,
        glyphs,
        raised,
        text,
        width,
        ends_line,
        turned,
        space_after,
        tag,
        inline,
    } = run;
    len(out, *font);
    f64s(out, &[*size, *width]);
    self::color(out, *color);
    out.extend_from_slice(&scale.to_le_bytes());
    len(out, glyphs.len());
    out.reserve(glyphs.len() * 8);
    for g in glyphs {
        let Glyph { id, text_len, x } = g;
        let mut b = [0u8; 8];
        b[..2].copy_from_slice(&id.to_le_bytes());
        b[2..4].copy_from_slice(&text_len.to_le_bytes());
        b[4..].copy_from_slice(&x.to_le_bytes());
        out.extend_from_slice(&b);
    }
    let raised = raised.as_deref().map_or(&[][..], Vec::as_slice);
    len(out, raised.len());
    for (k, y) in raised {
        out.extend_from_slice(&k.to_le_bytes());
        out.extend_from_slice(&y.to_le_bytes());
    }
    bytes(out, text.as_bytes());
    out.extend_from_slice(&[*ends_line as u8, *turned as u8, *space_after as u8]);
    self::tag(out, *tag);
    out.extend_from_slice(&inline.to_le_bytes());
}

fn tag(out: &mut Vec<u8>, tag: Tag) {
    match tag {
        Tag::Unset => out.push(0),
        Tag::Artifact => out.push(1),
        Tag::Header => out.push(2),
        Tag::Footer => out.push(3),
        Tag::Element(n) => {
            out.push(4);
            out.extend_from_slice(&n.to_le_bytes());
        }
    }
}

fn color(out: &mut Vec<u8>, c: Color) {
    let Color { r, g, b } = c;
    for v in [r, g, b] {
        out.extend_from_slice(&v.to_le_bytes());
    }
}

/// Appends the bytes of `p` to `out`.
pub fn point(out: &mut Vec<u8>, p: Point) {
    let Point { x, y } = p;
    f64s(out, &[x, y]);
}

/// Appends `values` to `out`, each as its eight bytes.
pub fn f64s(out: &mut Vec<u8>, values: &[f64]) {
    for v in values {
        out.extend_from_slice(&v.to_le_bytes());
    }
}

/// Appends a length (or an index) to `out`.
pub fn len(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&(n as u64).to_le_bytes());
}

/// Appends `b` to `out`, its length first.
pub fn bytes(out: &mut Vec<u8>, b: &[u8]) {
    len(out, b.len());
    out.extend_from_slice(b);
}

/// Appends `b`, when there is one, to `out`, after a byte that says whether there is.
pub fn opt_bytes(out: &mut Vec<u8>, b: Option<&[u8]>) {
    match b {
        Some(b) => {
            out.push(1);
            bytes(out, b);
        }
        None => out.push(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, x: f64) -> Item {
        let mut r = GlyphRun::new(0, 10.0, Color::BLACK);
        for (i, ch) in text.char_indices() {
            r.push(i as u16 + 3, x + i as f64, 0.0, &ch.to_string());
        }
        Item::Glyphs(r)
    }

    fn of(items: &[(Point, Item)]) -> Vec<u8> {
        let mut out = Vec::new();
        super::items(items, &mut out);
        out
    }

    #[test]
    fn items_that_differ_anywhere_give_different_bytes() {
        let at = Point { x: 1.0, y: 2.0 };
        let page = vec![(at, run("ab", 0.0)), (at, Item::Anchor("n1".into()))];
        assert_eq!(of(&page), of(&page.clone()));
        let moved = vec![(at, run("ab", 0.5)), (at, Item::Anchor("n1".into()))];
        assert_ne!(of(&page), of(&moved), "a glyph moved");
        let other = vec![(at, run("ac", 0.0)), (at, Item::Anchor("n1".into()))];
        assert_ne!(of(&page), of(&other), "another letter");
        // The same characters split differently between two strings.
        let split_a = vec![
            (at, Item::Anchor("ab".into())),
            (at, Item::Anchor("c".into())),
        ];
        let split_b = vec![
            (at, Item::Anchor("a".into())),
            (at, Item::Anchor("bc".into())),
        ];
        assert_ne!(of(&split_a), of(&split_b));
        let mut tagged = page.clone();
        if let Some(t) = tagged[0].1.tag_mut() {
            *t = Tag::Element(7);
        }
        assert_ne!(of(&page), of(&tagged), "another tag");
    }
}
