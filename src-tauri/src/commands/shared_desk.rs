//! The Desk page: joining the shared desk, leaving it, its status, a round now. The sync
//! itself runs on its own thread ([`crate::shared_desk::DeskSync`]).

use newsroom_desk::setup::{join_laptop, keychain_name};
use newsroom_desk::DeskAddress;
use newsroom_publish::Keychain;
use newsroom_store::{Colleague, NoLongerYours, Store, StoryAuthor};
use tauri::State;

use crate::error::{CommandError, ErrorCode};
use crate::shared_desk::{DeskSync, SharedDeskStatus};
use crate::state::DeskState;

fn failed(message: impl Into<String>) -> CommandError {
    CommandError {
        code: ErrorCode::Failed,
        message: message.into(),
    }
}

/// The shared desk as of the last round.
#[tauri::command]
pub fn shared_desk_status(sync: State<'_, DeskSync>) -> SharedDeskStatus {
    sync.status()
}

/// Joins this laptop to the desk at `address` as the person called `name`, checking the
/// password by logging in; the password goes to the keychain, and they are put at the desk
/// (their profile here has the desk's role, their password as its passphrase). Its stories go
/// up at once.
#[tauri::command]
pub async fn join_shared_desk(
    state: State<'_, DeskState>,
    sync: State<'_, DeskSync>,
    address: String,
    name: String,
    password: String,
) -> Result<String, CommandError> {
    let address = DeskAddress::parse(&address).map_err(|e| failed(e.to_string()))?;
    // A connection of its own for the join: the window's is never held across the network.
    let mut store = Store::open(state.data_dir())?;
    let (link, me) = join_laptop(&mut store, &address, name.trim(), &password)
        .await
        .map_err(|e| failed(e.to_string()))?;
    let kept = Keychain
        .store_secret(&keychain_name(&link.login, &link.address), &password)
        .map_err(|e| failed(e.to_string()))?;
    let profile = state.with_store(|store| {
        Ok(store
            .profiles()?
            .into_iter()
            .find(|profile| profile.id == link.profile_id))
    })?;
    state.set_profile(profile);
    sync.wake();
    Ok(format!(
        "This laptop is on the desk as {} ({}); the password is kept in {}.",
        me.name,
        me.role.key(),
        kept.describe()
    ))
}

/// Leaves the desk; refused while changes wait, unless `discard_waiting`.
#[tauri::command(async)]
pub fn leave_shared_desk(
    state: State<'_, DeskState>,
    sync: State<'_, DeskSync>,
    discard_waiting: bool,
) -> Result<(), CommandError> {
    let link = state.with_store(|store| {
        let link = store.desk_link()?;
        store.leave_desk(discard_waiting)?;
        Ok(link)
    })?;
    if let Some(link) = link {
        Keychain.forget_secret(&keychain_name(&link.login, &link.address));
    }
    sync.wake();
    Ok(())
}

/// The window opened story `story_id` (or closed the one it had): the desk hears who is in
/// which story ("Anna is editing"), and the story's photos still to come from the desk are
/// asked for in the round this starts, not at their next try.
#[tauri::command(async)]
pub fn shared_desk_story_open(
    state: State<'_, DeskState>,
    sync: State<'_, DeskSync>,
    story_id: Option<uuid::Uuid>,
) {
    if let Some(story) = story_id {
        if let Err(err) = state.with_store(|store| store.desk_photos_due_now(story)) {
            tracing::warn!(message = %err.message, "the open story's photos stay at their next try");
        }
    }
    sync.set_open_story(story_id);
}

/// The cursor moved in story `story_id` (a yjs relative position in its body; none when the
/// text lost the focus): the desk shows it to the others who have the story open.
#[tauri::command]
pub fn shared_desk_cursor(
    sync: State<'_, DeskSync>,
    story_id: uuid::Uuid,
    cursor: Option<Vec<u8>>,
) {
    sync.set_cursor(story_id, cursor);
}

/// A round now ("Sync now").
#[tauri::command]
pub fn sync_shared_desk(sync: State<'_, DeskSync>) {
    sync.wake();
}

/// "Send again": what the desk refused goes again in a round now, and the refused moves leave
/// the list (see [`Store::desk_send_refused_again`]).
#[tauri::command(async)]
pub fn send_refused_again(
    state: State<'_, DeskState>,
    sync: State<'_, DeskSync>,
) -> Result<newsroom_store::SentAgain, CommandError> {
    let again = state.with_store(|store| store.desk_send_refused_again())?;
    sync.wake();
    Ok(again)
}

/// A story's authors on the shared desk, and the colleagues who could be added.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StoryAuthors {
    /// Its authors, the creator first (none when this laptop is on no desk).
    pub authors: Vec<StoryAuthor>,
    /// The desk's people who are not authors yet.
    pub colleagues: Vec<Colleague>,
    /// This laptop's person was taken off the story and no longer sees it on the desk.
    pub no_longer_yours: Option<NoLongerYours>,
}

/// The authors of story `article_id` and whom "Add a colleague" offers.
#[tauri::command(async)]
pub fn story_authors(
    state: State<'_, DeskState>,
    article_id: uuid::Uuid,
) -> Result<StoryAuthors, CommandError> {
    state.with_store(|store| authors_of(store, article_id))
}

/// Story `article_id`'s authors, and the colleagues to offer (none off the desk).
fn authors_of(store: &Store, article_id: uuid::Uuid) -> newsroom_store::StoreResult<StoryAuthors> {
    with_colleagues(store, article_id, store.story_authors(article_id)?)
}

/// Story `article_id`'s `authors` as the store just gave them, with the colleagues to offer.
fn with_colleagues(
    store: &Store,
    article_id: uuid::Uuid,
    authors: Vec<StoryAuthor>,
) -> newsroom_store::StoreResult<StoryAuthors> {
    let colleagues = if authors.is_empty() {
        Vec::new()
    } else {
        store.colleagues_to_add(&authors)?
    };
    Ok(StoryAuthors {
        authors,
        colleagues,
        no_longer_yours: store.no_longer_yours(article_id)?,
    })
}

/// Makes the desk's person `person` an author of story `article_id` (`author` true) or takes
/// them off (false); the desk takes it at the next round, which this asks for now.
#[tauri::command(async)]
pub fn set_story_author(
    state: State<'_, DeskState>,
    sync: State<'_, DeskSync>,
    article_id: uuid::Uuid,
    person: uuid::Uuid,
    author: bool,
) -> Result<StoryAuthors, CommandError> {
    let authors = state.with_store(|store| {
        let now = chrono::Utc::now();
        let authors = if author {
            store.add_story_author(article_id, person, now)?
        } else {
            store.remove_story_author(article_id, person, now)?
        };
        with_colleagues(store, article_id, authors)
    })?;
    sync.wake();
    Ok(authors)
}
