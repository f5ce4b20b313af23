//! Numbers as PDF content streams want them: plain decimals, at most three places, no
//! exponent, no trailing zeros. Written by integer arithmetic because a book's pages hold
//! millions of coordinates and `format!("{}")` on floats was a tenth of the writer's time.

/// Places after the point: 1/1000 pt is far below what any printer resolves.
const PLACES: u32 = 3;

/// 10^PLACES.
const SCALE: f64 = 1000.0;

/// Appends `v` rounded to three decimal places.
pub fn push(out: &mut Vec<u8>, v: f64) {
    let scaled = (v * SCALE).round();
    if !scaled.is_finite() || scaled.abs() >= 9.0e15 {
        out.push(b'0');
        return;
    }
    let mut n = scaled as i64;
    if n == 0 {
        out.push(b'0');
        return;
    }
    if n < 0 {
        out.push(b'-');
        n = -n;
    }
    let n = n as u64;
    let int = n / SCALE as u64;
    let mut frac = n % SCALE as u64;
    push_uint(out, int);
    if frac != 0 {
        let mut places = PLACES;
        while frac.is_multiple_of(10) {
            frac /= 10;
            places -= 1;
        }
        out.push(b'.');
        for p in (0..places).rev() {
            out.push(b'0' + (frac / 10u64.pow(p) % 10) as u8);
        }
    }
}

/// `v` rounded as [`push`] writes it, so that what a reader computes from the file is what
/// the writer assumed.
pub fn rounded(v: f64) -> f64 {
    (v * SCALE).round() / SCALE
}

/// Appends an unsigned integer.
pub fn push_uint(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[at..]);
}

/// Appends a glyph or character code as four hex digits.
pub fn push_hex4(out: &mut Vec<u8>, v: u16) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for shift in [12, 8, 4, 0] {
        out.push(HEX[usize::from((v >> shift) & 0xF)]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: f64) -> String {
        let mut out = Vec::new();
        push(&mut out, v);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn decimals_are_short_and_exact() {
        assert_eq!(s(0.0), "0");
        assert_eq!(s(-0.0001), "0");
        assert_eq!(s(12.0), "12");
        assert_eq!(s(12.5), "12.5");
        assert_eq!(s(-3.25), "-3.25");
        assert_eq!(s(0.05), "0.05");
        assert_eq!(s(0.001), "0.001");
        assert_eq!(s(657.0004), "657");
        assert_eq!(s(1.23456), "1.235");
        assert_eq!(s(100.1), "100.1");
        assert_eq!(s(f64::NAN), "0");
    }

    #[test]
    fn written_value_parses_back_to_rounded() {
        for v in [0.1234, 417.89999, -72.0005, 3.0e-4, 1.0e6 / 7.0] {
            let parsed: f64 = s(v).parse().unwrap();
            assert!((parsed - rounded(v)).abs() < 1e-9, "{v}");
        }
    }

    #[test]
    fn hex_is_four_upper_digits() {
        let mut out = Vec::new();
        push_hex4(&mut out, 0x0a3f);
        push_hex4(&mut out, 7);
        assert_eq!(out, b"0A3F0007");
    }
}
