//! The story's body: the one place that reads or writes its document and its text.
//!
//! A body is a shared document ([`newsroom_body::BodyDoc`]) with its text kept beside it in
//! `articles.body`. Every change arrives here inside the caller's write transaction: it is
//! applied to the document loaded from `body_docs` and `body_changes`, the part that was new
//! is appended to `body_changes`, and the text the document now makes is written to
//! `articles.body` (the full-text index follows by trigger). So the text on disk is always the
//! document's text, and the commit that makes the editor say "Saved" holds both.
//!
//! Nothing else in the store writes `articles.body` or touches the document's tables; other
//! code reads the text from the article row or asks [`text`]. Whether the person may change
//! the story is asked before a change reaches here, not here.

use chrono::{DateTime, Utc};
use newsroom_body::{BodyDoc, Writer};
use newsroom_core::{diff_words, DiffSegment, DiffTag};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{StoreError, StoreResult};
use crate::sql_id::SqlId;
use crate::time;

/// How many changes are kept one by one before they are folded into the stored state. Opening
/// a story replays at most this many; a fold rewrites the state once per this many saves.
const FOLD_AFTER_CHANGES: i64 = 256;

/// Who makes a change, from where, and when (what `body_changes` records with it).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Signed<'a> {
    pub author: &'a str,
    /// How the change came: `created`, `autosave`, `checkpoint`, `restore`, `update`, `editor`.
    pub origin: &'a str,
    pub now: DateTime<Utc>,
}

/// The body after a change was stored.
#[derive(Debug)]
pub(crate) struct Written {
    /// The text now stored in `articles.body`.
    pub text: String,
}

/// A story's document as loaded for a change, kept between saves: a story being typed is
/// saved every few seconds, and loading its document each time (its state and up to
/// [`FOLD_AFTER_CHANGES`] changes) doubled the commit's time. It is used again only while the
/// stored sequence numbers are still the ones it was loaded or written at (another program
/// writing the story moves them), and only after the transaction that wrote it committed: a
/// change is taken out of the store's keeping for the transaction and put back after commit.
#[derive(Debug)]
pub(crate) struct OpenBody {
    id: Uuid,
    doc: BodyDoc,
    seqs: Seqs,
}

/// What a change to a body needs from the store: its writer, and the document kept open from
/// the last save, if any.
#[derive(Debug)]
pub(crate) struct BodyHandle {
    pub writer: Writer,
    pub open: Option<OpenBody>,
}

/// Starts the document of the new article `id`: its genesis holds `text`. A story has one
/// genesis, made here once; copies elsewhere start from this one, never from their own.
pub(crate) fn begin(
    tx: &Transaction<'_>,
    id: Uuid,
    text: &str,
    by: Signed<'_>,
) -> StoreResult<Written> {
    let (doc, genesis) = BodyDoc::genesis(text);
    tx.prepare_cached(
        "INSERT INTO body_docs (article_id, state, folded_seq, last_seq, snapshot)
         VALUES (?1, ?2, 0, 0, ?3)",
    )?
    .execute(params![
        SqlId(id),
        doc.encode_stored_state(),
        doc.snapshot()
    ])?;
    remember_writers(tx, id, &genesis, by.author)?;
    write_text(tx, id, doc.text())
}

/// Makes article `id`'s body `text` by the smallest edit (a whole text from outside the editor:
/// the command line, a restored revision, today's editor), so that it merges with what others
/// wrote meanwhile. `None` when the body already was `text`. The document comes back to be
/// kept once the caller has committed.
pub(crate) fn set_text(
    tx: &Transaction<'_>,
    handle: BodyHandle,
    id: Uuid,
    text: &str,
    by: Signed<'_>,
) -> StoreResult<(Option<Written>, OpenBody)> {
    let mut open = open(tx, handle, id)?;
    let written = match open.doc.set_text(text) {
        Some(change) => Some(append(tx, &mut open, &change, by)?),
        None => None,
    };
    Ok((written, open))
}

/// Applies `change` (a yjs update from an editor or another copy of the story) to article
/// `id`'s body. `None` when it held nothing new (a retry, or a change already merged).
pub(crate) fn apply_change(
    tx: &Transaction<'_>,
    handle: BodyHandle,
    id: Uuid,
    change: &[u8],
    by: Signed<'_>,
) -> StoreResult<(Option<Written>, OpenBody)> {
    let mut open = open(tx, handle, id)?;
    let written = match open.doc.apply(change)? {
        Some(novel) => Some(append(tx, &mut open, &novel, by)?),
        None => None,
    };
    Ok((written, open))
}

