//! The body as a shared document, in the store: edits from two copies merge, whole-text
//! changes from outside the editor are the smallest edit, and nothing refused is half-stored.

mod support;

use chrono::{DateTime, TimeDelta, Utc};
use newsroom_body::BodyDoc;
use newsroom_core::{ArticleContent, ArticlePatch, RevisionKind};
use newsroom_store::{Store, StoreError};

const STORY: &str = "Seoul (TT) – North Korean soldiers crossed the line.\n\n\
Kim Jong-un was not seen.\n\nThe talks in Malmö go on.";

fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_764_000_000, 0).unwrap_or_default() + TimeDelta::seconds(seconds)
}

fn open(dir: &tempfile::TempDir) -> Store {
    support::as_admin(Store::open(dir.path()).expect("open store"))
}

fn story(store: &mut Store) -> uuid::Uuid {
    let content = ArticleContent {
        headline: "Soldiers cross".into(),
        body: STORY.into(),
        ..ArticleContent::default()
    };
    store
        .create_article(&content, "ana", at(0))
        .expect("create")
        .id
}

/// The editor's copy of the story, as a window opening it holds it.
fn editor_copy(store: &Store, id: uuid::Uuid) -> BodyDoc {
    BodyDoc::load([store.body_document(id).expect("document").as_slice()]).expect("loads")
}

#[test]
fn an_editors_change_and_a_command_line_update_made_meanwhile_both_land() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(&dir);
    let id = story(&mut store);

    // The reporter's window holds the story and rewrites the third paragraph...
    let mut window = editor_copy(&store, id);
    let in_the_window = window
        .set_text(&STORY.replace("go on.", "go on into the night."))
        .expect("changed");
    // ...while the editor fixes a name in the first from the command line.
    store
        .update_article(
            id,
            ArticlePatch {
                body: Some(STORY.replace("North Korean", "North-Korean")),
                ..ArticlePatch::default()
            },
            "eva",
            at(5),
        )
        .expect("update");
    store
        .apply_body_change(id, &in_the_window, RevisionKind::Autosave, "ana", at(6))
        .expect("the window's change merges");

    let merged = STORY
        .replace("North Korean", "North-Korean")
        .replace("go on.", "go on into the night.");
    assert_eq!(store.article(id).expect("read").content.body, merged);
    // And the window, catching up, reads the same.
    let missing = store
        .body_changes_since(id, &window.state_vector())
        .expect("changes since");
    window.apply(&missing).expect("applies");
    assert_eq!(window.text(), merged);
}

#[test]
fn a_change_sent_twice_is_saved_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(&dir);
    let id = story(&mut store);
    let mut window = editor_copy(&store, id);
    let change = window.set_text("Short now.").expect("changed");
    let first = store
        .apply_body_change(id, &change, RevisionKind::Autosave, "ana", at(1))
        .expect("applies");
    let retried = store
        .apply_body_change(id, &change, RevisionKind::Autosave, "ana", at(2))
        .expect("a retry after a lost answer");
    assert_eq!(retried.version, first.version, "the retry changed nothing");
    assert_eq!(store.article(id).expect("read").content.body, "Short now.");
}

#[test]
fn a_change_that_cannot_be_read_is_refused_and_nothing_is_stored() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(&dir);
    let id = story(&mut store);
    let before = store.article(id).expect("read");
    let snapshot = store.body_snapshot(id).expect("snapshot");

    let mut window = editor_copy(&store, id);
    let mut change = window.set_text("Changed.").expect("changed");
    change.truncate(change.len() / 2);
    for refused in [&b"\x80\x84\xaf\x5f\x00"[..], &change, b""] {
        let err = store
            .apply_body_change(id, refused, RevisionKind::Autosave, "ana", at(3))
            .expect_err("refused");
        assert!(matches!(err, StoreError::Body(_)), "{err:?}");
        assert!(err.to_string().contains("not saved"), "{err}");
    }
    let after = store.article(id).expect("read");
    assert_eq!(after.content.body, before.content.body);
    assert_eq!(after.version, before.version);
    assert_eq!(store.body_snapshot(id).expect("snapshot"), snapshot);
}

#[test]
fn restoring_an_old_revision_is_an_edit_that_merges_with_a_copy_made_before() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(&dir);
    let id = story(&mut store);
    let first_revision = store.revisions(id).expect("revisions")[0].id;
    let article = store.article(id).expect("read");
    store
        .save_article(
            id,
            article.version,
            &ArticleContent {
                body: STORY.replace("Kim Jong-un was not seen.", "A mistake."),
                ..article.content
            },
            RevisionKind::Checkpoint,
            "ana",
            at(1),
        )
        .expect("save");
    // A copy taken now (the editor's window) fixes the place name.
    let mut window = editor_copy(&store, id);
    let fix = window
        .set_text(
            &STORY
                .replace("Kim Jong-un was not seen.", "A mistake.")
                .replace("Malmö", "Malmö, Sweden,"),
        )
        .expect("changed");

    let version = store.article(id).expect("read").version;
    store
        .restore_revision(first_revision, version, "ana", at(2))
        .expect("restore");
    store
        .apply_body_change(id, &fix, RevisionKind::Autosave, "eva", at(3))
        .expect("merges");
    assert_eq!(
        store.article(id).expect("read").content.body,
        STORY.replace("Malmö", "Malmö, Sweden,"),
        "the restore and the fix made meanwhile both hold"
    );
}

