//! The editorial workflow in the database: profiles, moving a story through its states, the
//! audit trail, and the revision an approval pins.
//!
//! The rules are the core's ([`newsroom_core::workflow::transition`]); this module applies them
//! inside one `BEGIN IMMEDIATE` transaction per move, so two windows approving and editing at
//! the same moment cannot interleave: one wins, the other is told. A move is recorded with the
//! newest revision at that moment, and a revision an event names is never extended by a later
//! autosave, so an approval pins exactly the text that was approved.
//!
//! Who is asking is a [`Profile`] the caller obtained from [`Store::authenticate`]: the command
//! line with the passphrase from NEWSROOM_PASSPHRASE, the app when the journalist switches
//! profile. A reporter's profile cannot approve whatever door it comes through.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, TimeDelta, Utc};
use newsroom_core::authority::DeskAct;
use newsroom_core::preflight::{PreflightField, Severity};
use newsroom_core::vocabulary::{clean_term_name, name_key};
use newsroom_core::workflow::{
    edit_rule, taken_back_to, transition, EditAfterApproval, EditRule, Role, WorkflowAction,
    WorkflowState,
};
use rusqlite::{params, OptionalExtension, Row, Transaction};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{StoreError, StoreResult};
use crate::sql_id::SqlId;
use crate::{time, Store};

/// The settings key of the desk's rule for editing an approved story (JSON).
const EDIT_POLICY_SETTING: &str = "edit_after_approval";

/// The shortest passphrase an editor or admin profile accepts.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// A person who uses the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Profile {
    /// Its id.
    pub id: Uuid,
    /// The name shown on the desk and in the audit trail.
    pub name: String,
    /// The byline their stories start with.
    pub byline: String,
    /// What they may do.
    pub role: Role,
}

/// One move of a story, as the audit trail shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WorkflowEvent {
    /// Its id.
    pub id: Uuid,
    /// Who moved it (the name at the time).
    pub actor: String,
    /// What they did.
    pub action: WorkflowAction,
    /// The state before.
    pub from_state: WorkflowState,
    /// The state after.
    pub to_state: WorkflowState,
    /// The revision the move concerns (for an approval: the approved text).
    pub revision_id: Uuid,
    /// The note given with it ("" when none).
    pub note: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// What the person moving a story had in front of them; an approval is refused when the story
/// has changed since.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    /// Nothing to check (the command line without `--revision`; moves other than approve).
    Unchecked,
    /// The revision they read (the command line's `--revision`).
    Revision(Uuid),
    /// The article version their editor holds (the window).
    Version(u32),
}

/// A story waiting for an editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct QueueItem {
    /// The article.
    pub article_id: Uuid,
    /// Its headline.
    pub headline: String,
    /// Who submitted it.
    pub submitted_by: String,
    /// When it was submitted.
    pub submitted_at: DateTime<Utc>,
    /// Its state (submitted or in review).
    pub state: WorkflowState,
    /// Its primary section, if filed.
    pub section: Option<String>,
    /// Words in the body.
    pub word_count: u32,
    /// Its standfirst, for a row that says what the story is.
    pub standfirst: String,
    /// Its embargo, if it has one.
    pub embargo_until: Option<DateTime<Utc>>,
}

/// How many stories stand in one state or section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Count<T> {
    /// The state or section.
    pub key: T,
    /// Stories there (the Trash not counted).
    pub stories: u32,
}

/// How many stories the list shows when filtered by one section: those filed under it or one
/// of its sub-sections, primary or not, so that the overview's figure is what a click shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SectionCount {
    /// The section; `None` for the stories filed nowhere.
    #[ts(type = "string | null")]
    pub section: Option<Uuid>,
    /// Its name ("No section" for the unfiled).
    pub name: String,
    /// Stories there (the Trash not counted).
    pub stories: u32,
}

