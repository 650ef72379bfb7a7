//! XMP: the RDF/XML packet in which photo tools keep credits, captions and alt text.
//!
//! Properties are matched by namespace URI, not by prefix (a packet may bind `dc` to any
//! prefix), and may appear either as attributes of `rdf:Description` or as elements holding a
//! plain value, an `rdf:Alt` (language alternatives: `x-default` wins, else the first) or an
//! `rdf:Seq`/`rdf:Bag` (joined with ", "). quick-xml does not expand DTD entities, so a hostile
//! packet cannot blow up; a malformed one is reported and whatever was read before the fault
//! is discarded, so a half-read packet never supplies a credit.

use newsroom_core::photo::{EmbeddedMetadata, MetadataSource, PhotoField};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::NsReader;

/// The header of a JPEG APP1 segment that holds XMP.
pub const JPEG_XMP_HEADER: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";

const RDF: &[u8] = b"http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const DC: &[u8] = b"http://purl.org/dc/elements/1.1/";
const PHOTOSHOP: &[u8] = b"http://ns.adobe.com/photoshop/1.0/";
const IPTC_CORE: &[u8] = b"http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/";
const XML: &[u8] = b"http://www.w3.org/XML/1998/namespace";

/// The XMP properties the desk reads, by namespace and local name.
fn field_of(namespace: &[u8], local: &[u8]) -> Option<PhotoField> {
    match (namespace, local) {
        (DC, b"creator") => Some(PhotoField::Creator),
        (DC, b"description") => Some(PhotoField::Caption),
        (DC, b"rights") => Some(PhotoField::Copyright),
        (PHOTOSHOP, b"Credit") => Some(PhotoField::Credit),
        (PHOTOSHOP, b"Source") => Some(PhotoField::Source),
        (PHOTOSHOP, b"Headline") => Some(PhotoField::Headline),
        (IPTC_CORE, b"AltTextAccessibility") => Some(PhotoField::AltText),
        _ => None,
    }
}

/// Why an XMP packet could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("its XMP metadata is damaged ({0})")]
pub struct XmpError(pub String);

/// The property being read and what was collected for it so far.
struct OpenProperty {
    field: PhotoField,
    depth: usize,
    /// Plain text directly inside the property element.
    text: String,
    /// `rdf:li` items with their `xml:lang`.
    items: Vec<(Option<String>, String)>,
    /// Inside an `rdf:li`: its language and text so far.
    item: Option<(Option<String>, String)>,
}

impl OpenProperty {
    fn push_text(&mut self, text: &str) {
        match &mut self.item {
            Some((_, item_text)) => item_text.push_str(text),
            None => self.text.push_str(text),
        }
    }

    fn value(self) -> String {
        if self.items.is_empty() {
            return self.text.trim().to_owned();
        }
        if self.field == PhotoField::Creator {
            let names: Vec<&str> = self
                .items
                .iter()
                .map(|(_, t)| t.trim())
                .filter(|t| !t.is_empty())
                .collect();
            return names.join(", ");
        }
        self.items
            .iter()
            .find(|(lang, _)| lang.as_deref() == Some("x-default"))
            .or_else(|| self.items.first())
            .map(|(_, text)| text.trim().to_owned())
            .unwrap_or_default()
    }
}

fn is_bound_to(resolved: &ResolveResult<'_>, namespace: &[u8]) -> bool {
    matches!(resolved, ResolveResult::Bound(Namespace(ns)) if *ns == namespace)
}

/// The `xml:lang` of an element, if it has one.
fn language(reader: &NsReader<&[u8]>, element: &BytesStart<'_>) -> Option<String> {
    element.attributes().flatten().find_map(|attribute| {
        let (namespace, local) = reader.resolve_attribute(attribute.key);
        (is_bound_to(&namespace, XML) && local.as_ref() == b"lang")
            .then(|| attribute.unescape_value().ok().map(|v| v.into_owned()))
            .flatten()
    })
}

