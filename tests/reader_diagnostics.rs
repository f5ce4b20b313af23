//! Reader diagnostics: each message is checked with its `file:line:col`, and odd inputs are
//! read without a panic.

use std::path::Path;

use folio::diag::{Diagnostics, Severity};
use folio::Document;

/// Reads `text` as `a.md`; returns the document and the warnings and errors as printed.
fn read(text: &str) -> (Document, Vec<String>) {
    let mut diags = Diagnostics::new();
    let doc = folio::markdown::read_str(text, Path::new("a.md"), &mut diags);
    (doc, shown(&diags))
}

fn shown(diags: &Diagnostics) -> Vec<String> {
    diags
        .items()
        .iter()
        .filter(|d| d.severity != Severity::Note)
        .map(|d| d.to_string())
        .collect()
}

#[test]
fn invalid_utf8_names_the_file_line_and_byte_offset() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.md");
    std::fs::write(&path, b"First line.\nCaf\xE9 au lait.\n").unwrap();
    let mut diags = Diagnostics::new();
    assert!(folio::markdown::read_file(&path, &mut diags).is_none());
    let msgs = shown(&diags);
    assert_eq!(msgs.len(), 1);
    let expected = format!(
        "{}:2:4: error: file is not valid UTF-8 (invalid byte 0xE9 at byte offset 15)",
        path.display()
    );
    assert!(msgs[0].starts_with(&expected), "{}", msgs[0]);
    assert!(msgs[0].contains("hint: save the file as UTF-8"));
}

#[test]
fn a_missing_file_is_named() {
    let mut diags = Diagnostics::new();
    let path = Path::new("no/such/article.md");
    assert!(folio::markdown::read_file(path, &mut diags).is_none());
    let msgs = shown(&diags);
    assert_eq!(msgs.len(), 1);
    assert!(
        msgs[0].starts_with(
            "no/such/article.md: error: article not found: looked for no/such/article.md"
        ),
        "{}",
        msgs[0]
    );
    assert!(msgs[0].contains("hint: check the path"));
}

#[test]
fn a_folder_fifo_or_device_is_refused_before_reading() {
    // A folder, a named pipe (which would block a reader forever) and /dev/zero (which
    // would be read without end) are refused from their metadata alone.
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let cases = [
        (dir.path().to_path_buf(), "a folder"),
        (fifo, "a named pipe"),
        (Path::new("/dev/zero").to_path_buf(), "a device"),
    ];
    for (path, what) in cases {
        let started = std::time::Instant::now();
        let mut diags = Diagnostics::new();
        assert!(folio::markdown::read_file(&path, &mut diags).is_none());
        assert!(
            started.elapsed().as_secs() < 1,
            "{} took too long",
            path.display()
        );
        let msgs = shown(&diags);
        let expected = format!(
            "{}: error: article {} is {what}, not a file",
            path.display(),
            path.display()
        );
        assert!(msgs[0].starts_with(&expected), "{}", msgs[0]);
    }
}

#[test]
fn an_empty_article_is_an_error() {
    for text in ["", "   \n\n", "---\ntitle: Only Metadata\n---\n"] {
        let (_, msgs) = read(text);
        assert_eq!(
            msgs,
            vec!["a.md: error: article is empty\n  hint: write the article's text, or remove it from the manifest"],
            "{text:?}"
        );
    }
}

#[test]
fn unclosed_front_matter_is_an_error_at_its_opening() {
    let (_, msgs) = read("---\ntitle: Lost\n\nThe body never sees a closing fence.\n");
    assert_eq!(
        msgs[0],
        "a.md:1:1: error: front matter opened with `---` is never closed\n  hint: add a line with `---` after the last metadata line"
    );
}

#[test]
fn a_footnote_referenced_but_never_defined_is_an_error_at_the_reference() {
    let (doc, msgs) = read("Title line\n\nThe levy rose[^levy] and fell[^ok].\n\n[^ok]: Fine.\n");
    assert_eq!(
        msgs,
        vec!["a.md:3:14: error: footnote [^levy] is never defined\n  hint: add a definition `[^levy]: …` or remove the reference; the note would be lost"]
    );
    // The reference stays visible as text, so the lost note is obvious in proofs too.
    assert!(folio::model::words(&doc.blocks)
        .iter()
        .any(|w| w.contains("[^levy]")));
}