#[test]
fn a_long_day_of_saves_is_folded_and_reads_back_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut text = STORY.to_owned();
    let id = {
        let mut store = open(&dir);
        let id = story(&mut store);
        let mut version = store.article(id).expect("read").version;
        for n in 0..600 {
            text.push_str(&format!(" word{n}"));
            version = store
                .save_article(
                    id,
                    version,
                    &ArticleContent {
                        headline: "Soldiers cross".into(),
                        body: text.clone(),
                        ..ArticleContent::default()
                    },
                    RevisionKind::Autosave,
                    "ana",
                    at(n),
                )
                .expect("save")
                .version;
        }
        id
    };
    let store = open(&dir);
    assert_eq!(store.article(id).expect("read").content.body, text);
    assert_eq!(editor_copy(&store, id).text(), text);
    let conn = rusqlite::Connection::open(store.path()).expect("open");
    let kept: i64 = conn
        .query_row("SELECT count(*) FROM body_changes", [], |row| row.get(0))
        .expect("count");
    assert!(kept < 256, "{kept} changes kept one by one after 600 saves");
}

#[test]
fn line_breaks_from_outside_are_stored_as_the_editor_keeps_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(&dir);
    let content = ArticleContent {
        body: "one\r\ntwo\r\n".into(),
        ..ArticleContent::default()
    };
    let id = store
        .create_article(&content, "ana", at(0))
        .expect("create")
        .id;
    assert_eq!(store.article(id).expect("read").content.body, "one\ntwo\n");
    assert_eq!(editor_copy(&store, id).text(), "one\ntwo\n");
}

#[test]
fn a_change_stored_by_another_program_between_two_saves_is_not_lost() {
    // The app keeps a story's document open between saves; the command line, another
    // program on the same folder, writes the story in between.
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = open(&dir);
    let id = story(&mut app);
    let mut window = editor_copy(&app, id);
    let first = window.set_text(&format!("{STORY} One.")).expect("changed");
    app.apply_body_change(id, &first, RevisionKind::Autosave, "ana", at(1))
        .expect("saves");

    let mut command_line = open(&dir);
    command_line
        .update_article(
            id,
            ArticlePatch {
                body: Some(format!("Breaking: {STORY} One.")),
                ..ArticlePatch::default()
            },
            "eva",
            at(2),
        )
        .expect("update");

    let second = window
        .set_text(&format!("{STORY} One. Two."))
        .expect("changed");
    app.apply_body_change(id, &second, RevisionKind::Autosave, "ana", at(3))
        .expect("saves");
    assert_eq!(
        app.article(id).expect("read").content.body,
        format!("Breaking: {STORY} One. Two.")
    );
    // And a whole-text save from the app builds on the command line's change too.
    let article = app.article(id).expect("read");
    app.save_article(
        id,
        article.version,
        &ArticleContent {
            body: format!("{} Three.", article.content.body),
            ..article.content
        },
        RevisionKind::Autosave,
        "ana",
        at(4),
    )
    .expect("saves");
    let reopened = open(&dir);
    assert_eq!(
        editor_copy(&reopened, id).text(),
        format!("Breaking: {STORY} One. Two. Three.")
    );
}

#[test]
fn fields_saved_apart_from_the_body_merge_with_other_changes_and_clash_only_on_the_same_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(&dir);
    let id = story(&mut store);
    let base = store.article(id).expect("read").content.fields();

    // Elsewhere: a new headline, and a line added to the body.
    store
        .update_article(
            id,
            ArticlePatch {
                headline: Some("Soldiers cross the line".into()),
                body: Some(format!("{STORY}\n\nMore.")),
                ..ArticlePatch::default()
            },
            "eva",
            at(1),
        )
        .expect("update");
    // Here: the standfirst, from the fields the editor opened with.
    let mine = newsroom_core::ArticleFields {
        standfirst: "The first confirmed crossing.".into(),
        ..base.clone()
    };
    store
        .save_fields(id, &base, &mine, RevisionKind::Autosave, "ana", at(2))
        .expect("merges");
    let article = store.article(id).expect("read").content;
    assert_eq!(article.headline, "Soldiers cross the line");
    assert_eq!(article.standfirst, "The first confirmed crossing.");
    assert_eq!(
        article.body,
        format!("{STORY}\n\nMore."),
        "the body is left as stored"
    );

    // Both changed the headline: the journalist decides.
    let clash = newsroom_core::ArticleFields {
        headline: "My headline".into(),
        ..mine.clone()
    };
    let err = store
        .save_fields(id, &mine, &clash, RevisionKind::Autosave, "ana", at(3))
        .expect_err("a clash");
    assert!(
        err.to_string()
            .starts_with("The headline was changed elsewhere"),
        "{err}"
    );
}

