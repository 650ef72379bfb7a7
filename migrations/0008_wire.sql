-- 0008: wire copy and related stories. Forward only.
--
-- Every version of an agency item that was imported, kept as read (read-only: nothing edits
-- these rows). The story made from the first version is `article_id`; a newer version of the
-- same item is another row for the same story and never touches the journalist's text.
CREATE TABLE wire_items (
    id              TEXT PRIMARY KEY NOT NULL,
    article_id      TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    uri             TEXT NOT NULL,
    version         INTEGER NOT NULL,
    format          TEXT NOT NULL,
    agency          TEXT NOT NULL,
    language        TEXT NOT NULL,
    headline        TEXT NOT NULL,
    standfirst      TEXT NOT NULL,
    body            TEXT NOT NULL,
    byline          TEXT NOT NULL,
    dateline        TEXT NOT NULL,
    subjects        TEXT NOT NULL, -- JSON [{name, code}]
    pictures        TEXT NOT NULL, -- JSON [{href, caption, credit, creator}]
    version_created TEXT NOT NULL,
    source_file     TEXT NOT NULL,
    original        TEXT NOT NULL, -- the file as it came
    imported_by     TEXT NOT NULL,
    imported_at     TEXT NOT NULL,
    UNIQUE (uri, version)
);
CREATE INDEX wire_items_by_article ON wire_items (article_id, version);

-- "More news" picked by hand: the stories shown under a story, in order.
CREATE TABLE related_articles (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    related_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    PRIMARY KEY (article_id, related_id),
    CHECK (article_id <> related_id)
);
