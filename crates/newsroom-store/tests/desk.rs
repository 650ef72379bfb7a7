//! The store against a real SQLite file in a temporary folder: what a journalist relies on.

mod support;

use chrono::{DateTime, TimeDelta, Utc};
use newsroom_core::{ArticleContent, ArticlePatch, DiffTag, RevisionKind};
use newsroom_store::{maintenance, ListFilter, Store, StoreError, DATABASE_FILE};

fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_764_000_000, 0).unwrap_or_default() + TimeDelta::seconds(seconds)
}

fn content(headline: &str, body: &str) -> ArticleContent {
    ArticleContent {
        headline: headline.into(),
        body: body.into(),
        ..ArticleContent::default()
    }
}

fn open(dir: &tempfile::TempDir) -> Store {
    support::as_admin(Store::open(dir.path()).expect("open store"))
}

#[test]
fn a_saved_article_is_there_after_reopening() {
    let dir = tempfile::tempdir().expect("tempdir");
    let id = {
        let mut store = open(&dir);
        let article = store
            .create_article(&ArticleContent::default(), "ana", at(0))
            .expect("create");
        let receipt = store
            .save_article(
                article.id,
                article.version,
                &content(
                    "Ukraine: First North Korean soldiers in combat",
                    "Russia's president does not deny it.",
                ),
                RevisionKind::Autosave,
                "ana",
                at(1),
            )
            .expect("save");
        assert_eq!(receipt.version, 2);
        assert_eq!(receipt.word_count, 6);
        article.id
    };
    let store = open(&dir);
    let article = store.article(id).expect("read");
    assert_eq!(
        article.content.headline,
        "Ukraine: First North Korean soldiers in combat"
    );
    assert_eq!(article.word_count, 6);
    assert_eq!(article.updated_at, at(1));
}

#[test]
fn the_list_is_newest_change_first_and_skips_the_trash() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(&dir);
    let older = store
        .create_article(&content("Older", ""), "ana", at(0))
        .expect("create");
    let newer = store
        .create_article(&content("Newer", ""), "ana", at(1))
        .expect("create");
    store
        .save_article(
            older.id,
            1,
            &content("Older, edited last", "x"),
            RevisionKind::Autosave,
            "ana",
            at(2),
        )
        .expect("save");
    let headlines: Vec<String> = store
        .list_articles(&ListFilter::default(), 50, 0)
        .expect("list")
        .into_iter()
        .map(|a| a.headline)
        .collect();
    assert_eq!(headlines, ["Older, edited last", "Newer"]);

    store.trash_article(newer.id, at(3)).expect("trash");
    assert_eq!(
        store
            .list_articles(&ListFilter::default(), 50, 0)
            .expect("list")
            .len(),
        1
    );
    assert_eq!(store.list_trash().expect("trash list")[0].id, newer.id);
    store.restore_from_trash(newer.id).expect("restore");
    assert_eq!(
        store
            .list_articles(&ListFilter::default(), 50, 0)
            .expect("list")
            .len(),
        2
    );

    store.trash_article(newer.id, at(4)).expect("trash");
    assert_eq!(store.empty_trash().expect("empty"), 1);
    assert!(matches!(
        store.article(newer.id),
        Err(StoreError::NotFound { .. })
    ));
    assert!(store.list_trash().expect("trash list").is_empty());
}

#[test]
fn a_save_based_on_an_old_version_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(&dir);
    let article = store
        .create_article(&content("Start", ""), "ana", at(0))
        .expect("create");
    store
        .save_article(
            article.id,
            1,
            &content("Window one", ""),
            RevisionKind::Autosave,
            "ana",
            at(1),
        )
        .expect("first window saves");
    let stale = store.save_article(
        article.id,
        1,
        &content("Window two", ""),
        RevisionKind::Autosave,
        "ana",
        at(2),
    );
    assert!(
        matches!(
            stale,
            Err(StoreError::Conflict {
                expected: 1,
                current: 2
            })
        ),
        "{stale:?}"
    );
    assert_eq!(
        store.article(article.id).expect("read").content.headline,
        "Window one"
    );
}

