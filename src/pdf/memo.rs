//! Deflated streams remembered from one build to the next within a session (`folio watch`):
//! after an edit most pages, the fonts and the images come out byte for byte as before, and
//! deflating them again was the largest part of a rebuild. Off in a one-off build, which
//! would only pay for the memory. An entry is found by a hash of the data and then compared
//! with it whole, so a hit is exactly the bytes deflate would make; entries not used by the
//! last build are dropped when the next one starts, so memory follows the book.
//!
//! The book's pages are remembered whole the same way: what writing each made (its deflated
//! content, link annotations and marked-content ids), by page index, with the bytes of what
//! it was made from ([`super::pagekey`]), compared whole before it is taken.

use std::sync::{Arc, Mutex};

use super::document::Written;
use crate::memo::Generations;

/// (length, hash) of the data.
type Key = (usize, [u8; 16]);

/// The data and its deflated bytes.
type Entry = (Arc<Vec<u8>>, Arc<Vec<u8>>);

/// A page of the book's PDF: its key ([`super::pagekey::page`]) and what writing it made.
type PageEntry = (Arc<Vec<u8>>, Arc<Written>);

/// The pages of the book's PDF the last builds wrote, all with one context
/// ([`super::pagekey::context`]), by page index: after an edit, a page that can be taken
/// as it was stands where it stood (a page moved has another folio, and so other items).
#[derive(Default)]
struct Pages {
    context: Vec<u8>,
    written: Generations<usize, PageEntry>,
}

#[derive(Default)]
struct Memo {
    on: bool,
    /// Remembering a book's pages for its offprints ([`remember_book`]): only pages'
    /// streams are kept, and once the book is written ([`Book::written`]) no more.
    book: Option<bool>,
    /// The streams deflated by the build under way and the one before it.
    streams: Generations<Key, Entry>,
    /// The book's pages written, remembered the same way.
    pages: Pages,
}

static MEMO: Mutex<Option<Memo>> = Mutex::new(None);

fn with<T>(f: impl FnOnce(&mut Memo) -> T) -> T {
    crate::memo::locked(&MEMO, f)
}

/// Starts remembering (a session begins), or starts another build of the session: what the
/// build before last made and the last did not use again is dropped.
pub fn next_build() {
    with(|m| {
        m.on = true;
        m.streams.next();
        m.pages.written.next();
    });
}

/// Whether deflated streams are being remembered.
pub fn on() -> bool {
    with(|m| m.on)
}

/// A book's build remembering the deflated streams of its pages for its offprints, whose
/// pages are the book's and so, most of them, the same bytes (see [`remember_book`]).
pub struct Book(());

/// Starts remembering the deflated streams of the book's pages, for a build that writes
/// offprints after the book; `None` in a session, which remembers everything already.
/// What is remembered is forgotten when the [`Book`] is dropped.
pub fn remember_book() -> Option<Book> {
    with(|m| {
        if m.on {
            return None;
        }
        m.on = true;
        m.book = Some(false);
        Some(Book(()))
    })
}

impl Book {
    /// The book is written: what follows (the offprints) looks its pages up but adds none.
    pub fn written(&self) {
        with(|m| m.book = Some(true));
    }
}

impl Drop for Book {
    fn drop(&mut self) {
        with(|m| *m = Memo::default());
    }
}

/// `data` deflated by `deflate`, or as it was deflated before in this session; `page`:
/// `data` is a page's content.
pub fn deflated(data: &[u8], page: bool, deflate: impl FnOnce(&[u8]) -> Vec<u8>) -> Vec<u8> {
    if with(|m| m.book.is_some()) && !page {
        return deflate(data);
    }
    let key = (data.len(), super::structure::content_hash(data));
    let same = |(source, _): &Entry| source.as_slice() == data;
    if let Some((_, out)) = with(|m| m.streams.take(&key, same)) {
        return out.to_vec();
    }
    let out = deflate(data);
    with(|m| {
        if m.book != Some(true) {
            (m.streams).keep(key, (Arc::new(data.to_vec()), Arc::new(out.clone())));
        }
    });
    out
}

/// Whether the book's pages are remembered and taken from the builds before (in a
/// session), for a book whose pages are written with the context `context` makes (made only
/// in a session): when it is not the context of the pages remembered, they are forgotten.
pub(super) fn pages_written_with(context: impl FnOnce() -> Vec<u8>) -> bool {
    if with(|m| !m.on || m.book.is_some()) {
        return false;
    }
    let context = context();
    with(|m| {
        if m.pages.context != context {
            m.pages = Pages {
                context,
                ..Pages::default()
            };
        }
        true
    })
}

/// What writing page `index`, of key `key`, made, when the build before wrote a page of
/// that key there (see [`pages_written_with`]).
pub(super) fn written_page(index: usize, key: &[u8]) -> Option<Written> {
    let same = |(made_from, _): &PageEntry| made_from.as_slice() == key;
    let (_, hit) = with(|m| m.pages.written.take(&index, same))?;
    Some(Written::clone(&hit))
}

/// Remembers what writing page `index`, of key `key`, made.
pub(super) fn remember_page(index: usize, key: Vec<u8>, written: &Written) {
    let entry = (Arc::new(key), Arc::new(written.clone()));
    with(|m| m.pages.written.keep(index, entry));
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
        let first = deflated(&page, true, deflate);
        assert_eq!(deflated(&page, true, deflate), first);
        assert_eq!(calls.get(), 1, "the second time comes from memory");
        next_build();
        assert_eq!(deflated(&page, true, deflate), first);
        assert_eq!(calls.get(), 1, "kept for the next build");
        next_build();
        next_build();
        assert_eq!(deflated(&page, true, deflate), first);
        assert_eq!(calls.get(), 2, "a build that did not use it dropped it");
        assert_eq!(crate::pdf::deflate_now(&page), first, "the same bytes");
    }
}
