//! One round of the shared desk's sync: send what this laptop has waiting, then apply what
//! the desk holds that this laptop may see and has not applied yet.
//!
//! Sending: each story created or edited here goes as its fields that differ from the desk's
//! and the body's edits the desk lacks (worked out from the state vector the desk is known to
//! hold), then the moves and comments, in the order they were made. Each carries a change id,
//! so a retry after a lost answer is applied once; body edits sent twice merge away anyway.
//! A change the desk refuses is kept here with its reason (and a refused move undone), and
//! the round goes on; a lost connection ends the round, and the next one starts over.
//!
//! Hearing: one REPEATABLE READ transaction reads the desk's clock and everything stamped
//! after this laptop's cursor up to it. The clock row is locked by each writer until it
//! commits, so nothing committed later can carry a lower stamp: the cursor never passes a
//! change. A story that became visible after the cursor (submitted to the editors, or this
//! person added as its author) comes with everything it holds, old stamps included.

use chrono::Utc;
use newsroom_core::outbox::{OutboxState, RequestedStatus};
use newsroom_core::workflow::{Role, WorkflowAction, WorkflowState};
use newsroom_core::RevisionKind;
use newsroom_store::{
    DeskAuthor, DeskAuthorRemoval, DeskBodyUpdate, DeskChange, DeskComment, DeskEvent,
    DeskFieldChange, DeskKept, DeskPerson, DeskPost, DeskPush, DeskRevision, DeskRevisionText,
    DeskSite, DeskStory, DeskTerm, Incoming, OutgoingPush, OutgoingRevision, OutgoingStory,
    PhotoNotTaken, Store,
};
use tokio_postgres::IsolationLevel;
use uuid::Uuid;

use crate::{Connection, SharedDeskError, Statements};

/// What one round did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Stories whose fields or body went to the desk.
    pub stories_sent: u32,
    /// Moves, comments, author changes and places kept as written the desk took.
    pub changes_sent: u32,
    /// This laptop's revisions the desk took (once each settled, again if it grew).
    pub revisions_sent: u32,
    /// What the desk refused this round, by story, in its words.
    pub refused: Vec<(Uuid, String)>,
    /// Body updates, field changes, comments, moves and the rest that came from others, and
    /// people and terms (sections, tags, house-style rules, words) that came: this laptop's
    /// own changes, heard back, are not counted.
    pub received: u32,
    /// The desk's clock this laptop has everything up to now.
    pub cursor: i64,
    /// Photos whose files came from the desk this round.
    pub photos_fetched: u32,
    /// Photos the desk named that this round left for the rounds after (its budget was spent):
    /// not counting those given up or waiting to be tried again later.
    pub photos_waiting: u32,
    /// The stories something came for this round (fields, text, comments, moves, posts,
    /// photos), each once: the window catches up only the one it has open among them.
    pub stories: Vec<Uuid>,
}

/// Listens to the desk's feed channel on `desk`: every write on the desk then sends this
/// connection its clock value (only the number: every listener hears every notification,
/// whatever it may see), and [`Connection::notifications`] hears it.
pub async fn listen_to_feed(desk: &Connection, desk_name: &str) -> Result<(), SharedDeskError> {
    // The desk's name is a checked identifier (`schema::desk_name`).
    desk.client
        .batch_execute(&format!("LISTEN \"{desk_name}_feed\""))
        .await?;
    Ok(())
}

/// The desk schema that brought the sites' posts (`schema/0003_posts.sql`).
const POSTS_SCHEMA: i32 = 3;
/// The desk schema that brought the photos' files (`schema/0004_photos.sql`).
const PHOTOS_SCHEMA: i32 = 4;
/// The most photo bytes one round fetches (it goes on past it to finish the photo it is on).
pub const PHOTO_BYTES_PER_ROUND: usize = 64 * 1024 * 1024;
/// The most photos one round tries to fetch.
pub const PHOTOS_PER_ROUND: usize = 50;
/// How many moves and comments go out together, before their answers are awaited.
const CHANGES_PER_BATCH: usize = 64;
/// The desk schema that brought the section list (`schema/0005_sections.sql`).
const SECTIONS_SCHEMA: i32 = 5;
/// The desk schema that brought the list of sites (`schema/0007_sites.sql`).
const SITES_SCHEMA: i32 = 7;
/// The desk schema that brought the tags' vocabulary (`schema/0008_tags.sql`).
const TAGS_SCHEMA: i32 = 8;
/// The desk schema that brought taking an author off (`schema/0009_author_removals.sql`).
const AUTHOR_REMOVALS_SCHEMA: i32 = 9;
/// The desk schema that brought shared revisions (`schema/0010_revisions.sql`).
const REVISIONS_SCHEMA: i32 = 10;
/// The desk schema that brought the shared outbox (`schema/0011_outbox.sql`).
const OUTBOX_SCHEMA: i32 = 11;
/// The desk schema that brought the house style and the dictionary (`schema/0012_house_style.sql`).
const HOUSE_STYLE_SCHEMA: i32 = 12;
/// The desk schema that brought places kept as written (`schema/0013_kept_as_written.sql`).
const KEPT_SCHEMA: i32 = 13;

/// An empty yjs update (no structs, no deletions) is two zero bytes.
fn is_empty_update(update: &[u8]) -> bool {
    update.iter().all(|b| *b == 0)
}

/// Sends what waits and applies what came, once. A refusal of one change does not stop the
/// round; a lost connection does (and the next round picks up where it is).
pub async fn sync_once(
    store: &mut Store,
    desk: &mut Connection,
) -> Result<SyncReport, SharedDeskError> {
    sync_round(store, desk, None).await
}

