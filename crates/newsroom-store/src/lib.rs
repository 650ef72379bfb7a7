//! The desk's storage: one SQLite file that only Rust opens.
//!
//! Durability is the point of this crate. The database runs in WAL mode with
//! `synchronous=FULL`, so a commit that returned is on disk and survives a crash or a power cut;
//! every write runs in a `BEGIN IMMEDIATE` transaction, so two writers never interleave and a
//! failed write leaves nothing half-done. A caller is told "saved" only by a function of this
//! crate that returned `Ok` after its commit.
//!
//! The body is stored in one module ([`articles`]) behind [`Store::save_article`]; a later
//! synchronisation step (a CRDT body) replaces that module, not its callers.

#![warn(missing_docs)]

pub mod articles;
pub mod authority;
mod body;
pub use body::{AwayChanges, AwaySegment, ChangedBy, FieldAway};
pub mod comments;
mod desk;
pub mod error;
pub mod export;
/// Files from outside read safely, and files a person asked for written safely (the
/// `newsroom-files` crate, kept here under its old name).
pub use newsroom_files as files;
pub mod desk_authors;
mod desk_photos;
pub mod desk_pushes;
pub mod desk_revisions;
mod desk_sites;
mod desk_vocabulary;
mod lists_watch;
pub use lists_watch::ListsWatch;
mod desk_house_style;
mod house_style;
pub mod maintenance;
pub use house_style::{ImportedStyle, StyleChange};
mod newsroom_words;
pub mod outbox;
pub mod photos;
pub mod preview;
pub mod revisions;
#[cfg(feature = "sample")]
pub mod sample;
mod schema;
pub mod search;
pub mod shared_desk;
mod site_posts;
mod sql_id;
mod time;
pub mod vocabulary;
pub mod waiting_pictures;
pub mod wire;
pub mod workflow;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use articles::{ListFilter, SaveReceipt};
pub use comments::{Comment, PassageAnchor};
pub use desk_authors::{
    Colleague, DeskAuthor, DeskAuthorRemoval, NoLongerYours, OutgoingAuthor, StoryAuthor,
};
pub use desk_house_style::DeskKept;
pub use desk_photos::{PhotoFileToSend, PhotoNotTaken, PhotoToFetch};
pub use desk_pushes::{DeskPush, DeskPushEntry, OutgoingPush};
pub use desk_revisions::{DeskRevision, DeskRevisionText, OutgoingRevision};
pub use desk_sites::DeskSite;
pub use desk_vocabulary::DeskTerm;
pub use error::{StoreError, StoreResult};
pub use maintenance::DoctorReport;
pub use outbox::{
    OutboxEntry, OutboxOutcome, OutboxState, PostReceipt, RemotePost, RemoteVersion,
    RequestedStatus, Target, TargetKind,
};
pub use photos::{AttachOutcome, AttachReceipt, LeadChoice, PhotoCleanup, PhotoFile, PhotoPage};
pub use preview::PhotoAddress;
pub use search::{SearchHit, SnippetPart};
pub use shared_desk::{
    DeskBodyUpdate, DeskChange, DeskComment, DeskEvent, DeskFieldChange, DeskLink, DeskPerson,
    DeskRefusal, DeskStory, DeskWaiting, Incoming, OutgoingChange, OutgoingStory, SentAgain,
};
pub use site_posts::DeskPost;
pub use waiting_pictures::{PictureArrival, WaitingPicture};
pub use wire::{
    no_fetch, FetchFailure, FetchPicture, ImportOutcome, RelatedStory, WireOriginal, WireSource,
};
pub use workflow::{DeskOverview, Profile, QueueItem, Seen, WorkflowEvent};

/// File name of the database inside the data folder.
pub const DATABASE_FILE: &str = "newsroom.sqlite3";

/// The open article database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// This connection's name as the holder of an outbox lease: two processes (or two
    /// connections of one) on the same folder never send the same entry at once.
    sender_id: uuid::Uuid,
    /// The profile at the desk, whose role the authority rule is asked about
    /// ([`Store::set_actor`]); `None` until one is put there.
    actor: Option<Profile>,
    /// The writer this connection's whole-text changes to story bodies are made as (one per
    /// open store, as each save loads the whole document first; see [`newsroom_body::Writer`]).
    body_writer: newsroom_body::Writer,
    /// The document of the story saved last, kept for the next save (see
    /// [`body::OpenBody`]); taken out for each change, put back once it committed.
    open_body: Option<body::OpenBody>,
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir` and brings its schema up to date.
    ///
    /// A file that is not a database, is damaged, or was written by a newer version is refused
    /// and left exactly as it was.
    pub fn open(data_dir: &Path) -> StoreResult<Self> {
        std::fs::create_dir_all(data_dir).map_err(|source| StoreError::Io {
            path: data_dir.to_owned(),
            source,
        })?;
        let path = data_dir.join(DATABASE_FILE);
        let conn = schema::open_and_migrate(&path)?;
        tracing::info!(path = %path.display(), "article database open");
        Ok(Self {
            conn,
            path,
            sender_id: uuid::Uuid::now_v7(),
            actor: None,
            body_writer: newsroom_body::Writer::new(),
            open_body: None,
        })
    }

    /// Runs `work` in a write transaction with what a change to a body needs (this store's
    /// writer, and the document kept from the last save, taken out), commits, and keeps the
    /// document `work` gave back for the next save. On any error nothing is kept: the document
    /// may hold a change that was rolled back.
    pub(crate) fn body_transaction<T>(
        &mut self,
        work: impl FnOnce(
            &rusqlite::Transaction<'_>,
            body::BodyHandle,
        ) -> StoreResult<(T, Option<body::OpenBody>)>,
    ) -> StoreResult<T> {
        let handle = body::BodyHandle {
            writer: self.body_writer,
            open: self.open_body.take(),
        };
        let tx = self.write_transaction()?;
        let (value, open) = work(&tx, handle)?;
        tx.commit()?;
        self.open_body = open;
        Ok(value)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}
