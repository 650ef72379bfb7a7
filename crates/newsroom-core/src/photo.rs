//! Photos and their credits: which value of a field wins, and how the credit line is printed.
//!
//! A photo's credit reaches print as "Photo: Alexander Zemlianichenko/Officiell pool via AP/TT".
//! The file itself usually says who made it, in up to three places (IPTC IIM, XMP, EXIF) that
//! do not always agree; the journalist may correct any of it. The rules here decide what is
//! shown and exported: what the journalist typed wins over the file (also when the same file is
//! attached again), XMP wins over IIM, IIM over EXIF, and every value remembers where it came
//! from so the desk can say so.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::clean::clean_outside_text;
use crate::preflight::{PreflightField, PreflightItem, Severity};

/// Longest caption kept or typed, in characters.
pub const MAX_CAPTION_CHARS: usize = 2_000;
/// Longest value of any other photo field, in characters.
pub const MAX_PHOTO_LINE_CHARS: usize = 500;

/// The descriptive fields of a photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum PhotoField {
    /// What the photo shows, printed under it.
    Caption,
    /// The agency's short title (IPTC Headline); not printed, helps finding the photo.
    Headline,
    /// Who provides it ("Officiell pool via AP/TT"), printed after the creator.
    Credit,
    /// The photographer.
    Creator,
    /// The copyright notice ("© AP").
    Copyright,
    /// The agency that holds the rights ("TT").
    Source,
    /// The description read aloud to readers who cannot see the photo.
    AltText,
}

impl PhotoField {
    /// Every field, in the order the desk shows them.
    pub const ALL: [PhotoField; 7] = [
        PhotoField::Caption,
        PhotoField::AltText,
        PhotoField::Creator,
        PhotoField::Credit,
        PhotoField::Source,
        PhotoField::Copyright,
        PhotoField::Headline,
    ];

    /// The longest value kept, in characters: the caption may be a paragraph or two, every
    /// other field is a line.
    pub fn max_chars(self) -> usize {
        if self.multiline() {
            MAX_CAPTION_CHARS
        } else {
            MAX_PHOTO_LINE_CHARS
        }
    }

    /// True for the one field that may have line breaks (the caption).
    pub fn multiline(self) -> bool {
        self == PhotoField::Caption
    }

    /// The field's name in a sentence ("the credit").
    pub fn label(self) -> &'static str {
        match self {
            PhotoField::Caption => "caption",
            PhotoField::Headline => "photo headline",
            PhotoField::Credit => "credit",
            PhotoField::Creator => "photographer",
            PhotoField::Copyright => "copyright notice",
            PhotoField::Source => "source",
            PhotoField::AltText => "alt text",
        }
    }

    /// The field's stable key, as stored and as the command line accepts it.
    pub fn key(self) -> &'static str {
        match self {
            PhotoField::Caption => "caption",
            PhotoField::Headline => "headline",
            PhotoField::Credit => "credit",
            PhotoField::Creator => "creator",
            PhotoField::Copyright => "copyright",
            PhotoField::Source => "source",
            PhotoField::AltText => "altText",
        }
    }

    /// The field named `key` (see [`PhotoField::key`]).
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|field| field.key() == key)
    }
}

/// Where a value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum MetadataSource {
    /// Typed by a journalist in the desk.
    Typed,
    /// The file's XMP packet.
    Xmp,
    /// The file's IPTC IIM record (Photoshop APP13).
    Iim,
    /// The file's EXIF tags.
    Exif,
}

impl MetadataSource {
    /// Rank among the file's own values: lower wins.
    fn file_rank(self) -> u8 {
        match self {
            MetadataSource::Typed => 0,
            MetadataSource::Xmp => 1,
            MetadataSource::Iim => 2,
            MetadataSource::Exif => 3,
        }
    }
}

/// One value found in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct EmbeddedValue {
    /// Which field it fills.
    pub field: PhotoField,
    /// Which part of the file said it.
    pub source: MetadataSource,
    /// The text, as decoded.
    pub value: String,
}

