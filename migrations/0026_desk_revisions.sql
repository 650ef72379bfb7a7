-- A story's revisions made on other laptops, heard from the shared desk, and this laptop's own
-- revisions the desk holds.
--
-- The feed brings each revision's summary (who, what kind, when, its headline and length); its
-- text comes when this laptop's person opens the story (NULL until then, and again after the
-- revision grew on its laptop). They are listed in the story's history beside this laptop's
-- own, which stay in `revisions`: an approval, an export and a restore here keep relying on
-- those alone.
CREATE TABLE desk_revisions (
    id           TEXT PRIMARY KEY NOT NULL,
    article_id   TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('created', 'autosave', 'checkpoint', 'restore', 'update')),
    author       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    headline     TEXT NOT NULL,
    word_count   INTEGER NOT NULL,
    standfirst   TEXT,
    body         TEXT,
    byline       TEXT,
    editors_note TEXT,
    language     TEXT
);
CREATE INDEX desk_revisions_by_article ON desk_revisions (article_id, created_at DESC);

-- This laptop's revisions the desk took, as of which update of each (an autosave grows until
-- it settles, then goes once more).
CREATE TABLE desk_revisions_sent (
    revision_id TEXT PRIMARY KEY NOT NULL REFERENCES revisions (id) ON DELETE CASCADE,
    updated_at  TEXT NOT NULL
);
