//! Pushing one outbox entry to its WordPress site, so that no retry, crash or lost answer
//! makes a second post and no edit made on the site is overwritten unseen.
//!
//! The order: terms, then photos (each found by its stable slug before it is uploaded), then
//! the post. The post's slug was fixed when the push was queued; a post whose id the desk does
//! not know yet is looked up by that slug before one is created. Before an update the post's
//! `modified_gmt` is compared with the one the desk last wrote: a different one means someone
//! edited it on the site, and the push stops as a conflict with both versions for a person to
//! choose between.

use chrono::{DateTime, Utc};
use newsroom_core::desk::{DeskError, DeskErrorKind, PublishLedger};
use newsroom_core::export::{ExportPhoto, ExportStory};
use newsroom_core::outbox::{
    OutboxEntry, OutboxOutcome, PostReceipt, RemoteVersion, RequestedStatus, Target, TargetKind,
};
use newsroom_export::{body_html, path_in_folder, write_story, ExportError, Format, Replace};
use serde_json::json;

use crate::keychain::Keychain;
use crate::wordpress::{MediaText, MediaUpload, SitePost, WordPress, WpError};

/// Where a push is, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Photos and post done.
    pub steps_done: u32,
    /// Photos and post in all.
    pub steps_total: u32,
    /// Photo bytes uploaded.
    pub bytes_done: u64,
    /// Photo bytes to upload.
    pub bytes_total: u64,
}

/// What a push hears about: progress, and the moment before the post is written (where a test
/// interrupts it as a crash would).
pub trait PushObserver {
    /// Called after each photo and the post, and as photo bytes are sent.
    fn progress(&mut self, entry: &OutboxEntry, progress: Progress);
    /// Called after the photos, before the post is written; an `Err` stops the push there, as
    /// a crash would, leaving the entry "sending".
    fn before_post(&mut self, _entry: &OutboxEntry) -> Result<(), String> {
        Ok(())
    }
}

/// An observer that only records progress in the outbox row.
pub struct RecordProgress;

impl PushObserver for RecordProgress {
    fn progress(&mut self, _entry: &OutboxEntry, _progress: Progress) {}
}

/// Why a push stopped.
enum Stop {
    Site(WpError),
    Desk(DeskError),
    Conflict(RemoteVersion),
    Refused(String),
    /// A folder target that cannot be written now (not mounted, full, read-only).
    FolderUnwritable(String),
    Interrupted(String),
}

impl From<WpError> for Stop {
    fn from(err: WpError) -> Self {
        Stop::Site(err)
    }
}

impl From<DeskError> for Stop {
    fn from(err: DeskError) -> Self {
        Stop::Desk(err)
    }
}

/// How long each request may wait for an answer (tests shorten it).
#[derive(Debug, Clone, Copy)]
pub struct PushSettings {
    /// Per answer.
    pub answer_timeout: std::time::Duration,
}

impl Default for PushSettings {
    fn default() -> Self {
        PushSettings {
            answer_timeout: crate::wordpress::DEFAULT_ANSWER_TIMEOUT,
        }
    }
}

