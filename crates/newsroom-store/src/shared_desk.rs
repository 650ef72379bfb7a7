//! The laptop's side of the shared desk: which desk it joined, what the desk holds of each
//! story as last heard, the moves and comments waiting to go, and applying what others did.
//!
//! The laptop stays the working copy. Everything is written here first, as when there is no
//! desk; the sync (`newsroom-desk`) asks what to send ([`Store::desk_outgoing`]), says what the
//! desk took ([`Store::desk_story_sent`], [`Store::desk_change_sent`]) or refused
//! ([`Store::desk_change_refused`]), and hands over what came from others
//! ([`Store::apply_from_desk`]). What the body and the fields are to send is worked out from
//! what the desk is known to hold (a state vector, the fields as last heard), not logged edit
//! by edit: a retry after a lost answer sends at most what the desk already merges away.
//! Moves and comments are events, so they wait in `desk_outbox`, in order.
//!
//! The desk decides: a story's state is the desk's once nothing of this laptop's waits to
//! change it, and a move the desk refused is undone here, its reason kept. Other refused
//! changes are kept and wait for the person to send them again
//! ([`Store::desk_send_refused_again`]) once the cause has passed.

use chrono::{DateTime, Utc};
use newsroom_core::workflow::{Role, WorkflowAction, WorkflowState};
use newsroom_core::ArticleFields;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;
use uuid::Uuid;

use crate::articles::read_article;
use crate::body::{BodyHandle, OpenBody};
use crate::error::{StoreError, StoreResult};
use crate::sql_id::SqlId;
use crate::{time, Store};

/// How many body updates from the desk one transaction applies at most.
const BODY_UPDATES_PER_COMMIT: usize = 256;

/// A change the desk refused, kept on this laptop: the story it was to, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DeskRefusal {
    /// The story.
    pub story_id: Uuid,
    /// Its headline on this laptop ("" when it has none).
    pub headline: String,
    /// The desk's reason, in the journalist's words.
    pub why: String,
}

/// What "Send again" did ([`Store::desk_send_refused_again`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SentAgain {
    /// Refused changes that go again with the next round.
    pub changes: u32,
    /// Refused moves taken off the list: undone here, not sent again.
    pub moves_cleared: u32,
}

/// The desk this laptop joined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeskLink {
    /// The desk's address, without a login.
    pub address: String,
    /// The desk's name (its roles' prefix).
    pub desk: String,
    /// This person's login there.
    pub login: String,
    /// This person's id there.
    pub person_id: Uuid,
    /// This person's profile on this laptop.
    pub profile_id: Uuid,
    /// When this laptop joined.
    pub joined_at: DateTime<Utc>,
    /// The desk's clock up to which this laptop has what it may see.
    pub feed_cursor: i64,
    /// When a sync last finished.
    pub last_sync_at: Option<DateTime<Utc>>,
    /// Why the last sync did not finish ("" when it did).
    pub last_error: String,
}

/// A person of the desk, as the desk describes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskPerson {
    /// Their id on the desk.
    pub id: Uuid,
    /// Their name.
    pub name: String,
    /// Their role.
    pub role: Role,
    /// Their byline.
    pub byline: String,
}

/// A story as the desk holds it now.
#[derive(Debug, Clone, PartialEq)]
pub struct DeskStory {
    /// Its id (the same on every laptop).
    pub id: Uuid,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// Its state on the desk.
    pub state: WorkflowState,
    /// Its fields on the desk (a JSON object; see [`fields_json`]).
    pub fields: serde_json::Value,
    /// Its version on the desk.
    pub version: i64,
    /// Whether anything was written after its approval.
    pub changed_since_approval: bool,
}

/// A change to a story's body, as the desk keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskBodyUpdate {
    /// The story.
    pub story: Uuid,
    /// Who wrote it.
    pub author: Uuid,
    /// The yjs update.
    pub update: Vec<u8>,
}

/// A comment, as the desk keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskComment {
    /// Its id (the same on every laptop).
    pub id: Uuid,
    /// The story.
    pub story: Uuid,
    /// The comment it answers.
    pub parent: Option<Uuid>,
    /// Who wrote it.
    pub author: Uuid,
    /// What it says.
    pub text: String,
    /// The passage it is about.
    pub passage: String,
    /// Its anchor in the body's document (two yjs relative positions).
    pub anchor: Option<(Vec<u8>, Vec<u8>)>,
    /// When it was written.
    pub at: DateTime<Utc>,
}

/// A move through the workflow, as the desk's trail keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskEvent {
    /// Its id (the same on every laptop).
    pub id: Uuid,
    /// The story.
    pub story: Uuid,
    /// Who moved it.
    pub actor: Uuid,
    /// The move.
    pub action: WorkflowAction,
    /// From which state.
    pub from_state: WorkflowState,
    /// To which state.
    pub to_state: WorkflowState,
    /// The note that went with it.
    pub note: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// What came from the desk in one round, each list in the desk's order.
#[derive(Debug, Clone, Default)]
pub struct Incoming {
    /// People new or changed.
    pub people: Vec<DeskPerson>,
    /// Stories new or changed.
    pub stories: Vec<DeskStory>,
    /// Body updates.
    pub body_updates: Vec<DeskBodyUpdate>,
    /// Comments.
    pub comments: Vec<DeskComment>,
    /// Workflow moves.
    pub events: Vec<DeskEvent>,
    /// Posts written on the newsroom's sites.
    pub posts: Vec<crate::site_posts::DeskPost>,
    /// Sections new or changed.
    pub sections: Vec<crate::desk_vocabulary::DeskTerm>,
    /// Tags new or changed.
    pub tags: Vec<crate::desk_vocabulary::DeskTerm>,
    /// House-style rules new, changed or removed.
    pub style_rules: Vec<crate::desk_vocabulary::DeskTerm>,
    /// Words new to the newsroom's dictionary.
    pub words: Vec<crate::desk_vocabulary::DeskTerm>,
    /// Places of stories kept as written.
    pub kept: Vec<crate::desk_house_style::DeskKept>,
    /// WordPress sites new, renamed or removed.
    pub sites: Vec<crate::desk_sites::DeskSite>,
    /// Who changed which fields of a story, in the desk's order.
    pub field_changes: Vec<DeskFieldChange>,
    /// Stories' authors new to this laptop.
    pub authors: Vec<crate::desk_authors::DeskAuthor>,
    /// Colleagues taken off stories' authors.
    pub author_removals: Vec<crate::desk_authors::DeskAuthorRemoval>,
    /// Revisions put on the desk, without their text.
    pub revisions: Vec<crate::desk_revisions::DeskRevision>,
    /// Exports to the newsroom's sites, as the laptops that queued them put them.
    pub pushes: Vec<crate::desk_pushes::DeskPush>,
}

/// One change of a story's fields on the desk: who made it, which fields, when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskFieldChange {
    /// The story.
    pub story: Uuid,
    /// Who changed them.
    pub author: Uuid,
    /// The fields' keys.
    pub fields: Vec<String>,
    /// When.
    pub at: DateTime<Utc>,
}

