-- What the newsroom's sites hold of each story, and who is writing it there now. A push to a
-- WordPress site is claimed here before the post is written: of two editors pushing the same
-- story to the same site at the same moment, one writes and the other waits, then updates the
-- same post. Every laptop hears the post's id, address and state through the feed.
--
-- A site is named by its address as `newsroom_core::outbox::site_key` folds it (lowercase
-- scheme and host, no trailing slash), so two laptops that each added "Main site" by hand
-- meet on the same row. The application passwords stay in each laptop's keychain.
SET LOCAL ROLE __DESK___owner;
SET LOCAL search_path = desk, pg_temp;

CREATE TABLE posts (
    story uuid NOT NULL REFERENCES stories (id),
    site text NOT NULL CHECK (length(site) BETWEEN 1 AND 2000),
    -- Fixed by the first claim: a retry after a lost answer finds the post by it.
    slug text NOT NULL CHECK (length(slug) BETWEEN 1 AND 400),
    -- The push writing it now: its holder, a token only the holder knows, and until when.
    claimed_by uuid REFERENCES people (id),
    claim_token uuid,
    claimed_until timestamptz,
    -- What the site answered to the last write.
    post_id bigint,
    modified_gmt text CHECK (length(modified_gmt) <= 100),
    link text NOT NULL DEFAULT '' CHECK (length(link) <= 2000),
    status text NOT NULL DEFAULT '' CHECK (length(status) <= 40),
    revision uuid,
    sent_by uuid REFERENCES people (id),
    sent_at timestamptz,
    version bigint NOT NULL,
    PRIMARY KEY (story, site)
);
CREATE INDEX ON posts (version);

ALTER TABLE posts ENABLE ROW LEVEL SECURITY;
ALTER TABLE posts FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON posts TO __DESK___owner USING (true) WITH CHECK (true);
-- The claim's token is the holder's secret: the people read the rest, for stories they see.
CREATE POLICY who_may_see ON posts FOR SELECT TO __DESK___people USING (may_see(story));
GRANT SELECT (story, site, slug, claimed_by, claimed_until, post_id, modified_gmt, link, status,
              revision, sent_by, sent_at, version) ON posts TO __DESK___people;

-- Takes the right to write story `story_id`'s post on `site_key` for `lease_seconds`, under
-- `token`. Editors only, for a story approved or published on the desk. Answers 'claimed'
-- (with what the site holds so far, for the push to update), 'held' (another push holds it:
-- `holder` is who), or 'not_approved' (the approval has not reached the desk yet: try again).
-- A claim whose lease ran out is taken over; a holder claiming again renews its own.
CREATE FUNCTION claim_post(story_id uuid, site_key text, proposed_slug text, token uuid,
                           lease_seconds integer)
