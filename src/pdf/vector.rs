//! SVGs in the PDF: the Form XObject the assets pass made of each SVG ([`crate::assets::Vector`])
//! is read back and copied into the book's file with every object it refers to, renumbered,
//! so the page draws it as it draws an image, with `Do`.

use std::collections::BTreeMap;

use lopdf::{Document, Object, ObjectId};

use crate::assets::Vector;

/// An SVG's form, read and ready to copy into a document.
#[derive(Debug, Clone)]
pub struct Form {
    source: Document,
    root: ObjectId,
}

impl Form {
    /// Reads the form out of `v`.
    pub fn read(v: &Vector) -> Result<Form, String> {
        let bad = |why: &str| format!("the SVG's drawing cannot be placed: {why}");
        let source = Document::load_mem(&v.pdf).map_err(|e| bad(&e.to_string()))?;
        let root = (source.catalog().ok())
            .and_then(|c| c.get(b"Folio").ok())
            .and_then(|r| r.as_reference().ok())
            .ok_or_else(|| bad("its form is missing"))?;
        Ok(Form { source, root })
    }

    /// Copies the form and everything it refers to into `doc`: the form's new id.
    pub fn add_to(self, doc: &mut Document) -> ObjectId {
        let mut ids = BTreeMap::new();
        copy(&self.source, self.root, doc, &mut ids)
    }
}

/// Copies object `id` of `source` into `doc` (once; `ids` maps the copied), with its
/// references renumbered: its id in `doc`.
fn copy(
    source: &Document,
    id: ObjectId,
    doc: &mut Document,
    ids: &mut BTreeMap<ObjectId, ObjectId>,
) -> ObjectId {
    if let Some(&new) = ids.get(&id) {
        return new;
    }
    let new = doc.new_object_id();
    ids.insert(id, new);
    let object = match source.get_object(id) {
        Ok(o) => renumber(source, o.clone(), doc, ids),
        Err(_) => Object::Null,
    };
    doc.objects.insert(new, object);
    new
}

/// `object` with each reference in it copied and renumbered.
fn renumber(
    source: &Document,
    object: Object,
    doc: &mut Document,
    ids: &mut BTreeMap<ObjectId, ObjectId>,
) -> Object {
    match object {
        Object::Reference(r) => Object::Reference(copy(source, r, doc, ids)),
        Object::Array(items) => Object::Array(
            (items.into_iter())
                .map(|o| renumber(source, o, doc, ids))
                .collect(),
        ),
        Object::Dictionary(d) => Object::Dictionary(dictionary(source, d, doc, ids)),
        Object::Stream(mut s) => {
            s.dict = dictionary(source, s.dict, doc, ids);
            Object::Stream(s)
        }
        other => other,
    }
}

fn dictionary(
    source: &Document,
    d: lopdf::Dictionary,
    doc: &mut Document,
    ids: &mut BTreeMap<ObjectId, ObjectId>,
) -> lopdf::Dictionary {
    (d.into_iter())
        .map(|(k, v)| (k, renumber(source, v, doc, ids)))
        .collect()
}
