//! A story's photos on the shared desk: among its fields, one key per photo, and their files
//! fetched from the desk by content address.
//!
//! Each photo of a story is the field `photo:<id>` (its id is the same on every laptop: the
//! body shows a photo as `![…](photo:<id>)`), holding its file's sha256, its name, whether it
//! leads the story and what journalists typed about it; null once it was taken off. One key per
//! photo makes two people's attachments merge, and the later change of the same photo win, as
//! every field does. A photo the desk names whose file is not here yet waits in
//! `desk_photo_fetches` until the sync fetched it; meanwhile the story counts it as its own, so
//! that nothing this laptop sends takes it away, and its export waits for it.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use newsroom_core::photo::TypedMetadata;
use newsroom_media::PreparedPhoto;
use rusqlite::{params, OptionalExtension, Transaction};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::error::{StoreError, StoreResult};
use crate::photos::{clean_typed_value, index_photo, link_photo, PhotoFile};
use crate::sql_id::SqlId;
use crate::{time, LeadChoice, Store};

/// The prefix of a photo's key among a story's fields.
pub(crate) const PHOTO_KEY: &str = "photo:";

/// A photo the desk names for a story, as its field says.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DeskPhotoEntry {
    sha256: String,
    name: String,
    lead: bool,
    typed: TypedMetadata,
}

impl DeskPhotoEntry {
    /// Reads a photo's field from the desk; `None` for anything that is not one.
    fn from_json(value: &Value) -> Option<Self> {
        let sha256 = value.get("sha256")?.as_str()?;
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let name: String = value
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("photo")
            .chars()
            .filter(|c| !c.is_control())
            .take(255)
            .collect();
        // What was typed is outside text: each value is checked as if typed here.
        let mut typed = TypedMetadata::default();
        if let Some(given) = value
            .get("typed")
            .and_then(|t| serde_json::from_value::<TypedMetadata>(t.clone()).ok())
        {
            for (field, text) in given.values {
                if let Ok(clean) = clean_typed_value(field, &text) {
                    typed.set(field, Some(clean));
                }
            }
        }
        Some(DeskPhotoEntry {
            sha256: sha256.to_ascii_lowercase(),
            name,
            lead: value.get("lead").and_then(Value::as_bool).unwrap_or(false),
            typed,
        })
    }

    fn to_json(&self) -> Value {
        json!({
            "sha256": self.sha256,
            "name": self.name,
            "lead": self.lead,
            "typed": self.typed,
        })
    }
}

/// Story `id`'s photos as its fields on the desk say them: those attached here and those the
/// desk named that wait for their file.
pub(crate) fn photo_fields(
    conn: &rusqlite::Connection,
    id: Uuid,
) -> StoreResult<Vec<(String, Value)>> {
    let mut fields = Vec::new();
    let mut attached = conn.prepare_cached(
        "SELECT p.id, p.sha256, p.original_name, x.is_lead, p.typed
           FROM article_photos x JOIN photos p ON p.id = x.photo_id
          WHERE x.article_id = ?1",
    )?;
    let rows = attached.query_map([SqlId(id)], |row| {
        Ok((
            row.get::<_, SqlId>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
            row.get::<_, bool>(3)?,
            row.get::<_, String>(4)?,
        ))
    })?;
    for row in rows {
        let (SqlId(photo), sha256, name, lead, typed) = row?;
        let typed: TypedMetadata = serde_json::from_str(&typed)
            .map_err(|err| StoreError::BadRow(format!("typed photo metadata: {err}")))?;
        let entry = DeskPhotoEntry {
            sha256,
            name,
            lead,
            typed,
        };
        fields.push((format!("{PHOTO_KEY}{photo}"), entry.to_json()));
    }
    let mut waiting = conn
        .prepare_cached("SELECT photo_id, entry FROM desk_photo_fetches WHERE article_id = ?1")?;
    let rows = waiting.query_map([SqlId(id)], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (photo, entry) = row?;
        let entry: Value =
            serde_json::from_str(&entry).map_err(|err| StoreError::BadRow(err.to_string()))?;
        fields.push((format!("{PHOTO_KEY}{photo}"), entry));
    }
    Ok(fields)
}

/// The photo keys of a fields object (the desk's, this laptop's, or what it last heard).
pub(crate) fn photo_keys(fields: &Value) -> impl Iterator<Item = &String> {
    fields
        .as_object()
        .into_iter()
        .flat_map(|object| object.keys())
        .filter(|key| key.starts_with(PHOTO_KEY))
}

