//! Articles: create, read, save with a revision, duplicate, Trash.
//!
//! [`Store::save_article`] is the one path by which text reaches the disk. In one
//! `BEGIN IMMEDIATE` transaction it checks the version the editor started from, writes the
//! article row (the full-text index follows by trigger) and extends or starts a revision as
//! [`newsroom_core::revision::next_revision_action`] decides. The receipt it returns is the
//! editor's proof that the text is on disk.

use chrono::{DateTime, Utc};
use newsroom_core::revision::{next_revision_action, LatestRevision, RevisionAction};
use newsroom_core::{
    Article, ArticleContent, ArticleFields, ArticlePatch, ArticleSummary, RevisionKind,
    WorkflowState,
};
use rusqlite::{params, OptionalExtension, Row, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use newsroom_core::authority::{embargo_act, trash_act, DeskAct};
use newsroom_core::workflow::Role;

use crate::error::{StoreError, StoreResult};
use crate::sql_id::SqlId;
use crate::{time, Store};

/// What the editor learns from a committed save.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SaveReceipt {
    /// The version now stored; the next save names it.
    pub version: u32,
    /// When the save was committed.
    pub updated_at: DateTime<Utc>,
    /// Words in the body.
    pub word_count: u32,
    /// Reading time in minutes.
    pub reading_minutes: u32,
}

impl SaveReceipt {
    /// The receipt of a save committed as `version` at `now`, its body counting `stats`.
    fn committed(version: u32, now: DateTime<Utc>, stats: newsroom_core::TextStats) -> Self {
        Self {
            version,
            updated_at: now,
            word_count: stats.words,
            reading_minutes: stats.reading_minutes,
        }
    }

    /// The receipt of a save that changed nothing: the article as it is.
    fn unchanged(article: &Article) -> Self {
        Self {
            version: article.version,
            updated_at: article.updated_at,
            word_count: article.word_count,
            reading_minutes: article.reading_minutes,
        }
    }
}

/// Which articles the list shows. Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ListFilter {
    /// Only articles filed under this section or one of its sub-sections.
    #[ts(optional)]
    pub section: Option<Uuid>,
    /// Only articles carrying this tag.
    #[ts(optional)]
    pub tag: Option<Uuid>,
    /// Only articles in this state.
    #[ts(optional)]
    pub status: Option<WorkflowState>,
}

const ARTICLE_COLUMNS: &str = "id, headline, standfirst, body, byline, editors_note, language, \
     status, word_count, version, created_at, updated_at, trashed_at";

pub(crate) const SUMMARY_COLUMNS: &str =
    "id, headline, status, word_count, updated_at, trashed_at, embargo_until";

/// An article row as stored, before its text columns are parsed.
struct StoredArticle {
    id: Uuid,
    content: ArticleContent,
    status: String,
    word_count: u32,
    version: u32,
    created_at: String,
    updated_at: String,
    trashed_at: Option<String>,
}

impl StoredArticle {
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get::<_, SqlId>(0)?.0,
            content: ArticleContent {
                headline: row.get(1)?,
                standfirst: row.get(2)?,
                body: row.get(3)?,
                byline: row.get(4)?,
                editors_note: row.get(5)?,
                language: row.get(6)?,
            },
            status: row.get(7)?,
            word_count: row.get(8)?,
            version: row.get(9)?,
            created_at: row.get(10)?,
            updated_at: row.get(11)?,
            trashed_at: row.get(12)?,
        })
    }

    fn into_article(self) -> StoreResult<Article> {
        Ok(Article {
            id: self.id,
            status: status(&self.status)?,
            word_count: self.word_count,
            reading_minutes: newsroom_core::reading_minutes(self.word_count),
            version: self.version,
            created_at: time::decode(&self.created_at)?,
            updated_at: time::decode(&self.updated_at)?,
            trashed_at: time::decode_opt(self.trashed_at.as_deref())?,
            content: self.content,
        })
    }
}

fn status(name: &str) -> StoreResult<WorkflowState> {
    WorkflowState::from_key(name)
        .ok_or_else(|| StoreError::BadRow(format!("article status {name:?}")))
}

pub(crate) fn read_article(conn: &rusqlite::Connection, id: Uuid) -> StoreResult<Article> {
    let sql = format!("SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?1");
    conn.prepare_cached(&sql)?
        .query_row([SqlId(id)], StoredArticle::from_row)
        .optional()?
        .ok_or(StoreError::NotFound {
            what: "article",
            id,
        })?
        .into_article()
}

