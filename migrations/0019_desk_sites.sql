-- 0019: the newsroom's WordPress sites travel through the shared desk. Forward only.
--
-- Sites added, renamed or removed on this laptop while it is on a desk, by address (the
-- target's address without a trailing slash, as `newsroom_core::outbox::site_key` folds it),
-- until the desk took the change. A site the sync takes from the desk is taken off this list in
-- the same transaction. Folders are each laptop's own and do not travel.
CREATE TABLE desk_sites_dirty (
    site    TEXT PRIMARY KEY NOT NULL,
    name    TEXT NOT NULL,
    removed INTEGER NOT NULL CHECK (removed IN (0, 1))
);
CREATE TRIGGER desk_site_added AFTER INSERT ON targets
WHEN NEW.kind = 'wordpress' AND EXISTS (SELECT 1 FROM desk_link) BEGIN
    INSERT OR REPLACE INTO desk_sites_dirty (site, name, removed)
        VALUES (rtrim(NEW.url, '/'), NEW.name, 0);
END;
CREATE TRIGGER desk_site_renamed AFTER UPDATE OF name ON targets
WHEN NEW.kind = 'wordpress' AND OLD.name IS NOT NEW.name AND EXISTS (SELECT 1 FROM desk_link) BEGIN
    INSERT OR REPLACE INTO desk_sites_dirty (site, name, removed)
        VALUES (rtrim(NEW.url, '/'), NEW.name, 0);
END;
CREATE TRIGGER desk_site_removed AFTER DELETE ON targets
WHEN OLD.kind = 'wordpress' AND EXISTS (SELECT 1 FROM desk_link) BEGIN
    INSERT OR REPLACE INTO desk_sites_dirty (site, name, removed)
        VALUES (rtrim(OLD.url, '/'), OLD.name, 1);
END;
