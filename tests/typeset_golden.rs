//! Golden frame dumps: each folder under tests/fixtures/typeset/ is laid out and its dump
//! compared with `expected.frames.txt` there. Set `UPDATE_GOLDEN=1` to rewrite the files
//! (then read the diff before committing it).

use std::path::Path;

use folio::typeset::{dump, layout_with_stats};
use folio::Diagnostics;

fn check(case: &Path) {
    let mut diags = Diagnostics::new();
    let c = folio::build::load(&case.join("collection.toml"), &mut diags).expect("fixture loads");
    let (layout, stats) = layout_with_stats(&c, &mut diags);
    let got = dump(&layout);
    assert_eq!(stats.widows + stats.orphans, 0, "{}", case.display());
    assert_eq!(stats.overfull, 0, "{}", case.display());
    assert_eq!(stats.hyphenated_page_ends, 0, "{}", case.display());
    let expected_path = case.join("expected.frames.txt");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&expected_path, &got).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_else(|_| {
        panic!(
            "{} missing: run with UPDATE_GOLDEN=1",
            expected_path.display()
        )
    });
    if got != expected {
        let first = got
            .lines()
            .zip(expected.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "{}: frames differ from line {}:\n got: {:?}\nwant: {:?}",
            case.display(),
            first + 1,
            got.lines().nth(first),
            expected.lines().nth(first)
        );
    }
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
