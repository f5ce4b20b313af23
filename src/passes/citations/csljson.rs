//! CSL-JSON (the format Zotero and pandoc export) turned into hayagriva's entries: each item's
//! type, names, dates, containers and identifiers mapped onto hayagriva's YAML fields, then
//! read by hayagriva itself, so every format ends as the same kind of entry.

use hayagriva::Library;
use serde_json::{json, Map, Value};

/// Reads a CSL-JSON array of items; an error names the item and what is wrong with it.
pub fn read(items: &[Value]) -> Result<Library, String> {
    let mut out = Map::new();
    for (i, item) in items.iter().enumerate() {
        let Some(obj) = item.as_object() else {
            return Err(format!("item {} is not an object", i + 1));
        };
        let Some(id) = obj.get("id").and_then(text) else {
            return Err(format!("item {} has no `id`", i + 1));
        };
        out.insert(id, entry(obj));
    }
    serde_json::from_value(Value::Object(out)).map_err(|e| e.to_string())
}

/// The id of every item, in order (for duplicate checks before reading).
pub fn ids(items: &[Value]) -> Vec<String> {
    (items.iter())
        .filter_map(|i| i.get("id").and_then(text))
        .collect()
}

/// A string or number field as text.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// hayagriva's entry type and the type of the work that contains it, for a CSL type.
fn types(csl: &str) -> (&'static str, Option<&'static str>) {
    match csl {
        "book" => ("book", None),
        "chapter" => ("chapter", Some("book")),
        "paper-conference" => ("article", Some("proceedings")),
        "entry-encyclopedia" | "entry-dictionary" | "entry" => ("entry", Some("reference")),
        "article-journal" | "article-magazine" | "article" => ("article", Some("periodical")),
        "article-newspaper" => ("article", Some("newspaper")),
        "report" => ("report", None),
        "thesis" => ("thesis", None),
        "webpage" => ("web", Some("web")),
        "post-weblog" => ("article", Some("blog")),
        "post" => ("post", None),
        "manuscript" => ("manuscript", None),
        "legislation" | "bill" => ("legislation", None),
        "legal_case" => ("case", None),
        _ => ("misc", None),
    }
}

/// One item as a hayagriva entry.
fn entry(obj: &Map<String, Value>) -> Value {
    let kind = obj.get("type").and_then(text).unwrap_or_default();
    let (own, parent_type) = types(&kind);
    let mut e = Map::new();
    e.insert("type".into(), json!(own));
    let mut parent = Map::new();
    for (csl, field) in [("title", "title"), ("genre", "genre"), ("note", "note")] {
        copy(obj, csl, &mut e, field);
    }
    for (csl, field) in [("author", "author"), ("editor", "editor")] {
        if let Some(names) = obj.get(csl).and_then(names) {
            e.insert(field.into(), names);
        }
    }
    if let Some(d) = obj.get("issued").and_then(date) {
        e.insert("date".into(), d);
    }
    let publisher = obj.get("publisher").and_then(text);
    let place = obj.get("publisher-place").and_then(text);
    if let Some(name) = publisher {
        let mut p = json!({ "name": name });
        if let Some(place) = &place {
            p["location"] = json!(place);
        }
        e.insert("publisher".into(), p);
    } else if let Some(place) = place {
        e.insert("location".into(), json!(place));
    }
    for (csl, field) in [("edition", "edition"), ("number", "serial-number")] {
        copy(obj, csl, &mut e, field);
    }
    if let Some(url) = obj.get("URL").and_then(text) {
        let mut u = json!({ "value": url });
        if let Some(d) = obj.get("accessed").and_then(date) {
            u["date"] = d;
        }
        e.insert("url".into(), u);
    }
    if let Some(doi) = obj.get("DOI").and_then(text) {
        e.insert("serial-number".into(), json!({ "doi": doi }));
    }
    match parent_type {
        Some(pt) => {
            parent.insert("type".into(), json!(pt));
            copy(obj, "container-title", &mut parent, "title");
            for field in ["volume", "issue"] {
                copy(obj, field, &mut parent, field);
            }
            copy(obj, "page", &mut e, "page-range");
            if let Some(names) = obj.get("container-author").and_then(names) {
                parent.insert("author".into(), names);
            }
            if pt == "book" || pt == "proceedings" || pt == "reference" {
                // An edited volume's editors and publisher belong to the volume.
                for field in ["editor", "publisher", "location", "edition"] {
                    if let Some(v) = e.remove(field) {
                        parent.insert(field.into(), v);
                    }
                }
            }
            e.insert("parent".into(), Value::Object(parent));
        }
        None => {
            copy(obj, "volume", &mut e, "volume");
            copy(obj, "page", &mut e, "page-range");
            if own == "report" || own == "thesis" {
                copy(obj, "collection-title", &mut e, "organization");
            }
        }
    }
    Value::Object(e)
}

