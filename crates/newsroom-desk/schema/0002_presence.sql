-- Presence: who is at the desk, and which story each has open ("Anna is editing"). It is not
-- work, so it is not in the feed: each laptop says where it is when that changes and every
-- 20 seconds, and asks who else is here when told something moved. A person is at the desk
-- while they said so within the last minute.
SET LOCAL ROLE __DESK___owner;
SET LOCAL search_path = desk, pg_temp;

CREATE TABLE presence (
    person uuid PRIMARY KEY REFERENCES people (id),
    story uuid REFERENCES stories (id),
    seen_at timestamptz NOT NULL
);
ALTER TABLE presence ENABLE ROW LEVEL SECURITY;
ALTER TABLE presence FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON presence TO __DESK___owner USING (true) WITH CHECK (true);
-- No one reads the table itself: who_is_here() shows each person the story another has open
-- only when that story is theirs to see.

-- This person is at the desk, with `story_id` open (NULL: none). A story they may not see is
-- not recorded. Every listening laptop hears "presence" (never who, never which story).
CREATE FUNCTION here(story_id uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = desk, pg_temp AS $$
DECLARE
    who people := caller();
BEGIN
    IF story_id IS NOT NULL AND NOT may_see(story_id) THEN
        story_id := NULL;
    END IF;
    INSERT INTO presence VALUES (who.id, story_id, now())
        ON CONFLICT (person) DO UPDATE SET story = excluded.story, seen_at = excluded.seen_at;
    PERFORM pg_notify('__DESK___feed', 'presence');
END $$;

-- This person left the desk (the app closed, the laptop left).
CREATE FUNCTION away() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = desk, pg_temp AS $$
DECLARE
    who people := caller();
BEGIN
    DELETE FROM presence WHERE person = who.id;
    PERFORM pg_notify('__DESK___feed', 'presence');
END $$;

-- Who is at the desk now, and the story each has open when the caller may see it.
CREATE FUNCTION who_is_here()
RETURNS TABLE (person uuid, name text, story uuid, seen_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = desk, pg_temp AS $$
    SELECT p.person, pe.name,
           CASE WHEN p.story IS NOT NULL AND may_see(p.story) THEN p.story END,
           p.seen_at
      FROM presence p JOIN people pe ON pe.id = p.person
     WHERE p.seen_at > now() - interval '60 seconds'
     ORDER BY pe.name
$$;

REVOKE ALL ON FUNCTION here(uuid), away(), who_is_here() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION here(uuid), away(), who_is_here() TO __DESK___people;
