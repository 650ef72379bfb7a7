//! The shared desk, live, while the app runs: a thread of its own (with its own connection to
//! the SQLite file, as the outbox worker has) keeps this laptop in step with the desk.
//!
//! It connects as the joined person (the password from the keychain) and LISTENs to the desk's
//! feed, then syncs: at once, whenever the desk says something changed (a notification carries
//! only the clock's value), whenever the window saved something here (it wakes the thread),
//! and every half minute besides, as the safety net for a lost notification. Offline it tries
//! again with a growing pause; the window keeps working on the laptop's copy meanwhile. After
//! each round the window hears the status ("desk-status") and, when something came from the
//! desk, that it did ("desk-synced"), so lists and the open story catch up at once.
//!
//! It also says who is here: the story the window has open and the cursor in its text, when
//! either changes (the window says a cursor at most a few times a second) and every 20 s
//! (`newsroom_desk::presence`), and, when the desk says presence moved (or a cursor in the open
//! story), who else is at the desk, in which story and where in its text (in the status: "Anna
//! is editing", and her caret in the editor).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use newsroom_desk::presence::{
    announce, announce_at, cursor_moved_in, who_is_here, who_is_where, CURSORS_SCHEMA, HEARTBEAT,
    PRESENCE_NOTICE,
};
use newsroom_desk::setup::keychain_name;
use newsroom_desk::sync::{check_schema, listen_to_feed, sync_round};
use newsroom_desk::{connect, Connection, DeskAddress, SharedDeskError};
use newsroom_publish::Keychain;
use newsroom_store::Store;
use serde::Serialize;
use tauri::Emitter;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};
use ts_rs::TS;

/// The event with the desk's status after each round (payload: [`SharedDeskStatus`]).
pub const STATUS_EVENT: &str = "desk-status";
/// The event after a round that brought something from the desk (payload: [`DeskRound`]).
pub const SYNCED_EVENT: &str = "desk-synced";

/// What a round brought, for the window: lists are read again, and the open story catches up
/// only when it is among `stories`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DeskRound {
    /// How many items came (people, stories, updates, comments, moves, posts, sections, sites).
    pub received: u32,
    /// The stories something came for.
    pub stories: Vec<uuid::Uuid>,
}

/// The safety net: a round this often even when no notification came.
const QUIET_ROUND: Duration = Duration::from_secs(30);
/// How often the thread looks whether a quiet round or a presence heartbeat is due.
const TICK: Duration = Duration::from_secs(5);
/// After a wake from the window, a short pause gathers a burst of saves into one round.
const GATHER: Duration = Duration::from_millis(150);
/// The longest pause between two tries to reach the desk.
const MAX_RETRY: Duration = Duration::from_secs(60);

/// The shared desk as the window's bar shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SharedDeskStatus {
    /// Whether this laptop joined a desk.
    pub joined: bool,
    /// The desk's address (no login).
    pub address: String,
    /// Who this laptop is on the desk.
    pub login: String,
    /// Whether the desk answered the last time it was asked.
    pub online: bool,
    /// Changes (stories, moves, comments) waiting to go.
    pub waiting: u32,
    /// Changes the desk refused, kept with its reason.
    pub refused: Vec<newsroom_store::DeskRefusal>,
    /// When a round last finished.
    pub last_sync_at: Option<DateTime<Utc>>,
    /// Why the desk cannot be used now, in the journalist's words ("" when it can).
    pub problem: String,
    /// Who is at the desk now (this person too).
    pub present: Vec<AtTheDesk>,
}

/// A person at the desk, as the window shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AtTheDesk {
    /// Their name.
    pub name: String,
    /// The story they have open, when it is this person's to see.
    pub story_id: Option<uuid::Uuid>,
    /// True for the person at this laptop.
    pub is_me: bool,
    /// Their cursor in that story's text (a yjs relative position), when they are in it.
    pub cursor: Option<Vec<u8>>,
}

