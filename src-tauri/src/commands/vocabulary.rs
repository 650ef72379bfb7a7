//! Sections, tags, and filing an article under them.

use chrono::Utc;

use newsroom_core::{ArticleFiling, ImportReport, Section, Tag};
use tauri::State;
use uuid::Uuid;

use newsroom_files::Replace;

use crate::commands::files::{ChosenFiles, FileChoice};
use crate::error::CommandError;
use crate::state::DeskState;

/// Most suggestions the tag input shows.
const SUGGESTIONS: u32 = 8;

/// The section tree; retired sections too when `include_retired`.
#[tauri::command(async)]
pub fn list_sections(
    state: State<'_, DeskState>,
    include_retired: bool,
) -> Result<Vec<Section>, CommandError> {
    state.with_store(|store| store.sections(include_retired))
}

/// Adds a section, or a sub-section under `parent_id`.
#[tauri::command(async)]
pub fn create_section(
    state: State<'_, DeskState>,
    name: String,
    parent_id: Option<Uuid>,
    media_topic: String,
) -> Result<Section, CommandError> {
    state.with_store(|store| store.create_section(&name, parent_id, &media_topic))
}

/// Renames a section.
#[tauri::command(async)]
pub fn rename_section(
    state: State<'_, DeskState>,
    id: Uuid,
    name: String,
) -> Result<Section, CommandError> {
    state.with_store(|store| store.rename_section(id, &name))
}

/// Sets or clears a section's IPTC Media Topic code.
#[tauri::command(async)]
pub fn set_section_media_topic(
    state: State<'_, DeskState>,
    id: Uuid,
    code: String,
) -> Result<Section, CommandError> {
    state.with_store(|store| store.set_section_media_topic(id, &code))
}

/// Sets or clears a tag's IPTC Media Topic code.
#[tauri::command(async)]
pub fn set_tag_media_topic(
    state: State<'_, DeskState>,
    id: Uuid,
    code: String,
) -> Result<Tag, CommandError> {
    state.with_store(|store| store.set_tag_media_topic(id, &code))
}

/// Moves a section to `position` among its siblings.
#[tauri::command(async)]
pub fn move_section(
    state: State<'_, DeskState>,
    id: Uuid,
    position: u32,
) -> Result<(), CommandError> {
    state.with_store(|store| store.move_section(id, position))
}

/// Retires a section, or brings it back.
#[tauri::command(async)]
pub fn set_section_retired(
    state: State<'_, DeskState>,
    id: Uuid,
    retired: bool,
) -> Result<(), CommandError> {
    state.with_store(|store| store.set_section_retired(id, retired, Utc::now()))
}

/// Deletes an unused section (refused with the count when articles use it).
#[tauri::command(async)]
pub fn delete_section(state: State<'_, DeskState>, id: Uuid) -> Result<(), CommandError> {
    state.with_store(|store| store.delete_section(id))
}

/// Tags for the half-typed name `typed`.
#[tauri::command(async)]
pub fn suggest_tags(state: State<'_, DeskState>, typed: String) -> Result<Vec<Tag>, CommandError> {
    state.with_store(|store| store.suggest_tags(&typed, SUGGESTIONS))
}

/// Every tag with its usage.
#[tauri::command(async)]
pub fn list_tags(state: State<'_, DeskState>) -> Result<Vec<Tag>, CommandError> {
    state.with_store(|store| store.tags())
}

/// Renames a tag; its articles follow.
#[tauri::command(async)]
pub fn rename_tag(
    state: State<'_, DeskState>,
    id: Uuid,
    name: String,
) -> Result<Tag, CommandError> {
    state.with_store(|store| store.rename_tag(id, &name))
}

/// Merges tag `from` into tag `into`.
#[tauri::command(async)]
pub fn merge_tags(
    state: State<'_, DeskState>,
    from: Uuid,
    into: Uuid,
) -> Result<Tag, CommandError> {
    state.with_store(|store| store.merge_tags(from, into))
}

/// The sections and tags of an article.
#[tauri::command(async)]
pub fn get_filing(
    state: State<'_, DeskState>,
    article_id: Uuid,
) -> Result<ArticleFiling, CommandError> {
    state.with_store(|store| store.article_filing(article_id))
}

/// Files an article under a primary and secondary sections.
#[tauri::command(async)]
pub fn set_article_sections(
    state: State<'_, DeskState>,
    article_id: Uuid,
    primary: Option<Uuid>,
    secondary: Vec<Uuid>,
) -> Result<ArticleFiling, CommandError> {
    state
        .with_store(|store| store.set_article_sections(article_id, primary, &secondary, Utc::now()))
}

/// Adds a tag by name (created when new).
#[tauri::command(async)]
pub fn add_article_tag(
    state: State<'_, DeskState>,
    article_id: Uuid,
    name: String,
) -> Result<ArticleFiling, CommandError> {
    state.with_store(|store| store.add_article_tag(article_id, &name, Utc::now()))
}

/// Removes a tag from an article.
#[tauri::command(async)]
pub fn remove_article_tag(
    state: State<'_, DeskState>,
    article_id: Uuid,
    tag_id: Uuid,
) -> Result<ArticleFiling, CommandError> {
    state.with_store(|store| store.remove_article_tag(article_id, tag_id, Utc::now()))
}

/// How many tags one article may carry.
#[tauri::command(async)]
pub fn get_max_tags(state: State<'_, DeskState>) -> Result<u32, CommandError> {
    state.with_store(|store| store.max_tags())
}

/// Sets how many tags one article may carry.
#[tauri::command(async)]
pub fn set_max_tags(state: State<'_, DeskState>, max: u32) -> Result<(), CommandError> {
    state.with_store(|store| store.set_max_tags(max))
}

/// Writes the vocabularies to the file behind `ticket` (chosen in the save dialog, which asked
/// before replacing a file; a link there is still never written through).
#[tauri::command(async)]
pub fn export_vocabularies(
    state: State<'_, DeskState>,
    chosen: State<'_, ChosenFiles>,
    ticket: Uuid,
) -> Result<(), CommandError> {
    let path = chosen.take_one(ticket, &[FileChoice::VocabularySaveAs])?;
    state.with_store(|store| store.export_vocabularies_file(&path, Replace::Allowed))
}

/// Merges the vocabulary file behind `ticket` (chosen in the open dialog); reports what
/// changed.
#[tauri::command(async)]
pub fn import_vocabularies(
    state: State<'_, DeskState>,
    chosen: State<'_, ChosenFiles>,
    ticket: Uuid,
) -> Result<ImportReport, CommandError> {
    let path = chosen.take_one(ticket, &[FileChoice::VocabularyFile])?;
    state.with_store(|store| store.import_vocabularies_file(&path, Utc::now()))
}
