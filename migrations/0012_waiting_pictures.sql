-- 0012: wire pictures waiting for the network. Forward only.
--
-- An agency item names a picture by URL; a laptop that is offline when the item comes in
-- cannot fetch it. Such a picture is kept here, with the credit, creator and caption the item
-- gives, in the same transaction that makes the story, and fetched when the network answers.
-- It is never lost and never needs a second import: a row leaves this table only when its
-- picture is attached to the story (or the story is deleted). A picture the agency's server
-- refuses for good (404, not a picture, too large) stays here, marked given up, with the
-- reason, until someone tries it again or the story goes.
--
-- `next_try_at` is both the back-off and the claim's expiry: a fetcher takes a due row by
-- writing its id in `claimed_by` and moving `next_try_at` a few minutes on, in one UPDATE, so
-- two processes never fetch one picture at once; only the claim's holder settles the row, and
-- a fetcher that crashed leaves it due again when that time passes.
CREATE TABLE waiting_pictures (
    id          TEXT PRIMARY KEY NOT NULL,
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL, -- its place among the item's pictures
    url         TEXT NOT NULL,
    credit      TEXT NOT NULL,
    creator     TEXT NOT NULL,
    caption     TEXT NOT NULL,
    tries       INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT NOT NULL DEFAULT '',
    given_up    INTEGER NOT NULL DEFAULT 0 CHECK (given_up IN (0, 1)),
    next_try_at TEXT NOT NULL,
    claimed_by  TEXT,
    added_at    TEXT NOT NULL,
    UNIQUE (article_id, url)
);
CREATE INDEX waiting_pictures_due ON waiting_pictures (given_up, next_try_at);
