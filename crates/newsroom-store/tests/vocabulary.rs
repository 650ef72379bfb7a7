//! Sections and tags against a real SQLite file: what editors and reporters rely on.

mod support;

use chrono::{DateTime, TimeDelta, Utc};
use newsroom_core::vocabulary::{VocabularySection, VocabularyTag};
use newsroom_core::{ArticleContent, ValidationError, VocabularyFile};
use newsroom_store::{ListFilter, Store, StoreError};
use uuid::Uuid;

fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_764_000_000, 0).unwrap_or_default() + TimeDelta::seconds(seconds)
}

fn desk() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = support::as_admin(Store::open(dir.path()).expect("open"));
    (dir, store)
}

fn article(store: &mut Store, headline: &str) -> Uuid {
    let content = ArticleContent {
        headline: headline.into(),
        ..ArticleContent::default()
    };
    store
        .create_article(&content, "ana", at(0))
        .expect("create")
        .id
}

fn section(store: &Store, slug: &str) -> Uuid {
    store
        .find_section(slug)
        .expect("find")
        .expect("section exists")
        .id
}

fn names(store: &Store) -> Vec<String> {
    store
        .sections(false)
        .expect("sections")
        .into_iter()
        .map(|s| {
            if s.parent_id.is_some() {
                format!("  {}", s.name)
            } else {
                s.name
            }
        })
        .collect()
}

#[test]
fn the_first_start_creates_the_sites_sections_in_tree_order() {
    let (_dir, store) = desk();
    assert_eq!(
        names(&store),
        [
            "Sweden",
            "Living",
            "World",
            "Business",
            "Sports",
            "  Soccer",
            "  Ice hockey",
            "  Tennis",
            "Entertainment"
        ]
    );
    assert_eq!(
        store
            .find_section("sports")
            .expect("find")
            .and_then(|s| s.media_topic)
            .as_deref(),
        Some("medtop:15000000")
    );
}

#[test]
fn editors_add_rename_reorder_and_retire_sections() {
    let (_dir, mut store) = desk();
    let sports = section(&store, "sports");
    let golf = store
        .create_section("Golf", Some(sports), "")
        .expect("create");
    assert_eq!(golf.slug, "golf");
    assert_eq!(golf.position, 3);
    store.move_section(golf.id, 0).expect("move");
    store
        .rename_section(section(&store, "living"), "Life & style")
        .expect("rename");
    let culture = store
        .create_section("Culture", None, "medtop:01000000")
        .expect("create");
    store
        .set_section_retired(section(&store, "sweden"), true, at(1))
        .expect("retire");
    assert_eq!(
        names(&store),
        [
            "Life & style",
            "World",
            "Business",
            "Sports",
            "  Golf",
            "  Soccer",
            "  Ice hockey",
            "  Tennis",
            "Entertainment",
            "Culture"
        ]
    );
    assert_eq!(culture.media_topic.as_deref(), Some("medtop:01000000"));
    assert_eq!(
        store.sections(true).expect("all").len(),
        11,
        "retired sections are kept"
    );
    assert!(matches!(
        store.create_section("Deeper", Some(golf.id), ""),
        Err(StoreError::Invalid(ValidationError::SectionDepth))
    ));
}

#[test]
fn duplicate_and_bad_section_names_are_refused_with_a_reason() {
    let (_dir, mut store) = desk();
    let err = store
        .create_section("SWEDÉN", None, "")
        .expect_err("duplicate");
    assert_eq!(
        err.to_string(),
        "There is already a section called \"Sweden\"."
    );
    assert!(store
        .create_section("   ", None, "")
        .expect_err("empty")
        .to_string()
        .contains("needs a name"));
    assert!(store
        .create_section("Sport", None, "sport")
        .expect_err("code")
        .to_string()
        .contains("Media Topic"));
    let tennis = store
        .create_section("Tennis", None, "")
        .expect("a top-level Tennis beside Sports › Tennis");
    assert_eq!(tennis.slug, "tennis-2", "slugs stay unique site-wide");
}

