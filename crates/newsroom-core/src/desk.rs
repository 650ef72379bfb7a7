//! The desk interface: what sending stories out asks of the desk, and nothing more.
//!
//! Export (`newsroom-export`) and publish (`newsroom-publish`) speak to the desk only through
//! these traits: [`StorySource`] for what an export reads, [`PublishLedger`] for what a push
//! and the outbox worker read and record. The laptop's SQLite `Store` implements them; the
//! shared desk's ledger (`newsroom_desk::ledger::SharedLedger`) wraps the store, claiming each
//! push to a site on PostgreSQL ([`PublishLedger::claim_site`]) and recording there what the
//! site holds, so that every laptop sees it and two editors pushing the same story make one
//! post.
//!
//! Every failure comes back as a [`DeskError`]: the journalist's words, and whether waiting
//! may help.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use thiserror::Error;
use uuid::Uuid;

use crate::export::ExportStory;
use crate::outbox::{OutboxEntry, OutboxOutcome, PostReceipt, RemotePost, Target};

/// What kind of failure a [`DeskError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeskErrorKind {
    /// The desk's rules or the workflow said no: not approved, not allowed, not found.
    Refused,
    /// It may pass without anyone changing anything (busy, disk full, offline): try again
    /// later.
    Transient,
    /// Anything else.
    Failed,
}

/// A failed call to the desk, in the journalist's words.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{message}")]
pub struct DeskError {
    kind: DeskErrorKind,
    message: String,
}

impl DeskError {
    /// A failure of `kind`, said as `message`.
    pub fn new(kind: DeskErrorKind, message: impl Into<String>) -> Self {
        DeskError {
            kind,
            message: message.into(),
        }
    }

    /// The desk's rules or the workflow said no.
    pub fn refused(message: impl Into<String>) -> Self {
        DeskError::new(DeskErrorKind::Refused, message)
    }

    /// A failure that may pass: try again later.
    pub fn transient(message: impl Into<String>) -> Self {
        DeskError::new(DeskErrorKind::Transient, message)
    }

    /// Any other failure.
    pub fn failed(message: impl Into<String>) -> Self {
        DeskError::new(DeskErrorKind::Failed, message)
    }

    /// What kind of failure it is.
    pub fn kind(&self) -> DeskErrorKind {
        self.kind
    }

    /// True when the same call may succeed later without anyone changing anything.
    pub fn is_transient(&self) -> bool {
        self.kind == DeskErrorKind::Transient
    }
}

/// What an export reads from the desk.
pub trait StorySource {
    /// The approved revision of a story as it goes out. Refused when the story is not approved
    /// (or published), is in the Trash, or does not exist.
    fn export_story(&self, article_id: Uuid) -> Result<ExportStory, DeskError>;

    /// Every approved or published story not in the Trash, oldest first.
    fn approved_stories(&self) -> Result<Vec<Uuid>, DeskError>;

    /// The path of the photo's original file on this machine, unmodified since it was
    /// attached.
    fn photo_original(&self, photo_id: Uuid) -> Result<PathBuf, DeskError>;
}

/// What a push and the outbox worker read and record on the desk. Each call is on its own
/// durable when it returns `Ok`: a push that stops half-way (a crash, a lost network) finds
/// what it recorded and goes on from there, making no second post, photo or term.
pub trait PublishLedger: StorySource {
    /// The target called `name_or_id` (or with that id). Refused when there is none.
    fn target(&self, name_or_id: &str) -> Result<Target, DeskError>;

    /// Adds a WordPress target (the caller checked the address and keeps the password in the
    /// keychain under the returned id). Refused for a profile that may not manage targets, a
    /// missing user name or a name already taken.
    fn add_target(
        &mut self,
        name: &str,
        url: &str,
        username: &str,
        now: DateTime<Utc>,
    ) -> Result<Target, DeskError>;

    /// Sets the WordPress user this person sends to target `id` as (their application password
    /// goes in the keychain under the target's id). Refused for a profile that may not send
    /// stories, an empty name, or a target that is not a WordPress site.
    fn set_target_user(&mut self, id: Uuid, username: &str) -> Result<(), DeskError>;

    /// Removes a target that nothing waits to be sent to, with its history; returns it.
    /// Refused while an export to it is still in the outbox.
    fn remove_target(&mut self, id: Uuid) -> Result<Target, DeskError>;

    /// The entries due at `now`, oldest first: waiting ones whose time has come, and ones
    /// whose sender stopped renewing its claim (it crashed, or lost the network mid-way).
    fn due_outbox(&self, now: DateTime<Utc>) -> Result<Vec<Uuid>, DeskError>;

    /// When the next waiting entry is due, if any waits.
    fn next_outbox_due(&self) -> Result<Option<DateTime<Utc>>, DeskError>;

