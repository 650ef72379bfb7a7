-- A laptop's round reads what was stamped after its cursor, table by table. Where a table had
-- no index on its stamp alone, each round read the whole table, and row-level security asked
-- may_see() of every row it read: a round that brought nothing cost 300 ms on a desk of 1,000
-- stories, and it grew with everything the desk had ever held. Each table a round reads by
-- its stamp has an index on it now; the laptops' queries name the stories new to the reader
-- as an array, so PostgreSQL filters by stamp (a comparison that leaks nothing) before it asks
-- may_see() of the few rows left.
SET LOCAL ROLE __DESK___owner;
SET LOCAL search_path = desk, pg_temp;

CREATE INDEX ON story_authors (version);
CREATE INDEX ON field_changes (version);
CREATE INDEX ON body_updates (version);
CREATE INDEX ON comments (version);
CREATE INDEX ON events (version);
CREATE INDEX ON author_removals (version);
CREATE INDEX ON posts (story);
CREATE INDEX ON outbox (story);
CREATE INDEX ON stories (shared_version);
