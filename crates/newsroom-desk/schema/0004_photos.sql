-- Photos: each story's photos travel among its fields, one key per photo ("photo:<id>": its
-- file's sha256, its name, whether it leads the story, what journalists typed about it; null
-- once it was taken off the story), so two people attaching different photos at once both
-- keep theirs, and the later change of the same photo wins, as for every field. The files
-- themselves are kept here once each, by content address, and served only to people who may
-- see a story that uses them.
SET LOCAL ROLE __DESK___owner;
SET LOCAL search_path = desk, pg_temp;

CREATE TABLE photo_files (
    sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    bytes bytea NOT NULL CHECK (length(bytes) BETWEEN 1 AND 52428800),
    added_by uuid NOT NULL REFERENCES people (id),
    added_at timestamptz NOT NULL DEFAULT now()
);

-- Which stories name which files, kept from the stories' fields by a trigger: who may fetch a
-- file is decided by it.
CREATE TABLE story_photos (
    story uuid NOT NULL REFERENCES stories (id),
    sha256 text NOT NULL,
    PRIMARY KEY (story, sha256)
);
CREATE INDEX ON story_photos (sha256);

ALTER TABLE photo_files ENABLE ROW LEVEL SECURITY;
ALTER TABLE photo_files FORCE ROW LEVEL SECURITY;
ALTER TABLE story_photos ENABLE ROW LEVEL SECURITY;
ALTER TABLE story_photos FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON photo_files TO __DESK___owner USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON story_photos TO __DESK___owner USING (true) WITH CHECK (true);
CREATE POLICY who_may_see ON story_photos FOR SELECT TO __DESK___people USING (may_see(story));
GRANT SELECT ON story_photos TO __DESK___people;
-- Nobody reads photo_files itself: photo_file() serves a file to those who may see it.

CREATE FUNCTION index_story_photos() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = desk, pg_temp AS $$
BEGIN
    DELETE FROM story_photos WHERE story = NEW.id;
    INSERT INTO story_photos
        SELECT NEW.id, e.value ->> 'sha256'
          FROM jsonb_each(NEW.fields) AS e
         WHERE e.key LIKE 'photo:%' AND jsonb_typeof(e.value) = 'object'
           AND e.value ->> 'sha256' ~ '^[0-9a-f]{64}$'
        ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER index_story_photos AFTER INSERT OR UPDATE OF fields ON stories
    FOR EACH ROW EXECUTE FUNCTION index_story_photos();

-- Keeps a photo's file (once: the same bytes are the same file) and answers its sha256. Any
-- person of the desk may put one; a story names it only through its author's fields.
CREATE FUNCTION put_photo_file(file bytea) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = desk, pg_temp AS $$
DECLARE
    who people := caller();
    digest text;
BEGIN
    IF file IS NULL OR length(file) = 0 THEN
        PERFORM refuse('A photo file is empty.');
    ELSIF length(file) > 52428800 THEN
        PERFORM refuse('A photo file is larger than the desk keeps (50 MB).');
    END IF;
    digest := encode(sha256(file), 'hex');
    INSERT INTO photo_files (sha256, bytes, added_by) VALUES (digest, file, who.id)
        ON CONFLICT (sha256) DO NOTHING;
    RETURN digest;
END $$;

-- Which of these files the desk does not have yet (so a laptop sends only those).
CREATE FUNCTION photo_files_missing(wanted text[]) RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = desk, pg_temp AS $$
    SELECT coalesce(array_agg(w), '{}')
      FROM unnest(wanted) AS w
     WHERE (caller()).id IS NOT NULL
       AND NOT EXISTS (SELECT FROM photo_files f WHERE f.sha256 = w)
$$;

-- A photo's file, for a person who may see a story that uses it.
CREATE FUNCTION photo_file(wanted text) RETURNS bytea
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = desk, pg_temp AS $$
DECLARE
    who people := caller();
    file bytea;
BEGIN
    IF NOT EXISTS (SELECT FROM story_photos sp WHERE sp.sha256 = wanted AND may_see(sp.story)) THEN
        PERFORM refuse('This photo is not in a story you may see.', '42501');
    END IF;
    SELECT bytes INTO file FROM photo_files WHERE sha256 = wanted;
    IF file IS NULL THEN
        PERFORM refuse('This photo''s file has not reached the desk yet.');
    END IF;
    RETURN file;
END $$;

REVOKE ALL ON FUNCTION index_story_photos(), put_photo_file(bytea),
    photo_files_missing(text[]), photo_file(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION put_photo_file(bytea), photo_files_missing(text[]), photo_file(text)
    TO __DESK___people;

-- Stories already on the desk (a desk upgraded from version 3).
INSERT INTO story_photos
    SELECT s.id, e.value ->> 'sha256'
      FROM stories s, jsonb_each(s.fields) AS e
     WHERE e.key LIKE 'photo:%' AND jsonb_typeof(e.value) = 'object'
       AND e.value ->> 'sha256' ~ '^[0-9a-f]{64}$'
    ON CONFLICT DO NOTHING;
