//! Sections, tags, and how articles are filed under them.
//!
//! Names are compared by their key ([`newsroom_core::vocabulary::name_key`]), so a duplicate
//! differing only in case or accents is refused with the existing name. Sections are never
//! deleted while an article uses them: they are retired (hidden from pickers, kept on the
//! articles). Renaming or merging a tag changes the one row every article points at, so all
//! articles follow. Filing changes touch the article's `updated_at` but not its text version, so
//! they never conflict with the editor's autosave.

use chrono::{DateTime, Utc};
use newsroom_core::authority::DeskAct;
use newsroom_core::vocabulary::{
    clean_media_topic, clean_term_name, name_key, slug_of, VocabularySection, VocabularyTag,
    DEFAULT_MAX_TAGS, VOCABULARY_FORMAT,
};
use newsroom_core::{ArticleFiling, ImportReport, Section, Tag, ValidationError, VocabularyFile};
use std::path::Path;

use rusqlite::{params, OptionalExtension, Row, Transaction};
use uuid::Uuid;

use crate::error::{StoreError, StoreResult};
use crate::sql_id::SqlId;
use crate::workflow::apply_pinned_change_rule;
use crate::{time, Store};

/// The longest slug a vocabulary file may give a term: a name's most characters, each at most
/// a few letters once folded, with room for the "-2" that tells two apart.
const MAX_SLUG_BYTES: usize = 4 * newsroom_core::vocabulary::MAX_TERM_CHARS;

const MAX_TAGS_SETTING: &str = "max_tags_per_article";

/// Largest vocabulary file read: a newsroom's sections and tags take a few megabytes at most.
pub const MAX_VOCABULARY_FILE_BYTES: u64 = 20 * 1024 * 1024;

const SECTION_COLUMNS: &str =
    "s.id, s.parent_id, s.name, s.slug, s.position, s.media_topic, s.retired_at,
     (SELECT count(*) FROM article_sections x JOIN articles a ON a.id = x.article_id
      WHERE x.section_id = s.id AND a.trashed_at IS NULL)";

const TAG_COLUMNS: &str = "t.id, t.name, t.slug, t.media_topic,
     (SELECT count(*) FROM article_tags x JOIN articles a ON a.id = x.article_id
      WHERE x.tag_id = t.id AND a.trashed_at IS NULL)";

fn section_from_row(row: &Row<'_>) -> rusqlite::Result<(Section, Option<String>)> {
    Ok((
        Section {
            id: row.get::<_, SqlId>(0)?.0,
            parent_id: row.get::<_, Option<SqlId>>(1)?.map(|id| id.0),
            name: row.get(2)?,
            slug: row.get(3)?,
            position: row.get(4)?,
            media_topic: row.get(5)?,
            retired_at: None,
            article_count: row.get(7)?,
        },
        row.get(6)?,
    ))
}

fn finish_section((mut section, retired): (Section, Option<String>)) -> StoreResult<Section> {
    section.retired_at = time::decode_opt(retired.as_deref())?;
    Ok(section)
}

fn tag_from_row(row: &Row<'_>) -> rusqlite::Result<Tag> {
    Ok(Tag {
        id: row.get::<_, SqlId>(0)?.0,
        name: row.get(1)?,
        slug: row.get(2)?,
        media_topic: row.get(3)?,
        usage: row.get(4)?,
    })
}

fn read_section(tx: &rusqlite::Connection, id: Uuid) -> StoreResult<Section> {
    let sql = format!("SELECT {SECTION_COLUMNS} FROM sections s WHERE s.id = ?1");
    let row = tx
        .query_row(&sql, [SqlId(id)], section_from_row)
        .optional()?
        .ok_or(StoreError::NotFound {
            what: "section",
            id,
        })?;
    finish_section(row)
}

fn read_tag(conn: &rusqlite::Connection, id: Uuid) -> StoreResult<Tag> {
    let sql = format!("SELECT {TAG_COLUMNS} FROM tags t WHERE t.id = ?1");
    conn.query_row(&sql, [SqlId(id)], tag_from_row)
        .optional()?
        .ok_or(StoreError::NotFound { what: "tag", id })
}