/// Reads the properties the desk knows from `packet` into a fresh metadata record.
pub fn read(packet: &[u8]) -> Result<EmbeddedMetadata, XmpError> {
    let mut metadata = EmbeddedMetadata::default();
    let mut reader = NsReader::from_reader(packet);
    reader.config_mut().check_end_names = true;
    let mut depth = 0usize;
    let mut open: Option<OpenProperty> = None;
    let damaged = |err: &dyn std::fmt::Display| XmpError(err.to_string());
    loop {
        let (namespace, event) = reader.read_resolved_event().map_err(|e| damaged(&e))?;
        match event {
            Event::Start(element) => {
                depth += 1;
                let namespace_is_rdf = is_bound_to(&namespace, RDF);
                let ResolveResult::Bound(Namespace(ns)) = namespace else {
                    continue;
                };
                let local = element.local_name();
                if let Some(property) = &mut open {
                    if namespace_is_rdf && local.as_ref() == b"li" {
                        property.item = Some((language(&reader, &element), String::new()));
                    }
                } else if let Some(field) = field_of(ns, local.as_ref()) {
                    open = Some(OpenProperty {
                        field,
                        depth,
                        text: String::new(),
                        items: Vec::new(),
                        item: None,
                    });
                } else if namespace_is_rdf && local.as_ref() == b"Description" {
                    read_attributes(&reader, &element, &mut metadata);
                }
            }
            Event::Empty(element)
                if open.is_none()
                    && is_bound_to(&namespace, RDF)
                    && element.local_name().as_ref() == b"Description" =>
            {
                read_attributes(&reader, &element, &mut metadata);
            }
            Event::Text(text) => {
                if let Some(property) = &mut open {
                    property.push_text(&text.xml_content().map_err(|e| damaged(&e))?);
                }
            }
            Event::CData(data) => {
                if let Some(property) = &mut open {
                    property.push_text(&data.decode().map_err(|e| damaged(&e))?);
                }
            }
            Event::GeneralRef(reference) => {
                if let Some(property) = &mut open {
                    let resolved = match reference.resolve_char_ref().map_err(|e| damaged(&e))? {
                        Some(c) => c.to_string(),
                        None => {
                            let name = reference.decode().map_err(|e| damaged(&e))?;
                            quick_xml::escape::resolve_predefined_entity(&name)
                                .ok_or_else(|| XmpError(format!("unknown entity &{name};")))?
                                .to_owned()
                        }
                    };
                    property.push_text(&resolved);
                }
            }
            Event::End(element) => {
                if let Some(property) = &mut open {
                    if depth == property.depth {
                        if let Some(property) = open.take() {
                            let field = property.field;
                            metadata.add(field, MetadataSource::Xmp, &property.value());
                        }
                    } else if is_bound_to(&namespace, RDF) && element.local_name().as_ref() == b"li"
                    {
                        if let Some(item) = property.item.take() {
                            property.items.push(item);
                        }
                    }
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if depth != 0 {
        return Err(XmpError(
            "the packet ends before its elements are closed".into(),
        ));
    }
    Ok(metadata)
}

/// Properties written as attributes: `<rdf:Description photoshop:Credit="AP/TT">`.
fn read_attributes(
    reader: &NsReader<&[u8]>,
    element: &BytesStart<'_>,
    metadata: &mut EmbeddedMetadata,
) {
    for attribute in element.attributes().flatten() {
        let (namespace, local) = reader.resolve_attribute(attribute.key);
        if let ResolveResult::Bound(Namespace(ns)) = namespace {
            if let Some(field) = field_of(ns, local.as_ref()) {
                if let Ok(value) = attribute.unescape_value() {
                    metadata.add(field, MetadataSource::Xmp, &value);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value_of(metadata: &EmbeddedMetadata, field: PhotoField) -> Option<String> {
        metadata.candidates(field).first().map(|v| v.value.clone())
    }

    #[test]
    fn properties_as_elements_and_attributes_with_any_prefix() {
        let packet = br#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            <rdf:Description xmlns:ps="http://ns.adobe.com/photoshop/1.0/" ps:Credit="AP/TT" ps:Source="TT &amp; AP"/>
            <rdf:Description xmlns:d="http://purl.org/dc/elements/1.1/">
              <d:creator><rdf:Seq><rdf:li>Ahn Young-joon</rdf:li><rdf:li>Lee Jin-man</rdf:li></rdf:Seq></d:creator>
              <d:description><rdf:Alt><rdf:li xml:lang="sv">Bildtext</rdf:li><rdf:li xml:lang="x-default">Caption &#8211; Seoul</rdf:li></rdf:Alt></d:description>
            </rdf:Description></rdf:RDF></x:xmpmeta>"#;
        let metadata = read(packet).expect("valid packet");
        assert_eq!(
            value_of(&metadata, PhotoField::Credit).as_deref(),
            Some("AP/TT")
        );
        assert_eq!(
            value_of(&metadata, PhotoField::Source).as_deref(),
            Some("TT & AP")
        );
        assert_eq!(
            value_of(&metadata, PhotoField::Creator).as_deref(),
            Some("Ahn Young-joon, Lee Jin-man")
        );
        assert_eq!(
            value_of(&metadata, PhotoField::Caption).as_deref(),
            Some("Caption – Seoul"),
            "x-default wins over the first language"
        );
    }

    #[test]
    fn broken_packets_are_errors_not_half_values() {
        for broken in [
            &b"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description xmlns:dc='http://purl.org/dc/elements/1.1/'><dc:rights>half"[..],
            b"<a><b></a>",
            b"<d:rights xmlns:d='http://purl.org/dc/elements/1.1/'>&bogus;</d:rights>",
        ] {
            assert!(read(broken).is_err(), "{}", String::from_utf8_lossy(broken));
        }
        assert!(read(b"").expect("empty is no metadata").values.is_empty());
    }

    #[test]
    fn entity_declarations_are_not_expanded() {
        let packet = br#"<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:rights>&b;</dc:rights></rdf:Description></rdf:RDF>"#;
        assert!(read(packet).is_err(), "an unknown entity is refused");
    }
}
