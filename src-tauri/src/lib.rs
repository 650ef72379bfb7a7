//! The desktop shell: wires the desk's crates to the window and does nothing else.
//!
//! At start it finds the data folder (NEWSROOM_DATA_DIR, else Tauri's app data folder), starts
//! the log in the app's log folder and opens the store. A store that cannot be opened does not
//! stop the app: the window opens and says why, and every command retries the open, so a disk
//! that was full or read-only is picked up again once it is fixed. Commands live in
//! [`commands`]; each pulls the state, calls one function of a crate and maps the error.

mod commands;
mod error;
mod lists_watch;
mod shared_desk;
mod state;
mod watch;

use std::path::PathBuf;

use tauri::webview::NewWindowResponse;
use tauri::{Emitter, Manager, WebviewWindowBuilder};

use crate::state::DeskState;

/// The data folder: NEWSROOM_DATA_DIR when set (the tests use it), else the app data folder.
fn data_dir(app: &tauri::AppHandle) -> Result<PathBuf, tauri::Error> {
    match std::env::var_os("NEWSROOM_DATA_DIR") {
        Some(dir) if !dir.is_empty() => Ok(PathBuf::from(dir)),
        _ => app.path().app_data_dir(),
    }
}

/// How many log lines may wait for the log file's writer thread (more are dropped, not
/// waited for). tracing-appender's default, 128,000, is a channel it allocates and touches
/// whole at start: 4 MB of the app's memory for a log that writes a few lines a minute.
const LOG_LINES_BUFFERED: usize = 1_024;

/// Logs to the app's log folder (daily files) and to stderr; keeps the writer's guard alive.
fn start_logging(app: &tauri::AppHandle) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    use tracing_subscriber::prelude::*;
    let filter = tracing_subscriber::EnvFilter::try_from_env("NEWSROOM_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let stderr = tracing_subscriber::fmt::layer().with_writer(std::io::stderr);
    let (file_layer, guard) = match app.path().app_log_dir() {
        Ok(dir) => {
            let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
                .buffered_lines_limit(LOG_LINES_BUFFERED)
                .finish(tracing_appender::rolling::daily(dir, "newsroom.log"));
            (
                Some(
                    tracing_subscriber::fmt::layer()
                        .with_ansi(false)
                        .with_writer(writer),
                ),
                Some(guard),
            )
        }
        Err(_) => (None, None),
    };
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(stderr)
        .with(file_layer)
        .try_init();
    guard
}

/// The event that tells the main window a link in a preview was clicked (payload: the URL).
const PREVIEW_LINK_EVENT: &str = "preview-link";

/// What a window does when its sandboxed preview asks for a new window (a clicked link): it is
/// always refused; an http, https or mailto link is handed to the main window, which asks
/// before opening it.
pub(crate) fn refuse_new_windows(
    app: &tauri::AppHandle,
) -> impl Fn(tauri::Url, tauri::webview::NewWindowFeatures) -> NewWindowResponse<tauri::Wry>
       + Send
       + Sync
       + 'static {
    let handle = app.clone();
    move |url, _features| {
        if newsroom_core::render::is_openable_link(url.as_str()) {
            let _ = handle.emit_to("main", PREVIEW_LINK_EVENT, url.as_str());
        }
        NewWindowResponse::Deny
    }
}

/// Builds the main window from tauri.conf.json ("create": false there) with links from the
/// preview refused (see [`refuse_new_windows`]); when it is gone the app ends, detached preview
/// window and all.
fn build_main_window(app: &tauri::App) -> Result<(), Box<dyn std::error::Error>> {
    let config = app
        .config()
        .app
        .windows
        .first()
        .cloned()
        .ok_or("tauri.conf.json defines no window")?;
    let window = WebviewWindowBuilder::from_config(app.handle(), &config)?
        .on_new_window(refuse_new_windows(app.handle()))
        .build()?;
    #[cfg(target_os = "linux")]
    window.with_webview(|webview| web_process::look_after(&webview.inner()))?;
    let handle = app.handle().clone();
    window.on_window_event(move |event| match event {
        tauri::WindowEvent::Destroyed => handle.exit(0),
        // Files dropped on the window are kept in Rust; the page hears only their names.
        tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, position }) => {
            commands::files::files_dropped(&handle, paths, position.x, position.y);
        }
        _ => {}
    });
    Ok(())
}

