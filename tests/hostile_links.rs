//! The hostile-links fixture (`tests/fixtures/epub/hostile-links`) built by the CLI: every
//! hostile or odd link (script, data and file schemes, written in mixed case, behind spaces,
//! tabs or character references; a bare `%`; a space; a Cyrillic address; a link inside a
//! link; raw HTML anchors) builds at exit 0 with a warning at the link. No refused scheme
//! reaches the EPUB or the PDF, every href is a valid URL, no link holds another, the PDF
//! links to exactly the addresses the EPUB does, and every word of the links' text is in
//! both outputs. (EPUBCheck's verdict on the same fixture is in `epub_check.rs`.)

mod common;

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The schemes that must appear nowhere in either output.
const REFUSED: &[&str] = &["javascript:", "vbscript:", "data:", "file:"];

/// The text of every link in the fixture, one word each (the link in a link has three).
const LINK_WORDS: &[&str] = &[
    "Lynx",
    "Okapi",
    "Tapir",
    "Koala",
    "Bison",
    "Camel",
    "Dingo",
    "Eland",
    "Gecko",
    "Hyena",
    "Llama",
    "Moose",
    "Panda",
    "Raven",
    "Sloth",
    "Whale",
    "Zebra",
    "Heron",
    "Otter",
    "Bream",
    "Finch",
    "https://inner.example/quail",
];

/// The words of the links the policy makes plain text.
const TEXT_WORDS: &[&str] = &[
    "Lynx", "Okapi", "Tapir", "Koala", "Bison", "Camel", "Dingo", "Sloth", "Whale", "Bream",
];

/// Where the build must warn: each link made text, the cut raw HTML attribute, and the two
/// source addresses left out (front matter and manifest).
const WARNINGS: &[&str] = &[
    "links.md:8:25: warning: link to `javascript:alert(1)`",
    "links.md:8:57: warning: link to `JavaScript:alert(2)`",
    "links.md:9:3: warning: link to `java\\tscript:alert(3)`",
    "links.md:9:38: warning: link to `java\\tscript:alert(4)`",
    "links.md:10:1: warning: link to `VBScript:MsgBox(5)`",
    "links.md:10:32: warning: link to `data:text/html;base64,PHNjcmlwdD4=`",
    "links.md:11:1: warning: link to `file:///etc/passwd`",
    "links.md:17:26: warning: the link to `https://inner.example/quail` sits inside",
    "links.md:20:1: warning: link to `javascript:alert(6)`",
    "links.md:20:1: warning: link to `javascript:alert(7)`",
    "links.md:23:1: warning: `href=\"vbscript:alert(8)\"` is removed from the raw HTML <a>",
    "links.md:28:1: warning: link to `#no-such-heading` is kept as plain text",
    "links.md:5:10: warning: the source's address `JavaScript:alert(0)` is left out",
    "collection.toml:12:78: warning: the source's address `data:text/html,hi` is left out",
];

struct Built {
    _dir: tempfile::TempDir,
    epub: PathBuf,
    pdf: PathBuf,
    stderr: String,
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/epub/hostile-links")
}

/// Builds the fixture with the CLI, both formats, and checks it exits 0.
fn build() -> Built {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(common::folio_bin())
        .arg("build")
        .arg(fixture())
        .arg("--out")
        .arg(dir.path())
        .output()
        .expect("folio runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "exit {:?}:\n{stderr}", out.status);
    Built {
        epub: dir.path().join("hostile-links.epub"),
        pdf: dir.path().join("hostile-links.pdf"),
        _dir: dir,
        stderr,
    }
}

/// Every file in the EPUB: name and bytes.
fn epub_files(epub: &Path) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().to_string(), bytes)
        })
        .collect()
}

/// Which refused schemes `bytes` spell anywhere, case folded and with white space and
/// control characters taken out (as a browser would read an address).
fn refused_in(bytes: &[u8]) -> Vec<&'static str> {
    let folded: String = String::from_utf8_lossy(bytes)
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect();
    REFUSED
        .iter()
        .copied()
        .filter(|s| folded.contains(s))
        .collect()
}

/// The XHTML documents of the EPUB, parsed: (name, text).
fn xhtml_docs(epub: &Path) -> Vec<(String, String)> {
    epub_files(epub)
        .into_iter()
        .filter(|(n, _)| n.ends_with(".xhtml"))
        .map(|(n, b)| (n, String::from_utf8(b).expect("XHTML is UTF-8")))
        .collect()
}

/// An XHTML document parsed (its doctype allowed).
fn parse(text: &str) -> roxmltree::Document<'_> {
    let opt = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, opt).expect("well-formed XHTML")
}

/// Whether `href` is a valid URI reference as RFC 3986 spells one: only its characters, and
/// every `%` starting an escape.
fn is_valid_href(href: &str) -> bool {
    let b = href.as_bytes();
    !href.is_empty()
        && b.iter().enumerate().all(|(i, &c)| match c {
            b'%' => b.len() > i + 2 && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit(),
            c => c.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&c),
        })
}

