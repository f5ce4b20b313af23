//! Raw HTML from markdown, judged for the EPUB: kept only when it is well-formed XHTML built
//! from a small set of harmless elements and attributes in a valid arrangement, and then
//! written out again from the parsed tree. Everything else is shown as text (the caller warns).

use super::markup::{attr, esc};

const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";

/// Elements that hold only phrasing content (text and inline elements).
const PHRASING: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr",
];

/// Block elements allowed at the top of a raw block, with phrasing-only ones marked.
const FLOW: &[(&str, bool)] = &[
    ("p", true),
    ("h1", true),
    ("h2", true),
    ("h3", true),
    ("h4", true),
    ("h5", true),
    ("h6", true),
    ("pre", true),
    ("div", false),
    ("section", false),
    ("aside", false),
    ("blockquote", false),
    ("figure", false),
    ("ul", false),
    ("ol", false),
    ("dl", false),
    ("table", false),
    ("hr", true),
];

/// Elements allowed only inside a given parent.
const NESTED: &[(&str, &[&str])] = &[
    ("li", &["ul", "ol"]),
    ("dt", &["dl"]),
    ("dd", &["dl"]),
    ("caption", &["table"]),
    ("thead", &["table"]),
    ("tbody", &["table"]),
    ("tfoot", &["table"]),
    ("tr", &["table", "thead", "tbody", "tfoot"]),
    ("td", &["tr"]),
    ("th", &["tr"]),
    ("figcaption", &["figure"]),
];

/// Elements that never have content.
const VOID: &[&str] = &["br", "hr", "wbr"];

/// Attributes allowed on any kept element (ids are not: they could collide with ours).
const ATTRIBUTES: &[&str] = &[
    "class", "title", "dir", "colspan", "rowspan", "start", "datetime", "abbr",
];

/// HTML named entities common in hand-written markup, with the characters they stand for
/// (XML knows only `amp`, `lt`, `gt`, `quot` and `apos`).
const ENTITIES: &[(&str, &str)] = &[
    ("&nbsp;", "&#160;"),
    ("&ndash;", "&#8211;"),
    ("&mdash;", "&#8212;"),
    ("&hellip;", "&#8230;"),
    ("&copy;", "&#169;"),
    ("&laquo;", "&#171;"),
    ("&raquo;", "&#187;"),
    ("&lsquo;", "&#8216;"),
    ("&rsquo;", "&#8217;"),
    ("&ldquo;", "&#8220;"),
    ("&rdquo;", "&#8221;"),
    ("&shy;", "&#173;"),
];

/// A raw HTML block as XHTML to include, or why it cannot be included.
pub fn block(html: &str) -> Result<String, String> {
    let html = html.trim();
    if is_comment(html) {
        return Ok(String::new());
    }
    with_parsed(html, |doc| {
        let mut out = String::new();
        for child in doc.root_element().children() {
            if child.is_element() {
                let name = child.tag_name().name();
                if !FLOW.iter().any(|(n, _)| *n == name) && !PHRASING.contains(&name) {
                    return Err(format!("<{name}> cannot stand on its own here"));
                }
            }
            write_node(child, &mut out)?;
        }
        Ok(out)
    })
}

/// What to do with one inline raw HTML fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InlineTag {
    /// A comment: dropped (it would not show in a browser either).
    Comment,
    /// A void element, written as this XHTML.
    Void(String),
    /// An opening tag of the named phrasing element, written as this XHTML.
    Open(String, String),
    /// A closing tag of the named element.
    Close(String),
    /// Anything else: shown as text.
    Other,
}

/// Classifies one inline HTML fragment (pulldown-cmark gives tags one at a time).
pub fn inline(fragment: &str) -> InlineTag {
    let f = fragment.trim();
    if is_comment(f) {
        return InlineTag::Comment;
    }
    if let Some(name) = f.strip_prefix("</").and_then(|r| r.strip_suffix('>')) {
        let name = name.trim().to_ascii_lowercase();
        return if PHRASING.contains(&name.as_str()) && !VOID.contains(&name.as_str()) && name != "a"
        {
            InlineTag::Close(name)
        } else {
            InlineTag::Other
        };
    }
    let name: String = f
        .trim_start_matches('<')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if !f.starts_with('<') || !PHRASING.contains(&name.as_str()) || name == "a" {
        return InlineTag::Other;
    }
    if VOID.contains(&name.as_str()) {
        return match with_parsed(&close_void(f), single) {
            Ok(x) => InlineTag::Void(x),
            Err(_) => InlineTag::Other,
        };
    }
    let probe = format!("{f}</{name}>");
    match with_parsed(&probe, single) {
        Ok(x) => {
            let open = x
                .strip_suffix(&format!("</{name}>"))
                .unwrap_or(&x)
                .to_string();
            InlineTag::Open(name, open)
        }
        Err(_) => InlineTag::Other,
    }
}

