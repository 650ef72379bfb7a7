//! A story's revisions on the shared desk: every laptop that may see a story lists the
//! revisions made on the others in its history, with who made them and when, and can show
//! what changed since one and restore it (a restore is a new edit here, which merges).
//!
//! Each laptop puts its own person's revisions (created, autosaved, saved, restored, changed
//! from the command line; not the revisions it records in others' names when their edits
//! arrive) once they are settled: an autosave grows
//! for [`COALESCE_WINDOW`] after it began, so it goes when that is over or a newer revision
//! follows it, not with every save. The feed brings only summaries, kept in `desk_revisions`;
//! a revision's text is read from the desk when its story is open in the window
//! ([`Store::desk_revision_texts_wanted`]), since a laptop joining a desk of thousands of
//! stories must not fetch every revision's text. This laptop's own revisions stay in
//! `revisions`, the only ones an approval, an export or the workflow trail names.

use chrono::{DateTime, Utc};
use newsroom_core::revision::COALESCE_WINDOW;
use newsroom_core::{ArticleContent, RevisionKind};
use rusqlite::{params, Transaction};
use uuid::Uuid;

use crate::error::{StoreError, StoreResult};
use crate::sql_id::SqlId;
use crate::{time, Store};

/// A revision another laptop put on the desk, as the feed tells it (no text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskRevision {
    /// Its id (the same on every laptop).
    pub id: Uuid,
    /// The story.
    pub story: Uuid,
    /// Whose laptop made it.
    pub author: Uuid,
    /// What made it.
    pub kind: RevisionKind,
    /// When it began.
    pub created_at: DateTime<Utc>,
    /// When its text was last written.
    pub updated_at: DateTime<Utc>,
    /// Its headline.
    pub headline: String,
    /// Words in its body.
    pub word_count: u32,
}

/// One of this laptop's revisions, settled, that the desk does not hold as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingRevision {
    /// Its id.
    pub id: Uuid,
    /// The story.
    pub story: Uuid,
    /// What made it.
    pub kind: RevisionKind,
    /// When it began.
    pub created_at: DateTime<Utc>,
    /// When its text was last written.
    pub updated_at: DateTime<Utc>,
    /// Its text.
    pub content: ArticleContent,
    /// Words in its body.
    pub word_count: u32,
}

/// The text of a revision made elsewhere, read from the desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskRevisionText {
    /// The revision.
    pub id: Uuid,
    /// When the text read was last written (a revision that grew since is read again).
    pub updated_at: DateTime<Utc>,
    /// Its text.
    pub content: ArticleContent,
}

/// The most revision texts read from the desk for the open story in one round.
pub const REVISION_TEXTS_PER_ROUND: u32 = 20;

/// Takes the summaries of revisions made on other laptops (one of this laptop's own, heard
/// back, is already in `revisions`). A revision that grew since its text was read loses that
/// text, to be read again.
pub(crate) fn apply_desk_revisions(
    tx: &Transaction<'_>,
    revisions: &[DeskRevision],
) -> StoreResult<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO desk_revisions (id, article_id, kind, author, created_at, updated_at,
             headline, word_count)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8
          WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?2)
            AND NOT EXISTS (SELECT 1 FROM revisions WHERE id = ?1)
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, updated_at = excluded.updated_at,
             headline = excluded.headline, word_count = excluded.word_count,
             standfirst = NULL, body = NULL, byline = NULL, editors_note = NULL,
             language = NULL
           WHERE excluded.updated_at > desk_revisions.updated_at",
    )?;
    for revision in revisions {
        let author = crate::shared_desk::person_name(tx, revision.author)?;
        stmt.execute(params![
            SqlId(revision.id),
            SqlId(revision.story),
            revision.kind.as_str(),
            author,
            time::encode(revision.created_at),
            time::encode(revision.updated_at),
            revision.headline,
            revision.word_count,
        ])?;
    }
    Ok(())
}

