//! The newsroom's house style as the desk keeps it: the rules its editors maintain in the app
//! (until the first change, the starter rules that come with it), every change with who made
//! it and why, a trial of rules across the desk's stories before they go live, the style book
//! carried to another desk as one file (all or nothing), and the places a person marked as
//! correct in a story.
//!
//! Only editors change the rules ([`DeskAct::EditHouseStyle`], asked here whoever calls). A
//! rule is taken only when it compiles, does what its examples say, and its language's rules
//! still compile together: a broken rule never reaches a reporter's underlines.

use std::path::Path;

use chrono::{DateTime, Utc};
use newsroom_core::authority::DeskAct;
use newsroom_style::{MarkedCorrect, Rule, RuleFile, RuleTrial, StoryText, Trial};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{StoreError, StoreResult};
use crate::newsroom_words::checked_word;
use crate::sql_id::SqlId;
use crate::{time, Store};

/// The longest reason for a change kept, in characters.
const MAX_WHY_CHARS: usize = 500;
/// The most marks kept for one story.
pub(crate) const MAX_MARKS_PER_STORY: usize = 2_000;

/// One change of the house style, as the editors' record shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StyleChange {
    /// The change's place in the record, the newest highest.
    pub seq: i64,
    /// "added", "changed", "removed" or "imported" (a whole file).
    pub change: String,
    /// The rule changed; none for an import.
    pub rule_id: Option<String>,
    /// The rule before the change (none when added).
    pub before: Option<Rule>,
    /// The rule after it (none when removed).
    pub after: Option<Rule>,
    /// Why, in the editor's words.
    pub why: String,
    /// Who changed it.
    pub changed_by: String,
    /// When.
    pub changed_at: DateTime<Utc>,
}

/// What an import took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportedStyle {
    /// The rules the desk has now, all from the file.
    pub rules: u32,
    /// The file's words that were not yet in the newsroom's dictionary.
    pub words_added: u32,
}

fn refused(reason: impl Into<String>) -> StoreError {
    StoreError::HouseStyle(vec![reason.into()])
}

fn checked_why(why: &str) -> StoreResult<&str> {
    let why = why.trim();
    if why.is_empty() {
        return Err(refused(
            "Say why the house style changes: the desk keeps your reason with your name.",
        ));
    }
    if why.chars().count() > MAX_WHY_CHARS {
        return Err(refused(format!(
            "Keep the reason to {MAX_WHY_CHARS} characters."
        )));
    }
    Ok(why)
}

fn rule_json(rule: &Rule) -> String {
    serde_json::to_string(rule).unwrap_or_default()
}

fn rule_of(json: Option<String>) -> Option<Rule> {
    json.and_then(|json| serde_json::from_str(&json).ok())
}

impl Store {
    /// The house style as it stands: the rules editors keep, or the starter rules until
    /// someone first changes them. (The newsroom's dictionary is apart: [`Store::newsroom_words`].)
    pub fn house_style(&self) -> StoreResult<RuleFile> {
        read_house_style(&self.conn)
    }

    /// A number that changes with every change of the house style (0: the starter rules), so
    /// that what was compiled from the rules knows when to compile again.
    pub fn house_style_version(&self) -> StoreResult<i64> {
        Ok(self.conn.query_row(
            "SELECT coalesce(max(seq), 0) FROM house_style_changes",
            [],
            |row| row.get(0),
        )?)
    }

    /// Saves `rule`: a new one, or in place of the rule with id `replacing` (which it may
    /// rename). Refused, with every reason, when the rule does not compile or its examples
    /// fail, when its id is another rule's, or when the reason is missing.
    pub fn save_style_rule(
        &mut self,
        rule: &Rule,
        replacing: Option<&str>,
        why: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.authorize(DeskAct::EditHouseStyle)?;
        let why = checked_why(why)?;
        RuleFile::new(vec![rule.clone()])
            .usable()
            .map_err(StoreError::HouseStyle)?;
        let mut file = self.house_style()?;
        let place = match replacing {
            Some(old) => Some(
                file.rules
                    .iter()
                    .position(|r| r.id == old)
                    .ok_or_else(|| refused(format!("There is no rule \"{old}\" to change.")))?,
            ),
            None => None,
        };
        if file
            .rules
            .iter()
            .enumerate()
            .any(|(at, r)| r.id == rule.id && Some(at) != place)
        {
            return Err(refused(format!(
                "Another rule is called \"{}\": give this one its own id.",
                rule.id
            )));
        }
        let before = place.map(|at| std::mem::replace(&mut file.rules[at], rule.clone()));
        if place.is_none() {
            file.rules.push(rule.clone());
        }
        if before.as_ref() == Some(rule) {
            return Ok(()); // saved as it was: nothing to record
        }
        newsroom_style::HouseStyle::new(&file, &rule.language).map_err(|errors| {
            StoreError::HouseStyle(errors.iter().map(ToString::to_string).collect())
        })?;
        let change = if before.is_some() { "changed" } else { "added" };
        // A rule renamed is the old id removed for the desk, and the new one added.
        let mut touched = vec![rule.id.as_str()];
        touched.extend(replacing.filter(|old| *old != rule.id));
        self.write_house_style(
            &file,
            (Some(&rule.id), change),
            (before.as_ref(), Some(rule)),
            (why, &touched),
            now,
        )
    }