/// [`sync_once`] for a window that has story `open_story` open: its photos are fetched first,
/// as the person needs them now.
pub async fn sync_round(
    store: &mut Store,
    desk: &mut Connection,
    open_story: Option<Uuid>,
) -> Result<SyncReport, SharedDeskError> {
    let result = round(store, desk, open_story).await;
    if result.is_err() {
        desk.statements.forget();
    }
    let now = Utc::now();
    let recorded = match &result {
        Ok(_) => store.record_desk_sync(None, now),
        Err(err) => store.record_desk_sync(Some(&err.to_string()), now),
    };
    if let Err(err) = recorded {
        tracing::warn!(%err, "could not record how the sync ended");
    }
    result
}

async fn round(
    store: &mut Store,
    desk: &mut Connection,
    open_story: Option<Uuid>,
) -> Result<SyncReport, SharedDeskError> {
    let link = store
        .desk_link()?
        .ok_or_else(|| SharedDeskError::Refused("this laptop is not on a desk".into()))?;
    let desk_schema = check_schema(desk).await?;
    let mut report = SyncReport::default();
    if desk_schema >= SECTIONS_SCHEMA {
        send_sections(store, desk, link.feed_cursor == 0).await?;
    }
    if desk_schema >= SITES_SCHEMA {
        send_sites(store, desk, link.feed_cursor == 0).await?;
    }
    if desk_schema >= TAGS_SCHEMA {
        let outgoing = store.desk_tags_to_send()?;
        send_terms(store, desk, Vocabulary::Tags, outgoing).await?;
    }
    if desk_schema >= HOUSE_STYLE_SCHEMA {
        send_house_style(store, desk, link.feed_cursor == 0).await?;
    }
    // Stories go out pipelined too, a batch at a time, each one's own steps (its photos'
    // files, its creation or fields, its body) in order: a laptop back with twenty stories
    // written offline waits a few round trips, not sixty.
    let outgoing = store.desk_outgoing_stories()?;
    let sending: &Connection = desk;
    let answers = pipelined(&outgoing, |story| send_story(sending, story, desk_schema)).await;
    for (story, answer) in outgoing.iter().zip(answers) {
        match answer {
            Ok(()) => {
                store.desk_story_sent(story)?;
                report.stories_sent += 1;
            }
            Err(err) if err.is_transient() => return Err(err),
            Err(err) => {
                store.desk_story_refused(story, &err.to_string())?;
                report.refused.push((story.id, err.to_string()));
            }
        }
    }
    // Colleagues added as authors or taken off, after the stories (a story made here is on the
    // desk first). A desk older than removals keeps them waiting until it is upgraded.
    for author in store.desk_authors_to_send()? {
        if author.removal && desk_schema < AUTHOR_REMOVALS_SCHEMA {
            continue;
        }
        let function = if author.removal {
            "SELECT desk.remove_author($1, $2, $3)"
        } else {
            "SELECT desk.add_author($1, $2, $3)"
        };
        let sent = desk
            .client
            .query_one(
                function,
                &[&author.change_id, &author.story, &author.person],
            )
            .await
            .map_err(SharedDeskError::from);
        match sent {
            Ok(_) => {
                store.desk_author_sent(author.seq)?;
                report.changes_sent += 1;
            }
            Err(err) if err.is_transient() => return Err(err),
            Err(err) => {
                store.desk_author_refused(author.seq, &err.to_string())?;
                report.refused.push((author.story, err.to_string()));
            }
        }
    }
    if desk_schema >= REVISIONS_SCHEMA {
        send_revisions(store, desk, &mut report).await?;
    }
    if desk_schema >= OUTBOX_SCHEMA {
        send_pushes(store, desk).await?;
    }
    // Moves and comments go out pipelined, a batch at a time: on a far network, a laptop back
    // from a flight with fifty comments waits a few round trips, not a hundred. PostgreSQL
    // runs them in the order they were sent; each answer is taken in that order, and a lost
    // connection ends the round there (those after it that did arrive are applied once,
    // whatever is sent again).
    let outgoing = store.desk_outgoing_changes()?;
    let sending: &Connection = desk;
    let answers = pipelined(&outgoing, |change| {
        send_change(sending, change.change_id, change.story, &change.change)
    })
    .await;
    for (change, answer) in outgoing.iter().zip(answers) {
        match answer {
            Ok(()) => {
                store.desk_change_sent(change.seq)?;
                report.changes_sent += 1;
            }
            Err(err) if err.is_transient() => return Err(err),
            Err(err) => {
                // The story takes the state the desk has now.
                let state: Option<String> = desk
                    .client
                    .query_opt(
                        "SELECT state FROM desk.stories WHERE id = $1",
                        &[&change.story],
                    )
                    .await?
                    .map(|row| row.get(0));
                let state = state.as_deref().and_then(WorkflowState::from_key);
                store.desk_change_refused(change.seq, &err.to_string(), state)?;
                report.refused.push((change.story, err.to_string()));
            }
        }
    }
    // After the stories: a place kept as written names a story the desk must have.
    if desk_schema >= KEPT_SCHEMA {
        send_kept(store, desk, link.feed_cursor == 0, &mut report).await?;
    }
    // Each laptop runs a round for every change anyone makes, and often for one its last
    // round already brought: when nothing was stamped since its cursor, it asks the desk one
    // question, not twenty.
    report.cursor = link.feed_cursor;
    if stamped_since(desk, link.feed_cursor).await? {
        let (cursor, me) = (link.feed_cursor, link.person_id);
        hear_and_apply(store, desk, cursor, me, desk_schema, &mut report).await?;
    }
    if desk_schema >= PHOTOS_SCHEMA {
        let (fetched, waiting) = fetch_photos(store, desk, open_story).await?;
        report.photos_fetched = u32::try_from(fetched.len()).unwrap_or(u32::MAX);
        report.photos_waiting = waiting;
        for story in fetched {
            if !report.stories.contains(&story) {
                report.stories.push(story);
            }
        }
    }
    if let (Some(story), true) = (open_story, desk_schema >= REVISIONS_SCHEMA) {
        if fetch_revision_texts(store, desk, story).await? && !report.stories.contains(&story) {
            report.stories.push(story);
        }
    }
    store.take_waiting_approvals()?;
    Ok(report)
}

