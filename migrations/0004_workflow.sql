-- 0004: the editorial workflow. Profiles, every move of a story, and the revision an editor
-- approved. Forward only. (The story's state is the `status` column of 0001, 'draft' so far.)

-- The people who use the desk. Editors and admins have a passphrase, kept only as an argon2
-- hash (PHC string); reporters have none.
CREATE TABLE profiles (
    id              TEXT PRIMARY KEY NOT NULL,
    name            TEXT NOT NULL,
    name_key        TEXT NOT NULL UNIQUE,
    byline          TEXT NOT NULL DEFAULT '',
    role            TEXT NOT NULL CHECK (role IN ('reporter', 'editor', 'admin')),
    passphrase_hash TEXT CHECK ((role = 'reporter') = (passphrase_hash IS NULL)),
    created_at      TEXT NOT NULL
);

-- The audit trail: who moved which story from which state to which, when, at which revision,
-- with what note. `actor` is the profile's name at the time (profiles may be renamed). A
-- revision an event names is never extended by a later autosave: it stays what was moved.
CREATE TABLE workflow_events (
    id          TEXT PRIMARY KEY NOT NULL,
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    profile_id  TEXT REFERENCES profiles (id),
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    from_state  TEXT NOT NULL,
    to_state    TEXT NOT NULL,
    revision_id TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL
);
CREATE INDEX workflow_events_by_article ON workflow_events (article_id, at);
CREATE INDEX workflow_events_by_revision ON workflow_events (revision_id);

-- What export sends: the revision an editor approved (NULL until then).
ALTER TABLE articles ADD COLUMN approved_revision_id TEXT REFERENCES revisions (id);
-- The review queue lists submitted stories oldest first.
CREATE INDEX articles_by_status ON articles (status, updated_at);
