//! The commands the window may call (each one granted in capabilities/main.json).

#![allow(
    clippy::needless_pass_by_value,
    reason = "Tauri deserialises command arguments and hands them over by value"
)]

pub mod app;
pub mod articles;
pub mod body;
pub mod export;
pub mod files;
pub mod photos;
pub mod preview;
pub mod revisions;
pub mod shared_desk;
pub mod style;
pub mod vocabulary;
pub mod wire;
pub mod workflow;

use tauri::AppHandle;

use crate::error::{CommandError, ErrorCode};

/// Runs `work` on the blocking pool: for a command that waits on the network or on a person
/// (a file dialog), so that it never holds one of the few async workers that every other
/// command, autosave first, runs on.
pub async fn off_the_workers<T: Send + 'static>(
    app: AppHandle,
    work: impl FnOnce(&AppHandle) -> Result<T, CommandError> + Send + 'static,
) -> Result<T, CommandError> {
    tauri::async_runtime::spawn_blocking(move || work(&app))
        .await
        .map_err(|err| CommandError {
            code: ErrorCode::Failed,
            message: format!("The task stopped before it finished: {err}"),
        })?
}
