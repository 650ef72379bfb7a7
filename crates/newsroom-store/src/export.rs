//! The approved story as every output needs it ([`ExportStory`]), built from the revision an
//! editor approved and what the approval pinned ([`ApprovalPin`]), never from the story as it
//! is now.

use newsroom_core::export::{
    story_slug, ApprovalPin, ExportPhoto, ExportRelated, ExportSource, ExportStory, ExportSubject,
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
        let (missing, why) = self.photos_not_here(article_id)?;
        if missing > 0 {
            let said = if why.is_empty() {
                "they come with the next sync".to_owned()
            } else {
                why
            };
            return Err(StoreError::Workflow(format!(
                "{missing} of this story's photos have not reached this laptop from the shared desk yet ({said})."
            )));
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
        // A text changed after the approval without sending the story back (merged from the
        // shared desk: an edit made offline elsewhere) shows as changed since approval; what
        // goes out is still the approved revision's text, exactly what the editor approved.
        let (_, revision) = self.revision(revision_id)?;
        let version: u32 = self.conn.query_row(
            "SELECT count(*) FROM revisions r WHERE r.article_id = ?1
               AND (r.created_at, r.id) <= (SELECT created_at, id FROM revisions WHERE id = ?2)",
            params![SqlId(article_id), SqlId(revision_id)],
            |row| row.get(0),
        )?;
        // What the editor approved goes out; a story approved before approvals were pinned
        // goes out as it is now.
        let pin = match self.approval_pin(article_id)? {
            Some(pin) => pin,
            None => self.current_pin(article_id, &revision.content.body)?,
        };
        let slug = self.stable_slug(article_id, &revision.content.headline)?;
        Ok(ExportStory {
            article_id,
            revision_id,
            version,
            content: revision.content,
            state: article.status,
            slug,
            section: pin.section,
            section_label: pin.section_label,
            tags: pin.tags,
            photos: pin.photos,
            embargo_until: pin.embargo_until,
            first_created: article.created_at,
            version_created: revision.summary.created_at,
            source: self.wire_source(article_id)?.map(|source| ExportSource {
                agency: source.newest.item.agency,
                uri: source.newest.item.uri,
                version: source.newest.item.version,
            }),
            related: pin.related,
        })
    }

    /// The parts an approval pins (section, tags, photos with their credits, lead photo,
    /// embargo, related stories) as they are now, for the story whose text is `body`.
    pub(crate) fn current_pin(&self, article_id: Uuid, body: &str) -> StoreResult<ApprovalPin> {
        let embargo: Option<String> = self.conn.query_row(
            "SELECT embargo_until FROM articles WHERE id = ?1",
            [SqlId(article_id)],
            |row| row.get(0),
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
        for id in photos_in_body(body) {
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
        Ok(ApprovalPin {
            section,
            section_label,
            tags,
            photos,
            embargo_until: time::decode_opt(embargo.as_deref())?,
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

    /// The story's section, tags, photos with their credits, embargo and related stories as
    /// they are now (what an approval would pin), for showing.
    pub fn story_parts(&self, article_id: Uuid) -> StoreResult<ApprovalPin> {
        let body = crate::body::text(&self.conn, article_id)?;
        self.current_pin(article_id, &body)
    }

    /// What the story's approval pinned, if it is approved (or published) and was approved
    /// since approvals were pinned.
    pub fn approval_pin(&self, article_id: Uuid) -> StoreResult<Option<ApprovalPin>> {
        let json: Option<String> = self.conn.query_row(
            "SELECT approved_pin FROM articles WHERE id = ?1",
            [SqlId(article_id)],
            |row| row.get(0),
        )?;
        json.map(|json| {
            serde_json::from_str(&json)
                .map_err(|err| StoreError::BadRow(format!("approval pin: {err}")))
        })
        .transpose()
    }

    /// What changed since the story was approved, in words ("the tags", "the credit of the
    /// photo “Soldiers at a parade”"): none of it goes out until the story is approved again.
    /// Empty for a story that is not approved, or has not changed.
    pub fn changed_since_approval(&self, article_id: Uuid) -> StoreResult<Vec<String>> {
        let Some(pin) = self.approval_pin(article_id)? else {
            return Ok(Vec::new());
        };
        let Some(revision_id) = self.approved_revision(article_id)? else {
            return Ok(Vec::new());
        };
        let (_, revision) = self.revision(revision_id)?;
        let now = self.current_pin(article_id, &revision.content.body)?;
        let mut changed = pin.differences(&now);
        // The document, also when its words read the same: every change since shows.
        if !crate::body::still_as_approved(&self.conn, article_id, revision_id)? {
            changed.insert(0, "the text".to_owned());
        }
        Ok(changed)
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
