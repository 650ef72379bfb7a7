//! Pushing to the newsroom's sites through the shared desk: one post per story per site,
//! whichever editors push it, and every laptop hears what the site holds.
//!
//! The outbox worker and `newsroom outbox send` push through a [`SharedLedger`]: the laptop's
//! store for everything a push reads and records, and the desk for the one thing two laptops
//! must agree on, who writes a story's post on a site now. Before a post is written the push
//! claims it on the desk (`desk.claim_post`: a row lock, a lease and a token only the holder
//! knows). The desk answers what the site already holds, the post another editor made, so this
//! push updates that post; while another push holds the claim, this one waits in the outbox.
//! What the site answers is recorded on the desk (`desk.record_post`) and every laptop hears it
//! with the next round of its sync.
//!
//! A desk that cannot be reached holds the push back: better a story a minute late than on the
//! site twice. A laptop on no desk pushes on its own, as it always did.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use newsroom_core::desk::{DeskError, PublishLedger, StorySource};
use newsroom_core::export::ExportStory;
use newsroom_core::outbox::{
    site_key, OutboxEntry, OutboxOutcome, PostReceipt, RemotePost, Target, TargetKind,
};
use newsroom_store::{DeskLink, Store};
use tokio_postgres::types::ToSql;
use tokio_postgres::Row;
use uuid::Uuid;

use crate::{connect, Connection, DeskAddress, SharedDeskError};

/// How long a claim stays its holder's without news from it: the outbox's own lease, renewed
/// with every step of the push.
const CLAIM_LEASE_SECONDS: i32 = 120;

/// Where a ledger finds this person's password for the desk (the keychain).
type PasswordLookup = Box<dyn Fn(&DeskLink) -> Option<String> + Send>;

/// The laptop's store, with the shared desk deciding who writes each story's post.
pub struct SharedLedger {
    store: Store,
    password: PasswordLookup,
    /// The desk's connection, for the desk this laptop is on now (it may join or leave while
    /// the worker runs).
    desk: Option<DeskSession>,
    /// The claims this ledger holds, by outbox entry.
    claims: HashMap<Uuid, Claim>,
}

#[derive(Debug, Clone)]
struct Claim {
    story: Uuid,
    target: Uuid,
    site: String,
    token: Uuid,
}

/// A connection made when a push first needs it, and made again after it was lost.
struct DeskSession {
    /// The desk's address as the link keeps it, and the login: a new link, a new session.
    link: (String, String),
    address: Result<DeskAddress, String>,
    password: Option<String>,
    runtime: tokio::runtime::Runtime,
    connection: Option<Connection>,
}

impl SharedLedger {
    /// The ledger over `store`. While the laptop is on a desk, `password` gives this person's
    /// password for it (from the keychain), and pushes to WordPress are claimed there.
    pub fn new(
        store: Store,
        password: impl Fn(&DeskLink) -> Option<String> + Send + 'static,
    ) -> Self {
        SharedLedger {
            store,
            password: Box::new(password),
            desk: None,
            claims: HashMap::new(),
        }
    }

    /// The desk this laptop is on now, with its session (`None` on no desk).
    fn desk_now(&mut self) -> Result<Option<&mut DeskSession>, DeskError> {
        let Some(link) = self.store.desk_link()? else {
            self.desk = None;
            return Ok(None);
        };
        let key = (link.address.clone(), link.login.clone());
        if self.desk.as_ref().is_none_or(|desk| desk.link != key) {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|err| {
                    DeskError::failed(format!("No runtime for the desk's connection: {err}"))
                })?;
            self.desk = Some(DeskSession {
                address: DeskAddress::parse(&link.address).map_err(|e| e.to_string()),
                password: (self.password)(&link),
                link: key,
                runtime,
                connection: None,
            });
        }
        Ok(self.desk.as_mut())
    }

    /// The store underneath.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The store underneath, to change.
    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// Runs one statement on the desk: a failure for the push to report.
    fn on_desk(
        &mut self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>, DeskError> {
        let Some(desk) = self.desk_now()? else {
            return Ok(None);
        };
        desk.query_opt(sql, params).map_err(push_error)
    }

    fn claim_of(&self, story: Uuid, target: Uuid) -> Option<Claim> {
        self.claims
            .values()
            .find(|claim| claim.story == story && claim.target == target)
            .cloned()
    }
}

