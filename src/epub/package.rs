//! The package document (`content.opf`): metadata (Dublin Core, refinements, series,
//! accessibility), the manifest of every file, and the spine in reading order.

use super::conformance::{Conformance, CLAIM};
use super::markup::{attr, esc};
use crate::dates::BuildDate;
use crate::manifest::Collection;

/// One file in the manifest.
#[derive(Debug, Clone)]
pub struct Item {
    /// Manifest id.
    pub id: String,
    /// Href relative to the package document.
    pub href: String,
    /// Media type.
    pub media_type: String,
    /// `properties` (e.g. `nav`, `cover-image`), empty when none.
    pub properties: &'static str,
    /// Whether it is in the spine (reading order).
    pub spine: bool,
}

impl Item {
    /// The file at `href` with manifest id `id`: no properties, not in the spine.
    pub fn new(href: &str, id: &str, media_type: &str) -> Item {
        Item {
            id: id.to_string(),
            href: href.to_string(),
            media_type: media_type.to_string(),
            properties: "",
            spine: false,
        }
    }

    /// The item with `properties` (e.g. `nav`).
    pub fn with(self, properties: &'static str) -> Item {
        Item { properties, ..self }
    }

    /// The item in the spine.
    pub fn in_spine(self) -> Item {
        Item {
            spine: true,
            ..self
        }
    }
}

/// What the book's content is like, for the accessibility metadata.
#[derive(Debug, Clone, Default)]
pub struct Access {
    /// Images in the text (the cover not counted).
    pub images: usize,
    /// Of those, images without alternative text.
    pub images_without_alt: usize,
    /// Whether the cover image is present (it has alt text: the book's title).
    pub cover: bool,
    /// Whether any table is present (in the text or in a footnote).
    pub tables: bool,
    /// Whether the book marks and lists the pages of its print edition.
    pub page_list: bool,
    /// Whether the book holds mathematics written as MathML.
    pub math: bool,
    /// Whether the book meets EPUB Accessibility 1.1, who says so, and if not, why not.
    pub conformance: Conformance,
}

/// The id of the `dc:identifier` the package names as unique.
const UNIQUE_ID: &str = "book-id";

/// The package document for `c` with `items` (in manifest order; spine items in reading
/// order) and the book's accessibility facts.
pub fn opf(c: &Collection, items: &[Item], access: &Access, stamp: BuildDate) -> String {
    let mut m = Metadata::default();
    m.dc("identifier", UNIQUE_ID, &c.identifier);
    m.title("title", "main", &c.title);
    if let Some(s) = &c.subtitle {
        m.title("subtitle", "subtitle", s);
    }
    let role = if c.editors.is_empty() { "aut" } else { "edt" };
    m.people("creator", c.creators(), role);
    m.people("contributor", &article_authors(c), "aut");
    m.dc("language", "", &c.language);
    if let Some(p) = &c.publisher {
        m.dc("publisher", "", p);
    }
    if let Some(d) = &c.date {
        m.dc("date", "", d);
    }
    m.line(&format!(
        "<meta property=\"dcterms:modified\">{}</meta>",
        stamp.w3c()
    ));
    if let Some(r) = &c.rights {
        m.dc("rights", "", r);
    }
    if let Some(d) = &c.description {
        m.dc("description", "", d);
    }
    m.print_source(c, access.page_list);
    m.series(c);
    for (property, value) in accessibility(access) {
        m.line(&format!(
            "<meta property=\"schema:{property}\">{}</meta>",
            esc(&value)
        ));
    }
    m.conformance(&access.conformance);
    if let Some(cover) = items.iter().find(|i| i.properties == "cover-image") {
        m.line(&format!(
            "<meta name=\"cover\" content=\"{}\"/>",
            attr(&cover.id)
        ));
    }
    let (manifest, spine) = manifest_and_spine(items);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"{UNIQUE_ID}\" xml:lang=\"{lang}\">\n\
         \x20 <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n{m}  </metadata>\n\
         \x20 <manifest>\n{manifest}  </manifest>\n\
         \x20 <spine toc=\"ncx\">\n{spine}  </spine>\n\
         </package>\n",
        m = m.0,
        lang = attr(&c.language),
    )
}

