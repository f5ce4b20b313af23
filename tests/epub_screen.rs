//! The sample books (and the EPUB fixtures, which hold every block type) read well on every
//! screen, as a reader sees them in a real browser: every XHTML page, loaded in headless Chromium at phone (360×640) and desktop (1024×768)
//! sizes, never scrolls sideways; the title page's and part openers' headings are centred;
//! code blocks are set apart from body text and stay legible in light, sepia and night
//! themes; images fit; tables sit in labelled, focusable scroll regions; blocks appear in
//! the order of the text; body text is hyphenated, code and web addresses are not.
//!
//! `tests/screen/measure.mjs` (puppeteer-core driving Debian's chromium, one browser for
//! every page) measures; this test asserts. Screenshots of a few pages are kept in
//! `target/tmp/screen/`. Under CI a missing chromium, node or puppeteer-core fails the test.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

/// The screen sizes every page is tried at: a small phone, and a desktop window.
const VIEWPORTS: [(u32, u32); 2] = [(360, 640), (1024, 768)];

/// The least contrast (WCAG AA, body-size text) code must keep under every theme.
const MIN_CONTRAST: f64 = 4.5;

/// How far a centred heading's two side gaps may differ (px: rounding, a trailing space).
const CENTRE_TOLERANCE: f64 = 2.0;

/// One sample book's EPUB, unpacked.
struct Unpacked {
    name: String,
    _dir: tempfile::TempDir,
    /// Every XHTML file, by file name.
    pages: BTreeMap<String, PathBuf>,
}

/// Builds the book at `manifest` and writes its files into a temporary folder.
fn unpack(manifest: &Path) -> Unpacked {
    let root = manifest.parent().expect("a collection folder");
    let (book, _) = common::epub_of(root);
    let dir = tempfile::tempdir().unwrap();
    let mut pages = BTreeMap::new();
    for e in &book.entries {
        let path = dir.path().join(&e.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &e.bytes).unwrap();
        if e.path.ends_with(".xhtml") {
            let name = e.path.rsplit('/').next().unwrap().to_string();
            pages.insert(name, path);
        }
    }
    Unpacked {
        name: root.file_name().unwrap().to_string_lossy().into_owned(),
        _dir: dir,
        pages,
    }
}

/// The pages worth a screenshot: the title page, the first part opener, every page with a
/// table (scrolled to it) and the first with code (scrolled to it, also in night mode).
fn shots(book: &Unpacked) -> Vec<(PathBuf, Value)> {
    let with = |pat: &str| -> Vec<(String, PathBuf)> {
        (book.pages.iter())
            .filter(|(n, _)| n.starts_with("article-"))
            .filter(|(_, p)| std::fs::read_to_string(p).unwrap().contains(pat))
            .map(|(n, p)| (n.clone(), p.clone()))
            .collect()
    };
    let mut out = Vec::new();
    let mut add = |page: Option<(String, PathBuf)>, kind: &str, extra: Value| {
        if let Some((name, path)) = page {
            let mut v = json!({ "name": format!("{}-{kind}-{}", book.name, name.trim_end_matches(".xhtml")) });
            v.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            out.push((path, v));
        }
    };
    let page = |n: &str| book.pages.get(n).map(|p| (n.to_string(), p.clone()));
    add(page("title.xhtml"), "title", json!({}));
    add(page("part-1.xhtml"), "part", json!({}));
    for page in with("<table") {
        add(Some(page), "table", json!({ "focus": ".table-scroll" }));
    }
    add(
        with("<pre").into_iter().next(),
        "code",
        json!({ "focus": "pre", "night": true }),
    );
    out
}

/// Runs the measuring script over every page of `books`; returns one record per page and
/// viewport.
fn measure(books: &[Unpacked], chromium: &Path, shot_dir: &Path) -> Vec<Value> {
    let pages: Vec<&PathBuf> = books.iter().flat_map(|b| b.pages.values()).collect();
    let shot_pages: serde_json::Map<String, Value> = (books.iter())
        .flat_map(shots)
        .map(|(p, v)| (p.to_string_lossy().into_owned(), v))
        .collect();
    let spec = json!({
        "chromium": chromium,
        "viewports": VIEWPORTS,
        "pages": pages,
        "shots": { "dir": shot_dir, "pages": shot_pages },
    });
    let spec_file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(spec_file.path(), spec.to_string()).unwrap();
    let out = Command::new("node")
        .arg(common::node_tools().join("measure.mjs"))
        .arg(spec_file.path())
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "measure.mjs failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("measure.mjs prints JSON")
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or(f64::NAN)
}

/// The alpha of a computed CSS colour (`rgba(…, a)`; 1 for `rgb(…)`).
fn alpha(colour: &str) -> f64 {
    match colour.strip_prefix("rgba(") {
        Some(rest) => rest
            .trim_end_matches(')')
            .rsplit(',')
            .next()
            .and_then(|a| a.trim().parse().ok())
            .unwrap_or(0.0),
        None => 1.0,
    }
}

