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
    (
        "0009_outbox_lease.sql",
        include_str!("../../../migrations/0009_outbox_lease.sql"),
    ),
    (
        "0010_passphrase_failures.sql",
        include_str!("../../../migrations/0010_passphrase_failures.sql"),
    ),
    (
        "0011_approval_pin.sql",
        include_str!("../../../migrations/0011_approval_pin.sql"),
    ),
    (
        "0012_waiting_pictures.sql",
        include_str!("../../../migrations/0012_waiting_pictures.sql"),
    ),
    (
        "0013_body_documents.sql",
        include_str!("../../../migrations/0013_body_documents.sql"),
    ),
    (
        "0014_shared_desk.sql",
        include_str!("../../../migrations/0014_shared_desk.sql"),
    ),
    (
        "0015_desk_filing.sql",
        include_str!("../../../migrations/0015_desk_filing.sql"),
    ),
    (
        "0016_desk_posts.sql",
        include_str!("../../../migrations/0016_desk_posts.sql"),
    ),
    (
        "0017_desk_photos.sql",
        include_str!("../../../migrations/0017_desk_photos.sql"),
    ),
    (
        "0018_desk_sections.sql",
        include_str!("../../../migrations/0018_desk_sections.sql"),
    ),
    (
        "0019_desk_sites.sql",
        include_str!("../../../migrations/0019_desk_sites.sql"),
    ),
    (
        "0020_fields_away.sql",
        include_str!("../../../migrations/0020_fields_away.sql"),
    ),
    (
        "0021_desk_tags.sql",
        include_str!("../../../migrations/0021_desk_tags.sql"),
    ),
    (
        "0022_photo_fetch_patience.sql",
        include_str!("../../../migrations/0022_photo_fetch_patience.sql"),
    ),
    (
        "0023_desk_authors.sql",
        include_str!("../../../migrations/0023_desk_authors.sql"),
    ),
    (
        "0024_search_index_behind.sql",
        include_str!("../../../migrations/0024_search_index_behind.sql"),
    ),
    (
        "0025_body_removals.sql",
        include_str!("../../../migrations/0025_body_removals.sql"),
    ),
    (
        "0026_desk_revisions.sql",
        include_str!("../../../migrations/0026_desk_revisions.sql"),
    ),
    (
        "0027_desk_pushes.sql",
        include_str!("../../../migrations/0027_desk_pushes.sql"),
    ),
    (
        "0028_desk_tags_new.sql",
        include_str!("../../../migrations/0028_desk_tags_new.sql"),
    ),
    (
        "0029_newsroom_words.sql",
        include_str!("../../../migrations/0029_newsroom_words.sql"),
    ),
    (
        "0030_house_style.sql",
        include_str!("../../../migrations/0030_house_style.sql"),
    ),
    (
        "0031_desk_house_style.sql",
        include_str!("../../../migrations/0031_desk_house_style.sql"),
    ),
    (
        "0032_desk_kept_as_written.sql",
        include_str!("../../../migrations/0032_desk_kept_as_written.sql"),
    ),
];

/// The migration that brought the body's documents; each story already on the desk gets its
/// document, made from its text, in the same transaction.
const BODY_DOCUMENTS: &str = "0013_body_documents.sql";

/// The schema version from which stories have body documents.
pub(crate) const BODY_DOCUMENTS_VERSION: i64 = 13;

static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| {
    Migrations::new(
        MIGRATION_FILES
            .iter()
            .map(|&(name, sql)| {
                if name == BODY_DOCUMENTS {
                    M::up_with_hook(sql, |tx: &rusqlite::Transaction<'_>| {
                        let made = crate::body::begin_missing_documents(tx)?;
                        tracing::info!(stories = made, "each story's text became a document");
                        Ok(())
                    })
                    .comment(name)
                } else {
                    M::up(sql).comment(name)
                }
            })
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
    // The store prepares about a hundred statements by their text (`prepare_cached`); with
    // rusqlite's default of 16 kept, a desk round alone cycled through more than that and
    // parsed each of them again every round.
    conn.set_prepared_statement_cache_capacity(STATEMENTS_KEPT);
    if found > 0 && found < supported_version() {
        keep_a_copy_before_upgrading(&conn, path, found)?;
    }
    MIGRATIONS.to_latest(&mut conn).map_err(|err| match err {
        rusqlite_migration::Error::RusqliteError { err, .. } => err.into(),
        other => StoreError::Migration(other),
    })?;
    Ok(conn)
}

