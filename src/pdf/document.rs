//! Assembling the file: fonts and images as shared resources, every page's content
//! stream written and deflated in parallel, page objects with their boxes and links, then
//! the structure, and one save with the document id stamped in.

use std::borrow::Cow;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use rayon::prelude::*;

use super::content::{self, AnchorMap, Geometry, Link, Target};
use super::fonts::{FontTable, FontUse, SharedFonts};
use super::images::{ImageSet, ImageTable};
use super::pagedict;
use super::pagekey;
use super::stream::Streamed;
use super::structure::{self, rect, Finish};
use super::tags::{self, Annot, PageTags};
use super::xmp::Metadata;
use super::Setup;
use crate::diag::{Diagnostics, Error, Result, Span};
use crate::manifest::Collection;
use crate::typeset::frame::{FontData, Item, LabelRange, LinkTarget, OutlineEntry, Page};
use crate::typeset::structure::Structure;

/// What the file is made of.
pub struct Input<'a> {
    /// The collection (for paths and diagnostics).
    pub collection: &'a Collection,
    /// The preset's choices.
    pub setup: &'a Setup,
    /// The pages as printed. The items of a page given owned are freed as soon as its
    /// content is written: a book's frames are most of a build's memory.
    pub pages: Vec<Cow<'a, Page>>,
    /// Fonts the glyph runs refer to.
    pub fonts: &'a [FontData],
    /// The nested outline.
    pub outline: &'a [OutlineEntry],
    /// Page-label ranges.
    pub labels: &'a [LabelRange],
    /// Book metadata.
    pub meta: &'a Metadata,
    /// The structure tree the items' tags point into, when the file is to be tagged: one
    /// given owned is dropped once written, before the file is saved.
    pub structure: Option<Cow<'a, Structure>>,
    /// The book's PDF (not an offprint, not a cover): the build's progress is told of each
    /// page written, and a session remembers its pages for the next build.
    pub book: bool,
    /// Fonts prepared once for many files (a book's offprints), taken where they fit.
    pub shared_fonts: Option<&'a SharedFonts>,
    /// What the body's pages made, noted and written as the book was laid out (they are
    /// the first in the order pages are noted; see [`super::stream`]).
    pub streamed: Option<Streamed>,
}

/// Width of the border a screen PDF draws around links, in points.
const LINK_BORDER: f64 = 0.5;

/// The colour of that border: a clear blue.
const LINK_COLOR: [f64; 3] = [0.0, 0.3, 0.8];

/// A page's content stream (deflated), its links (their targets as the page gives them),
/// and the element of each of its marked-content ids. The links' annotation dictionaries
/// are made only as they are written: a book holds thousands of links, and a dictionary
/// held for each took more memory than the pages' content.
pub(super) type Written = (Vec<u8>, Vec<Link<LinkTarget>>, Vec<u32>);

