//! Opening the file and migrating its schema.
//!
//! The migrations are the files of `migrations/` at the repository root, embedded in the
//! binary, applied in order in one transaction by `rusqlite_migration`, which tracks the version
//! in `PRAGMA user_version`. A landed migration is never edited; changes are new files.

use std::path::Path;
use std::sync::LazyLock;

use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::{Migrations, M};

use crate::error::{StoreError, StoreResult};

/// How long a write waits for another writer before reporting the database busy.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// The files of `migrations/`, in order; schema version N is reached by applying the first N.
const MIGRATION_FILES: &[(&str, &str)] = &[
    (
        "0001_init.sql",
        include_str!("../../../migrations/0001_init.sql"),
    ),
    (
        "0002_sections_and_tags.sql",
        include_str!("../../../migrations/0002_sections_and_tags.sql"),
    ),
    (
        "0003_photos.sql",
        include_str!("../../../migrations/0003_photos.sql"),
    ),
    (
        "0004_workflow.sql",
        include_str!("../../../migrations/0004_workflow.sql"),
    ),
    (
        "0005_comments.sql",
        include_str!("../../../migrations/0005_comments.sql"),
    ),
    (
        "0006_embargo.sql",
        include_str!("../../../migrations/0006_embargo.sql"),
    ),
    (
        "0007_export.sql",
        include_str!("../../../migrations/0007_export.sql"),
    ),
    (
        "0008_wire.sql",
        include_str!("../../../migrations/0008_wire.sql"),
    ),
];

static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| {
    Migrations::new(
        MIGRATION_FILES
            .iter()
            .map(|(name, sql)| M::up(sql).comment(name))
            .collect(),
    )
});

/// The schema version this build brings databases to.
pub(crate) fn supported_version() -> i64 {
    i64::try_from(MIGRATION_FILES.len()).unwrap_or(i64::MAX)
}

/// Opens `path`, checks it is a database this version may write, sets the durability pragmas
/// and applies the pending migrations.
pub(crate) fn open_and_migrate(path: &Path) -> StoreResult<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags)?;
    // Reading the header first: a damaged or foreign file fails here, before anything is written.
    let found = user_version(&conn)?;
    if found > supported_version() {
        return Err(StoreError::NewerSchema {
            found,
            supported: supported_version(),
        });
    }
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    let mode: String =
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        tracing::warn!(%mode, "the database could not switch to WAL mode");
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    MIGRATIONS.to_latest(&mut conn).map_err(|err| match err {
        rusqlite_migration::Error::RusqliteError { err, .. } => err.into(),
        other => StoreError::Migration(other),
    })?;
    Ok(conn)
}

/// Opens `path` read-only, without creating, migrating or changing anything (for `doctor`).
pub(crate) fn open_read_only(path: &Path) -> StoreResult<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    Ok(Connection::open_with_flags(path, flags)?)
}

/// The schema version recorded in the file.
pub(crate) fn user_version(conn: &Connection) -> StoreResult<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_migrations_are_valid() {
        assert!(MIGRATIONS.validate().is_ok());
    }
}
