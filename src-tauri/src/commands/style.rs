//! Spelling and house style for the window's body editor (newsroom-style does the checking):
//! each language's dictionary and rules are loaded on first use and kept, off the window's
//! thread; a story's tags are names that are right in that story.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use newsroom_store::{ImportedStyle, StyleChange};
use newsroom_style::{Flagged, LanguageChecks, MarkedCorrect, Rule, RuleFile, RuleTrial, Speller};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;
use uuid::Uuid;

use crate::commands::files::{ChosenFiles, FileChoice};
use crate::error::{CommandError, ErrorCode};
use crate::shared_desk::DeskSync;
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
    /// The rule's id, or "Spelling": what "mark as correct" names.
    pub flagged_by: String,
    /// The explanation on hover.
    pub message: String,
    /// What to write instead, the first the likeliest (the house style's replacement; for a
    /// misspelling, asked for separately with `suggest_spelling`, as suggesting is slow).
    pub suggestions: Vec<String>,
}

/// Each language's dictionary, loaded on first use and kept, and its checks compiled with the
/// desk's house style, compiled again when the rules change (a large style book takes
/// seconds: this happens in the command, never on the window's thread).
#[derive(Default)]
pub struct TextChecks {
    spellers: Mutex<HashMap<String, Option<Arc<Speller>>>>,
    compiled: Mutex<HashMap<String, (i64, Arc<LanguageChecks>)>>,
    /// Held while a language's checks are compiled.
    compiling: Mutex<()>,
}

impl TextChecks {
    /// The checks of `language` under the desk's house style as it stands.
    pub fn of(
        &self,
        state: &DeskState,
        language: &str,
    ) -> Result<Arc<LanguageChecks>, CommandError> {
        let version = state.with_store(|store| store.house_style_version())?;
        let cached = |compiled: &HashMap<String, (i64, Arc<LanguageChecks>)>| {
            compiled
                .get(language)
                .filter(|(compiled_at, _)| *compiled_at == version)
                .map(|(_, checks)| Arc::clone(checks))
        };
        if let Some(checks) = cached(&lock(&self.compiled)) {
            return Ok(checks);
        }
        // One compiles; the checks asked for meanwhile wait for it rather than compile again.
        let _compiling = lock(&self.compiling);
        if let Some(checks) = cached(&lock(&self.compiled)) {
            return Ok(checks);
        }
        let rules = state.with_store(|store| store.house_style())?;
        let checks = Arc::new(LanguageChecks::with_speller(
            self.speller(language),
            language,
            &rules,
        ));
        lock(&self.compiled).insert(language.to_owned(), (version, Arc::clone(&checks)));
        Ok(checks)
    }