/// The article with id `id`, or `None` when there is none.
pub(crate) fn find_article(conn: &rusqlite::Connection, id: Uuid) -> StoreResult<Option<Article>> {
    match read_article(conn, id) {
        Ok(article) => Ok(Some(article)),
        Err(StoreError::NotFound { .. }) => Ok(None),
        Err(other) => Err(other),
    }
}

pub(crate) fn summaries(
    conn: &rusqlite::Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> StoreResult<Vec<ArticleSummary>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params, |row| {
        Ok((
            row.get::<_, SqlId>(0)?.0,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
            row.get::<_, u32>(3)?,
            row.get::<_, String>(4)?,
            row.get::<_, Option<String>>(5)?,
            row.get::<_, Option<String>>(6)?,
        ))
    })?;
    rows.map(|row| {
        let (id, headline, status_name, word_count, updated, trashed, embargo) = row?;
        Ok(ArticleSummary {
            id,
            headline,
            status: status(&status_name)?,
            word_count,
            reading_minutes: newsroom_core::reading_minutes(word_count),
            updated_at: time::decode(&updated)?,
            trashed_at: time::decode_opt(trashed.as_deref())?,
            embargo_until: time::decode_opt(embargo.as_deref())?,
        })
    })
    .collect()
}

/// Adds a revision holding `content`, or overwrites the open autosave revision, as the
/// coalescing rule decides.
pub(crate) fn record_revision(
    tx: &Transaction<'_>,
    article_id: Uuid,
    content: &ArticleContent,
    word_count: u32,
    kind: RevisionKind,
    author: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    // A revision a workflow move names (an approval above all) is closed: what was approved
    // stays what was approved, and the next save starts a new revision.
    let latest: Option<(Uuid, String, String, String, bool)> = tx
        .prepare_cached(
            "SELECT r.id, r.kind, r.author, r.created_at,
                    EXISTS (SELECT 1 FROM workflow_events e WHERE e.revision_id = r.id)
             FROM revisions r
             WHERE r.article_id = ?1 ORDER BY r.created_at DESC, r.id DESC LIMIT 1",
        )?
        .query_row([SqlId(article_id)], |r| {
            Ok((
                r.get::<_, SqlId>(0)?.0,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
            ))
        })
        .optional()?;
    let latest = match &latest {
        Some((_, _, _, _, true)) | None => None,
        Some((id, kind_name, latest_author, created, false)) => {
            let kind = RevisionKind::parse(kind_name)
                .ok_or_else(|| StoreError::BadRow(format!("revision kind {kind_name:?}")))?;
            Some((
                *id,
                LatestRevision {
                    kind,
                    author: latest_author,
                    created_at: time::decode(created)?,
                },
            ))
        }
    };
    // Extending writes the new text into the open revision (its id, kind, author and start
    // stay); starting inserts a new row. One upsert serves both.
    let revision_id = match (
        next_revision_action(latest.map(|(_, l)| l), kind, author, now),
        latest,
    ) {
        (RevisionAction::Extend, Some((open_revision, _))) => open_revision,
        _ => Uuid::now_v7(),
    };
    tx.prepare_cached(
        "INSERT INTO revisions (id, article_id, kind, author, created_at, updated_at, headline,
         standfirst, body, byline, editors_note, language, word_count, body_snapshot)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,
                 (SELECT snapshot FROM body_docs WHERE article_id = ?2))
         ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at, headline = excluded.headline,
             standfirst = excluded.standfirst, body = excluded.body, byline = excluded.byline,
             editors_note = excluded.editors_note, language = excluded.language,
             word_count = excluded.word_count, body_snapshot = excluded.body_snapshot",
    )?
    .execute(params![
        SqlId(revision_id),
        SqlId(article_id),
        kind.as_str(),
        author,
        time::encode(now),
        content.headline,
        content.standfirst,
        content.body,
        content.byline,
        content.editors_note,
        content.language,
        word_count
    ])?;
    Ok(())
}

