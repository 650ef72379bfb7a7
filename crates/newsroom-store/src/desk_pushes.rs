//! The outbox on the shared desk: what other editors' laptops have queued for the newsroom's
//! WordPress sites, so an editor sees that a story is waiting to go out from Erik's laptop (no
//! network), failed there with the site's words, or needs him, before any post exists.
//!
//! Each laptop puts its own outbox entries for WordPress sites (`desk.put_outbox_entry`) as they
//! move on, and keeps those heard from the others in `desk_pushes`, read-only: the push itself
//! stays its laptop's (its worker, its editor's login on the site), and the post is claimed and
//! recorded on the desk as before ([`crate::site_posts`]). Folder targets are each laptop's own.

use chrono::{DateTime, Utc};
use newsroom_core::outbox::{OutboxState, RequestedStatus};
use rusqlite::{params, Transaction};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{StoreError, StoreResult};
use crate::sql_id::SqlId;
use crate::{time, Store};

/// One of this laptop's exports to a WordPress site, as the desk should hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingPush {
    /// The outbox entry's id.
    pub id: Uuid,
    /// The story.
    pub story: Uuid,
    /// The site, by address (`newsroom_core::outbox::site_key`).
    pub site: String,
    /// Pending review or publish.
    pub requested_status: RequestedStatus,
    /// Where it is.
    pub state: OutboxState,
    /// Attempts so far.
    pub attempts: u32,
    /// The last failure, in the site's words.
    pub last_error: String,
    /// When it was queued.
    pub created_at: DateTime<Utc>,
    /// When it last moved on.
    pub updated_at: DateTime<Utc>,
}

/// An export queued on another laptop, as the feed tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskPush {
    /// The entry, as [`OutgoingPush`] on the laptop that queued it.
    pub entry: OutgoingPush,
    /// Whose laptop queued it.
    pub queued_by: Uuid,
}

/// An export queued on another laptop, as the Outbox lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DeskPushEntry {
    /// The entry's id.
    pub id: Uuid,
    /// The story.
    pub article_id: Uuid,
    /// Its headline here.
    pub headline: String,
    /// The site's name here (its address when this laptop does not list it).
    pub site_name: String,
    /// Who queued it, on their laptop.
    pub queued_by: String,
    /// Pending review or publish.
    pub requested_status: RequestedStatus,
    /// Where it is.
    pub state: OutboxState,
    /// Attempts so far.
    pub attempts: u32,
    /// The last failure, in the site's words.
    pub last_error: String,
    /// When it last moved on.
    pub updated_at: DateTime<Utc>,
}

/// How many exports from other laptops the Outbox lists.
const DESK_PUSHES_LISTED: u32 = 200;

/// Takes the exports other laptops put on the desk (this laptop's own, heard back, are in its
/// outbox already), each only when it moved on since it was last heard.
pub(crate) fn apply_desk_pushes(
    tx: &Transaction<'_>,
    pushes: &[DeskPush],
    me: Uuid,
) -> StoreResult<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO desk_pushes (id, article_id, site, queued_by, requested_status, state,
             attempts, last_error, created_at, updated_at)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10
          WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?2)
         ON CONFLICT (id) DO UPDATE SET state = excluded.state, attempts = excluded.attempts,
             last_error = excluded.last_error, updated_at = excluded.updated_at
           WHERE excluded.updated_at > desk_pushes.updated_at",
    )?;
    for push in pushes.iter().filter(|p| p.queued_by != me) {
        let entry = &push.entry;
        let by = crate::shared_desk::person_name(tx, push.queued_by)?;
        stmt.execute(params![
            SqlId(entry.id),
            SqlId(entry.story),
            entry.site,
            by,
            entry.requested_status.key(),
            entry.state.key(),
            entry.attempts,
            entry.last_error,
            time::encode(entry.created_at),
            time::encode(entry.updated_at),
        ])?;
    }
    Ok(())
}

