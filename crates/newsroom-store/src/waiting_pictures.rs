//! Wire pictures waiting for the network. A reporter imports agency copy on a train; the
//! item's pictures are on the agency's server. Each one that cannot be fetched now is kept
//! here with the credit, creator and caption the item gives (in the import's own transaction),
//! and fetched when the network answers: by the app's background thread every few seconds,
//! by `newsroom photos fetch-waiting`, or at once when someone presses "Fetch now". A picture
//! is never lost and never needs a second import; one the server refuses for good is kept,
//! marked given up with the reason, until someone tries again or the story goes.
//!
//! Fetching is split in three so the network is never waited on with the store locked:
//! [`Store::claim_waiting_picture`] takes one due picture (a claim with an expiry, so two
//! processes on one data folder never fetch the same one), [`fetch_claimed`] fetches and
//! decodes it with no store at all, and [`Store::settle_waiting_picture`] attaches it or
//! records when to try again.

use chrono::{DateTime, Duration, Utc};
use newsroom_media::PreparedPhoto;
use newsroom_wire::WirePicture;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::StoreResult;
use crate::sql_id::SqlId;
use crate::wire::{fetch_web_picture, FetchFailure, FetchPicture};
use crate::{time, LeadChoice, Store};

/// How long a claimed picture is left to its fetcher before another may take it: more than a
/// fetch may take (60 s) and its decoding.
pub const PICTURE_CLAIM: Duration = Duration::minutes(3);
/// The first wait after a failed try; it doubles with each try after that.
const FIRST_WAIT: Duration = Duration::seconds(30);
/// The longest wait between two tries.
const LONGEST_WAIT: Duration = Duration::minutes(15);

/// How long to wait after the `tries`-th failed try: 30 s, 1 min, 2 min, … up to 15 min.
pub fn wait_after(tries: u32) -> Duration {
    let doublings = tries.saturating_sub(1).min(10);
    (FIRST_WAIT * (1 << doublings)).min(LONGEST_WAIT)
}

/// A picture waiting to be fetched, as the story's Original panel and the command line show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WaitingPicture {
    /// Its id.
    pub id: Uuid,
    /// The story it belongs to.
    pub article_id: Uuid,
    /// Where the agency has it.
    pub url: String,
    /// The credit, creator and caption the item gave it.
    pub credit: String,
    /// The photographer.
    pub creator: String,
    /// The caption.
    pub caption: String,
    /// How many times it was tried.
    pub tries: u32,
    /// Why the last try failed, in words.
    pub last_error: String,
    /// True when the server's answer was final; it is tried again only when someone asks.
    pub given_up: bool,
    /// When it is tried next (unless given up).
    pub next_try_at: DateTime<Utc>,
}

/// A waiting picture taken by one fetcher, to be fetched and then settled by it.
#[derive(Debug, Clone)]
pub struct PictureClaim {
    id: Uuid,
    /// The story it belongs to.
    pub article_id: Uuid,
    position: u32,
    tries: u32,
    /// The picture with its credits.
    pub picture: WirePicture,
}

/// What fetching a waiting picture came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    tag = "kind"
)]
#[ts(export)]
pub enum PictureArrival {
    /// It is attached to its story with the agency's credit.
    Attached {
        /// The story.
        article_id: Uuid,
        /// Where it came from.
        url: String,
        /// The attached photo.
        photo_id: Uuid,
    },
    /// It could not be fetched; it waits until `next_try_at`.
    StillWaiting {
        /// The story.
        article_id: Uuid,
        /// Where it is.
        url: String,
        /// Why not, in words.
        reason: String,
        /// When it is tried again.
        next_try_at: DateTime<Utc>,
    },
    /// The answer was final; it waits until someone asks for another try.
    GivenUp {
        /// The story.
        article_id: Uuid,
        /// Where it is.
        url: String,
        /// Why, in words.
        reason: String,
    },
}

impl PictureArrival {
    /// The story the picture belongs to.
    pub fn article_id(&self) -> Uuid {
        match self {
            PictureArrival::Attached { article_id, .. }
            | PictureArrival::StillWaiting { article_id, .. }
            | PictureArrival::GivenUp { article_id, .. } => *article_id,
        }
    }

