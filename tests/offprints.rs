//! Offprints (`folio build --offprints`, `[offprints] enabled = true`): each article of an
//! anthology as its own PDF and EPUB. An offprint PDF holds the article's pages exactly as
//! the book prints them (page count, folios as page labels, the text of every page), with a
//! citation line on its opening page, its own metadata, subset fonts and deterministic
//! bytes; an offprint EPUB names the book it comes from and maps its text to the book's
//! pages. Poppler and qpdf are needed; under CI a missing one fails the test.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use folio::Diagnostics;

fn anthology() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("books/sample-anthology")
}

fn tool(name: &str, args: &[&str], file: &Path) -> String {
    let out = Command::new(name)
        .args(args)
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(
        out.status.success(),
        "{name} {args:?} {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// pdftotext's text of page `n` (1-based) of `pdf`.
fn page_text(pdf: &Path, n: usize) -> String {
    let n = n.to_string();
    let out = Command::new("pdftotext")
        .args(["-f", &n, "-l", &n])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    String::from_utf8_lossy(&out.stdout).trim_end().to_string()
}

fn page_count(pdf: &Path) -> usize {
    let info = tool("pdfinfo", &[], pdf);
    let line = info.lines().find(|l| l.starts_with("Pages:")).unwrap();
    line[6..].trim().parse().unwrap()
}

/// The first page label range of `pdf` as (style, start), read by qpdf.
fn first_label(pdf: &Path) -> (String, u64) {
    let json = tool("qpdf", &["--json", "--json-key=pagelabels"], pdf);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let first = &v["pagelabels"][0];
    assert_eq!(first["index"], 0, "labels start on the first page");
    let label = &first["label"];
    (
        label["/S"].as_str().unwrap_or("").to_string(),
        label["/St"].as_u64().unwrap_or(1),
    )
}

/// The anthology as loaded and laid out, for the spans and folios the offprints follow.
fn book_layout() -> (folio::Collection, folio::typeset::Layout) {
    let mut diags = Diagnostics::new();
    let c = folio::build::load(&anthology(), &mut diags).expect("the anthology loads");
    let layout = folio::typeset::layout(&c, &mut Diagnostics::new());
    (c, layout)
}

fn offprint_named(files: &[PathBuf], article: usize, ext: &str) -> PathBuf {
    let prefix = format!("{:02}-", article + 1);
    files
        .iter()
        .find(|p| {
            p.extension().is_some_and(|e| e == ext)
                && p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(&prefix)
        })
        .unwrap_or_else(|| panic!("no {ext} offprint for article {}: {files:?}", article + 1))
        .clone()
}

#[test]
fn each_offprint_holds_its_articles_pages_with_the_books_folios_and_text() {
    if !common::require_tool("pdftotext") || !common::require_tool("qpdf") {
        return;
    }
    let (_out, book_pdf, files) = common::offprints_of(&anthology());
    let (c, layout) = book_layout();
    assert_eq!(layout.articles.len(), c.articles().count());
    for (span, a) in layout.articles.iter().zip(c.articles()) {
        let pdf = offprint_named(&files, span.article, "pdf");
        let name = pdf.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(page_count(&pdf), span.pages.len(), "{name}: page count");
        let first = &layout.pages[span.pages.start].label;
        let last = &layout.pages[span.pages.end - 1].label;
        assert_eq!(
            first_label(&pdf),
            ("/D".to_string(), first.parse().unwrap()),
            "{name}: its folios are the book's"
        );
        for (k, book_page) in span.pages.clone().enumerate() {
            let mine = page_text(&pdf, k + 1);
            let theirs = page_text(&book_pdf, book_page + 1);
            if k == 0 {
                assert!(
                    mine.ends_with(&theirs),
                    "{name}: the opening page is the book's below the citation line"
                );
                let cite = mine[..mine.len() - theirs.len()].replace('\n', " ");
                let lead = if a.language.starts_with("ru") {
                    "Из сборника Crosscurrents 2026"
                } else {
                    "From Crosscurrents 2026"
                };
                assert!(cite.starts_with(lead), "{name}: citation {cite:?}");
                assert!(
                    cite.contains(&format!("{first}–{last}")),
                    "{name}: the citation gives pages {first}–{last}: {cite:?}"
                );
                assert!(cite.contains("978-1-915832-04-7"), "{name}: {cite:?}");
            } else {
                assert_eq!(mine, theirs, "{name}: page {}", k + 1);
            }
        }
    }
}

#[test]
fn offprints_have_their_own_metadata_subset_fonts_and_pass_qpdf() {
    if !common::require_tool("pdffonts") || !common::require_tool("qpdf") {
        return;
    }
    let (_out, book_pdf, files) = common::offprints_of(&anthology());
    let (c, _) = book_layout();
    let book_size = std::fs::metadata(&book_pdf).unwrap().len();
    for (i, a) in c.articles().enumerate() {
        let pdf = offprint_named(&files, i, "pdf");
        let name = pdf.file_name().unwrap().to_string_lossy().into_owned();
        tool("qpdf", &["--check"], &pdf);
        let fonts = tool("pdffonts", &[], &pdf);
        for line in fonts.lines().skip(2) {
            let cols: Vec<&str> = line.split_whitespace().collect();
            let n = cols.len();
            assert_eq!(
                &cols[n - 5..n - 2],
                &["yes", "yes", "yes"],
                "{name}: every font embedded, subset and mapped: {line}"
            );
        }
        let size = std::fs::metadata(&pdf).unwrap().len();
        assert!(
            size * 4 < book_size,
            "{name}: {size} bytes, the book {book_size}: fonts should be subset to the article"
        );
        let info = tool("pdfinfo", &[], &pdf);
        let title = a.title();
        assert!(
            info.lines()
                .any(|l| l.starts_with("Title:") && l.ends_with(title.as_str())),
            "{name}: title {title:?} in {info}"
        );
        let author = &a.doc.meta.authors[0].name;
        assert!(
            info.lines()
                .any(|l| l.starts_with("Author:") && l.contains(author.as_str())),
            "{name}: author {author:?} in {info}"
        );
        let outline = tool("qpdf", &["--json", "--json-key=outlines"], &pdf);
        let outline: serde_json::Value = serde_json::from_str(&outline).unwrap();
        let top = outline["outlines"].as_array().expect("an outline");
        assert_eq!(top.len(), 1, "{name}: one entry, the article's");
        assert_eq!(top[0]["title"], title.as_str(), "{name}: outline");
        assert_eq!(top[0]["destpageposfrom1"], 1, "{name}: it opens on page 1");
        let xmp = tool("pdfinfo", &["-meta"], &pdf);
        assert!(
            xmp.contains("<dc:source>Crosscurrents 2026"),
            "{name}: the book is named as the source"
        );
        assert!(
            xmp.contains(&format!("<rdf:li>{}</rdf:li>", a.language)),
            "{name}: the article's language"
        );
    }
}

#[test]
fn offprints_are_the_same_bytes_on_every_build() {
    let (_a, _, first) = common::offprints_of(&anthology());
    let (_b, _, second) = common::offprints_of(&anthology());
    assert_eq!(first.len(), 16, "a PDF and an EPUB for each of 8 articles");
    for (x, y) in first.iter().zip(&second) {
        assert_eq!(x.file_name(), y.file_name());
        assert!(
            std::fs::read(x).unwrap() == std::fs::read(y).unwrap(),
            "{} differs between builds",
            x.display()
        );
    }
}

/// The text of the file at `path` inside the EPUB `epub`.
fn epub_entry(epub: &Path, path: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(path)
        .unwrap_or_else(|_| panic!("{} has no {path}", epub.display()))
        .read_to_string(&mut s)
        .unwrap();
    s
}

#[test]
fn an_offprint_epub_is_its_article_and_maps_to_the_books_pages() {
    let (_out, _, files) = common::offprints_of(&anthology());
    let (c, layout) = book_layout();
    for (span, a) in layout.articles.iter().zip(c.articles()) {
        let epub = offprint_named(&files, span.article, "epub");
        let name = epub.file_name().unwrap().to_string_lossy().into_owned();
        let opf = epub_entry(&epub, "OEBPS/content.opf");
        assert!(
            opf.contains(&format!(">{}</dc:title>", folio_escape(&a.title()))),
            "{name}: its title is the article's"
        );
        assert!(opf.contains("<dc:source id=\"print-source\">urn:isbn:9781915832047</dc:source>"));
        assert!(opf.contains("property=\"belongs-to-collection\" id=\"book\">Crosscurrents 2026<"));
        assert_eq!(
            opf.matches("href=\"article-").count(),
            1,
            "{name}: one article"
        );
        // The page-list names exactly the book's pages of this article.
        let nav = epub_entry(&epub, "OEBPS/nav.xhtml");
        let list = &nav[nav.find("epub:type=\"page-list\"").expect("a page-list")..];
        let list = &list[..list.find("</nav>").unwrap()];
        let labels: Vec<String> = list
            .split("</a>")
            .filter_map(|s| s.rsplit('>').next())
            .filter(|s| !s.trim().is_empty())
            .map(str::to_string)
            .collect();
        let book: Vec<String> = (span.pages.clone())
            .map(|p| layout.pages[p].label.clone())
            .collect();
        assert_eq!(labels, book, "{name}: page-list");
        let contributors = epub_entry(&epub, "OEBPS/contributors.xhtml");
        for author in &a.doc.meta.authors {
            assert!(
                contributors.contains(&folio_escape(&author.name)),
                "{name}: {} on the contributors page",
                author.name
            );
        }
        let copyright = epub_entry(&epub, "OEBPS/copyright.xhtml");
        assert!(
            copyright.contains("<cite>Crosscurrents 2026</cite>"),
            "{name}: the copyright page cites the book"
        );
    }
}

/// `s` as the OPF writes it.
fn folio_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[test]
fn the_manifest_asks_for_offprints_and_a_wrong_key_is_located() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "---\ntitle: Alpha\nauthors: [Ann Author]\n---\n\nSome words.\n",
    )
    .unwrap();
    let manifest = dir.path().join("collection.toml");
    std::fs::write(
        &manifest,
        "title = \"T\"\narticles = [\"a.md\"]\n\n[offprints]\nenabled = true\n",
    )
    .unwrap();
    let req = folio::build::Request {
        formats: vec![folio::build::Format::Pdf],
        ..Default::default()
    };
    let mut diags = Diagnostics::new();
    let built = folio::build::build(&manifest, &req, &mut diags).expect("builds");
    let names: Vec<String> = (built.written.iter())
        .map(|p| p.strip_prefix(dir.path()).unwrap().display().to_string())
        .collect();
    assert!(
        names.contains(&format!("out/{0}-offprints/01-a.pdf", stem(dir.path()))),
        "{names:?}"
    );
    assert!(
        !names.iter().any(|n| n.ends_with(".epub")),
        "only the formats asked for"
    );

    std::fs::write(
        &manifest,
        "title = \"T\"\narticles = [\"a.md\"]\n\n[offprints]\nenable = true\n",
    )
    .unwrap();
    let mut diags = Diagnostics::new();
    assert!(folio::build::build(&manifest, &req, &mut diags).is_err());
    let e = diags
        .items()
        .iter()
        .find(|d| d.message.contains("enable"))
        .unwrap();
    assert_eq!(e.span.line, 5, "{}", e.message);
}

