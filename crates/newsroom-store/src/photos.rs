//! Photos: the original files on disk, what the desk knows about them, and which articles use
//! them.
//!
//! An original is stored once, unmodified, at `photos/originals/<first two hex>/<sha256>.<ext>`
//! in the data folder, so attaching the same file again (to the same or another article) finds
//! the photo it already has, with everything journalists typed about it. The display rendition
//! and the thumbnail live beside it under `photos/renditions/` and are derived: if they are
//! lost, they are made again from the original. Files are written before the row that names
//! them, each to a temporary name, synced and renamed, so a crash leaves at most an unused
//! file (which "clean up unused photos" removes), never a row without its file.

use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use newsroom_core::photo::{
    photos_in_body, ArticlePhoto, EmbeddedMetadata, Photo, PhotoField, PhotoMetadata, PhotoType,
    TypedMetadata,
};
use newsroom_core::ValidationError;
use newsroom_media::PreparedPhoto;
use rusqlite::{params, OptionalExtension, Row, Transaction};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{StoreError, StoreResult};
use crate::files::{read_regular_file, Links, ReadRefusal};
use crate::search::fts_query;
use crate::sql_id::SqlId;
use crate::vocabulary::touch_article;
use crate::workflow::apply_pinned_change_rule;
use crate::{time, Store};

/// How old a file no row names must be before clean-up removes it.
pub const STRAY_FILE_AGE: std::time::Duration = std::time::Duration::from_secs(10 * 60);

const PHOTO_COLUMNS: &str = "p.id, p.sha256, p.media_type, p.width, p.height, p.byte_size,
     p.original_name, p.embedded, p.typed,
     (SELECT count(*) FROM article_photos x WHERE x.photo_id = p.id)";

/// Which picture of a photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoFile {
    /// The file as it came.
    Original,
    /// At most 1600 pixels a side, for the preview.
    Display,
    /// At most 320 pixels a side, for the panel and the library.
    Thumbnail,
}

/// Whether an attached photo becomes the article's lead photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeadChoice {
    /// It becomes the lead photo.
    Lead,
    /// It becomes the lead photo if the article has none yet; otherwise it goes in the text.
    LeadIfNone,
    /// It is attached, not as the lead photo.
    NotLead,
}

/// What attaching a photo did.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AttachReceipt {
    /// The photo, as the desk now knows it.
    pub photo: Photo,
    /// It was in the library already (the same bytes); what was typed about it is kept.
    pub reused: bool,
    /// It is the article's lead photo.
    pub is_lead: bool,
    /// Metadata the file holds but that could not be read, each a sentence naming the file.
    pub warnings: Vec<String>,
}

/// One page of the photo library.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PhotoPage {
    /// How many photos match in all.
    pub total: u32,
    /// The photos of this page, newest first.
    pub photos: Vec<Photo>,
}

/// What "clean up unused photos" removed.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PhotoCleanup {
    /// Photos removed from the library.
    pub removed: u32,
    /// Disk space given back.
    #[ts(type = "number")]
    pub bytes_freed: u64,
}

/// A photo as stored: its metadata still as JSON (decoded outside the row callback, whose error
/// type cannot say what was wrong).
struct PhotoRow {
    id: Uuid,
    sha256: String,
    media_type: String,
    width: u32,
    height: u32,
    byte_size: i64,
    original_name: String,
    embedded: String,
    typed: String,
    used_by: u32,
}

fn photo_from_row(row: &Row<'_>) -> rusqlite::Result<PhotoRow> {
    Ok(PhotoRow {
        id: row.get::<_, SqlId>(0)?.0,
        sha256: row.get(1)?,
        media_type: row.get(2)?,
        width: row.get(3)?,
        height: row.get(4)?,
        byte_size: row.get(5)?,
        original_name: row.get(6)?,
        embedded: row.get(7)?,
        typed: row.get(8)?,
        used_by: row.get(9)?,
    })
}