/// A story with something to send: created here and not on the desk yet, or edited here.
#[derive(Debug, Clone)]
pub struct OutgoingStory {
    /// Its id.
    pub id: Uuid,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// False when the desk does not have it yet.
    pub on_desk: bool,
    /// Its fields here (a JSON object).
    pub fields: serde_json::Value,
    /// The fields that differ from what the desk holds (all of them for a new story).
    pub changed_fields: serde_json::Map<String, serde_json::Value>,
    /// The body's edits the desk lacks (a yjs update; the whole document for a new story).
    pub body_update: Vec<u8>,
    /// The body's state vector once the desk has `body_update`.
    pub body_vector: Vec<u8>,
    /// The story's version here that all of this is.
    pub local_version: u32,
    /// The files of the photos among `changed_fields`: the desk must hold them first.
    pub photo_files: Vec<crate::desk_photos::PhotoFileToSend>,
}

/// A move or comment waiting to go, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct OutgoingChange {
    /// Its place in the order.
    pub seq: i64,
    /// Its id: the desk applies it once.
    pub change_id: Uuid,
    /// The story.
    pub story: Uuid,
    /// What it is.
    pub change: DeskChange,
}

/// A move or comment made on this laptop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum DeskChange {
    /// A move through the workflow.
    #[serde(rename_all = "camelCase")]
    Move {
        /// The move.
        action: WorkflowAction,
        /// Its note.
        note: String,
        /// The story's desk version this laptop had heard when the move was made: an
        /// approval holds only if nobody else's edit reached the desk after it.
        seen_version: i64,
        /// When.
        at: DateTime<Utc>,
    },
    /// A comment.
    #[serde(rename_all = "camelCase")]
    Comment {
        /// Its id (the same on every laptop).
        id: Uuid,
        /// The comment it answers.
        parent: Option<Uuid>,
        /// What it says.
        text: String,
        /// The passage.
        passage: String,
        /// Its anchor, if any (two yjs relative positions).
        anchor: Option<(Vec<u8>, Vec<u8>)>,
        /// When.
        at: DateTime<Utc>,
    },
}

impl DeskChange {
    fn kind(&self) -> &'static str {
        match self {
            DeskChange::Move { .. } => "move",
            DeskChange::Comment { .. } => "comment",
        }
    }
}

/// What this laptop has waiting for the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeskWaiting {
    /// Stories with edits (or not on the desk yet).
    pub stories: u32,
    /// Moves and comments.
    pub changes: u32,
    /// Moves and comments the desk refused, kept with its reason.
    pub refused: u32,
}

impl DeskWaiting {
    /// Everything waiting to go.
    pub fn total(&self) -> u32 {
        self.stories + self.changes
    }
}

/// A story's fields as the desk keeps them: a JSON object, one key per field (camelCase, as
/// [`ArticleFields`] serialises).
pub fn fields_json(fields: &ArticleFields) -> serde_json::Value {
    serde_json::to_value(fields).unwrap_or_else(|_| serde_json::json!({}))
}

/// The field `key` of a desk fields object, as text ("" when absent or not text).
fn field<'a>(fields: &'a serde_json::Value, key: &str) -> &'a str {
    fields.get(key).and_then(|v| v.as_str()).unwrap_or("")
}

/// The fields of `desk` taken over `local` where `local` still holds what the desk last held
/// (`known`): a field changed here and not sent yet is kept (it goes to the desk next, and
/// being later there, wins).
fn take_desk_fields(
    local: &ArticleFields,
    known: &serde_json::Value,
    desk: &serde_json::Value,
) -> ArticleFields {
    let local_json = fields_json(local);
    let mut merged = local_json.clone();
    if let (Some(merged), Some(desk)) = (merged.as_object_mut(), desk.as_object()) {
        for (key, value) in desk {
            let untouched_here = field(&local_json, key) == field(known, key);
            if untouched_here && merged.contains_key(key) {
                merged.insert(key.clone(), value.clone());
            }
        }
    }
    serde_json::from_value(merged).unwrap_or_else(|_| local.clone())
}

