-- 0010: wrong passphrases are counted per profile, so guessing one slows down. Forward only.
--
-- After three wrong passphrases in a row, each further try waits longer (2 s, 4 s, 8 s …, at
-- most 5 minutes) before it is even checked; the right passphrase clears the count. Kept in the
-- database, so restarting the app or the command line does not reset it.
CREATE TABLE passphrase_failures (
    profile_id      TEXT PRIMARY KEY NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    failures        INTEGER NOT NULL,
    last_failure_at TEXT NOT NULL
);
