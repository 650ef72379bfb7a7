//! Photos: attaching files (dialog, drag and drop, paste), their credits, the library, and the
//! `photo:` protocol the window loads thumbnails and preview pictures from.
//!
//! Decoding a large photo takes a moment, so files are read and prepared before the store is
//! locked; only the short write holds it. These commands are async, so none of it runs on the
//! window's thread.

use std::path::PathBuf;

use chrono::Utc;
use newsroom_core::photo::{ArticlePhoto, Photo, PhotoField};
use newsroom_store::photos::{load_photo_file, photo_file_name, prepare_photo};
use newsroom_store::{
    AttachOutcome, AttachReceipt, LeadChoice, PhotoCleanup, PhotoFile, PhotoPage,
};
use tauri::http::{header, Request, Response, StatusCode};
use tauri::{Manager, State, UriSchemeContext, UriSchemeResponder};
use uuid::Uuid;

use crate::commands::files::{ChosenFiles, FileChoice};
use crate::error::CommandError;
use crate::state::DeskState;

/// Attaches the photo files behind `ticket` (chosen in the dialog or dropped on the window);
/// the first becomes the lead photo when the article has none. One outcome per file: a bad
/// file does not stop the others.
#[tauri::command(async)]
pub fn attach_photo_files(
    state: State<'_, DeskState>,
    chosen: State<'_, ChosenFiles>,
    article_id: Uuid,
    ticket: Uuid,
) -> Result<Vec<AttachOutcome>, CommandError> {
    let paths = chosen.take(ticket, &[FileChoice::Photos, FileChoice::Dropped])?;
    Ok(attach_paths(&state, article_id, &paths))
}

/// Attaches each file of `paths`, one outcome each.
fn attach_paths(state: &DeskState, article_id: Uuid, paths: &[PathBuf]) -> Vec<AttachOutcome> {
    paths
        .iter()
        .map(|path| {
            let file = photo_file_name(path);
            let attached =
                load_photo_file(path)
                    .map_err(CommandError::from)
                    .and_then(|(name, prepared)| {
                        state.with_store(|store| {
                            store.attach_photo(
                                article_id,
                                &prepared,
                                &name,
                                LeadChoice::LeadIfNone,
                                &state.author(),
                                Utc::now(),
                            )
                        })
                    });
            match attached {
                Ok(receipt) => AttachOutcome {
                    file,
                    receipt: Some(receipt),
                    error: None,
                },
                Err(err) => AttachOutcome {
                    file,
                    receipt: None,
                    error: Some(err.message),
                },
            }
        })
        .collect()
}

/// Attaches a pasted photo: the raw bytes are the request body; the headers `article-id` and
/// `file-name` (URI-encoded) say where it goes and what to call it.
#[tauri::command(async)]
pub fn attach_photo_bytes(
    state: State<'_, DeskState>,
    request: tauri::ipc::Request<'_>,
) -> Result<AttachReceipt, CommandError> {
    let failed = |message: &str| CommandError {
        code: crate::error::ErrorCode::Failed,
        message: message.to_owned(),
    };
    let tauri::ipc::InvokeBody::Raw(bytes) = request.body() else {
        return Err(failed("The pasted photo did not arrive as a file."));
    };
    let header_text = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    };
    let article_id = header_text("article-id")
        .and_then(|id| Uuid::parse_str(&id).ok())
        .ok_or_else(|| failed("The pasted photo does not say which article it is for."))?;
    let name = header_text("file-name")
        .map(|name| percent_decode(&name))
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| "pasted photo".to_owned());
    let prepared = prepare_photo(&name, bytes.clone()).map_err(CommandError::from)?;
    state.with_store(|store| {
        store.attach_photo(
            article_id,
            &prepared,
            &name,
            LeadChoice::LeadIfNone,
            &state.author(),
            Utc::now(),
        )
    })
}

/// Attaches what the system clipboard holds when the page's paste event carried no image
/// data (WebKitGTK gives the page none, and hides copied files' addresses): the files copied
/// in a file manager, else the image. Read here, so the page never names a path. Empty when
/// the clipboard holds neither.
#[tauri::command(async)]
pub fn attach_clipboard_photo(
    app: tauri::AppHandle,
    state: State<'_, DeskState>,
    article_id: Uuid,
) -> Result<Vec<AttachOutcome>, CommandError> {
    use tauri_plugin_clipboard_manager::ClipboardExt;
    let files = arboard::Clipboard::new()
        .and_then(|mut clipboard| clipboard.get().file_list())
        .unwrap_or_default();
    if !files.is_empty() {
        return Ok(attach_paths(&state, article_id, &files));
    }
    let Ok(image) = app.clipboard().read_image() else {
        return Ok(Vec::new());
    };
    let name = "pasted photo.png";
    let refused = |reason: newsroom_media::PhotoError| {
        CommandError::from(newsroom_store::StoreError::PhotoRefused {
            file: name.to_owned(),
            reason: reason.to_string(),
        })
    };
    let png = newsroom_media::png_from_rgba(image.rgba().to_vec(), image.width(), image.height())
        .map_err(refused)?;
    let prepared = prepare_photo(name, png).map_err(CommandError::from)?;
    let receipt = state.with_store(|store| {
        store.attach_photo(
            article_id,
            &prepared,
            name,
            LeadChoice::LeadIfNone,
            &state.author(),
            Utc::now(),
        )
    })?;
    Ok(vec![AttachOutcome {
        file: name.to_owned(),
        receipt: Some(receipt),
        error: None,
    }])
}

