//! A NewsML-G2 newsItem (alone, or the first in a newsMessage), read as a stream by quick-xml.
//! A DOCTYPE is refused outright: wire items never need one, and it is how external entities
//! and entity expansion (billion laughs) get in. Entities beyond XML's five are errors.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::{
    html_to_markdown, text_to_markdown, version_number, WireError, WireFormat, WireItem,
    WirePicture, WireSubject, MAX_XML_DEPTH,
};

fn attribute(element: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name || a.key.local_name().as_ref() == name)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// What is being read inside the item.
#[derive(Default)]
struct Collected {
    in_item: bool,
    guid: String,
    version: Option<String>,
    language: String,
    item_class: String,
    provider: String,
    copyright_holder: String,
    info_source: String,
    version_created: String,
    headline: String,
    slugline: String,
    summary: String,
    byline: String,
    creator: String,
    creditline: String,
    located: String,
    subjects: Vec<WireSubject>,
    paragraphs: Vec<String>,
    inline_data: Option<(String, String)>,
    remote_href: String,
}

pub(crate) fn read(xml: &str) -> Result<WireItem, WireError> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().trim_text(false);
    let mut path: Vec<String> = Vec::new();
    let mut found = Collected::default();
    let mut text_buffer = String::new();
    let mut subject_code: Option<String> = None;
    let mut seen_item = false;
    loop {
        let event = reader.read_event().map_err(|err| {
            WireError::Malformed(format!("{err} (at byte {})", reader.buffer_position()))
        })?;
        match event {
            Event::DocType(_) => return Err(WireError::Doctype),
            Event::Start(ref element) | Event::Empty(ref element) => {
                let empty = matches!(event, Event::Empty(_));
                let name = String::from_utf8_lossy(element.local_name().as_ref()).into_owned();
                if name == "newsItem" && !seen_item {
                    seen_item = true;
                    found.in_item = true;
                    found.guid = attribute(element, b"guid").unwrap_or_default();
                    found.version = attribute(element, b"version");
                    found.language = attribute(element, b"xml:lang")
                        .or_else(|| attribute(element, b"lang"))
                        .unwrap_or_default();
                } else if found.in_item {
                    start(&name, element, &path, &mut found, &mut subject_code);
                }
                text_buffer.clear();
                if empty {
                    if name == "subject" {
                        subject_code = None;
                    }
                } else {
                    if path.len() >= MAX_XML_DEPTH {
                        return Err(WireError::TooDeep);
                    }
                    path.push(name);
                }
            }
            Event::Text(text) if found.in_item => {
                let text = text
                    .xml_content()
                    .map_err(|err| WireError::Malformed(err.to_string()))?;
                text_buffer.push_str(&text);
            }
            // quick-xml reports `&name;` apart from the text around it: XML's own five and
            // character references are resolved; anything else is an undeclared entity.
            Event::GeneralRef(reference) if found.in_item => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match reference.decode().as_deref() {
                        Ok("amp") => Some('&'),
                        Ok("lt") => Some('<'),
                        Ok("gt") => Some('>'),
                        Ok("quot") => Some('"'),
                        Ok("apos") => Some('\''),
                        _ => None,
                    },
                };
                let Some(c) = resolved else {
                    return Err(WireError::Malformed(format!(
                        "the entity &{}; is not defined",
                        String::from_utf8_lossy(&reference)
                    )));
                };
                text_buffer.push(c);
            }
            Event::CData(data) if found.in_item => {
                text_buffer.push_str(&String::from_utf8_lossy(&data));
            }
            Event::End(_) => {
                let Some(name) = path.pop() else { continue };
                if found.in_item {
                    let text = std::mem::take(&mut text_buffer);
                    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    end(&name, &path, text, &mut found, &mut subject_code);
                    if name == "newsItem" {
                        found.in_item = false;
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_item {
        return Err(WireError::UnknownFormat);
    }
    if !path.is_empty() {
        return Err(WireError::Malformed(format!(
            "the XML ends inside <{}> (cut short?)",
            path.join("><")
        )));
    }
    finish(found)
}

fn start(
    name: &str,
    element: &BytesStart<'_>,
    path: &[String],
    found: &mut Collected,
    subject_code: &mut Option<String>,
) {
    let parent = path.last().map(String::as_str).unwrap_or_default();
    match (parent, name) {
        ("itemMeta", "itemClass") => {
            found.item_class = attribute(element, b"qcode").unwrap_or_default();
        }
        ("itemMeta", "provider") => {
            found.provider = attribute(element, b"literal")
                .or_else(|| {
                    attribute(element, b"qcode")
                        .map(|q| q.rsplit(':').next().unwrap_or(&q).to_owned())
                })
                .unwrap_or_default();
        }
        ("contentMeta", "language") => {
            if let Some(tag) = attribute(element, b"tag") {
                found.language = tag;
            }
        }
        ("contentMeta", "subject") => {
            *subject_code = Some(
                attribute(element, b"qcode")
                    .or_else(|| attribute(element, b"uri"))
                    .or_else(|| attribute(element, b"literal"))
                    .unwrap_or_default(),
            );
        }
        ("contentSet", "remoteContent") if found.remote_href.is_empty() => {
            found.remote_href = attribute(element, b"href").unwrap_or_default();
        }
        _ => {}
    }
    if name == "inlineData" {
        found.inline_data = Some((
            attribute(element, b"contenttype").unwrap_or_default(),
            String::new(),
        ));
    }
}

fn end(
    name: &str,
    path: &[String],
    text: String,
    found: &mut Collected,
    subject_code: &mut Option<String>,
) {
    let parent = path.last().map(String::as_str).unwrap_or_default();
    let in_content = path.iter().any(|p| p == "inlineXML");
    match (parent, name) {
        ("itemMeta", "versionCreated") => found.version_created = text,
        ("provider", "name") if found.provider.is_empty() => found.provider = text,
        ("copyrightHolder", "name") => found.copyright_holder = text,
        ("infoSource", "name") if found.info_source.is_empty() => found.info_source = text,
        ("contentMeta", "headline") if found.headline.is_empty() => found.headline = text,
        ("contentMeta", "slugline") => found.slugline = text,
        ("contentMeta", "description") if found.summary.is_empty() => found.summary = text,
        ("contentMeta", "by") => found.byline = text,
        ("contentMeta", "creditline") => found.creditline = text,
        ("creator", "name") if found.creator.is_empty() => found.creator = text,
        ("located", "name") if found.located.is_empty() => found.located = text,
        ("subject", "name") => {
            if let Some(code) = subject_code.take() {
                found.subjects.push(WireSubject { name: text, code });
            }
        }
        (_, "inlineData") => {
            if let Some((_, data)) = found.inline_data.as_mut() {
                *data = text;
            }
        }
        (_, "p" | "hl2" | "h2" | "bq" | "blockquote" | "li") if in_content && !text.is_empty() => {
            let paragraph = match name {
                "hl2" | "h2" => format!("## {text}"),
                "bq" | "blockquote" => format!("> {text}"),
                "li" => format!("- {text}"),
                _ => text,
            };
            found.paragraphs.push(paragraph);
        }
        _ => {}
    }
    if name == "subject" {
        subject_code.take();
    }
}

fn finish(found: Collected) -> Result<WireItem, WireError> {
    if found.guid.trim().is_empty() {
        return Err(WireError::Missing("guid"));
    }
    let body = if !found.paragraphs.is_empty() {
        found.paragraphs.join("\n\n")
    } else {
        match &found.inline_data {
            Some((kind, data)) if kind.contains("html") => html_to_markdown(data),
            Some((_, data)) => text_to_markdown(data),
            None => String::new(),
        }
    };
    let headline = if found.headline.is_empty() {
        found.slugline.clone()
    } else {
        found.headline.clone()
    };
    if headline.trim().is_empty() && body.is_empty() && found.remote_href.is_empty() {
        return Err(WireError::Missing("headline or body"));
    }
    let agency = [&found.copyright_holder, &found.info_source, &found.provider]
        .into_iter()
        .find(|name| !name.trim().is_empty())
        .cloned()
        .unwrap_or_else(|| "Agency".to_owned());
    let mut pictures = Vec::new();
    if found.item_class.ends_with("picture") && !found.remote_href.is_empty() {
        pictures.push(WirePicture {
            href: found.remote_href.clone(),
            caption: found.summary.clone(),
            credit: if found.creditline.is_empty() {
                found.creator.clone()
            } else {
                found.creditline.clone()
            },
            creator: found.creator.clone(),
        });
    }
    Ok(WireItem {
        format: WireFormat::NewsMl,
        uri: found.guid.trim().to_owned(),
        version: version_number(found.version.as_deref()),
        agency: agency.trim().to_owned(),
        language: found.language,
        headline: headline.trim().to_owned(),
        standfirst: if pictures.is_empty() {
            found.summary
        } else {
            String::new()
        },
        body,
        byline: if found.byline.is_empty() {
            found.creator
        } else {
            found.byline
        },
        dateline: found.located,
        subjects: found.subjects,
        pictures,
        version_created: found.version_created,
    })
}
