-- The shared desk (PostgreSQL) as this laptop knows it. The laptop stays the working copy: it
-- writes here as before, and the sync (crates/newsroom-desk) sends what changed and applies
-- what others did. Nothing here is needed to work offline.

-- The desk this laptop joined (`newsroom desk join`): at most one. Its password is in the OS
-- keychain, never here.
CREATE TABLE desk_link (
    one           INTEGER PRIMARY KEY NOT NULL CHECK (one = 1),
    -- postgres://host:port/database?sslrootcert=…, without the login.
    address       TEXT NOT NULL,
    -- The desk's name (its roles' prefix) and this person's login and id there.
    desk          TEXT NOT NULL,
    login         TEXT NOT NULL,
    person_id     TEXT NOT NULL,
    -- The same person's profile on this laptop.
    profile_id    TEXT NOT NULL REFERENCES profiles (id),
    joined_at     TEXT NOT NULL,
    -- The desk's clock up to which this laptop has applied everything it may see.
    feed_cursor   INTEGER NOT NULL DEFAULT 0,
    last_sync_at  TEXT,
    -- Why the last sync did not finish ('' when it did).
    last_error    TEXT NOT NULL DEFAULT ''
);

-- The desk's people, as the feed brought them: who wrote a change or a comment.
CREATE TABLE desk_people (
    id      TEXT PRIMARY KEY NOT NULL,
    name    TEXT NOT NULL,
    role    TEXT NOT NULL,
    byline  TEXT NOT NULL DEFAULT ''
);

-- What the desk holds of each story, as this laptop last told it or heard from it: the
-- story's version there, its fields there (JSON) and state, the body's state vector the desk
-- is known to hold, and the story's version here that all of that matched. A story whose
-- version here moved past `local_version` has edits to send.
CREATE TABLE desk_stories (
    article_id     TEXT PRIMARY KEY NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    desk_version   INTEGER NOT NULL,
    fields         TEXT NOT NULL,
    state          TEXT NOT NULL,
    body_vector    BLOB NOT NULL,
    local_version  INTEGER NOT NULL,
    changed_since_approval INTEGER NOT NULL DEFAULT 0
);

-- Moves and comments made on this laptop, in the order they were made, until the desk took
-- them. One the desk refused stays, with its reason, for the person to see.
CREATE TABLE desk_outbox (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    change_id   TEXT NOT NULL UNIQUE,
    article_id  TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('move', 'comment')),
    payload     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    refused     TEXT
);
CREATE INDEX desk_outbox_by_article ON desk_outbox (article_id);
