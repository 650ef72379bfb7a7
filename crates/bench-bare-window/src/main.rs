//! The control the window bench measures the desk against (tests/e2e/bench-window.mjs): a
//! Tauri 2 app with nothing of the desk in it, one window showing a page with a text area,
//! built with the same profile as the app. What the desk's window costs in memory and in
//! start time is its figure less this one's, measured in the same run.
//!
//! It is a workspace member so that it builds with the app's own Tauri, WebKitGTK and
//! features: a control built differently would measure the difference in builds instead.
//! For the same reason it paints as the app does, without compositing (src-tauri's
//! `paint_without_compositing`). It keeps JavaScriptCore's own heap sizes, which the app
//! lowers (`collect_script_garbage_sooner`): a page with a text area makes no garbage to
//! collect, and its memory is the same with the app's sizes or without (212 MB PSS in the
//! same hour, docs/PERFORMANCE.md).

fn main() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    if let Err(err) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("The bare window could not start: {err}");
        std::process::exit(1);
    }
}
