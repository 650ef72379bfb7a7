//! What leaves the desk from the window: file exports (the path comes from the save dialog),
//! CMS targets (the password goes straight to the keychain), pushes and the outbox. Sending is
//! the outbox worker's job ([`newsroom_publish::Worker`]): these commands queue and return, so
//! the window never waits on the network.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use chrono::Utc;
use newsroom_core::outbox::PostOnSite;
use newsroom_export::Format;
use newsroom_publish::{
    add_wordpress_target, give_wordpress_login, Keychain, Progress, PushObserver, Worker,
    WorkerObserver,
};
use newsroom_store::{DeskPushEntry, OutboxEntry, RequestedStatus, Target};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, State};
use ts_rs::TS;
use uuid::Uuid;

use crate::commands::files::{ChosenFiles, FileChoice};
use crate::commands::off_the_workers;
use crate::error::{CommandError, ErrorCode};
use crate::state::DeskState;

/// The event the window hears when an export moves (progress or a finished attempt).
pub const OUTBOX_EVENT: &str = "outbox-changed";

/// Tells the window about the worker's progress and finished attempts: a step done, or every
/// further 2 % of the photo bytes (an upload reads in small chunks; an event for each would
/// flood the window).
pub struct EmitToWindow {
    app: AppHandle,
    last: Option<(uuid::Uuid, u32, u64)>,
}

impl EmitToWindow {
    /// Reports to the main window of `app`.
    pub fn new(app: AppHandle) -> Self {
        EmitToWindow { app, last: None }
    }
}

impl PushObserver for EmitToWindow {
    fn progress(&mut self, entry: &OutboxEntry, progress: Progress) {
        let step_of_50 = progress.bytes_total.max(1) / 50;
        if let Some((id, steps, bytes)) = self.last {
            if id == entry.id
                && steps == progress.steps_done
                && progress.bytes_done < bytes.saturating_add(step_of_50)
            {
                return;
            }
        }
        self.last = Some((entry.id, progress.steps_done, progress.bytes_done));
        let mut now = entry.clone();
        now.steps_done = progress.steps_done;
        now.steps_total = progress.steps_total;
        now.bytes_done = progress.bytes_done;
        now.bytes_total = progress.bytes_total;
        let _ = self.app.emit_to("main", OUTBOX_EVENT, now);
    }
}

impl WorkerObserver for EmitToWindow {
    fn finished(&mut self, entry: &OutboxEntry) {
        let _ = self.app.emit_to("main", OUTBOX_EVENT, entry.clone());
        // On a shared desk, the other editors' Outbox hears where it went with the next round.
        if let Some(sync) = self.app.try_state::<crate::shared_desk::DeskSync>() {
            sync.wake();
        }
    }
}

fn failed(message: impl Into<String>) -> CommandError {
    CommandError {
        code: ErrorCode::Failed,
        message: message.into(),
    }
}

/// A target and where its password is kept.
#[derive(serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TargetView {
    /// The target.
    pub target: Target,
    /// "the system keychain", or why it is elsewhere; `None` when this computer has no password
    /// for it.
    pub password_kept_in: Option<String>,
}

fn view(target: Target) -> TargetView {
    TargetView {
        password_kept_in: Keychain.kind(target.id).map(|k| k.describe().to_owned()),
        target,
    }
}

/// The desk's CMS targets.
#[tauri::command(async)]
pub fn list_targets(state: State<'_, DeskState>) -> Result<Vec<TargetView>, CommandError> {
    Ok(state
        .with_store(|store| store.targets())?
        .into_iter()
        .map(view)
        .collect())
}

/// Adds a WordPress target; its application password goes to the keychain, nowhere else.
#[tauri::command(async)]
pub fn add_target(
    state: State<'_, DeskState>,
    name: String,
    url: String,
    username: String,
    password: String,
) -> Result<TargetView, CommandError> {
    let (target, _) = state
        .with_store(|store| {
            Ok(add_wordpress_target(
                store,
                &name,
                &url,
                &username,
                &password,
                Utc::now(),
            ))
        })?
        .map_err(failed)?;
    Ok(view(target))
}

