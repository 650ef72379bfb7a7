//! IPTC NewsML-G2 2.35: the story as a newsItem (conformance "power").
//!
//! The body travels as the same HTML as the preview, in `inlineData` of type text/html (the
//! renderer's HTML5 is not XML). Every photo is an `itemMeta/link` to its file beside the item,
//! carrying its caption, credit line and photographer, and the body's figures carry them too.
//! Sections and tags are subjects: IPTC Media Topics (`medtop:`) where an editor set one, else
//! the desk's own name as a literal.

use chrono::SecondsFormat;
use newsroom_core::clean::is_xml_char;
use newsroom_core::export::{ExportPhoto, ExportStory, ExportSubject};
use newsroom_core::workflow::WorkflowState;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use crate::body_html;

/// The NewsML-G2 namespace.
const NAR: &str = "http://iptc.org/std/nar/2006-10-01/";
/// The IPTC catalog that defines the qcode schemes used (ninat, stat, medtop, irel, drol).
const IPTC_CATALOG: &str = "http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_38.xml";

type XmlWriter = Writer<Vec<u8>>;

/// The story as a NewsML-G2 2.35 newsItem document.
///
/// The writer escapes markup in every field; characters XML 1.0 forbids outright (control
/// characters a pasted or agency text can hold) are left out of the whole document here, so
/// the file stays well-formed, and valid, whatever the story's text holds.
pub fn news_item(story: &ExportStory) -> String {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing into a Vec cannot fail.
    let _ = write_item(&mut writer, story);
    let xml = String::from_utf8(writer.into_inner()).unwrap_or_default();
    if xml.chars().all(is_xml_char) {
        xml
    } else {
        xml.chars().filter(|c| is_xml_char(*c)).collect()
    }
}

