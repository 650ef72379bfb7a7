//! Pre-flight: what to fix before a story goes to an editor, each item saying what and where.
//!
//! Blockers stop a submission (the workflow uses them); warnings are advice. The limits are the
//! desk's style (a headline above 70 characters is long for the site's front page, above 120 it
//! no longer fits at all) and are configurable. Facts the core cannot see (whether a section is
//! chosen, whether another story used the same headline recently) are passed in.

use comrak::nodes::NodeValue;
use comrak::{parse_document, Arena, Options};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::article::ArticleContent;
use crate::text_stats::word_count;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Severity {
    /// Stops a submission.
    Blocker,
    /// Advice; the story can still be submitted.
    Warning,
}

/// Where the journalist fixes it (the editor jumps there).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PreflightField {
    /// The headline input.
    Headline,
    /// The standfirst input.
    Standfirst,
    /// The body editor.
    Body,
    /// The byline input.
    Byline,
    /// The section picker.
    Section,
    /// The photo panel.
    Photos,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PreflightItem {
    /// Blocker or warning.
    pub severity: Severity,
    /// Where to fix it.
    pub field: PreflightField,
    /// What is wrong and what to do, in a sentence.
    pub message: String,
    /// Where in the field, when the finding is one place of its text (a house-style match, a
    /// misspelling): the window selects it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub place: Option<PreflightPlace>,
}

/// One place in a field's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PreflightPlace {
    /// Where it starts, in UTF-16 units of the field's text (as the editor counts).
    pub from: u32,
    /// Where it ends.
    pub to: u32,
    /// The text there when it was checked, to find it again after an edit.
    pub text: String,
}

impl PreflightPlace {
    /// The place `start..end` (bytes, at character starts) of `text`.
    pub fn of(text: &str, start: usize, end: usize) -> PreflightPlace {
        let units = |bytes: &str| u32::try_from(bytes.encode_utf16().count()).unwrap_or(u32::MAX);
        let from = units(&text[..start]);
        PreflightPlace {
            from,
            to: from.saturating_add(units(&text[start..end])),
            text: text[start..end].to_owned(),
        }
    }
}

/// The desk's limits (a desk setting; these are the defaults).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct PreflightLimits {
    /// Headline length (characters) above which it is long.
    pub headline_warn: usize,
    /// Headline length above which it cannot be published.
    pub headline_block: usize,
    /// Standfirst length above which it is long.
    pub standfirst_warn: usize,
    /// Body length (words) below which it is very short.
    pub short_body_words: u32,
}

impl Default for PreflightLimits {
    fn default() -> Self {
        Self {
            headline_warn: 70,
            headline_block: 120,
            standfirst_warn: 200,
            short_body_words: 50,
        }
    }
}

impl PreflightLimits {
    /// Checks that the limits make sense together.
    pub fn validate(&self) -> Result<(), crate::ValidationError> {
        let sensible = self.headline_warn >= 10
            && self.headline_warn < self.headline_block
            && self.headline_block <= crate::article::MAX_LINE_FIELD_CHARS
            && self.standfirst_warn >= 10
            && self.short_body_words <= 10_000;
        if sensible {
            Ok(())
        } else {
            Err(crate::ValidationError::PreflightLimits)
        }
    }
}

/// What the core cannot know about the article by itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PreflightFacts {
    /// A primary section is chosen.
    pub has_section: bool,
    /// Another story used the same headline in the last 30 days.
    pub headline_used_recently: bool,
}

/// Links in the body whose address is empty (`[text]()`), by their text.
fn empty_links(markdown: &str) -> Vec<String> {
    let arena = Arena::new();
    let root = parse_document(&arena, markdown, &Options::default());
    let mut found = Vec::new();
    for node in root.descendants() {
        if let NodeValue::Link(link) = &node.data.borrow().value {
            if link.url.trim().is_empty() {
                let text: String = node
                    .descendants()
                    .filter_map(|n| match &n.data.borrow().value {
                        NodeValue::Text(t) => Some(t.to_string()),
                        _ => None,
                    })
                    .collect();
                found.push(text);
            }
        }
    }
    found
}