/// The desk at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DeskOverview {
    /// Stories per workflow state, in the order stories pass them.
    pub by_state: Vec<Count<WorkflowState>>,
    /// Stories per section as the list's section filter counts them, the busiest first,
    /// then the unfiled ones ("No section") if there are any.
    pub by_section: Vec<SectionCount>,
    /// The stories the person at the desk started, most recently changed first.
    pub mine: Vec<newsroom_core::ArticleSummary>,
    /// Stories waiting for an editor, the longest-waiting first.
    pub waiting: Vec<QueueItem>,
}

fn state_of(key: &str) -> StoreResult<WorkflowState> {
    WorkflowState::from_key(key)
        .ok_or_else(|| StoreError::BadRow(format!("workflow state {key:?}")))
}

/// A profile row: id, name, byline, role (still as stored).
type ProfileRow = (Uuid, String, String, String);

fn profile_from_row(row: &Row<'_>) -> rusqlite::Result<ProfileRow> {
    Ok((
        row.get::<_, SqlId>(0)?.0,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
    ))
}

fn finish_profile(
    (id, name, byline, role): (Uuid, String, String, String),
) -> StoreResult<Profile> {
    Ok(Profile {
        id,
        name,
        byline,
        role: Role::from_key(&role)
            .ok_or_else(|| StoreError::BadRow(format!("profile role {role:?}")))?,
    })
}

/// Wrong passphrases in a row that cost nothing.
pub const FREE_PASSPHRASE_TRIES: u32 = 3;

/// How long after the last of `failures` wrong passphrases the next try is checked: nothing
/// for the first [`FREE_PASSPHRASE_TRIES`], then 2 s, 4 s, 8 s … at most 5 minutes.
pub fn passphrase_wait(failures: u32) -> TimeDelta {
    if failures < FREE_PASSPHRASE_TRIES {
        return TimeDelta::zero();
    }
    let doublings = (failures - FREE_PASSPHRASE_TRIES + 1).min(9);
    TimeDelta::seconds(1 << doublings).min(TimeDelta::minutes(5))
}

pub(crate) fn hash_passphrase(passphrase: &str) -> StoreResult<String> {
    Argon2::default()
        .hash_password(passphrase.as_bytes(), &SaltString::generate(&mut OsRng))
        .map(|hash| hash.to_string())
        .map_err(|err| StoreError::BadRow(format!("passphrase hash: {err}")))
}

