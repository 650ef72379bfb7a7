//! Articles: the list, the editor's load and save, duplicate, Trash, search.

use chrono::Utc;
use newsroom_core::{Article, ArticleContent, ArticleSummary, RevisionKind};
use newsroom_store::{ListFilter, SaveReceipt, SearchHit};
use tauri::State;
use uuid::Uuid;

use crate::error::CommandError;
use crate::state::DeskState;

/// Most search results returned at once.
const SEARCH_LIMIT: u32 = 50;

/// The `limit` articles outside the Trash that pass `filter` and changed most recently.
#[tauri::command(async)]
pub fn list_articles(
    state: State<'_, DeskState>,
    filter: ListFilter,
    limit: u32,
) -> Result<Vec<ArticleSummary>, CommandError> {
    state.with_store(|store| store.list_articles(&filter, limit, 0))
}

/// Articles in the Trash.
#[tauri::command(async)]
pub fn list_trash(state: State<'_, DeskState>) -> Result<Vec<ArticleSummary>, CommandError> {
    state.with_store(|store| store.list_trash())
}

/// One article, to edit.
#[tauri::command(async)]
pub fn get_article(state: State<'_, DeskState>, id: Uuid) -> Result<Article, CommandError> {
    state.with_store(|store| store.article(id))
}

/// A new, empty draft.
#[tauri::command(async)]
pub fn create_article(
    state: State<'_, DeskState>,
    sync: State<'_, crate::shared_desk::DeskSync>,
) -> Result<Article, CommandError> {
    let article = state.with_store(|store| {
        store.create_article(&ArticleContent::default(), &state.author(), Utc::now())
    })?;
    sync.wake();
    Ok(article)
}

/// Saves the editor's text; `checkpoint` is true for Ctrl/Cmd+S (a revision of its own).
#[tauri::command(async)]
pub fn save_article(
    state: State<'_, DeskState>,
    id: Uuid,
    base_version: u32,
    content: ArticleContent,
    checkpoint: bool,
) -> Result<SaveReceipt, CommandError> {
    let kind = RevisionKind::of_save(checkpoint);
    state.with_store(|store| {
        store.save_article(
            id,
            base_version,
            &content,
            kind,
            &state.author(),
            Utc::now(),
        )
    })
}

/// A copy of an article as a new draft.
#[tauri::command(async)]
pub fn duplicate_article(state: State<'_, DeskState>, id: Uuid) -> Result<Article, CommandError> {
    state.with_store(|store| store.duplicate_article(id, &state.author(), Utc::now()))
}

/// Moves an article to the Trash.
#[tauri::command(async)]
pub fn trash_article(state: State<'_, DeskState>, id: Uuid) -> Result<(), CommandError> {
    state.with_store(|store| store.trash_article(id, Utc::now()))
}

/// Takes an article out of the Trash.
#[tauri::command(async)]
pub fn restore_from_trash(state: State<'_, DeskState>, id: Uuid) -> Result<(), CommandError> {
    state.with_store(|store| store.restore_from_trash(id))
}

/// Deletes the Trash for good; returns how many articles went.
#[tauri::command(async)]
pub fn empty_trash(state: State<'_, DeskState>) -> Result<u32, CommandError> {
    state.with_store(|store| store.empty_trash())
}

/// Full-text search as the journalist types.
#[tauri::command(async)]
pub fn search_articles(
    state: State<'_, DeskState>,
    query: String,
) -> Result<Vec<SearchHit>, CommandError> {
    state.with_store(|store| store.search(&query, SEARCH_LIMIT))
}

/// Sets the story's embargo (`null` lifts it): it may not go out before `until`.
#[tauri::command(async)]
pub fn set_embargo(
    state: State<'_, DeskState>,
    id: Uuid,
    until: Option<chrono::DateTime<Utc>>,
) -> Result<(), CommandError> {
    state.with_store(|store| store.set_embargo(id, until, Utc::now()))
}