#[test]
fn a_section_in_use_is_not_deleted_but_can_be_retired_and_the_article_keeps_it() {
    let (_dir, mut store) = desk();
    let id = article(&mut store, "Ukraine: First North Korean soldiers in combat");
    let world = section(&store, "world");
    store
        .set_article_sections(id, Some(world), &[section(&store, "sweden")], at(1))
        .expect("file");

    let err = store.delete_section(world).expect_err("in use");
    assert!(
        err.to_string().contains("used by 1 article(s)")
            && err.to_string().contains("Retire it instead"),
        "{err}"
    );
    store
        .set_section_retired(world, true, at(2))
        .expect("retire");
    assert!(store
        .sections(false)
        .expect("pickers")
        .iter()
        .all(|s| s.id != world));
    assert_eq!(
        store.article_filing(id).expect("filing").primary_section,
        Some(world)
    );

    let err = store
        .delete_section(section(&store, "sports"))
        .expect_err("has children");
    assert!(err.to_string().contains("3 sub-section(s)"), "{err}");
    let living = section(&store, "living");
    store
        .delete_section(living)
        .expect("unused section deleted");
    assert!(store.find_section("living").expect("find").is_none());
}

#[test]
fn tags_are_found_ignoring_case_and_accents_and_by_any_word() {
    let (_dir, mut store) = desk();
    let id = article(&mut store, "Malmö");
    for name in ["Malmö", "North Korea", "Ukraine", "Russia"] {
        store.add_article_tag(id, name, at(1)).expect("tag");
    }
    let found = |typed: &str| -> Vec<String> {
        store
            .suggest_tags(typed, 10)
            .expect("suggest")
            .into_iter()
            .map(|t| t.name)
            .collect()
    };
    assert_eq!(found("malmo"), ["Malmö"]);
    assert_eq!(found("MAL"), ["Malmö"]);
    assert_eq!(found("korea"), ["North Korea"], "a later word of the name");
    assert_eq!(found("n"), ["North Korea"]);
    assert!(found("").is_empty());
}

#[test]
fn adding_a_tag_that_exists_under_another_spelling_reuses_it() {
    let (_dir, mut store) = desk();
    let first = article(&mut store, "One");
    let second = article(&mut store, "Two");
    store
        .add_article_tag(first, "North Korea", at(1))
        .expect("tag");
    let filing = store
        .add_article_tag(second, "  north   KOREA ", at(2))
        .expect("tag");
    assert_eq!(filing.tags[0].name, "North Korea");
    assert_eq!(store.tags().expect("tags").len(), 1);
    assert_eq!(store.tags().expect("tags")[0].usage, 2);
    let again = store
        .add_article_tag(second, "North Korea", at(3))
        .expect("same tag twice");
    assert_eq!(again.tags.len(), 1);
}

#[test]
fn bad_tags_are_refused_and_every_script_works() {
    let (_dir, mut store) = desk();
    let id = article(&mut store, "Tags");
    assert!(store
        .add_article_tag(id, &"x".repeat(500), at(1))
        .expect_err("long")
        .to_string()
        .contains("500 characters"));
    assert!(store
        .add_article_tag(id, " \t", at(1))
        .expect_err("empty")
        .to_string()
        .contains("needs a name"));
    assert!(store
        .add_article_tag(id, "Kyiv\u{7}", at(1))
        .expect_err("control")
        .to_string()
        .contains("control character"));
    for name in ["🇺🇦 Ukraina", "أوكرانيا", "Göteborg"] {
        store.add_article_tag(id, name, at(1)).expect(name);
    }
    let filing = store.article_filing(id).expect("filing");
    let tags: Vec<&str> = filing.tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        tags,
        ["🇺🇦 Ukraina", "أوكرانيا", "Göteborg"],
        "in the order added"
    );
    assert!(filing.tags.iter().all(|t| !t.slug.is_empty()));
}

#[test]
fn the_tag_limit_is_enforced_and_configurable() {
    let (_dir, mut store) = desk();
    let id = article(&mut store, "Limited");
    assert_eq!(store.max_tags().expect("default"), 10);
    store.set_max_tags(2).expect("set");
    store.add_article_tag(id, "One", at(1)).expect("1");
    store.add_article_tag(id, "Two", at(1)).expect("2");
    let err = store.add_article_tag(id, "Three", at(1)).expect_err("3");
    assert_eq!(
        err.to_string(),
        "An article can carry at most 2 tags; remove one first."
    );
    let two = store.find_tag("Two").expect("find").expect("exists");
    store.remove_article_tag(id, two.id, at(2)).expect("remove");
    store
        .add_article_tag(id, "Three", at(3))
        .expect("room again");
}

