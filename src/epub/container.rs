//! The OCF container: the files of an EPUB zipped in the order and form the format requires
//! (`mimetype` first, stored, with no extra field), every entry stamped with one fixed time
//! and fixed permissions so the archive's bytes depend only on its contents.
//!
//! The archive is written here rather than by the `zip` crate, whose writer deflates with
//! zlib (flate2): libdeflate, which the PDF's streams already use, deflates each whole entry
//! at once, in less time and a little smaller. A JPEG, WebP or WOFF file is stored as it is,
//! and any other file when deflating does not make it smaller. The entries are deflated on
//! every thread and laid end to end in order, so the bytes do not depend on how many threads
//! there are. The format is the plain one of APPNOTE 4.3 (local headers, central directory, end
//! record), without Zip64: an EPUB over 4 GiB or 65,535 files is refused, not cut short.

use std::cell::RefCell;
use std::sync::Arc;

use rayon::prelude::*;

use super::memo::{self, Zipped};
use crate::dates::BuildDate;
use crate::diag::{Error, Result};

/// The media type written in the `mimetype` entry.
pub const MIMETYPE: &str = "application/epub+zip";

/// Permissions recorded for every entry: an ordinary readable file (`S_IFREG | 0644`).
const FILE_MODE: u32 = 0o100_644;

/// libdeflate level for the entries: at 6 the 200-article benchmark's EPUB is a little
/// smaller than zlib's level 6 made it, in well under its time.
const DEFLATE_LEVEL: i32 = 6;

/// "Version needed to extract" for a deflated entry (2.0) and a stored one (1.0).
const NEEDS_DEFLATE: u16 = 20;
const NEEDS_STORED: u16 = 10;

/// "Version made by": Unix (3, so the external attributes are its mode) and APPNOTE 3.0.
const MADE_BY: u16 = (3 << 8) | 30;

/// General-purpose flag bit 11: the entry's name is UTF-8.
const UTF8_NAME: u16 = 1 << 11;

/// Compression methods.
const STORED: u16 = 0;
const DEFLATED: u16 = 8;

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

/// An entry as it goes into the archive.
struct Packed {
    name: String,
    size: u32,
    zipped: Zipped,
}

impl Packed {
    fn needs(&self) -> u16 {
        if self.zipped.method == DEFLATED {
            NEEDS_DEFLATE
        } else {
            NEEDS_STORED
        }
    }

    fn flags(&self) -> u16 {
        if self.name.is_ascii() {
            0
        } else {
            UTF8_NAME
        }
    }

    fn data(&self) -> &[u8] {
        &self.zipped.data
    }
}

/// Zips `entries` (after `mimetype`, which this adds) with every time set to `stamp`.
pub fn zip(entries: &[Entry], stamp: BuildDate) -> Result<Vec<u8>> {
    archive(entries.par_iter().map(pack).collect::<Result<_>>()?, stamp)
}

/// [`zip`], each entry dropped once it is packed: a book's XHTML is held deflated, not
/// twice.
pub fn zip_taking(entries: Vec<Entry>, stamp: BuildDate) -> Result<Vec<u8>> {
    let packed = entries.into_par_iter().map(|e| pack(&e));
    archive(packed.collect::<Result<_>>()?, stamp)
}

/// The archive of `packed` (after `mimetype`, which this adds), every time set to `stamp`.
fn archive(packed: Vec<Packed>, stamp: BuildDate) -> Result<Vec<u8>> {
    let (time, date) = dos_time(stamp)?;
    let mimetype = Packed {
        name: "mimetype".to_string(),
        size: MIMETYPE.len() as u32,
        zipped: stored(MIMETYPE.as_bytes(), libdeflater::crc32(MIMETYPE.as_bytes())),
    };
    let all: Vec<&Packed> = std::iter::once(&mimetype).chain(&packed).collect();
    if all.len() > usize::from(u16::MAX) {
        return Err(too_big(format!("{} files", all.len())));
    }
    let data: usize = all.iter().map(|p| p.data().len() + p.name.len()).sum();
    let mut out = Vec::with_capacity(data + all.len() * 80 + 22);
    let mut offsets = Vec::with_capacity(all.len());
    for p in &all {
        offsets.push(offset(out.len())?);
        local_header(&mut out, p, (time, date));
        out.extend_from_slice(p.data());
    }
    let directory = offset(out.len())?;
    for (p, at) in all.iter().zip(offsets) {
        central_header(&mut out, p, (time, date), at);
    }
    let size = offset(out.len())? - directory;
    end_record(&mut out, all.len() as u16, size, directory);
    Ok(out)
}

