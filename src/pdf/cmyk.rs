//! Colour for a CMYK press (the IngramSpark cover): sRGB colours and images converted to
//! DeviceCMYK through the perceptual table (`B2A0`) of the press profile Folio ships
//! (`profiles/`, made from the CGATS TR 006 coated characterization with a 240% total ink
//! limit, IngramSpark's). The same profile is the file's PDF/X output intent, so what the
//! printer's RIP assumes and what Folio converted to agree. Neutral greys are not converted
//! here: they stay DeviceGray, black ink only, as printers want text.

use std::sync::OnceLock;

/// The press profile (ICC v2 output profile, CMYK, Lab connection space).
pub const PROFILE: &[u8] = include_bytes!("../../profiles/folio-tr006-240.icc");

/// The output condition the profile characterizes, as the ICC registry names it.
pub const CONDITION: &str = "CGATS TR 006";

/// The profile's description, also the output condition's text.
pub const DESCRIPTION: &str = "Folio CMYK: CGATS TR 006 (GRACoL 2006 coated #1), 240% ink";

/// sRGB's primaries adapted to D50 (Bradford), as the ICC's sRGB profiles give them: linear
/// RGB to the profile connection space's XYZ.
const SRGB_TO_XYZ_D50: [[f64; 3]; 3] = [
    [0.436_074_7, 0.385_064_9, 0.143_080_4],
    [0.222_504_5, 0.716_878_6, 0.060_616_9],
    [0.013_932_2, 0.097_104_5, 0.714_173_3],
];

/// The D50 white of the connection space (X, Y, Z).
const D50: [f64; 3] = [0.9642, 1.0, 0.8249];

/// An ICC `lut16Type` table from Lab to CMYK.
struct Lut16 {
    grid: usize,
    inputs: usize,
    outputs: usize,
    in_tables: Vec<Vec<u16>>,
    clut: Vec<u16>,
    out_tables: Vec<Vec<u16>>,
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn be32(b: &[u8], at: usize) -> Option<usize> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?) as usize)
}

/// `count` big-endian u16s from `at`.
fn u16s(b: &[u8], at: usize, count: usize) -> Option<Vec<u16>> {
    (0..count).map(|i| be16(b, at + 2 * i)).collect()
}

/// The body of tag `sig` in an ICC profile.
fn tag<'a>(profile: &'a [u8], sig: &[u8; 4]) -> Option<&'a [u8]> {
    let count = be32(profile, 128)?;
    (0..count).find_map(|i| {
        let e = 132 + 12 * i;
        if profile.get(e..e + 4)? != sig {
            return None;
        }
        let (off, len) = (be32(profile, e + 4)?, be32(profile, e + 8)?);
        profile.get(off..off.checked_add(len)?)
    })
}

impl Lut16 {
    fn parse(t: &[u8]) -> Option<Lut16> {
        if t.get(0..4)? != b"mft2" {
            return None;
        }
        let (inputs, outputs, grid) = (
            *t.get(8)? as usize,
            *t.get(9)? as usize,
            *t.get(10)? as usize,
        );
        let (n, m) = (be16(t, 48)? as usize, be16(t, 50)? as usize);
        let mut at = 52;
        let mut tables = |count: usize, len: usize| -> Option<Vec<Vec<u16>>> {
            let v = (0..count)
                .map(|i| u16s(t, at + 2 * len * i, len))
                .collect::<Option<Vec<_>>>()?;
            at += 2 * len * count;
            Some(v)
        };
        let in_tables = tables(inputs, n)?;
        let clut_len = grid.checked_pow(inputs as u32)? * outputs;
        let clut = u16s(t, at, clut_len)?;
        at += 2 * clut_len;
        let out_tables = (0..outputs)
            .map(|i| u16s(t, at + 2 * m * i, m))
            .collect::<Option<Vec<_>>>()?;
        (inputs == 3 && grid >= 2 && n >= 2 && m >= 2).then_some(Lut16 {
            grid,
            inputs,
            outputs,
            in_tables,
            clut,
            out_tables,
        })
    }