impl Store {
    pub(crate) fn write_transaction(&mut self) -> StoreResult<Transaction<'_>> {
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    /// Creates an article holding `content`, with a first revision.
    pub fn create_article(
        &mut self,
        content: &ArticleContent,
        author: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Article> {
        content.validate()?;
        // A story begins with its writer's byline (the profile at the desk's), unless one was
        // given: the window's Ctrl+N and the command line's `articles create --as` alike.
        let with_byline;
        let content = match self.actor() {
            Some(profile)
                if content.byline.trim().is_empty() && !profile.byline.trim().is_empty() =>
            {
                with_byline = ArticleContent {
                    byline: profile.byline.clone(),
                    ..content.clone()
                };
                &with_byline
            }
            _ => content,
        };
        let tx = self.write_transaction()?;
        let id = insert_article(&tx, content, author, now)?;
        tx.commit()?;
        read_article(&self.conn, id)
    }

    /// The article with id `id`, also when it is in the Trash.
    pub fn article(&self, id: Uuid) -> StoreResult<Article> {
        read_article(&self.conn, id)
    }

    /// Articles not in the Trash that pass `filter`, most recently changed first.
    pub fn list_articles(
        &self,
        filter: &ListFilter,
        limit: u32,
        offset: u32,
    ) -> StoreResult<Vec<ArticleSummary>> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM articles WHERE trashed_at IS NULL
             AND (?3 IS NULL OR status = ?3)
             AND (?4 IS NULL OR EXISTS (
                 SELECT 1 FROM article_sections x JOIN sections s ON s.id = x.section_id
                 WHERE x.article_id = articles.id AND (s.id = ?4 OR s.parent_id = ?4)))
             AND (?5 IS NULL OR EXISTS (
                 SELECT 1 FROM article_tags t WHERE t.article_id = articles.id AND t.tag_id = ?5))
             ORDER BY updated_at DESC, id DESC LIMIT ?1 OFFSET ?2"
        );
        summaries(
            &self.conn,
            &sql,
            params![
                limit,
                offset,
                filter.status.map(WorkflowState::key),
                filter.section.map(SqlId),
                filter.tag.map(SqlId)
            ],
        )
    }

    /// Sets (or with `None` lifts) the story's embargo: it may not go out before `until`.
    /// Like filing, this changes `updated_at` but not the text version. Holding a draft back
    /// is anyone's; lifting or bringing an embargo forward, or changing it once the story is
    /// approved, is an editor's ([`newsroom_core::authority::embargo_act`]).
    pub fn set_embargo(
        &mut self,
        id: Uuid,
        until: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let status = read_article(&self.conn, id)?.status;
        let current: Option<String> = self.conn.query_row(
            "SELECT embargo_until FROM articles WHERE id = ?1",
            [SqlId(id)],
            |row| row.get(0),
        )?;
        self.authorize(embargo_act(
            status,
            time::decode_opt(current.as_deref())?,
            until,
        ))?;
        let (editor, role) = self.acting_as();
        let tx = self.write_transaction()?;
        let changed = tx.execute(
            "UPDATE articles SET embargo_until = ?2, updated_at = ?3 WHERE id = ?1",
            params![SqlId(id), until.map(time::encode), time::encode(now)],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound {
                what: "article",
                id,
            });
        }
        crate::workflow::apply_pinned_change_rule(&tx, id, (&editor, role), "The embargo", now)?;
        tx.commit()?;
        Ok(())
    }

    /// Articles in the Trash, most recently trashed first.
    pub fn list_trash(&self) -> StoreResult<Vec<ArticleSummary>> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM articles WHERE trashed_at IS NOT NULL ORDER BY trashed_at DESC"
        );
        summaries(&self.conn, &sql, [])
    }

    /// Saves `content` as the new text of article `id`, which the caller loaded at
    /// `base_version`. Refused with [`StoreError::Conflict`] when the stored version moved on,
    /// so that no change made elsewhere is silently overwritten.
    pub fn save_article(
        &mut self,
        id: Uuid,
        base_version: u32,
        content: &ArticleContent,
        kind: RevisionKind,
        author: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<SaveReceipt> {
        content.validate()?;
        let editor = (author, self.actor_role());
        self.body_transaction(|tx, handle| {
            save_in(
                tx,
                handle,
                id,
                Some(base_version),
                content,
                kind,
                editor,
                now,
            )
        })
    }

    /// Saves the fields besides the body (the editor sends the body as document changes,
    /// [`Store::apply_body_change`]). `base` is what the editor started from: a field changed
    /// only elsewhere keeps that change, one changed only here takes `fields`, and the same
    /// field changed on both sides is refused with [`StoreError::FieldConflict`]. The body is
    /// left as stored.
    pub fn save_fields(
        &mut self,
        id: Uuid,
        base: &ArticleFields,
        fields: &ArticleFields,
        kind: RevisionKind,
        author: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<SaveReceipt> {
        let editor = (author, self.actor_role());
        self.body_transaction(|tx, handle| {
            let stored = read_article(tx, id)?.content;
            let merged = ArticleFields::merge(base, &stored.fields(), fields)
                .map_err(|field| StoreError::FieldConflict { field })?;
            let content = ArticleContent::from_parts(merged, stored.body);
            content.validate()?;
            save_in(tx, handle, id, None, &content, kind, editor, now)
        })
    }

    /// Applies `change` (a yjs update made in an editor, or by another copy of the story) to
    /// article `id`'s body. It needs no base version: it merges with whatever was stored
    /// meanwhile. A change already stored (a retry) is no change. The receipt comes only once
    /// the change and the text it makes are committed together.
    ///
    /// `kind` is the revision it goes into: an autosave, or a checkpoint (Ctrl/Cmd+S).
    pub fn apply_body_change(
        &mut self,
        id: Uuid,
        change: &[u8],
        kind: RevisionKind,
        author: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<SaveReceipt> {
        let role = self.actor_role();
        self.body_transaction(|tx, handle| {
            let current = read_article(tx, id)?;
            if current.trashed_at.is_some() {
                return Err(StoreError::InTrash);
            }
            let signed = crate::body::Signed {
                author,
                origin: "editor",
                now,
            };
            let (written, open) = crate::body::apply_change(tx, handle, id, change, signed)?;
            let Some(written) = written else {
                return Ok((SaveReceipt::unchanged(&current), Some(open)));
            };
            // Published and killed stories refuse edits; an approved one goes back to
            // Submitted. (Refused, the transaction is dropped and the change with it.)
            crate::workflow::apply_edit_rule(tx, id, (author, role), now)?;
            let stats = newsroom_core::TextStats::of(&written.text);
            let version = current.version + 1;
            tx.prepare_cached(
                "UPDATE articles SET word_count = ?2, version = ?3, updated_at = ?4 WHERE id = ?1",
            )?
            .execute(params![SqlId(id), stats.words, version, time::encode(now)])?;
            let saved = ArticleContent {
                body: written.text,
                ..current.content
            };
            record_revision(tx, id, &saved, stats.words, kind, author, now)?;
            let receipt = SaveReceipt::committed(version, now, stats);
            Ok((receipt, Some(open)))
        })
    }

    /// Article `id`'s body as one document (a yjs update): what an editor opening the story,
    /// or a new copy of it, starts from.
    pub fn body_document(&self, id: Uuid) -> StoreResult<Vec<u8>> {
        crate::body::state(&self.conn, id)
    }

    /// The edits to article `id`'s body that a copy holding `state_vector` (a yjs state
    /// vector) lacks, as one change.
    pub fn body_changes_since(&self, id: Uuid, state_vector: &[u8]) -> StoreResult<Vec<u8>> {
        crate::body::changes_since(&self.conn, id, state_vector)
    }

    /// `fields` (the editor's, maybe not saved yet) with article `id`'s body as stored and, when
    /// given, the editor's `unstored` typing applied to a copy (a yjs update, never stored
    /// here): what the preview and pre-flight show, without the window sending the body.
    pub fn with_stored_body(
        &self,
        id: Uuid,
        fields: ArticleFields,
        unstored: Option<&[u8]>,
    ) -> StoreResult<ArticleContent> {
        let body = match unstored {
            Some(change) => crate::body::text_with(&self.conn, id, change)?,
            None => crate::body::text(&self.conn, id)?,
        };
        Ok(ArticleContent::from_parts(fields, body))
    }

    /// What others changed in article `id`'s body since `person` last saw it ("changed while
    /// you were away"); `None` the first time, or when nobody else changed it.
    pub fn changed_while_away(
        &self,
        id: Uuid,
        person: &str,
    ) -> StoreResult<Option<crate::body::AwayChanges>> {
        crate::body::away_changes(&self.conn, id, person)
    }

    /// Records that `person` has seen article `id`'s body as it is now (the window calls it when
    /// they leave the story, or press "Seen"), folds the story's changes into its state (the
    /// next to open it replays none, and it takes the least room), and brings its search index
    /// up to date.
    pub fn mark_body_seen(
        &mut self,
        id: Uuid,
        person: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.open_body = None;
        let tx = self.write_transaction()?;
        crate::body::mark_seen(&tx, id, person, now)?;
        crate::body::fold(&tx, id)?;
        crate::search::bring_index_up_to_date(&tx, Some(id))?;
        tx.commit()?;
        Ok(())
    }

    /// Which edits article `id`'s body holds (a yjs snapshot): equal snapshots, equal text.
    pub fn body_snapshot(&self, id: Uuid) -> StoreResult<Vec<u8>> {
        crate::body::snapshot(&self.conn, id)
    }

    /// Changes the fields given in `patch` (from outside the editor), making a revision.
    pub fn update_article(
        &mut self,
        id: Uuid,
        patch: ArticlePatch,
        author: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Article> {
        let editor = (author, self.actor_role());
        self.body_transaction(|tx, handle| {
            let mut content = read_article(tx, id)?.content;
            content.apply(patch);
            content.validate()?;
            save_in(
                tx,
                handle,
                id,
                None,
                &content,
                RevisionKind::Update,
                editor,
                now,
            )
        })?;
        read_article(&self.conn, id)
    }

    /// Copies article `id` into a new draft whose headline says it is a copy.
    pub fn duplicate_article(
        &mut self,
        id: Uuid,
        author: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Article> {
        let mut content = read_article(&self.conn, id)?.content;
        content.headline = if content.headline.trim().is_empty() {
            "Copy".to_owned()
        } else {
            format!("{} (copy)", content.headline)
        };
        // A copy of a headline at the length limit must still be storable.
        if content.validate().is_err() {
            content.headline = content
                .headline
                .chars()
                .take(newsroom_core::article::MAX_LINE_FIELD_CHARS)
                .collect();
        }
        self.create_article(&content, author, now)
    }

    /// Moves article `id` to the Trash (nothing is deleted). A draft is anyone's to trash; a
    /// story past the draft stage is an editor's.
    pub fn trash_article(&mut self, id: Uuid, now: DateTime<Utc>) -> StoreResult<()> {
        self.authorize(trash_act(read_article(&self.conn, id)?.status))?;
        let tx = self.write_transaction()?;
        let changed = tx.execute(
            "UPDATE articles SET trashed_at = ?2 WHERE id = ?1 AND trashed_at IS NULL",
            params![SqlId(id), time::encode(now)],
        )?;
        if changed == 0 {
            read_article(&tx, id)?; // NotFound, or already in the Trash (fine)
        }
        tx.commit()?;
        Ok(())
    }

    /// Takes article `id` out of the Trash.
    pub fn restore_from_trash(&mut self, id: Uuid) -> StoreResult<()> {
        self.authorize(DeskAct::Restore)?;
        let tx = self.write_transaction()?;
        let changed = tx.execute(
            "UPDATE articles SET trashed_at = NULL WHERE id = ?1",
            [SqlId(id)],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound {
                what: "article",
                id,
            });
        }
        tx.commit()?;
        Ok(())
    }

    /// Deletes for good every article in the Trash, with its revisions and trail (an admin's
    /// act: published stories go too). Returns how many.
    pub fn empty_trash(&mut self) -> StoreResult<u32> {
        self.authorize(DeskAct::EmptyTrash)?;
        let tx = self.write_transaction()?;
        let deleted = tx.execute("DELETE FROM articles WHERE trashed_at IS NOT NULL", [])?;
        tx.commit()?;
        Ok(u32::try_from(deleted).unwrap_or(u32::MAX))
    }
}

/// The body of a save, inside the caller's write transaction, by `author` (the name the
/// revision is signed with) in `role` (the role of the profile at the desk, which the desk's
/// rules for approved stories are asked about; a reporter's when nobody is at the desk).
/// `base_version` `None` means "whatever is stored" (a command-line update, or a restore that
/// already checked). The body is changed by the smallest edit that makes `content.body`
/// ([`crate::body::set_text`]), made as `writer`, so it merges with what others wrote.
/// The document comes back with the receipt, for the caller to keep once it committed.
#[allow(clippy::too_many_arguments)]
pub(crate) fn save_in(
    tx: &Transaction<'_>,
    handle: crate::body::BodyHandle,
    id: Uuid,
    base_version: Option<u32>,
    content: &ArticleContent,
    kind: RevisionKind,
    (author, role): (&str, Role),
    now: DateTime<Utc>,
) -> StoreResult<(SaveReceipt, Option<crate::body::OpenBody>)> {
    let current = read_article(tx, id)?;
    if current.trashed_at.is_some() {
        return Err(StoreError::InTrash);
    }
    if let Some(expected) = base_version {
        if expected != current.version {
            return Err(StoreError::Conflict {
                expected,
                current: current.version,
            });
        }
    }
    let body = newsroom_body::normalize_line_breaks(&content.body);
    let body_changed = current.content.body != body;
    let fields_changed = !same_fields(&current.content, content);
    if !body_changed && !fields_changed && kind == RevisionKind::Autosave {
        return Ok((SaveReceipt::unchanged(&current), handle.open));
    }
    if body_changed || fields_changed {
        // Published and killed stories refuse edits; an approved one goes back to Submitted.
        crate::workflow::apply_edit_rule(tx, id, (author, role), now)?;
    }
    let signed = crate::body::Signed {
        author,
        origin: kind.as_str(),
        now,
    };
    // A save of the other fields leaves the document alone (it is not even loaded).
    let (body, open) = if body_changed {
        let (written, open) = crate::body::set_text(tx, handle, id, &body, signed)?;
        (written.map_or(body, |written| written.text), Some(open))
    } else {
        (body, handle.open)
    };
    let stats = newsroom_core::TextStats::of(&body);
    let version = current.version + 1;
    if fields_changed {
        // Only a statement that names the text columns re-indexes the story for search.
        tx.prepare_cached(
            "UPDATE articles SET headline = ?2, standfirst = ?3, byline = ?4, editors_note = ?5,
             language = ?6, word_count = ?7, version = ?8, updated_at = ?9 WHERE id = ?1",
        )?
        .execute(params![
            SqlId(id),
            content.headline,
            content.standfirst,
            content.byline,
            content.editors_note,
            content.language,
            stats.words,
            version,
            time::encode(now)
        ])?;
    } else {
        tx.prepare_cached(
            "UPDATE articles SET word_count = ?2, version = ?3, updated_at = ?4 WHERE id = ?1",
        )?
        .execute(params![SqlId(id), stats.words, version, time::encode(now)])?;
    }
    let saved = ArticleContent {
        body,
        ..content.clone()
    };
    record_revision(tx, id, &saved, stats.words, kind, author, now)?;
    let receipt = SaveReceipt::committed(version, now, stats);
    Ok((receipt, open))
}

/// Whether `a` and `b` agree on everything but the body.
fn same_fields(a: &ArticleContent, b: &ArticleContent) -> bool {
    a.headline == b.headline
        && a.standfirst == b.standfirst
        && a.byline == b.byline
        && a.editors_note == b.editors_note
        && a.language == b.language
}

/// Inserts a new draft holding `content`, with its first revision, inside `tx`. Its body
/// starts as the story's one genesis document ([`crate::body::begin`]).
pub(crate) fn insert_article(
    tx: &Transaction<'_>,
    content: &ArticleContent,
    author: &str,
    now: DateTime<Utc>,
) -> StoreResult<Uuid> {
    insert_article_as(tx, Uuid::now_v7(), content, author, now)
}

/// A story another laptop made, as the shared desk holds it: its id and fields, and an empty
/// body whose document's changes follow from the desk (a genesis made here from its text
/// would merge with the desk's into the text twice).
pub(crate) fn insert_article_from_desk(
    tx: &Transaction<'_>,
    id: Uuid,
    fields: &ArticleContent,
    created_at: DateTime<Utc>,
) -> StoreResult<()> {
    let empty_body = ArticleContent {
        body: String::new(),
        ..fields.clone()
    };
    insert_article_as(tx, id, &empty_body, "the desk", created_at)?;
    Ok(())
}

fn insert_article_as(
    tx: &Transaction<'_>,
    id: Uuid,
    content: &ArticleContent,
    author: &str,
    now: DateTime<Utc>,
) -> StoreResult<Uuid> {
    tx.execute(
        "INSERT INTO articles (id, headline, standfirst, byline, editors_note, language,
         status, version, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8, ?8)",
        params![
            SqlId(id),
            content.headline,
            content.standfirst,
            content.byline,
            content.editors_note,
            content.language,
            WorkflowState::Draft.key(),
            time::encode(now)
        ],
    )?;
    let signed = crate::body::Signed {
        author,
        origin: RevisionKind::Created.as_str(),
        now,
    };
    let body = crate::body::begin(tx, id, &content.body, signed)?.text;
    let words = newsroom_core::TextStats::of(&body).words;
    tx.execute(
        "UPDATE articles SET word_count = ?2 WHERE id = ?1",
        params![SqlId(id), words],
    )?;
    let saved = ArticleContent {
        body,
        ..content.clone()
    };
    record_revision(tx, id, &saved, words, RevisionKind::Created, author, now)?;
    Ok(id)
}