    /// One line for the journalist.
    pub fn message(&self) -> String {
        match self {
            PictureArrival::Attached { url, .. } => format!("Picture {url} is attached."),
            PictureArrival::StillWaiting {
                url,
                reason,
                next_try_at,
                ..
            } => format!(
                "Picture {url} could not be fetched ({reason}); it is tried again at {}.",
                next_try_at.format("%H:%M:%S UTC")
            ),
            PictureArrival::GivenUp { url, reason, .. } => {
                format!("Picture {url} was not fetched ({reason}); it waits until you try again.")
            }
        }
    }
}

/// Keeps `waiting` (place in the item, picture, why it was not fetched) for `article_id`, in
/// the import's transaction, each due for its next try after the first wait.
pub(crate) fn keep_waiting_pictures(
    tx: &Transaction<'_>,
    article_id: Uuid,
    waiting: &[(usize, WirePicture, String)],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO waiting_pictures
            (id, article_id, position, url, credit, creator, caption, tries, last_error,
             next_try_at, added_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8, ?9, ?10)",
    )?;
    for (position, picture, reason) in waiting {
        insert.execute(params![
            SqlId(Uuid::now_v7()),
            SqlId(article_id),
            *position as i64,
            picture.href.trim(),
            picture.credit,
            picture.creator,
            picture.caption,
            reason,
            time::encode(now + wait_after(1)),
            time::encode(now),
        ])?;
    }
    Ok(())
}

/// Fetches and decodes a claimed picture: no store is touched, so it may take its minute.
pub fn fetch_claimed(
    claim: &PictureClaim,
    fetch: FetchPicture<'_>,
) -> Result<(String, PreparedPhoto), FetchFailure> {
    fetch_web_picture(&claim.picture.href, fetch)
}

