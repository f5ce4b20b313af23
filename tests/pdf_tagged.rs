//! The tagged PDF (PDF/UA-1): the structure tree as poppler reads it back (`pdfinfo
//! -struct-text`) matches the model of both sample books (every paragraph one P with its
//! text in reading order, headings at their source levels, notes as Note, figures with
//! their Alt, table header cells as TH, the Russian article in Russian), our own check of
//! the machine-checkable Matterhorn checkpoints passes, and so does the PyPI checker
//! `outloud` (after it is shown to fail an untagged file and a broken tree); `tagged =
//! false` turns it all off.

mod common;
mod tagged_check;

use std::path::{Path, PathBuf};
use std::process::Command;

use folio::diag::Diagnostics;
use folio::manifest::Collection;
use folio::model::{Block, Inline};
use folio::pdf::{BuildDate, Setup};
use folio::typeset::{self, Layout};
use lopdf::Document;

fn load(name: &str) -> (Collection, Layout) {
    load_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("books")
            .join(name),
    )
}

/// The collection in `dir`, which loads without errors, and its layout.
fn load_dir(dir: &Path) -> (Collection, Layout) {
    let mut diags = Diagnostics::new();
    let c = folio::build::load(dir, &mut diags).expect("the book loads");
    assert!(!diags.has_errors(), "{:?}", diags.items());
    let layout = typeset::layout(&c, &mut diags);
    (c, layout)
}

fn pdf_with(c: &Collection, layout: &Layout, tagged: bool) -> Vec<u8> {
    let mut diags = Diagnostics::new();
    let mut setup = Setup::for_print(&c.print);
    setup.tagged = tagged;
    let date = BuildDate::parse_iso("2026-11-01");
    folio::pdf::render_with(c, layout, &setup, date, &mut diags).expect("PDF")
}

