//! Writing a document with its dictionaries packed into object streams and a
//! cross-reference stream (PDF 1.5, ISO 32000-1 7.5.7–7.5.8): what a tagged file's tens of
//! thousands of structure elements need to stay small. lopdf's own writer for this clones
//! every object into its stream and holds a second copy of the file's objects; this one
//! takes the objects as it writes them, packs and deflates the streams in parallel, and
//! writes each object's bytes once.

use std::io::Write;

use lopdf::{Dictionary, Document, Object, StringFormat};

use super::num::push_uint;
use rayon::prelude::*;

/// Objects in one object stream: enough that their deflate shares a dictionary of names,
/// few enough that a reader finds one without inflating much.
const PER_STREAM: usize = 200;

/// Objects already written, for the object streams, in the order they are to be packed. A
/// tagged book has hundreds of thousands: their syntax is held end to end in a few buffers,
/// where a buffer for each took more memory than the bytes themselves.
#[derive(Debug, Default)]
pub struct Packed {
    /// Object streams made already, each of [`PER_STREAM`] objects but the last: they
    /// follow the streams of the document's own objects.
    sealed: Vec<Sealed>,
    /// Objects written whose place is among the document's own objects, by number, rather
    /// than after them (a tagged file's pages, the structure tree's root).
    in_place: Vec<(u32, Vec<u8>)>,
}

/// An object stream: the numbers of its objects and its bytes from its dictionary to
/// `endobj`.
type Sealed = (Vec<u32>, Vec<u8>);

/// Objects written one after another into one buffer.
#[derive(Debug, Default)]
pub struct Chunk {
    /// Each object's number and where its syntax ends in `bytes`.
    objects: Vec<(u32, usize)>,
    bytes: Vec<u8>,
}

impl Chunk {
    /// Adds object `id`, its syntax what `write` writes.
    pub fn push(&mut self, id: u32, write: impl FnOnce(&mut Vec<u8>)) {
        write(&mut self.bytes);
        self.objects.push((id, self.bytes.len()));
    }

    /// The objects in order: number and syntax.
    fn iter(&self) -> impl Iterator<Item = (u32, &[u8])> + '_ {
        let mut start = 0;
        self.objects.iter().map(move |&(id, end)| {
            let bytes = &self.bytes[start..end];
            start = end;
            (id, bytes)
        })
    }
}

impl Packed {
    /// Adds object `id`, written as `bytes`, to be packed where the document's object of
    /// that number would be.
    pub fn in_place(&mut self, id: u32, bytes: Vec<u8>) {
        self.in_place.push((id, bytes));
    }

    /// The bytes of the syntax of the objects held in place.
    fn bytes(&self) -> usize {
        self.in_place.iter().map(|(_, b)| b.len()).sum()
    }
}

impl Packed {
    /// Adds the objects `write` writes for each of `items`, in order, packed into object
    /// streams now: each stream's objects are written and deflated on a thread, so that
    /// their syntax is never all held (a tagged book's structure elements took 15 MB at
    /// 1,000 articles, deflated about 3). `write` must write one object for each item.
    pub fn seal<T: Sync>(&mut self, items: &[T], write: impl Fn(&mut Chunk, &T) + Sync) {
        let sealed = items.par_chunks(PER_STREAM).map(|items| {
            let mut chunk = Chunk::default();
            for item in items {
                write(&mut chunk, item);
            }
            let held: Vec<(u32, Held)> =
                chunk.iter().map(|(id, b)| (id, Held::Written(b))).collect();
            object_stream(&held)
        });
        self.sealed.par_extend(sealed);
    }
}