/// Everything wrong with one page at one viewport, one line each.
fn problems(m: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let view = num(&m["viewport"]);
    let mut fail = |s: String| out.push(s);
    if m["lang"].as_str().unwrap_or("").is_empty() {
        fail("the page has no lang".into());
    }
    if num(&m["scrollWidth"]) > view {
        fail(format!("scrolls sideways: {} px wide", m["scrollWidth"]));
    }
    for s in m["sticking"].as_array().unwrap() {
        fail(format!("{} reaches {} px", s["what"], s["right"]));
    }
    for o in m["outOfOrder"].as_array().unwrap() {
        fail(format!("{} appears above the block before it", o["what"]));
    }
    for h in m["headings"].as_array().unwrap() {
        let (l, r) = (num(&h["leftGap"]), num(&h["rightGap"]));
        if h["textAlign"] != "center" || (l - r).abs() > CENTRE_TOLERANCE {
            fail(format!(
                "heading of {} is not centred: text-align {}, gaps {l:.0}/{r:.0} px",
                h["where"], h["textAlign"]
            ));
        }
    }
    code_problems(m, view, &mut fail);
    for t in m["tables"].as_array().unwrap() {
        let label = t["label"].as_str().unwrap_or("");
        if t["role"] != "region" || label.is_empty() || t["tabindex"] != "0" {
            fail(format!(
                "a table is not in a labelled, focusable region: {t}"
            ));
        }
        if t["overflowX"] != "auto" || num(&t["regionRight"]) > view + 0.5 {
            fail(format!(
                "the table region {label:?} does not scroll within the screen"
            ));
        }
    }
    for i in m["images"].as_array().unwrap() {
        if num(&i["naturalWidth"]) <= 0.0 {
            fail(format!("image {} did not load", i["src"]));
        }
        if num(&i["width"]) > view || num(&i["right"]) > view + 0.5 {
            fail(format!("image {} is wider than the screen", i["src"]));
        }
    }
    for a in m["urlLinks"].as_array().unwrap() {
        if a["hyphens"] == "auto" {
            fail(format!("web address {} may be hyphenated", a["text"]));
        }
    }
    out
}

/// Code blocks differ from body text, fit the screen, are never hyphenated, and keep their
/// contrast under every reading theme.
fn code_problems(m: &Value, view: f64, fail: &mut impl FnMut(String)) {
    let body = &m["body"];
    for c in m["code"].as_array().unwrap() {
        if body.is_object() && c["fontFamily"] == body["fontFamily"] {
            fail("code is set in the body text's font".into());
        }
        let tinted = alpha(c["backgroundColor"].as_str().unwrap_or("")) > 0.0;
        let ruled = num(&c["borderLeftWidth"]) > 0.0 && c["borderLeftStyle"] != "none";
        if !tinted && !ruled {
            fail("code has neither a tint nor a rule to set it apart".into());
        }
        if num(&c["right"]) > view + 0.5 || num(&c["scrollWidth"]) > num(&c["clientWidth"]) {
            fail("a code block runs past the screen".into());
        }
        let inner = &c["codeHyphens"]; // null for a `pre` without `code` (raw HTML shown)
        if c["hyphens"] != "none" || (!inner.is_null() && inner != "none") {
            fail(format!(
                "code may be hyphenated: {} / {inner}",
                c["hyphens"]
            ));
        }
    }
    for (theme, ratios) in m["themes"].as_object().unwrap() {
        for r in ratios.as_array().unwrap() {
            if num(r) < MIN_CONTRAST {
                fail(format!(
                    "code contrast in the {theme} theme is {:.2}",
                    num(r)
                ));
            }
        }
    }
}

#[test]
fn every_page_reads_well_on_phone_and_desktop_screens() {
    if !common::require_node_package("puppeteer-core") {
        return;
    }
    let Some(chromium) = common::chromium() else {
        return;
    };
    let mut manifests = common::sample_books();
    manifests.extend(
        common::epub_fixtures()
            .iter()
            .map(|d| d.join("collection.toml")),
    );
    let books: Vec<Unpacked> = manifests.iter().map(|m| unpack(m)).collect();
    assert!(!books.is_empty(), "no sample books found");
    let shot_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screen");
    let records = measure(&books, &chromium, &shot_dir);
    let pages: usize = books.iter().map(|b| b.pages.len()).sum();
    assert_eq!(
        records.len(),
        pages * VIEWPORTS.len(),
        "one record per page and size"
    );

    let mut failures = Vec::new();
    let mut centred = 0;
    let mut code = 0;
    let mut tables = 0;
    for m in &records {
        let file = m["file"].as_str().unwrap();
        let name = Path::new(file).file_name().unwrap().to_string_lossy();
        let is_opener = name == "title.xhtml" || name.starts_with("part-");
        if is_opener && m["headings"].as_array().unwrap().is_empty() {
            failures.push(format!(
                "{file}: no title or part heading was found to measure"
            ));
        }
        if name.starts_with("article-") && m["body"]["hyphens"] != "auto" {
            failures.push(format!("{file}: body text is not hyphenated"));
        }
        centred += m["headings"].as_array().unwrap().len();
        code += m["code"].as_array().unwrap().len();
        tables += m["tables"].as_array().unwrap().len();
        for p in problems(m) {
            failures.push(format!("{file} at {} px: {p}", m["viewport"]));
        }
    }
    eprintln!(
        "{} pages × {} sizes: {centred} centred headings, {code} code blocks and {tables} tables measured; screenshots in {}",
        pages,
        VIEWPORTS.len(),
        shot_dir.display()
    );
    assert!(
        code > 0 && tables > 0,
        "the sample books have code and tables to check"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
