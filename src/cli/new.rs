//! `folio new DIR`: scaffold a collection with one article that builds.

use std::path::Path;

use super::{Verbosity, EXIT_OK, EXIT_OUTPUT};

const MANIFEST: &str = r#"title = "Untitled Collection"
editors = ["Your Name"]
language = "en"
publisher = "Your Press"
date = "2026-01-01"
rights = "© 2026 the authors. All rights reserved."
description = "What this collection is about, in a sentence or two."

articles = ["articles/first.md"]

[print]
trim = "6in x 9in"
preset = "kdp"

[epub]
embed-fonts = false
"#;

const ARTICLE: &str = r#"---
title: A First Article
authors:
  - name: Your Name
    affiliation: Your Institution
date: 2026-01-01
---

This is the first paragraph of your first article. Write in plain markdown: *emphasis*,
**strong**, [links](https://example.org/) and notes[^1] all work.

## A section

Each article is one markdown file listed in `collection.toml`. Build the book with
`folio build` and find the EPUB and PDF in the `out/` folder.

[^1]: Notes are set at the foot of the page in print and pop up in the EPUB.
"#;

/// Runs `folio new DIR`.
pub fn run(dir: &Path, verbosity: Verbosity) -> i32 {
    if dir.join(crate::manifest::MANIFEST).exists() {
        eprintln!(
            "{}: error: a collection already exists here\n  hint: choose a new folder name",
            dir.join(crate::manifest::MANIFEST).display()
        );
        return EXIT_OUTPUT;
    }
    let result = (|| -> crate::Result<()> {
        crate::output::write_atomic(&dir.join(crate::manifest::MANIFEST), MANIFEST.as_bytes())?;
        crate::output::write_atomic(&dir.join("articles/first.md"), ARTICLE.as_bytes())?;
        Ok(())
    })();
    match result {
        Ok(()) => {
            if verbosity != Verbosity::Quiet {
                eprintln!(
                    "created {}; build it with `folio build {}`",
                    dir.display(),
                    dir.display()
                );
            }
            EXIT_OK
        }
        Err(e) => {
            eprintln!("{e}");
            EXIT_OUTPUT
        }
    }
}