impl DeskSession {
    fn query_opt(
        &mut self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>, SharedDeskError> {
        let DeskSession {
            link: (_, login),
            address,
            password,
            runtime,
            connection,
        } = self;
        let result = runtime.block_on(async {
            if connection.is_none() {
                let address = address.as_ref().map_err(|e| SharedDeskError::BadAddress(e.clone()))?;
                let password = password.as_deref().ok_or_else(|| {
                    SharedDeskError::Refused(
                        "this laptop no longer keeps the desk's password; join the desk again on the Desk page"
                            .into(),
                    )
                })?;
                *connection = Some(connect(address, login, password).await?);
            }
            let Some(desk) = connection.as_ref() else {
                return Ok(None);
            };
            Ok(desk.client.query_opt(sql, params).await?)
        });
        if result.as_ref().is_err_and(SharedDeskError::is_transient) {
            *connection = None;
        }
        result
    }
}

/// A desk failure as the push reports it: a desk out of reach holds the export back.
fn push_error(err: SharedDeskError) -> DeskError {
    match err {
        err if err.is_transient() => DeskError::transient(format!(
            "{err} The export waits until the desk answers, so that the story is not put on the site twice."
        )),
        SharedDeskError::NotAllowed(why) | SharedDeskError::Refused(why) => DeskError::refused(why),
        err => DeskError::failed(err.to_string()),
    }
}

impl StorySource for SharedLedger {
    fn export_story(&self, article_id: Uuid) -> Result<ExportStory, DeskError> {
        StorySource::export_story(&self.store, article_id)
    }

    fn approved_stories(&self) -> Result<Vec<Uuid>, DeskError> {
        StorySource::approved_stories(&self.store)
    }

    fn photo_original(&self, photo_id: Uuid) -> Result<std::path::PathBuf, DeskError> {
        self.store.photo_original(photo_id)
    }
}

impl PublishLedger for SharedLedger {
    fn target(&self, name_or_id: &str) -> Result<Target, DeskError> {
        PublishLedger::target(&self.store, name_or_id)
    }

    fn add_target(
        &mut self,
        name: &str,
        url: &str,
        username: &str,
        now: DateTime<Utc>,
    ) -> Result<Target, DeskError> {
        PublishLedger::add_target(&mut self.store, name, url, username, now)
    }

    fn set_target_user(&mut self, id: Uuid, username: &str) -> Result<(), DeskError> {
        PublishLedger::set_target_user(&mut self.store, id, username)
    }

    fn remove_target(&mut self, id: Uuid) -> Result<Target, DeskError> {
        PublishLedger::remove_target(&mut self.store, id)
    }

    fn due_outbox(&self, now: DateTime<Utc>) -> Result<Vec<Uuid>, DeskError> {
        PublishLedger::due_outbox(&self.store, now)
    }

    fn next_outbox_due(&self) -> Result<Option<DateTime<Utc>>, DeskError> {
        PublishLedger::next_outbox_due(&self.store)
    }