    /// Takes an entry for sending (one more attempt), held by this sender for a lease that
    /// [`PublishLedger::outbox_progress`] renews; an entry whose sender's lease ran out is taken
    /// over. `None` when it is not to be had (another sender holds it, it was sent, or a person
    /// cancelled it). At most one sender holds an entry at a time: of two asking at once,
    /// exactly one gets it. The laptop's store claims it in its file; between laptops, the
    /// post itself is claimed on the shared desk ([`PublishLedger::claim_site`]).
    fn claim_outbox(
        &mut self,
        id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Option<OutboxEntry>, DeskError>;

    /// Records how far the running attempt is (`(done, total)` steps and bytes) and renews this
    /// sender's claim. `false` when the claim was lost (it ran out and another sender took the
    /// entry): stop sending.
    fn outbox_progress(
        &mut self,
        id: Uuid,
        steps: (u32, u32),
        bytes: (u64, u64),
        now: DateTime<Utc>,
    ) -> Result<bool, DeskError>;

    /// Ends an attempt: sent, to be retried after a backoff, failed, or in conflict. Only the
    /// claim's holder finishes; a sender whose claim was taken over leaves the entry as the
    /// new holder records it. Returns the entry as it stands.
    fn finish_outbox(
        &mut self,
        id: Uuid,
        outcome: OutboxOutcome,
        now: DateTime<Utc>,
    ) -> Result<OutboxEntry, DeskError>;

    /// After a crash or a quit in the middle of a push: entries left sending whose claim ran
    /// out wait again, due now; one another sender holds is left alone. Returns how many.
    fn recover_outbox(&mut self, now: DateTime<Utc>) -> Result<u32, DeskError>;

    /// Before a push writes to a site: takes the right to write the story's post on `target`
    /// for the push `entry`, so that two senders of the same story make one post. What the
    /// site holds of the story so far (by whichever sender) is then in
    /// [`PublishLedger::remote_post`]. The laptop's store holds that right already with the
    /// outbox claim (the default); the shared desk claims it there, and answers a transient
    /// refusal while another editor's push holds it: the entry waits and then updates that
    /// post. `slug` is the one this push would give a new post.
    fn claim_site(
        &mut self,
        _entry: &OutboxEntry,
        _target: &Target,
        _slug: &str,
    ) -> Result<(), DeskError> {
        Ok(())
    }

    /// What `target_id` holds of a story: the slug fixed when it was queued, and the post once
    /// the site answered.
    fn remote_post(
        &self,
        article_id: Uuid,
        target_id: Uuid,
    ) -> Result<Option<RemotePost>, DeskError>;

    /// Records the post the site holds after a write (or found by its slug), and the revision
    /// sent when there is one, so that the next push updates it instead of making another.
    /// The shared desk records it there, for every laptop's next push.
    fn record_remote_post(
        &mut self,
        article_id: Uuid,
        target_id: Uuid,
        slug: &str,
        receipt: &PostReceipt,
        revision_id: Option<Uuid>,
    ) -> Result<(), DeskError>;

    /// The media id and address of a photo on a target, if it was uploaded there.
    fn remote_media(
        &self,
        photo_id: Uuid,
        target_id: Uuid,
    ) -> Result<Option<(u64, String)>, DeskError>;

    /// Records a photo uploaded to (or found on) a target, so it is never uploaded twice.
    fn record_remote_media(
        &mut self,
        photo_id: Uuid,
        target_id: Uuid,
        media_id: u64,
        url: &str,
    ) -> Result<(), DeskError>;

    /// The id of a category or tag (`taxonomy`) named `name` on a target, if it was found or
    /// made there before (names compared as the desk folds them).
    fn remote_term(
        &self,
        target_id: Uuid,
        taxonomy: &str,
        name: &str,
    ) -> Result<Option<u64>, DeskError>;

    /// Records a category or tag id on a target, so it is never made twice.
    fn record_remote_term(
        &mut self,
        target_id: Uuid,
        taxonomy: &str,
        name: &str,
        term_id: u64,
    ) -> Result<(), DeskError>;

    /// After the site published (or scheduled) the story: it becomes Published, moved by the
    /// editor who pushed it, with `note` in its history. A story already published stays as
    /// it is.
    fn mark_published(
        &mut self,
        article_id: Uuid,
        editor: Uuid,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<(), DeskError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_says_only_its_message_and_knows_its_kind() {
        let busy = DeskError::transient("The article database is busy in another program.");
        assert_eq!(
            busy.to_string(),
            "The article database is busy in another program."
        );
        assert!(busy.is_transient());
        let refused = DeskError::refused("Only approved stories go out.");
        assert_eq!(refused.kind(), DeskErrorKind::Refused);
        assert!(!refused.is_transient());
        assert!(!DeskError::failed("x").is_transient());
    }
}