/// The PDF's bytes.
pub fn write(input: Input, diags: &mut Diagnostics) -> Result<Vec<u8>> {
    let setup = input.setup;
    let mut pages = input.pages;
    let structure = input.structure;
    let tagged = structure.is_some();
    let order = written_order(input.labels, pages.len());
    let file = (
        input.collection,
        setup,
        input.fonts,
        input.shared_fonts,
        tagged,
    );
    let noted = note(file, &pages, &order, input.streamed, diags)?;
    let Noted {
        fonts,
        images,
        image_objects,
        written: mut done,
    } = noted;
    let geometry: Vec<Geometry> = pages
        .iter()
        .map(|p| Geometry::of(setup, p.height))
        .collect();
    // Found before the pages' frames are freed as they are written.
    let anchors = anchors(&pages);
    let cx = content::Context {
        setup,
        fonts: &fonts,
        images: &images,
        structure: structure.as_deref(),
    };
    let mut doc = Document::with_version(structure::PDF_VERSION);
    let pages_id = doc.new_object_id();
    let page_ids: Vec<ObjectId> = pages.iter().map(|_| doc.new_object_id()).collect();
    let remember =
        input.book && super::memo::pages_written_with(|| pagekey::context(setup, &fonts, tagged));
    let (written, ()) = rayon::join(
        || -> Vec<Written> {
            (pages.par_iter_mut().zip(done.par_iter_mut()).enumerate())
                .map(|(i, (p, done))| {
                    if let Some(w) = done.take() {
                        return w;
                    }
                    if input.book {
                        crate::progress::advance(1);
                    }
                    let w = written_page(&cx, (i, geometry[i]), &p.items, remember);
                    if let Cow::Owned(page) = p {
                        page.items = Vec::new();
                    }
                    w
                })
                .collect()
        },
        || fonts.deflate(),
    );
    let (written, missing) = resolve_links(written, &anchors, &geometry);
    report_missing(input.collection, &missing, diags);

    let objects = PageObjects {
        parent: pages_id,
        resources: resources(&mut doc, &fonts, image_objects),
        ids: &page_ids,
    };
    let (page_tags, unwritten, contents) =
        add_pages(&mut doc, &pages, setup, &objects, written, tagged);
    add_page_tree(&mut doc, pages_id, &page_ids);
    let sizes: Vec<(f64, f64, Geometry)> = pages
        .iter()
        .zip(&geometry)
        .map(|(p, g)| (p.width, p.height, *g))
        .collect();
    // A tagged file packs its objects: those written straight to bytes are held here.
    let mut packed = tagged.then(super::pack::Packed::default);
    structure::finish(
        &mut doc,
        &page_ids,
        &Finish {
            setup,
            pages: &sizes,
            outline: input.outline,
            labels: input.labels,
            meta: input.meta,
        },
        packed.as_mut(),
    )?;
    let written = structure
        .map(|tree| {
            let tagged_pages = (&page_ids[..], &page_tags[..]);
            let make: &tags::Annotation<'_> =
                &|l, out| annotation_entries(l, &page_ids, setup, out);
            let mut packed = tags::write(
                (&mut doc, packed.take().unwrap_or_default()),
                tree,
                tagged_pages,
                (unwritten, make),
                &input.meta.language,
            )?;
            place_pages(
                &mut packed,
                (&pages, &page_tags),
                setup,
                (&objects, &contents),
            );
            Ok(packed)
        })
        .transpose()?;
    structure::placeholder_id(&mut doc);
    let mut bytes = save(&mut doc, written)?;
    structure::stamp_document_id(&mut bytes)?;
    Ok(bytes)
}

/// What the pages are written with, and the content of those written as the book was
/// laid out.
struct Noted {
    fonts: FontTable,
    images: ImageTable,
    image_objects: Vec<(String, super::images::ImageObject)>,
    /// Each page's content, by page, if it is written already.
    written: Vec<Option<Written>>,
}

/// The file's (collection, setup, fonts, fonts shared with other files, whether it is
/// tagged).
type File<'a> = (
    &'a Collection,
    &'a Setup,
    &'a [FontData],
    Option<&'a SharedFonts>,
    bool,
);

/// The fonts and images of a file whose `pages` are noted in `order`, the first of them
/// noted and written as the book was laid out when it was (`streamed`).
fn note(
    (c, setup, data, shared, tagged): File,
    pages: &[Cow<Page>],
    order: &[usize],
    streamed: Option<Streamed>,
    diags: &mut Diagnostics,
) -> Result<Noted> {
    let (usage, mut images, done) = match streamed {
        Some(s) => {
            diags.extend(s.diags);
            (s.usage, s.images, s.written)
        }
        None => (FontUse::new(data, tagged), ImageSet::default(), Vec::new()),
    };
    let rest = order.get(done.len()..).unwrap_or_default();
    let lists: Vec<&[_]> = rest.iter().map(|&i| pages[i].items.as_slice()).collect();
    let usage = super::fonts::usage_after(usage, &lists)?;
    let fonts = FontTable::build(data, usage, setup.subset_fonts, shared)?;
    let items = lists.iter().flat_map(|l| l.iter().map(|(_, i)| i));
    images.add(placements(items), &c.assets, setup, diags);
    let (images, image_objects) = images.finish();
    let mut written: Vec<Option<Written>> = (0..pages.len()).map(|_| None).collect();
    for (&i, w) in order.iter().zip(done) {
        written[i] = Some(w);
    }
    Ok(Noted {
        fonts,
        images,
        image_objects,
        written,
    })
}