/// Decodes %XX escapes (what `encodeURIComponent` wrote); anything malformed is kept as is.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = bytes
            .get(at + 1..at + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[at], hex) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                at += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                at += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

/// The photos an article uses, the lead photo first.
#[tauri::command(async)]
pub fn article_photos(
    state: State<'_, DeskState>,
    article_id: Uuid,
) -> Result<Vec<ArticlePhoto>, CommandError> {
    state.with_store(|store| store.article_photos(article_id))
}

/// Sets a typed value of a photo field; `null` returns it to what the file says.
#[tauri::command(async)]
pub fn set_photo_field(
    state: State<'_, DeskState>,
    photo_id: Uuid,
    field: PhotoField,
    value: Option<String>,
) -> Result<Photo, CommandError> {
    state.with_store(|store| store.set_photo_field(photo_id, field, value.as_deref(), Utc::now()))
}

/// Makes a photo the article's lead photo (`null`: none).
#[tauri::command(async)]
pub fn set_lead_photo(
    state: State<'_, DeskState>,
    article_id: Uuid,
    photo_id: Option<Uuid>,
) -> Result<Vec<ArticlePhoto>, CommandError> {
    state.with_store(|store| store.set_lead_photo(article_id, photo_id, Utc::now()))
}

/// Removes a photo from an article (the library keeps it).
#[tauri::command(async)]
pub fn detach_photo(
    state: State<'_, DeskState>,
    article_id: Uuid,
    photo_id: Uuid,
) -> Result<Vec<ArticlePhoto>, CommandError> {
    state.with_store(|store| store.detach_photo(article_id, photo_id, Utc::now()))
}

/// One page of the library, filtered by caption, credit and photographer.
#[tauri::command(async)]
pub fn photo_library(
    state: State<'_, DeskState>,
    query: String,
    offset: u32,
    limit: u32,
) -> Result<PhotoPage, CommandError> {
    state.with_store(|store| store.photo_library(&query, offset, limit))
}

/// Attaches a library photo to an article.
#[tauri::command(async)]
pub fn attach_library_photo(
    state: State<'_, DeskState>,
    article_id: Uuid,
    photo_id: Uuid,
) -> Result<ArticlePhoto, CommandError> {
    state.with_store(|store| {
        store.attach_library_photo(article_id, photo_id, LeadChoice::LeadIfNone, Utc::now())
    })
}

/// Removes every photo no article uses.
#[tauri::command(async)]
pub fn clean_up_unused_photos(state: State<'_, DeskState>) -> Result<PhotoCleanup, CommandError> {
    state.with_store(|store| store.clean_up_unused_photos())
}

/// Where the window loads a photo's pictures from: `photo://localhost/<id>/<thumb|display>`
/// (on Windows, WebView2 spells it `http://photo.localhost/…`).
pub const PHOTO_SCHEME: &str = "photo";

/// The base of photo addresses on this platform, for the preview page.
pub fn photo_base() -> String {
    if cfg!(any(windows, target_os = "android")) {
        format!("http://{PHOTO_SCHEME}.localhost/")
    } else {
        format!("{PHOTO_SCHEME}://localhost/")
    }
}

/// Serves `photo:` requests off the window's thread: the thumbnail or the display rendition of
/// a library photo, nothing else (no originals, no paths).
pub fn serve_photo(
    context: UriSchemeContext<'_, tauri::Wry>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let app = context.app_handle().clone();
    // convertFileSrc in the window encodes the slash between id and picture.
    let path = percent_decode(request.uri().path());
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<DeskState>();
        let mut parts = path.trim_matches('/').split('/');
        let wanted = match (
            parts.next().and_then(|id| Uuid::parse_str(id).ok()),
            parts.next(),
        ) {
            (Some(id), Some("thumb")) => Some((id, PhotoFile::Thumbnail)),
            (Some(id), Some("display")) => Some((id, PhotoFile::Display)),
            _ => None,
        };
        let response = wanted
            .and_then(|(id, which)| state.with_store(|store| store.photo_file(id, which)).ok())
            .and_then(|(file, media_type)| {
                std::fs::read(file).ok().map(|bytes| (bytes, media_type))
            });
        let built = match response {
            Some((bytes, media_type)) => Response::builder()
                .status(StatusCode::OK)
                .header(header::CONTENT_TYPE, media_type.mime())
                .header(header::CACHE_CONTROL, "max-age=31536000, immutable")
                .body(bytes),
            None => Response::builder()
                .status(StatusCode::NOT_FOUND)
                .header(header::CONTENT_TYPE, "text/plain")
                .body(b"no such photo".to_vec()),
        };
        if let Ok(response) = built {
            responder.respond(response);
        }
    });
}
