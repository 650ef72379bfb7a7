-- 0029: the newsroom's own words for spelling (names, places, words its dictionaries lack):
-- added from an underline in the window or from the command line, and never flagged again in
-- any story. Forward only. One row a word, found by its lower-cased form; who added it and
-- when, for the editors who keep the list.
CREATE TABLE newsroom_words (
    word_key  TEXT PRIMARY KEY NOT NULL,
    word      TEXT NOT NULL,
    added_by  TEXT NOT NULL,
    added_at  TEXT NOT NULL
);