impl Store {
    /// Adds a profile. Editors and admins need a passphrase of at least
    /// [`MIN_PASSPHRASE_CHARS`] characters; reporters have none. A desk's first profile is its
    /// admin (added by anyone); after that an admin adds editors and admins, an editor or an
    /// admin adds reporters ([`DeskAct::add_profile`]).
    pub fn create_profile(
        &mut self,
        name: &str,
        byline: &str,
        role: Role,
        passphrase: Option<&str>,
        now: DateTime<Utc>,
    ) -> StoreResult<Profile> {
        self.authorize(DeskAct::add_profile(role))?;
        let name = clean_term_name("profile name", name)?;
        let hash = match (role.is_editor(), passphrase) {
            (false, _) => None,
            (true, Some(passphrase)) if passphrase.chars().count() >= MIN_PASSPHRASE_CHARS => {
                Some(hash_passphrase(passphrase)?)
            }
            (true, _) => {
                return Err(StoreError::Workflow(format!(
                    "An editor or admin profile needs a passphrase of at least {MIN_PASSPHRASE_CHARS} characters."
                )))
            }
        };
        let id = Uuid::now_v7();
        let tx = self.write_transaction()?;
        let taken: Option<String> = tx
            .query_row(
                "SELECT name FROM profiles WHERE name_key = ?1",
                [name_key(&name)],
                |row| row.get(0),
            )
            .optional()?;
        if let Some(existing) = taken {
            return Err(StoreError::Workflow(format!(
                "There is already a profile called \"{existing}\"."
            )));
        }
        tx.execute(
            "INSERT INTO profiles (id, name, name_key, byline, role, passphrase_hash, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                SqlId(id),
                name,
                name_key(&name),
                byline.trim(),
                role.key(),
                hash,
                time::encode(now)
            ],
        )?;
        tx.commit()?;
        Ok(Profile {
            id,
            name,
            byline: byline.trim().to_owned(),
            role,
        })
    }

    /// Every profile, by name.
    pub fn profiles(&self) -> StoreResult<Vec<Profile>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT id, name, byline, role FROM profiles ORDER BY name_key")?;
        let rows = statement.query_map([], profile_from_row)?;
        rows.map(|row| finish_profile(row?)).collect()
    }

    /// The profile called `name`, its passphrase checked when it has one. A wrong or missing
    /// passphrase is refused in words that do not say which of the two it was; after
    /// [`FREE_PASSPHRASE_TRIES`] wrong ones in a row, each further try must wait
    /// ([`passphrase_wait`]), counted in the database so a restart does not reset it.
    pub fn authenticate(&self, name: &str, passphrase: Option<&str>) -> StoreResult<Profile> {
        let found: Option<(ProfileRow, Option<String>)> = self
            .conn
            .query_row(
                "SELECT id, name, byline, role, passphrase_hash FROM profiles WHERE name_key = ?1",
                [name_key(name)],
                |row| Ok((profile_from_row(row)?, row.get(4)?)),
            )
            .optional()?;
        let Some((row, hash)) = found else {
            return Err(StoreError::Workflow(format!(
                "There is no profile called \"{}\".",
                name.trim()
            )));
        };
        if let Some(hash) = hash {
            let profile_id = SqlId(row.0);
            let now = Utc::now();
            let failed: Option<(u32, String)> = self
                .conn
                .query_row(
                    "SELECT failures, last_failure_at FROM passphrase_failures WHERE profile_id = ?1",
                    [&profile_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            if let Some((failures, last)) = &failed {
                let wait = passphrase_wait(*failures);
                let since = now - time::decode(last)?;
                if since < wait {
                    let seconds = (wait - since).num_seconds().max(1);
                    return Err(StoreError::Workflow(format!(
                        "Too many wrong passphrases for this profile: try again in {seconds} second{}.",
                        if seconds == 1 { "" } else { "s" }
                    )));
                }
            }
            let parsed = PasswordHash::new(&hash)
                .map_err(|err| StoreError::BadRow(format!("passphrase hash: {err}")))?;
            let given = passphrase.unwrap_or_default();
            if Argon2::default()
                .verify_password(given.as_bytes(), &parsed)
                .is_err()
            {
                self.conn.execute(
                    "INSERT INTO passphrase_failures (profile_id, failures, last_failure_at)
                     VALUES (?1, 1, ?2)
                     ON CONFLICT (profile_id) DO UPDATE SET failures = failures + 1,
                       last_failure_at = excluded.last_failure_at",
                    params![profile_id, time::encode(now)],
                )?;
                return Err(StoreError::Workflow(
                    "That passphrase is not right for this profile.".into(),
                ));
            }
            if failed.is_some() {
                self.conn.execute(
                    "DELETE FROM passphrase_failures WHERE profile_id = ?1",
                    [&profile_id],
                )?;
            }
        }
        finish_profile(row)
    }

    /// Moves a story: checks the rule for `actor`'s role, the pre-flight blockers on submit,
    /// and on approve that what the editor read (`seen`) is still the newest text; records the
    /// move in the audit trail. Returns the event.
    pub fn move_story(
        &mut self,
        article_id: Uuid,
        action: WorkflowAction,
        actor: &Profile,
        seen: Seen,
        note: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<WorkflowEvent> {
        if action == WorkflowAction::Submit {
            let content = self.article(article_id)?.content;
            // A photo without credit or alt text is advice while drafting and a blocker here:
            // no photo goes to an editor without its credit.
            let blockers: Vec<String> = self
                .preflight(article_id, &content, now)?
                .into_iter()
                .filter(|item| {
                    item.severity == Severity::Blocker || item.field == PreflightField::Photos
                })
                .map(|item| item.message)
                .collect();
            if !blockers.is_empty() {
                return Err(StoreError::Workflow(format!(
                    "The story cannot be submitted yet: {}",
                    blockers.join(" ")
                )));
            }
        }
        // An approval pins everything that goes out; the pin is read first and holds only if
        // nothing about the story changed before the approval's transaction (checked below).
        let pin = if action == WorkflowAction::Approve {
            let article = self.article(article_id)?;
            let pin = self.current_pin(article_id, &article.content.body)?;
            let json =
                serde_json::to_string(&pin).map_err(|err| StoreError::BadRow(err.to_string()))?;
            Some((json, time::encode(article.updated_at)))
        } else {
            None
        };
        let tx = self.write_transaction()?;
        let (from_key, trashed, version): (String, Option<String>, u32) = tx
            .query_row(
                "SELECT status, trashed_at, version FROM articles WHERE id = ?1",
                [SqlId(article_id)],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "article",
                id: article_id,
            })?;
        if trashed.is_some() {
            return Err(StoreError::InTrash);
        }
        let from = state_of(&from_key)?;
        let mut to = transition(from, action, actor.role)
            .map_err(|err| StoreError::Workflow(err.to_string()))?;
        if action == WorkflowAction::TakeBack {
            // Back to where it was submitted from: a correction stays a correction.
            let submitted_from: Option<String> = tx
                .query_row(
                    "SELECT from_state FROM workflow_events
                     WHERE article_id = ?1 AND action = 'submit' ORDER BY at DESC LIMIT 1",
                    [SqlId(article_id)],
                    |row| row.get(0),
                )
                .optional()?;
            if let Some(submitted_from) = submitted_from {
                to = taken_back_to(state_of(&submitted_from)?);
            }
        }
        let newest = newest_revision(&tx, article_id)?;
        let changed = match seen {
            Seen::Unchecked => false,
            Seen::Revision(revision) => revision != newest.0,
            Seen::Version(seen_version) => seen_version != version,
        };
        if action == WorkflowAction::Approve && changed {
            return Err(StoreError::Workflow(format!(
                "The story changed since you read it: revision {} by {} at {} is the newest. \
                 Read it again before approving.",
                newest.0,
                newest.1,
                newest.2.format("%H:%M:%S")
            )));
        }
        let approved = match to {
            WorkflowState::Approved | WorkflowState::Published => {
                if action == WorkflowAction::Approve {
                    Some(newest.0)
                } else {
                    tx.query_row(
                        "SELECT approved_revision_id FROM articles WHERE id = ?1",
                        [SqlId(article_id)],
                        |row| row.get::<_, Option<SqlId>>(0),
                    )?
                    .map(|id| id.0)
                }
            }
            _ => None,
        };
        if let Some((_, read_at)) = &pin {
            let now_at: String = tx.query_row(
                "SELECT updated_at FROM articles WHERE id = ?1",
                [SqlId(article_id)],
                |row| row.get(0),
            )?;
            if &now_at != read_at {
                return Err(StoreError::Workflow(
                    "The story changed while it was being approved (its filing, photos or text). \
                     Read it again before approving."
                        .into(),
                ));
            }
        }
        // The pin follows the approval: a new one on approve, kept while the story stays
        // approved or published, gone with the approval.
        tx.execute(
            "UPDATE articles SET status = ?2, approved_revision_id = ?3, updated_at = ?4,
               approved_pin = CASE WHEN ?3 IS NULL THEN NULL ELSE coalesce(?5, approved_pin) END
             WHERE id = ?1",
            params![
                SqlId(article_id),
                to.key(),
                approved.map(SqlId),
                time::encode(now),
                pin.map(|(json, _)| json)
            ],
        )?;
        let event = WorkflowEvent {
            id: Uuid::now_v7(),
            actor: actor.name.clone(),
            action,
            from_state: from,
            to_state: to,
            revision_id: newest.0,
            note: note.trim().to_owned(),
            at: now,
        };
        insert_event(&tx, article_id, Some(actor.id), &event)?;
        // On a shared desk the move goes there too; the desk's answer is final.
        let seen_version = crate::shared_desk::seen_desk_version(&tx, article_id)?;
        crate::shared_desk::queue_for_desk(
            &tx,
            event.id,
            article_id,
            &crate::DeskChange::Move {
                action,
                note: event.note.clone(),
                seen_version,
                at: now,
            },
            now,
        )?;
        tx.commit()?;
        Ok(event)
    }

    /// The desk's rule for editing an approved story.
    pub fn edit_after_approval(&self) -> StoreResult<EditAfterApproval> {
        edit_policy_in(&self.conn)
    }

    /// Sets the desk's rule for editing an approved story (editors and admins).
    pub fn set_edit_after_approval(&mut self, policy: EditAfterApproval) -> StoreResult<()> {
        self.authorize(DeskAct::DeskRules)?;
        let json = serde_json::to_string(&policy).map_err(|e| StoreError::BadRow(e.to_string()))?;
        let tx = self.write_transaction()?;
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![EDIT_POLICY_SETTING, json],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A story's audit trail, oldest first.
    pub fn workflow_events(&self, article_id: Uuid) -> StoreResult<Vec<WorkflowEvent>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, actor, action, from_state, to_state, revision_id, note, at
             FROM workflow_events WHERE article_id = ?1 ORDER BY at, id",
        )?;
        let rows = statement.query_map([SqlId(article_id)], |row| {
            Ok((
                row.get::<_, SqlId>(0)?.0,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, SqlId>(5)?.0,
                row.get::<_, String>(6)?,
                row.get::<_, String>(7)?,
            ))
        })?;
        rows.map(|row| {
            let (id, actor, action, from, to, revision_id, note, at) = row?;
            Ok(WorkflowEvent {
                id,
                actor,
                action: WorkflowAction::from_key(&action)
                    .ok_or_else(|| StoreError::BadRow(format!("workflow action {action:?}")))?,
                from_state: state_of(&from)?,
                to_state: state_of(&to)?,
                revision_id,
                note,
                at: time::decode(&at)?,
            })
        })
        .collect()
    }

    /// The revision an editor approved, if the story is approved or published.
    pub fn approved_revision(&self, article_id: Uuid) -> StoreResult<Option<Uuid>> {
        Ok(self
            .conn
            .query_row(
                "SELECT approved_revision_id FROM articles WHERE id = ?1",
                [SqlId(article_id)],
                |row| row.get::<_, Option<SqlId>>(0),
            )
            .optional()?
            .flatten()
            .map(|id| id.0))
    }

    /// Counts per state and section, the stories `author` started, and what waits for review.
    pub fn desk_overview(&self, author: &str) -> StoreResult<DeskOverview> {
        let mut counts = std::collections::HashMap::new();
        {
            let mut statement = self.conn.prepare_cached(
                "SELECT status, count(*) FROM articles WHERE trashed_at IS NULL GROUP BY status",
            )?;
            let rows = statement.query_map([], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, u32>(1)?))
            })?;
            for row in rows {
                let (state, stories) = row?;
                counts.insert(state_of(&state)?, stories);
            }
        }
        let by_state = WorkflowState::ALL
            .into_iter()
            .map(|key| Count {
                key,
                stories: counts.get(&key).copied().unwrap_or(0),
            })
            .collect();
        let by_section = {
            let mut statement = self.conn.prepare_cached(
                "SELECT s.id, s.name, count(DISTINCT a.id) AS stories
                 FROM sections s
                 JOIN sections under ON under.id = s.id OR under.parent_id = s.id
                 JOIN article_sections x ON x.section_id = under.id
                 JOIN articles a ON a.id = x.article_id AND a.trashed_at IS NULL
                 GROUP BY s.id ORDER BY stories DESC, s.name",
            )?;
            let rows = statement.query_map([], |row| {
                Ok(SectionCount {
                    section: Some(row.get::<_, crate::sql_id::SqlId>(0)?.0),
                    name: row.get(1)?,
                    stories: row.get(2)?,
                })
            })?;
            let mut counts = rows.collect::<rusqlite::Result<Vec<_>>>()?;
            let unfiled: u32 = self.conn.query_row(
                "SELECT count(*) FROM articles a WHERE a.trashed_at IS NULL
                 AND NOT EXISTS (SELECT 1 FROM article_sections x WHERE x.article_id = a.id)",
                [],
                |row| row.get(0),
            )?;
            if unfiled > 0 {
                counts.push(SectionCount {
                    section: None,
                    name: "No section".into(),
                    stories: unfiled,
                });
            }
            counts
        };
        let mine = crate::articles::summaries(
            &self.conn,
            &format!(
                "SELECT {} FROM articles WHERE trashed_at IS NULL AND id IN (
                     SELECT article_id FROM revisions WHERE kind = 'created' AND author = ?1)
                 ORDER BY updated_at DESC, id DESC LIMIT 50",
                crate::articles::SUMMARY_COLUMNS
            ),
            [author],
        )?;
        Ok(DeskOverview {
            by_state,
            by_section,
            mine,
            waiting: self.review_queue()?,
        })
    }

    /// The stories whose next step is the person at the desk's: those sent back to them (they
    /// started it, or the shared desk lists them among its authors) and, for whom the rule lets
    /// open a submitted story for review, those submitted. Empty while nobody is at the desk.
    pub fn stories_waiting_on_actor(&self) -> StoreResult<Vec<Uuid>> {
        let Some(actor) = self.actor() else {
            return Ok(Vec::new());
        };
        let reviews =
            transition(WorkflowState::Submitted, WorkflowAction::Review, actor.role).is_ok();
        let mut statement = self.conn.prepare_cached(
            "SELECT a.id FROM articles a
              WHERE a.trashed_at IS NULL AND (
                    (?2 AND a.status = 'submitted')
                 OR (a.status = 'changes_requested' AND (
                        EXISTS (SELECT 1 FROM revisions r
                                 WHERE r.article_id = a.id AND r.kind = 'created' AND r.author = ?1)
                     OR EXISTS (SELECT 1 FROM desk_story_authors x
                                  JOIN desk_people p ON p.id = x.person_id
                                 WHERE x.article_id = a.id AND p.name = ?1))))
              ORDER BY a.updated_at DESC",
        )?;
        let rows = statement.query_map(params![actor.name, reviews], |row| {
            row.get::<_, SqlId>(0).map(|id| id.0)
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Stories waiting for an editor, the longest-waiting first.
    pub fn review_queue(&self) -> StoreResult<Vec<QueueItem>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT a.id, a.headline, a.status, a.word_count, e.actor, e.at,
                    (SELECT s.name FROM article_sections x JOIN sections s ON s.id = x.section_id
                     WHERE x.article_id = a.id AND x.is_primary = 1),
                    a.standfirst, a.embargo_until
             FROM articles a
             JOIN workflow_events e ON e.id = (
                 SELECT id FROM workflow_events WHERE article_id = a.id AND action = 'submit'
                 ORDER BY at DESC, id DESC LIMIT 1)
             WHERE a.status IN ('submitted', 'in_review') AND a.trashed_at IS NULL
             ORDER BY e.at, a.id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, SqlId>(0)?.0,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, u32>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, String>(5)?,
                row.get::<_, Option<String>>(6)?,
                row.get::<_, String>(7)?,
                row.get::<_, Option<String>>(8)?,
            ))
        })?;
        rows.map(|row| {
            let (
                article_id,
                headline,
                state,
                word_count,
                submitted_by,
                at,
                section,
                standfirst,
                embargo,
            ) = row?;
            Ok(QueueItem {
                article_id,
                headline,
                submitted_by,
                submitted_at: time::decode(&at)?,
                state: state_of(&state)?,
                section,
                word_count,
                standfirst,
                embargo_until: time::decode_opt(embargo.as_deref())?,
            })
        })
        .collect()
    }
}

