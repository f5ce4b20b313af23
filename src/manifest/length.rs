//! Lengths and trim sizes as written in manifests ("0.125in", "3mm", "6in x 9in", "a5"),
//! converted to PostScript points (1/72 in).

/// Points per inch.
pub const PT_PER_IN: f64 = 72.0;
/// Points per millimetre.
pub const PT_PER_MM: f64 = 72.0 / 25.4;

/// Named trim sizes (width, height) in points, and their names.
pub const NAMED_SIZES: &[(&str, f64, f64)] = &[
    ("a4", 210.0 * PT_PER_MM, 297.0 * PT_PER_MM),
    ("a5", 148.0 * PT_PER_MM, 210.0 * PT_PER_MM),
    ("a6", 105.0 * PT_PER_MM, 148.0 * PT_PER_MM),
    ("b5", 176.0 * PT_PER_MM, 250.0 * PT_PER_MM),
    ("letter", 8.5 * PT_PER_IN, 11.0 * PT_PER_IN),
    ("digest", 5.5 * PT_PER_IN, 8.5 * PT_PER_IN),
    ("trade", 6.0 * PT_PER_IN, 9.0 * PT_PER_IN),
    ("royal", 6.14 * PT_PER_IN, 9.21 * PT_PER_IN),
];

/// Parses a length such as `0.125in`, `3mm`, `0.5cm` or `10pt` into points.
pub fn parse_length(text: &str) -> Result<f64, String> {
    let t = text.trim().to_lowercase();
    let (num, factor) = if let Some(n) = t.strip_suffix("in") {
        (n, PT_PER_IN)
    } else if let Some(n) = t.strip_suffix("mm") {
        (n, PT_PER_MM)
    } else if let Some(n) = t.strip_suffix("cm") {
        (n, PT_PER_MM * 10.0)
    } else if let Some(n) = t.strip_suffix("pt") {
        (n, 1.0)
    } else if t.trim() == "0" {
        ("0", 1.0)
    } else {
        return Err(format!(
            "`{text}` has no unit; write it with in, mm, cm or pt (e.g. \"0.125in\")"
        ));
    };
    let value: f64 = num
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number followed by a unit"))?;
    if !(0.0..=10_000.0).contains(&value) {
        return Err(format!("`{text}` is out of range"));
    }
    Ok(value * factor)
}

/// Parses a trim size: a name (`a5`, `letter`, `trade`) or `W x H` with units
/// (`6in x 9in`, `148mm x 210mm`, `5.5in × 8.5in`). Returns (width, height) in points.
pub fn parse_trim(text: &str) -> Result<(f64, f64), String> {
    let t = text.trim().to_lowercase();
    if let Some((_, w, h)) = NAMED_SIZES.iter().find(|(n, _, _)| *n == t) {
        return Ok((*w, *h));
    }
    let parts: Vec<&str> = t.split(['x', '×']).collect();
    if parts.len() != 2 {
        let names: Vec<&str> = NAMED_SIZES.iter().map(|(n, _, _)| *n).collect();
        return Err(format!(
            "`{text}` is not a trim size; write \"6in x 9in\", \"148mm x 210mm\" or one of {}",
            names.join(", ")
        ));
    }
    let mut w = parts[0].trim().to_string();
    let h = parts[1].trim();
    // "6 x 9in": the unit of the height applies to the width too.
    if w.chars().last().is_some_and(|c| c.is_ascii_digit()) {
        let unit: String = h
            .chars()
            .skip_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        w.push_str(&unit);
    }
    let (w, h) = (parse_length(&w)?, parse_length(h)?);
    if w < 72.0 || h < 72.0 {
        return Err(format!("trim size `{text}` is smaller than 1in on a side"));
    }
    Ok((w, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 0.01
    }

    #[test]
    fn trims_and_lengths() {
        let (w, h) = parse_trim("6in x 9in").unwrap();
        assert!(close(w, 432.0) && close(h, 648.0));
        let (w, h) = parse_trim("A5").unwrap();
        assert!(close(w, 419.53) && close(h, 595.28));
        let (w, h) = parse_trim("148mm x 210mm").unwrap();
        assert!(close(w, 419.53) && close(h, 595.28));
        assert!(close(parse_length("0.125in").unwrap(), 9.0));
        assert!(parse_trim("huge").is_err());
        assert!(parse_length("3").is_err());
    }
}
