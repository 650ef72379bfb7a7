//! What the preview and pre-flight need from the desk besides the text: the section label, the
//! tags, "More news", and whether the headline was used recently. The text itself comes from the
//! caller, so the preview can follow the editor before autosave has run.
//!
//! Photos are the article's lead photo and every library photo its text shows; where their
//! pictures load from is the caller's [`PhotoAddress`].

use chrono::{DateTime, TimeDelta, Utc};
use newsroom_core::photo::{photo_findings, photos_in_body, Photo};
use newsroom_core::preflight::{preflight, PreflightFacts, PreflightItem, PreflightLimits};
use newsroom_core::render::{article_page, PageContext, PagePhoto, RelatedStory, RenderOptions};
use newsroom_core::{reading_minutes, ArticleContent};
use rusqlite::{params, OptionalExtension};
use uuid::Uuid;

use crate::error::{StoreError, StoreResult};
use crate::photos::PhotoFile;
use crate::sql_id::SqlId;
use crate::{time, Store};

/// Stories under "More news".
const RELATED_STORIES: u32 = 5;
/// The settings key of the pre-flight limits (JSON).
const LIMITS_SETTING: &str = "preflight_limits";
/// How far back a reused headline is flagged.
const HEADLINE_REUSE_WINDOW: TimeDelta = TimeDelta::days(30);

/// Where a page's photos load from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhotoAddress {
    /// The app's own protocol; the base ends with a slash ("photo://localhost/"), and a photo's
    /// display rendition is `<base><id>/display`.
    App(String),
    /// The display rendition's file on this disk (`file://…`), for a page read on this machine.
    LocalFile,
    /// The display rendition inside the page (`data:`), for a page mailed or moved anywhere.
    Embedded,
}

/// The photos of an article as its page needs them.
struct ArticlePhotos {
    lead: Option<Photo>,
    /// Attached photos and library photos the text shows, without repeats.
    all: Vec<Photo>,
    /// Photos the text shows that the library no longer has.
    missing: Vec<Uuid>,
}

impl Store {
    fn photos_for_page(&self, article_id: Uuid, body: &str) -> StoreResult<ArticlePhotos> {
        let attached = self.article_photos(article_id)?;
        let lead = attached.iter().find(|p| p.is_lead).map(|p| p.photo.clone());
        let mut all: Vec<Photo> = attached.into_iter().map(|p| p.photo).collect();
        let mut missing = Vec::new();
        for id in photos_in_body(body) {
            if all.iter().any(|p| p.id == id) {
                continue;
            }
            match self.photo(id) {
                Ok(photo) => all.push(photo),
                Err(StoreError::NotFound { .. }) => missing.push(id),
                Err(other) => return Err(other),
            }
        }
        Ok(ArticlePhotos { lead, all, missing })
    }

    fn page_photo(&self, photo: &Photo, address: &PhotoAddress) -> StoreResult<PagePhoto> {
        let src = match address {
            PhotoAddress::App(base) => format!("{base}{}/display", photo.id),
            PhotoAddress::LocalFile => {
                let (path, _) = self.photo_file(photo.id, PhotoFile::Display)?;
                format!("file://{}", path.display())
            }
            PhotoAddress::Embedded => {
                use base64::Engine as _;
                let (path, media_type) = self.photo_file(photo.id, PhotoFile::Display)?;
                let bytes =
                    std::fs::read(&path).map_err(|source| StoreError::Io { path, source })?;
                format!(
                    "data:{};base64,{}",
                    media_type.mime(),
                    base64::engine::general_purpose::STANDARD.encode(bytes)
                )
            }
        };
        Ok(PagePhoto {
            id: photo.id,
            src,
            alt: photo.metadata.alt_text.value.clone(),
            caption: photo.metadata.caption.value.clone(),
            credit_line: photo.credit_line.clone(),
            width: photo.width,
            height: photo.height,
        })
    }

