//! The history panel's data: list revisions, read one, diff it against the current text, and
//! restore it. Restoring writes the old text as a new revision on top of the current one, so the
//! text being replaced stays in the history and can itself be restored.

use chrono::{DateTime, Utc};
use newsroom_core::{
    diff_for_review, ArticleContent, DiffSegment, Revision, RevisionKind, RevisionSummary,
};
use rusqlite::{OptionalExtension, Row};
use uuid::Uuid;

use crate::articles::{save_in, SaveReceipt};
use crate::error::{StoreError, StoreResult};
use crate::sql_id::SqlId;
use crate::{time, Store};

const SUMMARY_COLUMNS: &str =
    "id, kind, author, created_at, updated_at, word_count, headline, elsewhere, text_here";

/// This laptop's revisions and those heard from the shared desk, as one table with the
/// columns [`SUMMARY_COLUMNS`] names and the text's (NULL where a revision made elsewhere has
/// not been read from the desk yet).
const ALL_REVISIONS: &str = "(SELECT id, article_id, kind, author, created_at, updated_at,
        word_count, headline, 0 AS elsewhere, 1 AS text_here, standfirst, body, byline,
        editors_note, language, rowid AS sequence
   FROM revisions
 UNION ALL
 SELECT id, article_id, kind, author, created_at, updated_at, word_count, headline,
        1, body IS NOT NULL, standfirst, body, byline, editors_note, language, 0
   FROM desk_revisions)";

/// A revision row as stored, before its text columns are parsed.
struct StoredSummary {
    id: Uuid,
    kind: String,
    author: String,
    created_at: String,
    updated_at: String,
    word_count: u32,
    headline: String,
    elsewhere: bool,
    text_here: bool,
}

impl StoredSummary {
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get::<_, SqlId>(0)?.0,
            kind: row.get(1)?,
            author: row.get(2)?,
            created_at: row.get(3)?,
            updated_at: row.get(4)?,
            word_count: row.get(5)?,
            headline: row.get(6)?,
            elsewhere: row.get(7)?,
            text_here: row.get(8)?,
        })
    }

    fn into_summary(self) -> StoreResult<RevisionSummary> {
        Ok(RevisionSummary {
            id: self.id,
            kind: RevisionKind::parse(&self.kind)
                .ok_or_else(|| StoreError::BadRow(format!("revision kind {:?}", self.kind)))?,
            author: self.author,
            created_at: time::decode(&self.created_at)?,
            updated_at: time::decode(&self.updated_at)?,
            word_count: self.word_count,
            headline: self.headline,
            elsewhere: self.elsewhere,
            text_here: self.text_here,
        })
    }
}

impl Store {
    /// The revisions of article `article_id`, newest first: this laptop's and, on a shared
    /// desk, those made on others.
    pub fn revisions(&self, article_id: Uuid) -> StoreResult<Vec<RevisionSummary>> {
        self.article(article_id)?; // a clear NotFound rather than an empty history
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM {ALL_REVISIONS}
              WHERE article_id = ?1 ORDER BY created_at DESC, sequence DESC, id DESC"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([SqlId(article_id)], StoredSummary::from_row)?;
        rows.map(|row| row?.into_summary()).collect()
    }

    /// Revision `revision_id` with its full text, and the article it belongs to. One made on
    /// another laptop whose text has not come from the desk yet is refused in words that say
    /// so.
    pub fn revision(&self, revision_id: Uuid) -> StoreResult<(Uuid, Revision)> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, article_id, standfirst, body, byline, editors_note, language
             FROM {ALL_REVISIONS} WHERE id = ?1"
        );
        let row = self
            .conn
            .query_row(&sql, [SqlId(revision_id)], |row| {
                let summary = StoredSummary::from_row(row)?;
                let article_id = row.get::<_, SqlId>(9)?.0;
                let content = summary
                    .text_here
                    .then(|| {
                        Ok::<_, rusqlite::Error>(ArticleContent {
                            headline: summary.headline.clone(),
                            standfirst: row.get(10)?,
                            body: row.get(11)?,
                            byline: row.get(12)?,
                            editors_note: row.get(13)?,
                            language: row.get(14)?,
                        })
                    })
                    .transpose()?;
                Ok((summary, article_id, content))
            })
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "revision",
                id: revision_id,
            })?;
        let (summary, article_id, content) = row;
        let Some(content) = content else {
            return Err(StoreError::Workflow(format!(
                "This revision was made on {}'s laptop. Its text comes from the shared desk \
                 while this story is open and the desk answers; try again in a moment.",
                summary.author
            )));
        };
        Ok((
            article_id,
            Revision {
                summary: summary.into_summary()?,
                content,
            },
        ))
    }

    /// What changed from revision `revision_id` to the article's current text.
    pub fn diff_revision(&self, revision_id: Uuid) -> StoreResult<Vec<DiffSegment>> {
        let (article_id, revision) = self.revision(revision_id)?;
        let current = self.article(article_id)?;
        Ok(diff_for_review(&revision.content, &current.content))
    }

    /// Makes revision `revision_id` the current text again, as a new revision. The editor must
    /// name the version it shows, as for any save.
    pub fn restore_revision(
        &mut self,
        revision_id: Uuid,
        base_version: u32,
        author: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<SaveReceipt> {
        let (article_id, revision) = self.revision(revision_id)?;
        let editor = (author, self.actor_role());
        self.body_transaction(|tx, handle| {
            save_in(
                tx,
                handle,
                article_id,
                Some(base_version),
                &revision.content,
                RevisionKind::Restore,
                editor,
                now,
            )
        })
    }
}
