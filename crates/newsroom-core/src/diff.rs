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
    diff_words(&older.review_text(), &newer.review_text())
}

/// The changes that lead from the text `older` to `newer`, as runs of words (whitespace kept,
/// so the equal and inserted runs together are exactly `newer`).
pub fn diff_words(older: &str, newer: &str) -> Vec<DiffSegment> {
    let diff = TextDiff::configure()
        .timeout(DIFF_DEADLINE)
        .diff_words(older, newer);
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
    whole_phrases(&segments)
}

/// Joins the words of one rewritten phrase: a space that is "equal" only because it stands
/// between two changed words becomes part of both sides, and each stretch of changes reads as
/// what was taken out, then what was put in ("was not seen" → "appeared", not "was", "not",
/// "seen" struck one by one between the new words).
fn whole_phrases(segments: &[DiffSegment]) -> Vec<DiffSegment> {
    let mut out: Vec<DiffSegment> = Vec::with_capacity(segments.len());
    let (mut deleted, mut inserted) = (String::new(), String::new());
    let flush = |out: &mut Vec<DiffSegment>, deleted: &mut String, inserted: &mut String| {
        for (tag, text) in [(DiffTag::Delete, deleted), (DiffTag::Insert, inserted)] {
            if !text.is_empty() {
                out.push(DiffSegment {
                    tag,
                    text: std::mem::take(text),
                });
            }
        }
    };
    for (at, segment) in segments.iter().enumerate() {
        match segment.tag {
            DiffTag::Delete => deleted.push_str(&segment.text),
            DiffTag::Insert => inserted.push_str(&segment.text),
            DiffTag::Equal => {
                let between_changes = !(deleted.is_empty() && inserted.is_empty())
                    && segments
                        .get(at + 1)
                        .is_some_and(|next| next.tag != DiffTag::Equal);
                if between_changes && segment.text.trim().is_empty() {
                    deleted.push_str(&segment.text);
                    inserted.push_str(&segment.text);
                } else {
                    flush(&mut out, &mut deleted, &mut inserted);
                    out.push(segment.clone());
                }
            }
        }
    }
    flush(&mut out, &mut deleted, &mut inserted);
    out
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

    #[test]
    fn a_rewritten_phrase_reads_as_one_taken_out_and_one_put_in() {
        let segments = diff_words(
            "The minister was not seen at the summit.",
            "The minister appeared at the summit at last.",
        );
        assert_eq!(changed(&segments, DiffTag::Delete)[0], "was not seen");
        assert!(changed(&segments, DiffTag::Insert)[0].starts_with("appeared"));
        let newer: String = segments
            .iter()
            .filter(|s| s.tag != DiffTag::Delete)
            .map(|s| s.text.as_str())
            .collect();
        let older: String = segments
            .iter()
            .filter(|s| s.tag != DiffTag::Insert)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(newer, "The minister appeared at the summit at last.");
        assert_eq!(older, "The minister was not seen at the summit.");
    }
}
