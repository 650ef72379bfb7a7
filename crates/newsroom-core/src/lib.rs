//! The newsroom's domain, free of I/O.
//!
//! Everything here is a pure function of its inputs: the store passes in the current time,
//! ids and stored values, and gets back decisions and derived values. That keeps the rules a
//! journalist depends on (how words are counted, when a revision is kept, what a diff shows)
//! in one place that the desktop app, the command line and the tests all share, and lets them
//! be tested without a database or a window.

#![warn(missing_docs)]

pub mod article;
pub mod authority;
pub mod clean;
pub mod desk;
pub mod diff;
pub mod error;
pub mod export;
pub mod fetch;
pub mod outbox;
pub mod photo;
pub mod preflight;
pub mod render;
pub mod revision;
pub mod text_stats;
pub mod vocabulary;
pub mod workflow;

pub use article::{Article, ArticleContent, ArticleFields, ArticlePatch, ArticleSummary};
pub use diff::{diff_for_review, diff_words, DiffSegment, DiffTag};
pub use error::ValidationError;
pub use photo::{ArticlePhoto, Photo, PhotoField, PhotoMetadata, PhotoType};
pub use revision::{Revision, RevisionAction, RevisionKind, RevisionSummary};
pub use text_stats::{reading_minutes, word_count, TextStats, WORDS_PER_MINUTE};
pub use vocabulary::{ArticleFiling, ImportReport, Section, Tag, VocabularyFile};
pub use workflow::{Role, WorkflowAction, WorkflowState};
