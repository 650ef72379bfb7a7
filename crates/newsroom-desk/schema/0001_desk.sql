-- The shared desk, version 1: people, stories with their authors, body updates, comments and
-- the workflow trail, each change stamped from one clock so laptops can follow a feed.
--
-- PostgreSQL is the authority. Every person logs in as their own role, a member of
-- __DESK___people and nothing else. That role may read the tables (row-level security shows
-- each person what they may see) and call the desk's functions; it may not write a table.
-- The functions are SECURITY DEFINER, owned by the NOLOGIN role __DESK___owner, and check who
-- is calling (session_user, which a login cannot change) against desk.people before they
-- write. The same rules as the laptop's (newsroom_core::authority and ::workflow); a test
-- compares the two tables of rules move by move.
--
-- __DESK__ is replaced by the desk's name (from its database name) when this file is applied:
-- role names are per cluster, so two desks on one server must not share them.

CREATE SCHEMA desk AUTHORIZATION __DESK___owner;
REVOKE ALL ON SCHEMA desk FROM PUBLIC;
GRANT USAGE ON SCHEMA desk TO __DESK___people;
SET LOCAL ROLE __DESK___owner;
SET LOCAL search_path = desk, pg_temp;

-- The feed's clock. Every write function takes the next value, after its checks and before it
-- writes, and stamps what it writes with it. The row lock is held until commit, so versions become visible in the order
-- they were taken: a laptop that read everything up to v never misses a later commit below v.
CREATE TABLE clock (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    v bigint NOT NULL
);
INSERT INTO clock VALUES (true, 0);

CREATE TABLE people (
    id uuid PRIMARY KEY,
    login text NOT NULL UNIQUE,
    name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
    role text NOT NULL CHECK (role IN ('reporter', 'editor', 'admin')),
    byline text NOT NULL DEFAULT '' CHECK (length(byline) <= 200),
    added_by uuid REFERENCES people (id),
    added_at timestamptz NOT NULL DEFAULT now(),
    version bigint NOT NULL
);

CREATE TABLE stories (
    id uuid PRIMARY KEY,
    created_by uuid NOT NULL REFERENCES people (id),
    created_at timestamptz NOT NULL,
    state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'in_review',
        'changes_requested', 'approved', 'published', 'killed', 'correction')),
    -- Where "take back" returns a submitted story.
    submitted_from text NOT NULL DEFAULT 'draft',
    -- Headline, standfirst, section, tags, language …: one JSON object, each field last
    -- written wins in the desk's order (the other value stays in field_changes).
    fields jsonb NOT NULL DEFAULT '{}'
        CHECK (jsonb_typeof(fields) = 'object' AND octet_length(fields::text) <= 65536),
    -- The version at which the editors first saw it (its first submit): the editors' laptops
    -- fetch everything of a story shared after their cursor.
    shared_version bigint,
    -- The body's state vector the approving editor saw, and whether anything was written after.
    approved_state_vector bytea,
    changed_since_approval boolean NOT NULL DEFAULT false,
    version bigint NOT NULL
);

CREATE TABLE story_authors (
    story uuid NOT NULL REFERENCES stories (id),
    person uuid NOT NULL REFERENCES people (id),
    added_by uuid NOT NULL REFERENCES people (id),
    version bigint NOT NULL,
    PRIMARY KEY (story, person)
);

-- What each push of a story's fields changed: the history behind "last written wins".
CREATE TABLE field_changes (
    id uuid PRIMARY KEY,
    story uuid NOT NULL REFERENCES stories (id),
    author uuid NOT NULL REFERENCES people (id),
    changed jsonb NOT NULL CHECK (octet_length(changed::text) <= 65536),
    replaced jsonb NOT NULL,
    at timestamptz NOT NULL,
    version bigint NOT NULL
);

-- The body's document updates (yjs encoding), as each laptop sent them.
CREATE TABLE body_updates (
    id uuid PRIMARY KEY,
    story uuid NOT NULL REFERENCES stories (id),
    author uuid NOT NULL REFERENCES people (id),
    "update" bytea NOT NULL CHECK (length("update") BETWEEN 1 AND 4194304),
    at timestamptz NOT NULL,
    version bigint NOT NULL
);