/// The newest revision of an article: id, author, time.
fn newest_revision(
    tx: &Transaction<'_>,
    article_id: Uuid,
) -> StoreResult<(Uuid, String, DateTime<Utc>)> {
    let (id, author, at): (SqlId, String, String) = tx.query_row(
        "SELECT id, author, updated_at FROM revisions WHERE article_id = ?1
         ORDER BY created_at DESC, id DESC LIMIT 1",
        [SqlId(article_id)],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
    )?;
    Ok((id.0, author, time::decode(&at)?))
}

fn insert_event(
    tx: &Transaction<'_>,
    article_id: Uuid,
    profile_id: Option<Uuid>,
    event: &WorkflowEvent,
) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO workflow_events (id, article_id, profile_id, actor, action, from_state,
            to_state, revision_id, note, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            SqlId(event.id),
            SqlId(article_id),
            profile_id.map(SqlId),
            event.actor,
            event.action.key(),
            event.from_state.key(),
            event.to_state.key(),
            SqlId(event.revision_id),
            event.note,
            time::encode(event.at)
        ],
    )?;
    Ok(())
}

/// The desk's rule for editing an approved story (the default until an editor sets one).
fn edit_policy_in(conn: &rusqlite::Connection) -> StoreResult<EditAfterApproval> {
    let stored: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [EDIT_POLICY_SETTING],
            |row| row.get(0),
        )
        .optional()?;
    // A value this version cannot read falls back to the default rather than block saving.
    Ok(stored
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default())
}