impl Store {
    /// The desk this laptop joined, if any.
    pub fn desk_link(&self) -> StoreResult<Option<DeskLink>> {
        self.conn
            .prepare_cached(
                "SELECT address, desk, login, person_id, profile_id, joined_at, feed_cursor,
                        last_sync_at, last_error FROM desk_link",
            )?
            .query_row([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, SqlId>(3)?,
                    row.get::<_, SqlId>(4)?,
                    row.get::<_, String>(5)?,
                    row.get::<_, i64>(6)?,
                    row.get::<_, Option<String>>(7)?,
                    row.get::<_, String>(8)?,
                ))
            })
            .optional()?
            .map(|row| {
                Ok(DeskLink {
                    address: row.0,
                    desk: row.1,
                    login: row.2,
                    person_id: row.3 .0,
                    profile_id: row.4 .0,
                    joined_at: time::decode(&row.5)?,
                    feed_cursor: row.6,
                    last_sync_at: time::decode_opt(row.7.as_deref())?,
                    last_error: row.8,
                })
            })
            .transpose()
    }

    /// Joins this laptop to a desk as `me` (the desk said who they are). Their profile here is
    /// found by name or made, with the desk's role (the desk decides roles); an editor's or
    /// admin's passphrase here is their desk password. Every story already here is sent at
    /// the next sync.
    #[allow(clippy::too_many_arguments)]
    pub fn join_desk(
        &mut self,
        address: &str,
        desk: &str,
        login: &str,
        me: &DeskPerson,
        password: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<DeskLink> {
        if let Some(link) = self.desk_link()? {
            return Err(StoreError::Workflow(format!(
                "This laptop is on the desk {} already, as {}: leave it first (newsroom desk leave).",
                link.address, link.login
            )));
        }
        let hash = if me.role.is_editor() {
            Some(crate::workflow::hash_passphrase(password)?)
        } else {
            None
        };
        let profile = {
            let tx = self.write_transaction()?;
            let key = newsroom_core::vocabulary::name_key(&me.name);
            let existing: Option<SqlId> = tx
                .prepare_cached("SELECT id FROM profiles WHERE name_key = ?1")?
                .query_row([&key], |row| row.get(0))
                .optional()?;
            let id = match existing {
                Some(id) => {
                    tx.prepare_cached(
                        "UPDATE profiles SET role = ?2, passphrase_hash = ?3,
                           byline = CASE WHEN ?4 = '' THEN byline ELSE ?4 END WHERE id = ?1",
                    )?
                    .execute(params![id, me.role.key(), hash, me.byline])?;
                    id.0
                }
                None => {
                    let id = Uuid::now_v7();
                    tx.prepare_cached(
                        "INSERT INTO profiles (id, name, name_key, byline, role, passphrase_hash,
                                               created_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    )?
                    .execute(params![
                        SqlId(id),
                        me.name,
                        key,
                        me.byline,
                        me.role.key(),
                        hash,
                        time::encode(now)
                    ])?;
                    id
                }
            };
            tx.prepare_cached(
                "INSERT INTO desk_link (one, address, desk, login, person_id, profile_id,
                                        joined_at)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                address,
                desk,
                login,
                SqlId(me.id),
                SqlId(id),
                time::encode(now)
            ])?;
            upsert_person(&tx, me)?;
            // Stories filed on this laptop before it joined reach the editors once the desk
            // has them submitted. (An approval made before joining is not carried over: an
            // editor on the desk approves the story again.)
            let filed: Vec<SqlId> = tx
                .prepare(
                    "SELECT id FROM articles WHERE trashed_at IS NULL
                       AND status IN ('submitted', 'in_review', 'approved', 'published')
                     ORDER BY seq",
                )?
                .query_map([], |row| row.get(0))?
                .collect::<Result<_, _>>()?;
            for SqlId(story) in filed {
                queue_for_desk(
                    &tx,
                    Uuid::now_v7(),
                    story,
                    &DeskChange::Move {
                        action: WorkflowAction::Submit,
                        note: String::new(),
                        seen_version: 0,
                        at: now,
                    },
                    now,
                )?;
            }
            tx.commit()?;
            id
        };
        tracing::info!(%address, %login, profile = %profile, "joined the shared desk");
        self.desk_link()?
            .ok_or_else(|| StoreError::BadRow("the desk link was not kept".into()))
    }

    /// Leaves the desk: this laptop keeps every story as it is and stops sending and hearing.
    /// Refused while changes wait to go, unless `discard_waiting` (they stay here, unsent).
    pub fn leave_desk(&mut self, discard_waiting: bool) -> StoreResult<()> {
        let waiting = self.desk_waiting()?;
        if waiting.total() > 0 && !discard_waiting {
            return Err(StoreError::Workflow(format!(
                "{} change(s) wait to go to the desk: sync first (newsroom desk sync), or leave \
                 anyway with --discard-waiting (the stories stay on this laptop).",
                waiting.total()
            )));
        }
        let tx = self.write_transaction()?;
        tx.execute_batch(
            "DELETE FROM desk_outbox; DELETE FROM desk_stories; DELETE FROM desk_people;
             DELETE FROM desk_story_authors; DELETE FROM desk_author_changes;
             DELETE FROM desk_stories_lost; DELETE FROM desk_revisions_sent;
             DELETE FROM desk_pushes; DELETE FROM desk_pushes_sent;
             DELETE FROM desk_revisions WHERE body IS NULL;
             DELETE FROM desk_style_rules_dirty; DELETE FROM desk_words_dirty;
             DELETE FROM desk_kept_dirty;
             DELETE FROM desk_link;",
        )?;
        tx.commit()?;
        Ok(())
    }

    /// What waits to go to the desk (nothing when this laptop joined none).
    pub fn desk_waiting(&self) -> StoreResult<DeskWaiting> {
        let linked: bool = self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM desk_link)")?
            .query_row([], |row| row.get(0))?;
        if !linked {
            return Ok(DeskWaiting {
                stories: 0,
                changes: 0,
                refused: 0,
            });
        }
        let stories: u32 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM articles a LEFT JOIN desk_stories d ON d.article_id = a.id
              WHERE a.trashed_at IS NULL AND (d.article_id IS NULL OR a.version > d.local_version)
                AND a.id NOT IN (SELECT article_id FROM desk_stories_lost)",
            )?
            .query_row([], |row| row.get(0))?;
        let (changes, refused): (u32, u32) = self
            .conn
            .prepare_cached(
                "SELECT count(*) FILTER (WHERE refused IS NULL),
                    count(*) FILTER (WHERE refused IS NOT NULL)
               FROM (SELECT refused FROM desk_outbox
                     UNION ALL SELECT refused FROM desk_author_changes
                     UNION ALL SELECT NULL FROM desk_style_rules_dirty
                     UNION ALL SELECT NULL FROM desk_words_dirty
                     UNION ALL SELECT NULL FROM desk_kept_dirty)",
            )?
            .query_row([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(DeskWaiting {
            stories,
            changes,
            refused,
        })
    }

    /// The stories with something to send, oldest first.
    pub fn desk_outgoing_stories(&self) -> StoreResult<Vec<OutgoingStory>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT a.id, d.fields, d.body_vector FROM articles a
               LEFT JOIN desk_stories d ON d.article_id = a.id
              WHERE a.trashed_at IS NULL AND (d.article_id IS NULL OR a.version > d.local_version)
                -- A story this person was taken off is no longer theirs to send.
                AND a.id NOT IN (SELECT article_id FROM desk_stories_lost)
              ORDER BY a.seq",
        )?;
        let rows = statement
            .query_map([], |row| {
                Ok((
                    row.get::<_, SqlId>(0)?,
                    row.get::<_, Option<String>>(1)?,
                    row.get::<_, Option<Vec<u8>>>(2)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut outgoing = Vec::with_capacity(rows.len());
        for (SqlId(id), known_fields, known_vector) in rows {
            let article = read_article(&self.conn, id)?;
            let fields = story_json(&self.conn, id, &article.content.fields())?;
            let known: serde_json::Value = known_fields
                .as_deref()
                .map(serde_json::from_str)
                .transpose()
                .map_err(|e| StoreError::BadRow(e.to_string()))?
                .unwrap_or_else(|| serde_json::json!({}));
            let mut changed_fields: serde_json::Map<String, serde_json::Value> = fields
                .as_object()
                .map(|all| {
                    all.iter()
                        // (A key the desk never had counts as empty: a laptop that never
                        // set an embargo does not send "none" over another laptop's.)
                        .filter(|(key, value)| {
                            known.get(key.as_str()).unwrap_or(&serde_json::Value::Null) != *value
                        })
                        .map(|(key, value)| (key.clone(), value.clone()))
                        .collect()
                })
                .unwrap_or_default();
            // A photo taken off here goes off the desk's story too (its key becomes null).
            for key in crate::desk_photos::photo_keys(&known) {
                if fields.get(key).is_none() && !known[key].is_null() {
                    changed_fields.insert(key.clone(), serde_json::Value::Null);
                }
            }
            let photo_files =
                self.photo_files_for(&serde_json::Value::Object(changed_fields.clone()))?;
            let (body_update, body_vector) =
                crate::body::changes_and_vector(&self.conn, id, known_vector.as_deref())?;
            outgoing.push(OutgoingStory {
                id,
                created_at: article.created_at,
                on_desk: known_fields.is_some(),
                fields,
                changed_fields,
                body_update,
                body_vector,
                local_version: article.version,
                photo_files,
            });
        }
        Ok(outgoing)
    }

    /// The moves and comments waiting to go, in the order they were made (refused ones left
    /// out).
    pub fn desk_outgoing_changes(&self) -> StoreResult<Vec<OutgoingChange>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT seq, change_id, article_id, payload FROM desk_outbox
              WHERE refused IS NULL ORDER BY seq",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, SqlId>(1)?,
                row.get::<_, SqlId>(2)?,
                row.get::<_, String>(3)?,
            ))
        })?;
        rows.map(|row| {
            let (seq, change_id, story, payload) = row?;
            Ok(OutgoingChange {
                seq,
                change_id: change_id.0,
                story: story.0,
                change: serde_json::from_str(&payload)
                    .map_err(|e| StoreError::BadRow(e.to_string()))?,
            })
        })
        .collect()
    }

    /// The desk took `story` as it was at `local_version` (its fields, its body up to its
    /// `body_vector`). What the desk's story is now (its version, its state) this laptop
    /// learns only by hearing it: other changes may have come between.
    pub fn desk_story_sent(&mut self, story: &OutgoingStory) -> StoreResult<()> {
        let tx = self.write_transaction()?;
        tx.prepare_cached(
            "INSERT INTO desk_stories (article_id, desk_version, fields, state, body_vector,
                                       local_version)
             VALUES (?1, 0, ?2, 'draft', ?3, ?4)
             ON CONFLICT (article_id) DO UPDATE SET
                fields = ?2, body_vector = ?3, local_version = max(local_version, ?4),
                refused = NULL",
        )?
        .execute(params![
            SqlId(story.id),
            story.fields.to_string(),
            story.body_vector,
            story.local_version
        ])?;
        tx.commit()?;
        Ok(())
    }

    /// The desk refused `story`'s changes, for `reason`: they are kept here and not sent again
    /// until the story changes here once more (then they go with that change). A story the desk
    /// never took is tried again each round.
    pub fn desk_story_refused(&mut self, story: &OutgoingStory, reason: &str) -> StoreResult<()> {
        self.conn
            .prepare_cached(
                "UPDATE desk_stories SET refused = ?2, local_version = max(local_version, ?3)
              WHERE article_id = ?1",
            )?
            .execute(params![SqlId(story.id), reason, story.local_version])?;
        Ok(())
    }

    /// The desk took the move or comment `seq`.
    pub fn desk_change_sent(&mut self, seq: i64) -> StoreResult<()> {
        self.conn
            .prepare_cached("DELETE FROM desk_outbox WHERE seq = ?1")?
            .execute([seq])?;
        Ok(())
    }

    /// The desk refused the move or comment `seq` for `reason`: it is kept with the reason,
    /// and a refused move is undone here: the story takes `desk_state`, the state the desk
    /// has now.
    pub fn desk_change_refused(
        &mut self,
        seq: i64,
        reason: &str,
        desk_state: Option<WorkflowState>,
    ) -> StoreResult<()> {
        let tx = self.write_transaction()?;
        let row: Option<(SqlId, String)> = tx
            .prepare_cached("SELECT article_id, kind FROM desk_outbox WHERE seq = ?1")?
            .query_row([seq], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        tx.prepare_cached("UPDATE desk_outbox SET refused = ?2 WHERE seq = ?1")?
            .execute(params![seq, reason])?;
        if let (Some((story, kind)), Some(state)) = (row, desk_state) {
            let moves_waiting: bool = tx
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM desk_outbox
                                 WHERE article_id = ?1 AND kind = 'move' AND refused IS NULL)",
                )?
                .query_row([&story], |row| row.get(0))?;
            if kind == "move" && !moves_waiting {
                tx.prepare_cached("UPDATE articles SET status = ?2 WHERE id = ?1")?
                    .execute(params![story, state.key()])?;
                tx.prepare_cached("UPDATE desk_stories SET state = ?2 WHERE article_id = ?1")?
                    .execute(params![story, state.key()])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// What the desk refused, with its reasons: stories whose changes wait here, then moves and
    /// comments, newest first, then colleagues added or taken off.
    pub fn desk_refusals(&self) -> StoreResult<Vec<DeskRefusal>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT refusal.article_id, COALESCE(articles.headline, ''), refusal.why
               FROM (SELECT article_id, refused AS why, 1 AS kind, 0 AS seq FROM desk_stories
                      WHERE refused IS NOT NULL
                     UNION ALL
                     SELECT article_id, refused, 2, seq FROM desk_outbox WHERE refused IS NOT NULL
                     UNION ALL
                     SELECT article_id, refused, 3, 0 FROM desk_author_changes
                      WHERE refused IS NOT NULL) AS refusal
               LEFT JOIN articles ON articles.id = refusal.article_id
              ORDER BY refusal.kind, refusal.seq DESC",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(DeskRefusal {
                story_id: row.get::<_, SqlId>(0)?.0,
                headline: row.get(1)?,
                why: row.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Sends again, with the next round, what the desk refused and this laptop keeps: the
    /// stories' changes, the comments, the colleagues added as authors or taken off. For when
    /// the refusal's cause has passed (an editor reopened the published story, made the
    /// reporter an author); what is still not allowed comes back refused, with its reason. A
    /// refused move is not sent again: it was undone here and the story shows the desk's
    /// state; moving it again is the person's to do, and the move leaves the list.
    pub fn desk_send_refused_again(&mut self) -> StoreResult<SentAgain> {
        let tx = self.write_transaction()?;
        // Version 0 is older than any story's, so the story is among those with something to
        // send; what goes is what differs from the desk's fields and body, as always.
        let stories = tx
            .prepare_cached(
                "UPDATE desk_stories SET refused = NULL, local_version = 0
                  WHERE refused IS NOT NULL",
            )?
            .execute([])?;
        let comments = tx
            .prepare_cached(
                "UPDATE desk_outbox SET refused = NULL WHERE refused IS NOT NULL AND kind <> 'move'",
            )?
            .execute([])?;
        let authors = tx
            .prepare_cached(
                "UPDATE desk_author_changes SET refused = NULL WHERE refused IS NOT NULL",
            )?
            .execute([])?;
        let moves = tx
            .prepare_cached("DELETE FROM desk_outbox WHERE refused IS NOT NULL AND kind = 'move'")?
            .execute([])?;
        tx.commit()?;
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Ok(SentAgain {
            changes: count(stories + comments + authors),
            moves_cleared: count(moves),
        })
    }

    /// Applies what came from the desk up to its clock `upto`, and moves the feed's cursor
    /// there: people, stories (created here when new, fields and state taken where nothing of
    /// this laptop's waits to change them), body updates merged, comments and moves added.
    /// Each item is applied once, whatever is repeated.
    pub fn apply_from_desk(
        &mut self,
        incoming: &Incoming,
        upto: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let link = self
            .desk_link()?
            .ok_or_else(|| StoreError::Workflow("This laptop is not on a desk.".into()))?;
        {
            let tx = self.write_transaction()?;
            // The sections first: the stories that came are filed by them.
            crate::desk_vocabulary::apply_desk_sections(&tx, &incoming.sections, now)?;
            crate::desk_vocabulary::apply_desk_tags(&tx, &incoming.tags, now)?;
            crate::desk_house_style::apply_desk_style_rules(&tx, &incoming.style_rules, now)?;
            crate::desk_house_style::apply_desk_words(&tx, &incoming.words, now)?;
            crate::desk_sites::apply_desk_sites(&tx, &incoming.sites, now)?;
            for person in &incoming.people {
                upsert_person(&tx, person)?;
            }
            for story in &incoming.stories {
                apply_story(&tx, story, now)?;
            }
            crate::desk_authors::apply_desk_authors(
                &tx,
                &incoming.authors,
                &incoming.author_removals,
                link.person_id,
                now,
            )?;
            crate::desk_revisions::apply_desk_revisions(&tx, &incoming.revisions)?;
            crate::desk_pushes::apply_desk_pushes(&tx, &incoming.pushes, link.person_id)?;
            tx.commit()?;
        }
        // Many updates to one transaction: a round that brings a dozen edits commits (and
        // waits for the disk) once, not a dozen times. Bounded, so that a laptop's first round
        // on a big desk does not hold off the window's saves for long.
        for updates in incoming.body_updates.chunks(BODY_UPDATES_PER_COMMIT) {
            self.body_transaction(|tx, handle| {
                let BodyHandle { writer, mut open } = handle;
                for update in updates {
                    let author = person_name(tx, update.author)?;
                    let handle = BodyHandle { writer, open };
                    open = apply_desk_body(tx, handle, update.story, &update.update, &author, now)?;
                }
                Ok(((), open))
            })?;
        }
        let tx = self.write_transaction()?;
        for comment in &incoming.comments {
            let author = person_name(&tx, comment.author)?;
            let mine = comment.author == link.person_id;
            tx.prepare_cached(
                "INSERT INTO comments (id, article_id, parent_id, profile_id, author, body,
                     passage, created_at, anchor_start, anchor_end)
                 SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10
                  WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?2)
                 ON CONFLICT (id) DO NOTHING",
            )?
            .execute(params![
                SqlId(comment.id),
                SqlId(comment.story),
                comment.parent.map(SqlId),
                mine.then_some(SqlId(link.profile_id)),
                author,
                comment.text,
                comment.passage,
                time::encode(comment.at),
                comment.anchor.as_ref().map(|(start, _)| start),
                comment.anchor.as_ref().map(|(_, end)| end),
            ])?;
        }
        crate::desk_house_style::apply_desk_kept(&tx, &incoming.kept, now)?;
        // Approvals given (or ended) on other laptops, story by story, the last move deciding;
        // taken once the story's photos are here (the approval pins them).
        for event in &incoming.events {
            let actor = person_name(&tx, event.actor)?;
            let mine = event.actor == link.person_id;
            let approved = match (event.action, event.to_state) {
                (WorkflowAction::Approve, _) => Some(true),
                (_, WorkflowState::Approved | WorkflowState::Published) => None,
                _ => Some(false),
            };
            if let (false, Some(approved)) = (mine, approved) {
                tx.prepare_cached(
                    "INSERT INTO desk_approvals_waiting (article_id, approved)
                     SELECT ?1, ?2 WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?1)
                     ON CONFLICT (article_id) DO UPDATE SET approved = excluded.approved",
                )?
                .execute(params![SqlId(event.story), approved])?;
            }
            tx.prepare_cached(
                "INSERT INTO workflow_events (id, article_id, profile_id, actor, action,
                     from_state, to_state, revision_id, note, at)
                 SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7,
                        (SELECT id FROM revisions WHERE article_id = ?2
                          ORDER BY created_at DESC, rowid DESC LIMIT 1), ?8, ?9
                  WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?2)
                 ON CONFLICT (id) DO NOTHING",
            )?
            .execute(params![
                SqlId(event.id),
                SqlId(event.story),
                mine.then_some(SqlId(link.profile_id)),
                actor,
                event.action.key(),
                event.from_state.key(),
                event.to_state.key(),
                event.note,
                time::encode(event.at)
            ])?;
        }
        for post in &incoming.posts {
            crate::site_posts::apply_desk_post(&tx, post)?;
        }
        // Who changed a field on another laptop: "changed while you were away" names them.
        for change in incoming
            .field_changes
            .iter()
            .filter(|c| c.author != link.person_id)
        {
            let author = person_name(&tx, change.author)?;
            for field in &change.fields {
                tx.prepare_cached(
                    "INSERT INTO field_authors (article_id, field, author, at)
                     SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?1)
                     ON CONFLICT (article_id, field) DO UPDATE SET author = excluded.author,
                       at = excluded.at WHERE excluded.at >= field_authors.at",
                )?
                .execute(params![
                    SqlId(change.story),
                    field,
                    author,
                    time::encode(change.at)
                ])?;
            }
        }
        tx.prepare_cached("UPDATE desk_link SET feed_cursor = max(feed_cursor, ?1)")?
            .execute([upto])?;
        tx.commit()?;
        self.take_waiting_approvals()?;
        Ok(())
    }

    /// Takes the approvals heard from the desk whose stories have all their photos here (the
    /// sync calls it again after it fetched photos).
    pub fn take_waiting_approvals(&mut self) -> StoreResult<()> {
        let ready: Vec<(SqlId, bool)> = self
            .conn
            .prepare_cached(
                "SELECT w.article_id, w.approved FROM desk_approvals_waiting w
                  WHERE NOT EXISTS (SELECT 1 FROM desk_photo_fetches f
                                     WHERE f.article_id = w.article_id)",
            )?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_, _>>()?;
        for (SqlId(story), approved) in ready {
            self.take_desk_approval(story, approved)?;
            self.conn
                .prepare_cached("DELETE FROM desk_approvals_waiting WHERE article_id = ?1")?
                .execute([SqlId(story)])?;
        }
        Ok(())
    }

    /// An approval given on another laptop becomes this laptop's too, so that any editor's
    /// laptop can send the story: its newest revision approved, and what goes out with it
    /// pinned as it is here now. That holds only while the text here is the one the desk
    /// approved: nothing of this laptop's waits to go, and nothing reached the desk after the
    /// approval. Otherwise (and when the approval ended) the story has no approval here, and
    /// its export says so; the approving editor's laptop still has it.
    fn take_desk_approval(&mut self, story: Uuid, approved: bool) -> StoreResult<()> {
        let as_approved: Option<(bool, String)> = self
            .conn
            .prepare_cached(
                "SELECT d.local_version = a.version AND NOT d.changed_since_approval
                        AND a.status IN ('approved', 'published'), a.body
                   FROM articles a JOIN desk_stories d ON d.article_id = a.id WHERE a.id = ?1",
            )?
            .query_row([SqlId(story)], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        let pin = match as_approved {
            Some((true, body)) if approved => {
                let pin = self.current_pin(story, &body)?;
                Some(serde_json::to_string(&pin).map_err(|e| StoreError::BadRow(e.to_string()))?)
            }
            _ => None,
        };
        let tx = self.write_transaction()?;
        tx.prepare_cached(
            "UPDATE articles SET approved_pin = ?2,
               approved_revision_id = CASE WHEN ?2 IS NULL THEN NULL ELSE
                 (SELECT id FROM revisions WHERE article_id = ?1
                   ORDER BY created_at DESC, id DESC LIMIT 1) END
             WHERE id = ?1",
        )?
        .execute(params![SqlId(story), pin])?;
        tx.commit()?;
        Ok(())
    }

    /// Records how a sync ended: `error` when it did not finish. A finished round is written
    /// when the last was a second ago or more, or ended in an error: on a busy desk a laptop
    /// runs several rounds a second, and each write waits for the disk, while the window shows
    /// the minute ("Synced 14:03").
    pub fn record_desk_sync(&mut self, error: Option<&str>, now: DateTime<Utc>) -> StoreResult<()> {
        match error {
            None => self
                .conn
                .prepare_cached(
                    "UPDATE desk_link SET last_sync_at = ?1, last_error = ''
                      WHERE last_error <> '' OR last_sync_at IS NULL
                         OR last_sync_at <= ?2 OR last_sync_at > ?1",
                )?
                .execute([
                    time::encode(now),
                    time::encode(now - chrono::Duration::seconds(1)),
                ])?,
            Some(why) => self
                .conn
                .prepare_cached("UPDATE desk_link SET last_error = ?1")?
                .execute([why])?,
        };
        Ok(())
    }

    /// A hash of the shared state as this laptop holds it: every story it has from the desk
    /// (or `story` alone), with its state, fields and filing, body, comments, posts on the
    /// newsroom's sites and places kept as written; and, for the whole desk, what everyone
    /// shares besides stories: its people, sections, tags, house-style rules and dictionary.
    /// Two laptops that see the same stories have the same digest once both synced. (The
    /// newsroom's sites are left out: a laptop may name one differently where its own name is
    /// taken, and keeps a removed one while its exports wait.)
    pub fn desk_digest(&self, story: Option<Uuid>) -> StoreResult<String> {
        let mut statement = self.conn.prepare_cached(
            "SELECT a.id FROM articles a JOIN desk_stories d ON d.article_id = a.id
              WHERE ?1 IS NULL OR a.id = ?1 ORDER BY a.id",
        )?;
        let ids = statement
            .query_map([story.map(SqlId)], |row| row.get::<_, SqlId>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        let mut hash = Sha256::new();
        for SqlId(id) in ids {
            let article = read_article(&self.conn, id)?;
            hash.update(id.as_bytes());
            hash.update(article.status.key().as_bytes());
            hash.update(
                story_json(&self.conn, id, &article.content.fields())?
                    .to_string()
                    .as_bytes(),
            );
            hash.update([0]);
            hash.update(article.content.body.as_bytes());
            hash.update([0]);
            let mut comments = self.conn.prepare_cached(
                "SELECT id, body FROM comments WHERE article_id = ?1 ORDER BY id",
            )?;
            let rows = comments.query_map([SqlId(id)], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
            })?;
            for row in rows {
                let (comment, body) = row?;
                hash.update(comment.as_bytes());
                hash.update(body.as_bytes());
                hash.update([0]);
            }
            let mut posts = self.conn.prepare_cached(
                "SELECT site, post_id, status FROM desk_posts WHERE article_id = ?1 ORDER BY site",
            )?;
            let rows = posts.query_map([SqlId(id)], |row| {
                Ok(format!(
                    "{}\u{1}{}\u{1}{}",
                    row.get::<_, String>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, String>(2)?
                ))
            })?;
            for row in rows {
                hash.update(row?.as_bytes());
                hash.update([0]);
            }
            let mut kept = self.conn.prepare_cached(
                "SELECT flagged_by, matched, context FROM marked_correct WHERE article_id = ?1
                  ORDER BY flagged_by, matched, context",
            )?;
            let rows = kept.query_map([SqlId(id)], |row| {
                Ok(format!(
                    "{}\u{1}{}\u{1}{}",
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?
                ))
            })?;
            for row in rows {
                hash.update(row?.as_bytes());
                hash.update([0]);
            }
        }
        if story.is_none() {
            self.hash_desk_wide(&mut hash)?;
        }
        Ok(hash.finalize().iter().map(|b| format!("{b:02x}")).collect())
    }

    /// Adds to `hash` what the whole desk shares besides stories, each in an order that does
    /// not depend on when it arrived.
    fn hash_desk_wide(&self, hash: &mut Sha256) -> StoreResult<()> {
        let mut add = |kind: &str, entry: &str| {
            hash.update(format!("{kind}\u{1}{entry}").as_bytes());
            hash.update([0]);
        };
        let mut people = self
            .conn
            .prepare_cached("SELECT id, name, role, byline FROM desk_people ORDER BY id")?;
        let rows = people.query_map([], |row| {
            Ok(format!(
                "{}\u{1}{}\u{1}{}\u{1}{}",
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?
            ))
        })?;
        for row in rows {
            add("person", &row?);
        }
        let vocabularies = self.export_vocabularies()?;
        let mut sections = vocabularies.sections;
        sections.sort_by(|a, b| a.slug.cmp(&b.slug));
        for section in &sections {
            add("section", &as_json(section)?);
        }
        let mut tags = vocabularies.tags;
        tags.sort_by(|a, b| a.slug.cmp(&b.slug));
        for tag in &tags {
            add("tag", &as_json(tag)?);
        }
        let mut rules = self.house_style()?.rules;
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        for rule in &rules {
            add("rule", &as_json(rule)?);
        }
        for word in self.newsroom_words()? {
            add("word", &word);
        }
        Ok(())
    }
}

