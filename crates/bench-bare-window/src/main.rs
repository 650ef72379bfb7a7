//! The control the window bench measures the desk against (tests/e2e/bench-window.mjs): a
//! Tauri 2 app with nothing of the desk in it, one window showing a page with a text area,
//! built with the same profile as the app. What the desk's window costs in memory and in
//! start time is its figure less this one's, measured in the same run.
//!
//! It is a workspace member so that it builds with the app's own Tauri, WebKitGTK and
//! features: a control built differently would measure the difference in builds instead.

fn main() {
    if let Err(err) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("The bare window could not start: {err}");
        std::process::exit(1);
    }
}
