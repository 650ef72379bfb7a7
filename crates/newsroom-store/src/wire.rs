//! Agency copy on the desk: importing a wire item as a draft with its attribution, keeping
//! every version of the original read-only beside the story, and the related stories picked
//! for "More news".
//!
//! An import is all or nothing for the text: the draft, its first revision and the original
//! are one transaction. Its pictures (files beside the item, or fetched) are read and checked
//! before that transaction and attached after it, each with the credit and creator the item
//! gives. A picture that cannot be fetched now (an offline laptop, a server that is down) is
//! kept waiting in that same transaction, with its credit, and fetched later
//! ([`crate::waiting_pictures`]); one that can never be attached is named in the outcome,
//! never silently dropped. A newer
//! version of an item already on the desk is kept beside the story and never touches the
//! journalist's text; the same version twice is recognised and skipped.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use newsroom_core::diff::{diff_for_review, DiffSegment};
use newsroom_core::photo::PhotoField;
use newsroom_core::ArticleContent;
use newsroom_media::PreparedPhoto;
use newsroom_wire::{
    read_wire, PictureSource, WireItem, WirePicture, MAX_PICTURES_PER_ITEM, MAX_WIRE_BYTES,
};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::articles::insert_article;
use crate::error::{StoreError, StoreResult};
use crate::files::{read_regular_file, Links, ReadRefusal};
use crate::sql_id::SqlId;
use crate::waiting_pictures::keep_waiting_pictures;
use crate::{time, LeadChoice, Store};

pub use newsroom_core::fetch::FetchFailure;

/// Fetches a picture an item names by URL (the caller's network, with its limits); `Err` says
/// why not, and whether a later try may get it. Pass [`no_fetch`] to import without going to
/// the network.
pub type FetchPicture<'a> = &'a dyn Fn(&str) -> Result<Vec<u8>, FetchFailure>;

/// A [`FetchPicture`] that never fetches.
pub fn no_fetch(_url: &str) -> Result<Vec<u8>, FetchFailure> {
    Err(FetchFailure::for_good("pictures are not downloaded here"))
}

/// The file name a picture fetched from `url` is attached under: the URL's last path segment.
pub(crate) fn picture_name(url: &str) -> String {
    url.split(['?', '#'])
        .next()
        .and_then(|p| p.rsplit('/').next())
        .filter(|n| !n.is_empty())
        .unwrap_or("picture")
        .to_owned()
}

/// Fetches the picture at `url` and prepares it for the desk. A picture that was fetched but
/// cannot be read is a final failure: fetching it again brings the same bytes.
pub(crate) fn fetch_web_picture(
    url: &str,
    fetch: FetchPicture<'_>,
) -> Result<(String, PreparedPhoto), FetchFailure> {
    let name = picture_name(url);
    let bytes = fetch(url)?;
    crate::photos::prepare_photo(&name, bytes)
        .map(|prepared| (name, prepared))
        .map_err(|err| FetchFailure::for_good(format!("it is not a picture the desk takes: {err}")))
}

/// The settings key of the newsroom's name (for the editor's note of translated copy).
const NEWSROOM_NAME_SETTING: &str = "newsroom_name";
/// The settings key of the folder watched for wire files.
const WATCHED_FOLDER_SETTING: &str = "watched_wire_folder";
/// The name until one is set.
const DEFAULT_NEWSROOM_NAME: &str = "the newsroom";

