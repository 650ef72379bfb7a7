-- 0032: places kept as written travel through the shared desk. Forward only.
--
-- A place kept as written here while this laptop is on a desk waits here, named as
-- marked_correct names it, until the desk took it (or refused it: the story is not this
-- person's to see). Places that come from the desk are written into marked_correct and
-- taken off this list in the same transaction, so they are not sent back.
CREATE TABLE desk_kept_dirty (
    article_id  TEXT NOT NULL,
    flagged_by  TEXT NOT NULL,
    matched     TEXT NOT NULL,
    context     TEXT NOT NULL,
    PRIMARY KEY (article_id, flagged_by, matched, context)
) WITHOUT ROWID;
CREATE TRIGGER desk_kept_added AFTER INSERT ON marked_correct
WHEN EXISTS (SELECT 1 FROM desk_link) BEGIN
    INSERT OR IGNORE INTO desk_kept_dirty (article_id, flagged_by, matched, context)
    VALUES (NEW.article_id, NEW.flagged_by, NEW.matched, NEW.context);
END;
