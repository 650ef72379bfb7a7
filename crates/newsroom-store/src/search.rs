//! Full-text search as the journalist types.
//!
//! The query is what a person types, not FTS5 syntax: it is split into words, each word is
//! quoted (so `"`, `-`, `AND` or `NEAR` typed by a user are plain text, never a syntax error),
//! and the last word matches as a prefix because it is probably still being typed. The index
//! folds case and diacritics, so "malmo" finds "Malmö". Hits come newest first, as in the
//! article list and as a newsroom searches (yesterday's story, not the best match from 2019),
//! and carry a snippet split into plain and matched parts, for the UI to highlight without
//! building HTML.
//!
//! The index follows the stories a moment behind (migration 0024): a save only notes that a
//! story's index is behind, and [`bring_index_up_to_date`] re-indexes those stories before
//! every search and when a person leaves a story. Re-indexing a long body on every autosave
//! cost more than the rest of the save together, while nobody searches as they type.

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::StoreResult;
use crate::{time, Store};

/// Marks that SQLite puts around matched words in snippets (ASCII STX/ETX cannot be typed into
/// an article: validation refuses control characters).
const MATCH_START: char = '\u{2}';
const MATCH_END: char = '\u{3}';

/// A run of snippet text, matched or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SnippetPart {
    /// The text.
    pub text: String,
    /// True when this run matched the query.
    pub matched: bool,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SearchHit {
    /// The article's id.
    pub id: Uuid,
    /// Its headline.
    pub headline: String,
    /// When it was last changed.
    pub updated_at: DateTime<Utc>,
    /// The passage that matched best, with the matched words marked.
    pub snippet: Vec<SnippetPart>,
}

/// Turns typed text into an FTS5 query, or `None` when there is nothing to search for.
pub fn fts_query(typed: &str) -> Option<String> {
    let still_typing = !typed.ends_with(char::is_whitespace);
    let words: Vec<String> = typed
        .split_whitespace()
        .map(|word| word.replace('"', ""))
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .collect();
    let last = words.len().checked_sub(1)?;
    let terms: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, word)| {
            if i == last && still_typing {
                format!("\"{word}\"*")
            } else {
                format!("\"{word}\"")
            }
        })
        .collect();
    Some(terms.join(" "))
}

fn split_snippet(marked: &str) -> Vec<SnippetPart> {
    let mut parts = Vec::new();
    let mut matched = false;
    for piece in marked.split([MATCH_START, MATCH_END]) {
        if !piece.is_empty() {
            parts.push(SnippetPart {
                text: piece.to_owned(),
                matched,
            });
        }
        matched = !matched;
    }
    // split() alternates correctly only if marks alternate; SQLite guarantees they do.
    parts
}

/// Re-indexes every story whose index is behind its text (`story`: only that one), in `tx`.
/// The index takes out what it holds for each (the values kept when it fell behind) and takes
/// in what the story says now.
pub(crate) fn bring_index_up_to_date(
    tx: &rusqlite::Transaction<'_>,
    story: Option<Uuid>,
) -> StoreResult<()> {
    let which = "(?1 IS NULL OR b.seq = (SELECT seq FROM articles WHERE id = ?1))";
    let story = story.map(crate::sql_id::SqlId);
    tx.prepare_cached(&format!(
        "INSERT INTO articles_fts (articles_fts, rowid, headline, standfirst, body, byline)
         SELECT 'delete', b.seq, b.headline, b.standfirst, b.body, b.byline
         FROM search_index_behind b WHERE {which}"
    ))?
    .execute([&story])?;
    tx.prepare_cached(&format!(
        "INSERT INTO articles_fts (rowid, headline, standfirst, body, byline)
         SELECT a.seq, a.headline, a.standfirst, a.body, a.byline
         FROM search_index_behind b JOIN articles a ON a.seq = b.seq WHERE {which}"
    ))?
    .execute([&story])?;
    tx.prepare_cached(&format!(
        "DELETE FROM search_index_behind AS b WHERE {which}"
    ))?
    .execute([&story])?;
    Ok(())
}

impl Store {
    /// Articles (not in the Trash) matching `typed`, newest first, at most `limit`. The stories
    /// whose index is behind are re-indexed first (a write, when there are any).
    pub fn search(&mut self, typed: &str, limit: u32) -> StoreResult<Vec<SearchHit>> {
        let Some(query) = fts_query(typed) else {
            return Ok(Vec::new());
        };
        let behind: bool = self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM search_index_behind)")?
            .query_row([], |row| row.get(0))?;
        if behind {
            let tx = self.write_transaction()?;
            bring_index_up_to_date(&tx, None)?;
            tx.commit()?;
        }
        // FTS5 walks the matches newest first and the query stops at the limit, so snippets
        // (the costly part) are made for the rows shown only, in the same cursor. Ranking by
        // relevance instead would score every match: 100 ms for a word in every article.
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, a.headline, a.updated_at,
                    snippet(articles_fts, -1, char(2), char(3), '…', 16)
             FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
             WHERE articles_fts MATCH ?1 AND a.trashed_at IS NULL
             ORDER BY articles_fts.rowid DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(rusqlite::params![query, limit], |row| {
            Ok((
                row.get::<_, crate::sql_id::SqlId>(0)?.0,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
            ))
        })?;
        rows.map(|row| {
            let (id, headline, updated, snippet) = row?;
            Ok(SearchHit {
                id,
                headline,
                updated_at: time::decode(&updated)?,
                snippet: split_snippet(&snippet),
            })
        })
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_words_become_quoted_terms_with_a_prefix_last() {
        assert_eq!(
            fts_query("north kor").as_deref(),
            Some("\"north\" \"kor\"*")
        );
        assert_eq!(
            fts_query("north korea ").as_deref(),
            Some("\"north\" \"korea\"")
        );
    }

    #[test]
    fn fts_syntax_typed_by_a_user_is_plain_text() {
        assert_eq!(
            fts_query("\"Putin\" OR -NEAR(").as_deref(),
            Some("\"Putin\" \"OR\" \"-NEAR(\"*")
        );
        assert_eq!(fts_query(" - \" * "), None);
        assert_eq!(fts_query(""), None);
    }

    #[test]
    fn snippets_split_into_matched_and_plain_runs() {
        let parts = split_snippet("the \u{2}North\u{3} Korean \u{2}soldiers\u{3}");
        let rendered: Vec<(bool, &str)> =
            parts.iter().map(|p| (p.matched, p.text.as_str())).collect();
        assert_eq!(
            rendered,
            vec![
                (false, "the "),
                (true, "North"),
                (false, " Korean "),
                (true, "soldiers")
            ]
        );
    }
}
