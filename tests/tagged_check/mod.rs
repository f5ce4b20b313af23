//! Our own check of the Matterhorn Protocol (PDF/UA-1) checkpoints a machine can decide for
//! what Folio writes, read with lopdf: every painting operator inside an element's marked
//! content or an artifact (01-001 … 01-004), every marked-content id reachable from the
//! parent tree to an element that holds it, standard or role-mapped structure types
//! (02-001), figures and formulas with alternative text (13-004, 17-002), the document's
//! language (11-006), title shown (07-002), XMP title and PDF/UA identification (06-002,
//! 06-003), MarkInfo (01-005), tab order on pages with annotations (28-010), and every link
//! annotation in a Link element (28-011) with a StructParent, and every glyph a font's
//! widths list mapped to Unicode (10-001). Gives every violation found.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

/// The standard structure types of PDF 1.7 (ISO 32000-1, 14.8.4).
const STANDARD: &[&str] = &[
    "Document",
    "Part",
    "Art",
    "Sect",
    "Div",
    "BlockQuote",
    "Caption",
    "TOC",
    "TOCI",
    "Index",
    "NonStruct",
    "Private",
    "P",
    "H",
    "H1",
    "H2",
    "H3",
    "H4",
    "H5",
    "H6",
    "L",
    "LI",
    "Lbl",
    "LBody",
    "Table",
    "TR",
    "TH",
    "TD",
    "THead",
    "TBody",
    "TFoot",
    "Span",
    "Quote",
    "Note",
    "Reference",
    "BibEntry",
    "Code",
    "Link",
    "Annot",
    "Ruby",
    "RB",
    "RT",
    "RP",
    "Warichu",
    "WT",
    "WP",
    "Figure",
    "Formula",
    "Form",
];

/// Operators that paint: text, XObjects, paths, shadings.
const PAINTING: &[&str] = &[
    "Tj", "TJ", "'", "\"", "Do", "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh",
];

/// Every violation of the checkpoints in `doc`.
pub fn violations(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(catalog) = doc.catalog() else {
        return vec!["no catalog".into()];
    };
    document_entries(doc, catalog, &mut out);
    let Some(root) = deref(doc, catalog.get(b"StructTreeRoot").ok()).and_then(dict) else {
        out.push("01-005: no StructTreeRoot".into());
        return out;
    };
    unicode(doc, &mut out);
    let elements = elements(doc, root);
    types_and_alt(&elements, root, doc, &mut out);
    let parents = parent_tree(doc, root);
    for (n, (_, page_id)) in doc.get_pages().into_iter().enumerate() {
        page_content(doc, page_id, n, &parents, &mut out);
        annotations(doc, page_id, n, &parents, &mut out);
    }
    out
}

fn deref<'a>(doc: &'a Document, o: Option<&'a Object>) -> Option<&'a Object> {
    match o? {
        Object::Reference(id) => doc.get_object(*id).ok(),
        other => Some(other),
    }
}

fn dict(o: &Object) -> Option<&Dictionary> {
    o.as_dict().ok()
}

