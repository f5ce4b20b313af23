//! The book's contributors, gathered once for both backends: each author of an article,
//! with the affiliation and biography found first, the language that biography is written
//! in, and the articles they wrote, sorted by surname. The EPUB's contributors page and the
//! print edition's list the same people in the same order.

use crate::manifest::Collection;
use crate::model::Author;

/// One contributor.
#[derive(Debug, Clone, PartialEq)]
pub struct Contributor {
    /// Name, affiliation and biography (each the first one any article gives).
    pub author: Author,
    /// Language of the article the biography came from (else of their first article).
    pub bio_language: String,
    /// Their articles, as indices into [`Collection::articles`], in book order.
    pub articles: Vec<usize>,
}

/// Every author of the book's articles, sorted by surname (the name's last word), then by
/// the whole name.
pub fn contributors(c: &Collection) -> Vec<Contributor> {
    let mut list: Vec<Contributor> = Vec::new();
    for (i, a) in c.articles().enumerate() {
        for au in &a.doc.meta.authors {
            let at = match list.iter().position(|x| x.author.name == au.name) {
                Some(at) => at,
                None => {
                    list.push(Contributor {
                        author: Author {
                            name: au.name.clone(),
                            affiliation: None,
                            bio: None,
                        },
                        bio_language: a.language.clone(),
                        articles: Vec::new(),
                    });
                    list.len() - 1
                }
            };
            let x = &mut list[at];
            if x.author.affiliation.is_none() {
                x.author.affiliation.clone_from(&au.affiliation);
            }
            if x.author.bio.is_none() && au.bio.is_some() {
                x.author.bio.clone_from(&au.bio);
                x.bio_language.clone_from(&a.language);
            }
            if !x.articles.contains(&i) {
                x.articles.push(i);
            }
        }
    }
    list.sort_by_key(|x| (surname(&x.author.name), x.author.name.to_lowercase()));
    list
}

/// The sorting key of a name: its last word, in lower case.
fn surname(name: &str) -> String {
    name.split_whitespace().last().unwrap_or("").to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surnames_sort() {
        let mut names = vec![
            "Tomasz Ferreira-Lund",
            "Leontine Achterberg",
            "Ines Valcourt",
        ];
        names.sort_by_key(|n| surname(n));
        assert_eq!(
            names,
            vec![
                "Leontine Achterberg",
                "Tomasz Ferreira-Lund",
                "Ines Valcourt"
            ]
        );
    }
}