    /// Evaluates the table at `x` (each 0–1).
    fn eval(&self, x: [f64; 3]) -> Vec<f64> {
        let x: Vec<f64> = (0..self.inputs)
            .map(|i| curve(&self.in_tables[i], x[i]))
            .collect();
        let g = (self.grid - 1) as f64;
        // Trilinear interpolation between the eight grid points around x.
        let (mut base, mut frac) = ([0usize; 3], [0f64; 3]);
        for i in 0..3 {
            let p = (x[i] * g).clamp(0.0, g);
            base[i] = (p.floor() as usize).min(self.grid - 2);
            frac[i] = p - base[i] as f64;
        }
        let mut out = vec![0f64; self.outputs];
        for corner in 0..8usize {
            let mut weight = 1.0;
            let mut index = 0;
            for (i, (&b, &f)) in base.iter().zip(&frac).enumerate() {
                let up = corner >> (2 - i) & 1;
                weight *= if up == 1 { f } else { 1.0 - f };
                index = index * self.grid + b + up;
            }
            if weight == 0.0 {
                continue;
            }
            for (o, v) in out.iter_mut().enumerate() {
                *v += weight * f64::from(self.clut[index * self.outputs + o]) / 65535.0;
            }
        }
        out.iter()
            .enumerate()
            .map(|(o, &v)| curve(&self.out_tables[o], v))
            .collect()
    }
}

/// A 16-bit ICC table read at `x` (0–1), linearly between entries.
fn curve(table: &[u16], x: f64) -> f64 {
    let p = x.clamp(0.0, 1.0) * (table.len() - 1) as f64;
    let i = (p.floor() as usize).min(table.len() - 2);
    let f = p - i as f64;
    (f64::from(table[i]) * (1.0 - f) + f64::from(table[i + 1]) * f) / 65535.0
}

/// CIE L*a*b* (D50) of an sRGB colour (each channel 0–1).
pub fn srgb_to_lab(rgb: [f64; 3]) -> [f64; 3] {
    let linear = rgb.map(|c| {
        let c = c.clamp(0.0, 1.0);
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    });
    let xyz: Vec<f64> = SRGB_TO_XYZ_D50
        .iter()
        .zip(D50)
        .map(|(row, white)| row.iter().zip(&linear).map(|(m, c)| m * c).sum::<f64>() / white)
        .collect();
    let f = |t: f64| {
        const E: f64 = 216.0 / 24389.0;
        const K: f64 = 24389.0 / 27.0;
        if t > E {
            t.cbrt()
        } else {
            (K * t + 16.0) / 116.0
        }
    };
    let (fx, fy, fz) = (f(xyz[0]), f(xyz[1]), f(xyz[2]));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// The press profile's perceptual Lab-to-CMYK table, read once.
fn table() -> &'static Lut16 {
    static TABLE: OnceLock<Lut16> = OnceLock::new();
    TABLE.get_or_init(|| {
        tag(PROFILE, b"B2A0")
            .and_then(Lut16::parse)
            .expect("the shipped press profile has a Lab-to-CMYK lut16 table")
    })
}

/// An sRGB colour (each channel 0–1) as the press's CMYK (each 0–1).
pub fn from_srgb(rgb: [f64; 3]) -> [f64; 4] {
    let [l, a, b] = srgb_to_lab(rgb);
    // ICC v2's 16-bit Lab encoding: L 0–100 to 0–0xFF00, a and b −128–127.996 to 0–0xFFFF.
    let x = [
        l * 652.80 / 65535.0,
        (a + 128.0) * 256.0 / 65535.0,
        (b + 128.0) * 256.0 / 65535.0,
    ];
    let v = table().eval(x);
    [v[0], v[1], v[2], v[3]]
}

