//! Application passwords in the OS keychain, never in SQLite, config files or logs.
//!
//! On Linux the desktop keychain is the Secret Service (GNOME Keyring, KWallet). A machine
//! without one (a server, CI, a desktop without a keyring daemon) falls back to the kernel's
//! key store (keyutils): the password is held by the kernel in memory, readable only by this
//! user, never written to disk, and forgotten at a restart (or after a few days unused), when
//! the desk asks for it again. [`Keychain::kind`] says which one holds a password, so the
//! desk can say so.

use keyring::Entry;
use uuid::Uuid;

/// The service name entries are kept under.
const SERVICE: &str = "org.newsroom.desk";

/// Which store holds the passwords.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeychainKind {
    /// The desktop keychain (Secret Service, macOS Keychain, Windows Credential Manager).
    Desktop,
    /// The Linux kernel's key store: in memory only, gone after a restart.
    KernelMemory,
}

impl KeychainKind {
    /// In words, for "Password kept in …".
    pub fn describe(self) -> &'static str {
        match self {
            KeychainKind::Desktop => "the system keychain",
            KeychainKind::KernelMemory => {
                "the kernel's key store (no desktop keychain runs here): kept in memory only, \
                 so it must be entered again after a restart"
            }
        }
    }
}

/// Why a password could not be kept or read.
#[derive(Debug, thiserror::Error)]
pub enum KeychainError {
    /// No password is stored for the target.
    #[error("No password is stored for this target on this computer (a restart clears it where no desktop keychain runs). Enter the application password again in Settings, or with `newsroom targets add`.")]
    Missing,
    /// No keychain could be used at all.
    #[error("The password could not be kept in a keychain: {0}")]
    Unavailable(String),
}

/// The keychain entries of the desk's targets.
#[derive(Debug, Clone, Copy, Default)]
pub struct Keychain;

fn account(target: Uuid) -> String {
    format!("target-{target}")
}

/// A store that holds a password, or says why it cannot.
trait PasswordStore {
    fn set(&self, password: &str) -> Result<(), String>;
    fn get(&self) -> Option<String>;
    fn delete(&self);
}

impl PasswordStore for keyring::Result<Entry> {
    fn set(&self, password: &str) -> Result<(), String> {
        match self {
            Ok(entry) => entry.set_password(password).map_err(|e| e.to_string()),
            Err(err) => Err(err.to_string()),
        }
    }

    fn get(&self) -> Option<String> {
        self.as_ref().ok()?.get_password().ok()
    }

    fn delete(&self) {
        if let Ok(entry) = self {
            let _ = entry.delete_credential();
        }
    }
}

/// The Linux kernel's key store: the user's persistent keyring, reached through this process's
/// session keyring. (keyring's own keyutils store adds to the session keyring by its number,
/// which a process without a login session may not write to.)
#[cfg(target_os = "linux")]
struct KernelKeyring {
    description: String,
}

#[cfg(target_os = "linux")]
impl KernelKeyring {
    fn keyring() -> Result<linux_keyutils::KeyRing, linux_keyutils::KeyError> {
        use linux_keyutils::{KeyRing, KeyRingIdentifier};
        KeyRing::from_special_id(KeyRingIdentifier::Session, true)?;
        KeyRing::get_persistent(KeyRingIdentifier::Session)
    }
}

#[cfg(target_os = "linux")]
impl PasswordStore for KernelKeyring {
    fn set(&self, password: &str) -> Result<(), String> {
        Self::keyring()
            .and_then(|ring| ring.add_key(&self.description, password))
            .map(|_| ())
            .map_err(|e| format!("kernel key store: {e}"))
    }

    fn get(&self) -> Option<String> {
        let key = Self::keyring().ok()?.search(&self.description).ok()?;
        String::from_utf8(key.read_to_vec().ok()?).ok()
    }

    fn delete(&self) {
        if let Ok(key) = Self::keyring().and_then(|ring| ring.search(&self.description)) {
            let _ = key.invalidate();
        }
    }
}

#[cfg(target_os = "linux")]
fn entries(user: &str) -> Vec<(KeychainKind, Box<dyn PasswordStore>)> {
    use keyring::secret_service::SsCredential;
    vec![
        (
            KeychainKind::Desktop,
            Box::new(
                SsCredential::new_with_target(None, SERVICE, user)
                    .map(|c| Entry::new_with_credential(Box::new(c))),
            ),
        ),
        (
            KeychainKind::KernelMemory,
            Box::new(KernelKeyring {
                description: format!("{SERVICE}:{user}"),
            }),
        ),
    ]
}

#[cfg(not(target_os = "linux"))]
fn entries(user: &str) -> Vec<(KeychainKind, Box<dyn PasswordStore>)> {
    vec![(KeychainKind::Desktop, Box::new(Entry::new(SERVICE, user)))]
}

impl Keychain {
    /// Keeps `password` for `target` in the first keychain that works; says which.
    pub fn store(self, target: Uuid, password: &str) -> Result<KeychainKind, KeychainError> {
        self.store_secret(&account(target), password)
    }

    /// The password of `target`, from whichever keychain holds it.
    pub fn password(self, target: Uuid) -> Result<String, KeychainError> {
        self.secret(&account(target))
    }

    /// Where `target`'s password is kept, if anywhere.
    pub fn kind(self, target: Uuid) -> Option<KeychainKind> {
        entries(&account(target))
            .into_iter()
            .find(|(_, store)| store.get().is_some())
            .map(|(kind, _)| kind)
    }

    /// Forgets `target`'s password everywhere.
    pub fn forget(self, target: Uuid) {
        self.forget_secret(&account(target));
    }

    /// Keeps the secret named `name` (the shared desk's password is `desk-LOGIN@ADDRESS`) in
    /// the first keychain that works; says which.
    pub fn store_secret(self, name: &str, secret: &str) -> Result<KeychainKind, KeychainError> {
        let mut reasons = Vec::new();
        for (kind, store) in entries(name) {
            match store.set(secret) {
                Ok(()) => {
                    tracing::info!(%name, keychain = ?kind, "password stored");
                    return Ok(kind);
                }
                Err(reason) => reasons.push(reason),
            }
        }
        Err(KeychainError::Unavailable(reasons.join("; ")))
    }

    /// The secret named `name`, from whichever keychain holds it.
    pub fn secret(self, name: &str) -> Result<String, KeychainError> {
        entries(name)
            .into_iter()
            .find_map(|(_, store)| store.get())
            .ok_or(KeychainError::Missing)
    }

    /// Forgets the secret named `name` everywhere.
    pub fn forget_secret(self, name: &str) {
        for (_, store) in entries(name) {
            store.delete();
        }
    }
}