/// Gives this person's WordPress user and application password for a site (one from the
/// shared desk arrives without them); the password goes to the keychain, nowhere else.
#[tauri::command(async)]
pub fn give_target_login(
    state: State<'_, DeskState>,
    target_id: Uuid,
    username: String,
    password: String,
) -> Result<TargetView, CommandError> {
    let target = state.with_store(|store| store.target(&target_id.to_string()))?;
    state
        .with_store(|store| Ok(give_wordpress_login(store, &target, &username, &password)))?
        .map_err(failed)?;
    let target = state.with_store(|store| store.target(&target_id.to_string()))?;
    Ok(view(target))
}

/// Adds a folder target: pushed stories are written there as `format` files.
#[tauri::command(async)]
pub fn add_folder_target(
    state: State<'_, DeskState>,
    chosen: State<'_, ChosenFiles>,
    name: String,
    ticket: Uuid,
    format: String,
) -> Result<TargetView, CommandError> {
    let folder = chosen.take_one(ticket, &[FileChoice::Folder])?;
    let folder = folder.to_string_lossy();
    let target =
        state.with_store(|store| store.add_folder_target(&name, &folder, &format, Utc::now()))?;
    Ok(view(target))
}

/// Removes a target and forgets its password.
#[tauri::command(async)]
pub fn remove_target(state: State<'_, DeskState>, target_id: Uuid) -> Result<(), CommandError> {
    state.with_store(|store| store.remove_target(target_id))?;
    Keychain.forget(target_id);
    Ok(())
}

/// "Test connection": the address, the password and the user's role, in words. It waits on
/// the site, so it runs off the async workers.
#[tauri::command]
pub async fn test_target(app: AppHandle, target_id: Uuid) -> Result<String, CommandError> {
    off_the_workers(app, move |app| {
        let target = app
            .state::<DeskState>()
            .with_store(|store| store.target(&target_id.to_string()))?;
        newsroom_publish::test_target(&target).map_err(failed)
    })
    .await
}

/// A file the window exported: what to say, and the id "Show in folder" asks with (the page
/// never sees the path).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExportedFile {
    /// "Exported “story.json” (2 photo files beside it).": the file by its name, not its path.
    pub message: String,
    /// What `show_exported_file` is asked with.
    #[ts(type = "string")]
    pub shown: Uuid,
}

/// Most exported files kept for "Show in folder"; the oldest goes first.
const MAX_EXPORTED_KEPT: usize = 32;

/// The files exported from the window, behind the ids it was given for "Show in folder".
#[derive(Default)]
pub struct ExportedFiles {
    kept: Mutex<BTreeMap<Uuid, PathBuf>>,
}

impl ExportedFiles {
    fn keep(&self, path: PathBuf) -> Uuid {
        let id = Uuid::now_v7();
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        kept.insert(id, path);
        while kept.len() > MAX_EXPORTED_KEPT {
            kept.pop_first();
        }
        id
    }

    fn path(&self, id: Uuid) -> Option<PathBuf> {
        let kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        kept.get(&id).cloned()
    }
}

/// Writes the story's approved revision as `format` ("ninjs", "newsml", "html") to the file
/// behind `ticket`, chosen in that format's save dialog (which asked before a file there is
/// replaced; a link there is still never written through), photos beside it.
#[tauri::command(async)]
pub fn export_story_file(
    state: State<'_, DeskState>,
    chosen: State<'_, ChosenFiles>,
    exported: State<'_, ExportedFiles>,
    article_id: Uuid,
    format: String,
    ticket: Uuid,
) -> Result<ExportedFile, CommandError> {
    let (format, choice) = match format.as_str() {
        "ninjs" => (Format::Ninjs, FileChoice::NinjsSaveAs),
        "newsml" => (Format::NewsMl, FileChoice::NewsmlSaveAs),
        "html" => (Format::Html, FileChoice::HtmlSaveAs),
        other => return Err(failed(format!("Unknown format {other}."))),
    };
    let path = chosen.take_one(ticket, &[choice])?;
    let report = state
        .with_store(|store| {
            Ok(newsroom_export::export_to(
                store,
                article_id,
                format,
                &path,
                newsroom_export::Replace::Allowed,
            ))
        })?
        .map_err(|e| failed(e.to_string()))?;
    let name = newsroom_store::photos::photo_file_name(&report.main_file);
    let message = match report.photo_files.len() {
        0 => format!("Exported “{name}”."),
        1 => format!("Exported “{name}”, with its photo beside it."),
        photos => format!("Exported “{name}”, with {photos} photo files beside it."),
    };
    Ok(ExportedFile {
        message,
        shown: exported.keep(report.main_file),
    })
}

