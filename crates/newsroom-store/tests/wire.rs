//! Wire copy on the real database: a draft with its attribution from an agency's item, every
//! version kept beside the story, bad files refused one by one, and related stories.

mod support;

use chrono::Utc;
use newsroom_store::{ImportOutcome, Store};
use uuid::Uuid;

fn standards(path: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/standards")
        .join(path)
}

fn desk() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = support::as_admin(Store::open(&dir.path().join("data")).expect("open"));
    (dir, store)
}

fn created(outcome: &ImportOutcome) -> Uuid {
    match outcome {
        ImportOutcome::Created { article_id, .. } => *article_id,
        other => panic!("expected a new draft, got {other:?}"),
    }
}

#[test]
fn a_tt_item_becomes_a_draft_by_tt_with_the_translation_note_and_the_original_kept() {
    let (_dir, mut store) = desk();
    store.set_newsroom_name("Newsroom Daily").expect("name");
    let outcome = store.import_wire_file(
        &standards("ninjs/examples/tt_text_image_2.json"),
        newsroom_store::files::Links::Follow,
        "Ana",
        Utc::now(),
        &newsroom_store::no_fetch,
    );
    let id = created(&outcome);
    let article = store.article(id).expect("draft");
    assert_eq!(article.content.byline, "TT");
    assert_eq!(
        article.content.editors_note,
        "This article has been altered and translated by Newsroom Daily."
    );
    assert_eq!(
        article.content.headline,
        "Militärövning i jätteformat hålls 2023"
    );
    assert_eq!(article.content.language, "sv");
    assert!(article.content.body.starts_with("Pandemin satte stopp"));
    // The picture is on TT's server: named, with its credit, not silently dropped.
    assert!(
        outcome.message().contains("Karl Melander/TT"),
        "{}",
        outcome.message()
    );
    let source = store
        .wire_source(id)
        .expect("source")
        .expect("from the wire");
    assert_eq!(source.newest.item.agency, "TT");
    assert_eq!(
        source.newest.item.uri,
        "http://tt.se/media/text/210526-militarovning-a0f2d045"
    );
    assert_eq!(source.versions, [1]);
    assert!(source.changes.is_none());
    assert_eq!(
        source.newest.item.subjects[0].name,
        "Krig, konflikter och oroligheter"
    );
    let written_here = store
        .create_article(&Default::default(), "Ana", Utc::now())
        .expect("a")
        .id;
    assert!(store.wire_source(written_here).expect("none").is_none());
}

#[test]
fn a_newer_version_is_kept_beside_the_story_and_never_touches_the_text() {
    let (dir, mut store) = desk();
    let original = std::fs::read_to_string(standards("ninjs/examples/ntb_text.json")).expect("ntb");
    let first = dir.path().join("ntb-v6.json");
    std::fs::write(&first, &original).expect("write");
    let id = created(&store.import_wire_file(
        &first,
        newsroom_store::files::Links::Follow,
        "Ana",
        Utc::now(),
        &newsroom_store::no_fetch,
    ));
    // The journalist translates.
    let article = store.article(id).expect("a");
    let mut translated = article.content.clone();
    translated.headline = "Google has bought a giant plot in Skien".into();
    store
        .save_article(
            id,
            article.version,
            &translated,
            newsroom_core::RevisionKind::Autosave,
            "Ana",
            Utc::now(),
        )
        .expect("save");

    let again = store.import_wire_file(
        &first,
        newsroom_store::files::Links::Follow,
        "Ana",
        Utc::now(),
        &newsroom_store::no_fetch,
    );
    assert!(
        matches!(again, ImportOutcome::AlreadyImported { version: 6, .. }),
        "{again:?}"
    );
    let newer = dir.path().join("ntb-v7.json");
    std::fs::write(
        &newer,
        original
            .replace("\"version\": \"6\"", "\"version\": \"7\"")
            .replace("Google har kjøpt", "Google har nå kjøpt"),
    )
    .expect("write");
    let updated = store.import_wire_file(
        &newer,
        newsroom_store::files::Links::Follow,
        "Ana",
        Utc::now(),
        &newsroom_store::no_fetch,
    );
    assert!(
        matches!(
            updated,
            ImportOutcome::Updated {
                previous_version: 6,
                version: 7,
                ..
            }
        ),
        "{updated:?}"
    );
    assert!(updated.message().contains("your text is unchanged"));
    assert_eq!(
        store.article(id).expect("a").content.headline,
        "Google has bought a giant plot in Skien"
    );
    let source = store.wire_source(id).expect("s").expect("wire");
    assert_eq!(source.versions, [6, 7]);
    let changes = source.changes.expect("what changed in the original");
    assert!(
        changes
            .iter()
            .any(|s| s.tag == newsroom_core::DiffTag::Insert && s.text.contains("nå")),
        "{changes:?}"
    );
    // An older version after a newer one changes nothing.
    let older = store.import_wire_file(
        &first,
        newsroom_store::files::Links::Follow,
        "Ana",
        Utc::now(),
        &newsroom_store::no_fetch,
    );
    assert!(matches!(older, ImportOutcome::AlreadyImported { .. }));
}

