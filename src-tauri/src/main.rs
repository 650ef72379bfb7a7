#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// Release builds only; see the workspace Cargo.toml.
#[cfg(not(debug_assertions))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    newsroom_app_lib::run();
}