/// An article removed from the book takes its offprint with it on the next build; a file an
/// editor keeps in the folder, and the offprints of a format not built this time, stay.
#[test]
fn a_removed_articles_offprint_is_removed_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    for (name, title) in [("a.md", "Alpha"), ("b.md", "Beta")] {
        let text = format!("---\ntitle: {title}\nauthors: [Ann Author]\n---\n\nSome words.\n");
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let manifest = dir.path().join("collection.toml");
    let write_manifest = |articles: &str| {
        let text =
            format!("title = \"T\"\narticles = [{articles}]\n\n[offprints]\nenabled = true\n");
        std::fs::write(&manifest, text).unwrap();
    };
    write_manifest("\"a.md\", \"b.md\"");
    let build = |formats: Vec<folio::build::Format>| {
        let req = folio::build::Request {
            formats,
            ..Default::default()
        };
        let mut diags = Diagnostics::new();
        folio::build::build(&manifest, &req, &mut diags).expect("builds")
    };
    use folio::build::Format::{Epub, Pdf};
    build(vec![Epub, Pdf]);
    let folder = dir
        .path()
        .join(format!("out/{}-offprints", stem(dir.path())));
    assert!(folder.join("02-b.pdf").exists() && folder.join("02-b.epub").exists());
    std::fs::write(folder.join("02-b-notes.txt"), "mine").unwrap();
    std::fs::write(folder.join("Cover letter.pdf"), "mine").unwrap();

    write_manifest("\"a.md\"");
    let built = build(vec![Pdf]);
    assert_eq!(built.removed, vec![folder.join("02-b.pdf")]);
    assert!(
        !folder.join("02-b.pdf").exists(),
        "the removed article's offprint is gone"
    );
    assert!(folder.join("01-a.pdf").exists());
    assert!(
        folder.join("02-b.epub").exists(),
        "no EPUB was built: EPUBs are left alone"
    );
    assert!(folder.join("02-b-notes.txt").exists() && folder.join("Cover letter.pdf").exists());
}