RETURNS TABLE (outcome text, holder text, slug text, post_id bigint, modified_gmt text,
               link text, status text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = desk, pg_temp AS $$
#variable_conflict use_column
DECLARE
    who people := caller();
    s stories;
    p posts;
BEGIN
    IF NOT is_editor() THEN
        PERFORM refuse('Only an editor can send a story to the site.', '42501');
    END IF;
    SELECT * INTO s FROM stories WHERE id = story_id;
    IF s.id IS NULL OR NOT may_see(story_id) THEN
        PERFORM refuse('This story is not on the desk, or not yours to see.', '42501');
    END IF;
    IF s.state NOT IN ('approved', 'published') THEN
        RETURN QUERY SELECT 'not_approved'::text, NULL::text, NULL::text, NULL::bigint,
                            NULL::text, NULL::text, NULL::text;
        RETURN;
    END IF;
    IF lease_seconds NOT BETWEEN 10 AND 3600 THEN
        PERFORM refuse('A push holds a story for between ten seconds and an hour.');
    END IF;
    INSERT INTO posts (story, site, slug, version)
        VALUES (story_id, site_key, proposed_slug, (SELECT v FROM clock))
        ON CONFLICT ON CONSTRAINT posts_pkey DO NOTHING;
    SELECT * INTO p FROM posts WHERE story = story_id AND site = site_key FOR UPDATE;
    IF p.claim_token IS NOT NULL AND p.claim_token <> token AND p.claimed_until > now() THEN
        RETURN QUERY SELECT 'held'::text, (SELECT name FROM people WHERE id = p.claimed_by),
                            p.slug, p.post_id, p.modified_gmt, p.link, p.status;
        RETURN;
    END IF;
    UPDATE posts SET claimed_by = who.id, claim_token = token,
                     claimed_until = now() + make_interval(secs => lease_seconds)
        WHERE story = story_id AND site = site_key;
    RETURN QUERY SELECT 'claimed'::text, who.name, p.slug, p.post_id, p.modified_gmt, p.link,
                        p.status;
END $$;

-- Records what the site answered to the claim holder's write, for every laptop: stamped and
-- announced on the feed. A post the site published (or scheduled) publishes an approved story
-- on the desk in the same step, with `note` in its trail: of two editors who both pushed it,
-- the story is published once. Refused when the claim was taken over by another push (its
-- lease ran out): that push's answer stands. (The story's row is locked before the clock, as
-- move_story does, so the two never wait on each other.)
CREATE FUNCTION record_post(story_id uuid, site_key text, token uuid, new_post_id bigint,
                            new_modified_gmt text, new_link text, new_status text,
                            sent_revision uuid, note text, at timestamptz)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = desk, pg_temp AS $$
DECLARE
    who people := caller();
    s stories;
    p posts;
    v bigint;
BEGIN
    SELECT * INTO s FROM stories WHERE id = story_id FOR UPDATE;
    SELECT * INTO p FROM posts WHERE story = story_id AND site = site_key FOR UPDATE;
    IF p.story IS NULL OR p.claim_token IS DISTINCT FROM token
       OR p.claimed_by IS DISTINCT FROM who.id THEN
        PERFORM refuse('Another editor''s push of this story to the site took over from yours.');
    END IF;
    v := tick();
    UPDATE posts SET post_id = new_post_id, modified_gmt = new_modified_gmt, link = new_link,
                     status = new_status, revision = sent_revision, sent_by = who.id,
                     sent_at = at, version = v
        WHERE story = story_id AND site = site_key;
    IF new_status IN ('publish', 'future') AND s.state = 'approved' THEN
        INSERT INTO events VALUES (gen_random_uuid(), story_id, who.id, 'publish', 'approved',
                                   'published', left(coalesce(note, ''), 20000), at, v);
        UPDATE stories SET state = 'published', version = v WHERE id = story_id;
    END IF;
    RETURN v;
END $$;

-- Renews the holder's claim while a long upload runs; false when it was taken over.
CREATE FUNCTION renew_post_claim(story_id uuid, site_key text, token uuid, lease_seconds integer)
RETURNS boolean LANGUAGE sql SECURITY DEFINER SET search_path = desk, pg_temp AS $$
    UPDATE posts SET claimed_until = now() + make_interval(secs => least(greatest(lease_seconds, 10), 3600))
     WHERE story = story_id AND site = site_key AND claim_token = token
       AND claimed_by = (caller()).id
    RETURNING true
$$;

-- Ends the holder's claim (the push ended, however it ended).
CREATE FUNCTION release_post(story_id uuid, site_key text, token uuid)
RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = desk, pg_temp AS $$
    UPDATE posts SET claimed_by = NULL, claim_token = NULL, claimed_until = NULL
     WHERE story = story_id AND site = site_key AND claim_token = token
       AND claimed_by = (caller()).id
$$;

REVOKE ALL ON FUNCTION claim_post(uuid, text, text, uuid, integer),
    record_post(uuid, text, uuid, bigint, text, text, text, uuid, text, timestamptz),
    renew_post_claim(uuid, text, uuid, integer), release_post(uuid, text, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claim_post(uuid, text, text, uuid, integer),
    record_post(uuid, text, uuid, bigint, text, text, text, uuid, text, timestamptz),
    renew_post_claim(uuid, text, uuid, integer), release_post(uuid, text, uuid)
    TO __DESK___people;