/// The photo of a stored row, its metadata resolved.
fn finish_photo(row: PhotoRow) -> StoreResult<Photo> {
    let embedded: EmbeddedMetadata = serde_json::from_str(&row.embedded)
        .map_err(|err| StoreError::BadRow(format!("photo metadata: {err}")))?;
    let typed: TypedMetadata = serde_json::from_str(&row.typed)
        .map_err(|err| StoreError::BadRow(format!("typed photo metadata: {err}")))?;
    let media_type = PhotoType::from_key(&row.media_type)
        .ok_or_else(|| StoreError::BadRow(format!("photo type {}", row.media_type)))?;
    let metadata = PhotoMetadata::resolve(&embedded, &typed);
    Ok(Photo {
        id: row.id,
        sha256: row.sha256,
        media_type,
        width: row.width,
        height: row.height,
        byte_size: u64::try_from(row.byte_size).unwrap_or(0),
        original_name: row.original_name,
        credit_line: metadata.credit_line(),
        metadata,
        used_by: row.used_by,
    })
}

pub(crate) fn read_photo(conn: &rusqlite::Connection, id: Uuid) -> StoreResult<Photo> {
    conn.query_row(
        &format!("SELECT {PHOTO_COLUMNS} FROM photos p WHERE p.id = ?1"),
        [SqlId(id)],
        photo_from_row,
    )
    .optional()?
    .ok_or(StoreError::NotFound { what: "photo", id })
    .and_then(finish_photo)
}

/// Keeps the library search in step with the values in force.
pub(crate) fn index_photo(tx: &Transaction<'_>, id: Uuid) -> StoreResult<()> {
    let photo = read_photo(tx, id)?;
    let seq: i64 = tx.query_row("SELECT seq FROM photos WHERE id = ?1", [SqlId(id)], |row| {
        row.get(0)
    })?;
    tx.execute("DELETE FROM photos_fts WHERE rowid = ?1", [seq])?;
    tx.execute(
        "INSERT INTO photos_fts (rowid, caption, credit, creator) VALUES (?1, ?2, ?3, ?4)",
        params![
            seq,
            photo.metadata.caption.value,
            photo.metadata.credit.value,
            photo.metadata.creator.value
        ],
    )?;
    Ok(())
}

/// Writes `bytes` to `path` durably: a temporary file in the same folder, synced, renamed.
fn write_durably(path: &Path, bytes: &[u8]) -> StoreResult<()> {
    let io = |source: std::io::Error| {
        if source.kind() == std::io::ErrorKind::StorageFull {
            StoreError::NoSpace {
                path: path.to_owned(),
            }
        } else {
            StoreError::Io {
                path: path.to_owned(),
                source,
            }
        }
    };
    if let Some(folder) = path.parent() {
        fs::create_dir_all(folder).map_err(io)?;
    }
    let temporary = path.with_extension("partial");
    let written = fs::File::create(&temporary).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    if let Err(err) = written {
        // Half a file helps nobody and takes the space that is short.
        let _ = fs::remove_file(&temporary);
        return Err(io(err));
    }
    fs::rename(&temporary, path).map_err(io)
}

/// Checks a typed value: one line (the caption may have paragraphs), within its length.
pub(crate) fn clean_typed_value(field: PhotoField, value: &str) -> Result<String, ValidationError> {
    let value = value.trim();
    let (max, multiline) = (field.max_chars(), field.multiline());
    let chars = value.chars().count();
    if chars > max {
        return Err(ValidationError::TooLong {
            field: field.label(),
            chars,
            max,
        });
    }
    if value
        .chars()
        .any(|c| c.is_control() && !(multiline && c == '\n'))
    {
        return Err(ValidationError::ControlCharacter {
            field: field.label(),
        });
    }
    Ok(value.to_owned())
}

