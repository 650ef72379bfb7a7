-- 0021: tags renamed, given a Media Topic or merged away travel through the shared desk.
-- Forward only.
--
-- Tags changed on this laptop while it is on a desk, by slug, until the desk took the change
-- (a tag the sync takes from the desk is taken off this list in the same transaction). A tag
-- that is only new travels with the stories tagged with it, by name.
CREATE TABLE desk_tags_dirty (
    slug TEXT PRIMARY KEY NOT NULL
);
CREATE TRIGGER desk_tag_changed AFTER UPDATE OF name, media_topic ON tags
WHEN EXISTS (SELECT 1 FROM desk_link)
     AND (OLD.name IS NOT NEW.name OR OLD.media_topic IS NOT NEW.media_topic) BEGIN
    INSERT OR IGNORE INTO desk_tags_dirty (slug) VALUES (NEW.slug);
END;
CREATE TRIGGER desk_tag_deleted AFTER DELETE ON tags
WHEN EXISTS (SELECT 1 FROM desk_link) BEGIN
    INSERT OR IGNORE INTO desk_tags_dirty (slug) VALUES (OLD.slug);
END;

-- A story carries its tags by name: a renamed tag marks the stories tagged with it as having
-- something to send, so the desk's copy of them (and a laptop that joins later) has the new name.
CREATE TRIGGER desk_tag_renamed_on_stories AFTER UPDATE OF name ON tags
WHEN OLD.name IS NOT NEW.name BEGIN
    UPDATE desk_stories SET local_version = -1
     WHERE article_id IN (SELECT article_id FROM article_tags WHERE tag_id = NEW.id);
END;
