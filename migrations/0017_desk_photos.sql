-- 0017: a story's photos travel to the shared desk with its fields; a refused story is not
-- sent again and again. Forward only.
--
-- Attaching, taking off, choosing the lead photo and typing a photo's credit or caption mark
-- the stories concerned as having something to send, as 0015 does for the filing.
CREATE TRIGGER desk_photo_attached AFTER INSERT ON article_photos BEGIN
    UPDATE desk_stories SET local_version = -1 WHERE article_id = NEW.article_id;
END;
CREATE TRIGGER desk_photo_detached AFTER DELETE ON article_photos BEGIN
    UPDATE desk_stories SET local_version = -1 WHERE article_id = OLD.article_id;
END;
CREATE TRIGGER desk_photo_lead AFTER UPDATE OF is_lead ON article_photos
WHEN OLD.is_lead IS NOT NEW.is_lead BEGIN
    UPDATE desk_stories SET local_version = -1 WHERE article_id = NEW.article_id;
END;
CREATE TRIGGER desk_photo_typed AFTER UPDATE OF typed ON photos
WHEN OLD.typed IS NOT NEW.typed BEGIN
    UPDATE desk_stories SET local_version = -1
     WHERE article_id IN (SELECT article_id FROM article_photos WHERE photo_id = NEW.id);
END;

-- Photos the desk says a story has and whose file this laptop has not fetched yet: `entry` is
-- the desk's JSON for the photo. The sync fetches them after it applied what it heard; until
-- then the story counts them as its own (so nothing here sends them away) and its export waits.
CREATE TABLE desk_photo_fetches (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    photo_id   TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    entry      TEXT NOT NULL,
    tries      INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (article_id, photo_id)
);

-- Approvals heard from the desk that this laptop takes as its own once the story's photos are
-- here (the approval pins them): 1 approved, 0 the approval ended.
CREATE TABLE desk_approvals_waiting (
    article_id TEXT PRIMARY KEY NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    approved   INTEGER NOT NULL CHECK (approved IN (0, 1))
);

-- A story whose changes the desk refused (published meanwhile, too large …): the desk's words.
-- The laptop keeps the changes and does not send them again until the story changes here once
-- more; the next send carries them with the new change.
ALTER TABLE desk_stories ADD COLUMN refused TEXT;
