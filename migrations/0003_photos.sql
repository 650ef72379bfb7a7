-- 0003: photos. The original file lives on disk under photos/originals/, named by its sha256;
-- this table holds what the desk knows about it. Forward only.

-- `embedded` is what the file says (JSON of newsroom_core::photo::EmbeddedMetadata, each value
-- with its source: XMP, IIM or EXIF); `typed` is what journalists typed (JSON of TypedMetadata).
-- Typed values win; both are kept so the desk can show where a value came from.
CREATE TABLE photos (
    seq           INTEGER PRIMARY KEY,
    id            TEXT    NOT NULL UNIQUE,
    sha256        TEXT    NOT NULL UNIQUE,
    media_type    TEXT    NOT NULL CHECK (media_type IN ('jpeg', 'png', 'webp')),
    width         INTEGER NOT NULL,
    height        INTEGER NOT NULL,
    byte_size     INTEGER NOT NULL,
    original_name TEXT    NOT NULL,
    embedded      TEXT    NOT NULL,
    typed         TEXT    NOT NULL DEFAULT '{"values":[]}',
    added_at      TEXT    NOT NULL,
    added_by      TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL
);

-- Which articles use which photos; at most one lead photo per article. A photo used by an
-- article cannot be deleted; an article's rows go with the article when the Trash is emptied.
CREATE TABLE article_photos (
    article_id TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    photo_id   TEXT    NOT NULL REFERENCES photos (id),
    is_lead    INTEGER NOT NULL DEFAULT 0 CHECK (is_lead IN (0, 1)),
    added_at   TEXT    NOT NULL,
    PRIMARY KEY (article_id, photo_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX article_photos_one_lead ON article_photos (article_id) WHERE is_lead = 1;
CREATE INDEX article_photos_by_photo ON article_photos (photo_id);

-- The library's search over the values in force (typed or from the file), kept by the store.
CREATE VIRTUAL TABLE photos_fts USING fts5 (
    caption,
    credit,
    creator,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
