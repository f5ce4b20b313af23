//! The package document (`content.opf`): metadata (Dublin Core, refinements, series,
//! accessibility), the manifest of every file, and the spine in reading order.

use super::markup::{attr, esc};
use super::stamp::Stamp;
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

/// What the book's content is like, for the accessibility metadata.
#[derive(Debug, Clone, Copy, Default)]
pub struct Access {
    /// Images in the text (the cover not counted).
    pub images: usize,
    /// Of those, images without alternative text.
    pub images_without_alt: usize,
    /// Whether the cover image is present (it has alt text: the book's title).
    pub cover: bool,
    /// Whether any table is present.
    pub tables: bool,
    /// Whether the book marks and lists the pages of its print edition.
    pub page_list: bool,
}

/// The id of the `dc:identifier` the package names as unique.
const UNIQUE_ID: &str = "book-id";

/// The package document for `c` with `items` (in manifest order; spine items in reading
/// order), the article authors who are not book creators, and the book's accessibility facts.
pub fn opf(
    c: &Collection,
    items: &[Item],
    contributors: &[String],
    access: Access,
    stamp: Stamp,
) -> String {
    let mut m = String::new();
    let mut line = |s: String| {
        m.push_str("    ");
        m.push_str(&s);
        m.push('\n');
    };
    line(format!(
        "<dc:identifier id=\"{UNIQUE_ID}\">{}</dc:identifier>",
        esc(&c.identifier)
    ));
    line(format!(
        "<dc:title id=\"title\">{}</dc:title>",
        esc(&c.title)
    ));
    line("<meta refines=\"#title\" property=\"title-type\">main</meta>".into());
    if let Some(s) = &c.subtitle {
        line(format!("<dc:title id=\"subtitle\">{}</dc:title>", esc(s)));
        line("<meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>".into());
    }
    let role = if c.editors.is_empty() { "aut" } else { "edt" };
    for (i, name) in c.creators().iter().enumerate() {
        let id = format!("creator-{}", i + 1);
        line(format!(
            "<dc:creator id=\"{id}\">{}</dc:creator>",
            esc(name)
        ));
        line(format!(
            "<meta refines=\"#{id}\" property=\"role\" scheme=\"marc:relators\">{role}</meta>"
        ));
    }
    for (i, name) in contributors.iter().enumerate() {
        let id = format!("contributor-{}", i + 1);
        line(format!(
            "<dc:contributor id=\"{id}\">{}</dc:contributor>",
            esc(name)
        ));
        line(format!(
            "<meta refines=\"#{id}\" property=\"role\" scheme=\"marc:relators\">aut</meta>"
        ));
    }
    line(format!("<dc:language>{}</dc:language>", esc(&c.language)));
    if let Some(p) = &c.publisher {
        line(format!("<dc:publisher>{}</dc:publisher>", esc(p)));
    }
    if let Some(d) = &c.date {
        line(format!("<dc:date>{}</dc:date>", esc(d)));
    }
    line(format!(
        "<meta property=\"dcterms:modified\">{}</meta>",
        stamp.w3c()
    ));
    if let Some(r) = &c.rights {
        line(format!("<dc:rights>{}</dc:rights>", esc(r)));
    }
    if let Some(d) = &c.description {
        line(format!("<dc:description>{}</dc:description>", esc(d)));
    }
    // The print edition, and the source of the page-list's numbers when there is one (the
    // book itself when it has no print ISBN: the print layout Folio makes from it).
    let print = c.isbn_print.as_ref().map(|isbn| {
        if isbn.starts_with("urn:") {
            isbn.clone()
        } else {
            format!("urn:isbn:{}", isbn.replace(['-', ' '], ""))
        }
    });
    let source = print.or_else(|| access.page_list.then(|| c.identifier.clone()));
    if let Some(urn) = source {
        line(format!(
            "<dc:source id=\"print-source\">{}</dc:source>",
            esc(&urn)
        ));
        if access.page_list {
            line("<meta refines=\"#print-source\" property=\"source-of\">pagination</meta>".into());
        }
    }
    if let Some(s) = &c.series {
        line(format!(
            "<meta property=\"belongs-to-collection\" id=\"series\">{}</meta>",
            esc(&s.name)
        ));
        line("<meta refines=\"#series\" property=\"collection-type\">series</meta>".into());
        if let Some(n) = s.number {
            line(format!(
                "<meta refines=\"#series\" property=\"group-position\">{n}</meta>"
            ));
        }
    }
    for (property, value) in accessibility(access) {
        line(format!(
            "<meta property=\"schema:{property}\">{}</meta>",
            esc(&value)
        ));
    }
    if let Some(cover) = items.iter().find(|i| i.properties == "cover-image") {
        line(format!(
            "<meta name=\"cover\" content=\"{}\"/>",
            attr(&cover.id)
        ));
    }
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
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"{UNIQUE_ID}\" xml:lang=\"{lang}\">\n\
         \x20 <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n{m}  </metadata>\n\
         \x20 <manifest>\n{manifest}  </manifest>\n\
         \x20 <spine toc=\"ncx\">\n{spine}  </spine>\n\
         </package>\n",
        lang = attr(&c.language),
    )
}

/// The schema.org accessibility properties that are true of a book with `a`'s content.
pub fn accessibility(a: Access) -> Vec<(&'static str, String)> {
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
    v.push(("accessibilityHazard", "none".to_string()));
    v.push(("accessibilitySummary", summary(a)));
    v
}

fn summary(a: Access) -> String {
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
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternative_text_is_claimed_only_when_true() {
        let has = |a: Access, v: &str| accessibility(a).iter().any(|(_, x)| x == v);
        let described = Access {
            images: 2,
            ..Default::default()
        };
        assert!(has(described, "alternativeText"));
        assert!(has(described, "visual"));
        let undescribed = Access {
            images: 2,
            images_without_alt: 1,
            ..Default::default()
        };
        assert!(!has(undescribed, "alternativeText"));
        let sufficient: Vec<String> = accessibility(undescribed)
            .into_iter()
            .filter(|(p, _)| *p == "accessModeSufficient")
            .map(|(_, v)| v)
            .collect();
        assert_eq!(sufficient, ["textual,visual"]);
        assert!(!has(Access::default(), "visual"));
    }
}
