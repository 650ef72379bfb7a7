//! Errors as the UI receives them: `{code, message}`.
//!
//! The message is the sentence shown to the journalist. A code exists only where the UI acts
//! differently on it: `conflict` (offer to reload), `unavailable` (keep the text, keep
//! retrying), `not_found` (drop the stale list entry); everything else is `failed`. The
//! technical cause goes to the log, never to the screen.

use newsroom_store::StoreError;
use serde::Serialize;
use ts_rs::TS;

/// What the UI does about an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    /// The article changed elsewhere since it was loaded.
    Conflict,
    /// Storage is unusable for now (full, read-only, busy, not opened); retrying may succeed.
    Unavailable,
    /// The article or revision no longer exists.
    NotFound,
    /// A section cannot be deleted because articles use it (the UI offers to retire it).
    InUse,
    /// Anything else: the message says what.
    Failed,
}

/// An error crossing to the UI.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CommandError {
    /// How the UI should react.
    pub code: ErrorCode,
    /// A sentence for the journalist.
    pub message: String,
}

impl From<StoreError> for CommandError {
    fn from(err: StoreError) -> Self {
        let code = match &err {
            StoreError::Conflict { .. } | StoreError::FieldConflict { .. } => ErrorCode::Conflict,
            StoreError::NotFound { .. } => ErrorCode::NotFound,
            StoreError::SectionInUse { .. } => ErrorCode::InUse,
            e if e.is_transient() => ErrorCode::Unavailable,
            StoreError::Corrupt { .. } | StoreError::NewerSchema { .. } | StoreError::Io { .. } => {
                ErrorCode::Unavailable
            }
            _ => ErrorCode::Failed,
        };
        tracing::warn!(error = %err, cause = ?std::error::Error::source(&err), "command failed");
        CommandError {
            code,
            message: err.to_string(),
        }
    }
}
