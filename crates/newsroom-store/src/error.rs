//! Why a storage operation failed, in words for the journalist, with the technical cause kept
//! as the error's source for the log.
//!
//! SQLite reports a full disk, a write-protected file and a damaged file with distinct result
//! codes; [`From<rusqlite::Error>`] sorts them into the variants below so that the app can say
//! what happened and whether retrying can help.

use std::path::PathBuf;

use newsroom_core::ValidationError;
use thiserror::Error;
use uuid::Uuid;

/// A failed storage operation.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The database was written by a newer version of the app; it is left untouched.
    #[error(
        "This database was written by a newer version of Newsroom (schema {found}; this version knows up to {supported}). \
         Nothing was changed. Install the newer version to open it."
    )]
    NewerSchema {
        /// The schema version found in the file.
        found: i64,
        /// The newest schema version this build knows.
        supported: i64,
    },
    /// The file is not a database or is damaged; it is left untouched.
    #[error(
        "The article database is damaged or is not a Newsroom database. Nothing was changed; \
         run `newsroom doctor` for details and restore a backup."
    )]
    Corrupt(#[source] rusqlite::Error),
    /// The database cannot be written (read-only file, folder or disk).
    #[error("The article database cannot be written to (it or its folder is read-only). Your text is kept in the editor; saving is retried.")]
    Unwritable(#[source] rusqlite::Error),
    /// The operating system refused or failed a write (a disk error, a file locked by another
    /// program, a removed drive).
    #[error("The article could not be written to the disk. Your text is kept in the editor; saving is retried.")]
    WriteFailed(#[source] rusqlite::Error),
    /// The disk is full.
    #[error(
        "The disk is full. Your text is kept in the editor; free some space and it will be saved."
    )]
    DiskFull(#[source] rusqlite::Error),
    /// A file (a photo) could not be written because the disk is full; nothing was changed.
    #[error("The disk is full, so {} could not be written. Nothing was changed; free some space and try again.", crate::photos::photo_file_name(path))]
    NoSpace {
        /// The file that could not be written.
        path: PathBuf,
    },
    /// Another program holds the database for longer than the busy timeout.
    #[error("The article database is busy in another program; saving is retried.")]
    Busy(#[source] rusqlite::Error),
    /// No such article, revision or row.
    #[error("The {what} {id} does not exist (it may have been deleted).")]
    NotFound {
        /// What was looked for, in words ("article").
        what: &'static str,
        /// Its id.
        id: Uuid,
    },
    /// The article changed since the editor loaded it (another window, instance or the command line).
    #[error(
        "This article was changed elsewhere (another window or the command line) since you opened it. \
         Your text is still in the editor; reload the article to see the other change."
    )]
    Conflict {
        /// The version the save was based on.
        expected: u32,
        /// The version now stored.
        current: u32,
    },
    /// The same field was changed elsewhere and in the editor, to different values.
    #[error(
        "The {field} was changed elsewhere (another window or the command line) while you changed it too. \
         Your text is still in the editor; keep it as a copy, or load the other version."
    )]
    FieldConflict {
        /// The field's label ("headline", "standfirst", …).
        field: &'static str,
    },
    /// The article is in the Trash and cannot be edited there.
    #[error("This article is in the Trash; restore it to edit it.")]
    InTrash,
    /// A section that articles use cannot be deleted; it can be retired.
    #[error("\"{name}\" is used by {articles} article(s) and cannot be deleted. Retire it instead: it disappears from the pickers and stays on those articles.")]
    SectionInUse {
        /// The section's name.
        name: String,
        /// How many articles use it (the Trash included).
        articles: u32,
    },
    /// A section with sub-sections cannot be deleted.
    #[error("\"{name}\" has {children} sub-section(s); delete or move them first, or retire it.")]
    SectionHasChildren {
        /// The section's name.
        name: String,
        /// How many sub-sections it has.
        children: u32,
    },
    /// A vocabulary file that cannot be read or is not JSON of the expected shape.
    #[error("{path} is not a vocabulary file Newsroom can read ({detail}). Nothing was imported.")]
    VocabularyUnreadable {
        /// The file.
        path: PathBuf,
        /// What was wrong with it.
        detail: String,
    },
    /// A vocabulary file of a format this version does not read; nothing was imported.
    #[error("This vocabulary file is format {0}; this version of Newsroom reads format 1. Nothing was imported.")]
    VocabularyFormat(u32),
    /// A vocabulary file that refers to something it does not contain; nothing was imported.
    #[error("The vocabulary file does not hold together: {0}. Nothing was imported.")]
    VocabularyReference(String),
    /// A photo file that cannot be attached; the article is unchanged.
    #[error("\"{file}\" was not attached: {reason}. The article is unchanged.")]
    PhotoRefused {
        /// The file's name.
        file: String,
        /// Why, in words.
        reason: String,
    },
    /// The workflow refuses the move or the edit; the message says why.
    #[error("{0}")]
    Workflow(String),

    /// A word for the newsroom's dictionary that is not one word.
    #[error("“{0}” cannot go in the newsroom's dictionary: give one word of at most 100 letters.")]
    NotAWord(String),
    /// A change of the house style the desk cannot take (nothing was changed); each reason
    /// names its rule.
    #[error("The house style was not changed. {}", .0.join(" "))]
    HouseStyle(Vec<String>),
    /// The input breaks a limit of the desk.
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// A stored value this version cannot read.
    #[error("A stored value could not be read ({0}); run `newsroom doctor`.")]
    BadRow(String),
    /// The data folder could not be created or read, or a backup file could not be written.
    #[error("The folder or file {path} cannot be used: {source}")]
    Io {
        /// The path concerned.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// A change to a story's text was refused: unreadable, incomplete, or too large.
    #[error("{0}. It was not saved; what you wrote is kept in the editor.")]
    Body(#[from] newsroom_body::BodyError),
    /// The copy kept before an upgrade could not be written, so nothing was upgraded.
    #[error("Newsroom keeps a copy of the article database before upgrading it, and the copy could not be written ({0}). Nothing was changed; free some disk space and start Newsroom again.")]
    BackupBeforeUpgrade(String),
    /// Applying the database migrations failed; the transaction was rolled back.
    #[error(
        "The article database could not be upgraded; nothing was changed. Details are in the log."
    )]
    Migration(#[source] rusqlite_migration::Error),
    /// Any other SQLite failure.
    #[error("The article database reported an unexpected error; details are in the log.")]
    Sqlite(#[source] rusqlite::Error),
}

impl StoreError {
    /// True when the same operation may succeed later without the user changing anything
    /// (disk space freed, permissions restored, another program finished).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            StoreError::Unwritable(_)
                | StoreError::WriteFailed(_)
                | StoreError::DiskFull(_)
                | StoreError::NoSpace { .. }
                | StoreError::Busy(_)
        )
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match err.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => StoreError::DiskFull(err),
            Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
                StoreError::Unwritable(err)
            }
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy(err),
            Some(ErrorCode::SystemIoFailure) => StoreError::WriteFailed(err),
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => StoreError::Corrupt(err),
            _ => StoreError::Sqlite(err),
        }
    }
}

/// Result of a storage operation.
pub type StoreResult<T> = Result<T, StoreError>;

/// Writes `text` and a final line break to the file `path` a person chose (an export of the
/// vocabularies or the house style): replaced only when `replace` allows, never through a
/// link; a refusal is the store's `Io` error naming the path.
pub(crate) fn write_text_file(
    path: &std::path::Path,
    text: &str,
    replace: newsroom_files::Replace,
) -> StoreResult<()> {
    let io = |source| StoreError::Io {
        path: path.to_owned(),
        source,
    };
    newsroom_files::write_file(path, format!("{text}\n").as_bytes(), replace).map_err(|refusal| {
        match refusal {
            newsroom_files::WriteRefusal::Io(source) => io(source),
            other => io(std::io::Error::other(other.to_string())),
        }
    })
}
