//! A story's authors on the shared desk: its creator and the colleagues they add. An author
//! sees and writes the draft before it is submitted (after, the editors do too); that is how
//! two reporters share one story, or a reporter hands a draft to a colleague on the next shift.
//! A colleague can be taken off again (not the creator); a reporter taken off a draft can no
//! longer see it on the desk, so their laptop keeps its copy as it is and sends nothing of it.
//!
//! The desk decides (`desk.add_author`, `desk.remove_author`); this laptop keeps what it heard
//! in `desk_story_authors` and the colleagues added or taken off here in `desk_author_changes`
//! until the desk took it, or refused, with its reason. The laptop asks the same rule first
//! ([`newsroom_core::authority::may_change_authors`]) for a quick answer offline.

use chrono::{DateTime, Utc};
use newsroom_core::authority::may_change_authors;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{StoreError, StoreResult};
use crate::sql_id::SqlId;
use crate::{time, Store};

/// One author of a story, as this laptop knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StoryAuthor {
    /// Their id on the desk.
    pub person: Uuid,
    /// Their name.
    pub name: String,
    /// They started the story (and stay its author).
    pub creator: bool,
    /// Added on this laptop, and the desk has not taken it yet (it goes with the next sync).
    pub waiting: bool,
    /// The desk refused to add them: why, in its words.
    pub refused: Option<String>,
}

/// A colleague on the desk who could be added as an author.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Colleague {
    /// Their id on the desk.
    pub person: Uuid,
    /// Their name.
    pub name: String,
    /// "reporter", "editor" or "admin".
    pub role: String,
}

/// This laptop's person was taken off a story they can no longer see on the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NoLongerYours {
    /// Who took them off.
    pub by: String,
    /// When this laptop heard it.
    pub at: DateTime<Utc>,
}

/// A colleague taken off a story's authors on the desk (heard from it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskAuthorRemoval {
    /// The story.
    pub story: Uuid,
    /// Who was taken off.
    pub person: Uuid,
    /// Who took them off.
    pub removed_by: Uuid,
    /// Whether this laptop's person still sees the story (an editor does once it was
    /// submitted); only said truly of this laptop's own person.
    pub still_seen: bool,
}

/// An author the desk holds for a story (heard from it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskAuthor {
    /// The story.
    pub story: Uuid,
    /// The author.
    pub person: Uuid,
    /// Who added them.
    pub added_by: Uuid,
}

/// A colleague added here as an author, waiting to go to the desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingAuthor {
    /// Its place in the queue.
    pub seq: i64,
    /// Its change id (a retry is applied once).
    pub change_id: Uuid,
    /// The story.
    pub story: Uuid,
    /// The colleague.
    pub person: Uuid,
    /// Taken off, not added.
    pub removal: bool,
}

impl Store {
    /// The authors of story `article` on the shared desk, the creator first, with those added
    /// here and not yet taken by the desk. Empty when this laptop is on no desk. A story made
    /// here and not yet sent has this laptop's person as its author.
    pub fn story_authors(&self, article: Uuid) -> StoreResult<Vec<StoryAuthor>> {
        self.article(article)?;
        let Some(link) = self.desk_link()? else {
            return Ok(Vec::new());
        };
        let mut statement = self.conn.prepare_cached(
            "SELECT x.person_id, coalesce(p.name, '?'), x.person_id = x.added_by AS creator,
                    0 AS waiting, NULL
               FROM desk_story_authors x LEFT JOIN desk_people p ON p.id = x.person_id
              WHERE x.article_id = ?1 AND x.person_id NOT IN
                    (SELECT person_id FROM desk_author_changes
                      WHERE article_id = ?1 AND removal AND refused IS NULL)
             UNION ALL
             SELECT c.person_id, coalesce(p.name, '?'), 0, c.refused IS NULL, c.refused
               FROM desk_author_changes c LEFT JOIN desk_people p ON p.id = c.person_id
              WHERE c.article_id = ?1 AND NOT c.removal AND c.person_id NOT IN
                    (SELECT person_id FROM desk_story_authors WHERE article_id = ?1)
              ORDER BY 4, 3 DESC, 2",
        )?;
        let rows = statement.query_map([SqlId(article)], |row| {
            Ok(StoryAuthor {
                person: row.get::<_, SqlId>(0)?.0,
                name: row.get(1)?,
                creator: row.get(2)?,
                waiting: row.get(3)?,
                refused: row.get(4)?,
            })
        })?;
        let mut authors: Vec<StoryAuthor> = rows.collect::<Result<_, _>>()?;
        let heard = authors.iter().any(|a| !a.waiting && a.refused.is_none());
        if !heard && !self.on_the_desk(article)? {
            let name = crate::shared_desk::person_name(&self.conn, link.person_id)?;
            authors.insert(
                0,
                StoryAuthor {
                    person: link.person_id,
                    name,
                    creator: true,
                    waiting: false,
                    refused: None,
                },
            );
        }
        Ok(authors)
    }