/// What importing one file did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    tag = "kind"
)]
#[ts(export)]
pub enum ImportOutcome {
    /// A new draft was made from the item.
    Created {
        /// The file.
        file: String,
        /// The new draft.
        article_id: Uuid,
        /// Its headline.
        headline: String,
        /// The agency.
        agency: String,
        /// Pictures the item names that were not attached, with the reason.
        pictures_left_out: Vec<String>,
        /// Pictures that could not be fetched now and wait, with their credit, to be fetched
        /// when the network answers.
        pictures_waiting: Vec<String>,
    },
    /// A newer version of an item already on the desk was kept beside its story.
    Updated {
        /// The file.
        file: String,
        /// The story made from the earlier version.
        article_id: Uuid,
        /// The story's headline now.
        headline: String,
        /// The version the story was made from or last compared with.
        previous_version: u32,
        /// The new version.
        version: u32,
    },
    /// This version of the item is on the desk already; nothing changed.
    AlreadyImported {
        /// The file.
        file: String,
        /// Its story.
        article_id: Uuid,
        /// The version.
        version: u32,
    },
    /// The file was refused; nothing was imported.
    Refused {
        /// The file.
        file: String,
        /// Why, in words.
        reason: String,
    },
}

impl ImportOutcome {
    /// One line for the journalist.
    pub fn message(&self) -> String {
        match self {
            ImportOutcome::Created {
                file,
                headline,
                agency,
                pictures_left_out,
                pictures_waiting,
                ..
            } => {
                let mut line = format!("{file}: new draft \"{headline}\" from {agency}.");
                for picture in pictures_left_out.iter().chain(pictures_waiting) {
                    line.push_str(&format!(" {picture}"));
                }
                line
            }
            ImportOutcome::Updated {
                file,
                headline,
                previous_version,
                version,
                ..
            } => format!(
                "{file}: version {version} of \"{headline}\" (was {previous_version}); your text is unchanged, compare it with the new original."
            ),
            ImportOutcome::AlreadyImported { file, version, .. } => {
                format!("{file}: version {version} is on the desk already; nothing changed.")
            }
            ImportOutcome::Refused { file, reason } => format!("{file} was not imported: it {reason}."),
        }
    }
}

/// One version of the original, as the side-by-side view shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WireOriginal {
    /// The item as read.
    pub item: WireItem,
    /// Who imported it.
    pub imported_by: String,
    /// When.
    pub imported_at: DateTime<Utc>,
}

/// A story's originals: the newest version, the versions before it, and what changed in the
/// original since the version before the newest (when there is one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WireSource {
    /// The newest version of the original.
    pub newest: WireOriginal,
    /// Every version's number, oldest first.
    pub versions: Vec<u32>,
    /// What changed from the previous version to the newest, word by word.
    pub changes: Option<Vec<DiffSegment>>,
}

/// A story picked for "More news".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RelatedStory {
    /// Its id.
    pub id: Uuid,
    /// Its headline.
    pub headline: String,
    /// Its reading time.
    pub reading_minutes: u32,
}

fn item_text(item: &WireItem) -> ArticleContent {
    ArticleContent {
        headline: item.headline.clone(),
        standfirst: item.standfirst.clone(),
        body: item.body.clone(),
        byline: item.byline.clone(),
        editors_note: String::new(),
        language: item.language.clone(),
    }
}

fn file_label(path: &Path) -> String {
    crate::photos::photo_file_name(path)
}

/// A wire file on its way in: read and checked, then its pictures gathered, both without the
/// store, so that neither a slow agency server nor decoding a large picture holds it.
pub struct WireImport {
    file: String,
    path: PathBuf,
    item: WireItem,
    original: String,
    pictures: Vec<(WirePicture, String, PreparedPhoto)>,
    /// Pictures not fetched now that a later try may get: (place in the item, picture, why).
    waiting: Vec<(usize, WirePicture, String)>,
    left_out: Vec<String>,
}

