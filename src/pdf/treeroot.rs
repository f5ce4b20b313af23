//! The structure tree's root, written straight to bytes: its parent tree has an entry for
//! every marked-content sequence of the book (a quarter of a million in a thousand-article
//! anthology), and held as lopdf objects they took more memory than the elements' bytes.

use lopdf::{Dictionary, ObjectId};

use super::pack;
use super::tags::PageTags;

/// The `StructTreeRoot` dictionary as [`pack`] writes a dictionary: its one kid, the parent
/// tree (each page's marked-content sequences by their `element`, then the annotations'
/// elements `annot_keys`, keyed after the pages), the next key, and the role map when it
/// maps anything.
pub(super) fn write(
    kid: ObjectId,
    pages: &[PageTags],
    element: impl Fn(u32) -> Option<ObjectId>,
    annot_keys: &[ObjectId],
    role_map: &Dictionary,
) -> Vec<u8> {
    let sequences: usize = pages.iter().map(|t| t.mcids.len()).sum();
    let mut out = Vec::with_capacity(128 + sequences * 10 + annot_keys.len() * 16);
    out.extend_from_slice(b"<</Type /StructTreeRoot/K ");
    pack::reference(&mut out, kid);
    out.extend_from_slice(b"/ParentTree <</Nums [");
    let mut first = true;
    let mut next = |out: &mut Vec<u8>| {
        if !first {
            out.push(b' ');
        }
        first = false;
    };
    for (page, t) in pages.iter().enumerate() {
        if t.mcids.is_empty() {
            continue;
        }
        next(&mut out);
        pack::integer(&mut out, page as i64);
        next(&mut out);
        out.push(b'[');
        for (k, &e) in t.mcids.iter().enumerate() {
            if k > 0 {
                out.push(b' ');
            }
            match element(e) {
                Some(id) => pack::reference(&mut out, id),
                None => out.extend_from_slice(b"null"),
            }
        }
        out.push(b']');
    }
    for (k, id) in annot_keys.iter().enumerate() {
        next(&mut out);
        pack::integer(&mut out, (pages.len() + k) as i64);
        next(&mut out);
        pack::reference(&mut out, *id);
    }
    out.extend_from_slice(b"]>>/ParentTreeNextKey ");
    pack::integer(&mut out, (pages.len() + annot_keys.len()) as i64);
    if !role_map.is_empty() {
        out.extend_from_slice(b"/RoleMap ");
        pack::dictionary(&mut out, role_map, None);
    }
    out.extend_from_slice(b">>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::Object;

    /// The root as a dictionary, as it was made before it was written straight to bytes.
    fn dictionary(
        kid: ObjectId,
        pages: &[PageTags],
        element: impl Fn(u32) -> Option<ObjectId>,
        annot_keys: &[ObjectId],
        role_map: &Dictionary,
    ) -> Object {
        let mut nums = Vec::new();
        for (page, t) in pages.iter().enumerate() {
            if t.mcids.is_empty() {
                continue;
            }
            let refs = t.mcids.iter().map(|&e| element(e));
            nums.push(Object::Integer(page as i64));
            nums.push(Object::Array(
                refs.map(|id| id.map_or(Object::Null, Object::Reference))
                    .collect(),
            ));
        }
        for (k, id) in annot_keys.iter().enumerate() {
            nums.push(Object::Integer((pages.len() + k) as i64));
            nums.push(Object::Reference(*id));
        }
        let parent_tree = Dictionary::from_iter(vec![("Nums", Object::Array(nums))]);
        let next_key = (pages.len() + annot_keys.len()) as i64;
        let mut root = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"StructTreeRoot".to_vec())),
            ("K", Object::Reference(kid)),
            ("ParentTree", Object::Dictionary(parent_tree)),
            ("ParentTreeNextKey", Object::Integer(next_key)),
        ]);
        if !role_map.is_empty() {
            root.set("RoleMap", Object::Dictionary(role_map.clone()));
        }
        Object::Dictionary(root)
    }

    #[test]
    fn the_root_written_straight_is_its_dictionary_written() {
        let page = |mcids: &[u32]| PageTags {
            mcids: mcids.to_vec(),
            annots: Vec::new(),
        };
        let pages = [page(&[1, 2, 2, 7]), page(&[]), page(&[3]), page(&[9, 1])];
        // Element 7 was pruned: its sequence has no element.
        let element = |e: u32| (e != 7).then_some((100 + e, 0));
        let mut roles = Dictionary::new();
        roles.set("Kicker", Object::Name(b"P".to_vec()));
        for annot_keys in [vec![], vec![(50, 0), (51, 0)]] {
            for role_map in [Dictionary::new(), roles.clone()] {
                let written = write((5, 0), &pages, element, &annot_keys, &role_map);
                let made = dictionary((5, 0), &pages, element, &annot_keys, &role_map);
                assert_eq!(
                    String::from_utf8_lossy(&written),
                    String::from_utf8_lossy(&pack::bytes(&made))
                );
            }
        }
        let none = write((5, 0), &[page(&[])], element, &[], &Dictionary::new());
        let made = dictionary((5, 0), &[page(&[])], element, &[], &Dictionary::new());
        assert_eq!(none, pack::bytes(&made), "an empty parent tree");
    }
}