/// Whether the desk stamped anything after `cursor` (its clock moved): when it did not, there
/// is nothing for this login to hear.
async fn stamped_since(desk: &Connection, cursor: i64) -> Result<bool, SharedDeskError> {
    let clock = desk
        .statements
        .get(&desk.client, "SELECT v FROM desk.clock")
        .await?;
    let clock: i64 = desk.client.query_one(&clock, &[]).await?.get(0);
    Ok(clock != cursor)
}

/// How many of the changes heard came from others: this laptop's own, heard back, are not
/// news ("received" in `desk sync`). A story's row and the desk's vocabularies, people and
/// sites name no author; they count when they come, and a story's own changes count by who
/// made them.
fn from_others(incoming: &Incoming, me: Uuid) -> usize {
    let others = |by: &Uuid| *by != me;
    incoming.people.len()
        + incoming
            .body_updates
            .iter()
            .filter(|u| others(&u.author))
            .count()
        + incoming
            .field_changes
            .iter()
            .filter(|c| others(&c.author))
            .count()
        + incoming
            .comments
            .iter()
            .filter(|c| others(&c.author))
            .count()
        + incoming.events.iter().filter(|e| others(&e.actor)).count()
        + incoming.posts.len()
        + incoming.sections.len()
        + incoming.tags.len()
        + incoming.sites.len()
        + incoming
            .authors
            .iter()
            .filter(|a| others(&a.added_by))
            .count()
        + incoming
            .author_removals
            .iter()
            .filter(|r| others(&r.removed_by))
            .count()
        + incoming
            .revisions
            .iter()
            .filter(|r| others(&r.author))
            .count()
        + incoming
            .pushes
            .iter()
            .filter(|p| others(&p.queued_by))
            .count()
        + incoming.style_rules.len()
        + incoming.words.len()
        + incoming.kept.len()
}

/// Hears what was stamped after `cursor`, applies it here, and says in `report` what came.
async fn hear_and_apply(
    store: &mut Store,
    desk: &mut Connection,
    cursor: i64,
    me: Uuid,
    desk_schema: i32,
    report: &mut SyncReport,
) -> Result<(), SharedDeskError> {
    let (incoming, upto) = hear(desk, cursor, desk_schema).await?;
    report.received = u32::try_from(from_others(&incoming, me)).unwrap_or(u32::MAX);
    store.apply_from_desk(&incoming, upto, Utc::now())?;
    report.cursor = upto;
    let mut stories: Vec<Uuid> = incoming
        .stories
        .iter()
        .map(|s| s.id)
        .chain(incoming.body_updates.iter().map(|u| u.story))
        .chain(incoming.comments.iter().map(|c| c.story))
        .chain(incoming.events.iter().map(|e| e.story))
        .chain(incoming.posts.iter().map(|p| p.story))
        .chain(incoming.authors.iter().map(|a| a.story))
        .chain(incoming.author_removals.iter().map(|r| r.story))
        .chain(incoming.revisions.iter().map(|r| r.story))
        .chain(incoming.pushes.iter().map(|p| p.entry.story))
        .chain(incoming.kept.iter().map(|k| k.story))
        .collect();
    stories.sort_unstable();
    stories.dedup();
    report.stories = stories;
    Ok(())
}

/// Sends each of `items` with `send`, [`CHANGES_PER_BATCH`] at a time on the one connection
/// (tokio-postgres pipelines them, and PostgreSQL runs them in the order sent), and answers
/// each one's outcome in the same order.
async fn pipelined<'a, T, Sent>(
    items: &'a [T],
    send: impl Fn(&'a T) -> Sent,
) -> Vec<Result<(), SharedDeskError>>
where
    Sent: std::future::Future<Output = Result<(), SharedDeskError>>,
{
    let mut answers = Vec::with_capacity(items.len());
    for batch in items.chunks(CHANGES_PER_BATCH) {
        answers.extend(futures_util::future::join_all(batch.iter().map(&send)).await);
    }
    answers
}

/// Puts this laptop's settled revisions the desk does not hold as they are, pipelined a batch
/// at a time. One the desk will not take (the story is no longer this person's to write) is
/// not sent again until it changes.
async fn send_revisions(
    store: &mut Store,
    desk: &Connection,
    report: &mut SyncReport,
) -> Result<(), SharedDeskError> {
    let outgoing = store.desk_revisions_to_send(Utc::now())?;
    let answers = pipelined(&outgoing, |revision| put_revision(desk, revision)).await;
    for (revision, answer) in outgoing.iter().zip(answers) {
        match answer {
            Ok(()) => report.revisions_sent += 1,
            Err(err) if err.is_transient() => return Err(err),
            Err(err) => {
                tracing::info!(revision = %revision.id, %err, "a revision is not taken by the desk");
            }
        }
        store.desk_revision_sent(revision)?;
    }
    Ok(())
}

async fn put_revision(
    desk: &Connection,
    revision: &OutgoingRevision,
) -> Result<(), SharedDeskError> {
    let content = &revision.content;
    let words = i32::try_from(revision.word_count).unwrap_or(i32::MAX);
    desk.client
        .query_one(
            "SELECT desk.put_revision($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            &[
                &revision.id,
                &revision.story,
                &revision.kind.as_str(),
                &revision.created_at,
                &revision.updated_at,
                &content.headline,
                &content.standfirst,
                &content.body,
                &content.byline,
                &content.editors_note,
                &content.language,
                &words,
            ],
        )
        .await?;
    Ok(())
}

