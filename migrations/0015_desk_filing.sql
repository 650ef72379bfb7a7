-- A story's filing (its sections and tags) travels to the shared desk with its fields. Filing
-- changes do not move the story's version, so they mark the story as having something to send
-- (a local_version below any version); the sync compares what it would send with what the desk
-- holds and sends only what differs.
CREATE TRIGGER desk_filing_section_added AFTER INSERT ON article_sections BEGIN
    UPDATE desk_stories SET local_version = -1 WHERE article_id = NEW.article_id;
END;
CREATE TRIGGER desk_filing_section_removed AFTER DELETE ON article_sections BEGIN
    UPDATE desk_stories SET local_version = -1 WHERE article_id = OLD.article_id;
END;
CREATE TRIGGER desk_filing_tag_added AFTER INSERT ON article_tags BEGIN
    UPDATE desk_stories SET local_version = -1 WHERE article_id = NEW.article_id;
END;
CREATE TRIGGER desk_filing_tag_removed AFTER DELETE ON article_tags BEGIN
    UPDATE desk_stories SET local_version = -1 WHERE article_id = OLD.article_id;
END;
