-- 0028: a tag made on this laptop while it is on a desk goes to the desk's vocabulary, though
-- no story carries it yet (an editor building the newsroom's tag list before the stories come).
-- Forward only. A tag the sync takes from the desk is taken off the list in the same
-- transaction, as in 0021; the desk takes new tags from its editors only, and a reporter's stay
-- with the stories tagged with them, by name.
CREATE TRIGGER desk_tag_added AFTER INSERT ON tags
WHEN EXISTS (SELECT 1 FROM desk_link) BEGIN
    INSERT OR IGNORE INTO desk_tags_dirty (slug) VALUES (NEW.slug);
END;
