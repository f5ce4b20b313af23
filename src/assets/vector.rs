//! An SVG's print form: the sanitized SVG ([`super::svg`]) is read by `usvg` (which resolves
//! CSS and `use`, and turns text into glyph outlines with Folio's own fonts) and converted by
//! `svg2pdf` into a PDF Form XObject, vector content throughout. Text is drawn as outlines:
//! the chart looks as its maker drew it whatever fonts it names, and no second set of fonts
//! is embedded. The form is kept as a one-object PDF that the PDF writer imports.

use std::sync::{Arc, OnceLock};

use svg2pdf::usvg;

use super::problem::Problem;

/// CSS pixels (an SVG's user units) per point.
const POINTS_PER_PX: f64 = 0.75;

/// An SVG converted for print.
#[derive(Debug, Clone)]
pub struct Vector {
    /// A PDF whose catalog's `/Folio` entry is the Form XObject drawing the SVG in the unit
    /// square (its `/Matrix` scales its box to 1 × 1).
    pub pdf: Vec<u8>,
    /// The SVG's own width in points.
    pub width: f64,
    /// The SVG's own height in points.
    pub height: f64,
}

/// Converts the sanitized SVG `text` into a [`Vector`], or says why it cannot be read.
pub fn convert(text: &str) -> Result<Vector, Problem> {
    let mut options = usvg::Options {
        fontdb: fonts(),
        font_family: crate::fonts::FALLBACK.family.to_string(),
        ..usvg::Options::default()
    };
    // The sanitized SVG links to nothing outside itself; refuse anything that slipped by.
    options.image_href_resolver = usvg::ImageHrefResolver {
        resolve_data: Box::new(|_, _, _| None),
        resolve_string: Box::new(|_, _| None),
    };
    let tree = usvg::Tree::from_str(text, &options).map_err(|e| Problem::BadSvg(e.to_string()))?;
    let conversion = svg2pdf::ConversionOptions {
        embed_text: false,
        pdfa: true,
        ..svg2pdf::ConversionOptions::default()
    };
    let (chunk, form) = svg2pdf::to_chunk(&tree, conversion)
        .map_err(|e| Problem::BadSvg(format!("it cannot be drawn in PDF: {e}")))?;
    let size = tree.size();
    Ok(Vector {
        pdf: wrap(&chunk, form),
        width: f64::from(size.width()) * POINTS_PER_PX,
        height: f64::from(size.height()) * POINTS_PER_PX,
    })
}

/// A minimal PDF holding `chunk`, with `form` named in the catalog so a reader finds it.
fn wrap(chunk: &pdf_writer::Chunk, form: pdf_writer::Ref) -> Vec<u8> {
    let mut next = 1;
    let mut renumbered = std::collections::HashMap::new();
    let chunk = chunk.renumber(|old| {
        *renumbered.entry(old).or_insert_with(|| {
            next += 1;
            pdf_writer::Ref::new(next)
        })
    });
    let form = renumbered[&form];
    let catalog = pdf_writer::Ref::new(next + 1);
    let pages = pdf_writer::Ref::new(next + 2);
    let mut pdf = pdf_writer::Pdf::new();
    pdf.catalog(catalog)
        .pages(pages)
        .pair(pdf_writer::Name(b"Folio"), form);
    pdf.pages(pages).count(0);
    pdf.extend(&chunk);
    pdf.finish()
}

/// Folio's own fonts, for the text in SVGs (loaded once): the sans fallback stands for
/// `sans-serif` and any family not found, the book serif for `serif`, the mono for
/// `monospace`.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        let all = crate::fonts::SERIF
            .iter()
            .chain([&crate::fonts::MONO, &crate::fonts::FALLBACK]);
        for f in all {
            db.load_font_data(f.bytes.to_vec());
        }
        db.set_serif_family(crate::fonts::SERIF[0].family);
        db.set_sans_serif_family(crate::fonts::FALLBACK.family);
        db.set_monospace_family(crate::fonts::MONO.family);
        Arc::new(db)
    })
    .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_becomes_a_form_of_its_size() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">
            <defs><linearGradient id="g"><stop offset="0" stop-color="#036"/>
            <stop offset="1" stop-color="#6cf"/></linearGradient>
            <clipPath id="c"><rect width="150" height="100"/></clipPath></defs>
            <rect width="200" height="100" fill="url(#g)" clip-path="url(#c)"/>
            <text x="10" y="50" font-family="Helvetica" font-size="12">Rain, mm</text></svg>"##;
        let v = convert(svg).unwrap();
        assert_eq!((v.width, v.height), (150.0, 75.0));
        let doc = lopdf::Document::load_mem(&v.pdf).unwrap();
        let form = doc.catalog().unwrap().get(b"Folio").unwrap().as_reference();
        let form = doc.get_object(form.unwrap()).unwrap().as_stream().unwrap();
        assert_eq!(
            form.dict.get(b"Subtype").unwrap().as_name().unwrap(),
            b"Form"
        );
    }

    #[test]
    fn what_usvg_cannot_size_is_refused() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"/>"#;
        assert!(matches!(convert(svg), Err(Problem::BadSvg(_))));
    }
}
