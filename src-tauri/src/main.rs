#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// See the workspace Cargo.toml: the renderer is allocation-bound.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    newsroom_app_lib::run();
}
