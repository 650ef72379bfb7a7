-- The shared desk's outbox: what other editors' laptops have queued for the newsroom's
-- WordPress sites, heard from the desk, and which of this laptop's own exports the desk holds as
-- they are. (`desk_outbox`, 0014, is the queue of moves and comments going to the desk.)
CREATE TABLE desk_pushes (
    id               TEXT PRIMARY KEY NOT NULL,
    article_id       TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    site             TEXT NOT NULL,
    queued_by        TEXT NOT NULL,
    requested_status TEXT NOT NULL,
    state            TEXT NOT NULL,
    attempts         INTEGER NOT NULL,
    last_error       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX desk_pushes_by_article ON desk_pushes (article_id);

CREATE TABLE desk_pushes_sent (
    entry_id   TEXT PRIMARY KEY NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    updated_at TEXT NOT NULL
);
