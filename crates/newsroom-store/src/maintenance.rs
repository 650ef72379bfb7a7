//! `newsroom doctor` and `newsroom backup`.
//!
//! The doctor opens the file read-only and changes nothing, so it can examine a damaged file or
//! one from a newer version that [`Store::open`] refuses. Backups use SQLite's online backup
//! API, which copies a consistent snapshot while the app keeps writing; a plain file copy of a
//! live WAL database can miss committed pages.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::Backup;
use rusqlite::Connection;
use serde::Serialize;

use crate::error::{StoreError, StoreResult};
use crate::{schema, Store};

/// What the doctor found.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DoctorReport {
    /// The database file.
    pub path: PathBuf,
    /// Its size in bytes.
    pub size_bytes: u64,
    /// `PRAGMA integrity_check`: `["ok"]` when the file is sound, else SQLite's findings.
    pub integrity: Vec<String>,
    /// Schema version in the file.
    pub schema_version: i64,
    /// Newest schema version this build knows.
    pub supported_schema_version: i64,
    /// Articles outside the Trash.
    pub articles: u64,
    /// Articles in the Trash.
    pub in_trash: u64,
    /// Revisions kept.
    pub revisions: u64,
    /// Stories whose stored text is not the text of their body's document, or whose document
    /// cannot be read (empty when all agree).
    pub text_not_document: Vec<uuid::Uuid>,
}

impl DoctorReport {
    /// True when the file is sound, every story's text is its document's, and this build can
    /// open it.
    pub fn is_healthy(&self) -> bool {
        self.integrity == ["ok"]
            && self.text_not_document.is_empty()
            && self.schema_version <= self.supported_schema_version
    }
}

fn count(conn: &Connection, sql: &str) -> StoreResult<u64> {
    let n: i64 = conn.query_row(sql, [], |row| row.get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Examines the database in `data_dir` without changing it.
pub fn doctor(data_dir: &Path) -> StoreResult<DoctorReport> {
    let path = data_dir.join(crate::DATABASE_FILE);
    let size_bytes = std::fs::metadata(&path)
        .map_err(|source| StoreError::Io {
            path: path.clone(),
            source,
        })?
        .len();
    let conn = schema::open_read_only(&path)?;
    let schema_version = schema::user_version(&conn)?;
    let mut stmt = conn
        .prepare("PRAGMA integrity_check")
        .map_err(StoreError::Corrupt)?;
    let integrity = stmt
        .query_map([], |row| row.get::<_, String>(0))
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .map_err(StoreError::Corrupt)?;
    let has_tables = schema_version >= 1;
    let counted = |sql: &str| if has_tables { count(&conn, sql) } else { Ok(0) };
    Ok(DoctorReport {
        size_bytes,
        integrity: integrity.clone(),
        schema_version,
        supported_schema_version: schema::supported_version(),
        articles: counted("SELECT count(*) FROM articles WHERE trashed_at IS NULL")?,
        in_trash: counted("SELECT count(*) FROM articles WHERE trashed_at IS NOT NULL")?,
        revisions: counted("SELECT count(*) FROM revisions")?,
        text_not_document: if schema_version >= crate::schema::BODY_DOCUMENTS_VERSION
            && integrity == ["ok"]
        {
            crate::body::texts_not_matching(&conn)?
        } else {
            Vec::new()
        },
        path,
    })
}

impl Store {
    /// Writes a consistent copy of the database to `destination` (replacing that file).
    pub fn backup_to(&self, destination: &Path) -> StoreResult<()> {
        let mut target = Connection::open(destination)?;
        let backup = Backup::new(&self.conn, &mut target)?;
        backup.run_to_completion(256, Duration::from_millis(5), None)?;
        Ok(())
    }
}