/// What a save does to the story's state, decided inside the save's transaction: an edit of an
/// approved story sends it back to Submitted (its approval no longer holds, recorded in the
/// trail), or is refused to a reporter when the desk lets only editors edit approved stories;
/// a published or killed story refuses edits. `role` is the role of the profile at the desk
/// (never looked up from the revision's signature: a name is not a proof of who types).
pub(crate) fn apply_edit_rule(
    tx: &Transaction<'_>,
    article_id: Uuid,
    editor: (&str, Role),
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let state = state_in(tx, article_id)?;
    resubmit_or_refuse(tx, article_id, state, editor, "Edited after approval", now)
}

/// What a change to a part an approval pinned (section, tags, photos, the lead photo, the
/// embargo, related stories) does, inside the caller's transaction: on an approved story, the
/// same as a text edit (back to Submitted, or refused to a reporter when only editors may
/// change approved stories), naming `what` in the trail; on any other story, nothing. A
/// published story keeps its pinned version until it is reopened and approved again.
pub(crate) fn apply_pinned_change_rule(
    tx: &Transaction<'_>,
    article_id: Uuid,
    editor: (&str, Role),
    what: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let state = state_in(tx, article_id)?;
    if state != WorkflowState::Approved {
        return Ok(());
    }
    resubmit_or_refuse(
        tx,
        article_id,
        state,
        editor,
        &format!("{what} changed after approval"),
        now,
    )
}

