//! The newsroom's own words for spelling: names and places its dictionaries lack, added once
//! (from an underline in the window, or `newsroom style add-word`) and right in every story
//! after. Stored with who added them and when, for the editors who keep the list.

use chrono::{DateTime, Utc};
use newsroom_style::Marks;
use uuid::Uuid;

use crate::error::{StoreError, StoreResult};
use crate::{time, Store};

/// The longest word the list takes, in characters (the refusal's sentence says so too).
const MAX_WORD_CHARS: usize = 100;

/// `word` trimmed, or refused when it is empty, longer than a word, or more than one word.
pub(crate) fn checked_word(word: &str) -> StoreResult<&str> {
    let word = word.trim();
    if word.is_empty()
        || word.chars().count() > MAX_WORD_CHARS
        || word.chars().any(char::is_whitespace)
    {
        return Err(StoreError::NotAWord(word.to_owned()));
    }
    Ok(word)
}

impl Store {
    /// Adds `word` to the newsroom's words (again: nothing changes), as `by`. Refused when it
    /// is empty, longer than a word, or more than one word.
    pub fn add_newsroom_word(
        &mut self,
        word: &str,
        by: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let word = checked_word(word)?;
        let tx = self.write_transaction()?;
        tx.execute(
            "INSERT INTO newsroom_words (word_key, word, added_by, added_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (word_key) DO NOTHING",
            rusqlite::params![word.to_lowercase(), word, by, time::encode(now)],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The words right in story `article` whatever a dictionary says: its tags' names (each
    /// word of them counts) and the newsroom's own words. What the window's underlines, its
    /// pre-flight and `newsroom check` allow alike.
    pub fn words_right_in(&self, article: Uuid) -> StoreResult<Vec<String>> {
        let mut words: Vec<String> = self
            .article_filing(article)?
            .tags
            .into_iter()
            .map(|tag| tag.name)
            .collect();
        words.extend(self.newsroom_words()?);
        Ok(words)
    }

    /// What the spelling and house-style checks of story `article` pass over, as the window's
    /// underlines, its pre-flight and `newsroom check` all ask it: the words right in it
    /// ([`Store::words_right_in`]) and the places kept as written in it.
    pub fn left_alone_in(&self, article: Uuid) -> StoreResult<(Vec<String>, Marks)> {
        Ok((
            self.words_right_in(article)?,
            Marks::new(self.marked_correct(article)?),
        ))
    }

    /// Every word in the newsroom's dictionary, as added.
    pub fn newsroom_words(&self) -> StoreResult<Vec<String>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT word FROM newsroom_words ORDER BY word_key")?;
        let rows = statement.query_map([], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