fn name(d: &Dictionary, key: &[u8]) -> Option<String> {
    d.get(key)
        .ok()
        .and_then(|o| o.as_name().ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
}

/// Catalog and metadata entries: MarkInfo, Lang, DisplayDocTitle, XMP title and pdfuaid.
fn document_entries(doc: &Document, catalog: &Dictionary, out: &mut Vec<String>) {
    let marked = deref(doc, catalog.get(b"MarkInfo").ok())
        .and_then(dict)
        .and_then(|m| m.get(b"Marked").ok())
        .and_then(|b| b.as_bool().ok());
    if marked != Some(true) {
        out.push("01-005: MarkInfo /Marked is not true".into());
    }
    if !catalog.has(b"Lang") {
        out.push("11-006: the catalog has no /Lang".into());
    }
    let shown = deref(doc, catalog.get(b"ViewerPreferences").ok())
        .and_then(dict)
        .and_then(|v| v.get(b"DisplayDocTitle").ok())
        .and_then(|b| b.as_bool().ok());
    if shown != Some(true) {
        out.push("07-002: ViewerPreferences /DisplayDocTitle is not true".into());
    }
    let xmp = deref(doc, catalog.get(b"Metadata").ok())
        .and_then(|o| o.as_stream().ok())
        .map(|s| String::from_utf8_lossy(&s.content).into_owned())
        .unwrap_or_default();
    if !xmp.contains("<dc:title>") {
        out.push("06-003: the XMP metadata has no dc:title".into());
    }
    if !xmp.contains("<pdfuaid:part>1</pdfuaid:part>") {
        out.push("06-002: the XMP metadata does not identify PDF/UA-1".into());
    }
}

/// Every structure element under the root, by object id, with its dictionary.
fn elements<'a>(doc: &'a Document, root: &'a Dictionary) -> BTreeMap<ObjectId, &'a Dictionary> {
    let mut out = BTreeMap::new();
    let mut todo: Vec<&Object> = kids(root);
    while let Some(k) = todo.pop() {
        let Object::Reference(id) = k else { continue };
        let Some(d) = doc.get_object(*id).ok().and_then(dict) else {
            continue;
        };
        if name(d, b"Type").as_deref() == Some("StructElem") && out.insert(*id, d).is_none() {
            todo.extend(kids(d));
        }
    }
    out
}

fn kids(d: &Dictionary) -> Vec<&Object> {
    match d.get(b"K") {
        Ok(Object::Array(a)) => a.iter().collect(),
        Ok(o) => vec![o],
        Err(_) => Vec::new(),
    }
}

/// Types standard or role-mapped; figures and formulas with Alt; TH with a scope.
fn types_and_alt(
    elements: &BTreeMap<ObjectId, &Dictionary>,
    root: &Dictionary,
    doc: &Document,
    out: &mut Vec<String>,
) {
    let role_map = deref(doc, root.get(b"RoleMap").ok()).and_then(dict);
    let mut unmapped = BTreeSet::new();
    for d in elements.values() {
        let Some(s) = name(d, b"S") else {
            out.push("a structure element has no /S".into());
            continue;
        };
        let mapped = role_map.and_then(|m| name(m, s.as_bytes()));
        let standard = mapped.as_deref().unwrap_or(&s);
        if !STANDARD.contains(&standard) {
            unmapped.insert(s.clone());
        }
        if (standard == "Figure" || standard == "Formula") && !d.has(b"Alt") {
            out.push(format!("13-004/17-002: a {s} has no /Alt"));
        }
    }
    for s in unmapped {
        out.push(format!(
            "02-001: structure type {s} is not standard nor role-mapped"
        ));
    }
}

/// The parent tree: key → the element of each marked-content id (pages), or the element
/// (annotations).
fn parent_tree(doc: &Document, root: &Dictionary) -> BTreeMap<i64, Vec<Option<ObjectId>>> {
    let mut out = BTreeMap::new();
    let tree = deref(doc, root.get(b"ParentTree").ok()).and_then(dict);
    let nums = tree
        .and_then(|t| t.get(b"Nums").ok())
        .and_then(|n| n.as_array().ok());
    for pair in nums.map(|n| n.chunks(2)).into_iter().flatten() {
        let [Object::Integer(k), v] = pair else {
            continue;
        };
        let v = match v {
            Object::Reference(id) => match doc.get_object(*id) {
                Ok(Object::Array(a)) => a.clone(),
                _ => vec![v.clone()],
            },
            Object::Array(a) => a.clone(),
            other => vec![other.clone()],
        };
        let ids = v.iter().map(|o| o.as_reference().ok()).collect();
        out.insert(*k, ids);
    }
    out
}

/// What a page's painting operators are inside.
#[derive(Clone, Copy, PartialEq)]
enum Mark {
    Element(i64),
    Artifact,
    Other,
}

/// Every painting operator inside an element's sequence or an artifact, and every
/// marked-content id of the page mapped by the parent tree to an element that holds it.
fn page_content(
    doc: &Document,
    page_id: ObjectId,
    n: usize,
    parents: &BTreeMap<i64, Vec<Option<ObjectId>>>,
    out: &mut Vec<String>,
) {
    let Ok(content) = Content::decode(&doc.get_page_content(page_id)) else {
        out.push(format!("page {}: unreadable content", n + 1));
        return;
    };
    let mut stack: Vec<Mark> = Vec::new();
    let mut unmarked = 0;
    let mut mcids = BTreeSet::new();
    for op in &content.operations {
        match op.operator.as_str() {
            "BMC" | "BDC" => {
                let tag = op.operands.first().and_then(|o| o.as_name().ok());
                let mcid = (op.operands.get(1))
                    .and_then(|o| o.as_dict().ok())
                    .and_then(|d| d.get(b"MCID").ok())
                    .and_then(|m| m.as_i64().ok());
                stack.push(match (tag, mcid) {
                    (Some(b"Artifact"), _) => Mark::Artifact,
                    (_, Some(m)) => {
                        mcids.insert(m);
                        Mark::Element(m)
                    }
                    _ => Mark::Other,
                });
            }
            "EMC" => {
                stack.pop();
            }
            op if PAINTING.contains(&op) => {
                let inside = stack.iter().any(|m| *m != Mark::Other);
                unmarked += usize::from(!inside);
            }
            _ => {}
        }
    }
    if unmarked > 0 {
        out.push(format!(
            "01-001: page {}: {unmarked} painting operators outside marked content",
            n + 1
        ));
    }
    check_mcids(doc, page_id, n, &mcids, parents, out);
}

/// Each marked-content id of page `n` leads through the parent tree to an element whose
/// `K` holds it.
fn check_mcids(
    doc: &Document,
    page_id: ObjectId,
    n: usize,
    mcids: &BTreeSet<i64>,
    parents: &BTreeMap<i64, Vec<Option<ObjectId>>>,
    out: &mut Vec<String>,
) {
    if mcids.is_empty() {
        return;
    }
    let page = doc.get_dictionary(page_id).ok();
    let key = page
        .and_then(|p| p.get(b"StructParents").ok())
        .and_then(|k| k.as_i64().ok());
    let Some(entry) = key.and_then(|k| parents.get(&k)) else {
        out.push(format!(
            "page {}: marked content but no StructParents",
            n + 1
        ));
        return;
    };
    for &m in mcids {
        let element = entry.get(m as usize).copied().flatten();
        let Some(d) = element.and_then(|id| doc.get_dictionary(id).ok()) else {
            out.push(format!("page {}: MCID {m} has no element", n + 1));
            continue;
        };
        let pg = d.get(b"Pg").ok().and_then(|p| p.as_reference().ok());
        let holds = kids(d).iter().any(|k| match k {
            Object::Integer(i) => *i == m && pg == Some(page_id),
            Object::Dictionary(r) => {
                r.get(b"MCID").ok().and_then(|x| x.as_i64().ok()) == Some(m)
                    && r.get(b"Pg").ok().and_then(|p| p.as_reference().ok()) == Some(page_id)
            }
            _ => false,
        });
        if !holds {
            out.push(format!(
                "page {}: MCID {m}'s element does not hold it",
                n + 1
            ));
        }
    }
}

/// Tab order on pages with annotations; each link annotation with a StructParent whose
/// parent-tree entry is a Link element holding it.
fn annotations(
    doc: &Document,
    page_id: ObjectId,
    n: usize,
    parents: &BTreeMap<i64, Vec<Option<ObjectId>>>,
    out: &mut Vec<String>,
) {
    let Ok(page) = doc.get_dictionary(page_id) else {
        return;
    };
    let annots: Vec<ObjectId> = match deref(doc, page.get(b"Annots").ok()) {
        Some(Object::Array(a)) => a.iter().filter_map(|o| o.as_reference().ok()).collect(),
        _ => return,
    };
    if !annots.is_empty() && name(page, b"Tabs").as_deref() != Some("S") {
        out.push(format!(
            "28-010: page {} has annotations but no /Tabs /S",
            n + 1
        ));
    }
    for id in annots {
        let Ok(a) = doc.get_dictionary(id) else {
            continue;
        };
        let key = a.get(b"StructParent").ok().and_then(|k| k.as_i64().ok());
        let link = key
            .and_then(|k| parents.get(&k))
            .and_then(|v| v.first().copied().flatten())
            .and_then(|l| doc.get_dictionary(l).ok());
        let holds = link.is_some_and(|l| {
            name(l, b"S").as_deref() == Some("Link")
                && kids(l).iter().any(|k| {
                    k.as_dict()
                        .ok()
                        .and_then(|r| r.get(b"Obj").ok())
                        .and_then(|o| o.as_reference().ok())
                        == Some(id)
                })
        });
        if !holds {
            out.push(format!(
                "28-011: page {}: a link annotation is in no Link element",
                n + 1
            ));
        }
        if !a.has(b"Contents") {
            out.push(format!(
                "28-004: page {}: an annotation has no /Contents",
                n + 1
            ));
        }
    }
}

/// Every code a composite font lists in `/W` (the glyphs the pages use) has a ToUnicode
/// entry.
fn unicode(doc: &Document, out: &mut Vec<String>) {
    for o in doc.objects.values() {
        let Ok(font) = o.as_dict() else { continue };
        if name(font, b"Subtype").as_deref() != Some("Type0") {
            continue;
        }
        let base = name(font, b"BaseFont").unwrap_or_default();
        let Some(cmap) = deref(doc, font.get(b"ToUnicode").ok()).and_then(|c| c.as_stream().ok())
        else {
            out.push(format!("10-001: font {base} has no ToUnicode"));
            continue;
        };
        let text = cmap
            .decompressed_content()
            .unwrap_or_else(|_| cmap.content.clone());
        let mapped = mapped_codes(&String::from_utf8_lossy(&text));
        let unmapped: Vec<i64> = (widths_codes(doc, font).into_iter())
            .filter(|c| !mapped.contains(c))
            .collect();
        if !unmapped.is_empty() {
            out.push(format!(
                "10-001: font {base}: codes {unmapped:?} have no Unicode"
            ));
        }
    }
}

/// The codes of a CMap's `bfchar` entries (`<code> <text>`).
fn mapped_codes(cmap: &str) -> BTreeSet<i64> {
    let mut out = BTreeSet::new();
    let mut in_chars = false;
    for line in cmap.lines() {
        if line.ends_with("beginbfchar") {
            in_chars = true;
        } else if line == "endbfchar" {
            in_chars = false;
        } else if in_chars {
            let code = line.trim_start_matches('<').split('>').next().unwrap_or("");
            if let Ok(c) = i64::from_str_radix(code, 16) {
                out.insert(c);
            }
        }
    }
    out
}

/// The codes the descendant font's `/W` gives widths for.
fn widths_codes(doc: &Document, font: &Dictionary) -> BTreeSet<i64> {
    let mut out = BTreeSet::new();
    let desc = match deref(doc, font.get(b"DescendantFonts").ok()) {
        Some(Object::Array(a)) => a.first().and_then(|d| deref(doc, Some(d))).and_then(dict),
        _ => None,
    };
    let w = desc
        .and_then(|d| deref(doc, d.get(b"W").ok()))
        .and_then(|w| w.as_array().ok());
    let w = w.map(Vec::as_slice).unwrap_or(&[]);
    let mut i = 0;
    while i + 1 < w.len() {
        let Ok(first) = w[i].as_i64() else { break };
        match &w[i + 1] {
            Object::Array(a) => {
                out.extend(first..first + a.len() as i64);
                i += 2;
            }
            last => {
                out.extend(first..=last.as_i64().unwrap_or(first));
                i += 3;
            }
        }
    }
    out
}