/// The photo a field's key names ("photo:<id>"), if it is one.
fn photo_of(key: &str) -> Option<Uuid> {
    key.strip_prefix(PHOTO_KEY)
        .and_then(|id| Uuid::parse_str(id).ok())
}

/// Takes the desk's photo fields of story `article` (`desk`, its fields on the desk) for which
/// `take` says so.
pub(crate) fn take_photo_fields(
    tx: &Transaction<'_>,
    article: Uuid,
    desk: &Value,
    mut take: impl FnMut(&str) -> bool,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    for key in photo_keys(desk) {
        if take(key) {
            take_photo_field(tx, article, key, desk.get(key), now)?;
        }
    }
    Ok(())
}

/// Takes the desk's value of photo field `key` for story `article`: off the story (null), or
/// on it (linked when this laptop has the photo, else waiting for its file).
fn take_photo_field(
    tx: &Transaction<'_>,
    article: Uuid,
    key: &str,
    value: Option<&Value>,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let Some(photo) = photo_of(key) else {
        return Ok(());
    };
    let entry = value.and_then(DeskPhotoEntry::from_json);
    let Some(entry) = entry else {
        tx.prepare_cached("DELETE FROM article_photos WHERE article_id = ?1 AND photo_id = ?2")?
            .execute(params![SqlId(article), SqlId(photo)])?;
        tx.prepare_cached(
            "DELETE FROM desk_photo_fetches WHERE article_id = ?1 AND photo_id = ?2",
        )?
        .execute(params![SqlId(article), SqlId(photo)])?;
        return Ok(());
    };
    let here: Option<String> = tx
        .prepare_cached("SELECT sha256 FROM photos WHERE id = ?1")?
        .query_row([SqlId(photo)], |row| row.get(0))
        .optional()?;
    match here {
        Some(sha256) if sha256 == entry.sha256 => link_desk_photo(tx, article, photo, &entry, now),
        Some(_) => {
            tracing::warn!(%photo, "a photo from the desk names another file than ours; left out");
            Ok(())
        }
        None => {
            tx.prepare_cached(
                "INSERT INTO desk_photo_fetches (article_id, photo_id, sha256, entry)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (article_id, photo_id) DO UPDATE SET sha256 = excluded.sha256,
                   entry = excluded.entry,
                   given_up = CASE WHEN sha256 = excluded.sha256 THEN given_up ELSE 0 END,
                   next_try_at = CASE WHEN sha256 = excluded.sha256 THEN next_try_at END",
            )?
            .execute(params![
                SqlId(article),
                SqlId(photo),
                entry.sha256,
                entry.to_json().to_string()
            ])?;
            Ok(())
        }
    }
}

/// Puts photo `photo` (in the library here) on story `article` as the desk's entry says.
fn link_desk_photo(
    tx: &Transaction<'_>,
    article: Uuid,
    photo: Uuid,
    entry: &DeskPhotoEntry,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let lead = if entry.lead {
        LeadChoice::Lead
    } else {
        LeadChoice::NotLead
    };
    link_photo(tx, article, photo, lead, now)?;
    if !entry.lead {
        tx.prepare_cached(
            "UPDATE article_photos SET is_lead = 0 WHERE article_id = ?1 AND photo_id = ?2",
        )?
        .execute(params![SqlId(article), SqlId(photo)])?;
    }
    let typed =
        serde_json::to_string(&entry.typed).map_err(|err| StoreError::BadRow(err.to_string()))?;
    tx.prepare_cached(
        "UPDATE photos SET typed = ?2, updated_at = ?3 WHERE id = ?1 AND typed IS NOT ?2",
    )?
    .execute(params![SqlId(photo), typed, time::encode(now)])?;
    index_photo(tx, photo)?;
    tx.prepare_cached("DELETE FROM desk_photo_fetches WHERE article_id = ?1 AND photo_id = ?2")?
        .execute(params![SqlId(article), SqlId(photo)])?;
    Ok(())
}

/// A photo's file for the desk: its sha256 and where it is on this laptop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoFileToSend {
    /// Its content address.
    pub sha256: String,
    /// The original, as it was attached.
    pub path: PathBuf,
}

/// A photo this laptop has yet to fetch from the desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoToFetch {
    /// The story it is on.
    pub article: Uuid,
    /// Its id (the same on every laptop).
    pub photo: Uuid,
    /// Its file's content address.
    pub sha256: String,
    /// Its file's name.
    pub name: String,
}

