//! The OCF container: the files of an EPUB zipped in the order and form the format requires
//! (`mimetype` first, stored, with no extra field), every entry stamped with one fixed time
//! and fixed permissions so the archive's bytes depend only on its contents. The entries are
//! deflated on every thread, a few to each ([`PART`]).

use std::io::{Cursor, Write};

use rayon::prelude::*;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use crate::dates::BuildDate;
use crate::diag::{Error, Result};

/// The media type written in the `mimetype` entry.
pub const MIMETYPE: &str = "application/epub+zip";

/// Permissions recorded for every entry: an ordinary readable file.
const FILE_MODE: u32 = 0o644;

/// The `META-INF/container.xml` pointing at the package document.
pub fn container_xml(opf_path: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n\
         \x20 <rootfiles>\n\
         \x20   <rootfile full-path=\"{opf_path}\" media-type=\"application/oebps-package+xml\"/>\n\
         \x20 </rootfiles>\n\
         </container>\n"
    )
}

/// One file of the publication: its path in the container and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Path inside the container, `/`-separated (e.g. `OEBPS/nav.xhtml`).
    pub path: String,
    /// The file's contents.
    pub bytes: Vec<u8>,
}

/// How many entries are deflated together, on one thread: the parts are zipped in parallel,
/// each an archive of its own, and merged in order without being deflated again, so the
/// archive's bytes do not depend on how many threads there are.
const PART: usize = 8;

/// Zips `entries` (after `mimetype`, which this adds) with every time set to `stamp`.
pub fn zip(entries: &[Entry], stamp: BuildDate) -> Result<Vec<u8>> {
    let time = DateTime::from_date_and_time(
        stamp.year as u16,
        stamp.month as u8,
        stamp.day as u8,
        stamp.hour as u8,
        stamp.minute as u8,
        stamp.second as u8,
    )
    .map_err(|e| {
        Error::Internal(format!(
            "the EPUB cannot carry the time {}: {e}",
            stamp.w3c()
        ))
    })?;
    let base = SimpleFileOptions::default()
        .last_modified_time(time)
        .unix_permissions(FILE_MODE);
    let deflated = base.compression_method(CompressionMethod::Deflated);
    let parts: Vec<Result<Vec<u8>>> = (entries.par_chunks(PART))
        .map(|part| zip_part(part, deflated))
        .collect();
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    w.start_file(
        "mimetype",
        base.compression_method(CompressionMethod::Stored),
    )
    .map_err(Error::Zip)?;
    write_all(&mut w, MIMETYPE.as_bytes())?;
    for part in parts {
        let part = ZipArchive::new(Cursor::new(part?)).map_err(Error::Zip)?;
        w.merge_archive(part).map_err(Error::Zip)?;
    }
    Ok(w.finish().map_err(Error::Zip)?.into_inner())
}

/// `entries` zipped with `options`, an archive of their own to be merged into the book's.
fn zip_part(entries: &[Entry], options: SimpleFileOptions) -> Result<Vec<u8>> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    for e in entries {
        w.start_file(e.path.as_str(), options).map_err(Error::Zip)?;
        write_all(&mut w, &e.bytes)?;
    }
    Ok(w.finish().map_err(Error::Zip)?.into_inner())
}

fn write_all(w: &mut ZipWriter<Cursor<Vec<u8>>>, bytes: &[u8]) -> Result<()> {
    w.write_all(bytes).map_err(|e| Error::Zip(e.into()))
}
