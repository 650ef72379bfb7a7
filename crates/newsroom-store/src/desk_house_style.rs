//! The house style and the newsroom's dictionary on the shared desk: a rule an editor changes
//! on one laptop is changed on every other, with the editor's name and reason in each
//! laptop's record of changes, and a word one reporter adds is right for everyone. A place of
//! a story that someone kept as written ("Keep as written") is flagged on no other laptop.
//!
//! A rule travels as a term of the desk's vocabularies does ([`DeskTerm`]), by its id: `{"rule":
//! the rule or null once removed, "why": the reason, "by": who (the desk writes it)}`; a word
//! by its lower-cased form, `{"word", "by"}`. Rules changed here wait in
//! `desk_style_rules_dirty` (written as the rules are, the rules being one file) and words in
//! `desk_words_dirty` (a trigger) until the desk took them, and places kept in
//! `desk_kept_dirty` (a trigger). A rule that comes from the desk is hostile as any file: it
//! is taken only when it compiles and does what its examples say; a place, only when it is
//! the size a laptop keeps and its story is here.

use chrono::{DateTime, Utc};
use newsroom_style::{MarkedCorrect, Rule, RuleFile};
use rusqlite::{params, Transaction};
use serde::Deserialize;
use uuid::Uuid;

use crate::desk_vocabulary::{waiting_here, DeskTerm};
use crate::error::StoreResult;
use crate::house_style::MAX_MARKS_PER_STORY;
use crate::sql_id::SqlId;
use crate::{time, Store};

/// A place of a story kept as written, going to the desk or come from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskKept {
    /// The story.
    pub story: Uuid,
    /// The place, named as the checks name it.
    pub place: MarkedCorrect,
    /// Who kept it, as the desk names them (empty going out: the desk knows who sends).
    pub by: String,
}

/// A rule's change as the desk keeps it.
#[derive(Debug, Deserialize)]
struct RuleChange {
    rule: Option<Rule>,
    #[serde(default)]
    why: String,
    #[serde(default)]
    by: String,
}

/// A word as the desk keeps it.
#[derive(Debug, Deserialize)]
struct DeskWord {
    word: String,
    #[serde(default)]
    by: String,
}

impl Store {
    /// The rules changed here that the desk has not taken yet, each as the desk keeps it.
    pub fn desk_style_rules_to_send(
        &self,
    ) -> StoreResult<Vec<(String, Option<serde_json::Value>)>> {
        let waiting: Vec<(String, String)> = self
            .conn
            .prepare_cached("SELECT slug, why FROM desk_style_rules_dirty ORDER BY slug")?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_, _>>()?;
        if waiting.is_empty() {
            return Ok(Vec::new());
        }
        let rules = self.house_style()?.rules;
        Ok(waiting
            .into_iter()
            .map(|(slug, why)| {
                let rule = rules.iter().find(|r| r.id == slug);
                let entry = serde_json::json!({ "rule": rule, "why": why });
                (slug, Some(entry))
            })
            .collect())
    }