fn copy(from: &Map<String, Value>, key: &str, to: &mut Map<String, Value>, field: &str) {
    if let Some(v) = from.get(key).and_then(text) {
        to.insert(field.into(), json!(v));
    }
}

/// CSL names as hayagriva persons: `{family, given}` or `{literal}` (a body such as an
/// agency, never split into given and family names).
fn names(v: &Value) -> Option<Value> {
    let list: Vec<Value> = (v.as_array()?.iter())
        .filter_map(|n| {
            if let Some(lit) = n.get("literal").and_then(text) {
                return Some(json!({ "name": lit }));
            }
            let family = n.get("family").and_then(text)?;
            let mut p = json!({ "name": family });
            for (csl, field) in [
                ("given", "given-name"),
                ("non-dropping-particle", "prefix"),
                ("suffix", "suffix"),
            ] {
                if let Some(x) = n.get(csl).and_then(text) {
                    p[field] = json!(x);
                }
            }
            Some(p)
        })
        .collect();
    (!list.is_empty()).then_some(Value::Array(list))
}

/// A CSL date (`{"date-parts": [[2020, 5, 1]]}`, or `{"raw": "2020-05-01"}`) as hayagriva's
/// `YYYY-MM-DD`; a literal date it cannot read is left out.
fn date(v: &Value) -> Option<Value> {
    if let Some(parts) = v
        .get("date-parts")
        .and_then(|p| p.get(0))
        .and_then(Value::as_array)
    {
        let nums: Vec<i64> = parts
            .iter()
            .filter_map(|p| p.as_i64().or_else(|| p.as_str()?.trim().parse().ok()))
            .collect();
        return match nums.as_slice() {
            [y] => Some(json!(format!("{y:04}"))),
            [y, m] => Some(json!(format!("{y:04}-{m:02}"))),
            [y, m, d, ..] => Some(json!(format!("{y:04}-{m:02}-{d:02}"))),
            [] => None,
        };
    }
    let raw = v.get("raw").and_then(text)?;
    let ok = raw.len() >= 4 && raw[..4].chars().all(|c| c.is_ascii_digit());
    ok.then(|| json!(raw))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_of_each_kind_become_entries() {
        let items: Vec<Value> = serde_json::from_str(
            r#"[
              {"id": "who", "type": "report", "title": "Air Quality",
               "author": [{"literal": "World Health Organization"}],
               "issued": {"date-parts": [[2021, 9]]}, "publisher": "WHO",
               "publisher-place": "Geneva"},
              {"id": "lee", "type": "chapter", "title": "Ports",
               "author": [{"family": "Lee", "given": "Ann"}],
               "editor": [{"family": "Moss", "given": "Kim"}],
               "container-title": "Trade Routes", "page": "10-20",
               "issued": {"date-parts": [["2019"]]}, "DOI": "10.1000/xyz"}
            ]"#,
        )
        .unwrap();
        let lib = read(&items).unwrap();
        let who = lib.get("who").unwrap();
        assert_eq!(who.authors().unwrap()[0].name, "World Health Organization");
        assert_eq!(who.date().unwrap().year, 2021);
        let lee = lib.get("lee").unwrap();
        assert_eq!(
            lee.parents()[0].title().unwrap().value.to_str(),
            "Trade Routes"
        );
        assert_eq!(lee.parents()[0].editors().unwrap()[0].name, "Moss");
        assert_eq!(lee.doi(), Some("10.1000/xyz"));
        assert_eq!(ids(&items), ["who", "lee"]);
    }
}