/// The page's own process (WebKitGTK's web process): what the window does when it ends.
#[cfg(target_os = "linux")]
mod web_process {
    use webkit2gtk::{WebProcessTerminationReason, WebView, WebViewExt};

    /// When the web process that draws the window ends without the app asking (a crash in the
    /// engine, or the system's memory limit), the window would stay blank until the journalist
    /// quit. It is loaded again instead, marked `?restarted`: the main window's address names
    /// the open story (see the UI's `window-place`), so the journalist is back in it, told
    /// what happened; the detached preview's (`#preview`) asks the main window for the story
    /// again, as when it opens. What was typed had gone to the app as it was typed; at most the
    /// last instant's keys are lost.
    pub(crate) fn look_after(view: &WebView) {
        view.connect_web_process_terminated(|view, reason| {
            let why = match reason {
                WebProcessTerminationReason::Crashed => "crashed",
                WebProcessTerminationReason::ExceededMemoryLimit => "went over its memory limit",
                WebProcessTerminationReason::TerminatedByApi => "was ended by the app",
                _ => "ended",
            };
            tracing::warn!(reason = why, "the window's web process ended");
            if reason == WebProcessTerminationReason::TerminatedByApi {
                return;
            }
            match view.uri().and_then(|uri| restarted(&uri)) {
                Some(address) => view.load_uri(address.as_str()),
                None => view.reload(),
            }
        });
    }

    /// The page's address with `?restarted` added, which the page reads as "say what happened"
    /// (the UI's `window-place`); its fragment, which names the open story, kept.
    fn restarted(address: &str) -> Option<tauri::Url> {
        let mut address = tauri::Url::parse(address).ok()?;
        address.set_query(Some(RESTARTED_QUERY));
        Some(address)
    }

    /// The query that marks a page loaded again after its process ended.
    const RESTARTED_QUERY: &str = "restarted";

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn the_address_after_a_crash_keeps_the_open_story_and_says_restarted() {
            let address =
                restarted("tauri://localhost/?restarted#story=0190f2a4").expect("an address");
            assert_eq!(
                address.as_str(),
                "tauri://localhost/?restarted#story=0190f2a4"
            );
            let address =
                restarted("http://tauri.localhost/index.html#story=a%20b").expect("an address");
            assert_eq!(address.query(), Some(RESTARTED_QUERY));
            assert_eq!(address.fragment(), Some("story=a%20b"));
            assert!(restarted("not an address").is_none());
        }
    }
}

/// Puts the calling thread (the shared desk's sync, the watches) at the lowest priority the
/// system gives without privileges: on a laptop's two cores, a sync round and a key typed in
/// the window compete, and the key should win. Nothing is lost when the system refuses.
pub(crate) fn in_the_background() {
    use thread_priority::{set_current_thread_priority, ThreadPriority};
    if let Err(err) = set_current_thread_priority(ThreadPriority::Min) {
        tracing::debug!(?err, "a background thread keeps its priority");
    }
}

