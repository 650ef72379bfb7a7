//! The approved story as every output needs it ([`ExportStory`]), built from the revision an
//! editor approved, never from the text as it is now.

use newsroom_core::export::{
    story_slug, ExportPhoto, ExportRelated, ExportSource, ExportStory, ExportSubject,
};
use newsroom_core::photo::photos_in_body;
use newsroom_core::workflow::WorkflowState;
use rusqlite::params;
use uuid::Uuid;

use crate::error::{StoreError, StoreResult};
use crate::sql_id::SqlId;
use crate::{time, Store};

impl Store {
    /// The story as it goes out: the approved revision's text, its section, tags and photos
    /// (lead first), embargo and stable slug. Refused, in words, for a story no editor approved
    /// or one that was killed.
    pub fn export_story(&self, article_id: Uuid) -> StoreResult<ExportStory> {
        let article = self.article(article_id)?;
        if article.trashed_at.is_some() {
            return Err(StoreError::InTrash);
        }
        let approved = self.approved_revision(article_id)?;
        let revision_id = match (article.status, approved) {
            (WorkflowState::Approved | WorkflowState::Published, Some(id)) => id,
            (state, _) => {
                return Err(StoreError::Workflow(format!(
                    "\"{}\" is {}: only a story an editor approved can go out.",
                    display_headline(&article.content.headline),
                    state.label().to_lowercase()
                )))
            }
        };
        let (_, revision) = self.revision(revision_id)?;
        let (version, embargo): (u32, Option<String>) = self.conn.query_row(
            "SELECT (SELECT count(*) FROM revisions r WHERE r.article_id = a.id
                       AND (r.created_at, r.id) <= (SELECT created_at, id FROM revisions WHERE id = ?2)),
                    a.embargo_until
             FROM articles a WHERE a.id = ?1",
            params![SqlId(article_id), SqlId(revision_id)],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        let filing = self.article_filing(article_id)?;
        let section = match filing.primary_section {
            Some(id) => self
                .sections(true)?
                .into_iter()
                .find(|s| s.id == id)
                .map(|s| ExportSubject {
                    name: s.name,
                    slug: s.slug,
                    media_topic: s.media_topic,
                }),
            None => None,
        };
        let section_label = filing
            .primary_section
            .map(|id| self.section_label(id))
            .transpose()?;
        let tags = filing
            .tags
            .into_iter()
            .map(|t| ExportSubject {
                name: t.name,
                slug: t.slug,
                media_topic: t.media_topic,
            })
            .collect();
        let mut photos: Vec<ExportPhoto> = Vec::new();
        let attached = self.article_photos(article_id)?;
        if let Some(lead) = attached.iter().find(|p| p.is_lead) {
            photos.push(ExportPhoto {
                photo: lead.photo.clone(),
                is_lead: true,
            });
        }
        for id in photos_in_body(&revision.content.body) {
            if photos.iter().any(|p| p.photo.id == id) {
                continue;
            }
            match self.photo(id) {
                Ok(photo) => photos.push(ExportPhoto {
                    photo,
                    is_lead: false,
                }),
                Err(StoreError::NotFound { .. }) => {
                    return Err(StoreError::Workflow(format!(
                        "The approved text shows photo {id}, which is no longer in the photo library. \
                         Attach it again, or take it out of the text, and have the story approved again."
                    )))
                }
                Err(other) => return Err(other),
            }
        }
        let slug = self.stable_slug(article_id, &revision.content.headline)?;
        Ok(ExportStory {
            article_id,
            revision_id,
            version,
            content: revision.content,
            state: article.status,
            slug,
            section,
            section_label,
            tags,
            photos,
            embargo_until: time::decode_opt(embargo.as_deref())?,
            first_created: article.created_at,
            version_created: revision.summary.created_at,
            source: self.wire_source(article_id)?.map(|source| ExportSource {
                agency: source.newest.item.agency,
                uri: source.newest.item.uri,
                version: source.newest.item.version,
            }),
            related: self
                .related(article_id)?
                .into_iter()
                .map(|r| ExportRelated {
                    id: r.id,
                    headline: r.headline,
                    reading_minutes: r.reading_minutes,
                })
                .collect(),
        })
    }

    /// The ids of every story that is approved or published (and not in the Trash), oldest
    /// first.
    pub fn approved_stories(&self) -> StoreResult<Vec<Uuid>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id FROM articles WHERE trashed_at IS NULL AND approved_revision_id IS NOT NULL
               AND status IN ('approved', 'published') ORDER BY created_at, id",
        )?;
        let rows = statement.query_map([], |row| row.get::<_, SqlId>(0))?;
        rows.map(|row| Ok(row?.0)).collect()
    }

    /// The slug a story is known by on every site: the one it was first pushed under, else
    /// made from the approved headline. Stable, so a retry finds the post it made.
    fn stable_slug(&self, article_id: Uuid, headline: &str) -> StoreResult<String> {
        let stored: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT slug FROM remote_posts WHERE article_id = ?1 ORDER BY rowid LIMIT 1",
            )?
            .query_row([SqlId(article_id)], |row| row.get(0))
            .ok();
        Ok(stored.unwrap_or_else(|| story_slug(headline, article_id)))
    }
}

/// A headline in a sentence: "Untitled story" when there is none.
pub(crate) fn display_headline(headline: &str) -> &str {
    if headline.trim().is_empty() {
        "Untitled story"
    } else {
        headline.trim()
    }
}