    /// The desk's people who are not among a story's `authors` (from [`Self::story_authors`])
    /// yet, by name: whom "Add a colleague" offers.
    pub fn colleagues_to_add(&self, authors: &[StoryAuthor]) -> StoreResult<Vec<Colleague>> {
        let authors: Vec<Uuid> = authors
            .iter()
            .filter(|a| a.refused.is_none())
            .map(|a| a.person)
            .collect();
        let mut statement = self
            .conn
            .prepare_cached("SELECT id, name, role FROM desk_people ORDER BY name")?;
        let rows = statement.query_map([], |row| {
            Ok(Colleague {
                person: row.get::<_, SqlId>(0)?.0,
                name: row.get(1)?,
                role: row.get(2)?,
            })
        })?;
        let mut colleagues = Vec::new();
        for row in rows {
            let colleague = row?;
            if !authors.contains(&colleague.person) {
                colleagues.push(colleague);
            }
        }
        Ok(colleagues)
    }

    /// Adds the desk's person `person` as an author of story `article`: the draft becomes
    /// theirs to see and write once the desk took it (at the next sync). Its authors may, and
    /// editors ([`may_change_authors`]); the desk checks again and has the last word.
    pub fn add_story_author(
        &mut self,
        article: Uuid,
        person: Uuid,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<StoryAuthor>> {
        let authors = self.may_change_authors_of(article)?;
        let name: Option<String> = self
            .conn
            .prepare_cached("SELECT name FROM desk_people WHERE id = ?1")?
            .query_row([SqlId(person)], |row| row.get(0))
            .optional()?;
        let Some(name) = name else {
            return Err(StoreError::Workflow(
                "That colleague is not one of the desk's people.".into(),
            ));
        };
        if authors
            .iter()
            .any(|a| a.person == person && a.refused.is_none())
        {
            return Err(StoreError::Workflow(format!(
                "{name} is an author of this story already."
            )));
        }
        self.queue_author_change(article, person, false, now)?;
        self.story_authors(article)
    }

    /// Takes `person` off story `article`'s authors: the draft is no longer theirs to see or
    /// write once the desk took it (at the next sync). Its authors may, and editors; the
    /// person who started the story stays its author. One added here and not yet sent is
    /// simply not sent.
    pub fn remove_story_author(
        &mut self,
        article: Uuid,
        person: Uuid,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<StoryAuthor>> {
        let authors = self.may_change_authors_of(article)?;
        let Some(author) = authors
            .iter()
            .find(|a| a.person == person && a.refused.is_none())
        else {
            return Err(StoreError::Workflow(
                "That colleague is not an author of this story.".into(),
            ));
        };
        if author.creator {
            return Err(StoreError::Workflow(format!(
                "{} started the story and stays its author.",
                author.name
            )));
        }
        if author.waiting {
            self.conn
                .prepare_cached(
                    "DELETE FROM desk_author_changes WHERE article_id = ?1 AND person_id = ?2",
                )?
                .execute(params![SqlId(article), SqlId(person)])?;
        } else {
            self.queue_author_change(article, person, true, now)?;
        }
        self.story_authors(article)
    }

    /// Story `article`'s authors, when the person at this laptop may change them
    /// ([`may_change_authors`]: its authors, editors); a refusal in words otherwise.
    fn may_change_authors_of(&self, article: Uuid) -> StoreResult<Vec<StoryAuthor>> {
        let link = self.desk_link()?.ok_or_else(|| {
            StoreError::Workflow(
                "Join the shared desk first: authors are the desk's colleagues.".into(),
            )
        })?;
        if let Some(lost) = self.no_longer_yours(article)? {
            return Err(StoreError::Workflow(format!(
                "{} took you off this story: it is no longer yours on the desk.",
                lost.by
            )));
        }
        let authors = self.story_authors(article)?;
        let is_author = authors
            .iter()
            .any(|a| a.person == link.person_id && a.refused.is_none());
        may_change_authors(self.actor().map(|p| p.role), is_author)
            .map_err(|refusal| StoreError::Workflow(refusal.to_string()))?;
        Ok(authors)
    }

    /// Queues adding (or, with `removal`, taking off) `person` for the desk; it replaces any
    /// change of the same person on the same story still waiting.
    fn queue_author_change(
        &mut self,
        article: Uuid,
        person: Uuid,
        removal: bool,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let tx = self.write_transaction()?;
        tx.prepare_cached(
            "DELETE FROM desk_author_changes WHERE article_id = ?1 AND person_id = ?2",
        )?
        .execute(params![SqlId(article), SqlId(person)])?;
        tx.prepare_cached(
            "INSERT INTO desk_author_changes (change_id, article_id, person_id, removal,
                                              created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            SqlId(Uuid::now_v7()),
            SqlId(article),
            SqlId(person),
            removal,
            time::encode(now)
        ])?;
        tx.commit()?;
        Ok(())
    }

    /// Whether this laptop's person was taken off story `article` and can no longer see it on
    /// the desk: who did it, and when this laptop heard it.
    pub fn no_longer_yours(&self, article: Uuid) -> StoreResult<Option<NoLongerYours>> {
        let row: Option<(String, String)> = self
            .conn
            .prepare_cached("SELECT removed_by, at FROM desk_stories_lost WHERE article_id = ?1")?
            .query_row([SqlId(article)], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        row.map(|(by, at)| {
            Ok(NoLongerYours {
                by,
                at: time::decode(&at)?,
            })
        })
        .transpose()
    }

    /// The colleagues added here as authors that wait to go to the desk, in the order they
    /// were added (refused ones left out).
    pub fn desk_authors_to_send(&self) -> StoreResult<Vec<OutgoingAuthor>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT seq, change_id, article_id, person_id, removal FROM desk_author_changes
              WHERE refused IS NULL ORDER BY seq",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(OutgoingAuthor {
                seq: row.get(0)?,
                change_id: row.get::<_, SqlId>(1)?.0,
                story: row.get::<_, SqlId>(2)?.0,
                person: row.get::<_, SqlId>(3)?.0,
                removal: row.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The desk took the author added as `seq` (the author arrives when the sync hears it).
    pub fn desk_author_sent(&mut self, seq: i64) -> StoreResult<()> {
        self.conn
            .prepare_cached("DELETE FROM desk_author_changes WHERE seq = ?1")?
            .execute([seq])?;
        Ok(())
    }

    /// The desk refused the author added as `seq`, for `reason`: kept, with the reason, for the
    /// person to see; not sent again.
    pub fn desk_author_refused(&mut self, seq: i64, reason: &str) -> StoreResult<()> {
        self.conn
            .prepare_cached("UPDATE desk_author_changes SET refused = ?2 WHERE seq = ?1")?
            .execute(params![seq, reason])?;
        Ok(())
    }

    /// Whether story `article` has reached the desk (this laptop sent or heard it).
    fn on_the_desk(&self, article: Uuid) -> StoreResult<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM desk_stories WHERE article_id = ?1)")?
            .query_row([SqlId(article)], |row| row.get(0))?)
    }
}