#[test]
fn what_others_changed_since_i_last_saw_the_story_until_i_have_seen_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(&dir);
    let id = story(&mut store);
    assert_eq!(
        store.changed_while_away(id, "ana").expect("away"),
        None,
        "never seen"
    );
    store.mark_body_seen(id, "ana", at(1)).expect("seen");

    // Ana's own edit is not news to her; she leaves the story (seen as she left it).
    let mut window = editor_copy(&store, id);
    let mine = window.set_text(&format!("{STORY} Mine.")).expect("changed");
    store
        .apply_body_change(id, &mine, RevisionKind::Autosave, "ana", at(2))
        .expect("saves");
    assert_eq!(store.changed_while_away(id, "ana").expect("away"), None);
    store
        .mark_body_seen(id, "ana", at(2))
        .expect("seen on leaving");

    // Eva rewrites a sentence while Ana is away.
    store
        .update_article(
            id,
            ArticlePatch {
                body: Some(format!("{STORY} Mine.").replace("was not seen", "appeared")),
                ..ArticlePatch::default()
            },
            "eva",
            at(3),
        )
        .expect("update");
    let away = store
        .changed_while_away(id, "ana")
        .expect("away")
        .expect("there is news");
    assert_eq!(
        away.by
            .iter()
            .map(|b| b.author.as_str())
            .collect::<Vec<_>>(),
        ["eva"]
    );
    let runs = |tag| {
        away.segments
            .iter()
            .filter(|s| s.tag == tag)
            .map(|s| s.text.trim().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(runs(newsroom_core::DiffTag::Insert), ["appeared."]);
    assert_eq!(runs(newsroom_core::DiffTag::Delete), ["was not seen."]);
    let written_by: Vec<_> = away
        .segments
        .iter()
        .filter(|s| s.tag == newsroom_core::DiffTag::Insert)
        .map(|s| s.author.as_deref())
        .collect();
    assert_eq!(written_by, [Some("eva")], "each run names who wrote it");

    store.mark_body_seen(id, "ana", at(4)).expect("seen");
    assert_eq!(store.changed_while_away(id, "ana").expect("away"), None);
}

#[test]
fn text_others_took_out_names_who_took_it_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(&dir);
    let id = story(&mut store);
    store.mark_body_seen(id, "ana", at(1)).expect("seen");

    // Bo's copy (his laptop, offline) takes out the first sentence's "North Korean "; Eva, on
    // the command line here, takes out the last paragraph. Bo's change arrives after.
    let mut bos_copy = editor_copy(&store, id);
    let bos_change = bos_copy
        .set_text(&STORY.replace("North Korean ", ""))
        .expect("changed");
    store
        .update_article(
            id,
            ArticlePatch {
                body: Some(STORY.replace("\n\nThe talks in Malmö go on.", "")),
                ..ArticlePatch::default()
            },
            "eva",
            at(2),
        )
        .expect("update");
    store
        .apply_body_change(id, &bos_change, RevisionKind::Update, "bo", at(3))
        .expect("merges");
    assert_eq!(
        store.article(id).expect("read").content.body,
        "Seoul (TT) – soldiers crossed the line.\n\nKim Jong-un was not seen."
    );

    let away = store
        .changed_while_away(id, "ana")
        .expect("away")
        .expect("there is news");
    let deleted: Vec<(String, Option<&str>)> = away
        .segments
        .iter()
        .filter(|s| s.tag == newsroom_core::DiffTag::Delete)
        .map(|s| (s.text.trim().to_owned(), s.author.as_deref()))
        .collect();
    assert_eq!(
        deleted,
        [
            ("North Korean".to_owned(), Some("bo")),
            ("The talks in Malmö go on.".to_owned(), Some("eva")),
        ],
        "each deleted run names who took it out"
    );

    // Once everyone who saw the story has seen past them, the removals are let go.
    let path = store.path().to_owned();
    let removals = || -> i64 {
        rusqlite::Connection::open(&path)
            .expect("open")
            .query_row("SELECT count(*) FROM body_removals", [], |row| row.get(0))
            .expect("count")
    };
    assert_eq!(removals(), 2);
    store.mark_body_seen(id, "ana", at(4)).expect("seen");
    assert_eq!(removals(), 0);
}

#[test]
fn the_doctor_finds_a_story_whose_text_is_not_its_document() {
    let dir = tempfile::tempdir().expect("tempdir");
    let id = {
        let mut store = open(&dir);
        story(&mut store)
    };
    let report = newsroom_store::maintenance::doctor(dir.path()).expect("doctor");
    assert!(report.text_not_document.is_empty());
    assert!(report.is_healthy());

    // A write that went around the store (another tool, a bad restore by hand).
    let conn =
        rusqlite::Connection::open(dir.path().join(newsroom_store::DATABASE_FILE)).expect("open");
    conn.execute(
        "UPDATE articles SET body = 'changed behind the document' WHERE id = ?1",
        [id.to_string()],
    )
    .expect("tampered");
    let report = newsroom_store::maintenance::doctor(dir.path()).expect("doctor");
    assert_eq!(report.text_not_document, [id]);
    assert!(!report.is_healthy());
}
