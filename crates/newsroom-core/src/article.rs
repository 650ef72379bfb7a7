//! The article: what a journalist writes and what the desk lists.
//!
//! [`ArticleContent`] is the text a journalist edits; it is what autosave sends, what a
//! revision keeps and what a diff compares. [`Article`] adds what the desk knows about it (id,
//! version, times, status). The `version` is an optimistic-concurrency counter: a save names the
//! version it was based on, and a save based on an older one is refused instead of silently
//! overwriting what another window or the command line wrote.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::error::ValidationError;
use crate::text_stats::TextStats;
use crate::workflow::WorkflowState;

/// Longest headline, standfirst, byline or editor's note accepted, in characters. Editorial
/// limits (a headline above 70 characters is long) are pre-flight warnings, not this.
pub const MAX_LINE_FIELD_CHARS: usize = 2_000;
/// Largest body accepted, in bytes (about 1.5 million words).
pub const MAX_BODY_BYTES: usize = 10 * 1024 * 1024;

/// The fields a journalist writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct ArticleContent {
    /// The headline.
    pub headline: String,
    /// The standfirst: the lede under the headline.
    pub standfirst: String,
    /// The body in Markdown (CommonMark with GFM extensions).
    pub body: String,
    /// The byline as printed, for example "TT" for "By TT".
    pub byline: String,
    /// The editor's note, for example "This article has been altered and translated by …".
    pub editors_note: String,
    /// The language of the text as a BCP 47 tag, for example "en" or "sv".
    pub language: String,
}

impl Default for ArticleContent {
    fn default() -> Self {
        Self {
            headline: String::new(),
            standfirst: String::new(),
            body: String::new(),
            byline: String::new(),
            editors_note: String::new(),
            language: "en".to_owned(),
        }
    }
}

/// The fields a journalist writes besides the body. The editor saves them apart from the body
/// (which travels as document changes and merges by itself); two copies that changed different
/// fields merge too ([`ArticleFields::merge`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct ArticleFields {
    /// The headline.
    pub headline: String,
    /// The standfirst.
    pub standfirst: String,
    /// The byline as printed.
    pub byline: String,
    /// The editor's note.
    pub editors_note: String,
    /// The language of the text (BCP 47).
    pub language: String,
}

impl ArticleFields {
    /// The three-way merge of a save: `base` is what the editor started from, `stored` what is
    /// stored now, `mine` what the editor sends. A field changed on one side only takes that
    /// side's value; changed on both sides to different values, it is a conflict, named by the
    /// field's label (the journalist decides).
    pub fn merge(
        base: &ArticleFields,
        stored: &ArticleFields,
        mine: &ArticleFields,
    ) -> Result<ArticleFields, &'static str> {
        let pick = |label: &'static str, base: &String, stored: &String, mine: &String| {
            if mine == base || mine == stored {
                Ok(stored.clone())
            } else if stored == base {
                Ok(mine.clone())
            } else {
                Err(label)
            }
        };
        Ok(ArticleFields {
            headline: pick("headline", &base.headline, &stored.headline, &mine.headline)?,
            standfirst: pick(
                "standfirst",
                &base.standfirst,
                &stored.standfirst,
                &mine.standfirst,
            )?,
            byline: pick("byline", &base.byline, &stored.byline, &mine.byline)?,
            editors_note: pick(
                "editor's note",
                &base.editors_note,
                &stored.editors_note,
                &mine.editors_note,
            )?,
            language: pick("language", &base.language, &stored.language, &mine.language)?,
        })
    }
}

impl ArticleContent {
    /// Everything but the body.
    pub fn fields(&self) -> ArticleFields {
        ArticleFields {
            headline: self.headline.clone(),
            standfirst: self.standfirst.clone(),
            byline: self.byline.clone(),
            editors_note: self.editors_note.clone(),
            language: self.language.clone(),
        }
    }

    /// `fields` with `body`.
    pub fn from_parts(fields: ArticleFields, body: String) -> Self {
        let ArticleFields {
            headline,
            standfirst,
            byline,
            editors_note,
            language,
        } = fields;
        Self {
            headline,
            standfirst,
            body,
            byline,
            editors_note,
            language,
        }
    }

    /// Word count and reading time of the body.
    pub fn stats(&self) -> TextStats {
        TextStats::of(&self.body)
    }

    /// Checks the limits that protect the desk (not editorial style, which pre-flight checks).
    pub fn validate(&self) -> Result<(), ValidationError> {
        for (field, value) in [
            ("headline", &self.headline),
            ("standfirst", &self.standfirst),
            ("byline", &self.byline),
            ("editor's note", &self.editors_note),
        ] {
            let chars = value.chars().count();
            if chars > MAX_LINE_FIELD_CHARS {
                return Err(ValidationError::TooLong {
                    field,
                    chars,
                    max: MAX_LINE_FIELD_CHARS,
                });
            }
            if value
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t')
            {
                return Err(ValidationError::ControlCharacter { field });
            }
        }
        if self.body.len() > MAX_BODY_BYTES {
            return Err(ValidationError::BodyTooLarge {
                bytes: self.body.len(),
                max: MAX_BODY_BYTES,
            });
        }
        if self.body.contains('\0') {
            return Err(ValidationError::ControlCharacter { field: "body" });
        }
        if !is_language_tag(&self.language) {
            return Err(ValidationError::Language(self.language.clone()));
        }
        Ok(())
    }