/// Everything the file says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct EmbeddedMetadata {
    /// The values, in any order; empty values are not kept.
    pub values: Vec<EmbeddedValue>,
}

impl EmbeddedMetadata {
    /// Records `value` for `field` from `source`, cleaned and capped as all outside text is
    /// ([`clean_outside_text`]), unless nothing is left of it. Every reader (IIM, XMP, EXIF)
    /// records through here, so a value is the same whichever block of the file it came from.
    pub fn add(&mut self, field: PhotoField, source: MetadataSource, value: &str) {
        let value = clean_outside_text(value, field.max_chars(), field.multiline());
        if !value.is_empty() {
            self.values.push(EmbeddedValue {
                field,
                source,
                value,
            });
        }
    }

    /// The file's values for `field`, the winning one first.
    pub fn candidates(&self, field: PhotoField) -> Vec<&EmbeddedValue> {
        let mut found: Vec<_> = self.values.iter().filter(|v| v.field == field).collect();
        found.sort_by_key(|v| v.source.file_rank());
        found
    }
}

/// What journalists typed, field by field. `Some("")` is a deliberate blank: it wins too.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TypedMetadata {
    /// The typed values.
    pub values: Vec<(PhotoField, String)>,
}

impl TypedMetadata {
    /// The typed value of `field`, if one was typed.
    pub fn get(&self, field: PhotoField) -> Option<&str> {
        self.values
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, v)| v.as_str())
    }

    /// Sets (or, with `None`, forgets) the typed value of `field`.
    pub fn set(&mut self, field: PhotoField, value: Option<String>) {
        self.values.retain(|(f, _)| *f != field);
        if let Some(value) = value {
            self.values.push((field, value));
            self.values.sort_by_key(|(f, _)| *f);
        }
    }
}

/// A field's value as the desk shows and exports it, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ResolvedValue {
    /// The value in force ("" when there is none).
    pub value: String,
    /// Where it came from; `None` when nobody said anything.
    pub source: Option<MetadataSource>,
    /// What the file says, the winning value first (also when a typed value overrides it).
    pub in_file: Vec<EmbeddedValue>,
}

/// All descriptive fields of a photo, resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PhotoMetadata {
    /// What it shows.
    pub caption: ResolvedValue,
    /// The agency's short title.
    pub headline: ResolvedValue,
    /// Who provides it.
    pub credit: ResolvedValue,
    /// The photographer.
    pub creator: ResolvedValue,
    /// The copyright notice.
    pub copyright: ResolvedValue,
    /// The agency.
    pub source: ResolvedValue,
    /// For readers who cannot see it.
    pub alt_text: ResolvedValue,
}

impl PhotoMetadata {
    /// Applies the precedence rules: typed, then XMP, then IIM, then EXIF.
    pub fn resolve(embedded: &EmbeddedMetadata, typed: &TypedMetadata) -> Self {
        let resolve = |field| {
            let in_file: Vec<EmbeddedValue> =
                embedded.candidates(field).into_iter().cloned().collect();
            let (value, source) = match typed.get(field) {
                Some(value) => (value.to_owned(), Some(MetadataSource::Typed)),
                None => in_file
                    .first()
                    .map(|v| (v.value.clone(), Some(v.source)))
                    .unwrap_or_default(),
            };
            ResolvedValue {
                value,
                source,
                in_file,
            }
        };
        Self {
            caption: resolve(PhotoField::Caption),
            headline: resolve(PhotoField::Headline),
            credit: resolve(PhotoField::Credit),
            creator: resolve(PhotoField::Creator),
            copyright: resolve(PhotoField::Copyright),
            source: resolve(PhotoField::Source),
            alt_text: resolve(PhotoField::AltText),
        }
    }

