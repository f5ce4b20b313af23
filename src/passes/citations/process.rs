//! The citation processor run over one article, or over every article of a book in reading
//! order: every citation handed to hayagriva's CSL engine in reading order (with its note
//! number in a note style, so "ibid." and short forms follow the style), then each rendered
//! citation and the bibliography turned into model inlines.

use std::str::FromStr;

use hayagriva::citationberg::taxonomy::Locator as CslLocator;
use hayagriva::citationberg::LocaleCode;
use hayagriva::{
    standalone_citation, BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest,
    CitePurpose, ElemChild, ElemChildren, ElemMeta, Entry, LocatorPayload, SpecificLocator,
};

use super::render::{self, Affixes};
use super::sources::Works;
use super::style::{locales, Style};
use super::walk::{Found, Rendered};
use crate::model::{bib_id, BibEntry, Bibliography, Citation, CiteItem, CiteMode, Inline};

/// What to do with one citation once the engine has rendered it.
enum Plan {
    /// Keep its text.
    Text(String),
    /// The engine's citation number `index`, set in place or in a note.
    Cite {
        index: usize,
        found: usize,
        strip_author: bool,
        lead: Option<Vec<Inline>>,
    },
}

/// The article's settings for the engine.
pub struct Job<'a> {
    /// The works the article may cite.
    pub works: &'a Works,
    /// The style.
    pub style: &'a Style,
    /// The locale of the bibliography's language.
    pub locale: LocaleCode,
    /// Keys listed though not cited (`*`: every work).
    pub nocite: &'a [String],
    /// The bibliography's heading.
    pub title: String,
    /// Whether each work's part of a citation links to its bibliography entry (in-text
    /// styles always; note styles when the book has one bibliography).
    pub links: bool,
}

/// One article's citations for the engine.
pub struct Cites {
    /// Every citation, in reading order.
    pub found: Vec<Found>,
    /// The locale of the article's language.
    pub locale: LocaleCode,
}

/// Renders the citations of each article of `articles` (`citable` says which the works
/// resolve), one article after the other in one run of the engine, and the bibliography of
/// every work they cite.
pub fn run(
    job: &Job,
    articles: &[Cites],
    citable: &dyn Fn(&Citation) -> bool,
) -> (Vec<Vec<Rendered>>, Option<Bibliography>) {
    let mut driver: BibliographyDriver<Entry> = BibliographyDriver::new();
    let mut requests = 0;
    let plans: Vec<Vec<Plan>> = (articles.iter())
        .map(|cites| request_citations(job, cites, citable, &mut driver, &mut requests))
        .collect();
    request_nocite(job, &mut driver);
    let csl = job.style.csl();
    let out = driver.finish(BibliographyRequest::new(
        csl,
        Some(job.locale.clone()),
        locales(),
    ));
    let bibliography = out.bibliography.map(|b| Bibliography {
        title: job.title.clone(),
        hanging_indent: b.hanging_indent,
        entries: b
            .items
            .iter()
            .map(|i| entry(&i.key, i.first_field.as_ref(), &i.content))
            .collect(),
    });
    let listed: Vec<String> = (bibliography.iter())
        .flat_map(|b| b.entries.iter().map(|e| e.key.clone()))
        .collect();
    let note = job.style.is_note();
    let links = job.links.then_some(listed.as_slice());
    let rendered = (plans.into_iter().zip(articles))
        .map(|(plans, Cites { found, .. })| {
            (plans.into_iter())
                .map(|plan| match plan {
                    Plan::Text(t) => Rendered::Text(t),
                    Plan::Cite {
                        index,
                        found: k,
                        strip_author,
                        lead,
                    } => {
                        let mut children = out
                            .citations
                            .get(index)
                            .map(|c| c.citation.clone())
                            .unwrap_or_default();
                        if strip_author {
                            drop_author(&mut children);
                        }
                        let cite = rendered_cite(&found[k].cite, &children, links);
                        placed(note, &found[k], cite, lead)
                    }
                })
                .collect()
        })
        .collect();
    (rendered, bibliography)
}

