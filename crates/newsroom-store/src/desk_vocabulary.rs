//! The newsroom's vocabularies on the shared desk: the section list and the tags, this laptop's
//! changes to them and the desk's taken here.
//!
//! A section or a tag travels as the vocabulary file describes it ([`VocabularySection`],
//! [`VocabularyTag`], merged by its slug, the way `newsroom vocabularies import` merges a file),
//! so a story filed under a section on one laptop is filed under the same section on every
//! other, and a tag renamed by an editor is renamed everywhere. Terms changed here wait in
//! `desk_sections_dirty` and `desk_tags_dirty` (kept by triggers) until the desk took them; a
//! term the desk changed that waits here too is left as it is here, since this laptop's change
//! goes next and, later in the desk's order, wins. (A story carries its tags by name among its
//! fields, so a new tag reaches the other laptops with the first story tagged with it.)

use chrono::{DateTime, Utc};
use newsroom_core::vocabulary::{slug_of, VocabularySection, VocabularyTag};
use newsroom_core::ImportReport;
use rusqlite::{params, Transaction};

use crate::error::StoreResult;
use crate::vocabulary::{import_section, import_tag};
use crate::Store;

/// A section or a tag as the desk holds it: its slug and its description, `None` once it was
/// deleted (a section retired, a tag merged into another).
#[derive(Debug, Clone, PartialEq)]
pub struct DeskTerm {
    /// What it is known by.
    pub slug: String,
    /// Its description (a vocabulary file's section or tag), or `None` when it was deleted.
    pub entry: Option<serde_json::Value>,
}

/// Which vocabulary a term is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Vocabulary {
    Sections,
    Tags,
}

impl Vocabulary {
    /// Where this laptop's changes wait.
    fn waiting_table(self) -> &'static str {
        match self {
            Vocabulary::Sections => "desk_sections_dirty",
            Vocabulary::Tags => "desk_tags_dirty",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Vocabulary::Sections => "section",
            Vocabulary::Tags => "tag",
        }
    }
}

impl Store {
    /// The sections changed here that the desk has not taken yet, each with its description
    /// (`None`: deleted here).
    pub fn desk_sections_to_send(&self) -> StoreResult<Vec<(String, Option<VocabularySection>)>> {
        let dirty = self.waiting_terms(Vocabulary::Sections)?;
        if dirty.is_empty() {
            return Ok(Vec::new());
        }
        let here = self.export_vocabularies()?.sections;
        // Parents first: the desk's other laptops take them in the desk's order.
        let mut outgoing: Vec<(String, Option<VocabularySection>)> = dirty
            .into_iter()
            .map(|slug| {
                let entry = here.iter().find(|s| s.slug == slug).cloned();
                (slug, entry)
            })
            .collect();
        outgoing.sort_by_key(|(_, entry)| entry.as_ref().is_some_and(|e| e.parent.is_some()));
        Ok(outgoing)
    }

    /// The tags added, renamed or merged away here that the desk has not taken yet.
    pub fn desk_tags_to_send(&self) -> StoreResult<Vec<(String, Option<VocabularyTag>)>> {
        let dirty = self.waiting_terms(Vocabulary::Tags)?;
        if dirty.is_empty() {
            return Ok(Vec::new());
        }
        let here = self.export_vocabularies()?.tags;
        Ok(dirty
            .into_iter()
            .map(|slug| {
                let entry = here.iter().find(|t| t.slug == slug).cloned();
                (slug, entry)
            })
            .collect())
    }

    /// The desk took (or, not this person's to change, refused) the change of section `slug`.
    pub fn desk_section_sent(&mut self, slug: &str) -> StoreResult<()> {
        self.term_sent(Vocabulary::Sections, slug)
    }

    /// The desk took (or, not this person's to change, refused) the change of tag `slug`.
    pub fn desk_tag_sent(&mut self, slug: &str) -> StoreResult<()> {
        self.term_sent(Vocabulary::Tags, slug)
    }

