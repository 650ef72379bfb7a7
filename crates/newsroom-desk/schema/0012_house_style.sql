-- The house style and the newsroom's dictionary, shared: a rule an editor adds, changes or
-- removes on one laptop is the same on every other, and a name one reporter adds to the
-- dictionary is right for all. Each rule is kept by its id, as the laptop's house style file
-- describes it, with the reason the editor gave and who gave it (the desk writes the name):
-- {"rule": {...} or null once removed, "why": "...", "by": "..."}. Each word by its
-- lower-cased form: {"word": "...", "by": "..."}. Words are never taken away.
SET LOCAL ROLE __DESK___owner;
SET LOCAL search_path = desk, pg_temp;

CREATE TABLE style_rules (
    slug text PRIMARY KEY CHECK (length(slug) BETWEEN 1 AND 64),
    entry jsonb NOT NULL CHECK (jsonb_typeof(entry) = 'object'
                                AND octet_length(entry::text) <= 65536),
    changed_by uuid NOT NULL REFERENCES people (id),
    version bigint NOT NULL
);
CREATE INDEX ON style_rules (version);
ALTER TABLE style_rules ENABLE ROW LEVEL SECURITY;
ALTER TABLE style_rules FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON style_rules TO __DESK___owner USING (true) WITH CHECK (true);
CREATE POLICY everyone_reads ON style_rules FOR SELECT TO __DESK___people USING (true);
GRANT SELECT ON style_rules TO __DESK___people;

CREATE TABLE words (
    slug text PRIMARY KEY CHECK (length(slug) BETWEEN 1 AND 400),
    entry jsonb NOT NULL CHECK (jsonb_typeof(entry) = 'object'
                                AND octet_length(entry::text) <= 2048),
    changed_by uuid NOT NULL REFERENCES people (id),
    version bigint NOT NULL
);
CREATE INDEX ON words (version);
ALTER TABLE words ENABLE ROW LEVEL SECURITY;
ALTER TABLE words FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON words TO __DESK___owner USING (true) WITH CHECK (true);
CREATE POLICY everyone_reads ON words FOR SELECT TO __DESK___people USING (true);
GRANT SELECT ON words TO __DESK___people;

-- An editor's (or admin's) change of one rule. The rule itself is checked by the laptops that
-- take it (each compiles it and runs its examples, and leaves out one that fails).
CREATE FUNCTION save_style_rule(change_id uuid, rule_slug text, change jsonb)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = desk, pg_temp AS $$
DECLARE
    who people := caller();
    v bigint;
BEGIN
    IF applied(change_id) THEN
        RETURN NULL;
    END IF;
    IF NOT is_editor() THEN
        PERFORM refuse('Only an editor can change the house style.', '42501');
    END IF;
    IF change IS NULL OR jsonb_typeof(change) IS DISTINCT FROM 'object'
       OR jsonb_typeof(change -> 'rule') NOT IN ('object', 'null')
       OR (jsonb_typeof(change -> 'rule') = 'object' AND change -> 'rule' ->> 'id' IS DISTINCT FROM rule_slug)
       OR jsonb_typeof(change -> 'why') IS DISTINCT FROM 'string' THEN
        PERFORM refuse('A change of the house style is one rule (or null), naming its own id, and why.');
    ELSIF octet_length(change::text) > 65536 THEN
        PERFORM refuse('A rule is longer than the desk keeps (64 KB).');
    END IF;
    v := tick();
    INSERT INTO applied_changes VALUES (change_id, who.id, v);
    INSERT INTO style_rules
        VALUES (rule_slug, jsonb_set(change, '{by}', to_jsonb(who.name)), who.id, v)
        ON CONFLICT (slug) DO UPDATE SET entry = excluded.entry,
                                         changed_by = excluded.changed_by,
                                         version = excluded.version;
    RETURN v;
END $$;

REVOKE ALL ON FUNCTION save_style_rule(uuid, text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION save_style_rule(uuid, text, jsonb) TO __DESK___people;

-- Anyone's word for the newsroom's dictionary (as on a laptop: a reporter adds a name). A word
-- the desk has already is left as it is.
CREATE FUNCTION save_word(change_id uuid, word_slug text, word jsonb)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = desk, pg_temp AS $$
DECLARE
    who people := caller();
    v bigint;
BEGIN
    IF applied(change_id) THEN
        RETURN NULL;
    END IF;
    IF word IS NULL OR jsonb_typeof(word -> 'word') IS DISTINCT FROM 'string'
       OR lower(word ->> 'word') IS DISTINCT FROM word_slug
       OR length(word ->> 'word') NOT BETWEEN 1 AND 100
       OR (word ->> 'word') ~ '\s' THEN
        PERFORM refuse('A word for the dictionary is one word, named by its lower-cased form.');
    END IF;
    IF EXISTS (SELECT FROM words WHERE slug = word_slug) THEN
        RETURN NULL;
    END IF;
    v := tick();
    INSERT INTO applied_changes VALUES (change_id, who.id, v);
    INSERT INTO words VALUES (word_slug,
                              jsonb_build_object('word', word ->> 'word', 'by', who.name),
                              who.id, v);
    RETURN v;
END $$;

REVOKE ALL ON FUNCTION save_word(uuid, text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION save_word(uuid, text, jsonb) TO __DESK___people;