/// Sends a claimed entry (state "sending") and records how it ended. `Err` only when the
/// observer interrupted it (the entry stays "sending", as after a crash).
pub fn push_entry<D: PublishLedger + ?Sized>(
    store: &mut D,
    entry: &OutboxEntry,
    settings: PushSettings,
    observer: &mut dyn PushObserver,
) -> Result<OutboxEntry, String> {
    let outcome = match send(store, entry, settings, observer) {
        Ok(()) => OutboxOutcome::Sent,
        Err(Stop::Interrupted(why)) => return Err(why),
        Err(Stop::Conflict(remote)) => OutboxOutcome::Conflict(remote),
        Err(Stop::Site(err)) if err.is_transient() => OutboxOutcome::RetryLater(err.to_string()),
        Err(Stop::Site(err)) => OutboxOutcome::Failed(err.to_string()),
        Err(Stop::Desk(err)) if err.is_transient() => OutboxOutcome::RetryLater(err.to_string()),
        Err(Stop::Desk(err)) => OutboxOutcome::Failed(err.to_string()),
        Err(Stop::Refused(why)) => OutboxOutcome::Failed(why),
        Err(Stop::FolderUnwritable(why)) => OutboxOutcome::RetryLater(why),
    };
    let said = match &outcome {
        OutboxOutcome::Sent => "sent".to_owned(),
        OutboxOutcome::RetryLater(why) => format!("waits: {why}"),
        OutboxOutcome::Failed(why) => format!("failed: {why}"),
        OutboxOutcome::Conflict(_) => "edited on the site".to_owned(),
    };
    tracing::info!(entry = %entry.id, outcome = %said, "push finished");
    let finished = store
        .finish_outbox(entry.id, outcome, Utc::now())
        .map_err(|e| e.to_string())?;
    Ok(finished)
}

fn send<D: PublishLedger + ?Sized>(
    store: &mut D,
    entry: &OutboxEntry,
    settings: PushSettings,
    observer: &mut dyn PushObserver,
) -> Result<(), Stop> {
    let story = store
        .export_story(entry.article_id)
        .map_err(|err| match err.kind() {
            DeskErrorKind::Refused => Stop::Refused(err.to_string()),
            DeskErrorKind::Transient | DeskErrorKind::Failed => Stop::Desk(err),
        })?;
    if story.revision_id != entry.revision_id {
        return Err(Stop::Refused(format!(
            "The story was approved again (revision {}) after this export was queued; push it again to send that version.",
            story.revision_id
        )));
    }
    let target = store.target(&entry.target_id.to_string())?;
    if target.kind == TargetKind::Folder {
        return write_to_folder(store, entry, &story, &target, observer);
    }
    let password = Keychain
        .password(target.id)
        .map_err(|err| Stop::Refused(err.to_string()))?;
    // One post per story per site, whoever else pushes it now (the shared desk decides).
    store.claim_site(entry, &target, &story.slug)?;
    let site = WordPress::new(
        &target.url,
        &target.username,
        &password,
        settings.answer_timeout,
    )?;

    let mut progress = Progress {
        steps_done: 0,
        steps_total: u32::try_from(story.photos.len()).unwrap_or(u32::MAX) + 1,
        bytes_done: 0,
        bytes_total: story.photos.iter().map(|p| p.photo.byte_size).sum(),
    };
    report_progress(store, entry, observer, progress);

    let categories = terms(store, &site, &target, "categories", story.section.iter())?;
    let tags = terms(store, &site, &target, "tags", story.tags.iter())?;

    let mut media_urls = std::collections::HashMap::new();
    let mut lead_media = None;
    for photo in &story.photos {
        let mut renewed = std::time::Instant::now();
        let (media_id, url) = media(store, &site, &target, photo, |store, sent| {
            let mut now = progress;
            now.bytes_done += sent;
            // A long upload keeps the entry's lease (not on every chunk: every few seconds).
            if renewed.elapsed() >= LEASE_RENEWAL {
                renewed = std::time::Instant::now();
                let _ = store.outbox_progress(
                    entry.id,
                    (now.steps_done, now.steps_total),
                    (now.bytes_done, now.bytes_total),
                    Utc::now(),
                );
            }
            observer.progress(entry, now);
        })?;
        progress.bytes_done += photo.photo.byte_size;
        progress.steps_done += 1;
        report_progress(store, entry, observer, progress);
        if photo.is_lead {
            lead_media = Some(media_id);
        }
        media_urls.insert(photo.photo.id, url);
    }
    observer.before_post(entry).map_err(Stop::Interrupted)?;

    let content = body_html(&story, |p| {
        media_urls.get(&p.photo.id).cloned().unwrap_or_default()
    });
    let content = with_more_news(store, &story, target.id, content)?;
    let known = store.remote_post(story.article_id, target.id)?;
    let slug = known
        .as_ref()
        .map_or_else(|| story.slug.clone(), |k| k.slug.clone());
    let fields = post_fields(
        &story,
        PostChoices {
            requested: entry.requested_status,
            slug: &slug,
            categories: &categories,
            tags: &tags,
            featured: lead_media,
        },
        &content,
        Utc::now(),
    );
    let existing = match known.as_ref().and_then(|k| k.post_id) {
        Some(id) => site
            .post(id)?
            .map(|post| (post, known.as_ref().and_then(|k| k.modified_gmt.clone()))),
        None => site.find_post(&slug)?.map(|post| (post, None)),
    };
    let written = match existing {
        Some((post, last_written)) => {
            let edited_on_site = last_written
                .as_ref()
                .is_some_and(|seen| *seen != post.modified_gmt)
                && entry.overwrite_remote_modified.as_deref() != Some(post.modified_gmt.as_str());
            if edited_on_site {
                return Err(Stop::Conflict(RemoteVersion {
                    modified_gmt: post.modified_gmt,
                    title: post.title,
                    content: post.content,
                    our_title: story.content.headline.clone(),
                    our_content: content,
                }));
            }
            site.write_post(Some(post.id), &fields)?
        }
        None => site.write_post(None, &fields)?,
    };
    store.record_remote_post(
        story.article_id,
        target.id,
        &slug,
        &receipt(&written),
        Some(story.revision_id),
    )?;
    progress.steps_done += 1;
    report_progress(store, entry, observer, progress);
    if matches!(written.status.as_str(), "publish" | "future") {
        store.mark_published(
            story.article_id,
            entry.queued_by_id,
            &format!("Sent to {} ({})", target.name, written.link),
            Utc::now(),
        )?;
    }
    Ok(())
}

