//! The tagged PDF's logical structure (ISO 32000-1, 14.7–14.8; PDF/UA-1): the structure
//! tree the typesetter built from the model, written as structure elements that hold the
//! marked-content sequences the pages' content streams opened for them (by page and
//! marked-content id), a Link element holding each link annotation, the parent tree that
//! leads from content back to its element, the role map of our own types, and the
//! document-level entries a tagged file carries (`MarkInfo`; the pages' `StructParents` and
//! `Tabs` are written with the pages, by [`super::pagedict`]).

use std::borrow::Cow;
use std::collections::BTreeMap;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::content::Link;
use super::pack::{self, Packed};
use super::structure::text;
use crate::diag::{Error, Result};
use crate::typeset::structure::{Role, Structure};

/// Writes the entries of a link's annotation dictionary (without the keys tagging adds, and
/// without `<<` and `>>`).
pub type Annotation<'a> = dyn Fn(&Link, &mut Vec<u8>) + Sync + 'a;

/// What one page contributes to the tree.
#[derive(Debug, Default)]
pub struct PageTags {
    /// The element of each marked-content id of the page, by id.
    pub mcids: Vec<u32>,
    /// The page's link annotations, in order.
    pub annots: Vec<Annot>,
}

/// A link annotation written on a page.
#[derive(Debug)]
pub struct Annot {
    /// Its object.
    pub id: ObjectId,
    /// The element whose text is the link's.
    pub parent: Option<u32>,
    /// Its description (`/Contents`): where it leads.
    pub contents: String,
}

/// A Link element: the annotations of one link (a link broken over lines has several).
struct LinkElement<'a> {
    id: ObjectId,
    /// Where it leads, its alternative text.
    alt: &'a str,
    /// (page, annotation) of each.
    annots: Vec<(usize, ObjectId)>,
}

/// The element an annotation's parent-tree key leads to.
#[derive(Debug, Clone, Copy)]
enum Holder {
    /// An element of the tree (a Link element holding the link's text).
    Element(usize),
    /// A Link element written for the annotation alone.
    Object(ObjectId),
}

/// The items of an array being written, separated by spaces.
struct Kids<'a> {
    out: &'a mut Vec<u8>,
    started: bool,
}

impl Kids<'_> {
    /// Where the next item goes, after a space when it is not the first.
    fn next(&mut self) -> &mut Vec<u8> {
        if self.started {
            self.out.push(b' ');
        }
        self.started = true;
        self.out
    }
}

/// The (page, marked-content id) of each element's content, in page order: every
/// element's in one list, in element order (a book has a quarter of a million sequences,
/// and most elements none or one).
struct Mcrs {
    /// Where each element's run of `refs` starts, and after the last where it ends.
    start: Vec<u32>,
    refs: Vec<(u32, u32)>,
}

impl Mcrs {
    /// The content of the `n` elements of a tree on `pages`.
    fn new(n: usize, pages: &[PageTags]) -> Self {
        let elements = || {
            pages
                .iter()
                .flat_map(|t| t.mcids.iter().map(|&e| e as usize))
        };
        let mut start = vec![0u32; n + 1];
        for e in elements().filter(|&e| e < n) {
            start[e + 1] += 1;
        }
        for e in 0..n {
            start[e + 1] += start[e];
        }
        let mut at: Vec<u32> = start[..n].to_vec();
        let mut refs = vec![(0, 0); start[n] as usize];
        for (page, t) in pages.iter().enumerate() {
            for (mcid, &e) in t.mcids.iter().enumerate() {
                if let Some(next) = at.get_mut(e as usize) {
                    refs[*next as usize] = (page as u32, mcid as u32);
                    *next += 1;
                }
            }
        }
        Mcrs { start, refs }
    }

    /// Element `e`'s content.
    fn of(&self, e: usize) -> &[(u32, u32)] {
        &self.refs[self.start[e] as usize..self.start[e + 1] as usize]
    }
}

