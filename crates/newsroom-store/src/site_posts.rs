//! What the newsroom's sites hold of each story, as the shared desk tells every laptop.
//!
//! A push is claimed on the desk before the post is written (`newsroom_desk::ledger`), and
//! what the site answered is recorded there; every laptop hears it. This module keeps what it
//! heard: the post's address and state for the window and the command line (`desk_posts`), and,
//! for a laptop that has the same site among its own targets, the post in `remote_posts`, so
//! that its next push updates that post instead of making another.

use chrono::{DateTime, Utc};
use newsroom_core::outbox::{site_key, PostOnSite, PostReceipt};
use rusqlite::{params, Transaction};
use uuid::Uuid;

use crate::error::StoreResult;
use crate::sql_id::SqlId;
use crate::{time, Store};

/// A story's post on a site, as the desk records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskPost {
    /// The story.
    pub story: Uuid,
    /// The site ([`site_key`]).
    pub site: String,
    /// The slug fixed by the first push.
    pub slug: String,
    /// The post's id there.
    pub post_id: u64,
    /// Its modified_gmt after the last write.
    pub modified_gmt: String,
    /// Its public address.
    pub link: String,
    /// Its status there.
    pub status: String,
    /// Who sent it last.
    pub sent_by: Option<Uuid>,
    /// When.
    pub sent_at: Option<DateTime<Utc>>,
}

/// Keeps what the desk says `post`'s site holds; into `remote_posts` too for every target of
/// this laptop on that site. A story this laptop does not have is passed over.
pub(crate) fn apply_desk_post(tx: &Transaction<'_>, post: &DeskPost) -> StoreResult<()> {
    let sent_by = match post.sent_by {
        Some(person) => crate::shared_desk::person_name(tx, person)?,
        None => String::new(),
    };
    let post_id = i64::try_from(post.post_id).unwrap_or(i64::MAX);
    tx.execute(
        "INSERT INTO desk_posts (article_id, site, post_id, link, status, sent_by, sent_at)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?1)
         ON CONFLICT (article_id, site) DO UPDATE SET post_id = excluded.post_id,
           link = excluded.link, status = excluded.status, sent_by = excluded.sent_by,
           sent_at = excluded.sent_at",
        params![
            SqlId(post.story),
            post.site,
            post_id,
            post.link,
            post.status,
            sent_by,
            post.sent_at.map(time::encode)
        ],
    )?;
    for (target, _) in crate::desk_sites::wordpress_targets_on(tx, &post.site)? {
        adopt(
            tx,
            post.story,
            target,
            &post.slug,
            Some(&PostReceipt {
                post_id: post.post_id,
                modified_gmt: post.modified_gmt.clone(),
                link: post.link.clone(),
                status: post.status.clone(),
            }),
        )?;
    }
    Ok(())
}

/// Takes the desk's slug (and post, when it has one) for story `article` on `target`. The
/// revision pushed is left as this laptop knows it: the desk's may not be here.
fn adopt(
    tx: &Transaction<'_>,
    article: Uuid,
    target: Uuid,
    slug: &str,
    post: Option<&PostReceipt>,
) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO remote_posts (article_id, target_id, slug, post_id, modified_gmt, link, remote_status)
         SELECT ?1, ?2, ?3, ?4, ?5, coalesce(?6, ''), coalesce(?7, '')
          WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?1)
         ON CONFLICT (article_id, target_id) DO UPDATE SET slug = excluded.slug,
           post_id = coalesce(excluded.post_id, post_id),
           -- The same post written since by this laptop (its record on the desk did not
           -- get through): the later of the two stands; the site's times only grow.
           modified_gmt = CASE WHEN excluded.post_id IS NULL THEN modified_gmt
                               WHEN post_id = excluded.post_id
                                    AND modified_gmt > excluded.modified_gmt THEN modified_gmt
                               ELSE excluded.modified_gmt END,
           link = CASE WHEN ?4 IS NULL THEN link ELSE excluded.link END,
           remote_status = CASE WHEN ?4 IS NULL THEN remote_status ELSE excluded.remote_status END",
        params![
            SqlId(article),
            SqlId(target),
            slug,
            post.map(|p| i64::try_from(p.post_id).unwrap_or(i64::MAX)),
            post.map(|p| p.modified_gmt.as_str()),
            post.map(|p| p.link.as_str()),
            post.map(|p| p.status.as_str()),
        ],
    )?;
    Ok(())
}

impl Store {
    /// Takes what the desk's claim of a push said the site holds of story `article` on
    /// `target`: its slug, and its post when one was written (by whichever laptop).
    pub fn adopt_site_post(
        &mut self,
        article: Uuid,
        target: Uuid,
        slug: &str,
        post: Option<&PostReceipt>,
    ) -> StoreResult<()> {
        let tx = self.write_transaction()?;
        adopt(&tx, article, target, slug, post)?;
        tx.commit()?;
        Ok(())
    }

    /// Story `article`'s posts on the newsroom's sites: what the desk said, and what this
    /// laptop's own targets hold that the desk has not (a push made before it joined).
    pub fn posts_on_sites(&self, article: Uuid) -> StoreResult<Vec<PostOnSite>> {
        let mut posts: Vec<PostOnSite> = Vec::new();
        let mut from_desk = self.conn.prepare_cached(
            "SELECT site, post_id, link, status, sent_by, sent_at FROM desk_posts
              WHERE article_id = ?1 ORDER BY site",
        )?;
        for row in from_desk.query_map([SqlId(article)], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, Option<String>>(5)?,
            ))
        })? {
            let (site, post_id, link, status, sent_by, sent_at) = row?;
            posts.push(PostOnSite {
                site,
                post_id: u64::try_from(post_id).unwrap_or_default(),
                link,
                status,
                sent_by,
                sent_at: time::decode_opt(sent_at.as_deref())?,
            });
        }
        let mut own = self.conn.prepare_cached(
            "SELECT t.url, r.post_id, r.link, r.remote_status FROM remote_posts r
               JOIN targets t ON t.id = r.target_id
              WHERE r.article_id = ?1 AND t.kind = 'wordpress' AND r.post_id IS NOT NULL",
        )?;
        for row in own.query_map([SqlId(article)], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
            ))
        })? {
            let (url, post_id, link, status) = row?;
            let site = site_key(&url);
            if posts.iter().all(|known| known.site != site) {
                posts.push(PostOnSite {
                    site,
                    post_id: u64::try_from(post_id).unwrap_or_default(),
                    link,
                    status,
                    sent_by: String::new(),
                    sent_at: None,
                });
            }
        }
        Ok(posts)
    }
}