impl Store {
    /// The folder that holds the photo files.
    pub fn photos_dir(&self) -> PathBuf {
        self.path
            .parent()
            .unwrap_or_else(|| Path::new("."))
            .join("photos")
    }

    fn photo_path(&self, sha256: &str, media_type: PhotoType, which: PhotoFile) -> PathBuf {
        let shard = sha256.get(..2).unwrap_or("00");
        match which {
            PhotoFile::Original => self
                .photos_dir()
                .join("originals")
                .join(shard)
                .join(format!("{sha256}.{}", media_type.extension())),
            PhotoFile::Display => self
                .photos_dir()
                .join("renditions")
                .join(shard)
                .join(format!("{sha256}.display")),
            PhotoFile::Thumbnail => self
                .photos_dir()
                .join("renditions")
                .join(shard)
                .join(format!("{sha256}.thumb")),
        }
    }

    /// Writes a prepared photo's original and renditions, unless the library has them.
    pub(crate) fn keep_photo_files(&self, prepared: &PreparedPhoto) -> StoreResult<()> {
        let original = self.photo_path(&prepared.sha256, prepared.media_type, PhotoFile::Original);
        let kept = fs::metadata(&original)
            .is_ok_and(|m| m.len() == u64::try_from(prepared.original.len()).unwrap_or(0));
        if !kept {
            write_durably(&original, &prepared.original)?;
        }
        for (which, rendition) in [
            (PhotoFile::Display, &prepared.display),
            (PhotoFile::Thumbnail, &prepared.thumbnail),
        ] {
            let path = self.photo_path(&prepared.sha256, prepared.media_type, which);
            if !path.exists() {
                write_durably(&path, &rendition.bytes)?;
            }
        }
        Ok(())
    }

    /// Keeps a prepared photo in the library (or finds it there) and attaches it to an article.
    ///
    /// `original_name` is the file name it came from. What journalists typed about a photo
    /// already in the library is kept: the same bytes are the same photo.
    pub fn attach_photo(
        &mut self,
        article_id: Uuid,
        prepared: &PreparedPhoto,
        original_name: &str,
        lead: LeadChoice,
        author: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<AttachReceipt> {
        self.keep_photo_files(prepared).map_err(|err| match err {
            StoreError::NoSpace { .. } => StoreError::PhotoRefused {
                file: original_name.to_owned(),
                reason: "the disk is full; free some space and attach it again".into(),
            },
            other => other,
        })?;
        let embedded = serde_json::to_string(&prepared.embedded)
            .map_err(|err| StoreError::BadRow(err.to_string()))?;
        let (editor, role) = self.acting_as();
        let tx = self.write_transaction()?;
        touch_article(&tx, article_id, now)?;
        apply_pinned_change_rule(&tx, article_id, (&editor, role), "The photos", now)?;
        let existing: Option<SqlId> = tx
            .query_row(
                "SELECT id FROM photos WHERE sha256 = ?1",
                [&prepared.sha256],
                |row| row.get(0),
            )
            .optional()?;
        let (photo_id, reused) = match existing {
            Some(SqlId(id)) => {
                // The file's own values are read again (a newer reader may read more).
                tx.execute(
                    "UPDATE photos SET embedded = ?2, updated_at = ?3 WHERE id = ?1",
                    params![SqlId(id), embedded, time::encode(now)],
                )?;
                (id, true)
            }
            None => {
                let id = Uuid::now_v7();
                tx.execute(
                    "INSERT INTO photos (id, sha256, media_type, width, height, byte_size,
                        original_name, embedded, added_at, added_by, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?9)",
                    params![
                        SqlId(id),
                        prepared.sha256,
                        prepared.media_type.key(),
                        prepared.width,
                        prepared.height,
                        i64::try_from(prepared.original.len()).unwrap_or(i64::MAX),
                        original_name,
                        embedded,
                        time::encode(now),
                        author,
                    ],
                )?;
                (id, false)
            }
        };
        let is_lead = link_photo(&tx, article_id, photo_id, lead, now)?;
        index_photo(&tx, photo_id)?;
        tx.commit()?;
        Ok(AttachReceipt {
            photo: read_photo(&self.conn, photo_id)?,
            reused,
            is_lead,
            warnings: prepared
                .warnings
                .iter()
                .map(|warning| format!("\"{original_name}\": {}.", warning.0))
                .collect(),
        })
    }