/// Hands every citable citation of `found` to the engine, in reading order (with its note
/// number in a note style), and says what becomes of each; `requests` counts the requests
/// made so far in this run.
fn request_citations<'a>(
    job: &Job<'a>,
    cites: &'a Cites,
    citable: &dyn Fn(&Citation) -> bool,
    driver: &mut BibliographyDriver<'a, Entry>,
    requests: &mut usize,
) -> Vec<Plan> {
    let (found, locale) = (&cites.found, &cites.locale);
    let note = job.style.is_note();
    let mut plans = Vec::with_capacity(found.len());
    for (k, f) in found.iter().enumerate() {
        if !citable(&f.cite) {
            plans.push(Plan::Text(f.cite.text.clone()));
            continue;
        }
        let author_in_text = f.cite.mode == CiteMode::AuthorInText;
        // In a note style, `@key argues` names the author in the sentence and the note
        // leaves the name out, as `[-@key]` does.
        let strip_author = f.cite.items.len() == 1
            && (f.cite.items[0].suppress_author || (note && author_in_text && !f.in_note));
        let purpose = (!note && (author_in_text || strip_author)).then_some(CitePurpose::Prose);
        let items = (f.cite.items.iter())
            .filter_map(|i| Some(item(job.works.get(&i.key)?, i, purpose)))
            .collect();
        let number = if note {
            f.note.map(|n| n as usize)
        } else {
            None
        };
        driver.citation(CitationRequest::new(
            items,
            job.style.csl(),
            Some(locale.clone()),
            locales(),
            number,
        ));
        let lead = (note && author_in_text && !f.in_note).then(|| author(job, locale, &f.cite));
        plans.push(Plan::Cite {
            index: *requests,
            found: k,
            strip_author,
            lead,
        });
        *requests += 1;
    }
    plans
}

/// Hands the works listed by `nocite` to the engine, hidden, so they reach the
/// bibliography.
fn request_nocite<'a>(job: &Job<'a>, driver: &mut BibliographyDriver<'a, Entry>) {
    let hidden: Vec<&Entry> = if job.nocite.iter().any(|k| k == "*") {
        job.works.keys().filter_map(|k| job.works.get(k)).collect()
    } else {
        job.nocite.iter().filter_map(|k| job.works.get(k)).collect()
    };
    if hidden.is_empty() {
        return;
    }
    let items = hidden
        .into_iter()
        .map(|e| CitationItem::new(e, None, None, true, None))
        .collect();
    driver.citation(CitationRequest::new(
        items,
        job.style.csl(),
        Some(job.locale.clone()),
        locales(),
        None,
    ));
}

/// A rendered citation where it goes: a note of its own (a note style's citation in the
/// body, with the author's name left in the sentence when it was written `@key`), or in
/// place.
fn placed(note: bool, f: &Found, mut cite: Citation, lead: Option<Vec<Inline>>) -> Rendered {
    if note && !f.in_note {
        // A note is a sentence of its own: "See …", not "see …".
        capitalise_first(&mut cite.rendered);
    } else if note && f.cite.mode == CiteMode::Bracketed {
        // Within a note's sentence the citation stands in brackets, as pandoc sets it,
        // without the stop that would end a note.
        bracket(&mut cite.rendered);
    }
    match (note && !f.in_note, lead) {
        (true, lead) => Rendered::Note {
            lead: lead.unwrap_or_default(),
            cite,
        },
        (false, _) => Rendered::InText(cite),
    }
}

/// One cited work for the engine.
fn item<'a>(
    entry: &'a Entry,
    i: &'a CiteItem,
    purpose: Option<CitePurpose>,
) -> CitationItem<'a, Entry> {
    let locator = i.locator.as_ref().map(|l| {
        let term = CslLocator::from_str(&l.label).unwrap_or(CslLocator::Page);
        SpecificLocator(term, LocatorPayload::Str(&l.value))
    });
    CitationItem::new(entry, locator, None, false, purpose)
}