fn single(doc: &roxmltree::Document) -> Result<String, String> {
    let mut out = String::new();
    for child in doc.root_element().children() {
        write_node(child, &mut out)?;
    }
    Ok(out)
}

fn is_comment(s: &str) -> bool {
    s.starts_with("<!--") && s.ends_with("-->") && s[4..].find("-->") == Some(s.len() - 7)
}

/// `<br>` and friends written the HTML way, closed for XML.
fn close_void(f: &str) -> String {
    if f.ends_with("/>") {
        f.to_string()
    } else {
        format!("{}/>", f.trim_end_matches('>'))
    }
}

/// Parses `html` (HTML entities and void tags made XML first) inside an XHTML `<div>` and
/// hands the tree to `f`.
fn with_parsed<T>(
    html: &str,
    f: impl FnOnce(&roxmltree::Document) -> Result<T, String>,
) -> Result<T, String> {
    let mut text = html.to_string();
    for (name, num) in ENTITIES {
        text = text.replace(name, num);
    }
    for v in VOID {
        for form in [format!("<{v}>"), format!("<{v} >")] {
            text = text.replace(&form, &format!("<{v}/>"));
        }
    }
    let wrapped = format!("<div xmlns=\"{XHTML_NS}\">{text}</div>");
    let doc =
        roxmltree::Document::parse(&wrapped).map_err(|e| format!("not well-formed XML: {e}"))?;
    f(&doc)
}

fn write_node(node: roxmltree::Node, out: &mut String) -> Result<(), String> {
    if node.is_text() {
        out.push_str(&esc(node.text().unwrap_or("")));
        return Ok(());
    }
    if !node.is_element() {
        return Ok(()); // comments and processing instructions are dropped
    }
    let tag = node.tag_name();
    let name = tag.name();
    if tag.namespace() != Some(XHTML_NS) {
        return Err(format!("<{name}> is not an XHTML element"));
    }
    check_place(node, name)?;
    out.push('<');
    out.push_str(name);
    for a in node.attributes() {
        if a.namespace().is_some() || !ATTRIBUTES.contains(&a.name()) {
            return Err(format!("attribute `{}` on <{name}> is not kept", a.name()));
        }
        out.push_str(&format!(" {}=\"{}\"", a.name(), attr(a.value())));
    }
    if VOID.contains(&name) {
        if node.has_children() {
            return Err(format!("<{name}> cannot have content"));
        }
        out.push_str("/>");
        return Ok(());
    }
    out.push('>');
    for child in node.children() {
        write_node(child, out)?;
    }
    out.push_str(&format!("</{name}>"));
    Ok(())
}

/// Checks that element `name` is known and sits where XHTML allows it.
fn check_place(node: roxmltree::Node, name: &str) -> Result<(), String> {
    let parent = node
        .parent_element()
        .map(|p| p.tag_name().name())
        .unwrap_or("div");
    let is_root_child = node.parent_element().map(|p| p.parent_element().is_none()) == Some(true);
    let parent_phrasing = !is_root_child
        && (PHRASING.contains(&parent) || FLOW.iter().any(|(n, only)| *n == parent && *only));
    if let Some((_, parents)) = NESTED.iter().find(|(n, _)| *n == name) {
        if is_root_child || !parents.contains(&parent) {
            return Err(format!("<{name}> must sit inside {}", parents.join(" or ")));
        }
        return Ok(());
    }
    if PHRASING.contains(&name) {
        return Ok(());
    }
    if FLOW.iter().any(|(n, _)| *n == name) {
        if parent_phrasing {
            return Err(format!("<{name}> cannot sit inside <{parent}>"));
        }
        return Ok(());
    }
    Err(format!("<{name}> is not an element Folio keeps in an EPUB"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_well_formed_harmless_markup() {
        let got = block("<div class=\"box\"><p>One&nbsp;<em>two</em><br></p></div>").unwrap();
        assert_eq!(
            got,
            "<div class=\"box\"><p>One\u{a0}<em>two</em><br/></p></div>"
        );
    }

    #[test]
    fn rejects_what_epubcheck_would() {
        assert!(block("<div><p>unclosed</div>").is_err());
        assert!(block("<script>alert(1)</script>").is_err());
        assert!(block("<p><div>block in p</div></p>").is_err());
        assert!(block("<li>stray item</li>").is_err());
        assert!(block("<p onclick=\"x()\">hi</p>").is_err());
        assert!(block("<p id=\"x\">hi</p>").is_err());
        assert_eq!(block("<!-- a note to self -->").unwrap(), "");
    }

    #[test]
    fn classifies_inline_tags() {
        assert_eq!(inline("<br>"), InlineTag::Void("<br/>".into()));
        assert_eq!(
            inline("<span class=\"sc\">"),
            InlineTag::Open("span".into(), "<span class=\"sc\">".into())
        );
        assert_eq!(inline("</span>"), InlineTag::Close("span".into()));
        assert_eq!(inline("<blink>"), InlineTag::Other);
        assert_eq!(inline("<!-- x -->"), InlineTag::Comment);
    }
}