/// The web addresses the EPUB's links go to, after checking that every href is valid,
/// leads inside the book or to an allowed scheme, and sits in no other link.
fn epub_web_hrefs(epub: &Path) -> BTreeSet<String> {
    let mut web = BTreeSet::new();
    for (name, text) in xhtml_docs(epub) {
        let doc = parse(&text);
        for a in doc.descendants().filter(|n| n.has_tag_name("a")) {
            assert!(
                !a.ancestors().skip(1).any(|n| n.has_tag_name("a")),
                "{name}: a link inside a link: {:?}",
                a.attribute("href")
            );
            let Some(href) = a.attribute("href") else {
                continue;
            };
            assert!(is_valid_href(href), "{name}: invalid href {href:?}");
            match href.split_once(':') {
                Some((scheme, _)) => {
                    assert!(
                        ["http", "https", "mailto", "tel"].contains(&scheme),
                        "{name}: {href}"
                    );
                    web.insert(href.to_string());
                }
                None => assert!(
                    href.starts_with('#') || href.contains(".xhtml"),
                    "{name}: {href}"
                ),
            }
        }
    }
    web
}

/// Every URI the PDF's link actions hold.
fn pdf_uris(pdf: &Path) -> BTreeSet<String> {
    let doc = lopdf::Document::load(pdf).expect("lopdf reads the PDF");
    let mut uris = BTreeSet::new();
    for object in doc.objects.values() {
        collect_uris(object, &mut uris);
    }
    uris
}

fn collect_uris(object: &lopdf::Object, out: &mut BTreeSet<String>) {
    match object {
        lopdf::Object::Dictionary(d) => {
            if let Ok(uri) = d.get(b"URI").and_then(|u| u.as_str()) {
                out.insert(String::from_utf8(uri.to_vec()).expect("URIs are ASCII"));
            }
            for (_, v) in d.iter() {
                collect_uris(v, out);
            }
        }
        lopdf::Object::Array(a) => a.iter().for_each(|v| collect_uris(v, out)),
        _ => {}
    }
}

#[test]
fn hostile_links_build_with_a_warning_at_each() {
    let built = build();
    for w in WARNINGS {
        assert!(
            built.stderr.contains(w),
            "no warning {w:?} in:\n{}",
            built.stderr
        );
    }
}

#[test]
fn no_refused_scheme_reaches_the_epub_and_every_href_is_valid() {
    let built = build();
    for (name, bytes) in epub_files(&built.epub) {
        assert_eq!(refused_in(&bytes), Vec::<&str>::new(), "in {name}");
    }
    let web = epub_web_hrefs(&built.epub);
    for expected in [
        "https://example.org/growth-of-100%25",
        "https://example.org/two%20words",
        "https://xn--e1afmkfd.xn--p1ai/%D0%BF%D1%83%D1%82%D1%8C",
        "https://outer.example/",
        "https://example.org/zebra",
    ] {
        assert!(web.contains(expected), "{expected} not in {web:?}");
    }
    assert!(!web.iter().any(|h| h.contains("inner.example")), "{web:?}");
}

#[test]
fn the_pdf_links_to_exactly_what_the_epub_does() {
    if !common::require_tool("qpdf") {
        return;
    }
    let built = build();
    let qdf = built.pdf.with_extension("qdf.pdf");
    let status = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(&built.pdf)
        .arg(&qdf)
        .status()
        .expect("qpdf runs");
    assert!(status.success(), "qpdf: {status:?}");
    let bytes = std::fs::read(&qdf).unwrap();
    assert_eq!(refused_in(&bytes), Vec::<&str>::new());
    let uris = pdf_uris(&built.pdf);
    let web: BTreeSet<String> = (uris.iter()).filter(|u| u.contains(':')).cloned().collect();
    // No link inside the link: the inner address has no annotation.
    assert!(!web.iter().any(|u| u.contains("inner.example")), "{web:?}");
    assert_eq!(web, epub_web_hrefs(&built.epub));
    // The other article, which the EPUB links to as its XHTML file, is reached inside the
    // PDF: no relative address is left for a reader's browser.
    assert_eq!(uris.len(), web.len(), "{uris:?}");
}

#[test]
fn every_word_of_the_links_is_in_both_outputs_the_refused_ones_as_plain_text() {
    if !common::require_tool("pdftotext") {
        return;
    }
    let built = build();
    let mut epub_text = String::new();
    for (name, text) in xhtml_docs(&built.epub) {
        let doc = parse(&text);
        for node in doc.descendants().filter(|n| n.is_text()) {
            let t = node.text().unwrap_or("");
            epub_text.push_str(t);
            epub_text.push(' ');
            let linked = node
                .ancestors()
                .any(|a| a.has_tag_name("a") && a.attribute("href").is_some());
            for word in TEXT_WORDS.iter().filter(|w| t.contains(*w)) {
                assert!(!linked, "{name}: {word} is still a link");
            }
        }
    }
    let out = Command::new("pdftotext")
        .arg(&built.pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let pdf_text = String::from_utf8_lossy(&out.stdout);
    // "Ibex" stands in a raw HTML block, which print leaves out (with its own warning).
    for word in LINK_WORDS.iter().chain(["Ibex"].iter()) {
        assert!(epub_text.contains(word), "{word} is missing from the EPUB");
    }
    for word in LINK_WORDS {
        assert!(pdf_text.contains(word), "{word} is missing from the PDF");
    }
}