/// The author's name alone, for a note style's `@key argues` (the note holds the rest).
fn author(job: &Job, locale: &LocaleCode, cite: &Citation) -> Vec<Inline> {
    let Some(entry) = cite.items.first().and_then(|i| job.works.get(&i.key)) else {
        return Vec::new();
    };
    let item = CitationItem::new(entry, None, None, false, Some(CitePurpose::Author));
    let req = CitationRequest::new(
        vec![item],
        job.style.csl(),
        Some(locale.clone()),
        locales(),
        None,
    );
    let mut lead = render::plain(&standalone_citation(req), cite.pos);
    // The style's closing stop belongs to a note, not to a name in a sentence.
    if let Some(Inline::Text(t)) = lead.last_mut() {
        let kept = t.trim_end_matches(['.', ',', ';', ':']).len();
        t.truncate(kept);
    }
    lead
}

/// Upper-cases the first letter of a run's text.
fn capitalise_first(run: &mut [Inline]) {
    let Some(first) = run.first_mut() else {
        return;
    };
    match first {
        Inline::Text(t) => {
            if let Some(c) = t.chars().next().filter(|c| c.is_lowercase()) {
                *t = c.to_uppercase().collect::<String>() + &t[c.len_utf8()..];
            }
        }
        Inline::Emph(c) | Inline::Strong(c) | Inline::Link { content: c, .. } => {
            capitalise_first(c)
        }
        _ => {}
    }
}

/// The citation with its rendered text; with `links`, each work's part links to its entry.
fn rendered_cite(cite: &Citation, children: &ElemChildren, links: Option<&[String]>) -> Citation {
    let affixes: Vec<(String, String)> = (cite.items.iter())
        .map(|i| (i.prefix.clone(), i.suffix.clone()))
        .collect();
    let targets: Vec<Option<String>> = (cite.items.iter())
        .map(|i| {
            let listed = links?.contains(&i.key);
            listed.then(|| format!("#{}", bib_id(&i.key)))
        })
        .collect();
    let affixes = Affixes {
        items: &affixes,
        links: &targets,
    };
    Citation {
        rendered: render::inlines(children, &affixes, cite.pos),
        ..cite.clone()
    }
}

/// Removes the first author names from a rendered citation, with the space or comma after
/// them (`[-@key]`: the sentence names the author).
fn drop_author(children: &mut ElemChildren) {
    fn remove(children: &mut ElemChildren) -> bool {
        let names = |c: &ElemChild| matches!(c, ElemChild::Elem(e) if matches!(e.meta, Some(ElemMeta::Names(..))));
        if let Some(i) = children.0.iter().position(names) {
            children.0.remove(i);
            return true;
        }
        children.0.iter_mut().any(|c| match c {
            ElemChild::Elem(e) => remove(&mut e.children),
            _ => false,
        })
    }
    if remove(children) {
        trim_start(children);
    }
}

/// Drops the spaces and separators a removed name leaves at the start.
fn trim_start(children: &mut ElemChildren) -> bool {
    for child in children.0.iter_mut() {
        match child {
            ElemChild::Text(t) => {
                let kept = t.text.trim_start_matches([' ', ',', ';', ':']).to_string();
                t.text = kept;
                if !t.text.is_empty() {
                    return true;
                }
            }
            ElemChild::Elem(e) => {
                if trim_start(&mut e.children) {
                    return true;
                }
            }
            _ => return true,
        }
    }
    false
}

/// One bibliography entry: its first field (a number, in numeric styles) and its text.
fn entry(key: &str, first: Option<&ElemChild>, content: &ElemChildren) -> BibEntry {
    let mut children = Vec::new();
    if let Some(first) = first {
        children.push(first.clone());
        children.push(ElemChild::Text(hayagriva::Formatted {
            text: " ".into(),
            formatting: Default::default(),
        }));
    }
    children.extend(content.0.iter().cloned());
    BibEntry {
        id: bib_id(key),
        key: key.to_string(),
        content: render::plain(&ElemChildren(children), Default::default()),
    }
}

/// Puts a rendered citation in brackets, dropping its closing full stop.
fn bracket(run: &mut Vec<Inline>) {
    if let Some(Inline::Text(t)) = run.last_mut() {
        if t.ends_with('.') {
            t.pop();
        }
    }
    run.insert(0, Inline::Text("(".into()));
    run.push(Inline::Text(")".into()));
    let merged = std::mem::take(run);
    for inline in merged {
        match inline {
            Inline::Text(t) => super::walk::push_text(run, &t),
            other => run.push(other),
        }
    }
}