/// Article `id`'s body as text.
pub(crate) fn text(conn: &Connection, id: Uuid) -> StoreResult<String> {
    conn.prepare_cached("SELECT body FROM articles WHERE id = ?1")?
        .query_row([SqlId(id)], |row| row.get(0))
        .optional()?
        .ok_or(StoreError::NotFound {
            what: "article",
            id,
        })
}

/// Article `id`'s body as it would read with `change` applied (to a copy loaded for it; nothing
/// is stored).
pub(crate) fn text_with(conn: &Connection, id: Uuid, change: &[u8]) -> StoreResult<String> {
    let (mut doc, _) = load(conn, Writer::new(), id)?;
    doc.apply(change)?;
    Ok(doc.text())
}

/// The stories whose stored text is not the text their document makes, or whose document
/// cannot be read (for `newsroom doctor`; read-only).
pub(crate) fn texts_not_matching(conn: &Connection) -> StoreResult<Vec<Uuid>> {
    let mut stmt = conn.prepare("SELECT a.id, a.body FROM articles a")?;
    let stories: Vec<(SqlId, String)> = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut differing = Vec::new();
    for (id, stored) in stories {
        let agrees = load(conn, Writer::new(), id.0).is_ok_and(|(doc, _)| doc.text() == stored);
        if !agrees {
            differing.push(id.0);
        }
    }
    Ok(differing)
}

/// The bodies that contain `needle`, as text (for the photo clean-up's reference check).
pub(crate) fn texts_containing(conn: &Connection, needle: &str) -> StoreResult<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT body FROM articles WHERE instr(body, ?1) > 0")?;
    let texts = stmt
        .query_map([needle], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(texts)
}

/// Which edits article `id`'s body holds now (a [`BodyDoc::snapshot`]): revisions keep it, so
/// an approval pins the exact document, and any later change shows.
pub(crate) fn snapshot(conn: &Connection, id: Uuid) -> StoreResult<Vec<u8>> {
    conn.prepare_cached("SELECT snapshot FROM body_docs WHERE article_id = ?1")?
        .query_row([SqlId(id)], |row| row.get(0))
        .optional()?
        .ok_or_else(|| no_document(id))
}

/// Whether article `id`'s body still holds exactly the edits it held when `approved_revision`
/// was approved (their snapshots are equal). Any change since, from anyone, even one that
/// leaves the same words, makes it false. A revision from before documents has no snapshot and
/// is taken as it is.
pub(crate) fn still_as_approved(
    conn: &Connection,
    id: Uuid,
    approved_revision: Uuid,
) -> StoreResult<bool> {
    let pinned: Option<Vec<u8>> = conn
        .prepare_cached("SELECT body_snapshot FROM revisions WHERE id = ?1 AND article_id = ?2")?
        .query_row(params![SqlId(approved_revision), SqlId(id)], |row| {
            row.get(0)
        })
        .optional()?
        .flatten();
    match pinned {
        Some(pinned) => Ok(pinned == snapshot(conn, id)?),
        None => Ok(true),
    }
}

/// The whole document of article `id`, as one yjs update (what a new copy, or the editor
/// opening the story, starts from).
pub(crate) fn state(conn: &Connection, id: Uuid) -> StoreResult<Vec<u8>> {
    Ok(load(conn, Writer::new(), id)?.0.encode_state())
}

/// The edits to article `id`'s body that a copy holding `state_vector` lacks, as one change.
pub(crate) fn changes_since(
    conn: &Connection,
    id: Uuid,
    state_vector: &[u8],
) -> StoreResult<Vec<u8>> {
    Ok(load(conn, Writer::new(), id)?
        .0
        .changes_since(state_vector)?)
}

/// The edits to article `id`'s body that a copy holding `state_vector` lacks (all of them
/// without one), and the state vector of the body they come from: what to send the shared
/// desk, and what it holds once it took them.
pub(crate) fn changes_and_vector(
    conn: &Connection,
    id: Uuid,
    state_vector: Option<&[u8]>,
) -> StoreResult<(Vec<u8>, Vec<u8>)> {
    let doc = load(conn, Writer::new(), id)?.0;
    let changes = match state_vector {
        Some(vector) => doc.changes_since(vector)?,
        None => doc.encode_state(),
    };
    Ok((changes, doc.state_vector()))
}

