//! Sections and tags: the newsroom's controlled vocabularies.
//!
//! A site's tag pages break when the same subject is filed as "North Korea", "north korea" and
//! "Nörth Korea", so every name has a *key*: lower case, accents removed, white space collapsed
//! ([`name_key`]). Two terms with the same key are the same term, and autocomplete matches on
//! keys, so "malmo" finds "Malmö". Each term also has a URL *slug* ("ice-hockey"), which is what
//! a vocabulary file merges by and what exports use.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};
use uuid::Uuid;

use crate::error::ValidationError;

/// Longest section or tag name accepted, in characters.
pub const MAX_TERM_CHARS: usize = 100;
/// Tags an article may carry unless the desk's setting says otherwise.
pub const DEFAULT_MAX_TAGS: u32 = 10;

/// The key two names are compared by: lower case, accents removed, white space collapsed.
pub fn name_key(name: &str) -> String {
    let folded: String = name
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The URL slug of a name ("Ice hockey" → "ice-hockey", "Malmö" → "malmo"). Names with no
/// Latin transliteration (emoji only) get "term".
pub fn slug_of(name: &str) -> String {
    let slug = slug::slugify(name);
    if slug.is_empty() {
        "term".to_owned()
    } else {
        slug
    }
}

/// Checks and tidies a section or tag name typed by a journalist: trimmed, inner white space
/// collapsed, not empty, not too long, no control characters.
pub fn clean_term_name(kind: &'static str, name: &str) -> Result<String, ValidationError> {
    if name.chars().any(|c| c.is_control() && !c.is_whitespace()) {
        return Err(ValidationError::ControlCharacter { field: kind });
    }
    let cleaned = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if cleaned.is_empty() {
        return Err(ValidationError::EmptyName { kind });
    }
    let chars = cleaned.chars().count();
    if chars > MAX_TERM_CHARS {
        return Err(ValidationError::TooLong {
            field: kind,
            chars,
            max: MAX_TERM_CHARS,
        });
    }
    Ok(cleaned)
}

/// Checks an IPTC Media Topic code ("medtop:20000538"); an empty code means none.
pub fn clean_media_topic(code: &str) -> Result<Option<String>, ValidationError> {
    let code = code.trim();
    if code.is_empty() {
        return Ok(None);
    }
    let digits = code.strip_prefix("medtop:").unwrap_or(code);
    if digits.len() == 8 && digits.chars().all(|c| c.is_ascii_digit()) {
        Ok(Some(format!("medtop:{digits}")))
    } else {
        Err(ValidationError::MediaTopic(code.to_owned()))
    }
}

/// A section of the site, in the tree the section picker shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Section {
    /// UUID v7.
    pub id: Uuid,
    /// The parent section, for a sub-section.
    pub parent_id: Option<Uuid>,
    /// The name shown on the site ("Ice hockey").
    pub name: String,
    /// The URL slug ("ice-hockey"), unique across the site.
    pub slug: String,
    /// Order among its siblings, from 0.
    pub position: u32,
    /// IPTC Media Topic code, for the standard exports.
    pub media_topic: Option<String>,
    /// When it was retired: hidden from pickers, kept on the articles that use it.
    pub retired_at: Option<DateTime<Utc>>,
    /// Articles (outside the Trash) filed under it, as primary or secondary section.
    pub article_count: u32,
}

/// A tag of the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Tag {
    /// UUID v7.
    pub id: Uuid,
    /// The name as shown ("North Korea").
    pub name: String,
    /// The URL slug ("north-korea").
    pub slug: String,
    /// IPTC Media Topic code, for the standard exports.
    pub media_topic: Option<String>,
    /// Articles (outside the Trash) carrying it.
    pub usage: u32,
}

/// The sections and tags of one article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ArticleFiling {
    /// The primary section (required to submit).
    pub primary_section: Option<Uuid>,
    /// Further sections it also appears in.
    pub secondary_sections: Vec<Uuid>,
    /// Its tags, in the order they were added.
    pub tags: Vec<Tag>,
}

/// The version of the vocabulary file format this build writes and reads.
pub const VOCABULARY_FORMAT: u32 = 1;

/// The file a newsroom shares its sections and tags with (`newsroom vocabularies export`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct VocabularyFile {
    /// Always [`VOCABULARY_FORMAT`] for files this build writes.
    pub format: u32,
    /// Sections, parents before their children.
    pub sections: Vec<VocabularySection>,
    /// Tags.
    pub tags: Vec<VocabularyTag>,
}

/// A section in a vocabulary file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct VocabularySection {
    /// Its slug: what an import merges by.
    pub slug: String,
    /// Its name.
    pub name: String,
    /// The parent's slug, for a sub-section.
    #[serde(default)]
    pub parent: Option<String>,
    /// Order among its siblings.
    #[serde(default)]
    pub position: u32,
    /// IPTC Media Topic code.
    #[serde(default)]
    pub media_topic: Option<String>,
    /// Whether it is retired.
    #[serde(default)]
    pub retired: bool,
}

/// A tag in a vocabulary file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct VocabularyTag {
    /// Its slug: what an import merges by.
    pub slug: String,
    /// Its name.
    pub name: String,
    /// IPTC Media Topic code.
    #[serde(default)]
    pub media_topic: Option<String>,
}

/// What an import changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportReport {
    /// Sections that were new.
    pub sections_added: Vec<String>,
    /// Sections whose name, parent, order, code or retirement changed.
    pub sections_updated: Vec<String>,
    /// Tags that were new.
    pub tags_added: Vec<String>,
    /// Tags whose name or code changed.
    pub tags_updated: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_accents_and_spacing() {
        assert_eq!(name_key("Malmö"), name_key("malmo"));
        assert_eq!(name_key("  North   Korea "), "north korea");
        assert_eq!(name_key("Åre"), "are");
        assert_ne!(name_key("North Korea"), name_key("N. Korea"));
    }

    #[test]
    fn keys_keep_scripts_without_accents() {
        // Arabic keeps its letters; the hamza, a combining mark, folds away like an accent.
        assert_eq!(name_key("أوكرانيا"), "اوكرانيا");
        assert_eq!(name_key("🇺🇦 Ukraina"), "🇺🇦 ukraina");
    }

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(slug_of("Ice hockey"), "ice-hockey");
        assert_eq!(slug_of("Malmö FF"), "malmo-ff");
        let emoji = slug_of("🎾");
        assert!(
            !emoji.is_empty() && emoji.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
            "{emoji}"
        );
    }

    #[test]
    fn names_are_cleaned_or_refused() {
        assert_eq!(
            clean_term_name("tag", "  North   Korea ").as_deref(),
            Ok("North Korea")
        );
        assert_eq!(
            clean_term_name("tag", " \t "),
            Err(ValidationError::EmptyName { kind: "tag" })
        );
        assert!(matches!(
            clean_term_name("tag", &"x".repeat(500)),
            Err(ValidationError::TooLong { chars: 500, .. })
        ));
        assert_eq!(
            clean_term_name("tag", "Kyiv\u{0}"),
            Err(ValidationError::ControlCharacter { field: "tag" })
        );
    }

    #[test]
    fn media_topic_codes() {
        assert_eq!(
            clean_media_topic("20000538"),
            Ok(Some("medtop:20000538".to_owned()))
        );
        assert_eq!(
            clean_media_topic("medtop:20000538"),
            Ok(Some("medtop:20000538".to_owned()))
        );
        assert_eq!(clean_media_topic(" "), Ok(None));
        assert!(clean_media_topic("sport").is_err());
    }
}