/// Where this laptop's person is: the story the window has open, and the cursor in its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Whereabouts {
    story: Option<uuid::Uuid>,
    cursor: Option<Vec<u8>>,
}

/// The running sync; [`DeskSync::wake`] asks for a round now.
#[derive(Clone)]
pub struct DeskSync {
    wake: UnboundedSender<()>,
    status: Arc<Mutex<SharedDeskStatus>>,
    /// The story the window has open and the cursor in it, which the desk hears.
    here: Arc<Mutex<Whereabouts>>,
    /// Wakes the thread to say where the cursor is now (no round).
    moved: UnboundedSender<()>,
}

impl DeskSync {
    /// Starts the sync on its own thread over the data folder `dir`; it idles until this laptop
    /// joins a desk.
    pub fn start(dir: PathBuf, app: tauri::AppHandle) -> DeskSync {
        let (wake, woken) = unbounded_channel();
        let (moved, cursor_moved) = unbounded_channel();
        let status = Arc::new(Mutex::new(SharedDeskStatus::default()));
        let shared = Arc::clone(&status);
        let here = Arc::new(Mutex::new(Whereabouts::default()));
        let whereabouts = Arc::clone(&here);
        let started = std::thread::Builder::new()
            .name("shared-desk".into())
            .spawn(move || {
                crate::in_the_background();
                let runtime = match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(runtime) => runtime,
                    Err(err) => {
                        tracing::error!(%err, "the shared desk's sync could not start");
                        return;
                    }
                };
                runtime.block_on(keep_in_step(
                    dir,
                    app,
                    Wakes {
                        round: woken,
                        cursor: cursor_moved,
                    },
                    shared,
                    whereabouts,
                ));
            });
        if let Err(err) = started {
            tracing::error!(%err, "the shared desk's sync could not start");
        }
        DeskSync {
            wake,
            status,
            here,
            moved,
        }
    }

    /// The window opened `story` (or closed the one it had): the desk hears it. Telling it
    /// the story it has already wakes nothing.
    pub fn set_open_story(&self, story: Option<uuid::Uuid>) {
        let changed = self.here.lock().is_ok_and(|mut here| {
            let changed = here.story != story;
            if changed {
                *here = Whereabouts {
                    story,
                    cursor: None,
                };
            }
            changed
        });
        if changed {
            self.wake();
        }
    }

    /// The cursor moved in `story` (the window's open story; another is ignored): the desk
    /// hears it without a round. A cursor larger than a relative position is not one.
    pub fn set_cursor(&self, story: uuid::Uuid, cursor: Option<Vec<u8>>) {
        let cursor = cursor.filter(|c| !c.is_empty() && c.len() <= 1024);
        let changed = self.here.lock().is_ok_and(|mut here| {
            let changed = here.story == Some(story) && here.cursor != cursor;
            if changed {
                here.cursor = cursor;
            }
            changed
        });
        if changed {
            let _ = self.moved.send(());
        }
    }

    /// Asks for a round now (something was saved here, or the laptop joined or left).
    pub fn wake(&self) {
        let _ = self.wake.send(());
    }

    /// The status as of the last round.
    pub fn status(&self) -> SharedDeskStatus {
        self.status
            .lock()
            .map(|status| status.clone())
            .unwrap_or_default()
    }
}

/// What the window wakes the thread for: a round, or saying where the cursor is.
struct Wakes {
    round: UnboundedReceiver<()>,
    cursor: UnboundedReceiver<()>,
}

/// Waits for a wake from the window, or `pause`; false when the app is closing.
async fn rest(woken: &mut UnboundedReceiver<()>, pause: Duration) -> bool {
    match tokio::time::timeout(pause, woken.recv()).await {
        Ok(None) => false,
        Ok(Some(())) | Err(_) => true,
    }
}

