//! Export targets and the outbox: what waits to go to which site, and what each site holds.
//!
//! A push is a row in `outbox` before anything is sent, so quitting, a crash or a lost network
//! loses nothing: the worker (in `newsroom-publish`) claims due rows one at a time, each leased
//! to the connection sending it (renewed as it makes progress), so two processes on one folder
//! never send the same row, and a row whose sender crashed is taken again once its lease runs
//! out. What a site holds
//! of a story (post id, slug, last modified time), of a photo (media id) and of a term is kept
//! here so that pushing again updates instead of duplicating.
//!
//! Secrets are not here: a target's password lives in the OS keychain. The values themselves
//! (targets, entries, receipts) are [`newsroom_core::outbox`]'s, re-exported here: the desk
//! interface speaks them.

use chrono::{DateTime, TimeDelta, Utc};
use newsroom_core::authority::DeskAct;
use newsroom_core::vocabulary::{clean_term_name, name_key};
use newsroom_core::workflow::WorkflowState;
use rusqlite::{params, OptionalExtension, Row};
use uuid::Uuid;

use crate::error::{StoreError, StoreResult};
use crate::export::display_headline;
use crate::sql_id::SqlId;
use crate::workflow::Profile;
use crate::{time, Store};

pub use newsroom_core::outbox::{
    OutboxEntry, OutboxOutcome, OutboxState, PostReceipt, RemotePost, RemoteVersion,
    RequestedStatus, Target, TargetKind,
};

fn kind_key(kind: TargetKind) -> &'static str {
    match kind {
        TargetKind::WordPress => "wordpress",
        TargetKind::Folder => "folder",
    }
}

/// How many exports to target `id` wait, are being sent or wait for a person's choice.
pub(crate) fn exports_waiting_for(tx: &rusqlite::Transaction<'_>, id: Uuid) -> StoreResult<u32> {
    Ok(tx.query_row(
        "SELECT count(*) FROM outbox WHERE target_id = ?1 AND state IN ('waiting', 'sending', 'conflict')",
        [SqlId(id)],
        |row| row.get(0),
    )?)
}

/// Deletes target `id` with its history (the caller checked nothing waits to go to it).
pub(crate) fn delete_target(tx: &rusqlite::Transaction<'_>, id: Uuid) -> StoreResult<()> {
    for table in ["outbox", "remote_posts", "remote_media", "remote_terms"] {
        tx.execute(
            &format!("DELETE FROM {table} WHERE target_id = ?1"),
            [SqlId(id)],
        )?;
    }
    tx.execute("DELETE FROM targets WHERE id = ?1", [SqlId(id)])?;
    Ok(())
}

/// Longest wait between two attempts.
const MAX_BACKOFF: TimeDelta = TimeDelta::minutes(30);

/// How long a claimed entry stays its sender's without news from it. Every step renews it, and
/// a long upload every few seconds; the site's answer timeouts are far shorter. A desk that
/// crashed mid-push sends the entry again this long after (the post is found by its slug).
pub const OUTBOX_LEASE: TimeDelta = TimeDelta::minutes(2);

/// How long to wait after `attempts` failed attempts: 5 s, 10 s, 20 s … at most 30 minutes.
pub fn backoff(attempts: u32) -> TimeDelta {
    let seconds = 5_i64.saturating_mul(1_i64 << attempts.saturating_sub(1).min(20));
    TimeDelta::seconds(seconds).min(MAX_BACKOFF)
}

const ENTRY_COLUMNS: &str = "o.id, o.article_id, a.headline, o.target_id, t.name, o.revision_id,
    o.requested_status, o.state, o.attempts, o.next_attempt_at, o.last_error, o.steps_done,
    o.steps_total, o.bytes_done, o.bytes_total, o.conflict_remote, o.overwrite_remote_modified,
    o.queued_by, o.queued_by_id, o.created_at,
    coalesce((SELECT link FROM remote_posts r WHERE r.article_id = o.article_id AND r.target_id = o.target_id), '')";
const ENTRY_FROM: &str =
    "FROM outbox o JOIN articles a ON a.id = o.article_id JOIN targets t ON t.id = o.target_id";

