//! Mathematics end to end on the math fixture (every construct of the TeX subset Folio
//! reads): the EPUB carries well-formed MathML with the TeX as `alttext` and the `mathml`
//! property on the page; no raw TeX reaches a reader's text but the one formula with an
//! error, which is set as its source and reported at its line and column; references to
//! equations (`\eqref`, `\ref`, `@eq:…`) are numbers linked to the equation in the EPUB and
//! numbers in print; copying a formula from the PDF gives its TeX back.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/typeset/math")
}

/// The fixture's article page and package document, from the EPUB as the driver makes it.
fn epub_page_and_opf() -> (String, String) {
    let (book, _) = common::epub_of(&fixture());
    let text = |name: &str| {
        let e = (book.entries.iter())
            .find(|e| e.path.ends_with(name))
            .unwrap_or_else(|| panic!("no {name} in the EPUB"));
        String::from_utf8(e.bytes.clone()).unwrap()
    };
    (text("article-01.xhtml"), text("content.opf"))
}

/// An XHTML page parsed (its doctype allowed).
fn parse(xhtml: &str) -> Result<roxmltree::Document<'_>, roxmltree::Error> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(xhtml, options)
}

#[test]
fn the_epub_page_holds_well_formed_mathml_with_the_tex_as_alttext() {
    let (page, opf) = epub_page_and_opf();
    let doc = parse(&page).expect("the page is well-formed XML");
    let maths: Vec<_> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "math")
        .collect();
    assert!(maths.len() >= 40, "{} formulas", maths.len());
    let display = maths
        .iter()
        .filter(|m| m.attribute("display") == Some("block"))
        .count();
    assert!(display >= 15, "{display} display formulas");
    for m in &maths {
        assert_eq!(
            m.tag_name().namespace(),
            Some("http://www.w3.org/1998/Math/MathML")
        );
        let alt = m.attribute("alttext").unwrap_or("");
        assert!(!alt.trim().is_empty(), "a formula without alttext");
        assert!(m.descendants().count() > 1, "an empty formula for {alt:?}");
    }
    assert!(
        opf.contains(
            "href=\"article-01.xhtml\" media-type=\"application/xhtml+xml\" properties=\"mathml\""
        ),
        "{opf}"
    );
}

#[test]
fn no_raw_tex_reaches_the_reader_but_the_formula_with_an_error() {
    let (page, _) = epub_page_and_opf();
    let doc = parse(&page).unwrap();
    // The text a reader sees: every text node outside the MathML (whose alttext is an
    // attribute, not text).
    let in_math = |n: &roxmltree::Node| n.ancestors().any(|a| a.tag_name().name() == "math");
    let shown = doc
        .descendants()
        .filter(|n| n.is_text() && !in_math(n))
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join(" ");
    let commands: Vec<&str> = shown
        .split(|c: char| c.is_whitespace())
        .filter(|w| w.contains('\\') || w.contains('$'))
        .collect();
    assert_eq!(commands, ["\\foo{y}"], "raw TeX in the page");
    assert!(page.contains("<code class=\"math-source\">x + \\foo{y}</code>"));
}

#[test]
fn references_to_equations_are_linked_numbers_in_the_epub() {
    let (page, _) = epub_page_and_opf();
    // \eqref{cobb-douglas}, $\eqref{eq:cobb-douglas}$ and @eq:cobb-douglas.
    assert_eq!(
        page.matches("<a href=\"#eq-cobb-douglas\">(1)</a>").count(),
        3,
        "{page}"
    );
    // \eqref{euler} and [see @eq:euler], to a tagged equation.
    assert_eq!(page.matches("<a href=\"#eq-euler\">(E)</a>").count(), 2);
    assert!(page.contains("see <a href=\"#eq-euler\">(E)</a>"));
    assert!(!page.contains("@eq:"), "a reference left as written");
    assert!(!page.contains("(??)"));
}

#[test]
fn the_pdf_gives_back_each_formulas_tex_and_prints_the_numbers() {
    if !common::require_tool("pdftotext") {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(common::folio_bin())
        .arg("build")
        .arg(fixture())
        .args(["--format", "pdf", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    // The one error is a located warning; nothing else about the formulas is.
    assert!(
        stderr.contains("articles/formulas.md:132:41: warning: unknown command \\foo"),
        "{stderr}"
    );
    let text = Command::new("pdftotext")
        .arg(out.path().join("math.pdf"))
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    let flat: String = text.split_whitespace().collect();
    for tex in [
        r"r = \frac{\ln 2}{t}",
        r"x = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a}",
        r"\sum_{i=1}^{n} i^2 = \frac{n(n+1)(2n+1)}{6}",
        r"\left( \frac{a}{b} \right)^2",
        r"A = \begin{pmatrix} a & b \\ c & d \end{pmatrix}",
        r"\sqrt[3]{27} = 3",
        r"x + \foo{y}",
    ] {
        let want: String = tex.split_whitespace().collect();
        assert!(flat.contains(&want), "{tex} is not in the PDF's text");
    }
    assert!(text.contains("The production function (1) and Euler’s identity (E)"));
    assert!(flat.contains("Writtenaspandoc-crossrefwritesthem,(1)isthesameequation"));
    assert!(!text.contains("(??)") && !text.contains("@eq:"));
}

/// A paragraph, a list item, a table cell and a footnote that each hold one formula and
/// nothing else are printed: such a paragraph has no words, and print took it for empty and
/// left it out (the fuzzer's cases 341169, 353378 and 804327), while the EPUB kept it.
#[test]
fn a_paragraph_of_one_formula_is_printed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("collection.toml"),
        "title = \"T\"\narticles = [\"a.md\"]\n",
    )
    .unwrap();
    let text = "---\ntitle: A\n---\n\nWords first [^n1].\n\n$p^2$\n\n* $q$\n* $r$ and words\n\n\
                | head |\n|---|\n| $s$ |\n\n[^n1]: $t_1$\n";
    std::fs::write(dir.path().join("a.md"), text).unwrap();
    let mut diags = folio::Diagnostics::new();
    let c = folio::build::load(dir.path(), &mut diags).expect("loads");
    let layout = folio::typeset::layout(&c, &mut diags);
    assert!(!diags.has_errors(), "{:?}", diags.items());
    let printed: Vec<&str> = (layout.pages.iter().flat_map(|p| &p.items))
        .filter_map(|(_, i)| match i {
            folio::typeset::frame::Item::ActualText(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    for tex in ["p^2", "q", "r", "s", "t_1"] {
        assert!(
            printed.contains(&tex),
            "${tex}$ is not printed: {printed:?}"
        );
    }
}