fn write_tmp(bytes: &[u8], name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

fn tool(name: &str, args: &[&str], file: &Path) -> String {
    let out = Command::new(name).args(args).arg(file).output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A node of `pdfinfo -struct-text`'s tree: its type, the text it holds itself, its kids.
#[derive(Debug, Default, Clone)]
struct Node {
    kind: String,
    text: String,
    kids: Vec<Node>,
}

/// The tree `pdfinfo -struct-text` prints: two spaces of indent a level; an element's type
/// first on its line, its text as quoted lines, attributes on lines of their own. An inline
/// element's text (a Link, Reference, Code or Formula in a paragraph) is also its parent's,
/// in its place.
fn parse_tree(dump: &str) -> Node {
    let mut stack: Vec<(usize, Node)> = vec![(0, Node::default())];
    for line in dump.lines() {
        let depth = line.len() - line.trim_start().len();
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        while stack.len() > 1 && stack.last().unwrap().0 > depth {
            pop_into_parent(&mut stack);
        }
        if let Some(text) = t.strip_prefix('"') {
            let text = text.strip_suffix('"').unwrap_or(text);
            stack.last_mut().unwrap().1.text.push_str(text);
            continue;
        }
        let kind = t.split([' ', ':']).next().unwrap_or("");
        if t.starts_with('/') || kind == "Object" {
            continue;
        }
        let node = Node {
            kind: kind.to_string(),
            ..Node::default()
        };
        stack.push((depth + 1, node));
    }
    while stack.len() > 1 {
        pop_into_parent(&mut stack);
    }
    stack.pop().unwrap().1
}

/// Ends the innermost node of `stack`, a kid of the one below it.
fn pop_into_parent(stack: &mut Vec<(usize, Node)>) {
    let (_, done) = stack.pop().unwrap();
    let parent = &mut stack.last_mut().unwrap().1;
    if INLINE.contains(&done.kind.as_str()) {
        parent.text.push_str(&done.text);
    }
    parent.kids.push(done);
}

/// The inline elements Folio makes inside a paragraph, heading or cell.
const INLINE: [&str; 4] = ["Link", "Reference", "Code", "Formula"];

/// The nodes of `kind` under `node`, in reading order, not looking inside `skip` kinds.
fn find<'a>(node: &'a Node, kind: &str, skip: &[&str], out: &mut Vec<&'a Node>) {
    for k in &node.kids {
        if k.kind == kind {
            out.push(k);
        }
        if !skip.contains(&k.kind.as_str()) {
            find(k, kind, skip, out);
        }
    }
}

/// The letters of `text`, lower-cased: what must read the same in the model and the PDF
/// (hyphens of line breaks, note and link numbers and spacing aside).
fn letters(text: &str) -> String {
    (text.chars())
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether the run is set as text letter for letter (math is set as glyphs, images as
/// figures, citations as notes).
fn plain(inlines: &[Inline]) -> bool {
    inlines.iter().all(|i| match i {
        Inline::Math(_) | Inline::Image { .. } | Inline::Cite(_) | Inline::RawHtml(_) => false,
        Inline::Emph(c)
        | Inline::Strong(c)
        | Inline::Strike(c)
        | Inline::Superscript(c)
        | Inline::Subscript(c) => plain(c),
        Inline::Link { content, .. } => plain(content),
        _ => true,
    })
}

/// Each article's Art element in the tree, in reading order.
fn arts(tree: &Node) -> Vec<&Node> {
    let mut out = Vec::new();
    find(tree, "Art", &[], &mut out);
    out
}

/// Checks one article's subtree against its model; gives what does not match.
fn check_article(doc: &folio::model::Document, art: &Node) -> Vec<String> {
    let mut problems = Vec::new();
    let mut paras = Vec::new();
    let mut heads = Vec::new();
    let mut figures = 0;
    folio::model::visit_blocks(&doc.blocks, false, &mut |b| match b {
        Block::Paragraph { content, .. } if plain(content) => {
            paras.push(letters(&folio::model::plain_text(content)))
        }
        Block::Heading { level, content, .. } => heads.push(format!(
            "H{level} {}",
            letters(&folio::model::plain_text(content))
        )),
        Block::Figure(_) => figures += 1,
        _ => {}
    });
    let mut ps = Vec::new();
    find(art, "P", &["Note", "Figure", "Caption"], &mut ps);
    let mut got = ps.iter().map(|p| letters(&p.text));
    for want in paras.iter().filter(|p| !p.is_empty()) {
        if !got.any(|g| &g == want) {
            problems.push(format!("no P reads, in its place, {want:?}"));
            break;
        }
    }
    let mut got_heads: Vec<String> = Vec::new();
    collect_heads(art, &mut got_heads);
    if got_heads.get(..heads.len()) != Some(heads.as_slice()) {
        problems.push(format!("headings {got_heads:?}, the source has {heads:?}"));
    }
    let mut fig = Vec::new();
    find(art, "Figure", &[], &mut fig);
    if fig.len() < figures {
        problems.push(format!(
            "{} Figure elements for {figures} figures",
            fig.len()
        ));
    }
    problems
}

/// The headings below the article's title (H2–H6), in reading order, as "H2 letters".
fn collect_heads(node: &Node, out: &mut Vec<String>) {
    for k in &node.kids {
        if let Some(l) = k
            .kind
            .strip_prefix('H')
            .filter(|l| l.len() == 1 && *l != "1")
        {
            out.push(format!("H{l} {}", letters(&k.text)));
        }
        collect_heads(k, out);
    }
}

/// The number of footnotes of an article (each is one Note).
fn notes_of(doc: &folio::model::Document) -> usize {
    let mut n = std::collections::BTreeSet::new();
    folio::model::visit_inlines(&doc.blocks, true, &mut |run| {
        folio::model::notes_in(run, &mut |note| {
            n.insert(note.number);
        })
    });
    n.len()
}

fn check_book(name: &str) {
    if !common::require_tool("pdfinfo") {
        return;
    }
    let (c, layout) = load(name);
    let (_dir, file) = write_tmp(&pdf_with(&c, &layout, true), "book.pdf");
    assert!(tool("pdfinfo", &[], &file).contains("Tagged:          yes"));
    let tree = parse_tree(&tool("pdfinfo", &["-struct-text"], &file));
    let arts = arts(&tree);
    let articles: Vec<_> = c.articles().collect();
    assert_eq!(arts.len(), articles.len(), "one Art per article");
    for (a, art) in articles.iter().zip(&arts) {
        let problems = check_article(&a.doc, art);
        assert!(problems.is_empty(), "{}: {problems:?}", a.path.display());
        let mut notes = Vec::new();
        find(art, "Note", &[], &mut notes);
        assert_eq!(notes.len(), notes_of(&a.doc), "{}: notes", a.path.display());
    }
    let violations = tagged_check::violations(&Document::load(&file).unwrap());
    assert!(violations.is_empty(), "{violations:?}");
}

#[test]
fn the_anthology_reads_as_it_is_written() {
    check_book("sample-anthology");
}

#[test]
fn the_book_reads_as_it_is_written() {
    check_book("sample-book");
}

/// The tree check can fail: an article's model does not match another article's tree.
#[test]
fn another_articles_tree_does_not_match() {
    if !common::require_tool("pdfinfo") {
        return;
    }
    let (c, layout) = load("sample-anthology");
    let (_dir, file) = write_tmp(&pdf_with(&c, &layout, true), "book.pdf");
    let tree = parse_tree(&tool("pdfinfo", &["-struct-text"], &file));
    let arts = arts(&tree);
    let first = c.articles().next().unwrap();
    assert!(!check_article(&first.doc, arts[1]).is_empty());
}

/// Structure elements of `doc` of type `s`, as dictionaries.
fn elements_of<'a>(doc: &'a Document, s: &str) -> Vec<&'a lopdf::Dictionary> {
    (doc.objects.values())
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"S").ok().and_then(|n| n.as_name().ok()) == Some(s.as_bytes()))
        .collect()
}