/// Sends the places kept as written here, pipelined a batch at a time; in a laptop's first
/// round, every place it kept (before it joined, too: the desk keeps each place once). One the
/// desk refuses (the story is not this person's to see) is not sent again; it stays kept here.
async fn send_kept(
    store: &mut Store,
    desk: &Connection,
    first_round: bool,
    report: &mut SyncReport,
) -> Result<(), SharedDeskError> {
    let outgoing = store.desk_kept_to_send(first_round)?;
    let answers = pipelined(&outgoing, |kept| keep_as_written(desk, kept)).await;
    for (kept, answer) in outgoing.iter().zip(answers) {
        match answer {
            Ok(()) => report.changes_sent += 1,
            Err(err) if err.is_transient() => return Err(err),
            Err(err) => {
                tracing::info!(story = %kept.story, %err, "a place kept as written is not taken by the desk");
            }
        }
        store.desk_kept_sent(kept)?;
    }
    Ok(())
}

async fn keep_as_written(desk: &Connection, kept: &DeskKept) -> Result<(), SharedDeskError> {
    let place = &kept.place;
    desk.client
        .query_one(
            "SELECT desk.keep_as_written($1, $2, $3, $4, $5)",
            &[
                &Uuid::now_v7(),
                &kept.story,
                &place.flagged_by,
                &place.matched,
                &place.context,
            ],
        )
        .await?;
    Ok(())
}

/// Puts this laptop's exports to the newsroom's sites that moved on since the desk last had
/// them. One the desk will not take (this person is not an editor there) goes again only when
/// it moves on.
async fn send_pushes(store: &mut Store, desk: &Connection) -> Result<(), SharedDeskError> {
    for push in store.desk_pushes_to_send()? {
        let attempts = i32::try_from(push.attempts).unwrap_or(i32::MAX);
        let sent = desk
            .client
            .query_one(
                "SELECT desk.put_outbox_entry($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                &[
                    &push.id,
                    &push.story,
                    &push.site,
                    &push.requested_status.key(),
                    &push.state.key(),
                    &attempts,
                    &push.last_error,
                    &push.created_at,
                    &push.updated_at,
                ],
            )
            .await
            .map_err(SharedDeskError::from);
        match sent {
            Ok(_) => {}
            Err(err) if err.is_transient() => return Err(err),
            Err(err) => {
                tracing::info!(export = %push.id, %err, "an export is not taken by the desk");
            }
        }
        store.desk_push_sent(&push)?;
    }
    Ok(())
}

/// Reads from the desk the texts of story `story`'s revisions made elsewhere that this laptop
/// lacks (the story is open: its history may be looked at now). Whether any came.
async fn fetch_revision_texts(
    store: &mut Store,
    desk: &Connection,
    story: Uuid,
) -> Result<bool, SharedDeskError> {
    let wanted = store.desk_revision_texts_wanted(story)?;
    if wanted.is_empty() {
        return Ok(false);
    }
    let rows = desk
        .client
        .query(
            "SELECT id, updated_at, headline, standfirst, body, byline, editors_note, language
               FROM desk.revisions WHERE id = ANY($1) AND story = $2",
            &[&wanted, &story],
        )
        .await?;
    let texts: Vec<DeskRevisionText> = rows
        .iter()
        .map(|row| DeskRevisionText {
            id: row.get(0),
            updated_at: row.get(1),
            content: newsroom_core::ArticleContent {
                headline: row.get(2),
                standfirst: row.get(3),
                body: row.get(4),
                byline: row.get(5),
                editors_note: row.get(6),
                language: row.get(7),
            },
        })
        .collect();
    store.take_desk_revision_texts(&texts)?;
    Ok(!texts.is_empty())
}

/// Fetches the files of the photos the desk named that this laptop lacks: the open story's
/// (`first`: the one the window shows, which needs them now) before the rest, then the newest
/// stories' first, at most [`PHOTO_BYTES_PER_ROUND`] or [`PHOTOS_PER_ROUND`] a round (a
/// laptop joining a desk of thousands of stories takes the stories at once and their photos
/// over the rounds after). Each file is checked (it is outside input: the same reader as a
/// dropped file, and its content address must be the one the story names) and put on its
/// story. A file this laptop cannot take is given up, in words the export shows; one the desk
/// will not give is tried again later; a lost connection ends the round. Returns the story
/// of each photo taken, and how many were left for the next rounds.
async fn fetch_photos(
    store: &mut Store,
    desk: &Connection,
    first: Option<Uuid>,
) -> Result<(Vec<Uuid>, u32), SharedDeskError> {
    let mut fetched = Vec::new();
    let (mut bytes_this_round, mut tried) = (0_usize, 0_usize);
    let wanted = store.desk_photos_to_fetch(first, Utc::now())?;
    let total = wanted.len();
    for fetch in wanted {
        if bytes_this_round >= PHOTO_BYTES_PER_ROUND || tried >= PHOTOS_PER_ROUND {
            break;
        }
        tried += 1;
        let answer = desk
            .client
            .query_one("SELECT desk.photo_file($1)", &[&fetch.sha256])
            .await
            .map_err(SharedDeskError::from);
        let bytes: Vec<u8> = match answer {
            Ok(row) => row.get(0),
            Err(err) if err.is_transient() => return Err(err),
            Err(err) => {
                let why = err.to_string();
                store.desk_photo_not_fetched(&fetch, PhotoNotTaken::NotGiven, &why, Utc::now())?;
                continue;
            }
        };
        bytes_this_round += bytes.len();
        let taken = newsroom_store::photos::prepare_photo(&fetch.name, bytes)
            .and_then(|prepared| store.take_desk_photo(&fetch, &prepared, Utc::now()));
        match taken {
            Ok(()) => fetched.push(fetch.article),
            Err(err) => {
                tracing::warn!(%err, photo = %fetch.photo, "a photo from the desk is not taken");
                // The reader's refusal (or another file than named) comes back the same each
                // time; anything else of this laptop's (a full disk) may pass.
                let failure = match err {
                    newsroom_store::StoreError::PhotoRefused { .. } => PhotoNotTaken::Unusable,
                    _ => PhotoNotTaken::NotGiven,
                };
                store.desk_photo_not_fetched(&fetch, failure, &err.to_string(), Utc::now())?;
            }
        }
    }
    let left = total - tried;
    Ok((fetched, u32::try_from(left).unwrap_or(u32::MAX)))
}

