//! The wire's background thread, on its own database connection so that neither waits on the
//! window's store: every few seconds it imports the files that appeared or changed in the
//! watched folder, and fetches the wire pictures whose next try has come (kept waiting when
//! the network was away; see `newsroom_store::waiting_pictures`). The window is told of each.
//! The same version of an item is never imported twice (the store recognises it), so a
//! restart, a file copied twice or an agency re-sending changes nothing.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use chrono::Utc;
use newsroom_store::{ImportOutcome, Store};
use tauri::{AppHandle, Emitter};

/// How often the folder is looked at.
const POLL: Duration = Duration::from_secs(3);
/// The event the window hears for each file imported or refused (payload: the outcome).
pub const WIRE_EVENT: &str = "wire-imported";
/// The event the window hears for each waiting picture tried (payload: a `PictureArrival`).
pub const PICTURE_EVENT: &str = "wire-picture";

/// True for the files the desk imports: `.json` and `.xml`.
pub fn is_wire_file(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json") || e.eq_ignore_ascii_case("xml"))
}

/// Starts the watcher over the database in `data_dir`.
pub fn start(data_dir: PathBuf, app: AppHandle) {
    let spawned = std::thread::Builder::new()
        .name("wire-folder".into())
        .spawn(move || {
            crate::in_the_background();
            let mut store: Option<Store> = None;
            // (size, modified) of each file already looked at, so an unchanged file is not
            // read again every few seconds.
            let mut seen: HashMap<PathBuf, (u64, Option<SystemTime>)> = HashMap::new();
            loop {
                std::thread::sleep(POLL);
                if store.is_none() {
                    store = Store::open(&data_dir).ok();
                }
                let Some(opened) = store.as_mut() else { continue };
                fetch_due_pictures(opened, &app);
                let Ok(Some(folder)) = opened.watched_folder() else { continue };
                let Ok(entries) = std::fs::read_dir(&folder) else { continue };
                let mut files: Vec<PathBuf> = entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| is_wire_file(p))
                    .collect();
                files.sort();
                for file in files {
                    // Links are looked at, not followed: the import refuses them in words.
                    let Ok(meta) = std::fs::symlink_metadata(&file) else { continue };
                    let stamp = (meta.len(), meta.modified().ok());
                    if seen.get(&file) == Some(&stamp) {
                        continue;
                    }
                    // A file still being copied in is read next time.
                    if meta.modified().ok().and_then(|m| m.elapsed().ok()).is_some_and(|age| age < Duration::from_secs(1)) {
                        continue;
                    }
                    seen.insert(file.clone(), stamp);
                    let outcome = opened.import_wire_file(&file, newsroom_files::Links::Refuse, "wire folder", Utc::now(), &newsroom_publish::fetch_picture);
                    if !matches!(outcome, ImportOutcome::AlreadyImported { .. }) {
                        tracing::info!(file = %file.display(), outcome = %outcome.message(), "wire folder");
                        let _ = app.emit_to("main", WIRE_EVENT, outcome);
                    }
                }
            }
        });
    if let Err(err) = spawned {
        tracing::error!(%err, "the wire folder watcher could not start");
    }
}

/// Fetches the waiting wire pictures whose time has come and tells the window of each.
fn fetch_due_pictures(store: &mut Store, app: &AppHandle) {
    match store.fetch_due_pictures(&newsroom_publish::fetch_picture, "wire pictures") {
        Ok(arrivals) => {
            for arrival in arrivals {
                tracing::info!(outcome = %arrival.message(), "waiting wire picture");
                let _ = app.emit_to("main", PICTURE_EVENT, arrival);
            }
        }
        Err(err) => tracing::warn!(%err, "waiting wire pictures were not fetched"),
    }
}