fn entry_from_row(row: &Row<'_>) -> rusqlite::Result<StoredEntry> {
    Ok(StoredEntry {
        id: row.get::<_, SqlId>(0)?.0,
        article_id: row.get::<_, SqlId>(1)?.0,
        headline: row.get(2)?,
        target_id: row.get::<_, SqlId>(3)?.0,
        target_name: row.get(4)?,
        revision_id: row.get::<_, SqlId>(5)?.0,
        requested_status: row.get(6)?,
        state: row.get(7)?,
        attempts: row.get(8)?,
        next_attempt_at: row.get(9)?,
        last_error: row.get(10)?,
        steps_done: row.get(11)?,
        steps_total: row.get(12)?,
        bytes_done: row.get(13)?,
        bytes_total: row.get(14)?,
        conflict: row.get(15)?,
        overwrite_remote_modified: row.get(16)?,
        queued_by: row.get(17)?,
        queued_by_id: row.get::<_, SqlId>(18)?.0,
        created_at: row.get(19)?,
        link: row.get(20)?,
    })
}

struct StoredEntry {
    id: Uuid,
    article_id: Uuid,
    headline: String,
    target_id: Uuid,
    target_name: String,
    revision_id: Uuid,
    requested_status: String,
    state: String,
    attempts: u32,
    next_attempt_at: String,
    last_error: String,
    steps_done: u32,
    steps_total: u32,
    bytes_done: i64,
    bytes_total: i64,
    conflict: Option<String>,
    overwrite_remote_modified: Option<String>,
    queued_by: String,
    queued_by_id: Uuid,
    created_at: String,
    link: String,
}

impl StoredEntry {
    fn finish(self) -> StoreResult<OutboxEntry> {
        Ok(OutboxEntry {
            id: self.id,
            article_id: self.article_id,
            headline: display_headline(&self.headline).to_owned(),
            target_id: self.target_id,
            target_name: self.target_name,
            revision_id: self.revision_id,
            requested_status: RequestedStatus::from_key(&self.requested_status).ok_or_else(
                || StoreError::BadRow(format!("outbox status {:?}", self.requested_status)),
            )?,
            state: OutboxState::from_key(&self.state)
                .ok_or_else(|| StoreError::BadRow(format!("outbox state {:?}", self.state)))?,
            attempts: self.attempts,
            next_attempt_at: time::decode(&self.next_attempt_at)?,
            last_error: self.last_error,
            steps_done: self.steps_done,
            steps_total: self.steps_total,
            bytes_done: u64::try_from(self.bytes_done).unwrap_or(0),
            bytes_total: u64::try_from(self.bytes_total).unwrap_or(0),
            conflict: self
                .conflict
                .map(|json| serde_json::from_str(&json))
                .transpose()
                .map_err(|err| StoreError::BadRow(format!("outbox conflict: {err}")))?,
            overwrite_remote_modified: self.overwrite_remote_modified,
            queued_by: self.queued_by,
            queued_by_id: self.queued_by_id,
            created_at: time::decode(&self.created_at)?,
            link: self.link,
        })
    }
}

impl Store {
    /// Adds a WordPress target. The caller has checked the address (https, or http on this
    /// machine) and put the password in the keychain under the returned id.
    pub fn add_target(
        &mut self,
        name: &str,
        url: &str,
        username: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Target> {
        self.authorize(DeskAct::ManageTargets)?;
        if username.trim().is_empty() {
            return Err(StoreError::Workflow(
                "Give the WordPress user name the application password belongs to.".into(),
            ));
        }
        self.insert_target(name, TargetKind::WordPress, url, username.trim(), "", now)
    }

    /// Adds a folder target: pushed stories are written there as `format` files ("ninjs",
    /// "newsml" or "html") for another system to pick up.
    pub fn add_folder_target(
        &mut self,
        name: &str,
        folder: &str,
        format: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Target> {
        self.authorize(DeskAct::ManageTargets)?;
        if !matches!(format, "ninjs" | "newsml" | "html") {
            return Err(StoreError::Workflow(format!(
                "\"{format}\" is not a file format: use ninjs, newsml or html."
            )));
        }
        if folder.trim().is_empty() {
            return Err(StoreError::Workflow(
                "Choose the folder to write to.".into(),
            ));
        }
        self.insert_target(name, TargetKind::Folder, folder.trim(), "", format, now)
    }

    fn insert_target(
        &mut self,
        name: &str,
        kind: TargetKind,
        url: &str,
        username: &str,
        format: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Target> {
        let name = clean_term_name("target name", name)?;
        let id = Uuid::now_v7();
        let tx = self.write_transaction()?;
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM targets WHERE name_key = ?1)",
            [name_key(&name)],
            |row| row.get(0),
        )?;
        if taken {
            return Err(StoreError::Workflow(format!(
                "There is already a target called \"{name}\"."
            )));
        }
        tx.execute(
            "INSERT INTO targets (id, name, name_key, kind, url, username, format, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                SqlId(id),
                name,
                name_key(&name),
                kind_key(kind),
                url,
                username,
                format,
                time::encode(now)
            ],
        )?;
        tx.commit()?;
        Ok(Target {
            id,
            name,
            kind,
            url: url.to_owned(),
            username: username.to_owned(),
            format: format.to_owned(),
        })
    }

