-- Who may see a story is asked of every row a laptop's round reads (row-level security's
-- may_see()), and it asked is_author(), is_editor() and my_role() in turn. They were SQL
-- functions: SECURITY DEFINER with their own search_path, so PostgreSQL cannot inline them,
-- and it parses and plans a SQL function's body afresh in every statement that calls it.
-- A round's twenty statements each paid that for four functions, on every laptop, for every
-- change anyone made: at fifty laptops it was most of what the desk's server did. As PL/pgSQL
-- the same checks are planned once per connection and kept. What they answer is unchanged.
SET LOCAL ROLE __DESK___owner;
SET LOCAL search_path = desk, pg_temp;

CREATE OR REPLACE FUNCTION me() RETURNS people
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = desk, pg_temp AS $$
DECLARE
    found people;
BEGIN
    SELECT p.* INTO found FROM people p WHERE p.login = session_user::text;
    RETURN found;
END $$;

CREATE OR REPLACE FUNCTION my_role() RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = desk, pg_temp AS $$
BEGIN
    RETURN (SELECT role FROM people WHERE login = session_user::text);
END $$;

CREATE OR REPLACE FUNCTION is_editor() RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = desk, pg_temp AS $$
BEGIN
    RETURN coalesce((SELECT role FROM people WHERE login = session_user::text)
                    IN ('editor', 'admin'), false);
END $$;

CREATE OR REPLACE FUNCTION is_author(story_id uuid) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = desk, pg_temp AS $$
BEGIN
    RETURN EXISTS (SELECT FROM story_authors a JOIN people p ON p.id = a.person
                   WHERE a.story = story_id AND p.login = session_user::text);
END $$;

-- A story is seen by its authors, and by the editors once it has been submitted (as before,
-- in one statement).
CREATE OR REPLACE FUNCTION may_see(story_id uuid) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = desk, pg_temp AS $$
BEGIN
    RETURN EXISTS (SELECT FROM story_authors a JOIN people p ON p.id = a.person
                   WHERE a.story = story_id AND p.login = session_user::text)
        OR (coalesce((SELECT role FROM people WHERE login = session_user::text)
                     IN ('editor', 'admin'), false)
            AND EXISTS (SELECT FROM stories s
                        WHERE s.id = story_id AND s.shared_version IS NOT NULL));
END $$;
