-- A story's revisions, shared: each laptop puts the revisions its person made (created,
-- autosaved, saved, restored, changed from the command line) once they are settled, and every laptop that may see the story
-- lists them in its history, with who made them and when. The feed carries only their
-- summaries; a laptop reads a revision's text when its person opens the story (a desk of
-- thousands of stories would otherwise send every laptop every revision's text on joining).
-- A revision is its maker's: only they may put it again (an autosave grows until it settles).
SET LOCAL ROLE __DESK___owner;
SET LOCAL search_path = desk, pg_temp;

CREATE TABLE revisions (
    id uuid PRIMARY KEY,
    story uuid NOT NULL REFERENCES stories (id),
    author uuid NOT NULL REFERENCES people (id),
    kind text NOT NULL CHECK (kind IN ('created', 'autosave', 'checkpoint', 'restore', 'update')),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    headline text NOT NULL CHECK (length(headline) <= 20000),
    standfirst text NOT NULL CHECK (length(standfirst) <= 20000),
    body text NOT NULL CHECK (octet_length(body) <= 10485760),
    byline text NOT NULL CHECK (length(byline) <= 20000),
    editors_note text NOT NULL CHECK (length(editors_note) <= 20000),
    language text NOT NULL CHECK (length(language) <= 35),
    word_count integer NOT NULL CHECK (word_count >= 0),
    version bigint NOT NULL
);
CREATE INDEX ON revisions (story, version);
CREATE INDEX ON revisions (version);
ALTER TABLE revisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE revisions FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON revisions TO __DESK___owner USING (true) WITH CHECK (true);
CREATE POLICY who_may_see ON revisions FOR SELECT TO __DESK___people USING (may_see(story));
GRANT SELECT ON revisions TO __DESK___people;

-- Puts the caller's revision of a story (again, when an autosave grew): its authors may, and
-- editors who see it. An older copy of a revision than the desk holds changes nothing.
CREATE FUNCTION put_revision(revision_id uuid, story_id uuid, kind text,
                             created_at timestamptz, updated_at timestamptz, headline text,
                             standfirst text, body text, byline text, editors_note text,
                             language text, word_count integer)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = desk, pg_temp AS $$
DECLARE
    who people := caller();
    held revisions;
    v bigint;
BEGIN
    IF NOT EXISTS (SELECT FROM stories WHERE id = story_id) OR NOT may_see(story_id) THEN
        PERFORM refuse('This story is not on the desk, or not yours to see.', '42501');
    END IF;
    IF NOT (is_author(story_id) OR is_editor()) THEN
        PERFORM refuse('Only the story''s authors, or an editor, can add to its history.', '42501');
    END IF;
    SELECT * INTO held FROM revisions r WHERE r.id = revision_id FOR UPDATE;
    IF held.id IS NOT NULL AND (held.author <> who.id OR held.story <> story_id) THEN
        PERFORM refuse('That revision is someone else''s.', '42501');
    END IF;
    IF held.id IS NOT NULL AND held.updated_at >= put_revision.updated_at THEN
        RETURN NULL;
    END IF;
    v := tick();
    INSERT INTO revisions VALUES (revision_id, story_id, who.id, kind, created_at, updated_at,
                                  headline, standfirst, body, byline, editors_note, language,
                                  word_count, v)
        ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, updated_at = excluded.updated_at,
            headline = excluded.headline, standfirst = excluded.standfirst,
            body = excluded.body, byline = excluded.byline,
            editors_note = excluded.editors_note, language = excluded.language,
            word_count = excluded.word_count, version = excluded.version;
    RETURN v;
END $$;

REVOKE ALL ON FUNCTION put_revision(uuid, uuid, text, timestamptz, timestamptz, text, text, text,
                                    text, text, text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION put_revision(uuid, uuid, text, timestamptz, timestamptz, text, text,
                                       text, text, text, text, integer) TO __DESK___people;
