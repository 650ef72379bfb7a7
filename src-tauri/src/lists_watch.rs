//! Tells the window when what its lists and panels show changed, wherever the change was made:
//! a second window on the same folder, the command line, the shared desk's sync, the wire
//! folder, or this window's own move. A thread of its own, on a connection of its own, asks
//! the store's [`newsroom_store::ListsWatch`] a few times a second; the window reads its lists
//! again when it hears. Typing alone is not announced (see that type).

use std::path::PathBuf;
use std::time::Duration;

use newsroom_store::{ListsWatch, Store};
use tauri::{AppHandle, Emitter};

/// How often the watch looks: a change shows within about this long.
const POLL: Duration = Duration::from_millis(400);
/// The event the window hears when its lists may show something new (no payload).
pub const LISTS_CHANGED_EVENT: &str = "lists-changed";

/// Starts the watch over the database in `data_dir`.
pub fn start(data_dir: PathBuf, app: AppHandle) {
    let spawned = std::thread::Builder::new()
        .name("lists-watch".into())
        .spawn(move || {
            crate::in_the_background();
            let mut store: Option<Store> = None;
            let mut watch = ListsWatch::default();
            loop {
                std::thread::sleep(POLL);
                if store.is_none() {
                    store = Store::open(&data_dir).ok();
                    watch = ListsWatch::default();
                }
                let Some(opened) = store.as_ref() else {
                    continue;
                };
                match watch.changed(opened) {
                    Ok(true) => {
                        let _ = app.emit_to("main", LISTS_CHANGED_EVENT, ());
                    }
                    Ok(false) => {}
                    // The folder went away or the disk failed: open it again next time.
                    Err(err) => {
                        tracing::warn!(%err, "the lists watch lost its connection");
                        store = None;
                    }
                }
            }
        });
    if let Err(err) = spawned {
        tracing::error!(%err, "the lists watch could not start");
    }
}
