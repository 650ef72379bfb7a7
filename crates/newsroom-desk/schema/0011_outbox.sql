-- The outbox, shared: each editor's laptop puts what it has queued for the newsroom's
-- WordPress sites (waiting for the network, sending, failed with the site's words, needing a
-- person, sent, cancelled), and every laptop that may see the story shows it, so the desk knows
-- that Erik's push of a story waits on his laptop before the post exists. The push itself stays
-- that laptop's (its worker, its editor's WordPress login); the post is claimed and recorded
-- on the desk as before (0003). Folders are each laptop's own and are not listed.
SET LOCAL ROLE __DESK___owner;
SET LOCAL search_path = desk, pg_temp;

CREATE TABLE outbox (
    id uuid PRIMARY KEY,
    story uuid NOT NULL REFERENCES stories (id),
    site text NOT NULL CHECK (length(site) BETWEEN 1 AND 2000),
    queued_by uuid NOT NULL REFERENCES people (id),
    requested_status text NOT NULL CHECK (requested_status IN ('pending', 'publish')),
    state text NOT NULL
        CHECK (state IN ('waiting', 'sending', 'sent', 'failed', 'conflict', 'cancelled')),
    attempts integer NOT NULL CHECK (attempts >= 0),
    last_error text NOT NULL CHECK (length(last_error) <= 20000),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    version bigint NOT NULL
);
CREATE INDEX ON outbox (version);
ALTER TABLE outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON outbox TO __DESK___owner USING (true) WITH CHECK (true);
CREATE POLICY who_may_see ON outbox FOR SELECT TO __DESK___people USING (may_see(story));
GRANT SELECT ON outbox TO __DESK___people;

-- An editor's laptop puts one of its outbox entries (again, as it moves on). Only editors push,
-- only a story they see, and an entry is its editor's: nobody else puts it. An older copy than
-- the desk holds changes nothing.
CREATE FUNCTION put_outbox_entry(entry_id uuid, story_id uuid, site_key text,
                                 requested text, entry_state text, tries integer,
                                 error text, created timestamptz, updated timestamptz)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = desk, pg_temp AS $$
DECLARE
    who people := caller();
    held outbox;
    v bigint;
BEGIN
    IF NOT EXISTS (SELECT FROM stories WHERE id = story_id) OR NOT may_see(story_id) THEN
        PERFORM refuse('This story is not on the desk, or not yours to see.', '42501');
    END IF;
    IF NOT is_editor() THEN
        PERFORM refuse('Only editors send stories to the newsroom''s sites.', '42501');
    END IF;
    SELECT * INTO held FROM outbox o WHERE o.id = entry_id FOR UPDATE;
    IF held.id IS NOT NULL AND (held.queued_by <> who.id OR held.story <> story_id) THEN
        PERFORM refuse('That export is someone else''s.', '42501');
    END IF;
    IF held.id IS NOT NULL AND held.updated_at >= updated THEN
        RETURN NULL;
    END IF;
    v := tick();
    INSERT INTO outbox VALUES (entry_id, story_id, site_key, who.id, requested, entry_state,
                               tries, left(coalesce(error, ''), 20000), created, updated, v)
        ON CONFLICT (id) DO UPDATE SET state = excluded.state, attempts = excluded.attempts,
            last_error = excluded.last_error, updated_at = excluded.updated_at,
            version = excluded.version;
    RETURN v;
END $$;

REVOKE ALL ON FUNCTION put_outbox_entry(uuid, uuid, text, text, text, integer, text,
                                        timestamptz, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION put_outbox_entry(uuid, uuid, text, text, text, integer, text,
                                           timestamptz, timestamptz) TO __DESK___people;