#[test]
fn renaming_and_merging_tags_carries_every_article_along() {
    let (_dir, mut store) = desk();
    let a = article(&mut store, "A");
    let b = article(&mut store, "B");
    store.add_article_tag(a, "N. Korea", at(1)).expect("tag");
    store.add_article_tag(b, "N. Korea", at(1)).expect("tag");
    store.add_article_tag(b, "North Korea", at(1)).expect("tag");
    let from = store.find_tag("N. Korea").expect("find").expect("exists");
    let into = store
        .find_tag("north korea")
        .expect("find")
        .expect("exists");

    let err = store.rename_tag(from.id, "NORTH KOREA").expect_err("taken");
    assert_eq!(
        err.to_string(),
        "There is already a tag called \"North Korea\"."
    );

    let merged = store.merge_tags(from.id, into.id).expect("merge");
    assert_eq!(merged.usage, 2);
    assert!(store.find_tag("N. Korea").expect("find").is_none());
    assert_eq!(
        store.article_filing(b).expect("filing").tags.len(),
        1,
        "no doubled tag"
    );

    store.rename_tag(into.id, "DPRK").expect("rename");
    assert_eq!(
        store.article_filing(a).expect("filing").tags[0].name,
        "DPRK"
    );
}

#[test]
fn the_list_filters_by_section_with_sub_sections_and_by_tag() {
    let (_dir, mut store) = desk();
    let soccer_story = article(&mut store, "Derby tonight");
    let world_story = article(&mut store, "Summit");
    store
        .set_article_sections(soccer_story, Some(section(&store, "soccer")), &[], at(1))
        .expect("file");
    store
        .set_article_sections(world_story, Some(section(&store, "world")), &[], at(1))
        .expect("file");
    store
        .add_article_tag(world_story, "NATO", at(2))
        .expect("tag");

    let headlines = |filter: ListFilter| -> Vec<String> {
        store
            .list_articles(&filter, 50, 0)
            .expect("list")
            .into_iter()
            .map(|a| a.headline)
            .collect()
    };
    assert_eq!(
        headlines(ListFilter {
            section: Some(section(&store, "sports")),
            ..ListFilter::default()
        }),
        ["Derby tonight"]
    );
    assert_eq!(
        headlines(ListFilter {
            section: Some(section(&store, "soccer")),
            ..ListFilter::default()
        }),
        ["Derby tonight"]
    );
    let nato = store.find_tag("nato").expect("find").expect("exists").id;
    assert_eq!(
        headlines(ListFilter {
            tag: Some(nato),
            ..ListFilter::default()
        }),
        ["Summit"]
    );
    let counts: Vec<(String, u32)> = store
        .sections(false)
        .expect("sections")
        .into_iter()
        .map(|s| (s.slug, s.article_count))
        .collect();
    assert!(
        counts.contains(&("world".to_owned(), 1)) && counts.contains(&("soccer".to_owned(), 1))
    );
}

#[test]
fn vocabularies_travel_between_desks_and_imports_merge_by_slug() {
    let (_a, mut first) = desk();
    let sports = section(&first, "sports");
    first
        .create_section("Golf", Some(sports), "")
        .expect("create");
    let id = article(&mut first, "Tagged");
    first.add_article_tag(id, "Malmö", at(1)).expect("tag");
    let file = first.export_vocabularies().expect("export");
    let json = serde_json::to_string(&file).expect("json");

    let (_b, mut second) = desk();
    second
        .rename_section(section(&second, "world"), "International")
        .expect("rename");
    let parsed: VocabularyFile = serde_json::from_str(&json).expect("parse");
    let report = second.import_vocabularies(&parsed, at(2)).expect("import");
    assert_eq!(report.sections_added, ["golf"]);
    assert_eq!(report.sections_updated, ["world"], "the shared name wins");
    assert_eq!(report.tags_added, ["malmo"]);
    assert_eq!(second.export_vocabularies().expect("export"), file);
    let again = second
        .import_vocabularies(&parsed, at(3))
        .expect("import again");
    assert!(
        again.sections_added.is_empty()
            && again.sections_updated.is_empty()
            && again.tags_added.is_empty()
    );
}