    /// Applies the fields present in `patch`, leaving the others as they are.
    pub fn apply(&mut self, patch: ArticlePatch) {
        let ArticlePatch {
            headline,
            standfirst,
            body,
            byline,
            editors_note,
            language,
        } = patch;
        let fields = [
            (&mut self.headline, headline),
            (&mut self.standfirst, standfirst),
            (&mut self.body, body),
            (&mut self.byline, byline),
            (&mut self.editors_note, editors_note),
            (&mut self.language, language),
        ];
        for (slot, value) in fields {
            if let Some(value) = value {
                *slot = value;
            }
        }
    }

    /// The article as one plain text for reviewing changes: labelled fields, then the body.
    pub fn review_text(&self) -> String {
        format!(
            "Headline: {}\nStandfirst: {}\nByline: {}\nEditor's note: {}\nLanguage: {}\n\n{}",
            self.headline,
            self.standfirst,
            self.byline,
            self.editors_note,
            self.language,
            self.body
        )
    }
}

/// Some fields of an article; the ones absent are left unchanged (`newsroom articles update`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ArticlePatch {
    /// New headline, if given.
    pub headline: Option<String>,
    /// New standfirst, if given.
    pub standfirst: Option<String>,
    /// New body, if given.
    pub body: Option<String>,
    /// New byline, if given.
    pub byline: Option<String>,
    /// New editor's note, if given.
    pub editors_note: Option<String>,
    /// New language, if given.
    pub language: Option<String>,
}

/// A stored article with everything the desk knows about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Article {
    /// UUID v7: sorts by creation time.
    pub id: Uuid,
    /// What the journalist wrote.
    #[serde(flatten)]
    #[ts(flatten)]
    pub content: ArticleContent,
    /// Workflow state.
    pub status: WorkflowState,
    /// Words in the body.
    pub word_count: u32,
    /// Reading time in minutes.
    pub reading_minutes: u32,
    /// Increases by one with every saved change; a save must name the version it started from.
    pub version: u32,
    /// When the article was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When a change was last committed (UTC).
    pub updated_at: DateTime<Utc>,
    /// When it was moved to the Trash, if it is there.
    pub trashed_at: Option<DateTime<Utc>>,
}

/// One row of the article list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ArticleSummary {
    /// The article's id.
    pub id: Uuid,
    /// Its headline (may be empty for a new article).
    pub headline: String,
    /// Workflow state.
    pub status: WorkflowState,
    /// Words in the body.
    pub word_count: u32,
    /// Reading time in minutes.
    pub reading_minutes: u32,
    /// When a change was last committed.
    pub updated_at: DateTime<Utc>,
    /// When it was moved to the Trash, if it is there.
    pub trashed_at: Option<DateTime<Utc>>,
    /// Not to go out before this time (an embargo), if one is set.
    pub embargo_until: Option<DateTime<Utc>>,
}

/// A loose BCP 47 check: a 2–3 letter language, then optional subtags of 1–8 letters or digits
/// ("en", "sv", "en-GB", "zh-Hant-TW").
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()));
    primary_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patch_changes_only_given_fields() {
        let mut content = ArticleContent {
            headline: "Old".into(),
            body: "Body stays".into(),
            ..ArticleContent::default()
        };
        content.apply(ArticlePatch {
            headline: Some("New".into()),
            ..ArticlePatch::default()
        });
        assert_eq!(content.headline, "New");
        assert_eq!(content.body, "Body stays");
        assert_eq!(content.language, "en");
    }

    #[test]
    fn language_tags() {
        for ok in ["en", "sv", "en-GB", "zh-Hant-TW"] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in ["", "e", "english", "en_GB", "en-", "sv-ÅÄ"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }

    #[test]
    fn validation_names_the_field() {
        let content = ArticleContent {
            byline: "TT\u{7}".into(),
            ..ArticleContent::default()
        };
        assert_eq!(
            content.validate(),
            Err(ValidationError::ControlCharacter { field: "byline" })
        );
        let long = ArticleContent {
            headline: "x".repeat(MAX_LINE_FIELD_CHARS + 1),
            ..ArticleContent::default()
        };
        assert!(matches!(
            long.validate(),
            Err(ValidationError::TooLong {
                field: "headline",
                ..
            })
        ));
    }

    #[test]
    fn unknown_json_fields_are_refused() {
        let parsed: Result<ArticlePatch, _> = serde_json::from_str(r#"{"headlin": "typo"}"#);
        assert!(parsed.is_err());
    }

    #[test]
    fn fields_changed_on_different_sides_merge_and_the_same_field_changed_twice_conflicts() {
        let base = ArticleContent::default().fields();
        let stored = ArticleFields {
            headline: "Theirs".into(),
            ..base.clone()
        };
        let mine = ArticleFields {
            byline: "Ana Reporter/TT".into(),
            ..base.clone()
        };
        let merged = ArticleFields::merge(&base, &stored, &mine).expect("merges");
        assert_eq!(merged.headline, "Theirs");
        assert_eq!(merged.byline, "Ana Reporter/TT");

        let also_mine = ArticleFields {
            headline: "Mine".into(),
            ..base.clone()
        };
        assert_eq!(
            ArticleFields::merge(&base, &stored, &also_mine),
            Err("headline")
        );
        // The same new value on both sides is no conflict.
        assert!(ArticleFields::merge(&base, &stored, &stored).is_ok());
    }
}
