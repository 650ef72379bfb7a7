-- 0016: the shared desk carries what the newsroom's sites hold of each story, and embargoes.
-- Forward only.
--
-- What a site holds of a story, as the desk heard it from whichever laptop pushed it: every
-- laptop shows the post's address and state, and one that has the same site among its targets
-- updates that post instead of making another. `site` is the site's address as
-- `newsroom_core::outbox::site_key` folds it.
CREATE TABLE desk_posts (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    site       TEXT NOT NULL,
    post_id    INTEGER NOT NULL,
    link       TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL DEFAULT '',
    sent_by    TEXT NOT NULL DEFAULT '',
    sent_at    TEXT,
    PRIMARY KEY (article_id, site)
);

-- An embargo travels with the story's filing: changing it marks the story as having something
-- to send, as 0015 does for sections and tags.
CREATE TRIGGER desk_embargo_changed AFTER UPDATE OF embargo_until ON articles
WHEN OLD.embargo_until IS NOT NEW.embargo_until BEGIN
    UPDATE desk_stories SET local_version = -1 WHERE article_id = NEW.id;
END;
