//! Who is at the desk, moving stories through the workflow as them, and their comments.

use chrono::Utc;
use newsroom_core::authority::Permissions;
use newsroom_core::workflow::{EditAfterApproval, Role, WorkflowAction};
use newsroom_store::{
    Comment, DeskOverview, PassageAnchor, Profile, QueueItem, Seen, WorkflowEvent,
};
use tauri::State;
use uuid::Uuid;

use crate::error::{CommandError, ErrorCode};
use crate::shared_desk::DeskSync;
use crate::state::DeskState;

/// Every profile of the desk, and the one at the desk now.
#[derive(serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DeskPeople {
    /// Every profile, by name.
    pub profiles: Vec<Profile>,
    /// The profile at the desk, if one was chosen.
    pub current: Option<Profile>,
    /// What that profile may do (the store's rules, asked, never re-coded in the window).
    pub permissions: Permissions,
}

/// The desk's profiles and who is at the desk.
#[tauri::command(async)]
pub fn desk_people(state: State<'_, DeskState>) -> Result<DeskPeople, CommandError> {
    let (profiles, permissions) =
        state.with_store(|store| Ok((store.profiles()?, store.permissions()?)))?;
    Ok(DeskPeople {
        profiles,
        current: state.profile(),
        permissions,
    })
}

/// Puts the profile `name` at the desk; an editor's or admin's needs its passphrase.
#[tauri::command(async)]
pub fn switch_profile(
    state: State<'_, DeskState>,
    name: String,
    passphrase: Option<String>,
) -> Result<Profile, CommandError> {
    let profile = state.with_store(|store| store.authenticate(&name, passphrase.as_deref()))?;
    state.set_profile(Some(profile.clone()));
    Ok(profile)
}

/// Adds a profile (an editor or admin with a passphrase) and puts it at the desk when the desk
/// had nobody yet (its first profile, its admin). Who may add whom is the store's rule.
#[tauri::command(async)]
pub fn add_profile(
    state: State<'_, DeskState>,
    name: String,
    byline: String,
    role: Role,
    passphrase: Option<String>,
) -> Result<Profile, CommandError> {
    let first = state.with_store(|store| store.desk_is_empty())?;
    let profile = state.with_store(|store| {
        store.create_profile(&name, &byline, role, passphrase.as_deref(), Utc::now())
    })?;
    if first {
        state.set_profile(Some(profile.clone()));
    }
    Ok(profile)
}

/// Moves a story as the profile at the desk. `seen_version` is the article version the
/// window holds: an approval is refused when the story changed since.
#[tauri::command(async)]
pub fn move_story(
    state: State<'_, DeskState>,
    article_id: Uuid,
    action: WorkflowAction,
    seen_version: u32,
    note: String,
    sync: State<'_, DeskSync>,
) -> Result<WorkflowEvent, CommandError> {
    let Some(actor) = state.profile() else {
        return Err(CommandError {
            code: ErrorCode::Failed,
            message: "Choose who you are (the profile at the top of the list) first.".into(),
        });
    };
    let event = state.with_store(|store| {
        store.move_story(
            article_id,
            action,
            &actor,
            Seen::Version(seen_version),
            &note,
            Utc::now(),
        )
    })?;
    sync.wake();
    Ok(event)
}

/// A story's moves, oldest first.
#[tauri::command(async)]
pub fn workflow_events(
    state: State<'_, DeskState>,
    article_id: Uuid,
) -> Result<Vec<WorkflowEvent>, CommandError> {
    state.with_store(|store| store.workflow_events(article_id))
}

/// What changed since the story was approved, in words; empty when nothing did (or it is not
/// approved). None of it goes out until the story is approved again.
#[tauri::command(async)]
pub fn changed_since_approval(
    state: State<'_, DeskState>,
    article_id: Uuid,
) -> Result<Vec<String>, CommandError> {
    state.with_store(|store| store.changed_since_approval(article_id))
}

/// Stories waiting for an editor, the longest-waiting first.
#[tauri::command(async)]
pub fn review_queue(state: State<'_, DeskState>) -> Result<Vec<QueueItem>, CommandError> {
    state.with_store(|store| store.review_queue())
}

/// The stories whose next step is the person at the desk's (sent back to them; submitted, for
/// those who review): the list marks them.
#[tauri::command(async)]
pub fn stories_waiting_on_me(state: State<'_, DeskState>) -> Result<Vec<Uuid>, CommandError> {
    state.with_store(|store| store.stories_waiting_on_actor())
}

/// A story's comments, threads in the order written.
#[tauri::command(async)]
pub fn list_comments(
    state: State<'_, DeskState>,
    article_id: Uuid,
) -> Result<Vec<Comment>, CommandError> {
    state.with_store(|store| store.comments(article_id))
}

/// Adds a comment (a reply with `parent_id`) as the person at the desk, on `passage` of the body,
/// at `anchor` in its document when the editor had a selection.
#[tauri::command(async)]
pub fn add_comment(
    state: State<'_, DeskState>,
    article_id: Uuid,
    parent_id: Option<Uuid>,
    body: String,
    passage: String,
    anchor: Option<PassageAnchor>,
    sync: State<'_, DeskSync>,
) -> Result<Comment, CommandError> {
    let author = state.author();
    let comment = state.with_store(|store| {
        store.add_comment(
            article_id,
            parent_id,
            &author,
            &body,
            &passage,
            anchor.as_ref(),
            Utc::now(),
        )
    })?;
    sync.wake();
    Ok(comment)
}

/// Resolves a comment, or opens it again.
#[tauri::command(async)]
pub fn set_comment_resolved(
    state: State<'_, DeskState>,
    comment_id: Uuid,
    resolved: bool,
) -> Result<(), CommandError> {
    let by = state.author();
    state.with_store(|store| store.set_comment_resolved(comment_id, resolved, &by, Utc::now()))
}

/// The desk at a glance: stories per state and section, the ones the person at the desk started,
/// and what waits for review.
#[tauri::command(async)]
pub fn desk_overview(state: State<'_, DeskState>) -> Result<DeskOverview, CommandError> {
    let author = state.author();
    state.with_store(|store| store.desk_overview(&author))
}

/// The desk's rule for editing an approved story.
#[tauri::command(async)]
pub fn get_edit_policy(state: State<'_, DeskState>) -> Result<EditAfterApproval, CommandError> {
    state.with_store(|store| store.edit_after_approval())
}

/// Sets the desk's rule for editing an approved story, as the editor at the desk.
#[tauri::command(async)]
pub fn set_edit_policy(
    state: State<'_, DeskState>,
    policy: EditAfterApproval,
) -> Result<(), CommandError> {
    state.with_store(|store| store.set_edit_after_approval(policy))
}
