//! The state every command shares: the store (opened lazily again after a failure), the data
//! folder, and who is at the desk (the profile chosen in the window, whose name signs
//! revisions; the OS user's name until one is chosen).

use std::path::PathBuf;
use std::sync::Mutex;

use newsroom_store::{Profile, Store, StoreResult};

use crate::error::CommandError;

/// Shared by all commands.
pub struct DeskState {
    data_dir: PathBuf,
    /// The open store, or `None` while it cannot be opened (each command tries again).
    store: Mutex<Option<Store>>,
    /// The last reason the store could not be opened, for the start screen.
    open_error: Mutex<Option<String>>,
    /// Who revisions are attributed to until a profile is chosen (the OS user's name).
    os_user: String,
    /// The profile at the desk, authenticated when it was chosen. Workflow commands act as it,
    /// never as a profile a call names, so a crafted IPC call cannot claim another role.
    profile: Mutex<Option<Profile>>,
    _log_guard: Option<tracing_appender::non_blocking::WorkerGuard>,
}

impl DeskState {
    /// Opens the store in `data_dir`; a failure is remembered, not fatal.
    pub fn open(
        data_dir: PathBuf,
        author: String,
        log_guard: Option<tracing_appender::non_blocking::WorkerGuard>,
    ) -> Self {
        let state = Self {
            data_dir,
            store: Mutex::new(None),
            open_error: Mutex::new(None),
            os_user: author,
            profile: Mutex::new(None),
            _log_guard: log_guard,
        };
        let _ = state.with_store(|_| Ok(()));
        state
    }

    /// The name revisions are signed with: the profile's, else the OS user's.
    pub fn author(&self) -> String {
        self.profile()
            .map_or_else(|| self.os_user.clone(), |profile| profile.name)
    }

    /// The profile at the desk, if one was chosen.
    pub fn profile(&self) -> Option<Profile> {
        self.profile
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// The profile at the desk, or a sentence asking for one before `to_do` ("send a story to
    /// a site"). What the profile may do is the store's rule, not this.
    pub fn at_desk(&self, to_do: &str) -> Result<Profile, CommandError> {
        self.profile().ok_or_else(|| CommandError {
            code: crate::error::ErrorCode::Failed,
            message: format!("Choose your profile first to {to_do}."),
        })
    }

    /// Puts `profile` (already authenticated) at the desk.
    pub fn set_profile(&self, profile: Option<Profile>) {
        *self
            .profile
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = profile;
    }

    /// The data folder.
    pub fn data_dir(&self) -> &std::path::Path {
        &self.data_dir
    }

    /// Why the store could not be opened last time, if it could not.
    pub fn open_error(&self) -> Option<String> {
        self.open_error
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Runs `operation` on the store, opening it first if it is not open yet.
    pub fn with_store<T>(
        &self,
        operation: impl FnOnce(&mut Store) -> StoreResult<T>,
    ) -> Result<T, CommandError> {
        let mut slot = self
            .store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let store = match &mut *slot {
            Some(store) => store,
            empty => match Store::open(&self.data_dir) {
                Ok(store) => {
                    *self
                        .open_error
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner) = None;
                    empty.insert(store)
                }
                Err(err) => {
                    let err = CommandError::from(err);
                    *self
                        .open_error
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner) =
                        Some(err.message.clone());
                    return Err(err);
                }
            },
        };
        // The store decides what the profile at the desk may do (newsroom_core::authority).
        store.set_actor(self.profile());
        operation(store).map_err(CommandError::from)
    }
}