impl Store {
    /// The files of the photos among `changed` (a story's fields about to go to the desk), for
    /// the desk to hold before the fields that name them.
    pub(crate) fn photo_files_for(&self, changed: &Value) -> StoreResult<Vec<PhotoFileToSend>> {
        let mut files = Vec::new();
        for key in photo_keys(changed) {
            let Some(photo) = photo_of(key) else {
                continue;
            };
            let Some(entry) = changed.get(key).and_then(DeskPhotoEntry::from_json) else {
                continue;
            };
            // One that waits for its file here is on the desk already.
            if let Ok((path, _)) = self.photo_file(photo, PhotoFile::Original) {
                files.push(PhotoFileToSend {
                    sha256: entry.sha256,
                    path,
                });
            }
        }
        Ok(files)
    }

    /// The photos the desk named that this laptop has not fetched yet and may ask for now: the
    /// story open in the window (`first`) first, then those tried least, then the newest
    /// stories' (story ids grow with time). A photo given up, or waiting for its next try, is
    /// not among them.
    pub fn desk_photos_to_fetch(
        &self,
        first: Option<Uuid>,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<PhotoToFetch>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT article_id, photo_id, sha256, entry FROM desk_photo_fetches
              WHERE given_up = 0 AND (next_try_at IS NULL OR next_try_at <= ?2)
              ORDER BY coalesce(article_id = ?1, 0) DESC, tries, article_id DESC",
        )?;
        let rows = statement.query_map(params![first.map(SqlId), time::encode(now)], |row| {
            Ok((
                row.get::<_, SqlId>(0)?,
                row.get::<_, SqlId>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
            ))
        })?;
        let mut found = Vec::new();
        for row in rows {
            let (SqlId(article), SqlId(photo), sha256, entry) = row?;
            found.push(PhotoToFetch {
                article,
                photo,
                sha256,
                name: entry_name(&entry),
            });
        }
        Ok(found)
    }

    /// Makes story `story`'s photos that wait for their next try due at once (the window opened
    /// it: its reader needs them now). One given up stays given up: the same address brings the
    /// same bytes.
    pub fn desk_photos_due_now(&mut self, story: Uuid) -> StoreResult<()> {
        self.conn
            .prepare_cached(
                "UPDATE desk_photo_fetches SET next_try_at = NULL
                  WHERE article_id = ?1 AND given_up = 0 AND next_try_at IS NOT NULL",
            )?
            .execute([SqlId(story)])?;
        Ok(())
    }

    /// Keeps a photo fetched from the desk (its bytes checked and described by the caller) and
    /// puts it on its story as the desk said, under the desk's id. The desk decided who may do
    /// this: no rule of this laptop's is asked.
    pub fn take_desk_photo(
        &mut self,
        fetch: &PhotoToFetch,
        prepared: &PreparedPhoto,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        if prepared.sha256 != fetch.sha256 {
            return Err(StoreError::PhotoRefused {
                file: fetch.name.clone(),
                reason: "the desk sent another file than the one the story names".into(),
            });
        }
        self.keep_photo_files(prepared)?;
        let embedded = serde_json::to_string(&prepared.embedded)
            .map_err(|err| StoreError::BadRow(err.to_string()))?;
        let tx = self.write_transaction()?;
        let entry: Option<String> = tx
            .prepare_cached(
                "SELECT entry FROM desk_photo_fetches WHERE article_id = ?1 AND photo_id = ?2",
            )?
            .query_row(params![SqlId(fetch.article), SqlId(fetch.photo)], |row| {
                row.get(0)
            })
            .optional()?;
        // Taken off the story meanwhile: nothing to do.
        let Some(entry) = entry
            .and_then(|e| serde_json::from_str::<Value>(&e).ok())
            .and_then(|e| DeskPhotoEntry::from_json(&e))
        else {
            return Ok(());
        };
        // The photo was the story's already (waiting for its file): putting it on here is no
        // change of this laptop's to send.
        let was_clean: bool = tx
            .prepare_cached(
                "SELECT coalesce((SELECT d.local_version = a.version FROM desk_stories d
                               JOIN articles a ON a.id = d.article_id WHERE d.article_id = ?1),
                             0)",
            )?
            .query_row([SqlId(fetch.article)], |row| row.get(0))?;
        tx.prepare_cached(
            "INSERT INTO photos (id, sha256, media_type, width, height, byte_size,
                original_name, embedded, added_at, added_by, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'the shared desk', ?9)
             ON CONFLICT DO NOTHING",
        )?
        .execute(params![
            SqlId(fetch.photo),
            prepared.sha256,
            prepared.media_type.key(),
            prepared.width,
            prepared.height,
            i64::try_from(prepared.original.len()).unwrap_or(i64::MAX),
            entry.name,
            embedded,
            time::encode(now),
        ])?;
        let kept: Option<String> = tx
            .prepare_cached("SELECT sha256 FROM photos WHERE id = ?1")?
            .query_row([SqlId(fetch.photo)], |row| row.get(0))
            .optional()?;
        if kept.as_deref() == Some(prepared.sha256.as_str()) {
            link_desk_photo(&tx, fetch.article, fetch.photo, &entry, now)?;
        } else {
            // The same file is in the library here under another id (imported on both
            // laptops): the story shows that one; its text's reference is the desk's id.
            tracing::warn!(photo = %fetch.photo, "the desk's photo is here under another id");
            let local: Option<SqlId> = tx
                .prepare_cached("SELECT id FROM photos WHERE sha256 = ?1")?
                .query_row([&prepared.sha256], |row| row.get(0))
                .optional()?;
            if let Some(SqlId(local)) = local {
                link_desk_photo(&tx, fetch.article, local, &entry, now)?;
            }
            tx.prepare_cached(
                "DELETE FROM desk_photo_fetches WHERE article_id = ?1 AND photo_id = ?2",
            )?
            .execute(params![SqlId(fetch.article), SqlId(fetch.photo)])?;
        }
        if was_clean {
            tx.prepare_cached(
                "UPDATE desk_stories SET local_version = (SELECT version FROM articles WHERE id = ?1)
                  WHERE article_id = ?1",
            )?
            .execute([SqlId(fetch.article)])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Records why a photo could not be fetched. A file the desk gave that this laptop cannot
    /// take (`PhotoNotTaken::Unusable`) is given up: asking again brings the same file. One the
    /// desk would not give is tried again later, 30 s after the first failure and twice as long
    /// after each next one, at most an hour.
    pub fn desk_photo_not_fetched(
        &mut self,
        fetch: &PhotoToFetch,
        failure: PhotoNotTaken,
        why: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let tries: u32 = self
            .conn
            .prepare_cached(
                "SELECT tries FROM desk_photo_fetches WHERE article_id = ?1 AND photo_id = ?2",
            )?
            .query_row(params![SqlId(fetch.article), SqlId(fetch.photo)], |row| {
                row.get(0)
            })
            .optional()?
            .unwrap_or(0);
        let wait =
            chrono::Duration::seconds(30 * (1_i64 << tries.min(7))).min(chrono::Duration::hours(1));
        self.conn
            .prepare_cached(
                "UPDATE desk_photo_fetches SET tries = tries + 1, last_error = ?3, given_up = ?4,
                    next_try_at = ?5
              WHERE article_id = ?1 AND photo_id = ?2",
            )?
            .execute(params![
                SqlId(fetch.article),
                SqlId(fetch.photo),
                why,
                failure == PhotoNotTaken::Unusable,
                time::encode(now + wait)
            ])?;
        Ok(())
    }

    /// How many of story `article`'s photos have not reached this laptop yet, and why, in words
    /// for the export to say ("" when none was tried yet): a photo given up is named first.
    pub fn photos_not_here(&self, article: Uuid) -> StoreResult<(u32, String)> {
        let missing: u32 = self
            .conn
            .prepare_cached("SELECT count(*) FROM desk_photo_fetches WHERE article_id = ?1")?
            .query_row([SqlId(article)], |row| row.get(0))?;
        let worst: Option<(bool, String, String)> = self
            .conn
            .prepare_cached(
                "SELECT given_up, entry, last_error FROM desk_photo_fetches
                  WHERE article_id = ?1 AND last_error <> ''
                  ORDER BY given_up DESC, tries DESC LIMIT 1",
            )?
            .query_row([SqlId(article)], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })
            .optional()?;
        let why = match worst {
            None => String::new(),
            Some((true, entry, error)) => format!(
                "“{}” came as a file this laptop cannot take ({error}): whoever attached it must attach it again, or take it off the story",
                entry_name(&entry)
            ),
            Some((false, _, error)) => format!("the last try said: {error}"),
        };
        Ok((missing, why))
    }
}

/// Why a photo from the desk was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoNotTaken {
    /// The desk would not give the file (not there yet, or not this person's to see): it may
    /// later.
    NotGiven,
    /// The desk gave a file this laptop cannot take: asking again brings the same file.
    Unusable,
}

/// The file name a desk photo entry (JSON) gives, or "photo".
fn entry_name(entry: &str) -> String {
    serde_json::from_str::<Value>(entry)
        .ok()
        .and_then(|e| DeskPhotoEntry::from_json(&e))
        .map_or_else(|| "photo".to_owned(), |e| e.name)
}