/// The content with "More news" after it: the related stories this site has, linked.
fn with_more_news<D: PublishLedger + ?Sized>(
    store: &D,
    story: &ExportStory,
    target: uuid::Uuid,
    content: String,
) -> Result<String, Stop> {
    let mut links = Vec::new();
    for related in &story.related {
        if let Some(post) = store
            .remote_post(related.id, target)?
            .filter(|p| !p.link.is_empty())
        {
            links.push(format!(
                "<li><a href=\"{}\">{}</a> <span class=\"read\">{} MIN READ</span></li>",
                html_escape::encode_double_quoted_attribute(&post.link),
                html_escape::encode_text(&related.headline),
                related.reading_minutes
            ));
        }
    }
    if links.is_empty() {
        return Ok(content);
    }
    Ok(format!(
        "{content}\n<h2>More news</h2>\n<ul class=\"more-news\">{}</ul>",
        links.concat()
    ))
}

/// A folder target: the story's file (and its photos) written where the other system picks
/// them up. A folder that cannot be written (a share not mounted, a full disk) is tried again.
fn write_to_folder<D: PublishLedger + ?Sized>(
    store: &mut D,
    entry: &OutboxEntry,
    story: &ExportStory,
    target: &Target,
    observer: &mut dyn PushObserver,
) -> Result<(), Stop> {
    let format = Format::from_name(&target.format)
        .ok_or_else(|| Stop::Refused(format!("Unknown file format {:?}.", target.format)))?;
    let out = path_in_folder(std::path::Path::new(&target.url), story, format);
    // The folder's file for this story is the desk's own earlier push of it: an update.
    let report =
        write_story(&*store, story, format, &out, Replace::Allowed).map_err(|err| match err {
            ExportError::Desk(err) => Stop::Desk(err),
            ExportError::Write { path, source } => Stop::FolderUnwritable(format!(
                "Cannot write {} ({source}); tried again later.",
                path.display()
            )),
            refused @ (ExportError::Exists(_) | ExportError::Link(_)) => {
                Stop::Refused(refused.to_string())
            }
        })?;
    let done = Progress {
        steps_done: 1,
        steps_total: 1,
        bytes_done: 0,
        bytes_total: 0,
    };
    report_progress(store, entry, observer, done);
    store.record_remote_post(
        story.article_id,
        target.id,
        &story.slug,
        &PostReceipt {
            post_id: 0,
            modified_gmt: String::new(),
            link: format!("file://{}", report.main_file.display()),
            status: entry.requested_status.key().to_owned(),
        },
        Some(story.revision_id),
    )?;
    if entry.requested_status == RequestedStatus::Publish {
        store.mark_published(
            story.article_id,
            entry.queued_by_id,
            &format!(
                "Written to {} ({})",
                target.name,
                report.main_file.display()
            ),
            Utc::now(),
        )?;
    }
    Ok(())
}