/// A text string of a PDF dictionary, decoded.
fn text_of(d: &lopdf::Dictionary, key: &[u8]) -> Option<String> {
    let bytes = d.get(key).ok()?.as_str().ok()?;
    Some(match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(u) => String::from_utf16_lossy(
            &u.chunks(2)
                .map(|p| u16::from_be_bytes([p[0], p[1]]))
                .collect::<Vec<_>>(),
        ),
        None => String::from_utf8_lossy(bytes).into_owned(),
    })
}

/// The tagged PDF of a one-article book in `dir` whose paragraph holds a link, inline code,
/// an inline formula and a note's mark, and that paragraph as poppler prints the tree.
fn inline_paragraph(dir: &Path) -> (Vec<u8>, Node) {
    std::fs::write(
        dir.join("collection.toml"),
        "title = \"T\"\nauthors = [\"A\"]\narticles = [\"a.md\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("a.md"),
        "# Inline\n\nSee [the survey](https://example.org/s) with `grep -n` for $x^2$ here.[^1]\n\n\
         [^1]: The note.\n",
    )
    .unwrap();
    let (c, layout) = load_dir(dir);
    let bytes = pdf_with(&c, &layout, true);
    let (_tmp, file) = write_tmp(&bytes, "inline.pdf");
    let violations = tagged_check::violations(&Document::load(&file).unwrap());
    assert!(violations.is_empty(), "{violations:?}");
    let tree = parse_tree(&tool("pdfinfo", &["-struct-text"], &file));
    let mut ps = Vec::new();
    find(&tree, "P", &["Note"], &mut ps);
    let p = ps
        .into_iter()
        .find(|p| p.text.contains("See"))
        .expect("the P");
    (bytes, p.clone())
}

