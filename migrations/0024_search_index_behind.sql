-- The search index follows a story's text a moment behind, not inside every save.
--
-- Re-indexing a whole body took most of an autosave's commit on a long story (a 15,000-word
-- body: 16 ms at p99, of which the index was about half), though nobody searches while they
-- type. Now a save only notes that the story's index is behind, keeping the values the index
-- holds for it (an external-content FTS5 index can only take out a row by the values it was
-- given). A search brings every story that is behind up to date first, and so does leaving a
-- story, so what a journalist searches for is always what the stories say.
--
-- The rule: a story with a row here is indexed as that row says; any other story is indexed
-- as it is in `articles`.
CREATE TABLE search_index_behind (
    seq        INTEGER PRIMARY KEY, -- articles.seq (no cascade: the delete trigger reads it first)
    headline   TEXT NOT NULL,
    standfirst TEXT NOT NULL,
    body       TEXT NOT NULL,
    byline     TEXT NOT NULL
);

DROP TRIGGER articles_fts_update;

-- Only the first change after the index was brought up to date keeps anything: the values
-- the index holds are the ones before it.
CREATE TRIGGER articles_fts_behind AFTER UPDATE OF headline, standfirst, body, byline ON articles
WHEN NOT EXISTS (SELECT 1 FROM search_index_behind WHERE seq = old.seq)
BEGIN
    INSERT INTO search_index_behind (seq, headline, standfirst, body, byline)
    VALUES (old.seq, old.headline, old.standfirst, old.body, old.byline);
END;

DROP TRIGGER articles_fts_delete;

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, headline, standfirst, body, byline)
    SELECT 'delete', old.seq,
           coalesce(b.headline, old.headline), coalesce(b.standfirst, old.standfirst),
           coalesce(b.body, old.body), coalesce(b.byline, old.byline)
    FROM (SELECT 1) LEFT JOIN search_index_behind b ON b.seq = old.seq;
    DELETE FROM search_index_behind WHERE seq = old.seq;
END;
