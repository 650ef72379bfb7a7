//! What the store's tests share.

use chrono::Utc;
use newsroom_core::workflow::Role;
use newsroom_store::Store;

/// The passphrase of the test desk's admin.
pub const ADMIN_PASSPHRASE: &str = "staple battery horse";

/// `store` with its admin at the desk (made first when the desk is empty), for the tests that
/// are not about who may do what.
pub fn as_admin(mut store: Store) -> Store {
    if store.desk_is_empty().expect("profiles") {
        store
            .create_profile(
                "Desk Admin",
                "",
                Role::Admin,
                Some(ADMIN_PASSPHRASE),
                Utc::now(),
            )
            .expect("the first profile is the admin");
    }
    let admin = store
        .authenticate("Desk Admin", Some(ADMIN_PASSPHRASE))
        .expect("admin");
    store.set_actor(Some(admin));
    store
}