    fn claim_outbox(
        &mut self,
        id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Option<OutboxEntry>, DeskError> {
        PublishLedger::claim_outbox(&mut self.store, id, now)
    }

    fn outbox_progress(
        &mut self,
        id: Uuid,
        steps: (u32, u32),
        bytes: (u64, u64),
        now: DateTime<Utc>,
    ) -> Result<bool, DeskError> {
        let kept_here = PublishLedger::outbox_progress(&mut self.store, id, steps, bytes, now)?;
        let Some(claim) = self.claims.get(&id).cloned() else {
            return Ok(kept_here);
        };
        // A desk out of reach for a moment does not stop an upload under way; a claim another
        // push took over does.
        let kept_on_desk = match self.on_desk(
            "SELECT desk.renew_post_claim($1, $2, $3, $4)",
            &[
                &claim.story,
                &claim.site,
                &claim.token,
                &CLAIM_LEASE_SECONDS,
            ],
        ) {
            Ok(row) => row.is_none_or(|row| row.get::<_, Option<bool>>(0).unwrap_or(false)),
            Err(_) => true,
        };
        Ok(kept_here && kept_on_desk)
    }

    fn finish_outbox(
        &mut self,
        id: Uuid,
        outcome: OutboxOutcome,
        now: DateTime<Utc>,
    ) -> Result<OutboxEntry, DeskError> {
        let finished = PublishLedger::finish_outbox(&mut self.store, id, outcome, now);
        if let Some(claim) = self.claims.remove(&id) {
            // Not released (the desk out of reach): the lease runs out on its own.
            if let Err(err) = self.on_desk(
                "SELECT desk.release_post($1, $2, $3)",
                &[&claim.story, &claim.site, &claim.token],
            ) {
                tracing::info!(%err, "a push's claim on the desk is left to run out");
            }
        }
        finished
    }

    fn recover_outbox(&mut self, now: DateTime<Utc>) -> Result<u32, DeskError> {
        PublishLedger::recover_outbox(&mut self.store, now)
    }

    fn claim_site(
        &mut self,
        entry: &OutboxEntry,
        target: &Target,
        slug: &str,
    ) -> Result<(), DeskError> {
        if target.kind != TargetKind::WordPress {
            return Ok(());
        }
        let site = site_key(&target.url);
        let token = self
            .claims
            .get(&entry.id)
            .map_or_else(Uuid::now_v7, |claim| claim.token);
        let Some(row) = self.on_desk(
            "SELECT outcome, holder, slug, post_id, modified_gmt, link, status
               FROM desk.claim_post($1, $2, $3, $4, $5)",
            &[
                &entry.article_id,
                &site,
                &slug,
                &token,
                &CLAIM_LEASE_SECONDS,
            ],
        )?
        else {
            return Ok(()); // on no desk
        };
        let outcome: String = row.get(0);
        match outcome.as_str() {
            "claimed" => {
                self.claims.insert(
                    entry.id,
                    Claim {
                        story: entry.article_id,
                        target: target.id,
                        site,
                        token,
                    },
                );
                let post = row.get::<_, Option<i64>>(3).map(|post_id| PostReceipt {
                    post_id: u64::try_from(post_id).unwrap_or_default(),
                    modified_gmt: row.get::<_, Option<String>>(4).unwrap_or_default(),
                    link: row.get::<_, Option<String>>(5).unwrap_or_default(),
                    status: row.get::<_, Option<String>>(6).unwrap_or_default(),
                });
                let desk_slug: String = row.get(2);
                self.store
                    .adopt_site_post(entry.article_id, target.id, &desk_slug, post.as_ref())?;
                Ok(())
            }
            "held" => {
                let holder: Option<String> = row.get(1);
                Err(DeskError::transient(format!(
                    "{} is sending this story to {} right now; it goes after that, as an update of the same post.",
                    holder.as_deref().unwrap_or("Another editor"),
                    target.name
                )))
            }
            _ => Err(DeskError::transient(
                "The story's approval has not reached the shared desk yet; the export goes once it has.",
            )),
        }
    }

    fn remote_post(
        &self,
        article_id: Uuid,
        target_id: Uuid,
    ) -> Result<Option<RemotePost>, DeskError> {
        PublishLedger::remote_post(&self.store, article_id, target_id)
    }

    fn record_remote_post(
        &mut self,
        article_id: Uuid,
        target_id: Uuid,
        slug: &str,
        receipt: &PostReceipt,
        revision_id: Option<Uuid>,
    ) -> Result<(), DeskError> {
        PublishLedger::record_remote_post(
            &mut self.store,
            article_id,
            target_id,
            slug,
            receipt,
            revision_id,
        )?;
        let Some(claim) = self.claim_of(article_id, target_id) else {
            return Ok(());
        };
        let post_id = i64::try_from(receipt.post_id).unwrap_or(i64::MAX);
        let target = PublishLedger::target(&self.store, &target_id.to_string())?;
        let note = format!("Sent to {} ({})", target.name, receipt.link);
        self.on_desk(
            "SELECT desk.record_post($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            &[
                &claim.story,
                &claim.site,
                &claim.token,
                &post_id,
                &receipt.modified_gmt,
                &receipt.link,
                &receipt.status,
                &revision_id,
                &note,
                &Utc::now(),
            ],
        )?;
        Ok(())
    }

    fn remote_media(
        &self,
        photo_id: Uuid,
        target_id: Uuid,
    ) -> Result<Option<(u64, String)>, DeskError> {
        PublishLedger::remote_media(&self.store, photo_id, target_id)
    }

    fn record_remote_media(
        &mut self,
        photo_id: Uuid,
        target_id: Uuid,
        media_id: u64,
        url: &str,
    ) -> Result<(), DeskError> {
        PublishLedger::record_remote_media(&mut self.store, photo_id, target_id, media_id, url)
    }

    fn remote_term(
        &self,
        target_id: Uuid,
        taxonomy: &str,
        name: &str,
    ) -> Result<Option<u64>, DeskError> {
        PublishLedger::remote_term(&self.store, target_id, taxonomy, name)
    }

    fn record_remote_term(
        &mut self,
        target_id: Uuid,
        taxonomy: &str,
        name: &str,
        term_id: u64,
    ) -> Result<(), DeskError> {
        PublishLedger::record_remote_term(&mut self.store, target_id, taxonomy, name, term_id)
    }

    /// On a desk, the post's record there published the story already (once, however many
    /// editors pushed it) and the sync brings that move to this laptop as to every other; a
    /// move of its own would only be refused.
    fn mark_published(
        &mut self,
        article_id: Uuid,
        editor: Uuid,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<(), DeskError> {
        if self.claims.values().any(|claim| claim.story == article_id) {
            return Ok(());
        }
        PublishLedger::mark_published(&mut self.store, article_id, editor, note, now)
    }
}