/// A link's text is its Link element's (with its annotation), code is Code, a formula is
/// Formula with its TeX as Alt, and a note's mark is a Reference holding the Link to the
/// note, each in its place in the paragraph's reading order.
#[test]
fn inline_links_code_formulas_and_marks_are_their_own_elements() {
    if !common::require_tool("pdfinfo") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (bytes, p) = inline_paragraph(dir.path());
    let kinds: Vec<&str> = p.kids.iter().map(|k| k.kind.as_str()).collect();
    // The link's number in the article's reference list is a Reference too.
    let want = ["Link", "Reference", "Code", "Formula", "Reference"];
    assert_eq!(kinds, want, "{p:?}");
    assert_eq!(p.kids[0].text.trim(), "the survey");
    assert_eq!(p.kids[2].text.trim(), "grep -n");
    for (r, mark) in [(1, "[1]"), (4, "1")] {
        assert_eq!(p.kids[r].kids.len(), 1, "{p:?}");
        assert_eq!(p.kids[r].kids[0].kind, "Link");
        assert_eq!(p.kids[r].kids[0].text.trim(), mark);
    }
    // A word after a formula does not run into it.
    assert!(p.text.contains(" here"), "{:?}", p.text);
    // In reading order: the kids' text stands in its place among the paragraph's own.
    let at = |t: &str| {
        p.text
            .find(t)
            .unwrap_or_else(|| panic!("{t:?} in {:?}", p.text))
    };
    assert!(at("See") < at("the survey") && at("the survey") < at("with"));
    assert!(at("with") < at("grep -n") && at("grep -n") < at("for"));
    assert!(at("for") < at("here"));
    let doc = Document::load_mem(&bytes).unwrap();
    let formulas = elements_of(&doc, "Formula");
    assert_eq!(formulas.len(), 1);
    assert_eq!(text_of(formulas[0], b"Alt").as_deref(), Some("x^2"));
    for link in elements_of(&doc, "Link") {
        let k = link.get(b"K").and_then(|k| k.as_array()).unwrap();
        let objr = k.iter().filter(|o| {
            let d = match o {
                lopdf::Object::Dictionary(d) => Some(d),
                _ => None,
            };
            d.and_then(|d| d.get(b"Type").ok())
                .and_then(|t| t.as_name().ok())
                == Some(b"OBJR".as_slice())
        });
        assert_eq!(objr.count(), 1, "each Link holds its one annotation");
    }
}

/// The anthology's Russian article is the one Art in Russian; the book's language is
/// the catalog's.
#[test]
fn the_russian_article_is_tagged_russian() {
    let (c, layout) = load("sample-anthology");
    let doc = Document::load_mem(&pdf_with(&c, &layout, true)).unwrap();
    let catalog = doc.catalog().unwrap();
    assert_eq!(text_of(catalog, b"Lang").as_deref(), Some("en"));
    let langs: Vec<Option<String>> = elements_of(&doc, "Art")
        .into_iter()
        .map(|a| text_of(a, b"Lang"))
        .collect();
    assert_eq!(langs.len(), c.articles().count());
    let russian: Vec<_> = langs.iter().flatten().collect();
    assert_eq!(russian, vec!["ru"], "{langs:?}");
    assert!(c.articles().any(|a| a.language == "ru"));
}

/// Every figure carries its image's description, every table head cell is a TH with a
/// column scope, in the order of the source.
#[test]
fn figures_have_their_alt_and_head_cells_are_th() {
    if !common::require_tool("pdfinfo") {
        return;
    }
    let (c, layout) = load("sample-book");
    let bytes = pdf_with(&c, &layout, true);
    let doc = Document::load_mem(&bytes).unwrap();
    let mut alts = Vec::new();
    let mut heads = Vec::new();
    for a in c.articles() {
        folio::model::visit_blocks(&a.doc.blocks, false, &mut |b| match b {
            Block::Figure(f) if !f.alt.trim().is_empty() => alts.push(f.alt.clone()),
            Block::Table { head, .. } => {
                heads.extend(head.iter().map(|h| letters(&folio::model::plain_text(h))))
            }
            _ => {}
        });
    }
    assert!(
        !alts.is_empty() && !heads.is_empty(),
        "the book has figures and tables"
    );
    let got: Vec<String> = elements_of(&doc, "Figure")
        .into_iter()
        .filter_map(|f| text_of(f, b"Alt"))
        .collect();
    for alt in &alts {
        assert!(got.contains(alt), "no Figure has the Alt {alt:?}: {got:?}");
    }
    let (_dir, file) = write_tmp(&bytes, "book.pdf");
    let tree = parse_tree(&tool("pdfinfo", &["-struct-text"], &file));
    let mut th = Vec::new();
    find(&tree, "TH", &[], &mut th);
    let th: Vec<String> = th.iter().map(|t| letters(&t.text)).collect();
    assert_eq!(th, heads);
    let scoped = elements_of(&doc, "TH").into_iter().all(|t| {
        let a = t.get(b"A").ok().and_then(|a| a.as_dict().ok());
        a.and_then(|a| a.get(b"Scope").ok()) == Some(&lopdf::Object::Name(b"Column".to_vec()))
    });
    assert!(scoped, "every TH has /Scope /Column");
}