/// Every image placed among `items`: its file, printed width and height.
pub(super) fn placements<'a>(
    items: impl Iterator<Item = &'a Item>,
) -> impl Iterator<Item = (&'a std::path::Path, f64, f64)> {
    items.filter_map(|i| match i {
        Item::Image {
            path,
            width,
            height,
            ..
        } => Some((path.as_path(), *width, *height)),
        _ => None,
    })
}

/// The order the pages' glyphs and images are noted in: a book's body first, from its
/// first arabic page, then the front matter, set last (its contents need the body's
/// folios). A book's PDF can so be written as it is laid out, and gives the same bytes as
/// when its pages are all in hand.
fn written_order(labels: &[crate::typeset::frame::LabelRange], count: usize) -> Vec<usize> {
    use crate::typeset::frame::LabelStyle;
    let first = (labels.iter())
        .find(|l| l.style == LabelStyle::Arabic)
        .map_or(0, |l| l.start.min(count));
    (first..count).chain(0..first).collect()
}

/// What writing page `i` makes, taken from the session's memory when the page is one the
/// build before wrote (and `remember`: the session remembers this file's pages).
fn written_page(
    cx: &content::Context,
    (i, g): (usize, Geometry),
    items: &[(crate::typeset::frame::Point, Item)],
    remember: bool,
) -> Written {
    let key = remember.then(|| pagekey::page(cx, g, items));
    let taken = key.as_deref().and_then(|k| super::memo::written_page(i, k));
    if let Some(w) = taken {
        return w;
    }
    let w = write_page(cx, g, items);
    if let Some(key) = key {
        super::memo::remember_page(i, key, &w);
    }
    w
}

/// A page's content stream (deflated) and the rest of what writing it makes.
pub(super) fn write_page(
    cx: &content::Context,
    g: Geometry,
    items: &[(crate::typeset::frame::Point, Item)],
) -> Written {
    let c = content::page(cx, g, items);
    (super::deflate_page(&c.stream), c.links, c.mcids)
}

/// Every page's content with its links' targets found; and the anchors links lead to that
/// no page holds, in order (those links are left out).
fn resolve_links(
    written: Vec<Written>,
    anchors: &AnchorMap,
    pages: &[Geometry],
) -> (Vec<Resolved>, Vec<String>) {
    let mut missing = Vec::new();
    let resolved = (written.into_iter())
        .map(|(stream, links, mcids)| {
            let links = (links.into_iter())
                .filter_map(|l| {
                    let name = match &l.target {
                        LinkTarget::Anchor(name) => Some(name.clone()),
                        LinkTarget::Uri(_) => None,
                    };
                    let found = l.resolved(anchors, pages);
                    if let (None, Some(name)) = (&found, name) {
                        missing.push(name);
                    }
                    found
                })
                .collect();
            (stream, links, mcids)
        })
        .collect();
    (resolved, missing)
}

/// A page's content (deflated), its links with their targets found, and the element of
/// each of its marked-content ids.
type Resolved = (Vec<u8>, Vec<Link>, Vec<u32>);

/// The file's bytes: a tagged file's structure is tens of thousands of small objects
/// (`tagged`: its elements, written), which object streams deflate (with the pages' other
/// dictionaries) instead of writing each plain.
fn save(doc: &mut Document, tagged: Option<super::pack::Packed>) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if let Some(written) = tagged {
        return Ok(super::pack::save(doc, written));
    }
    let saved = doc.save_to(&mut bytes);
    saved.map_err(|source| Error::Pdf {
        action: "serialize",
        source: source.into(),
    })?;
    Ok(bytes)
}

