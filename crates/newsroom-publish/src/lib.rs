//! Sending approved stories to a WordPress site, safely when offline.
//!
//! A push is first a row in the outbox (kept by the desk, which this crate speaks to only
//! through [`newsroom_core::desk::PublishLedger`]), then an attempt by the worker
//! ([`outbox`]): terms, photos and the post ([`push`]) over the site's REST API
//! ([`wordpress`]), with the application password from the OS keychain ([`keychain`]). Every
//! step is idempotent (stored ids, lookups by stable slugs), so a retry after a timeout whose
//! request did arrive, or after a crash between the photos and the post, never makes a
//! duplicate; an edit made on the site is never overwritten without a person choosing to.

#![warn(missing_docs)]

pub mod download;
pub mod keychain;
pub mod outbox;
pub mod push;
pub mod targets;
pub mod wordpress;

pub use download::fetch_picture;
pub use keychain::{Keychain, KeychainError, KeychainKind};
pub use outbox::{send_due, send_now, Worker, WorkerObserver};
pub use push::{check_folder, push_entry, Progress, PushObserver, PushSettings, RecordProgress};
pub use targets::{add_wordpress_target, give_wordpress_login, test_target};
pub use wordpress::{check_site_url, WordPress, WpError};
