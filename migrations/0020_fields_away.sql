-- 0020: "changed while you were away" for a story's fields (headline, standfirst, byline,
-- editor's note, language), as 0013 has it for the text. Forward only.
--
-- What each person last saw of them (kept when they see the text), and who last changed each
-- field on another laptop, as the shared desk's history of the fields says.
CREATE TABLE fields_seen (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    person     TEXT NOT NULL,
    fields     TEXT NOT NULL,
    PRIMARY KEY (article_id, person)
);
CREATE TABLE field_authors (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    field      TEXT NOT NULL,
    author     TEXT NOT NULL,
    at         TEXT NOT NULL,
    PRIMARY KEY (article_id, field)
);