/// The children of the package's `metadata` element, one indented line each.
#[derive(Debug, Default)]
struct Metadata(String);

impl Metadata {
    fn line(&mut self, s: &str) {
        self.0.push_str("    ");
        self.0.push_str(s);
        self.0.push('\n');
    }

    /// A Dublin Core element `dc:{name}` holding `text`, with the id `id` unless empty.
    fn dc(&mut self, name: &str, id: &str, text: &str) {
        let id = if id.is_empty() {
            String::new()
        } else {
            format!(" id=\"{id}\"")
        };
        self.line(&format!("<dc:{name}{id}>{}</dc:{name}>", esc(text)));
    }

    /// A title with id `id`, refined by its `title-type`.
    fn title(&mut self, id: &str, kind: &str, text: &str) {
        self.dc("title", id, text);
        self.line(&format!(
            "<meta refines=\"#{id}\" property=\"title-type\">{kind}</meta>"
        ));
    }

    /// The `dc:{element}` of each of `names`, numbered, refined by its MARC relator `role`.
    fn people(&mut self, element: &str, names: &[String], role: &str) {
        for (i, name) in names.iter().enumerate() {
            let id = format!("{element}-{}", i + 1);
            self.dc(element, &id, name);
            self.line(&format!(
                "<meta refines=\"#{id}\" property=\"role\" scheme=\"marc:relators\">{role}</meta>"
            ));
        }
    }

    /// The print edition, and the source of the page-list's numbers when there is one (the
    /// book itself when it has no print ISBN: the print layout Folio makes from it).
    fn print_source(&mut self, c: &Collection, page_list: bool) {
        let print = c.isbn_print.as_ref().map(|isbn| {
            if isbn.starts_with("urn:") {
                isbn.clone()
            } else {
                format!("urn:isbn:{}", isbn.replace(['-', ' '], ""))
            }
        });
        let book = c
            .offprint_of
            .as_ref()
            .map_or(&c.identifier, |b| &b.identifier);
        let Some(urn) = print.or_else(|| page_list.then(|| book.clone())) else {
            return;
        };
        self.dc("source", "print-source", &urn);
        if page_list {
            self.line("<meta refines=\"#print-source\" property=\"source-of\">pagination</meta>");
        }
    }

    /// The conformance claim and who stands behind it, when the claim holds.
    fn conformance(&mut self, c: &Conformance) {
        let (true, Some(certifier)) = (c.holds(), &c.certifier) else {
            return;
        };
        self.line(&format!(
            "<meta property=\"dcterms:conformsTo\" id=\"conformance\">{}</meta>",
            esc(CLAIM)
        ));
        self.line(&format!(
            "<meta property=\"a11y:certifiedBy\" refines=\"#conformance\">{}</meta>",
            esc(certifier)
        ));
    }

    /// The series the book belongs to, and its number in it.
    fn series(&mut self, c: &Collection) {
        if let Some(book) = &c.offprint_of {
            // An offprint belongs to the book it is taken from (a collection, not a series).
            self.line(&format!(
                "<meta property=\"belongs-to-collection\" id=\"book\">{}</meta>",
                esc(&book.title)
            ));
        }
        let Some(s) = &c.series else {
            return;
        };
        self.line(&format!(
            "<meta property=\"belongs-to-collection\" id=\"series\">{}</meta>",
            esc(&s.name)
        ));
        self.line("<meta refines=\"#series\" property=\"collection-type\">series</meta>");
        if let Some(n) = s.number {
            self.line(&format!(
                "<meta refines=\"#series\" property=\"group-position\">{n}</meta>"
            ));
        }
    }
}

