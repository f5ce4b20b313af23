//! What the manifest says must be usable by both outputs: required metadata that is not
//! blank, languages that are BCP 47 tags, parts with titles and articles. Each problem is an
//! error at its own place in the file, so that an EPUB written at exit 0 passes epubcheck
//! whatever the manifest holds.

use toml::Spanned;

use super::raw::{RawArticle, RawManifest, RawPart, Text};
use super::Source;
use crate::diag::Diagnostics;

/// Checks the book's metadata, then every part and article entry.
pub(super) fn check(raw: &RawManifest, src: &Source, diags: &mut Diagnostics) {
    let mut v = Checker { src, diags };
    v.required(&raw.title, "title", "the book's title");
    for (key, list) in [("editors", &raw.editors), ("authors", &raw.authors)] {
        for name in list {
            v.required(name, key, "a name");
        }
    }
    let optional = [
        ("subtitle", &raw.subtitle),
        ("publisher", &raw.publisher),
        ("identifier", &raw.identifier),
        ("isbn-print", &raw.isbn_print),
        ("rights", &raw.rights),
        ("description", &raw.description),
        ("date", &raw.date),
    ];
    for (key, value) in optional {
        if let Some(value) = value {
            v.required(value, key, "it");
        }
    }
    if let Some(s) = &raw.series {
        v.required(&s.name, "series.name", "the series' name");
    }
    if let Some(lang) = &raw.language {
        v.language(lang);
    }
    if let Some(list) = &raw.articles {
        if list.get_ref().is_empty() {
            v.diags.error(
                src.span(list),
                "`articles` is empty: the book has nothing in it",
                "list the articles, e.g. articles = [\"articles/first.md\"]",
            );
        }
        v.articles(list.get_ref());
    }
    for part in raw.parts.iter().flatten() {
        v.part(part);
    }
}

struct Checker<'a, 'b> {
    src: &'a Source<'b>,
    diags: &'a mut Diagnostics,
}

impl Checker<'_, '_> {
    /// An error when `value` is blank.
    fn required(&mut self, value: &Text, key: &str, what: &str) {
        if value.get_ref().trim().is_empty() {
            self.diags.error(
                self.src.span(value),
                format!("`{key}` is empty"),
                format!("give {what} a value, or remove the key"),
            );
        }
    }

    fn language(&mut self, lang: &Text) {
        if let Err(e) = crate::language::check(lang.get_ref()) {
            self.diags
                .error(self.src.span(lang), e, crate::language::HINT);
        }
    }

    fn part(&mut self, part: &Spanned<RawPart>) {
        let p = part.get_ref();
        self.required(&p.title, "title", "the part's title");
        if p.articles.is_empty() {
            self.diags.error(
                self.src.span(part),
                format!("part `{}` has no articles", p.title.get_ref()),
                "list its articles, or remove the part",
            );
        }
        self.articles(&p.articles);
    }

    fn articles(&mut self, list: &[Spanned<RawArticle>]) {
        for a in list {
            match a.get_ref() {
                RawArticle::Path(p) if p.trim().is_empty() => self.diags.error(
                    self.src.span(a),
                    "an article's path is empty",
                    "write the markdown file's path, relative to the manifest",
                ),
                RawArticle::Path(_) => {}
                RawArticle::Full(e) => {
                    self.required(&e.path, "path", "the article's path");
                    let texts = [
                        ("title", &e.title),
                        ("subtitle", &e.subtitle),
                        ("standfirst", &e.standfirst),
                        ("kicker", &e.kicker),
                        ("rights", &e.rights),
                    ];
                    for (key, t) in texts {
                        if let Some(t) = t {
                            self.required(t, key, "it");
                        }
                    }
                    for lang in [&e.lang, &e.language].into_iter().flatten() {
                        self.language(lang);
                    }
                    for author in e.authors.iter().flatten() {
                        let name = match author.get_ref() {
                            super::raw::RawAuthor::Name(n) => n,
                            super::raw::RawAuthor::Full { name, .. } => name,
                        };
                        if name.trim().is_empty() {
                            self.diags.error(
                                self.src.span(author),
                                "an author's name is empty",
                                "give the author a name, or remove the entry",
                            );
                        }
                    }
                }
            }
        }
    }
}