/// `tagged = false` (here, its setting) writes the file untagged, and our checks say so.
#[test]
fn an_untagged_file_fails_the_checks() {
    if !common::require_tool("pdfinfo") {
        return;
    }
    let (c, layout) = load("sample-book");
    let (_dir, file) = write_tmp(&pdf_with(&c, &layout, false), "book.pdf");
    assert!(tool("pdfinfo", &[], &file).contains("Tagged:          no"));
    let violations = tagged_check::violations(&Document::load(&file).unwrap());
    assert!(
        violations.iter().any(|v| v.starts_with("01-005")),
        "{violations:?}"
    );
}

/// Our checks see a figure without Alt, a type neither standard nor mapped, and content
/// left out of marked content.
#[test]
fn a_broken_tree_fails_the_checks() {
    let (c, layout) = load("sample-book");
    let mut doc = Document::load_mem(&pdf_with(&c, &layout, true)).unwrap();
    break_tree(&mut doc);
    let violations = tagged_check::violations(&doc);
    for checkpoint in ["13-004", "02-001", "10-001"] {
        assert!(
            violations.iter().any(|v| v.starts_with(checkpoint)),
            "{checkpoint} not found in {violations:?}"
        );
    }
}

/// Takes the Alt from every figure, renames every Lbl to a type of no standard and
/// empties every font's ToUnicode map.
fn break_tree(doc: &mut Document) {
    for o in doc.objects.values_mut() {
        if let Ok(s) = o.as_stream_mut() {
            let text = s
                .decompressed_content()
                .unwrap_or_else(|_| s.content.clone());
            if String::from_utf8_lossy(&text).contains("beginbfchar") {
                s.dict.remove(b"Filter");
                s.set_content(b"begincmap\nendcmap\n".to_vec());
            }
            continue;
        }
        let Ok(d) = o.as_dict_mut() else { continue };
        match d.get(b"S").ok().and_then(|s| s.as_name().ok()) {
            Some(b"Figure") => {
                d.remove(b"Alt");
            }
            Some(b"Lbl") => d.set("S", lopdf::Object::Name(b"Bullet".to_vec())),
            _ => {}
        }
    }
}

/// The PyPI checker `outloud`, if it runs here (under CI it must).
fn outloud() -> Option<PathBuf> {
    let local = std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/bin/outloud"));
    let found = ["outloud".into()]
        .into_iter()
        .chain(local)
        .find(|p: &PathBuf| {
            Command::new(p)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        });
    if found.is_none() {
        if std::env::var_os("CI").is_some() {
            panic!("`outloud` is not installed, and CI must run this test; .ci/run installs it");
        }
        eprintln!("skipping: `outloud` is not installed (pip install --user outloud)");
    }
    found
}

/// The number of errors outloud reports for `file`.
fn outloud_errors(outloud: &Path, file: &Path) -> usize {
    let out = Command::new(outloud)
        .args(["--json", "-", "--fail-on", "never", "-q"])
        .arg(file)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "outloud's report: {e}: {}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    let result = &json["results"][0];
    assert!(
        result["error"].is_null(),
        "outloud could not read it: {result}"
    );
    result["counts"]["error"]
        .as_u64()
        .unwrap_or_else(|| panic!("no error count in {json}")) as usize
}