/// Sends the sections changed here; in a laptop's first round, also those the desk does not
/// know at all (a newsroom's own sections, set up before its first laptop joined). A change that
/// is not this person's to make (a reporter's laptop) is dropped ([`send_terms`]).
async fn send_sections(
    store: &mut Store,
    desk: &Connection,
    first_round: bool,
) -> Result<(), SharedDeskError> {
    let mut outgoing = store.desk_sections_to_send()?;
    if first_round {
        let on_desk = texts(desk, "SELECT slug FROM desk.sections").await?;
        for section in store.export_vocabularies()?.sections {
            let known = on_desk.contains(&section.slug)
                || outgoing.iter().any(|(slug, _)| *slug == section.slug);
            if !known {
                outgoing.push((section.slug.clone(), Some(section)));
            }
        }
        outgoing.sort_by_key(|(_, entry)| entry.as_ref().is_some_and(|e| e.parent.is_some()));
    }
    send_terms(store, desk, Vocabulary::Sections, outgoing).await
}

/// Sends the house-style rules changed here and the words added here; in a laptop's first
/// round, also its own rules (changed before it joined) and words the desk does not have.
async fn send_house_style(
    store: &mut Store,
    desk: &Connection,
    first_round: bool,
) -> Result<(), SharedDeskError> {
    let mut rules = store.desk_style_rules_to_send()?;
    let mut words = store.desk_words_to_send(first_round)?;
    if first_round {
        let rules_on_desk = texts(desk, "SELECT slug FROM desk.style_rules").await?;
        for own in store.desk_style_rules_of_my_own(&rules_on_desk)? {
            if !rules.iter().any(|(slug, _)| *slug == own.0) {
                rules.push(own);
            }
        }
        let words_on_desk = texts(desk, "SELECT slug FROM desk.words").await?;
        words.retain(|(slug, _)| !words_on_desk.contains(slug));
    }
    send_terms(store, desk, Vocabulary::StyleRules, rules).await?;
    send_terms(store, desk, Vocabulary::Words, words).await
}

/// The one text column `sql` answers, row by row.
async fn texts(desk: &Connection, sql: &str) -> Result<Vec<String>, SharedDeskError> {
    Ok(desk
        .client
        .query(sql, &[])
        .await?
        .iter()
        .map(|row| row.get(0))
        .collect())
}

/// The desk's vocabularies: its section list, its tags, the house style's rules and the
/// newsroom's dictionary, each term kept by its slug.
#[derive(Debug, Clone, Copy)]
enum Vocabulary {
    Sections,
    Tags,
    StyleRules,
    Words,
}

impl Vocabulary {
    /// The term's name: the desk's table is `desk.<noun>s`, its function `desk.save_<noun>`.
    fn noun(self) -> &'static str {
        match self {
            Vocabulary::Sections => "section",
            Vocabulary::Tags => "tag",
            Vocabulary::StyleRules => "style_rule",
            Vocabulary::Words => "word",
        }
    }
}

/// Sends the terms changed here (`None`: deleted here), each once, a batch at a time (an
/// editor who imported the newsroom's tag list sends thousands). Only an editor's change is
/// taken: at the first refusal of this person's right (a reporter's laptop) the rest are
/// dropped too, as the desk's vocabulary stands and comes back with the next round.
async fn send_terms<T: serde::Serialize>(
    store: &mut Store,
    desk: &Connection,
    vocabulary: Vocabulary,
    outgoing: Vec<(String, Option<T>)>,
) -> Result<(), SharedDeskError> {
    let save = format!("SELECT desk.save_{}($1, $2, $3)", vocabulary.noun());
    let mut refused = false;
    for batch in outgoing.chunks(CHANGES_PER_BATCH) {
        if !refused {
            let entries = batch
                .iter()
                .map(|(_, entry)| {
                    entry
                        .as_ref()
                        .map(|e| {
                            serde_json::to_value(e)
                                .map_err(|err| SharedDeskError::Local(err.to_string()))
                        })
                        .transpose()
                })
                .collect::<Result<Vec<_>, _>>()?;
            let answers = futures_util::future::join_all(batch.iter().zip(&entries).map(
                |((slug, _), entry)| async {
                    desk.client
                        .query_one(&save, &[&Uuid::now_v7(), slug, entry])
                        .await
                        .map_err(SharedDeskError::from)
                },
            ))
            .await;
            for ((slug, _), answer) in batch.iter().zip(answers) {
                match answer {
                    Ok(_) => {}
                    Err(err) if err.is_transient() => return Err(err),
                    Err(err) => {
                        tracing::info!(%slug, %err, "a {} change is not taken by the desk", vocabulary.noun());
                        refused |= matches!(err, SharedDeskError::NotAllowed(_));
                    }
                }
            }
        }
        for (slug, _) in batch {
            match vocabulary {
                Vocabulary::Sections => store.desk_section_sent(slug)?,
                Vocabulary::Tags => store.desk_tag_sent(slug)?,
                Vocabulary::StyleRules => store.desk_style_rule_sent(slug)?,
                Vocabulary::Words => store.desk_word_sent(slug)?,
            }
        }
    }
    Ok(())
}