/// One warning for each anchor that links point to but no page holds.
fn report_missing(c: &Collection, missing: &[String], diags: &mut Diagnostics) {
    let mut reported: Vec<&String> = Vec::new();
    for name in missing {
        if !reported.contains(&name) {
            diags.warning(
                Span::file(&c.manifest_path),
                format!("a link points to `{name}`, which is on no page"),
                "the link is left out of the PDF",
            );
            reported.push(name);
        }
    }
}

/// The objects a page refers to: its parent page tree, the shared resources, and every
/// page's id (for links between pages).
struct PageObjects<'a> {
    parent: ObjectId,
    resources: ObjectId,
    ids: &'a [ObjectId],
}

/// What a link annotation leading to `target` says it does.
fn describe(target: &Target, pages: &[Cow<Page>]) -> String {
    match target {
        Target::Uri(uri) => format!("Link to {uri}"),
        Target::Page(i, ..) => match pages.get(*i).map(|p| p.label.as_str()) {
            Some(label) if !label.is_empty() => format!("Go to page {label}"),
            _ => format!("Go to page {}", i + 1),
        },
    }
}

/// Adds every page's content `written`, and its page dictionary and link annotations:
/// written into `doc`, or when the file is `tagged` given back (in page order) to be
/// finished and written with the structure. Gives what each page brings to the structure
/// tree, and each page's content stream.
fn add_pages(
    doc: &mut Document,
    pages: &[Cow<Page>],
    setup: &Setup,
    objects: &PageObjects,
    written: Vec<Resolved>,
    tagged: bool,
) -> (Vec<PageTags>, Vec<Link>, Vec<ObjectId>) {
    let mut page_tags = Vec::with_capacity(pages.len());
    let mut unwritten = Vec::new();
    let mut contents = Vec::with_capacity(pages.len());
    for (i, (stream, links, mcids)) in written.into_iter().enumerate() {
        let page = (pages[i].as_ref(), tagged);
        let (content, annots) = add_page(doc, page, setup, objects, i, stream, links.len());
        contents.push(content);
        let mut tags = PageTags {
            mcids,
            annots: Vec::with_capacity(links.len()),
        };
        for (id, l) in annots.into_iter().zip(links) {
            tags.annots.push(Annot {
                id,
                parent: l.parent,
                contents: describe(&l.target, pages),
            });
            if tagged {
                unwritten.push(l);
            } else {
                let dict = annotation(&l, objects.ids, setup);
                doc.objects.insert(id, Object::Dictionary(dict));
            }
        }
        page_tags.push(tags);
    }
    (page_tags, unwritten, contents)
}

/// A tagged file's page dictionaries, each with its annotations and its key in the parent
/// tree, written into `packed` in their place among the objects.
fn place_pages(
    packed: &mut super::pack::Packed,
    (pages, page_tags): (&[Cow<Page>], &[PageTags]),
    setup: &Setup,
    (objects, contents): (&PageObjects, &[ObjectId]),
) {
    for (i, (page, t)) in pages.iter().zip(page_tags).enumerate() {
        let refs = pagedict::Refs {
            parent: objects.parent,
            resources: objects.resources,
            contents: contents[i],
        };
        let annots = t.annots.iter().map(|a| a.id);
        let key = (!t.mcids.is_empty()).then_some(i);
        let bytes = pagedict::written(page, setup, refs, annots, key);
        packed.in_place(objects.ids[i].0, bytes);
    }
}

