//! Who is at the desk, and which story each has open ("Anna is editing"). A laptop says where
//! it is ([`announce`]) when the open story changes and every [`HEARTBEAT`]; the desk tells
//! every listening laptop that presence moved (the word "presence" on the feed channel, never
//! who or where), and each asks [`who_is_here`], which shows the story another has open only
//! to those who may see it.

use std::time::Duration;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::{Connection, SharedDeskError};

/// How often a laptop says it is still here (the desk forgets a person after a minute).
pub const HEARTBEAT: Duration = Duration::from_secs(20);

/// The payload of a presence notification on the feed channel.
pub const PRESENCE_NOTICE: &str = "presence";

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
}

/// Says this person is at the desk with `story` open (or none).
pub async fn announce(desk: &Connection, story: Option<Uuid>) -> Result<(), SharedDeskError> {
    desk.client
        .execute("SELECT desk.here($1)", &[&story])
        .await?;
    Ok(())
}

/// Says this person left the desk.
pub async fn leave(desk: &Connection) -> Result<(), SharedDeskError> {
    desk.client.execute("SELECT desk.away()", &[]).await?;
    Ok(())
}

/// Who is at the desk now, by name.
pub async fn who_is_here(desk: &Connection) -> Result<Vec<Present>, SharedDeskError> {
    Ok(desk
        .client
        .query(
            "SELECT person, name, story, seen_at FROM desk.who_is_here()",
            &[],
        )
        .await?
        .iter()
        .map(|row| Present {
            person: row.get(0),
            name: row.get(1),
            story: row.get(2),
            seen_at: row.get(3),
        })
        .collect())
}
