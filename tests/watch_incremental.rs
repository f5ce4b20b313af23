//! A build session (what `folio watch` runs) gives the same bytes as a cold build after
//! any edit: random edits to the sample anthology (paragraphs and headings added, footnotes
//! added, lines cut, words changed in place, the bibliography and the manifest's title
//! changed, and once a formula's symbol changed to glyphs no page used), with whole fonts
//! (kdp) and subset ones (screen); and an article broken and repaired. Each edit is followed
//! by a session build and a cold build whose outputs (and diagnostics) are compared. The
//! random edits' cold builds run in a process of their own, so that the pages and streams a
//! session remembers in its process cannot make a cold build agree with it.

mod common;

use std::path::{Path, PathBuf};

use folio::build::{self, Request, Session};
use folio::diag::Diagnostics;

/// A small deterministic generator (xorshift), so a failure can be replayed by its seed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// One random edit to the book at `root`; returns what it did.
fn random_edit(root: &Path, articles: &[PathBuf], rng: &mut Rng, step: usize) -> String {
    let article = &articles[rng.below(articles.len())];
    let text = std::fs::read_to_string(article).unwrap();
    let name = article.file_name().unwrap().to_string_lossy().into_owned();
    let (new, what) = match rng.below(7) {
        0 => (
            format!("{text}\nAn added paragraph, number {step}, of some length to set.\n"),
            "a paragraph added",
        ),
        1 => (
            format!("{text}\n## A heading added at step {step}\n\nWords under it.\n"),
            "a heading added",
        ),
        2 => (
            format!("{text}\nA sentence with a note.[^s{step}]\n\n[^s{step}]: The note.\n"),
            "a footnote added",
        ),
        3 => {
            let lines: Vec<&str> = text.lines().collect();
            let cut = lines.len() - 1 - rng.below(lines.len() / 2);
            (lines[..cut].join("\n") + "\n", "lines removed at the end")
        }
        4 => (
            text.replacen("the ", "the very ", 3),
            "words changed in place",
        ),
        5 => {
            // A file that is not an article: the works the articles cite.
            let bib = root.join("references.bib");
            let works = std::fs::read_to_string(&bib).unwrap();
            let works = works.replace("title = {", &format!("title = {{Step {step}: "));
            std::fs::write(&bib, works).unwrap();
            return "the bibliography's titles changed".to_string();
        }
        _ => {
            let manifest = root.join("collection.toml");
            let m = std::fs::read_to_string(&manifest).unwrap();
            let m = m.replacen("title = \"", &format!("title = \"Step {step}: "), 1);
            std::fs::write(&manifest, m).unwrap();
            return "the manifest's title changed".to_string();
        }
    };
    std::fs::write(article, new).unwrap();
    format!("{name}: {what}")
}

/// What [`formula_changed`] puts in place of `$C$`: math-italic letters and a digit no page
/// used before (each `\\` breaks the formula's line), whose glyphs stand before some that a
/// later article's formulas use in the math font.
const FORMULA: &str = "$\\\\aleph_3 \\\\otimes \\\\nabla \\\\Xi$";

/// A formula's symbol in one of `articles` changed in place to math-font glyphs no page
/// used before: with subset fonts, the codes of the glyphs another article's formulas use
/// change, and nothing else on its pages.
fn formula_changed(articles: &[PathBuf]) -> String {
    let article = (articles.iter())
        .find(|a| std::fs::read_to_string(a).unwrap().contains("$C$"))
        .expect("an article with the formula $C$");
    let text = std::fs::read_to_string(article).unwrap();
    std::fs::write(article, text.replacen("$C$", FORMULA, 1)).unwrap();
    let name = article.file_name().unwrap().to_string_lossy();
    format!("{name}: a formula's symbol changed to new ones")
}

/// The bytes of every file under `dir`, by path relative to it.
fn outputs(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            if entry.file_type().unwrap().is_dir() {
                stack.push(entry.path());
            } else {
                let rel = entry.path().strip_prefix(dir).unwrap().to_path_buf();
                files.push((rel, std::fs::read(entry.path()).unwrap()));
            }
        }
    }
    files.sort();
    files
}