#[test]
fn bad_files_are_refused_one_message_each_and_never_half_imported() {
    let (dir, mut store) = desk();
    let folder = dir.path().join("wire");
    std::fs::create_dir(&folder).expect("folder");
    let good = std::fs::read_to_string(standards("ninjs/examples/ntb_text.json")).expect("ntb");
    for n in 0..1_000 {
        let file = folder.join(format!("item-{n:04}.json"));
        if n % 100 == 7 {
            std::fs::write(&file, "{\"uri\": \"broken").expect("write");
        } else {
            std::fs::write(
                &file,
                good.replace("urn:8d19cf88", &format!("urn:item-{n}")),
            )
            .expect("write");
        }
    }
    let huge = folder.join("huge.json");
    std::fs::File::create(&huge)
        .and_then(|f| f.set_len(21 * 1024 * 1024))
        .expect("sparse");
    let laughs = folder.join("laughs.xml");
    std::fs::write(
        &laughs,
        r#"<?xml version="1.0"?><!DOCTYPE l [<!ENTITY l "l">]><newsItem guid="x">&l;</newsItem>"#,
    )
    .expect("write");

    let mut outcomes = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    for file in &files {
        outcomes.push(store.import_wire_file(
            file,
            newsroom_store::files::Links::Follow,
            "Ana",
            Utc::now(),
            &newsroom_store::no_fetch,
        ));
    }
    let refused: Vec<String> = outcomes
        .iter()
        .filter(|o| matches!(o, ImportOutcome::Refused { .. }))
        .map(ImportOutcome::message)
        .collect();
    assert_eq!(refused.len(), 12, "{refused:#?}");
    assert!(refused
        .iter()
        .any(|m| m.starts_with("huge.json") && m.contains("over 20 MB")));
    assert!(refused
        .iter()
        .any(|m| m.starts_with("laughs.xml") && m.contains("DTD")));
    assert!(refused
        .iter()
        .any(|m| m.starts_with("item-0007.json") && m.contains("damaged")));
    let made = outcomes
        .iter()
        .filter(|o| matches!(o, ImportOutcome::Created { .. }))
        .count();
    assert_eq!(made, 990);
    let list = store
        .list_articles(&newsroom_store::ListFilter::default(), 2_000, 0)
        .expect("list");
    assert_eq!(
        list.len(),
        990,
        "exactly one draft per good file, nothing half-made"
    );
}

#[test]
fn related_stories_are_picked_in_order_and_never_the_story_itself() {
    let (_dir, mut store) = desk();
    let story = |store: &mut Store, headline: &str| {
        store
            .create_article(
                &newsroom_core::ArticleContent {
                    headline: headline.into(),
                    body: "word ".repeat(450),
                    ..Default::default()
                },
                "Ana",
                Utc::now(),
            )
            .expect("a")
            .id
    };
    let main = story(&mut store, "Main");
    let first = story(&mut store, "First related");
    let second = story(&mut store, "Second related");
    store
        .set_related(main, &[second, main, first], Utc::now())
        .expect("pick");
    let related = store.related(main).expect("related");
    assert_eq!(
        related
            .iter()
            .map(|r| r.headline.as_str())
            .collect::<Vec<_>>(),
        ["Second related", "First related"]
    );
    assert_eq!(related[0].reading_minutes, 3);
    store.trash_article(second, Utc::now()).expect("trash");
    assert_eq!(
        store.related(main).expect("r").len(),
        1,
        "a story in the Trash is not shown"
    );
}