/// The tree as it is written.
struct Plan<'a> {
    structure: &'a Structure,
    /// Each element's content.
    mcrs: Mcrs,
    /// The first content of each element and its descendants, in page order.
    first: Vec<Option<(u32, u32)>>,
    /// The link annotations each Link element of the tree that holds any holds, as (page,
    /// annotation).
    objrs: BTreeMap<usize, Vec<(usize, ObjectId)>>,
    /// The Link elements each element that holds any holds.
    links: BTreeMap<usize, Vec<LinkElement<'a>>>,
    /// Each element's object, when it holds anything (empty elements are left out).
    ids: Vec<Option<ObjectId>>,
    /// Page objects.
    pages: &'a [ObjectId],
}

/// Writes the structure tree `tree` for pages `page_ids` with what each holds, and marks
/// the document as tagged; `lang` is the catalog's language. The elements are given back
/// written, added to the objects written already (`packed`), for the object streams: a
/// book's hundred thousand of them held as dictionaries took more memory than its pages.
/// A tree given owned is dropped once its elements are written, before the parent tree and
/// the annotations are.
pub fn write(
    (doc, mut packed): (&mut Document, Packed),
    tree: Cow<'_, Structure>,
    (page_ids, pages): (&[ObjectId], &[PageTags]),
    annots: (Vec<Link>, &Annotation<'_>),
    lang: &str,
) -> Result<Packed> {
    if tree.is_empty() || page_ids.len() != pages.len() {
        return Err(Error::Internal("a structure tree without its pages".into()));
    }
    if annots.0.len() != pages.iter().map(|t| t.annots.len()).sum::<usize>() {
        return Err(Error::Internal(
            "link annotations without their links".into(),
        ));
    }
    let (pruned_tree, pruned_pages) = pruned(&tree, pages).unzip();
    let pages = pruned_pages.as_deref().unwrap_or(pages);
    let structure = pruned_tree.as_ref().unwrap_or(&tree);
    let written = elements((doc, &mut packed), structure, (page_ids, pages), lang)?;
    drop(pruned_tree);
    drop(tree);
    let Elements {
        root,
        ids,
        annot_keys,
        role_map,
    } = written;
    let kid = ids[0].expect("the root is kept");
    let element = |e: u32| ids.get(e as usize).copied().flatten();
    let root_bytes = super::treeroot::write(kid, pages, element, &annot_keys, &role_map);
    packed.in_place(root.0, root_bytes);
    annotations(&mut packed, pages, annots);
    let catalog = doc.catalog_mut().map_err(|source| Error::Pdf {
        action: "find the catalog of",
        source,
    })?;
    catalog.set("StructTreeRoot", Object::Reference(root));
    catalog.set(
        "MarkInfo",
        Dictionary::from_iter(vec![("Marked", Object::Boolean(true))]),
    );
    Ok(packed)
}

/// What writing the elements gives the rest of the tree.
struct Elements {
    /// The structure tree root's object.
    root: ObjectId,
    /// Each element's object, when it is kept.
    ids: Vec<Option<ObjectId>>,
    /// The element each link annotation's parent-tree key leads to, in order.
    annot_keys: Vec<ObjectId>,
    /// Our own structure types, each to the standard type it stands for.
    role_map: Dictionary,
}

/// Writes the elements of `structure` that `pages` hold (and those above them) and the
/// Link elements holding the pages' annotations into `packed`; what they need is dropped
/// on return (a book's takes a tenth of its file's memory).
fn elements(
    (doc, packed): (&mut Document, &mut Packed),
    structure: &Structure,
    (page_ids, pages): (&[ObjectId], &[PageTags]),
    lang: &str,
) -> Result<Elements> {
    let n = structure.elements.len();
    let mut plan = Plan {
        structure,
        mcrs: Mcrs::new(n, pages),
        first: vec![None; n],
        objrs: BTreeMap::new(),
        links: BTreeMap::new(),
        ids: vec![None; n],
        pages: page_ids,
    };
    let holders = plan.link_elements(doc, pages);
    plan.allocate(doc);
    let annot_keys: Vec<ObjectId> = (holders.iter())
        .filter_map(|h| match *h {
            Holder::Element(e) => plan.ids[e],
            Holder::Object(id) => Some(id),
        })
        .collect();
    if annot_keys.len() != holders.len() {
        return Err(Error::Internal(
            "a link annotation without its element".into(),
        ));
    }
    let root = doc.new_object_id();
    let effective = effective_langs(structure);
    // Tens of thousands of elements: written on every thread, kept in order.
    let kept: Vec<(usize, ObjectId)> = (plan.ids.iter().enumerate())
        .filter_map(|(e, id)| id.map(|id| (e, id)))
        .collect();
    packed.seal(&kept, |chunk, &(e, id)| {
        chunk.push(id.0, |out| plan.element(out, e, root, &effective, lang));
    });
    plan.write_links(packed);
    let role_map = plan.role_map();
    Ok(Elements {
        root,
        ids: plan.ids,
        annot_keys,
        role_map,
    })
}

/// The part of `structure` that `pages` hold (their elements and the elements above them),
/// renumbered in the same order, with the pages' element numbers moved to match; `None`
/// when that is most of the tree. An offprint's few pages of the book are so written
/// without going over the book's whole tree.
fn pruned(structure: &Structure, pages: &[PageTags]) -> Option<(Structure, Vec<PageTags>)> {
    let n = structure.elements.len();
    let mut seen = vec![false; n];
    let mut used = Vec::new();
    let mut keep = |mut e: u32| {
        while let Some(el) = structure.elements.get(e as usize) {
            if std::mem::replace(&mut seen[e as usize], true) {
                break;
            }
            used.push(e);
            match el.parent {
                Some(p) => e = p,
                None => break,
            }
        }
    };
    keep(0);
    for t in pages {
        t.mcids.iter().for_each(|&e| keep(e));
        t.annots.iter().filter_map(|a| a.parent).for_each(&mut keep);
    }
    if used.len() * 2 > n {
        return None;
    }
    used.sort_unstable();
    let mut slot = vec![u32::MAX; n];
    for (i, &e) in used.iter().enumerate() {
        slot[e as usize] = i as u32;
    }
    let new = |e: u32| slot.get(e as usize).copied().unwrap_or(u32::MAX);
    let elements = (used.iter().map(|&e| &structure.elements[e as usize]))
        .map(|el| {
            let mut kept = el.clone();
            kept.parent = el.parent.map(new);
            kept.kids = (el.kids.iter().map(|&k| new(k)))
                .filter(|&k| k != u32::MAX)
                .collect();
            kept
        })
        .collect();
    let pages = (pages.iter())
        .map(|t| PageTags {
            mcids: t.mcids.iter().map(|&e| new(e)).collect(),
            annots: (t.annots.iter())
                .map(|a| Annot {
                    id: a.id,
                    parent: a.parent.map(new),
                    contents: a.contents.clone(),
                })
                .collect(),
        })
        .collect();
    Some((Structure { elements }, pages))
}

impl<'a> Plan<'a> {
    /// Each link annotation in the Link element of the tree that holds the link's text;
    /// else a Link element of its own in the element whose text is the link's (the root's
    /// when none is known), where a link whose annotations follow one another with the same
    /// destination from the same element is one element. Gives the element each
    /// annotation's parent-tree key leads to, in order.
    fn link_elements(&mut self, doc: &mut Document, pages: &'a [PageTags]) -> Vec<Holder> {
        let mut keys = Vec::new();
        let mut last: Option<(usize, &str)> = None;
        for (page, t) in pages.iter().enumerate() {
            for a in &t.annots {
                let parent = (a.parent)
                    .map(|p| p as usize)
                    .filter(|&p| p < self.structure.elements.len())
                    .unwrap_or(0);
                if self.structure.elements[parent].role == Role::Link {
                    self.objrs.entry(parent).or_default().push((page, a.id));
                    keys.push(Holder::Element(parent));
                    last = None;
                    continue;
                }
                let same = last == Some((parent, a.contents.as_str()));
                let links = self.links.entry(parent).or_default();
                match links.last_mut() {
                    Some(l) if same => l.annots.push((page, a.id)),
                    _ => links.push(LinkElement {
                        id: doc.new_object_id(),
                        alt: &a.contents,
                        annots: vec![(page, a.id)],
                    }),
                }
                let link = links.last().expect("just pushed");
                keys.push(Holder::Object(link.id));
                last = Some((parent, a.contents.as_str()));
            }
        }
        keys
    }

    /// Gives an object to every element that holds content, a link or such an element
    /// (children come after their parents in the table, so one pass from the end finds
    /// them), and always to the root.
    /// Also finds each element's first content ([`Plan::first`]).
    fn allocate(&mut self, doc: &mut Document) {
        let n = self.structure.elements.len();
        let mut live = vec![false; n];
        for e in (0..n).rev() {
            let kids = &self.structure.elements[e].kids;
            live[e] = e == 0
                || !self.mcrs.of(e).is_empty()
                || self.links.contains_key(&e)
                || self.objrs.contains_key(&e)
                || kids.iter().any(|&k| live[k as usize]);
            let own = self.mcrs.of(e).first().copied();
            let of_kids = kids.iter().filter_map(|&k| self.first[k as usize]).min();
            self.first[e] = own.into_iter().chain(of_kids).min();
        }
        for (e, keep) in live.into_iter().enumerate() {
            if keep {
                self.ids[e] = Some(doc.new_object_id());
            }
        }
    }

    /// The dictionary of element `e`, written into `out`: its type, parent, content
    /// (marked-content ids on its first page as numbers, others as references with their
    /// page), kept children and Link elements, and its alternative text, language and
    /// header scope. Written straight to bytes, as [`pack`] would write the dictionary:
    /// a book has tens of thousands of elements.
    fn element(
        &self,
        out: &mut Vec<u8>,
        e: usize,
        root: ObjectId,
        langs: &[Option<&str>],
        lang: &str,
    ) {
        let el = &self.structure.elements[e];
        let parent = el.parent.and_then(|p| self.ids[p as usize]).unwrap_or(root);
        out.extend_from_slice(b"<</Type /StructElem/S ");
        pack::name(out, el.role.name().as_bytes());
        out.extend_from_slice(b"/P ");
        pack::reference(out, parent);
        let first_page = self.mcrs.of(e).first().map(|&(page, _)| page);
        if let Some(first) = first_page {
            out.extend_from_slice(b"/Pg ");
            pack::reference(out, self.pages[first as usize]);
        }
        out.extend_from_slice(b"/K [");
        let mut kid = Kids {
            out,
            started: false,
        };
        // Kids stand among the element's own content where their content starts.
        let mut kids = (el.kids.iter())
            .filter_map(|&c| Some((self.first[c as usize], self.ids[c as usize]?)))
            .peekable();
        for &(page, mcid) in self.mcrs.of(e) {
            while let Some((_, id)) = kids.next_if(|(f, _)| f.is_none_or(|f| f < (page, mcid))) {
                pack::reference(kid.next(), id);
            }
            let out = kid.next();
            if Some(page) == first_page {
                pack::integer(out, mcid as i64);
            } else {
                out.extend_from_slice(b"<</Type /MCR/Pg ");
                pack::reference(out, self.pages[page as usize]);
                out.extend_from_slice(b"/MCID ");
                pack::integer(out, mcid as i64);
                out.extend_from_slice(b">>");
            }
        }
        for (_, id) in kids {
            pack::reference(kid.next(), id);
        }
        for &(page, annot) in self.objrs.get(&e).into_iter().flatten() {
            self.objr(kid.next(), page, annot);
        }
        for l in self.links.get(&e).into_iter().flatten() {
            pack::reference(kid.next(), l.id);
        }
        out.push(b']');
        if let Some(alt) = el.alt() {
            out.extend_from_slice(b"/Alt ");
            pack::value(out, &text(alt));
        }
        let inherited = el.parent.map_or(Some(lang), |p| langs[p as usize]);
        if let Some(l) = el.lang().filter(|l| Some(*l) != inherited) {
            out.extend_from_slice(b"/Lang ");
            pack::value(out, &text(l));
        }
        if el.role == Role::Note {
            // A note's id, which references to it may name.
            out.extend_from_slice(b"/ID ");
            pack::value(out, &Object::string_literal(format!("note-{e}")));
        }
        if el.role == Role::TH {
            out.extend_from_slice(b"/A <</O /Table/Scope /Column>>");
        }
        out.extend_from_slice(b">>");
    }

    /// The Link elements, each holding its annotations by object reference (written as
    /// [`pack`] would write their dictionaries), packed into object streams as they are.
    fn write_links(&self, packed: &mut Packed) {
        let items: Vec<(ObjectId, &LinkElement)> = (self.links.iter())
            .filter_map(|(&e, links)| Some((self.ids[e]?, links)))
            .flat_map(|(parent, links)| links.iter().map(move |l| (parent, l)))
            .collect();
        packed.seal(&items, |chunk, &(parent, l)| {
            chunk.push(l.id.0, |out| self.link_element(out, parent, l));
        });
    }

    /// A Link element under `parent`.
    fn link_element(&self, out: &mut Vec<u8>, parent: ObjectId, l: &LinkElement) {
        out.extend_from_slice(b"<</Type /StructElem/S /Link/P ");
        pack::reference(out, parent);
        out.extend_from_slice(b"/Pg ");
        pack::reference(out, self.pages[l.annots[0].0]);
        out.extend_from_slice(b"/K [");
        let mut kid = Kids {
            out: &mut *out,
            started: false,
        };
        for &(page, annot) in &l.annots {
            self.objr(kid.next(), page, annot);
        }
        out.extend_from_slice(b"]/Alt ");
        pack::value(out, &text(l.alt));
        out.extend_from_slice(b">>");
    }

    /// An object reference to annotation `annot` on page `page`, written into `out`.
    fn objr(&self, out: &mut Vec<u8>, page: usize, annot: ObjectId) {
        out.extend_from_slice(b"<</Type /OBJR/Pg ");
        pack::reference(out, self.pages[page]);
        out.extend_from_slice(b"/Obj ");
        pack::reference(out, annot);
        out.extend_from_slice(b">>");
    }

    /// Our own structure types, each to the standard type it stands for.
    fn role_map(&self) -> Dictionary {
        let mut map = Dictionary::new();
        for (e, el) in self.structure.elements.iter().enumerate() {
            if let (Some(_), Some(std)) = (self.ids[e], el.role.standard()) {
                map.set(el.role.name(), Object::Name(std.as_bytes().to_vec()));
            }
        }
        map
    }
}

/// Each element's language: its own, else its parent's.
fn effective_langs(structure: &Structure) -> Vec<Option<&str>> {
    let mut out: Vec<Option<&str>> = Vec::with_capacity(structure.elements.len());
    for el in &structure.elements {
        let inherited = el.parent.and_then(|p| out[p as usize]);
        out.push(el.lang().or(inherited));
    }
    out
}

/// Writes the link annotations of `pages` into `packed`, each made from its link in `links`
/// (in the same order) with its parent-tree key (after the pages'), its description and its
/// flags added; packed into object streams as they are written (a book has tens of
/// thousands).
fn annotations(
    packed: &mut Packed,
    pages: &[PageTags],
    (links, entries): (Vec<Link>, &Annotation<'_>),
) {
    let first = pages.len() as i64;
    let annots = pages.iter().flat_map(|t| &t.annots);
    let items: Vec<(i64, &Link, &Annot)> = (links.iter().zip(annots).enumerate())
        .map(|(k, (l, a))| (first + k as i64, l, a))
        .collect();
    packed.seal(&items, |chunk, &(key, l, a)| {
        chunk.push(a.id.0, |out| {
            out.extend_from_slice(b"<<");
            entries(l, out);
            out.extend_from_slice(b"/StructParent ");
            pack::integer(out, key);
            out.extend_from_slice(b"/Contents ");
            pack::value(out, &text(&a.contents));
            // Printed, as it is shown: readers get every annotation (PDF/UA-1 7.18.1).
            out.extend_from_slice(b"/F ");
            pack::integer(out, ANNOT_PRINT);
            out.extend_from_slice(b">>");
        });
    });
}

/// The annotation flag Print (bit 3).
const ANNOT_PRINT: i64 = 4;
