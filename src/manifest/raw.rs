//! The manifest as written: serde structs for `collection.toml`, kebab-case keys, no unknown
//! keys allowed. Every value the loader checks keeps its place in the file
//! ([`toml::Spanned`]), so a bad value is reported at its own line and column.
//! `super::resolve` turns these into a typed [`super::Manifest`].

use serde::Deserialize;
use toml::Spanned;

/// A string with its place in the manifest.
pub type Text = Spanned<String>;

/// The top level of `collection.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawManifest {
    pub title: Text,
    pub subtitle: Option<Text>,
    #[serde(default)]
    pub editors: Vec<Text>,
    #[serde(default)]
    pub authors: Vec<Text>,
    pub language: Option<Text>,
    pub publisher: Option<Text>,
    pub date: Option<Text>,
    pub identifier: Option<Text>,
    pub isbn_print: Option<Text>,
    pub rights: Option<Text>,
    pub description: Option<Text>,
    pub cover: Option<Spanned<RawCoverEntry>>,
    pub series: Option<RawSeries>,
    pub articles: Option<Spanned<Vec<Spanned<RawArticle>>>>,
    pub parts: Option<Vec<Spanned<RawPart>>>,
    #[serde(default)]
    pub print: RawPrint,
    #[serde(default)]
    pub epub: RawEpub,
    #[serde(default)]
    pub offprints: RawOffprints,
    pub bibliography: Option<Spanned<OneOrMany>>,
    pub citation_style: Option<Text>,
    pub bibliography_scope: Option<Text>,
}

/// A value given as one string or a list of them (`bibliography = "refs.bib"` or
/// `bibliography = ["a.bib", "b.json"]`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    /// The values in order.
    pub fn items(&self) -> Vec<&str> {
        match self {
            OneOrMany::One(t) => vec![t.as_str()],
            OneOrMany::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

/// `series = { name = "…", number = 3 }`.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawSeries {
    pub name: Text,
    pub number: Option<u32>,
}

/// One `[[parts]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawPart {
    pub title: Text,
    pub articles: Vec<Spanned<RawArticle>>,
}

/// An article entry: a path, or a table with a path and metadata overrides.
#[derive(Debug)]
pub enum RawArticle {
    Path(String),
    Full(Box<RawArticleEntry>),
}

// Hand-written so that a misspelt key inside an article table is reported with its name and
// place (an untagged enum would only say "did not match any variant").
impl<'de> Deserialize<'de> for RawArticle {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawArticle;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an article path or a table with `path` and metadata")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawArticle, E> {
                Ok(RawArticle::Path(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<RawArticle, A::Error> {
                RawArticleEntry::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(|e| RawArticle::Full(Box::new(e)))
            }
        }
        d.deserialize_any(V)
    }
}

/// An article entry with overrides; every metadata field may be given.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawArticleEntry {
    pub path: Text,
    pub lang: Option<Text>,
    pub language: Option<Text>,
    pub title: Option<Text>,
    pub subtitle: Option<Text>,
    pub standfirst: Option<Text>,
    pub authors: Option<Vec<Spanned<RawAuthor>>>,
    pub date: Option<Text>,
    pub kicker: Option<Text>,
    pub source: Option<RawSource>,
    pub rights: Option<Text>,
    pub keywords: Option<Vec<String>>,
}

/// An author given as a name or as a table.
#[derive(Debug, Deserialize, Clone)]
#[serde(untagged)]
pub enum RawAuthor {
    Name(String),
    Full {
        name: String,
        affiliation: Option<String>,
        bio: Option<String>,
    },
}

/// `source = { name = "…", url = "…" }`.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub name: String,
    pub url: Option<Text>,
}

/// `[print]`.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawPrint {
    pub trim: Option<Text>,
    pub bleed: Option<Text>,
    pub preset: Option<Text>,
    pub open: Option<Text>,
    pub font_size: Option<Spanned<f64>>,
    pub leading: Option<Spanned<f64>>,
    pub margin_inner: Option<Text>,
    pub margin_outer: Option<Text>,
    pub margin_top: Option<Text>,
    pub margin_bottom: Option<Text>,
    pub font_regular: Option<Text>,
    pub font_italic: Option<Text>,
    pub font_bold: Option<Text>,
    pub font_bold_italic: Option<Text>,
    pub font_mono: Option<Text>,
    #[serde(default)]
    pub hyphenation_exceptions: Vec<String>,
    pub number_figures: Option<Text>,
    #[serde(default)]
    pub list_of_figures: bool,
    pub tagged: Option<bool>,
}

/// `[offprints]`.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawOffprints {
    #[serde(default)]
    pub enabled: bool,
}

/// `cover`: the cover image's path (`cover = "cover.png"`), or the `[cover]` table that
/// also asks for a print cover spread.
#[derive(Debug)]
pub enum RawCoverEntry {
    Image(String),
    Table(Box<RawCover>),
}

// Hand-written, as for articles, so that a misspelt key in `[cover]` is named.
impl<'de> Deserialize<'de> for RawCoverEntry {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawCoverEntry;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("the cover image's path or a [cover] table")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawCoverEntry, E> {
                Ok(RawCoverEntry::Image(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<RawCoverEntry, A::Error> {
                RawCover::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(|c| RawCoverEntry::Table(Box::new(c)))
            }
        }
        d.deserialize_any(V)
    }
}

/// `[cover]`: the cover image and the print cover spread.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawCover {
    pub image: Option<Text>,
    pub paper: Option<Text>,
    pub background: Option<Text>,
    pub foreground: Option<Text>,
    pub front_image: Option<Text>,
    pub back_text: Option<Text>,
}

/// `[epub]`.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawEpub {
    #[serde(default)]
    pub embed_fonts: bool,
    #[serde(default)]
    pub reference_list: bool,
    #[serde(default)]
    pub page_list: Option<bool>,
}