    fn waiting_terms(&self, vocabulary: Vocabulary) -> StoreResult<Vec<String>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT slug FROM {} ORDER BY slug",
                vocabulary.waiting_table()
            ))?
            .query_map([], |row| row.get(0))?
            .collect::<Result<_, _>>()?)
    }

    fn term_sent(&mut self, vocabulary: Vocabulary, slug: &str) -> StoreResult<()> {
        self.conn.execute(
            &format!("DELETE FROM {} WHERE slug = ?1", vocabulary.waiting_table()),
            [slug],
        )?;
        Ok(())
    }
}

/// Takes the desk's sections, parents first.
pub(crate) fn apply_desk_sections(
    tx: &Transaction<'_>,
    sections: &[DeskTerm],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let mut ordered: Vec<&DeskTerm> = sections.iter().collect();
    ordered.sort_by_key(|s| {
        s.entry
            .as_ref()
            .is_some_and(|e| e.get("parent").is_some_and(|p| !p.is_null()))
    });
    take_terms(tx, Vocabulary::Sections, &ordered, now)
}

/// Takes the desk's tags.
pub(crate) fn apply_desk_tags(
    tx: &Transaction<'_>,
    tags: &[DeskTerm],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let terms: Vec<&DeskTerm> = tags.iter().collect();
    take_terms(tx, Vocabulary::Tags, &terms, now)
}

/// Takes each term as a vocabulary file's is merged. One this laptop cannot take (a name
/// another term here has, a parent it lacks, anything that is not a term) is left out with a
/// warning: the rest of what came is applied.
fn take_terms(
    tx: &Transaction<'_>,
    vocabulary: Vocabulary,
    terms: &[&DeskTerm],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let waiting = vocabulary.waiting_table();
    for term in terms {
        if waiting_here(tx, waiting, &term.slug)? {
            continue;
        }
        // Each term on its own: one that cannot be taken leaves the rest as they came.
        tx.execute_batch("SAVEPOINT desk_term")?;
        match take_term(tx, vocabulary, term, now) {
            Ok(()) => {
                // The desk's own change is no change of this laptop's to send back.
                tx.execute(
                    &format!("DELETE FROM {waiting} WHERE slug = ?1"),
                    [&term.slug],
                )?;
                tx.execute_batch("RELEASE desk_term")?;
            }
            Err(err) => {
                tracing::warn!(slug = %term.slug, %err, "a {} from the desk is not taken", vocabulary.noun());
                tx.execute_batch("ROLLBACK TO desk_term; RELEASE desk_term")?;
            }
        }
    }
    Ok(())
}

/// Whether a change of term `slug` made here waits in `table` to go to the desk (then the desk's
/// change of it is not taken: this laptop's goes next and, later in the desk's order, wins).
pub(crate) fn waiting_here(
    conn: &rusqlite::Connection,
    table: &str,
    slug: &str,
) -> StoreResult<bool> {
    Ok(conn.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE slug = ?1)"),
        [slug],
        |row| row.get(0),
    )?)
}

fn take_term(
    tx: &Transaction<'_>,
    vocabulary: Vocabulary,
    term: &DeskTerm,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let is_its_slug = |slug: &str| slug == term.slug && slug_of(slug) == slug;
    let not_one = || {
        tracing::warn!(slug = %term.slug, "a {} from the desk is not one; left out", vocabulary.noun());
        Ok(())
    };
    match (vocabulary, &term.entry) {
        (Vocabulary::Sections, None) => {
            tx.prepare_cached(
                "UPDATE sections SET retired_at = coalesce(retired_at, ?2) WHERE slug = ?1",
            )?
            .execute(params![term.slug, crate::time::encode(now)])?;
            Ok(())
        }
        // A tag merged into another on some laptop: the stories it was on carry their new tags
        // among their fields; this laptop keeps its own until it merges them too.
        (Vocabulary::Tags, None) => Ok(()),
        (Vocabulary::Sections, Some(entry)) => {
            match serde_json::from_value::<VocabularySection>(entry.clone()) {
                Ok(described) if is_its_slug(&described.slug) => {
                    import_section(tx, &described, now, &mut ImportReport::default())
                }
                _ => not_one(),
            }
        }
        (Vocabulary::Tags, Some(entry)) => {
            match serde_json::from_value::<VocabularyTag>(entry.clone()) {
                Ok(described) if is_its_slug(&described.slug) => {
                    import_tag(tx, &described, now, &mut ImportReport::default())
                }
                _ => not_one(),
            }
        }
    }
}