/// The sibling with the same key as `name`, if any (for a clear "already exists" message).
fn sibling_named(
    tx: &Transaction<'_>,
    parent: Option<Uuid>,
    key: &str,
    except: Option<Uuid>,
) -> StoreResult<Option<String>> {
    Ok(tx
        .query_row(
            "SELECT name FROM sections WHERE ifnull(parent_id, '') = ifnull(?1, '') AND name_key = ?2 AND id IS NOT ?3",
            params![parent.map(SqlId), key, except.map(SqlId)],
            |row| row.get(0),
        )
        .optional()?)
}

/// A slug for a new term that no other term of the table uses: the name's slug, else
/// prefixed with `prefix` (the parent section's slug), else numbered.
fn free_slug(
    tx: &Transaction<'_>,
    table: &str,
    name: &str,
    prefix: Option<&str>,
) -> StoreResult<String> {
    let base = slug_of(name);
    let mut candidates = vec![base.clone()];
    if let Some(prefix) = prefix {
        candidates.push(format!("{prefix}-{base}"));
    }
    candidates.extend((2..100).map(|n| format!("{base}-{n}")));
    let sql = format!("SELECT 1 FROM {table} WHERE slug = ?1");
    for candidate in candidates {
        if tx
            .query_row(&sql, [&candidate], |_| Ok(()))
            .optional()?
            .is_none()
        {
            return Ok(candidate);
        }
    }
    Err(StoreError::BadRow(format!("no free slug for {name:?}")))
}

pub(crate) fn touch_article(
    tx: &Transaction<'_>,
    article_id: Uuid,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let changed = tx.execute(
        "UPDATE articles SET updated_at = ?2 WHERE id = ?1",
        params![SqlId(article_id), time::encode(now)],
    )?;
    if changed == 0 {
        return Err(StoreError::NotFound {
            what: "article",
            id: article_id,
        });
    }
    Ok(())
}

pub(crate) fn find_or_create_tag(
    tx: &Transaction<'_>,
    name: &str,
    now: DateTime<Utc>,
) -> StoreResult<Uuid> {
    let name = clean_term_name("tag", name)?;
    let key = name_key(&name);
    let existing: Option<SqlId> = tx
        .query_row("SELECT id FROM tags WHERE name_key = ?1", [&key], |row| {
            row.get(0)
        })
        .optional()?;
    if let Some(id) = existing {
        return Ok(id.0);
    }
    let id = Uuid::now_v7();
    let slug = free_slug(tx, "tags", &name, None)?;
    tx.execute(
        "INSERT INTO tags (id, name, name_key, slug, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![SqlId(id), name, key, slug, time::encode(now)],
    )?;
    Ok(id)
}

