-- 0013: the body as a shared document (crates/newsroom-body). Forward only.
--
-- articles.body stays, as the document's text: it is written in the same transaction as each
-- change to the document, so search, preview, export and push read text as before.
--
-- The document is kept as a state folded up to a sequence number (body_docs) and the changes
-- since, in order (body_changes). Opening a story loads the state and replays the changes;
-- compaction folds them into the state. body_writers remembers which person each writer id
-- (a yjs client id) belongs to, so who wrote what survives compaction.
--
-- The document of each story already on the desk (its current text as the first change) is
-- made in Rust right after this file runs, in the same transaction (schema.rs).
CREATE TABLE body_docs (
    article_id  TEXT    PRIMARY KEY NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    state       BLOB    NOT NULL,   -- the document up to folded_seq, one yjs update (v2)
    folded_seq  INTEGER NOT NULL,   -- changes with seq <= this are in state
    last_seq    INTEGER NOT NULL,   -- the newest change's seq (folded_seq when none since)
    snapshot    BLOB    NOT NULL    -- which edits the whole document holds now (see revisions)
);

CREATE TABLE body_changes (
    article_id  TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,   -- per article, from 1, in the order applied
    change      BLOB    NOT NULL,   -- a yjs update (v1), only what was new when it came
    author      TEXT    NOT NULL,
    origin      TEXT    NOT NULL,   -- created, autosave, checkpoint, restore, update, editor
    created_at  TEXT    NOT NULL,
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE body_writers (
    article_id  TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    writer      INTEGER NOT NULL,   -- yjs client id
    author      TEXT    NOT NULL,
    PRIMARY KEY (article_id, writer)
);

-- Which edits the body held when a revision was last written (newsroom_body snapshot: the
-- writers' counts and what was deleted). An approval pins it; NULL for revisions made before.
ALTER TABLE revisions ADD COLUMN body_snapshot BLOB;

-- Where a comment's passage is in the document: two yjs relative positions (start and end)
-- that follow the passage through everyone's edits. NULL for the whole story and for comments
-- written before; those are found by their text, as before.
ALTER TABLE comments ADD COLUMN anchor_start BLOB;
ALTER TABLE comments ADD COLUMN anchor_end BLOB;

-- The body as each person last saw it, so that opening a story shows what others changed
-- meanwhile ("changed while you were away") until that person has seen it.
CREATE TABLE body_seen (
    article_id  TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    person      TEXT    NOT NULL,   -- the name changes are signed with
    body        TEXT    NOT NULL,   -- the text as they last saw it
    snapshot    BLOB    NOT NULL,   -- which edits it held
    seen_at     TEXT    NOT NULL,
    PRIMARY KEY (article_id, person)
);
