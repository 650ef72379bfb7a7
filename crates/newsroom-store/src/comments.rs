//! Comments on a story: an editor's notes and the reporter's answers, threaded, optionally on a
//! passage of the body, open until someone resolves them.
//!
//! A comment names its passage twice: by its text as it read when the comment was written (the
//! words are what the reporter looks for, and what shows in the panel), and, when written in
//! the editor, by an anchor in the body's document (two yjs relative positions) that follows
//! the passage through everyone's edits, also when its words changed. The anchor's bytes come
//! from the window, so they are checked before they are kept.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{StoreError, StoreResult};
use crate::sql_id::SqlId;
use crate::{time, Store};

/// The longest comment the desk keeps.
const MAX_COMMENT_CHARS: usize = 5_000;

/// One comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Comment {
    /// Its id.
    pub id: Uuid,
    /// The comment it answers, if it is a reply.
    pub parent_id: Option<Uuid>,
    /// Who wrote it.
    pub author: String,
    /// What it says.
    pub body: String,
    /// The passage of the body it is about ("" for the whole story).
    pub passage: String,
    /// Where that passage is in the body's document, when the comment was written in the
    /// editor.
    pub anchor: Option<PassageAnchor>,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// When it was resolved, if it was.
    pub resolved_at: Option<DateTime<Utc>>,
    /// Who resolved it.
    pub resolved_by: Option<String>,
}

/// Where a commented passage is in the body's document: its start and end as yjs relative
/// positions (`Y.encodeRelativePosition`), in base64.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PassageAnchor {
    /// Sticks to the passage's first character.
    pub start: String,
    /// Sticks to the passage's last character.
    pub end: String,
}

impl PassageAnchor {
    /// From the two positions' bytes.
    pub fn from_positions(start: &[u8], end: &[u8]) -> Self {
        Self {
            start: BASE64.encode(start),
            end: BASE64.encode(end),
        }
    }

    /// The two positions' bytes, each checked ([`newsroom_body::check_position`]).
    pub fn positions(&self) -> StoreResult<(Vec<u8>, Vec<u8>)> {
        let decode = |text: &str| -> StoreResult<Vec<u8>> {
            let bytes = BASE64.decode(text).map_err(|_| {
                newsroom_body::BodyError::Unreadable("the passage's place is not base64".into())
            })?;
            newsroom_body::check_position(&bytes)?;
            Ok(bytes)
        };
        Ok((decode(&self.start)?, decode(&self.end)?))
    }
}

impl Store {
    /// A story's comments: each thread's first comment in the order written, its replies after
    /// it.
    pub fn comments(&self, article_id: Uuid) -> StoreResult<Vec<Comment>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT c.id, c.parent_id, c.author, c.body, c.passage, c.created_at, c.resolved_at,
                    c.resolved_by, c.anchor_start, c.anchor_end
             FROM comments c LEFT JOIN comments p ON p.id = c.parent_id
             WHERE c.article_id = ?1
             ORDER BY coalesce(p.created_at, c.created_at), coalesce(p.id, c.id),
                      c.parent_id IS NOT NULL, c.created_at, c.id",
        )?;
        let rows = statement.query_map([SqlId(article_id)], |row| {
            Ok((
                row.get::<_, SqlId>(0)?.0,
                row.get::<_, Option<SqlId>>(1)?.map(|id| id.0),
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, String>(5)?,
                row.get::<_, Option<String>>(6)?,
                row.get::<_, Option<String>>(7)?,
                row.get::<_, Option<Vec<u8>>>(8)?,
                row.get::<_, Option<Vec<u8>>>(9)?,
            ))
        })?;
        rows.map(|row| {
            let (id, parent_id, author, body, passage, created, resolved, resolved_by, start, end) =
                row?;
            Ok(Comment {
                id,
                parent_id,
                author,
                body,
                passage,
                anchor: start
                    .zip(end)
                    .map(|(start, end)| PassageAnchor::from_positions(&start, &end)),
                created_at: time::decode(&created)?,
                resolved_at: time::decode_opt(resolved.as_deref())?,
                resolved_by,
            })
        })
        .collect()
    }

    /// Adds a comment (a reply when `parent_id` is given) by `author`, on `passage` of the body
    /// ("" for the whole story), found through later edits by `anchor` when the editor gave one.
    #[allow(clippy::too_many_arguments)]
    pub fn add_comment(
        &mut self,
        article_id: Uuid,
        parent_id: Option<Uuid>,
        author: &str,
        body: &str,
        passage: &str,
        anchor: Option<&PassageAnchor>,
        now: DateTime<Utc>,
    ) -> StoreResult<Comment> {
        let positions = anchor.map(PassageAnchor::positions).transpose()?;
        let body = body.trim();
        if body.is_empty() {
            return Err(StoreError::Workflow("Write the comment first.".into()));
        }
        let chars = body.chars().count();
        if chars > MAX_COMMENT_CHARS {
            return Err(StoreError::Workflow(format!(
                "The comment is {chars} characters; the most the desk keeps is {MAX_COMMENT_CHARS}."
            )));
        }
        let tx = self.write_transaction()?;
        crate::vocabulary::touch_article(&tx, article_id, now)?;
        if let Some(parent) = parent_id {
            let same_story: Option<bool> = tx
                .query_row(
                    "SELECT article_id = ?2 FROM comments WHERE id = ?1",
                    params![SqlId(parent), SqlId(article_id)],
                    |row| row.get(0),
                )
                .optional()?;
            if same_story != Some(true) {
                return Err(StoreError::NotFound {
                    what: "comment",
                    id: parent,
                });
            }
        }
        let id = Uuid::now_v7();
        tx.execute(
            "INSERT INTO comments (id, article_id, parent_id, author, body, passage, created_at,
                 anchor_start, anchor_end)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                SqlId(id),
                SqlId(article_id),
                parent_id.map(SqlId),
                author,
                body,
                passage.trim(),
                time::encode(now),
                positions.as_ref().map(|(start, _)| start),
                positions.as_ref().map(|(_, end)| end),
            ],
        )?;
        crate::shared_desk::queue_for_desk(
            &tx,
            id,
            article_id,
            &crate::DeskChange::Comment {
                id,
                parent: parent_id,
                text: body.to_owned(),
                passage: passage.trim().to_owned(),
                anchor: positions,
                at: now,
            },
            now,
        )?;
        tx.commit()?;
        Ok(Comment {
            id,
            parent_id,
            author: author.to_owned(),
            body: body.to_owned(),
            passage: passage.trim().to_owned(),
            anchor: anchor.cloned(),
            created_at: now,
            resolved_at: None,
            resolved_by: None,
        })
    }

    /// Resolves a comment (or opens it again); resolving a thread's first comment resolves the
    /// thread.
    pub fn set_comment_resolved(
        &mut self,
        comment_id: Uuid,
        resolved: bool,
        by: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let tx = self.write_transaction()?;
        let changed = if resolved {
            tx.execute(
                "UPDATE comments SET resolved_at = ?2, resolved_by = ?3 WHERE id = ?1",
                params![SqlId(comment_id), time::encode(now), by],
            )?
        } else {
            tx.execute(
                "UPDATE comments SET resolved_at = NULL, resolved_by = NULL WHERE id = ?1",
                [SqlId(comment_id)],
            )?
        };
        if changed == 0 {
            return Err(StoreError::NotFound {
                what: "comment",
                id: comment_id,
            });
        }
        tx.commit()?;
        Ok(())
    }
}
