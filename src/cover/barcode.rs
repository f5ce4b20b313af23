//! The ISBN as an EAN-13 ("Bookland") barcode drawn as vector bars on a white box, with the
//! ISBN printed above it and the thirteen digits under it, as on the back of any book.
//!
//! Sizes follow GS1's EAN-13 specification: a module (the narrowest bar) of 0.33 mm and
//! bars 22.85 mm high at 100% magnification, guard bars 5 modules longer, quiet zones of 11
//! modules on the left and 7 on the right. GS1 allows 80% to 200%; at [`MAGNIFICATION`]
//! the box is about 1.25 × 1.17 in, inside the 2 × 1.2 in area KDP keeps for its own
//! barcode on the back cover.

use crate::manifest::length::PT_PER_IN;
use crate::typeset::frame::{Color, Item, Point};

/// Points per millimetre.
const PT_PER_MM: f64 = PT_PER_IN / 25.4;
/// Printed size against GS1's nominal EAN-13: 85%, well above the 80% minimum.
pub const MAGNIFICATION: f64 = 0.85;
/// The nominal module width (0.33 mm).
const MODULE_MM: f64 = 0.33;
/// The nominal bar height (22.85 mm).
const BAR_MM: f64 = 22.85;
/// How much further the guard bars reach down, in modules.
const GUARD_EXTRA_MODULES: f64 = 5.0;
/// Quiet zone left of the bars, in modules.
const QUIET_LEFT: f64 = 11.0;
/// Quiet zone right of the bars, in modules.
const QUIET_RIGHT: f64 = 7.0;
/// The white box's margin above the ISBN line and below the digits, in points.
const PAD: f64 = 4.0;
/// Size of the printed ISBN and the digits, in modules (about 8 pt at 85%).
const TEXT_MODULES: f64 = 10.5;

/// An ISBN read from the manifest: its 13 digits and the text to print above the bars.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Isbn {
    /// The EAN-13 digits.
    pub digits: [u8; 13],
    /// "ISBN 978-…", hyphenated as the manifest gives it.
    pub label: String,
}

/// Reads an ISBN-13 (or an ISBN-10, turned into its 978 EAN-13), with or without hyphens
/// and spaces and an `urn:isbn:` or `ISBN` prefix; says what is wrong otherwise.
pub fn parse_isbn(text: &str) -> Result<Isbn, String> {
    let bare = text.trim();
    let bare = bare.strip_prefix("urn:isbn:").unwrap_or(bare);
    let bare = bare.strip_prefix("ISBN").unwrap_or(bare).trim();
    let chars: Vec<char> = bare.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    if let Some(c) = chars.iter().find(|c| !c.is_ascii_digit() && **c != 'X') {
        return Err(format!("`{c}` is not a digit of an ISBN"));
    }
    let digits: Vec<u8> = chars
        .iter()
        .map(|c| c.to_digit(10).unwrap_or(10) as u8)
        .collect();
    let thirteen: Vec<u8> = match digits.len() {
        13 if digits.contains(&10) => return Err("`X` is not a digit of an ISBN-13".into()),
        13 => {
            let check = ean_check(&digits[..12]);
            if digits[12] != check {
                return Err(format!(
                    "the ISBN's check digit is {}, but its other digits give {check}",
                    digits[12]
                ));
            }
            if digits[..3] != [9, 7, 8] && digits[..3] != [9, 7, 9] {
                return Err("an ISBN-13 begins with 978 or 979".to_string());
            }
            digits.clone()
        }
        10 => {
            let sum: u32 = (digits.iter().enumerate())
                .map(|(i, d)| (10 - i as u32) * u32::from(*d))
                .sum();
            if !sum.is_multiple_of(11) || digits[..9].contains(&10) {
                return Err("the ISBN-10's check digit does not match its other digits".into());
            }
            let mut d = vec![9, 7, 8];
            d.extend_from_slice(&digits[..9]);
            d.push(ean_check(&d));
            d
        }
        n => return Err(format!("an ISBN has 13 digits, and this has {n}")),
    };
    let mut out = [0u8; 13];
    out.copy_from_slice(&thirteen);
    let shown = if digits.len() == 13 && bare.contains('-') {
        bare.to_string()
    } else {
        out.iter().map(|d| char::from(b'0' + d)).collect()
    };
    Ok(Isbn {
        digits: out,
        label: format!("ISBN {shown}"),
    })
}

