-- Where each person's cursor is in the story they have open, so that two people in one story
-- see each other's caret as they write. A cursor is a yjs relative position in the story's
-- body (it follows the text through everyone's edits), at most 1 KB. It is said as it moves
-- (a few times a second at most) and shown only to those who may see the story.
--
-- The notification for a cursor that moved names the story ("cursor:<id>"), so that only the
-- laptops with that story open ask where everyone is; a story opened or closed still says only
-- "presence". A story's id tells a listener nothing of the story itself, only that someone is
-- working in it.
SET LOCAL ROLE __DESK___owner;
SET LOCAL search_path = desk, pg_temp;

ALTER TABLE presence ADD COLUMN cursor bytea CHECK (cursor IS NULL OR length(cursor) <= 1024);

-- This person is at the desk with `story_id` open (NULL: none) and their cursor at `at_cursor`
-- in it (NULL: not in the text). A story they may not see is not recorded, nor a cursor
-- without a story.
CREATE FUNCTION here_at(story_id uuid, at_cursor bytea) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = desk, pg_temp AS $$
DECLARE
    who people := caller();
    was presence;
BEGIN
    IF story_id IS NOT NULL AND NOT may_see(story_id) THEN
        story_id := NULL;
    END IF;
    IF story_id IS NULL OR length(at_cursor) > 1024 THEN
        at_cursor := NULL;
    END IF;
    SELECT * INTO was FROM presence WHERE person = who.id;
    INSERT INTO presence (person, story, seen_at, cursor) VALUES (who.id, story_id, now(), at_cursor)
        ON CONFLICT (person) DO UPDATE SET story = excluded.story, seen_at = excluded.seen_at,
                                           cursor = excluded.cursor;
    IF was.person IS NULL OR was.story IS DISTINCT FROM story_id THEN
        PERFORM pg_notify('__DESK___feed', 'presence');
    ELSIF was.cursor IS DISTINCT FROM at_cursor THEN
        PERFORM pg_notify('__DESK___feed', 'cursor:' || story_id::text);
    END IF;
END $$;

-- Who is at the desk now, the story each has open and their cursor in it, when the caller may
-- see that story.
CREATE FUNCTION who_is_where()
RETURNS TABLE (person uuid, name text, story uuid, cursor bytea, seen_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = desk, pg_temp AS $$
    SELECT p.person, pe.name, v.story, CASE WHEN v.story IS NOT NULL THEN p.cursor END, p.seen_at
      FROM presence p JOIN people pe ON pe.id = p.person
      CROSS JOIN LATERAL (SELECT CASE WHEN p.story IS NOT NULL AND may_see(p.story)
                                      THEN p.story END AS story) v
     WHERE p.seen_at > now() - interval '60 seconds'
       AND (SELECT (caller()).id) IS NOT NULL
     ORDER BY pe.name
$$;

REVOKE ALL ON FUNCTION here_at(uuid, bytea), who_is_where() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION here_at(uuid, bytea), who_is_where() TO __DESK___people;