/// "Test connection" for a folder target: it exists and a file can be written in it.
pub fn check_folder(folder: &str) -> Result<String, String> {
    let dir = std::path::Path::new(folder);
    if !dir.is_dir() {
        return Err(format!(
            "The folder {folder} does not exist (or is not mounted)."
        ));
    }
    let probe = dir.join(format!(".newsroom-write-test-{}", uuid::Uuid::now_v7()));
    std::fs::write(&probe, b"")
        .and_then(|()| std::fs::remove_file(&probe))
        .map_err(|err| format!("Files cannot be written to {folder}: {err}"))?;
    Ok(format!("The folder {folder} can be written to."))
}

fn receipt(post: &SitePost) -> PostReceipt {
    PostReceipt {
        post_id: post.id,
        modified_gmt: post.modified_gmt.clone(),
        link: post.link.clone(),
        status: post.status.clone(),
    }
}

/// How often a long upload renews its entry's lease (the laptop's store holds one for two
/// minutes: `newsroom_store::outbox::OUTBOX_LEASE`).
const LEASE_RENEWAL: std::time::Duration = std::time::Duration::from_secs(15);

/// Records progress (renewing the entry's lease) and tells the observer.
fn report_progress<D: PublishLedger + ?Sized>(
    store: &mut D,
    entry: &OutboxEntry,
    observer: &mut dyn PushObserver,
    progress: Progress,
) {
    let _ = store.outbox_progress(
        entry.id,
        (progress.steps_done, progress.steps_total),
        (progress.bytes_done, progress.bytes_total),
        Utc::now(),
    );
    observer.progress(entry, progress);
}

/// The ids of `subjects` as `taxonomy` terms on the site, found or made once and remembered.
fn terms<'a, D: PublishLedger + ?Sized>(
    store: &mut D,
    site: &WordPress,
    target: &Target,
    taxonomy: &str,
    subjects: impl Iterator<Item = &'a newsroom_core::export::ExportSubject>,
) -> Result<Vec<u64>, Stop> {
    let mut ids = Vec::new();
    for subject in subjects {
        let id = match store.remote_term(target.id, taxonomy, &subject.name)? {
            Some(id) => id,
            None => {
                let id = site.term(taxonomy, &subject.name, &subject.slug)?;
                store.record_remote_term(target.id, taxonomy, &subject.name, id)?;
                id
            }
        };
        ids.push(id);
    }
    Ok(ids)
}