    /// The section label, tags, photos and "More news" of an article's page for the editor's
    /// `body`. "More news" lists the stories picked by hand, else the newest other stories of
    /// its section (any section when it has none).
    pub fn page_context(
        &self,
        article_id: Uuid,
        body: &str,
        address: &PhotoAddress,
    ) -> StoreResult<PageContext> {
        let photos = self.photos_for_page(article_id, body)?;
        let filing = self.article_filing(article_id)?;
        let section = filing
            .primary_section
            .map(|id| self.section_label(id))
            .transpose()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.headline, a.word_count FROM articles a
             WHERE a.trashed_at IS NULL AND a.id != ?1 AND a.headline != ''
               AND (?2 IS NULL OR EXISTS (SELECT 1 FROM article_sections x WHERE x.article_id = a.id AND x.section_id = ?2))
             ORDER BY a.updated_at DESC LIMIT ?3",
        )?;
        let picked = self.related(article_id)?;
        let related = if !picked.is_empty() {
            picked
                .into_iter()
                .map(|r| RelatedStory {
                    headline: r.headline,
                    reading_minutes: r.reading_minutes,
                })
                .collect()
        } else {
            stmt.query_map(
                params![
                    SqlId(article_id),
                    filing.primary_section.map(SqlId),
                    RELATED_STORIES
                ],
                |row| {
                    Ok(RelatedStory {
                        headline: row.get(0)?,
                        reading_minutes: reading_minutes(row.get(1)?),
                    })
                },
            )?
            .collect::<Result<_, _>>()?
        };
        Ok(PageContext {
            section,
            tags: filing.tags.into_iter().map(|t| t.name).collect(),
            published: None,
            related,
            lead_photo: photos
                .lead
                .as_ref()
                .map(|p| self.page_photo(p, address))
                .transpose()?,
            photos: photos
                .all
                .iter()
                .map(|p| self.page_photo(p, address))
                .collect::<StoreResult<_>>()?,
        })
    }

    /// The article page for `content` (the editor's text) as article `article_id` will show it.
    pub fn preview_page(
        &self,
        article_id: Uuid,
        content: &ArticleContent,
        options: RenderOptions,
        address: &PhotoAddress,
    ) -> StoreResult<String> {
        Ok(article_page(
            content,
            &self.page_context(article_id, &content.body, address)?,
            options,
        ))
    }

    /// The desk's pre-flight limits (the defaults until someone sets them).
    pub fn preflight_limits(&self) -> StoreResult<PreflightLimits> {
        let stored: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [LIMITS_SETTING],
                |row| row.get(0),
            )
            .optional()?;
        // A setting this version cannot read falls back to the defaults rather than block work.
        Ok(stored
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default())
    }

    /// Sets the desk's pre-flight limits.
    pub fn set_preflight_limits(&mut self, limits: PreflightLimits) -> StoreResult<()> {
        self.authorize(newsroom_core::authority::DeskAct::DeskRules)?;
        limits.validate()?;
        let json = serde_json::to_string(&limits).map_err(|e| StoreError::BadRow(e.to_string()))?;
        let tx = self.write_transaction()?;
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![LIMITS_SETTING, json],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The pre-flight findings for `content` as article `article_id`, under the desk's limits.
    pub fn preflight(
        &self,
        article_id: Uuid,
        content: &ArticleContent,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<PreflightItem>> {
        let limits = self.preflight_limits()?;
        let has_section = self.article_filing(article_id)?.primary_section.is_some();
        let since = time::encode(now - HEADLINE_REUSE_WINDOW);
        let headline_used_recently: bool = !content.headline.trim().is_empty()
            && self
                .conn
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM articles WHERE id != ?1 AND trashed_at IS NULL
                 AND lower(trim(headline)) = lower(trim(?2)) AND updated_at >= ?3)",
                )?
                .query_row(params![SqlId(article_id), content.headline, since], |row| {
                    row.get(0)
                })?;
        let mut items = preflight(
            content,
            PreflightFacts {
                has_section,
                headline_used_recently,
            },
            limits,
        );
        let photos = self.photos_for_page(article_id, &content.body)?;
        let checks: Vec<_> = photos.all.iter().map(Photo::check).collect();
        items.extend(photo_findings(&checks, &photos.missing));
        items.sort_by_key(|item| item.severity != newsroom_core::preflight::Severity::Blocker);
        Ok(items)
    }
}