/// `value` as JSON, for the digest.
fn as_json(value: &impl Serialize) -> StoreResult<String> {
    serde_json::to_string(value)
        .map_err(|err| StoreError::BadRow(format!("the digest's JSON: {err}")))
}

/// Merges a body update from the desk into story `id`, written by `author`, in `tx`; gives
/// back the document it kept open. The desk's workflow rules already applied there: nothing
/// here sends the story back. When the story had nothing of this laptop's waiting, it still
/// has nothing waiting afterwards.
fn apply_desk_body(
    tx: &Transaction<'_>,
    handle: BodyHandle,
    id: Uuid,
    update: &[u8],
    author: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<OpenBody>> {
    let Some(current) = crate::articles::find_article(tx, id)? else {
        return Ok(handle.open);
    };
    let signed = crate::body::Signed {
        author,
        origin: "desk",
        now,
    };
    let (written, open) = crate::body::apply_change(tx, handle, id, update, signed)?;
    let Some(written) = written else {
        return Ok(Some(open));
    };
    let stats = newsroom_core::TextStats::of(&written.text);
    let version = current.version + 1;
    tx.prepare_cached(
        "UPDATE articles SET word_count = ?2, version = ?3, updated_at = ?4 WHERE id = ?1",
    )?
    .execute(params![SqlId(id), stats.words, version, time::encode(now)])?;
    let saved = newsroom_core::ArticleContent {
        body: written.text,
        ..current.content
    };
    crate::articles::record_revision(
        tx,
        id,
        &saved,
        stats.words,
        newsroom_core::RevisionKind::Update,
        author,
        now,
    )?;
    // Nothing was waiting: what the desk holds is what is here now.
    tx.prepare_cached(
        "UPDATE desk_stories SET local_version = ?2, body_vector = ?3
          WHERE article_id = ?1 AND local_version = ?4",
    )?
    .execute(params![
        SqlId(id),
        version,
        open.state_vector(),
        current.version
    ])?;
    Ok(Some(open))
}

/// The desk version of `story` this laptop last heard (0 when the desk does not have it).
pub(crate) fn seen_desk_version(tx: &Transaction<'_>, story: Uuid) -> StoreResult<i64> {
    Ok(tx
        .prepare_cached("SELECT desk_version FROM desk_stories WHERE article_id = ?1")?
        .query_row([SqlId(story)], |row| row.get(0))
        .optional()?
        .unwrap_or(0))
}

fn upsert_person(tx: &Transaction<'_>, person: &DeskPerson) -> StoreResult<()> {
    tx.prepare_cached(
        "INSERT INTO desk_people (id, name, role, byline) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET name = ?2, role = ?3, byline = ?4",
    )?
    .execute(params![
        SqlId(person.id),
        person.name,
        person.role.key(),
        person.byline
    ])?;
    Ok(())
}

pub(crate) fn person_name(conn: &rusqlite::Connection, id: Uuid) -> StoreResult<String> {
    Ok(conn
        .prepare_cached("SELECT name FROM desk_people WHERE id = ?1")?
        .query_row([SqlId(id)], |row| row.get(0))
        .optional()?
        .unwrap_or_else(|| "someone on the desk".to_owned()))
}

/// A story from the desk: created here when new (its body empty until its updates come), its
/// fields taken where nothing here waits to change them, its state the desk's unless a move
/// made here waits to go.
fn apply_story(tx: &Transaction<'_>, story: &DeskStory, now: DateTime<Utc>) -> StoreResult<()> {
    let desk_fields: ArticleFields = {
        let empty = empty_fields();
        take_desk_fields(&empty, &fields_json(&empty), &story.fields)
    };
    let known: Option<(String, i64)> = tx
        .prepare_cached("SELECT fields, desk_version FROM desk_stories WHERE article_id = ?1")?
        .query_row([SqlId(story.id)], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    if known
        .as_ref()
        .is_some_and(|(_, version)| *version >= story.version)
    {
        return Ok(()); // heard already
    }
    match crate::articles::find_article(tx, story.id)? {
        None => {
            let mut content = newsroom_core::ArticleContent::from_parts(desk_fields, String::new());
            if content.validate().is_err() {
                tracing::warn!(story = %story.id, "the desk's fields are not valid here; left empty");
                content = newsroom_core::ArticleContent::from_parts(
                    ArticleFields {
                        language: "en".into(),
                        ..empty_fields()
                    },
                    String::new(),
                );
            }
            crate::articles::insert_article_from_desk(tx, story.id, &content, story.created_at)?;
            tx.prepare_cached("UPDATE articles SET status = ?2 WHERE id = ?1")?
                .execute(params![SqlId(story.id), story.state.key()])?;
            for group in FILING {
                take_desk_filing(tx, story.id, group, &story.fields, now)?;
            }
            crate::desk_photos::take_photo_fields(tx, story.id, &story.fields, |_| true, now)?;
            let version =
                crate::articles::find_article(tx, story.id)?.map_or(1, |article| article.version);
            tx.prepare_cached(
                "INSERT INTO desk_stories (article_id, desk_version, fields, state, body_vector,
                                           local_version, changed_since_approval)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                SqlId(story.id),
                story.version,
                story.fields.to_string(),
                story.state.key(),
                newsroom_body::BodyDoc::empty().state_vector(),
                version,
                story.changed_since_approval
            ])?;
        }
        Some(article) => {
            let known_fields: serde_json::Value = known
                .as_ref()
                .map(|(fields, _)| serde_json::from_str(fields))
                .transpose()
                .map_err(|e| StoreError::BadRow(e.to_string()))?
                .unwrap_or_else(|| serde_json::json!({}));
            let local = article.content.fields();
            let mut taken = take_desk_fields(&local, &known_fields, &story.fields);
            // Fields the laptop would not accept from a person are not taken from the desk.
            if newsroom_core::ArticleContent::from_parts(taken.clone(), String::new())
                .validate()
                .is_err()
            {
                tracing::warn!(story = %story.id, "the desk's fields are not valid here; kept ours");
                taken = local.clone();
            }
            let was_clean: bool = tx
                .prepare_cached(
                    "SELECT coalesce((SELECT local_version FROM desk_stories WHERE article_id = ?1),
                                     -1) = ?2",
                )?
                .query_row(params![SqlId(story.id), article.version], |row| row.get(0))?;
            let mut version = article.version;
            if taken != local {
                version += 1;
                tx.prepare_cached(
                    "UPDATE articles SET headline = ?2, standfirst = ?3, byline = ?4,
                       editors_note = ?5, language = ?6, version = ?7, updated_at = ?8
                     WHERE id = ?1",
                )?
                .execute(params![
                    SqlId(story.id),
                    taken.headline,
                    taken.standfirst,
                    taken.byline,
                    taken.editors_note,
                    taken.language,
                    version,
                    time::encode(now)
                ])?;
            }
            // The filing, the same way: the desk's where this laptop's is what the desk last had.
            let here = story_json(tx, story.id, &local)?;
            for group in FILING {
                let untouched = group.iter().all(|key| {
                    let empty = &serde_json::Value::Null;
                    here.get(*key).unwrap_or(empty) == known_fields.get(*key).unwrap_or(empty)
                });
                if untouched {
                    take_desk_filing(tx, story.id, group, &story.fields, now)?;
                }
            }
            // Each photo, the same way: the desk's where this laptop's is what it last heard.
            fn value<'a>(fields: &'a serde_json::Value, key: &str) -> &'a serde_json::Value {
                fields.get(key).unwrap_or(&serde_json::Value::Null)
            }
            crate::desk_photos::take_photo_fields(
                tx,
                story.id,
                &story.fields,
                |key| {
                    let untouched = value(&here, key) == value(&known_fields, key);
                    untouched && value(&story.fields, key) != value(&here, key)
                },
                now,
            )?;
            let moves_waiting: bool = tx
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM desk_outbox
                                 WHERE article_id = ?1 AND kind = 'move' AND refused IS NULL)",
                )?
                .query_row([SqlId(story.id)], |row| row.get(0))?;
            if !moves_waiting {
                tx.prepare_cached("UPDATE articles SET status = ?2 WHERE id = ?1")?
                    .execute(params![SqlId(story.id), story.state.key()])?;
            }
            tx.prepare_cached(
                "INSERT INTO desk_stories (article_id, desk_version, fields, state, body_vector,
                                           local_version, changed_since_approval)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (article_id) DO UPDATE SET desk_version = ?2, fields = ?3,
                    state = ?4, changed_since_approval = ?7,
                    local_version = CASE WHEN ?8 THEN ?6 ELSE local_version END",
            )?
            .execute(params![
                SqlId(story.id),
                story.version,
                story.fields.to_string(),
                story.state.key(),
                newsroom_body::BodyDoc::empty().state_vector(),
                version,
                story.changed_since_approval,
                was_clean
            ])?;
        }
    }
    Ok(())
}

