//! The desk as a whole: where it keeps its data, live word counts, quitting.

use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::error::CommandError;
use crate::state::DeskState;

/// What the window shows about the desk at start.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DeskStatus {
    /// The data folder.
    pub data_dir: String,
    /// The name revisions are signed with.
    pub author: String,
    /// Why the article database cannot be used, when it cannot.
    pub store_error: Option<String>,
}

/// Where the data is and whether the database is usable (trying to open it again).
#[tauri::command(async)]
pub fn desk_status(state: State<'_, DeskState>) -> Result<DeskStatus, CommandError> {
    let _ = state.with_store(|_| Ok(()));
    Ok(DeskStatus {
        data_dir: state.data_dir().display().to_string(),
        author: state.author(),
        store_error: state.open_error(),
    })
}

/// Quits the app. The window calls it after its last save returned.
#[tauri::command]
pub fn quit_app(app: tauri::AppHandle) {
    app.exit(0);
}

/// Opens a link from the preview in the system browser or mail program, after the journalist
/// confirmed it. Only http, https and mailto are opened.
#[tauri::command(async)]
pub fn open_link(app: tauri::AppHandle, url: String) -> Result<(), CommandError> {
    use tauri_plugin_opener::OpenerExt;
    if !newsroom_core::render::is_openable_link(&url) {
        return Err(CommandError {
            code: crate::error::ErrorCode::Failed,
            message: "Only web and e-mail links can be opened from the preview.".to_owned(),
        });
    }
    app.opener()
        .open_url(&url, None::<&str>)
        .map_err(|err| CommandError {
            code: crate::error::ErrorCode::Failed,
            message: format!("The link could not be opened: {err}"),
        })
}
