-- "Keep as written", shared: a place of a story that someone kept as written (a name the
-- spelling flags, a phrase the house style would change) is flagged again on no laptop, the
-- editor's included. A place is named as on the laptops: what flagged it (a rule's id, or
-- 'Spelling'), the text flagged and the words around it. Places are kept, never taken back,
-- as on a laptop. Anyone who may see the story may keep a place of it, as anyone who sees it
-- may comment: the text does not change, and the desk records who kept it.
SET LOCAL ROLE __DESK___owner;
SET LOCAL search_path = desk, pg_temp;

CREATE TABLE kept_as_written (
    story uuid NOT NULL REFERENCES stories (id),
    flagged_by text NOT NULL CHECK (octet_length(flagged_by) BETWEEN 1 AND 200),
    matched text NOT NULL CHECK (octet_length(matched) BETWEEN 1 AND 1000),
    context text NOT NULL CHECK (octet_length(context) <= 1000),
    kept_by uuid NOT NULL REFERENCES people (id),
    version bigint NOT NULL,
    PRIMARY KEY (story, flagged_by, matched, context)
);
CREATE INDEX ON kept_as_written (version);
ALTER TABLE kept_as_written ENABLE ROW LEVEL SECURITY;
ALTER TABLE kept_as_written FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON kept_as_written TO __DESK___owner USING (true) WITH CHECK (true);
CREATE POLICY who_may_see ON kept_as_written FOR SELECT TO __DESK___people
    USING (may_see(story));
GRANT SELECT ON kept_as_written TO __DESK___people;

-- Keeps one place of story `story_id` as written. A place the desk has already is left as it
-- is; a story holds at most 2,000 (as a laptop does).
CREATE FUNCTION keep_as_written(change_id uuid, story_id uuid, flagged text, flagged_text text,
                                around text)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = desk, pg_temp AS $$
DECLARE
    who people := caller();
    v bigint;
BEGIN
    IF applied(change_id) THEN
        RETURN NULL;
    END IF;
    IF NOT EXISTS (SELECT FROM stories WHERE id = story_id) OR NOT may_see(story_id) THEN
        PERFORM refuse('This story is not on the desk, or not yours to see.', '42501');
    END IF;
    IF coalesce(octet_length(flagged), 0) NOT BETWEEN 1 AND 200
       OR coalesce(octet_length(flagged_text), 0) NOT BETWEEN 1 AND 1000
       OR around IS NULL OR octet_length(around) > 1000 THEN
        PERFORM refuse('A place kept as written is what flagged it, the text flagged and the words around it.');
    END IF;
    IF EXISTS (SELECT FROM kept_as_written WHERE story = story_id AND flagged_by = flagged
                                          AND matched = flagged_text AND context = around) THEN
        RETURN NULL;
    END IF;
    -- The story's row, locked: two laptops keeping places of one story count in turn.
    PERFORM FROM stories WHERE id = story_id FOR UPDATE;
    IF (SELECT count(*) FROM kept_as_written WHERE story = story_id) >= 2000 THEN
        PERFORM refuse('This story already has 2000 places kept as written.');
    END IF;
    v := tick();
    INSERT INTO applied_changes VALUES (change_id, who.id, v);
    INSERT INTO kept_as_written VALUES (story_id, flagged, flagged_text, around, who.id, v);
    RETURN v;
END $$;

REVOKE ALL ON FUNCTION keep_as_written(uuid, uuid, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION keep_as_written(uuid, uuid, text, text, text) TO __DESK___people;
