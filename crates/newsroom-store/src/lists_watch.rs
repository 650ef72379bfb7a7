//! Whether what the window's lists and panels show may have changed, whoever changed it: this
//! window, a second window on the same folder, the command line, the shared desk's sync or the
//! wire folder. Each of those writes through its own connection, so no single caller can
//! announce every change; a watcher on a connection of its own asks SQLite instead.
//!
//! Two steps keep the watch nearly free. `PRAGMA data_version` moves when any other
//! connection committed, and costs no read; only then is a fingerprint of what the lists show
//! taken (each story's state, headline, embargo and place in the Trash; the trail; comments
//! and their resolving; people; sections; the house style, the newsroom's dictionary and the
//! places marked as correct, which the underlines follow). Body text, word counts and save times are left
//! out: a window typing commits every second or so, and its own list follows its saves
//! already, so typing alone never sets the other views reloading.

use std::hash::{DefaultHasher, Hash, Hasher};

use rusqlite::types::ValueRef;

use crate::error::StoreResult;
use crate::Store;

/// A watch over one store's connection (open it only to watch: its own writes are not seen).
#[derive(Debug, Default)]
pub struct ListsWatch {
    data_version: Option<i64>,
    fingerprint: Option<u64>,
}

impl ListsWatch {
    /// True when what the lists show changed since the last call (never on the first, which
    /// takes the starting point).
    pub fn changed(&mut self, store: &Store) -> StoreResult<bool> {
        let version = store.data_version()?;
        if self.data_version == Some(version) {
            return Ok(false);
        }
        self.data_version = Some(version);
        let fingerprint = store.lists_fingerprint()?;
        let before = self.fingerprint.replace(fingerprint);
        Ok(before.is_some_and(|before| before != fingerprint))
    }
}

impl Store {
    /// SQLite's count of commits by other connections, as this one has seen them.
    fn data_version(&self) -> StoreResult<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |row| row.get(0))?)
    }

    /// A hash of what the lists and panels show, body text and save times left out.
    fn lists_fingerprint(&self) -> StoreResult<u64> {
        let mut hasher = DefaultHasher::new();
        for sql in [
            "SELECT id, status, headline, embargo_until, trashed_at FROM articles ORDER BY id",
            "SELECT article_id, section_id, is_primary FROM article_sections
              ORDER BY article_id, section_id",
            "SELECT id, name, retired_at FROM sections ORDER BY id",
            "SELECT (SELECT count(*) FROM workflow_events), (SELECT count(*) FROM comments),
                    (SELECT count(resolved_at) FROM comments), (SELECT count(*) FROM profiles),
                    (SELECT coalesce(max(seq), 0) FROM house_style_changes),
                    (SELECT count(*) FROM newsroom_words), (SELECT count(*) FROM marked_correct)",
        ] {
            let mut statement = self.conn.prepare_cached(sql)?;
            let columns = statement.column_count();
            let mut rows = statement.query([])?;
            while let Some(row) = rows.next()? {
                for column in 0..columns {
                    match row.get_ref(column)? {
                        ValueRef::Null => 0u8.hash(&mut hasher),
                        ValueRef::Integer(number) => number.hash(&mut hasher),
                        ValueRef::Real(number) => number.to_bits().hash(&mut hasher),
                        ValueRef::Text(bytes) | ValueRef::Blob(bytes) => bytes.hash(&mut hasher),
                    }
                }
            }
        }
        Ok(hasher.finish())
    }
}
