//! The newsroom's WordPress sites on the shared desk: this laptop's changes to the list, and
//! the desk's taken here.
//!
//! A site travels as its address and the name the desk calls it; the WordPress user and the
//! application password stay each person's own, on their laptop. A site that comes from the desk
//! becomes a target here with no user yet: the editor gives theirs once
//! ([`Store::set_target_user`], with the password put in the keychain by the caller), and pushes
//! from then on. Changes made here wait in `desk_sites_dirty` (kept by triggers) until the desk
//! took them; a site changed here and not yet sent is left as it is here.

use chrono::{DateTime, Utc};
use newsroom_core::authority::DeskAct;
use newsroom_core::outbox::site_key;
use newsroom_core::vocabulary::name_key;
use rusqlite::{params, OptionalExtension, Transaction};
use uuid::Uuid;

use crate::error::{StoreError, StoreResult};
use crate::sql_id::SqlId;
use crate::{time, Store};

/// A site as the desk lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskSite {
    /// Its address ([`site_key`]).
    pub site: String,
    /// What the desk calls it.
    pub name: String,
    /// Removed from the desk's list.
    pub removed: bool,
}

impl Store {
    /// The sites added, renamed or removed here that the desk has not taken yet.
    pub fn desk_sites_to_send(&self) -> StoreResult<Vec<DeskSite>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT site, name, removed FROM desk_sites_dirty ORDER BY site")?;
        let rows = statement.query_map([], |row| {
            Ok(DeskSite {
                site: row.get(0)?,
                name: row.get(1)?,
                removed: row.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The desk took (or, not this person's to change, refused) the change of `site`.
    pub fn desk_site_sent(&mut self, site: &str) -> StoreResult<()> {
        self.conn
            .prepare_cached("DELETE FROM desk_sites_dirty WHERE site = ?1")?
            .execute([site])?;
        Ok(())
    }

    /// Sets the WordPress user this person pushes to target `id` as (the caller keeps the
    /// application password in the keychain under the target's id). Anyone who may send stories
    /// may give their own: a site that came from the shared desk arrives without one.
    pub fn set_target_user(&mut self, id: Uuid, username: &str) -> StoreResult<()> {
        self.authorize(DeskAct::Push)?;
        let username = username.trim();
        if username.is_empty() || username.chars().count() > 200 {
            return Err(StoreError::Workflow(
                "Give the WordPress user name the application password belongs to.".into(),
            ));
        }
        let changed = self
            .conn
            .prepare_cached(
                "UPDATE targets SET username = ?2 WHERE id = ?1 AND kind = 'wordpress'",
            )?
            .execute(params![SqlId(id), username])?;
        if changed == 0 {
            return Err(StoreError::NotFound {
                what: "WordPress site",
                id,
            });
        }
        Ok(())
    }
}

/// Takes the desk's sites: a new one becomes a target here (no user yet), a renamed one is
/// renamed, a removed one goes when nothing waits to be sent to it. A site changed here and not
/// sent yet is left as it is here.
pub(crate) fn apply_desk_sites(
    tx: &Transaction<'_>,
    sites: &[DeskSite],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    for site in sites {
        let waiting_here: bool = tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM desk_sites_dirty WHERE site = ?1)")?
            .query_row([&site.site], |row| row.get(0))?;
        if waiting_here || !is_site_address(&site.site) {
            continue;
        }
        let here = wordpress_targets_on(tx, &site.site)?.into_iter().next();
        match (here, site.removed) {
            (Some((id, _)), true) => {
                if crate::outbox::exports_waiting_for(tx, id)? == 0 {
                    crate::outbox::delete_target(tx, id)?;
                }
            }
            (None, true) => {}
            (Some((id, name)), false) => {
                if name != site.name {
                    if let Some(free) = free_name(tx, &site.name, &site.site, Some(id))? {
                        tx.prepare_cached(
                            "UPDATE targets SET name = ?2, name_key = ?3 WHERE id = ?1",
                        )?
                        .execute(params![
                            SqlId(id),
                            free,
                            name_key(&free)
                        ])?;
                    }
                }
            }
            (None, false) => {
                if let Some(free) = free_name(tx, &site.name, &site.site, None)? {
                    tx.prepare_cached(
                        "INSERT INTO targets (id, name, name_key, kind, url, username, format,
                                              created_at)
                         VALUES (?1, ?2, ?3, 'wordpress', ?4, '', '', ?5)",
                    )?
                    .execute(params![
                        SqlId(Uuid::now_v7()),
                        free,
                        name_key(&free),
                        site.site,
                        time::encode(now)
                    ])?;
                }
            }
        }
        // The desk's own change is no change of this laptop's to send back.
        tx.prepare_cached("DELETE FROM desk_sites_dirty WHERE site = ?1")?
            .execute([&site.site])?;
    }
    Ok(())
}

/// An address a site may have: http(s), a host, no query, no part after #, no spaces.
fn is_site_address(site: &str) -> bool {
    let Some(rest) = site
        .strip_prefix("https://")
        .or_else(|| site.strip_prefix("http://"))
    else {
        return false;
    };
    !rest.is_empty()
        && site.len() <= 2000
        && !rest.starts_with('/')
        && !rest
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '?' || c == '#')
}

/// This laptop's WordPress targets on `site` ([`site_key`]), with their names.
pub(crate) fn wordpress_targets_on(
    conn: &rusqlite::Connection,
    site: &str,
) -> StoreResult<Vec<(Uuid, String)>> {
    let mut statement =
        conn.prepare_cached("SELECT id, name, url FROM targets WHERE kind = 'wordpress'")?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get::<_, SqlId>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
        ))
    })?;
    let mut found = Vec::new();
    for row in rows {
        let (SqlId(id), name, url) = row?;
        if site_key(&url) == site {
            found.push((id, name));
        }
    }
    Ok(found)
}

/// `wanted` when no other target here has it, else the name with the site's host after it;
/// `None` when even that is taken (or `wanted` is no name).
fn free_name(
    tx: &Transaction<'_>,
    wanted: &str,
    site: &str,
    except: Option<Uuid>,
) -> StoreResult<Option<String>> {
    let Ok(wanted) = newsroom_core::vocabulary::clean_term_name("target name", wanted) else {
        return Ok(None);
    };
    let host = site
        .split("://")
        .nth(1)
        .unwrap_or(site)
        .split('/')
        .next()
        .unwrap_or(site);
    for candidate in [wanted.clone(), format!("{wanted} ({host})")] {
        let holder: Option<SqlId> = tx
            .prepare_cached("SELECT id FROM targets WHERE name_key = ?1")?
            .query_row([name_key(&candidate)], |row| row.get(0))
            .optional()?;
        if holder.is_none_or(|SqlId(holder)| Some(holder) == except) {
            return Ok(Some(candidate));
        }
    }
    Ok(None)
}