async fn keep_in_step(
    dir: PathBuf,
    app: tauri::AppHandle,
    wakes: Wakes,
    status: Arc<Mutex<SharedDeskStatus>>,
    here: Arc<Mutex<Whereabouts>>,
) {
    let Wakes {
        round: mut woken,
        cursor: mut cursor_moved,
    } = wakes;
    let mut retry = Duration::from_secs(1);
    let mut store: Option<Store> = None;
    loop {
        if store.is_none() {
            store = Store::open(&dir).ok();
        }
        let Some(opened) = store.as_mut() else {
            if !rest(&mut woken, MAX_RETRY).await {
                return;
            }
            continue;
        };
        let report = |problem: String, online: bool, store: &Store| {
            let mut now = read_status(store, online, problem);
            if let Ok(mut shared) = status.lock() {
                if online {
                    now.present = std::mem::take(&mut shared.present);
                }
                *shared = now.clone();
            }
            let _ = app.emit(STATUS_EVENT, now);
        };
        // Who is here, into the status the window has.
        let show_presence = |present: Vec<AtTheDesk>| {
            if let Ok(mut shared) = status.lock() {
                shared.present = present;
                let _ = app.emit(STATUS_EVENT, shared.clone());
            }
        };
        let link = match opened.desk_link() {
            Ok(Some(link)) => link,
            Ok(None) => {
                report(String::new(), false, opened);
                if !rest(&mut woken, MAX_RETRY).await {
                    return;
                }
                continue;
            }
            Err(err) => {
                report(err.to_string(), false, opened);
                store = None;
                if !rest(&mut woken, MAX_RETRY).await {
                    return;
                }
                continue;
            }
        };
        let connected = match Keychain.secret(&keychain_name(&link.login, &link.address)) {
            Err(_) => Err(
                "The desk's password is not kept on this computer any more (a restart clears \
                 it where no desktop keychain runs): join the desk again on the Desk page."
                    .to_owned(),
            ),
            Ok(password) => match DeskAddress::parse(&link.address) {
                Err(err) => Err(err.to_string()),
                Ok(address) => connect(&address, &link.login, &password)
                    .await
                    .map_err(|err| err.to_string()),
            },
        };
        let mut desk = match connected {
            Ok(desk) => desk,
            Err(problem) => {
                report(problem, false, opened);
                if !rest(&mut woken, retry).await {
                    return;
                }
                retry = (retry * 2).min(MAX_RETRY);
                continue;
            }
        };
        if let Err(err) = listen_to_feed(&desk, &link.desk).await {
            report(err.to_string(), false, opened);
            continue;
        }
        // An older desk knows where people are, not their cursors.
        let cursors = check_schema(&desk)
            .await
            .is_ok_and(|version| version >= CURSORS_SCHEMA);
        retry = Duration::from_secs(1);
        // Online: a round now, then one per notification from the feed, wake from the window
        // or quiet half minute; presence said when the open story changes and every 20 s.
        let mut round_due = true;
        let mut photos_left = false;
        let mut last_round = std::time::Instant::now();
        let mut announced: Option<(Whereabouts, std::time::Instant)> = None;
        loop {
            if round_due {
                round_due = false;
                last_round = std::time::Instant::now();
                let open_story = here.lock().ok().and_then(|now| now.story);
                match sync_round(opened, &mut desk, open_story).await {
                    Ok(round) => {
                        let problem = if round.refused.is_empty() {
                            String::new()
                        } else {
                            format!("The desk refused {} change(s).", round.refused.len())
                        };
                        report(problem, true, opened);
                        // Photos left for later rounds come in the next one, soon.
                        photos_left = round.photos_waiting > 0 && round.photos_fetched > 0;
                        if round.received > 0 || !round.stories.is_empty() {
                            let heard = DeskRound {
                                received: round.received,
                                stories: round.stories,
                            };
                            let _ = app.emit(SYNCED_EVENT, heard);
                        }
                    }
                    Err(err) if err.is_transient() => {
                        report(err.to_string(), false, opened);
                        break;
                    }
                    Err(SharedDeskError::Local(why)) => report(why, true, opened),
                    Err(err) => report(err.to_string(), true, opened),
                }
            }
            let now_here = here.lock().map(|here| here.clone()).unwrap_or_default();
            // Only the cursor moved since the last word: say so, and nothing else.
            let cursor_only = announced
                .as_ref()
                .is_some_and(|(said, at)| said.story == now_here.story && at.elapsed() < HEARTBEAT);
            let due = announced
                .as_ref()
                .is_none_or(|(said, at)| *said != now_here || at.elapsed() >= HEARTBEAT);
            if due {
                let said = if cursors {
                    announce_at(&desk, now_here.story, now_here.cursor.as_deref()).await
                } else {
                    announce(&desk, now_here.story).await
                };
                if said.is_err() {
                    break;
                }
                announced = Some((now_here, std::time::Instant::now()));
                if !cursor_only {
                    if let Some(present) = presence(&desk, link.person_id, cursors).await {
                        show_presence(present);
                    }
                }
            }
            tokio::select! {
                heard = desk.notifications.recv() => {
                    let Some(first) = heard else {
                        break; // the connection is gone: connect again
                    };
                    // Whatever else was said meanwhile is covered by one round.
                    let mut said = vec![first];
                    while let Ok(more) = desk.notifications.try_recv() {
                        said.push(more);
                    }
                    let open = here.lock().map(|here| here.story).unwrap_or(None);
                    let about_presence = |payload: &String| {
                        payload == PRESENCE_NOTICE || cursor_moved_in(payload).is_some()
                    };
                    if said.iter().any(|payload| !about_presence(payload)) {
                        round_due = true;
                    }
                    // Where people are matters here when someone came or went, or a cursor
                    // moved in the story this window has open.
                    let look = said.iter().any(|payload| {
                        payload == PRESENCE_NOTICE
                            || (open.is_some() && cursor_moved_in(payload) == open)
                    });
                    if look {
                        if let Some(present) = presence(&desk, link.person_id, cursors).await {
                            show_presence(present);
                        }
                    }
                }
                wake = woken.recv() => {
                    if wake.is_none() {
                        return;
                    }
                    tokio::time::sleep(GATHER).await;
                    while woken.try_recv().is_ok() {}
                    if matches!(opened.desk_link(), Ok(None)) {
                        break; // left the desk
                    }
                    round_due = true;
                }
                moved = cursor_moved.recv() => {
                    if moved.is_none() {
                        return;
                    }
                    while cursor_moved.try_recv().is_ok() {}
                }
                () = tokio::time::sleep(if photos_left { GATHER } else { TICK }) => {
                    round_due = photos_left || last_round.elapsed() >= QUIET_ROUND;
                }
            }
        }
    }
}

/// Who is at the desk (and, on a desk that knows them, where their cursors are), for the
/// window; `None` when the desk could not say.
async fn presence(desk: &Connection, me: uuid::Uuid, cursors: bool) -> Option<Vec<AtTheDesk>> {
    let present = if cursors {
        who_is_where(desk).await
    } else {
        who_is_here(desk).await
    };
    present.ok().map(|present| {
        present
            .into_iter()
            .map(|p| AtTheDesk {
                is_me: p.person == me,
                name: p.name,
                story_id: p.story,
                cursor: p.cursor,
            })
            .collect()
    })
}

fn read_status(store: &Store, online: bool, problem: String) -> SharedDeskStatus {
    let link = store.desk_link().ok().flatten();
    let waiting = store.desk_waiting().ok();
    let refused = store.desk_refusals().unwrap_or_default();
    match link {
        None => SharedDeskStatus {
            problem,
            ..SharedDeskStatus::default()
        },
        Some(link) => SharedDeskStatus {
            joined: true,
            address: link.address,
            login: link.login,
            online,
            waiting: waiting.map_or(0, |w| w.total()),
            refused,
            last_sync_at: link.last_sync_at,
            problem,
            present: Vec::new(),
        },
    }
}
