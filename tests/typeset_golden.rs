//! Golden frame dumps: each folder under tests/fixtures/typeset/ is laid out and its dump
//! compared with `expected.frames.txt` there. Set `FOLIO_BLESS=1` to rewrite the files
//! (then read the diff before committing it).

use std::path::Path;

use folio::typeset::{dump, layout_with_stats};
use folio::Diagnostics;

mod common;

fn check(case: &Path) {
    let mut diags = Diagnostics::new();
    let c = folio::build::load(&case.join("collection.toml"), &mut diags).expect("fixture loads");
    let (layout, stats) = layout_with_stats(&c, &mut diags);
    // Frames name images by their full path; the golden file names them from the fixture's
    // folder, so that it holds wherever the project is checked out.
    let mut got = dump(&layout);
    for dir in [case.to_path_buf(), case.canonicalize().unwrap()] {
        got = got.replace(&format!("{}/", dir.display()), "");
    }
    assert_eq!(stats.widows + stats.orphans, 0, "{}", case.display());
    assert_eq!(stats.overfull, 0, "{}", case.display());
    assert_eq!(stats.hyphenated_page_ends, 0, "{}", case.display());
    common::golden(&case.join("expected.frames.txt"), &got);
}

#[test]
fn golden_frame_dumps() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/typeset");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("collection.toml").is_file())
        .collect();
    cases.sort();
    assert!(!cases.is_empty());
    for case in cases {
        check(&case);
    }
}
