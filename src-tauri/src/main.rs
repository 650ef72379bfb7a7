#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    newsroom_app_lib::run();
}