/// An object to pack: to be written, or written already.
enum Held<'a> {
    Object(&'a Object),
    Written(&'a [u8]),
}

/// `object`'s syntax, for [`Packed`] (what the writers that write straight to bytes are
/// checked against).
#[cfg(test)]
pub fn bytes(object: &Object) -> Vec<u8> {
    let mut out = Vec::new();
    value(&mut out, object);
    out
}

/// Where the cross-reference stream says an object is.
#[derive(Debug, Clone, Copy)]
enum Entry {
    Free,
    /// At this offset in the file.
    At(usize),
    /// Object `index` of object stream `stream`.
    In(u32, u16),
}

/// The file's bytes: streams written as they are, every other object (and those `written`
/// in place) packed into object streams, then the object streams `written` sealed, then the
/// cross-reference stream with the trailer's entries. The document's objects are taken.
pub fn save(doc: &mut Document, mut written: Packed) -> Vec<u8> {
    written.in_place.sort_unstable_by_key(|(id, _)| *id);
    let mut sealed = std::mem::take(&mut written.sealed);
    let objects = std::mem::take(&mut doc.objects);
    let highest = (objects.keys().map(|id| id.0))
        .chain(written.in_place.iter().map(|(id, _)| *id))
        .chain(sealed.iter().flat_map(|(ids, _)| ids.iter().copied()))
        .max();
    let mut next_id = highest.unwrap_or(0) + 1;
    // The file in one buffer, sized so that it seldom grows (a grown buffer is copied, and
    // for a moment held twice): the streams as they are, the packed objects deflated.
    let streams_bytes: usize = (objects.values())
        .map(|o| match o {
            Object::Stream(s) => s.content.len() + 128,
            _ => 0,
        })
        .sum();
    let sealed_bytes: usize = sealed.iter().map(|(_, b)| b.len() + 16).sum();
    let room = streams_bytes + sealed_bytes + written.bytes() / 3 + (1 << 20);
    let mut out = Vec::with_capacity(room);
    let _ = write!(out, "%PDF-{}\n%", doc.version);
    out.extend_from_slice(&[0xE2, 0xE3, 0xCF, 0xD3, b'\n']);
    let mut entries = vec![Entry::Free; next_id as usize];
    let mut plain = Vec::new();
    for ((id, generation), object) in objects {
        match object {
            Object::Stream(_) => {
                entries[id as usize] = Entry::At(out.len());
                indirect(&mut out, id, generation, &object);
            }
            other => plain.push((id, other)),
        }
    }
    let mut packed = Vec::with_capacity(plain.len() + written.in_place.len());
    let mut in_place = written.in_place.iter().peekable();
    for (id, o) in &plain {
        while let Some((placed, b)) = in_place.next_if(|(placed, _)| placed < id) {
            packed.push((*placed, Held::Written(b)));
        }
        packed.push((*id, Held::Object(o)));
    }
    packed.extend(in_place.map(|(id, b)| (*id, Held::Written(b))));
    // The document's objects, then those sealed as they were written.
    let mut streams: Vec<Sealed> = packed.par_chunks(PER_STREAM).map(object_stream).collect();
    streams.append(&mut sealed);
    drop(packed);
    drop(plain);
    drop(written);
    for (ids, bytes) in streams {
        let stream_id = next_id;
        next_id += 1;
        entries.push(Entry::At(out.len()));
        let _ = writeln!(out, "{stream_id} 0 obj");
        for (k, id) in ids.into_iter().enumerate() {
            entries[id as usize] = Entry::In(stream_id, k as u16);
        }
        out.extend_from_slice(&bytes);
    }
    xref_stream(&mut out, doc, &mut entries, next_id);
    out
}

/// `id 0 obj … endobj` around `object`.
fn indirect(out: &mut Vec<u8>, id: u32, generation: u16, object: &Object) {
    let _ = writeln!(out, "{id} {generation} obj");
    value(out, object);
    out.extend_from_slice(b"\nendobj\n");
}

/// One object stream of `objects`: the ids it holds in order, and its bytes as an indirect
/// object after its `n 0 obj` line (its number is given when it is written).
fn object_stream(objects: &[(u32, Held)]) -> (Vec<u32>, Vec<u8>) {
    let mut body = Vec::new();
    let mut head = Vec::new();
    for (id, object) in objects {
        let _ = write!(head, "{id} {} ", body.len());
        match object {
            Held::Object(o) => value(&mut body, o),
            Held::Written(b) => body.extend_from_slice(b),
        }
        body.push(b'\n');
    }
    let first = head.len();
    head.extend_from_slice(&body);
    let data = super::deflate(&head);
    let mut bytes = Vec::with_capacity(data.len() + 128);
    let _ = write!(
        bytes,
        "<</Type /ObjStm /N {} /First {first} /Filter /FlateDecode /Length {}>>\nstream\n",
        objects.len(),
        data.len()
    );
    bytes.extend_from_slice(&data);
    bytes.extend_from_slice(b"\nendstream\nendobj\n");
    (objects.iter().map(|(id, _)| *id).collect(), bytes)
}

/// Writes the cross-reference stream, object `id`, with `entries` (and its own) and the
/// trailer's entries of `doc`, then `startxref`.
fn xref_stream(out: &mut Vec<u8>, doc: &Document, entries: &mut Vec<Entry>, id: u32) {
    let start = out.len();
    entries.push(Entry::At(start));
    let mut rows = Vec::with_capacity(entries.len() * 7);
    for (n, e) in entries.iter().enumerate() {
        let (kind, a, b): (u8, u32, u16) = match *e {
            Entry::Free if n == 0 => (0, 0, u16::MAX),
            Entry::Free => (0, 0, 0),
            Entry::At(offset) => (1, offset as u32, 0),
            Entry::In(stream, index) => (2, stream, index),
        };
        rows.push(kind);
        rows.extend_from_slice(&a.to_be_bytes());
        rows.extend_from_slice(&b.to_be_bytes());
    }
    let data = super::deflate(&rows);
    let mut dict = Dictionary::new();
    for key in [b"Root".as_slice(), b"Info", b"ID"] {
        if let Ok(v) = doc.trailer.get(key) {
            dict.set(key, v.clone());
        }
    }
    let _ = write!(
        out,
        "{id} 0 obj\n<</Type /XRef /Size {} /W [1 4 2] /Filter /FlateDecode /Length {}",
        entries.len(),
        data.len()
    );
    for (key, v) in &dict {
        name(out, key);
        out.push(b' ');
        value(out, v);
    }
    out.extend_from_slice(b">>\nstream\n");
    out.extend_from_slice(&data);
    let _ = write!(out, "\nendstream\nendobj\nstartxref\n{start}\n%%EOF");
}

/// An object's syntax.
pub(super) fn value(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => integer(out, *i),
        Object::Real(r) => real(out, *r),
        Object::Name(n) => name(out, n),
        Object::String(s, StringFormat::Literal) => literal(out, s),
        Object::String(s, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for b in s {
                let _ = write!(out, "{b:02X}");
            }
            out.push(b'>');
        }
        Object::Array(items) => array(out, items, value),
        Object::Dictionary(d) => dictionary(out, d, None),
        Object::Stream(s) => {
            dictionary(out, &s.dict, Some(s.content.len()));
            out.extend_from_slice(b"stream\n");
            out.extend_from_slice(&s.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference(id) => reference(out, *id),
    }
}

/// `n g R`. Integers are written by hand, not through `write!`: a tagged book's structure
/// tree and parent tree hold hundreds of thousands of them.
pub(super) fn reference(out: &mut Vec<u8>, (id, generation): (u32, u16)) {
    push_uint(out, u64::from(id));
    out.push(b' ');
    push_uint(out, u64::from(generation));
    out.extend_from_slice(b" R");
}

/// An integer.
pub(super) fn integer(out: &mut Vec<u8>, i: i64) {
    if i < 0 {
        out.push(b'-');
    }
    push_uint(out, i.unsigned_abs());
}

/// Beneath this magnitude an `f32`'s spacing is under 1/1000, so no two numbers of three
/// decimal places are the same `f32`.
const REAL_EXACT_BELOW: f64 = 8192.0;

/// A real as Rust's `Display` writes it: the shortest decimal that reads back as `r`.
/// Boxes and rectangles, a book's most common reals, are rounded to 1/1000 pt; such a
/// value (beneath [`REAL_EXACT_BELOW`]) is the only number of three places in its
/// rounding interval, and so its own shortest form, which [`super::num::push`] writes
/// without the float formatting machinery.
pub(super) fn real(out: &mut Vec<u8>, r: f32) {
    let v = f64::from(r);
    if r != 0.0 && v.abs() < REAL_EXACT_BELOW {
        let thousandths = (v * 1000.0).round();
        if (thousandths / 1000.0) as f32 == r {
            super::num::push(out, thousandths / 1000.0);
            return;
        }
    }
    let _ = write!(out, "{r}");
}

/// `[a b …]`: an array of reals.
pub(super) fn reals(out: &mut Vec<u8>, values: impl IntoIterator<Item = f32>) {
    array(out, values, real);
}

/// `[a b …]`: `items`, each as `write` writes it, separated by spaces.
fn array<T>(
    out: &mut Vec<u8>,
    items: impl IntoIterator<Item = T>,
    write: impl Fn(&mut Vec<u8>, T),
) {
    out.push(b'[');
    for (k, item) in items.into_iter().enumerate() {
        if k > 0 {
            out.push(b' ');
        }
        write(out, item);
    }
    out.push(b']');
}

/// `<<…>>`, with `/Length` set to `length` when given (a stream's).
pub(super) fn dictionary(out: &mut Vec<u8>, d: &Dictionary, length: Option<usize>) {
    out.extend_from_slice(b"<<");
    for (key, v) in d {
        if length.is_some() && key.as_slice() == b"Length" {
            continue;
        }
        name(out, key);
        out.push(b' ');
        value(out, v);
    }
    if let Some(n) = length {
        let _ = write!(out, "/Length {n}");
    }
    out.extend_from_slice(b">>");
}

/// `/Name`, with white space, delimiters and bytes outside `!`–`~` as `#xx`.
pub(super) fn name(out: &mut Vec<u8>, n: &[u8]) {
    out.push(b'/');
    if !n.iter().any(|&b| needs_escape(b)) {
        out.extend_from_slice(n);
        return;
    }
    for &b in n {
        if needs_escape(b) {
            let _ = write!(out, "#{b:02X}");
        } else {
            out.push(b);
        }
    }
}

/// Whether byte `b` of a name is written as `#xx`.
fn needs_escape(b: u8) -> bool {
    ESCAPED[usize::from(b)]
}

/// [`needs_escape`] by byte: white space, delimiters and bytes outside `!`–`~`.
static ESCAPED: [bool; 256] = {
    let mut table = [true; 256];
    let mut b = 33;
    while b <= 126 {
        table[b] = false;
        b += 1;
    }
    let delimiters = b"()<>[]{}/%#";
    let mut k = 0;
    while k < delimiters.len() {
        table[delimiters[k] as usize] = true;
        k += 1;
    }
    table
};

/// `(…)`, with parentheses, backslashes and carriage returns escaped.
pub(super) fn literal(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'(');
    for &b in s {
        match b {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
    out.push(b')');
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::Stream;

    fn written(f: impl FnOnce(&mut Vec<u8>)) -> String {
        let mut out = Vec::new();
        f(&mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn numbers_are_written_as_display_writes_them() {
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut reals: Vec<f32> = vec![0.0, -0.0, 1.0, -1.0, 0.001, 8191.999, 8192.0, 1e-9];
        reals.extend([
            595.276,
            841.89,
            0.5,
            12.345,
            1e20,
            f32::MAX,
            f32::MIN_POSITIVE,
        ]);
        for _ in 0..200_000 {
            let r = next();
            // Thousandths of a point, as boxes are rounded, and arbitrary reals.
            let thousandths = (r % 20_000_000) as f64 - 10_000_000.0;
            reals.push((thousandths / 1000.0) as f32);
            reals.push(f32::from_bits(r as u32));
        }
        for r in reals.into_iter().filter(|r| r.is_finite()) {
            assert_eq!(written(|o| real(o, r)), format!("{r}"), "{r:?}");
        }
        for i in [0, 1, -1, 9, 10, 99, 1234567, i64::MAX, i64::MIN, -42] {
            assert_eq!(written(|o| integer(o, i)), format!("{i}"));
        }
        assert_eq!(
            written(|o| reference(o, (4_000_000, 65535))),
            "4000000 65535 R"
        );
        assert_eq!(written(|o| name(o, b"Plain")), "/Plain");
        assert_eq!(written(|o| name(o, b"a b#(")), "/a#20b#23#28");
        for b in 0..=255u8 {
            let plain = !b" \t\n\r\x0C()<>[]{}/%#".contains(&b) && (33..=126).contains(&b);
            assert_eq!(needs_escape(b), !plain, "byte {b}");
        }
    }

    #[test]
    fn a_packed_file_reads_back_with_every_object() {
        let mut doc = Document::with_version("1.7");
        let pages = doc.new_object_id();
        let content = doc.add_object(Stream::new(Dictionary::new(), b"BT ET".to_vec()));
        let mut ids = Vec::new();
        for k in 0..450 {
            let d = Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Page".to_vec())),
                ("Parent", Object::Reference(pages)),
                ("Contents", Object::Reference(content)),
                ("Odd", Object::string_literal(format!("a (b) \\ c\r{k}"))),
                ("Name", Object::Name(b"with space#".to_vec())),
                ("Real", Object::Real(0.25)),
            ]);
            ids.push(doc.add_object(d));
        }
        let kids = ids.iter().map(|&id| Object::Reference(id)).collect();
        let tree = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Pages".to_vec())),
            ("Kids", Object::Array(kids)),
            ("Count", Object::Integer(450)),
        ]);
        doc.objects.insert(pages, Object::Dictionary(tree));
        let catalog = doc.add_object(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Catalog".to_vec())),
            ("Pages", Object::Reference(pages)),
        ]));
        doc.trailer.set("Root", Object::Reference(catalog));
        let bytes = save(&mut doc, Packed::default());
        let back = Document::load_mem(&bytes).expect("the file reads back");
        assert_eq!(back.get_pages().len(), 450);
        let page = back.get_dictionary(ids[449]).unwrap();
        assert_eq!(
            page.get(b"Odd").unwrap().as_str().unwrap(),
            b"a (b) \\ c\r449"
        );
        assert_eq!(
            page.get(b"Name").unwrap().as_name().unwrap(),
            b"with space#"
        );
        assert_eq!(back.get_page_content(ids[0]).trim_ascii_end(), b"BT ET");
    }

    #[test]
    fn objects_sealed_as_written_read_back_beside_the_others() {
        let mut doc = Document::with_version("1.7");
        let catalog = doc.add_object(Dictionary::from_iter(vec![(
            "Type",
            Object::Name(b"Catalog".to_vec()),
        )]));
        doc.trailer.set("Root", Object::Reference(catalog));
        // More than one stream's worth of sealed objects, and one written in place.
        let sealed: Vec<u32> = (0..2 * PER_STREAM as u32 + 7).map(|k| 10 + k).collect();
        let mut packed = Packed::default();
        packed.seal(&sealed, |chunk, &id| {
            chunk.push(id, |out| {
                out.extend_from_slice(format!("<</Sealed {id}>>").as_bytes())
            });
        });
        packed.in_place(5, b"<</Later true>>".to_vec());
        let bytes = save(&mut doc, packed);
        let back = Document::load_mem(&bytes).expect("the file reads back");
        for id in sealed {
            let d = back.get_dictionary((id, 0)).expect("a sealed object");
            assert_eq!(d.get(b"Sealed").unwrap().as_i64().unwrap(), i64::from(id));
        }
        let later = back.get_dictionary((5, 0)).unwrap();
        assert!(later.get(b"Later").unwrap().as_bool().unwrap());
        assert!(back.get_dictionary(catalog).is_ok());
    }
}