/// Adds page `i`: its content stream and, unless the file is `tagged` (its pages are written
/// with the structure), its page dictionary, with objects for its `links` link annotations
/// (for the caller to write); gives the content's object and the annotations'.
fn add_page(
    doc: &mut Document,
    (page, tagged): (&Page, bool),
    setup: &Setup,
    objects: &PageObjects,
    i: usize,
    stream: Vec<u8>,
    links: usize,
) -> (ObjectId, Vec<ObjectId>) {
    let mut contents = Stream::new(
        Dictionary::from_iter(vec![("Filter", Object::Name(b"FlateDecode".to_vec()))]),
        stream,
    );
    contents.allows_compression = false;
    let contents_id = doc.add_object(contents);
    let annots: Vec<ObjectId> = (0..links).map(|_| doc.new_object_id()).collect();
    if tagged {
        return (contents_id, annots);
    }
    let refs = pagedict::Refs {
        parent: objects.parent,
        resources: objects.resources,
        contents: contents_id,
    };
    let mut dict = pagedict::dictionary(page, setup, refs);
    if !annots.is_empty() {
        let refs = annots.iter().map(|id| Object::Reference(*id));
        dict.set("Annots", Object::Array(refs.collect()));
    }
    doc.objects.insert(objects.ids[i], Object::Dictionary(dict));
    (contents_id, annots)
}

/// The page tree over `page_ids` and the catalog that names it.
fn add_page_tree(doc: &mut Document, pages_id: ObjectId, page_ids: &[ObjectId]) {
    doc.objects.insert(
        pages_id,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Pages".to_vec())),
            (
                "Kids",
                Object::Array(page_ids.iter().map(|id| Object::Reference(*id)).collect()),
            ),
            ("Count", Object::Integer(page_ids.len() as i64)),
        ])),
    );
    let catalog = doc.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Catalog".to_vec())),
        ("Pages", Object::Reference(pages_id)),
    ]));
    doc.trailer.set("Root", Object::Reference(catalog));
}

/// The resources every page shares: fonts and images.
fn resources(
    doc: &mut Document,
    fonts: &FontTable,
    images: Vec<(String, super::images::ImageObject)>,
) -> ObjectId {
    let font_dict = fonts.write(doc);
    let mut xobjects = Dictionary::new();
    for (name, object) in images {
        let id = object.add_to(doc);
        xobjects.set(name.as_bytes(), Object::Reference(id));
    }
    let mut res = Dictionary::new();
    if !font_dict.is_empty() {
        res.set("Font", Object::Dictionary(font_dict));
    }
    if !xobjects.is_empty() {
        res.set("XObject", Object::Dictionary(xobjects));
    }
    doc.add_object(res)
}

/// A link annotation: a URI action, or a destination on a page of this file.
fn annotation(link: &Link, page_ids: &[ObjectId], setup: &Setup) -> Dictionary {
    let [x0, y0, x1, y1] = link.rect;
    let mut d = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Annot".to_vec())),
        ("Subtype", Object::Name(b"Link".to_vec())),
        ("Rect", rect(x0, y0, x1, y1)),
    ]);
    match &link.target {
        Target::Uri(uri) => d.set(
            "A",
            Object::Dictionary(Dictionary::from_iter(vec![
                ("S", Object::Name(b"URI".to_vec())),
                (
                    "URI",
                    Object::String(ascii_uri(uri).into_bytes(), StringFormat::Literal),
                ),
            ])),
        ),
        Target::Page(page, x, y) => d.set(
            "A",
            Object::Dictionary(Dictionary::from_iter(vec![
                ("S", Object::Name(b"GoTo".to_vec())),
                (
                    "D",
                    Object::Array(vec![
                        Object::Reference(page_ids[*page]),
                        Object::Name(b"XYZ".to_vec()),
                        Object::Real(*x as f32),
                        Object::Real(*y as f32),
                        Object::Null,
                    ]),
                ),
            ])),
        ),
    }
    if setup.visible_links {
        let border = [0.0, 0.0, LINK_BORDER].map(|v| Object::Real(v as f32));
        d.set("Border", Object::Array(border.to_vec()));
        let colour = LINK_COLOR.map(|v| Object::Real(v as f32));
        d.set("C", Object::Array(colour.to_vec()));
    } else {
        d.set("Border", Object::Array(vec![Object::Integer(0); 3]));
    }
    d
}

