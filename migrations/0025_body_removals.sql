-- Who took text out of a story's body. "Changed while you were away" shows text others took
-- out struck through where it was, and should name who did; a yjs document keeps who wrote each
-- run but not who deleted it. Each change's removed runs are noted as it is applied (by
-- whoever's change it was: typed here, set from the command line, or arrived from another
-- copy), with a position that follows the text through later edits (a yjs relative
-- position). Kept until everyone who has seen the story has seen past them, at most the newest
-- 2,000 per story.
CREATE TABLE body_removals (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    at_caret   BLOB NOT NULL,   -- where the text was (a yjs relative position, v1)
    text       TEXT NOT NULL,   -- what was taken out (its first 2,000 characters)
    author     TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX body_removals_by_article ON body_removals (article_id, created_at);