/// Shows an exported file in the system's file manager, selected.
#[tauri::command(async)]
pub fn show_exported_file(
    app: AppHandle,
    exported: State<'_, ExportedFiles>,
    shown: Uuid,
) -> Result<(), CommandError> {
    use tauri_plugin_opener::OpenerExt;
    let path = exported
        .path(shown)
        .ok_or_else(|| failed("That export is no longer known; export it again.".to_owned()))?;
    app.opener()
        .reveal_item_in_dir(&path)
        .map_err(|err| failed(format!("The folder could not be shown: {err}")))
}

/// Queues the story's approved revision for `target_id` as the editor at the desk; the worker
/// sends it.
#[tauri::command(async)]
pub fn push_story(
    state: State<'_, DeskState>,
    worker: State<'_, Worker>,
    sync: State<'_, crate::shared_desk::DeskSync>,
    article_id: Uuid,
    target_id: Uuid,
    status: RequestedStatus,
) -> Result<OutboxEntry, CommandError> {
    let editor = state.at_desk("send a story to a site")?;
    let entry = state.with_store(|store| {
        store.enqueue_push(article_id, target_id, status, &editor, Utc::now())
    })?;
    worker.wake();
    // On a shared desk, the other editors' Outbox hears of it with the next round.
    sync.wake();
    Ok(entry)
}

/// The story's posts on the newsroom's sites, whoever sent them: on a shared desk every laptop
/// hears them.
#[tauri::command(async)]
pub fn story_posts(
    state: State<'_, DeskState>,
    article_id: Uuid,
) -> Result<Vec<PostOnSite>, CommandError> {
    state.with_store(|store| store.posts_on_sites(article_id))
}

/// The outbox, newest first.
#[tauri::command(async)]
pub fn list_outbox(state: State<'_, DeskState>) -> Result<Vec<OutboxEntry>, CommandError> {
    state.with_store(|store| store.outbox(200))
}

/// What other editors' laptops have queued for the newsroom's sites (the shared desk's
/// outbox), newest first; empty when this laptop is on no desk.
#[tauri::command(async)]
pub fn list_desk_pushes(state: State<'_, DeskState>) -> Result<Vec<DeskPushEntry>, CommandError> {
    state.with_store(|store| store.desk_pushes())
}

/// What the person chose for an export: "retry", "cancel" or "overwrite" (after a conflict,
/// replace the site's version with the desk's).
#[derive(Debug, Clone, Copy, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum OutboxChoice {
    /// Send it again now.
    Retry,
    /// Do not send it.
    Cancel,
    /// Replace the site's edited version.
    Overwrite,
}

/// Retry, cancel or overwrite an export (editors).
#[tauri::command(async)]
pub fn settle_export(
    state: State<'_, DeskState>,
    worker: State<'_, Worker>,
    entry_id: Uuid,
    choice: OutboxChoice,
) -> Result<OutboxEntry, CommandError> {
    let now = Utc::now();
    let entry = state.with_store(|store| match choice {
        OutboxChoice::Retry => store.retry_outbox(entry_id, now),
        OutboxChoice::Cancel => store.cancel_outbox(entry_id, now),
        OutboxChoice::Overwrite => store.overwrite_remote(entry_id, now),
    })?;
    worker.wake();
    Ok(entry)
}