fn state_in(tx: &Transaction<'_>, article_id: Uuid) -> StoreResult<WorkflowState> {
    let state: String = tx
        .query_row(
            "SELECT status FROM articles WHERE id = ?1",
            [SqlId(article_id)],
            |row| row.get(0),
        )
        .optional()?
        .ok_or(StoreError::NotFound {
            what: "article",
            id: article_id,
        })?;
    state_of(&state)
}

/// The desk's rule for a change to a story in `state` by `editor`: allowed, refused, or
/// allowed with the story sent back to Submitted (its approval and pin cleared), the trail
/// saying `why` ("Edited after approval").
fn resubmit_or_refuse(
    tx: &Transaction<'_>,
    article_id: Uuid,
    state: WorkflowState,
    (author, role): (&str, Role),
    why: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    match edit_rule(state, role, edit_policy_in(tx)?) {
        EditRule::Allowed => Ok(()),
        EditRule::Refused(reason) => Err(StoreError::Workflow(reason)),
        EditRule::Resubmits => {
            let newest = newest_revision(tx, article_id)?;
            tx.execute(
                "UPDATE articles SET status = 'submitted', approved_revision_id = NULL,
                   approved_pin = NULL WHERE id = ?1",
                [SqlId(article_id)],
            )?;
            insert_event(
                tx,
                article_id,
                None,
                &WorkflowEvent {
                    id: Uuid::now_v7(),
                    actor: author.to_owned(),
                    action: WorkflowAction::Submit,
                    from_state: state,
                    to_state: WorkflowState::Submitted,
                    revision_id: newest.0,
                    note: format!("{why}; approve it again."),
                    at: now,
                },
            )
        }
    }
}
