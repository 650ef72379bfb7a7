-- 0005: comments on a story: threaded notes, optionally on a passage of the body, open or
-- resolved. Forward only. Like every other change, each is a row with an id, an author and a
-- time, so comments can later travel between desks with the story.
CREATE TABLE comments (
    id          TEXT PRIMARY KEY NOT NULL,
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    parent_id   TEXT REFERENCES comments (id) ON DELETE CASCADE,
    profile_id  TEXT REFERENCES profiles (id),
    author      TEXT NOT NULL,
    body        TEXT NOT NULL,
    -- The passage of the body the comment is about, as it read then ('' for the whole story).
    passage     TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    resolved_at TEXT,
    resolved_by TEXT
);
CREATE INDEX comments_by_article ON comments (article_id, created_at);