/// The entries of [`annotation`]'s dictionary written into `out` as [`super::pack`] writes
/// them: a tagged book's thousands of annotations go straight to bytes, the keys tagging
/// adds after them, without a dictionary made for each.
fn annotation_entries(link: &Link, page_ids: &[ObjectId], setup: &Setup, out: &mut Vec<u8>) {
    use super::pack;
    let [x0, y0, x1, y1] = link.rect;
    out.extend_from_slice(b"/Type /Annot/Subtype /Link/Rect ");
    structure::write_rect(out, [x0, y0, x1, y1]);
    match &link.target {
        Target::Uri(uri) => {
            out.extend_from_slice(b"/A <</S /URI/URI ");
            pack::literal(out, ascii_uri(uri).as_bytes());
        }
        Target::Page(page, x, y) => {
            out.extend_from_slice(b"/A <</S /GoTo/D [");
            pack::reference(out, page_ids[*page]);
            out.extend_from_slice(b" /XYZ ");
            pack::real(out, *x as f32);
            out.push(b' ');
            pack::real(out, *y as f32);
            out.extend_from_slice(b" null]");
        }
    }
    out.extend_from_slice(b">>/Border ");
    if setup.visible_links {
        pack::reals(out, [0.0, 0.0, LINK_BORDER].map(|v| v as f32));
        out.extend_from_slice(b"/C ");
        pack::reals(out, LINK_COLOR.map(|v| v as f32));
    } else {
        out.extend_from_slice(b"[0 0 0]");
    }
}

/// Bytes a URI action cannot hold as they are: controls and space (non-ASCII bytes are
/// always escaped).
const NOT_IN_URI: &AsciiSet = &CONTROLS.add(b' ');

/// A URI as the 7-bit ASCII a URI action holds. Web addresses arrive serialized by the link
/// pass and pass unchanged, so the PDF links to exactly what the EPUB does; anything else
/// has its other bytes percent-encoded.
fn ascii_uri(uri: &str) -> String {
    utf8_percent_encode(uri, NOT_IN_URI).to_string()
}

/// Every anchor's page and position (the first, when a name repeats).
fn anchors(pages: &[Cow<Page>]) -> AnchorMap {
    let mut map = AnchorMap::new();
    for (i, page) in pages.iter().enumerate() {
        for (p, item) in &page.items {
            if let Item::Anchor(name) = item {
                map.entry(name.clone()).or_insert((i, *p));
            }
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_written_straight_are_their_dictionaries_written() {
        let ids: Vec<ObjectId> = (0..3).map(|k| (10 + k, 0)).collect();
        let links = [
            Target::Uri("https://example.org/a (b) é\\c".into()),
            Target::Page(2, 72.125, 640.333_333),
            Target::Page(0, 0.0, -0.5),
        ];
        let layout = crate::manifest::PrintSettings::default();
        for visible in [false, true] {
            let mut setup = crate::pdf::Setup::for_print(&layout);
            setup.visible_links = visible;
            for target in &links {
                let link = Link {
                    rect: [10.0, 20.123_4, 110.5, 32.0],
                    target: target.clone(),
                    parent: None,
                };
                let dict = annotation(&link, &ids, &setup);
                let mut out = b"<<".to_vec();
                annotation_entries(&link, &ids, &setup, &mut out);
                out.extend_from_slice(b">>");
                let expected = super::super::pack::bytes(&Object::Dictionary(dict));
                assert_eq!(
                    String::from_utf8_lossy(&out),
                    String::from_utf8_lossy(&expected)
                );
            }
        }
    }

    #[test]
    fn uris_are_ascii() {
        assert_eq!(
            ascii_uri("https://example.org/é d"),
            "https://example.org/%C3%A9%20d"
        );
        assert_eq!(ascii_uri("https://a.b/c?d=1&e"), "https://a.b/c?d=1&e");
    }
}