    /// Removes the rule `id`.
    pub fn remove_style_rule(
        &mut self,
        id: &str,
        why: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.authorize(DeskAct::EditHouseStyle)?;
        let why = checked_why(why)?;
        let mut file = self.house_style()?;
        let place = file
            .rules
            .iter()
            .position(|r| r.id == id)
            .ok_or_else(|| refused(format!("There is no rule \"{id}\" to remove.")))?;
        let removed = file.rules.remove(place);
        self.write_house_style(
            &file,
            (Some(id), "removed"),
            (Some(&removed), None),
            (why, &[id]),
            now,
        )
    }

    /// Takes a house style file from another desk, all or nothing: its rules replace the
    /// desk's (every one must compile and pass its examples), and its words join the
    /// newsroom's dictionary.
    pub fn import_house_style(
        &mut self,
        bytes: &[u8],
        why: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<ImportedStyle> {
        self.authorize(DeskAct::EditHouseStyle)?;
        let why = checked_why(why)?;
        let mut file = RuleFile::parse(bytes).map_err(|err| refused(err.to_string()))?;
        file.usable().map_err(StoreError::HouseStyle)?;
        let words = std::mem::take(&mut file.dictionary);
        let words = words
            .iter()
            .map(|word| checked_word(word))
            .collect::<StoreResult<Vec<&str>>>()?;
        let (who, _) = self.acting_as();
        // Every rule the import adds, changes or takes away, for the desk.
        let before = self.house_style()?;
        let mut touched: Vec<&str> = file
            .rules
            .iter()
            .filter(|rule| !before.rules.contains(rule))
            .map(|rule| rule.id.as_str())
            .collect();
        touched.extend(
            before
                .rules
                .iter()
                .filter(|old| !file.rules.iter().any(|new| new.id == old.id))
                .map(|old| old.id.as_str()),
        );
        let tx = self.write_transaction()?;
        let mut words_added = 0u32;
        for word in words {
            words_added += tx.execute(
                "INSERT INTO newsroom_words (word_key, word, added_by, added_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (word_key) DO NOTHING",
                params![word.to_lowercase(), word, who, time::encode(now)],
            )? as u32;
        }
        write_rules(&tx, &file)?;
        record_change(&tx, (None, "imported"), (None, None), why, &who, now)?;
        crate::desk_house_style::style_rules_changed_here(&tx, &touched, why)?;
        tx.commit()?;
        Ok(ImportedStyle {
            rules: file.rules.len() as u32,
            words_added,
        })
    }

    /// The house style as one file to carry to another desk: the rules and the newsroom's
    /// dictionary.
    pub fn export_house_style(&self) -> StoreResult<RuleFile> {
        let mut file = self.house_style()?;
        file.dictionary = self.newsroom_words()?;
        Ok(file)
    }

    /// Writes the house style ([`Store::export_house_style`]) to `path`; returns what it holds.
    pub fn export_house_style_file(
        &self,
        path: &Path,
        replace: crate::files::Replace,
    ) -> StoreResult<RuleFile> {
        let file = self.export_house_style()?;
        crate::error::write_text_file(path, &file.to_json(), replace)?;
        Ok(file)
    }

    /// Reads the house style file `path` (a regular file within the size limit) and imports
    /// it ([`Store::import_house_style`]).
    pub fn import_house_style_file(
        &mut self,
        path: &Path,
        why: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<ImportedStyle> {
        let bytes = crate::files::read_regular_file(
            path,
            newsroom_style::MAX_FILE_BYTES as u64 + 1,
            crate::files::Links::Follow,
        )
        .map_err(|refusal| refused(format!("The file cannot be read: {refusal}.")))?;
        self.import_house_style(&bytes, why, now)
    }

    /// The record of changes, the newest first, at most `limit`.
    pub fn house_style_changes(&self, limit: u32) -> StoreResult<Vec<StyleChange>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT seq, change, rule_id, rule_before, rule_after, why, changed_by, changed_at
             FROM house_style_changes ORDER BY seq DESC LIMIT ?1",
        )?;
        let rows = statement.query_map([limit], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, Option<String>>(3)?,
                row.get::<_, Option<String>>(4)?,
                row.get::<_, String>(5)?,
                row.get::<_, String>(6)?,
                row.get::<_, String>(7)?,
            ))
        })?;
        rows.map(|row| {
            let (seq, change, rule_id, before, after, why, changed_by, changed_at) = row?;
            Ok(StyleChange {
                seq,
                change,
                rule_id,
                before: rule_of(before),
                after: rule_of(after),
                why,
                changed_by,
                changed_at: time::decode(&changed_at)?,
            })
        })
        .collect()
    }

    /// What the rules of `file` would flag across the desk's stories (not those in the
    /// Trash), each story in its own language: what an editor sees before a rule goes live.
    pub fn try_house_style(&self, file: &RuleFile) -> StoreResult<Vec<RuleTrial>> {
        let style_refused = |errors: Vec<newsroom_style::RuleError>| {
            StoreError::HouseStyle(errors.iter().map(ToString::to_string).collect())
        };
        let mut trial = Trial::new(file).map_err(style_refused)?;
        let mut statement = self.conn.prepare(
            "SELECT id, headline, standfirst, body, language FROM articles
             WHERE trashed_at IS NULL ORDER BY updated_at DESC",
        )?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let headline: String = row.get(1)?;
            let standfirst: String = row.get(2)?;
            let body: String = row.get(3)?;
            let language: String = row.get(4)?;
            let text = format!("{headline}\n{standfirst}\n{body}");
            trial
                .add(&StoryText {
                    id: &id,
                    headline: &headline,
                    language: &language,
                    text: &text,
                })
                .map_err(style_refused)?;
        }
        Ok(trial.finish())
    }

    /// Keeps one flagged place of story `article` as written: it is not flagged again while
    /// the words around it stay. Anyone at the desk may, as anyone may leave a comment: the
    /// text is not changed, and the mark names who made it.
    pub fn mark_correct(
        &mut self,
        article: Uuid,
        mark: &MarkedCorrect,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.article(article)?;
        if !mark.fits() {
            return Err(refused("That place cannot be marked as correct."));
        }
        let (who, _) = self.acting_as();
        let tx = self.write_transaction()?;
        let kept: i64 = tx.query_row(
            "SELECT count(*) FROM marked_correct WHERE article_id = ?1",
            [SqlId(article)],
            |row| row.get(0),
        )?;
        if kept as usize >= MAX_MARKS_PER_STORY {
            return Err(refused(format!(
                "This story already has {MAX_MARKS_PER_STORY} places marked as correct."
            )));
        }
        tx.execute(
            "INSERT INTO marked_correct (article_id, flagged_by, matched, context, marked_by, marked_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
            params![
                SqlId(article),
                mark.flagged_by,
                mark.matched,
                mark.context,
                who,
                time::encode(now)
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The places of story `article` kept as written.
    pub fn marked_correct(&self, article: Uuid) -> StoreResult<Vec<MarkedCorrect>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT flagged_by, matched, context FROM marked_correct WHERE article_id = ?1",
        )?;
        let rows = statement.query_map([SqlId(article)], |row| {
            Ok(MarkedCorrect {
                flagged_by: row.get(0)?,
                matched: row.get(1)?,
                context: row.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Writes `file` as the house style, records the change, and marks the rules `touched`
    /// for the desk, in one transaction.
    fn write_house_style(
        &mut self,
        file: &RuleFile,
        change: (Option<&str>, &str),
        rule: (Option<&Rule>, Option<&Rule>),
        (why, touched): (&str, &[&str]),
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let (who, _) = self.acting_as();
        let tx = self.write_transaction()?;
        write_rules(&tx, file)?;
        record_change(&tx, change, rule, why, &who, now)?;
        crate::desk_house_style::style_rules_changed_here(&tx, touched, why)?;
        tx.commit()?;
        Ok(())
    }
}

/// The house style as it stands on `conn`: the rules editors keep, or the starter rules.
pub(crate) fn read_house_style(conn: &rusqlite::Connection) -> StoreResult<RuleFile> {
    let stored: Option<String> = conn
        .query_row("SELECT rules FROM house_style WHERE id = 1", [], |row| {
            row.get(0)
        })
        .optional()?;
    match stored {
        None => Ok(newsroom_style::starter()),
        Some(json) => RuleFile::parse(json.as_bytes())
            .map_err(|err| StoreError::BadRow(format!("the house style: {err}"))),
    }
}

/// Writes `file` as the house style, in the caller's transaction.
pub(crate) fn write_rules(tx: &rusqlite::Transaction<'_>, file: &RuleFile) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO house_style (id, rules) VALUES (1, ?1)
         ON CONFLICT (id) DO UPDATE SET rules = excluded.rules",
        [file.to_json()],
    )?;
    Ok(())
}

/// Records one change of the house style: what, who, why, the rule before and after.
pub(crate) fn record_change(
    tx: &rusqlite::Transaction<'_>,
    (rule_id, change): (Option<&str>, &str),
    (before, after): (Option<&Rule>, Option<&Rule>),
    why: &str,
    who: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO house_style_changes
             (rule_id, change, rule_before, rule_after, why, changed_by, changed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            rule_id,
            change,
            before.map(rule_json),
            after.map(rule_json),
            why,
            who,
            time::encode(now)
        ],
    )?;
    Ok(())
}