/// The photo's media id and address on the site: remembered, found by its slug, or uploaded.
fn media<D: PublishLedger + ?Sized>(
    store: &mut D,
    site: &WordPress,
    target: &Target,
    photo: &ExportPhoto,
    mut on_progress: impl FnMut(&mut D, u64),
) -> Result<(u64, String), Stop> {
    if let Some(known) = store.remote_media(photo.photo.id, target.id)? {
        return Ok(known);
    }
    let file_name = photo.file_name();
    let slug = file_name.split('.').next().unwrap_or(&file_name).to_owned();
    let credit = photo.photo.credit_line.clone().unwrap_or_default();
    let caption = [photo.photo.metadata.caption.value.trim(), credit.as_str()]
        .iter()
        .filter(|part| !part.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let text = MediaText {
        caption: &caption,
        alt_text: &photo.photo.metadata.alt_text.value,
        credit: &credit,
    };
    let found = match site.find_media(&slug)? {
        // The same picture is there already (the slug is its content address), put there by
        // another desk or before a correction: it gets this desk's caption and credit.
        Some(found) if found.says(&text) => found,
        Some(found) => site.set_media_text(found.id, &text)?,
        None => {
            let path = store.photo_original(photo.photo.id)?;
            let bytes = std::fs::read(&path).map_err(|source| {
                Stop::Desk(DeskError::failed(format!(
                    "The folder or file {} cannot be used: {source}",
                    path.display()
                )))
            })?;
            site.upload_media(
                &MediaUpload {
                    file_name: &file_name,
                    mime: photo.photo.media_type.mime(),
                    bytes: &bytes,
                    text,
                },
                |sent| on_progress(&mut *store, sent),
            )?
        }
    };
    store.record_remote_media(photo.photo.id, target.id, found.id, &found.source_url)?;
    Ok((found.id, found.source_url))
}

/// What the push decided about a post besides the story itself.
#[derive(Clone, Copy)]
struct PostChoices<'a> {
    requested: RequestedStatus,
    slug: &'a str,
    categories: &'a [u64],
    tags: &'a [u64],
    featured: Option<u64>,
}

/// The post's fields: title, excerpt (the standfirst), content (the preview's HTML with the
/// byline and the editor's note after it, as the page prints them), slug, date, status, terms
/// and featured image. Embargoed and asked to publish: "future", dated at the embargo's end.
fn post_fields(
    story: &ExportStory,
    choices: PostChoices<'_>,
    content: &str,
    now: DateTime<Utc>,
) -> serde_json::Value {
    let embargoed = story.is_embargoed(now);
    let status = match choices.requested {
        RequestedStatus::Pending => "pending",
        RequestedStatus::Publish if embargoed => "future",
        RequestedStatus::Publish => "publish",
    };
    let date = story.embargo_until.filter(|_| embargoed).unwrap_or(now);
    // The lead photo is the featured image, which themes show without its caption: its
    // caption and credit line open the content, so the credit is on the page whatever the theme.
    let mut html = String::new();
    if let Some(lead) = story.lead_photo() {
        let caption = lead.photo.metadata.caption.value.trim();
        let credit = lead.photo.credit_line.as_deref().unwrap_or_default();
        if !caption.is_empty() || !credit.is_empty() {
            html.push_str(&format!(
                "<p class=\"lead-photo-caption\">{} <span class=\"credit\">{}</span></p>\n",
                html_escape::encode_text(caption),
                html_escape::encode_text(credit)
            ));
        }
    }
    html.push_str(content);
    if !story.content.byline.trim().is_empty() {
        html.push_str(&format!(
            "\n<p class=\"byline\">By {}</p>",
            html_escape::encode_text(&story.content.byline)
        ));
    }
    if !story.content.editors_note.trim().is_empty() {
        html.push_str(&format!(
            "\n<p class=\"ednote\">{}</p>",
            html_escape::encode_text(&story.content.editors_note)
        ));
    }
    // WordPress keeps a title and an excerpt as HTML and prints them as they are for a user
    // allowed unfiltered HTML (editors and admins): the desk's plain text is escaped, so a
    // headline such as `<img src=x onerror=…>` reads as those characters on the public page.
    json!({
        "title": html_escape::encode_text(&story.content.headline),
        "excerpt": html_escape::encode_text(&story.content.standfirst),
        "content": html,
        "slug": choices.slug,
        "status": status,
        "date_gmt": date.format("%Y-%m-%dT%H:%M:%S").to_string(),
        "categories": choices.categories,
        "tags": choices.tags,
        "featured_media": choices.featured.unwrap_or(0),
    })
}