impl OpenBody {
    /// The state vector of the document as it is now.
    pub(crate) fn state_vector(&self) -> Vec<u8> {
        self.doc.state_vector()
    }
}

/// Where the stored changes of a document stand: folded into the state up to `folded`, the
/// newest `last`.
#[derive(Debug, Clone, Copy)]
struct Seqs {
    folded: i64,
    last: i64,
}

/// Article `id`'s document for a change: the one kept from the last save when nothing was
/// stored since, else loaded.
fn open(conn: &Connection, handle: BodyHandle, id: Uuid) -> StoreResult<OpenBody> {
    if let Some(kept) = handle.open.filter(|kept| kept.id == id) {
        let stored: Option<(i64, i64)> = conn
            .prepare_cached("SELECT folded_seq, last_seq FROM body_docs WHERE article_id = ?1")?
            .query_row([SqlId(id)], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        if stored == Some((kept.seqs.folded, kept.seqs.last)) {
            return Ok(kept);
        }
    }
    let (doc, seqs) = load(conn, handle.writer, id)?;
    Ok(OpenBody { id, doc, seqs })
}

/// Article `id`'s document, written into by `writer`, from its state and the changes since.
fn load(conn: &Connection, writer: Writer, id: Uuid) -> StoreResult<(BodyDoc, Seqs)> {
    let (state, folded, last): (Vec<u8>, i64, i64) = conn
        .prepare_cached("SELECT state, folded_seq, last_seq FROM body_docs WHERE article_id = ?1")?
        .query_row([SqlId(id)], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })
        .optional()?
        .ok_or_else(|| no_document(id))?;
    let mut stmt = conn.prepare_cached(
        "SELECT change FROM body_changes WHERE article_id = ?1 AND seq > ?2 ORDER BY seq",
    )?;
    let changes: Vec<Vec<u8>> = stmt
        .query_map(params![SqlId(id), folded], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    let doc = BodyDoc::load_stored(writer, Some(&state), changes.iter().map(Vec::as_slice))
        .map_err(|err| StoreError::BadRow(format!("the text of article {id}: {err}")))?;
    Ok((doc, Seqs { folded, last }))
}

fn no_document(id: Uuid) -> StoreError {
    StoreError::BadRow(format!("article {id} has no text document"))
}

/// Stores `change` (already applied to the open document) as its article's next change,
/// writes the text, and folds the changes into the state when enough have gathered.
fn append(
    tx: &Transaction<'_>,
    open: &mut OpenBody,
    change: &[u8],
    by: Signed<'_>,
) -> StoreResult<Written> {
    let id = open.id;
    let seq = open.seqs.last + 1;
    tx.prepare_cached(
        "INSERT INTO body_changes (article_id, seq, change, author, origin, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        SqlId(id),
        seq,
        change,
        by.author,
        by.origin,
        time::encode(by.now)
    ])?;
    remember_writers(tx, id, change, by.author)?;
    note_removals(tx, open, by)?;
    let doc = &open.doc;
    if seq - open.seqs.folded >= FOLD_AFTER_CHANGES {
        write_folded(tx, id, doc, seq)?;
        open.seqs = Seqs {
            folded: seq,
            last: seq,
        };
    } else {
        tx.prepare_cached(
            "UPDATE body_docs SET last_seq = ?2, snapshot = ?3 WHERE article_id = ?1",
        )?
        .execute(params![SqlId(id), seq, doc.snapshot()])?;
        open.seqs.last = seq;
    }
    write_text(tx, id, open.doc.text())
}

/// How much of a removed run is kept to name its remover (enough to recognise it).
const REMOVAL_TEXT_KEPT: usize = 2_000;

/// The removed runs kept per story, newest first.
const REMOVALS_KEPT: i64 = 2_000;