    /// The resolved value of `field`.
    pub fn get(&self, field: PhotoField) -> &ResolvedValue {
        match field {
            PhotoField::Caption => &self.caption,
            PhotoField::Headline => &self.headline,
            PhotoField::Credit => &self.credit,
            PhotoField::Creator => &self.creator,
            PhotoField::Copyright => &self.copyright,
            PhotoField::Source => &self.source,
            PhotoField::AltText => &self.alt_text,
        }
    }

    /// The credit line as printed under the photo.
    pub fn credit_line(&self) -> Option<String> {
        credit_line(&self.creator.value, &self.credit.value)
    }
}

/// Strips a leading "Photo:" or "Foto:" that an agency already put in its credit.
fn without_photo_prefix(text: &str) -> &str {
    let trimmed = text.trim();
    for prefix in ["photo:", "foto:", "bild:", "photo :"] {
        if trimmed.len() >= prefix.len()
            && trimmed.is_char_boundary(prefix.len())
            && trimmed[..prefix.len()].eq_ignore_ascii_case(prefix)
        {
            return trimmed[prefix.len()..].trim_start();
        }
    }
    trimmed
}

/// "Photo: Creator/Credit", without printing a creator the credit already names, and without
/// a second "Photo:" when the agency wrote one. `None` when neither is known.
pub fn credit_line(creator: &str, credit: &str) -> Option<String> {
    let creator = without_photo_prefix(creator);
    let credit = without_photo_prefix(credit);
    let credit_names_creator =
        !creator.is_empty() && credit.to_lowercase().contains(&creator.to_lowercase());
    match (creator.is_empty(), credit.is_empty()) {
        (true, true) => None,
        (false, true) => Some(format!("Photo: {creator}")),
        (true, false) => Some(format!("Photo: {credit}")),
        (false, false) if credit_names_creator => Some(format!("Photo: {credit}")),
        (false, false) => Some(format!("Photo: {creator}/{credit}")),
    }
}

/// What pre-flight needs to know about one attached or referenced photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoCheck {
    /// How the desk names it to the journalist (its caption's start, or its file name).
    pub name: String,
    /// The credit line, if any.
    pub credit_line: Option<String>,
    /// The alt text ("" when none).
    pub alt_text: String,
}

/// Pre-flight findings about the story's photos: each photo without a credit or alt text, and
/// each photo the body shows that is no longer in the library. Warnings while drafting; the
/// workflow makes them blockers for submission.
pub fn photo_findings(photos: &[PhotoCheck], missing_in_body: &[Uuid]) -> Vec<PreflightItem> {
    let mut items = Vec::new();
    for photo in photos {
        if photo.credit_line.is_none() {
            items.push(PreflightItem {
                severity: Severity::Warning,
                field: PreflightField::Photos,
                message: format!(
                    "The photo \"{}\" has no credit; add the photographer or the agency.",
                    photo.name
                ),
                place: None,
            });
        }
        if photo.alt_text.trim().is_empty() {
            items.push(PreflightItem {
                severity: Severity::Warning,
                field: PreflightField::Photos,
                message: format!(
                    "The photo \"{}\" has no alt text for readers who cannot see it.",
                    photo.name
                ),
                place: None,
            });
        }
    }
    for id in missing_in_body {
        items.push(PreflightItem {
            severity: Severity::Blocker,
            field: PreflightField::Body,
            message: format!(
                "The text shows a photo that is no longer in the library (photo:{id}); remove it or attach it again."
            ),
            place: None,
        });
    }
    items
}

/// The photo ids the body shows (`![…](photo:ID)`), in order, without repeats.
pub fn photos_in_body(markdown: &str) -> Vec<Uuid> {
    let mut found = Vec::new();
    for (index, _) in markdown.match_indices("](photo:") {
        let rest = &markdown[index + "](photo:".len()..];
        let id: String = rest
            .chars()
            .take_while(|c| c.is_ascii_hexdigit() || *c == '-')
            .collect();
        if let Ok(id) = Uuid::parse_str(&id) {
            if !found.contains(&id) {
                found.push(id);
            }
        }
    }
    found
}

