//! A small ICC v2 monochrome output profile ('prtr' class, GRAY data, XYZ connection space)
//! made here, for the PDF/X-4 output intent of a black-and-white interior: description,
//! copyright, media white point and a grey tone curve, the tags ICC.1:2001-04 requires of a
//! monochrome output profile. It is ours (no licence to carry) and a few hundred bytes.

/// ICC profile header size.
const HEADER_LEN: usize = 128;

/// Bytes per tag-table entry (signature, offset, size).
const TAG_ENTRY_LEN: usize = 12;

/// The D50 illuminant in s15Fixed16 (X, Y, Z): the profile connection space's white.
const D50: [u32; 3] = [0x0000_F6D6, 0x0001_0000, 0x0000_D32D];

/// Tone-curve gamma in u8Fixed8 (2.2 × 256): a typical dot-gain-like response for grey
/// printed on uncoated book paper.
const GAMMA_U8F8: u16 = 563;

/// The profile's description, also used as the output condition's name.
pub const DESCRIPTION: &str = "Folio grey, uncoated book paper (gamma 2.2)";

/// The fixed creation date written in the header (a constant keeps builds reproducible).
const CREATED: [u16; 6] = [2026, 1, 1, 0, 0, 0];

/// The whole profile.
pub fn gray_profile() -> Vec<u8> {
    let tags: Vec<([u8; 4], Vec<u8>)> = vec![
        (*b"desc", text_description(DESCRIPTION)),
        (*b"cprt", text_type("No copyright, use freely")),
        (*b"wtpt", xyz_type(D50)),
        (*b"kTRC", curve_gamma(GAMMA_U8F8)),
    ];
    let table_len = 4 + TAG_ENTRY_LEN * tags.len();
    let mut offset = HEADER_LEN + table_len;
    let mut table = (tags.len() as u32).to_be_bytes().to_vec();
    let mut data = Vec::new();
    for (sig, body) in &tags {
        table.extend_from_slice(sig);
        table.extend_from_slice(&(offset as u32).to_be_bytes());
        table.extend_from_slice(&(body.len() as u32).to_be_bytes());
        let mut padded = body.clone();
        while !padded.len().is_multiple_of(4) {
            padded.push(0);
        }
        offset += padded.len();
        data.extend(padded);
    }
    let total = HEADER_LEN + table.len() + data.len();
    let mut out = header(total);
    out.extend(table);
    out.extend(data);
    out
}

fn header(size: usize) -> Vec<u8> {
    let mut h = Vec::with_capacity(HEADER_LEN);
    h.extend_from_slice(&(size as u32).to_be_bytes());
    h.extend_from_slice(&[0; 4]); // preferred CMM: none
    h.extend_from_slice(&0x0210_0000u32.to_be_bytes()); // version 2.1
    h.extend_from_slice(b"prtr"); // output device class
    h.extend_from_slice(b"GRAY");
    h.extend_from_slice(b"XYZ ");
    for v in CREATED {
        h.extend_from_slice(&v.to_be_bytes());
    }
    h.extend_from_slice(b"acsp");
    h.extend_from_slice(&[0; 4]); // platform
    h.extend_from_slice(&[0; 4]); // flags
    h.extend_from_slice(&[0; 4]); // manufacturer
    h.extend_from_slice(&[0; 4]); // model
    h.extend_from_slice(&[0; 8]); // attributes: reflective, glossy
    h.extend_from_slice(&[0; 4]); // rendering intent: perceptual
    for v in D50 {
        h.extend_from_slice(&v.to_be_bytes());
    }
    h.extend_from_slice(&[0; 4]); // creator
    h.resize(HEADER_LEN, 0); // profile id and reserved bytes
    h
}

/// `textDescriptionType` (ICC v2): ASCII, then empty Unicode and ScriptCode parts.
fn text_description(text: &str) -> Vec<u8> {
    /// Bytes of the fixed-size ScriptCode description.
    const SCRIPTCODE_LEN: usize = 67;
    let mut b = b"desc\0\0\0\0".to_vec();
    b.extend_from_slice(&(text.len() as u32 + 1).to_be_bytes());
    b.extend_from_slice(text.as_bytes());
    b.push(0);
    b.extend_from_slice(&[0; 8]); // Unicode language code and count
    b.extend_from_slice(&[0; 3]); // ScriptCode code and count
    b.extend_from_slice(&[0; SCRIPTCODE_LEN]);
    b
}

/// `textType`: NUL-terminated ASCII.
fn text_type(text: &str) -> Vec<u8> {
    let mut b = b"text\0\0\0\0".to_vec();
    b.extend_from_slice(text.as_bytes());
    b.push(0);
    b
}

/// `XYZType` with one value.
fn xyz_type(xyz: [u32; 3]) -> Vec<u8> {
    let mut b = b"XYZ \0\0\0\0".to_vec();
    for v in xyz {
        b.extend_from_slice(&v.to_be_bytes());
    }
    b
}

/// `curveType` holding a single gamma.
fn curve_gamma(gamma: u16) -> Vec<u8> {
    let mut b = b"curv\0\0\0\0".to_vec();
    b.extend_from_slice(&1u32.to_be_bytes());
    b.extend_from_slice(&gamma.to_be_bytes());
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_is_well_formed() {
        let p = gray_profile();
        let size = u32::from_be_bytes(p[0..4].try_into().unwrap()) as usize;
        assert_eq!(size, p.len());
        assert_eq!(&p[36..40], b"acsp");
        assert_eq!(&p[12..20], b"prtrGRAY");
        let count = u32::from_be_bytes(p[128..132].try_into().unwrap()) as usize;
        assert_eq!(count, 4);
        for i in 0..count {
            let e = 132 + i * TAG_ENTRY_LEN;
            let off = u32::from_be_bytes(p[e + 4..e + 8].try_into().unwrap()) as usize;
            let len = u32::from_be_bytes(p[e + 8..e + 12].try_into().unwrap()) as usize;
            assert_eq!(off % 4, 0, "tags start on 4-byte boundaries");
            assert!(off + len <= p.len());
        }
    }
}
