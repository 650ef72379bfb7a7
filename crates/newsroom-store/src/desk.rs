//! The laptop's store as the desk interface ([`newsroom_core::desk`]): each call is the
//! store's own method of the same name, its error said in the same words.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use newsroom_core::desk::{DeskError, DeskErrorKind, PublishLedger, StorySource};
use newsroom_core::export::ExportStory;
use uuid::Uuid;

use crate::error::StoreError;
use crate::outbox::{OutboxEntry, OutboxOutcome, PostReceipt, RemotePost, Target};
use crate::{PhotoFile, Store};

impl From<StoreError> for DeskError {
    fn from(err: StoreError) -> Self {
        let kind = if err.is_transient() {
            DeskErrorKind::Transient
        } else {
            match err {
                StoreError::Workflow(_)
                | StoreError::NotFound { .. }
                | StoreError::InTrash
                | StoreError::Conflict { .. }
                | StoreError::FieldConflict { .. }
                | StoreError::SectionInUse { .. }
                | StoreError::SectionHasChildren { .. }
                | StoreError::PhotoRefused { .. }
                | StoreError::Invalid(_) => DeskErrorKind::Refused,
                _ => DeskErrorKind::Failed,
            }
        };
        DeskError::new(kind, err.to_string())
    }
}

impl StorySource for Store {
    fn export_story(&self, article_id: Uuid) -> Result<ExportStory, DeskError> {
        Ok(Store::export_story(self, article_id)?)
    }

    fn approved_stories(&self) -> Result<Vec<Uuid>, DeskError> {
        Ok(Store::approved_stories(self)?)
    }

    fn photo_original(&self, photo_id: Uuid) -> Result<PathBuf, DeskError> {
        let (path, _) = self.photo_file(photo_id, PhotoFile::Original)?;
        Ok(path)
    }
}

impl PublishLedger for Store {
    fn target(&self, name_or_id: &str) -> Result<Target, DeskError> {
        Ok(Store::target(self, name_or_id)?)
    }

    fn add_target(
        &mut self,
        name: &str,
        url: &str,
        username: &str,
        now: DateTime<Utc>,
    ) -> Result<Target, DeskError> {
        Ok(Store::add_target(self, name, url, username, now)?)
    }

    fn set_target_user(&mut self, id: Uuid, username: &str) -> Result<(), DeskError> {
        Ok(Store::set_target_user(self, id, username)?)
    }

    fn remove_target(&mut self, id: Uuid) -> Result<Target, DeskError> {
        Ok(Store::remove_target(self, id)?)
    }

    fn due_outbox(&self, now: DateTime<Utc>) -> Result<Vec<Uuid>, DeskError> {
        Ok(Store::due_outbox(self, now)?)
    }

    fn next_outbox_due(&self) -> Result<Option<DateTime<Utc>>, DeskError> {
        Ok(Store::next_outbox_due(self)?)
    }

    fn claim_outbox(
        &mut self,
        id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Option<OutboxEntry>, DeskError> {
        Ok(Store::claim_outbox(self, id, now)?)
    }

    fn outbox_progress(
        &mut self,
        id: Uuid,
        steps: (u32, u32),
        bytes: (u64, u64),
        now: DateTime<Utc>,
    ) -> Result<bool, DeskError> {
        Ok(Store::outbox_progress(self, id, steps, bytes, now)?)
    }

    fn finish_outbox(
        &mut self,
        id: Uuid,
        outcome: OutboxOutcome,
        now: DateTime<Utc>,
    ) -> Result<OutboxEntry, DeskError> {
        Ok(Store::finish_outbox(self, id, outcome, now)?)
    }

    fn recover_outbox(&mut self, now: DateTime<Utc>) -> Result<u32, DeskError> {
        Ok(Store::recover_outbox(self, now)?)
    }

    fn remote_post(
        &self,
        article_id: Uuid,
        target_id: Uuid,
    ) -> Result<Option<RemotePost>, DeskError> {
        Ok(Store::remote_post(self, article_id, target_id)?)
    }

    fn record_remote_post(
        &mut self,
        article_id: Uuid,
        target_id: Uuid,
        slug: &str,
        receipt: &PostReceipt,
        revision_id: Option<Uuid>,
    ) -> Result<(), DeskError> {
        Ok(Store::record_remote_post(
            self,
            article_id,
            target_id,
            slug,
            receipt,
            revision_id,
        )?)
    }

    fn remote_media(
        &self,
        photo_id: Uuid,
        target_id: Uuid,
    ) -> Result<Option<(u64, String)>, DeskError> {
        Ok(Store::remote_media(self, photo_id, target_id)?)
    }

    fn record_remote_media(
        &mut self,
        photo_id: Uuid,
        target_id: Uuid,
        media_id: u64,
        url: &str,
    ) -> Result<(), DeskError> {
        Ok(Store::record_remote_media(
            self, photo_id, target_id, media_id, url,
        )?)
    }

    fn remote_term(
        &self,
        target_id: Uuid,
        taxonomy: &str,
        name: &str,
    ) -> Result<Option<u64>, DeskError> {
        Ok(Store::remote_term(self, target_id, taxonomy, name)?)
    }

    fn record_remote_term(
        &mut self,
        target_id: Uuid,
        taxonomy: &str,
        name: &str,
        term_id: u64,
    ) -> Result<(), DeskError> {
        Ok(Store::record_remote_term(
            self, target_id, taxonomy, name, term_id,
        )?)
    }

    fn mark_published(
        &mut self,
        article_id: Uuid,
        editor: Uuid,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<(), DeskError> {
        Ok(Store::mark_published(self, article_id, editor, note, now)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_error_keeps_its_words_and_says_what_kind_it_is() {
        let refused = DeskError::from(StoreError::Workflow("Only approved stories go.".into()));
        assert_eq!(refused.kind(), DeskErrorKind::Refused);
        assert_eq!(refused.to_string(), "Only approved stories go.");

        let gone = StoreError::NotFound {
            what: "article",
            id: Uuid::nil(),
        };
        let said = gone.to_string();
        let gone = DeskError::from(gone);
        assert_eq!(gone.kind(), DeskErrorKind::Refused);
        assert_eq!(gone.to_string(), said);

        let full = StoreError::NoSpace {
            path: PathBuf::from("photo.jpg"),
        };
        let said = full.to_string();
        let full = DeskError::from(full);
        assert!(full.is_transient());
        assert_eq!(full.to_string(), said);

        let odd = DeskError::from(StoreError::BadRow("outbox state \"x\"".into()));
        assert_eq!(odd.kind(), DeskErrorKind::Failed);
    }
}