fn stem(dir: &Path) -> String {
    dir.canonicalize()
        .unwrap()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// In a book with one bibliography for all its articles, an offprint's citations lead to
/// that list: the PDF offprint holds the book's bibliography pages after the article's (with
/// their own folios), and the EPUB offprint lists only the works the article cites.
#[test]
fn a_book_scope_offprint_carries_the_books_bibliography() {
    if !common::require_tool("qpdf") || !common::require_tool("pdftotext") {
        return;
    }
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/citations/book-scope");
    let (_out, book_pdf, files) = common::offprints_of(&fixture);
    let mut diags = Diagnostics::new();
    let c = folio::build::load(&fixture, &mut diags).expect("the fixture loads");
    let layout = folio::typeset::layout(&c, &mut Diagnostics::new());
    // A blank page before the bibliography begins where it does; the first printed one is
    // back matter.
    let back = |label: &str| {
        (layout.pages.iter())
            .position(|p| p.label == label && p.kind == folio::typeset::frame::PageKind::Back)
    };
    let bib_page = (layout.page_starts.iter())
        .filter(|s| s.at == folio::pagination::PageTarget::Bibliography)
        .find(|s| back(&s.label).is_some())
        .expect("the book has a bibliography page")
        .label
        .clone();
    let pdf = offprint_named(&files, 0, "pdf");
    let span = &layout.articles[0];
    let json = tool("qpdf", &["--json", "--json-key=pagelabels"], &pdf);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let second = &v["pagelabels"][1];
    assert_eq!(
        second["index"],
        span.pages.len(),
        "after the article's pages"
    );
    assert_eq!(second["label"]["/St"], bib_page.parse::<u64>().unwrap());
    let book_index = back(&bib_page).unwrap();
    assert_eq!(
        page_text(&pdf, span.pages.len() + 1),
        page_text(&book_pdf, book_index + 1),
        "the bibliography page as the book prints it"
    );

    let epub = offprint_named(&files, 0, "epub");
    let bib = epub_entry(&epub, "OEBPS/bibliography.xhtml");
    let ids: Vec<&str> = bib
        .split("id=\"bib-")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(
        ids,
        ["lee2019", "moss2021"],
        "the works article one cites, in the book's order"
    );
    let article = epub_entry(&epub, "OEBPS/article-01.xhtml");
    assert!(article.contains("href=\"bibliography.xhtml#bib-lee2019\""));
}

/// The content of a PDF's pages, decompressed, in order.
fn page_contents(pdf: &Path) -> Vec<Vec<u8>> {
    let doc = lopdf::Document::load(pdf).unwrap();
    (doc.get_pages().values())
        .map(|&id| doc.get_page_content(id))
        .collect()
}

/// The resource names (as `/F5 `, as a content stream selects them) of a PDF's fonts whose
/// program is CFF.
fn cff_fonts(pdf: &Path) -> Vec<Vec<u8>> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let page = *doc.get_pages().values().next().unwrap();
    let (res, ids) = doc.get_page_resources(page).unwrap();
    let res = res.unwrap_or_else(|| doc.get_dictionary(ids[0]).unwrap());
    let fonts = res.get(b"Font").unwrap();
    let fonts = doc.dereference(fonts).unwrap().1.as_dict().unwrap();
    let cff = |font: &lopdf::Object| -> Option<bool> {
        let font = doc.dereference(font).ok()?.1.as_dict().ok()?;
        let kids = font.get(b"DescendantFonts").ok()?.as_array().ok()?;
        let cid = doc.dereference(&kids[0]).ok()?.1.as_dict().ok()?;
        let desc = doc.dereference(cid.get(b"FontDescriptor").ok()?).ok()?.1;
        Some(desc.as_dict().ok()?.has(b"FontFile3"))
    };
    (fonts.iter())
        .filter(|(_, f)| cff(f) == Some(true))
        .map(|(name, _)| [b"/", name.as_slice(), b" "].concat())
        .collect()
}