-- Comments, threaded, each on a passage of the body (its words as they read, and two yjs
-- relative positions that follow it through everyone's edits).
CREATE TABLE comments (
    id uuid PRIMARY KEY,
    story uuid NOT NULL REFERENCES stories (id),
    parent uuid REFERENCES comments (id),
    author uuid NOT NULL REFERENCES people (id),
    text text NOT NULL CHECK (length(text) BETWEEN 1 AND 20000),
    passage text NOT NULL DEFAULT '' CHECK (length(passage) <= 20000),
    anchor_start bytea CHECK (length(anchor_start) <= 1024),
    anchor_end bytea CHECK (length(anchor_end) <= 1024),
    at timestamptz NOT NULL,
    version bigint NOT NULL
);

-- The workflow trail.
CREATE TABLE events (
    id uuid PRIMARY KEY,
    story uuid NOT NULL REFERENCES stories (id),
    actor uuid NOT NULL REFERENCES people (id),
    action text NOT NULL,
    from_state text NOT NULL,
    to_state text NOT NULL,
    note text NOT NULL DEFAULT '' CHECK (length(note) <= 20000),
    at timestamptz NOT NULL,
    version bigint NOT NULL
);

-- Every change a laptop sends carries its own id: a retry after a lost answer is applied once.
CREATE TABLE applied_changes (
    id uuid PRIMARY KEY,
    person uuid NOT NULL REFERENCES people (id),
    version bigint NOT NULL
);

CREATE INDEX ON stories (version);
CREATE INDEX ON story_authors (person, version);
CREATE INDEX ON field_changes (story, version);
CREATE INDEX ON body_updates (story, version);
CREATE INDEX ON comments (story, version);
CREATE INDEX ON events (story, version);

-- Who is calling, from the login PostgreSQL authenticated (session_user: SET ROLE does not
-- change it, and a person's login may not SET SESSION AUTHORIZATION).
CREATE FUNCTION me() RETURNS people
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = desk, pg_temp AS $$
    SELECT p FROM people p WHERE p.login = session_user::text
$$;

CREATE FUNCTION my_role() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = desk, pg_temp AS $$
    SELECT role FROM people WHERE login = session_user::text
$$;

CREATE FUNCTION is_editor() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = desk, pg_temp AS $$
    SELECT coalesce(my_role() IN ('editor', 'admin'), false)
$$;

CREATE FUNCTION is_author(story_id uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = desk, pg_temp AS $$
    SELECT EXISTS (SELECT FROM story_authors a JOIN people p ON p.id = a.person
                   WHERE a.story = story_id AND p.login = session_user::text)
$$;

-- A story is seen by its authors, and by the editors once it has been submitted.
CREATE FUNCTION may_see(story_id uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = desk, pg_temp AS $$
    SELECT is_author(story_id)
        OR (is_editor() AND EXISTS (SELECT FROM stories s
                                    WHERE s.id = story_id AND s.shared_version IS NOT NULL))
$$;

-- Row-level security on every table, forced (the owner's functions pass through the owner's
-- own policy; people pass only through theirs, which never write).
ALTER TABLE clock ENABLE ROW LEVEL SECURITY;
ALTER TABLE clock FORCE ROW LEVEL SECURITY;
ALTER TABLE people ENABLE ROW LEVEL SECURITY;
ALTER TABLE people FORCE ROW LEVEL SECURITY;
ALTER TABLE stories ENABLE ROW LEVEL SECURITY;
ALTER TABLE stories FORCE ROW LEVEL SECURITY;
ALTER TABLE story_authors ENABLE ROW LEVEL SECURITY;
ALTER TABLE story_authors FORCE ROW LEVEL SECURITY;
ALTER TABLE field_changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE field_changes FORCE ROW LEVEL SECURITY;
ALTER TABLE body_updates ENABLE ROW LEVEL SECURITY;
ALTER TABLE body_updates FORCE ROW LEVEL SECURITY;
ALTER TABLE comments ENABLE ROW LEVEL SECURITY;
ALTER TABLE comments FORCE ROW LEVEL SECURITY;
ALTER TABLE events ENABLE ROW LEVEL SECURITY;
ALTER TABLE events FORCE ROW LEVEL SECURITY;
ALTER TABLE applied_changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE applied_changes FORCE ROW LEVEL SECURITY;

CREATE POLICY owner_all ON clock TO __DESK___owner USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON people TO __DESK___owner USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON stories TO __DESK___owner USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON story_authors TO __DESK___owner USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON field_changes TO __DESK___owner USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON body_updates TO __DESK___owner USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON comments TO __DESK___owner USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON events TO __DESK___owner USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON applied_changes TO __DESK___owner USING (true) WITH CHECK (true);

CREATE POLICY everyone_reads ON clock FOR SELECT TO __DESK___people USING (true);
-- The desk's people are known to each other (names, roles, bylines); passwords are
-- PostgreSQL's, in pg_authid, which no login of the desk can read.
CREATE POLICY everyone_reads ON people FOR SELECT TO __DESK___people USING (true);
CREATE POLICY who_may_see ON stories FOR SELECT TO __DESK___people USING (may_see(id));
CREATE POLICY who_may_see ON story_authors FOR SELECT TO __DESK___people USING (may_see(story));
CREATE POLICY who_may_see ON field_changes FOR SELECT TO __DESK___people USING (may_see(story));
CREATE POLICY who_may_see ON body_updates FOR SELECT TO __DESK___people USING (may_see(story));
CREATE POLICY who_may_see ON comments FOR SELECT TO __DESK___people USING (may_see(story));
CREATE POLICY who_may_see ON events FOR SELECT TO __DESK___people USING (may_see(story));
CREATE POLICY own_changes ON applied_changes FOR SELECT TO __DESK___people
    USING (person = (me()).id);

GRANT SELECT ON ALL TABLES IN SCHEMA desk TO __DESK___people;

-- The refusals, in the words the laptop shows. SQLSTATE 42501 (insufficient privilege) for
-- "not yours to do", NR409 for an approval of a version that is not the desk's latest, P0001
-- for everything else the desk refuses.
CREATE FUNCTION refuse(message text, code text DEFAULT 'P0001') RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = message, ERRCODE = code;
END $$;

CREATE FUNCTION caller() RETURNS people
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = desk, pg_temp AS $$
DECLARE
    found people;
BEGIN
    found := me();
    IF found.id IS NULL THEN
        PERFORM refuse('This login is not one of the desk''s people.', '42501');
    END IF;
    RETURN found;
END $$;

-- The next version of the feed (the clock row stays locked until commit) and one notification
-- for the listening laptops: only the number, never a headline (every listener hears it).
CREATE FUNCTION tick() RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = desk, pg_temp AS $$
DECLARE
    stamped bigint;
BEGIN
    UPDATE clock SET v = v + 1 RETURNING clock.v INTO stamped;
    PERFORM pg_notify('__DESK___feed', stamped::text);
    RETURN stamped;
END $$;

-- Whether change `change_id` was applied already: a retry is then a no-op. Checked before the
-- clock is taken; two retries racing meet on the primary key of applied_changes, and the loser's
-- next retry finds the change applied.
CREATE FUNCTION applied(change_id uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = desk, pg_temp AS $$
    SELECT EXISTS (SELECT FROM applied_changes WHERE id = change_id)
$$;

-- The workflow, as newsroom_core::workflow::transition: the next state, or NULL when refused.
CREATE FUNCTION next_state(state text, action text, role text, submitted_from text)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN action NOT IN ('submit', 'take_back') AND role NOT IN ('editor', 'admin') THEN NULL
        WHEN action = 'submit' AND state IN ('draft', 'changes_requested', 'correction')
            THEN 'submitted'
        WHEN action = 'take_back' AND state = 'submitted'
            THEN CASE WHEN submitted_from IN ('changes_requested', 'correction')
                      THEN submitted_from ELSE 'draft' END
        WHEN action = 'review' AND state = 'submitted' THEN 'in_review'
        WHEN action = 'request_changes' AND state IN ('submitted', 'in_review')
            THEN 'changes_requested'
        WHEN action = 'approve' AND state IN ('submitted', 'in_review') THEN 'approved'
        WHEN action = 'publish' AND state = 'approved' THEN 'published'
        WHEN action = 'kill' AND state <> 'killed' THEN 'killed'
        WHEN action = 'reopen' AND state = 'published' THEN 'correction'
        WHEN action = 'reopen' AND state = 'killed' THEN 'draft'
    END
$$;

-- Who may write a story's text and fields: its authors, and editors once it was submitted;
-- nobody while it is published or killed (reopen it first).
CREATE FUNCTION check_may_write(s stories) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = desk, pg_temp AS $$
BEGIN
    IF s.id IS NULL THEN
        PERFORM refuse('This story is not on the desk, or not yours to see.', '42501');
    END IF;
    IF NOT (is_author(s.id) OR (is_editor() AND s.shared_version IS NOT NULL)) THEN
        PERFORM refuse('Only the story''s authors, or an editor once it is submitted, can change it.',
                       '42501');
    END IF;
    IF s.state = 'published' THEN
        PERFORM refuse('This story is published; reopen it as a correction to change it.');
    ELSIF s.state = 'killed' THEN
        PERFORM refuse('This story was killed; reopen it to change it.');
    END IF;
END $$;

-- A new story; its caller is its first author.
CREATE FUNCTION create_story(change_id uuid, story_id uuid, fields jsonb, created_at timestamptz)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = desk, pg_temp AS $$
DECLARE
    who people := caller();
    v bigint;
BEGIN
    IF applied(change_id) THEN
        RETURN NULL;
    END IF;
    IF jsonb_typeof(fields) IS DISTINCT FROM 'object' THEN
        PERFORM refuse('A story''s fields are one JSON object.');
    ELSIF octet_length(fields::text) > 65536 THEN
        PERFORM refuse('The story''s headline, standfirst and other fields are longer than the desk keeps (64 KB in all).');
    END IF;
    v := tick();
    INSERT INTO applied_changes VALUES (change_id, who.id, v);
    INSERT INTO stories (id, created_by, created_at, fields, version)
        VALUES (story_id, who.id, created_at, fields, v);
    INSERT INTO story_authors VALUES (story_id, who.id, who.id, v);
    RETURN v;
END $$;

-- An author adds a colleague as an author (the draft is then theirs to see and write too).
CREATE FUNCTION add_author(change_id uuid, story_id uuid, colleague uuid)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = desk, pg_temp AS $$
DECLARE
    who people := caller();
    v bigint;
BEGIN
    IF applied(change_id) THEN
        RETURN NULL;
    END IF;
    IF NOT (is_author(story_id) OR is_editor()) OR NOT may_see(story_id) THEN
        PERFORM refuse('Only the story''s authors or an editor can add an author.', '42501');
    END IF;
    IF NOT EXISTS (SELECT FROM people WHERE id = colleague) THEN
        PERFORM refuse('That colleague is not one of the desk''s people.');
    END IF;
    v := tick();
    INSERT INTO applied_changes VALUES (change_id, who.id, v);
    INSERT INTO story_authors VALUES (story_id, colleague, who.id, v)
        ON CONFLICT (story, person) DO UPDATE SET version = excluded.version;
    UPDATE stories SET version = v WHERE id = story_id;
    RETURN v;
END $$;

-- Changed fields of a story: each one given here replaces the desk's (the later in the desk's
-- order wins); what it replaced is kept in field_changes.
CREATE FUNCTION save_fields(change_id uuid, story_id uuid, changed jsonb, at timestamptz)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = desk, pg_temp AS $$
DECLARE
    who people := caller();
    s stories;
    v bigint;
    replaced jsonb;
BEGIN
    IF applied(change_id) THEN
        RETURN NULL;
    END IF;
    SELECT * INTO s FROM stories WHERE id = story_id FOR UPDATE;
    PERFORM check_may_write(s);
    IF jsonb_typeof(changed) IS DISTINCT FROM 'object' THEN
        PERFORM refuse('A story''s fields are one JSON object.');
    ELSIF octet_length((s.fields || changed)::text) > 65536 THEN
        PERFORM refuse('The story''s headline, standfirst and other fields are longer than the desk keeps (64 KB in all).');
    END IF;
    v := tick();
    INSERT INTO applied_changes VALUES (change_id, who.id, v);
    SELECT coalesce(jsonb_object_agg(key, s.fields -> key), '{}') INTO replaced
        FROM jsonb_object_keys(changed) AS key WHERE s.fields ? key;
    INSERT INTO field_changes VALUES (gen_random_uuid(), story_id, who.id, changed, replaced, at, v);
    UPDATE stories SET fields = fields || changed, version = v,
        changed_since_approval = changed_since_approval OR state = 'approved'
        WHERE id = story_id;
    RETURN v;
END $$;

-- An update of a story's body document, as the laptop's editor made it. It always merges;
-- after an approval it marks the story changed since approval (the approved revision still
-- goes out).
CREATE FUNCTION push_body(change_id uuid, story_id uuid, body_update bytea, at timestamptz)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = desk, pg_temp AS $$
DECLARE
    who people := caller();
    s stories;
    v bigint;
BEGIN
    IF applied(change_id) THEN
        RETURN NULL;
    END IF;
    SELECT * INTO s FROM stories WHERE id = story_id FOR UPDATE;
    PERFORM check_may_write(s);
    v := tick();
    INSERT INTO applied_changes VALUES (change_id, who.id, v);
    INSERT INTO body_updates VALUES (change_id, story_id, who.id, body_update, at, v);
    UPDATE stories SET version = v,
        changed_since_approval = changed_since_approval OR state = 'approved'
        WHERE id = story_id;
    RETURN v;
END $$;

CREATE FUNCTION add_comment(change_id uuid, story_id uuid, parent_id uuid, text text,
                            passage text, anchor_start bytea, anchor_end bytea, at timestamptz)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = desk, pg_temp AS $$
DECLARE
    who people := caller();
    v bigint;
BEGIN
    IF applied(change_id) THEN
        RETURN NULL;
    END IF;
    IF NOT may_see(story_id) THEN
        PERFORM refuse('This story is not on the desk, or not yours to see.', '42501');
    END IF;
    v := tick();
    INSERT INTO applied_changes VALUES (change_id, who.id, v);
    IF parent_id IS NOT NULL
       AND NOT EXISTS (SELECT FROM comments c WHERE c.id = parent_id AND c.story = story_id) THEN
        PERFORM refuse('The comment it answers is not on this story.');
    END IF;
    INSERT INTO comments VALUES (change_id, story_id, parent_id, who.id, text,
                                 coalesce(passage, ''), anchor_start, anchor_end, at, v);
    RETURN v;
END $$;

-- A move through the workflow. An approval names the desk's version of the story the editor's
-- laptop last heard (`seen_version`) and the body's state vector it approved: when someone
-- else's edit reached the desk after that, the approval fails, so an editor approves exactly
-- what they read.
CREATE FUNCTION move_story(change_id uuid, story_id uuid, action text, note text,
                           seen_version bigint, state_vector bytea, at timestamptz)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = desk, pg_temp AS $$
DECLARE
    who people := caller();
    s stories;
    next_state_key text;
    v bigint;
BEGIN
    IF applied(change_id) THEN
        RETURN NULL;
    END IF;
    SELECT * INTO s FROM stories WHERE id = story_id FOR UPDATE;
    IF s.id IS NULL OR NOT may_see(story_id) THEN
        PERFORM refuse('This story is not on the desk, or not yours to see.', '42501');
    END IF;
    IF action IN ('submit', 'take_back') AND NOT (is_author(story_id) OR is_editor()) THEN
        PERFORM refuse('Only the story''s authors can submit it or take it back.', '42501');
    END IF;
    IF action NOT IN ('submit', 'take_back') AND NOT is_editor() THEN
        PERFORM refuse('Only an editor can ' || CASE action
                            WHEN 'review' THEN 'open a story for review'
                            WHEN 'request_changes' THEN 'send a story back'
                            WHEN 'approve' THEN 'approve a story'
                            WHEN 'publish' THEN 'publish a story'
                            WHEN 'kill' THEN 'kill a story'
                            WHEN 'reopen' THEN 'reopen a story'
                            ELSE 'move a story that way' END || '.', '42501');
    END IF;
    next_state_key := next_state(s.state, action, who.role, s.submitted_from);
    IF next_state_key IS NULL THEN
        PERFORM refuse('A story that is ' || replace(s.state, '_', ' ')
                       || ' cannot be ' || CASE action
                            WHEN 'submit' THEN 'submitted' WHEN 'take_back' THEN 'taken back'
                            WHEN 'review' THEN 'opened for review'
                            WHEN 'request_changes' THEN 'sent back'
                            WHEN 'approve' THEN 'approved' WHEN 'publish' THEN 'published'
                            WHEN 'kill' THEN 'killed' WHEN 'reopen' THEN 'reopened'
                            ELSE 'moved that way' END || '.');
    END IF;
    -- (The editor's own edits, sent just before the approval, are what they saw.)
    IF action = 'approve' AND (seen_version IS NULL OR EXISTS (
            SELECT FROM body_updates b
             WHERE b.story = story_id AND b.version > seen_version AND b.author <> who.id
            UNION ALL
            SELECT FROM field_changes f
             WHERE f.story = story_id AND f.version > seen_version AND f.author <> who.id)) THEN
        PERFORM refuse('The story changed on the desk after you last saw it: read the new version, then approve it.',
                       'NR409');
    END IF;
    v := tick();
    INSERT INTO applied_changes VALUES (change_id, who.id, v);
    INSERT INTO events VALUES (change_id, story_id, who.id, action, s.state, next_state_key,
                               coalesce(note, ''), at, v);
    UPDATE stories SET state = next_state_key, version = v,
        submitted_from = CASE WHEN action = 'submit' THEN s.state ELSE submitted_from END,
        shared_version = CASE WHEN action = 'submit' AND shared_version IS NULL THEN v
                              ELSE shared_version END,
        approved_state_vector = CASE WHEN action = 'approve' THEN state_vector
                                     ELSE approved_state_vector END,
        changed_since_approval = CASE WHEN action = 'approve' THEN false
                                      ELSE changed_since_approval END
        WHERE id = story_id;
    RETURN v;
END $$;

-- Adds a person: their own login role (with the SCRAM verifier the admin's laptop computed, so
-- the password itself never reaches the server) and their row. Admins only.
CREATE FUNCTION add_person(change_id uuid, person_id uuid, login text, name text, role text,
                           byline text, password_verifier text)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = desk, pg_temp AS $$
DECLARE
    who people := caller();
    v bigint;
BEGIN
    IF who.role <> 'admin' THEN
        PERFORM refuse('Only an admin can add people to the desk.', '42501');
    END IF;
    RETURN enrol(change_id, person_id, login, name, role, byline, password_verifier, who.id);
END $$;

-- The part of add_person that desk init also uses for the first admin (with no caller yet).
CREATE FUNCTION enrol(change_id uuid, person_id uuid, login text, name text, role text,
                      byline text, password_verifier text, added_by uuid)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = desk, pg_temp AS $$
DECLARE
    v bigint;
BEGIN
    IF applied(change_id) THEN
        RETURN NULL;
    END IF;
    IF login !~ '^__DESK___[a-z0-9_]{1,40}$' THEN
        PERFORM refuse('A desk login is the desk''s name, an underscore and lowercase letters, digits or underscores.');
    END IF;
    IF role NOT IN ('reporter', 'editor', 'admin') THEN
        PERFORM refuse('A person is a reporter, an editor or an admin.');
    END IF;
    IF password_verifier !~ '^SCRAM-SHA-256\$' THEN
        PERFORM refuse('A password reaches the desk only as a SCRAM-SHA-256 verifier.');
    END IF;
    IF EXISTS (SELECT FROM people p WHERE p.name = enrol.name OR p.login = enrol.login) THEN
        PERFORM refuse(format('%s is on the desk already.', name));
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = login) THEN
        PERFORM refuse(format('The login %s exists on this server already.', login));
    END IF;
    EXECUTE format('CREATE ROLE %I LOGIN CONNECTION LIMIT 8 PASSWORD %L IN ROLE %I',
                   login, password_verifier, '__DESK___people');
    v := tick();
    INSERT INTO people (id, login, name, role, byline, added_by, version)
        VALUES (person_id, login, name, role, coalesce(byline, ''), added_by, v);
    INSERT INTO applied_changes VALUES (change_id, person_id, v);
    RETURN v;
END $$;
REVOKE ALL ON FUNCTION enrol(uuid, uuid, text, text, text, text, text, uuid) FROM PUBLIC;

-- Every function of the desk: nobody's by default, the people's where it is an action.
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA desk FROM PUBLIC;
GRANT EXECUTE ON FUNCTION me(), my_role(), is_editor(), is_author(uuid), may_see(uuid),
    next_state(text, text, text, text),
    create_story(uuid, uuid, jsonb, timestamptz),
    add_author(uuid, uuid, uuid),
    save_fields(uuid, uuid, jsonb, timestamptz),
    push_body(uuid, uuid, bytea, timestamptz),
    add_comment(uuid, uuid, uuid, text, text, bytea, bytea, timestamptz),
    move_story(uuid, uuid, text, text, bigint, bytea, timestamptz),
    add_person(uuid, uuid, text, text, text, text, text)
    TO __DESK___people;

-- Which schema files this desk has applied, with their checksums (`desk init` upgrades forward
-- and refuses a desk newer than the app). Everyone may read it: the app says "this desk is
-- newer than the app" from it.
CREATE TABLE migrations (
    version integer PRIMARY KEY,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE migrations ENABLE ROW LEVEL SECURITY;
ALTER TABLE migrations FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON migrations TO __DESK___owner USING (true) WITH CHECK (true);
CREATE POLICY everyone_reads ON migrations FOR SELECT TO __DESK___people USING (true);
GRANT SELECT ON migrations TO __DESK___people;