/// How many prepared statements a connection keeps, by their text.
const STATEMENTS_KEPT: usize = 256;

/// Writes a copy of the database as it is, at schema `found`, beside it in `backups/`
/// (`before-upgrade-from-<found>-<time>.sqlite`), before an upgrade changes anything: an
/// upgrade that turns out wrong can then be undone by hand. No copy, no upgrade.
fn keep_a_copy_before_upgrading(conn: &Connection, path: &Path, found: i64) -> StoreResult<()> {
    let folder = path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join("backups");
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let copy = folder.join(format!("before-upgrade-from-{found}-{stamp}.sqlite"));
    let written = std::fs::create_dir_all(&folder)
        .map_err(|err| err.to_string())
        .and_then(|()| {
            let mut target = Connection::open(&copy).map_err(|err| err.to_string())?;
            rusqlite::backup::Backup::new(conn, &mut target)
                .and_then(|backup| {
                    backup.run_to_completion(256, std::time::Duration::from_millis(5), None)
                })
                .map_err(|err| err.to_string())
        });
    match written {
        Ok(()) => {
            tracing::info!(copy = %copy.display(), "kept a copy of the database before upgrading it");
            Ok(())
        }
        Err(reason) => {
            let _ = std::fs::remove_file(&copy);
            Err(StoreError::BackupBeforeUpgrade(reason))
        }
    }
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
    fn stories_written_before_documents_get_one_from_their_text_and_a_copy_is_kept_first() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("newsroom.sqlite3");
        {
            let mut conn = Connection::open(&path).expect("open");
            MIGRATIONS.to_version(&mut conn, 12).expect("schema 12");
            conn.execute_batch(
                "INSERT INTO articles (id, headline, body, created_at, updated_at)
                 VALUES ('0192a0b0-0000-7000-8000-000000000001', 'Old', 'one\r\ntwo',
                         '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
                        ('0192a0b0-0000-7000-8000-000000000002', 'Empty', '',
                         '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
                 INSERT INTO revisions (id, article_id, kind, author, created_at, updated_at,
                     headline, standfirst, body, byline, editors_note, language, word_count)
                 VALUES ('0192a0b0-0000-7000-8000-0000000000a1',
                         '0192a0b0-0000-7000-8000-000000000001', 'created', 'Ana',
                         '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z',
                         'Old', '', 'one\r\ntwo', '', '', 'en', 2);",
            )
            .expect("a story from before");
        }
        let conn = open_and_migrate(&path).expect("upgrades");

        let (state, text, author): (Vec<u8>, String, String) = conn
            .query_row(
                "SELECT d.state, a.body, w.author FROM body_docs d
                 JOIN articles a ON a.id = d.article_id
                 JOIN body_writers w ON w.article_id = d.article_id
                 WHERE a.headline = 'Old'",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .expect("the old story has a document");
        let doc =
            newsroom_body::BodyDoc::load_stored(newsroom_body::Writer::new(), Some(&state), [])
                .expect("loads");
        assert_eq!(doc.text(), "one\ntwo");
        assert_eq!(text, doc.text(), "the stored text is the document's");
        assert_eq!(author, "Ana", "the genesis is the first author's");
        let documents: i64 = conn
            .query_row("SELECT count(*) FROM body_docs", [], |row| row.get(0))
            .expect("count");
        assert_eq!(documents, 2, "the empty story has one too");

        let copies: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
            .expect("a backups folder")
            .map(|entry| entry.expect("entry").path())
            .collect();
        assert_eq!(copies.len(), 1, "{copies:?}");
        let copy = Connection::open(&copies[0]).expect("the copy opens");
        assert_eq!(user_version(&copy).expect("version"), 12);
        let old_body: String = copy
            .query_row(
                "SELECT body FROM articles WHERE headline = 'Old'",
                [],
                |row| row.get(0),
            )
            .expect("the copy holds the story as it was");
        assert_eq!(old_body, "one\r\ntwo");
    }

    #[test]
    fn a_new_desk_keeps_no_copy_of_an_empty_database() {
        let dir = tempfile::tempdir().expect("tempdir");
        open_and_migrate(&dir.path().join("newsroom.sqlite3")).expect("creates");
        assert!(!dir.path().join("backups").exists());
    }

    #[test]
    fn the_migrations_are_valid() {
        assert!(MIGRATIONS.validate().is_ok());
    }

    /// A migration that has landed is never edited: databases out there already ran it. A
    /// change to the schema is a new file. Add a new file's hash here when it lands.
    #[test]
    fn landed_migrations_are_never_edited() {
        let pinned = [
            "79e3142647cc9b5cdf781a48834c952c9a3cc4b2d49c51743d63e2846f2963d2",
            "a9fe776eced69ea501e6bc676cb33f35336c6285bb040fcfe95f80112856b561",
            "b52888182d209741cce759eeadbadc31af47a5a8dc09ea665a3bd4e3b86d2ab2",
            "27cc99f9ff76572d819ad7026ba9e4c2c4425c8bf3729919995719089ee0d30f",
            "aa0989226a7fb98b9b42cd323e846748916b2419bc3199e23fb3b3d3e758adeb",
            "c4f69b2f3d7b7a0f06453c049bb255bc6f95f22022439f7d1636d652256e6d4b",
            "d183cb0b4b40e2d053529116d27124b60dcd0a48ef9d9e0b0c2c850804ce7e4f",
            "4601db798659a19bce099cbd9f71d858b300e33c4d0d2dbc2a398639814957c9",
            "11d74e38ad34c92be02b703c0d24e4332ef532060dc614e95f4be449ffa883ee",
            "997859ef87ece555b7f97a9d170abd64e037c480a63fca5d8176dbbac4d8b03d",
            "a585061e7e96791ef56be63721df730b279e3f49e782705003bff04d8c806762",
            "e0195d921d3fdb234fe76c2bdc218c3476f97fcaa84ba3e8c895f7ea360aa275",
            "0ae5939e270a3639ca8bf8db7e479efb5ab0d89bde0cb5dfb0a13709a174c092",
            "5823ae5edf8952eacdddabff0870cc393dd17e21a654bfa4ad47bfecf3eaaf32",
            "8a8b0cdfd072756056da06115c4657c056648417a6669fbdc060848d7bdc595e",
            "75ca5fbda1b1a113895b7906583e37234abb7f1de1fca216bfef52911ebd0af2",
            "a74d41b0534403e454c69179d0105e02e6fec8e3d53816a9d16daf8f8d664d3a",
            "8dba7d1378b6fa74929aecdb926203bfde7fbf45b8c4efe6d8d29c0c7ac4ded1",
            "3d7a2cddb340e722e39079e0c062d5038ef992669d473390d6eef5a1ca819bb4",
            "784caaf66456914a44d2b6381167141cddc9e0682bc5c2e5195fc446d8cfaa0f",
            "190bda1568073104c00911c9f21939ece4c195ee74fea857519ec09662544d70",
            "08aea57bebb93aa842cf2d0db7d564d7b8f5caae250759370ae4f26e72935dbc",
            "fce93c338141dab809f1527878ebae6cbb65f1617cf75667de076ed2744ff917",
            "b8fd8918550c3b56ce243c80a9b42d39df72c70c6325df48730f23c284aa5db8",
            "41a8be34045cf8d0c40d6cf6d9940df9c9c1410536d74bcaa66061ef45e7c70f",
            "bbd287b2a75741d753e0d50e7c475340cf621d6559610f9b218d26e1e8f40c71",
            "c5449f7a0a8a602beef38f7901326c31eab6a2d44135ccbdf48182231e0892a2",
            "ae55dddd924eb46c086b2b152b3592a05f1f8146878061a7b4a3ba0c1c7fa8e9",
            "8f589b622b32f02deeac0c4c805aa23f382eb6776d88ae8b1ef5547494d899d7",
            "46a08657a50a3b9394e0d89658396a238ba31907c84f0b9b88d23cb772d2a6ea",
            "cb8861c666da0b610b011fbc6343cbb661246bd6660a28083827577a3674bfe3",
            "ef783da188fc40a03c6f5a60357f51a2fae3b4ea166c1a0fb6ef0bfa860f05ed",
        ];
        assert_eq!(
            pinned.len(),
            MIGRATION_FILES.len(),
            "pin the new migration's hash"
        );
        for ((name, sql), hash) in MIGRATION_FILES.iter().zip(pinned) {
            assert_eq!(
                newsroom_media::sha256_hex(sql.as_bytes()),
                hash,
                "{name} has landed and must not change: add a new migration instead"
            );
        }
    }
}
