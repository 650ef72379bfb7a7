-- Fetching a story's photos from the shared desk, with patience. A file the desk gave that
-- this laptop cannot take (not a photo its reader accepts, or another file than the story
-- names) will not get better by asking again: it is given up, and the story says so in words
-- until its sender attaches the photo again (a new file resets it). A file the desk would not
-- give is tried again later, each time later (next_try_at), not at every round.
ALTER TABLE desk_photo_fetches ADD COLUMN given_up INTEGER NOT NULL DEFAULT 0;
ALTER TABLE desk_photo_fetches ADD COLUMN next_try_at TEXT;
