//! Who is at the desk, which story each has open ("Anna is editing") and, on a desk of schema 6
//! or newer, where their cursor is in it. A laptop says where it is ([`announce_at`]) when the
//! open story or the cursor changes and every [`HEARTBEAT`]; the desk tells every listening
//! laptop that presence moved (the word "presence" on the feed channel, never who or where) or
//! that a cursor moved in a story ("cursor:<id>", for the laptops with that story open), and
//! each asks [`who_is_where`], which shows the story another has open, and their cursor in it,
//! only to those who may see it. [`announce`] and [`who_is_here`] are the same for older desks.

use std::time::Duration;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::{Connection, SharedDeskError};

/// How often a laptop says it is still here (the desk forgets a person after a minute).
pub const HEARTBEAT: Duration = Duration::from_secs(20);

/// The payload of a presence notification on the feed channel.
pub const PRESENCE_NOTICE: &str = "presence";

/// What a notification that a cursor moved starts with; the story's id follows.
pub const CURSOR_NOTICE: &str = "cursor:";

/// The desk schema that knows cursors (`schema/0006_cursors.sql`).
pub const CURSORS_SCHEMA: i32 = 6;

/// The story a cursor notification names, if `payload` is one.
pub fn cursor_moved_in(payload: &str) -> Option<Uuid> {
    payload
        .strip_prefix(CURSOR_NOTICE)
        .and_then(|id| Uuid::parse_str(id).ok())
}

/// A person at the desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Present {
    /// Their id on the desk.
    pub person: Uuid,
    /// Their name.
    pub name: String,
    /// The story they have open, when it is the caller's to see.
    pub story: Option<Uuid>,
    /// When they last said so.
    pub seen_at: DateTime<Utc>,
    /// Their cursor in that story (a yjs relative position), when they are in its text.
    pub cursor: Option<Vec<u8>>,
}

/// Says this person is at the desk with `story` open (or none).
pub async fn announce(desk: &Connection, story: Option<Uuid>) -> Result<(), SharedDeskError> {
    desk.client
        .execute("SELECT desk.here($1)", &[&story])
        .await?;
    Ok(())
}

/// Says this person is at the desk with `story` open (or none), their cursor at `cursor` in
/// its text (a desk of schema [`CURSORS_SCHEMA`] or newer).
pub async fn announce_at(
    desk: &Connection,
    story: Option<Uuid>,
    cursor: Option<&[u8]>,
) -> Result<(), SharedDeskError> {
    desk.client
        .execute("SELECT desk.here_at($1, $2)", &[&story, &cursor])
        .await?;
    Ok(())
}

/// Who is at the desk now, where, and with their cursor where (a desk of schema
/// [`CURSORS_SCHEMA`] or newer).
pub async fn who_is_where(desk: &Connection) -> Result<Vec<Present>, SharedDeskError> {
    present(
        desk,
        "SELECT person, name, story, seen_at, cursor FROM desk.who_is_where()",
    )
    .await
}

/// The people `sql` lists (person, name, story, seen_at, cursor).
async fn present(desk: &Connection, sql: &str) -> Result<Vec<Present>, SharedDeskError> {
    Ok(desk
        .client
        .query(sql, &[])
        .await?
        .iter()
        .map(|row| Present {
            person: row.get(0),
            name: row.get(1),
            story: row.get(2),
            seen_at: row.get(3),
            cursor: row.get(4),
        })
        .collect())
}

/// Says this person left the desk.
pub async fn leave(desk: &Connection) -> Result<(), SharedDeskError> {
    desk.client.execute("SELECT desk.away()", &[]).await?;
    Ok(())
}

/// Who is at the desk now, by name (no cursors: a desk older than schema [`CURSORS_SCHEMA`]).
pub async fn who_is_here(desk: &Connection) -> Result<Vec<Present>, SharedDeskError> {
    present(
        desk,
        "SELECT person, name, story, seen_at, NULL::bytea FROM desk.who_is_here()",
    )
    .await
}
