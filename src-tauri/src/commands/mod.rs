//! The commands the window may call (each one granted in capabilities/main.json).

pub mod app;
pub mod articles;
pub mod revisions;
