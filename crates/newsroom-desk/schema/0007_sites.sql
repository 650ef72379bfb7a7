-- The newsroom's WordPress sites: one list for the desk, kept by its admins, so every editor's
-- laptop offers the same sites to send to. A site is its address (as site_key folds it) and the
-- name the desk calls it; removed ones stay, marked. The WordPress user and the application
-- password are each person's own, on their laptop (in its keychain), never here.
SET LOCAL ROLE __DESK___owner;
SET LOCAL search_path = desk, pg_temp;

CREATE TABLE sites (
    site text PRIMARY KEY CHECK (length(site) BETWEEN 1 AND 2000),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    removed boolean NOT NULL DEFAULT false,
    changed_by uuid NOT NULL REFERENCES people (id),
    version bigint NOT NULL
);
CREATE INDEX ON sites (version);
ALTER TABLE sites ENABLE ROW LEVEL SECURITY;
ALTER TABLE sites FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON sites TO __DESK___owner USING (true) WITH CHECK (true);
CREATE POLICY everyone_reads ON sites FOR SELECT TO __DESK___people USING (true);
GRANT SELECT ON sites TO __DESK___people;

-- An admin adds, renames or removes a site (as on the laptop, where only admins manage them).
CREATE FUNCTION save_site(change_id uuid, site_key text, site_name text, is_removed boolean)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = desk, pg_temp AS $$
DECLARE
    who people := caller();
    v bigint;
BEGIN
    IF applied(change_id) THEN
        RETURN NULL;
    END IF;
    IF who.role <> 'admin' THEN
        PERFORM refuse('Only an admin can change the sites the desk publishes to.', '42501');
    END IF;
    IF site_key !~ '^https?://[^\s/?#]+(/[^\s?#]*)?$' THEN
        PERFORM refuse('A site is a web address (https://news.example.com).');
    END IF;
    v := tick();
    INSERT INTO applied_changes VALUES (change_id, who.id, v);
    INSERT INTO sites VALUES (site_key, site_name, coalesce(is_removed, false), who.id, v)
        ON CONFLICT (site) DO UPDATE SET name = excluded.name, removed = excluded.removed,
                                         changed_by = excluded.changed_by,
                                         version = excluded.version;
    RETURN v;
END $$;

REVOKE ALL ON FUNCTION save_site(uuid, text, text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION save_site(uuid, text, text, boolean) TO __DESK___people;