/// An offprint's pages after its opening page (which adds the citation line) are the
/// book's content to the byte, fonts subset for the article as they are (their codes are
/// the glyphs of the whole font), placed where the book has them with the media box cut
/// to the trim: so the build deflates them once, for the book.
#[test]
fn an_offprints_pages_are_the_books_content_to_the_byte() {
    let (_out, pdf, files) = common::offprints_of(&anthology());
    let (_c, layout) = book_layout();
    let book = page_contents(&pdf);
    for span in &layout.articles {
        let offprint = offprint_named(&files, span.article, "pdf");
        let own = page_contents(&offprint);
        let books = &book[span.pages.clone()];
        assert_ne!(own[0], books[0], "the opening page has the citation line");
        assert!(own.len() > 2, "{}", offprint.display());
        let cff = cff_fonts(&offprint);
        let mut same = 0;
        for (k, (a, b)) in own[1..].iter().zip(&books[1..]).enumerate() {
            // A CFF font's codes are its subset's glyphs, which cannot be mapped: pages
            // that set a formula in the math font are the offprint's own.
            if cff
                .iter()
                .any(|f| a.windows(f.len()).any(|w| w == f.as_slice()))
            {
                continue;
            }
            assert!(a == b, "{} page {}", offprint.display(), k + 2);
            same += 1;
        }
        assert!(same > 0, "{}", offprint.display());
        let info = tool("pdfinfo", &["-box"], &offprint);
        let media = info.lines().find(|l| l.starts_with("MediaBox")).unwrap();
        let trim = info.lines().find(|l| l.starts_with("TrimBox")).unwrap();
        assert_eq!(
            media[9..].trim(),
            trim[8..].trim(),
            "an offprint shows the trim"
        );
    }
}

