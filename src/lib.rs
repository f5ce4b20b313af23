//! Folio: a publishing toolchain that turns a collection of markdown articles, described by
//! one manifest, into an EPUB 3 and a print-ready PDF from one document model.
//!
//! Pipeline: [`manifest`] loads `collection.toml` and reads each article with [`markdown`]
//! (plus [`infer`] for web-export layouts); [`passes`] number notes and references;
//! [`assets`] checks every image, the cover and the stylesheet once; then [`epub`]
//! serializes the model, and [`typeset`] lays it out into frames that [`pdf`] writes.

pub mod assets;
pub mod build;
pub mod cli;
pub mod collection;
pub mod contributors;
pub mod cover;
pub mod dates;
pub mod diag;
pub mod epub;
pub mod files;
pub mod fontfile;
pub mod fonts;
pub mod infer;
pub mod labels;
pub mod language;
pub mod manifest;
pub mod markdown;
pub mod math;
pub mod memo;
pub mod model;
pub mod output;
pub mod pagination;
pub mod passes;
pub mod pdf;
pub mod progress;
pub mod raster;
pub mod typeset;
pub mod xml;

pub use collection::Collection;
pub use diag::{Diagnostic, Diagnostics, Error, Result, Severity, Span};
pub use model::{Block, Document, Inline, Meta};
