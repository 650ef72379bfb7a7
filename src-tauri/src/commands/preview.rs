//! The preview pane: the page as the site shows it, and the pre-flight findings, both for the
//! editor's current text.

use chrono::Utc;
use newsroom_core::preflight::{PreflightItem, PreflightLimits};
use newsroom_core::render::RenderOptions;
use newsroom_core::ArticleContent;
use newsroom_store::PhotoAddress;
use tauri::State;
use uuid::Uuid;

use crate::error::CommandError;
use crate::state::DeskState;

/// The article page for the editor's `content`, for the sandboxed preview frame.
#[tauri::command(async)]
pub fn preview_page(
    state: State<'_, DeskState>,
    article_id: Uuid,
    content: ArticleContent,
    typographic_quotes: bool,
) -> Result<String, CommandError> {
    let options = RenderOptions {
        typographic_quotes,
        line_anchors: true,
    };
    let address = PhotoAddress::App(crate::commands::photos::photo_base());
    state.with_store(|store| store.preview_page(article_id, &content, options, &address))
}

/// What to fix before the story goes to an editor.
#[tauri::command(async)]
pub fn preflight_check(
    state: State<'_, DeskState>,
    article_id: Uuid,
    content: ArticleContent,
) -> Result<Vec<PreflightItem>, CommandError> {
    state.with_store(|store| store.preflight(article_id, &content, Utc::now()))
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
