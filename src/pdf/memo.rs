//! Deflated streams remembered from one build to the next within a session (`folio watch`):
//! after an edit most pages, the fonts and the images come out byte for byte as before, and
//! deflating them again was the largest part of a rebuild. Off in a one-off build, which
//! would only pay for the memory. An entry is found by a hash of the data and then compared
//! with it whole, so a hit is exactly the bytes deflate would make; entries not used by the
//! last build are dropped when the next one starts, so memory follows the book.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// (length, hash) of the data.
type Key = (usize, [u8; 16]);

/// The data and its deflated bytes.
type Entry = (Arc<Vec<u8>>, Arc<Vec<u8>>);

#[derive(Default)]
struct Memo {
    on: bool,
    /// What the build under way has used or made.
    current: HashMap<Key, Entry>,
    /// What the build before it used or made, not yet used again.
    previous: HashMap<Key, Entry>,
}

static MEMO: Mutex<Option<Memo>> = Mutex::new(None);

fn with<T>(f: impl FnOnce(&mut Memo) -> T) -> T {
    let mut guard = MEMO.lock().unwrap_or_else(|e| e.into_inner());
    f(guard.get_or_insert_with(Memo::default))
}

/// Starts remembering (a session begins), or starts another build of the session: what the
/// build before last made and the last did not use again is dropped.
pub fn next_build() {
    with(|m| {
        m.on = true;
        m.previous = std::mem::take(&mut m.current);
    });
}

/// Whether deflated streams are being remembered.
pub fn on() -> bool {
    with(|m| m.on)
}

/// `data` deflated by `deflate`, or as it was deflated before in this session.
pub fn deflated(data: &[u8], deflate: impl FnOnce(&[u8]) -> Vec<u8>) -> Vec<u8> {
    let key = (data.len(), super::structure::content_hash(data));
    let found = with(|m| {
        let hit = match m.current.get(&key) {
            Some(e) => Some(e.clone()),
            None => m.previous.remove(&key),
        };
        let hit = hit.filter(|(source, _)| source.as_slice() == data)?;
        m.current.insert(key, hit.clone());
        Some(hit.1)
    });
    if let Some(out) = found {
        return out.to_vec();
    }
    let out = deflate(data);
    with(|m| {
        m.current
            .insert(key, (Arc::new(data.to_vec()), Arc::new(out.clone())))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_deflated_before_is_not_deflated_again_and_old_ones_go() {
        next_build();
        let calls = std::cell::Cell::new(0);
        let deflate = |d: &[u8]| {
            calls.set(calls.get() + 1);
            crate::pdf::deflate_now(d)
        };
        let page = b"BT /F1 10 Tf (memo test page) Tj ET".repeat(20);
        let first = deflated(&page, deflate);
        assert_eq!(deflated(&page, deflate), first);
        assert_eq!(calls.get(), 1, "the second time comes from memory");
        next_build();
        assert_eq!(deflated(&page, deflate), first);
        assert_eq!(calls.get(), 1, "kept for the next build");
        next_build();
        next_build();
        assert_eq!(deflated(&page, deflate), first);
        assert_eq!(calls.get(), 2, "a build that did not use it dropped it");
        assert_eq!(crate::pdf::deflate_now(&page), first, "the same bytes");
    }
}