/// Notes who took out each run the change just applied to `open` took out, and where.
fn note_removals(tx: &Transaction<'_>, open: &mut OpenBody, by: Signed<'_>) -> StoreResult<()> {
    let removed = open.doc.take_removed();
    if removed.is_empty() {
        return Ok(());
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO body_removals (article_id, at_caret, text, author, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for run in removed {
        if run.text.trim().is_empty() {
            continue;
        }
        let Some(caret) = open.doc.caret(run.at) else {
            continue;
        };
        let text: String = run.text.chars().take(REMOVAL_TEXT_KEPT).collect();
        stmt.execute(params![
            SqlId(open.id),
            caret,
            text,
            by.author,
            time::encode(by.now)
        ])?;
    }
    Ok(())
}

/// Records that the writers whose edits `change` carries are `author`'s.
fn remember_writers(
    tx: &Transaction<'_>,
    id: Uuid,
    change: &[u8],
    author: &str,
) -> StoreResult<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO body_writers (article_id, writer, author) VALUES (?1, ?2, ?3)
         ON CONFLICT DO NOTHING",
    )?;
    for writer in newsroom_body::writers_of(change)? {
        // SQLite integers are signed; yjs ids are 53 bits, so this never fails.
        let writer = i64::try_from(writer).unwrap_or(i64::MAX);
        stmt.execute(params![SqlId(id), writer, author])?;
    }
    Ok(())
}

/// The one statement that writes `articles.body`.
fn write_text(tx: &Transaction<'_>, id: Uuid, text: String) -> StoreResult<Written> {
    tx.prepare_cached("UPDATE articles SET body = ?2 WHERE id = ?1")?
        .execute(params![SqlId(id), text])?;
    Ok(Written { text })
}

/// Makes the document of every article that has none yet from its current text (the schema
/// upgrade that brought documents in runs this once, inside its own transaction). The text
/// written back is the document's, so the two agree from the first moment (line breaks become
/// `\n`, as in the editor).
pub(crate) fn begin_missing_documents(tx: &Transaction<'_>) -> rusqlite::Result<usize> {
    // The genesis is signed with the story's first author, as its first revision is.
    let mut stmt = tx.prepare(
        "SELECT a.id, a.body, COALESCE((SELECT r.author FROM revisions r
             WHERE r.article_id = a.id ORDER BY r.created_at, r.id LIMIT 1), '')
         FROM articles a
         WHERE NOT EXISTS (SELECT 1 FROM body_docs d WHERE d.article_id = a.id)",
    )?;
    let articles: Vec<(SqlId, String, String)> = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<Result<_, _>>()?;
    for (id, body, author) in &articles {
        let (doc, genesis) = BodyDoc::genesis(body);
        tx.execute(
            "INSERT INTO body_docs (article_id, state, folded_seq, last_seq, snapshot)
             VALUES (?1, ?2, 0, 0, ?3)",
            params![id, doc.encode_stored_state(), doc.snapshot()],
        )?;
        for writer in newsroom_body::writers_of(&genesis).unwrap_or_default() {
            tx.execute(
                "INSERT INTO body_writers (article_id, writer, author) VALUES (?1, ?2, ?3)",
                params![id, i64::try_from(writer).unwrap_or(i64::MAX), author],
            )?;
        }
        let text = doc.text();
        if text != *body {
            tx.execute(
                "UPDATE articles SET body = ?2 WHERE id = ?1",
                params![id, text],
            )?;
        }
    }
    Ok(articles.len())
}

/// What others changed in a story's body since a person last saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AwayChanges {
    /// When the person last saw the story.
    pub seen_at: DateTime<Utc>,
    /// Who changed it since, each with their last change, earliest first.
    pub by: Vec<ChangedBy>,
    /// The body then and now, word by word: equal and inserted runs make today's text, deleted
    /// runs are what was taken out (empty when only fields changed).
    pub segments: Vec<AwaySegment>,
    /// The fields others changed since: what each was, and who changed it.
    pub fields: Vec<FieldAway>,
}

/// A field (headline, standfirst, byline, editor's note, language) another changed while this
/// person was away.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FieldAway {
    /// Its key ("headline", "standfirst", "byline", "editorsNote", "language").
    pub field: String,
    /// What it was when the person last saw it.
    pub was: String,
    /// What it is now.
    pub now: String,
    /// Who changed it last.
    pub by: String,
}

/// The fields "changed while you were away" covers, by key.
const AWAY_FIELDS: [&str; 5] = [
    "headline",
    "standfirst",
    "byline",
    "editorsNote",
    "language",
];