fn time(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn write_item(w: &mut XmlWriter, story: &ExportStory) -> std::io::Result<()> {
    let content = &story.content;
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let guid = format!("urn:uuid:{}", story.article_id);
    let version = story.version.max(1).to_string();
    w.create_element("newsItem")
        .with_attributes([
            ("xmlns", NAR),
            ("guid", guid.as_str()),
            ("version", version.as_str()),
            ("standard", "NewsML-G2"),
            ("standardversion", "2.35"),
            ("conformance", "power"),
            ("xml:lang", content.language.as_str()),
        ])
        .write_inner_content(|w| {
            w.create_element("catalogRef")
                .with_attribute(("href", IPTC_CATALOG))
                .write_empty()?;
            write_item_meta(w, story)?;
            write_content_meta(w, story)?;
            w.create_element("contentSet").write_inner_content(|w| {
                let html = body_html(story, ExportPhoto::file_name);
                w.create_element("inlineData")
                    .with_attributes([("contenttype", "text/html")])
                    .write_text_content(BytesText::new(&html))?;
                Ok(())
            })?;
            Ok(())
        })?;
    Ok(())
}

fn write_item_meta(w: &mut XmlWriter, story: &ExportStory) -> std::io::Result<()> {
    w.create_element("itemMeta").write_inner_content(|w| {
        w.create_element("itemClass")
            .with_attribute(("qcode", "ninat:text"))
            .write_empty()?;
        w.create_element("provider")
            .with_attribute(("literal", "newsroom-desk"))
            .write_empty()?;
        w.create_element("versionCreated")
            .write_text_content(BytesText::new(&time(story.version_created)))?;
        w.create_element("firstCreated")
            .write_text_content(BytesText::new(&time(story.first_created)))?;
        if let Some(until) = story.embargo_until {
            w.create_element("embargoed")
                .write_text_content(BytesText::new(&time(until)))?;
        }
        let status = if story.state == WorkflowState::Killed {
            "stat:canceled"
        } else {
            "stat:usable"
        };
        w.create_element("pubStatus")
            .with_attribute(("qcode", status))
            .write_empty()?;
        if !story.content.editors_note.trim().is_empty() {
            w.create_element("edNote")
                .write_text_content(BytesText::new(&story.content.editors_note))?;
        }
        for photo in &story.photos {
            write_photo_link(w, photo)?;
        }
        for related in &story.related {
            let residref = format!("urn:uuid:{}", related.id);
            w.create_element("link")
                .with_attributes([("rel", "irel:seeAlso"), ("residref", residref.as_str())])
                .write_inner_content(|w| {
                    w.create_element("title")
                        .write_text_content(BytesText::new(&related.headline))?;
                    Ok(())
                })?;
        }
        Ok(())
    })?;
    Ok(())
}

fn write_photo_link(w: &mut XmlWriter, photo: &ExportPhoto) -> std::io::Result<()> {
    let meta = &photo.photo.metadata;
    let file = photo.file_name();
    let size = photo.photo.byte_size.to_string();
    let residref = format!("urn:uuid:{}", photo.photo.id);
    w.create_element("link")
        .with_attributes([
            (
                "rel",
                if photo.is_lead {
                    "irel:depicts"
                } else {
                    "irel:seeAlso"
                },
            ),
            ("href", file.as_str()),
            ("residref", residref.as_str()),
            ("contenttype", photo.photo.media_type.mime()),
            ("size", size.as_str()),
        ])
        .write_inner_content(|w| {
            if !meta.caption.value.trim().is_empty() {
                w.create_element("title")
                    .write_text_content(BytesText::new(&meta.caption.value))?;
            }
            if let Some(credit) = &photo.photo.credit_line {
                w.create_element("creditline")
                    .write_text_content(BytesText::new(credit))?;
            }
            if !meta.creator.value.trim().is_empty() {
                w.create_element("by")
                    .write_text_content(BytesText::new(&meta.creator.value))?;
            }
            if !meta.alt_text.value.trim().is_empty() {
                w.create_element("description")
                    .with_attribute(("role", "drol:alternative"))
                    .write_text_content(BytesText::new(&meta.alt_text.value))?;
            }
            Ok(())
        })?;
    Ok(())
}

fn write_subject(w: &mut XmlWriter, subject: &ExportSubject) -> std::io::Result<()> {
    let qcode = subject.media_topic.as_ref().map(|c| format!("medtop:{c}"));
    let mut element = w
        .create_element("subject")
        .with_attribute(("type", "cpnat:abstract"));
    element = match &qcode {
        Some(code) => element.with_attribute(("qcode", code.as_str())),
        None => element.with_attribute(("literal", subject.slug.as_str())),
    };
    element.write_inner_content(|w| {
        w.create_element("name")
            .write_text_content(BytesText::new(&subject.name))?;
        Ok(())
    })?;
    Ok(())
}

fn write_content_meta(w: &mut XmlWriter, story: &ExportStory) -> std::io::Result<()> {
    let content = &story.content;
    w.create_element("contentMeta").write_inner_content(|w| {
        w.create_element("contentCreated")
            .write_text_content(BytesText::new(&time(story.first_created)))?;
        w.create_element("contentModified")
            .write_text_content(BytesText::new(&time(story.version_created)))?;
        if !content.byline.trim().is_empty() {
            w.create_element("creator").write_inner_content(|w| {
                w.create_element("name")
                    .write_text_content(BytesText::new(&content.byline))?;
                Ok(())
            })?;
        }
        if let Some(source) = &story.source {
            w.create_element("infoSource")
                .with_attributes([
                    ("role", "isrol:originfo"),
                    ("literal", source.agency.as_str()),
                ])
                .write_inner_content(|w| {
                    w.create_element("name")
                        .write_text_content(BytesText::new(&source.agency))?;
                    Ok(())
                })?;
        }
        w.create_element("language")
            .with_attribute(("tag", content.language.as_str()))
            .write_empty()?;
        for subject in story.section.iter().chain(&story.tags) {
            write_subject(w, subject)?;
        }
        w.create_element("slugline")
            .write_text_content(BytesText::new(&story.slug))?;
        w.create_element("headline")
            .write_text_content(BytesText::new(&content.headline))?;
        if !content.standfirst.trim().is_empty() {
            w.create_element("description")
                .with_attribute(("role", "drol:summary"))
                .write_text_content(BytesText::new(&content.standfirst))?;
        }
        if !content.byline.trim().is_empty() {
            w.create_element("by")
                .write_text_content(BytesText::new(&content.byline))?;
        }
        Ok(())
    })?;
    Ok(())
}
