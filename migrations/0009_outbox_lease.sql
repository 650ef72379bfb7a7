-- 0009: an outbox entry being sent is leased to the connection sending it. Forward only.
--
-- Two processes on one data folder (the app and `newsroom outbox send`, or two windows) each
-- run a sender. An entry is claimed by writing the sender's id and an expiry in the same
-- UPDATE that makes it 'sending'; the sender renews the lease as it makes progress; only the
-- holder may finish it. A sender that crashed stops renewing, its lease runs out, and the
-- entry is taken again (the post is found by its slug, so no second post is made). Rows that
-- were 'sending' before this migration have no lease and count as expired.
ALTER TABLE outbox ADD COLUMN lease_owner TEXT;
ALTER TABLE outbox ADD COLUMN lease_expires_at TEXT;