/// outloud fails an untagged file and a broken tree, so it is trusted to pass both sample
/// books with no error.
#[test]
fn outloud_finds_no_error_in_the_sample_books() {
    let Some(outloud) = outloud() else { return };
    let (c, layout) = load("sample-book");
    let (_u, untagged) = write_tmp(&pdf_with(&c, &layout, false), "untagged.pdf");
    assert!(
        outloud_errors(&outloud, &untagged) > 0,
        "an untagged file passes"
    );
    let mut doc = Document::load_mem(&pdf_with(&c, &layout, true)).unwrap();
    break_tree(&mut doc);
    let mut broken = Vec::new();
    doc.save_to(&mut broken).unwrap();
    let (_b, broken) = write_tmp(&broken, "broken.pdf");
    assert!(
        outloud_errors(&outloud, &broken) > 0,
        "a broken tree passes"
    );
    for name in ["sample-book", "sample-anthology"] {
        let (c, layout) = load(name);
        let (_d, file) = write_tmp(&pdf_with(&c, &layout, true), "book.pdf");
        assert_eq!(outloud_errors(&outloud, &file), 0, "{name}");
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("books/sample-anthology");
    let (_out, _book, offprints) = common::offprints_of(&dir);
    for file in offprints
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
    {
        assert_eq!(outloud_errors(&outloud, file), 0, "{}", file.display());
    }
}

/// Offprints carry their article's part of the book's tree, the citation line first.
#[test]
fn offprints_are_tagged_with_their_articles_tree() {
    if !common::require_tool("pdfinfo") {
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("books/sample-anthology");
    let (_out, _book, offprints) = common::offprints_of(&dir);
    let pdfs: Vec<_> = (offprints.iter())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    assert!(!pdfs.is_empty());
    for file in pdfs {
        let violations = tagged_check::violations(&Document::load(file).unwrap());
        assert!(violations.is_empty(), "{}: {violations:?}", file.display());
        let tree = parse_tree(&tool("pdfinfo", &["-struct-text"], file));
        let arts = arts(&tree);
        assert_eq!(arts.len(), 1, "{}", file.display());
        let first = arts[0].kids.first().map(|k| k.text.as_str()).unwrap_or("");
        assert!(
            first.contains("Crosscurrents 2026"),
            "{}: {first:?}",
            file.display()
        );
    }
}

/// The fixture collections that make a PDF (every folder of `tests/fixtures` with a
/// manifest, the manifest-error cases aside), in name order.
fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for group in std::fs::read_dir(&root).unwrap().flatten() {
        if group.file_name() == "manifest" || !group.path().is_dir() {
            continue;
        }
        for case in std::fs::read_dir(group.path()).unwrap().flatten() {
            if case.path().join("collection.toml").is_file() {
                out.push(case.path());
            }
        }
    }
    out.sort();
    out
}

/// Every fixture's PDF passes our checks, and outloud's when it is here.
#[test]
fn every_fixture_passes_the_checks() {
    let outloud = outloud();
    let fixtures = fixtures();
    assert!(fixtures.len() >= 5, "{fixtures:?}");
    for dir in fixtures {
        let out = tempfile::tempdir().unwrap();
        let req = folio::build::Request {
            formats: vec![folio::build::Format::Pdf],
            out_dir: Some(out.path().to_path_buf()),
            ..Default::default()
        };
        let mut diags = Diagnostics::new();
        let built = folio::build::build(&dir, &req, &mut diags)
            .unwrap_or_else(|e| panic!("{}: {e}: {:?}", dir.display(), diags.items()));
        let pdf = (built.written.iter())
            .find(|p| p.extension().is_some_and(|e| e == "pdf"))
            .expect("a PDF");
        let violations = tagged_check::violations(&Document::load(pdf).unwrap());
        assert!(violations.is_empty(), "{}: {violations:?}", dir.display());
        if let Some(outloud) = &outloud {
            assert_eq!(outloud_errors(outloud, pdf), 0, "{}", dir.display());
        }
    }
}
