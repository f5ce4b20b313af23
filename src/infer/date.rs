//! Dates as web pages write them, read into ISO 8601.

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_number(name: &str) -> Option<u32> {
    let name = name.trim_end_matches('.').to_lowercase();
    if name.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(&name))
        .map(|i| i as u32 + 1)
}

fn valid(y: i32, m: u32, d: u32) -> Option<String> {
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => return None,
    };
    if !(1..=days).contains(&d) || !(1000..=9999).contains(&y) {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// Reads a date written as `YYYY-MM-DD`, `DD.MM.YYYY`, `14 March 2021` or `March 14, 2021`
/// and returns it as ISO 8601 (`2021-03-14`).
pub fn parse_date(text: &str) -> Option<String> {
    let t = text.trim();
    let nums = |parts: &[&str]| -> Option<Vec<i64>> {
        parts.iter().map(|p| p.trim().parse::<i64>().ok()).collect()
    };
    let dash: Vec<&str> = t.split('-').collect();
    if dash.len() == 3 && dash[0].len() == 4 {
        let n = nums(&dash)?;
        return valid(n[0] as i32, n[1] as u32, n[2] as u32);
    }
    let dot: Vec<&str> = t.split('.').collect();
    if dot.len() == 3 && dot[2].trim().len() == 4 {
        let n = nums(&dot)?;
        return valid(n[2] as i32, n[1] as u32, n[0] as u32);
    }
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() == 3 {
        // "14 March 2021"
        if let (Ok(d), Some(m), Ok(y)) = (
            words[0]
                .trim_end_matches(|c: char| c.is_alphabetic() && words[0].len() > 2)
                .parse::<u32>(),
            month_number(words[1]),
            words[2].parse::<i32>(),
        ) {
            return valid(y, m, d);
        }
        // "March 14, 2021"
        if let (Some(m), Ok(d), Ok(y)) = (
            month_number(words[0]),
            words[1]
                .trim_end_matches(|c: char| c.is_alphabetic())
                .parse::<u32>(),
            words[2].parse::<i32>(),
        ) {
            return valid(y, m, d);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::parse_date;

    #[test]
    fn dates_in_four_shapes() {
        assert_eq!(parse_date("14.03.2021").as_deref(), Some("2021-03-14"));
        assert_eq!(parse_date("2021-03-14").as_deref(), Some("2021-03-14"));
        assert_eq!(parse_date("14 March 2021").as_deref(), Some("2021-03-14"));
        assert_eq!(parse_date("March 14, 2021").as_deref(), Some("2021-03-14"));
        assert_eq!(parse_date("Sept. 3, 2020").as_deref(), Some("2020-09-03"));
        assert_eq!(parse_date("31.02.2021"), None);
        assert_eq!(parse_date("The Title"), None);
    }
}
