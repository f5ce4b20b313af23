//! The XMP metadata packet: Dublin Core title, creators, language and rights, the dates,
//! deterministic document and instance ids, and for PDF/X-4 its identification.

use std::fmt::Write;

use crate::dates::BuildDate;

/// The book's metadata as the PDF states it.
#[derive(Debug, Clone, Default)]
pub struct Metadata {
    /// Title.
    pub title: String,
    /// Authors, or editors of an anthology.
    pub creators: Vec<String>,
    /// Description.
    pub subject: Option<String>,
    /// BCP 47 language.
    pub language: String,
    /// Publisher.
    pub publisher: Option<String>,
    /// Copyright statement.
    pub rights: Option<String>,
    /// The print ISBN.
    pub isbn: Option<String>,
    /// Keywords.
    pub keywords: Vec<String>,
    /// The work this one is taken from (an offprint's book).
    pub source: Option<String>,
    /// `uuid:…` of the work (same across builds and presets).
    pub document_id: String,
    /// `uuid:…` of this rendition.
    pub instance_id: String,
    /// The build date.
    pub date: Option<BuildDate>,
    /// The PDF/X version claimed, if any (e.g. "PDF/X-4").
    pub pdfx: Option<&'static str>,
    /// The file is tagged as PDF/UA-1 asks, and says so (`pdfuaid:part`).
    pub pdfua: bool,
    /// The producing tool.
    pub producer: String,
}

/// Escapes text for XML content and attributes.
pub fn escape(s: &str) -> String {
    crate::xml::attr(s)
}

/// The XMP packet (UTF-8, with its padding and closing processing instruction).
pub fn packet(m: &Metadata) -> String {
    let mut body = String::new();
    let alt = |v: &str| {
        format!(
            "<rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt>",
            escape(v)
        )
    };
    let _ = write!(body, "<dc:format>application/pdf</dc:format>");
    let _ = write!(body, "<dc:title>{}</dc:title>", alt(&m.title));
    if !m.creators.is_empty() {
        let list: String = m
            .creators
            .iter()
            .map(|c| format!("<rdf:li>{}</rdf:li>", escape(c)))
            .collect();
        let _ = write!(body, "<dc:creator><rdf:Seq>{list}</rdf:Seq></dc:creator>");
    }
    if let Some(s) = &m.subject {
        let _ = write!(body, "<dc:description>{}</dc:description>", alt(s));
    }
    let _ = write!(
        body,
        "<dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>",
        escape(&m.language)
    );
    if let Some(p) = &m.publisher {
        let _ = write!(
            body,
            "<dc:publisher><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:publisher>",
            escape(p)
        );
    }
    if let Some(r) = &m.rights {
        let _ = write!(body, "<dc:rights>{}</dc:rights>", alt(r));
    }
    if let Some(isbn) = &m.isbn {
        let _ = write!(
            body,
            "<dc:identifier>urn:isbn:{}</dc:identifier>",
            escape(isbn)
        );
    }
    if !m.keywords.is_empty() {
        let bag: String = (m.keywords.iter())
            .map(|k| format!("<rdf:li>{}</rdf:li>", escape(k)))
            .collect();
        let _ = write!(body, "<dc:subject><rdf:Bag>{bag}</rdf:Bag></dc:subject>");
        let _ = write!(
            body,
            "<pdf:Keywords>{}</pdf:Keywords>",
            escape(&m.keywords.join("; "))
        );
    }
    if let Some(s) = &m.source {
        let _ = write!(body, "<dc:source>{}</dc:source>", escape(s));
    }
    if let Some(d) = &m.date {
        let x = d.w3c();
        let _ = write!(
            body,
            "<xmp:CreateDate>{x}</xmp:CreateDate><xmp:ModifyDate>{x}</xmp:ModifyDate>\
             <xmp:MetadataDate>{x}</xmp:MetadataDate>"
        );
    }
    let _ = write!(
        body,
        "<xmp:CreatorTool>{p}</xmp:CreatorTool><pdf:Producer>{p}</pdf:Producer>\
         <pdf:Trapped>False</pdf:Trapped>\
         <xmpMM:DocumentID>{}</xmpMM:DocumentID><xmpMM:InstanceID>{}</xmpMM:InstanceID>\
         <xmpMM:VersionID>1</xmpMM:VersionID><xmpMM:RenditionClass>default</xmpMM:RenditionClass>",
        escape(&m.document_id),
        escape(&m.instance_id),
        p = escape(&m.producer)
    );
    if let Some(v) = m.pdfx {
        let _ = write!(body, "<pdfxid:GTSPDFXVersion>{v}</pdfxid:GTSPDFXVersion>");
    }
    if m.pdfua {
        let _ = write!(body, "<pdfuaid:part>1</pdfuaid:part>");
    }
    format!(
        "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
         <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
         <rdf:Description rdf:about=\"\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" \
         xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" \
         xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\"{ids}>\n\
         {body}\n\
         </rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n{pad}\n<?xpacket end=\"w\"?>",
        pad = " ".repeat(XMP_PADDING),
        ids = id_namespaces(m),
    )
}

/// The namespaces of the PDF/X and PDF/UA identification, when the file claims them.
fn id_namespaces(m: &Metadata) -> String {
    let mut s = String::new();
    if m.pdfx.is_some() {
        s.push_str(" xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\"");
    }
    if m.pdfua {
        s.push_str(" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"");
    }
    s
}

/// Spaces left in the packet so that tools can edit it in place.
const XMP_PADDING: usize = 512;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packet_escapes_and_identifies() {
        let m = Metadata {
            title: "Salt & <Light>".into(),
            creators: vec!["A. Writer".into()],
            language: "en".into(),
            document_id: "uuid:1".into(),
            instance_id: "uuid:2".into(),
            pdfx: Some("PDF/X-4"),
            date: BuildDate::parse_iso("2024-05-01"),
            producer: "Folio".into(),
            ..Default::default()
        };
        let p = packet(&m);
        assert!(p.contains("Salt &amp; &lt;Light&gt;"));
        assert!(p.contains("<pdfxid:GTSPDFXVersion>PDF/X-4</pdfxid:GTSPDFXVersion>"));
        assert!(p.contains("<xmp:CreateDate>2024-05-01T00:00:00Z</xmp:CreateDate>"));
        assert!(p.ends_with("<?xpacket end=\"w\"?>"));
        assert!(!p.contains("pdfuaid"));
        let ua = packet(&Metadata { pdfua: true, ..m });
        assert!(ua.contains("<pdfuaid:part>1</pdfuaid:part>"));
        assert!(ua.contains("xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\""));
    }
}
