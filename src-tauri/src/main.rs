#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

// The app keeps the system's allocator, unlike the command line: mimalloc committed its arenas
// eagerly and held about 22 MB more of the app's memory from the start (docs/PERFORMANCE.md),
// for a tenth of a millisecond off a preview render.

fn main() {
    newsroom_app_lib::run();
}
