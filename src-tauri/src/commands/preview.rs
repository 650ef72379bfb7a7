//! The preview pane: the page as the site shows it, and the pre-flight findings, both for the
//! editor's current text; and the preview in a window of its own.

use chrono::Utc;
use newsroom_core::preflight::{PreflightItem, PreflightLimits};
use newsroom_core::render::RenderOptions;
use newsroom_core::ArticleFields;
use newsroom_store::PhotoAddress;
use serde::Deserialize;
use tauri::ipc::{InvokeBody, Request, Response};
use tauri::State;
use uuid::Uuid;

use crate::error::{CommandError, ErrorCode};
use crate::state::DeskState;

/// What the preview pane sends: its JSON part (after the length, 4 bytes little-endian) and
/// then the typing not yet stored, as the bytes of one yjs update (none when everything is).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PreviewRequest {
    article_id: Uuid,
    fields: ArticleFields,
    #[serde(default)]
    typographic_quotes: bool,
}

/// Reads a [`PreviewRequest`] and the update after it from `request`'s raw body.
fn preview_request<'a>(
    request: &'a Request<'_>,
) -> Result<(PreviewRequest, Option<&'a [u8]>), CommandError> {
    let failed = |message: &str| CommandError {
        code: ErrorCode::Failed,
        message: message.to_owned(),
    };
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(failed("The preview's request did not arrive as bytes."));
    };
    let (length, rest) = bytes
        .split_first_chunk::<4>()
        .ok_or_else(|| failed("The preview's request was cut short."))?;
    let length = u32::from_le_bytes(*length) as usize;
    if length > rest.len() {
        return Err(failed("The preview's request was cut short."));
    }
    let (json, unstored) = rest.split_at(length);
    let head: PreviewRequest = serde_json::from_slice(json)
        .map_err(|err| failed(&format!("The preview's request could not be read ({err}).")))?;
    Ok((head, (!unstored.is_empty()).then_some(unstored)))
}

/// The article page for the sandboxed preview frame: the editor's fields (small, maybe not
/// saved yet) with the body as stored and the typing not stored yet; the body is never sent as
/// text. The page goes back as its UTF-8 bytes, not as a JSON string: a long story's page is
/// tens of kilobytes, asked for on every pause in typing.
#[tauri::command(async)]
pub fn preview_page(
    state: State<'_, DeskState>,
    request: Request<'_>,
) -> Result<Response, CommandError> {
    let (head, unstored) = preview_request(&request)?;
    let options = RenderOptions {
        typographic_quotes: head.typographic_quotes,
        line_anchors: true,
    };
    let address = PhotoAddress::App(crate::commands::photos::photo_base());
    state
        .with_store(|store| {
            let content = store.with_stored_body(head.article_id, head.fields, unstored)?;
            store.preview_page(head.article_id, &content, options, &address)
        })
        .map(|page| Response::new(page.into_bytes()))
}

/// What to fix before the story goes to an editor, on the same as the preview.
#[tauri::command(async)]
pub fn preflight_check(
    state: State<'_, DeskState>,
    checks: State<'_, crate::commands::style::TextChecks>,
    request: Request<'_>,
) -> Result<Vec<PreflightItem>, CommandError> {
    let (head, unstored) = preview_request(&request)?;
    let article_id = head.article_id;
    let (content, mut items, (right, marks)) = state.with_store(|store| {
        let content = store.with_stored_body(article_id, head.fields, unstored)?;
        let items = store.preflight(article_id, &content, Utc::now())?;
        Ok((content, items, store.left_alone_in(article_id)?))
    })?;
    // Spelling and the house style as warnings, as `newsroom check` lists them.
    let allowed: Vec<&str> = right.iter().map(String::as_str).collect();
    items.extend(checks.of(&state, &content.language)?.warnings(
        &content.headline,
        &content.standfirst,
        &content.body,
        &allowed,
        &marks,
    ));
    Ok(items)
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
    #[cfg(target_os = "linux")]
    window
        .with_webview(|webview| crate::web_process::look_after(&webview.inner()))
        .map_err(failed)?;
    window.on_window_event(move |event| {
        if let tauri::WindowEvent::Destroyed = event {
            let _ = app.emit_to("main", "preview-window-closed", ());
        }
    });
    Ok(())
}