    /// The rules of this laptop's own house style (changed here before it joined), for a
    /// desk that has none of them: none when this laptop still has the starter rules, which
    /// every laptop has.
    pub fn desk_style_rules_of_my_own(
        &self,
        on_desk: &[String],
    ) -> StoreResult<Vec<(String, Option<serde_json::Value>)>> {
        let changed: bool = self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM house_style)")?
            .query_row([], |row| row.get(0))?;
        if !changed {
            return Ok(Vec::new());
        }
        Ok(self
            .house_style()?
            .rules
            .into_iter()
            .filter(|rule| !on_desk.contains(&rule.id))
            .map(|rule| {
                let slug = rule.id.clone();
                let entry = serde_json::json!({
                    "rule": rule, "why": "The house style of this laptop, as it joined the desk."
                });
                (slug, Some(entry))
            })
            .collect())
    }

    /// The words added here that the desk has not taken yet; in a laptop's first round, with
    /// `all`, every word of its dictionary.
    pub fn desk_words_to_send(
        &self,
        all: bool,
    ) -> StoreResult<Vec<(String, Option<serde_json::Value>)>> {
        let sql = if all {
            "SELECT word_key, word FROM newsroom_words ORDER BY word_key"
        } else {
            "SELECT w.word_key, w.word FROM desk_words_dirty d
               JOIN newsroom_words w ON w.word_key = d.slug ORDER BY w.word_key"
        };
        let words = self
            .conn
            .prepare_cached(sql)?
            .query_map([], |row| {
                let (slug, word): (String, String) = (row.get(0)?, row.get(1)?);
                Ok((slug, Some(serde_json::json!({ "word": word }))))
            })?
            .collect::<Result<_, _>>()?;
        Ok(words)
    }

    /// The places kept as written here that the desk has not taken yet; in a laptop's first
    /// round, with `all`, every place kept here (before it joined, too).
    pub fn desk_kept_to_send(&self, all: bool) -> StoreResult<Vec<DeskKept>> {
        let sql = if all {
            "SELECT article_id, flagged_by, matched, context FROM marked_correct
              ORDER BY article_id, marked_at"
        } else {
            "SELECT article_id, flagged_by, matched, context FROM desk_kept_dirty
              ORDER BY article_id"
        };
        let places = self
            .conn
            .prepare_cached(sql)?
            .query_map([], |row| {
                Ok(DeskKept {
                    story: row.get::<_, SqlId>(0)?.0,
                    place: MarkedCorrect {
                        flagged_by: row.get(1)?,
                        matched: row.get(2)?,
                        context: row.get(3)?,
                    },
                    by: String::new(),
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(places)
    }

    /// The desk took (or refused: the story is not this person's to see) the place `kept`.
    pub fn desk_kept_sent(&mut self, kept: &DeskKept) -> StoreResult<()> {
        no_longer_waiting(&self.conn, kept)
    }

    /// The desk took (or refused: not this person's to change) the change of rule `slug`.
    pub fn desk_style_rule_sent(&mut self, slug: &str) -> StoreResult<()> {
        self.conn
            .prepare_cached("DELETE FROM desk_style_rules_dirty WHERE slug = ?1")?
            .execute([slug])?;
        Ok(())
    }

    /// The desk took (or refused) the word `slug`.
    pub fn desk_word_sent(&mut self, slug: &str) -> StoreResult<()> {
        self.conn
            .prepare_cached("DELETE FROM desk_words_dirty WHERE slug = ?1")?
            .execute([slug])?;
        Ok(())
    }
}

/// Marks the rules `ids` as changed here, for the desk (nothing when this laptop is on none),
/// with the editor's reason; in the caller's transaction.
pub(crate) fn style_rules_changed_here(
    tx: &Transaction<'_>,
    ids: &[&str],
    why: &str,
) -> StoreResult<()> {
    for id in ids {
        tx.prepare_cached(
            "INSERT INTO desk_style_rules_dirty (slug, why)
             SELECT ?1, ?2 WHERE EXISTS (SELECT 1 FROM desk_link)
             ON CONFLICT (slug) DO UPDATE SET why = excluded.why",
        )?
        .execute(params![id, why])?;
    }
    Ok(())
}

/// Takes the desk's rules into the house style, in the desk's order: a changed rule in its
/// place, a new one at the end, a removed one out, each recorded with the editor's name and
/// reason. A rule changed here and not yet sent stays as it is here (it goes next, and later
/// in the desk's order wins); one that does not compile or fails its examples is left out.
pub(crate) fn apply_desk_style_rules(
    tx: &Transaction<'_>,
    terms: &[DeskTerm],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    if terms.is_empty() {
        return Ok(());
    }
    let mut file = crate::house_style::read_house_style(tx)?;
    let mut changed = false;
    for term in terms {
        if waiting_here(tx, "desk_style_rules_dirty", &term.slug)? {
            continue;
        }
        let Some(change) = term
            .entry
            .clone()
            .and_then(|entry| serde_json::from_value::<RuleChange>(entry).ok())
        else {
            tracing::warn!(slug = %term.slug, "a house-style rule from the desk is not one; left out");
            continue;
        };
        let place = file.rules.iter().position(|r| r.id == term.slug);
        let before = place.map(|at| file.rules[at].clone());
        let record = match (change.rule, place) {
            (Some(rule), _) if rule.id != term.slug => {
                tracing::warn!(slug = %term.slug, "a house-style rule from the desk names another id; left out");
                continue;
            }
            (Some(rule), _) if before.as_ref() == Some(&rule) => continue,
            (Some(rule), place) => {
                if let Err(reasons) = RuleFile::new(vec![rule.clone()]).usable() {
                    tracing::warn!(slug = %term.slug, ?reasons, "a house-style rule from the desk cannot be used; left out");
                    continue;
                }
                match place {
                    Some(at) => file.rules[at] = rule.clone(),
                    None => file.rules.push(rule.clone()),
                }
                (
                    if place.is_some() { "changed" } else { "added" },
                    Some(rule),
                )
            }
            (None, Some(at)) => {
                file.rules.remove(at);
                ("removed", None)
            }
            (None, None) => continue,
        };
        changed = true;
        let by = if change.by.trim().is_empty() {
            "an editor on the desk"
        } else {
            change.by.as_str()
        };
        crate::house_style::record_change(
            tx,
            (Some(&term.slug), record.0),
            (before.as_ref(), record.1.as_ref()),
            &change.why,
            by,
            now,
        )?;
    }
    if changed {
        crate::house_style::write_rules(tx, &file)?;
    }
    Ok(())
}

/// Takes the desk's words into the newsroom's dictionary.
pub(crate) fn apply_desk_words(
    tx: &Transaction<'_>,
    terms: &[DeskTerm],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    for term in terms {
        let Some(word) = term
            .entry
            .clone()
            .and_then(|entry| serde_json::from_value::<DeskWord>(entry).ok())
            .filter(|w| crate::newsroom_words::checked_word(&w.word).is_ok())
            .filter(|w| w.word.trim().to_lowercase() == term.slug)
        else {
            tracing::warn!(slug = %term.slug, "a word from the desk is not one; left out");
            continue;
        };
        tx.prepare_cached(
            "INSERT INTO newsroom_words (word_key, word, added_by, added_at)
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT (word_key) DO NOTHING",
        )?
        .execute(params![
            term.slug,
            word.word.trim(),
            word.by,
            time::encode(now)
        ])?;
        // The desk's own word is no word of this laptop's to send back.
        tx.prepare_cached("DELETE FROM desk_words_dirty WHERE slug = ?1")?
            .execute([&term.slug])?;
    }
    Ok(())
}

/// Takes the places others kept as written into their stories here: each once, only for a
/// story this laptop has, only the size a laptop keeps, and no more than a story holds.
pub(crate) fn apply_desk_kept(
    tx: &Transaction<'_>,
    places: &[DeskKept],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    for kept in places {
        if !kept.place.fits() {
            tracing::warn!(story = %kept.story, "a place kept as written from the desk is not one; left out");
            continue;
        }
        let place = &kept.place;
        tx.prepare_cached(
            "INSERT INTO marked_correct (article_id, flagged_by, matched, context, marked_by,
                                         marked_at)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6
              WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?1)
                AND (SELECT count(*) FROM marked_correct WHERE article_id = ?1) < ?7
             ON CONFLICT DO NOTHING",
        )?
        .execute(params![
            SqlId(kept.story),
            place.flagged_by,
            place.matched,
            place.context,
            kept.by,
            time::encode(now),
            MAX_MARKS_PER_STORY as i64,
        ])?;
        // The desk's own place is no place of this laptop's to send back.
        no_longer_waiting(tx, kept)?;
    }
    Ok(())
}

/// Takes `kept` off the places waiting for the desk.
fn no_longer_waiting(conn: &rusqlite::Connection, kept: &DeskKept) -> StoreResult<()> {
    let place = &kept.place;
    conn.prepare_cached(
        "DELETE FROM desk_kept_dirty
          WHERE article_id = ?1 AND flagged_by = ?2 AND matched = ?3 AND context = ?4",
    )?
    .execute(params![
        SqlId(kept.story),
        place.flagged_by,
        place.matched,
        place.context
    ])?;
    Ok(())
}
