//! Adding a WordPress target with its password, and "Test connection": the same for the
//! window and the command line.

use chrono::{DateTime, Utc};
use newsroom_core::desk::PublishLedger;
use newsroom_core::outbox::{Target, TargetKind};

use crate::keychain::{Keychain, KeychainKind};
use crate::push::check_folder;
use crate::wordpress::{check_site_url, WordPress};

/// How long "Test connection" waits for the site.
const TEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

/// Adds a WordPress target and puts its application password in the keychain (never in the
/// database); a target whose password cannot be kept is not added. Says where it is kept.
pub fn add_wordpress_target<D: PublishLedger + ?Sized>(
    store: &mut D,
    name: &str,
    url: &str,
    user: &str,
    password: &str,
    now: DateTime<Utc>,
) -> Result<(Target, KeychainKind), String> {
    let url = check_site_url(url).map_err(|e| e.to_string())?;
    if password.trim().is_empty() {
        return Err(
            "Give the application password (WordPress: Users › Profile › Application Passwords)."
                .into(),
        );
    }
    let target = store
        .add_target(name, &url, user, now)
        .map_err(|e| e.to_string())?;
    match Keychain.store(target.id, password.trim()) {
        Ok(kind) => Ok((target, kind)),
        Err(err) => {
            let _ = store.remove_target(target.id);
            Err(err.to_string())
        }
    }
}

/// Gives this person's WordPress user and application password for a site (one that came from
/// the shared desk arrives without them): the user in the desk's list of targets, the password
/// in the keychain, never in the database. Says where the password is kept.
pub fn give_wordpress_login<D: PublishLedger + ?Sized>(
    store: &mut D,
    target: &Target,
    user: &str,
    password: &str,
) -> Result<KeychainKind, String> {
    if target.kind != TargetKind::WordPress {
        return Err(format!(
            "\"{}\" is a folder: it needs no login.",
            target.name
        ));
    }
    if password.trim().is_empty() {
        return Err(
            "Give the application password (WordPress: Users › Profile › Application Passwords)."
                .into(),
        );
    }
    store
        .set_target_user(target.id, user)
        .map_err(|e| e.to_string())?;
    Keychain
        .store(target.id, password.trim())
        .map_err(|e| e.to_string())
}

/// "Test connection": for a site, the address, the password and the user's role; for a
/// folder, whether a file can be written there. The answer in words either way.
pub fn test_target(target: &Target) -> Result<String, String> {
    if target.kind == TargetKind::Folder {
        return check_folder(&target.url);
    }
    let password = Keychain.password(target.id).map_err(|e| e.to_string())?;
    WordPress::new(&target.url, &target.username, &password, TEST_TIMEOUT)
        .and_then(|site| site.test_connection())
        .map_err(|e| e.to_string())
}