    /// Every target, by name.
    pub fn targets(&self) -> StoreResult<Vec<Target>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, name, kind, url, username, format FROM targets ORDER BY name_key",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(Target {
                id: row.get::<_, SqlId>(0)?.0,
                name: row.get(1)?,
                kind: if row.get::<_, String>(2)? == "folder" {
                    TargetKind::Folder
                } else {
                    TargetKind::WordPress
                },
                url: row.get(3)?,
                username: row.get(4)?,
                format: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The target called `name` (or with that id).
    pub fn target(&self, name_or_id: &str) -> StoreResult<Target> {
        let key = name_key(name_or_id);
        self.targets()?
            .into_iter()
            .find(|t| name_key(&t.name) == key || t.id.to_string() == name_or_id.trim())
            .ok_or_else(|| {
                StoreError::Workflow(format!(
                    "There is no target called \"{}\". Add it in Settings or with `newsroom targets add`.",
                    name_or_id.trim()
                ))
            })
    }

    /// Removes a target that nothing waits to be sent to; returns it. Its history goes with it.
    pub fn remove_target(&mut self, id: Uuid) -> StoreResult<Target> {
        self.authorize(DeskAct::ManageTargets)?;
        let target = self.target(&id.to_string())?;
        let tx = self.write_transaction()?;
        let busy = exports_waiting_for(&tx, id)?;
        if busy > 0 {
            return Err(StoreError::Workflow(format!(
                "{busy} export(s) to \"{}\" are still in the outbox; send or cancel them first.",
                target.name
            )));
        }
        delete_target(&tx, id)?;
        tx.commit()?;
        Ok(target)
    }

