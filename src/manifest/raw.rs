//! The manifest as written: serde structs for `collection.toml`, kebab-case keys, no unknown
//! keys allowed. `super::resolve` turns these into a typed `Collection`.

use serde::Deserialize;

/// The top level of `collection.toml`.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawManifest {
    pub title: String,
    pub subtitle: Option<String>,
    #[serde(default)]
    pub editors: Vec<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    pub language: Option<String>,
    pub publisher: Option<String>,
    pub date: Option<String>,
    pub identifier: Option<String>,
    pub isbn_print: Option<String>,
    pub rights: Option<String>,
    pub description: Option<String>,
    pub cover: Option<String>,
    pub series: Option<RawSeries>,
    pub articles: Option<Vec<RawArticle>>,
    pub parts: Option<Vec<RawPart>>,
    #[serde(default)]
    pub print: RawPrint,
    #[serde(default)]
    pub epub: RawEpub,
}

/// `series = { name = "…", number = 3 }`.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawSeries {
    pub name: String,
    pub number: Option<u32>,
}

/// One `[[parts]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawPart {
    pub title: String,
    pub articles: Vec<RawArticle>,
}

/// An article entry: a path, or a table with a path and metadata overrides.
#[derive(Debug)]
pub enum RawArticle {
    Path(String),
    Full(Box<RawArticleEntry>),
}

impl RawArticle {
    /// The entry's path as written.
    pub fn path(&self) -> &str {
        match self {
            RawArticle::Path(p) => p,
            RawArticle::Full(e) => &e.path,
        }
    }
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
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawArticleEntry {
    pub path: String,
    pub lang: Option<String>,
    pub language: Option<String>,
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub standfirst: Option<String>,
    pub authors: Option<Vec<RawAuthor>>,
    pub date: Option<String>,
    pub kicker: Option<String>,
    pub source: Option<RawSource>,
    pub rights: Option<String>,
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
    pub url: Option<String>,
}

/// `[print]`.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawPrint {
    pub trim: Option<String>,
    pub bleed: Option<String>,
    pub preset: Option<String>,
    pub open: Option<String>,
    pub font_size: Option<f64>,
    pub leading: Option<f64>,
    pub margin_inner: Option<String>,
    pub margin_outer: Option<String>,
    pub margin_top: Option<String>,
    pub margin_bottom: Option<String>,
    pub font_regular: Option<String>,
    pub font_italic: Option<String>,
    pub font_bold: Option<String>,
    pub font_bold_italic: Option<String>,
    pub font_mono: Option<String>,
    #[serde(default)]
    pub hyphenation_exceptions: Vec<String>,
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
