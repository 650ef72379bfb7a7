//! Revisions: the article's history, and the rule for when a save starts a new one.
//!
//! Every save writes a revision row, so the newest revision always equals the current text and
//! nothing the journalist typed exists only in the article row. Autosaves fired while typing
//! would make hundreds of near-identical revisions an hour, so they are coalesced: an autosave
//! extends the newest revision while that revision is an autosave by the same author that began
//! less than [`COALESCE_WINDOW`] ago. An explicit save (Ctrl/Cmd+S), a restore, a command-line
//! update and the creation of the article always start a new revision. Restoring copies an old
//! revision into a new one; no revision is ever rewritten except the open autosave one.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::article::ArticleContent;

/// How long one autosave revision keeps absorbing further autosaves: three minutes, so that
/// typing leaves a restorable revision at least every three minutes.
pub const COALESCE_WINDOW: TimeDelta = TimeDelta::minutes(3);

/// What made a revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RevisionKind {
    /// The article was created (or duplicated).
    Created,
    /// Saved automatically while typing.
    Autosave,
    /// Saved on purpose (Ctrl/Cmd+S).
    Checkpoint,
    /// An older revision was restored.
    Restore,
    /// Changed from outside the editor (`newsroom articles update`).
    Update,
}

impl RevisionKind {
    /// The kind of an editor's save: a checkpoint when the journalist asked for one (Ctrl/Cmd+S),
    /// else an autosave.
    pub fn of_save(checkpoint: bool) -> Self {
        if checkpoint {
            RevisionKind::Checkpoint
        } else {
            RevisionKind::Autosave
        }
    }

    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            RevisionKind::Created => "created",
            RevisionKind::Autosave => "autosave",
            RevisionKind::Checkpoint => "checkpoint",
            RevisionKind::Restore => "restore",
            RevisionKind::Update => "update",
        }
    }

    /// Parses a stored name.
    pub fn parse(name: &str) -> Option<Self> {
        [
            RevisionKind::Created,
            RevisionKind::Autosave,
            RevisionKind::Checkpoint,
            RevisionKind::Restore,
            RevisionKind::Update,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == name)
    }
}

/// Whether a save extends the newest revision or starts a new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevisionAction {
    /// Overwrite the newest revision's text (it is an open autosave revision).
    Extend,
    /// Add a new revision.
    Start,
}

/// The newest revision, as far as the coalescing rule needs to know it.
#[derive(Debug, Clone, Copy)]
pub struct LatestRevision<'a> {
    /// What made it.
    pub kind: RevisionKind,
    /// Who made it.
    pub author: &'a str,
    /// When it began.
    pub created_at: DateTime<Utc>,
}

/// Decides what a save of kind `kind` by `author` at `now` does to the history.
pub fn next_revision_action(
    latest: Option<LatestRevision<'_>>,
    kind: RevisionKind,
    author: &str,
    now: DateTime<Utc>,
) -> RevisionAction {
    match latest {
        Some(latest)
            if kind == RevisionKind::Autosave
                && latest.kind == RevisionKind::Autosave
                && latest.author == author
                && now.signed_duration_since(latest.created_at) < COALESCE_WINDOW =>
        {
            RevisionAction::Extend
        }
        _ => RevisionAction::Start,
    }
}

/// One line of the history panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RevisionSummary {
    /// UUID v7 of the revision.
    pub id: Uuid,
    /// What made it.
    pub kind: RevisionKind,
    /// Who wrote it.
    pub author: String,
    /// When it began.
    pub created_at: DateTime<Utc>,
    /// When its text was last written (later than `created_at` for coalesced autosaves).
    pub updated_at: DateTime<Utc>,
    /// Words in its body.
    pub word_count: u32,
    /// Its headline, to recognise it by.
    pub headline: String,
    /// Made on another laptop, and heard from the shared desk (this laptop's own revisions are
    /// the ones an approval or the workflow trail names).
    pub elsewhere: bool,
    /// Its text is on this laptop (one made elsewhere is read from the desk when its story is
    /// open and the desk answers).
    pub text_here: bool,
}

/// A revision with its full text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Revision {
    /// The list entry.
    #[serde(flatten)]
    #[ts(flatten)]
    pub summary: RevisionSummary,
    /// The text as it was.
    pub content: ArticleContent,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000 + seconds, 0).unwrap_or_default()
    }

    fn latest(kind: RevisionKind, author: &str, created: i64) -> Option<LatestRevision<'_>> {
        Some(LatestRevision {
            kind,
            author,
            created_at: at(created),
        })
    }

    #[test]
    fn typing_extends_the_open_autosave_revision() {
        let action = next_revision_action(
            latest(RevisionKind::Autosave, "ana", 0),
            RevisionKind::Autosave,
            "ana",
            at(60),
        );
        assert_eq!(action, RevisionAction::Extend);
    }

    #[test]
    fn typing_for_three_minutes_starts_a_new_revision() {
        let action = next_revision_action(
            latest(RevisionKind::Autosave, "ana", 0),
            RevisionKind::Autosave,
            "ana",
            at(180),
        );
        assert_eq!(action, RevisionAction::Start);
    }

    #[test]
    fn another_author_starts_a_new_revision() {
        let action = next_revision_action(
            latest(RevisionKind::Autosave, "ana", 0),
            RevisionKind::Autosave,
            "bo",
            at(1),
        );
        assert_eq!(action, RevisionAction::Start);
    }

    #[test]
    fn explicit_saves_and_restores_always_start_one() {
        for kind in [
            RevisionKind::Checkpoint,
            RevisionKind::Restore,
            RevisionKind::Update,
            RevisionKind::Created,
        ] {
            let action =
                next_revision_action(latest(RevisionKind::Autosave, "ana", 0), kind, "ana", at(1));
            assert_eq!(action, RevisionAction::Start, "{kind:?}");
        }
    }

    #[test]
    fn autosave_after_a_checkpoint_starts_a_new_revision() {
        let action = next_revision_action(
            latest(RevisionKind::Checkpoint, "ana", 0),
            RevisionKind::Autosave,
            "ana",
            at(1),
        );
        assert_eq!(action, RevisionAction::Start);
    }

    #[test]
    fn first_save_starts_one() {
        assert_eq!(
            next_revision_action(None, RevisionKind::Autosave, "ana", at(0)),
            RevisionAction::Start
        );
    }

    #[test]
    fn kinds_round_trip_through_their_names() {
        for kind in [
            RevisionKind::Created,
            RevisionKind::Autosave,
            RevisionKind::Checkpoint,
            RevisionKind::Restore,
            RevisionKind::Update,
        ] {
            assert_eq!(RevisionKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(RevisionKind::parse("deleted"), None);
    }
}
