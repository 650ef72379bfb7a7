//! What changed between two versions of an article, word by word.
//!
//! Journalists write paragraphs as single long lines, so a line diff would mark a whole
//! paragraph as replaced for one corrected word. The diff is therefore computed on words
//! (with the whitespace between them kept), over the labelled text of
//! [`ArticleContent::review_text`], and returned as runs of equal, inserted and deleted text for
//! the history panel to show inline.

use std::time::Duration;

use serde::Serialize;
use similar::{ChangeTag, TextDiff};
use ts_rs::TS;

use crate::article::ArticleContent;

/// Longest time spent looking for the smallest diff; past it a coarser (still correct) diff is
/// returned, so a 50,000-word article never freezes the history panel.
const DIFF_DEADLINE: Duration = Duration::from_millis(300);

/// Whether a run of text is in both versions, only the newer, or only the older.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DiffTag {
    /// In both.
    Equal,
    /// Only in the newer version.
    Insert,
    /// Only in the older version.
    Delete,
}

/// A run of text with one tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DiffSegment {
    /// Equal, inserted or deleted.
    pub tag: DiffTag,
    /// The text of the run, whitespace included.
    pub text: String,
}

/// The changes that lead from `older` to `newer`, as runs of words.
pub fn diff_for_review(older: &ArticleContent, newer: &ArticleContent) -> Vec<DiffSegment> {
    let (older, newer) = (older.review_text(), newer.review_text());
    let diff = TextDiff::configure()
        .timeout(DIFF_DEADLINE)
        .diff_words(older.as_str(), newer.as_str());
    let mut segments: Vec<DiffSegment> = Vec::new();
    for change in diff.iter_all_changes() {
        let tag = match change.tag() {
            ChangeTag::Equal => DiffTag::Equal,
            ChangeTag::Insert => DiffTag::Insert,
            ChangeTag::Delete => DiffTag::Delete,
        };
        match segments.last_mut() {
            Some(last) if last.tag == tag => last.text.push_str(change.value()),
            _ => segments.push(DiffSegment {
                tag,
                text: change.value().to_owned(),
            }),
        }
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> ArticleContent {
        ArticleContent {
            body: text.to_owned(),
            ..ArticleContent::default()
        }
    }

    fn changed(segments: &[DiffSegment], tag: DiffTag) -> Vec<&str> {
        segments
            .iter()
            .filter(|s| s.tag == tag)
            .map(|s| s.text.trim())
            .collect()
    }

    #[test]
    fn one_corrected_word_in_a_long_paragraph_is_one_change() {
        let older = body("Around 3,000 soldiers have arrived, according to intelligence services.");
        let newer =
            body("Around 12,000 soldiers have arrived, according to intelligence services.");
        let segments = diff_for_review(&older, &newer);
        assert_eq!(changed(&segments, DiffTag::Delete), vec!["3,000"]);
        assert_eq!(changed(&segments, DiffTag::Insert), vec!["12,000"]);
    }

    #[test]
    fn the_segments_rebuild_both_versions() {
        let older = body("A first line.\n\nA second paragraph here.");
        let newer = ArticleContent {
            headline: "New headline".into(),
            ..body("A first line.\n\nA changed paragraph here, longer.")
        };
        let segments = diff_for_review(&older, &newer);
        let rebuilt = |skip: DiffTag| -> String {
            segments
                .iter()
                .filter(|s| s.tag != skip)
                .map(|s| s.text.as_str())
                .collect()
        };
        assert_eq!(rebuilt(DiffTag::Insert), older.review_text());
        assert_eq!(rebuilt(DiffTag::Delete), newer.review_text());
    }

    #[test]
    fn identical_versions_have_no_changes() {
        let content = body("Same text");
        let segments = diff_for_review(&content, &content);
        assert!(segments.iter().all(|s| s.tag == DiffTag::Equal));
    }
}
