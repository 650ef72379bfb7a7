//! Spelling and house style for the window's body editor (newsroom-style does the checking):
//! each language's dictionary and rules are loaded on first use and kept, off the window's
//! thread; a story's tags are names that are right in that story.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use newsroom_style::LanguageChecks;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{CommandError, ErrorCode};
use crate::state::DeskState;

/// What kind of thing an underline marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum FindingKind {
    /// A word the dictionary of the story's language does not know.
    Spelling,
    /// A place that goes against one of the newsroom's rules.
    Style,
}

/// One underline in the body: where (UTF-16 offsets, as the editor counts), what, and what to
/// write instead.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TextFinding {
    /// Where it starts.
    pub from: u32,
    /// Where it ends.
    pub to: u32,
    /// Spelling or house style.
    pub kind: FindingKind,
    /// The explanation on hover.
    pub message: String,
    /// What to write instead, the first the likeliest (the house style's replacement; for a
    /// misspelling, asked for separately with `suggest_spelling`, as suggesting is slow).
    pub suggestions: Vec<String>,
}

/// Each language's dictionary and house style, loaded on first use and kept.
#[derive(Default)]
pub struct TextChecks {
    languages: Mutex<HashMap<String, Arc<LanguageChecks>>>,
}

impl TextChecks {
    /// The checks of `language`, loaded the first time it is asked for.
    pub fn of(&self, language: &str) -> Arc<LanguageChecks> {
        let mut languages = self
            .languages
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        Arc::clone(
            languages
                .entry(language.to_owned())
                .or_insert_with(|| Arc::new(LanguageChecks::load(language))),
        )
    }
}

/// Adds `word` to the newsroom's dictionary: never a misspelling again, in any story.
#[tauri::command(async)]
pub fn add_newsroom_word(state: State<'_, DeskState>, word: String) -> Result<(), CommandError> {
    let by = state.author();
    state.with_store(|store| store.add_newsroom_word(&word, &by, chrono::Utc::now()))
}

/// The spelling and house-style findings in `text`, the body of story `article_id`, written
/// in `language`.
#[tauri::command(async)]
pub fn check_text(
    state: State<'_, DeskState>,
    checks: State<'_, TextChecks>,
    article_id: Uuid,
    language: String,
    text: String,
) -> Result<Vec<TextFinding>, CommandError> {
    let right = state.with_store(|store| store.words_right_in(article_id))?;
    let language_checks = checks.of(&language);
    let mut found: Vec<(usize, usize, FindingKind, String, Vec<String>)> = Vec::new();
    if let Some(speller) = language_checks.speller() {
        for misspelling in speller.check_allowing(&text, right.iter().map(String::as_str)) {
            let message = format!(
                "“{}” is not in the {} dictionary.",
                misspelling.word,
                language_name(&language)
            );
            found.push((
                misspelling.start,
                misspelling.end,
                FindingKind::Spelling,
                message,
                Vec::new(),
            ));
        }
    }
    if let Some(style) = language_checks.style() {
        for finding in style.check(&text) {
            let message = format!("{}: {}", finding.category, finding.explanation);
            found.push((
                finding.start,
                finding.end,
                FindingKind::Style,
                message,
                finding.suggestion.into_iter().collect(),
            ));
        }
    }
    let offsets = utf16_offsets(&text, found.iter().flat_map(|f| [f.0, f.1]));
    Ok(found
        .into_iter()
        .map(|(start, end, kind, message, suggestions)| TextFinding {
            from: offsets[&start],
            to: offsets[&end],
            kind,
            message,
            suggestions,
        })
        .collect())
}

/// What the dictionary of `language` offers for `word`, the likeliest first.
#[tauri::command(async)]
pub fn suggest_spelling(
    checks: State<'_, TextChecks>,
    language: String,
    word: String,
) -> Result<Vec<String>, CommandError> {
    checks
        .of(&language)
        .speller()
        .map(|speller| speller.suggest(&word))
        .ok_or_else(|| CommandError {
            code: ErrorCode::Failed,
            message: format!(
                "There is no {} dictionary on this computer.",
                language_name(&language)
            ),
        })
}

/// "English" for "en-GB" in a sentence about dictionaries; the tag itself for others.
fn language_name(language: &str) -> &str {
    match language.split('-').next().unwrap_or(language) {
        "en" => "English",
        "sv" => "Swedish",
        other => other,
    }
}

/// The UTF-16 offset of each byte offset asked for (each at a character's start).
fn utf16_offsets(text: &str, wanted: impl IntoIterator<Item = usize>) -> HashMap<usize, u32> {
    let mut wanted: Vec<usize> = wanted.into_iter().collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut offsets = HashMap::with_capacity(wanted.len());
    let mut next = wanted.into_iter().peekable();
    let mut units = 0u32;
    for (at, c) in text.char_indices().chain([(text.len(), '\0')]) {
        while next.peek().is_some_and(|&byte| byte <= at) {
            offsets.insert(next.next().unwrap_or_default(), units);
        }
        units += c.len_utf16() as u32;
    }
    offsets
}

#[cfg(test)]
mod tests {
    use super::utf16_offsets;

    #[test]
    fn offsets_count_utf16_units_as_the_editor_does() {
        let text = "Malmö 😀 Kiev";
        let kiev = text.find("Kiev").expect("there");
        let offsets = utf16_offsets(text, [0, kiev, text.len()]);
        assert_eq!(
            (offsets[&0], offsets[&kiev], offsets[&text.len()]),
            (0, 9, 13)
        );
    }
}