/// The EAN-13 check digit of the first twelve digits (weights 1, 3, 1, 3 …).
fn ean_check(d: &[u8]) -> u8 {
    let sum: u32 = (d.iter().enumerate())
        .map(|(i, x)| u32::from(*x) * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// The 95 modules of the EAN-13 symbol (1 = bar), from `barcoders`.
fn modules(isbn: &Isbn) -> Vec<u8> {
    let text: String = isbn.digits.iter().map(|d| char::from(b'0' + d)).collect();
    barcoders::sym::ean13::EAN13::new(text)
        .expect("digits with a valid check digit encode")
        .encode()
}

/// One piece of text of the barcode block: what, where (baseline centre), and its size.
#[derive(Debug, Clone, PartialEq)]
pub struct Caption {
    /// The text.
    pub text: String,
    /// Centre of its baseline, from the box's top-left corner.
    pub at: Point,
    /// Type size.
    pub size: f64,
    /// The widest it may be set (smaller type when it is wider).
    pub max_width: f64,
}

/// The barcode block laid out from its top-left corner: the white box and the bars as
/// rectangles, and the texts to set (the caller shapes them in the book's face).
#[derive(Debug, Clone, PartialEq)]
pub struct Barcode {
    /// Width of the white box.
    pub width: f64,
    /// Height of the white box.
    pub height: f64,
    /// The box, then each bar.
    pub rects: Vec<(Point, Item)>,
    /// The ISBN line above the bars, then the human-readable digits below.
    pub captions: Vec<Caption>,
}

/// Lays out the barcode of `isbn`.
pub fn layout(isbn: &Isbn) -> Barcode {
    let x = MODULE_MM * PT_PER_MM * MAGNIFICATION;
    let bar = BAR_MM * PT_PER_MM * MAGNIFICATION;
    let size = TEXT_MODULES * x;
    let width = (QUIET_LEFT + 95.0 + QUIET_RIGHT) * x;
    let bars_top = PAD + size * 1.25;
    // The digits hang just under the short bars, between the longer guard bars.
    let digits_base = bars_top + bar + size * 0.85;
    let height = digits_base + size * 0.25 + PAD;
    let white = Color {
        r: 1.0,
        g: 1.0,
        b: 1.0,
    };
    let mut rects = vec![(
        Point { x: 0.0, y: 0.0 },
        Item::Rect {
            width,
            height,
            color: white,
        },
    )];
    let m = modules(isbn);
    let guard = |i: usize| i < 3 || (45..50).contains(&i) || i >= 92;
    let mut i = 0;
    while i < m.len() {
        if m[i] == 0 {
            i += 1;
            continue;
        }
        let start = i;
        while i < m.len() && m[i] == 1 && guard(i) == guard(start) {
            i += 1;
        }
        let long = if guard(start) {
            GUARD_EXTRA_MODULES * x
        } else {
            0.0
        };
        rects.push((
            Point {
                x: (QUIET_LEFT + start as f64) * x,
                y: bars_top,
            },
            Item::Rect {
                width: (i - start) as f64 * x,
                height: bar + long,
                color: Color::BLACK,
            },
        ));
    }
    let mut captions = vec![Caption {
        text: isbn.label.clone(),
        at: Point {
            x: (QUIET_LEFT + 47.5) * x,
            y: PAD + size,
        },
        size,
        max_width: width - 2.0 * PAD,
    }];
    let digit = |k: usize| char::from(b'0' + isbn.digits[k]).to_string();
    captions.push(Caption {
        text: digit(0),
        at: Point {
            x: (QUIET_LEFT - 4.0) * x,
            y: digits_base,
        },
        size,
        max_width: 7.0 * x,
    });
    for k in 1..13 {
        // Six digits under each half, each centred under its seven modules.
        let module = if k <= 6 {
            3 + (k - 1) * 7
        } else {
            50 + (k - 7) * 7
        };
        captions.push(Caption {
            text: digit(k),
            at: Point {
                x: (QUIET_LEFT + module as f64 + 3.5) * x,
                y: digits_base,
            },
            size,
            max_width: 7.0 * x,
        });
    }
    Barcode {
        width,
        height,
        rects,
        captions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isbns_are_checked_and_shown_as_written() {
        let i = parse_isbn("978-1-917234-05-4").unwrap();
        assert_eq!(i.digits, [9, 7, 8, 1, 9, 1, 7, 2, 3, 4, 0, 5, 4]);
        assert_eq!(i.label, "ISBN 978-1-917234-05-4");
        assert!(parse_isbn("978-1-917234-05-3")
            .unwrap_err()
            .contains("check digit is 3, but its other digits give 4"));
        assert!(parse_isbn("978-1-9172").is_err());
        assert!(parse_isbn("978-1-91723A-05-4").is_err());
        // An ISBN-10 becomes its 978 EAN.
        assert_eq!(
            parse_isbn("0-306-40615-2").unwrap().label,
            "ISBN 9780306406157"
        );
    }

    #[test]
    fn the_symbol_has_95_modules_and_fits_kdps_barcode_area() {
        let i = parse_isbn("9781917234054").unwrap();
        assert_eq!(modules(&i).len(), 95);
        let b = layout(&i);
        assert!(
            b.width < 2.0 * PT_PER_IN && b.height < 1.2 * PT_PER_IN,
            "{b:?}"
        );
        // Bars never leave the quiet zones or the box.
        for (p, item) in &b.rects[1..] {
            let Item::Rect { width, height, .. } = item else {
                panic!()
            };
            assert!(p.x >= QUIET_LEFT * MODULE_MM * PT_PER_MM * MAGNIFICATION - 1e-9);
            assert!(p.x + width <= b.width - QUIET_RIGHT * 0.2 && p.y + height <= b.height);
        }
    }
}
