//! What the outbox speaks: targets, pushes and what a site holds of a story, as values.
//!
//! These live in the core, not beside the SQLite tables that keep them, because they are what
//! the desk interface ([`crate::desk`]) speaks: the push and the outbox worker read and record
//! them through it, whichever desk answers (the laptop's store today, a shared desk later).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// What kind of place a target is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum TargetKind {
    /// A WordPress site, over its REST API.
    WordPress,
    /// A folder another system picks files up from.
    Folder,
}

/// A place stories are pushed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Target {
    /// Its id (also the keychain entry's name).
    pub id: Uuid,
    /// What the desk calls it ("Main site").
    pub name: String,
    /// A site or a folder.
    pub kind: TargetKind,
    /// The site's address ("https://example.com"), or the folder's path.
    pub url: String,
    /// The WordPress user the application password belongs to ("" for a folder).
    pub username: String,
    /// A folder's file format: "ninjs", "newsml" or "html" ("" for a site).
    pub format: String,
}

/// What the site should do with a pushed story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum RequestedStatus {
    /// "Pending review" on the site: someone publishes it there.
    Pending,
    /// Published at once, or scheduled for the embargo's end.
    Publish,
}

impl RequestedStatus {
    /// The stored key.
    pub fn key(self) -> &'static str {
        match self {
            RequestedStatus::Pending => "pending",
            RequestedStatus::Publish => "publish",
        }
    }

    /// The status for a stored key.
    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "pending" => Some(RequestedStatus::Pending),
            "publish" => Some(RequestedStatus::Publish),
            _ => None,
        }
    }
}

/// Where a push is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum OutboxState {
    /// Due now or after a backoff.
    Waiting,
    /// Being sent.
    Sending,
    /// On the site.
    Sent,
    /// Needs a person (a wrong password, a refusal by the site); retry when it is fixed.
    Failed,
    /// The post was edited on the site since it was last pushed; a person chooses.
    Conflict,
    /// Cancelled by a person.
    Cancelled,
}

impl OutboxState {
    /// The stored key.
    pub fn key(self) -> &'static str {
        match self {
            OutboxState::Waiting => "waiting",
            OutboxState::Sending => "sending",
            OutboxState::Sent => "sent",
            OutboxState::Failed => "failed",
            OutboxState::Conflict => "conflict",
            OutboxState::Cancelled => "cancelled",
        }
    }

    /// The state for a stored key.
    pub fn from_key(key: &str) -> Option<Self> {
        [
            OutboxState::Waiting,
            OutboxState::Sending,
            OutboxState::Sent,
            OutboxState::Failed,
            OutboxState::Conflict,
            OutboxState::Cancelled,
        ]
        .into_iter()
        .find(|state| state.key() == key)
    }
}

/// The site's version of a post that was edited there, for the side-by-side view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RemoteVersion {
    /// The post's modified_gmt on the site.
    pub modified_gmt: String,
    /// Its title there.
    pub title: String,
    /// Its content there (HTML as stored).
    pub content: String,
    /// The title the desk would send.
    pub our_title: String,
    /// The content the desk would send.
    pub our_content: String,
}

/// One push, as the outbox lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OutboxEntry {
    /// Its id.
    pub id: Uuid,
    /// The story.
    pub article_id: Uuid,
    /// The story's headline now.
    pub headline: String,
    /// The target.
    pub target_id: Uuid,
    /// The target's name.
    pub target_name: String,
    /// The approved revision being sent.
    pub revision_id: Uuid,
    /// Pending review or publish.
    pub requested_status: RequestedStatus,
    /// Where it is.
    pub state: OutboxState,
    /// Attempts so far.
    pub attempts: u32,
    /// When the next attempt is due (waiting only).
    pub next_attempt_at: DateTime<Utc>,
    /// The last failure, in the site's own words where it gave some.
    pub last_error: String,
    /// Photos and post sent in the running (or last) attempt.
    pub steps_done: u32,
    /// Photos and post to send.
    pub steps_total: u32,
    /// Bytes of photos uploaded in the running attempt.
    #[ts(type = "number")]
    pub bytes_done: u64,
    /// Bytes of photos to upload.
    #[ts(type = "number")]
    pub bytes_total: u64,
    /// The site's version, when the post was edited there.
    pub conflict: Option<RemoteVersion>,
    /// The site's modified_gmt a person chose to overwrite, if they did.
    pub overwrite_remote_modified: Option<String>,
    /// Who pushed it.
    pub queued_by: String,
    /// The profile that pushed it.
    pub queued_by_id: Uuid,
    /// When it was pushed.
    pub created_at: DateTime<Utc>,
    /// The post's address on the site, once known.
    pub link: String,
}

/// What a site holds of a story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemotePost {
    /// The slug chosen before the first attempt.
    pub slug: String,
    /// The post's id, once the site answered.
    pub post_id: Option<u64>,
    /// Its modified_gmt as last written by the desk.
    pub modified_gmt: Option<String>,
    /// Its public address, once known.
    pub link: String,
}

/// What the site answered for a post the desk wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostReceipt {
    /// The post's id.
    pub post_id: u64,
    /// Its modified_gmt after the write.
    pub modified_gmt: String,
    /// Its public address.
    pub link: String,
    /// Its status there (pending, publish, future).
    pub status: String,
}

/// How an attempt ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutboxOutcome {
    /// On the site.
    Sent,
    /// A failure that may pass (offline, a 5xx, a timeout): try again after a backoff.
    RetryLater(String),
    /// A failure a person must fix (a wrong password, a refusal): wait for "Retry".
    Failed(String),
    /// The post was edited on the site.
    Conflict(RemoteVersion),
}

/// A site's address as the shared desk names it: the address as it was checked when the
/// target was added (scheme and host already lowercase), without a trailing slash. Two
/// laptops that each added the same site meet on it.
pub fn site_key(url: &str) -> String {
    url.trim().trim_end_matches('/').to_owned()
}

/// A story's post on a site, as every laptop on the desk sees it, whoever pushed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PostOnSite {
    /// The site's address ([`site_key`]).
    pub site: String,
    /// The post's id there.
    #[ts(type = "number")]
    pub post_id: u64,
    /// Its public address.
    pub link: String,
    /// Its status there (pending, publish, future).
    pub status: String,
    /// Who sent it last ("" when this laptop did before it joined a desk).
    pub sent_by: String,
    /// When it was sent last, if known.
    pub sent_at: Option<DateTime<Utc>>,
}