impl Store {
    /// The pictures waiting for `article_id` (every story's when `None`), in the item's order.
    pub fn waiting_pictures(&self, article_id: Option<Uuid>) -> StoreResult<Vec<WaitingPicture>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, article_id, url, credit, creator, caption, tries, last_error, given_up,
                    next_try_at
             FROM waiting_pictures WHERE ?1 IS NULL OR article_id = ?1
             ORDER BY added_at, article_id, position",
        )?;
        let rows = statement.query_map([article_id.map(SqlId)], |row| {
            Ok((
                WaitingPicture {
                    id: row.get::<_, SqlId>(0)?.0,
                    article_id: row.get::<_, SqlId>(1)?.0,
                    url: row.get(2)?,
                    credit: row.get(3)?,
                    creator: row.get(4)?,
                    caption: row.get(5)?,
                    tries: row.get(6)?,
                    last_error: row.get(7)?,
                    given_up: row.get(8)?,
                    next_try_at: DateTime::<Utc>::MIN_UTC,
                },
                row.get::<_, String>(9)?,
            ))
        })?;
        rows.map(|row| {
            let (mut picture, next) = row?;
            picture.next_try_at = time::decode(&next)?;
            Ok(picture)
        })
        .collect()
    }

    /// Takes the next picture that is due (not given up, its time come), of `article_id` or
    /// of any story, claimed by this connection until `now` + [`PICTURE_CLAIM`]; `None` when
    /// nothing is due.
    pub fn claim_waiting_picture(
        &mut self,
        article_id: Option<Uuid>,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<PictureClaim>> {
        let sender = self.sender_id;
        let tx = self.write_transaction()?;
        let claim = tx
            .query_row(
                "UPDATE waiting_pictures SET claimed_by = ?2, next_try_at = ?3
                 WHERE id = (SELECT id FROM waiting_pictures
                             WHERE given_up = 0 AND next_try_at <= ?1
                               AND (?4 IS NULL OR article_id = ?4)
                             ORDER BY next_try_at, position LIMIT 1)
                 RETURNING id, article_id, position, tries, url, credit, creator, caption",
                params![
                    time::encode(now),
                    SqlId(sender),
                    time::encode(now + PICTURE_CLAIM),
                    article_id.map(SqlId)
                ],
                |row| {
                    Ok(PictureClaim {
                        id: row.get::<_, SqlId>(0)?.0,
                        article_id: row.get::<_, SqlId>(1)?.0,
                        position: row.get(2)?,
                        tries: row.get(3)?,
                        picture: WirePicture {
                            href: row.get(4)?,
                            credit: row.get(5)?,
                            creator: row.get(6)?,
                            caption: row.get(7)?,
                        },
                    })
                },
            )
            .optional()?;
        tx.commit()?;
        Ok(claim)
    }

    /// Settles a claimed picture with what fetching it gave: attached to its story with the
    /// item's credits (and the row gone), or kept with the reason and its next try. A claim
    /// that ran out and was taken by another fetcher is left to that one (`None`).
    pub fn settle_waiting_picture(
        &mut self,
        claim: &PictureClaim,
        fetched: Result<(String, PreparedPhoto), FetchFailure>,
        author: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<PictureArrival>> {
        if !self.holds_picture_claim(claim)? {
            return Ok(None);
        }
        let url = claim.picture.href.clone();
        let failure = match fetched {
            Ok((name, prepared)) => {
                // The item's first picture is its lead, as at import, unless the story has one.
                let lead = if claim.position == 0 {
                    LeadChoice::LeadIfNone
                } else {
                    LeadChoice::NotLead
                };
                match self.attach_wire_picture(
                    claim.article_id,
                    &prepared,
                    &name,
                    &claim.picture,
                    lead,
                    author,
                    now,
                ) {
                    Ok(photo_id) => {
                        self.conn.execute(
                            "DELETE FROM waiting_pictures WHERE id = ?1 AND claimed_by = ?2",
                            params![SqlId(claim.id), SqlId(self.sender_id)],
                        )?;
                        return Ok(Some(PictureArrival::Attached {
                            article_id: claim.article_id,
                            url,
                            photo_id,
                        }));
                    }
                    // The story refused it (it was approved meanwhile and the desk's policy
                    // locks approved stories): final until someone attaches it by hand.
                    Err(err) => FetchFailure::for_good(format!("it could not be attached: {err}")),
                }
            }
            Err(failure) => failure,
        };
        let tries = claim.tries + 1;
        let next_try_at = now + wait_after(tries);
        self.conn.execute(
            "UPDATE waiting_pictures
             SET tries = ?2, last_error = ?3, given_up = ?4, next_try_at = ?5, claimed_by = NULL
             WHERE id = ?1 AND claimed_by = ?6",
            params![
                SqlId(claim.id),
                tries,
                failure.reason,
                !failure.may_retry,
                time::encode(next_try_at),
                SqlId(self.sender_id)
            ],
        )?;
        Ok(Some(if failure.may_retry {
            PictureArrival::StillWaiting {
                article_id: claim.article_id,
                url,
                reason: failure.reason,
                next_try_at,
            }
        } else {
            PictureArrival::GivenUp {
                article_id: claim.article_id,
                url,
                reason: failure.reason,
            }
        }))
    }

    fn holds_picture_claim(&self, claim: &PictureClaim) -> StoreResult<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM waiting_pictures WHERE id = ?1 AND claimed_by = ?2)",
            params![SqlId(claim.id), SqlId(self.sender_id)],
            |row| row.get(0),
        )?)
    }

    /// Makes the pictures waiting for `article_id` (every story's when `None`) due now, the
    /// given-up ones too: "Fetch now" after the network came back or the agency fixed a
    /// link. Returns how many.
    pub fn fetch_waiting_pictures_now(
        &mut self,
        article_id: Option<Uuid>,
        now: DateTime<Utc>,
    ) -> StoreResult<usize> {
        Ok(self.conn.execute(
            "UPDATE waiting_pictures SET given_up = 0, next_try_at = ?2, claimed_by = NULL
             WHERE (?1 IS NULL OR article_id = ?1)
               AND (claimed_by IS NULL OR next_try_at <= ?2)",
            params![article_id.map(SqlId), time::encode(now)],
        )?)
    }

    /// Fetches every picture that is due, one after another, on this connection: for a caller
    /// that holds no lock over the store (the command line, the app's background thread).
    pub fn fetch_due_pictures(
        &mut self,
        fetch: FetchPicture<'_>,
        author: &str,
    ) -> StoreResult<Vec<PictureArrival>> {
        let mut arrivals = Vec::new();
        while let Some(claim) = self.claim_waiting_picture(None, Utc::now())? {
            let fetched = fetch_claimed(&claim, fetch);
            arrivals.extend(self.settle_waiting_picture(&claim, fetched, author, Utc::now())?);
        }
        Ok(arrivals)
    }
}
