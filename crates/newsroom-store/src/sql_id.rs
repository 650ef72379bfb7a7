//! UUIDs are stored as their hyphenated text, so the database reads well in any SQLite tool and
//! the ids in it match those printed by `newsroom articles list`.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSqlOutput, ValueRef};
use rusqlite::ToSql;
use uuid::Uuid;

/// A UUID as an SQL text value.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SqlId(pub Uuid);

impl ToSql for SqlId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0.hyphenated().to_string()))
    }
}

impl FromSql for SqlId {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        Uuid::parse_str(text)
            .map(SqlId)
            .map_err(|err| FromSqlError::Other(Box::new(err)))
    }
}
