-- The tags: one vocabulary for the desk, changed by its editors (renamed, given an IPTC Media
-- Topic, merged away), so a tag renamed on one laptop is renamed on every other. Each tag is kept
-- by its slug, as the laptop's vocabulary file describes it (name, Media Topic); null once it
-- was merged into another. A story carries its tags by name among its fields, so a new tag
-- reaches the others with the first story tagged with it, whoever tagged it.
SET LOCAL ROLE __DESK___owner;
SET LOCAL search_path = desk, pg_temp;

CREATE TABLE tags (
    slug text PRIMARY KEY CHECK (length(slug) BETWEEN 1 AND 200),
    entry jsonb CHECK (entry IS NULL
                       OR (jsonb_typeof(entry) = 'object' AND octet_length(entry::text) <= 4096)),
    changed_by uuid NOT NULL REFERENCES people (id),
    version bigint NOT NULL
);
CREATE INDEX ON tags (version);
ALTER TABLE tags ENABLE ROW LEVEL SECURITY;
ALTER TABLE tags FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON tags TO __DESK___owner USING (true) WITH CHECK (true);
CREATE POLICY everyone_reads ON tags FOR SELECT TO __DESK___people USING (true);
GRANT SELECT ON tags TO __DESK___people;

-- An editor's (or admin's) change of one tag.
CREATE FUNCTION save_tag(change_id uuid, tag_slug text, tag jsonb)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = desk, pg_temp AS $$
DECLARE
    who people := caller();
    v bigint;
BEGIN
    IF applied(change_id) THEN
        RETURN NULL;
    END IF;
    IF NOT is_editor() THEN
        PERFORM refuse('Only an editor can change the tags.', '42501');
    END IF;
    IF tag IS NOT NULL AND (jsonb_typeof(tag) IS DISTINCT FROM 'object'
                            OR tag ->> 'slug' IS DISTINCT FROM tag_slug) THEN
        PERFORM refuse('A tag is one JSON object naming its own slug.');
    ELSIF octet_length(tag::text) > 4096 THEN
        PERFORM refuse('A tag''s description is longer than the desk keeps (4 KB).');
    END IF;
    v := tick();
    INSERT INTO applied_changes VALUES (change_id, who.id, v);
    INSERT INTO tags VALUES (tag_slug, tag, who.id, v)
        ON CONFLICT (slug) DO UPDATE SET entry = excluded.entry,
                                         changed_by = excluded.changed_by,
                                         version = excluded.version;
    RETURN v;
END $$;

REVOKE ALL ON FUNCTION save_tag(uuid, text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION save_tag(uuid, text, jsonb) TO __DESK___people;
