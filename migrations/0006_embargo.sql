-- 0006: an embargo: the story may not go out before this time (UTC, RFC 3339; NULL for none).
-- Shown in the lists; export respects it. Forward only.
ALTER TABLE articles ADD COLUMN embargo_until TEXT;