/// WebKitGTK paints the window in software, without compositing its layers through OpenGL,
/// unless the person says otherwise (`WEBKIT_DISABLE_COMPOSITING_MODE=0`). The desk is text,
/// lists and a page: repainting the few rectangles a key changes is cheaper than keeping the
/// layers' textures, and on a laptop without a usable GPU (a virtual machine, a remote
/// desktop) the compositing ran through Mesa's software OpenGL. Measured here (no GPU):
/// key to painted glyph at 50,000 words p95 35 → 15 ms, and 88 MB less memory, most of it the
/// web process's (docs/PERFORMANCE.md). Set before GTK starts, while the app has one thread.
fn paint_without_compositing() {
    #[cfg(target_os = "linux")]
    set_unless_the_person_did("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
}

/// JavaScriptCore sizes a page's heap for web pages that keep tens of megabytes alive: it
/// collects in full only once the heap passes 32 MB, or twice (with 16 GB of memory or more,
/// four times) what survived the last full collection, and collects only young objects in
/// between. The desk's page keeps 4 to 7 MB alive, and each story opened lives long enough to
/// be promoted to the old generation, so the stories left behind stayed in memory until the
/// page had been idle for some seconds: the web process grew 143 → 215 MB over 100 stories and
/// fell back to 181 MB once idle. With a full collection once the heap is 1.5 times what
/// survived, and no 32 MB floor, it ends at 177. Key to painted glyph at 50,000 words is the
/// same either way (docs/PERFORMANCE.md, "The script heap collected sooner"). The web process
/// inherits these from the app, so they are set before WebKit starts it, and only where the
/// person has not set them; elsewhere than Linux the engine is not WebKitGTK.
fn collect_script_garbage_sooner() {
    #[cfg(target_os = "linux")]
    for (option, value) in JAVASCRIPTCORE_HEAP {
        set_unless_the_person_did(option, value);
    }
}

/// Sets an environment variable the engine reads, unless the person set it: theirs wins.
/// Called before GTK starts, while the app has one thread.
#[cfg(target_os = "linux")]
fn set_unless_the_person_did(name: &str, value: &str) {
    if std::env::var_os(name).is_none() {
        std::env::set_var(name, value);
    }
}

/// JavaScriptCore's heap options, as its environment names them: the heap's floor (4 MB for
/// its default 32), and its growth before a full collection, on machines with less memory
/// (`smallHeapGrowthFactor`, 2 by default) and more (`heapGrowthMaxIncrease`, 3 by default,
/// added to 1).
#[cfg(target_os = "linux")]
const JAVASCRIPTCORE_HEAP: [(&str, &str); 3] = [
    ("JSC_largeHeapSize", "4194304"),
    ("JSC_smallHeapGrowthFactor", "1.5"),
    ("JSC_heapGrowthMaxIncrease", "0.5"),
];

/// Starts the app.
#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    paint_without_compositing();
    collect_script_garbage_sooner();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .register_asynchronous_uri_scheme_protocol(
            commands::photos::PHOTO_SCHEME,
            commands::photos::serve_photo,
        )
        .setup(|app| {
            let handle = app.handle();
            let log_guard = start_logging(handle);
            let dir = data_dir(handle)?;
            app.manage(DeskState::open(dir.clone(), whoami::realname(), log_guard));
            app.manage(commands::files::ChosenFiles::default());
            app.manage(commands::export::ExportedFiles::default());
            app.manage(commands::style::TextChecks::default());
            // The outbox worker sends queued exports on its own thread and connection.
            watch::start(dir.clone(), handle.clone());
            // Every window's lists follow changes made anywhere (see lists_watch).
            lists_watch::start(dir.clone(), handle.clone());
            // The shared desk's sync, on its own thread and connection; idle until joined.
            app.manage(shared_desk::DeskSync::start(dir.clone(), handle.clone()));
            app.manage(newsroom_publish::Worker::start(
                // On a shared desk each push is claimed there: one post per story per site.
                move || {
                    newsroom_store::Store::open(&dir).ok().map(|store| {
                        newsroom_desk::ledger::SharedLedger::new(
                            store,
                            newsroom_desk::setup::kept_password,
                        )
                    })
                },
                newsroom_publish::PushSettings::default(),
                commands::export::EmitToWindow::new(handle.clone()),
            ));
            build_main_window(app)?;
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app::desk_status,
            commands::shared_desk::shared_desk_status,
            commands::shared_desk::join_shared_desk,
            commands::shared_desk::leave_shared_desk,
            commands::shared_desk::sync_shared_desk,
            commands::shared_desk::send_refused_again,
            commands::shared_desk::shared_desk_story_open,
            commands::shared_desk::shared_desk_cursor,
            commands::shared_desk::story_authors,
            commands::shared_desk::set_story_author,
            commands::app::quit_app,
            commands::app::open_link,
            commands::articles::list_articles,
            commands::articles::list_trash,
            commands::articles::get_article,
            commands::articles::create_article,
            commands::articles::save_article,
            commands::body::body_document,
            commands::body::push_body,
            commands::body::body_since,
            commands::body::save_fields,
            commands::body::changed_while_away,
            commands::body::mark_body_seen,
            commands::articles::duplicate_article,
            commands::articles::trash_article,
            commands::articles::restore_from_trash,
            commands::articles::empty_trash,
            commands::articles::search_articles,
            commands::revisions::list_revisions,
            commands::revisions::revision_diff,
            commands::revisions::restore_revision,
            commands::vocabulary::list_sections,
            commands::vocabulary::create_section,
            commands::vocabulary::rename_section,
            commands::vocabulary::move_section,
            commands::vocabulary::set_section_retired,
            commands::vocabulary::delete_section,
            commands::vocabulary::suggest_tags,
            commands::vocabulary::list_tags,
            commands::vocabulary::rename_tag,
            commands::vocabulary::merge_tags,
            commands::vocabulary::get_filing,
            commands::vocabulary::set_article_sections,
            commands::vocabulary::add_article_tag,
            commands::vocabulary::remove_article_tag,
            commands::vocabulary::get_max_tags,
            commands::vocabulary::set_max_tags,
            commands::vocabulary::export_vocabularies,
            commands::vocabulary::import_vocabularies,
            commands::vocabulary::set_section_media_topic,
            commands::vocabulary::set_tag_media_topic,
            commands::preview::preview_page,
            commands::preview::preflight_check,
            commands::preview::get_preflight_limits,
            commands::preview::set_preflight_limits,
            commands::preview::open_preview_window,
            commands::workflow::desk_people,
            commands::workflow::switch_profile,
            commands::workflow::add_profile,
            commands::workflow::move_story,
            commands::workflow::workflow_events,
            commands::workflow::changed_since_approval,
            commands::workflow::review_queue,
            commands::workflow::stories_waiting_on_me,
            commands::style::check_text,
            commands::style::suggest_spelling,
            commands::style::add_newsroom_word,
            commands::style::mark_correct,
            commands::style::house_style,
            commands::style::save_style_rule,
            commands::style::remove_style_rule,
            commands::style::try_style_rule,
            commands::style::import_house_style,
            commands::style::export_house_style,
            commands::workflow::list_comments,
            commands::workflow::add_comment,
            commands::workflow::set_comment_resolved,
            commands::articles::set_embargo,
            commands::workflow::desk_overview,
            commands::photos::attach_photo_files,
            commands::photos::attach_photo_bytes,
            commands::photos::attach_clipboard_photo,
            commands::photos::article_photos,
            commands::photos::set_photo_field,
            commands::photos::set_lead_photo,
            commands::photos::detach_photo,
            commands::photos::photo_library,
            commands::photos::attach_library_photo,
            commands::photos::clean_up_unused_photos,
            commands::export::list_targets,
            commands::export::add_target,
            commands::export::remove_target,
            commands::export::test_target,
            commands::export::export_story_file,
            commands::export::show_exported_file,
            commands::export::push_story,
            commands::export::list_outbox,
            commands::export::list_desk_pushes,
            commands::export::story_posts,
            commands::export::give_target_login,
            commands::export::settle_export,
            commands::export::add_folder_target,
            commands::wire::import_wire_files,
            commands::wire::wire_source,
            commands::wire::waiting_pictures,
            commands::wire::fetch_waiting_pictures,
            commands::wire::get_wire_settings,
            commands::wire::set_newsroom_name,
            commands::wire::set_watched_folder,
            commands::files::choose_files,
            commands::wire::get_related,
            commands::wire::set_related,
            commands::workflow::get_edit_policy,
            commands::workflow::set_edit_policy,
        ])
        .run(tauri::generate_context!());
    if let Err(err) = result {
        eprintln!("Newsroom could not start: {err}");
        std::process::exit(1);
    }
}