/// The Markdown that shows photo `id` in the body, with its alt text.
pub fn photo_markdown(id: Uuid, alt_text: &str) -> String {
    let alt: String = alt_text
        .chars()
        .map(|c| match c {
            '[' | ']' | '\n' | '\r' => ' ',
            other => other,
        })
        .collect();
    format!("![{}](photo:{id})", alt.trim())
}

/// The file types the desk accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum PhotoType {
    /// image/jpeg
    Jpeg,
    /// image/png
    Png,
    /// image/webp
    Webp,
}

impl PhotoType {
    /// The MIME type.
    pub fn mime(self) -> &'static str {
        match self {
            PhotoType::Jpeg => "image/jpeg",
            PhotoType::Png => "image/png",
            PhotoType::Webp => "image/webp",
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            PhotoType::Jpeg => "jpg",
            PhotoType::Png => "png",
            PhotoType::Webp => "webp",
        }
    }

    /// The stored name ("jpeg", "png", "webp"), as serialised.
    pub fn key(self) -> &'static str {
        match self {
            PhotoType::Jpeg => "jpeg",
            PhotoType::Png => "png",
            PhotoType::Webp => "webp",
        }
    }

    /// The type stored as `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        [PhotoType::Jpeg, PhotoType::Png, PhotoType::Webp]
            .into_iter()
            .find(|t| t.key() == key)
    }
}

/// A photo in the library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Photo {
    /// Its id (what `photo:ID` in the body names).
    pub id: Uuid,
    /// The sha256 of the original bytes, in hex: the file's address on disk.
    pub sha256: String,
    /// JPEG, PNG or WebP.
    pub media_type: PhotoType,
    /// Width in pixels, as displayed (after EXIF orientation).
    pub width: u32,
    /// Height in pixels, as displayed.
    pub height: u32,
    /// Size of the original file.
    #[ts(type = "number")]
    pub byte_size: u64,
    /// The file name it was attached from.
    pub original_name: String,
    /// The descriptive fields, resolved, with their sources.
    pub metadata: PhotoMetadata,
    /// The credit line as printed.
    pub credit_line: Option<String>,
    /// How many articles use it.
    pub used_by: u32,
}

impl Photo {
    /// How the desk names the photo in a sentence: its caption's start, else its file name.
    pub fn display_name(&self) -> String {
        let caption = self.metadata.caption.value.trim();
        if caption.is_empty() {
            return self.original_name.clone();
        }
        let mut words: Vec<&str> = caption.split_whitespace().take(8).collect();
        if caption.split_whitespace().count() > 8 {
            words.push("…");
        }
        words.join(" ")
    }

    /// What pre-flight checks about it.
    pub fn check(&self) -> PhotoCheck {
        PhotoCheck {
            name: self.display_name(),
            credit_line: self.credit_line.clone(),
            alt_text: self.metadata.alt_text.value.clone(),
        }
    }
}

