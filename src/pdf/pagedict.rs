//! Page dictionaries: their boxes, resources and content, as a lopdf dictionary for an
//! untagged file, or written straight to bytes for a tagged one, whose objects
//! [`super::pack`] writes (a book's thousands of pages held as dictionaries of boxes of
//! reals took more memory than their content streams).

use lopdf::{Dictionary, Object, ObjectId};

use super::pack;
use super::structure::{rect, write_rect};
use super::Setup;
use crate::typeset::frame::Page;

/// What a page dictionary refers to: its page tree, the shared resources, its content.
#[derive(Debug, Clone, Copy)]
pub(super) struct Refs {
    pub parent: ObjectId,
    pub resources: ObjectId,
    pub contents: ObjectId,
}

/// The page's media box (also its crop box), trim box and bleed box.
fn boxes(page: &Page, setup: &Setup) -> [[f64; 4]; 3] {
    let (w, h, m, bleed) = (page.width, page.height, setup.margin, setup.bleed);
    let media = if setup.trimmed {
        [m, m, m + w, m + h]
    } else {
        [0.0, 0.0, w + 2.0 * m, h + 2.0 * m]
    };
    let trim = [m, m, m + w, m + h];
    let bleed = [m - bleed, m - bleed, m + w + bleed, m + h + bleed];
    [media, trim, bleed]
}

/// The page dictionary of an untagged file (its annotations are added by the caller).
pub(super) fn dictionary(page: &Page, setup: &Setup, refs: Refs) -> Dictionary {
    let [media, trim, bleed] = boxes(page, setup).map(|[a, b, c, d]| rect(a, b, c, d));
    Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Page".to_vec())),
        ("Parent", Object::Reference(refs.parent)),
        ("MediaBox", media.clone()),
        ("CropBox", media),
        ("TrimBox", trim),
        ("BleedBox", bleed),
        ("Resources", Object::Reference(refs.resources)),
        ("Contents", Object::Reference(refs.contents)),
    ])
}

/// The page dictionary of a tagged file, as [`pack`] writes [`dictionary`] with the page's
/// `annots`, its tab order following the structure, and its key in the parent tree
/// (`struct_parents`) when it holds marked content.
pub(super) fn written(
    page: &Page,
    setup: &Setup,
    refs: Refs,
    annots: impl ExactSizeIterator<Item = ObjectId>,
    struct_parents: Option<usize>,
) -> Vec<u8> {
    let [media, trim, bleed] = boxes(page, setup);
    let mut out = Vec::with_capacity(256 + annots.len() * 10);
    out.extend_from_slice(b"<</Type /Page/Parent ");
    pack::reference(&mut out, refs.parent);
    for (key, corners) in [
        (&b"/MediaBox "[..], media),
        (b"/CropBox ", media),
        (b"/TrimBox ", trim),
        (b"/BleedBox ", bleed),
    ] {
        out.extend_from_slice(key);
        write_rect(&mut out, corners);
    }
    out.extend_from_slice(b"/Resources ");
    pack::reference(&mut out, refs.resources);
    out.extend_from_slice(b"/Contents ");
    pack::reference(&mut out, refs.contents);
    if annots.len() > 0 {
        out.extend_from_slice(b"/Annots [");
        for (k, id) in annots.enumerate() {
            if k > 0 {
                out.push(b' ');
            }
            pack::reference(&mut out, id);
        }
        out.push(b']');
    }
    out.extend_from_slice(b"/Tabs /S");
    if let Some(key) = struct_parents {
        out.extend_from_slice(b"/StructParents ");
        pack::integer(&mut out, key as i64);
    }
    out.extend_from_slice(b">>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::frame::PageKind;

    #[test]
    fn a_tagged_page_written_straight_is_its_dictionary_written() {
        let page = Page {
            width: 432.0,
            height: 648.333_3,
            kind: PageKind::Body,
            label: "7".into(),
            items: Vec::new(),
        };
        let refs = Refs {
            parent: (2, 0),
            resources: (3, 0),
            contents: (41, 0),
        };
        let print = crate::manifest::PrintSettings::default();
        for (trimmed, bleed) in [(false, 9.0), (true, 9.0), (false, 0.0), (false, 0.125_7)] {
            let mut setup = Setup::for_print(&print);
            setup.trimmed = trimmed;
            setup.bleed = bleed;
            setup.margin = bleed + 18.5;
            for annots in [vec![], vec![(50, 0), (51, 0)]] {
                for key in [None, Some(12)] {
                    let mut dict = dictionary(&page, &setup, refs);
                    if !annots.is_empty() {
                        let list = annots.iter().map(|id| Object::Reference(*id));
                        dict.set("Annots", Object::Array(list.collect()));
                    }
                    dict.set("Tabs", Object::Name(b"S".to_vec()));
                    if let Some(k) = key {
                        dict.set("StructParents", Object::Integer(k as i64));
                    }
                    let bytes = written(&page, &setup, refs, annots.iter().copied(), key);
                    assert_eq!(
                        String::from_utf8_lossy(&bytes),
                        String::from_utf8_lossy(&pack::bytes(&Object::Dictionary(dict)))
                    );
                }
            }
        }
    }
}
