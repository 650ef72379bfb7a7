//! "Mark as correct": a flagged place a person has looked at and kept as written ("Kiev" in a
//! quotation from 1991, a name spelt as its owner spells it), remembered with the story.
//!
//! A place is known by what flagged it (a rule's id, or [`SPELLING`]), the text flagged and
//! the words around it in its paragraph, not by its offset: typing elsewhere moves every
//! offset but leaves the mark in force, while rewriting the sentence around it flags it again
//! (it is no longer what the person looked at). The same words flagged elsewhere in the story
//! are flagged as before: the mark is for one occurrence.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What flagged a misspelling, where a rule's id would be (no rule id has a capital).
pub const SPELLING: &str = "Spelling";

/// How much of the paragraph on each side of a flagged place names it, in bytes (at most;
/// shortened to whole words).
const CONTEXT_BYTES: usize = 32;

/// One flagged place kept as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MarkedCorrect {
    /// The rule's id, or [`SPELLING`].
    pub flagged_by: String,
    /// The text flagged, as written.
    pub matched: String,
    /// The paragraph's words around it (up to 32 bytes each side, the place itself as "…").
    pub context: String,
}

impl MarkedCorrect {
    /// Whether the mark is the size a story keeps: what flagged it (1 to 200 bytes), the text
    /// flagged (1 to 1,000) and the words around it (at most 1,000). The laptop's store and the
    /// shared desk's `keep_as_written` hold every mark to these bounds.
    pub fn fits(&self) -> bool {
        (1..=200).contains(&self.flagged_by.len())
            && (1..=1_000).contains(&self.matched.len())
            && self.context.len() <= 1_000
    }

    /// The mark for the place `start..end` of `text` (byte offsets at character starts),
    /// flagged by `flagged_by`.
    pub fn of(flagged_by: &str, text: &str, start: usize, end: usize) -> MarkedCorrect {
        let paragraph_start = text[..start].rfind('\n').map_or(0, |at| at + 1);
        let paragraph_end = text[end..].find('\n').map_or(text.len(), |at| end + at);
        let mut before = start.saturating_sub(CONTEXT_BYTES).max(paragraph_start);
        while !text.is_char_boundary(before) {
            before += 1;
        }
        // Whole words only: a word cut at the edge starts after its space.
        if before > paragraph_start && !text[..before].ends_with(char::is_whitespace) {
            before = text[before..start]
                .find(char::is_whitespace)
                .map_or(start, |at| before + at + 1);
        }
        let mut after = (end + CONTEXT_BYTES).min(paragraph_end);
        while !text.is_char_boundary(after) {
            after -= 1;
        }
        if after < paragraph_end && !text[after..].starts_with(char::is_whitespace) {
            after = text[end..after]
                .rfind(char::is_whitespace)
                .map_or(end, |at| end + at);
        }
        MarkedCorrect {
            flagged_by: flagged_by.to_owned(),
            matched: text[start..end].to_owned(),
            context: format!("{}…{}", &text[before..start], &text[end..after]),
        }
    }
}

/// The marks of one story, asked of each flagged place.
#[derive(Debug, Default)]
pub struct Marks(std::collections::HashSet<MarkedCorrect>);

impl Marks {
    /// The marks of a story.
    pub fn new(marks: impl IntoIterator<Item = MarkedCorrect>) -> Marks {
        Marks(marks.into_iter().collect())
    }

    /// Whether the place `start..end` of `text`, flagged by `flagged_by`, was kept as written.
    pub fn keeps(&self, flagged_by: &str, text: &str, start: usize, end: usize) -> bool {
        !self.0.is_empty()
            && self
                .0
                .contains(&MarkedCorrect::of(flagged_by, text, start, end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mark_of_a_real_place_fits_and_an_empty_or_outsized_one_does_not() {
        let text = "The troops left Kiev in 1991.";
        let mark = MarkedCorrect::of("kyiv", text, 16, 20);
        assert!(mark.fits());
        let nothing_flagged = MarkedCorrect {
            matched: String::new(),
            ..mark.clone()
        };
        let no_rule = MarkedCorrect {
            flagged_by: String::new(),
            ..mark.clone()
        };
        let long_rule = MarkedCorrect {
            flagged_by: "r".repeat(201),
            ..mark.clone()
        };
        let long_context = MarkedCorrect {
            context: "w ".repeat(501),
            ..mark
        };
        for outsized in [nothing_flagged, no_rule, long_rule, long_context] {
            assert!(!outsized.fits(), "{outsized:?}");
        }
    }

    #[test]
    fn a_mark_holds_while_typing_elsewhere_and_not_after_its_sentence_changes() {
        let text = "First paragraph.\nThe troops left Kiev in 1991, he said.\nKiev again.";
        let at = text.find("Kiev").expect("there");
        let mark = MarkedCorrect::of("kyiv", text, at, at + 4);
        assert_eq!(mark.context, "The troops left … in 1991, he said.");
        let marks = Marks::new([mark]);

        let typed = format!("A new first paragraph, longer.\n{}", &text[17..]);
        let moved = typed.find("Kiev").expect("there");
        assert!(marks.keeps("kyiv", &typed, moved, moved + 4));

        let second = text.rfind("Kiev").expect("there");
        assert!(
            !marks.keeps("kyiv", text, second, second + 4),
            "one occurrence"
        );
        assert!(!marks.keeps("Spelling", text, at, at + 4), "one rule");

        let rewritten = text.replace("in 1991", "in 2024");
        assert!(!marks.keeps("kyiv", &rewritten, at, at + 4));
    }

    #[test]
    fn the_context_holds_whole_words_and_whole_characters() {
        let text = "ååå ååååååååååå åååååå Kiev öööö öööööööö ööööööööööö";
        let at = text.find("Kiev").expect("there");
        let mark = MarkedCorrect::of("kyiv", text, at, at + 4);
        assert_eq!(mark.context, "åååååå … öööö öööööööö");
        let text = "Rain fell on Bombay overnight and the trains stopped for hours.";
        let at = text.find("Bombay").expect("there");
        let mark = MarkedCorrect::of("bombay", text, at, at + 6);
        assert_eq!(mark.context, "Rain fell on … overnight and the trains");
    }
}