#[test]
fn a_bad_vocabulary_file_imports_nothing() {
    let (_dir, mut store) = desk();
    let before = store.export_vocabularies().expect("export");
    let half_bad = VocabularyFile {
        format: 1,
        sections: vec![VocabularySection {
            slug: "culture".into(),
            name: "Culture".into(),
            parent: None,
            position: 9,
            media_topic: None,
            retired: false,
        }],
        tags: vec![
            VocabularyTag {
                slug: "ukraine".into(),
                name: "Ukraine".into(),
                media_topic: None,
            },
            VocabularyTag {
                slug: "empty".into(),
                name: "   ".into(),
                media_topic: None,
            },
        ],
    };
    assert!(store.import_vocabularies(&half_bad, at(1)).is_err());
    assert_eq!(
        store.export_vocabularies().expect("export"),
        before,
        "not half-imported"
    );

    let future = VocabularyFile {
        format: 2,
        ..before
    };
    assert_eq!(store.import_vocabularies(&future, at(1)).expect_err("format").to_string(), "This vocabulary file is format 2; this version of Newsroom reads format 1. Nothing was imported.");
    let orphan = VocabularyFile {
        format: 1,
        sections: vec![VocabularySection {
            slug: "padel".into(),
            name: "Padel".into(),
            parent: Some("racket-sports".into()),
            position: 0,
            media_topic: None,
            retired: false,
        }],
        tags: vec![],
    };
    assert!(store
        .import_vocabularies(&orphan, at(1))
        .expect_err("orphan")
        .to_string()
        .contains("racket-sports"));
    assert!(
        serde_json::from_str::<VocabularyFile>(r#"{"format":1,"sections":[],"tags":[],"extra":1}"#)
            .is_err(),
        "unknown fields refused"
    );
    // A slug that is not one (it would travel into every export as it is), or a long one.
    for slug in [
        "North Korea".to_owned(),
        "<b>korea</b>".to_owned(),
        "korea\nx".to_owned(),
        "k".repeat(5_000),
    ] {
        let file = VocabularyFile {
            format: 1,
            sections: vec![],
            tags: vec![
                VocabularyTag {
                    slug: "fine".into(),
                    name: "Fine".into(),
                    media_topic: None,
                },
                VocabularyTag {
                    slug: slug.clone(),
                    name: "Korea".into(),
                    media_topic: None,
                },
            ],
        };
        let err = store
            .import_vocabularies(&file, at(1))
            .expect_err("not a slug")
            .to_string();
        assert!(
            err.contains("is not a slug") && err.ends_with("Nothing was imported."),
            "{err}"
        );
        assert!(
            store.find_tag("Fine").expect("find").is_none(),
            "all or nothing"
        );
    }
}

#[test]
fn sections_and_tags_carry_media_topic_codes() {
    let (_dir, mut store) = desk();
    let soccer = store
        .set_section_media_topic(section(&store, "soccer"), "20001065")
        .expect("set");
    assert_eq!(soccer.media_topic.as_deref(), Some("medtop:20001065"));
    let id = article(&mut store, "Tagged");
    store.add_article_tag(id, "Ukraine", at(1)).expect("tag");
    let ukraine = store.find_tag("ukraine").expect("find").expect("exists");
    assert!(store
        .set_tag_media_topic(ukraine.id, "war")
        .expect_err("refused")
        .to_string()
        .contains("medtop:"));
    assert_eq!(
        store
            .set_tag_media_topic(ukraine.id, "medtop:16000000")
            .expect("set")
            .media_topic
            .as_deref(),
        Some("medtop:16000000")
    );
    assert_eq!(
        store
            .set_tag_media_topic(ukraine.id, "")
            .expect("clear")
            .media_topic,
        None
    );
    let file = store.export_vocabularies().expect("export");
    assert_eq!(
        file.sections
            .iter()
            .find(|s| s.slug == "soccer")
            .and_then(|s| s.media_topic.as_deref()),
        Some("medtop:20001065")
    );
}