/// A ninjs item in `folder` whose pictures are at `hrefs`.
fn item_with_pictures(folder: &std::path::Path, name: &str, hrefs: &[&str]) -> std::path::PathBuf {
    let associations: serde_json::Map<String, serde_json::Value> = hrefs
        .iter()
        .enumerate()
        .map(|(index, href)| {
            (
                format!("picture{index:03}"),
                serde_json::json!({"type": "picture", "renditions": {"original": {"href": href}}}),
            )
        })
        .collect();
    let path = folder.join(name);
    std::fs::write(
        &path,
        serde_json::json!({"uri": format!("urn:test:{name}"), "headline": "Strike ends",
            "body_text": "Dockworkers went back.", "associations": associations})
        .to_string(),
    )
    .expect("write item");
    path
}

#[cfg(unix)]
#[test]
fn the_watched_folder_reads_regular_files_and_pictures_stay_inside_the_items_folder() {
    use newsroom_store::files::Links;
    let (dir, mut store) = desk();
    let inbox = dir.path().join("inbox");
    let outside = dir.path().join("private");
    std::fs::create_dir_all(&inbox).expect("inbox");
    std::fs::create_dir_all(&outside).expect("private");
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/photos/photo-plain.png");
    std::fs::copy(&fixture, outside.join("secret.png")).expect("copy");
    std::fs::copy(&fixture, inbox.join("own.png")).expect("copy");
    // A link to a file outside, a folder link out, and a link to a device.
    std::os::unix::fs::symlink(outside.join("secret.png"), inbox.join("link.png")).expect("ln");
    std::os::unix::fs::symlink(&outside, inbox.join("pictures")).expect("ln");
    std::os::unix::fs::symlink("/dev/zero", inbox.join("zero.png")).expect("ln");
    let item = item_with_pictures(
        &inbox,
        "item.json",
        &["link.png", "pictures/secret.png", "zero.png", "own.png"],
    );
    let outcome = store.import_wire_file(
        &item,
        Links::Refuse,
        "wire folder",
        Utc::now(),
        &newsroom_store::no_fetch,
    );
    let ImportOutcome::Created {
        article_id,
        pictures_left_out,
        ..
    } = &outcome
    else {
        panic!("{outcome:?}");
    };
    assert_eq!(pictures_left_out.len(), 3, "{pictures_left_out:?}");
    for name in ["link.png", "pictures/secret.png", "zero.png"] {
        assert!(
            pictures_left_out.iter().any(|line| line.contains(name)),
            "{name}: {pictures_left_out:?}"
        );
    }
    assert_eq!(store.article_photos(*article_id).expect("photos").len(), 1);

    // The watched folder's files themselves: a FIFO and a link to /dev/zero are refused at once.
    let fifo = inbox.join("fifo.json");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo")
        .success());
    std::os::unix::fs::symlink("/dev/zero", inbox.join("zero.json")).expect("ln");
    std::os::unix::fs::symlink(&item, inbox.join("again.json")).expect("ln");
    let started = std::time::Instant::now();
    for name in ["fifo.json", "zero.json", "again.json"] {
        let outcome = store.import_wire_file(
            &inbox.join(name),
            Links::Refuse,
            "wire folder",
            Utc::now(),
            &newsroom_store::no_fetch,
        );
        assert!(
            matches!(&outcome, ImportOutcome::Refused { reason, .. } if reason.contains("not an ordinary file")),
            "{name}: {outcome:?}"
        );
    }
    assert!(started.elapsed().as_secs() < 5);
}

#[test]
fn an_item_brings_at_most_thirty_pictures() {
    let (dir, mut store) = desk();
    let hrefs: Vec<String> = (0..40).map(|i| format!("missing-{i}.jpg")).collect();
    let hrefs: Vec<&str> = hrefs.iter().map(String::as_str).collect();
    let item = item_with_pictures(dir.path(), "many.json", &hrefs);
    let outcome = store.import_wire_file(
        &item,
        newsroom_store::files::Links::Follow,
        "Ana",
        Utc::now(),
        &newsroom_store::no_fetch,
    );
    let ImportOutcome::Created {
        pictures_left_out, ..
    } = &outcome
    else {
        panic!("{outcome:?}");
    };
    assert_eq!(pictures_left_out.len(), 40);
    assert_eq!(
        pictures_left_out
            .iter()
            .filter(|line| line.contains("at most 30 pictures"))
            .count(),
        10
    );
}
