//! What a page's written content depends on, as bytes (`folio watch`): the content
//! stream, link annotations and marked-content ids [`super::content::page`] makes of a
//! page are a function of the file's context ([`context`]: the preset, the fonts' codes and
//! texts, whether it is tagged) and of the page's own key ([`page`]: its geometry and items,
//! each image's name, each element's role). Where its links lead is found after. A session's
//! build takes a page whose key and context are a page's of the build before from memory
//! ([`super::memo::written_page`]) instead of writing it again.

use super::content::{Context, Geometry};
use super::fonts::FontTable;
use super::Setup;
use crate::typeset::frame::bytes::{self, f64s, opt_bytes};
use crate::typeset::frame::{Item, Point, Tag};

/// What every page of a file is written with beyond its own key.
pub fn context(setup: &Setup, fonts: &FontTable, tagged: bool) -> Vec<u8> {
    let mut out = format!("{setup:?}|{tagged}|").into_bytes();
    fonts.key_bytes(&mut out);
    out
}

/// What the content of a page placed as `g` depends on beyond the file's [`context`].
pub fn page(cx: &Context, g: Geometry, items: &[(Point, Item)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(key_room(items));
    geometry(&mut out, g);
    bytes::items(items, &mut out);
    for (_, item) in items {
        if let Item::Image { path, .. } = item {
            let name = cx.images.get(path).map(|image| image.name.as_bytes());
            opt_bytes(&mut out, name);
        }
        if let (Some(tree), Some(Tag::Element(n))) = (cx.structure, item.tag()) {
            let role = tree
                .elements
                .get(n as usize)
                .map(|e| e.role.name().as_bytes());
            opt_bytes(&mut out, role);
        }
    }
    out
}

/// Room for a page's key: the glyphs take most of it (see [`bytes::items`]), and growing a
/// key of tens of kilobytes step by step copied it over and over.
fn key_room(items: &[(Point, Item)]) -> usize {
    let per_item = 96;
    let glyphs: usize = (items.iter())
        .map(|(_, item)| match item {
            Item::Glyphs(run) => run.glyphs().len() * 9,
            _ => 0,
        })
        .sum();
    items.len() * per_item + glyphs
}

fn geometry(out: &mut Vec<u8>, g: Geometry) {
    let Geometry {
        margin,
        trim_height,
    } = g;
    f64s(out, &[margin, trim_height]);
}
