-- The section list: one list for the whole newsroom, changed by its editors, so a story filed
-- under a section means the same section on every laptop. Each section is kept by its slug (what
-- stories are filed by), as the laptop's vocabulary file describes it (name, parent's slug,
-- position, IPTC Media Topic, retired); null once it was deleted on a laptop. The later change
-- of a section in the desk's order wins.
SET LOCAL ROLE __DESK___owner;
SET LOCAL search_path = desk, pg_temp;

CREATE TABLE sections (
    slug text PRIMARY KEY CHECK (length(slug) BETWEEN 1 AND 200),
    entry jsonb CHECK (entry IS NULL
                       OR (jsonb_typeof(entry) = 'object' AND octet_length(entry::text) <= 4096)),
    changed_by uuid NOT NULL REFERENCES people (id),
    version bigint NOT NULL
);
CREATE INDEX ON sections (version);
ALTER TABLE sections ENABLE ROW LEVEL SECURITY;
ALTER TABLE sections FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON sections TO __DESK___owner USING (true) WITH CHECK (true);
CREATE POLICY everyone_reads ON sections FOR SELECT TO __DESK___people USING (true);
GRANT SELECT ON sections TO __DESK___people;

-- An editor's (or admin's) change of one section.
CREATE FUNCTION save_section(change_id uuid, section_slug text, section jsonb)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = desk, pg_temp AS $$
DECLARE
    who people := caller();
    v bigint;
BEGIN
    IF applied(change_id) THEN
        RETURN NULL;
    END IF;
    IF NOT is_editor() THEN
        PERFORM refuse('Only an editor can change the sections.', '42501');
    END IF;
    IF section IS NOT NULL AND (jsonb_typeof(section) IS DISTINCT FROM 'object'
                                OR section ->> 'slug' IS DISTINCT FROM section_slug) THEN
        PERFORM refuse('A section is one JSON object naming its own slug.');
    ELSIF octet_length(section::text) > 4096 THEN
        PERFORM refuse('A section''s description is longer than the desk keeps (4 KB).');
    END IF;
    v := tick();
    INSERT INTO applied_changes VALUES (change_id, who.id, v);
    INSERT INTO sections VALUES (section_slug, section, who.id, v)
        ON CONFLICT (slug) DO UPDATE SET entry = excluded.entry,
                                         changed_by = excluded.changed_by,
                                         version = excluded.version;
    RETURN v;
END $$;

REVOKE ALL ON FUNCTION save_section(uuid, text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION save_section(uuid, text, jsonb) TO __DESK___people;