fn empty_fields() -> ArticleFields {
    ArticleFields {
        headline: String::new(),
        standfirst: String::new(),
        byline: String::new(),
        editors_note: String::new(),
        language: "en".into(),
    }
}

/// Queues a move or comment for the desk, in `tx` (the transaction that made it here),
/// when this laptop is on a desk. `change_id` is the id it has here (the move's trail entry,
/// the comment's): the desk keeps it under that id, so when every laptop hears it back, this
/// one knows it has it already.
pub(crate) fn queue_for_desk(
    tx: &Transaction<'_>,
    change_id: Uuid,
    story: Uuid,
    change: &DeskChange,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let linked: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM desk_link)")?
        .query_row([], |row| row.get(0))?;
    if !linked {
        return Ok(());
    }
    let payload = serde_json::to_string(change).map_err(|e| StoreError::BadRow(e.to_string()))?;
    tx.prepare_cached(
        "INSERT INTO desk_outbox (change_id, article_id, kind, payload, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        SqlId(change_id),
        SqlId(story),
        change.kind(),
        payload,
        time::encode(now)
    ])?;
    Ok(())
}

/// The filing as the desk keeps it among a story's fields: the sections by slug (the primary
/// one, the others), the tags by name, and the embargo (RFC 3339, or null for none). Three
/// groups, each taken from the desk as one.
const FILING: [&[&str]; 3] = [&["section", "sections"], &["tags"], &["embargoUntil"]];