    fn speller(&self, language: &str) -> Option<Arc<Speller>> {
        if let Some(speller) = lock(&self.spellers).get(language) {
            return speller.clone();
        }
        let speller = LanguageChecks::system_speller(language);
        lock(&self.spellers).insert(language.to_owned(), speller.clone());
        speller
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Adds `word` to the newsroom's dictionary: never a misspelling again, in any story. (Each
/// change of the checks' exceptions wakes the shared desk's round, as a save does: the other
/// laptops have it within a second.)
#[tauri::command(async)]
pub fn add_newsroom_word(
    state: State<'_, DeskState>,
    sync: State<'_, DeskSync>,
    word: String,
) -> Result<(), CommandError> {
    let by = state.author();
    state.with_store(|store| store.add_newsroom_word(&word, &by, chrono::Utc::now()))?;
    sync.wake();
    Ok(())
}

/// The spelling and house-style findings in `text` (the body, headline or standfirst of story
/// `article_id`, written in `language`), but for the places marked as correct.
#[tauri::command(async)]
pub fn check_text(
    state: State<'_, DeskState>,
    checks: State<'_, TextChecks>,
    article_id: Uuid,
    language: String,
    text: String,
) -> Result<Vec<TextFinding>, CommandError> {
    let (right, marks) = state.with_store(|store| store.left_alone_in(article_id))?;
    let allowed: Vec<&str> = right.iter().map(String::as_str).collect();
    let flags = checks.of(&state, &language)?.flags(&text, &allowed, &marks);
    let offsets = utf16_offsets(&text, flags.iter().flat_map(|f| [f.start(), f.end()]));
    Ok(flags
        .into_iter()
        .map(|flag| {
            let (kind, message, suggestions) = match &flag {
                Flagged::Spelling(misspelling) => (
                    FindingKind::Spelling,
                    format!(
                        "“{}” is not in the {} dictionary.",
                        misspelling.word,
                        language_name(&language)
                    ),
                    Vec::new(),
                ),
                Flagged::Style(finding) => (
                    FindingKind::Style,
                    format!("{}: {}", finding.category, finding.explanation),
                    finding.suggestion.iter().cloned().collect(),
                ),
            };
            TextFinding {
                from: offsets[&flag.start()],
                to: offsets[&flag.end()],
                kind,
                flagged_by: flag.flagged_by().to_owned(),
                message,
                suggestions,
            }
        })
        .collect())
}

/// Keeps the place `from..to` (UTF-16 offsets, as the editor counts) of `text`, flagged by
/// `flagged_by` in story `article_id`, as written: not flagged again while its words stay.
#[tauri::command(async)]
pub fn mark_correct(
    state: State<'_, DeskState>,
    sync: State<'_, DeskSync>,
    article_id: Uuid,
    flagged_by: String,
    text: String,
    from: u32,
    to: u32,
) -> Result<(), CommandError> {
    let (Some(start), Some(end)) = (byte_offset(&text, from), byte_offset(&text, to)) else {
        return Err(CommandError {
            code: ErrorCode::Failed,
            message: "That place is no longer in the text; check again.".into(),
        });
    };
    if start >= end {
        return Err(CommandError {
            code: ErrorCode::Failed,
            message: "That place is no longer in the text; check again.".into(),
        });
    }
    let mark = MarkedCorrect::of(&flagged_by, &text, start, end);
    state.with_store(|store| store.mark_correct(article_id, &mark, chrono::Utc::now()))?;
    sync.wake();
    Ok(())
}

/// The house style page: the rules as they stand, the record of their changes, and the
/// newsroom's dictionary.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HouseStyleView {
    /// The rules, in the editors' order.
    pub rules: Vec<Rule>,
    /// The changes, newest first (the latest 200).
    pub changes: Vec<StyleChange>,
    /// The newsroom's own words.
    pub words: Vec<String>,
}

/// The house style page's content.
#[tauri::command(async)]
pub fn house_style(state: State<'_, DeskState>) -> Result<HouseStyleView, CommandError> {
    state.with_store(|store| {
        Ok(HouseStyleView {
            rules: store.house_style()?.rules,
            changes: store.house_style_changes(200)?,
            words: store.newsroom_words()?,
        })
    })
}

/// Saves `rule`, new or in place of the rule `replacing`, with the editor's reason.
#[tauri::command(async)]
pub fn save_style_rule(
    state: State<'_, DeskState>,
    sync: State<'_, DeskSync>,
    rule: Rule,
    replacing: Option<String>,
    why: String,
) -> Result<(), CommandError> {
    state.with_store(|store| {
        store.save_style_rule(&rule, replacing.as_deref(), &why, chrono::Utc::now())
    })?;
    sync.wake();
    Ok(())
}

/// Removes the rule `id`, with the editor's reason.
#[tauri::command(async)]
pub fn remove_style_rule(
    state: State<'_, DeskState>,
    sync: State<'_, DeskSync>,
    id: String,
    why: String,
) -> Result<(), CommandError> {
    state.with_store(|store| store.remove_style_rule(&id, &why, chrono::Utc::now()))?;
    sync.wake();
    Ok(())
}

/// What `rule` would flag across the desk's stories, before it is saved.
#[tauri::command(async)]
pub fn try_style_rule(state: State<'_, DeskState>, rule: Rule) -> Result<RuleTrial, CommandError> {
    let trials = state.with_store(|store| store.try_house_style(&RuleFile::new(vec![rule])))?;
    trials.into_iter().next().ok_or_else(|| CommandError {
        code: ErrorCode::Failed,
        message: "The rule could not be tried.".into(),
    })
}

/// Makes the file behind `ticket` (chosen in the open dialog) the desk's house style, all or
/// nothing.
#[tauri::command(async)]
pub fn import_house_style(
    state: State<'_, DeskState>,
    sync: State<'_, DeskSync>,
    chosen: State<'_, ChosenFiles>,
    ticket: Uuid,
    why: String,
) -> Result<ImportedStyle, CommandError> {
    let path = chosen.take_one(ticket, &[FileChoice::HouseStyleFile])?;
    let imported =
        state.with_store(|store| store.import_house_style_file(&path, &why, chrono::Utc::now()))?;
    sync.wake();
    Ok(imported)
}

/// Writes the house style and the newsroom's dictionary to the file behind `ticket`.
#[tauri::command(async)]
pub fn export_house_style(
    state: State<'_, DeskState>,
    chosen: State<'_, ChosenFiles>,
    ticket: Uuid,
) -> Result<(), CommandError> {
    let path = chosen.take_one(ticket, &[FileChoice::HouseStyleSaveAs])?;
    state
        .with_store(|store| {
            store.export_house_style_file(&path, newsroom_store::files::Replace::Allowed)
        })
        .map(|_| ())
}

/// What the dictionary of `language` offers for `word`, the likeliest first.
#[tauri::command(async)]
pub fn suggest_spelling(
    checks: State<'_, TextChecks>,
    language: String,
    word: String,
) -> Result<Vec<String>, CommandError> {
    checks
        .speller(&language)
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

/// The byte offset of the UTF-16 offset `units` of `text`, when it falls between characters.
fn byte_offset(text: &str, units: u32) -> Option<usize> {
    let mut counted = 0u32;
    for (at, c) in text.char_indices() {
        if counted == units {
            return Some(at);
        }
        if counted > units {
            return None;
        }
        counted += c.len_utf16() as u32;
    }
    (counted == units).then_some(text.len())
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
    use super::{byte_offset, utf16_offsets};

    #[test]
    fn a_utf16_offset_finds_its_byte_and_none_inside_a_character() {
        let text = "Malmö 😀 Kiev";
        assert_eq!(byte_offset(text, 9), text.find("Kiev"));
        assert_eq!(byte_offset(text, 13), Some(text.len()));
        assert_eq!(byte_offset(text, 7), None, "inside the emoji");
        assert_eq!(byte_offset(text, 14), None, "past the end");
    }

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