/// Those fields of an `articles` row as one JSON object, by the same keys: what a person saw
/// (kept when they see the story) and what they are now.
const AWAY_FIELDS_JSON: &str = "json_object('headline', headline, 'standfirst', standfirst,
    'byline', byline, 'editorsNote', editors_note, 'language', language)";

/// One run of the body then and now, and, for a run written since, who wrote most of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AwaySegment {
    /// Equal, inserted or deleted.
    pub tag: DiffTag,
    /// The text of the run.
    pub text: String,
    /// Who wrote an inserted run (from the document), or took out a deleted one (from the
    /// removals noted as changes were applied; several names joined by ", " when the run holds
    /// more than one person's); `None` for other runs, and where nobody is known.
    pub author: Option<String>,
}

/// One person who changed the body, and when they last did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChangedBy {
    /// Their name.
    pub author: String,
    /// Their last change.
    pub at: DateTime<Utc>,
}

/// Folds every change of article `id`'s body kept one by one into its stored state (done when
/// someone leaves the story: the next to open it replays nothing, and the story takes the least
/// room). Nothing to do when there are none.
pub(crate) fn fold(tx: &Transaction<'_>, id: Uuid) -> StoreResult<()> {
    let (doc, seqs) = load(tx, Writer::new(), id)?;
    if seqs.last == seqs.folded {
        return Ok(());
    }
    write_folded(tx, id, &doc, seqs.last)
}

/// Stores `doc` as article `id`'s state folded up to change `seq`, and drops those changes.
fn write_folded(tx: &Transaction<'_>, id: Uuid, doc: &BodyDoc, seq: i64) -> StoreResult<()> {
    tx.prepare_cached(
        "UPDATE body_docs SET state = ?2, folded_seq = ?3, last_seq = ?3, snapshot = ?4
         WHERE article_id = ?1",
    )?
    .execute(params![
        SqlId(id),
        doc.encode_stored_state(),
        seq,
        doc.snapshot()
    ])?;
    tx.prepare_cached("DELETE FROM body_changes WHERE article_id = ?1 AND seq <= ?2")?
        .execute(params![SqlId(id), seq])?;
    // Removals everyone who saw the story has seen past name nobody any more.
    tx.prepare_cached(
        "DELETE FROM body_removals WHERE article_id = ?1 AND (
             created_at <= (SELECT min(seen_at) FROM body_seen WHERE article_id = ?1)
             OR rowid NOT IN (SELECT rowid FROM body_removals WHERE article_id = ?1
                              ORDER BY created_at DESC LIMIT ?2))",
    )?
    .execute(params![SqlId(id), REMOVALS_KEPT])?;
    Ok(())
}

/// Records that `person` has seen article `id`'s body as it is now.
pub(crate) fn mark_seen(
    tx: &Transaction<'_>,
    id: Uuid,
    person: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    tx.prepare_cached(
        "INSERT INTO body_seen (article_id, person, body, snapshot, seen_at)
         SELECT a.id, ?2, a.body, d.snapshot, ?3 FROM articles a
         JOIN body_docs d ON d.article_id = a.id WHERE a.id = ?1
         ON CONFLICT (article_id, person) DO UPDATE SET body = excluded.body,
             snapshot = excluded.snapshot, seen_at = excluded.seen_at",
    )?
    .execute(params![SqlId(id), person, time::encode(now)])?;
    tx.prepare_cached(&format!(
        "INSERT INTO fields_seen (article_id, person, fields)
             SELECT id, ?2, {AWAY_FIELDS_JSON} FROM articles WHERE id = ?1
             ON CONFLICT (article_id, person) DO UPDATE SET fields = excluded.fields"
    ))?
    .execute(params![SqlId(id), person])?;
    Ok(())
}

