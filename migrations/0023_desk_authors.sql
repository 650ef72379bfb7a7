-- A story's authors on the shared desk: its creator and the colleagues added, who see and
-- write the draft before it is submitted. What the desk said (desk_story_authors, the
-- creator the one who added themselves); the colleagues added or taken off on this laptop
-- until the desk took it, or refused, with its reason (desk_author_changes); and the stories
-- this laptop's person was taken off and may no longer see (desk_stories_lost): their copy
-- stays here, and nothing of them is sent.
CREATE TABLE desk_story_authors (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    person_id  TEXT NOT NULL,
    added_by   TEXT NOT NULL,
    PRIMARY KEY (article_id, person_id)
);

CREATE TABLE desk_author_changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    change_id  TEXT NOT NULL UNIQUE,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    person_id  TEXT NOT NULL,
    removal    INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    refused    TEXT
);

CREATE TABLE desk_stories_lost (
    article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    removed_by TEXT NOT NULL,
    at         TEXT NOT NULL
);