/// The children of the `manifest` and `spine` elements for `items`.
fn manifest_and_spine(items: &[Item]) -> (String, String) {
    let mut manifest = String::new();
    let mut spine = String::new();
    for i in items {
        let props = if i.properties.is_empty() {
            String::new()
        } else {
            format!(" properties=\"{}\"", i.properties)
        };
        manifest.push_str(&format!(
            "    <item id=\"{}\" href=\"{}\" media-type=\"{}\"{props}/>\n",
            attr(&i.id),
            attr(&i.href),
            attr(&i.media_type)
        ));
        if i.spine {
            spine.push_str(&format!("    <itemref idref=\"{}\"/>\n", attr(&i.id)));
        }
    }
    (manifest, spine)
}

/// The article authors who are not creators of the book, each once, in reading order.
fn article_authors(c: &Collection) -> Vec<String> {
    let creators = c.creators();
    let mut out: Vec<String> = Vec::new();
    for au in c.articles().flat_map(|a| &a.doc.meta.authors) {
        if !creators.contains(&au.name) && !out.contains(&au.name) {
            out.push(au.name.clone());
        }
    }
    out
}

/// The schema.org accessibility properties that are true of a book with `a`'s content.
pub fn accessibility(a: &Access) -> Vec<(&'static str, String)> {
    let visual = a.images > 0 || a.cover;
    let all_described = a.images_without_alt == 0;
    let mut v = vec![("accessMode", "textual".to_string())];
    if visual {
        v.push(("accessMode", "visual".to_string()));
    }
    if !visual || all_described {
        v.push(("accessModeSufficient", "textual".to_string()));
    }
    if visual {
        v.push(("accessModeSufficient", "textual,visual".to_string()));
    }
    for f in [
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "displayTransformability",
    ] {
        v.push(("accessibilityFeature", f.to_string()));
    }
    if visual && all_described {
        v.push(("accessibilityFeature", "alternativeText".to_string()));
    }
    if a.page_list {
        for f in ["pageBreakMarkers", "pageNavigation"] {
            v.push(("accessibilityFeature", f.to_string()));
        }
    }
    if a.math {
        v.push(("accessibilityFeature", "MathML".to_string()));
    }
    v.push(("accessibilityHazard", "none".to_string()));
    v.push(("accessibilitySummary", summary(a)));
    v
}

fn summary(a: &Access) -> String {
    let mut s = String::from(
        "Reflowable text with headings marking every article and section, a navigable table of \
         contents, and footnotes linked both ways.",
    );
    match (a.images, a.images_without_alt) {
        (0, _) => {}
        (_, 0) => s.push_str(" Every image has a text description."),
        (n, k) => s.push_str(&format!(" {k} of the {n} images have no text description.")),
    }
    if a.tables {
        s.push_str(" Tables have header rows.");
    }
    if a.page_list {
        s.push_str(" The pages of the print edition are marked in the text and listed.");
    }
    if a.math {
        s.push_str(" Mathematics is written in MathML, with its TeX source as alternative text.");
    }
    let c = &a.conformance;
    if c.holds() {
        s.push_str(&format!(
            " Wide tables scroll inside their own region and code wraps, so nothing runs off a \
             narrow screen; text takes the reading system's colours. The language of every \
             article, and of titles and names shown outside their article, is marked. The \
             publication meets {CLAIM}, as evaluated when it was made."
        ));
    } else {
        s.push_str(&format!(
            " It makes no conformance claim: {}.",
            c.shortcomings.join("; ")
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternative_text_is_claimed_only_when_true() {
        let has = |a: Access, v: &str| accessibility(&a).iter().any(|(_, x)| x == v);
        let described = Access {
            images: 2,
            ..Default::default()
        };
        assert!(has(described.clone(), "alternativeText"));
        assert!(has(described, "visual"));
        let undescribed = Access {
            images: 2,
            images_without_alt: 1,
            ..Default::default()
        };
        assert!(!has(undescribed.clone(), "alternativeText"));
        let sufficient: Vec<String> = accessibility(&undescribed)
            .into_iter()
            .filter(|(p, _)| *p == "accessModeSufficient")
            .map(|(_, v)| v)
            .collect();
        assert_eq!(sufficient, ["textual,visual"]);
        assert!(!has(Access::default(), "visual"));
    }
}
