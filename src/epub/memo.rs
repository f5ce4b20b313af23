//! The EPUB's entries as zipped, remembered from one build to the next within a session
//! (`folio watch`): after an edit all but a few of the files come out byte for byte as
//! before, and deflating them again was the largest part of writing the EPUB. An entry is
//! found by its path and taken only when its bytes are the last build's, compared whole; an
//! entry the last build did not make again is dropped when the next starts. Off in a
//! one-off build, which would only pay for the memory.

use std::sync::{Arc, Mutex};

use crate::memo::Generations;

/// An entry as it goes into the archive: its compression method, the CRC-32 of its bytes
/// and its data (deflated or stored).
#[derive(Debug, Clone)]
pub struct Zipped {
    /// The zip compression method: 0 stored, 8 deflated.
    pub method: u16,
    /// The CRC-32 of the entry's bytes.
    pub crc: u32,
    /// What the archive holds for the entry.
    pub data: Arc<Vec<u8>>,
}

/// The entry's bytes and how they were zipped.
type Entry = (Arc<Vec<u8>>, Zipped);

#[derive(Default)]
struct Memo {
    on: bool,
    entries: Generations<String, Entry>,
}

static MEMO: Mutex<Option<Memo>> = Mutex::new(None);

fn with<T>(f: impl FnOnce(&mut Memo) -> T) -> T {
    crate::memo::locked(&MEMO, f)
}

/// Starts remembering (a session begins), or starts another build of the session: what the
/// build before last made and the last did not make again is dropped.
pub fn next_build() {
    with(|m| {
        m.on = true;
        m.entries.next();
    });
}

/// The entry at `path` zipped by `zip`, or as the last build zipped the same bytes there.
pub(super) fn zipped(path: &str, bytes: &[u8], zip: impl FnOnce() -> Zipped) -> Zipped {
    let found = with(|m| {
        let same = |(source, _): &Entry| source.as_slice() == bytes;
        m.on.then(|| m.entries.take(&path.to_string(), same))?
    });
    if let Some((_, z)) = found {
        return z;
    }
    let z = zip();
    with(|m| {
        if m.on {
            let entry = (Arc::new(bytes.to_vec()), z.clone());
            m.entries.keep(path.to_string(), entry);
        }
    });
    z
}
