//! IPTC ninjs 2.2: the story as one JSON object.
//!
//! ninjs has no credit field: by convention the credit line travels as a description of role
//! "creditline" on the picture's association, beside the caption (role "caption"); the
//! photographer is the association's `by`. Photo hrefs are the file names the export writes
//! beside the JSON (a relative reference, resolved against the JSON file's address).
//!
//! Every text field says what it holds: headlines and descriptions are `text/plain` (ninjs
//! leaves a headline without a content type "up to the provider", and a consumer that takes it
//! for HTML would run a headline such as `<img onerror=…>`), the body `text/html`, sanitised.

use chrono::SecondsFormat;
use newsroom_core::export::{ExportPhoto, ExportStory};
use newsroom_core::workflow::WorkflowState;
use serde_json::{json, Map, Value};

use crate::body_html;

/// The IPTC Media Topic vocabulary, as a subject's URI names it.
pub(crate) const MEDIA_TOPIC_URI: &str = "http://cv.iptc.org/newscodes/mediatopic/";

/// The story as a ninjs 2.2 object.
pub fn ninjs(story: &ExportStory) -> Value {
    let content = &story.content;
    let html = body_html(story, ExportPhoto::file_name);
    let mut item = Map::new();
    item.insert(
        "uri".into(),
        json!(format!("urn:uuid:{}", story.article_id)),
    );
    item.insert("type".into(), json!("text"));
    item.insert("representationtype".into(), json!("full"));
    item.insert("version".into(), json!(story.version.to_string()));
    item.insert(
        "firstcreated".into(),
        json!(story
            .first_created
            .to_rfc3339_opts(SecondsFormat::Secs, true)),
    );
    item.insert(
        "versioncreated".into(),
        json!(story
            .version_created
            .to_rfc3339_opts(SecondsFormat::Secs, true)),
    );
    if let Some(until) = story.embargo_until {
        item.insert(
            "embargoed".into(),
            json!(until.to_rfc3339_opts(SecondsFormat::Secs, true)),
        );
    }
    let pubstatus = if story.state == WorkflowState::Killed {
        "canceled"
    } else {
        "usable"
    };
    item.insert("pubstatus".into(), json!(pubstatus));
    item.insert("language".into(), json!(content.language));
    item.insert("slugline".into(), json!(story.slug));
    item.insert(
        "headlines".into(),
        json!([{ "role": "main", "contenttype": "text/plain", "value": content.headline }]),
    );
    if !content.standfirst.trim().is_empty() {
        item.insert(
            "descriptions".into(),
            json!([{ "role": "summary", "contenttype": "text/plain", "value": content.standfirst }]),
        );
    }
    item.insert(
        "bodies".into(),
        json!([{
            "role": "html5",
            "contenttype": "text/html",
            "charcount": html.chars().count(),
            "wordcount": content.stats().words,
            "value": html,
        }]),
    );
    if !content.byline.trim().is_empty() {
        item.insert("by".into(), json!(content.byline));
    }
    if !content.editors_note.trim().is_empty() {
        item.insert("ednote".into(), json!(content.editors_note));
    }
    let subjects: Vec<Value> = story
        .section
        .iter()
        .map(|s| (s, "section"))
        .chain(story.tags.iter().map(|t| (t, "tag")))
        .map(|(subject, kind)| {
            let mut value = json!({
                "name": subject.name,
                "literal": format!("{kind}:{}", subject.slug),
                "rel": if kind == "section" { "section" } else { "about" },
            });
            if let Some(code) = &subject.media_topic {
                value["uri"] = json!(format!("{MEDIA_TOPIC_URI}{code}"));
            }
            value
        })
        .collect();
    if !subjects.is_empty() {
        item.insert("subjects".into(), Value::Array(subjects));
    }
    item.insert(
        "altids".into(),
        json!([{ "role": "revision", "value": story.revision_id.to_string() }]),
    );
    if let Some(source) = &story.source {
        // The agency the story was made from; the original's uri is an identifier, not
        // always a URI, so it travels as the literal.
        item.insert(
            "infosources".into(),
            json!([{ "name": source.agency, "role": "originator", "literal": format!("{} (version {})", source.uri, source.version) }]),
        );
    }
    let associations: Vec<Value> = story
        .photos
        .iter()
        .enumerate()
        .map(|(index, photo)| association(index, photo))
        .chain(story.related.iter().enumerate().map(|(index, related)| {
            json!({
                "name": format!("related{}", index + 1),
                "uri": format!("urn:uuid:{}", related.id),
                "type": "text",
                "representationtype": "partial",
                "headlines": [{ "role": "main", "contenttype": "text/plain", "value": related.headline }],
            })
        }))
        .collect();
    if !associations.is_empty() {
        item.insert("associations".into(), Value::Array(associations));
    }
    Value::Object(item)
}

/// A photo as a picture association: renditions, caption, credit line, photographer.
fn association(index: usize, photo: &ExportPhoto) -> Value {
    let meta = &photo.photo.metadata;
    let mut descriptions = Vec::new();
    for (role, value) in [
        ("caption", meta.caption.value.as_str()),
        (
            "creditline",
            photo.photo.credit_line.as_deref().unwrap_or(""),
        ),
        ("alttext", meta.alt_text.value.as_str()),
    ] {
        if !value.trim().is_empty() {
            descriptions.push(json!({ "role": role, "contenttype": "text/plain", "value": value }));
        }
    }
    let mut value = json!({
        "name": if photo.is_lead { "featureimage".to_owned() } else { format!("photo{}", index + 1) },
        "uri": format!("urn:uuid:{}", photo.photo.id),
        "type": "picture",
        "representationtype": "partial",
        "renditions": [{
            "name": "original",
            "href": photo.file_name(),
            "contenttype": photo.photo.media_type.mime(),
            "width": photo.photo.width,
            "height": photo.photo.height,
            "sizeinbytes": photo.photo.byte_size,
        }],
    });
    if !descriptions.is_empty() {
        value["descriptions"] = Value::Array(descriptions);
    }
    if !meta.creator.value.trim().is_empty() {
        value["by"] = json!(meta.creator.value);
    }
    if !meta.copyright.value.trim().is_empty() {
        value["copyrightnotice"] = json!(meta.copyright.value);
    }
    value
}
