-- 0007: export to CMS targets. Forward only.
--
-- A target is where stories go: a WordPress site (over its REST API; `url` is the site, and its
-- application password is NOT here: it lives in the OS keychain, keyed by the target's id), or a
-- folder another system picks files up from (`url` is the folder, `format` ninjs, newsml or html).
CREATE TABLE targets (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL CHECK (kind IN ('wordpress', 'folder')),
    url        TEXT NOT NULL,
    username   TEXT NOT NULL,
    format     TEXT NOT NULL DEFAULT '' CHECK ((kind = 'folder') = (format IN ('ninjs', 'newsml', 'html'))),
    created_at TEXT NOT NULL
);

-- The outbox: one row per push of one story's approved revision to one target. The worker sends
-- what is due; a push that failed for a reason that may pass (offline, a 5xx, a timeout) waits
-- until next_attempt_at with exponential backoff. States: waiting, sending, sent, failed
-- (needs a person: bad password, refused by the site), conflict (the post was edited on the
-- site; a person chooses), cancelled. A row is never deleted: it is the export's history.
CREATE TABLE outbox (
    id               TEXT PRIMARY KEY NOT NULL,
    article_id       TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    target_id        TEXT NOT NULL REFERENCES targets (id),
    revision_id      TEXT NOT NULL REFERENCES revisions (id),
    requested_status TEXT NOT NULL CHECK (requested_status IN ('pending', 'publish')),
    state            TEXT NOT NULL CHECK (state IN ('waiting', 'sending', 'sent', 'failed', 'conflict', 'cancelled')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    last_error       TEXT NOT NULL DEFAULT '',
    -- Progress of the running attempt: steps (photos, then the post) and bytes sent.
    steps_done       INTEGER NOT NULL DEFAULT 0,
    steps_total      INTEGER NOT NULL DEFAULT 0,
    bytes_done       INTEGER NOT NULL DEFAULT 0,
    bytes_total      INTEGER NOT NULL DEFAULT 0,
    -- When the post was edited on the site: its modified_gmt, title and content then, for the
    -- side-by-side view, and whether the person chose to overwrite that version.
    conflict_remote  TEXT,
    overwrite_remote_modified TEXT,
    queued_by_id     TEXT NOT NULL REFERENCES profiles (id),
    queued_by        TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_by_article ON outbox (article_id, created_at);

-- What a target holds of a story: the post's id once known, the slug chosen before the first
-- attempt (so that a retry after a lost answer finds the post instead of making another), and
-- the post's modified_gmt as last written by us (to catch edits made on the site).
CREATE TABLE remote_posts (
    article_id    TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    target_id     TEXT NOT NULL REFERENCES targets (id),
    slug          TEXT NOT NULL,
    post_id       INTEGER,
    modified_gmt  TEXT,
    link          TEXT NOT NULL DEFAULT '',
    remote_status TEXT NOT NULL DEFAULT '',
    pushed_revision_id TEXT,
    PRIMARY KEY (article_id, target_id)
);

-- Photos uploaded to a target, once each: the media id and its public URL.
CREATE TABLE remote_media (
    photo_id  TEXT NOT NULL REFERENCES photos (id),
    target_id TEXT NOT NULL REFERENCES targets (id),
    media_id  INTEGER NOT NULL,
    url       TEXT NOT NULL,
    PRIMARY KEY (photo_id, target_id)
);

-- Terms (categories, tags) found or made on a target, by kind and name key.
CREATE TABLE remote_terms (
    target_id TEXT NOT NULL REFERENCES targets (id),
    taxonomy  TEXT NOT NULL CHECK (taxonomy IN ('categories', 'tags')),
    name_key  TEXT NOT NULL,
    term_id   INTEGER NOT NULL,
    PRIMARY KEY (target_id, taxonomy, name_key)
);
