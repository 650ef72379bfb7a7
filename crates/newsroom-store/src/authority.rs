//! The store enforces the desk's authority rule ([`newsroom_core::authority::may`]) for every
//! action it decides, whoever calls: the window, the command line and the tests all go through
//! the same check here, never a copy of it.
//!
//! Who acts is the store's *actor*: the profile the caller authenticated
//! ([`Store::authenticate`]) and put at the desk with [`Store::set_actor`]. The window sets it
//! to the profile chosen in the profile switcher before every command; the command line to the
//! profile named by `--as`. A store with no actor may still read, write drafts and import, but
//! every decided act is refused with a sentence that says who may take it.

use newsroom_core::authority::{may, permissions, DeskAct, Permissions};
use newsroom_core::workflow::Role;

use crate::error::{StoreError, StoreResult};
use crate::{Profile, Store};

impl Store {
    /// Puts `profile` (authenticated by the caller) at the desk, or nobody.
    pub fn set_actor(&mut self, profile: Option<Profile>) {
        self.actor = profile;
    }

    /// The profile at the desk, if any.
    pub fn actor(&self) -> Option<&Profile> {
        self.actor.as_ref()
    }

    /// The role of the profile at the desk; a reporter's when nobody is there (writing a draft
    /// needs no profile, deciding anything does).
    pub fn actor_role(&self) -> Role {
        self.actor.as_ref().map_or(Role::Reporter, |p| p.role)
    }

    /// Who acts, as the trail names them, and their role: the profile at the desk, else
    /// "someone at the desk" as a reporter.
    pub(crate) fn acting_as(&self) -> (String, Role) {
        self.actor.as_ref().map_or_else(
            || ("someone at the desk".to_owned(), Role::Reporter),
            |p| (p.name.clone(), p.role),
        )
    }

    /// True while the desk has no profile at all (its first one will be its admin).
    pub fn desk_is_empty(&self) -> StoreResult<bool> {
        Ok(self
            .conn
            .query_row("SELECT NOT EXISTS (SELECT 1 FROM profiles)", [], |row| {
                row.get(0)
            })?)
    }

    /// Whether the profile at the desk may take `act`, or why not, in words.
    pub fn authorize(&self, act: DeskAct) -> StoreResult<()> {
        may(
            self.actor.as_ref().map(|p| p.role),
            act,
            self.desk_is_empty()?,
        )
        .map_err(|refusal| StoreError::Workflow(refusal.to_string()))
    }

    /// What the profile at the desk may do, by the rules the store enforces: what the window
    /// asks to decide which actions to offer.
    pub fn permissions(&self) -> StoreResult<Permissions> {
        Ok(permissions(
            self.actor.as_ref().map(|p| p.role),
            self.desk_is_empty()?,
            self.edit_after_approval()?,
        ))
    }
}