/// `entry` stored when it is a kind [`COMPRESSED_ALREADY`] names, else deflated, or stored
/// when deflating does not make it smaller; in a session, as the last build zipped it when
/// its bytes are the same.
fn pack(entry: &Entry) -> Result<Packed> {
    let size = length(entry.bytes.len(), &entry.path)?;
    let zipped = memo::zipped(&entry.path, &entry.bytes, || {
        if compressed_already(&entry.path) {
            stored(&entry.bytes, libdeflater::crc32(&entry.bytes))
        } else {
            zip_bytes(&entry.bytes)
        }
    });
    Ok(Packed {
        name: entry.path.clone(),
        size,
        zipped,
    })
}

/// Kinds of file whose data is compressed as well as deflate could, which deflate would only
/// spend time on (a book of photographs holds megabytes of JPEG): stored without trying.
/// PNG is not among them: a PNG is deflated inside, but often loosely (the sample
/// anthology's cover deflates by another 15%).
const COMPRESSED_ALREADY: &[&str] = &["jpg", "jpeg", "webp", "woff", "woff2"];

fn compressed_already(path: &str) -> bool {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    COMPRESSED_ALREADY
        .iter()
        .any(|known| ext.eq_ignore_ascii_case(known))
}

/// `bytes` deflated, or stored when deflating does not make them smaller.
fn zip_bytes(bytes: &[u8]) -> Zipped {
    thread_local! {
        static COMPRESSOR: RefCell<libdeflater::Compressor> = RefCell::new(
            libdeflater::Compressor::new(
                libdeflater::CompressionLvl::new(DEFLATE_LEVEL).expect("a level libdeflate has"),
            ),
        );
    }
    let deflated = COMPRESSOR.with(|c| {
        let mut c = c.borrow_mut();
        let mut out = vec![0; c.deflate_compress_bound(bytes.len())];
        let n = (c.deflate_compress(bytes, &mut out)).expect("the bound leaves room for any data");
        out.truncate(n);
        out
    });
    let crc = libdeflater::crc32(bytes);
    if deflated.len() >= bytes.len() {
        return stored(bytes, crc);
    }
    Zipped {
        method: DEFLATED,
        crc,
        data: Arc::new(deflated),
    }
}

/// `bytes` stored as they are.
fn stored(bytes: &[u8], crc: u32) -> Zipped {
    Zipped {
        method: STORED,
        crc,
        data: Arc::new(bytes.to_vec()),
    }
}

/// A file's length as the headers hold it.
fn length(n: usize, name: &str) -> Result<u32> {
    u32::try_from(n).map_err(|_| too_big(format!("`{name}`, of {n} bytes")))
}

/// An offset in the archive as the headers hold it.
fn offset(n: usize) -> Result<u32> {
    u32::try_from(n).map_err(|_| too_big(format!("{n} bytes")))
}

fn too_big(what: String) -> Error {
    Error::Internal(format!(
        "the EPUB would hold {what}, more than a zip without Zip64 can (4 GiB, 65,535 files); \
         split the collection into volumes"
    ))
}

/// `stamp` as MS-DOS time and date, the only times the headers hold (years 1980–2107, in
/// even seconds).
fn dos_time(stamp: BuildDate) -> Result<(u16, u16)> {
    if !(1980..=2107).contains(&stamp.year) {
        return Err(Error::Internal(format!(
            "the EPUB cannot carry the time {}: a zip's dates run from 1980 to 2107",
            stamp.w3c()
        )));
    }
    let time = (stamp.hour << 11) | (stamp.minute << 5) | (stamp.second / 2);
    let date = ((stamp.year as u32 - 1980) << 9) | (stamp.month << 5) | stamp.day;
    Ok((time as u16, date as u16))
}