/// The findings for `content`, blockers first.
pub fn preflight(
    content: &ArticleContent,
    facts: PreflightFacts,
    limits: PreflightLimits,
) -> Vec<PreflightItem> {
    let mut items = Vec::new();
    let mut add = |severity, field, message: String| {
        items.push(PreflightItem {
            severity,
            field,
            message,
            place: None,
        });
    };
    let headline_chars = content.headline.trim().chars().count();
    if headline_chars == 0 {
        add(
            Severity::Blocker,
            PreflightField::Headline,
            "The story has no headline.".into(),
        );
    } else if headline_chars > limits.headline_block {
        add(
            Severity::Blocker,
            PreflightField::Headline,
            format!(
                "The headline is {headline_chars} characters; shorten it to at most {}.",
                limits.headline_block
            ),
        );
    } else if headline_chars > limits.headline_warn {
        add(
            Severity::Warning,
            PreflightField::Headline,
            format!("The headline is {headline_chars} characters; above {} it is cut on the front page.", limits.headline_warn),
        );
    }
    if !facts.has_section {
        add(
            Severity::Blocker,
            PreflightField::Section,
            "Choose the section the story runs in.".into(),
        );
    }
    let standfirst_chars = content.standfirst.trim().chars().count();
    if standfirst_chars > limits.standfirst_warn {
        add(
            Severity::Warning,
            PreflightField::Standfirst,
            format!(
                "The standfirst is {standfirst_chars} characters; keep it under {}.",
                limits.standfirst_warn
            ),
        );
    }
    if content.byline.trim().is_empty() {
        add(
            Severity::Warning,
            PreflightField::Byline,
            "There is no byline (for agency copy, the agency: \"TT\").".into(),
        );
    }
    let words = word_count(&content.body);
    if words < limits.short_body_words {
        add(
            Severity::Warning,
            PreflightField::Body,
            format!("The body has {words} words; is the story finished?"),
        );
    }
    for text in empty_links(&content.body) {
        add(
            Severity::Warning,
            PreflightField::Body,
            format!("The link \"{text}\" has no address."),
        );
    }
    if facts.headline_used_recently {
        add(
            Severity::Warning,
            PreflightField::Headline,
            "Another story used the same headline in the last 30 days.".into(),
        );
    }
    items.sort_by_key(|item| item.severity != Severity::Blocker);
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ready() -> ArticleContent {
        ArticleContent {
            headline: "Ukraine: First North Korean soldiers in combat".into(),
            standfirst: "Putin does not deny it.".into(),
            body: "word ".repeat(60),
            byline: "TT".into(),
            ..ArticleContent::default()
        }
    }

    const FILED: PreflightFacts = PreflightFacts {
        has_section: true,
        headline_used_recently: false,
    };

    #[test]
    fn limits_must_make_sense() {
        assert!(PreflightLimits::default().validate().is_ok());
        let upside_down = PreflightLimits {
            headline_warn: 120,
            headline_block: 70,
            ..PreflightLimits::default()
        };
        assert!(upside_down.validate().is_err());
        let tighter = PreflightLimits {
            headline_warn: 50,
            headline_block: 60,
            ..PreflightLimits::default()
        };
        let long = ArticleContent {
            headline: "x".repeat(61),
            ..ready()
        };
        assert_eq!(
            preflight(&long, FILED, tighter)[0].severity,
            Severity::Blocker
        );
    }

    #[test]
    fn a_finished_story_passes() {
        assert!(preflight(&ready(), FILED, PreflightLimits::default()).is_empty());
    }

    #[test]
    fn no_headline_and_no_section_block() {
        let content = ArticleContent {
            headline: " ".into(),
            ..ready()
        };
        let items = preflight(
            &content,
            PreflightFacts::default(),
            PreflightLimits::default(),
        );
        let blockers: Vec<_> = items
            .iter()
            .filter(|i| i.severity == Severity::Blocker)
            .map(|i| i.field)
            .collect();
        assert_eq!(
            blockers,
            [PreflightField::Headline, PreflightField::Section]
        );
    }

    #[test]
    fn headline_lengths_warn_then_block() {
        let warn = ArticleContent {
            headline: "x".repeat(71),
            ..ready()
        };
        assert_eq!(
            preflight(&warn, FILED, PreflightLimits::default())[0].severity,
            Severity::Warning
        );
        let block = ArticleContent {
            headline: "x".repeat(121),
            ..ready()
        };
        let item = &preflight(&block, FILED, PreflightLimits::default())[0];
        assert_eq!(
            (item.severity, item.field),
            (Severity::Blocker, PreflightField::Headline)
        );
        assert!(item.message.contains("121 characters"));
    }

    #[test]
    fn warnings_say_what_to_fix() {
        let content = ArticleContent {
            standfirst: "s".repeat(201),
            body: "Too short. See [the report]() and [AFP](https://afp.com).".into(),
            byline: String::new(),
            ..ready()
        };
        let facts = PreflightFacts {
            has_section: true,
            headline_used_recently: true,
        };
        let messages: Vec<String> = preflight(&content, facts, PreflightLimits::default())
            .into_iter()
            .map(|i| i.message)
            .collect();
        assert_eq!(
            messages,
            [
                "The standfirst is 201 characters; keep it under 200.",
                "There is no byline (for agency copy, the agency: \"TT\").",
                "The body has 7 words; is the story finished?",
                "The link \"the report\" has no address.",
                "Another story used the same headline in the last 30 days.",
            ]
        );
    }
}
