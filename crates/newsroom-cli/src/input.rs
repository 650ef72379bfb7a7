//! The JSON a user hands to `articles create` and `articles update`.
//!
//! It takes the document `articles show --json` prints, so an article can be shown, edited and
//! fed back: the fields the desk derives (id, version, times, counts, status, the trail) and
//! those set by their own commands (section, tags, photos, embargo, related stories) are
//! accepted and ignored; any other unknown field is refused, so a typo never silently drops
//! text.

use newsroom_core::ArticlePatch;
use serde_json::Value;

const DERIVED_FIELDS: [&str; 17] = [
    "id",
    "status",
    "wordCount",
    "readingMinutes",
    "version",
    "createdAt",
    "updatedAt",
    "trashedAt",
    "approvedRevisionId",
    "workflow",
    "changedSinceApproval",
    "section",
    "tags",
    "photos",
    "embargoUntil",
    "related",
    "comments",
];

/// Parses `text` into the fields it sets.
pub fn article_patch(text: &str) -> Result<ArticlePatch, String> {
    let mut document: Value =
        serde_json::from_str(text).map_err(|err| format!("The file is not valid JSON: {err}"))?;
    let Some(fields) = document.as_object_mut() else {
        return Err("The file must hold one JSON object with the article's fields.".to_owned());
    };
    for derived in DERIVED_FIELDS {
        fields.remove(derived);
    }
    serde_json::from_value(document)
        .map_err(|err| format!("The article fields could not be read: {err}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_output_of_show_is_accepted() {
        let patch =
            article_patch(r#"{"id":"x","version":3,"headline":"H","body":"B"}"#).expect("accepted");
        assert_eq!(patch.headline.as_deref(), Some("H"));
        assert_eq!(patch.byline, None);
    }

    #[test]
    fn a_misspelt_field_is_refused() {
        let err = article_patch(r#"{"headine":"H"}"#).expect_err("refused");
        assert!(err.contains("headine"), "{err}");
    }

    #[test]
    fn not_an_object_is_refused() {
        assert!(article_patch("[1]").is_err());
        assert!(article_patch("{").is_err());
    }
}
