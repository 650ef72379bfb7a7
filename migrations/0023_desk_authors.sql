-- A story's authors on the shared desk: its creator and the colleagues added, who see and
-- write the draft before it is submitted. What the desk said (desk_story_authors), and the
-- colleagues added on this laptop until the desk took them or refused, with its reason
-- (desk_author_changes).
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
    created_at TEXT NOT NULL,
    refused    TEXT
);
