//! Article flows kept from one layout of a book to the next (`folio watch`): an article
//! whose document, place in the book and neighbours' link targets are unchanged is not
//! shaped, broken or set again; its flow (warnings included) is taken as it was.

use std::collections::HashMap;
use std::sync::Mutex;

use super::blocks::Flow;
use super::links::BookLinks;
use crate::collection::{fingerprint, Article, Collection};
use crate::passes::citations::Scope;

/// The flows of the articles of the last layout, by a fingerprint of what each was set
/// from. Valid while the book's fonts, images and settings stay as they were; whoever keeps
/// one clears it when they change (the fingerprint covers the print settings as a check).
#[derive(Debug, Default)]
pub struct FlowCache {
    /// The flows of the last layout not yet taken by this one.
    flows: Mutex<HashMap<u64, Flow>>,
    /// The flows set in the layout under way, to be kept for the next.
    fresh: Mutex<HashMap<u64, Flow>>,
    /// How many flows the last layout took from the cache.
    hits: std::sync::atomic::AtomicUsize,
}

impl FlowCache {
    /// Forgets every flow.
    pub fn clear(&mut self) {
        self.flows().clear();
    }

    /// How many flows it holds.
    pub fn len(&self) -> usize {
        self.flows().len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many articles' flows the last layout took from the cache.
    pub fn hits(&self) -> usize {
        self.hits.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn flows(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Flow>> {
        self.flows.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The flow kept under `key`, if any (and keeps it for the next layout).
    pub(super) fn get(&self, key: u64) -> Option<Flow> {
        let flow = self.flows().remove(&key)?;
        self.hits.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let copy = flow.clone();
        self.keep(key, flow);
        Some(copy)
    }

    /// The flow kept under `key` when there is a cache (`keyed`), else the one `make` sets,
    /// kept for the next layout; with whether it was set now. `make` may set none.
    pub(super) fn take_or_set(
        keyed: Option<(&FlowCache, u64)>,
        make: impl FnOnce() -> Option<Flow>,
    ) -> Option<(Flow, bool)> {
        if let Some(flow) = keyed.and_then(|(cache, key)| cache.get(key)) {
            return Some((flow, false));
        }
        let flow = make()?;
        if let Some((cache, key)) = keyed {
            cache.keep(key, flow.clone());
        }
        Some((flow, true))
    }

    /// Keeps `flow` under `key` for the next layout.
    pub(super) fn keep(&self, key: u64, flow: Flow) {
        let mut fresh = self.fresh.lock().unwrap_or_else(|e| e.into_inner());
        fresh.insert(key, flow);
    }

    /// Starts a layout.
    pub(super) fn start(&mut self) {
        *self.hits.get_mut() = 0;
    }

    /// Ends a layout: only its flows are kept.
    pub(super) fn finish(&mut self) {
        let fresh = self.fresh.get_mut().unwrap_or_else(|e| e.into_inner());
        *self.flows.get_mut().unwrap_or_else(|e| e.into_inner()) = std::mem::take(fresh);
    }
}

/// What every article's flow in `c` depends on besides the article itself: the print
/// settings and the link targets of the book's articles.
pub(super) fn book_key(c: &Collection, links: &BookLinks) -> u64 {
    fingerprint(&(format!("{:?}", c.print), links.fingerprint()))
}

/// The key of article `i`'s flow, `a`, in a book whose [`book_key`] is `book`.
pub(super) fn article_key(c: &Collection, book: u64, i: usize, a: &Article) -> u64 {
    // The book's bibliography pass rewrites citations after reading: the document itself
    // is then what counts, not the file it was read from.
    let doc = if c.citations.scope == Scope::Book {
        let mut h = Hashing(std::collections::hash_map::DefaultHasher::new());
        serde_json::to_writer(&mut h, &a.doc).expect("a document serialises");
        std::hash::Hasher::finish(&h.0)
    } else {
        a.fingerprint
    };
    fingerprint(&(book, i, doc, &a.path, &a.language))
}

/// The key of the contributors page's flow in a book whose [`book_key`] is `book`: the
/// contributors as the page lists them, in the book's language.
pub(super) fn contributors_key(c: &Collection, book: u64) -> u64 {
    let seen = crate::contributors::contributors(c);
    fingerprint(&("contributors", book, format!("{seen:?}"), &c.language))
}

/// Bytes written into a hasher.
struct Hashing(std::collections::hash_map::DefaultHasher);

impl std::io::Write for Hashing {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        std::hash::Hasher::write(&mut self.0, buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