impl Store {
    /// This laptop's settled revisions of the stories on the desk that the desk does not hold
    /// as they are, oldest first. Settled: not an autosave, or one that stopped growing (a
    /// newer revision follows it, or its [`COALESCE_WINDOW`] is over at `now`).
    pub fn desk_revisions_to_send(&self, now: DateTime<Utc>) -> StoreResult<Vec<OutgoingRevision>> {
        let settled_before = time::encode(now - COALESCE_WINDOW);
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.id, r.article_id, r.kind, r.created_at, r.updated_at, r.headline,
                    r.standfirst, r.body, r.byline, r.editors_note, r.language, r.word_count
               FROM revisions r JOIN desk_stories d ON d.article_id = r.article_id
              WHERE (r.kind <> 'update' OR r.author = (SELECT p.name FROM desk_people p JOIN desk_link l ON p.id = l.person_id))
                AND r.article_id NOT IN (SELECT article_id FROM desk_stories_lost)
                AND NOT EXISTS (SELECT 1 FROM desk_revisions_sent s
                                 WHERE s.revision_id = r.id AND s.updated_at = r.updated_at)
                AND (r.kind <> 'autosave' OR r.created_at <= ?1
                     OR EXISTS (SELECT 1 FROM revisions n WHERE n.article_id = r.article_id
                                  AND (n.created_at, n.rowid) > (r.created_at, r.rowid)))
              ORDER BY r.created_at, r.rowid",
        )?;
        let rows = stmt.query_map([settled_before], |row| {
            Ok((
                row.get::<_, SqlId>(0)?.0,
                row.get::<_, SqlId>(1)?.0,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
                ArticleContent {
                    headline: row.get(5)?,
                    standfirst: row.get(6)?,
                    body: row.get(7)?,
                    byline: row.get(8)?,
                    editors_note: row.get(9)?,
                    language: row.get(10)?,
                },
                row.get::<_, u32>(11)?,
            ))
        })?;
        let mut outgoing = Vec::new();
        for row in rows {
            let (id, story, kind, created_at, updated_at, content, word_count) = row?;
            let kind = RevisionKind::parse(&kind)
                .ok_or_else(|| StoreError::BadRow(format!("revision kind {kind:?}")))?;
            outgoing.push(OutgoingRevision {
                id,
                story,
                kind,
                created_at: time::decode(&created_at)?,
                updated_at: time::decode(&updated_at)?,
                content,
                word_count,
            });
        }
        Ok(outgoing)
    }

    /// The desk holds `revision` as it is (or will never take it: it is not sent again until
    /// it changes).
    pub fn desk_revision_sent(&mut self, revision: &OutgoingRevision) -> StoreResult<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO desk_revisions_sent (revision_id, updated_at) VALUES (?1, ?2)
                 ON CONFLICT (revision_id) DO UPDATE SET updated_at = excluded.updated_at",
            )?
            .execute(params![
                SqlId(revision.id),
                time::encode(revision.updated_at)
            ])?;
        Ok(())
    }

    /// The revisions of story `story` made elsewhere whose text this laptop has not read yet,
    /// newest first, at most [`REVISION_TEXTS_PER_ROUND`].
    pub fn desk_revision_texts_wanted(&self, story: Uuid) -> StoreResult<Vec<Uuid>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM desk_revisions WHERE article_id = ?1 AND body IS NULL
              ORDER BY created_at DESC LIMIT ?2",
        )?;
        let ids = stmt
            .query_map(params![SqlId(story), REVISION_TEXTS_PER_ROUND], |row| {
                row.get::<_, SqlId>(0)
            })?
            .map(|id| id.map(|id| id.0))
            .collect::<Result<_, _>>()?;
        Ok(ids)
    }

    /// Keeps the texts read from the desk, each only if the revision has not grown since.
    pub fn take_desk_revision_texts(&mut self, texts: &[DeskRevisionText]) -> StoreResult<()> {
        let tx = self.write_transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "UPDATE desk_revisions SET standfirst = ?2, body = ?3, byline = ?4,
                     editors_note = ?5, language = ?6
                  WHERE id = ?1 AND updated_at = ?7",
            )?;
            for text in texts {
                let content = &text.content;
                stmt.execute(params![
                    SqlId(text.id),
                    content.standfirst,
                    content.body,
                    content.byline,
                    content.editors_note,
                    content.language,
                    time::encode(text.updated_at),
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}