/// Takes the authors the desk holds and the removals it made, in `tx` (applying a round), in
/// the desk's order: an author heard is one again. `me` is this laptop's person: a story they
/// were taken off and no longer see is theirs no more (its copy stays; nothing of it is sent).
pub(crate) fn apply_desk_authors(
    tx: &Transaction<'_>,
    authors: &[DeskAuthor],
    removals: &[DeskAuthorRemoval],
    me: Uuid,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    for removal in removals {
        tx.prepare_cached(
            "DELETE FROM desk_story_authors WHERE article_id = ?1 AND person_id = ?2",
        )?
        .execute(params![SqlId(removal.story), SqlId(removal.person)])?;
        if removal.person == me && !removal.still_seen {
            let by = crate::shared_desk::person_name(tx, removal.removed_by)?;
            tx.prepare_cached(
                "INSERT INTO desk_stories_lost (article_id, removed_by, at)
                 SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?1)
                 ON CONFLICT (article_id) DO UPDATE SET removed_by = excluded.removed_by,
                   at = excluded.at",
            )?
            .execute(params![SqlId(removal.story), by, time::encode(now)])?;
        }
    }
    for author in authors {
        tx.prepare_cached(
            "INSERT INTO desk_story_authors (article_id, person_id, added_by)
             SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?1)
             ON CONFLICT (article_id, person_id) DO NOTHING",
        )?
        .execute(params![
            SqlId(author.story),
            SqlId(author.person),
            SqlId(author.added_by)
        ])?;
        if author.person == me {
            tx.prepare_cached("DELETE FROM desk_stories_lost WHERE article_id = ?1")?
                .execute([SqlId(author.story)])?;
        }
    }
    Ok(())
}