    /// Attaches a photo already in the library to an article (reuse from the library).
    pub fn attach_library_photo(
        &mut self,
        article_id: Uuid,
        photo_id: Uuid,
        lead: LeadChoice,
        now: DateTime<Utc>,
    ) -> StoreResult<ArticlePhoto> {
        let (editor, role) = self.acting_as();
        let tx = self.write_transaction()?;
        touch_article(&tx, article_id, now)?;
        apply_pinned_change_rule(&tx, article_id, (&editor, role), "The photos", now)?;
        read_photo(&tx, photo_id)?;
        let is_lead = link_photo(&tx, article_id, photo_id, lead, now)?;
        tx.commit()?;
        Ok(ArticlePhoto {
            photo: read_photo(&self.conn, photo_id)?,
            is_lead,
        })
    }

    /// A photo of the library.
    pub fn photo(&self, id: Uuid) -> StoreResult<Photo> {
        read_photo(&self.conn, id)
    }

    /// The photos an article uses, the lead photo first, then in the order they were attached.
    pub fn article_photos(&self, article_id: Uuid) -> StoreResult<Vec<ArticlePhoto>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {PHOTO_COLUMNS}, a.is_lead FROM article_photos a JOIN photos p ON p.id = a.photo_id
             WHERE a.article_id = ?1 ORDER BY a.is_lead DESC, a.added_at, p.seq"
        ))?;
        let rows = statement.query_map([SqlId(article_id)], |row| {
            Ok((photo_from_row(row)?, row.get::<_, bool>(10)?))
        })?;
        rows.map(|row| {
            let (photo, is_lead) = row?;
            Ok(ArticlePhoto {
                photo: finish_photo(photo)?,
                is_lead,
            })
        })
        .collect()
    }

    /// Sets what the journalist typed for one field of a photo; `None` returns the field to
    /// what the file says. Every article using the photo shows the change.
    pub fn set_photo_field(
        &mut self,
        photo_id: Uuid,
        field: PhotoField,
        value: Option<&str>,
        now: DateTime<Utc>,
    ) -> StoreResult<Photo> {
        let value = value
            .map(|value| clean_typed_value(field, value))
            .transpose()?;
        let tx = self.write_transaction()?;
        let typed: String = tx
            .query_row(
                "SELECT typed FROM photos WHERE id = ?1",
                [SqlId(photo_id)],
                |row| row.get(0),
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "photo",
                id: photo_id,
            })?;
        let mut typed: TypedMetadata = serde_json::from_str(&typed)
            .map_err(|err| StoreError::BadRow(format!("typed photo metadata: {err}")))?;
        typed.set(field, value);
        tx.execute(
            "UPDATE photos SET typed = ?2, updated_at = ?3 WHERE id = ?1",
            params![
                SqlId(photo_id),
                serde_json::to_string(&typed).map_err(|err| StoreError::BadRow(err.to_string()))?,
                time::encode(now)
            ],
        )?;
        tx.execute(
            "UPDATE articles SET updated_at = ?2
             WHERE id IN (SELECT article_id FROM article_photos WHERE photo_id = ?1)",
            params![SqlId(photo_id), time::encode(now)],
        )?;
        index_photo(&tx, photo_id)?;
        tx.commit()?;
        self.photo(photo_id)
    }

    /// Makes `photo_id` the article's lead photo, or (with `None`) leaves it without one.
    pub fn set_lead_photo(
        &mut self,
        article_id: Uuid,
        photo_id: Option<Uuid>,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<ArticlePhoto>> {
        let (editor, role) = self.acting_as();
        let tx = self.write_transaction()?;
        touch_article(&tx, article_id, now)?;
        apply_pinned_change_rule(&tx, article_id, (&editor, role), "The lead photo", now)?;
        tx.execute(
            "UPDATE article_photos SET is_lead = 0 WHERE article_id = ?1",
            [SqlId(article_id)],
        )?;
        if let Some(photo_id) = photo_id {
            let changed = tx.execute(
                "UPDATE article_photos SET is_lead = 1 WHERE article_id = ?1 AND photo_id = ?2",
                params![SqlId(article_id), SqlId(photo_id)],
            )?;
            if changed == 0 {
                return Err(StoreError::NotFound {
                    what: "photo of this article",
                    id: photo_id,
                });
            }
        }
        tx.commit()?;
        self.article_photos(article_id)
    }

    /// Removes a photo from an article. The photo stays in the library (other articles may use
    /// it; "clean up unused photos" removes it when none does).
    pub fn detach_photo(
        &mut self,
        article_id: Uuid,
        photo_id: Uuid,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<ArticlePhoto>> {
        let (editor, role) = self.acting_as();
        let tx = self.write_transaction()?;
        touch_article(&tx, article_id, now)?;
        apply_pinned_change_rule(&tx, article_id, (&editor, role), "The photos", now)?;
        tx.execute(
            "DELETE FROM article_photos WHERE article_id = ?1 AND photo_id = ?2",
            params![SqlId(article_id), SqlId(photo_id)],
        )?;
        tx.commit()?;
        self.article_photos(article_id)
    }

    /// The library, newest first, filtered by words of the caption, credit or photographer.
    pub fn photo_library(&self, query: &str, offset: u32, limit: u32) -> StoreResult<PhotoPage> {
        let limit = limit.clamp(1, 500);
        let (total, photos) = match fts_query(query) {
            None => {
                let total = self
                    .conn
                    .query_row("SELECT count(*) FROM photos", [], |row| row.get(0))?;
                let mut statement = self.conn.prepare_cached(&format!(
                    "SELECT {PHOTO_COLUMNS} FROM photos p ORDER BY p.seq DESC LIMIT ?1 OFFSET ?2"
                ))?;
                let rows = statement
                    .query_map(params![limit, offset], photo_from_row)?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                (total, rows)
            }
            Some(matched) => {
                let total = self.conn.query_row(
                    "SELECT count(*) FROM photos_fts WHERE photos_fts MATCH ?1",
                    [&matched],
                    |row| row.get(0),
                )?;
                let mut statement = self.conn.prepare_cached(&format!(
                    "SELECT {PHOTO_COLUMNS} FROM photos_fts f JOIN photos p ON p.seq = f.rowid
                     WHERE photos_fts MATCH ?1 ORDER BY p.seq DESC LIMIT ?2 OFFSET ?3"
                ))?;
                let rows = statement
                    .query_map(params![matched, limit, offset], photo_from_row)?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                (total, rows)
            }
        };
        Ok(PhotoPage {
            total,
            photos: photos
                .into_iter()
                .map(finish_photo)
                .collect::<StoreResult<_>>()?,
        })
    }

    /// Removes from the library (and the disk) every photo no article uses: not attached to
    /// any article, the Trash included, and not shown in any article's text.
    pub fn clean_up_unused_photos(&mut self) -> StoreResult<PhotoCleanup> {
        let tx = self.write_transaction()?;
        // One pass over the texts that show any photo, not one per photo.
        let shown: HashSet<Uuid> = crate::body::texts_containing(&tx, "](photo:")?
            .iter()
            .flat_map(|body| photos_in_body(body))
            .collect();
        let unattached: Vec<(SqlId, String, String, i64)> = {
            let mut statement = tx.prepare(
                "SELECT p.id, p.sha256, p.media_type, p.byte_size FROM photos p
                 WHERE NOT EXISTS (SELECT 1 FROM article_photos x WHERE x.photo_id = p.id)",
            )?;
            let rows = statement.query_map([], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let unused: Vec<_> = unattached
            .into_iter()
            .filter(|(id, ..)| !shown.contains(&id.0))
            .collect();
        for (id, ..) in &unused {
            tx.execute(
                "DELETE FROM photos_fts WHERE rowid = (SELECT seq FROM photos WHERE id = ?1)",
                [id],
            )?;
            tx.execute("DELETE FROM photos WHERE id = ?1", [id])?;
        }
        tx.commit()?;
        let mut bytes_freed = 0;
        for (_, sha256, media_type, byte_size) in &unused {
            let media_type = PhotoType::from_key(media_type).unwrap_or(PhotoType::Jpeg);
            for which in [
                PhotoFile::Original,
                PhotoFile::Display,
                PhotoFile::Thumbnail,
            ] {
                // A file already gone is what was wanted.
                let _ = fs::remove_file(self.photo_path(sha256, media_type, which));
            }
            bytes_freed += u64::try_from(*byte_size).unwrap_or(0);
        }
        bytes_freed += self.remove_stray_photo_files()?;
        Ok(PhotoCleanup {
            removed: u32::try_from(unused.len()).unwrap_or(u32::MAX),
            bytes_freed,
        })
    }

    /// Removes files under `photos/` that no row names: what a crash between writing a file
    /// and committing its row left behind, and unfinished `.partial` files. Files younger than
    /// [`STRAY_FILE_AGE`] are left: another process (the command line beside the app) may be
    /// between writing one and committing its row. Returns the bytes freed.
    fn remove_stray_photo_files(&self) -> StoreResult<u64> {
        let known: HashSet<String> = {
            let mut statement = self.conn.prepare("SELECT sha256 FROM photos")?;
            let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut freed = 0;
        for kind in ["originals", "renditions"] {
            let Ok(shards) = fs::read_dir(self.photos_dir().join(kind)) else {
                continue;
            };
            for file in shards
                .flatten()
                .filter_map(|shard| fs::read_dir(shard.path()).ok())
                .flatten()
                .flatten()
            {
                let path = file.path();
                let sha = path
                    .file_stem()
                    .and_then(|stem| stem.to_str())
                    .map(|stem| stem.split('.').next().unwrap_or(stem));
                let partial = path.extension().is_some_and(|e| e == "partial");
                let Ok(metadata) = file.metadata() else {
                    continue;
                };
                let old_enough = metadata
                    .modified()
                    .ok()
                    .and_then(|at| at.elapsed().ok())
                    .is_some_and(|age| age >= STRAY_FILE_AGE);
                let stray = partial || sha.is_none_or(|sha| !known.contains(sha));
                if stray && old_enough && fs::remove_file(&path).is_ok() {
                    freed += metadata.len();
                }
            }
        }
        Ok(freed)
    }

    /// The file of one picture of a photo, made again from the original if it is missing.
    /// Returns the path and the picture's type.
    pub fn photo_file(
        &self,
        photo_id: Uuid,
        which: PhotoFile,
    ) -> StoreResult<(PathBuf, PhotoType)> {
        let photo = self.photo(photo_id)?;
        let original = self.photo_path(&photo.sha256, photo.media_type, PhotoFile::Original);
        let path = self.photo_path(&photo.sha256, photo.media_type, which);
        if which != PhotoFile::Original && !path.exists() {
            let bytes = fs::read(&original).map_err(|source| StoreError::Io {
                path: original.clone(),
                source,
            })?;
            let (display, thumbnail) =
                newsroom_media::renditions(&bytes).map_err(|reason| StoreError::PhotoRefused {
                    file: photo.original_name.clone(),
                    reason: reason.to_string(),
                })?;
            write_durably(
                &self.photo_path(&photo.sha256, photo.media_type, PhotoFile::Display),
                &display.bytes,
            )?;
            write_durably(
                &self.photo_path(&photo.sha256, photo.media_type, PhotoFile::Thumbnail),
                &thumbnail.bytes,
            )?;
        }
        let head = {
            let mut head = [0u8; 16];
            let mut file = fs::File::open(&path).map_err(|source| StoreError::Io {
                path: path.clone(),
                source,
            })?;
            let read = std::io::Read::read(&mut file, &mut head).unwrap_or(0);
            head[..read].to_vec()
        };
        let media_type = newsroom_media::sniff(&head).unwrap_or(photo.media_type);
        Ok((path, media_type))
    }
}

/// Attaches photo to article (idempotent) and applies the lead choice; true when it is lead.
pub(crate) fn link_photo(
    tx: &Transaction<'_>,
    article_id: Uuid,
    photo_id: Uuid,
    lead: LeadChoice,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let has_lead: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM article_photos WHERE article_id = ?1 AND is_lead = 1 AND photo_id <> ?2)",
        params![SqlId(article_id), SqlId(photo_id)],
        |row| row.get(0),
    )?;
    let make_lead = match lead {
        LeadChoice::Lead => true,
        LeadChoice::LeadIfNone => !has_lead,
        LeadChoice::NotLead => false,
    };
    if make_lead {
        tx.execute(
            "UPDATE article_photos SET is_lead = 0 WHERE article_id = ?1",
            [SqlId(article_id)],
        )?;
    }
    tx.execute(
        "INSERT INTO article_photos (article_id, photo_id, is_lead, added_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (article_id, photo_id) DO UPDATE SET is_lead = max(is_lead, excluded.is_lead)",
        params![SqlId(article_id), SqlId(photo_id), make_lead, time::encode(now)],
    )?;
    Ok(tx.query_row(
        "SELECT is_lead FROM article_photos WHERE article_id = ?1 AND photo_id = ?2",
        params![SqlId(article_id), SqlId(photo_id)],
        |row| row.get(0),
    )?)
}

/// How the desk names a photo file to the journalist: its file name (the whole path when it
/// has none).
pub fn photo_file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Reads a photo file from the journalist's disk, refusing what is too large before reading it.
pub fn read_photo_file(path: &Path) -> StoreResult<Vec<u8>> {
    let file_name = photo_file_name(path);
    let refused = |reason: String| StoreError::PhotoRefused {
        file: file_name.clone(),
        reason,
    };
    read_regular_file(path, newsroom_media::MAX_FILE_BYTES, Links::Follow).map_err(
        |why| match why {
            ReadRefusal::TooLarge(bytes) => {
                refused(newsroom_media::PhotoError::FileTooLarge { bytes }.to_string())
            }
            other => refused(other.to_string()),
        },
    )
}

/// Checks and describes a photo's bytes (slow for a large photo: call it outside any lock).
pub fn prepare_photo(file_name: &str, bytes: Vec<u8>) -> StoreResult<PreparedPhoto> {
    newsroom_media::prepare(bytes).map_err(|reason| StoreError::PhotoRefused {
        file: file_name.to_owned(),
        reason: reason.to_string(),
    })
}

/// Reads and prepares the photo file at `path` (slow for a large photo: call it outside any
/// lock). Returns the file's name with the prepared photo.
pub fn load_photo_file(path: &Path) -> StoreResult<(String, PreparedPhoto)> {
    let bytes = read_photo_file(path)?;
    let name = photo_file_name(path);
    let prepared = prepare_photo(&name, bytes)?;
    Ok((name, prepared))
}

/// What happened to one file of several attached at once.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AttachOutcome {
    /// The file's name.
    pub file: String,
    /// What attaching it did, when it was attached.
    pub receipt: Option<AttachReceipt>,
    /// Why it was not, in words naming the file.
    pub error: Option<String>,
}