#[test]
fn typing_coalesces_into_one_revision_for_three_minutes_and_ctrl_s_keeps_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(&dir);
    let article = store
        .create_article(&ArticleContent::default(), "ana", at(0))
        .expect("create");
    let mut version = article.version;
    let mut save = |store: &mut Store, body: &str, kind, seconds| {
        version = store
            .save_article(
                article.id,
                version,
                &content("H", body),
                kind,
                "ana",
                at(seconds),
            )
            .expect("save")
            .version;
    };
    save(&mut store, "one", RevisionKind::Autosave, 10);
    save(&mut store, "one two", RevisionKind::Autosave, 60);
    save(&mut store, "one two three", RevisionKind::Autosave, 150);
    assert_eq!(
        store.revisions(article.id).expect("history").len(),
        2,
        "created + one autosave revision"
    );
    save(
        &mut store,
        "one two three four",
        RevisionKind::Autosave,
        200,
    );
    assert_eq!(
        store.revisions(article.id).expect("history").len(),
        3,
        "a new revision after three minutes"
    );
    save(
        &mut store,
        "one two three four five",
        RevisionKind::Checkpoint,
        201,
    );
    let history = store.revisions(article.id).expect("history");
    assert_eq!(history.len(), 4);
    assert_eq!(history[0].kind, RevisionKind::Checkpoint);
    assert_eq!(history[0].word_count, 5);
    assert_eq!(history[1].word_count, 4);
    assert_eq!(
        history[2].word_count, 3,
        "the coalesced revision holds its last text"
    );
}

#[test]
fn restoring_a_revision_keeps_the_text_it_replaces() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(&dir);
    let article = store
        .create_article(&content("First headline", "First body"), "ana", at(0))
        .expect("create");
    let saved = store
        .save_article(
            article.id,
            1,
            &content("Second headline", "Second body"),
            RevisionKind::Checkpoint,
            "ana",
            at(10),
        )
        .expect("save");
    let first = store
        .revisions(article.id)
        .expect("history")
        .into_iter()
        .find(|r| r.kind == RevisionKind::Created)
        .expect("created revision");

    let diff = store.diff_revision(first.id).expect("diff");
    let deleted: String = diff
        .iter()
        .filter(|s| s.tag == DiffTag::Delete)
        .map(|s| s.text.as_str())
        .collect();
    assert!(deleted.contains("First"), "{diff:?}");

    let restored = store
        .restore_revision(first.id, saved.version, "bo", at(20))
        .expect("restore");
    let current = store.article(article.id).expect("read");
    assert_eq!(current.content.headline, "First headline");
    assert_eq!(current.version, restored.version);
    let history = store.revisions(article.id).expect("history");
    assert_eq!(history.len(), 3);
    assert_eq!(history[0].kind, RevisionKind::Restore);
    assert_eq!(history[0].author, "bo");
    assert_eq!(
        history[1].headline, "Second headline",
        "the replaced text is still in the history"
    );
}

#[test]
fn search_finds_words_in_any_field_ignoring_case_and_accents() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(&dir);
    let article = store
        .create_article(
            &content(
                "Tennis legend's trophies stolen",
                "The thieves struck in Malmö on Sunday night.",
            ),
            "ana",
            at(0),
        )
        .expect("create");
    store
        .create_article(
            &content("SpaceX lost spacecraft", "Nothing about Sweden."),
            "ana",
            at(1),
        )
        .expect("create");

    let hits = store.search("malmo", 20).expect("search");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].id, article.id);
    let matched: Vec<&str> = hits[0]
        .snippet
        .iter()
        .filter(|p| p.matched)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(matched, ["Malmö"]);

    assert_eq!(
        store.search("troph", 20).expect("prefix search")[0].id,
        article.id,
        "as you type"
    );
    assert!(store
        .search("\"unbalanced OR", 20)
        .expect("odd input is plain text")
        .is_empty());

    store
        .save_article(
            article.id,
            1,
            &content("Tennis legend's trophies stolen", "Found again in Lund."),
            RevisionKind::Autosave,
            "ana",
            at(2),
        )
        .expect("save");
    assert!(
        store.search("malmo", 20).expect("search").is_empty(),
        "the index follows saves"
    );
    store.trash_article(article.id, at(3)).expect("trash");
    assert!(
        store.search("lund", 20).expect("search").is_empty(),
        "trashed articles are not found"
    );
}

