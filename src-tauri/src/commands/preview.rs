//! The preview pane: the page as the site shows it, and the pre-flight findings, both for the
//! editor's current text; and the preview in a window of its own.

use chrono::Utc;
use newsroom_core::preflight::{PreflightItem, PreflightLimits};
use newsroom_core::render::RenderOptions;
use newsroom_core::ArticleFields;
use newsroom_store::PhotoAddress;
use tauri::State;
use uuid::Uuid;

use crate::error::CommandError;
use crate::state::DeskState;

/// The article page for the sandboxed preview frame: the editor's `fields` (small, maybe not
/// saved yet) with the body as stored (the window never sends it again; the pane renders after
/// each save).
#[tauri::command(async)]
pub fn preview_page(
    state: State<'_, DeskState>,
    article_id: Uuid,
    fields: ArticleFields,
    typographic_quotes: bool,
) -> Result<String, CommandError> {
    let options = RenderOptions {
        typographic_quotes,
        line_anchors: true,
    };
    let address = PhotoAddress::App(crate::commands::photos::photo_base());
    state.with_store(|store| {
        let content = store.with_stored_body(article_id, fields)?;
        store.preview_page(article_id, &content, options, &address)
    })
}

/// What to fix before the story goes to an editor: the editor's `fields` with the body as
/// stored.
#[tauri::command(async)]
pub fn preflight_check(
    state: State<'_, DeskState>,
    article_id: Uuid,
    fields: ArticleFields,
) -> Result<Vec<PreflightItem>, CommandError> {
    state.with_store(|store| {
        let content = store.with_stored_body(article_id, fields)?;
        store.preflight(article_id, &content, Utc::now())
    })
}

/// The desk's pre-flight limits.
#[tauri::command(async)]
pub fn get_preflight_limits(state: State<'_, DeskState>) -> Result<PreflightLimits, CommandError> {
    state.with_store(|store| store.preflight_limits())
}

/// Sets the desk's pre-flight limits.
#[tauri::command(async)]
pub fn set_preflight_limits(
    state: State<'_, DeskState>,
    limits: PreflightLimits,
) -> Result<(), CommandError> {
    state.with_store(|store| store.set_preflight_limits(limits))
}

/// The label of the detached preview window (its capability is capabilities/preview.json).
pub const PREVIEW_WINDOW: &str = "preview";

/// Opens the preview in a window of its own (or brings it forward). The main window sends it
/// the text as it is edited; when it closes, the main window hears "preview-window-closed".
#[tauri::command(async)]
pub fn open_preview_window(app: tauri::AppHandle) -> Result<(), CommandError> {
    use tauri::{Emitter, Manager};
    let failed = |err: tauri::Error| CommandError {
        code: crate::error::ErrorCode::Failed,
        message: format!("The preview window could not be opened ({err})."),
    };
    if let Some(window) = app.get_webview_window(PREVIEW_WINDOW) {
        return window.set_focus().map_err(failed);
    }
    let window = tauri::WebviewWindowBuilder::new(
        &app,
        PREVIEW_WINDOW,
        tauri::WebviewUrl::App("index.html#preview".into()),
    )
    .title("Newsroom – Preview")
    .inner_size(720.0, 900.0)
    .min_inner_size(400.0, 400.0)
    .on_new_window(crate::refuse_new_windows(&app))
    .build()
    .map_err(failed)?;
    window.on_window_event(move |event| {
        if let tauri::WindowEvent::Destroyed = event {
            let _ = app.emit_to("main", "preview-window-closed", ());
        }
    });
    Ok(())
}