/// The query for the terms of `vocabulary` stamped after the cursor ($1).
fn terms_since(vocabulary: Vocabulary) -> String {
    format!(
        "SELECT slug, entry FROM desk.{}s WHERE version > $1 ORDER BY version",
        vocabulary.noun()
    )
}

/// The terms [`terms_since`] answered.
fn terms(rows: &[tokio_postgres::Row]) -> Vec<DeskTerm> {
    rows.iter()
        .map(|row| DeskTerm {
            slug: row.get(0),
            entry: row.get(1),
        })
        .collect()
}

/// Sends the sites added, renamed or removed here; in a laptop's first round, also this
/// laptop's WordPress targets the desk does not list. Only an admin's change is taken; another's
/// is dropped (the desk's list stands, and comes back with the next round).
async fn send_sites(
    store: &mut Store,
    desk: &Connection,
    first_round: bool,
) -> Result<(), SharedDeskError> {
    let mut outgoing = store.desk_sites_to_send()?;
    if first_round {
        let on_desk = texts(desk, "SELECT site FROM desk.sites").await?;
        for target in store.targets()? {
            let site = newsroom_core::outbox::site_key(&target.url);
            let known = on_desk.contains(&site) || outgoing.iter().any(|s| s.site == site);
            if target.kind == newsroom_core::outbox::TargetKind::WordPress && !known {
                outgoing.push(newsroom_store::DeskSite {
                    site,
                    name: target.name,
                    removed: false,
                });
            }
        }
    }
    for site in outgoing {
        let sent = desk
            .client
            .query_one(
                "SELECT desk.save_site($1, $2, $3, $4)",
                &[&Uuid::now_v7(), &site.site, &site.name, &site.removed],
            )
            .await
            .map_err(SharedDeskError::from);
        match sent {
            Ok(_) => {}
            Err(err) if err.is_transient() => return Err(err),
            Err(err) => {
                tracing::info!(site = %site.site, %err, "a site change is not taken by the desk");
            }
        }
        store.desk_site_sent(&site.site)?;
    }
    Ok(())
}

/// Puts on the desk the photo files it lacks of those a story's fields are about to name.
async fn send_photo_files(
    desk: &Connection,
    files: &[newsroom_store::PhotoFileToSend],
) -> Result<(), SharedDeskError> {
    if files.is_empty() {
        return Ok(());
    }
    let wanted: Vec<String> = files.iter().map(|f| f.sha256.clone()).collect();
    let missing: Vec<String> = desk
        .client
        .query_one("SELECT desk.photo_files_missing($1)", &[&wanted])
        .await?
        .get(0);
    for file in files.iter().filter(|f| missing.contains(&f.sha256)) {
        let bytes = std::fs::read(&file.path).map_err(|err| {
            SharedDeskError::Local(format!("cannot read {}: {err}", file.path.display()))
        })?;
        desk.client
            .query_one("SELECT desk.put_photo_file($1)", &[&bytes])
            .await?;
    }
    Ok(())
}

/// The version of the desk's schema. Refuses a desk set up by a newer app: this laptop would
/// not know what its changes mean. Nothing is sent or applied; what waits here keeps waiting.
/// (An older desk works until its admin runs `desk init` again: what it lacks is not read.)
pub async fn check_schema(desk: &Connection) -> Result<i32, SharedDeskError> {
    let newest = desk
        .statements
        .get(&desk.client, "SELECT max(version) FROM desk.migrations")
        .await?;
    let version: Option<i32> = desk.client.query_one(&newest, &[]).await?.get(0);
    let app = crate::schema::newest_version();
    match version {
        Some(desk) if desk > app => Err(SharedDeskError::SchemaNewer { desk, app }),
        version => Ok(version.unwrap_or(0)),
    }
}

/// A story's creation, changed fields and body edits (the files of its photos first).
async fn send_story(
    desk: &Connection,
    story: &OutgoingStory,
    desk_schema: i32,
) -> Result<(), SharedDeskError> {
    let now = Utc::now();
    if desk_schema >= PHOTOS_SCHEMA {
        send_photo_files(desk, &story.photo_files).await?;
    }
    if !story.on_desk {
        // The story's id is its creation's change id: created once, whatever is retried.
        desk.client
            .query_one(
                "SELECT desk.create_story($1, $2, $3, $4)",
                &[&story.id, &story.id, &story.fields, &story.created_at],
            )
            .await?;
    } else if !story.changed_fields.is_empty() {
        let changed = serde_json::Value::Object(story.changed_fields.clone());
        desk.client
            .query_one(
                "SELECT desk.save_fields($1, $2, $3, $4)",
                &[&Uuid::now_v7(), &story.id, &changed, &now],
            )
            .await?;
    }
    if !is_empty_update(&story.body_update) {
        desk.client
            .query_one(
                "SELECT desk.push_body($1, $2, $3, $4)",
                &[&Uuid::now_v7(), &story.id, &story.body_update, &now],
            )
            .await?;
    }
    Ok(())
}

async fn send_change(
    desk: &Connection,
    change_id: Uuid,
    story: Uuid,
    change: &DeskChange,
) -> Result<(), SharedDeskError> {
    match change {
        DeskChange::Move {
            action,
            note,
            seen_version,
            at,
        } => {
            desk.client
                .query_one(
                    "SELECT desk.move_story($1, $2, $3, $4, $5, NULL, $6)",
                    &[&change_id, &story, &action.key(), note, seen_version, at],
                )
                .await?;
        }
        DeskChange::Comment {
            id,
            parent,
            text,
            passage,
            anchor,
            at,
        } => {
            let (start, end) = anchor.clone().unzip();
            desk.client
                .query_one(
                    "SELECT desk.add_comment($1, $2, $3, $4, $5, $6, $7, $8)",
                    &[id, &story, parent, text, passage, &start, &end, at],
                )
                .await?;
        }
    }
    Ok(())
}

