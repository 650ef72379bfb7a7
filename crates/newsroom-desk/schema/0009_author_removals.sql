-- Taking a colleague off a story's authors. The draft is then no longer theirs to see or
-- write (an editor still sees it once it was submitted). Their laptop must learn it, though
-- it may no longer see the story: each removal is kept, and the person removed may read their
-- own (nothing else of the story). The story's creator stays its author. Adding the person
-- again clears the removal.
SET LOCAL ROLE __DESK___owner;
SET LOCAL search_path = desk, pg_temp;

CREATE TABLE author_removals (
    story uuid NOT NULL REFERENCES stories (id),
    person uuid NOT NULL REFERENCES people (id),
    removed_by uuid NOT NULL REFERENCES people (id),
    version bigint NOT NULL,
    PRIMARY KEY (story, person)
);
CREATE INDEX ON author_removals (person, version);
ALTER TABLE author_removals ENABLE ROW LEVEL SECURITY;
ALTER TABLE author_removals FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON author_removals TO __DESK___owner USING (true) WITH CHECK (true);
CREATE POLICY own_or_visible ON author_removals FOR SELECT TO __DESK___people
    USING (person = (me()).id OR may_see(story));
GRANT SELECT ON author_removals TO __DESK___people;

-- An author (or an editor who sees the story) takes `colleague` off its authors.
CREATE FUNCTION remove_author(change_id uuid, story_id uuid, colleague uuid)
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
    IF s.id IS NULL OR NOT may_see(story_id) THEN
        PERFORM refuse('This story is not on the desk, or not yours to see.', '42501');
    END IF;
    IF NOT (is_author(story_id) OR is_editor()) THEN
        PERFORM refuse('Only the story''s authors or an editor can take an author off it.', '42501');
    END IF;
    IF colleague = s.created_by THEN
        PERFORM refuse('The person who started the story stays its author.');
    END IF;
    IF NOT EXISTS (SELECT FROM story_authors WHERE story = story_id AND person = colleague) THEN
        PERFORM refuse('That colleague is not an author of this story.');
    END IF;
    v := tick();
    INSERT INTO applied_changes VALUES (change_id, who.id, v);
    DELETE FROM story_authors WHERE story = story_id AND person = colleague;
    INSERT INTO author_removals VALUES (story_id, colleague, who.id, v)
        ON CONFLICT (story, person) DO UPDATE SET removed_by = excluded.removed_by,
            version = excluded.version;
    UPDATE stories SET version = v WHERE id = story_id;
    RETURN v;
END $$;

-- A colleague added again is an author again: their removal goes.
CREATE FUNCTION clear_removal() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = desk, pg_temp AS $$
BEGIN
    DELETE FROM author_removals WHERE story = NEW.story AND person = NEW.person;
    RETURN NEW;
END $$;
CREATE TRIGGER clear_removal AFTER INSERT OR UPDATE ON story_authors
    FOR EACH ROW EXECUTE FUNCTION clear_removal();

REVOKE ALL ON FUNCTION remove_author(uuid, uuid, uuid), clear_removal() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION remove_author(uuid, uuid, uuid) TO __DESK___people;