/// 8-bit RGBA pixels as 8-bit CMYK samples, and the alpha channel when any pixel is not
/// opaque. Colours repeat in artwork, so each distinct one is converted once.
pub fn pixels(rgba: &[u8]) -> (Vec<u8>, Option<Vec<u8>>) {
    let mut seen: std::collections::HashMap<[u8; 3], [u8; 4]> = Default::default();
    let mut cmyk = Vec::with_capacity(rgba.len());
    let mut alpha = Vec::with_capacity(rgba.len() / 4);
    for px in rgba.chunks_exact(4) {
        let rgb = [px[0], px[1], px[2]];
        let c = *seen.entry(rgb).or_insert_with(|| {
            from_srgb(rgb.map(|v| f64::from(v) / 255.0)).map(|v| (v * 255.0).round() as u8)
        });
        cmyk.extend_from_slice(&c);
        alpha.push(px[3]);
    }
    let opaque = alpha.iter().all(|&a| a == 255);
    (cmyk, (!opaque).then_some(alpha))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ink(c: [f64; 4]) -> f64 {
        c.iter().sum::<f64>() * 100.0
    }

    #[test]
    fn white_is_no_ink_and_black_stays_within_the_limit() {
        let white = from_srgb([1.0, 1.0, 1.0]);
        assert!(ink(white) < 1.0, "{white:?}");
        let black = from_srgb([0.0, 0.0, 0.0]);
        assert!(black[3] > 0.8, "black is built on black ink: {black:?}");
        assert!(ink(black) <= 241.0, "{black:?}: {:.0}%", ink(black));
    }

    #[test]
    fn primaries_use_their_inks() {
        let red = from_srgb([1.0, 0.0, 0.0]);
        assert!(red[1] > 0.7 && red[2] > 0.7 && red[0] < 0.2, "red {red:?}");
        let blue = from_srgb([0.0, 0.2, 0.6]);
        assert!(blue[0] > 0.7 && blue[2] < 0.3, "blue {blue:?}");
    }

    #[test]
    fn no_colour_exceeds_the_ink_limit() {
        for r in (0..=255).step_by(51) {
            for g in (0..=255).step_by(51) {
                for b in (0..=255).step_by(51) {
                    let c = from_srgb([r, g, b].map(|v| f64::from(v) / 255.0));
                    assert!(ink(c) <= 241.0, "rgb({r},{g},{b}) → {c:?}");
                }
            }
        }
    }

    #[test]
    fn lab_of_known_colours() {
        let [l, a, b] = srgb_to_lab([1.0, 1.0, 1.0]);
        assert!((l - 100.0).abs() < 0.1 && a.abs() < 0.1 && b.abs() < 0.1);
        // sRGB red is about L 54, a 81, b 70 in D50.
        let [l, a, b] = srgb_to_lab([1.0, 0.0, 0.0]);
        assert!((l - 54.3).abs() < 1.0 && (a - 80.8).abs() < 2.0 && (b - 69.9).abs() < 2.0);
    }

    /// The table as ArgyllCMS's own `xicclu -fb -ip -pl` evaluates it, for the Lab of a few
    /// sRGB colours: our reading of the profile agrees within a percent of ink (Argyll interpolates in simplexes, we trilinearly).
    #[test]
    fn agrees_with_argyll() {
        let cases = [
            ([0.0, 0.0, 0.0], [56.81, 43.92, 39.27, 100.0]),
            ([1.0, 0.0, 0.0], [0.0, 95.92, 92.04, 0.79]),
            ([0.0, 0.2, 0.6], [88.76, 65.42, 0.0, 31.40]),
            ([0.5, 0.5, 0.5], [14.89, 12.30, 10.99, 51.51]),
            ([0.9, 0.85, 0.7], [0.0, 5.72, 25.99, 11.27]),
        ];
        for (rgb, want) in cases {
            let got = from_srgb(rgb).map(|v| v * 100.0);
            for (g, w) in got.iter().zip(want) {
                assert!((g - w).abs() < 1.0, "{rgb:?}: {got:?}, Argyll {want:?}");
            }
        }
    }

    #[test]
    fn pixels_keep_alpha_only_when_needed() {
        let (cmyk, alpha) = pixels(&[255, 255, 255, 255, 0, 0, 0, 255]);
        assert_eq!(cmyk.len(), 8);
        assert!(alpha.is_none());
        let (_, alpha) = pixels(&[255, 0, 0, 128]);
        assert_eq!(alpha, Some(vec![128]));
    }
}
