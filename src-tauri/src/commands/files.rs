//! Files and folders the person chose: the page never names a path.
//!
//! A page that could hand any path to a command could make the desk read `~/.ssh/id_rsa` as a
//! "photo" or write an export over `~/.bashrc`, should a script ever run in it. So the open,
//! save and folder dialogs are opened here, in Rust, and files dropped on the window are taken
//! from the window's own drop event; the paths stay in [`ChosenFiles`] under a one-time ticket,
//! and the page gets the ticket with the files' names to show. A command that reads or writes
//! takes a ticket of the kind it needs (a ticket for photos cannot be used to write an export),
//! once.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, Manager};
use tauri_plugin_dialog::DialogExt;
use ts_rs::TS;
use uuid::Uuid;

use crate::commands::off_the_workers;
use crate::error::{CommandError, ErrorCode};

/// What files are being chosen for: the dialog's kind and filters, and what a ticket may be
/// used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum FileChoice {
    /// Photos to attach (open, several).
    Photos,
    /// Agency items to import (open, several).
    WireFiles,
    /// A vocabulary file to merge (open, one).
    VocabularyFile,
    /// Where to write the vocabularies (save).
    VocabularySaveAs,
    /// A house style file to import (open, one).
    HouseStyleFile,
    /// Where to write the house style (save).
    HouseStyleSaveAs,
    /// Where to write a story as ninjs (save).
    NinjsSaveAs,
    /// Where to write a story as NewsML-G2 (save).
    NewsmlSaveAs,
    /// Where to write a story as an HTML folder (save).
    HtmlSaveAs,
    /// A folder exports go to, or that is watched for wire files (folder).
    Folder,
    /// Files dropped on the window (never from a dialog): photos or agency items.
    Dropped,
}

/// A choice the page may refer to: its ticket, and what to show of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Chosen {
    /// The one-time ticket a command takes instead of a path.
    pub ticket: Uuid,
    /// The files' names (a folder's whole path), for the journalist to see.
    pub names: Vec<String>,
}

/// Files dropped on the window, sorted by what the desk does with them, and where they fell.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DroppedFiles {
    /// Photos (anything that is not an agency item): attached where they fell.
    pub photos: Option<Chosen>,
    /// Agency items (`.json`, `.xml`): imported.
    pub wire: Option<Chosen>,
    /// Where they fell, in the window's physical pixels.
    pub x: f64,
    /// Where they fell, in the window's physical pixels.
    pub y: f64,
}

/// The event the window hears when files are dropped on it (payload: [`DroppedFiles`]).
pub const DROP_EVENT: &str = "files-dropped";

/// Most choices kept at once; the oldest goes first (a ticket never used is harmless).
const MAX_KEPT: usize = 32;

/// The paths behind the tickets handed out, each with what it was chosen for.
#[derive(Default)]
pub struct ChosenFiles {
    kept: Mutex<BTreeMap<Uuid, (FileChoice, Vec<PathBuf>)>>,
}

impl ChosenFiles {
    /// Keeps `paths`, chosen for `choice`, under a new ticket.
    pub fn keep(&self, choice: FileChoice, paths: Vec<PathBuf>) -> Chosen {
        let names = paths
            .iter()
            .map(|path| match choice {
                FileChoice::Folder => path.display().to_string(),
                _ => newsroom_store::photos::photo_file_name(path),
            })
            .collect();
        let ticket = Uuid::now_v7();
        let mut kept = self
            .kept
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.insert(ticket, (choice, paths));
        while kept.len() > MAX_KEPT {
            kept.pop_first();
        }
        Chosen { ticket, names }
    }

    /// The paths behind `ticket`, which is used up, if it was chosen for one of `allowed`.
    pub fn take(&self, ticket: Uuid, allowed: &[FileChoice]) -> Result<Vec<PathBuf>, CommandError> {
        let mut kept = self
            .kept
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match kept.get(&ticket) {
            Some((choice, _)) if allowed.contains(choice) => Ok(kept
                .remove(&ticket)
                .map(|(_, paths)| paths)
                .unwrap_or_default()),
            Some(_) => Err(CommandError {
                code: ErrorCode::Failed,
                message: "Those files were chosen for something else; choose them again.".into(),
            }),
            None => Err(CommandError {
                code: ErrorCode::Failed,
                message: "That choice of files is no longer open; choose them again.".into(),
            }),
        }
    }
}

impl ChosenFiles {
    /// The one path behind `ticket` (a save or folder dialog's), used up.
    pub fn take_one(&self, ticket: Uuid, allowed: &[FileChoice]) -> Result<PathBuf, CommandError> {
        self.take(ticket, allowed)?
            .into_iter()
            .next()
            .ok_or_else(|| CommandError {
                code: ErrorCode::Failed,
                message: "No file was chosen.".into(),
            })
    }
}

