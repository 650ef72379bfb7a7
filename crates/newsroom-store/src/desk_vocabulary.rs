//! The section list on the shared desk: this laptop's changes to it, and the desk's taken here.
//!
//! A section travels as the vocabulary file describes it ([`VocabularySection`], merged by its
//! slug, the way `newsroom vocabularies import` merges a file), so a story filed under a section
//! on one laptop is filed under the same section on every other. Sections changed here wait in
//! `desk_sections_dirty` (kept by triggers) until the desk took them; a section the desk changed
//! that waits here too is left as it is here, since this laptop's change goes next and, later
//! in the desk's order, wins.

use chrono::{DateTime, Utc};
use newsroom_core::vocabulary::{slug_of, VocabularySection};
use newsroom_core::ImportReport;
use rusqlite::{params, Transaction};

use crate::error::StoreResult;
use crate::vocabulary::import_section;
use crate::Store;

/// A section as the desk holds it: its slug and its description, `None` once it was deleted.
#[derive(Debug, Clone, PartialEq)]
pub struct DeskSection {
    /// What stories are filed by.
    pub slug: String,
    /// Its description (a vocabulary file's section), or `None` when it was deleted.
    pub entry: Option<serde_json::Value>,
}

impl Store {
    /// The sections changed here that the desk has not taken yet, each with its description
    /// (`None`: deleted here).
    pub fn desk_sections_to_send(&self) -> StoreResult<Vec<(String, Option<VocabularySection>)>> {
        let dirty: Vec<String> = self
            .conn
            .prepare_cached("SELECT slug FROM desk_sections_dirty ORDER BY slug")?
            .query_map([], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
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

    /// The desk took (or, not this person's to change, refused) the change of section `slug`.
    pub fn desk_section_sent(&mut self, slug: &str) -> StoreResult<()> {
        self.conn
            .execute("DELETE FROM desk_sections_dirty WHERE slug = ?1", [slug])?;
        Ok(())
    }
}

/// Takes the desk's sections, parents first, each merged as a vocabulary file's section is. One
/// this laptop cannot take (a name another section here has, a parent it lacks, anything that is
/// not a section) is left out with a warning: the rest of what came is applied.
pub(crate) fn apply_desk_sections(
    tx: &Transaction<'_>,
    sections: &[DeskSection],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let mut ordered: Vec<&DeskSection> = sections.iter().collect();
    ordered.sort_by_key(|s| {
        s.entry
            .as_ref()
            .is_some_and(|e| e.get("parent").is_some_and(|p| !p.is_null()))
    });
    for section in ordered {
        let waiting_here: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM desk_sections_dirty WHERE slug = ?1)",
            [&section.slug],
            |row| row.get(0),
        )?;
        if waiting_here {
            continue;
        }
        // Each section on its own: one that cannot be taken leaves the rest as they came.
        tx.execute_batch("SAVEPOINT desk_section")?;
        let taken = match &section.entry {
            None => tx
                .execute(
                    "UPDATE sections SET retired_at = coalesce(retired_at, ?2) WHERE slug = ?1",
                    params![section.slug, crate::time::encode(now)],
                )
                .map(|_| ())
                .map_err(Into::into),
            Some(entry) => match serde_json::from_value::<VocabularySection>(entry.clone()) {
                Ok(described)
                    if described.slug == section.slug
                        && slug_of(&described.slug) == described.slug =>
                {
                    import_section(tx, &described, now, &mut ImportReport::default())
                }
                _ => {
                    tracing::warn!(slug = %section.slug, "a section from the desk is not one; left out");
                    Ok(())
                }
            },
        };
        match taken {
            Ok(()) => {
                // The desk's own change is no change of this laptop's to send back.
                tx.execute(
                    "DELETE FROM desk_sections_dirty WHERE slug = ?1",
                    [&section.slug],
                )?;
                tx.execute_batch("RELEASE desk_section")?;
            }
            Err(err) => {
                tracing::warn!(slug = %section.slug, %err, "a section from the desk is not taken");
                tx.execute_batch("ROLLBACK TO desk_section; RELEASE desk_section")?;
            }
        }
    }
    Ok(())
}
