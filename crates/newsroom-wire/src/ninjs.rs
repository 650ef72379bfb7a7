//! ninjs 1.x and 2.x. Version 2 has `headlines`, `bodies` and `descriptions` arrays; version 1
//! has `headline`, `body_html`/`body_text` and `description_text`. A `standard` object that
//! names another version is refused. Unknown fields are ignored (agencies add their own).

use serde_json::Value;

use crate::{
    html_to_markdown, text_to_markdown, version_number, WireError, WireFormat, WireItem,
    WirePicture, WireSubject,
};

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// The value of the first entry of `array` with `role` (or, for `None`, the first entry).
fn by_role<'a>(item: &'a Value, array: &str, roles: &[&str]) -> Option<&'a Value> {
    let entries = item.get(array)?.as_array()?;
    roles
        .iter()
        .find_map(|role| entries.iter().find(|e| text(e, "role") == *role))
        .or_else(|| entries.first())
}

pub(crate) fn read(json: &str) -> Result<WireItem, WireError> {
    let item: Value =
        serde_json::from_str(json).map_err(|err| WireError::Malformed(err.to_string()))?;
    if !item.is_object() {
        return Err(WireError::Malformed("a ninjs item is a JSON object".into()));
    }
    if let Some(version) = item
        .get("standard")
        .and_then(|s| s.get("version"))
        .and_then(Value::as_str)
    {
        if !(version.starts_with("1.") || version.starts_with("2.")) {
            return Err(WireError::UnsupportedVersion(version.to_owned()));
        }
    }
    let uri = text(&item, "uri").trim();
    if uri.is_empty() {
        return Err(WireError::Missing("uri"));
    }
    let v2 = item.get("headlines").is_some() || item.get("bodies").is_some();
    let (headline, standfirst, body) = if v2 {
        let headline = by_role(&item, "headlines", &["main", "headline"])
            .map(|h| text(h, "value").to_owned())
            .unwrap_or_default();
        let standfirst = by_role(&item, "descriptions", &["summary", "lede", "text"])
            .map(|d| text(d, "value").trim().to_owned())
            .unwrap_or_default();
        let body = item
            .get("bodies")
            .and_then(Value::as_array)
            .map(|bodies| {
                let html = bodies
                    .iter()
                    .find(|b| text(b, "contenttype").contains("html"));
                match html {
                    Some(b) => html_to_markdown(text(b, "value")),
                    None => bodies
                        .first()
                        .map(|b| text_to_markdown(text(b, "value")))
                        .unwrap_or_default(),
                }
            })
            .unwrap_or_default();
        (headline, standfirst, body)
    } else {
        let body = if item.get("body_html").is_some() {
            html_to_markdown(text(&item, "body_html"))
        } else {
            text_to_markdown(text(&item, "body_text"))
        };
        (
            text(&item, "headline").to_owned(),
            text(&item, "description_text").trim().to_owned(),
            body,
        )
    };
    if headline.trim().is_empty() && body.is_empty() {
        return Err(WireError::Missing("headline or body"));
    }
    let agency = [
        text(&item, "copyrightholder"),
        item.get("infosources")
            .and_then(|s| s.get(0))
            .map(|s| text(s, "name"))
            .unwrap_or_default(),
        text(&item, "by"),
        text(&item, "byline"),
    ]
    .into_iter()
    .map(str::trim)
    .find(|name| !name.is_empty())
    .unwrap_or("Agency")
    .to_owned();
    let subjects = item
        .get(if v2 { "subjects" } else { "subject" })
        .and_then(Value::as_array)
        .map(|subjects| {
            subjects
                .iter()
                .filter(|s| !text(s, "name").trim().is_empty())
                .map(|s| WireSubject {
                    name: text(s, "name").trim().to_owned(),
                    code: [text(s, "uri"), text(s, "literal"), text(s, "code")]
                        .into_iter()
                        .find(|c| !c.is_empty())
                        .unwrap_or_default()
                        .to_owned(),
                })
                .collect()
        })
        .unwrap_or_default();
    let dateline = item
        .get("located")
        .and_then(Value::as_str)
        .or_else(|| {
            item.get("places")
                .and_then(|p| p.get(0))
                .and_then(|p| p.get("name"))
                .and_then(Value::as_str)
        })
        .unwrap_or_default()
        .to_owned();
    Ok(WireItem {
        format: if v2 {
            WireFormat::Ninjs2
        } else {
            WireFormat::Ninjs1
        },
        uri: uri.to_owned(),
        version: version_number(item.get("version").and_then(Value::as_str)),
        agency,
        language: text(&item, "language").trim().to_owned(),
        headline: headline.trim().to_owned(),
        standfirst,
        body,
        byline: byline_of(&item),
        dateline,
        subjects,
        pictures: pictures(&item),
        version_created: text(&item, "versioncreated").to_owned(),
    })
}

fn byline_of(item: &Value) -> String {
    [text(item, "by"), text(item, "byline")]
        .into_iter()
        .find(|b| !b.trim().is_empty())
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// Picture associations (an array in 2.x, an object of named ones in 1.x), their largest
/// rendition, caption and credits.
fn pictures(item: &Value) -> Vec<WirePicture> {
    let associations: Vec<&Value> = match item.get("associations") {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(Value::Object(map)) => map.values().collect(),
        _ => Vec::new(),
    };
    associations
        .into_iter()
        .filter(|a| matches!(text(a, "type"), "picture" | "graphic" | ""))
        .filter_map(|a| {
            let rendition = a.get("renditions").and_then(|r| match r {
                Value::Array(list) => list
                    .iter()
                    .max_by_key(|r| r.get("width").and_then(Value::as_u64).unwrap_or(0)),
                Value::Object(map) => map
                    .values()
                    .max_by_key(|r| r.get("width").and_then(Value::as_u64).unwrap_or(0)),
                _ => None,
            })?;
            let href = text(rendition, "href").trim();
            if href.is_empty() {
                return None;
            }
            // A role-less description ("") is the caption in TT's profile.
            let description = |roles: &[&str]| {
                a.get("descriptions")
                    .and_then(Value::as_array)
                    .and_then(|all| {
                        roles
                            .iter()
                            .find_map(|role| all.iter().find(|d| text(d, "role") == *role))
                    })
                    .map(|d| text(d, "value").trim().to_owned())
                    .unwrap_or_default()
            };
            let mut caption = description(&["caption", "text", ""]);
            if caption.is_empty() {
                caption = text(a, "description_text").trim().to_owned();
            }
            let by = [text(a, "by"), text(a, "byline")]
                .into_iter()
                .find(|b| !b.trim().is_empty())
                .unwrap_or_default()
                .trim()
                .to_owned();
            let credit = description(&["creditline"]);
            Some(WirePicture {
                href: href.to_owned(),
                caption,
                credit: if credit.is_empty() {
                    by.clone()
                } else {
                    credit
                },
                creator: by,
            })
        })
        .collect()
}
