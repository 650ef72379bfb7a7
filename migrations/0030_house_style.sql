-- 0030: the newsroom's house style, kept by its editors in the app. Forward only.
--
-- house_style holds the rules as they stand: one "newsroom-house-style" file, in the editors'
-- order. No row means nobody has changed the rules yet, and the desk uses the starter rules
-- that come with the app. house_style_changes says, for every change, what it was, who made
-- it and why, with the rule before and after (JSON), for the editors who keep the style book.
CREATE TABLE house_style (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    rules  TEXT NOT NULL
);

CREATE TABLE house_style_changes (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    rule_id      TEXT,
    change       TEXT NOT NULL CHECK (change IN ('added', 'changed', 'removed', 'imported')),
    rule_before  TEXT,
    rule_after   TEXT,
    why          TEXT NOT NULL,
    changed_by   TEXT NOT NULL,
    changed_at   TEXT NOT NULL
);

-- "Mark as correct": one flagged place a person kept as written, remembered with its story.
-- A place is named by what flagged it (a rule's id, or 'Spelling'), the text flagged and the
-- words around it, so an edit elsewhere keeps the mark and an edit of its sentence does not.
CREATE TABLE marked_correct (
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    flagged_by  TEXT NOT NULL,
    matched     TEXT NOT NULL,
    context     TEXT NOT NULL,
    marked_by   TEXT NOT NULL,
    marked_at   TEXT NOT NULL,
    PRIMARY KEY (article_id, flagged_by, matched, context)
) WITHOUT ROWID;