impl WireImport {
    /// Reads the wire file at `path` (a regular file only; with [`Links::Refuse`], not a
    /// link): refused with the reason as an [`ImportOutcome`] when it cannot be imported.
    pub fn read(path: &Path, links: Links) -> Result<Self, Box<ImportOutcome>> {
        let file = file_label(path);
        let refused = |reason: String| {
            Box::new(ImportOutcome::Refused {
                file: file.clone(),
                reason,
            })
        };
        let bytes = match read_regular_file(path, MAX_WIRE_BYTES as u64, links) {
            Ok(bytes) => bytes,
            Err(ReadRefusal::TooLarge(bytes)) => {
                return Err(refused(format!(
                    "is {} MB; wire items over 20 MB are not imported",
                    bytes.div_ceil(1024 * 1024)
                )))
            }
            Err(other) => return Err(refused(format!("was not read: {other}"))),
        };
        let item = read_wire(&bytes).map_err(|err| refused(err.to_string()))?;
        Ok(WireImport {
            file: file.clone(),
            path: path.to_owned(),
            item,
            original: String::from_utf8_lossy(&bytes).into_owned(),
            pictures: Vec::new(),
            waiting: Vec::new(),
            left_out: Vec::new(),
        })
    }

    fn refused(&self, reason: String) -> ImportOutcome {
        ImportOutcome::Refused {
            file: self.file.clone(),
            reason,
        }
    }

    /// Fetches and prepares the item's pictures: from the web through `fetch`, or from files
    /// in the item's own folder (never a link, never outside it). At most
    /// [`MAX_PICTURES_PER_ITEM`]. A picture the network may still give keeps waiting; every
    /// other picture not had is named with its credit.
    pub fn gather_pictures(&mut self, fetch: FetchPicture<'_>) {
        let base = self.path.parent().unwrap_or_else(|| Path::new("."));
        for (index, picture) in self.item.pictures.iter().enumerate() {
            let href = picture.href.trim();
            let loaded = if index >= MAX_PICTURES_PER_ITEM {
                Err(format!(
                    "was left out: an item brings at most {MAX_PICTURES_PER_ITEM} pictures"
                ))
            } else {
                match picture.source() {
                    PictureSource::Web(url) => match fetch_web_picture(url, fetch) {
                        Err(failure) if failure.may_retry => {
                            self.waiting.push((index, picture.clone(), failure.reason));
                            continue;
                        }
                        other => {
                            other.map_err(|failure| format!("was not fetched ({})", failure.reason))
                        }
                    },
                    PictureSource::Beside(relative) => picture_beside(base, relative)
                        .map_err(|err| format!("was not attached: {err}")),
                    PictureSource::Refused(why) => Err(format!("was not attached: it {why}")),
                }
            };
            match loaded {
                Ok((name, prepared)) => self.pictures.push((picture.clone(), name, prepared)),
                Err(why) => self.left_out.push(format!(
                    "Picture {href} {why}; its credit is {}.",
                    credit_or_not_given(&picture.credit)
                )),
            }
        }
    }
}

/// A picture's credit for a sentence, or "not given".
pub fn credit_or_not_given(credit: &str) -> &str {
    if credit.trim().is_empty() {
        "not given"
    } else {
        credit
    }
}

/// The picture at `relative` inside the item's folder `base`: read only when, with every link
/// resolved, it is still inside that folder, and is itself a regular file and not a link.
fn picture_beside(base: &Path, relative: &str) -> StoreResult<(String, PreparedPhoto)> {
    let path = base.join(relative);
    let name = crate::photos::photo_file_name(&path);
    let refused = |reason: &str| StoreError::PhotoRefused {
        file: name.clone(),
        reason: reason.to_owned(),
    };
    let (Ok(folder), Ok(resolved)) = (base.canonicalize(), path.canonicalize()) else {
        return Err(refused("the file does not exist beside the item"));
    };
    if !resolved.starts_with(&folder) {
        return Err(refused("it is a link to a file outside the item's folder"));
    }
    let bytes = read_regular_file(&path, newsroom_media::MAX_FILE_BYTES, Links::Refuse)
        .map_err(|why| refused(&why.to_string()))?;
    let prepared = crate::photos::prepare_photo(&name, bytes)?;
    Ok((name, prepared))
}