/// Opens the dialog for `choice` over the main window (`suggested_name` is the save dialog's
/// first name) and keeps what was chosen; `None` when the person cancelled.
#[tauri::command]
pub async fn choose_files(
    app: AppHandle,
    choice: FileChoice,
    suggested_name: Option<String>,
) -> Result<Option<Chosen>, CommandError> {
    off_the_workers(app, move |app| {
        let paths = pick(app, choice, suggested_name.as_deref())?;
        Ok(paths
            .filter(|paths| !paths.is_empty())
            .map(|paths| app.state::<ChosenFiles>().keep(choice, paths)))
    })
    .await
}

/// The one place a native file dialog opens. Save dialogs ask before a file is replaced
/// (GTK, macOS and Windows all do); the export still never writes through a link.
fn pick(
    app: &AppHandle,
    choice: FileChoice,
    suggested_name: Option<&str>,
) -> Result<Option<Vec<PathBuf>>, CommandError> {
    let mut dialog = app.dialog().file();
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    let to_paths = |files: Vec<tauri_plugin_dialog::FilePath>| {
        files
            .into_iter()
            .filter_map(|file| file.into_path().ok())
            .collect::<Vec<_>>()
    };
    // Only a file name is taken from the page for the save dialog's first guess.
    let name = |fallback: &str| {
        suggested_name
            .map(|name| newsroom_store::photos::photo_file_name(std::path::Path::new(name)))
            .filter(|name| !name.trim().is_empty())
            .unwrap_or_else(|| fallback.to_owned())
    };
    let paths = match choice {
        FileChoice::Photos => dialog
            .set_title("Attach photos")
            .add_filter(
                "Photos",
                &["jpg", "jpeg", "png", "webp", "JPG", "JPEG", "PNG", "WEBP"],
            )
            .blocking_pick_files()
            .map(to_paths),
        FileChoice::WireFiles => dialog
            .set_title("Import agency items")
            .add_filter("ninjs or NewsML-G2", &["json", "xml", "JSON", "XML"])
            .blocking_pick_files()
            .map(to_paths),
        FileChoice::VocabularyFile => dialog
            .set_title("Import sections and tags")
            .add_filter("Vocabulary file", &["json"])
            .blocking_pick_file()
            .map(|file| to_paths(vec![file])),
        FileChoice::HouseStyleFile => dialog
            .set_title("Import a house style")
            .add_filter("House style file", &["json"])
            .blocking_pick_file()
            .map(|file| to_paths(vec![file])),
        FileChoice::HouseStyleSaveAs => save_as(
            dialog.set_title("Export the house style"),
            Some(("House style file", "json")),
            name("house-style.json"),
        ),
        FileChoice::Folder => dialog
            .set_title("Choose a folder")
            .blocking_pick_folder()
            .map(|folder| to_paths(vec![folder])),
        FileChoice::VocabularySaveAs => save_as(
            dialog.set_title("Export sections and tags"),
            Some(("Vocabulary file", "json")),
            name("vocabularies.json"),
        ),
        FileChoice::NinjsSaveAs => save_as(
            dialog.set_title("Export as ninjs"),
            Some(("ninjs", "json")),
            name("story.json"),
        ),
        FileChoice::NewsmlSaveAs => save_as(
            dialog.set_title("Export as NewsML-G2"),
            Some(("NewsML-G2", "xml")),
            name("story.xml"),
        ),
        FileChoice::HtmlSaveAs => save_as(
            dialog.set_title("Export as an HTML folder"),
            None,
            name("story"),
        ),
        FileChoice::Dropped => {
            return Err(CommandError {
                code: ErrorCode::Failed,
                message: "Dropped files come from the window, not from a dialog.".into(),
            })
        }
    };
    Ok(paths)
}

/// A save dialog with its filter (none for the HTML folder) and first name.
fn save_as<R: tauri::Runtime>(
    dialog: tauri_plugin_dialog::FileDialogBuilder<R>,
    filter: Option<(&str, &str)>,
    first_name: String,
) -> Option<Vec<PathBuf>> {
    let mut dialog = dialog.set_file_name(first_name);
    if let Some((kind, extension)) = filter {
        dialog = dialog.add_filter(kind, &[extension]);
    }
    dialog
        .blocking_save_file()
        .and_then(|file| file.into_path().ok())
        .map(|path| vec![path])
}

/// Files dropped on the main window: kept under tickets (agency items apart from photos) and
/// told to the page with where they fell. The page never sees their paths.
pub fn files_dropped(app: &AppHandle, paths: &[PathBuf], x: f64, y: f64) {
    let (wire, photos): (Vec<PathBuf>, Vec<PathBuf>) = paths
        .iter()
        .cloned()
        .partition(|path| crate::watch::is_wire_file(path));
    let chosen = app.state::<ChosenFiles>();
    let keep =
        |paths: Vec<PathBuf>| (!paths.is_empty()).then(|| chosen.keep(FileChoice::Dropped, paths));
    let dropped = DroppedFiles {
        photos: keep(photos),
        wire: keep(wire),
        x,
        y,
    };
    let _ = app.emit_to("main", DROP_EVENT, dropped);
}
