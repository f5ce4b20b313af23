//! The parser's tables of command names: fraction styles, spacing commands, accents,
//! alphabets, text faces, `\big` sizes, and the unescaping of `\text{}`.

use super::{Accent, Class, FracStyle, TextFace, Variant};

pub(super) fn frac_style(name: &str) -> FracStyle {
    match name {
        "dfrac" | "cfrac" => FracStyle::Display,
        "tfrac" => FracStyle::Text,
        _ => FracStyle::Auto,
    }
}

/// Explicit spaces, in mu.
pub(super) fn space(name: &str) -> Option<f32> {
    Some(match name {
        "," | "thinspace" => 3.0,
        ":" | ">" | "medspace" => 4.0,
        ";" | "thickspace" => 5.0,
        "!" | "negthinspace" => -3.0,
        "negmedspace" => -4.0,
        "negthickspace" => -5.0,
        " " => 6.0,
        "enspace" => 9.0,
        "quad" => 18.0,
        "qquad" => 36.0,
        _ => return None,
    })
}

pub(super) fn accent(name: &str) -> Option<Accent> {
    Some(match name {
        "hat" => Accent::Hat,
        "widehat" => Accent::WideHat,
        "tilde" => Accent::Tilde,
        "widetilde" => Accent::WideTilde,
        "bar" => Accent::Bar,
        "vec" => Accent::Vec,
        "dot" => Accent::Dot,
        "ddot" => Accent::Ddot,
        "check" => Accent::Check,
        "breve" => Accent::Breve,
        "acute" => Accent::Acute,
        "grave" => Accent::Grave,
        "overline" => Accent::Overline,
        "underline" => Accent::Underline,
        _ => return None,
    })
}

pub(super) fn alphabet(name: &str) -> Option<Variant> {
    Some(match name {
        "mathrm" | "mathup" => Variant::Normal,
        "mathit" => Variant::Italic,
        "mathbf" => Variant::Bold,
        "boldsymbol" | "bm" => Variant::BoldItalic,
        "mathbb" => Variant::DoubleStruck,
        "mathcal" | "mathscr" => Variant::Script,
        _ => return None,
    })
}

pub(super) fn text_face(name: &str) -> Option<TextFace> {
    Some(match name {
        "text" | "textrm" | "textnormal" | "textup" | "mbox" => TextFace::Regular,
        "textit" | "emph" => TextFace::Italic,
        "textbf" => TextFace::Bold,
        _ => return None,
    })
}

/// `\big` and its relatives: size and class.
pub(super) fn big_size(name: &str) -> Option<(u8, Class)> {
    let (stem, class) = match name.as_bytes().last() {
        Some(b'l') => (&name[..name.len() - 1], Class::Open),
        Some(b'r') => (&name[..name.len() - 1], Class::Close),
        Some(b'm') => (&name[..name.len() - 1], Class::Rel),
        _ => (name, Class::Ord),
    };
    let size = match stem {
        "big" => 1,
        "Big" => 2,
        "bigg" => 3,
        "Bigg" => 4,
        _ => return None,
    };
    Some((size, class))
}

/// Text as written in `\text{…}`: TeX's escapes undone, a tie as a no-break space, runs of
/// white space as one space.
pub(super) fn unescape_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        let c = match c {
            '\\' => match chars.next() {
                Some(',') => '\u{2009}',
                Some(':' | ';' | '>') => ' ',
                Some('!') | None => continue,
                Some(e) => e,
            },
            '~' => '\u{A0}',
            '{' | '}' => continue,
            c => c,
        };
        if c.is_whitespace() && c != '\u{A0}' {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}