impl Store {
    /// This laptop's exports to WordPress sites of stories on the desk that the desk does not
    /// hold as they are now, oldest first.
    pub fn desk_pushes_to_send(&self) -> StoreResult<Vec<OutgoingPush>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT o.id, o.article_id, rtrim(t.url, '/'), o.requested_status, o.state,
                    o.attempts, o.last_error, o.created_at, o.updated_at
               FROM outbox o JOIN targets t ON t.id = o.target_id
               JOIN desk_stories d ON d.article_id = o.article_id
              WHERE t.kind = 'wordpress'
                AND o.article_id NOT IN (SELECT article_id FROM desk_stories_lost)
                AND NOT EXISTS (SELECT 1 FROM desk_pushes_sent s
                                 WHERE s.entry_id = o.id AND s.updated_at = o.updated_at)
              ORDER BY o.created_at, o.id",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok((
                row.get::<_, SqlId>(0)?.0,
                row.get::<_, SqlId>(1)?.0,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, u32>(5)?,
                row.get::<_, String>(6)?,
                row.get::<_, String>(7)?,
                row.get::<_, String>(8)?,
            ))
        })?;
        let mut outgoing = Vec::new();
        for row in rows {
            let (id, story, site, requested, state, attempts, last_error, created, updated) = row?;
            outgoing.push(OutgoingPush {
                id,
                story,
                site,
                requested_status: RequestedStatus::from_key(&requested)
                    .ok_or_else(|| StoreError::BadRow(format!("requested status {requested:?}")))?,
                state: OutboxState::from_key(&state)
                    .ok_or_else(|| StoreError::BadRow(format!("outbox state {state:?}")))?,
                attempts,
                last_error,
                created_at: time::decode(&created)?,
                updated_at: time::decode(&updated)?,
            });
        }
        Ok(outgoing)
    }

    /// The desk holds `push` as it is (or will not take it: it goes again when it moves on).
    pub fn desk_push_sent(&mut self, push: &OutgoingPush) -> StoreResult<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO desk_pushes_sent (entry_id, updated_at) VALUES (?1, ?2)
                 ON CONFLICT (entry_id) DO UPDATE SET updated_at = excluded.updated_at",
            )?
            .execute(params![SqlId(push.id), time::encode(push.updated_at)])?;
        Ok(())
    }

    /// The exports queued on other laptops: those still to go or needing their editor first,
    /// then the latest that were sent or cancelled; each newest first.
    pub fn desk_pushes(&self) -> StoreResult<Vec<DeskPushEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.id, p.article_id, a.headline,
                    coalesce((SELECT t.name FROM targets t
                               WHERE t.kind = 'wordpress' AND rtrim(t.url, '/') = p.site), p.site),
                    p.queued_by, p.requested_status, p.state, p.attempts, p.last_error,
                    p.updated_at
               FROM desk_pushes p JOIN articles a ON a.id = p.article_id
              ORDER BY p.state IN ('sent', 'cancelled'), p.updated_at DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([DESK_PUSHES_LISTED], |row| {
            Ok((
                row.get::<_, SqlId>(0)?.0,
                row.get::<_, SqlId>(1)?.0,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, String>(5)?,
                row.get::<_, String>(6)?,
                row.get::<_, u32>(7)?,
                row.get::<_, String>(8)?,
                row.get::<_, String>(9)?,
            ))
        })?;
        let mut entries = Vec::new();
        for row in rows {
            let (
                id,
                article_id,
                headline,
                site_name,
                queued_by,
                requested,
                state,
                attempts,
                last_error,
                updated,
            ) = row?;
            let (Some(requested_status), Some(state)) = (
                RequestedStatus::from_key(&requested),
                OutboxState::from_key(&state),
            ) else {
                // A kind of export this version does not know: not listed.
                continue;
            };
            entries.push(DeskPushEntry {
                id,
                article_id,
                headline,
                site_name,
                queued_by,
                requested_status,
                state,
                attempts,
                last_error,
                updated_at: time::decode(&updated)?,
            });
        }
        Ok(entries)
    }
}