/// What others changed in article `id`'s body and fields since `person` last saw it; `None`
/// when they never saw it (nothing to compare with) or nobody else changed anything since.
pub(crate) fn away_changes(
    conn: &Connection,
    id: Uuid,
    person: &str,
) -> StoreResult<Option<AwayChanges>> {
    let seen: Option<(String, Vec<u8>, String)> = conn
        .prepare_cached(
            "SELECT body, snapshot, seen_at FROM body_seen WHERE article_id = ?1 AND person = ?2",
        )?
        .query_row(params![SqlId(id), person], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })
        .optional()?;
    let Some((then, seen_snapshot, seen_at)) = seen else {
        return Ok(None);
    };
    let (fields, field_times): (Vec<FieldAway>, Vec<DateTime<Utc>>) =
        fields_away(conn, id, person, &seen_at)?.into_iter().unzip();
    let mut by = Vec::new();
    let mut segments = Vec::new();
    if seen_snapshot != snapshot(conn, id)? {
        // Who: the changes kept one by one since then; once folded, the revisions they made.
        let mut stmt = conn.prepare_cached(
            "SELECT author, max(at) FROM (
                 SELECT author, created_at AS at FROM body_changes
                 WHERE article_id = ?1 AND created_at > ?2 AND author <> ?3
                 UNION ALL
                 SELECT author, updated_at AS at FROM revisions
                 WHERE article_id = ?1 AND updated_at > ?2 AND author <> ?3)
             GROUP BY author ORDER BY max(at)",
        )?;
        by = stmt
            .query_map(params![SqlId(id), seen_at, person], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
            })?
            .map(|row| {
                let (author, at) = row?;
                Ok(ChangedBy {
                    author,
                    at: time::decode(&at)?,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        // Only this person changed the text (in another window, or on the command line).
        if !by.is_empty() {
            let now = text(conn, id)?;
            segments = with_authors(
                conn,
                id,
                (&seen_snapshot, &seen_at),
                &now,
                diff_words(&then, &now),
            )?;
        }
    }
    for (field, at) in fields.iter().zip(field_times) {
        match by.iter_mut().find(|b| b.author == field.by) {
            Some(known) => known.at = known.at.max(at),
            None => by.push(ChangedBy {
                author: field.by.clone(),
                at,
            }),
        }
    }
    by.sort_by_key(|b| b.at);
    if by.is_empty() {
        return Ok(None);
    }
    Ok(Some(AwayChanges {
        seen_at: time::decode(&seen_at)?,
        by,
        segments,
        fields,
    }))
}

/// The fields of article `id` another changed since `person` saw them at `seen_at`: those that
/// differ from what they saw and whose last change came from another laptop after that, each
/// with the time of that change.
fn fields_away(
    conn: &Connection,
    id: Uuid,
    person: &str,
    seen_at: &str,
) -> StoreResult<Vec<(FieldAway, DateTime<Utc>)>> {
    let seen: Option<String> = conn
        .prepare_cached("SELECT fields FROM fields_seen WHERE article_id = ?1 AND person = ?2")?
        .query_row(params![SqlId(id), person], |row| row.get(0))
        .optional()?;
    let Some(seen) = seen.and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok()) else {
        return Ok(Vec::new());
    };
    let now: String = conn
        .prepare_cached(&format!(
            "SELECT {AWAY_FIELDS_JSON} FROM articles WHERE id = ?1"
        ))?
        .query_row([SqlId(id)], |row| row.get(0))?;
    let now: serde_json::Value =
        serde_json::from_str(&now).map_err(|e| StoreError::BadRow(e.to_string()))?;
    let mut authors = conn.prepare_cached(
        "SELECT author, at FROM field_authors
          WHERE article_id = ?1 AND field = ?2 AND at > ?3 AND author <> ?4",
    )?;
    let mut away = Vec::new();
    for field in AWAY_FIELDS {
        let text = |fields: &serde_json::Value| {
            fields
                .get(field)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_owned()
        };
        let (was, is) = (text(&seen), text(&now));
        if was == is {
            continue;
        }
        let changed: Option<(String, String)> = authors
            .query_row(params![SqlId(id), field, seen_at, person], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .optional()?;
        if let Some((by, at)) = changed {
            let change = FieldAway {
                field: field.to_owned(),
                was,
                now: is,
                by,
            };
            away.push((change, time::decode(&at)?));
        }
    }
    Ok(away)
}

/// `segments` (then → `now`) with the writer of each inserted run: the person whose edits
/// since `seen_snapshot` cover most of it, as the document and `body_writers` say.
fn with_authors(
    conn: &Connection,
    id: Uuid,
    seen: (&[u8], &str),
    now: &str,
    segments: Vec<DiffSegment>,
) -> StoreResult<Vec<AwaySegment>> {
    let (seen_snapshot, seen_at) = seen;
    let (doc, _) = load(conn, Writer::new(), id)?;
    let runs = doc.inserted_since(seen_snapshot)?;
    let removals = removals_since(conn, &doc, id, seen_at)?;
    let mut names = conn
        .prepare_cached("SELECT author FROM body_writers WHERE article_id = ?1 AND writer = ?2")?;
    let mut at = 0u32;
    let mut out = Vec::with_capacity(segments.len());
    for segment in segments {
        let len = u32::try_from(segment.text.encode_utf16().count()).unwrap_or(u32::MAX);
        let author = if segment.tag == DiffTag::Insert {
            let (from, to) = (at, at + len);
            let writer = runs
                .iter()
                .map(|run| {
                    (
                        run.to.min(to).saturating_sub(run.from.max(from)),
                        run.writer,
                    )
                })
                .filter(|(overlap, _)| *overlap > 0)
                .max_by_key(|(overlap, _)| *overlap)
                .map(|(_, writer)| writer);
            match writer {
                Some(writer) => names
                    .query_row(
                        params![SqlId(id), i64::try_from(writer).unwrap_or(i64::MAX)],
                        |row| row.get(0),
                    )
                    .optional()?,
                None => None,
            }
        } else if segment.tag == DiffTag::Delete {
            removed_by(&removals, at, &segment.text)
        } else {
            None
        };
        if segment.tag != DiffTag::Delete {
            at += len;
        }
        out.push(AwaySegment {
            tag: segment.tag,
            text: segment.text,
            author,
        });
    }
    debug_assert_eq!(at as usize, now.encode_utf16().count());
    Ok(out)
}

/// A run someone took out of a body since some moment, where it is now (a UTF-16 offset).
struct Removal {
    at: u32,
    text: String,
    author: String,
}

/// The runs taken out of article `id`'s body (whose document is `doc`) after `since`.
fn removals_since(
    conn: &Connection,
    doc: &BodyDoc,
    id: Uuid,
    since: &str,
) -> StoreResult<Vec<Removal>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at_caret, text, author FROM body_removals
         WHERE article_id = ?1 AND created_at > ?2 ORDER BY created_at",
    )?;
    let rows = stmt.query_map(params![SqlId(id), since], |row| {
        Ok((
            row.get::<_, Vec<u8>>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
        ))
    })?;
    let mut removals = Vec::new();
    for row in rows {
        let (caret, text, author) = row?;
        if let Some(at) = doc.caret_offset(&caret) {
            removals.push(Removal { at, text, author });
        }
    }
    Ok(removals)
}