/// The most tags a story takes from the desk (a laptop's own limit is usually lower).
const MAX_TAGS_FROM_DESK: usize = 100;

/// A story's fields and filing, as the desk keeps them: one JSON object.
pub(crate) fn story_json(
    conn: &rusqlite::Connection,
    id: Uuid,
    fields: &ArticleFields,
) -> StoreResult<serde_json::Value> {
    let mut json = fields_json(fields);
    let mut primary = None;
    let mut secondary = Vec::new();
    let mut sections = conn.prepare_cached(
        "SELECT s.slug, x.is_primary FROM article_sections x JOIN sections s ON s.id = x.section_id
          WHERE x.article_id = ?1 ORDER BY s.slug",
    )?;
    for row in sections.query_map([SqlId(id)], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, bool>(1)?))
    })? {
        let (slug, is_primary) = row?;
        if is_primary {
            primary = Some(slug);
        } else {
            secondary.push(slug);
        }
    }
    let tags: Vec<String> = conn
        .prepare_cached(
            "SELECT t.name FROM article_tags x JOIN tags t ON t.id = x.tag_id
              WHERE x.article_id = ?1 ORDER BY x.position",
        )?
        .query_map([SqlId(id)], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    let embargo: Option<String> = conn
        .prepare_cached("SELECT embargo_until FROM articles WHERE id = ?1")?
        .query_row([SqlId(id)], |row| row.get(0))?;
    let photos = crate::desk_photos::photo_fields(conn, id)?;
    if let Some(object) = json.as_object_mut() {
        object.extend(photos);
        object.insert("embargoUntil".into(), embargo.into());
        object.insert("section".into(), primary.into());
        object.insert("sections".into(), secondary.into());
        object.insert("tags".into(), tags.into());
    }
    Ok(json)
}

