//! The outbox worker: sends what is due, one entry at a time, on its own connection to the
//! desk (the laptop's SQLite store serialises the writes; the window's connection is never
//! held during a network call). Offline, an entry waits with exponential backoff and goes when
//! the site can be reached again; an entry a crash left "sending" is sent again at the next
//! start.

use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::time::Duration;

use chrono::Utc;
use newsroom_core::desk::PublishLedger;
use newsroom_core::outbox::OutboxEntry;
use uuid::Uuid;

use crate::push::{push_entry, PushObserver, PushSettings};

/// Longest the worker sleeps before looking at the outbox again.
const IDLE_CHECK: Duration = Duration::from_secs(5);

/// Claims entry `id` if it is waiting and sends it now. `Ok(None)` when it was not waiting.
pub fn send_now<D: PublishLedger + ?Sized>(
    store: &mut D,
    id: Uuid,
    settings: PushSettings,
    observer: &mut dyn PushObserver,
) -> Result<Option<OutboxEntry>, String> {
    let Some(entry) = store
        .claim_outbox(id, Utc::now())
        .map_err(|e| e.to_string())?
    else {
        return Ok(None);
    };
    push_entry(store, &entry, settings, observer).map(Some)
}

/// Sends every entry due now; returns how each ended.
pub fn send_due<D: PublishLedger + ?Sized>(
    store: &mut D,
    settings: PushSettings,
    observer: &mut dyn PushObserver,
) -> Result<Vec<OutboxEntry>, String> {
    let mut finished = Vec::new();
    for id in store.due_outbox(Utc::now()).map_err(|e| e.to_string())? {
        if let Some(entry) = send_now(store, id, settings, observer)? {
            finished.push(entry);
        }
    }
    Ok(finished)
}

/// The running worker; [`Worker::wake`] makes it look at the outbox at once.
#[derive(Clone)]
pub struct Worker {
    wake: Sender<()>,
}

impl Worker {
    /// Starts the worker on its own thread over the desk `open` opens there (the laptop's
    /// store: `move || Store::open(&data_dir).ok()`); `None` is tried again at the next look.
    /// Entries a crash left "sending" wait again first. `observer` hears progress and every
    /// finished entry.
    pub fn start<D: PublishLedger>(
        mut open: impl FnMut() -> Option<D> + Send + 'static,
        settings: PushSettings,
        mut observer: impl WorkerObserver + Send + 'static,
    ) -> Worker {
        let (wake, woken) = channel::<()>();
        std::thread::Builder::new()
            .name("outbox".into())
            .spawn(move || {
                let mut store = None;
                loop {
                    if store.is_none() {
                        store = open();
                        if let Some(opened) = store.as_mut() {
                            if let Ok(recovered) = opened.recover_outbox(Utc::now()) {
                                if recovered > 0 {
                                    tracing::info!(
                                        recovered,
                                        "outbox: interrupted exports wait again"
                                    );
                                }
                            }
                        }
                    }
                    let mut wait = IDLE_CHECK;
                    if let Some(opened) = store.as_mut() {
                        match send_due(opened, settings, &mut observer) {
                            Ok(finished) => {
                                for entry in &finished {
                                    observer.finished(entry);
                                }
                            }
                            Err(err) => tracing::warn!(%err, "outbox: could not send"),
                        }
                        if let Ok(Some(next)) = opened.next_outbox_due() {
                            let until = (next - Utc::now()).to_std().unwrap_or(Duration::ZERO);
                            wait = wait.min(until.max(Duration::from_millis(50)));
                        }
                    }
                    match woken.recv_timeout(wait) {
                        Ok(()) | Err(RecvTimeoutError::Timeout) => {}
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
            })
            .map_or_else(
                |err| tracing::error!(%err, "outbox worker could not start"),
                |_| (),
            );
        Worker { wake }
    }

    /// Looks at the outbox now (after a push was queued, retried or settled).
    pub fn wake(&self) {
        let _ = self.wake.send(());
    }
}

/// What the app hears from the worker.
pub trait WorkerObserver: PushObserver {
    /// An entry finished an attempt (sent, waiting again, failed, in conflict).
    fn finished(&mut self, entry: &OutboxEntry);
}
