//! A book's PDF written as it is laid out: the body's pages come from the typesetter a few
//! dozen at a time, in reading order ([`PageSink`]); their glyphs and images are noted,
//! their content streams written and deflated on every thread, and their frames dropped
//! but for their anchors. A 1,000-article book's frames took more than 100 MB when they
//! were held until the PDF began; the deflated content is a seventh of that.
//!
//! The rest of the file (the front matter, set last, the fonts, the page objects and the
//! structure) is written once the book is laid out ([`Stream::render`]), by the writer that
//! writes a book whose pages are all in hand, which notes the pages in the same order: the
//! body, then the front matter. A glyph's code and text are fixed at its first use, and an
//! image's name at its first placement, so each page's content is the same bytes either
//! way.

use rayon::prelude::*;

use super::content::{self, Geometry};
use super::document::{self, Written};
use super::fonts::{FontTable, FontUse};
use super::images::ImageSet;
use super::{memo, Setup};
use crate::dates::BuildDate;
use crate::diag::{Diagnostics, Error, Result};
use crate::manifest::Collection;
use crate::typeset::frame::{FontData, Item, Page};
use crate::typeset::structure::Structure;
use crate::typeset::{Layout, PageSink};

/// A book's PDF being written as the book is laid out.
pub struct Stream<'a> {
    collection: &'a Collection,
    setup: Setup,
    /// What the pages taken so far made; `None` before the first.
    state: Option<State>,
}

/// What the body's pages made, for the rest of the file to be written with.
#[derive(Debug)]
pub(super) struct Streamed {
    /// Their glyphs, noted in order.
    pub usage: FontUse,
    /// Their images, loaded where first placed.
    pub images: ImageSet,
    /// Each page's content, in order.
    pub written: Vec<Written>,
    /// What loading their images reported.
    pub diags: Diagnostics,
    /// Whether any of their text or rules is in colour (which a grey-only preset warns of).
    pub coloured: bool,
}

#[derive(Debug)]
struct State {
    made: Streamed,
    /// The fonts as far as the pages noted use them (no programs).
    fonts: FontTable,
    /// Why the pages could not be written, if they could not: the PDF fails with it.
    error: Option<Error>,
}

impl<'a> Stream<'a> {
    /// The PDF of `c` to be written as it is laid out; `None` when it must be written from
    /// every page at once: a proof's marks need every page once laid out, and a `folio
    /// watch` session takes the pages it wrote for the build before by what the whole
    /// file's fonts give them. (IngramSpark's padding reads the last page's kind, and its
    /// grey check the colour the stream noted.)
    pub fn for_book(c: &'a Collection) -> Option<Self> {
        let setup = Setup::for_print(&c.print);
        if setup.marks || memo::on() {
            return None;
        }
        Some(Stream {
            collection: c,
            setup,
            state: None,
        })
    }

    /// How many pages are written so far.
    pub fn pages(&self) -> usize {
        self.state.as_ref().map_or(0, |s| s.made.written.len())
    }

    /// The PDF's bytes, once `layout` is made: `pages` and `tree` are its pages and
    /// structure tree, taken out of it (the body's pages emptied of what was written).
    pub fn render(
        self,
        (layout, pages, tree): (&Layout, Vec<Page>, Structure),
        date: Option<BuildDate>,
        diags: &mut Diagnostics,
    ) -> Result<Vec<u8>> {
        let made = match self.state {
            Some(State { error: Some(e), .. }) => return Err(e),
            Some(State { made, .. }) => Some(made),
            None => None,
        };
        super::render_streamed(
            self.collection,
            (layout, pages, tree),
            &self.setup,
            date,
            made,
            diags,
        )
    }
}

impl PageSink for Stream<'_> {
    fn take(&mut self, pages: &mut [Page], fonts: &[FontData], tree: &Structure) {
        let tagged = self.setup.tagged;
        let state = self.state.get_or_insert_with(|| State {
            made: Streamed {
                usage: FontUse::new(fonts, tagged),
                images: ImageSet::default(),
                written: Vec::new(),
                diags: Diagnostics::new(),
                coloured: false,
            },
            fonts: FontTable::default(),
            error: None,
        });
        if state.error.is_some() {
            return;
        }
        let c = self.collection;
        if let Err(e) = state.take(pages, fonts, (c, &self.setup), tagged.then_some(tree)) {
            state.error = Some(e);
        }
    }
}

impl State {
    /// Notes `pages`, writes their content and keeps only their anchors.
    fn take(
        &mut self,
        pages: &mut [Page],
        fonts: &[FontData],
        (c, setup): (&Collection, &Setup),
        structure: Option<&Structure>,
    ) -> Result<()> {
        let made = &mut self.made;
        for p in pages.iter() {
            made.coloured = made.coloured || super::coloured(&p.items);
            made.usage.note(p.items.iter().map(|(_, i)| i))?;
            let placed = document::placements(p.items.iter().map(|(_, i)| i));
            made.images.add(placed, &c.assets, setup, &mut made.diags);
        }
        self.fonts
            .take_noted(fonts, &made.usage, setup.subset_fonts)?;
        let cx = content::Context {
            setup,
            fonts: &self.fonts,
            images: made.images.table(),
            structure,
        };
        let written: Vec<Written> = (pages.par_iter_mut())
            .map(|p| {
                let w = document::write_page(&cx, Geometry::of(setup, p.height), &p.items);
                p.items.retain(|(_, i)| matches!(i, Item::Anchor(_)));
                p.items.shrink_to_fit();
                w
            })
            .collect();
        made.written.extend(written);
        Ok(())
    }
}
