//! What a single block looks like to the layout inference: a date line, a source line, a
//! byline, a standfirst, a kicker-like heading. Each test looks at one block only.

use crate::model::{plain_text, Block, Inline, Source};

/// Most words a byline may have; longer bold paragraphs are text, not names.
const MAX_BYLINE_WORDS: usize = 20;
/// Most words in one author's name.
const MAX_NAME_WORDS: usize = 6;
/// Most words a kicker may have ("ANALYSIS", "Book review", "The Long Read").
const MAX_KICKER_WORDS: usize = 4;
/// Most words of a source name given without a link.
const MAX_SOURCE_WORDS: usize = 12;

/// Openings of a line naming where an article first appeared (compared in lower case).
const SOURCE_PREFIXES: &[&str] = &[
    "originally published by ",
    "originally published in ",
    "originally published at ",
    "originally published on ",
    "first published by ",
    "first published in ",
    "впервые опубликовано в ",
    "впервые опубликовано на ",
    "zuerst erschienen in ",
    "zuerst erschienen bei ",
    "initialement publié dans ",
    "publié initialement dans ",
];

/// Words that join authors' names in a byline ("A and B", "A & B", Russian "A и B", …).
const NAME_JOINERS: &[&str] = &["and", "&", "и", "und", "et", "y"];

/// A paragraph's inlines, or `None` for any other block. A paragraph holding a footnote is
/// body text whatever it looks like: metadata has no place for the note.
pub fn paragraph(block: &Block) -> Option<&[Inline]> {
    match block {
        Block::Paragraph { content, .. } if !has_note(content) => Some(content),
        _ => None,
    }
}

/// A heading's level and plain text (`None` when it holds a footnote, as for paragraphs).
pub fn heading(block: &Block) -> Option<(u8, String)> {
    match block {
        Block::Heading { level, content, .. } if !has_note(content) => {
            Some((*level, clean(&plain_text(content))))
        }
        _ => None,
    }
}

fn has_note(content: &[Inline]) -> bool {
    content.iter().any(|i| match i {
        Inline::Note(_) => true,
        Inline::Emph(c)
        | Inline::Strong(c)
        | Inline::Strike(c)
        | Inline::Superscript(c)
        | Inline::Subscript(c)
        | Inline::Link { content: c, .. } => has_note(c),
        _ => false,
    })
}

/// Whether a heading's text is short enough to be a kicker.
pub fn is_short(text: &str) -> bool {
    let n = text.split_whitespace().count();
    (1..=MAX_KICKER_WORDS).contains(&n)
}

/// Whether every letter of `text` is upper-case (and there is at least one).
pub fn is_upper(text: &str) -> bool {
    let mut letters = text.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(|c| c.is_uppercase())
}

/// The ISO date of a paragraph that is wholly a date (possibly in emphasis).
pub fn date(block: &Block) -> Option<(String, String)> {
    let content = paragraph(block)?;
    if has_link_or_note(content) {
        return None;
    }
    let text = clean(&plain_text(content));
    super::parse_date(&text).map(|iso| (iso, text))
}

/// The source named by an "Originally published by/in …" paragraph.
pub fn source(block: &Block) -> Option<Source> {
    let content = paragraph(block)?;
    let text = clean(&plain_text(content));
    let lower = text.to_lowercase();
    let prefix = SOURCE_PREFIXES.iter().find(|p| lower.starts_with(*p))?;
    // Skip the prefix by characters: lower-casing may change a letter's length in bytes.
    let skip = text
        .char_indices()
        .nth(prefix.chars().count())
        .map_or(text.len(), |(i, _)| i);
    let rest = text[skip..].trim_end_matches(['.', ' ']).trim();
    match single_link(content) {
        Some((name, url)) if clean(&name) == rest => Some(Source {
            name: rest.to_string(),
            url: Some(url),
            url_span: None,
        }),
        Some(_) => None,
        None => {
            let words = rest.split_whitespace().count();
            (1..=MAX_SOURCE_WORDS).contains(&words).then(|| Source {
                name: rest.to_string(),
                url: None,
                url_span: None,
            })
        }
    }
}

/// The authors' names of a paragraph that is wholly bold (or bold-italic), joined by commas,
/// "and" or "&" inside or between the bold runs. A leading "By" is dropped.
pub fn byline(block: &Block) -> Option<Vec<String>> {
    let content = paragraph(block)?;
    let mut text = String::new();
    let mut bold_runs = 0;
    for inline in content {
        if is_bold(inline) {
            bold_runs += 1;
            text.push_str(&plain_text(std::slice::from_ref(inline)));
        } else if let Some(sep) = joiner_text(inline) {
            text.push_str(&sep);
        } else {
            return None;
        }
    }
    if bold_runs == 0 {
        return None;
    }
    names(&clean(&text))
}

/// Splits a byline into names; `None` when it does not read as a list of names.
pub fn names(text: &str) -> Option<Vec<String>> {
    let text = strip_by(text);
    if text.split_whitespace().count() > MAX_BYLINE_WORDS {
        return None;
    }
    let mut joined = String::new();
    for word in text.split_whitespace() {
        let bare = word.trim_end_matches(',');
        if NAME_JOINERS.contains(&bare.to_lowercase().as_str()) {
            joined.push_str(if bare == word { "," } else { ",," });
        } else {
            joined.push(' ');
            joined.push_str(word);
        }
    }
    let list: Vec<String> = joined
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect();
    list.iter().all(|n| is_name(n)).then_some(list)
}