/// Files story `id` as the desk's `fields` say, for one `group` of [`FILING`], when the desk
/// says anything about it. A section this laptop does not have (one added on another laptop)
/// is left out; a tag it does not have is added to its vocabulary, as tagging does.
fn take_desk_filing(
    tx: &Transaction<'_>,
    id: Uuid,
    group: &[&str],
    fields: &serde_json::Value,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    if !group.iter().any(|key| fields.get(*key).is_some()) {
        return Ok(());
    }
    let texts = |key: &str| -> Vec<String> {
        fields
            .get(key)
            .and_then(|v| v.as_array())
            .map(|items| {
                items
                    .iter()
                    .filter_map(|item| item.as_str().map(str::to_owned))
                    .take(MAX_TAGS_FROM_DESK)
                    .collect()
            })
            .unwrap_or_default()
    };
    if group.contains(&"embargoUntil") {
        // An embargo the laptop cannot read is not taken (the story keeps its own).
        let until = match fields.get("embargoUntil") {
            Some(serde_json::Value::String(text)) => match DateTime::parse_from_rfc3339(text) {
                Ok(until) => Some(until.with_timezone(&Utc)),
                Err(_) => return Ok(()),
            },
            _ => None,
        };
        tx.prepare_cached("UPDATE articles SET embargo_until = ?2 WHERE id = ?1")?
            .execute(params![SqlId(id), until.map(time::encode)])?;
        return Ok(());
    }
    if group.contains(&"tags") {
        tx.prepare_cached("DELETE FROM article_tags WHERE article_id = ?1")?
            .execute([SqlId(id)])?;
        for (position, name) in texts("tags").iter().enumerate() {
            match crate::vocabulary::find_or_create_tag(tx, name, now) {
                Ok(tag) => {
                    tx.prepare_cached(
                        "INSERT OR IGNORE INTO article_tags (article_id, tag_id, position)
                         VALUES (?1, ?2, ?3)",
                    )?
                    .execute(params![
                        SqlId(id),
                        SqlId(tag),
                        u32::try_from(position).unwrap_or(u32::MAX)
                    ])?;
                }
                Err(err) => tracing::warn!(%err, "a tag from the desk is not taken"),
            }
        }
        return Ok(());
    }
    let section_id = |slug: &str| -> StoreResult<Option<SqlId>> {
        Ok(tx
            .prepare_cached("SELECT id FROM sections WHERE slug = ?1")?
            .query_row([slug], |row| row.get(0))
            .optional()?)
    };
    tx.prepare_cached("DELETE FROM article_sections WHERE article_id = ?1")?
        .execute([SqlId(id)])?;
    let primary = fields.get("section").and_then(|v| v.as_str());
    let mut filed = Vec::new();
    if let Some(slug) = primary {
        if let Some(section) = section_id(slug)? {
            filed.push((section, true));
        }
    }
    for slug in texts("sections") {
        if Some(slug.as_str()) != primary {
            if let Some(section) = section_id(&slug)? {
                filed.push((section, false));
            }
        }
    }
    for (section, is_primary) in filed {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO article_sections (article_id, section_id, is_primary)
             VALUES (?1, ?2, ?3)",
        )?
        .execute(params![SqlId(id), section, is_primary])?;
    }
    Ok(())
}