/// A photo as attached to one article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ArticlePhoto {
    /// The photo.
    pub photo: Photo,
    /// The story's lead photo (shown under the standfirst).
    pub is_lead: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_credit_line_is_creator_then_credit() {
        assert_eq!(
            credit_line("Alexander Zemlianichenko", "Officiell pool via AP/TT").as_deref(),
            Some("Photo: Alexander Zemlianichenko/Officiell pool via AP/TT")
        );
        assert_eq!(
            credit_line("Ahn Young-joon", "Ahn Young-joon/AP/TT").as_deref(),
            Some("Photo: Ahn Young-joon/AP/TT"),
            "a creator the credit already names is not printed twice"
        );
        assert_eq!(
            credit_line("", "Foto: TT").as_deref(),
            Some("Photo: TT"),
            "no second prefix"
        );
        assert_eq!(
            credit_line("Jane Doe", "").as_deref(),
            Some("Photo: Jane Doe")
        );
        assert_eq!(credit_line("  ", ""), None);
    }

    #[test]
    fn typed_beats_xmp_beats_iim_beats_exif() {
        let mut embedded = EmbeddedMetadata::default();
        embedded.add(PhotoField::Creator, MetadataSource::Exif, "exif name");
        embedded.add(PhotoField::Creator, MetadataSource::Iim, "iim name");
        embedded.add(PhotoField::Creator, MetadataSource::Xmp, "xmp name");
        embedded.add(PhotoField::Credit, MetadataSource::Iim, "AP/TT");
        embedded.add(PhotoField::Caption, MetadataSource::Exif, "   ");
        let mut typed = TypedMetadata::default();
        let resolved = PhotoMetadata::resolve(&embedded, &typed);
        assert_eq!(resolved.creator.value, "xmp name");
        assert_eq!(resolved.creator.source, Some(MetadataSource::Xmp));
        assert_eq!(
            resolved
                .creator
                .in_file
                .iter()
                .map(|v| v.source)
                .collect::<Vec<_>>(),
            [
                MetadataSource::Xmp,
                MetadataSource::Iim,
                MetadataSource::Exif
            ]
        );
        assert_eq!(resolved.caption.source, None, "blank values are not kept");

        typed.set(PhotoField::Creator, Some("Typed Name".into()));
        typed.set(PhotoField::Credit, Some(String::new()));
        let resolved = PhotoMetadata::resolve(&embedded, &typed);
        assert_eq!(resolved.creator.value, "Typed Name");
        assert_eq!(resolved.creator.source, Some(MetadataSource::Typed));
        assert_eq!(
            resolved.credit.value, "",
            "a deliberately cleared field stays clear"
        );
        assert_eq!(resolved.credit_line().as_deref(), Some("Photo: Typed Name"));

        typed.set(PhotoField::Creator, None);
        assert_eq!(
            PhotoMetadata::resolve(&embedded, &typed).creator.value,
            "xmp name",
            "forgetting the typed value returns to the file's"
        );
    }

    #[test]
    fn body_photo_references_are_found_once_each() {
        let a = Uuid::from_u128(1);
        let b = Uuid::from_u128(2);
        let body = format!(
            "Text ![x](photo:{a}) more ![y](photo:{b})\n\n![again](photo:{a}) [link](photo:nonsense)"
        );
        assert_eq!(photos_in_body(&body), [a, b]);
        assert_eq!(
            photo_markdown(a, "Two [men]\nshaking hands"),
            format!("![Two  men  shaking hands](photo:{a})")
        );
    }

    #[test]
    fn photos_without_credit_or_alt_are_flagged() {
        let findings = photo_findings(
            &[
                PhotoCheck {
                    name: "Putin in Kazan".into(),
                    credit_line: None,
                    alt_text: String::new(),
                },
                PhotoCheck {
                    name: "Seoul".into(),
                    credit_line: Some("Photo: AP".into()),
                    alt_text: "Two men".into(),
                },
            ],
            &[Uuid::from_u128(7)],
        );
        let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(findings.len(), 3, "{messages:?}");
        assert!(messages[0].contains("\"Putin in Kazan\" has no credit"));
        assert!(messages[1].contains("no alt text"));
        assert_eq!(findings[2].severity, Severity::Blocker);
    }

    #[test]
    fn field_keys_round_trip() {
        for field in PhotoField::ALL {
            assert_eq!(PhotoField::from_key(field.key()), Some(field));
        }
        for photo_type in [PhotoType::Jpeg, PhotoType::Png, PhotoType::Webp] {
            assert_eq!(PhotoType::from_key(photo_type.key()), Some(photo_type));
            assert_eq!(
                serde_json::to_value(photo_type).ok(),
                Some(serde_json::Value::String(photo_type.key().into()))
            );
        }
        assert_eq!(PhotoField::from_key("nonsense"), None);
    }
}