fn strip_by(text: &str) -> &str {
    for p in ["By ", "by ", "BY "] {
        if let Some(rest) = text.strip_prefix(p) {
            return rest.trim();
        }
    }
    text.trim()
}

fn is_name(name: &str) -> bool {
    let words = name.split_whitespace().count();
    let starts_upper = name.chars().next().is_some_and(|c| c.is_uppercase());
    let ends_badly = name.ends_with(['!', '?', ':', ';'])
        || (name.ends_with('.')
            && name
                .split_whitespace()
                .last()
                .is_some_and(|w| w.chars().count() > 4));
    (1..=MAX_NAME_WORDS).contains(&words) && starts_upper && !ends_badly
}

/// The text of a paragraph that is wholly italic (and not bold): a standfirst or an
/// affiliation line.
pub fn italic_line(block: &Block) -> Option<String> {
    let content = paragraph(block)?;
    let mut any = false;
    for inline in content {
        match inline {
            Inline::Emph(inner) if !is_bold(inline) && !inner.is_empty() => any = true,
            other if is_blank(other) => {}
            _ => return None,
        }
    }
    let text = clean(&plain_text(content));
    (any && !text.is_empty()).then_some(text)
}

/// Bold, or bold-italic in either nesting, with nothing else around it.
fn is_bold(inline: &Inline) -> bool {
    match inline {
        Inline::Strong(_) => true,
        Inline::Emph(inner) => {
            let solid: Vec<&Inline> = inner.iter().filter(|i| !is_blank(i)).collect();
            !solid.is_empty() && solid.iter().all(|i| matches!(i, Inline::Strong(_)))
        }
        _ => false,
    }
}

fn is_blank(inline: &Inline) -> bool {
    match inline {
        Inline::Text(t) => t.trim().is_empty(),
        Inline::SoftBreak => true,
        _ => false,
    }
}

/// The text of a run between bold names when it only joins them (", ", " and ", " & ").
fn joiner_text(inline: &Inline) -> Option<String> {
    match inline {
        Inline::SoftBreak => Some(" ".to_string()),
        Inline::Text(t) => {
            let ok = t.split_whitespace().all(|w| {
                let w = w.trim_matches(',');
                w.is_empty() || NAME_JOINERS.contains(&w.to_lowercase().as_str())
            });
            ok.then(|| t.clone())
        }
        _ => None,
    }
}

/// The text and target of the only link in `content`, if there is exactly one.
fn single_link(content: &[Inline]) -> Option<(String, String)> {
    let mut found = Vec::new();
    collect_links(content, &mut found);
    match found.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

fn collect_links(content: &[Inline], out: &mut Vec<(String, String)>) {
    for inline in content {
        match inline {
            Inline::Link {
                target, content, ..
            } => out.push((plain_text(content), target.clone())),
            Inline::Emph(c) | Inline::Strong(c) => collect_links(c, out),
            _ => {}
        }
    }
}

fn has_link_or_note(content: &[Inline]) -> bool {
    content.iter().any(|i| match i {
        Inline::Link { .. } | Inline::Note(_) | Inline::Image { .. } => true,
        Inline::Emph(c) | Inline::Strong(c) => has_link_or_note(c),
        _ => false,
    })
}

/// `text` with runs of whitespace made single spaces and the ends trimmed.
pub fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` as compared for "is this the same value": cleaned, lower-case, straight quotes.
pub fn same(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        clean(s)
            .to_lowercase()
            .replace(['“', '”', '«', '»', '„'], "\"")
            .replace(['‘', '’'], "'")
    };
    norm(a) == norm(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_on_commas_and_joiners() {
        assert_eq!(
            names("Ada Brook, Cyril Dent and Edna Fox").unwrap(),
            vec!["Ada Brook", "Cyril Dent", "Edna Fox"]
        );
        assert_eq!(
            names("By Ada Brook & Cyril Dent").unwrap(),
            vec!["Ada Brook", "Cyril Dent"]
        );
        assert_eq!(names("Ada Brook").unwrap(), vec!["Ada Brook"]);
        assert_eq!(
            names("Анна Петрова и Иван Соколов").unwrap(),
            vec!["Анна Петрова", "Иван Соколов"]
        );
        assert!(names("ada brook").is_none());
        assert!(names("this is a whole sentence in bold that says something.").is_none());
    }

    #[test]
    fn source_lines_in_several_languages() {
        let para = |t: &str| Block::Paragraph {
            content: vec![Inline::Text(t.to_string())],
            pos: Default::default(),
        };
        let name = |t: &str| source(&para(t)).map(|s| s.name);
        assert_eq!(
            name("Originally published in The Tide Gazette.").as_deref(),
            Some("The Tide Gazette")
        );
        assert_eq!(
            name("Впервые опубликовано в «Вестнике порта»").as_deref(),
            Some("«Вестнике порта»")
        );
        assert_eq!(
            name("İnitialement publié dans Le Quai").as_deref(),
            None,
            "a different opening is not a source line"
        );
        assert_eq!(name("Published somewhere"), None);
    }

    #[test]
    fn kicker_shape() {
        assert!(is_short("ANALYSIS") && is_upper("ANALYSIS"));
        assert!(!is_upper("Analysis"));
        assert!(!is_short("The Title of a Rather Long Piece"));
    }
}