#[test]
fn undefined_footnotes_in_lists_quotes_and_notes_are_found_but_not_in_code() {
    let text = "- item[^a]\n\n> quoted[^b]\n\n`code [^c]` and \\[^d]\n\n```\n[^e]\n```\n";
    let (_, msgs) = read(text);
    let firsts: Vec<&str> = msgs.iter().map(|m| m.lines().next().unwrap()).collect();
    assert_eq!(
        firsts,
        vec![
            "a.md:1:7: error: footnote [^a] is never defined",
            "a.md:3:9: error: footnote [^b] is never defined",
        ]
    );
}

#[test]
fn a_footnote_defined_but_never_used_is_a_warning_at_the_definition() {
    let (_, msgs) = read("Plain text.\n\n[^spare]: Nobody points here.\n");
    assert_eq!(
        msgs,
        vec!["a.md:3:1: warning: footnote [^spare] is defined but never referenced; it will not appear\n  hint: reference it with [^spare] in the text, or delete the definition"]
    );
}

#[test]
fn a_misspelt_front_matter_key_names_its_line_and_the_nearest_key() {
    let (_, msgs) = read("---\ntitle: Tolls\nsubtitel: And Dues\n---\n\nBody.\n");
    assert_eq!(msgs.len(), 1, "{msgs:?}");
    assert!(
        msgs[0].starts_with("a.md:3:1: error: front matter: unknown field `subtitel`"),
        "{}",
        msgs[0]
    );
    assert!(
        msgs[0].ends_with("hint: did you mean `subtitle`?"),
        "{}",
        msgs[0]
    );
}

#[test]
fn positions_below_front_matter_count_from_the_file_top() {
    let (_, msgs) = read("---\ntitle: T\n---\n\nA [dead]() link.\n");
    assert!(
        msgs[0].starts_with("a.md:5:3: warning: link \"dead\" has no target"),
        "{}",
        msgs[0]
    );
}

#[test]
fn crlf_and_bom_files_read_like_lf_files() {
    let lf = "---\ntitle: Tides\n---\n\nOne line\nand two[^n].\n\n[^n]: A note.\n";
    let crlf = format!("\u{feff}{}", lf.replace('\n', "\r\n"));
    let (a, ma) = read(lf);
    let (b, mb) = read(&crlf);
    assert!(ma.is_empty() && mb.is_empty(), "{ma:?} {mb:?}");
    assert_eq!(a.meta, b.meta);
    assert_eq!(
        folio::model::words(&a.blocks),
        folio::model::words(&b.blocks)
    );
}

#[test]
fn odd_inputs_do_not_panic() {
    let deep_list: String = (0..200)
        .map(|i| format!("{}- level {i}\n", "  ".repeat(i)))
        .collect();
    let deep_quote = format!("{} deep\n", ">".repeat(500));
    let inputs = [
        String::new(),
        "---\n---\n".to_string(),
        "---\n".to_string(),
        "# Only a heading".to_string(),
        "\u{feff}".to_string(),
        "\r\n\r\n".to_string(),
        "[^]: x\n\n[^ ]\n".to_string(),
        "~~~\nunclosed fence".to_string(),
        "| a |\n|---|\n| b | c | d |\n".to_string(),
        "***\n---\n___\n".to_string(),
        "$$\n$$ $ $".to_string(),
        "^^^ ~~~ ~x~ ^y^ H~~2~~O".to_string(),
        deep_list,
        deep_quote,
    ];
    for text in &inputs {
        let (doc, _) = read(text);
        let _ = folio::passes::run_all(
            doc,
            &folio::passes::Context::alone("ru"),
            &mut Diagnostics::new(),
        );
    }
}

#[test]
fn pathological_nesting_is_flattened_with_a_warning_not_a_stack_overflow() {
    let quotes = format!("{} deep\n", ">".repeat(100_000));
    let stars = format!("{}word{}", "*".repeat(50_000), "*".repeat(50_000));
    let list: String = (0..3000)
        .map(|i| format!("{}- item{i}\n", "  ".repeat(i)))
        .collect();
    for (text, word) in [(quotes, "deep"), (stars, "word"), (list, "item2999")] {
        let (doc, msgs) = read(&text);
        assert!(
            msgs.iter()
                .any(|m| m.contains("nesting deeper than 64 levels is flattened")),
            "{msgs:?}"
        );
        assert!(folio::model::words(&doc.blocks).iter().any(|w| w == word));
        let _ = folio::passes::run_all(
            doc,
            &folio::passes::Context::alone("en"),
            &mut Diagnostics::new(),
        );
    }
}