/// FTS5's own check that its index holds exactly what the stories say (rank 1: against the
/// external content, not only itself).
fn search_index_is_whole(store: &Store) -> bool {
    let conn = rusqlite::Connection::open(store.path()).expect("open");
    conn.execute(
        "INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)",
        [],
    )
    .is_ok()
}

#[test]
fn the_search_index_catches_up_before_a_search_and_when_the_story_is_left() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(&dir);
    let story = store
        .create_article(&content("Floods", "Rain fell on Malmö."), "ana", at(0))
        .expect("create");
    let other = store
        .create_article(&content("Storm", "Wind in Lund."), "ana", at(1))
        .expect("create");
    // Saves while typing: the index is left behind, and says so.
    let mut version = story.version;
    for (second, body) in [(2, "Rain fell on Ystad."), (3, "Rain fell on Kalmar.")] {
        version = store
            .save_article(
                story.id,
                version,
                &content("Floods", body),
                RevisionKind::Autosave,
                "ana",
                at(second),
            )
            .expect("save")
            .version;
    }
    store
        .save_article(
            other.id,
            other.version,
            &content("Storm", "Wind in Visby."),
            RevisionKind::Autosave,
            "ana",
            at(4),
        )
        .expect("save");
    assert!(!search_index_is_whole(&store), "behind until a search");

    // A search finds what the stories say now, and not what they said.
    assert_eq!(store.search("kalmar", 20).expect("search")[0].id, story.id);
    assert!(store.search("ystad", 20).expect("search").is_empty());
    assert!(store.search("malmo", 20).expect("search").is_empty());
    assert_eq!(store.search("visby", 20).expect("search")[0].id, other.id);
    assert!(search_index_is_whole(&store));

    // Leaving a story brings its index up to date without a search.
    store
        .save_article(
            story.id,
            version,
            &content("Floods", "Rain fell on Gävle."),
            RevisionKind::Autosave,
            "ana",
            at(5),
        )
        .expect("save");
    store.mark_body_seen(story.id, "ana", at(6)).expect("left");
    assert!(search_index_is_whole(&store));

    // A story deleted for good while its index is behind leaves nothing behind in it.
    store
        .save_article(
            other.id,
            other.version + 1,
            &content("Storm", "Wind in Borås."),
            RevisionKind::Autosave,
            "ana",
            at(7),
        )
        .expect("save");
    store.trash_article(other.id, at(8)).expect("trash");
    store.empty_trash().expect("emptied");
    assert!(search_index_is_whole(&store));
    assert!(store.search("boras", 20).expect("search").is_empty());
    assert_eq!(store.search("gavle", 20).expect("search")[0].id, story.id);
}

#[test]
fn duplicate_and_command_line_update_make_revisions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(&dir);
    let article = store
        .create_article(&content("Original", "Body"), "ana", at(0))
        .expect("create");
    let copy = store
        .duplicate_article(article.id, "ana", at(1))
        .expect("duplicate");
    assert_eq!(copy.content.headline, "Original (copy)");
    assert_eq!(copy.content.body, "Body");
    assert_ne!(copy.id, article.id);

    let patch = ArticlePatch {
        byline: Some("TT".into()),
        ..ArticlePatch::default()
    };
    let updated = store
        .update_article(article.id, patch, "cli", at(2))
        .expect("update");
    assert_eq!(updated.content.byline, "TT");
    assert_eq!(updated.content.headline, "Original");
    assert_eq!(
        store.revisions(article.id).expect("history")[0].kind,
        RevisionKind::Update
    );
}

#[test]
fn an_unchanged_autosave_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(&dir);
    let article = store
        .create_article(&content("Same", ""), "ana", at(0))
        .expect("create");
    let receipt = store
        .save_article(
            article.id,
            1,
            &content("Same", ""),
            RevisionKind::Autosave,
            "ana",
            at(5),
        )
        .expect("save");
    assert_eq!(receipt.version, 1);
    assert_eq!(receipt.updated_at, at(0));
}