/// Each font program an offprint embeds, by font name (subset tag included): its stream as
/// stored.
fn font_programs(pdf: &Path) -> Vec<(String, Vec<u8>)> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let mut out = Vec::new();
    for object in doc.objects.values() {
        let Ok(d) = object.as_dict() else { continue };
        if d.get(b"Type").and_then(|t| t.as_name()).ok() != Some(b"FontDescriptor".as_slice()) {
            continue;
        }
        let name = String::from_utf8_lossy(d.get(b"FontName").unwrap().as_name().unwrap());
        let file = [b"FontFile2".as_slice(), b"FontFile3"]
            .iter()
            .find_map(|k| d.get(k).ok())
            .expect("an embedded program");
        let stream = doc.get_object(file.as_reference().unwrap()).unwrap();
        out.push((
            name.into_owned(),
            stream.as_stream().unwrap().content.clone(),
        ));
    }
    out.sort();
    out
}

/// A font most of whose glyphs every article uses (the text face) is subset once for the
/// book and the same bytes in every offprint; a face an article uses little of (its
/// italic, its bold) is subset for that article alone, so the offprint stays small.
#[test]
fn offprints_share_the_books_subset_of_a_font_they_use_most_of() {
    let (_out, _pdf, files) = common::offprints_of(&anthology());
    let (_c, layout) = book_layout();
    let programs: Vec<Vec<(String, Vec<u8>)>> = (layout.articles.iter())
        .map(|span| font_programs(&offprint_named(&files, span.article, "pdf")))
        .collect();
    let regular = |fonts: &[(String, Vec<u8>)]| {
        (fonts.iter())
            .find(|(name, _)| name.ends_with("+NotoSerif-Regular"))
            .cloned()
            .expect("the text face, subset")
    };
    let first = regular(&programs[0]);
    for (k, fonts) in programs.iter().enumerate() {
        assert!(regular(fonts) == first, "offprint {k}: the book's subset");
    }
    let italics: std::collections::HashSet<&String> = (programs.iter().flatten())
        .filter(|(name, _)| name.ends_with("+NotoSerif-Italic"))
        .map(|(name, _)| name)
        .collect();
    assert!(
        italics.len() > 1,
        "articles that use a few italic glyphs subset the italic for themselves: {italics:?}"
    );
}
