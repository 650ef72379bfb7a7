-- 0001: the writing desk. Articles, their revisions, and a full-text index over them.
-- Forward only: once landed, this file is never edited; later changes go in 0002_….

-- `seq` is the row's stable integer key for the full-text index (an implicit rowid may be
-- renumbered by VACUUM); `id` is the UUID v7 everything else uses.
CREATE TABLE articles (
    seq           INTEGER PRIMARY KEY,
    id            TEXT    NOT NULL UNIQUE,
    headline      TEXT    NOT NULL DEFAULT '',
    standfirst    TEXT    NOT NULL DEFAULT '',
    body          TEXT    NOT NULL DEFAULT '',
    byline        TEXT    NOT NULL DEFAULT '',
    editors_note  TEXT    NOT NULL DEFAULT '',
    language      TEXT    NOT NULL DEFAULT 'en',
    status        TEXT    NOT NULL DEFAULT 'draft',
    word_count    INTEGER NOT NULL DEFAULT 0,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT    NOT NULL,   -- RFC 3339, UTC, milliseconds: sorts as text
    updated_at    TEXT    NOT NULL,
    trashed_at    TEXT                -- NULL unless in the Trash
);

-- The article list: live articles, newest change first.
CREATE INDEX articles_by_updated ON articles (updated_at DESC) WHERE trashed_at IS NULL;
CREATE INDEX articles_in_trash ON articles (trashed_at DESC) WHERE trashed_at IS NOT NULL;

-- Every save writes here: the newest revision of an article always equals its current text.
CREATE TABLE revisions (
    id            TEXT    PRIMARY KEY NOT NULL,
    article_id    TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    kind          TEXT    NOT NULL CHECK (kind IN ('created', 'autosave', 'checkpoint', 'restore', 'update')),
    author        TEXT    NOT NULL,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    headline      TEXT    NOT NULL,
    standfirst    TEXT    NOT NULL,
    body          TEXT    NOT NULL,
    byline        TEXT    NOT NULL,
    editors_note  TEXT    NOT NULL,
    language      TEXT    NOT NULL,
    word_count    INTEGER NOT NULL
);
CREATE INDEX revisions_by_article ON revisions (article_id, created_at DESC);

-- Full-text search over what a journalist would search for. External content: the text lives
-- once, in `articles`; triggers keep the index in step inside the same transaction. Prefix
-- indexes of 2 and 3 characters serve the half-typed last word of a search.
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    headline, standfirst, body, byline,
    content = 'articles',
    content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, headline, standfirst, body, byline)
    VALUES (new.seq, new.headline, new.standfirst, new.body, new.byline);
END;

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, headline, standfirst, body, byline)
    VALUES ('delete', old.seq, old.headline, old.standfirst, old.body, old.byline);
END;

CREATE TRIGGER articles_fts_update AFTER UPDATE OF headline, standfirst, body, byline ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, headline, standfirst, body, byline)
    VALUES ('delete', old.seq, old.headline, old.standfirst, old.body, old.byline);
    INSERT INTO articles_fts (rowid, headline, standfirst, body, byline)
    VALUES (new.seq, new.headline, new.standfirst, new.body, new.byline);
END;
