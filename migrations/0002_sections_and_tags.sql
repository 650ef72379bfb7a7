-- 0002: the newsroom's vocabularies. Sections (a tree) and tags, how articles are filed under
-- them, and the desk's settings. Forward only.

-- `name_key` is the name folded for comparison (lower case, no accents, single spaces);
-- two siblings may not share one. Slugs are unique site-wide: vocabulary files merge by them.
CREATE TABLE sections (
    id          TEXT    PRIMARY KEY NOT NULL,
    parent_id   TEXT    REFERENCES sections (id),
    name        TEXT    NOT NULL,
    name_key    TEXT    NOT NULL,
    slug        TEXT    NOT NULL UNIQUE,
    position    INTEGER NOT NULL DEFAULT 0,
    media_topic TEXT,
    retired_at  TEXT
);
CREATE UNIQUE INDEX sections_sibling_names ON sections (ifnull(parent_id, ''), name_key);

CREATE TABLE tags (
    id          TEXT    PRIMARY KEY NOT NULL,
    name        TEXT    NOT NULL,
    name_key    TEXT    NOT NULL UNIQUE,
    slug        TEXT    NOT NULL UNIQUE,
    media_topic TEXT,
    created_at  TEXT    NOT NULL
);

-- Word-prefix search over tag names ("korea" finds "North Korea"); the key is already folded.
CREATE VIRTUAL TABLE tags_fts USING fts5 (
    name_key,
    content = 'tags',
    content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);
CREATE TRIGGER tags_fts_insert AFTER INSERT ON tags BEGIN
    INSERT INTO tags_fts (rowid, name_key) VALUES (new.rowid, new.name_key);
END;
CREATE TRIGGER tags_fts_delete AFTER DELETE ON tags BEGIN
    INSERT INTO tags_fts (tags_fts, rowid, name_key) VALUES ('delete', old.rowid, old.name_key);
END;
CREATE TRIGGER tags_fts_update AFTER UPDATE OF name_key ON tags BEGIN
    INSERT INTO tags_fts (tags_fts, rowid, name_key) VALUES ('delete', old.rowid, old.name_key);
    INSERT INTO tags_fts (rowid, name_key) VALUES (new.rowid, new.name_key);
END;

-- One primary section per article (required to submit), any number of secondary ones.
-- A section in use cannot be deleted (no cascade): it is retired instead.
CREATE TABLE article_sections (
    article_id  TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    section_id  TEXT    NOT NULL REFERENCES sections (id),
    is_primary  INTEGER NOT NULL CHECK (is_primary IN (0, 1)),
    PRIMARY KEY (article_id, section_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX article_primary_section ON article_sections (article_id) WHERE is_primary = 1;
CREATE INDEX article_sections_by_section ON article_sections (section_id);

CREATE TABLE article_tags (
    article_id  TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag_id      TEXT    NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    PRIMARY KEY (article_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX article_tags_by_tag ON article_tags (tag_id);

CREATE TABLE settings (
    key         TEXT    PRIMARY KEY NOT NULL,
    value       TEXT    NOT NULL
) WITHOUT ROWID;

-- The site's sections at first start (the model site: Sweden, Living, World, Business, Sports
-- with Soccer, Ice hockey and Tennis, Entertainment), with their IPTC Media Topic codes.
INSERT INTO sections (id, parent_id, name, name_key, slug, position, media_topic) VALUES
    ('01930000-0000-7000-8000-000000000001', NULL, 'Sweden',        'sweden',        'sweden',        0, NULL),
    ('01930000-0000-7000-8000-000000000002', NULL, 'Living',        'living',        'living',        1, 'medtop:10000000'),
    ('01930000-0000-7000-8000-000000000003', NULL, 'World',         'world',         'world',         2, NULL),
    ('01930000-0000-7000-8000-000000000004', NULL, 'Business',      'business',      'business',      3, 'medtop:04000000'),
    ('01930000-0000-7000-8000-000000000005', NULL, 'Sports',        'sports',        'sports',        4, 'medtop:15000000'),
    ('01930000-0000-7000-8000-000000000006', NULL, 'Entertainment', 'entertainment', 'entertainment', 5, 'medtop:01000000'),
    ('01930000-0000-7000-8000-000000000007', '01930000-0000-7000-8000-000000000005', 'Soccer',     'soccer',     'soccer',     0, NULL),
    ('01930000-0000-7000-8000-000000000008', '01930000-0000-7000-8000-000000000005', 'Ice hockey', 'ice hockey', 'ice-hockey', 1, NULL),
    ('01930000-0000-7000-8000-000000000009', '01930000-0000-7000-8000-000000000005', 'Tennis',     'tennis',     'tennis',     2, NULL);
