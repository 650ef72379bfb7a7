-- 0018: the section list travels through the shared desk. Forward only.
--
-- Sections added, changed or deleted on this laptop while it is on a desk, by slug, until the
-- desk took the change. (A section the sync takes from the desk is taken off this list in the
-- same transaction: only this laptop's own changes go back.)
CREATE TABLE desk_sections_dirty (
    slug TEXT PRIMARY KEY NOT NULL
);
CREATE TRIGGER desk_section_added AFTER INSERT ON sections
WHEN EXISTS (SELECT 1 FROM desk_link) BEGIN
    INSERT OR IGNORE INTO desk_sections_dirty (slug) VALUES (NEW.slug);
END;
CREATE TRIGGER desk_section_changed AFTER UPDATE ON sections
WHEN EXISTS (SELECT 1 FROM desk_link) BEGIN
    INSERT OR IGNORE INTO desk_sections_dirty (slug) VALUES (NEW.slug);
END;
CREATE TRIGGER desk_section_deleted AFTER DELETE ON sections
WHEN EXISTS (SELECT 1 FROM desk_link) BEGIN
    INSERT OR IGNORE INTO desk_sections_dirty (slug) VALUES (OLD.slug);
END;