impl Store {
    /// The newsroom's name, as the editor's note of translated copy prints it.
    pub fn newsroom_name(&self) -> StoreResult<String> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [NEWSROOM_NAME_SETTING],
                |row| row.get::<_, String>(0),
            )
            .optional()?
            .filter(|name| !name.trim().is_empty())
            .unwrap_or_else(|| DEFAULT_NEWSROOM_NAME.to_owned()))
    }

    /// Sets the newsroom's name.
    pub fn set_newsroom_name(&mut self, name: &str) -> StoreResult<()> {
        self.authorize(newsroom_core::authority::DeskAct::DeskSetup)?;
        let name = newsroom_core::vocabulary::clean_term_name("newsroom name", name)?;
        let tx = self.write_transaction()?;
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![NEWSROOM_NAME_SETTING, name],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The folder watched for wire files, if one is set.
    pub fn watched_folder(&self) -> StoreResult<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [WATCHED_FOLDER_SETTING],
                |row| row.get::<_, String>(0),
            )
            .optional()?
            .filter(|folder| !folder.trim().is_empty()))
    }

    /// Sets (or with `None` stops) the folder watched for wire files.
    pub fn set_watched_folder(&mut self, folder: Option<&str>) -> StoreResult<()> {
        self.authorize(newsroom_core::authority::DeskAct::DeskSetup)?;
        let tx = self.write_transaction()?;
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![WATCHED_FOLDER_SETTING, folder.map(str::trim).unwrap_or_default()],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Imports the wire file at `path`: a new draft, a newer version kept beside its story,
    /// or nothing (the same version again, or a file refused with the reason). All three
    /// steps of a [`WireImport`] in one call, for a caller that holds no lock over the store
    /// (the command line, the watched folder's own connection): the app's window calls them
    /// one by one, so that the network is never waited on with its store locked.
    pub fn import_wire_file(
        &mut self,
        path: &Path,
        links: Links,
        author: &str,
        now: DateTime<Utc>,
        fetch: FetchPicture<'_>,
    ) -> ImportOutcome {
        let mut import = match WireImport::read(path, links) {
            Ok(import) => import,
            Err(refused) => return *refused,
        };
        match self.wire_import_wants_pictures(&import) {
            Ok(true) => import.gather_pictures(fetch),
            Ok(false) => {}
            Err(err) => return import.refused(format!("could not be stored ({err})")),
        }
        self.store_wire_import(import, author, now)
    }

    /// True when `import` would make a new story, so its pictures are wanted (a newer version
    /// of a known item keeps only its text beside the story).
    pub fn wire_import_wants_pictures(&self, import: &WireImport) -> StoreResult<bool> {
        Ok(!self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM wire_items WHERE uri = ?1)",
            [&import.item.uri],
            |row| row.get::<_, bool>(0),
        )?)
    }

    /// Stores a read item (and the pictures gathered for it): a new draft, a newer version
    /// beside its story, or nothing for a version already here. Decided inside the store's
    /// transaction, so two imports of one item racing each other make one story.
    pub fn store_wire_import(
        &mut self,
        import: WireImport,
        author: &str,
        now: DateTime<Utc>,
    ) -> ImportOutcome {
        let file = import.file.clone();
        match self.store_wire_item(import, author, now) {
            Ok(outcome) => outcome,
            Err(err) => ImportOutcome::Refused {
                file,
                reason: format!("could not be stored ({err})"),
            },
        }
    }

    fn store_wire_item(
        &mut self,
        import: WireImport,
        author: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<ImportOutcome> {
        let WireImport {
            file,
            path,
            item,
            original,
            pictures,
            waiting,
            mut left_out,
        } = import;
        let mut content = item_text(&item);
        content.byline = item.agency.clone();
        content.editors_note = format!(
            "This article has been altered and translated by {}.",
            self.newsroom_name()?
        );
        if !newsroom_core::article::is_language_tag(&content.language) {
            content.language = "en".to_owned();
        }
        if content.headline.trim().is_empty() {
            content.headline = format!("{} item", item.agency);
        }
        content.validate()?;
        let tx = self.write_transaction()?;
        let known: Option<(SqlId, u32)> = tx
            .query_row(
                "SELECT article_id, max(version) FROM wire_items WHERE uri = ?1 GROUP BY article_id",
                [&item.uri],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        if let Some((SqlId(article_id), newest)) = known {
            let same: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM wire_items WHERE uri = ?1 AND version = ?2)",
                params![item.uri, item.version],
                |row| row.get(0),
            )?;
            if same || item.version < newest {
                return Ok(ImportOutcome::AlreadyImported {
                    file,
                    article_id,
                    version: item.version,
                });
            }
            insert_wire_row(&tx, article_id, &item, &original, &path, author, now)?;
            tx.execute(
                "UPDATE articles SET updated_at = ?2 WHERE id = ?1",
                params![SqlId(article_id), time::encode(now)],
            )?;
            tx.commit()?;
            return Ok(ImportOutcome::Updated {
                file,
                article_id,
                headline: self.article(article_id)?.content.headline,
                previous_version: newest,
                version: item.version,
            });
        }
        let article_id = insert_article(&tx, &content, author, now)?;
        insert_wire_row(&tx, article_id, &item, &original, &path, author, now)?;
        keep_waiting_pictures(&tx, article_id, &waiting, now)?;
        tx.commit()?;
        for (index, (picture, name, prepared)) in pictures.into_iter().enumerate() {
            let lead = if index == 0 {
                LeadChoice::LeadIfNone
            } else {
                LeadChoice::NotLead
            };
            if let Err(err) =
                self.attach_wire_picture(article_id, &prepared, &name, &picture, lead, author, now)
            {
                left_out.push(format!("Picture {} was not attached: {err}", picture.href));
            }
        }
        Ok(ImportOutcome::Created {
            file,
            article_id,
            headline: content.headline,
            agency: item.agency,
            pictures_left_out: left_out,
            pictures_waiting: waiting
                .iter()
                .map(|(_, picture, reason)| {
                    format!(
                        "Picture {} could not be fetched now ({reason}); it waits with its credit ({}) and comes in when the network answers.",
                        picture.href.trim(),
                        credit_or_not_given(&picture.credit)
                    )
                })
                .collect(),
        })
    }

    /// Attaches a wire picture to `article_id` with the credit, creator and caption the item
    /// gave it (each only where the item gave one, so the file's own values show otherwise).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn attach_wire_picture(
        &mut self,
        article_id: Uuid,
        prepared: &PreparedPhoto,
        name: &str,
        credits: &WirePicture,
        lead: LeadChoice,
        author: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Uuid> {
        let photo_id = self
            .attach_photo(article_id, prepared, name, lead, author, now)?
            .photo
            .id;
        for (field, value) in [
            (PhotoField::Credit, credits.credit.as_str()),
            (PhotoField::Creator, credits.creator.as_str()),
            (PhotoField::Caption, credits.caption.as_str()),
        ] {
            if !value.trim().is_empty() {
                self.set_photo_field(photo_id, field, Some(value), now)?;
            }
        }
        Ok(photo_id)
    }

    /// The originals of a story made from wire copy; `None` for a story written on the desk.
    pub fn wire_source(&self, article_id: Uuid) -> StoreResult<Option<WireSource>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT format, uri, version, agency, language, headline, standfirst, body, byline,
                    dateline, subjects, pictures, version_created, imported_by, imported_at
             FROM wire_items WHERE article_id = ?1 ORDER BY version",
        )?;
        let rows = statement.query_map([SqlId(article_id)], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, u32>(2)?,
                [
                    row.get::<_, String>(3)?,
                    row.get(4)?,
                    row.get(5)?,
                    row.get(6)?,
                    row.get(7)?,
                    row.get(8)?,
                    row.get(9)?,
                ],
                (row.get::<_, String>(10)?, row.get::<_, String>(11)?),
                row.get::<_, String>(12)?,
                row.get::<_, String>(13)?,
                row.get::<_, String>(14)?,
            ))
        })?;
        let mut originals = Vec::new();
        for row in rows {
            let (format, uri, version, texts, (subjects, pictures), version_created, by, at) = row?;
            let [agency, language, headline, standfirst, body, byline, dateline] = texts;
            let format = serde_json::from_value(serde_json::Value::String(format.clone()))
                .map_err(|_| StoreError::BadRow(format!("wire format {format:?}")))?;
            originals.push(WireOriginal {
                item: WireItem {
                    format,
                    uri,
                    version,
                    agency,
                    language,
                    headline,
                    standfirst,
                    body,
                    byline,
                    dateline,
                    subjects: serde_json::from_str(&subjects)
                        .map_err(|e| StoreError::BadRow(format!("wire subjects: {e}")))?,
                    pictures: serde_json::from_str(&pictures)
                        .map_err(|e| StoreError::BadRow(format!("wire pictures: {e}")))?,
                    version_created,
                },
                imported_by: by,
                imported_at: time::decode(&at)?,
            });
        }
        let versions = originals.iter().map(|o| o.item.version).collect();
        let changes = match originals.as_slice() {
            [.., before, newest] => Some(diff_for_review(
                &item_text(&before.item),
                &item_text(&newest.item),
            )),
            _ => None,
        };
        Ok(originals.pop().map(|newest| WireSource {
            newest,
            versions,
            changes,
        }))
    }

    /// Picks the stories shown under `article_id` in "More news", in order (replacing the
    /// picks it had). A story cannot be related to itself.
    pub fn set_related(
        &mut self,
        article_id: Uuid,
        related: &[Uuid],
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.article(article_id)?;
        let (editor, role) = self.acting_as();
        let tx = self.write_transaction()?;
        tx.execute(
            "DELETE FROM related_articles WHERE article_id = ?1",
            [SqlId(article_id)],
        )?;
        for (position, id) in related.iter().filter(|id| **id != article_id).enumerate() {
            tx.execute(
                "INSERT OR IGNORE INTO related_articles (article_id, related_id, position) VALUES (?1, ?2, ?3)",
                params![SqlId(article_id), SqlId(*id), u32::try_from(position).unwrap_or(u32::MAX)],
            )?;
        }
        tx.execute(
            "UPDATE articles SET updated_at = ?2 WHERE id = ?1",
            params![SqlId(article_id), time::encode(now)],
        )?;
        crate::workflow::apply_pinned_change_rule(
            &tx,
            article_id,
            (&editor, role),
            "The related stories",
            now,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The stories picked for "More news" under `article_id`, in order (the Trash left out).
    pub fn related(&self, article_id: Uuid) -> StoreResult<Vec<RelatedStory>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT a.id, a.headline, a.word_count FROM related_articles r JOIN articles a ON a.id = r.related_id
             WHERE r.article_id = ?1 AND a.trashed_at IS NULL ORDER BY r.position",
        )?;
        let rows = statement.query_map([SqlId(article_id)], |row| {
            Ok(RelatedStory {
                id: row.get::<_, SqlId>(0)?.0,
                headline: row.get(1)?,
                reading_minutes: newsroom_core::reading_minutes(row.get(2)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn insert_wire_row(
    tx: &rusqlite::Transaction<'_>,
    article_id: Uuid,
    item: &WireItem,
    original: &str,
    path: &Path,
    author: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO wire_items (id, article_id, uri, version, format, agency, language, headline,
           standfirst, body, byline, dateline, subjects, pictures, version_created, source_file,
           original, imported_by, imported_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
        params![
            SqlId(Uuid::now_v7()),
            SqlId(article_id),
            item.uri,
            item.version,
            serde_json::to_value(item.format)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            item.agency,
            item.language,
            item.headline,
            item.standfirst,
            item.body,
            item.byline,
            item.dateline,
            to_json(&item.subjects),
            to_json(&item.pictures),
            item.version_created,
            path.display().to_string(),
            original,
            author,
            time::encode(now)
        ],
    )?;
    Ok(())
}

/// JSON text of one of the item's lists (they always serialise).
fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".to_owned())
}