    /// Puts the approved revision of a story in the outbox for `target_id`. Only editors push,
    /// only approved (or published) stories go. A push of the same story to the same target
    /// that has not gone yet is brought up to date instead of queued twice.
    pub fn enqueue_push(
        &mut self,
        article_id: Uuid,
        target_id: Uuid,
        status: RequestedStatus,
        actor: &Profile,
        now: DateTime<Utc>,
    ) -> StoreResult<OutboxEntry> {
        newsroom_core::authority::may(Some(actor.role), DeskAct::Push, false)
            .map_err(|refusal| StoreError::Workflow(refusal.to_string()))?;
        let story = self.export_story(article_id)?;
        self.target(&target_id.to_string())?;
        let tx = self.write_transaction()?;
        let open: Option<SqlId> = tx
            .query_row(
                "SELECT id FROM outbox WHERE article_id = ?1 AND target_id = ?2
                   AND state IN ('waiting', 'failed', 'conflict') ORDER BY created_at DESC LIMIT 1",
                params![SqlId(article_id), SqlId(target_id)],
                |row| row.get(0),
            )
            .optional()?;
        let sending: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM outbox WHERE article_id = ?1 AND target_id = ?2 AND state = 'sending')",
            params![SqlId(article_id), SqlId(target_id)],
            |row| row.get(0),
        )?;
        if sending {
            return Err(StoreError::Workflow(
                "This story is being sent to that site right now; wait for it to finish.".into(),
            ));
        }
        let id = match open {
            Some(SqlId(id)) => {
                tx.execute(
                    "UPDATE outbox SET revision_id = ?2, requested_status = ?3, state = 'waiting',
                       next_attempt_at = ?4, last_error = '', queued_by_id = ?5, queued_by = ?6,
                       updated_at = ?4 WHERE id = ?1",
                    params![
                        SqlId(id),
                        SqlId(story.revision_id),
                        status.key(),
                        time::encode(now),
                        SqlId(actor.id),
                        actor.name
                    ],
                )?;
                id
            }
            None => {
                let id = Uuid::now_v7();
                tx.execute(
                    "INSERT INTO outbox (id, article_id, target_id, revision_id, requested_status, state,
                       next_attempt_at, queued_by_id, queued_by, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, 'waiting', ?6, ?7, ?8, ?6, ?6)",
                    params![
                        SqlId(id),
                        SqlId(article_id),
                        SqlId(target_id),
                        SqlId(story.revision_id),
                        status.key(),
                        time::encode(now),
                        SqlId(actor.id),
                        actor.name
                    ],
                )?;
                id
            }
        };
        // The slug is fixed before anything is sent: a retry after a lost answer looks the post
        // up by it.
        tx.execute(
            "INSERT INTO remote_posts (article_id, target_id, slug) VALUES (?1, ?2, ?3)
             ON CONFLICT (article_id, target_id) DO NOTHING",
            params![SqlId(article_id), SqlId(target_id), story.slug],
        )?;
        tx.commit()?;
        self.outbox_entry(id)
    }

    /// One outbox entry.
    pub fn outbox_entry(&self, id: Uuid) -> StoreResult<OutboxEntry> {
        self.conn
            .query_row(
                &format!("SELECT {ENTRY_COLUMNS} {ENTRY_FROM} WHERE o.id = ?1"),
                [SqlId(id)],
                entry_from_row,
            )
            .optional()?
            .ok_or(StoreError::NotFound { what: "export", id })?
            .finish()
    }

    /// The outbox, newest first: everything waiting, sending or needing a person, then the
    /// last `limit` that were sent or cancelled.
    pub fn outbox(&self, limit: u32) -> StoreResult<Vec<OutboxEntry>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {ENTRY_COLUMNS} {ENTRY_FROM}
             ORDER BY o.state IN ('sent', 'cancelled'), o.created_at DESC, o.id DESC LIMIT ?1"
        ))?;
        let rows = statement.query_map([limit], entry_from_row)?;
        rows.map(|row| row?.finish()).collect()
    }

    /// The entries due at `now`, oldest first: waiting ones whose time has come, and ones whose
    /// sender stopped renewing its lease (it crashed, or lost the network mid-way).
    pub fn due_outbox(&self, now: DateTime<Utc>) -> StoreResult<Vec<Uuid>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id FROM outbox
             WHERE (state = 'waiting' AND next_attempt_at <= ?1)
                OR (state = 'sending' AND (lease_expires_at IS NULL OR lease_expires_at < ?1))
             ORDER BY created_at, id",
        )?;
        let rows = statement.query_map([time::encode(now)], |row| row.get::<_, SqlId>(0))?;
        rows.map(|row| Ok(row?.0)).collect()
    }

    /// When the next waiting entry is due, if any waits.
    pub fn next_outbox_due(&self) -> StoreResult<Option<DateTime<Utc>>> {
        let next: Option<String> = self.conn.query_row(
            "SELECT min(next_attempt_at) FROM outbox WHERE state = 'waiting'",
            [],
            |row| row.get(0),
        )?;
        time::decode_opt(next.as_deref())
    }

    /// Takes an entry for sending (waiting → sending, one more attempt), leased to this
    /// connection until `now` + [`OUTBOX_LEASE`]; an entry whose sender's lease ran out is taken
    /// over the same way. `None` when it is not to be had (another sender holds it, it was sent,
    /// or a person cancelled it). The look and the claim are one UPDATE in one transaction, so
    /// of two senders exactly one gets it.
    pub fn claim_outbox(
        &mut self,
        id: Uuid,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<OutboxEntry>> {
        let sender = self.sender_id;
        let tx = self.write_transaction()?;
        let claimed = tx.execute(
            "UPDATE outbox SET state = 'sending', attempts = attempts + 1, steps_done = 0,
               bytes_done = 0, updated_at = ?2, lease_owner = ?3, lease_expires_at = ?4
             WHERE id = ?1 AND (state = 'waiting'
               OR (state = 'sending' AND (lease_expires_at IS NULL OR lease_expires_at < ?2)))",
            params![
                SqlId(id),
                time::encode(now),
                SqlId(sender),
                time::encode(now + OUTBOX_LEASE)
            ],
        )?;
        tx.commit()?;
        if claimed == 0 {
            return Ok(None);
        }
        self.outbox_entry(id).map(Some)
    }

    /// Records how far the running attempt is, and renews this sender's lease. `false` when
    /// the lease was lost (it ran out and another sender took the entry): stop sending.
    pub fn outbox_progress(
        &mut self,
        id: Uuid,
        steps: (u32, u32),
        bytes: (u64, u64),
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let sender = self.sender_id;
        let tx = self.write_transaction()?;
        let renewed = tx.execute(
            "UPDATE outbox SET steps_done = ?2, steps_total = ?3, bytes_done = ?4, bytes_total = ?5,
               lease_expires_at = ?7
             WHERE id = ?1 AND state = 'sending' AND lease_owner = ?6",
            params![
                SqlId(id),
                steps.0,
                steps.1,
                i64::try_from(bytes.0).unwrap_or(i64::MAX),
                i64::try_from(bytes.1).unwrap_or(i64::MAX),
                SqlId(sender),
                time::encode(now + OUTBOX_LEASE)
            ],
        )?;
        tx.commit()?;
        Ok(renewed == 1)
    }

    /// Ends an attempt: sent, to be retried after a backoff, failed, or in conflict.
    pub fn finish_outbox(
        &mut self,
        id: Uuid,
        outcome: OutboxOutcome,
        now: DateTime<Utc>,
    ) -> StoreResult<OutboxEntry> {
        let sender = self.sender_id;
        let tx = self.write_transaction()?;
        let attempts: u32 = tx.query_row(
            "SELECT attempts FROM outbox WHERE id = ?1",
            [SqlId(id)],
            |row| row.get(0),
        )?;
        let (state, next, error, conflict) = match outcome {
            OutboxOutcome::Sent => (OutboxState::Sent, now, String::new(), None),
            OutboxOutcome::RetryLater(error) => {
                (OutboxState::Waiting, now + backoff(attempts), error, None)
            }
            OutboxOutcome::Failed(error) => (OutboxState::Failed, now, error, None),
            OutboxOutcome::Conflict(remote) => (
                OutboxState::Conflict,
                now,
                "The post was edited on the site since it was last sent.".to_owned(),
                Some(
                    serde_json::to_string(&remote)
                        .map_err(|err| StoreError::BadRow(err.to_string()))?,
                ),
            ),
        };
        // Only the lease's holder finishes: a sender whose lease ran out (and another took the
        // entry over) leaves the row to the one sending it now.
        let finished = tx.execute(
            "UPDATE outbox SET state = ?2, next_attempt_at = ?3, last_error = ?4,
               conflict_remote = coalesce(?5, conflict_remote), updated_at = ?6,
               lease_owner = NULL, lease_expires_at = NULL
             WHERE id = ?1 AND state = 'sending' AND lease_owner = ?7",
            params![
                SqlId(id),
                state.key(),
                time::encode(next),
                error,
                conflict,
                time::encode(now),
                SqlId(sender)
            ],
        )?;
        tx.commit()?;
        if finished == 0 {
            tracing::warn!(entry = %id, "outbox: another sender holds this entry now; its result stands");
        }
        self.outbox_entry(id)
    }

    /// "Retry": a failed, cancelled or waiting entry is due now. A conflict is settled with
    /// [`Store::overwrite_remote`] or [`Store::cancel_outbox`] instead.
    pub fn retry_outbox(&mut self, id: Uuid, now: DateTime<Utc>) -> StoreResult<OutboxEntry> {
        self.authorize(DeskAct::SettleOutbox)?;
        self.set_outbox_state(
            id,
            &["waiting", "failed", "cancelled"],
            "waiting",
            None,
            now,
            "Only a waiting, failed or cancelled export can be retried.",
        )
    }

    /// "Cancel": the entry will not be sent.
    pub fn cancel_outbox(&mut self, id: Uuid, now: DateTime<Utc>) -> StoreResult<OutboxEntry> {
        self.authorize(DeskAct::SettleOutbox)?;
        self.set_outbox_state(
            id,
            &["waiting", "failed", "conflict"],
            "cancelled",
            None,
            now,
            "This export is being sent or was sent already; it cannot be cancelled.",
        )
    }

    /// "Replace the site's version": the person saw the site's edit and chose the desk's text.
    pub fn overwrite_remote(&mut self, id: Uuid, now: DateTime<Utc>) -> StoreResult<OutboxEntry> {
        self.authorize(DeskAct::SettleOutbox)?;
        let entry = self.outbox_entry(id)?;
        let Some(remote) = entry
            .conflict
            .filter(|_| entry.state == OutboxState::Conflict)
        else {
            return Err(StoreError::Workflow(
                "This export is not waiting for a choice about the site's version.".into(),
            ));
        };
        self.set_outbox_state(
            id,
            &["conflict"],
            "waiting",
            Some(&remote.modified_gmt),
            now,
            "This export is not waiting for a choice about the site's version.",
        )
    }

    fn set_outbox_state(
        &mut self,
        id: Uuid,
        from: &[&str],
        to: &str,
        overwrite: Option<&str>,
        now: DateTime<Utc>,
        refusal: &str,
    ) -> StoreResult<OutboxEntry> {
        let current = self.outbox_entry(id)?;
        if !from.contains(&current.state.key()) {
            return Err(StoreError::Workflow(refusal.to_owned()));
        }
        let tx = self.write_transaction()?;
        tx.execute(
            "UPDATE outbox SET state = ?2, next_attempt_at = ?3, overwrite_remote_modified = coalesce(?4, overwrite_remote_modified),
               updated_at = ?3 WHERE id = ?1 AND state = ?5",
            params![SqlId(id), to, time::encode(now), overwrite, current.state.key()],
        )?;
        tx.commit()?;
        self.outbox_entry(id)
    }

    /// After a crash or a quit in the middle of a push: entries left "sending" whose lease
    /// ran out wait again, due now (an entry another running process is sending keeps its
    /// lease and is left alone). Returns how many.
    pub fn recover_outbox(&mut self, now: DateTime<Utc>) -> StoreResult<u32> {
        let tx = self.write_transaction()?;
        let count = tx.execute(
            "UPDATE outbox SET state = 'waiting', next_attempt_at = ?1, updated_at = ?1,
               last_error = 'Interrupted (the desk was closed while sending); sent again.',
               lease_owner = NULL, lease_expires_at = NULL
             WHERE state = 'sending' AND (lease_expires_at IS NULL OR lease_expires_at < ?1)",
            [time::encode(now)],
        )?;
        tx.commit()?;
        Ok(u32::try_from(count).unwrap_or(u32::MAX))
    }

    /// What `target_id` holds of a story.
    pub fn remote_post(
        &self,
        article_id: Uuid,
        target_id: Uuid,
    ) -> StoreResult<Option<RemotePost>> {
        Ok(self
            .conn
            .query_row(
                "SELECT slug, post_id, modified_gmt, link FROM remote_posts WHERE article_id = ?1 AND target_id = ?2",
                params![SqlId(article_id), SqlId(target_id)],
                |row| {
                    Ok(RemotePost {
                        slug: row.get(0)?,
                        post_id: row.get::<_, Option<i64>>(1)?.and_then(|id| u64::try_from(id).ok()),
                        modified_gmt: row.get(2)?,
                        link: row.get(3)?,
                    })
                },
            )
            .optional()?)
    }

    /// Records the post the site holds after a write (or found by its slug).
    pub fn record_remote_post(
        &mut self,
        article_id: Uuid,
        target_id: Uuid,
        slug: &str,
        receipt: &PostReceipt,
        revision_id: Option<Uuid>,
    ) -> StoreResult<()> {
        let tx = self.write_transaction()?;
        tx.execute(
            "INSERT INTO remote_posts (article_id, target_id, slug, post_id, modified_gmt, link, remote_status, pushed_revision_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (article_id, target_id) DO UPDATE SET post_id = excluded.post_id,
               modified_gmt = excluded.modified_gmt, link = excluded.link,
               remote_status = excluded.remote_status,
               pushed_revision_id = coalesce(excluded.pushed_revision_id, pushed_revision_id)",
            params![
                SqlId(article_id),
                SqlId(target_id),
                slug,
                i64::try_from(receipt.post_id).unwrap_or(i64::MAX),
                receipt.modified_gmt,
                receipt.link,
                receipt.status,
                revision_id.map(SqlId)
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The media id and address of a photo on a target, if it was uploaded there.
    pub fn remote_media(
        &self,
        photo_id: Uuid,
        target_id: Uuid,
    ) -> StoreResult<Option<(u64, String)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT media_id, url FROM remote_media WHERE photo_id = ?1 AND target_id = ?2",
                params![SqlId(photo_id), SqlId(target_id)],
                |row| Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?)),
            )
            .optional()?
            .map(|(id, url)| (u64::try_from(id).unwrap_or(0), url)))
    }

    /// Records a photo uploaded to (or found on) a target.
    pub fn record_remote_media(
        &mut self,
        photo_id: Uuid,
        target_id: Uuid,
        media_id: u64,
        url: &str,
    ) -> StoreResult<()> {
        let tx = self.write_transaction()?;
        tx.execute(
            "INSERT INTO remote_media (photo_id, target_id, media_id, url) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (photo_id, target_id) DO UPDATE SET media_id = excluded.media_id, url = excluded.url",
            params![
                SqlId(photo_id),
                SqlId(target_id),
                i64::try_from(media_id).unwrap_or(i64::MAX),
                url
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Forgets a photo's upload (the site no longer has it).
    pub fn forget_remote_media(&mut self, photo_id: Uuid, target_id: Uuid) -> StoreResult<()> {
        let tx = self.write_transaction()?;
        tx.execute(
            "DELETE FROM remote_media WHERE photo_id = ?1 AND target_id = ?2",
            params![SqlId(photo_id), SqlId(target_id)],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The id of a category or tag on a target, if it was found or made there before.
    pub fn remote_term(
        &self,
        target_id: Uuid,
        taxonomy: &str,
        name: &str,
    ) -> StoreResult<Option<u64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT term_id FROM remote_terms WHERE target_id = ?1 AND taxonomy = ?2 AND name_key = ?3",
                params![SqlId(target_id), taxonomy, name_key(name)],
                |row| row.get::<_, i64>(0),
            )
            .optional()?
            .and_then(|id| u64::try_from(id).ok()))
    }

    /// Records a category or tag id on a target.
    pub fn record_remote_term(
        &mut self,
        target_id: Uuid,
        taxonomy: &str,
        name: &str,
        term_id: u64,
    ) -> StoreResult<()> {
        let tx = self.write_transaction()?;
        tx.execute(
            "INSERT INTO remote_terms (target_id, taxonomy, name_key, term_id) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (target_id, taxonomy, name_key) DO UPDATE SET term_id = excluded.term_id",
            params![
                SqlId(target_id),
                taxonomy,
                name_key(name),
                i64::try_from(term_id).unwrap_or(i64::MAX)
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// After the site published (or scheduled) the story: the story becomes Published, moved
    /// by the editor who pushed it. A story already published stays as it is.
    pub fn mark_published(
        &mut self,
        article_id: Uuid,
        editor: Uuid,
        note: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        if self.article(article_id)?.status != WorkflowState::Approved {
            return Ok(());
        }
        let profile = self
            .profiles()?
            .into_iter()
            .find(|p| p.id == editor)
            .ok_or(StoreError::NotFound {
                what: "profile",
                id: editor,
            })?;
        self.move_story(
            article_id,
            newsroom_core::WorkflowAction::Publish,
            &profile,
            crate::Seen::Unchecked,
            note,
            now,
        )?;
        Ok(())
    }
}
