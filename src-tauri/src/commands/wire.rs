//! Wire copy from the window: importing files (dialog or drop), the original beside a story,
//! the newsroom's name and watched folder, and the related stories picked for "More news".

use chrono::Utc;
use newsroom_files::Links;
use newsroom_store::waiting_pictures::fetch_claimed;
use newsroom_store::wire::WireImport;
use newsroom_store::{ImportOutcome, PictureArrival, RelatedStory, WaitingPicture, WireSource};
use tauri::{AppHandle, Emitter, Manager, State};
use uuid::Uuid;

use crate::commands::files::{ChosenFiles, FileChoice};
use crate::commands::off_the_workers;
use crate::error::CommandError;
use crate::state::DeskState;

/// Imports the wire files (ninjs or NewsML-G2) behind `ticket` (chosen in the dialog or
/// dropped on the window), one outcome each, in order. Each file is read, and its pictures
/// fetched and decoded, with the store unlocked: typing and autosave go on while an agency's
/// server is slow.
#[tauri::command]
pub async fn import_wire_files(
    app: AppHandle,
    ticket: Uuid,
) -> Result<Vec<ImportOutcome>, CommandError> {
    off_the_workers(app, move |app| {
        let state = app.state::<DeskState>();
        let paths = app
            .state::<ChosenFiles>()
            .take(ticket, &[FileChoice::WireFiles, FileChoice::Dropped])?;
        let author = state.author();
        let mut outcomes = Vec::with_capacity(paths.len());
        for path in &paths {
            let mut import = match WireImport::read(path, Links::Follow) {
                Ok(import) => import,
                Err(refused) => {
                    outcomes.push(*refused);
                    continue;
                }
            };
            if state.with_store(|store| store.wire_import_wants_pictures(&import))? {
                import.gather_pictures(&newsroom_publish::fetch_picture);
            }
            outcomes
                .push(state.with_store(|store| {
                    Ok(store.store_wire_import(import, &author, Utc::now()))
                })?);
        }
        Ok(outcomes)
    })
    .await
}

/// The wire pictures of `article_id` that could not be fetched yet, with their credits.
#[tauri::command(async)]
pub fn waiting_pictures(
    state: State<'_, DeskState>,
    article_id: Uuid,
) -> Result<Vec<WaitingPicture>, CommandError> {
    state.with_store(|store| store.waiting_pictures(Some(article_id)))
}

/// "Fetch now": tries every waiting picture of `article_id` at once, given-up ones too. Each
/// is claimed and settled with the store locked and fetched with it unlocked, so typing goes
/// on while the agency's server answers; each arrival is told to the window as the
/// background thread's are.
#[tauri::command]
pub async fn fetch_waiting_pictures(
    app: AppHandle,
    article_id: Uuid,
) -> Result<Vec<PictureArrival>, CommandError> {
    off_the_workers(app, move |app| {
        let state = app.state::<DeskState>();
        let author = state.author();
        state.with_store(|store| store.fetch_waiting_pictures_now(Some(article_id), Utc::now()))?;
        let mut arrivals = Vec::new();
        while let Some(claim) =
            state.with_store(|store| store.claim_waiting_picture(Some(article_id), Utc::now()))?
        {
            let fetched = fetch_claimed(&claim, &newsroom_publish::fetch_picture);
            let settled = state.with_store(|store| {
                store.settle_waiting_picture(&claim, fetched, &author, Utc::now())
            })?;
            if let Some(arrival) = settled {
                let _ = app.emit_to("main", crate::watch::PICTURE_EVENT, &arrival);
                arrivals.push(arrival);
            }
        }
        Ok(arrivals)
    })
    .await
}

/// The originals of a story made from wire copy (`None` for one written on the desk).
#[tauri::command(async)]
pub fn wire_source(
    state: State<'_, DeskState>,
    article_id: Uuid,
) -> Result<Option<WireSource>, CommandError> {
    state.with_store(|store| store.wire_source(article_id))
}

/// The desk's wire settings: the newsroom's name and the watched folder.
#[derive(serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WireSettings {
    /// "This article has been altered and translated by <newsroomName>."
    pub newsroom_name: String,
    /// The folder wire files are imported from as they arrive, if any.
    pub watched_folder: Option<String>,
}

/// The desk's wire settings.
#[tauri::command(async)]
pub fn get_wire_settings(state: State<'_, DeskState>) -> Result<WireSettings, CommandError> {
    state.with_store(|store| {
        Ok(WireSettings {
            newsroom_name: store.newsroom_name()?,
            watched_folder: store.watched_folder()?,
        })
    })
}

/// Sets the newsroom's name (editors and admins).
#[tauri::command(async)]
pub fn set_newsroom_name(state: State<'_, DeskState>, name: String) -> Result<(), CommandError> {
    state.with_store(|store| store.set_newsroom_name(&name))
}

/// Watches the folder behind `ticket` (chosen in the folder dialog) for wire files, or no
/// folder at all (editors and admins).
#[tauri::command(async)]
pub fn set_watched_folder(
    state: State<'_, DeskState>,
    chosen: State<'_, ChosenFiles>,
    ticket: Option<Uuid>,
) -> Result<(), CommandError> {
    let folder = match ticket {
        Some(ticket) => Some(chosen.take_one(ticket, &[FileChoice::Folder])?),
        None => None,
    };
    let folder = folder.map(|folder| folder.to_string_lossy().into_owned());
    state.with_store(|store| store.set_watched_folder(folder.as_deref()))
}

/// The stories picked for "More news" under a story.
#[tauri::command(async)]
pub fn get_related(
    state: State<'_, DeskState>,
    article_id: Uuid,
) -> Result<Vec<RelatedStory>, CommandError> {
    state.with_store(|store| store.related(article_id))
}

/// Picks the stories for "More news", in order.
#[tauri::command(async)]
pub fn set_related(
    state: State<'_, DeskState>,
    article_id: Uuid,
    related: Vec<Uuid>,
) -> Result<Vec<RelatedStory>, CommandError> {
    state.with_store(|store| {
        store.set_related(article_id, &related, Utc::now())?;
        store.related(article_id)
    })
}
