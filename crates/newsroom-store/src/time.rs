//! Timestamps are stored as RFC 3339 text in UTC with milliseconds ("2026-11-25T14:03:22.123Z"):
//! readable in any SQLite tool and sortable as text.

use chrono::{DateTime, SecondsFormat, Utc};

use crate::error::StoreError;

/// The stored form of `at`.
pub(crate) fn encode(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Reads a stored timestamp.
pub(crate) fn decode(text: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|err| StoreError::BadRow(format!("timestamp {text:?}: {err}")))
}

/// Reads an optional stored timestamp.
pub(crate) fn decode_opt(text: Option<&str>) -> Result<Option<DateTime<Utc>>, StoreError> {
    text.map(decode).transpose()
}
