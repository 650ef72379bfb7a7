-- 0031: the house style and the newsroom's dictionary travel through the shared desk. Forward
-- only.
--
-- Rules changed on this laptop while it is on a desk, by id, with the editor's reason, until
-- the desk took the change (the store writes them as it changes the rules: they live in one
-- file, not in rows a trigger could watch). Words added here while on a desk, by their
-- lower-cased form, until the desk took them.
CREATE TABLE desk_style_rules_dirty (
    slug TEXT PRIMARY KEY NOT NULL,
    why  TEXT NOT NULL
);
CREATE TABLE desk_words_dirty (
    slug TEXT PRIMARY KEY NOT NULL
);
CREATE TRIGGER desk_word_added AFTER INSERT ON newsroom_words
WHEN EXISTS (SELECT 1 FROM desk_link) BEGIN
    INSERT OR IGNORE INTO desk_words_dirty (slug) VALUES (NEW.word_key);
END;