fn u16le(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn u32le(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// The fields the local and central headers share, from "version needed" to the extra
/// field's length (none).
fn common(out: &mut Vec<u8>, p: &Packed, (time, date): (u16, u16)) {
    u16le(out, p.needs());
    u16le(out, p.flags());
    u16le(out, p.zipped.method);
    u16le(out, time);
    u16le(out, date);
    u32le(out, p.zipped.crc);
    u32le(out, p.data().len() as u32);
    u32le(out, p.size);
    u16le(out, p.name.len() as u16);
    u16le(out, 0);
}

fn local_header(out: &mut Vec<u8>, p: &Packed, when: (u16, u16)) {
    u32le(out, 0x0403_4b50);
    common(out, p, when);
    out.extend_from_slice(p.name.as_bytes());
}

fn central_header(out: &mut Vec<u8>, p: &Packed, when: (u16, u16), at: u32) {
    u32le(out, 0x0201_4b50);
    u16le(out, MADE_BY);
    common(out, p, when);
    u16le(out, 0); // comment length
    u16le(out, 0); // disk number
    u16le(out, 0); // internal attributes
    u32le(out, FILE_MODE << 16);
    u32le(out, at);
    out.extend_from_slice(p.name.as_bytes());
}

fn end_record(out: &mut Vec<u8>, entries: u16, size: u32, at: u32) {
    u32le(out, 0x0605_4b50);
    u16le(out, 0); // this disk
    u16le(out, 0); // the directory's disk
    u16le(out, entries);
    u16le(out, entries);
    u32le(out, size);
    u32le(out, at);
    u16le(out, 0); // comment length
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp() -> BuildDate {
        BuildDate {
            year: 2026,
            month: 12,
            day: 6,
            hour: 23,
            minute: 59,
            second: 59,
        }
    }

    #[test]
    fn mimetype_comes_first_stored_with_no_extra_field() {
        let entries = [Entry {
            path: "OEBPS/a.xhtml".into(),
            bytes: b"<p>text</p>".repeat(100),
        }];
        let z = zip(&entries, stamp()).unwrap();
        assert_eq!(&z[..4], b"PK\x03\x04");
        assert_eq!(u16::from_le_bytes([z[8], z[9]]), STORED);
        assert_eq!(u16::from_le_bytes([z[28], z[29]]), 0, "no extra field");
        assert_eq!(&z[30..38], b"mimetype");
        assert_eq!(&z[38..58], MIMETYPE.as_bytes());
    }

    #[test]
    fn an_archive_reads_back_whole_with_each_entry_in_order() {
        use std::io::Read;
        let mut x = 0x9E37_79B9_7F4A_7C15_u64;
        let noise: Vec<u8> = (0..5000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 32) as u8
            })
            .collect();
        let entries = [
            Entry {
                path: "OEBPS/text/a.xhtml".into(),
                bytes: "<p>Ein Satz, noch ein Satz.</p>\n".repeat(300).into_bytes(),
            },
            Entry {
                path: "OEBPS/images/grüße.bin".into(),
                bytes: noise.clone(),
            },
            Entry {
                path: "OEBPS/empty.css".into(),
                bytes: Vec::new(),
            },
        ];
        let z = zip(&entries, stamp()).unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(z)).unwrap();
        assert_eq!(archive.len(), 4);
        assert_eq!(archive.by_index(0).unwrap().name(), "mimetype");
        for (i, e) in entries.iter().enumerate() {
            let mut f = archive.by_index(i + 1).unwrap();
            assert_eq!(f.name(), e.path);
            assert_eq!(f.unix_mode(), Some(FILE_MODE));
            let mut back = Vec::new();
            f.read_to_end(&mut back).unwrap();
            assert_eq!(back, e.bytes, "{} reads back as written", e.path);
        }
        {
            let text = archive.by_index(1).unwrap();
            assert_eq!(text.compression(), zip::CompressionMethod::Deflated);
            assert!(text.compressed_size() < text.size() / 4);
        }
        let noise = archive.by_index(2).unwrap();
        assert_eq!(noise.compression(), zip::CompressionMethod::Stored);
    }

    #[test]
    fn photographs_are_stored_and_text_deflated_however_well_they_would_go() {
        let text = "<p>Ein Satz.</p>\n".repeat(200).into_bytes();
        let entries = [
            Entry {
                path: "OEBPS/images/flat.JPG".into(),
                bytes: vec![0; 4000],
            },
            Entry {
                path: "OEBPS/a.xhtml".into(),
                bytes: text,
            },
        ];
        let z = zip(&entries, stamp()).unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(z)).unwrap();
        let image = archive.by_index(1).unwrap();
        assert_eq!(image.compression(), zip::CompressionMethod::Stored);
        assert_eq!(image.compressed_size(), 4000);
        drop(image);
        let page = archive.by_index(2).unwrap();
        assert_eq!(page.compression(), zip::CompressionMethod::Deflated);
    }

    #[test]
    fn dos_time_packs_the_fields_and_refuses_years_it_cannot_hold() {
        let (time, date) = dos_time(stamp()).unwrap();
        assert_eq!(time, (23 << 11) | (59 << 5) | 29);
        assert_eq!(date, (46 << 9) | (12 << 5) | 6);
        let mut early = stamp();
        early.year = 1970;
        assert!(dos_time(early).is_err());
    }
}
