//! A build session, as `folio watch` runs one: the same collection built again and again,
//! keeping in memory what does not depend on what changed. Articles are kept by the bytes
//! of their files (and their manifest entries), article flows by their documents and places
//! in the book; any other file the book reads (the manifest, images, fonts, bibliographies,
//! the stylesheet) changing makes the next build start from nothing. A session's outputs
//! are the bytes a cold build makes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{build_reusing, Built, Caches, Failure, Request};
use crate::collection::{fingerprint, ArticleCache};
use crate::diag::Diagnostics;
use crate::files::{Kind, Reads};
use crate::typeset::reuse::FlowCache;

/// Builds one collection again and again, reusing what is unchanged.
#[derive(Debug, Default)]
pub struct Session {
    articles: ArticleCache,
    flows: FlowCache,
    /// Every file other than an article the last build looked at, with a fingerprint of its
    /// bytes (or of its absence) taken before that build read it.
    others: BTreeMap<PathBuf, u64>,
    /// Every path the last build looked at.
    reads: Reads,
}

impl Session {
    /// A session that has built nothing yet.
    pub fn new() -> Session {
        Session::default()
    }

    /// Builds the collection at `path` as [`super::build`] does, taking from the builds
    /// before what the files changed since do not touch.
    pub fn build(
        &mut self,
        path: &Path,
        req: &Request,
        diags: &mut Diagnostics,
    ) -> Result<Built, Failure> {
        let before: BTreeMap<PathBuf, u64> = (self.others.keys())
            .map(|p| (p.clone(), file_print(p)))
            .collect();
        if before != self.others {
            self.articles.clear();
            self.flows.clear();
        }
        // Pages, fonts, images and EPUB files that come out as before are not deflated again.
        crate::pdf::memo::next_build();
        crate::epub::memo::next_build();
        let recording = crate::files::record_reads();
        let caches = Caches {
            articles: Some(&mut self.articles),
            flows: Some(&mut self.flows),
        };
        let result = build_reusing(path, req, caches, diags);
        self.reads = recording.finish();
        self.others = (self.reads.iter())
            .filter(|(_, kind)| **kind != Some(Kind::Article))
            .map(|(p, _)| {
                let print = before.get(p).copied().unwrap_or_else(|| file_print(p));
                (p.clone(), print)
            })
            .collect();
        result
    }

    /// Every path the last build looked at (read, or checked and found missing), as the
    /// build named it: the files whose change calls for another build.
    pub fn inputs(&self) -> impl Iterator<Item = &Path> {
        self.reads.keys().map(PathBuf::as_path)
    }

    /// How many articles and article flows the session holds.
    pub fn held(&self) -> (usize, usize) {
        (self.articles.len(), self.flows.len())
    }

    /// How many articles the last build took as they were read before, and how many
    /// articles' flows as they were set before.
    pub fn reused(&self) -> (usize, usize) {
        (self.articles.hits(), self.flows.hits())
    }
}

/// A fingerprint of the bytes of the file at `path`, or of its absence.
fn file_print(path: &Path) -> u64 {
    fingerprint(&std::fs::read(path).ok())
}
