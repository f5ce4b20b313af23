//! The progress a build tells (what `folio build` draws as a bar on a terminal): each counted
//! stage is told its total and then advanced to exactly that, the PDF by its pages and the
//! offprints by their files.

mod common;

use std::path::Path;
use std::sync::{Arc, Mutex};

/// A stage told: its name, unit and total, and the steps told done during it.
type Stage = (String, String, Option<u64>, u64);

/// Every stage told.
#[derive(Default)]
struct Recorder {
    stages: Mutex<Vec<Stage>>,
}

impl folio::progress::Sink for Recorder {
    fn stage(&self, name: &str, unit: &str, total: Option<u64>) {
        let mut s = self.stages.lock().unwrap();
        s.push((name.to_string(), unit.to_string(), total, 0));
    }

    fn advance(&self, n: u64) {
        let mut s = self.stages.lock().unwrap();
        if let Some(last) = s.last_mut() {
            last.3 += n;
        }
    }
}

#[test]
fn counted_stages_reach_their_totals_pages_and_offprints_included() {
    let book = Path::new(env!("CARGO_MANIFEST_DIR")).join("books/sample-anthology");
    let recorder = Arc::new(Recorder::default());
    let installed = folio::progress::install(recorder.clone());
    let (_out, pdf, offprints) = common::offprints_of(&book);
    drop(installed);
    let stages = recorder.stages.lock().unwrap().clone();
    let find = |name: &str| {
        (stages.iter())
            .find(|s| s.0 == name)
            .unwrap_or_else(|| panic!("no stage {name:?} in {stages:?}"))
            .clone()
    };
    let pages = lopdf::Document::load(&pdf).unwrap().get_pages().len() as u64;
    let offprints = offprints.len() as u64;
    assert_eq!(find("writing the PDF").2, Some(pages), "{stages:?}");
    assert_eq!(find("writing offprints").2, Some(offprints), "{stages:?}");
    assert_eq!(find("writing offprints").1, "files");
    for (name, _, total, done) in &stages {
        if let Some(total) = total {
            assert_eq!(done, total, "{name}: {stages:?}");
        }
    }
}
