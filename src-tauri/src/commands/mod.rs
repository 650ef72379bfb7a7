//! The commands the window may call (each one granted in capabilities/main.json).

#![allow(
    clippy::needless_pass_by_value,
    reason = "Tauri deserialises command arguments and hands them over by value"
)]

pub mod app;
pub mod articles;
pub mod export;
pub mod files;
pub mod photos;
pub mod preview;
pub mod revisions;
pub mod vocabulary;
pub mod wire;
pub mod workflow;