fn request(out: &Path) -> Request {
    Request {
        out_dir: Some(out.to_path_buf()),
        ..Request::default()
    }
}

/// Builds the book of `manifest` into `out` in a process of its own, as `folio build` on
/// the command line does: nothing a session remembers in its process can reach it.
fn cold_build(manifest: &Path, out: &Path) -> bool {
    let status = std::process::Command::new(common::folio_bin())
        .arg("build")
        .arg(manifest)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .status()
        .unwrap();
    status.success()
}

/// Random edits to a copy of the sample anthology printed with `preset`, each followed by a
/// session build and a cold build whose outputs are compared.
fn random_edits_build_as_cold_builds_do(preset: &str, seed: u64) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("book");
    common::copy_book(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("books/sample-anthology"),
        &root,
    );
    let manifest = root.join("collection.toml");
    let m = std::fs::read_to_string(&manifest).unwrap();
    let m = m.replace("preset = \"kdp\"", &format!("preset = \"{preset}\""));
    std::fs::write(&manifest, m).unwrap();
    let mut articles: Vec<PathBuf> = std::fs::read_dir(root.join("articles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    articles.sort();
    let (warm_out, cold_out) = (dir.path().join("warm"), dir.path().join("cold"));
    let mut session = Session::new();
    let mut rng = Rng(seed);
    let mut reused = false;
    for step in 0..12 {
        let what = match step {
            0 => "the first build".to_string(),
            1 => formula_changed(&articles),
            _ => random_edit(&root, &articles, &mut rng, step),
        };
        let warm = session.build(&manifest, &request(&warm_out), &mut Diagnostics::new());
        let cold = cold_build(&manifest, &cold_out);
        assert_eq!(warm.is_ok(), cold, "step {step} ({what})");
        assert_eq!(
            outputs(&warm_out),
            outputs(&cold_out),
            "{preset}, step {step} ({what}): the session's outputs differ from a cold build's"
        );
        reused |= step > 0 && session.reused().1 > 0;
    }
    assert!(reused, "the session kept articles' flows between builds");
}

#[test]
fn a_session_build_after_random_edits_is_byte_identical_to_a_cold_build() {
    random_edits_build_as_cold_builds_do("kdp", 0x5EED_F011_0001);
}

/// The screen preset subsets every font, so a glyph used for the first time changes the
/// codes of others, and draws its links.
#[test]
fn so_it_is_with_subset_fonts_and_drawn_links() {
    random_edits_build_as_cold_builds_do("screen", 0x5EED_F011_0002);
}

#[test]
fn an_article_with_an_error_and_its_repair_build_as_cold_builds_do() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("book");
    common::copy_book(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("books/sample-anthology"),
        &root,
    );
    let article = root.join("articles/02-shade-is-infrastructure.md");
    let good = std::fs::read_to_string(&article).unwrap();
    let manifest = root.join("collection.toml");
    let (warm_out, cold_out) = (dir.path().join("warm"), dir.path().join("cold"));
    let mut session = Session::new();
    let broken = format!("{good}\nA reference to no note.[^missing]\n");
    for (step, text) in [&good, &broken, &good].into_iter().enumerate() {
        std::fs::write(&article, text).unwrap();
        let mut warm_diags = Diagnostics::new();
        let warm = session.build(&manifest, &request(&warm_out), &mut warm_diags);
        let mut cold_diags = Diagnostics::new();
        let cold = build::build(&manifest, &request(&cold_out), &mut cold_diags);
        assert_eq!(warm.is_ok(), step != 1, "step {step}");
        assert_eq!(cold.is_ok(), step != 1, "step {step}");
        let shown = |d: &Diagnostics| d.items().iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(shown(&warm_diags), shown(&cold_diags), "step {step}");
        assert_eq!(outputs(&warm_out), outputs(&cold_out), "step {step}");
    }
}