/// The stories that became this person's to see after the cursor ($1), as an array: they come
/// whole, old stamps included (submitted to the editors, or this person added as an author).
/// An array, not `IN (subquery)`: a filter of a stamp and an array leaks nothing, so
/// PostgreSQL applies it before row-level security's `may_see()`, and asks that only of the
/// rows it keeps (with `IN`, it asked it of every row of the table, every round).
const NEW_TO_ME: &str = "ARRAY(SELECT id FROM desk.stories WHERE shared_version > $1
     UNION SELECT a.story FROM desk.story_authors a
            WHERE a.version > $1 AND a.person = (desk.me()).id)";

/// The rows `sql` answers for the cursor ($1), when the desk's schema has its table
/// (`wanted`); none otherwise.
async fn rows_since(
    transaction: &tokio_postgres::Transaction<'_>,
    statements: &Statements,
    sql: String,
    cursor: i64,
    wanted: bool,
) -> Result<Vec<tokio_postgres::Row>, SharedDeskError> {
    if !wanted {
        return Ok(Vec::new());
    }
    let statement = statements.get(transaction, &sql).await?;
    Ok(transaction.query(&statement, &[&cursor]).await?)
}

/// Everything stamped after `cursor` that this login may see, and the clock it is complete up
/// to. The queries go out together on the one connection (tokio-postgres pipelines them), so
/// a round costs a few round trips to the desk, not one per table: it matters on a far network.
async fn hear(
    desk: &mut Connection,
    cursor: i64,
    desk_schema: i32,
) -> Result<(Incoming, i64), SharedDeskError> {
    let statements = &desk.statements.clone();
    let transaction = desk
        .client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .await?;
    let tx = &transaction;
    // In a laptop's first round everything is new to it: no stories to name besides.
    let new_to_me = if cursor == 0 {
        "'{}'::uuid[]"
    } else {
        NEW_TO_ME
    };
    let (
        upto,
        authors,
        removals,
        people,
        stories,
        body_updates,
        comments,
        events,
        field_changes,
        tags,
        sites,
        sections,
        posts,
        revisions,
        pushes,
        style_rules,
        words,
        kept,
    ) =
        tokio::try_join!(
        async {
            let clock = statements.get(tx, "SELECT v FROM desk.clock").await?;
            let clock = tx.query_one(&clock, &[]).await?;
            Ok::<i64, SharedDeskError>(clock.get(0))
        },
        rows_since(
            tx,
            statements,
            format!(
                "SELECT story, person, added_by FROM desk.story_authors
                  WHERE version > $1 OR story = ANY ({new_to_me}) ORDER BY version"
            ),
            cursor,
            true
        ),
        // (Those of stories this person may no longer see too: their own removal.)
        rows_since(
            tx,
            statements,
            "SELECT story, person, removed_by, desk.may_see(story) FROM desk.author_removals
              WHERE version > $1 ORDER BY version"
                .into(),
            cursor,
            desk_schema >= AUTHOR_REMOVALS_SCHEMA
        ),
        rows_since(
            tx,
            statements,
            "SELECT id, name, role, byline FROM desk.people WHERE version > $1 ORDER BY version"
                .into(),
            cursor,
            true
        ),
        rows_since(
            tx,
            statements,
            "SELECT id, created_at, state, fields, version, changed_since_approval
               FROM desk.stories WHERE version > $1 ORDER BY version"
                .into(),
            cursor,
            true
        ),
        rows_since(
            tx,
            statements,
            format!(
                "SELECT story, author, \"update\" FROM desk.body_updates
                  WHERE version > $1 OR story = ANY ({new_to_me}) ORDER BY version"
            ),
            cursor,
            true
        ),
        rows_since(
            tx,
            statements,
            format!(
                "SELECT id, story, parent, author, text, passage, anchor_start, anchor_end, at
                   FROM desk.comments WHERE version > $1 OR story = ANY ({new_to_me})
                  ORDER BY version"
            ),
            cursor,
            true
        ),
        rows_since(
            tx,
            statements,
            format!(
                "SELECT id, story, actor, action, from_state, to_state, note, at
                   FROM desk.events WHERE version > $1 OR story = ANY ({new_to_me}) ORDER BY version"
            ),
            cursor,
            true
        ),
        rows_since(
            tx,
            statements,
            format!(
                "SELECT story, author, changed, at FROM desk.field_changes
                  WHERE version > $1 OR story = ANY ({new_to_me}) ORDER BY version"
            ),
            cursor,
            true
        ),
        rows_since(tx, statements, terms_since(Vocabulary::Tags), cursor, desk_schema >= TAGS_SCHEMA),
        rows_since(
            tx,
            statements,
            "SELECT site, name, removed FROM desk.sites WHERE version > $1 ORDER BY version"
                .into(),
            cursor,
            desk_schema >= SITES_SCHEMA
        ),
        rows_since(
            tx,
            statements,
            terms_since(Vocabulary::Sections),
            cursor,
            desk_schema >= SECTIONS_SCHEMA
        ),
        rows_since(
            tx,
            statements,
            format!(
                "SELECT story, site, slug, post_id, coalesce(modified_gmt, ''), link, status,
                        sent_by, sent_at
                   FROM desk.posts
                  WHERE post_id IS NOT NULL AND (version > $1 OR story = ANY ({new_to_me}))
                  ORDER BY version"
            ),
            cursor,
            desk_schema >= POSTS_SCHEMA
        ),
        rows_since(
            tx,
            statements,
            format!(
                "SELECT id, story, author, kind, created_at, updated_at, headline, word_count
                   FROM desk.revisions WHERE version > $1 OR story = ANY ({new_to_me})
                  ORDER BY version"
            ),
            cursor,
            desk_schema >= REVISIONS_SCHEMA
        ),
        rows_since(
            tx,
            statements,
            format!(
                "SELECT id, story, site, queued_by, requested_status, state, attempts, last_error,
                        created_at, updated_at
                   FROM desk.outbox WHERE version > $1 OR story = ANY ({new_to_me}) ORDER BY version"
            ),
            cursor,
            desk_schema >= OUTBOX_SCHEMA
        ),
        rows_since(
            tx,
            statements,
            terms_since(Vocabulary::StyleRules),
            cursor,
            desk_schema >= HOUSE_STYLE_SCHEMA
        ),
        rows_since(
            tx,
            statements,
            terms_since(Vocabulary::Words),
            cursor,
            desk_schema >= HOUSE_STYLE_SCHEMA
        ),
        rows_since(
            tx,
            statements,
            format!(
                "SELECT k.story, k.flagged_by, k.matched, k.context, p.name
                   FROM desk.kept_as_written k JOIN desk.people p ON p.id = k.kept_by
                  WHERE k.version > $1 OR k.story = ANY ({new_to_me}) ORDER BY k.version"
            ),
            cursor,
            desk_schema >= KEPT_SCHEMA
        ),
    )?;
    let mut incoming = Incoming::default();
    for row in removals {
        incoming.author_removals.push(DeskAuthorRemoval {
            story: row.get(0),
            person: row.get(1),
            removed_by: row.get(2),
            still_seen: row.get(3),
        });
    }
    for row in authors {
        incoming.authors.push(DeskAuthor {
            story: row.get(0),
            person: row.get(1),
            added_by: row.get(2),
        });
    }
    for row in people {
        let role: String = row.get(2);
        incoming.people.push(DeskPerson {
            id: row.get(0),
            name: row.get(1),
            role: Role::from_key(&role).unwrap_or(Role::Reporter),
            byline: row.get(3),
        });
    }
    for row in stories {
        let state: String = row.get(2);
        let Some(state) = WorkflowState::from_key(&state) else {
            continue;
        };
        incoming.stories.push(DeskStory {
            id: row.get(0),
            created_at: row.get(1),
            state,
            fields: row.get(3),
            version: row.get(4),
            changed_since_approval: row.get(5),
        });
    }
    for row in body_updates {
        incoming.body_updates.push(DeskBodyUpdate {
            story: row.get(0),
            author: row.get(1),
            update: row.get(2),
        });
    }
    for row in comments {
        let start: Option<Vec<u8>> = row.get(6);
        let end: Option<Vec<u8>> = row.get(7);
        incoming.comments.push(DeskComment {
            id: row.get(0),
            story: row.get(1),
            parent: row.get(2),
            author: row.get(3),
            text: row.get(4),
            passage: row.get(5),
            anchor: start.zip(end),
            at: row.get(8),
        });
    }
    for row in events {
        let (action, from, to): (String, String, String) = (row.get(3), row.get(4), row.get(5));
        let (Some(action), Some(from_state), Some(to_state)) = (
            WorkflowAction::from_key(&action),
            WorkflowState::from_key(&from),
            WorkflowState::from_key(&to),
        ) else {
            continue;
        };
        incoming.events.push(DeskEvent {
            id: row.get(0),
            story: row.get(1),
            actor: row.get(2),
            action,
            from_state,
            to_state,
            note: row.get(6),
            at: row.get(7),
        });
    }
    for row in field_changes {
        let changed: serde_json::Value = row.get(2);
        incoming.field_changes.push(DeskFieldChange {
            story: row.get(0),
            author: row.get(1),
            fields: changed
                .as_object()
                .map(|fields| fields.keys().cloned().collect())
                .unwrap_or_default(),
            at: row.get(3),
        });
    }
    incoming.tags = terms(&tags);
    for row in sites {
        incoming.sites.push(DeskSite {
            site: row.get(0),
            name: row.get(1),
            removed: row.get(2),
        });
    }
    incoming.sections = terms(&sections);
    incoming.style_rules = terms(&style_rules);
    incoming.words = terms(&words);
    for row in kept {
        incoming.kept.push(DeskKept {
            story: row.get(0),
            place: newsroom_style::MarkedCorrect {
                flagged_by: row.get(1),
                matched: row.get(2),
                context: row.get(3),
            },
            by: row.get(4),
        });
    }
    for row in posts {
        incoming.posts.push(DeskPost {
            story: row.get(0),
            site: row.get(1),
            slug: row.get(2),
            post_id: u64::try_from(row.get::<_, i64>(3)).unwrap_or_default(),
            modified_gmt: row.get(4),
            link: row.get(5),
            status: row.get(6),
            sent_by: row.get(7),
            sent_at: row.get(8),
        });
    }
    for row in revisions {
        let kind: String = row.get(3);
        let Some(kind) = RevisionKind::parse(&kind) else {
            continue;
        };
        incoming.revisions.push(DeskRevision {
            id: row.get(0),
            story: row.get(1),
            author: row.get(2),
            kind,
            created_at: row.get(4),
            updated_at: row.get(5),
            headline: row.get(6),
            word_count: u32::try_from(row.get::<_, i32>(7)).unwrap_or_default(),
        });
    }
    for row in pushes {
        let (requested, state): (String, String) = (row.get(4), row.get(5));
        let (Some(requested_status), Some(state)) = (
            RequestedStatus::from_key(&requested),
            OutboxState::from_key(&state),
        ) else {
            continue;
        };
        incoming.pushes.push(DeskPush {
            entry: OutgoingPush {
                id: row.get(0),
                story: row.get(1),
                site: row.get(2),
                requested_status,
                state,
                attempts: u32::try_from(row.get::<_, i32>(6)).unwrap_or_default(),
                last_error: row.get(7),
                created_at: row.get(8),
                updated_at: row.get(9),
            },
            queued_by: row.get(3),
        });
    }
    transaction.commit().await?;
    Ok((incoming, upto))
}
