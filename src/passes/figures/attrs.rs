//! Pandoc's attribute syntax after an image or at the end of a table caption:
//! `{#fig:label .class width=70% source="Met Office"}`. Values may be quoted with straight or
//! curly quotes (smart punctuation has usually curled them by the time the pass sees them).

/// The attributes Folio uses.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Attrs {
    /// The label (`#fig:heat` → `fig:heat`).
    pub id: Option<String>,
    /// The width as a share of the measure (`70%` → 0.7).
    pub width: Option<f64>,
    /// The source or credit line.
    pub source: Option<String>,
}

/// The attributes in `text` when it is a `{…}` group: `None` when it is not one, an error
/// saying what is wrong when it is one that cannot be read.
pub fn parse(text: &str) -> Option<Result<Attrs, String>> {
    let inner = text.trim().strip_prefix('{')?.strip_suffix('}')?;
    Some(read(inner))
}

fn read(inner: &str) -> Result<Attrs, String> {
    let mut attrs = Attrs::default();
    let mut rest = inner.trim_start();
    while !rest.is_empty() {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        if let Some(id) = rest.strip_prefix('#') {
            let id = &id[..end - 1];
            if id.is_empty() {
                return Err("`#` without a label".into());
            }
            attrs.id = Some(id.to_string());
            rest = rest[end..].trim_start();
        } else if rest.starts_with('.') {
            rest = rest[end..].trim_start();
        } else {
            let eq = rest
                .find('=')
                .filter(|&i| i < end)
                .ok_or_else(|| format!("`{}` is not key=value", &rest[..end]))?;
            let key = &rest[..eq];
            let (value, after) = value(&rest[eq + 1..])?;
            match key {
                "width" => attrs.width = Some(width(&value)?),
                "source" => attrs.source = Some(value),
                _ => {}
            }
            rest = after.trim_start();
        }
    }
    Ok(attrs)
}

/// A value, quoted or bare, and what follows it.
fn value(s: &str) -> Result<(String, &str), String> {
    let mut chars = s.char_indices();
    let close = match chars.next() {
        Some((_, '"')) => '"',
        Some((_, '\'')) => '\'',
        Some((_, '“')) => '”',
        Some((_, '‘')) => '’',
        _ => {
            let end = s.find(char::is_whitespace).unwrap_or(s.len());
            return Ok((s[..end].to_string(), &s[end..]));
        }
    };
    let start = s.chars().next().map_or(0, char::len_utf8);
    let body = &s[start..];
    let end = body
        .find(close)
        .ok_or_else(|| "a quoted value is not closed".to_string())?;
    Ok((body[..end].to_string(), &body[end + close.len_utf8()..]))
}

/// `70%` as 0.7 (a share of the measure, above 0 and at most 100%).
fn width(v: &str) -> Result<f64, String> {
    let percent = v
        .strip_suffix('%')
        .and_then(|n| n.trim().parse::<f64>().ok())
        .filter(|p| *p > 0.0 && *p <= 100.0)
        .ok_or_else(|| format!("width `{v}` is not a percentage of the text width (1% to 100%)"))?;
    Ok(percent / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pandoc_attributes_are_read() {
        let a = parse("{#fig:heat .wide width=70% source=“Met Office, 2024”}")
            .unwrap()
            .unwrap();
        assert_eq!(a.id.as_deref(), Some("fig:heat"));
        assert_eq!(a.width, Some(0.7));
        assert_eq!(a.source.as_deref(), Some("Met Office, 2024"));
        let b = parse(r#"{ source="Survey" #tbl:costs }"#).unwrap().unwrap();
        assert_eq!(b.id.as_deref(), Some("tbl:costs"));
        assert_eq!(b.source.as_deref(), Some("Survey"));
    }

    #[test]
    fn what_is_not_a_group_or_cannot_be_read_is_told_apart() {
        assert_eq!(parse("and then some text"), None);
        assert!(parse("{width=170%}").unwrap().is_err());
        assert!(parse("{source=\"open}").unwrap().is_err());
        assert!(parse("{plain}").unwrap().is_err());
    }
}
