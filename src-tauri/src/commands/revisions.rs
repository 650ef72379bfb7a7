//! The history panel: revisions, their diff against the current text, restore.

use chrono::Utc;
use newsroom_core::{DiffSegment, RevisionSummary};
use newsroom_store::SaveReceipt;
use tauri::State;
use uuid::Uuid;

use crate::error::CommandError;
use crate::state::DeskState;

/// The revisions of an article, newest first.
#[tauri::command(async)]
pub fn list_revisions(
    state: State<'_, DeskState>,
    article_id: Uuid,
) -> Result<Vec<RevisionSummary>, CommandError> {
    state.with_store(|store| store.revisions(article_id))
}

/// What changed from a revision to the current text.
#[tauri::command(async)]
pub fn revision_diff(
    state: State<'_, DeskState>,
    revision_id: Uuid,
) -> Result<Vec<DiffSegment>, CommandError> {
    state.with_store(|store| store.diff_revision(revision_id))
}

/// Makes a revision the current text again (as a new revision); `base_version` is the
/// version the editor shows.
#[tauri::command(async)]
pub fn restore_revision(
    state: State<'_, DeskState>,
    revision_id: Uuid,
    base_version: u32,
) -> Result<SaveReceipt, CommandError> {
    state.with_store(|store| {
        store.restore_revision(revision_id, base_version, &state.author(), Utc::now())
    })
}
