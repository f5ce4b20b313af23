//! SVG made safe for the EPUB: the file is parsed (roxmltree; a file that does not parse is
//! refused) and written again without what could run or reach outside the book: `<script>`
//! and `<foreignObject>` elements, event attributes (`on…`), links (`href`, `xlink:href`)
//! that do not point inside the file (`#id`), and styles that import or fetch (`@import`,
//! `url(…)` to anything but `#id`). Comments and processing instructions are dropped too.

use std::fmt::Write;

use crate::xml::{attr, esc};

/// The most XML nodes an SVG may have: a detailed map is some 100,000.
const NODES_LIMIT: u32 = 2_000_000;

/// Elements left out with everything inside them.
const DROPPED_ELEMENTS: [&str; 6] = [
    "script",
    "foreignObject",
    "iframe",
    "embed",
    "object",
    "handler",
];

/// The SVG `text` made safe, or why it cannot be read.
pub fn sanitize(text: &str) -> Result<String, String> {
    let options = roxmltree::ParsingOptions {
        // A DOCTYPE is common in exported SVG; roxmltree refuses entity loops and floods.
        allow_dtd: true,
        nodes_limit: NODES_LIMIT,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| e.to_string())?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" {
        return Err(format!(
            "its root element is <{}>, not <svg>",
            root.tag_name().name()
        ));
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    element(root, None, &mut out);
    out.push('\n');
    Ok(out)
}

/// Writes `node` and what it holds; `parent` gives the namespaces already declared.
fn element(node: roxmltree::Node, parent: Option<roxmltree::Node>, out: &mut String) {
    let name = qualified(node, node.tag_name().namespace(), node.tag_name().name());
    out.push('<');
    out.push_str(&name);
    for ns in node.namespaces() {
        let declared = parent.is_some_and(|p| p.namespaces().any(|q| q == ns));
        if declared || ns.name() == Some("xml") {
            continue;
        }
        match ns.name() {
            Some(prefix) => write!(out, " xmlns:{prefix}=\"{}\"", attr(ns.uri())),
            None => write!(out, " xmlns=\"{}\"", attr(ns.uri())),
        }
        .expect("writing to a String");
    }
    for a in node.attributes() {
        if !safe_attribute(a.name(), a.value()) {
            continue;
        }
        let an = match a.namespace() {
            Some(uri) => qualified(node, Some(uri), a.name()),
            None => a.name().to_string(),
        };
        write!(out, " {an}=\"{}\"", attribute_value(a.value())).expect("writing to a String");
    }
    let children: Vec<roxmltree::Node> = node.children().filter(|c| kept(*c)).collect();
    if children.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    for child in children {
        if child.is_element() {
            element(child, Some(node), out);
        } else if let Some(t) = child.text() {
            out.push_str(&esc(t));
        }
    }
    write!(out, "</{name}>").expect("writing to a String");
}

/// Whether a child node is written: elements not dropped, and text.
fn kept(node: roxmltree::Node) -> bool {
    if node.is_text() {
        return true;
    }
    if !node.is_element() {
        return false;
    }
    let name = node.tag_name().name();
    if DROPPED_ELEMENTS
        .iter()
        .any(|d| d.eq_ignore_ascii_case(name))
    {
        return false;
    }
    if name == "style" {
        return node.text().is_none_or(|css| !fetches(css));
    }
    true
}

/// `name` with the prefix `node` has in scope for the namespace `uri`.
fn qualified(node: roxmltree::Node, uri: Option<&str>, name: &str) -> String {
    match uri.and_then(|u| node.lookup_prefix(u)) {
        Some(prefix) if !prefix.is_empty() => format!("{prefix}:{name}"),
        _ => name.to_string(),
    }
}

/// Whether an attribute may stay: no event handlers, no links out of the file, no styles
/// that fetch.
fn safe_attribute(name: &str, value: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("on") {
        return false;
    }
    if lower == "href" || lower == "src" {
        return value.trim_start().starts_with('#');
    }
    !fetches(value)
}

/// Whether CSS or an attribute value imports or fetches something outside the file.
fn fetches(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    if lower.contains("@import") {
        return true;
    }
    lower.match_indices("url(").any(|(i, m)| {
        let target = lower[i + m.len()..].trim_start_matches([' ', '\'', '"']);
        !target.starts_with('#')
    })
}

/// An attribute value escaped, with its whitespace kept as written (a raw tab or newline
/// would be normalized to a space by the next parser).
fn attribute_value(v: &str) -> String {
    attr(v)
        .replace('\t', "&#9;")
        .replace('\n', "&#10;")
        .replace('\r', "&#13;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_and_outside_links_are_removed() {
        let svg = r##"<?xml version="1.0"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10" onload="alert(1)">
  <script>alert(2)</script>
  <defs><linearGradient id="g"/></defs>
  <foreignObject><p xmlns="http://www.w3.org/1999/xhtml">hi</p></foreignObject>
  <rect width="10" height="10" fill="url(#g)" onclick="x()"/>
  <image xlink:href="http://example.com/track.png" width="1" height="1"/>
  <use xlink:href="#g"/>
  <a href="javascript:alert(3)"><text x="1" y="5">Title &amp; more</text></a>
  <style>@import url(http://example.com/x.css);</style>
  <circle r="1" style="fill: url(https://example.com/f)"/>
</svg>"##;
        let out = sanitize(svg).unwrap();
        for gone in [
            "script",
            "alert",
            "foreignObject",
            "onload",
            "onclick",
            "example.com",
            "javascript",
            "@import",
        ] {
            assert!(!out.contains(gone), "{gone} left in {out}");
        }
        for kept in [
            "fill=\"url(#g)\"",
            "xlink:href=\"#g\"",
            "Title &amp; more",
            "xmlns=\"http://www.w3.org/2000/svg\"",
            "xmlns:xlink=\"http://www.w3.org/1999/xlink\"",
        ] {
            assert!(out.contains(kept), "{kept} missing from {out}");
        }
        roxmltree::Document::parse(&out).expect("the result parses");
    }

    #[test]
    fn what_is_not_svg_is_refused() {
        assert!(sanitize("<svg><g></svg>").is_err());
        assert!(sanitize("<html xmlns=\"http://www.w3.org/1999/xhtml\"/>").is_err());
        let laughs = r#"<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">]><svg xmlns="http://www.w3.org/2000/svg"><text>&g;&g;&g;&g;&g;&g;&g;&g;</text></svg>"#;
        assert!(sanitize(laughs).is_err(), "an entity flood is refused");
    }
}