impl Store {
    /// Every section, tree order (parents first, siblings by position); retired ones only when
    /// `include_retired`.
    pub fn sections(&self, include_retired: bool) -> StoreResult<Vec<Section>> {
        let sql = format!(
            "SELECT {SECTION_COLUMNS} FROM sections s
             LEFT JOIN sections p ON p.id = s.parent_id
             WHERE ?1 OR s.retired_at IS NULL
             ORDER BY ifnull(p.position, s.position), ifnull(p.id, s.id), s.parent_id IS NOT NULL, s.position"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([include_retired], section_from_row)?;
        rows.map(|row| finish_section(row?)).collect()
    }

    /// Adds a section (a sub-section when `parent` is given) at the end of its siblings.
    pub fn create_section(
        &mut self,
        name: &str,
        parent: Option<Uuid>,
        media_topic: &str,
    ) -> StoreResult<Section> {
        self.authorize(DeskAct::EditVocabulary)?;
        let name = clean_term_name("section", name)?;
        let media_topic = clean_media_topic(media_topic)?;
        let key = name_key(&name);
        let tx = self.write_transaction()?;
        let parent_slug = match parent {
            Some(parent_id) => {
                let parent = read_section(&tx, parent_id)?;
                if parent.parent_id.is_some() {
                    return Err(ValidationError::SectionDepth.into());
                }
                Some(parent.slug)
            }
            None => None,
        };
        if let Some(existing) = sibling_named(&tx, parent, &key, None)? {
            return Err(ValidationError::DuplicateName {
                kind: "section",
                existing,
            }
            .into());
        }
        let id = Uuid::now_v7();
        let slug = free_slug(&tx, "sections", &name, parent_slug.as_deref())?;
        tx.execute(
            "INSERT INTO sections (id, parent_id, name, name_key, slug, position, media_topic)
             VALUES (?1, ?2, ?3, ?4, ?5,
                     (SELECT ifnull(max(position) + 1, 0) FROM sections WHERE ifnull(parent_id, '') = ifnull(?2, '')), ?6)",
            params![SqlId(id), parent.map(SqlId), name, key, slug, media_topic],
        )?;
        let section = read_section(&tx, id)?;
        tx.commit()?;
        Ok(section)
    }

    /// Renames a section (its slug stays, so links keep working).
    pub fn rename_section(&mut self, id: Uuid, name: &str) -> StoreResult<Section> {
        self.authorize(DeskAct::EditVocabulary)?;
        let name = clean_term_name("section", name)?;
        let key = name_key(&name);
        let tx = self.write_transaction()?;
        let section = read_section(&tx, id)?;
        if let Some(existing) = sibling_named(&tx, section.parent_id, &key, Some(id))? {
            return Err(ValidationError::DuplicateName {
                kind: "section",
                existing,
            }
            .into());
        }
        tx.execute(
            "UPDATE sections SET name = ?2, name_key = ?3 WHERE id = ?1",
            params![SqlId(id), name, key],
        )?;
        let section = read_section(&tx, id)?;
        tx.commit()?;
        Ok(section)
    }

    /// Sets (or, with an empty code, clears) the IPTC Media Topic code of a section.
    pub fn set_section_media_topic(&mut self, id: Uuid, code: &str) -> StoreResult<Section> {
        self.authorize(DeskAct::EditVocabulary)?;
        let code = clean_media_topic(code)?;
        let tx = self.write_transaction()?;
        read_section(&tx, id)?;
        tx.execute(
            "UPDATE sections SET media_topic = ?2 WHERE id = ?1",
            params![SqlId(id), code],
        )?;
        let section = read_section(&tx, id)?;
        tx.commit()?;
        Ok(section)
    }

    /// Sets (or, with an empty code, clears) the IPTC Media Topic code of a tag.
    pub fn set_tag_media_topic(&mut self, id: Uuid, code: &str) -> StoreResult<Tag> {
        self.authorize(DeskAct::EditVocabulary)?;
        let code = clean_media_topic(code)?;
        let tx = self.write_transaction()?;
        read_tag(&tx, id)?;
        tx.execute(
            "UPDATE tags SET media_topic = ?2 WHERE id = ?1",
            params![SqlId(id), code],
        )?;
        let tag = read_tag(&tx, id)?;
        tx.commit()?;
        Ok(tag)
    }

    /// Moves a section to `position` among its siblings (0 is first).
    pub fn move_section(&mut self, id: Uuid, position: u32) -> StoreResult<()> {
        self.authorize(DeskAct::EditVocabulary)?;
        let tx = self.write_transaction()?;
        let section = read_section(&tx, id)?;
        let mut siblings: Vec<SqlId> = tx
            .prepare("SELECT id FROM sections WHERE ifnull(parent_id, '') = ifnull(?1, '') AND id != ?2 ORDER BY position")?
            .query_map(params![section.parent_id.map(SqlId), SqlId(id)], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        let at = usize::try_from(position)
            .unwrap_or(usize::MAX)
            .min(siblings.len());
        siblings.insert(at, SqlId(id));
        for (index, sibling) in (0_u32..).zip(siblings) {
            tx.execute(
                "UPDATE sections SET position = ?2 WHERE id = ?1",
                params![sibling, index],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Retires a section (hidden from pickers, kept on its articles) or brings it back.
    pub fn set_section_retired(
        &mut self,
        id: Uuid,
        retired: bool,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.authorize(DeskAct::EditVocabulary)?;
        let tx = self.write_transaction()?;
        read_section(&tx, id)?;
        tx.execute(
            "UPDATE sections SET retired_at = ?2 WHERE id = ?1",
            params![SqlId(id), retired.then(|| time::encode(now))],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Deletes a section that no article (not even one in the Trash) and no sub-section uses.
    pub fn delete_section(&mut self, id: Uuid) -> StoreResult<()> {
        self.authorize(DeskAct::EditVocabulary)?;
        let tx = self.write_transaction()?;
        let section = read_section(&tx, id)?;
        let articles: u32 = tx.query_row(
            "SELECT count(*) FROM article_sections WHERE section_id = ?1",
            [SqlId(id)],
            |r| r.get(0),
        )?;
        if articles > 0 {
            return Err(StoreError::SectionInUse {
                name: section.name,
                articles,
            });
        }
        let children: u32 = tx.query_row(
            "SELECT count(*) FROM sections WHERE parent_id = ?1",
            [SqlId(id)],
            |r| r.get(0),
        )?;
        if children > 0 {
            return Err(StoreError::SectionHasChildren {
                name: section.name,
                children,
            });
        }
        tx.execute("DELETE FROM sections WHERE id = ?1", [SqlId(id)])?;
        tx.commit()?;
        Ok(())
    }

    /// Tags whose name (or a word of it) starts with `typed`, ignoring case and accents: names
    /// that start with it first, then names with a word that does; alphabetical within each.
    pub fn suggest_tags(&self, typed: &str, limit: u32) -> StoreResult<Vec<Tag>> {
        let key = name_key(typed);
        if key.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {TAG_COLUMNS} FROM tags t WHERE t.name_key >= ?1 AND t.name_key < ?1 || char(1114111)
             ORDER BY t.name_key LIMIT ?2"
        );
        let mut tags: Vec<Tag> = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params![key, limit], tag_from_row)?
            .collect::<Result<_, _>>()?;
        let wanted = usize::try_from(limit).unwrap_or(usize::MAX);
        if tags.len() < wanted {
            if let Some(query) = crate::search::fts_query(&key) {
                let sql = format!(
                    "SELECT {TAG_COLUMNS} FROM tags_fts JOIN tags t ON t.rowid = tags_fts.rowid
                     WHERE tags_fts MATCH ?1 ORDER BY t.name_key LIMIT ?2"
                );
                let mut stmt = self.conn.prepare_cached(&sql)?;
                for tag in stmt.query_map(params![query, limit], tag_from_row)? {
                    let tag = tag?;
                    if tags.len() < wanted && !tags.iter().any(|t| t.id == tag.id) {
                        tags.push(tag);
                    }
                }
            }
        }
        Ok(tags)
    }

    /// Every tag with its usage, alphabetical.
    pub fn tags(&self) -> StoreResult<Vec<Tag>> {
        let sql = format!("SELECT {TAG_COLUMNS} FROM tags t ORDER BY t.name_key");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], tag_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The tag whose name, key or slug is `name` (for the command line).
    pub fn find_tag(&self, name: &str) -> StoreResult<Option<Tag>> {
        let id: Option<SqlId> = self
            .conn
            .query_row(
                "SELECT id FROM tags WHERE name_key = ?1 OR slug = ?2",
                params![name_key(name), name],
                |r| r.get(0),
            )
            .optional()?;
        id.map(|id| read_tag(&self.conn, id.0)).transpose()
    }

    /// How the site labels a section: "Sports › Soccer" for a sub-section, "World" otherwise.
    pub fn section_label(&self, id: Uuid) -> StoreResult<String> {
        let (name, parent): (String, Option<String>) = self
            .conn
            .prepare_cached(
                "SELECT s.name, p.name FROM sections s LEFT JOIN sections p ON p.id = s.parent_id WHERE s.id = ?1",
            )?
            .query_row([SqlId(id)], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?
            .ok_or(StoreError::NotFound { what: "section", id })?;
        Ok(match parent {
            Some(parent) => format!("{parent} › {name}"),
            None => name,
        })
    }

    /// The section whose slug is `slug`.
    pub fn find_section(&self, slug: &str) -> StoreResult<Option<Section>> {
        let id: Option<SqlId> = self
            .conn
            .query_row("SELECT id FROM sections WHERE slug = ?1", [slug], |r| {
                r.get(0)
            })
            .optional()?;
        id.map(|id| read_section(&self.conn, id.0)).transpose()
    }

    /// Renames a tag; every article carrying it follows. Refused when another tag has that name.
    pub fn rename_tag(&mut self, id: Uuid, name: &str) -> StoreResult<Tag> {
        self.authorize(DeskAct::EditVocabulary)?;
        let name = clean_term_name("tag", name)?;
        let key = name_key(&name);
        let tx = self.write_transaction()?;
        read_tag(&tx, id)?;
        let clash: Option<String> = tx
            .query_row(
                "SELECT name FROM tags WHERE name_key = ?1 AND id != ?2",
                params![key, SqlId(id)],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(existing) = clash {
            return Err(ValidationError::DuplicateName {
                kind: "tag",
                existing,
            }
            .into());
        }
        tx.execute(
            "UPDATE tags SET name = ?2, name_key = ?3 WHERE id = ?1",
            params![SqlId(id), name, key],
        )?;
        let tag = read_tag(&tx, id)?;
        tx.commit()?;
        Ok(tag)
    }

    /// Merges tag `from` into tag `into`: its articles carry `into` instead, and `from` is gone.
    pub fn merge_tags(&mut self, from: Uuid, into: Uuid) -> StoreResult<Tag> {
        self.authorize(DeskAct::EditVocabulary)?;
        if from == into {
            return read_tag(&self.conn, into);
        }
        let tx = self.write_transaction()?;
        read_tag(&tx, from)?;
        read_tag(&tx, into)?;
        tx.execute(
            "INSERT OR IGNORE INTO article_tags (article_id, tag_id, position)
             SELECT article_id, ?2, position FROM article_tags WHERE tag_id = ?1",
            params![SqlId(from), SqlId(into)],
        )?;
        tx.execute("DELETE FROM tags WHERE id = ?1", [SqlId(from)])?;
        let tag = read_tag(&tx, into)?;
        tx.commit()?;
        Ok(tag)
    }

    /// How many tags one article may carry.
    pub fn max_tags(&self) -> StoreResult<u32> {
        let value: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [MAX_TAGS_SETTING],
                |r| r.get(0),
            )
            .optional()?;
        Ok(value
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_MAX_TAGS))
    }

    /// Sets how many tags one article may carry (at least one).
    pub fn set_max_tags(&mut self, max: u32) -> StoreResult<()> {
        self.authorize(DeskAct::DeskRules)?;
        let tx = self.write_transaction()?;
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![MAX_TAGS_SETTING, max.max(1).to_string()],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The sections and tags of an article.
    pub fn article_filing(&self, article_id: Uuid) -> StoreResult<ArticleFiling> {
        self.article(article_id)?;
        let mut filing = ArticleFiling::default();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT section_id, is_primary FROM article_sections WHERE article_id = ?1 ORDER BY is_primary DESC, section_id")?;
        for row in stmt.query_map([SqlId(article_id)], |r| {
            Ok((r.get::<_, SqlId>(0)?.0, r.get::<_, bool>(1)?))
        })? {
            let (section, primary) = row?;
            if primary {
                filing.primary_section = Some(section);
            } else {
                filing.secondary_sections.push(section);
            }
        }
        let sql = format!(
            "SELECT {TAG_COLUMNS} FROM article_tags x JOIN tags t ON t.id = x.tag_id WHERE x.article_id = ?1 ORDER BY x.position"
        );
        filing.tags = self
            .conn
            .prepare_cached(&sql)?
            .query_map([SqlId(article_id)], tag_from_row)?
            .collect::<Result<_, _>>()?;
        Ok(filing)
    }

    /// Files an article under `primary` and `secondary` sections (replacing what it had).
    pub fn set_article_sections(
        &mut self,
        article_id: Uuid,
        primary: Option<Uuid>,
        secondary: &[Uuid],
        now: DateTime<Utc>,
    ) -> StoreResult<ArticleFiling> {
        let (editor, role) = self.acting_as();
        let tx = self.write_transaction()?;
        touch_article(&tx, article_id, now)?;
        apply_pinned_change_rule(&tx, article_id, (&editor, role), "The section", now)?;
        tx.execute(
            "DELETE FROM article_sections WHERE article_id = ?1",
            [SqlId(article_id)],
        )?;
        for section in primary
            .iter()
            .chain(secondary.iter().filter(|s| Some(**s) != primary))
        {
            read_section(&tx, *section)?;
            tx.execute(
                "INSERT OR IGNORE INTO article_sections (article_id, section_id, is_primary) VALUES (?1, ?2, ?3)",
                params![SqlId(article_id), SqlId(*section), Some(*section) == primary],
            )?;
        }
        tx.commit()?;
        self.article_filing(article_id)
    }

    /// Adds the tag called `name` to an article, creating the tag when the vocabulary lacks it.
    pub fn add_article_tag(
        &mut self,
        article_id: Uuid,
        name: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<ArticleFiling> {
        let max = self.max_tags()?;
        let (editor, role) = self.acting_as();
        let tx = self.write_transaction()?;
        touch_article(&tx, article_id, now)?;
        apply_pinned_change_rule(&tx, article_id, (&editor, role), "The tags", now)?;
        let tag = find_or_create_tag(&tx, name, now)?;
        let (count, already): (u32, bool) = tx.query_row(
            "SELECT count(*), ifnull(max(tag_id = ?2), 0) FROM article_tags WHERE article_id = ?1",
            params![SqlId(article_id), SqlId(tag)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if !already {
            if count >= max {
                return Err(ValidationError::TooManyTags { max }.into());
            }
            tx.execute(
                "INSERT INTO article_tags (article_id, tag_id, position) VALUES (?1, ?2, ?3)",
                params![SqlId(article_id), SqlId(tag), count],
            )?;
        }
        tx.commit()?;
        self.article_filing(article_id)
    }

    /// Removes a tag from an article (the tag stays in the vocabulary).
    pub fn remove_article_tag(
        &mut self,
        article_id: Uuid,
        tag_id: Uuid,
        now: DateTime<Utc>,
    ) -> StoreResult<ArticleFiling> {
        let (editor, role) = self.acting_as();
        let tx = self.write_transaction()?;
        touch_article(&tx, article_id, now)?;
        apply_pinned_change_rule(&tx, article_id, (&editor, role), "The tags", now)?;
        tx.execute(
            "DELETE FROM article_tags WHERE article_id = ?1 AND tag_id = ?2",
            params![SqlId(article_id), SqlId(tag_id)],
        )?;
        tx.commit()?;
        self.article_filing(article_id)
    }

    /// The vocabularies as a file to share.
    pub fn export_vocabularies(&self) -> StoreResult<VocabularyFile> {
        let sections = self.sections(true)?;
        let slug_of_id = |id: Uuid| sections.iter().find(|s| s.id == id).map(|s| s.slug.clone());
        Ok(VocabularyFile {
            format: VOCABULARY_FORMAT,
            sections: sections
                .iter()
                .map(|s| VocabularySection {
                    slug: s.slug.clone(),
                    name: s.name.clone(),
                    parent: s.parent_id.and_then(slug_of_id),
                    position: s.position,
                    media_topic: s.media_topic.clone(),
                    retired: s.retired_at.is_some(),
                })
                .collect(),
            tags: self
                .tags()?
                .into_iter()
                .map(|t| VocabularyTag {
                    slug: t.slug,
                    name: t.name,
                    media_topic: t.media_topic,
                })
                .collect(),
        })
    }

    /// Writes the vocabularies to the JSON file `path`: a file there is replaced only when
    /// `replace` allows, and a link there is never written through.
    pub fn export_vocabularies_file(
        &self,
        path: &Path,
        replace: crate::files::Replace,
    ) -> StoreResult<()> {
        let text = serde_json::to_string_pretty(&self.export_vocabularies()?).map_err(|e| {
            StoreError::Io {
                path: path.to_owned(),
                source: e.into(),
            }
        })?;
        crate::error::write_text_file(path, &text, replace)
    }

    /// Reads the JSON vocabulary file `path` and merges it (see [`Store::import_vocabularies`]).
    pub fn import_vocabularies_file(
        &mut self,
        path: &Path,
        now: DateTime<Utc>,
    ) -> StoreResult<ImportReport> {
        let unreadable = |detail: String| StoreError::VocabularyUnreadable {
            path: path.to_owned(),
            detail,
        };
        // A regular file only (a FIFO would hang the reader), within the cap.
        let bytes = crate::files::read_regular_file(
            path,
            MAX_VOCABULARY_FILE_BYTES,
            crate::files::Links::Follow,
        )
        .map_err(|why| match why {
            crate::files::ReadRefusal::TooLarge(size) => unreadable(format!(
                "it is {size} bytes; the most accepted is {MAX_VOCABULARY_FILE_BYTES}"
            )),
            other => unreadable(other.to_string()),
        })?;
        let text = String::from_utf8(bytes).map_err(|e| unreadable(e.to_string()))?;
        let file: VocabularyFile =
            serde_json::from_str(&text).map_err(|e| unreadable(e.to_string()))?;
        self.import_vocabularies(&file, now)
    }

    /// Merges a vocabulary file by slug, in one transaction: all of it or, on any error, none.
    pub fn import_vocabularies(
        &mut self,
        file: &VocabularyFile,
        now: DateTime<Utc>,
    ) -> StoreResult<ImportReport> {
        self.authorize(DeskAct::EditVocabulary)?;
        if file.format != VOCABULARY_FORMAT {
            return Err(StoreError::VocabularyFormat(file.format));
        }
        // A slug is what sites and other systems address a term by: one that is not a slug (spaces,
        // capitals, markup, a line break) would travel into every export.
        for (kind, slug) in file
            .sections
            .iter()
            .flat_map(|s| [Some(&s.slug), s.parent.as_ref()])
            .flatten()
            .map(|slug| ("section", slug))
            .chain(file.tags.iter().map(|t| ("tag", &t.slug)))
        {
            if slug_of(slug) != *slug || slug.len() > MAX_SLUG_BYTES {
                let shown: String = slug.chars().take(60).collect();
                return Err(StoreError::VocabularyReference(format!(
                    "the {kind} slug \"{shown}\" is not a slug (lower-case letters, digits and \
                     hyphens, at most {MAX_SLUG_BYTES} characters)"
                )));
            }
        }
        let mut report = ImportReport::default();
        let tx = self.write_transaction()?;
        for section in &file.sections {
            import_section(&tx, section, now, &mut report)?;
        }
        for tag in &file.tags {
            import_tag(&tx, tag, now, &mut report)?;
        }
        tx.commit()?;
        Ok(report)
    }
}

pub(crate) fn import_section(
    tx: &Transaction<'_>,
    incoming: &VocabularySection,
    now: DateTime<Utc>,
    report: &mut ImportReport,
) -> StoreResult<()> {
    let name = clean_term_name("section", &incoming.name)?;
    let media_topic = incoming
        .media_topic
        .as_deref()
        .map(clean_media_topic)
        .transpose()?
        .flatten();
    let parent: Option<Uuid> = match &incoming.parent {
        Some(slug) => Some(
            tx.query_row(
                "SELECT id FROM sections WHERE slug = ?1 AND parent_id IS NULL",
                [slug],
                |r| r.get::<_, SqlId>(0),
            )
            .optional()?
            .ok_or_else(|| {
                StoreError::VocabularyReference(format!(
                    "section \"{}\" names the parent \"{slug}\", which is not a top-level section",
                    incoming.slug
                ))
            })?
            .0,
        ),
        None => None,
    };
    let key = name_key(&name);
    let existing_id: Option<SqlId> = tx
        .query_row(
            "SELECT id FROM sections WHERE slug = ?1",
            [&incoming.slug],
            |r| r.get(0),
        )
        .optional()?;
    let existing = existing_id.map(|id| read_section(tx, id.0)).transpose()?;
    match existing {
        None => {
            if let Some(clash) = sibling_named(tx, parent, &key, None)? {
                return Err(ValidationError::DuplicateName {
                    kind: "section",
                    existing: clash,
                }
                .into());
            }
            tx.execute(
                "INSERT INTO sections (id, parent_id, name, name_key, slug, position, media_topic, retired_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    SqlId(Uuid::now_v7()),
                    parent.map(SqlId),
                    name,
                    key,
                    incoming.slug,
                    incoming.position,
                    media_topic,
                    incoming.retired.then(|| time::encode(now))
                ],
            )?;
            report.sections_added.push(incoming.slug.clone());
        }
        Some(current) => {
            let changed = current.name != name
                || current.parent_id != parent
                || current.position != incoming.position
                || current.media_topic != media_topic
                || current.retired_at.is_some() != incoming.retired;
            if changed {
                if let Some(clash) = sibling_named(tx, parent, &key, Some(current.id))? {
                    return Err(ValidationError::DuplicateName {
                        kind: "section",
                        existing: clash,
                    }
                    .into());
                }
                // A section that stays retired keeps the date it was retired on.
                let retired_at = incoming
                    .retired
                    .then(|| current.retired_at.unwrap_or(now))
                    .map(time::encode);
                tx.execute(
                    "UPDATE sections SET name = ?2, name_key = ?3, parent_id = ?4, position = ?5, media_topic = ?6, retired_at = ?7 WHERE id = ?1",
                    params![SqlId(current.id), name, key, parent.map(SqlId), incoming.position, media_topic, retired_at],
                )?;
                report.sections_updated.push(incoming.slug.clone());
            }
        }
    }
    Ok(())
}

pub(crate) fn import_tag(
    tx: &Transaction<'_>,
    incoming: &VocabularyTag,
    now: DateTime<Utc>,
    report: &mut ImportReport,
) -> StoreResult<()> {
    let name = clean_term_name("tag", &incoming.name)?;
    let media_topic = incoming
        .media_topic
        .as_deref()
        .map(clean_media_topic)
        .transpose()?
        .flatten();
    let key = name_key(&name);
    let existing: Option<(SqlId, String, Option<String>)> = tx
        .query_row(
            "SELECT id, name, media_topic FROM tags WHERE slug = ?1",
            [&incoming.slug],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let clash: Option<(SqlId, String)> = tx
        .query_row(
            "SELECT id, name FROM tags WHERE name_key = ?1",
            [&key],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match existing {
        None => {
            if let Some((_, clash)) = clash {
                return Err(ValidationError::DuplicateName {
                    kind: "tag",
                    existing: clash,
                }
                .into());
            }
            tx.execute(
                "INSERT INTO tags (id, name, name_key, slug, media_topic, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![SqlId(Uuid::now_v7()), name, key, incoming.slug, media_topic, time::encode(now)],
            )?;
            report.tags_added.push(incoming.slug.clone());
        }
        Some((id, old_name, old_topic)) => {
            if let Some((clash_id, clash)) = clash {
                if clash_id.0 != id.0 {
                    return Err(ValidationError::DuplicateName {
                        kind: "tag",
                        existing: clash,
                    }
                    .into());
                }
            }
            if old_name != name || old_topic != media_topic {
                tx.execute(
                    "UPDATE tags SET name = ?2, name_key = ?3, media_topic = ?4 WHERE id = ?1",
                    params![id, name, key, media_topic],
                )?;
                report.tags_updated.push(incoming.slug.clone());
            }
        }
    }
    Ok(())
}
