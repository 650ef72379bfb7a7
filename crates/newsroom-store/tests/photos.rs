//! Photos in the real SQLite file and data folder: stored once, credits kept, the library, the
//! clean-up, and what the page and pre-flight make of them.

use chrono::Utc;
use newsroom_core::photo::{MetadataSource, PhotoField};
use newsroom_core::preflight::Severity;
use newsroom_core::render::RenderOptions;
use newsroom_core::{ArticleContent, RevisionKind};
use newsroom_store::photos::{load_photo_file, prepare_photo};
use newsroom_store::{LeadChoice, PhotoAddress, PhotoFile, Store, StoreError};
use uuid::Uuid;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/photos/");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}{name}")).expect("fixture")
}

fn desk() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("open");
    (dir, store)
}

fn article(store: &mut Store, headline: &str) -> Uuid {
    let content = ArticleContent {
        headline: headline.into(),
        ..ArticleContent::default()
    };
    store
        .create_article(&content, "reporter", Utc::now())
        .expect("create")
        .id
}

fn attach(store: &mut Store, article: Uuid, name: &str, bytes: Vec<u8>, lead: LeadChoice) -> Uuid {
    let prepared = prepare_photo(name, bytes).expect("a good photo");
    store
        .attach_photo(article, &prepared, name, lead, "reporter", Utc::now())
        .expect("attach")
        .photo
        .id
}

/// The fixture with `n` bytes after its end: another file (another sha256), the same picture.
fn variant(name: &str, n: usize) -> Vec<u8> {
    let mut bytes = fixture(name);
    bytes.extend(std::iter::repeat_n(0u8, n));
    bytes
}

fn files_under(dir: &std::path::Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|entry| {
            if entry.path().is_dir() {
                files_under(&entry.path())
            } else {
                1
            }
        })
        .sum()
}

#[test]
fn the_same_file_is_stored_once_and_what_was_typed_survives_attaching_it_again() {
    let (dir, mut store) = desk();
    let first = article(&mut store, "Kazan");
    let second = article(&mut store, "Brics");
    let id = attach(
        &mut store,
        first,
        "kazan.jpg",
        fixture("photo-iptc-iim.jpg"),
        LeadChoice::LeadIfNone,
    );
    store
        .set_photo_field(id, PhotoField::Credit, Some("TT Nyhetsbyrån"), Utc::now())
        .expect("typed");

    let prepared = prepare_photo("copy.jpg", fixture("photo-iptc-iim.jpg")).expect("good");
    let again = store
        .attach_photo(
            second,
            &prepared,
            "copy.jpg",
            LeadChoice::LeadIfNone,
            "editor",
            Utc::now(),
        )
        .expect("attach again");
    assert!(again.reused);
    assert_eq!(again.photo.id, id, "the same bytes are the same photo");
    assert_eq!(again.photo.metadata.credit.value, "TT Nyhetsbyrån");
    assert_eq!(
        again.photo.metadata.credit.source,
        Some(MetadataSource::Typed)
    );
    assert_eq!(
        again.photo.metadata.credit.in_file[0].value, "Officiell pool via AP/TT",
        "the file's value is still known"
    );
    assert_eq!(again.photo.used_by, 2);
    let originals = dir.path().join("photos/originals");
    assert_eq!(files_under(&originals), 1, "one original on disk");
    let (path, _) = store.photo_file(id, PhotoFile::Original).expect("original");
    assert_eq!(
        std::fs::read(path).expect("read"),
        fixture("photo-iptc-iim.jpg"),
        "kept byte for byte"
    );
}

