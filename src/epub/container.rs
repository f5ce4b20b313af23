//! The OCF container: the files of an EPUB zipped in the order and form the format requires
//! (`mimetype` first, stored, with no extra field), every entry stamped with one fixed time
//! and fixed permissions so the archive's bytes depend only on its contents.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

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
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    w.start_file(
        "mimetype",
        base.compression_method(CompressionMethod::Stored),
    )
    .map_err(Error::Zip)?;
    write_all(&mut w, MIMETYPE.as_bytes())?;
    let deflated = base.compression_method(CompressionMethod::Deflated);
    for e in entries {
        w.start_file(e.path.as_str(), deflated)
            .map_err(Error::Zip)?;
        write_all(&mut w, &e.bytes)?;
    }
    Ok(w.finish().map_err(Error::Zip)?.into_inner())
}

fn write_all(w: &mut ZipWriter<Cursor<Vec<u8>>>, bytes: &[u8]) -> Result<()> {
    w.write_all(bytes).map_err(|e| Error::Zip(e.into()))
}
