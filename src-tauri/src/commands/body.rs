//! The body as a document between the window and the store: binary both ways.
//!
//! The editor holds the story's body as a yjs document. It opens it with `body_document`,
//! sends each batch of typing as one yjs update in the request body of `push_body` (raw bytes,
//! not JSON numbers, never the whole text), and catches up with what others wrote by sending
//! its state vector to `body_since`. The other fields are saved with `save_fields`, merged
//! three ways with what is stored.

use chrono::Utc;
use newsroom_core::{ArticleFields, RevisionKind};
use newsroom_store::{AwayChanges, SaveReceipt};
use tauri::ipc::{InvokeBody, Request, Response};
use tauri::State;
use uuid::Uuid;

use crate::error::{CommandError, ErrorCode};
use crate::shared_desk::DeskSync;
use crate::state::DeskState;

/// The raw body of `request` and the article its `article-id` header names.
fn article_and_bytes<'a>(
    request: &'a Request<'_>,
    what: &str,
) -> Result<(Uuid, &'a [u8]), CommandError> {
    let failed = |message: String| CommandError {
        code: ErrorCode::Failed,
        message,
    };
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(failed(format!("The {what} did not arrive as bytes.")));
    };
    let id = request
        .headers()
        .get("article-id")
        .and_then(|value| value.to_str().ok())
        .and_then(|id| Uuid::parse_str(id).ok())
        .ok_or_else(|| failed(format!("The {what} does not say which article it is for.")))?;
    Ok((id, bytes))
}

/// The story's body as one yjs update: what the editor opens.
#[tauri::command(async)]
pub fn body_document(state: State<'_, DeskState>, id: Uuid) -> Result<Response, CommandError> {
    state
        .with_store(|store| store.body_document(id))
        .map(Response::new)
}

/// Stores one batch of typing: the request body is a yjs update, the header `article-id` names
/// the story, and `checkpoint: 1` makes it a revision of its own (Ctrl/Cmd+S). Answers once
/// the change and the text it makes are committed.
#[tauri::command(async)]
pub fn push_body(
    state: State<'_, DeskState>,
    sync: State<'_, DeskSync>,
    request: Request<'_>,
) -> Result<SaveReceipt, CommandError> {
    let (id, change) = article_and_bytes(&request, "change to the text")?;
    let checkpoint = request
        .headers()
        .get("checkpoint")
        .is_some_and(|value| value == "1");
    let kind = RevisionKind::of_save(checkpoint);
    let receipt = state.with_store(|store| {
        store.apply_body_change(id, change, kind, &state.author(), Utc::now())
    })?;
    sync.wake();
    Ok(receipt)
}

/// What the editor lacks: the request body is its state vector, the header `article-id` names
/// the story. The answer is the story's version (4 bytes, little-endian) and then one yjs
/// update with every edit the editor does not hold, read in one go so the two agree.
#[tauri::command(async)]
pub fn body_since(
    state: State<'_, DeskState>,
    request: Request<'_>,
) -> Result<Response, CommandError> {
    let (id, state_vector) = article_and_bytes(&request, "request for the latest text")?;
    state.with_store(|store| {
        let version = store.article(id)?.version;
        let missing = store.body_changes_since(id, state_vector)?;
        let mut answer = Vec::with_capacity(4 + missing.len());
        answer.extend_from_slice(&version.to_le_bytes());
        answer.extend_from_slice(&missing);
        Ok(Response::new(answer))
    })
}

/// Saves the fields besides the body, merged with what is stored (`base`: what the editor
/// started from); `checkpoint` is true for Ctrl/Cmd+S (a revision of its own).
#[tauri::command(async)]
pub fn save_fields(
    state: State<'_, DeskState>,
    id: Uuid,
    base: ArticleFields,
    fields: ArticleFields,
    checkpoint: bool,
    sync: State<'_, DeskSync>,
) -> Result<SaveReceipt, CommandError> {
    let kind = RevisionKind::of_save(checkpoint);
    let receipt = state.with_store(|store| {
        store.save_fields(id, &base, &fields, kind, &state.author(), Utc::now())
    })?;
    sync.wake();
    Ok(receipt)
}

/// What others changed in the story's body since the person at the desk last saw it.
#[tauri::command(async)]
pub fn changed_while_away(
    state: State<'_, DeskState>,
    id: Uuid,
) -> Result<Option<AwayChanges>, CommandError> {
    state.with_store(|store| store.changed_while_away(id, &state.author()))
}

/// Records that the person at the desk has seen the story's body as it is now.
#[tauri::command(async)]
pub fn mark_body_seen(state: State<'_, DeskState>, id: Uuid) -> Result<(), CommandError> {
    state.with_store(|store| store.mark_body_seen(id, &state.author(), Utc::now()))
}