#[test]
fn an_article_has_one_lead_photo_at_most() {
    let (_dir, mut store) = desk();
    let story = article(&mut store, "Kazan");
    let a = attach(
        &mut store,
        story,
        "a.jpg",
        fixture("photo-iptc-iim.jpg"),
        LeadChoice::LeadIfNone,
    );
    let b = attach(
        &mut store,
        story,
        "b.jpg",
        fixture("photo-xmp-only.jpg"),
        LeadChoice::LeadIfNone,
    );
    let leads = |store: &Store| -> Vec<Uuid> {
        store
            .article_photos(story)
            .expect("photos")
            .into_iter()
            .filter(|p| p.is_lead)
            .map(|p| p.photo.id)
            .collect()
    };
    assert_eq!(
        leads(&store),
        [a],
        "the first becomes the lead photo, the second does not"
    );
    let c = attach(
        &mut store,
        story,
        "c.png",
        fixture("photo-plain.png"),
        LeadChoice::Lead,
    );
    assert_eq!(leads(&store), [c], "an explicit lead replaces the old one");
    store
        .set_lead_photo(story, Some(b), Utc::now())
        .expect("set");
    assert_eq!(leads(&store), [b]);
    assert_eq!(
        store.article_photos(story).expect("photos")[0].photo.id,
        b,
        "the lead photo is listed first"
    );
    store.set_lead_photo(story, None, Utc::now()).expect("none");
    assert!(leads(&store).is_empty());
    let stranger = Uuid::now_v7();
    assert!(matches!(
        store.set_lead_photo(story, Some(stranger), Utc::now()),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn clean_up_removes_only_photos_no_article_uses() {
    let (dir, mut store) = desk();
    let first = article(&mut store, "One");
    let second = article(&mut store, "Two");
    let shared = attach(
        &mut store,
        first,
        "shared.jpg",
        fixture("photo-iptc-iim.jpg"),
        LeadChoice::LeadIfNone,
    );
    attach(
        &mut store,
        second,
        "shared.jpg",
        fixture("photo-iptc-iim.jpg"),
        LeadChoice::LeadIfNone,
    );
    let in_text = attach(
        &mut store,
        first,
        "seoul.jpg",
        fixture("photo-xmp-only.jpg"),
        LeadChoice::NotLead,
    );
    let dropped = attach(
        &mut store,
        first,
        "plain.png",
        fixture("photo-plain.png"),
        LeadChoice::NotLead,
    );

    // The text keeps showing one photo after it is removed from the panel.
    let mut content = store.article(first).expect("article").content;
    content.body = format!("Text.\n\n![Seoul](photo:{in_text})\n");
    let version = store.article(first).expect("article").version;
    store
        .save_article(
            first,
            version,
            &content,
            RevisionKind::Autosave,
            "reporter",
            Utc::now(),
        )
        .expect("save");
    for photo in [shared, in_text, dropped] {
        store
            .detach_photo(first, photo, Utc::now())
            .expect("detach");
    }

    let report = store.clean_up_unused_photos().expect("clean up");
    assert_eq!(report.removed, 1, "only the photo nobody uses goes");
    assert_eq!(report.bytes_freed, 20_449);
    assert!(matches!(
        store.photo(dropped),
        Err(StoreError::NotFound { .. })
    ));
    assert_eq!(store.photo(shared).expect("kept").used_by, 1);
    assert!(store.photo(in_text).is_ok(), "still shown in the text");
    assert_eq!(files_under(&dir.path().join("photos/originals")), 2);
    assert_eq!(store.photo_library("", 0, 50).expect("library").total, 2);

    // What a crash between a file and its row left behind goes too, once it is old enough not
    // to be another process's attach in progress; kept files stay.
    let shard = dir.path().join("photos/originals/ff");
    std::fs::create_dir_all(&shard).expect("folder");
    let stray = shard.join("ffff.jpg");
    let partial = shard.join("ab.jpg.partial");
    let fresh = shard.join("eeee.jpg");
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for (path, bytes) in [(&stray, &b"left by a crash"[..]), (&partial, b"half")] {
        let file = std::fs::File::create(path).expect("create");
        std::io::Write::write_all(&mut &file, bytes).expect("write");
        file.set_modified(an_hour_ago).expect("age it");
    }
    std::fs::write(&fresh, b"being attached").expect("write");
    let report = store.clean_up_unused_photos().expect("clean up");
    assert_eq!((report.removed, report.bytes_freed), (0, 19));
    assert!(!stray.exists() && !partial.exists());
    assert!(
        fresh.exists(),
        "a file written moments ago may be an attach in progress"
    );
    std::fs::remove_file(&fresh).expect("remove");
    assert_eq!(files_under(&dir.path().join("photos/originals")), 2);
    assert_eq!(files_under(&dir.path().join("photos/renditions")), 4);
}

#[test]
fn the_library_is_searched_by_caption_credit_and_photographer_as_they_read_now() {
    let (_dir, mut store) = desk();
    let story = article(&mut store, "Library");
    let kazan = attach(
        &mut store,
        story,
        "kazan.jpg",
        fixture("photo-iptc-iim.jpg"),
        LeadChoice::LeadIfNone,
    );
    let seoul = attach(
        &mut store,
        story,
        "seoul.jpg",
        fixture("photo-xmp-only.jpg"),
        LeadChoice::LeadIfNone,
    );
    for n in 0..30 {
        attach(
            &mut store,
            story,
            "plain.png",
            variant("photo-plain.png", n + 1),
            LeadChoice::NotLead,
        );
    }
    let hits = |store: &Store, query: &str| -> Vec<Uuid> {
        store
            .photo_library(query, 0, 100)
            .expect("search")
            .photos
            .into_iter()
            .map(|p| p.id)
            .collect()
    };
    assert_eq!(hits(&store, "zemlianichenko"), [kazan]);
    assert_eq!(hits(&store, "Brics Kazan"), [kazan], "caption words");
    assert_eq!(hits(&store, "young-joon"), [seoul]);
    store
        .set_photo_field(
            seoul,
            PhotoField::Credit,
            Some("Nyhetsbyrån Åland"),
            Utc::now(),
        )
        .expect("typed");
    assert_eq!(
        hits(&store, "nyhetsbyran aland"),
        [seoul],
        "typed values, accents folded"
    );

    let page = store.photo_library("", 10, 10).expect("page");
    assert_eq!(page.total, 32);
    assert_eq!(page.photos.len(), 10);
    assert_eq!(
        store
            .photo_library("", 30, 10)
            .expect("last page")
            .photos
            .len(),
        2
    );
}

#[test]
fn a_refused_file_leaves_the_article_as_it_was() {
    let (dir, mut store) = desk();
    let story = article(&mut store, "Untouched");
    let before = store.article(story).expect("article");
    let fake = dir.path().join("holiday.jpg");
    std::fs::write(&fake, b"%PDF-1.7").expect("write");
    let message = load_photo_file(&fake)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert_eq!(
        message,
        "\"holiday.jpg\" was not attached: it is not a JPEG, PNG or WebP photo. The article is unchanged."
    );
    let missing = load_photo_file(&dir.path().join("gone.jpg"))
        .err()
        .map(|e| e.to_string());
    assert!(missing.is_some_and(|m| m.contains("the file does not exist")));

    // 60 MB is refused from its size alone, before it is read.
    let huge = dir.path().join("huge.jpg");
    std::fs::File::create(&huge)
        .and_then(|f| f.set_len(60 * 1024 * 1024))
        .expect("sparse file");
    let message = load_photo_file(&huge)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        message.contains("it is 60 MB; the most the desk takes is 50 MB"),
        "{message}"
    );

    let after = store.article(story).expect("article");
    assert_eq!(after.version, before.version);
    assert!(store.article_photos(story).expect("photos").is_empty());
    assert_eq!(store.photo_library("", 0, 10).expect("library").total, 0);
}

#[test]
fn typed_values_are_checked_and_can_go_back_to_the_file() {
    let (_dir, mut store) = desk();
    let story = article(&mut store, "Fields");
    let id = attach(
        &mut store,
        story,
        "kazan.jpg",
        fixture("photo-iptc-iim.jpg"),
        LeadChoice::LeadIfNone,
    );
    assert!(matches!(
        store.set_photo_field(id, PhotoField::Credit, Some("AP\u{7}TT"), Utc::now()),
        Err(StoreError::Invalid(_))
    ));
    assert!(store
        .set_photo_field(
            id,
            PhotoField::Caption,
            Some("Line one\nline two"),
            Utc::now()
        )
        .is_ok());
    assert!(matches!(
        store.set_photo_field(id, PhotoField::Creator, Some(&"x".repeat(501)), Utc::now()),
        Err(StoreError::Invalid(_))
    ));
    let typed = store
        .set_photo_field(id, PhotoField::Creator, Some(""), Utc::now())
        .expect("cleared");
    assert_eq!(
        typed.credit_line.as_deref(),
        Some("Photo: Officiell pool via AP/TT")
    );
    let back = store
        .set_photo_field(id, PhotoField::Creator, None, Utc::now())
        .expect("back to the file");
    assert_eq!(
        back.credit_line.as_deref(),
        Some("Photo: Alexander Zemlianichenko/Officiell pool via AP/TT")
    );
}

#[test]
fn the_page_and_preflight_see_the_photos() {
    let (dir, mut store) = desk();
    let story = article(&mut store, "Putin does not deny it");
    let lead = attach(
        &mut store,
        story,
        "kazan.jpg",
        fixture("photo-iptc-iim.jpg"),
        LeadChoice::LeadIfNone,
    );
    let inline = attach(
        &mut store,
        story,
        "seoul.jpg",
        fixture("photo-xmp-only.jpg"),
        LeadChoice::NotLead,
    );
    let gone = Uuid::now_v7();
    let content = ArticleContent {
        headline: "Putin does not deny it".into(),
        body: format!("Text.\n\n![Seoul](photo:{inline})\n\n![Old](photo:{gone})\n"),
        ..ArticleContent::default()
    };
    let page = store
        .preview_page(
            story,
            &content,
            RenderOptions::default(),
            &PhotoAddress::App("photo://localhost/".into()),
        )
        .expect("page");
    assert!(page.contains(&format!("src=\"photo://localhost/{lead}/display\"")));
    assert!(page.contains("Photo: Alexander Zemlianichenko/Officiell pool via AP/TT"));
    assert!(page.contains(&format!("src=\"photo://localhost/{inline}/display\"")));
    assert!(page.contains("[Missing photo: Old]"));

    // Saved next to the desk, the page points at the display picture on disk.
    let local = store
        .preview_page(
            story,
            &content,
            RenderOptions::default(),
            &PhotoAddress::LocalFile,
        )
        .expect("page");
    assert!(
        local.contains(&format!("src=\"file://{}", dir.path().display())),
        "{local}"
    );

    let findings = store
        .preflight(story, &content, Utc::now())
        .expect("preflight");
    let messages: Vec<_> = findings.iter().map(|f| f.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m
                .contains("\"Vladimir Putin at the final press conference of …\" has no alt text")),
        "{messages:?}"
    );
    assert!(
        findings
            .iter()
            .any(|f| f.severity == Severity::Blocker && f.message.contains(&gone.to_string())),
        "a photo the library lost blocks: {messages:?}"
    );
    assert!(
        !messages.iter().any(|m| m.contains("Two men")),
        "the Seoul photo has credit and alt text"
    );
}

#[test]
fn lost_renditions_are_made_again_from_the_original() {
    let (dir, mut store) = desk();
    let story = article(&mut store, "Renditions");
    let id = attach(
        &mut store,
        story,
        "plain.png",
        fixture("photo-plain.png"),
        LeadChoice::LeadIfNone,
    );
    std::fs::remove_dir_all(dir.path().join("photos/renditions")).expect("lose the cache");
    let (thumbnail, media_type) = store
        .photo_file(id, PhotoFile::Thumbnail)
        .expect("made again");
    assert!(thumbnail.exists());
    assert_eq!(
        media_type.mime(),
        "image/jpeg",
        "an opaque PNG gets a JPEG thumbnail"
    );
}