/// Who took out `text`, shown deleted at `at` (a UTF-16 offset in today's text): the people
/// whose removals nearby were part of it, or held it whole (a word diff shows whole words; a
/// removal may have been a few letters of one). `None` when none is known.
fn removed_by(removals: &[Removal], at: u32, text: &str) -> Option<String> {
    let shown = text.trim();
    if shown.is_empty() {
        return None;
    }
    // A deleted run takes no room in today's text; a removal's place may still be a little off
    // it, past text typed at the same spot or at the start of a word the diff shows whole.
    let near = utf16_len_of(text).saturating_add(64);
    let mut names: Vec<&str> = Vec::new();
    for removal in removals {
        let kept = removal.text.trim();
        let part_of_it = !kept.is_empty() && (shown.contains(kept) || kept.contains(shown));
        if part_of_it && removal.at.abs_diff(at) <= near && !names.contains(&&*removal.author) {
            names.push(&removal.author);
        }
    }
    (!names.is_empty()).then(|| names.join(", "))
}

fn utf16_len_of(text: &str) -> u32 {
    u32::try_from(text.encode_utf16().count()).unwrap_or(u32::MAX)
}

impl crate::Store {
    /// A caret at `at` (a UTF-16 offset) in story `id`'s body, that follows the text through
    /// everyone's edits: what the shared desk shows others as this person's cursor. `None` past
    /// the end of the text.
    pub fn body_caret(&self, id: Uuid, at: u32) -> StoreResult<Option<Vec<u8>>> {
        Ok(load(&self.conn, Writer::new(), id)?.0.caret(at))
    }

    /// Where the caret `caret` is in story `id`'s body now (a UTF-16 offset); `None` when it is
    /// not a position in this story.
    pub fn body_caret_offset(&self, id: Uuid, caret: &[u8]) -> StoreResult<Option<u32>> {
        Ok(load(&self.conn, Writer::new(), id)?.0.caret_offset(caret))
    }
}