#[test]
fn bad_input_is_refused_with_the_field_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(&dir);
    let article = store
        .create_article(&ArticleContent::default(), "ana", at(0))
        .expect("create");
    let bad = ArticleContent {
        language: "english".into(),
        ..ArticleContent::default()
    };
    let err = store
        .save_article(article.id, 1, &bad, RevisionKind::Autosave, "ana", at(1))
        .expect_err("refused");
    assert!(
        err.to_string()
            .contains("\"english\" is not a language code"),
        "{err}"
    );
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    drop(open(&dir));
    let path = dir.path().join(DATABASE_FILE);
    {
        let conn = rusqlite::Connection::open(&path).expect("raw open");
        conn.pragma_update(None, "user_version", 99)
            .expect("set version");
        conn.pragma_update(None, "journal_mode", "DELETE")
            .expect("checkpoint");
    }
    let before = std::fs::read(&path).expect("read file");
    let err = Store::open(dir.path()).err().expect("refused");
    assert!(
        matches!(
            err,
            StoreError::NewerSchema {
                found: 99,
                supported
            } if supported == migration_files()
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("newer version of Newsroom"));
    assert_eq!(
        std::fs::read(&path).expect("read file"),
        before,
        "not a byte changed"
    );
}

#[test]
fn a_damaged_file_is_refused_left_untouched_and_explained_by_the_doctor() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(DATABASE_FILE);
    let garbage = b"This is not a database, it is a photo caption saved by mistake.".repeat(200);
    std::fs::write(&path, &garbage).expect("write garbage");
    let err = Store::open(dir.path()).err().expect("refused");
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    assert!(err
        .to_string()
        .contains("damaged or is not a Newsroom database"));
    assert_eq!(std::fs::read(&path).expect("read"), garbage);
    assert!(matches!(
        maintenance::doctor(dir.path()),
        Err(StoreError::Corrupt { .. })
    ));
}

#[test]
fn doctor_counts_and_backup_copies_a_consistent_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(&dir);
    let kept = store
        .create_article(&content("Kept", "Body text"), "ana", at(0))
        .expect("create");
    let trashed = store
        .create_article(&content("Trashed", ""), "ana", at(1))
        .expect("create");
    store.trash_article(trashed.id, at(2)).expect("trash");

    let report = maintenance::doctor(dir.path()).expect("doctor");
    assert!(report.is_healthy());
    assert_eq!(
        (report.articles, report.in_trash, report.revisions),
        (1, 1, 2)
    );
    assert_eq!(report.schema_version, migration_files());

    let backup_dir = tempfile::tempdir().expect("tempdir");
    store
        .backup_to(&backup_dir.path().join(DATABASE_FILE))
        .expect("backup");
    let copy = Store::open(backup_dir.path()).expect("open backup");
    assert_eq!(
        copy.article(kept.id).expect("in backup").content.body,
        "Body text"
    );
}

#[test]
fn search_lists_the_newest_match_first_and_the_trash_never_crowds_out_live_articles() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(&dir);
    let older = store
        .create_article(
            &content(
                "Trade talks",
                "Morocco and Spain resume trade talks; Morocco says it is hopeful.",
            ),
            "ana",
            at(0),
        )
        .expect("create");
    let newer = store
        .create_article(&content("Morocco wins", "A match report."), "ana", at(1))
        .expect("create");
    let hits = store.search("morocco", 10).expect("search");
    let ids: Vec<_> = hits.iter().map(|h| h.id).collect();
    assert_eq!(ids, [newer.id, older.id], "newest first");

    for i in 0..3 {
        let trashed = store
            .create_article(
                &content("Morocco Morocco Morocco", "Morocco"),
                "ana",
                at(2 + i),
            )
            .expect("create");
        store.trash_article(trashed.id, at(10)).expect("trash");
    }
    let top = store.search("morocco", 1).expect("search");
    assert_eq!(
        top.len(),
        1,
        "the trashed better matches do not use up the limit"
    );
    assert_eq!(top[0].id, newer.id);
}

/// How many migrations the repository has: the schema version a fresh database reaches.
fn migration_files() -> i64 {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../migrations");
    let count = std::fs::read_dir(dir)
        .expect("migrations folder")
        .filter(|entry| {
            entry
                .as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "sql"))
        })
        .count();
    i64::try_from(count).unwrap_or(0)
}
